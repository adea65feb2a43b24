"""Recurring vouchers (*periodiska verifikationer*) as data, and the ones due up to a date.

A recurring voucher is declared in the books, its first date being the directive's::

    2019-01-25 custom "periodisk" "Hyra kontor" "månad" "B" 12000.00 SEK
        Kostnader:SAMO:Hyra Tillgångar:Bank   (on one line)

name, interval (``månad``, ``kvartal``, ``år``), series, amount, the account debited and
the account credited; an optional ``till`` (a date) ends it. It recurs on the same day of
the month (the last day when a month is shorter). A booked voucher carries
``periodisk: "Hyra kontor 2019-02-25"`` (name and due date), so a due date that has one is
never proposed again. Parsed once per load (``Books.recurring``, domain.py); the plugin
reports malformed declarations at their line.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from beancount.core import account as account_module
from beancount.core import amount as amount_module
from beancount.core import data

from finsam_accounts import numbering
from finsam_accounts.conventions import META_VOUCHER
from finsam_accounts.declared import FromDirective, keep_once
from finsam_accounts.errors import FinsamError, error_at

if TYPE_CHECKING:  # the books hold the recurring vouchers parsed here
    from finsam_accounts.books import Books

CUSTOM = "periodisk"
ACCOUNT = account_module.TYPE  # the dtype of an account among a custom entry's values
META_RECURRING = "periodisk"
INTERVALS = {"månad": 1, "kvartal": 3, "år": 12}
USAGE = (
    'custom "periodisk" ska ange namn, intervall ("månad", "kvartal" eller "år"), serie, '
    'belopp och två konton (debet, kredit), t.ex. custom "periodisk" "Hyra" "månad" "B" '
    "12000.00 SEK Kostnader:Hyra Tillgångar:Bank"
)


@dataclass(frozen=True)
class Recurring(FromDirective):
    name: str
    months: int
    series: str
    amount: amount_module.Amount
    debit: str
    credit: str
    first: datetime.date
    until: datetime.date | None
    entry: data.Custom


def parse(entry: data.Custom) -> Recurring | FinsamError:
    values = [value.value for value in entry.values]
    types = [value.dtype for value in entry.values]
    if len(values) != 6 or not all(isinstance(v, str) for v in values[:3]) or not isinstance(
        values[3], amount_module.Amount) or types[4] != ACCOUNT or types[5] != ACCOUNT:
        return error_at(entry, USAGE)
    name, interval, series = (str(v).strip() for v in values[:3])
    if not name:
        return error_at(entry, USAGE)
    if interval not in INTERVALS:
        return error_at(entry, f'periodisk "{name}": okänt intervall "{interval}" '
                               '(ska vara "månad", "kvartal" eller "år")')
    if not numbering.SERIES_RE.match(series):
        return error_at(entry, f'periodisk "{name}": serien "{series}" ska vara versaler, '
                               't.ex. "B"')
    money = values[3]
    if money.number is None or money.number <= 0 or money.number != money.number.quantize(
            Decimal("0.01")):
        return error_at(entry, f'periodisk "{name}": beloppet ska vara större än noll, '
                               "i kronor och hela ören")
    until = (entry.meta or {}).get("till")
    if until is not None and not isinstance(until, datetime.date):
        return error_at(entry, f'periodisk "{name}": till ska vara ett datum, t.ex. 2019-12-31')
    return Recurring(name, INTERVALS[interval], series, money, str(values[4]),
                     str(values[5]), entry.date, until, entry)


def parse_all(entries: Iterable[data.Directive]) -> tuple[tuple[Recurring, ...],
                                                         list[FinsamError]]:
    """Every recurring voucher of the books (once per name), and every problem; parsed once
    per load in :func:`finsam_accounts.domain.parse` (``Books.recurring``)."""
    names: dict[str, Recurring] = {}
    errors: list[FinsamError] = []
    for entry in entries:
        if isinstance(entry, data.Custom) and entry.type == CUSTOM:
            keep_once(parse(entry), names, errors, entry, key=lambda r: r.name,
                      what=lambda r: f'periodisk "{r.name}"')
    return tuple(names.values()), errors


def add_months(date: datetime.date, months: int, day: int) -> datetime.date:
    index = date.year * 12 + date.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day, last))


def due_dates(recurring: Recurring, up_to: datetime.date) -> Iterator[datetime.date]:
    date, step = recurring.first, 0
    end = min(up_to, recurring.until) if recurring.until else up_to
    while date <= end:
        yield date
        step += recurring.months
        date = add_months(recurring.first, step, recurring.first.day)


def key(name: str, date: datetime.date) -> str:
    return f"{name} {date.isoformat()}"


def proposals(books: Books, up_to: datetime.date) -> list[data.Transaction]:
    """The vouchers due up to ``up_to`` that the books do not have yet, numbered; the
    recurring vouchers are the books' (``Books.recurring``)."""
    booked = {str((e.meta or {}).get(META_RECURRING)) for e in books.entries
              if isinstance(e, data.Transaction) and (e.meta or {}).get(META_RECURRING)}
    due = sorted(((date, item) for item in books.recurring for date in due_dates(item, up_to)
                  if key(item.name, date) not in booked), key=lambda pair: (pair[0],
                                                                             pair[1].name))
    numberers: dict[int, numbering.Numberer] = {}
    result = []
    for date, item in due:
        numberer = numberers.setdefault(date.year, numbering.Numberer.of(books, date.year))
        meta = data.new_metadata("<periodiska>", 0)
        meta[META_VOUCHER] = numberer.take(item.series)
        meta[META_RECURRING] = key(item.name, date)
        negative = amount_module.Amount(-Decimal(item.amount.number or 0),
                                        item.amount.currency)
        result.append(data.Transaction(meta, date, "*", None, item.name, frozenset(),
                                       frozenset(), [
            data.Posting(item.debit, item.amount, None, None, None, None),
            data.Posting(item.credit, negative, None, None, None, None)]))
    return result
