"""Participants per insats and year, by kön, as data in the books.

The förbund registers its participants in the national follow-up system (SUS); the same
counts are declared in the books so that cost per participant is computed from them::

    2019-12-31 custom "deltagare" 2019 "Ungdomstorget" 148 147

(the year, the insats's name as in its ``custom "insats"``, then the number of women and
of men who took part during the year). A count is a whole number, not negative; the
insats must be declared and its period must include some of the year; a year and insats
are declared once.

Pure, no pandas: the plugin calls :func:`errors`.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from beancount.core import data

from finsam_accounts.books import Books
from finsam_accounts.errors import FinsamError, error_at, source_of, where
from finsam_accounts.followup import insatser

CUSTOM_PARTICIPANTS = "deltagare"
SYNTAX = 'custom "deltagare" ÅR "Insats" KVINNOR MÄN, t.ex. 2019 "Ungdomstorget" 148 147'


@dataclass(frozen=True)
class Participants:
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


def _parse(entry: data.Custom, declared: dict[str, list[insatser.Insats]]) -> Participants | str:
    values = [v.value for v in entry.values]
    if len(values) != 4 or not isinstance(values[1], str):
        return f"deltagarna ska skrivas {SYNTAX}"
    year = _count(values[0])
    if year is None or not 1900 <= year <= 2999:
        return f"deltagarna: {values[0]} är inget år ({SYNTAX})"
    women, men = _count(values[2]), _count(values[3])
    if women is None or men is None:
        return (f"deltagarna i {values[1]} {year}: antalen ska vara hela tal, inte negativa "
                f"({SYNTAX})")
    name = values[1]
    if name not in declared:
        return (f'deltagare i "{name}", men ingen sådan insats är deklarerad '
                f'(custom "insats" "{name}" ...)')
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if not any(i.start <= last and first <= i.end for i in declared[name]):
        return f"insatsen {name} pågår inte under {year}, men har deltagare {year}"
    return Participants(year, name, women, men, entry)


def parse(
    entries: Sequence[data.Directive], books: Books
) -> tuple[list[Participants], list[FinsamError]]:
    """Every declaration in order, and the problems (unusable entries left out)."""
    declared: dict[str, list[insatser.Insats]] = {}
    for insats in books.insatser:
        declared.setdefault(insats.name, []).append(insats)
    found: list[Participants] = []
    problems: list[FinsamError] = []
    seen: dict[tuple[int, str], data.Custom] = {}
    for entry in entries:
        if not isinstance(entry, data.Custom) or entry.type != CUSTOM_PARTICIPANTS:
            continue
        parsed = _parse(entry, declared)
        if isinstance(parsed, str):
            problems.append(error_at(entry, parsed))
            continue
        key = (parsed.year, parsed.insats)
        if key in seen:
            problems.append(error_at(entry, (
                f"deltagarna i {parsed.insats} {parsed.year} finns redan "
                f"({where(source_of(seen[key]))})")))
            continue
        seen[key] = entry
        found.append(parsed)
    return found, problems


def errors(entries: Sequence[data.Directive], books: Books) -> list[FinsamError]:
    return parse(entries, books)[1]


def of_year(
    entries: Sequence[data.Directive], books: Books, year: int
) -> dict[str, Participants]:
    """The year's declarations by insats name (usable ones only)."""
    return {p.insats: p for p in parse(entries, books)[0] if p.year == year}
