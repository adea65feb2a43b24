"""The books of one fiscal year as a SIE 4 file's content (export).

What the file says is computed here from the ledger's entries, purely: the chart with
each account's Kommun-Bas number (``nr``), the activities (``verksamhet``) as objects of
dimension 1, the opening and closing balances and results of the year and the year
before, and every voucher of the year. The ledger never closes income and costs into
equity, so an opening balance of equity here also carries the results of earlier years
(the equity account with the lowest number takes them), as in a file from a system
that has booked its year-end closing: the opening balances of a year sum to zero.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from beancount.core import data
from beancount.core.account_types import AccountTypes

from finsam_accounts.balances import year_bounds
from finsam_accounts.books import META_OPENING, Books
from finsam_accounts.conventions import META_VOUCHER, VOUCHER_RE, AccountInfo
from finsam_accounts.errors import FinsamError, ReportError, plain_error
from finsam_accounts.money import ZERO
from finsam_accounts.sie.model import (
    ACTIVITY_DIMENSION,
    ACTIVITY_DIMENSION_NAME,
    CLOSING,
    OPENING,
    RESULT,
    Balance,
    SieFile,
    Trans,
    Voucher,
)

PROGRAM = ("finsam-accounts", "1")


def is_opening_voucher(entry: data.Directive, options: Mapping[str, Any]) -> bool:
    """The balances brought in on a year's first day: a voucher marked ``ib: TRUE``
    (one dated before the year is before it anyway); see :mod:`finsam_accounts.books`."""
    return isinstance(entry, data.Transaction) and (entry.meta or {}).get(META_OPENING) is True


def account_type(account: str, roots: AccountTypes) -> str:
    """SIE's account type: T asset, S liability or equity, I income, K cost (``roots``:
    the books' root account names, beancount's ``get_account_types``)."""
    root = account.split(":", 1)[0]
    if root == roots.assets:
        return "T"
    if root == roots.income:
        return "I"
    if root == roots.expenses:
        return "K"
    return "S"


def split_year(
    entries: Iterable[data.Directive], options: Mapping[str, Any], year: int
) -> tuple[list[data.Transaction], list[data.Transaction]]:
    """The transactions before the year (with its opening vouchers) and those in it."""
    start, end = year_bounds(year)
    before: list[data.Transaction] = []
    during: list[data.Transaction] = []
    for entry in entries:
        if not isinstance(entry, data.Transaction) or entry.flag == "P":
            continue
        if entry.date < start or (entry.date < end and is_opening_voucher(entry, options)):
            before.append(entry)
        elif entry.date < end:
            during.append(entry)
    return before, during


def sums(transactions: Iterable[data.Transaction]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for entry in transactions:
        for posting in entry.postings:
            if posting.units is not None and posting.units.number is not None:
                totals[posting.account] += posting.units.number
    return totals


def export(books: Books, year: int) -> SieFile:
    """The SIE 4 content of ``year`` and the year before. Raises ReportError."""
    entries, options, roots = books.entries, books.options, books.roots
    infos = books.accounts
    before, during = split_year(entries, options, year)
    dates = [e.date for e in [*before, *during] if e.date.year == year]
    if not dates:
        raise ReportError([plain_error(f"bokföringen har inga verifikationer för {year}")])
    years = {0: year}
    if any(e.date.year == year - 1 for e in before):
        years[-1] = year - 1
    sie = SieFile(
        sie_type=4,
        program=PROGRAM,
        generated=max(dates),  # the last voucher's date: the same books, the same file
        company=str(options.get("title") or ""),
        organisation_number=books.organisation_number,
        years={i: (year_bounds(y)[0], year_bounds(y)[1] - datetime.timedelta(days=1))
               for i, y in years.items()},
    )  # fmt: skip
    errors: list[FinsamError] = []
    for index, when in years.items():
        opening, moved = split_year(entries, options, when)
        sie.balances.extend(_balances(index, sums(opening), sums(moved), infos, roots, errors))
    _chart(sie, infos, roots, {a.code: a.name for a in books.activities})
    sie.vouchers = _vouchers(during, infos, errors)
    if errors:
        raise ReportError(errors)
    return sie


def _number(account: str, infos: Mapping[str, AccountInfo], errors: list[FinsamError]) -> str:
    info = infos.get(account)
    if info is None or not info.number:
        errors.append(plain_error(f"konto {account} saknar Kommun-Bas-nummer (metadata nr)"))
        return "0"
    return info.number


def _balances(
    index: int,
    opening: Mapping[str, Decimal],
    moved: Mapping[str, Decimal],
    infos: Mapping[str, AccountInfo],
    roots: AccountTypes,
    errors: list[FinsamError],
) -> list[Balance]:
    ib: dict[str, Decimal] = defaultdict(lambda: ZERO)
    ub: dict[str, Decimal] = defaultdict(lambda: ZERO)
    res: dict[str, Decimal] = defaultdict(lambda: ZERO)
    earlier_results = ZERO
    for account in sorted(set(opening) | set(moved)):
        number = _number(account, infos, errors)
        if account_type(account, roots) in ("I", "K"):
            earlier_results += opening.get(account, ZERO)
            res[number] += moved.get(account, ZERO)
        else:
            ib[number] += opening.get(account, ZERO)
            ub[number] += opening.get(account, ZERO) + moved.get(account, ZERO)
    if earlier_results:
        carrier = _equity_number(infos, roots)
        if carrier is None:
            errors.append(plain_error("bokföringen har inget konto för eget kapital"))
        else:
            ib[carrier] += earlier_results
            ub[carrier] += earlier_results
    return [
        Balance(kind, index, number, amount)
        for kind, figures in ((OPENING, ib), (CLOSING, ub), (RESULT, res))
        for number, amount in figures.items()
        if amount
    ]


def _equity_number(infos: Mapping[str, AccountInfo], roots: AccountTypes) -> str | None:
    root = f"{roots.equity}:"
    numbers = sorted(
        (i.number for i in infos.values() if i.name.startswith(root) and i.number),
        key=lambda n: (len(n), n),
    )
    return numbers[0] if numbers else None


def _chart(
    sie: SieFile,
    infos: Mapping[str, AccountInfo],
    roots: AccountTypes,
    names: Mapping[str, str],
) -> None:
    labels: dict[str, list[AccountInfo]] = defaultdict(list)
    for info in infos.values():
        labels[info.label].append(info)
    for info in infos.values():
        if not info.number:
            continue
        # The statement label names the account when no other account shares it.
        name = info.label if len(labels[info.label]) == 1 else info.leaf.replace("-", " ")
        sie.accounts.setdefault(info.number, name)
        sie.account_types.setdefault(info.number, account_type(info.name, roots))
        if info.activity:
            sie.objects[(ACTIVITY_DIMENSION, str(info.activity))] = names.get(
                str(info.activity), str(info.activity)
            )
    if sie.objects:
        sie.dimensions[ACTIVITY_DIMENSION] = ACTIVITY_DIMENSION_NAME


def _vouchers(
    transactions: Iterable[data.Transaction],
    infos: Mapping[str, AccountInfo],
    errors: list[FinsamError],
) -> list[Voucher]:
    vouchers: list[Voucher] = []
    for entry in transactions:
        match = VOUCHER_RE.match(str((entry.meta or {}).get(META_VOUCHER, "")))
        if match is None:
            errors.append(plain_error(f"verifikationen {entry.date} saknar verifikationsnummer"))
            continue
        rows = tuple(
            Trans(
                _number(p.account, infos, errors),
                _objects(infos.get(p.account)),
                p.units.number,
                entry.payee or "",
            )
            for p in entry.postings
            if p.units is not None and p.units.number is not None
        )
        vouchers.append(
            Voucher(match["series"], match["number"], entry.date, entry.narration or "", rows)
        )
    return sorted(vouchers, key=lambda v: (v.series, int(v.number), v.date))


def _objects(info: AccountInfo | None) -> tuple[tuple[str, str], ...]:
    if info is None or not info.activity:
        return ()
    return ((ACTIVITY_DIMENSION, str(info.activity)),)
