"""Trial balance (*saldobalans*): per account opening, movement and closing at a date.

Opening is at the start of the date's fiscal year, the movement runs from then to the date
inclusive, closing is their sum. Every voucher balances, so each column sums to zero; a
column that does not is an error naming the difference, never a printed list.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pandas as pd

from finsam_accounts.audit.opening import ordered_accounts, split
from finsam_accounts.audit.rules import amount
from finsam_accounts.books import Books
from finsam_accounts.errors import ReportError, plain_error
from finsam_accounts.money import ZERO, exact_sum, format_sv_ore

COLUMNS = ["nr", "konto", "ingående balans", "period", "utgående balans"]
AMOUNTS = COLUMNS[2:]
TOTAL = "Summa"


def trial_balance(books: Books, date: datetime.date) -> pd.DataFrame:
    """One row per account with a balance or a movement, then the total row (all zero)."""
    period = split(books, date)
    movement: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for entry in period.movement_vouchers:
        for posting in entry.postings:
            movement[posting.account] += amount(entry, posting)
    keys = set(movement) | {k for k, v in period.opening.items() if v != ZERO}
    rows: list[list[Any]] = []
    for key, number, name in ordered_accounts(keys, books):
        opening = period.opening.get(key, ZERO)
        change = movement.get(key, ZERO)
        rows.append([number, name, opening, change, opening + change])
    totals = [exact_sum(row[i] for row in rows) for i in range(2, len(COLUMNS))]
    check_zero(dict(zip(AMOUNTS, totals, strict=True)), date)
    rows.append(["", TOTAL, *totals])
    return pd.DataFrame(rows, columns=COLUMNS)


def check_zero(totals: Mapping[str, Decimal], date: datetime.date) -> None:
    """Raise a ReportError naming every column whose total is not zero."""
    problems = [
        plain_error(
            f"saldobalansen {date.isoformat()} summerar inte till noll: "
            f"{column} har differensen {format_sv_ore(total)} kr"
        )
        for column, total in totals.items()
        if total != ZERO
    ]
    if problems:
        raise ReportError(problems)
