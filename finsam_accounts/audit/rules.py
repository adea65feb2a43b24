"""The rules the auditors' lists share: opening-balance vouchers, result accounts, sources.

Why one module: the general ledger and the trial balance must split the same vouchers into
opening balance and movement as the annual statements do, or a figure could not be traced.
:func:`is_opening_voucher` is the one place that decides it (to be replaced by the books
API's rule when that lands).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from beancount.core import data

from finsam_accounts.balances import CURRENCY
from finsam_accounts.errors import ReportError, error_at, relative_name
from finsam_accounts.ledger import fiscal_years
from finsam_accounts.plugin import VOUCHER_RE, is_booked

META_OPENING = "ib"  # ib: TRUE marks a voucher as the opening balance of its year


def is_opening_voucher(
    entry: data.Transaction, options: Mapping[str, Any], first_year: int
) -> bool:
    """True for a voucher that brings balances in rather than booking the year's events.

    That is: a voucher marked ``ib: TRUE``, a voucher dated before the first fiscal year,
    or a voucher on 1 January that posts to equity, like the example ledger's A1 (the
    statements' rule, :func:`finsam_accounts.balances.bring_forward_opening_balances`).
    """
    if (entry.meta or {}).get(META_OPENING) is True:
        return True
    if entry.date < datetime.date(first_year, 1, 1):
        return True
    equity = f"{options.get('name_equity', 'Equity')}:"
    return (entry.date.month, entry.date.day) == (1, 1) and any(
        p.account.startswith(equity) for p in entry.postings
    )


def first_fiscal_year(entries: list[data.Directive]) -> int:
    """The first declared fiscal year, or the year of the first voucher."""
    years = fiscal_years(entries)
    if years:
        return years[0]
    return min((e.date.year for e in entries if isinstance(e, data.Transaction)), default=1)


def year_start(date: datetime.date) -> datetime.date:
    """The first day of the fiscal year ``date`` lies in (the calendar year)."""
    return datetime.date(date.year, 1, 1)


def result_roots(options: Mapping[str, Any]) -> tuple[str, ...]:
    """Prefixes of the accounts that start every fiscal year at zero (income and costs)."""
    names = (("name_income", "Income"), ("name_expenses", "Expenses"))
    return tuple(f"{options.get(key, default)}:" for key, default in names)


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
