"""Member contributions as booked: the accounts marked ``medlem`` and their movements."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from beancount.core import data

from finsam_accounts.balances import movements, year_bounds
from finsam_accounts.conventions import META_MEMBER, AccountInfo, account_infos
from finsam_accounts.money import ZERO, exact_sum


def member_accounts(entries: Iterable[data.Directive]) -> dict[str, str]:
    """Contribution account -> member id, from the ``medlem`` metadata on open."""
    return member_accounts_in(account_infos(entries))


def member_accounts_in(accounts: Mapping[str, AccountInfo]) -> dict[str, str]:
    """Contribution account -> member id, from the books' accounts."""
    return {
        name: str(info.meta[META_MEMBER])
        for name, info in accounts.items()
        if META_MEMBER in info.meta
    }


def recorded(entries: Sequence[data.Directive], year: int) -> dict[str, Decimal]:
    """Contributions booked in the year per member id (positive = income)."""
    start, end = year_bounds(year)
    return recorded_in(movements(entries, start, end), member_accounts(entries))


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


def recorded_total(entries: Sequence[data.Directive], year: int) -> Decimal:
    """All member contributions booked in the year (the trappan base by default)."""
    return exact_sum(recorded(entries, year).values())




def booked_years(entries: Sequence[data.Directive]) -> set[int]:
    return booked_years_in(entries, member_accounts(entries))


def booked_years_in(entries: Sequence[data.Directive], accounts: Iterable[str]) -> set[int]:
    """The years with a voucher on one of the contribution ``accounts``."""
    accounts = set(accounts)
    return {
        entry.date.year
        for entry in entries
        if isinstance(entry, data.Transaction)
        and any(p.account in accounts for p in entry.postings)
    }


