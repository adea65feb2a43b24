"""The one place where the Fava pages call the statements engine.

The engine is being reworked (periods instead of years); every call the pages make into
``finsam_accounts.statements`` goes through this module, so that rework changes one file
here and nothing else in the Fava package.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from beancount.core import data

from finsam_accounts.render.report import Report
from finsam_accounts.statements import annual_report
from finsam_accounts.statements.spec import Specification, load_spec


@cache
def specification() -> Specification:
    """The shipped specification of the statements (read once per process)."""
    return load_spec()


def annual(entries: list[data.Directive], options: Mapping[str, object], year: int) -> Report:
    """The annual report of ``year``: every statement and note, and trappan (as the CLI's)."""
    return annual_report.build(specification(), entries, options, year)


def trappan_report(
    entries: list[data.Directive], options: Mapping[str, object], year: int, title: str
) -> Report:
    """The trappan section of the annual report of ``year``, as a report of its own."""
    report = Report(title=title, organisation=str(options.get("title") or ""), year=year)
    annual_report.add_trappan(report, entries, options, year)
    return report
