"""Who adopts the förbund's annual report, as declared in the ledger.

(The organisation number on the cover is read by :mod:`finsam_accounts.books`.)

* ``2019-01-01 custom "styrelseledamot" "Namn" "ordförande"``: a board member and role
  from that date; a later line for the same name changes the role, the role ``"avgått"``
  ends the membership;
* ``2020-03-20 custom "antagen" 2019 "Umeå"``: the board adopted the annual report of 2019
  on that date (the place is optional).

This module imports nothing heavy: the plugin checks the directives' shape with it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from beancount.core import data

from finsam_accounts.errors import FinsamError, error_at

CUSTOM_BOARD_MEMBER = "styrelseledamot"
CUSTOM_ADOPTED = "antagen"
RESIGNED = "avgått"


@dataclass(frozen=True)
class Signatory:
    name: str
    role: str


@dataclass(frozen=True)
class Adoption:
    year: int
    date: datetime.date
    place: str


def _values(entry: data.Custom) -> list[object]:
    return [v.value for v in entry.values]


def _customs(entries: Iterable[data.Directive], kind: str) -> list[data.Custom]:
    return [e for e in entries if isinstance(e, data.Custom) and e.type == kind]


def errors(entries: Sequence[data.Directive]) -> list[FinsamError]:
    """Malformed declarations, for the plugin."""
    found: list[FinsamError] = []
    for entry in _customs(entries, CUSTOM_BOARD_MEMBER):
        values = _values(entry)
        if len(values) != 2 or not all(isinstance(v, str) and v.strip() for v in values):
            found.append(error_at(entry, f'custom "{CUSTOM_BOARD_MEMBER}" ska ange namn och '
                                         'roll, t.ex. "Anna Andersson" "ordförande"'))
    seen: dict[int, data.Custom] = {}
    for entry in _customs(entries, CUSTOM_ADOPTED):
        adoption = _adoption(entry)
        if adoption is None:
            found.append(error_at(entry, f'custom "{CUSTOM_ADOPTED}" ska ange året och '
                                         'gärna orten, t.ex. 2019 "Umeå"'))
        elif adoption.year in seen:
            first = seen[adoption.year].meta.get("lineno", 0)
            found.append(error_at(entry, f"årsredovisningen {adoption.year} är redan antagen "
                                         f"(rad {first})"))
        else:
            seen[adoption.year] = entry
    return found


def _adoption(entry: data.Custom) -> Adoption | None:
    values = _values(entry)
    if not values or len(values) > 2 or (len(values) == 2 and not isinstance(values[1], str)):
        return None
    year = str(values[0]).split(".")[0]
    if not re.fullmatch(r"[0-9]{4}", year):
        return None
    place = str(values[1]) if len(values) == 2 else ""
    return Adoption(int(year), entry.date, place)


def adoption(entries: Iterable[data.Directive], year: int) -> Adoption | None:
    """When (and where) the board adopted the year's annual report, if it has."""
    for entry in _customs(entries, CUSTOM_ADOPTED):
        found = _adoption(entry)
        if found is not None and found.year == year:
            return found
    return None


def board(entries: Iterable[data.Directive], on: datetime.date) -> list[Signatory]:
    """The board members on a date, in the order first declared; "avgått" removes one."""
    roles: dict[str, str] = {}
    for entry in sorted(_customs(entries, CUSTOM_BOARD_MEMBER), key=lambda e: e.date):
        values = _values(entry)
        if entry.date > on or len(values) != 2:
            continue
        name, role = str(values[0]), str(values[1])
        if role == RESIGNED:
            roles.pop(name, None)
        else:
            roles[name] = role
    return [Signatory(name, role) for name, role in roles.items()]
