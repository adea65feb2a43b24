"""The rules the auditors' lists share: opening-balance vouchers, result accounts, sources.

Why one module: the general ledger and the trial balance must split the same vouchers into
opening balance and movement as the annual statements do, or a figure could not be traced.
:func:`opening_rule` is the one place that decides it, with the books' own rule.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from beancount.core import data

from finsam_accounts.balances import CURRENCY
from finsam_accounts.books import Books
from finsam_accounts.conventions import VOUCHER_RE, is_booked
from finsam_accounts.errors import ReportError, error_at, relative_name


def opening_rule(books: Books) -> Callable[[data.Transaction], bool]:
    """Whether a voucher brings balances in rather than booking the year's events.

    The statements' rule (:mod:`finsam_accounts.books`, docs/ledger.md): a voucher marked
    ``ib: TRUE`` on the first day of a fiscal year, or any voucher dated before the first
    fiscal year.
    """
    first_day = books.first_day

    def is_opening(entry: data.Transaction) -> bool:
        return books.is_opening(entry) or (first_day is not None and entry.date < first_day)

    return is_opening


def year_start(date: datetime.date) -> datetime.date:
    """The first day of the fiscal year ``date`` lies in (the calendar year)."""
    return datetime.date(date.year, 1, 1)


def vouchers(entries: Iterable[data.Directive]) -> list[data.Transaction]:
    """The vouchers the economist booked (no pads, nothing generated)."""
    return [e for e in entries if isinstance(e, data.Transaction) and is_booked(e)]


def voucher_number(entry: data.Transaction) -> str:
    return str((entry.meta or {}).get("ver", ""))


def sort_key(entry: data.Transaction) -> tuple[str, int, str]:
    """Number order within a series: ("B", 12, "B12"); unnumbered last by date."""
    match = VOUCHER_RE.match(voucher_number(entry))
    if match is None:
        return ("\uffff", 0, entry.date.isoformat())
    return (match["series"], int(match["number"]), "")


def source(entry: Any, base: Path | None) -> str:
    """``2019.beancount:123``: the voucher's file (relative to the ledger's folder) and line."""
    meta = getattr(entry, "meta", None) or {}
    return f"{relative_name(str(meta.get('filename', '')), base)}:{meta.get('lineno', 0)}"


def amount(entry: data.Transaction, posting: data.Posting) -> Decimal:
    """The posting's exact amount in SEK (beancount sign); another currency is an error."""
    units = posting.units
    if units is None or units.number is None or units.currency != CURRENCY:
        currency = "" if units is None else f" {units.currency}"
        raise ReportError(
            [error_at(entry, f"beloppet{currency} på {posting.account} är inte i {CURRENCY}")]
        )
    return Decimal(units.number)
