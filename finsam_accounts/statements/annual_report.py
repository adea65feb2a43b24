"""The annual report of a year: every statement of the specification, reconciled.

:func:`statements` sums the ledger once, checks coverage of every statement, runs the
engine and the reconciliations, and returns the exact frames; :func:`build` presents them
(each figure rounded on its own) as a :class:`~finsam_accounts.render.report.Report`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from beancount.core import data

from finsam_accounts import trappan
from finsam_accounts.money import round_kr
from finsam_accounts.render.report import Report
from finsam_accounts.statements import reconcile
from finsam_accounts.statements.engine import (
    StatementError,
    chart_problems,
    coverage_problems,
    present,
    run,
)
from finsam_accounts.statements.figures import Figures, collect
from finsam_accounts.statements.spec import Specification, Statement


class NoTransactionsError(ValueError):
    """The requested year has no transactions in the ledger."""


def figures_for(
    spec: Specification,
    entries: list[data.Directive],
    options: Mapping[str, object],
    year: int,
) -> Figures:
    offsets = {c.offset for s in spec.statements for c in s.columns}
    figures = collect(entries, options, year, offsets)
    if figures.period(year) is None:
        raise NoTransactionsError(f"bokföringen har inga verifikationer för {year}")
    return figures


def statements(
    spec: Specification,
    entries: list[data.Directive],
    options: Mapping[str, object],
    year: int,
) -> dict[str, pd.DataFrame]:
    """Exact frames of every statement; raises StatementError or ReconciliationError."""
    figures = figures_for(spec, entries, options, year)
    problems = chart_problems(figures)
    for statement in spec.statements:
        problems.extend(coverage_problems(statement, figures))
    if problems:
        raise StatementError(problems)
    frames = {s.id: run(s, figures) for s in spec.statements}
    reconcile.check(spec, frames, figures)
    return frames


def build(
    spec: Specification,
    entries: list[data.Directive],
    options: Mapping[str, object],
    year: int,
) -> Report:
    """The presented report: one section per statement, in the specification's order."""
    frames = statements(spec, entries, options, year)
    report = Report(
        title=spec.title.format(year=year),
        organisation=str(options.get("title") or ""),
        year=year,
        subtitle=spec.subtitle.format(year=year),
        intro=spec.intro.format(year=year),
    )
    for statement in spec.statements:
        add_statement(report, statement, present(statement, year, frames[statement.id]), year,
                      spec.notes_heading)
    add_trappan(report, entries, options, year)
    return report


TRAPPAN_KR = ("eget kapital", "bas", "gräns", "marginal")
PERCENT = Decimal("0.1")


def add_trappan(
    report: Report, entries: list[data.Directive], options: Mapping[str, object], year: int
) -> None:
    """The equity guideline section (trappan.csv): year ends, opening and budget projection.

    Left out when the ledger declares no trappan table (``finsam check`` warns about that).
    """
    if not trappan.tables(entries):
        return
    exact = trappan.report_frame(entries, dict(options), year)
    table = pd.DataFrame({"rad": exact["avser"], "datum": exact["datum"].map(str)})
    for column in TRAPPAN_KR:
        table[column] = exact[column].map(round_kr)
    table["marginal %"] = exact["marginal %"].map(
        lambda v: v.quantize(PERCENT, rounding=ROUND_HALF_UP)
    )
    table["status"] = exact["status"]
    text = trappan.table_description(entries, datetime.date(year, 12, 31), with_location=False)
    report.add("trappan", "Eget kapital och trappan", table, text)


def add_statement(
    report: Report, statement: Statement, table: pd.DataFrame, year: int, notes_heading: str
) -> None:
    """Append a presented statement: sums bold, line sections as HTML headings."""
    line_ids = [str(row_id).split(".", 1)[0] for row_id in table.index]
    strong = frozenset(i for i, ln in enumerate(line_ids) if statement.line(ln).is_sum)
    sections = tuple(statement.line(ln).section for ln in line_ids)
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
