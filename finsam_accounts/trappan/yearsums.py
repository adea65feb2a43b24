"""Each fiscal year's sums for trappan, from the statements' one-pass summing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from beancount.core import data

from finsam_accounts.books import Books
from finsam_accounts.derived import per_entries
from finsam_accounts.money import exact_sum
from finsam_accounts.periods import Period, calendar_year
from finsam_accounts.statements import figures as figures_module
from finsam_accounts.statements.figures import Figures
from finsam_accounts.statements.reconcile import equity_end, equity_start
from finsam_accounts.statements.spec import AccountRange, Selector


@dataclass(frozen=True)
class YearFigures:
    """Each fiscal year's sums, from the same one-pass summing as the statements
    (:func:`finsam_accounts.statements.figures.collect`), so trappan's equity and result
    are the annual report's."""

    books: Books
    periods: dict[int, Any]

    def of(self, year: int) -> Any:
        return self.periods[year]

    def equity_end(self, year: int) -> Decimal:
        return equity_end(self.of(year), self.books)

    def equity_start(self, year: int) -> Decimal:
        return equity_start(self.of(year), self.books)

    def result(self, year: int) -> Decimal:
        """The year's result (positive = surplus): minus the income and cost movements."""
        roots = self.books.result_roots
        return -exact_sum(v for a, v in self.of(year).movement.items() if a.startswith(roots))


def year_figures(books: Books, years: Sequence[int]) -> YearFigures:
    """The years' sums in one pass, once per load's entries and years."""
    found = from_figures(sums(books, [calendar_year(y) for y in years]), years)
    assert found is not None  # every year was summed
    return found


def sums(books: Books, periods: Iterable[Period]) -> Figures:
    """The ledger summed once for ``periods`` (years, and what a report needs besides),
    once per load's entries and periods."""
    return _sums(books.entries, books, tuple(sorted(set(periods))))


@per_entries()
def _sums(entries: Sequence[data.Directive], books: Books, periods: tuple[Period, ...]) -> Figures:
    liquid = Selector((AccountRange("1800", "1999"),))
    fixed = Selector((AccountRange("1000", "1399"),))
    return figures_module.collect(entries, books, periods, liquid, fixed)


def from_figures(summed: Any, years: Sequence[int]) -> YearFigures | None:
    """The years' sums out of a report's Figures, if it has summed every one of them."""

    periods = {y: summed.periods.get(calendar_year(y)) for y in years}
    if any(p is None for p in periods.values()):
        return None
    return YearFigures(summed.books, periods)


def year_result(books: Books, year: int) -> Decimal:
    """The year's booked result (positive = surplus)."""
    return year_figures(books, [year]).result(year)


def opening_equity(books: Books, year: int) -> Decimal:
    """Equity at the start of the year, with the balances brought in (an opening-balance
    voucher dated the day before the first year or marked ``ib: TRUE``)."""
    return year_figures(books, [year]).equity_start(year)
