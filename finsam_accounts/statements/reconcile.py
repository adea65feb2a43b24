"""The reconciliations every run must pass, on exact values.

1. Assets = equity + provisions + liabilities, at every balance-sheet date.
2. The year's result = the change in equity (the ledger's equity, from balances.equity_at),
   and the balance sheet's equity = the ledger's equity.
3. The cash-flow statement's flow = the change in liquid funds.
4. The utfall/budget totals (with financial items) = the income statement's result.

Which lines play these parts is data (``[reconciliation]`` in the specification).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal

import pandas as pd
from beancount.core import data

from finsam_accounts.balances import equity_at, year_bounds
from finsam_accounts.money import ZERO, format_sv_ore
from finsam_accounts.statements.figures import Figures
from finsam_accounts.statements.spec import Column, Specification, Statement

Frames = Mapping[str, pd.DataFrame]


class ReconciliationError(ValueError):
    """One or more reconciliations failed; each message names the figures."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def check(spec: Specification, frames: Frames, figures: Figures) -> None:
    """Raise ReconciliationError listing every failed reconciliation."""
    year = figures.year
    problems = [
        *balance_problems(spec, frames, year),
        *equity_problems(spec, frames, year, figures.entries, figures.options),
        *cash_flow_problems(spec, frames, year),
        *budget_problems(spec, frames, year),
    ]
    if problems:
        raise ReconciliationError(problems)


def balance_problems(spec: Specification, frames: Frames, year: int) -> Iterator[str]:
    for column, assets, other in _pairs(spec, frames, year, "assets", "equity_and_liabilities"):
        if assets != other:
            yield (
                f"Balansräkningen balanserar inte {column.title(year)}: tillgångar "
                f"{_kr(assets)} ≠ eget kapital, avsättningar och skulder {_kr(other)}"
            )


def equity_problems(
    spec: Specification,
    frames: Frames,
    year: int,
    entries: list[data.Directive],
    options: Mapping[str, object],
) -> Iterator[str]:
    opts = dict(options)
    for column, result in _values(spec, frames, year, "result"):
        start, end = year_bounds(year + column.offset)
        before, after = equity_at(entries, start, opts), equity_at(entries, end, opts)
        if result != after - before:
            yield (
                f"Årets resultat {column.title(year)} {_kr(result)} ≠ förändringen av eget "
                f"kapital {_kr(after - before)} ({_kr(before)} → {_kr(after)})"
            )
    for column, equity in _values(spec, frames, year, "equity"):
        _, end = year_bounds(year + column.offset)
        booked = equity_at(entries, end, opts)
        if equity != booked:
            yield (
                f"Eget kapital i balansräkningen {column.title(year)} {_kr(equity)} ≠ "
                f"bokfört eget kapital {_kr(booked)}"
            )


def cash_flow_problems(spec: Specification, frames: Frames, year: int) -> Iterator[str]:
    flows = dict(_by_offset(_values(spec, frames, year, "cash_flow")))
    starts = dict(_by_offset(_values(spec, frames, year, "liquid_start")))
    ends = dict(_by_offset(_values(spec, frames, year, "liquid_end")))
    for offset, (column, flow) in flows.items():
        start, end = starts.get(offset), ends.get(offset)
        if start is None or end is None:
            continue
        if flow != end[1] - start[1]:
            yield (
                f"Kassaflödesanalysen {column.title(year)}: årets kassaflöde {_kr(flow)} ≠ "
                f"förändringen av likvida medel {_kr(end[1] - start[1])} "
                f"({_kr(start[1])} → {_kr(end[1])})"
            )


def budget_problems(spec: Specification, frames: Frames, year: int) -> Iterator[str]:
    results = dict(_by_offset(_values(spec, frames, year, "result")))
    totals = dict(_by_offset(_values(spec, frames, year, "budget_totals")))
    for offset, (column, budget_result) in _by_offset(_values(spec, frames, year, "budget_result")):
        if offset not in results:
            continue
        result = results[offset][1]
        total = totals.get(offset, (column, ZERO))[1]
        where = f"Sammanställningen över utfall och budget {year + offset}"
        if total != result:
            yield (
                f"{where}: totala intäkter och kostnader {_kr(total)} ≠ årets resultat i "
                f"resultaträkningen {_kr(result)}"
            )
        if budget_result != result:
            yield (
                f"{where}: RESULTAT {_kr(budget_result)} ≠ årets resultat i "
                f"resultaträkningen {_kr(result)}"
            )


# ---------------------------------------------------------------------------- lookup


def _values(
    spec: Specification, frames: Frames, year: int, role: str
) -> Iterator[tuple[Column, Decimal]]:
    """(column, exact value) of a role's lines, summed, for each actual column with data."""
    refs = spec.roles[role]
    statement = spec.statement(refs[0].split(".", 1)[0])
    for column in statement.columns:
        if column.kind != "actual":
            continue
        values = [_cell(spec, frames, ref, column.offset, year) for ref in refs]
        if all(v is not None for v in values):
            yield column, sum((v for v in values if v is not None), ZERO)


def _cell(spec: Specification, frames: Frames, ref: str, offset: int, year: int) -> Decimal | None:
    statement_id, line_id = ref.split(".", 1)
    statement = spec.statement(statement_id)
    column = _actual_column(statement, offset)
    if column is None:
        return None
    value = frames[statement_id].loc[line_id, column.title(year)]
    return value if isinstance(value, Decimal) else None


def _actual_column(statement: Statement, offset: int) -> Column | None:
    for column in statement.columns:
        if column.kind == "actual" and column.offset == offset:
            return column
    return None


def _pairs(
    spec: Specification, frames: Frames, year: int, left: str, right: str
) -> Iterator[tuple[Column, Decimal, Decimal]]:
    rights = dict(_by_offset(_values(spec, frames, year, right)))
    for column, value in _values(spec, frames, year, left):
        if column.offset in rights:
            yield column, value, rights[column.offset][1]


def _by_offset(
    items: Iterator[tuple[Column, Decimal]],
) -> Iterator[tuple[int, tuple[Column, Decimal]]]:
    for column, value in items:
        yield column.offset, (column, value)


def _kr(value: Decimal) -> str:
    return format_sv_ore(value)
