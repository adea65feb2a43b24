"""Who adopts the förbund's annual report, as declared in the ledger.

(The organisation number on the cover is read by :mod:`finsam_accounts.books`.)

* ``2019-01-01 custom "styrelseledamot" "Namn" "ordförande" "Umeå kommun"``: a board member
  and role from that date, and (optional) the member who appointed them; a later line for
  the same name changes the role, the role ``"avgått"`` ends the membership; the role
  ``"ersättare"`` is a deputy (in the board table, not among the signatories);
* ``2019-01-01 custom "revisor" "Namn" "för Försäkringskassan och Arbetsförmedlingen"``: an
  auditor and the assignment from that date; ``"avgått"`` ends it;
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
CUSTOM_AUDITOR = "revisor"
RESIGNED = "avgått"
DEPUTY = "ersättare"


@dataclass(frozen=True)
class Signatory:
    name: str
    role: str


@dataclass(frozen=True)
class Seat:
    """Someone who sat on the board (or audited) during a year: name, role, appointed by,
    and the days within the year (None: the whole year on that side)."""

    name: str
    role: str
    appointed_by: str
    start: datetime.date | None
    end: datetime.date | None

    @property
    def days(self) -> str:
        """``", från 2019-09-01"`` and/or ``"till 2019-08-31"`` when not the whole year."""
        parts = [f"från {self.start.isoformat()}" if self.start else "",
                 f"till {self.end.isoformat()}" if self.end else ""]
        shown = " ".join(p for p in parts if p)
        return f", {shown}" if shown else ""

    @property
    def shown(self) -> str:
        """The name, the role when it is not plain member or deputy (ordförande, vice
        ordförande), and the days served when not the whole year."""
        role = "" if self.role in ("ledamot", DEPUTY) else f" ({self.role})"
        return f"{self.name}{role}{self.days}"


@dataclass(frozen=True)
class BoardRow:
    """One line of the board table: the members and deputies one member appointed."""

    appointed_by: str
    members: tuple[Seat, ...]
    deputies: tuple[Seat, ...]


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
        if len(values) not in (2, 3) or not all(isinstance(v, str) and v.strip()
                                                 for v in values):
            found.append(error_at(entry, f'custom "{CUSTOM_BOARD_MEMBER}" ska ange namn och '
                                         'roll, t.ex. "Anna Andersson" "ordförande", och gärna '
                                         'vem som utsett ledamoten, t.ex. "Umeå kommun"'))
    for entry in _customs(entries, CUSTOM_AUDITOR):
        values = _values(entry)
        if len(values) != 2 or not all(isinstance(v, str) and v.strip() for v in values):
            found.append(error_at(entry, f'custom "{CUSTOM_AUDITOR}" ska ange namn och uppdrag, '
                                         't.ex. "Eva Ek" "för regionen och kommunerna"'))
    for kind in (CUSTOM_BOARD_MEMBER, CUSTOM_AUDITOR):
        active: set[str] = set()
        for entry in sorted(_customs(entries, kind), key=lambda e: e.date):
            values = _values(entry)
            if len(values) < 2:
                continue
            name, role = str(values[0]), str(values[1])
            if role != RESIGNED:
                active.add(name)
            elif name in active:
                active.discard(name)
            else:
                found.append(error_at(entry, f"{name} har inget uppdrag som {kind} att avgå "
                                             "från den dagen"))
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
        if entry.date > on or len(values) not in (2, 3):
            continue
        name, role = str(values[0]), str(values[1])
        if role in (RESIGNED, DEPUTY):
            roles.pop(name, None)
        else:
            roles[name] = role
    return [Signatory(name, role) for name, role in roles.items()]


def seats(entries: Iterable[data.Directive], kind: str, year: int) -> list[Seat]:
    """Everyone declared as ``kind`` (board member or auditor) at some day of the year, in
    the order first declared, with the role they last had in the year."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    found: dict[str, Seat] = {}
    current: dict[str, Seat] = {}
    for entry in sorted(_customs(entries, kind), key=lambda e: e.date):
        values = _values(entry)
        if entry.date > last or len(values) not in (2, 3):
            continue
        name, role = str(values[0]), str(values[1])
        by = str(values[2]) if len(values) == 3 else ""
        before = current.pop(name, None)
        if role == RESIGNED:
            if before is None:
                continue
            if entry.date <= first:  # left before the year began
                found.pop(name, None)
            else:
                ended = entry.date - datetime.timedelta(days=1)
                found[name] = Seat(name, before.role, before.appointed_by, before.start, ended)
            continue
        start = before.start if before else (entry.date if entry.date > first else None)
        seat = Seat(name, role, by or (before.appointed_by if before else ""), start, None)
        current[name] = seat
        found.pop(name, None)
        found[name] = seat
    order = {name: index for index, name in enumerate(_first_declared(entries, kind))}
    return sorted(found.values(), key=lambda s: order[s.name])


def _first_declared(entries: Iterable[data.Directive], kind: str) -> list[str]:
    names: dict[str, None] = {}
    for entry in sorted(_customs(entries, kind), key=lambda e: e.date):
        values = _values(entry)
        if values:
            names.setdefault(str(values[0]), None)
    return list(names)


def board_table(entries: Iterable[data.Directive], year: int) -> list[BoardRow]:
    """The board of the year by appointing member: members and deputies side by side, in
    the order the appointing members first appear."""
    rows: dict[str, tuple[list[Seat], list[Seat]]] = {}
    for seat in seats(entries, CUSTOM_BOARD_MEMBER, year):
        members, deputies = rows.setdefault(seat.appointed_by, ([], []))
        (deputies if seat.role == DEPUTY else members).append(seat)
    return [BoardRow(by, tuple(m), tuple(d)) for by, (m, d) in rows.items()]
