"""Member contributions as booked: the accounts marked ``medlem`` and their movements."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from beancount.core import data

from finsam_accounts.balances import movements, year_bounds
from finsam_accounts.conventions import META_MEMBER, account_infos
from finsam_accounts.money import ZERO, exact_sum


def member_accounts(entries: Iterable[data.Directive]) -> dict[str, str]:
    """Contribution account -> member id, from the ``medlem`` metadata on open."""
    return {
        name: str(info.meta[META_MEMBER])
        for name, info in account_infos(entries).items()
        if META_MEMBER in info.meta
    }


def recorded(entries: Sequence[data.Directive], year: int) -> dict[str, Decimal]:
    """Contributions booked in the year per member id (positive = income)."""
    start, end = year_bounds(year)
    moved = movements(entries, start, end)
    totals: dict[str, Decimal] = {}
    for account, member_id in member_accounts(entries).items():
        if account in moved:
            totals[member_id] = totals.get(member_id, ZERO) - moved[account]
    return totals


def recorded_total(entries: Sequence[data.Directive], year: int) -> Decimal:
    """All member contributions booked in the year (the trappan base by default)."""
    return exact_sum(recorded(entries, year).values())




def booked_years(entries: Sequence[data.Directive]) -> set[int]:
    accounts = set(member_accounts(entries))
    return {
        entry.date.year
        for entry in entries
        if isinstance(entry, data.Transaction)
        and any(p.account in accounts for p in entry.postings)
    }


