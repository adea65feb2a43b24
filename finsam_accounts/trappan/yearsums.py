"""Each fiscal year's sums for trappan, from the statements' one-pass summing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from beancount.core import data

from finsam_accounts import domain
from finsam_accounts.derived import copy_lists, per_entries
from finsam_accounts.money import exact_sum
from finsam_accounts.periods import calendar_year
from finsam_accounts.statements import figures as figures_module
from finsam_accounts.statements.reconcile import equity_end, equity_start
from finsam_accounts.statements.spec import AccountRange, Selector


@dataclass(frozen=True)
class YearFigures:
    """Each fiscal year's sums, from the same one-pass summing as the statements
    (:func:`finsam_accounts.statements.figures.collect`), so trappan's equity and result
    are the annual report's."""

    books: Any
    periods: dict[int, Any]

    def of(self, year: int) -> Any:
        return self.periods[year]

    def equity_end(self, year: int) -> Decimal:
        return equity_end(self.of(year), self.books)

    def equity_start(self, year: int) -> Decimal:
        return equity_start(self.of(year), self.books)

    def result(self, year: int) -> Decimal:
        """The year's result (positive = surplus): minus the income and cost movements."""
        options = self.books.options
        roots = (f"{options['name_income']}:", f"{options['name_expenses']}:")
        return -exact_sum(v for a, v in self.of(year).movement.items() if a.startswith(roots))


@per_entries(copy_lists)
def year_figures(
    entries: Sequence[data.Directive], options: dict[str, Any], years: Sequence[int]
) -> YearFigures:
    books = domain.of(entries, options)
    periods = {y: calendar_year(y) for y in years}
    liquid = Selector((AccountRange("1800", "1999"),))
    fixed = Selector((AccountRange("1000", "1399"),))
    summed = figures_module.collect(entries, books, periods.values(), liquid, fixed)
    return YearFigures(books, {y: summed.periods[p] for y, p in periods.items()})


def from_figures(summed: Any, years: Sequence[int]) -> YearFigures | None:
    """The years' sums out of a report's Figures, if it has summed every one of them."""

    periods = {y: summed.periods.get(calendar_year(y)) for y in years}
    if any(p is None for p in periods.values()):
        return None
    return YearFigures(summed.books, periods)


def year_result(entries: Sequence[data.Directive], options: dict[str, Any], year: int) -> Decimal:
    """The year's booked result (positive = surplus)."""
    return year_figures(entries, options, [year]).result(year)


def opening_equity(
    entries: Sequence[data.Directive], options: dict[str, Any], year: int
) -> Decimal:
    """Equity at the start of the year, with the balances brought in (an opening-balance
    voucher dated the day before the first year or marked ``ib: TRUE``)."""
    return year_figures(entries, options, [year]).equity_start(year)
