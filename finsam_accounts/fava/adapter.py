"""The one place where the Fava pages call the statements engine.

Every call the pages make into ``finsam_accounts.statements`` goes through this module,
so a change of the engine's API changes one file here and nothing else in the Fava
package.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from beancount.core import data

from finsam_accounts.render.report import Report
from finsam_accounts.statements import annual_report
from finsam_accounts.statements.annual_report import Statements


def annual(
    entries: Sequence[data.Directive], options: Mapping[str, Any], year: int
) -> tuple[Report, Statements]:
    """The annual report of ``year`` (every statement and note, and trappan, as the CLI
    writes it) and the exact rows it was made from (for the drill-down)."""
    result = annual_report.annual(None, entries, options, year)
    return annual_report.report_of(result, entries, options), result


def trappan_report(
    entries: Sequence[data.Directive], options: Mapping[str, Any], year: int, title: str
) -> Report:
    """The trappan section of the annual report of ``year``, as a report of its own."""
    report = Report(title=title, organisation=str(options.get("title") or ""), year=year)
    annual_report.add_trappan(report, entries, options, datetime.date(year, 12, 31))
    return report
