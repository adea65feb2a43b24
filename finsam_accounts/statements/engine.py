"""One engine for every statement: a specification applied to the figures of a year.

:func:`run` returns a DataFrame of exact Decimals (None where a column has no data: no
previous year, no budget). Sums and differences are taken on these exact values;
:func:`present` then rounds each figure on its own, to kr or tkr.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from finsam_accounts.ledger import AccountInfo
from finsam_accounts.money import ZERO, round_kr, round_tkr
from finsam_accounts.statements.figures import Figures
from finsam_accounts.statements.spec import COMPONENTS, Column, Line, Statement, Term

LABEL_COLUMN = "rad"
Values = dict[str, Decimal | None]


class StatementError(ValueError):
    """Accounts a statement does not cover, or covers twice; one message per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Row:
    """One printed row: a line, or one label group of an expanded line."""

    id: str
    line: Line
    label: str
    values: Values = field(default_factory=dict)


# ---------------------------------------------------------------------------- running


def run(statement: Statement, figures: Figures) -> pd.DataFrame:
    """The statement's rows with exact values; raises StatementError on a coverage gap."""
    problems = coverage_problems(statement, figures)
    if problems:
        raise StatementError(problems)
    return to_frame(statement, figures.year, evaluate(statement, figures))


def evaluate(statement: Statement, figures: Figures) -> list[Row]:
    """Every row of the statement, value columns first, then the differences."""
    value_columns = [c for c in statement.columns if c.kind != "difference"]
    totals: dict[str, Values] = {}
    rows: list[Row] = []
    for line in statement.lines:
        if line.is_sum:
            totals[line.id] = {c.id: _sum(totals[ref][c.id] for ref in line.sum)
                               for c in value_columns}
            rows.append(Row(line.id, line, line.label, dict(totals[line.id])))
            continue
        totals[line.id] = _line_totals(line, value_columns, figures)
        if line.expand:
            rows.extend(_expanded_rows(line, _groups(line, figures), value_columns, figures))
        else:
            rows.append(Row(line.id, line, line.label, dict(totals[line.id])))
    for row in rows:
        for column in statement.columns:
            if column.of:
                row.values[column.id] = _difference(row.values, *column.of)
    return rows


def _line_totals(line: Line, columns: list[Column], figures: Figures) -> Values:
    accounts = list(figures.accounts.values())
    totals: Values = {
        c.id: _sum(_term_value(t, selected(t, accounts), c, line, figures) for t in line.terms)
        for c in columns
    }
    if line.budget == "budget-eget-kapital":
        for column in columns:
            if column.kind == "budget":
                totals[column.id] = figures.equity_budgets.get(figures.year + column.offset)
    return totals


Group = list[tuple[Term, list[AccountInfo]]]


def _groups(line: Line, figures: Figures) -> dict[str, Group]:
    """The line's accounts per label (``rubrik``)."""
    groups: dict[str, Group] = {}
    for term in line.terms:
        for account in selected(term, figures.accounts.values()):
            group = groups.setdefault(account.label, [])
            if not group or group[-1][0] is not term:
                group.append((term, []))
            group[-1][1].append(account)
    return groups


def _expanded_rows(
    line: Line, groups: Mapping[str, Group], columns: list[Column], figures: Figures
) -> list[Row]:
    """One row per label that has a figure in a shown column, ordered by lowest number."""
    rows: list[tuple[str, Row]] = []
    for label, group in groups.items():
        shown = any(
            value
            for term, accounts in group
            for account in accounts
            for column in columns
            if (value := _term_value(term, [account], column, line, figures))
        )
        if not shown:
            continue
        values = {c.id: _sum(_term_value(t, a, c, line, figures) for t, a in group)
                  for c in columns}
        lowest = min(a.number for _, accounts in group for a in accounts)
        rows.append((lowest, Row("", line, label, values)))
    rows.sort(key=lambda item: item[0])
    for index, (_, row) in enumerate(rows, start=1):
        row.id = f"{line.id}.{index}"
    return [row for _, row in rows]


def _term_value(
    term: Term, accounts: list[AccountInfo], column: Column, line: Line, figures: Figures
) -> Decimal | None:
    """Signed sum of the accounts' figures for one column; None if the column has no data."""
    year = figures.year + column.offset
    if column.kind == "actual":
        period = figures.period(year)
        if period is None:
            return None
        return term.sign * _total(period.value(a.name, term.measure) for a in accounts)
    budget = figures.budget(year)
    if budget is None or line.budget != "accounts" or term.measure not in ("movement", "change"):
        return None
    return term.sign * _total(budget.get(a.name, ZERO) for a in accounts)


def selected(term: Term, accounts: Iterable[AccountInfo]) -> list[AccountInfo]:
    """Accounts with a Kommun-Bas number that the term's selector picks."""
    return [a for a in accounts if a.number and term.selector.matches(a)]


def _total(values: Iterable[Decimal]) -> Decimal:
    total = ZERO
    for value in values:
        total += value
    return total


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    """Exact sum; None if any part is None (a column without data stays empty)."""
    total = ZERO
    for value in values:
        if value is None:
            return None
        total += value
    return total


def _difference(values: Values, left: str, right: str) -> Decimal | None:
    a, b = values.get(left), values.get(right)
    return None if a is None or b is None else a - b


# ---------------------------------------------------------------------------- coverage


def coverage_problems(statement: Statement, figures: Figures) -> list[str]:
    """Accounts in the statement's ranges with a figure that no line, or several, cover.

    An account's closing balance has two parts, the opening balance and the movement; the
    statement's measure says which it reports, and each part with a non-zero figure in a
    shown year (or a budget) must be covered by exactly one line.
    """
    problems: list[str] = []
    for account in sorted(figures.accounts.values(), key=lambda a: (a.number, a.name)):
        if not account.number or not any(s.matches(account) for s in statement.covers):
            continue
        for component in sorted(COMPONENTS[statement.measure]):
            if not _has_figure(account, component, statement, figures):
                continue
            lines = [
                line.id
                for line in statement.lines
                for term in line.terms
                if term.cover and component in COMPONENTS[term.measure]
                and term.selector.matches(account)
            ]
            if len(lines) != 1:
                problems.append(_coverage_message(statement, account, component, lines))
    return problems


def _has_figure(
    account: AccountInfo, component: str, statement: Statement, figures: Figures
) -> bool:
    years = {figures.year + c.offset for c in statement.columns if c.kind == "actual"}
    if any((p := figures.period(y)) and p.component(account.name, component) for y in years):
        return True
    if component != "movement" or not statement.has_budget:
        return False
    budget_years = {figures.year + c.offset for c in statement.columns if c.kind == "budget"}
    return any((b := figures.budget(y)) and b.get(account.name) for y in budget_years)


def _coverage_message(
    statement: Statement, account: AccountInfo, component: str, lines: list[str]
) -> str:
    part = "ingående balans" if component == "opening" else "rörelse"
    what = f"{statement.title}: konto {account.number} ({account.name}), {part},"
    if not lines:
        return f"{what} täcks inte av någon rad"
    return f"{what} täcks av flera rader: {', '.join(lines)}"


def chart_problems(figures: Figures) -> list[str]:
    """Figures that no statement can place: accounts without a number, unknown budgets."""
    problems: list[str] = []
    for period in figures.periods.values():
        for name in sorted({*period.opening, *period.movement}):
            info = figures.accounts.get(name)
            if (period.opening.get(name) or period.movement.get(name)) and not (
                info and info.number
            ):
                problems.append(f"konto {name} har belopp {period.year} men inget kontonummer (nr)")
    for year, budget in figures.budgets.items():
        for name in sorted(budget):
            info = figures.accounts.get(name)
            if budget[name] and not (info and info.number):
                problems.append(f"budget {year} för {name}: kontot finns inte i kontoplanen")
    return sorted(set(problems))


# ---------------------------------------------------------------------------- frames


def to_frame(statement: Statement, year: int, rows: list[Row]) -> pd.DataFrame:
    """Rows as a DataFrame indexed by line id: label columns, then one column per period."""
    records = []
    for row in rows:
        record: dict[str, object] = {}
        if statement.section_column:
            record[statement.section_column] = row.line.section
        record[LABEL_COLUMN] = row.label
        if statement.note_column:
            record[statement.note_column] = row.line.note
        for column in statement.columns:
            record[column.title(year)] = row.values.get(column.id)
        records.append(record)
    columns = [*label_columns(statement), *(c.title(year) for c in statement.columns)]
    frame = pd.DataFrame.from_records(records, columns=columns, index=[r.id for r in rows])
    return frame.astype(object)


def label_columns(statement: Statement) -> list[str]:
    columns = [statement.section_column, LABEL_COLUMN, statement.note_column]
    return [c for c in columns if c]


def present(statement: Statement, year: int, frame: pd.DataFrame) -> pd.DataFrame:
    """Round each figure on its own (kr or tkr, half away from zero)."""
    rounder = round_tkr if statement.unit == "tkr" else round_kr
    shown = frame.copy()
    for column in statement.columns:
        title = column.title(year)
        rounded = [None if v is None else rounder(v) for v in frame[title]]
        shown[title] = pd.Series(rounded, index=frame.index, dtype=object)
    return shown.astype(object)
