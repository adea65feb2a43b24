"""Participants per insats and year, by kön, as data in the books.

The förbund registers its participants in the national follow-up system (SUS); the same
counts are declared in the books so that cost per participant is computed from them::

    2019-12-31 custom "deltagare" 2019 "Ungdomstorget" 148 147

(the year, the insats's name as in its ``custom "insats"``, then the number of women and
of men who took part during the year). A count is a whole number, not negative; the
insats must be declared and its period must include some of the year; a year and insats
are declared once.

Pure, no pandas: parsed once per load (``Books.participants``, domain.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from beancount.core import data

from finsam_accounts.declared import FromDirective, keep_once
from finsam_accounts.errors import FinsamError, error_at
from finsam_accounts.followup import insatser

if TYPE_CHECKING:  # the books read it (Books.participants)
    from finsam_accounts.books import Books

CUSTOM_PARTICIPANTS = "deltagare"
SYNTAX = 'custom "deltagare" ÅR "Insats" KVINNOR MÄN, t.ex. 2019 "Ungdomstorget" 148 147'


@dataclass(frozen=True)
class Participants(FromDirective):
    year: int
    insats: str
    women: int
    men: int
    entry: data.Custom

    @property
    def total(self) -> int:
        return self.women + self.men


def _count(value: Any) -> int | None:
    if isinstance(value, Decimal) and not isinstance(value, bool) and value >= 0 \
            and value == value.to_integral_value():
        return int(value)
    return None


def _parse(entry: data.Custom,
           declared: dict[str, list[insatser.Insats]]) -> Participants | FinsamError:
    values = [v.value for v in entry.values]
    if len(values) != 4 or not isinstance(values[1], str):
        return error_at(entry, f"deltagarna ska skrivas {SYNTAX}")
    year = _count(values[0])
    if year is None or not 1900 <= year <= 2999:
        return error_at(entry, f"deltagarna: {values[0]} är inget år ({SYNTAX})")
    women, men = _count(values[2]), _count(values[3])
    if women is None or men is None:
        return error_at(entry, (f"deltagarna i {values[1]} {year}: antalen ska vara hela tal, "
                                f"inte negativa ({SYNTAX})"))
    name = values[1]
    if name not in declared:
        return error_at(entry, (f'deltagare i "{name}", men ingen sådan insats är deklarerad '
                                f'(custom "insats" "{name}" ...)'))
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if not any(i.start <= last and first <= i.end for i in declared[name]):
        return error_at(entry, f"insatsen {name} pågår inte under {year}, men har deltagare "
                               f"{year}")
    return Participants(year, name, women, men, entry)


def parse(
    entries: Sequence[data.Directive], grants: Iterable[insatser.Insats]
) -> tuple[tuple[Participants, ...], list[FinsamError]]:
    """Every usable declaration in order (once per year and insats), and the problems;
    ``grants``: the books' insatser. Parsed once per load in
    :func:`finsam_accounts.domain.parse` (``Books.participants``)."""
    declared: dict[str, list[insatser.Insats]] = {}
    for insats in grants:
        declared.setdefault(insats.name, []).append(insats)
    found: dict[tuple[int, str], Participants] = {}
    problems: list[FinsamError] = []
    for entry in entries:
        if isinstance(entry, data.Custom) and entry.type == CUSTOM_PARTICIPANTS:
            keep_once(_parse(entry, declared), found, problems, entry,
                      key=lambda p: (p.year, p.insats),
                      what=lambda p: f"deltagarna i {p.insats} {p.year}")
    return tuple(found.values()), problems


def of_year(books: Books, year: int) -> dict[str, Participants]:
    """The year's declarations by insats name (usable ones only)."""
    return {p.insats: p for p in books.participants if p.year == year}
