"""The attestordning as data in the books: who may attest what, from when.

Each attestant is a ``custom "attestant"`` directive; its date is the first day the right
holds::

    2019-01-01 custom "attestant" "Anna Berg" "beslutsattest" 50000.00 SEK
      verksamhet: "SAMO"          ; optional: only these activities (comma separated)
      konton: "4000-6999"         ; optional: only these account numbers (ranges)
      till: 2019-12-31            ; optional: the last day the right holds
      anvandare: "anna"           ; optional: her login in finsam fava (--användare)

name, role (``beslutsattest`` or ``granskningsattest``) and, optionally, the largest
amount she may attest. A person may have several lines (both roles, other periods, other
activities). ``custom "attest-från" 2019-03-01`` says from which voucher date every voucher
needs attest (:mod:`finsam_accounts.attest.vouchers`); without it nothing is required.

Parsed once per load (:func:`parse`, in :func:`finsam_accounts.domain.parse`: ``Books.attest``);
the plugin reports the errors at their lines.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from beancount.core import amount as amount_module
from beancount.core import data

from finsam_accounts.errors import FinsamError, error_at, source_of, where
from finsam_accounts.money import format_sv_ore

if TYPE_CHECKING:  # the books' own directives, parsed first (finsam_accounts.domain)
    from finsam_accounts.books import Books

CUSTOM_ATTESTANT = "attestant"
CUSTOM_START = "attest-från"
DECISION = "beslutsattest"
REVIEW = "granskningsattest"
ROLES = (DECISION, REVIEW)
META_ACTIVITY = "verksamhet"
META_ACCOUNTS = "konton"
META_UNTIL = "till"
META_USER = "anvandare"
CURRENCY = "SEK"
RANGE_RE = re.compile(r"^\s*(?P<first>[0-9]{1,6})\s*(?:[-–]\s*(?P<last>[0-9]{1,6}))?\s*$")
USER_RE = re.compile(r"^[^\s:#]+$")  # as a user name in the users file (fava/users.py)
USAGE = (
    'custom "attestant" ska ange namn, roll ("beslutsattest" eller "granskningsattest") och '
    'eventuellt högsta belopp, t.ex. custom "attestant" "Anna Berg" "beslutsattest" '
    "50000.00 SEK"
)


@dataclass(frozen=True)
class Attestant:
    """One line of the attestordning: a person's right to one kind of attest."""

    name: str
    role: str
    limit: Decimal | None  # the largest voucher amount, None: any
    activities: frozenset[str]  # empty: any activity
    ranges: tuple[tuple[int, int], ...]  # account number ranges, empty: any account
    valid_from: datetime.date
    valid_to: datetime.date | None
    user: str | None
    entry: data.Custom

    @property
    def restricted(self) -> bool:
        return bool(self.activities or self.ranges)

    def valid_on(self, date: datetime.date) -> bool:
        return self.valid_from <= date and (self.valid_to is None or date <= self.valid_to)

    def describe(self) -> str:
        """``Anna Berg (beslutsattest, högst 50 000 kr, SAMO)``, for the lists."""
        parts = [self.role]
        if self.limit is not None:
            parts.append(f"högst {format_kr(self.limit)}")
        if self.activities:
            parts.append(", ".join(sorted(self.activities)))
        if self.ranges:
            parts.append("konto " + ", ".join(
                str(a) if a == b else f"{a}–{b}" for a, b in self.ranges))
        return f"{self.name} ({', '.join(parts)})"


@dataclass(frozen=True)
class Ordning:
    """The attestordning of the books and the date attest is required from."""

    attestants: tuple[Attestant, ...] = ()
    start: datetime.date | None = None

    @property
    def required_roles(self) -> tuple[str, ...]:
        """The kinds of attest a voucher needs: those the attestordning has people for."""
        declared = {a.role for a in self.attestants}
        return tuple(role for role in ROLES if role in declared)

    def requires(self, date: datetime.date) -> bool:
        return self.start is not None and date >= self.start

    def named(self, name: str) -> list[Attestant]:
        return [a for a in self.attestants if a.name == name]

    def of_user(self, user: str) -> str | None:
        """The attestant's name for a login name (``anvandare``), or None."""
        return next((a.name for a in self.attestants if a.user == user), None)


def format_kr(amount: Decimal) -> str:
    """``50 000 kr`` / ``1 234,50 kr`` (Swedish grouping, no-break spaces)."""
    text = format_sv_ore(amount)
    return (text[:-3] if text.endswith(",00") else text) + "\u00a0kr"


def parse_ranges(text: str) -> tuple[tuple[int, int], ...] | None:
    """``"4000-6999, 7010"`` → ((4000, 6999), (7010, 7010)); None if malformed."""
    ranges = []
    for part in text.split(","):
        match = RANGE_RE.match(part)
        if not match:
            return None
        first = int(match["first"])
        last = int(match["last"]) if match["last"] else first
        if last < first:
            return None
        ranges.append((first, last))
    return tuple(ranges)


def _attestant(entry: data.Custom, activities: Sequence[str]) -> Attestant | FinsamError:
    values = [value.value for value in entry.values]
    if len(values) not in (2, 3) or not all(isinstance(v, str) for v in values[:2]):
        return error_at(entry, USAGE)
    name, role = (" ".join(str(v).split()) for v in values[:2])
    if not name:
        return error_at(entry, USAGE)
    if role not in ROLES:
        return error_at(entry, f'attestant {name}: okänd roll "{role}" (ska vara '
                               f'"{DECISION}" eller "{REVIEW}")')
    limit = None
    if len(values) == 3:
        money = values[2]
        if (not isinstance(money, amount_module.Amount) or money.number is None
                or money.currency != CURRENCY or money.number <= 0):
            return error_at(entry, f"attestant {name}: högsta beloppet ska vara större än "
                                   f"noll, i {CURRENCY}, t.ex. 50000.00 {CURRENCY}")
        limit = Decimal(money.number)
    meta = entry.meta or {}
    chosen: frozenset[str] = frozenset()
    if META_ACTIVITY in meta:
        chosen = frozenset(c.strip() for c in str(meta[META_ACTIVITY]).split(",") if c.strip())
        unknown = sorted(chosen - set(activities))
        if not chosen or (activities and unknown):
            return error_at(entry, f"attestant {name}: verksamhet "
                                   f'"{meta[META_ACTIVITY]}" är ingen deklarerad verksamhet '
                                   f"({', '.join(activities) or 'inga deklarerade'})")
    ranges: tuple[tuple[int, int], ...] = ()
    if META_ACCOUNTS in meta:
        parsed = parse_ranges(str(meta[META_ACCOUNTS]))
        if not parsed:
            return error_at(entry, f'attestant {name}: konton "{meta[META_ACCOUNTS]}" ska '
                                   'vara kontonummer eller intervall, t.ex. "4000-6999, 7010"')
        ranges = parsed
    until = meta.get(META_UNTIL)
    if until is not None and (not isinstance(until, datetime.date) or until < entry.date):
        return error_at(entry, f"attestant {name}: till ska vara ett datum från och med "
                               f"{entry.date}, t.ex. till: 2019-12-31")
    user = meta.get(META_USER)
    if user is not None and not (isinstance(user, str) and USER_RE.match(user)):
        return error_at(entry, f"attestant {name}: anvandare ska vara ett användarnamn i "
                               'användarfilen, utan mellanslag, t.ex. anvandare: "anna"')
    return Attestant(name, role, limit, chosen, ranges, entry.date, until,
                     str(user) if user is not None else None, entry)


def _start(entry: data.Custom) -> datetime.date | FinsamError:
    values = [value.value for value in entry.values]
    if not values:
        return entry.date
    if len(values) == 1 and isinstance(values[0], datetime.date):
        return values[0]
    return error_at(entry, f'custom "{CUSTOM_START}" ska ange ett datum, t.ex. '
                           f'custom "{CUSTOM_START}" 2019-03-01')


def parse(entries: Sequence[data.Directive],
          core: Books) -> tuple[Ordning, list[FinsamError]]:
    """The attestordning of the books and every malformed line of it; ``core``: the books'
    own directives (the activities). Parsed once per load in
    :func:`finsam_accounts.domain.parse` (``Books.attest``)."""
    activities = sorted(activity.code for activity in core.activities)
    attestants: list[Attestant] = []
    errors: list[FinsamError] = []
    start: datetime.date | None = None
    declared_at: data.Custom | None = None  # the attest-från kept
    users: dict[str, Attestant] = {}
    for entry in entries:
        if not isinstance(entry, data.Custom):
            continue
        if entry.type == CUSTOM_START:
            found = _start(entry)
            if isinstance(found, FinsamError):
                errors.append(found)
            elif declared_at is not None:
                errors.append(error_at(entry, (
                    f'custom "{CUSTOM_START}" anges två gånger (första: '
                    f"{where(source_of(declared_at))})")))
            else:
                start, declared_at = found, entry
        elif entry.type == CUSTOM_ATTESTANT:
            parsed = _attestant(entry, activities)
            if isinstance(parsed, FinsamError):
                errors.append(parsed)
                continue
            other = users.get(parsed.user or "")
            if other is not None and other.name != parsed.name:
                errors.append(error_at(entry, (
                    f"användaren {parsed.user} är redan {other.name} i attestordningen "
                    f"({where(source_of(other.entry))}); en inloggning per person")))
                continue
            if parsed.user:
                users[parsed.user] = parsed
            attestants.append(parsed)
    return Ordning(tuple(attestants), start), errors
