"""Exact sums of postings per account: the one place reports get their numbers from.

Every statement, the contributions follow-up and trappan sum postings through these pure
functions, so the same figure is always the same sum. Amounts are Decimal in SEK, with
beancount signs (assets and costs positive, liabilities, equity and income negative).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from beancount.core import data

from finsam_accounts.money import ZERO

CURRENCY = "SEK"


def movements(
    entries: Iterable[data.Directive], start: datetime.date | None, end: datetime.date
) -> dict[str, Decimal]:
    """Sum of postings per account for transactions dated in [start, end).

    ``start=None`` sums from the beginning of the ledger, i.e. the balance at ``end``
    (at the start of that day, like beancount's balance assertions).
    """
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
                raise ValueError(
                    f"{entry.meta.get('filename')}:{entry.meta.get('lineno')}: "
                    f"valutan {posting.units.currency} stöds inte, bara {CURRENCY}"
                )
            totals[posting.account] += posting.units.number
    return dict(totals)


def balances_at(entries: Iterable[data.Directive], date: datetime.date) -> dict[str, Decimal]:
    """Balance per account at the start of ``date`` (so year end Y is ``date(Y+1, 1, 1)``)."""
    return movements(entries, None, date)


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """[start, end) of a calendar fiscal year."""
    return datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)


def equity_at(
    entries: Iterable[data.Directive], date: datetime.date, options: dict[str, object]
) -> Decimal:
    """Equity (positive = net assets) at the start of ``date``.

    Income and cost accounts are never closed into equity in the ledger, so equity is the
    equity accounts plus every result booked before ``date``: minus the sum of all equity,
    income and expense balances, which equals assets minus liabilities.
    """
    roots = tuple(
        f"{options[key]}:" for key in ("name_equity", "name_income", "name_expenses")
    )
    balances = balances_at(entries, date)
    return -sum((v for a, v in balances.items() if a.startswith(roots)), ZERO)
