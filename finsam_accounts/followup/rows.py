"""The follow-up's rows, from the statements engine: one specification, one set of sums.

The utfall/budget statement of the annual report gives the lines, sections, signs,
rubrik expansion and sums; the follow-up only supplies other columns (per-account dicts
from :mod:`finsam_accounts.followup.columns`). :func:`engine_rows` is the one place that
calls the engine, so a change of the engine's interface is adapted here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal

from finsam_accounts.errors import ReportError, plain_error
from finsam_accounts.ledger import AccountInfo
from finsam_accounts.money import ZERO
from finsam_accounts.statements import engine
from finsam_accounts.statements.engine import Row
from finsam_accounts.statements.figures import Figures, Period
from finsam_accounts.statements.spec import Specification, Statement

FOLLOWUP_STATEMENT = "utfall_budget"
ACTIVITY_STATEMENT = "driftsredovisning"

Amounts = Mapping[str, Decimal]


def followup_statement(spec: Specification) -> Statement:
    """The statement whose lines the follow-up reports: the utfall/budget table."""
    return spec.statement(FOLLOWUP_STATEMENT)


def activity_statement(spec: Specification) -> Statement:
    """The result per activity: the driftsredovisning's lines that sum postings."""
    statement = spec.statement(ACTIVITY_STATEMENT)
    lines = tuple(
        line for line in statement.lines
        if line.is_sum or all(t.measure == "movement" for t in line.terms)
    )
    return replace(statement, lines=lines)


def result_line(spec: Specification) -> str:
    """The id of the follow-up statement's result line (the reconciliation role)."""
    (role,) = spec.roles["budget_result"]
    return role.split(".", 1)[1]


def _evaluate(
    statement: Statement, accounts: Mapping[str, AccountInfo], year: int, amounts: Amounts
) -> tuple[list[Row], str]:
    """The engine's rows with ``amounts`` as the statement's actual column."""
    figures = _figures(accounts, year, amounts)
    actual = next(c for c in statement.columns if c.kind == "actual" and c.offset == 0)
    return engine.evaluate(statement, figures), actual.id


def _figures(accounts: Mapping[str, AccountInfo], year: int, amounts: Amounts) -> Figures:
    period = Period(year, {}, dict(amounts), {})
    return Figures(year, accounts, {year: period}, {}, {}, [], {})


def engine_rows(
    statement: Statement,
    accounts: Mapping[str, AccountInfo],
    year: int,
    columns: Mapping[str, Amounts | None],
) -> list[Row]:
    """The statement's rows with one value per column id (None for a column without data).

    The rows shown are those with a figure in any column; an account with a figure that
    no line covers, or several do, is an error (nothing is reported then).
    """
    present = {
        account: Decimal(1)
        for amounts in columns.values() if amounts
        for account, value in amounts.items() if value
    }
    figures = _figures(accounts, year, present)
    problems = engine.chart_problems(figures) + engine.coverage_problems(statement, figures)
    if problems:
        raise ReportError([plain_error(p) for p in problems])
    shape, _ = _evaluate(statement, accounts, year, present)
    by_column: dict[str, dict[tuple[str, str], Decimal | None]] = {}
    for column_id, amounts in columns.items():
        if amounts is not None:
            rows, actual = _evaluate(statement, accounts, year, amounts)
            by_column[column_id] = {(r.line.id, r.label): r.values[actual] for r in rows}
    return [
        Row(row.id, row.line, row.label, {
            column_id: None if amounts is None
            else by_column[column_id].get((row.line.id, row.label), ZERO)
            for column_id, amounts in columns.items()
        })
        for row in shape
    ]


def rows_with(
    statement: Statement,
    accounts: Mapping[str, AccountInfo],
    year: int,
    account: str,
) -> set[tuple[str, str]]:
    """The (line id, label) of the account lines (not sums) that report ``account``."""
    rows, actual = _evaluate(statement, accounts, year, {account: Decimal(1)})
    return {(r.line.id, r.label) for r in rows if not r.line.is_sum and r.values[actual]}
