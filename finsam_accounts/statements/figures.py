"""The exact figures a request needs, summed from the ledger in one pass.

For each period of a request (the period and its comparison): every account's opening
balance (all postings before the period, and the vouchers marked as balances brought in on
its first day), its movement in the period, and its non-cash movement: postings of
transactions that touch fixed assets but no liquid funds (depreciation, write-downs), which
the cash-flow statement adds back whatever account they are booked on.

A period that lies before the books' first fiscal year has no movements (its columns stay
empty); its closing balances are the opening balance sheet.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from beancount.core import data

from finsam_accounts.books import Books, position
from finsam_accounts.budget import Budget, budget_between, budgets_of, has_budget
from finsam_accounts.derived import per_entries
from finsam_accounts.errors import ReportError, error_at
from finsam_accounts.money import ZERO
from finsam_accounts.periods import Period
from finsam_accounts.statements.spec import Selector

CURRENCY = "SEK"


@dataclass(frozen=True)
class PeriodFigures:
    """Exact balances of one period, per account, with beancount's signs."""

    period: Period
    opening: Mapping[str, Decimal]
    movement: Mapping[str, Decimal]
    noncash: Mapping[str, Decimal]
    has_movements: bool = True
    has_balances: bool = True
    kind: str = "actual"

    def closing(self, account: str) -> Decimal:
        return self.opening.get(account, ZERO) + self.movement.get(account, ZERO)

    def value(self, account: str, measure: str) -> Decimal | None:
        """One account's figure for a measure; None where the period has no such data."""
        if measure == "balance_start" or measure == "balance_end":
            # Before the books only the balance at the period's end is known (what was
            # brought in); its start is not.
            if not self.has_balances or (measure == "balance_start" and not self.has_movements):
                return None
            if measure == "balance_start":
                return self.opening.get(account, ZERO)
            return self.closing(account)
        if not self.has_movements:
            return None
        if measure in ("movement", "change"):
            return self.movement.get(account, ZERO)
        if measure == "noncash":
            return self.noncash.get(account, ZERO)
        raise ValueError(measure)

    def component(self, account: str, component: str) -> Decimal:
        """The opening balance or the movement: the two parts coverage is checked on."""
        source = self.opening if component == "opening" else self.movement
        return source.get(account, ZERO) if self.has_movements or component == "opening" \
            else ZERO

    def accounts(self) -> set[str]:
        return {*self.opening, *self.movement}


@dataclass(frozen=True)
class BudgetFigures:
    """The budget of a period per account (movement measures only) and budgeted equity."""

    amounts: Mapping[str, Decimal]
    equity: Decimal | None = None
    kind: str = "budget"

    def value(self, account: str, measure: str) -> Decimal | None:
        if measure not in ("movement", "change"):
            return None
        return self.amounts.get(account, ZERO)


@dataclass(frozen=True)
class Figures:
    """Everything the engine reads for a request: the books and each period's sums."""

    books: Books
    periods: Mapping[Period, PeriodFigures]
    budgets: Mapping[Period, BudgetFigures] = field(default_factory=dict)


def collect(
    entries: Sequence[data.Directive],
    books: Books,
    periods: Iterable[Period],
    liquid_funds: Selector,
    fixed_assets: Selector,
    budget_periods: Iterable[Period] = (),
) -> Figures:
    """Sum the ledger once for every period (and the budgets of ``budget_periods``).

    The transactions are summed per day once per entries list (:func:`by_day`: the one
    pass over the ledger, shared by every report and page made from one load); each day
    is added to one bucket: the stretch of days between two of the periods' boundaries it
    falls in. A period's opening balance is then the sum of the buckets before it and its
    movement the sum of those inside it, so a request costs the same however many periods
    it has, and a second request on the same load does not pass over the ledger again.
    """
    wanted = sorted(set(periods))
    liquid = selected(books, liquid_funds)
    fixed = selected(books, fixed_assets)
    bounds = sorted({d for p in wanted for d in (p.start, p.stop)})
    daily = by_day(entries, books.opening_vouchers)
    buckets = _bucketed(daily, bounds)
    if liquid and fixed:
        noncash_buckets = _bucketed(
            noncash_by_day(entries, books.opening_vouchers, liquid, fixed, books.result_roots),
            bounds)
    else:  # nothing can be depreciation or a write-down
        noncash_buckets = [{} for _ in range(len(bounds) + 1)]
    first_entry = daily.days[0] if daily.days else None
    one_day = datetime.timedelta(days=1)
    first_day = books.first_day
    result: dict[Period, PeriodFigures] = {}
    for period in wanted:
        start = bisect.bisect_right(bounds, period.start)  # first bucket inside the period
        stop = bisect.bisect_right(bounds, period.stop - one_day)
        inside = first_day is None or period.start >= first_day
        if not inside:
            # Before the books nothing moves: all that is known is the balance brought in.
            start = stop + 1
        opening = _merge(buckets[:start])
        moves = _merge(buckets[start:stop + 1]) if inside else {}
        noncash = _merge(noncash_buckets[start:stop + 1]) if inside else {}
        if not inside:
            opening = _merge(buckets[:stop + 1])
        result[period] = PeriodFigures(
            period, opening, moves, noncash, has_movements=inside,
            has_balances=first_entry is not None and first_entry <= period.end,
        )
    return Figures(books, result, budgets_for(entries, books, budget_periods))


def selected(books: Books, selector: Selector) -> frozenset[str]:
    """The books' numbered accounts that ``selector`` picks (liquid funds, fixed assets)."""
    return frozenset(n for n, a in books.accounts.items() if a.number and selector.matches(a))


@dataclass(frozen=True)
class Daily:
    """The ledger's postings summed per day (a voucher of balances brought in counts as
    dated the day before its date): the one pass over the transactions of a load, from
    which :func:`collect` sums any periods."""

    days: list[datetime.date]  # in date order
    sums: list[dict[str, Decimal]]  # per day: account -> exact sum


@per_entries()
def by_day(entries: Sequence[data.Directive], opening_vouchers: frozenset[Any]) -> Daily:
    """Every transaction's postings summed per day, once per entries list
    (:mod:`finsam_accounts.derived`: a reloaded ledger is a new list, summed afresh)."""
    return _by_day(entries, opening_vouchers, None)


@per_entries()
def noncash_by_day(
    entries: Sequence[data.Directive], opening_vouchers: frozenset[Any],
    liquid: frozenset[str], fixed: frozenset[str], result_roots: tuple[str, ...],
) -> Daily:
    """The postings of the non-cash transactions (:func:`_is_noncash`) summed per day."""
    return _by_day(entries, opening_vouchers, (liquid, fixed, result_roots))


def _by_day(
    entries: Sequence[data.Directive], opening_vouchers: frozenset[Any],
    noncash: tuple[frozenset[str], frozenset[str], tuple[str, ...]] | None,
) -> Daily:
    one_day = datetime.timedelta(days=1)
    days: dict[datetime.date, dict[str, Decimal]] = {}
    for entry in entries:
        if not isinstance(entry, data.Transaction):
            continue
        if noncash is not None and not _is_noncash(entry, *noncash):
            continue
        # A voucher of balances brought in counts as dated the day before its date.
        opening = bool(opening_vouchers) and position(entry) in opening_vouchers
        day = entry.date - one_day if opening else entry.date
        totals = days.get(day)
        if totals is None:
            totals = days[day] = defaultdict(lambda: ZERO)
        _add(entry, totals)
    ordered = sorted(days)
    return Daily(ordered, [dict(days[d]) for d in ordered])


def _bucketed(daily: Daily, bounds: Sequence[datetime.date]) -> list[dict[str, Decimal]]:
    """The days' sums in the stretches between ``bounds`` (bucket i: the days d with
    ``bounds[i-1] <= d < bounds[i]``)."""
    cuts = [0, *(bisect.bisect_left(daily.days, b) for b in bounds), len(daily.days)]
    return [_merge(daily.sums[a:b]) for a, b in itertools.pairwise(cuts)]


def _merge(parts: Iterable[Mapping[str, Decimal]]) -> dict[str, Decimal]:
    total: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for part in parts:
        for account, value in part.items():
            total[account] += value
    return dict(total)


def _add(entry: data.Transaction, totals: dict[str, Decimal]) -> None:
    for posting in entry.postings:
        units = posting.units
        if units is None or units.number is None:
            continue
        if units.currency != CURRENCY:
            raise ReportError([error_at(entry, (
                f"valutan {units.currency} på konto {posting.account} stöds inte; "
                f"bokföringen förs i {CURRENCY}"))])
        totals[posting.account] += units.number


def _is_noncash(
    entry: data.Transaction, liquid: frozenset[str], fixed: frozenset[str],
    result_roots: tuple[str, ...],
) -> bool:
    """A transaction that moves fixed assets against the result, without moving liquid
    funds: depreciation or a write-down. (A purchase on a supplier invoice moves fixed
    assets against a liability: an investment, paid later through working capital.)"""
    accounts = {p.account for p in entry.postings}
    return bool(accounts & fixed) and not (accounts & liquid) and any(
        a.startswith(result_roots) for a in accounts)


def budgets_for(
    entries: Sequence[data.Directive], books: Books, periods: Iterable[Period]
) -> dict[Period, BudgetFigures]:
    """The budget of each period that lies in a budgeted year."""
    budgets: list[Budget] = budgets_of(books.budgets)
    result: dict[Period, BudgetFigures] = {}
    for period in set(periods):
        if not has_budget(budgets, period.year):
            continue
        amounts = budget_between(budgets, period.start, period.stop)
        equity = books.budgets.equity.get(period.year) if period.end.month == 12 \
            and period.end.day == 31 else None
        result[period] = BudgetFigures(amounts, equity)
    return result
