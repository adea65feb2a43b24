"""The statements of a request, reconciled; the annual report is one such request.

:func:`compute` sums the ledger once for the request's periods, checks that every account
with a figure is covered, runs the engine for every statement and the reconciliations, and
returns the exact :class:`Statements`. :func:`build` presents the annual report of a year
(each figure rounded on its own) as a :class:`~finsam_accounts.report.Report`.
Every failure is a :class:`~finsam_accounts.errors.ReportError` listing what is wrong.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from finsam_accounts import trappan
from finsam_accounts.books import Books
from finsam_accounts.errors import FinsamError, ReportError, plain_error
from finsam_accounts.periods import Period, calendar_year
from finsam_accounts.report import Report, headings
from finsam_accounts.statements import reconcile
from finsam_accounts.statements.engine import (
    ColumnData,
    Row,
    coverage_errors,
    present,
    run,
    to_frame,
    uncovered_errors,
)
from finsam_accounts.statements.figures import Figures, collect
from finsam_accounts.statements.request import Request
from finsam_accounts.statements.spec import Specification, Statement, spec_for

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Statements:
    """The exact rows of every statement of a request, reconciled."""

    spec: Specification
    request: Request
    figures: Figures
    tables: Mapping[str, list[Row]]

    def value(self, statement_id: str, line_id: str, column_id: str) -> Decimal | None:
        """One exact figure, by statement, line id and column id."""
        for row in self.tables[statement_id]:
            if row.id == line_id:
                return row.values.get(column_id)
        raise KeyError(f"{statement_id}.{line_id}")

    def frame(self, statement_id: str) -> pd.DataFrame:
        return to_frame(self.spec.statement(statement_id), self.tables[statement_id])

    def frames(self) -> dict[str, pd.DataFrame]:
        return {s.id: self.frame(s.id) for s in self.spec.statements}


def compute(
    spec: Specification | None,
    books: Books,
    request: Request,
    extra: Mapping[str, Mapping[str, ColumnData | None]] | None = None,
    also: Sequence[Period] = (),
    sums: Figures | None = None,
) -> Statements:
    """Every statement of ``spec`` (default: the books' own or the shipped one) for a
    request; raises ReportError with every problem found, so nothing gets written.

    ``sums``: a report's one summing pass (:func:`summed`) that holds this request's
    periods among others; else the request's periods (and ``also``) are summed here."""
    spec = spec_for(books) if spec is None else spec.with_activities(books.activities)
    if request.period.start.year not in books.fiscal_years:
        years = ", ".join(str(y) for y in books.fiscal_years) or "inga"
        raise ReportError([plain_error(
            f"{request.period.label} ligger inte i bokföringens räkenskapsår ({years})")])
    # ``also``: more periods summed in the same pass (trappan's earlier year ends).
    figures = summed(spec, books, [request], also) if sums is None else sums
    errors: list[FinsamError] = uncovered_errors(spec.statements, request, figures)
    for statement in spec.statements:
        errors.extend(coverage_errors(statement, request, figures))
    if errors:
        raise ReportError(errors, "räkenskaperna täcker inte kontona, inget skrevs")
    tables = {
        s.id: run(s, request, figures, (extra or {}).get(s.id)) for s in spec.statements
    }
    result = Statements(spec, request, figures, tables)
    failed = reconcile.problems(spec, tables, request, figures)
    if failed:
        raise ReportError(failed, "avstämningen misslyckades, inget skrevs")
    return result


def summed(
    spec: Specification,
    books: Books,
    requests: Sequence[Request],
    also: Sequence[Period] = (),
) -> Figures:
    """The ledger summed once for every period of ``requests`` and ``also`` (with the
    budgets of the requests' budget columns); raises ReportError on a problem."""
    budget_periods = [
        p for request in requests for s in spec.statements for c in s.columns
        if c.kind == "budget" if (p := request.period_of(c)) is not None
    ]
    periods = [p for request in requests for p in request.periods()]
    return collect(books.entries, books, [*periods, *also], spec.liquid_funds, spec.fixed_assets,
                   budget_periods)


def annual(spec: Specification | None, books: Books, year: int) -> Statements:
    """The statements of the annual report of ``year``, with every fiscal year up to it
    and each insats's part of each year summed in the same pass (for trappan, the
    five-year overview and Uppföljning Finsam: :func:`year_periods`)."""
    return compute(spec, books, Request.annual(year), also=year_periods(books, year))


def year_periods(books: Books, year: int) -> list[Period]:
    """Every fiscal year up to ``year`` and each insats's part of each of them."""
    years = [y for y in books.fiscal_years if y <= year]
    parts = [p for y in years for i in books.insatser if (p := i.within(y)) is not None]
    return [*(calendar_year(y) for y in years), *parts]


def statements(spec: Specification | None, books: Books, year: int) -> dict[str, pd.DataFrame]:
    """Exact frames (indexed by line id, keyed by column id) of every statement of a year."""
    return annual(spec, books, year).frames()


def build(spec: Specification | None, books: Books, year: int) -> Report:
    """The presented annual report: one section per statement, then trappan."""
    return report_of(annual(spec, books, year), books)


def report_of(result: Statements, books: Books) -> Report:
    spec, request = result.spec, result.request
    period = request.period
    texts = {"year": period.year, "start": period.start.isoformat(),
             "end": period.end.isoformat(), "period": period.label}
    report = Report(
        title=spec.title.format(**texts),
        organisation=str(books.options.get("title") or ""),
        year=period.year,
        subtitle=spec.subtitle.format(**texts),
        intro=spec.intro.format(**texts),
    )
    for statement in spec.statements:
        table = present(statement, request, result.frame(statement.id))
        add_statement(report, statement, table, period.year, spec.notes_heading)
    add_trappan(report, books, period.end, result.figures)
    return report


TRAPPAN_KR = ("eget kapital", "bas", "gräns", "marginal")
PERCENT = Decimal("0.1")


def add_trappan(
    report: Report, books: Books, end: datetime.date, figures: Figures | None = None
) -> None:
    """The equity guideline section (trappan.csv): year ends, opening and budget projection.

    Left out when the ledger declares no trappan table (``finsam check`` warns about that).
    """
    import pandas as pd

    from finsam_accounts.money import round_kr

    if not books.trappan:
        return
    exact = trappan.report_frame(books, end.year, figures)
    table = pd.DataFrame({"rad": exact["avser"], "datum": exact["datum"].map(str)})
    for column in TRAPPAN_KR:
        table[column] = exact[column].map(round_kr)
    # No percentage of a zero base (no contributions booked): an empty cell, not a crash.
    table["marginal %"] = pd.Series(
        [None if v is None or v != v else v.quantize(PERCENT, rounding=ROUND_HALF_UP)
         for v in exact["marginal %"]], index=exact.index, dtype=object)
    table["status"] = exact["status"]
    text = trappan.table_description(books, end, with_location=False)
    report.add("trappan", "Eget kapital och trappan", table, text)


def add_statement(
    report: Report, statement: Statement, table: pd.DataFrame, year: int, notes_heading: str
) -> None:
    """Append a presented statement: sums bold, line sections as HTML headings."""
    line_ids = [str(row_id).split(".", 1)[0] for row_id in table.index]
    strong = frozenset(i for i, ln in enumerate(line_ids) if statement.line(ln).is_sum)
    sections = headings([statement.line(ln).section for ln in line_ids],
                        [statement.line(ln).is_sum for ln in line_ids])
    is_note = bool(statement.note)
    report.add(
        statement.id,
        f"Not {statement.note} {statement.title}" if is_note else statement.title,
        table.reset_index(drop=True),
        statement.text_for(year),
        strong=strong,
        groups=sections if any(sections) else (),
        hidden=(statement.section_column,) if statement.section_column else (),
        note_column=statement.note_column,
        anchor=f"not{statement.note}" if is_note else "",
        part=notes_heading if is_note else "",
        sheet=statement.sheet or (f"Not {statement.note}" if is_note else ""),
    )
