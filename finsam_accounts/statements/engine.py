"""One engine for every statement: a specification applied to per-account column data.

The core, :func:`evaluate`, knows nothing of periods or budgets: each column is an object
with ``value(account, measure) -> Decimal | None`` (a period's sums, a budget, a forecast),
and the engine applies the statement's lines to it: selection by Kommun-Bas number and
activity, sign, measure, sums, expansion by ``rubrik``, differences. :func:`columns_for`
makes those objects for a :class:`~finsam_accounts.statements.request.Request`.

Values stay exact Decimals (None where a column has no data); :func:`present` rounds each
figure on its own, to kr or tkr. Frames are indexed by line id and keyed by column id; the
printed headers are only applied at the edge (:func:`present`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from finsam_accounts.conventions import AccountInfo
from finsam_accounts.errors import FinsamError, plain_error
from finsam_accounts.money import ZERO, round_kr, round_tkr
from finsam_accounts.statements.figures import Figures
from finsam_accounts.statements.request import Request
from finsam_accounts.statements.spec import COMPONENTS, Line, Selector, Statement, Term

if TYPE_CHECKING:
    import pandas as pd

LABEL_COLUMN = "rad"
Values = dict[str, Decimal | None]


class ColumnData(Protocol):
    """Per-account figures of one column."""

    @property
    def kind(self) -> str: ...

    def value(self, account: str, measure: str) -> Decimal | None: ...


@dataclass
class Row:
    """One printed row: a line, or one label group of an expanded line."""

    id: str
    line: Line
    label: str
    values: Values = field(default_factory=dict)
    accounts: tuple[str, ...] = ()  # the accounts behind the row (for drill-down)
    hidden: bool = False  # an optional line without figures: reconciled, not printed


Columns = Mapping[str, "ColumnData | None"]


# ---------------------------------------------------------------------------- core


def evaluate(
    statement: Statement, accounts: Mapping[str, AccountInfo], columns: Columns
) -> list[Row]:
    """Every row of the statement: value columns, then differences; optional blocks
    without any figure left out."""
    value_columns = [c.id for c in statement.columns if c.kind != "difference"]
    if statement.measure in ("balance_end", "balance_start"):
        columns = {k: _OpeningSheet.wrap(v) for k, v in columns.items()}
    infos = [a for a in accounts.values() if a.number]
    totals: dict[str, Values] = {}
    rows: list[Row] = []
    for line in statement.lines:
        if line.is_sum:
            totals[line.id] = {c: _sum(totals[ref][c] for ref in line.sum) for c in value_columns}
            rows.append(Row(line.id, line, line.label, dict(totals[line.id])))
            continue
        picked = [(t, selected(t, infos)) for t in line.terms]
        totals[line.id] = {
            c: _line_value(line, picked, columns.get(c)) for c in value_columns
        }
        names = tuple(sorted({a.name for _, accs in picked for a in accs}))
        if line.expand:
            rows.extend(_expanded_rows(line, picked, value_columns, columns))
        else:
            rows.append(Row(line.id, line, line.label, dict(totals[line.id]), names))
    rows = _merged_labels(_without_empty_blocks(rows, value_columns), value_columns)
    for row in rows:
        for column in statement.columns:
            if column.of:
                row.values[column.id] = _difference(row.values, *column.of)
    return rows


def _line_value(
    line: Line, picked: list[tuple[Term, list[AccountInfo]]], data: ColumnData | None
) -> Decimal | None:
    if data is None:
        return None
    if data.kind == "budget":
        if line.budget == "none":
            return None
        if line.budget == "budget-eget-kapital":
            return getattr(data, "equity", None)
    return _sum(_term_value(term, accounts, data) for term, accounts in picked)


def _term_value(
    term: Term, accounts: Iterable[AccountInfo], data: ColumnData | None
) -> Decimal | None:
    """Signed sum of the accounts' figures for one column; None if it has no data."""
    if data is None or data.value("", term.measure) is None:  # the column has no such data
        return None
    total = ZERO
    for account in accounts:
        value = data.value(account.name, term.measure)
        if value is None:
            return None
        total += value
    return term.sign * total


def _expanded_rows(
    line: Line,
    picked: list[tuple[Term, list[AccountInfo]]],
    value_columns: list[str],
    columns: Columns,
) -> list[Row]:
    """One row per label (``rubrik``) that has a figure in a column, by lowest number."""
    groups: dict[str, list[tuple[Term, list[AccountInfo]]]] = {}
    for term, accounts in picked:
        for account in accounts:
            group = groups.setdefault(account.label, [])
            if not group or group[-1][0] is not term:
                group.append((term, []))
            group[-1][1].append(account)
    found: list[tuple[str, Row]] = []
    for label, group in groups.items():
        values: Values = {}
        for column in value_columns:
            data = columns.get(column)
            values[column] = None if data is None or (
                data.kind == "budget" and line.budget != "accounts"
            ) else _sum(_term_value(t, a, data) for t, a in group)
        if not any(v for v in values.values()):
            continue
        lowest = min(a.number for _, accounts in group for a in accounts)
        names = tuple(sorted(a.name for _, accounts in group for a in accounts))
        found.append((lowest, Row("", line, label, values, names)))
    found.sort(key=lambda item: item[0])
    for index, (_, row) in enumerate(found, start=1):
        row.id = f"{line.id}.{index}"
    return [row for _, row in found]


def _merged_labels(rows: list[Row], value_columns: list[str]) -> list[Row]:
    """One row per label within a section: a ``rubrik`` row of an expanded line joins an
    earlier row of the same section with the same label (a financial income account named
    like an operating income account). Sums are taken on the lines, so they do not change.
    """
    first: dict[tuple[str, str], Row] = {}
    kept: list[Row] = []
    for row in rows:
        if row.line.is_sum or row.hidden:
            kept.append(row)
            continue
        key = (row.line.section, row.label)
        earlier = first.get(key)
        if earlier is None or not (row.line.expand or earlier.line.expand):
            first.setdefault(key, row)
            kept.append(row)
            continue
        for column in value_columns:
            earlier.values[column] = _sum([earlier.values.get(column), row.values.get(column)])
        earlier.accounts = tuple(sorted({*earlier.accounts, *row.accounts}))
    return kept


def _without_empty_blocks(rows: list[Row], value_columns: list[str]) -> list[Row]:
    """Hide each optional block (one activity's part) whose account rows are all empty."""
    used: set[str] = set()
    for row in rows:
        if row.line.optional and not row.line.is_sum and any(
            row.values.get(c) for c in value_columns
        ):
            used.add(row.line.block)
    for row in rows:
        row.hidden = row.line.optional and row.line.block not in used
    return rows


@dataclass(frozen=True)
class _OpeningSheet:
    """A period before the books in a balance sheet: the opening balance sheet, where the
    period's results (movements) are zero rather than unknown."""

    data: ColumnData
    kind: str = "actual"

    @classmethod
    def wrap(cls, data: ColumnData | None) -> ColumnData | None:
        if data is None or getattr(data, "has_movements", True):
            return data
        return cls(data)

    def value(self, account: str, measure: str) -> Decimal | None:
        if measure == "balance_start":  # in the opening sheet, all is brought in
            return self.data.value(account, "balance_end")
        value = self.data.value(account, measure)
        return ZERO if value is None and measure in ("movement", "change", "noncash") \
            else value


def selected(term: Term, accounts: Iterable[AccountInfo]) -> list[AccountInfo]:
    """Accounts with a Kommun-Bas number that the term's selector picks."""
    return [a for a in accounts if a.number and term.selector.matches(a)]


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


# ---------------------------------------------------------------------------- requests


def columns_for(
    statement: Statement,
    request: Request,
    figures: Figures,
    extra: Mapping[str, ColumnData | None] | None = None,
) -> dict[str, ColumnData | None]:
    """Each value column's data for a request: a period's sums or a budget; other kinds
    (a forecast) come in ``extra`` by column id."""
    result: dict[str, ColumnData | None] = {}
    for column in statement.columns:
        if column.kind == "difference":
            continue
        if extra is not None and column.id in extra:
            result[column.id] = extra[column.id]
            continue
        period = request.period_of(column)
        if period is None:
            result[column.id] = None
        elif column.kind == "actual":
            result[column.id] = figures.periods.get(period)
        elif column.kind == "budget":
            result[column.id] = figures.budgets.get(period)
        else:
            result[column.id] = None
    return result


def run(
    statement: Statement,
    request: Request,
    figures: Figures,
    extra: Mapping[str, ColumnData | None] | None = None,
) -> list[Row]:
    """The statement's rows for a request (coverage is checked by the caller)."""
    return evaluate(statement, figures.books.accounts, columns_for(statement, request, figures,
                                                                    extra))


# ---------------------------------------------------------------------------- coverage


def coverage_errors(statement: Statement, request: Request, figures: Figures) -> list[FinsamError]:
    """Accounts in the statement's ranges with a figure that no line, or several, cover.

    An account's closing balance has two parts, the opening balance and the movement; the
    statement's measure says which it reports, and each part with a non-zero figure in a
    shown period (or a budget) must be covered by exactly one line. The error stands at
    the account's open directive.
    """
    errors: list[FinsamError] = []
    for account in sorted(figures.books.accounts.values(), key=lambda a: (a.number, a.name)):
        if not account.number or not any(s.matches(account) for s in statement.covers):
            continue
        for component in sorted(COMPONENTS[statement.measure]):
            if not _has_figure(account, component, statement, request, figures):
                continue
            lines = [
                line.id
                for line in statement.lines
                for term in line.terms
                if term.cover and component in COMPONENTS[term.measure]
                and term.selector.matches(account)
            ]
            if len(lines) != 1:
                errors.append(_coverage_error(statement, account, component, lines))
    return errors


def _has_figure(
    account: AccountInfo, component: str, statement: Statement, request: Request,
    figures: Figures,
) -> bool:
    for column in statement.columns:
        period = request.period_of(column)
        if period is None:
            continue
        if column.kind == "actual":
            data = figures.periods.get(period)
            if data is not None and data.component(account.name, component):
                return True
        elif column.kind == "budget" and component == "movement":
            budget = figures.budgets.get(period)
            if budget is not None and budget.amounts.get(account.name):
                return True
    return False


def _coverage_error(
    statement: Statement, account: AccountInfo, component: str, lines: list[str]
) -> FinsamError:
    part = "ingående balans" if component == "opening" else "belopp"
    what = f"konto {account.number} ({account.name}) har {part} som"
    if not lines:
        message = f"{what} ingen rad i {statement.title} tar med (se docs/statements.md)"
    else:
        message = f"{what} flera rader i {statement.title} tar med: {', '.join(lines)}"
    return _at_open(account, message)


def _at_open(account: AccountInfo, message: str) -> FinsamError:
    """An error at the account's open directive."""
    return FinsamError(dict(account.source), message, None) if account.source \
        else plain_error(message)


def uncovered_errors(
    statements: Iterable[Statement], request: Request, figures: Figures,
    unnumbered: bool = True,
) -> list[FinsamError]:
    """Accounts with a figure that no statement's ranges include, and figures on accounts
    without a number: the report would leave them out silently."""
    selectors: list[Selector] = [s for st in statements for s in st.covers]
    errors: list[FinsamError] = []
    for period in request.periods():
        data = figures.periods.get(period)
        if data is None:
            continue
        for name in sorted(data.accounts()):
            if not (data.opening.get(name) or data.movement.get(name)):
                continue
            info = figures.books.accounts.get(name)
            if info is None or not info.number:
                if unnumbered:  # the plugin reports these at the open directive
                        errors.append(plain_error(
                        f"konto {name} har belopp men inget kontonummer (nr)"))
            elif not any(s.matches(info) for s in selectors):
                errors.append(_at_open(info, (
                    f"konto {info.number} ({name}) har belopp men kontonumret ligger utanför "
                    "räkenskapernas kontointervall (1000–8999); byt kontonummer")))
    return list({e.message: e for e in errors}.values())


# ---------------------------------------------------------------------------- frames


def to_frame(statement: Statement, rows: list[Row]) -> pd.DataFrame:
    """Rows as a DataFrame indexed by line id: label columns, then one column per column id."""
    import pandas as pd

    records = []
    rows = [row for row in rows if not row.hidden]
    for row in rows:
        record: dict[str, object] = {}
        if statement.section_column:
            record[statement.section_column] = row.line.section
        record[LABEL_COLUMN] = row.label
        if statement.note_column:
            record[statement.note_column] = row.line.note
        for column in statement.columns:
            record[column.id] = row.values.get(column.id)
        records.append(record)
    columns = [*label_columns(statement), *(c.id for c in statement.columns)]
    frame = pd.DataFrame.from_records(records, columns=columns, index=[r.id for r in rows])
    return frame.astype(object)


def label_columns(statement: Statement) -> list[str]:
    columns = [statement.section_column, LABEL_COLUMN, statement.note_column]
    return [c for c in columns if c]


def present(statement: Statement, request: Request, frame: pd.DataFrame) -> pd.DataFrame:
    """Round each figure on its own (kr or tkr, half away from zero) and title the columns."""
    import pandas as pd

    rounder = round_tkr if statement.unit == "tkr" else round_kr
    shown = frame.copy()
    titles: dict[str, str] = {}
    for column in statement.columns:
        rounded = [None if v is None else rounder(v) for v in frame[column.id]]
        shown[column.id] = pd.Series(rounded, index=frame.index, dtype=object)
        period = request.period_of(column) or request.period
        titles[column.id] = column.title(period)
    return shown.rename(columns=titles).astype(object)
