"""Member contributions: the year's allocation split by the members' keys, against the books.

The ledger declares (see docs/contributions-trappan.md):

* ``custom "medlemsavgift-tilldelning" YEAR AMOUNT SEK``: the year's total allocation;
* ``custom "medlemsavgift-andel" "stat|region|kommun" PERCENT``: a member group's share of
  the allocation, in force from its date (default 50/25/25);
* ``custom "befolkning" YEAR "member-id" NUMBER``: the population of working age that splits
  a group's share between its members (needed only where a group has several members);
* ``custom "medlemsavgift-tolerans" AMOUNT SEK``: a difference above it is a warning, in
  force from its date (default 1 000 kr);
* ``custom "medlemsavgift-fakturering" "SERIES" ACCOUNT``: the voucher series and the
  receivable account of the contribution invoices that ``--bokför`` writes.

The split is exact in öre by the largest-remainder method, first between the groups and
then within each group, so the members' shares always add up to the allocation.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from beancount.core import data

from finsam_accounts.balances import CURRENCY
from finsam_accounts.conventions import CUSTOM_MEMBER, META_MEMBER, Member, members
from finsam_accounts.declared import collect, keep_once
from finsam_accounts.derived import copy_lists, per_entries
from finsam_accounts.errors import FinsamError, ReportError, error_at, source_of
from finsam_accounts.money import ORE, ZERO
from finsam_accounts.numbering import SERIES_RE

CUSTOM_ALLOCATION = "medlemsavgift-tilldelning"
CUSTOM_GROUP_SHARE = "medlemsavgift-andel"
CUSTOM_POPULATION = "befolkning"
CUSTOM_TOLERANCE = "medlemsavgift-tolerans"
CUSTOM_INVOICING = "medlemsavgift-fakturering"

MEMBER_KINDS = ("stat", "region", "kommun")
# Used only where the ledger declares nothing (the example ledger declares both).
DEFAULT_GROUP_PERCENT: dict[str, Decimal] = {
    "stat": Decimal("50"),
    "region": Decimal("25"),
    "kommun": Decimal("25"),
}
DEFAULT_TOLERANCE = Decimal("1000")
HUNDRED = Decimal("100")

ACCOUNT_TYPE = "<AccountDummy>"  # beancount's dtype of an account value in a custom entry


# ----------------------------------------------------------------------------- errors


# ------------------------------------------------------------------------ parsed data


@dataclass(frozen=True)
class Allocation:
    year: int
    amount: Decimal
    source: dict[str, Any]


@dataclass(frozen=True)
class Population:
    year: int
    member_id: str
    count: Decimal
    source: dict[str, Any]


@dataclass(frozen=True)
class GroupShare:
    date: datetime.date
    kind: str
    percent: Decimal
    source: dict[str, Any]


@dataclass(frozen=True)
class Tolerance:
    date: datetime.date
    amount: Decimal
    source: dict[str, Any]


@dataclass(frozen=True)
class Invoicing:
    date: datetime.date
    series: str
    account: str
    source: dict[str, Any]


@dataclass(frozen=True)
class ContributionData:
    """Everything the ledger declares about contributions, validated."""

    members: tuple[Member, ...]
    allocations: dict[int, Allocation]
    populations: dict[tuple[int, str], Population]
    group_shares: tuple[GroupShare, ...]
    tolerances: tuple[Tolerance, ...]
    invoicing: tuple[Invoicing, ...]


def _values(entry: data.Custom) -> list[Any]:
    return [v.value for v in entry.values]


def _is_number(value: Any) -> bool:
    return isinstance(value, Decimal) and not isinstance(value, bool)


def _is_amount(value: Any) -> bool:
    return hasattr(value, "number") and hasattr(value, "currency")


def _year(value: Any) -> int | None:
    if _is_number(value) and value == value.to_integral_value() and 1900 <= value <= 2999:
        return int(value)
    return None


def _sek(entry: data.Custom, value: Any, what: str) -> Decimal | FinsamError:
    """An amount in SEK, exact in öre and not negative; or why not."""
    if not _is_amount(value) or value.number is None:
        return error_at(entry, f"{what} ska vara ett belopp i {CURRENCY}, t.ex. 1000.00 {CURRENCY}")
    if value.currency != CURRENCY:
        return error_at(entry, f"{what} ska vara i {CURRENCY}, inte {value.currency}")
    number: Decimal = value.number
    if number < 0:
        return error_at(entry, f"{what} får inte vara negativ ({number} {CURRENCY})")
    if number != number.quantize(ORE):
        return error_at(entry, f"{what} ska anges i hela ören ({number} {CURRENCY})")
    return number


def _parse_allocation(entry: data.Custom) -> Allocation | FinsamError:
    values = _values(entry)
    usage = f'custom "{CUSTOM_ALLOCATION}" ÅR BELOPP SEK, t.ex. 2019 11450000.00 SEK'
    if len(values) != 2 or _year(values[0]) is None:
        return error_at(entry, f"tilldelningen ska skrivas {usage}")
    amount = _sek(entry, values[1], "tilldelningen")
    if isinstance(amount, FinsamError):
        return amount
    return Allocation(_year(values[0]) or 0, amount, source_of(entry))


def _parse_population(entry: data.Custom, member_ids: set[str]) -> Population | FinsamError:
    values = _values(entry)
    usage = f'custom "{CUSTOM_POPULATION}" ÅR "medlem" ANTAL, t.ex. 2019 "umea" 78000'
    if (
        len(values) != 3
        or _year(values[0]) is None
        or not isinstance(values[1], str)
        or not _is_number(values[2])
    ):
        return error_at(entry, f"befolkningen ska skrivas {usage}")
    member_id, count = values[1], values[2]
    if member_id not in member_ids:
        return error_at(
            entry, f'befolkning för "{member_id}", men ingen sådan medlem är deklarerad'
        )
    if count < 0:
        return error_at(entry, f'befolkningen för "{member_id}" får inte vara negativ')
    if count != int(count):
        return error_at(entry, (
            f'befolkningen för "{member_id}" är {count}: ange antalet invånare i hela tal'))
    return Population(_year(values[0]) or 0, member_id, count, source_of(entry))


def _parse_group_share(entry: data.Custom) -> GroupShare | FinsamError:
    values = _values(entry)
    kinds = " | ".join(MEMBER_KINDS)
    if len(values) != 2 or values[0] not in MEMBER_KINDS or not _is_number(values[1]):
        return error_at(
            entry,
            f'andelen ska skrivas custom "{CUSTOM_GROUP_SHARE}" "{kinds}" PROCENT, '
            f't.ex. "kommun" 25',
        )
    if not ZERO <= values[1] <= HUNDRED:
        return error_at(entry, f"andelen {values[1]} % ligger inte mellan 0 och 100")
    return GroupShare(entry.date, values[0], values[1], source_of(entry))


def _parse_tolerance(entry: data.Custom) -> Tolerance | FinsamError:
    values = _values(entry)
    if len(values) != 1:
        return error_at(
            entry,
            f'toleransen ska skrivas custom "{CUSTOM_TOLERANCE}" BELOPP SEK, t.ex. 1000.00 SEK',
        )
    amount = _sek(entry, values[0], "toleransen")
    if isinstance(amount, FinsamError):
        return amount
    return Tolerance(entry.date, amount, source_of(entry))


def _parse_invoicing(entry: data.Custom) -> Invoicing | FinsamError:
    values = entry.values
    if (
        len(values) != 2
        or not isinstance(values[0].value, str)
        or not SERIES_RE.match(values[0].value)
        or values[1].dtype != ACCOUNT_TYPE
    ):
        return error_at(
            entry,
            f'faktureringen ska skrivas custom "{CUSTOM_INVOICING}" "SERIE" KONTO, '
            f't.ex. "K" Tillgångar:Fordringar:Kundfordringar (serien med versaler)',
        )
    return Invoicing(entry.date, values[0].value, str(values[1].value), source_of(entry))


@per_entries(copy_lists)
def parse(entries: Sequence[data.Directive]) -> tuple[ContributionData, list[FinsamError]]:
    """The contribution data of the ledger and every problem with it (unusable entries left out)."""
    everyone = members(entries)
    member_ids = {m.id for m in everyone}
    # A member of an unknown kind is an error at its own line (_member_problem), not a
    # second time at every contribution key it would break.
    declared = tuple(m for m in everyone if m.kind in MEMBER_KINDS)
    errors: list[FinsamError] = []
    allocations: dict[int, Allocation] = {}
    populations: dict[tuple[int, str], Population] = {}
    shares: list[GroupShare] = []
    tolerances: list[Tolerance] = []
    invoicing: list[Invoicing] = []
    for entry in entries:
        if not isinstance(entry, data.Custom):
            continue
        if entry.type == CUSTOM_ALLOCATION:
            keep_once(_parse_allocation(entry), allocations, errors, entry,
                      key=lambda a: a.year, what=lambda a: f"tilldelningen för {a.year}")
        elif entry.type == CUSTOM_POPULATION:
            keep_once(_parse_population(entry, member_ids), populations, errors, entry,
                      key=lambda p: (p.year, p.member_id),
                      what=lambda p: f'befolkningen för "{p.member_id}" {p.year}')
        elif entry.type == CUSTOM_GROUP_SHARE:
            collect(_parse_group_share(entry), shares, errors)
        elif entry.type == CUSTOM_TOLERANCE:
            collect(_parse_tolerance(entry), tolerances, errors)
        elif entry.type == CUSTOM_INVOICING:
            collect(_parse_invoicing(entry), invoicing, errors)
        elif entry.type == CUSTOM_MEMBER:
            errors.extend(_member_problem(entry))
    errors.extend(_member_account_errors(entries, member_ids))
    parsed = ContributionData(
        members=declared,
        allocations=allocations,
        populations=populations,
        group_shares=tuple(sorted(shares, key=lambda s: s.date)),
        tolerances=tuple(sorted(tolerances, key=lambda t: t.date)),
        invoicing=tuple(sorted(invoicing, key=lambda i: i.date)),
    )
    return parsed, errors


def _member_problem(entry: data.Custom) -> list[FinsamError]:
    """A ``custom "medlem"`` needs exactly id, name and kind, as text: one left out would
    drop the member from every contribution key."""
    values = [v.value for v in entry.values or ()]
    kinds = "|".join(MEMBER_KINDS)
    if len(values) == 3 and all(isinstance(v, str) and v.strip() for v in values):
        if values[2] in MEMBER_KINDS:
            return []
        return [error_at(entry, (
            f'medlemmen "{values[0]}" har okänd medlemstyp "{values[2]}" '
            f"(tillåtna: {', '.join(MEMBER_KINDS)})"))]
    return [error_at(entry, (
        f'medlemmen ska skrivas custom "{CUSTOM_MEMBER}" "id" "Namn" "{kinds}", t.ex. '
        f'custom "{CUSTOM_MEMBER}" "umea" "Umeå kommun" "kommun"'))]


def _member_account_errors(
    entries: Sequence[data.Directive], member_ids: set[str]
) -> list[FinsamError]:
    errors: list[FinsamError] = []
    for entry in entries:
        if isinstance(entry, data.Open) and META_MEMBER in (entry.meta or {}):
            member_id = str(entry.meta[META_MEMBER])
            if member_id not in member_ids:
                errors.append(
                    error_at(
                        entry,
                        f'konto {entry.account} har {META_MEMBER}: "{member_id}", men ingen '
                        f"sådan medlem är deklarerad (medlemmar.beancount)",
                    )
                )
    return errors


def contribution_data(entries: Sequence[data.Directive]) -> ContributionData:
    """The validated contribution data; raises ReportError if any entry is unusable."""
    parsed, errors = parse(entries)
    if errors:
        raise ReportError(errors)
    return parsed


