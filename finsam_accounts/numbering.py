"""Voucher numbers: the next free number per series, for everything that numbers vouchers.

A voucher number is a series (capital letters) followed by a running number, ``ver: "B12"``;
each series runs from 1 without gaps within a fiscal year (the plugin checks that). The
functions here are the one place that says which number comes next:

* :func:`current_year` — the year new vouchers go into: the latest fiscal year (declared,
  else a year with vouchers) that is not closed (``custom "bokslut"``);
* :func:`next_numbers` — the next free number of every series known to the books;
* :class:`Numberer` — hands out numbers one after another (``B200``, ``B201``, …) for a
  command that proposes several vouchers (``medlemsavgifter --bokför``, ``bank-import``).

Pure functions of the books (:class:`~finsam_accounts.books.Books`: the load's vouchers,
its fiscal years, locked years, opening-balance vouchers and voided numbers, each parsed
once per load); no pandas (the check command imports this module).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from beancount.core import data

from finsam_accounts.conventions import META_VOUCHER, VOUCHER_RE

if TYPE_CHECKING:  # the books import the declarations, which import the series pattern
    from finsam_accounts.books import Books

SERIES_RE = re.compile(r"^[A-ZÅÄÖ]+$")


def parse(value: object) -> tuple[str, int] | None:
    """``"B12"`` → ``("B", 12)``; None for anything that is not a voucher number."""
    match = VOUCHER_RE.match(str(value)) if value is not None else None
    return (match["series"], int(match["number"])) if match else None


def used_numbers(books: Books) -> dict[tuple[int, str], int]:
    """The largest number used (or voided, ``Books.voided``) per (year, series); a
    voucher's year is its date's."""
    largest: dict[tuple[int, str], int] = {}

    def note(year: int, series: str, number: int) -> None:
        largest[(year, series)] = max(largest.get((year, series), 0), number)

    for entry in books.entries:
        if isinstance(entry, data.Transaction):
            parsed = parse((entry.meta or {}).get(META_VOUCHER))
            if parsed is not None:
                note(entry.date.year, *parsed)
    for void in books.voided:  # a voided number is used (voided.py)
        note(void.year, void.series, void.number)
    return largest


def current_year(books: Books) -> int | None:
    """The year new vouchers go into: the latest fiscal year (declared, else the years
    with vouchers: ``Books.fiscal_years``) not closed (``Books.locked_years``); None when
    every year is closed or the books have no year."""
    open_years = [y for y in books.fiscal_years if y not in books.locked_years]
    return open_years[-1] if open_years else None


def opening_only_series(books: Books) -> set[str]:
    """The series only opening-balance vouchers use (``ib: TRUE``, ``Books.is_opening``,
    e.g. ``IB1`` that ``finsam flytta-in`` writes): no voucher is ever booked in them
    again."""
    opening: set[str] = set()
    other: set[str] = {void.series for void in books.voided}
    for entry in books.entries:
        if isinstance(entry, data.Transaction):
            parsed = parse((entry.meta or {}).get(META_VOUCHER))
            if parsed:
                (opening if books.is_opening(entry) else other).add(parsed[0])
    return opening - other


def next_numbers(books: Books, year: int) -> dict[str, int]:
    """The next free number of every series the books use (in any year), for ``year``:
    the largest used in the year + 1, or 1 for a series not yet used that year. A series
    only the opening balance uses is left out of the other years (IB1 from flytta-in);
    in its own year it goes on (A1 with ib: TRUE, then A2)."""
    largest = used_numbers(books)
    opening = opening_only_series(books)
    series = sorted({name for y, name in largest if name not in opening or y == year})
    return {name: largest.get((year, name), 0) + 1 for name in series}


def next_number(books: Books, series: str, year: int) -> int:
    """The next free number of one series in a year (1 for a new series)."""
    return used_numbers(books).get((year, series), 0) + 1


def format_numbers(numbers: dict[str, int]) -> str:
    """``A47 B200 F117``: the next numbers, in series order."""
    return " ".join(f"{name}{numbers[name]}" for name in sorted(numbers))


@dataclass
class Numberer:
    """Hands out the next free numbers of a year, one after another, per series."""

    year: int
    following: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, books: Books, year: int) -> Numberer:
        return cls(year, next_numbers(books, year))

    def take(self, series: str) -> str:
        """The next number of ``series`` ("B200"); the one after is handed out next."""
        number = self.following.get(series, 1)
        self.following[series] = number + 1
        return f"{series}{number}"
