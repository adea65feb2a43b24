"""The one place where the Fava pages call the report functions of the CLI.

Every call the pages make into ``finsam_accounts.statements`` and
``finsam_accounts.followup`` goes through this module, so a change of their API changes
one file here and nothing else in the Fava package.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from finsam_accounts.annual.document import AnnualDocument
from finsam_accounts.books import Books
from finsam_accounts.followup.units import Unit
from finsam_accounts.render.charts import drawn
from finsam_accounts.render.overview_chart import add_overview
from finsam_accounts.render.report import Report
from finsam_accounts.statements import annual_report
from finsam_accounts.statements.annual_report import Statements
from finsam_accounts.statements.engine import Row


def annual(
    books: Books, year: int, folder: Path | None
) -> tuple[Report, Statements, AnnualDocument]:
    """The annual report of ``year`` as ``finsam arsredovisning`` makes it: every statement
    and note and trappan, the exact rows they were made from (for the drill-down), and the
    document's texts (förvaltningsberättelse, principles, signatures) from the ledger's
    folder."""
    from finsam_accounts.annual.document import assemble

    result = annual_report.annual(None, books, year)
    report = annual_report.report_of(result, books)
    add_overview(report, books, year, result.figures)
    document = assemble(
        books, year, folder or Path("."), result.frames(), result.figures, result.spec,
    )
    return report, result, document


def trappan_report(books: Books, year: int, title: str) -> Report:
    """The trappan section of the annual report of ``year``, as a report of its own."""
    report = Report(title=title, organisation=str(books.options.get("title") or ""), year=year)
    annual_report.add_trappan(report, books, datetime.date(year, 12, 31))
    return report


def followup(
    books: Books, date: datetime.date, unit: Unit | None = None
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

    check_date(books.fiscal_years, date)
    spec = spec_for(books)
    figures = follow_up(books, date, spec)
    report = drawn(build(books, date, unit=unit, columns=figures))
    columns = wanted(figures)
    period = year_to_date(date)
    rows = {
        "uppfoljning": engine_rows(followup_statement(spec), books, period, columns),
        "prognos_verksamhet": engine_rows(activity_statement(spec), books, period, columns),
    }
    return report, rows


def insatser(books: Books, date: datetime.date, unit: Unit | None = None) -> Report:
    """The insatser at ``date`` (as ``finsam insatser``)."""
    from finsam_accounts.followup.report import build_insatser

    return build_insatser(books, date, unit)


def interim(
    books: Books, date: datetime.date, folder: Path | None, unit: Unit | None = None
) -> tuple[Report, list[Statements]]:
    """The interim report at ``date`` (as ``finsam delarsrapport``), with the economist's
    text from the ledger's folder when there is one, and the exact rows of its income
    statement and balance sheet (for the drill-down; the report does not keep them), all
    from one summing pass."""
    from finsam_accounts.followup.interim import build_with_statements, text_file

    source = text_file(folder or Path("."), date)
    text = source.read_text(encoding="utf-8") if folder and source.is_file() else None
    return build_with_statements(books, date, text, source.name, require_text=False, unit=unit)
