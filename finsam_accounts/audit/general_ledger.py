"""General ledger (*huvudbok*): every account of a year with every posting and its balance.

Per account, by Kommun-Bas number: the opening balance (with the year's opening-balance
vouchers named), each posting with date, voucher, text, debit or credit and the running
balance, and the closing balance with the year's total debit and credit. Each posting
carries the file and line of its voucher so that an auditor can open it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
from beancount.core import data

from finsam_accounts.audit.opening import ordered_accounts, split
from finsam_accounts.audit.rules import amount, source, voucher_number
from finsam_accounts.books import Books
from finsam_accounts.money import ZERO

COLUMNS = ["nr", "konto", "datum", "ver", "text", "debet", "kredit", "saldo", "källa"]
OPENING_TEXT = "Ingående balans"
CLOSING_TEXT = "Utgående balans"


def general_ledger(books: Books, year: int, base: Path | None) -> pd.DataFrame:
    """The rows of the general ledger; ``base`` is the folder file names are relative to."""
    end = datetime.date(year, 12, 31)
    period = split(books, end)
    postings: dict[str, list[tuple[data.Transaction, Decimal]]] = defaultdict(list)
    for entry in period.movement_vouchers:
        for posting in entry.postings:
            postings[posting.account].append((entry, amount(entry, posting)))
    brought_in: dict[str, list[data.Transaction]] = defaultdict(list)
    for entry in period.opening_vouchers:
        for account in dict.fromkeys(p.account for p in entry.postings):
            brought_in[account].append(entry)
    keys = set(postings) | {k for k, v in period.opening.items() if v != ZERO}
    rows: list[list[Any]] = []
    for key, number, name in ordered_accounts(keys, books):
        balance = period.opening.get(key, ZERO)
        named = brought_in.get(key, [])
        rows.append(
            [
                number,
                name,
                period.start,
                ", ".join(voucher_number(e) for e in named),
                OPENING_TEXT,
                None,
                None,
                balance,
                source(named[0], base) if named else "",
            ]
        )
        debit = credit = ZERO
        for entry, value in postings.get(key, []):
            balance += value
            debit += max(value, ZERO)
            credit += max(-value, ZERO)
            rows.append(
                [
                    number,
                    name,
                    entry.date,
                    voucher_number(entry),
                    entry.narration or "",
                    value if value >= 0 else None,
                    -value if value < 0 else None,
                    balance,
                    source(entry, base),
                ]
            )
        rows.append([number, name, end, "", CLOSING_TEXT, debit, credit, balance, ""])
    return pd.DataFrame(rows, columns=COLUMNS)
