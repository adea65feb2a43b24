"""Voucher numbers: the next free number per series, for everything that numbers vouchers.

A voucher number is a series (capital letters) followed by a running number, ``ver: "B12"``;
each series runs from 1 without gaps within a fiscal year (the plugin checks that). The
functions here are the one place that says which number comes next:

* :func:`current_year` — the year new vouchers go into: the latest declared fiscal year
  that is not closed (``custom "bokslut"``), else the latest year with vouchers;
* :func:`next_numbers` — the next free number of every series known to the books;
* :class:`Numberer` — hands out numbers one after another (``B200``, ``B201``, …) for a
  command that proposes several vouchers (``medlemsavgifter --bokför``, ``bank-import``).

Pure functions of the entries; no pandas (the check command imports this module).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from beancount.core import data

from finsam_accounts.conventions import META_OPENING, META_VOUCHER, VOUCHER_RE

SERIES_RE = re.compile(r"^[A-ZÅÄÖ]+$")
CUSTOM_FISCAL_YEAR = "räkenskapsår"
CUSTOM_LOCK = "bokslut"
CUSTOM_VOIDED = "makulerad"


def parse(value: object) -> tuple[str, int] | None:
    """``"B12"`` → ``("B", 12)``; None for anything that is not a voucher number."""
    match = VOUCHER_RE.match(str(value)) if value is not None else None
    return (match["series"], int(match["number"])) if match else None


def used_numbers(entries: Iterable[data.Directive]) -> dict[tuple[int, str], int]:
    """The largest number used (or voided) per (year, series); a voucher's year is its
    date's."""
    largest: dict[tuple[int, str], int] = {}
    for entry in entries:
        if isinstance(entry, data.Custom) and entry.type == CUSTOM_VOIDED and entry.values:
            parsed = parse(entry.values[0].value)  # a voided number is used (voided.py)
        elif isinstance(entry, data.Transaction):
            parsed = parse((entry.meta or {}).get(META_VOUCHER))
        else:
            continue
        if parsed is None:
            continue
        key = (entry.date.year, parsed[0])
        largest[key] = max(largest.get(key, 0), parsed[1])
    return largest


def declared_years(entries: Iterable[data.Directive]) -> tuple[list[int], set[int]]:
    """The declared fiscal years (sorted) and the closed ones."""
    declared: set[int] = set()
    closed: set[int] = set()
    for entry in entries:
        if not isinstance(entry, data.Custom) or not entry.values:
            continue
        value = entry.values[0].value
        if entry.type == CUSTOM_FISCAL_YEAR and str(value).isdigit():
            declared.add(int(value))
        elif entry.type == CUSTOM_LOCK and str(value).isdigit():
            closed.add(int(value))
    return sorted(declared), closed


def current_year(entries: Iterable[data.Directive]) -> int | None:
    """The year new vouchers go into: the latest declared fiscal year not closed; without
    declared years the latest year with a voucher; None when every year is closed."""
    entries = list(entries)
    declared, closed = declared_years(entries)
    if declared:
        open_years = [y for y in declared if y not in closed]
        return open_years[-1] if open_years else None
    years = [e.date.year for e in entries if isinstance(e, data.Transaction)]
    return max(years) if years else None


def opening_only_series(entries: Iterable[data.Directive]) -> set[str]:
    """The series only opening-balance vouchers use (``ib: TRUE``, e.g. ``IB1`` that
    ``finsam flytta-in`` writes): no voucher is ever booked in them again."""
    opening: set[str] = set()
    other: set[str] = set()
    for entry in entries:
        if isinstance(entry, data.Transaction):
            parsed = parse((entry.meta or {}).get(META_VOUCHER))
            if parsed:
                (opening if (entry.meta or {}).get(META_OPENING) is True else other).add(
                    parsed[0])
        elif isinstance(entry, data.Custom) and entry.type == CUSTOM_VOIDED and entry.values:
            parsed = parse(entry.values[0].value)
            if parsed:
                other.add(parsed[0])
    return opening - other


def next_numbers(entries: Iterable[data.Directive], year: int) -> dict[str, int]:
    """The next free number of every series the books use (in any year), for ``year``:
    the largest used in the year + 1, or 1 for a series not yet used that year. A series
    only the opening balance uses is left out of the other years (IB1 from flytta-in);
    in its own year it goes on (A1 with ib: TRUE, then A2)."""
    entries = list(entries)
    largest = used_numbers(entries)
    opening = opening_only_series(entries)
    series = sorted({name for y, name in largest if name not in opening or y == year})
    return {name: largest.get((year, name), 0) + 1 for name in series}


def next_number(entries: Iterable[data.Directive], series: str, year: int) -> int:
    """The next free number of one series in a year (1 for a new series)."""
    return used_numbers(entries).get((year, series), 0) + 1


def format_numbers(numbers: dict[str, int]) -> str:
    """``A47 B200 F117``: the next numbers, in series order."""
    return " ".join(f"{name}{numbers[name]}" for name in sorted(numbers))


@dataclass
class Numberer:
    """Hands out the next free numbers of a year, one after another, per series."""

    year: int
    following: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, entries: Iterable[data.Directive], year: int) -> Numberer:
        return cls(year, next_numbers(entries, year))

    def take(self, series: str) -> str:
        """The next number of ``series`` ("B200"); the one after is handed out next."""
        number = self.following.get(series, 1)
        self.following[series] = number + 1
        return f"{series}{number}"
