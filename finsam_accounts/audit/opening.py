"""Opening balance and movement of a period, split the way the annual statements split them.

A period runs from the start of a fiscal year to a date in it. Its opening balance is
everything booked before the year plus the year's opening-balance vouchers
(:func:`~finsam_accounts.audit.rules.opening_rule`); its movement is every other
voucher dated in the period. Income and cost accounts start each year at zero, as in a
closed set of books: their earlier balances, which this ledger never books over to equity,
are shown on one line of their own (:data:`PRIOR_RESULTS`) so that every list still sums
to zero.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from beancount.core import data

from finsam_accounts.audit.rules import (
    amount,
    opening_rule,
    sort_key,
    vouchers,
    year_start,
)
from finsam_accounts.books import Books
from finsam_accounts.money import ZERO

# The key of the line that carries earlier years' results (not an account of the ledger).
PRIOR_RESULTS = ""
PRIOR_RESULTS_LABEL = "Resultat från tidigare år (ej omfört till eget kapital)"


@dataclass(frozen=True)
class Period:
    """The vouchers of a period split into opening balance and movement."""

    start: datetime.date
    end: datetime.date  # inclusive
    opening: dict[str, Decimal]  # per account, PRIOR_RESULTS for earlier results
    opening_vouchers: list[data.Transaction]  # the year's own opening-balance vouchers
    movement_vouchers: list[data.Transaction]  # in date and number order


def split(books: Books, end: datetime.date) -> Period:
    """Split the books at the start of ``end``'s fiscal year, up to and including ``end``."""
    start = year_start(end)
    is_opening = opening_rule(books)
    roots = books.result_roots
    opening: dict[str, Decimal] = defaultdict(lambda: ZERO)
    own_opening: list[data.Transaction] = []
    movement: list[data.Transaction] = []
    for entry in vouchers(books.entries):
        if entry.date > end:
            continue
        if entry.date >= start and not is_opening(entry):
            movement.append(entry)
            continue
        if entry.date >= start:
            own_opening.append(entry)
        earlier = entry.date < start
        for posting in entry.postings:
            account = posting.account
            key = PRIOR_RESULTS if earlier and account.startswith(roots) else account
            opening[key] += amount(entry, posting)
    movement.sort(key=lambda e: (e.date, sort_key(e)))
    own_opening.sort(key=sort_key)
    return Period(start, end, dict(opening), own_opening, movement)


def ordered_accounts(keys: set[str], books: Books) -> list[tuple[str, str, str]]:
    """``(key, nr, name)`` sorted by account number; earlier results before the income."""
    infos = books.accounts
    roots = books.result_roots
    real = sorted((infos[k].number if k in infos else "", k) for k in keys if k != PRIOR_RESULTS)
    rows = [(k, nr, k) for nr, k in real]
    if PRIOR_RESULTS in keys:
        at = next((i for i, (k, _, _) in enumerate(rows) if k.startswith(roots)), len(rows))
        rows.insert(at, (PRIOR_RESULTS, "", PRIOR_RESULTS_LABEL))
    return rows
