"""The exact figures a report run needs, summed once from the ledger.

Per shown year: each account's opening balance, movement and closing balance (through
:mod:`finsam_accounts.balances`), and, where the year has one, its budget. A year without
transactions has no period, so its columns stay empty instead of showing zeros.

The opening-balance voucher of the first year is brought forward to the day before its
year (balances.bring_forward_opening_balances), so it counts as balances brought in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from beancount.core import data

from finsam_accounts.balances import (
    balances_at,
    bring_forward_opening_balances,
    movements,
    year_bounds,
)
from finsam_accounts.budget import budget_for_year, equity_budget, has_budget, parse_budgets
from finsam_accounts.ledger import AccountInfo, account_infos
from finsam_accounts.money import ZERO


@dataclass(frozen=True)
class Period:
    """Exact balances of one fiscal year, per account (beancount signs)."""

    year: int
    opening: Mapping[str, Decimal]
    movement: Mapping[str, Decimal]
    closing: Mapping[str, Decimal]

    def value(self, account: str, measure: str) -> Decimal:
        if measure == "movement":
            return self.movement.get(account, ZERO)
        if measure == "balance_start":
            return self.opening.get(account, ZERO)
        if measure == "balance_end":
            return self.closing.get(account, ZERO)
        if measure == "change":
            return self.closing.get(account, ZERO) - self.opening.get(account, ZERO)
        raise ValueError(measure)

    def component(self, account: str, component: str) -> Decimal:
        """The opening balance or the movement: the two parts coverage is checked on."""
        return self.value(account, "balance_start" if component == "opening" else "movement")


@dataclass(frozen=True)
class Figures:
    """Everything the engine reads: accounts, periods and budgets of the shown years."""

    year: int
    accounts: Mapping[str, AccountInfo]
    periods: Mapping[int, Period]
    budgets: Mapping[int, Mapping[str, Decimal]]
    equity_budgets: Mapping[int, Decimal]
    entries: list[data.Directive]  # opening balances brought forward
    options: Mapping[str, Any]

    def period(self, year: int) -> Period | None:
        return self.periods.get(year)

    def budget(self, year: int) -> Mapping[str, Decimal] | None:
        return self.budgets.get(year)


def collect(
    entries: list[data.Directive], options: Mapping[str, Any], year: int, offsets: Iterable[int]
) -> Figures:
    """Sum the ledger once for ``year`` and the years ``year + offset`` it is compared with."""
    years = sorted({year + offset for offset in offsets} | {year})
    with_data = years_with_transactions(entries)
    forward = bring_forward_opening_balances(entries, options)
    budgets = parse_budgets(entries)
    periods = {y: period(forward, y) for y in years if y in with_data}
    year_budgets = {y: budget_for_year(budgets, y) for y in years if has_budget(budgets, y)}
    equity = {y: v for y in years if (v := equity_budget(entries, y)) is not None}
    return Figures(
        year, account_infos(entries), periods, year_budgets, equity, forward, dict(options)
    )


def period(entries: list[data.Directive], year: int) -> Period:
    start, end = year_bounds(year)
    return Period(
        year=year,
        opening=balances_at(entries, start),
        movement=movements(entries, start, end),
        closing=balances_at(entries, end),
    )


def years_with_transactions(entries: Iterable[data.Directive]) -> set[int]:
    return {e.date.year for e in entries if isinstance(e, data.Transaction)}
