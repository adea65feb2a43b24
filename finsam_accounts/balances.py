"""Exact sums of postings per account: the one place reports get their numbers from.

Every statement, the contributions follow-up and trappan sum postings through these pure
functions, so the same figure is always the same sum. Amounts are Decimal in SEK, with
beancount signs (assets and costs positive, liabilities, equity and income negative).
"""

from __future__ import annotations

import datetime
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from beancount.core import data

from finsam_accounts.errors import ReportError, error_at
from finsam_accounts.money import ZERO

CURRENCY = "SEK"


def movements(
    entries: Iterable[data.Directive], start: datetime.date | None, end: datetime.date
) -> dict[str, Decimal]:
    """Sum of postings per account for transactions dated in [start, end).

    ``start=None`` sums from the beginning of the ledger, i.e. the balance at ``end``
    (at the start of that day, like beancount's balance assertions).

    A report asks for many such sums over the same entries (every period, every year end,
    trappan, the reconciliations); they are answered from running totals computed in one
    pass over the list (:class:`RunningTotals`), with the same result, key order and
    Decimal exponents as the plain sum below, which answers when no index can be made.
    """
    index = running_totals(entries)
    if index is not None:
        return index.movements(start, end)
    return summed(entries, start, end)


def summed(
    entries: Iterable[data.Directive], start: datetime.date | None, end: datetime.date
) -> dict[str, Decimal]:
    """:func:`movements` by summing every posting in the range."""
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for entry in entries:
        if not isinstance(entry, data.Transaction):
            continue
        if entry.date >= end or (start is not None and entry.date < start):
            continue
        for posting in entry.postings:
            if posting.units is None or posting.units.number is None:
                continue
            if posting.units.currency != CURRENCY:
                raise ReportError([error_at(entry, (
                    f"valutan {posting.units.currency} stöds inte, bara {CURRENCY} "
                    f"(konto {posting.account})"))])
            totals[posting.account] += posting.units.number
    return dict(totals)


@dataclass
class _Account:
    """One account's postings summed per date it has postings on, and running totals."""

    dates: list[datetime.date]
    sums: list[Decimal]  # the postings of that date, summed from ZERO
    firsts: list[int]  # position of its first posting that date, in entries order
    totals: list[Decimal] = field(default_factory=list)  # running total up to that date
    exponent: int | None = None  # the one exponent of every date's sum, if they share one


class RunningTotals:
    """Per account, running totals by date, so any [start, end) sum is one subtraction."""

    def __init__(self, accounts: dict[str, _Account]) -> None:
        self.accounts = accounts
        for account in accounts.values():
            running = ZERO
            for amount in account.sums:
                running += amount
                account.totals.append(running)
            exponents = {int(amount.as_tuple().exponent) for amount in account.sums}
            account.exponent = exponents.pop() if len(exponents) == 1 else None

    @classmethod
    def build(cls, entries: list[data.Directive]) -> RunningTotals | None:
        """The index, or None if the entries are not in date order or not all in SEK."""
        accounts: dict[str, _Account] = {}
        last = datetime.date.min
        position = 0
        transaction = data.Transaction
        for entry in entries:
            if not isinstance(entry, transaction):
                continue
            date = entry.date
            if date < last:
                return None
            last = date
            for posting in entry.postings:
                units = posting.units
                if units is None or units.number is None:
                    continue
                if units.currency != CURRENCY:
                    return None
                position += 1
                account = accounts.get(posting.account)
                if account is None:
                    accounts[posting.account] = _Account([date], [ZERO + units.number], [position])
                elif account.dates[-1] != date:
                    account.dates.append(date)
                    account.sums.append(ZERO + units.number)
                    account.firsts.append(position)
                else:
                    account.sums[-1] += units.number
        return cls(accounts)

    def movements(self, start: datetime.date | None, end: datetime.date) -> dict[str, Decimal]:
        found: list[tuple[int, str, Decimal]] = []
        for name, account in self.accounts.items():
            upper = bisect_left(account.dates, end)
            lower = 0 if start is None else min(bisect_left(account.dates, start), upper)
            if upper == lower:
                continue
            if account.exponent is None:
                # Dates with differently written amounts (100, 12.5, 0.125): sum the dates'
                # sums, which gives the plain sum's exponent too.
                total = ZERO
                for amount in account.sums[lower:upper]:
                    total += amount
            else:
                # Every date's sum has one exponent, so the difference has it too.
                total = account.totals[upper - 1] - (account.totals[lower - 1] if lower else ZERO)
            found.append((account.firsts[lower], name, total))
        return {name: total for _, name, total in sorted(found)}


# The indexes of the entries lists last asked about (a report asks about the ledger's
# entries and about them with the opening balances brought forward).
_recent: list[tuple[list[data.Directive], int, RunningTotals | None]] = []
RECENT = 4


def running_totals(entries: Iterable[data.Directive]) -> RunningTotals | None:
    """The index of ``entries`` (a list), made once per list; None for other iterables."""
    if not isinstance(entries, list):
        return None
    for known, length, index in _recent:
        if known is entries and length == len(entries):
            return index
    index = RunningTotals.build(entries)
    _recent.insert(0, (entries, len(entries), index))
    del _recent[RECENT:]
    return index


def balances_at(entries: Iterable[data.Directive], date: datetime.date) -> dict[str, Decimal]:
    """Balance per account at the start of ``date`` (so year end Y is ``date(Y+1, 1, 1)``)."""
    return movements(entries, None, date)


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """[start, end) of a calendar fiscal year."""
    return datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
