"""New vouchers from Fava's add form: refused when empty, numbered, put in the year's file.

Fava's add form saves what it has when Enter is pressed, also a voucher without a single
posting. The writable Fava (:class:`finsam_accounts.fava.edits.GuardedFile`) therefore

* refuses a voucher without postings, or with a posting without an account, or without
  any amount (:func:`empty_reason`, a Swedish message);
* fills in the number when ``ver`` names only the series (``ver: "B"`` → ``"B432"``, the
  next free number of that series in the voucher's year, :mod:`finsam_accounts.numbering`);
* writes each voucher into its year's file (``2019.beancount``) when the books keep one
  file per year (:mod:`finsam_accounts.year_files`), else where Fava would.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from beancount.core import data

from finsam_accounts import numbering
from finsam_accounts.books import Books
from finsam_accounts.conventions import META_VOUCHER

EMPTY = (
    "Verifikationen sparas inte: den är tom ({reason}). Fyll i datum, text och minst två "
    "konteringar med konto och belopp."
)


def empty_reason(entry: Any) -> str | None:
    """Why a new entry from the add form is empty, or None when it is not."""
    if isinstance(entry, data.Transaction):
        if not entry.postings:
            return "inga konteringar"
        if any(not str(posting.account or "").strip() for posting in entry.postings):
            return "en kontering saknar konto"
        if not any(isinstance(getattr(posting.units, "number", None), Decimal)
                   for posting in entry.postings):
            return "inga belopp"
        return None
    account = getattr(entry, "account", None)
    if account is not None and not str(account).strip():
        return "konto saknas"
    return None


def refusal(entries: Sequence[Any]) -> str | None:
    """The Swedish refusal for the first empty entry, or None."""
    for entry in entries:
        reason = empty_reason(entry)
        if reason:
            return EMPTY.format(reason=reason)
    return None


def numbered(entries: Sequence[Any], books: Books) -> list[Any]:
    """The entries, with ``ver`` that names only a series given its next free number in
    ``books`` (the books of Fava's load)."""
    numberers: dict[int, numbering.Numberer] = {}
    result = []
    for entry in entries:
        value = str((entry.meta or {}).get(META_VOUCHER) or "").strip()
        if isinstance(entry, data.Transaction) and numbering.SERIES_RE.match(value):
            year = entry.date.year
            if year not in numberers:
                numberers[year] = numbering.Numberer.of(books, year)
            meta = dict(entry.meta or {})
            meta[META_VOUCHER] = numberers[year].take(value)
            entry = entry._replace(meta=meta)
        result.append(entry)
    return result
