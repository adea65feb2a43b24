"""Voucher list (*verifikationslista*): every voucher of a year, in number order per series.

One row per posting, the voucher's own fields repeated on each: number, date, counterparty,
text, reference to the underlying document, correction links both ways (``korrigerar`` and
the vouchers that correct it) and the file and line where it is written. With the list an
auditor sees that no number is missing and where each voucher is.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pandas as pd
from beancount.core import data

from finsam_accounts.audit.rules import amount, sort_key, source, voucher_number, vouchers
from finsam_accounts.books import Books
from finsam_accounts.conventions import CORRECTS_RE, META_CORRECTS

COLUMNS = [
    "ver",
    "datum",
    "motpart",
    "text",
    "underlag",
    "korrigerar",
    "korrigeras av",
    "nr",
    "konto",
    "debet",
    "kredit",
    "källa",
]


def voucher_list(books: Books, year: int, base: Path | None) -> pd.DataFrame:
    """Every voucher dated in ``year``; ``base`` is the folder file names are relative to."""
    booked = vouchers(books.entries)
    corrected_by = corrections(booked)
    numbers = {a.name: a.number for a in books.accounts.values()}
    rows: list[list[Any]] = []
    for entry in sorted((e for e in booked if e.date.year == year), key=sort_key):
        meta = entry.meta or {}
        ver = voucher_number(entry)
        head = [
            ver,
            entry.date,
            entry.payee or "",
            entry.narration or "",
            str(meta.get("underlag") or ""),
            str(meta.get(META_CORRECTS) or ""),
            ", ".join(corrected_by.get((year, ver), [])),
        ]
        for posting in entry.postings:
            value = amount(entry, posting)
            rows.append(
                [
                    *head,
                    numbers.get(posting.account, ""),
                    posting.account,
                    value if value >= 0 else None,
                    -value if value < 0 else None,
                    source(entry, base),
                ]
            )
    return pd.DataFrame(rows, columns=COLUMNS)


def corrections(booked: list[data.Transaction]) -> dict[tuple[int, str], list[str]]:
    """(year, voucher) -> the vouchers that correct it, "A7" or "2020:A7" from another year."""
    found: dict[tuple[int, str], list[str]] = defaultdict(list)
    for entry in sorted(booked, key=lambda e: (e.date.year, sort_key(e))):
        match = CORRECTS_RE.match(str((entry.meta or {}).get(META_CORRECTS) or "").strip())
        if match is None:
            continue
        year = int(match["year"]) if match["year"] else entry.date.year
        ver = voucher_number(entry)
        found[(year, match["voucher"])].append(
            ver if year == entry.date.year else f"{entry.date.year}:{ver}"
        )
    return dict(found)
