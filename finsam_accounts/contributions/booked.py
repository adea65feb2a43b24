"""Member contributions as booked: the accounts marked ``medlem`` and their movements."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from beancount.core import data

from finsam_accounts.balances import movements, year_bounds
from finsam_accounts.conventions import META_MEMBER, AccountInfo
from finsam_accounts.money import ZERO, exact_sum

if TYPE_CHECKING:  # the books import the declarations of this package
    from finsam_accounts.books import Books


def member_accounts_in(accounts: Mapping[str, AccountInfo]) -> dict[str, str]:
    """Contribution account -> member id, from the books' accounts."""
    return {
        name: str(info.meta[META_MEMBER])
        for name, info in accounts.items()
        if META_MEMBER in info.meta
    }


def recorded(books: Books, year: int) -> dict[str, Decimal]:
    """Contributions booked in the year per member id (positive = income): the year's
    movements (``balances.movements``, one pass per entries list) on the books' member
    contribution accounts."""
    start, end = year_bounds(year)
    return recorded_in(movements(books.entries, start, end), member_accounts_in(books.accounts))


def recorded_in(
    moved: Mapping[str, Decimal], accounts: Mapping[str, str]
) -> dict[str, Decimal]:
    """Per member id, minus the movements of its contribution accounts (``accounts``:
    account -> member id) in ``moved`` (a period's movements per account)."""
    totals: dict[str, Decimal] = {}
    for account, member_id in accounts.items():
        if account in moved:
            totals[member_id] = totals.get(member_id, ZERO) - moved[account]
    return totals


def recorded_total(books: Books, year: int) -> Decimal:
    """All member contributions booked in the year (the trappan base by default)."""
    return exact_sum(recorded(books, year).values())


def booked_years(books: Books) -> set[int]:
    """The years with a voucher on one of the books' member contribution accounts."""
    accounts = set(member_accounts_in(books.accounts))
    return {
        entry.date.year
        for entry in books.entries
        if isinstance(entry, data.Transaction)
        and any(p.account in accounts for p in entry.postings)
    }
