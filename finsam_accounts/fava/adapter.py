"""The one place where the Fava pages call the report functions of the CLI.

Every call the pages make into ``finsam_accounts.statements`` and
``finsam_accounts.followup`` goes through this module, so a change of their API changes
one file here and nothing else in the Fava package.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from beancount.core import data

from finsam_accounts import domain
from finsam_accounts.annual.document import AnnualDocument
from finsam_accounts.followup.insatser import Insats
from finsam_accounts.followup.units import Unit
from finsam_accounts.render.charts import drawn
from finsam_accounts.render.overview_chart import add_overview
from finsam_accounts.render.report import Report
from finsam_accounts.statements import annual_report
from finsam_accounts.statements.annual_report import Statements
from finsam_accounts.statements.engine import Row


def annual(
    entries: Sequence[data.Directive], options: Mapping[str, Any], year: int,
    folder: Path | None,
) -> tuple[Report, Statements, AnnualDocument]:
    """The annual report of ``year`` as ``finsam arsredovisning`` makes it: every statement
    and note and trappan, the exact rows they were made from (for the drill-down), and the
    document's texts (förvaltningsberättelse, principles, signatures) from the ledger's
    folder."""
    from finsam_accounts.annual.document import assemble

    result = annual_report.annual(None, entries, options, year)
    report = annual_report.report_of(result, entries, options)
    add_overview(report, entries, options, year, result.figures)
    document = assemble(
        entries, options, year, folder or Path("."), result.frames(), result.figures,
        result.spec,
    )
    return report, result, document


def trappan_report(
    entries: Sequence[data.Directive], options: Mapping[str, Any], year: int, title: str
) -> Report:
    """The trappan section of the annual report of ``year``, as a report of its own."""
    report = Report(title=title, organisation=str(options.get("title") or ""), year=year)
    annual_report.add_trappan(report, entries, options, datetime.date(year, 12, 31))
    return report


def followup(
    entries: Sequence[data.Directive], options: Mapping[str, Any], date: datetime.date,
    unit: Unit | None = None,
) -> tuple[Report, dict[str, list[Row]]]:
    """The budget follow-up at ``date`` (as ``finsam uppfoljning``), and the engine rows of
    its two statement tables (for the drill-down; the report does not keep them, so they
    are evaluated a second time here, the way the follow-up evaluates them, from the same
    follow-up figures, computed once)."""
    from finsam_accounts.followup.columns import follow_up
    from finsam_accounts.followup.report import build, check_date, wanted
    from finsam_accounts.followup.rows import activity_statement, engine_rows, followup_statement
    from finsam_accounts.periods import year_to_date
    from finsam_accounts.statements.spec import spec_for

    books = domain.of(entries, options)
    check_date(books.fiscal_years, date)
    spec = spec_for(books)
    figures = follow_up(entries, books, date, spec)
    report = drawn(build(entries, books, date, unit=unit, columns=figures))
    columns = wanted(figures)
    period = year_to_date(date)
    rows = {
        "uppfoljning": engine_rows(followup_statement(spec), books, period, columns),
        "prognos_verksamhet": engine_rows(activity_statement(spec), books, period, columns),
    }
    return report, rows


def insatser(entries: Sequence[data.Directive], options: Mapping[str, Any], date: datetime.date,
             unit: Unit | None = None) -> Report:
    """The insatser at ``date`` (as ``finsam insatser``)."""
    from finsam_accounts.followup.report import build_insatser

    return build_insatser(entries, domain.of(entries, options), date, unit)


def interim(
    entries: Sequence[data.Directive], options: Mapping[str, Any], date: datetime.date,
    folder: Path | None, unit: Unit | None = None,
) -> tuple[Report, list[Statements]]:
    """The interim report at ``date`` (as ``finsam delarsrapport``), with the economist's
    text from the ledger's folder when there is one, and the exact rows of its income
    statement and balance sheet (for the drill-down; the report does not keep them), all
    from one summing pass."""
    from finsam_accounts.followup.interim import build_with_statements, text_file

    source = text_file(folder or Path("."), date)
    text = source.read_text(encoding="utf-8") if folder and source.is_file() else None
    books = domain.of(entries, options)
    return build_with_statements(entries, books, date, text, source.name,
                                 require_text=False, unit=unit)


def grants(entries: Sequence[data.Directive]) -> list[Insats]:
    """The insatser the ledger declares (name, period, accounts)."""
    from finsam_accounts.followup.insatser import insatser as declared

    return declared(entries)
