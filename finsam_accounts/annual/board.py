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

Parsed once per load (:func:`parse`, in :func:`finsam_accounts.domain.parse`: ``Books.board``);
this module imports nothing heavy (the plugin runs the parse).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from beancount.core import data

from finsam_accounts.declared import FromDirective, keep_once
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


@dataclass(frozen=True)
class Appointment:
    """One well-formed ``custom "styrelseledamot"`` or ``custom "revisor"`` line."""

    kind: str  # CUSTOM_BOARD_MEMBER or CUSTOM_AUDITOR
    name: str
    role: str
    appointed_by: str
    date: datetime.date


@dataclass(frozen=True)
class Board:
    """The board members, auditors and adoptions the books declare (usable lines only):
    appointments in date order (file order within a day), adoptions by year."""

    appointments: tuple[Appointment, ...] = ()
    adoptions: Mapping[int, Adoption] = field(default_factory=dict)

    def of_kind(self, kind: str) -> list[Appointment]:
        return [a for a in self.appointments if a.kind == kind]


@dataclass(frozen=True)
class _Adopted(FromDirective):
    adoption: Adoption
    entry: data.Custom


def _values(entry: data.Custom) -> list[object]:
    return [v.value for v in entry.values]


def _appointment(entry: data.Custom) -> Appointment | FinsamError:
    values = _values(entry)
    if entry.type == CUSTOM_BOARD_MEMBER:
        counts: tuple[int, ...] = (2, 3)
        usage = (f'custom "{CUSTOM_BOARD_MEMBER}" ska ange namn och roll, t.ex. '
                 '"Anna Andersson" "ordförande", och gärna vem som utsett ledamoten, '
                 't.ex. "Umeå kommun"')
    else:
        counts, usage = (2,), (f'custom "{CUSTOM_AUDITOR}" ska ange namn och uppdrag, '
                               't.ex. "Eva Ek" "för regionen och kommunerna"')
    if len(values) not in counts or not all(isinstance(v, str) and v.strip() for v in values):
        return error_at(entry, usage)
    by = str(values[2]) if len(values) == 3 else ""
    return Appointment(entry.type, str(values[0]), str(values[1]), by, entry.date)


def parse(entries: Sequence[data.Directive]) -> tuple[Board, list[FinsamError]]:
    """The board, auditors and adoptions of the books, and every malformed declaration;
    parsed once per load in :func:`finsam_accounts.domain.parse` (``Books.board``)."""
    found: list[FinsamError] = []
    appointments: list[tuple[Appointment, data.Custom]] = []
    adopted: dict[int, _Adopted] = {}
    for entry in entries:
        if not isinstance(entry, data.Custom):
            continue
        if entry.type in (CUSTOM_BOARD_MEMBER, CUSTOM_AUDITOR):
            parsed = _appointment(entry)
            if isinstance(parsed, FinsamError):
                found.append(parsed)
            else:
                appointments.append((parsed, entry))
        elif entry.type == CUSTOM_ADOPTED:
            adoption = _adoption(entry)
            keep_once(
                error_at(entry, f'custom "{CUSTOM_ADOPTED}" ska ange året och gärna orten, '
                                't.ex. 2019 "Umeå"') if adoption is None
                else _Adopted(adoption, entry),
                adopted, found, entry, key=lambda a: a.adoption.year,
                what=lambda a: f"antagandet av årsredovisningen {a.adoption.year}")
    appointments.sort(key=lambda pair: pair[0].date)  # stable: file order within a day
    for kind in (CUSTOM_BOARD_MEMBER, CUSTOM_AUDITOR):
        active: set[str] = set()
        for appointment, entry in appointments:
            if appointment.kind != kind:
                continue
            if appointment.role != RESIGNED:
                active.add(appointment.name)
            elif appointment.name in active:
                active.discard(appointment.name)
            else:
                found.append(error_at(entry, f"{appointment.name} har inget uppdrag som {kind} "
                                             "att avgå från den dagen"))
    board = Board(tuple(a for a, _ in appointments),
                  {year: a.adoption for year, a in sorted(adopted.items())})
    return board, found


def _adoption(entry: data.Custom) -> Adoption | None:
    values = _values(entry)
    if not values or len(values) > 2 or (len(values) == 2 and not isinstance(values[1], str)):
        return None
    year = str(values[0]).split(".")[0]
    if not re.fullmatch(r"[0-9]{4}", year):
        return None
    place = str(values[1]) if len(values) == 2 else ""
    return Adoption(int(year), entry.date, place)


def adoption(board: Board, year: int) -> Adoption | None:
    """When (and where) the board adopted the year's annual report, if it has."""
    return board.adoptions.get(year)


def signatories(board: Board, on: datetime.date) -> list[Signatory]:
    """The board members on a date, in the order first declared; "avgått" removes one."""
    roles: dict[str, str] = {}
    for appointment in board.of_kind(CUSTOM_BOARD_MEMBER):
        if appointment.date > on:
            continue
        if appointment.role in (RESIGNED, DEPUTY):
            roles.pop(appointment.name, None)
        else:
            roles[appointment.name] = appointment.role
    return [Signatory(name, role) for name, role in roles.items()]


def seats(board: Board, kind: str, year: int) -> list[Seat]:
    """Everyone declared as ``kind`` (board member or auditor) at some day of the year, in
    the order first declared, with the role they last had in the year."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    found: dict[str, Seat] = {}
    current: dict[str, Seat] = {}
    declared = board.of_kind(kind)
    for appointment in declared:
        if appointment.date > last:
            continue
        name, role, by = appointment.name, appointment.role, appointment.appointed_by
        before = current.pop(name, None)
        if role == RESIGNED:
            if before is None:
                continue
            if appointment.date <= first:  # left before the year began
                found.pop(name, None)
            else:
                ended = appointment.date - datetime.timedelta(days=1)
                found[name] = Seat(name, before.role, before.appointed_by, before.start, ended)
            continue
        start = before.start if before else (appointment.date if appointment.date > first
                                             else None)
        seat = Seat(name, role, by or (before.appointed_by if before else ""), start, None)
        current[name] = seat
        found.pop(name, None)
        found[name] = seat
    order = {name: index for index, name in enumerate(dict.fromkeys(a.name for a in declared))}
    return sorted(found.values(), key=lambda s: order[s.name])


def board_table(board: Board, year: int) -> list[BoardRow]:
    """The board of the year by appointing member: members and deputies side by side, in
    the order the appointing members first appear."""
    rows: dict[str, tuple[list[Seat], list[Seat]]] = {}
    for seat in seats(board, CUSTOM_BOARD_MEMBER, year):
        members, deputies = rows.setdefault(seat.appointed_by, ([], []))
        (deputies if seat.role == DEPUTY else members).append(seat)
    return [BoardRow(by, tuple(m), tuple(d)) for by, (m, d) in rows.items()]
