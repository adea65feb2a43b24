"""The per-account figures of a budget follow-up at a date, as plain dicts.

A follow-up at DATE looks at the fiscal year that contains DATE. Per account (beancount
signs, exact in öre) it has five columns: the adopted annual budget, the annual budget
with the revisions decided by DATE, the budget to date (1 January through DATE's month,
:mod:`finsam_accounts.budget`), the actual to date (1 January through DATE) and the
full-year forecast. The forecast is the actual to date plus the budget left for the
year, unless the ledger has a manual forecast for the account (``custom "prognos"``),
which then wins. A year without budget has no budget columns; its forecast is the actual
to date (or a manual forecast).

The actual figures are the statements' own sums (:func:`finsam_accounts.statements.
figures.collect`, which also knows the vouchers of balances brought in); the statements
engine turns these dicts into the rows of the utfall/budget table. No pandas: the plugin
reaches this module through :mod:`finsam_accounts.followup.insatser`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from beancount.core import data

from finsam_accounts.books import Books
from finsam_accounts.budget import (
    Forecast,
    adopted_for_year,
    budget_to_date,
    forecasts_at,
    has_budget,
    parse_budgets,
    parse_forecasts,
    revised_for_year,
)
from finsam_accounts.money import ZERO
from finsam_accounts.periods import Period, year_to_date
from finsam_accounts.statements.figures import collect
from finsam_accounts.statements.spec import Selector

NOTHING = Selector(())

Amounts = dict[str, Decimal]


@dataclass(frozen=True)
class Columns:
    """Per-account figures of a follow-up at ``date``; budget dicts None without budget."""

    date: datetime.date
    adopted: Amounts | None
    revised: Amounts | None
    budget_to_date: Amounts | None
    actual_to_date: Amounts
    forecast: Amounts
    manual: dict[str, Forecast]

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def has_budget(self) -> bool:
        return self.revised is not None

    @property
    def is_revised(self) -> bool:
        """True when a revision changed some account's annual budget."""
        return self.adopted is not None and self.revised is not None and any(
            self.adopted.get(a, ZERO) != v for a, v in self.revised.items()
        )


def movements_in(
    entries: Sequence[data.Directive], books: Books, periods: Iterable[Period]
) -> dict[Period, Amounts]:
    """Postings per account in each period (first and last day included), summed in one
    pass by the statements' own figures (vouchers of balances brought in left out)."""
    wanted = sorted(set(periods))
    if not wanted:
        return {}
    figures = collect(entries, books, wanted, NOTHING, NOTHING)
    return {p: dict(f.movement) for p, f in figures.periods.items()}


def default_forecast(actual: Amounts, revised: Amounts | None, to_date: Amounts | None) -> Amounts:
    """Actual to date plus the budget left for the year (revised annual − budget to date)."""
    result = dict(actual)
    for account, annual in (revised or {}).items():
        left = annual - (to_date or {}).get(account, ZERO)
        result[account] = result.get(account, ZERO) + left
    return result


def follow_up(entries: Sequence[data.Directive], books: Books, date: datetime.date) -> Columns:
    """Every column of a follow-up at ``date`` (raises BudgetError on an unusable budget)."""
    budgets = parse_budgets(entries)
    period = year_to_date(date)
    actual = movements_in(entries, books, [period])[period]
    manual = forecasts_at(parse_forecasts(entries), date)
    if has_budget(budgets, date.year):
        adopted: Amounts | None = adopted_for_year(budgets, date.year)
        revised: Amounts | None = revised_for_year(budgets, date.year, date)
        to_date: Amounts | None = budget_to_date(budgets, date)
    else:
        adopted = revised = to_date = None
    forecast = default_forecast(actual, revised, to_date)
    for account, item in manual.items():
        forecast[account] = item.amount
    return Columns(date, adopted, revised, to_date, actual, forecast, manual)
