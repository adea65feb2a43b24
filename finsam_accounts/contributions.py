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

import contextlib
import datetime
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from beancount.core import data

if TYPE_CHECKING:
    import pandas as pd

from finsam_accounts.balances import CURRENCY, movements, year_bounds
from finsam_accounts.errors import FinsamError, error_at, plain_error, source_of
from finsam_accounts.ledger import (
    CUSTOM_MEMBER,
    META_MEMBER,
    META_VOUCHER,
    Ledger,
    Member,
    account_infos,
    members,
)
from finsam_accounts.money import ORE, ZERO, exact_sum, format_sv, round_kr

if TYPE_CHECKING:  # pandas is imported only where a frame is made: the plugin loads this
    import pandas as pd

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

VOUCHER_RE = re.compile(r"^(?P<series>[A-ZÅÄÖ]+)(?P<number>[0-9]+)$")
SERIES_RE = re.compile(r"^[A-ZÅÄÖ]+$")
ACCOUNT_TYPE = "<AccountDummy>"  # beancount's dtype of an account value in a custom entry


# ----------------------------------------------------------------------------- errors




class InvalidData(ValueError):
    """Raised by the computations when the ledger data cannot be used; carries the errors."""

    def __init__(self, errors: Sequence[FinsamError]) -> None:
        super().__init__("; ".join(error.message for error in errors))
        self.errors = list(errors)


def where(source: dict[str, Any]) -> str:
    """``file:line`` of a source, for messages that point at data.

    A file under the working directory is shown relative to it, as ``finsam check`` does.
    """
    filename = str(source.get("filename", "<okänd fil>"))
    if Path(filename).is_absolute():
        with contextlib.suppress(ValueError):
            filename = str(Path(filename).relative_to(Path.cwd()))
    return f"{filename}:{source.get('lineno', 0)}"


def message_of(error: FinsamError) -> str:
    """``file:line: message``, or just the message when no entry caused it."""
    return f"{where(error.source)}: {error.message}" if error.source else error.message


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


def parse(entries: Sequence[data.Directive]) -> tuple[ContributionData, list[FinsamError]]:
    """The contribution data of the ledger and every problem with it (unusable entries left out)."""
    declared = tuple(members(entries))
    member_ids = {m.id for m in declared}
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
            allocation = _parse_allocation(entry)
            if isinstance(allocation, FinsamError):
                errors.append(allocation)
            elif allocation.year in allocations:
                first = where(allocations[allocation.year].source)
                errors.append(
                    error_at(entry, f"tilldelningen för {allocation.year} finns redan ({first})")
                )
            else:
                allocations[allocation.year] = allocation
        elif entry.type == CUSTOM_POPULATION:
            population = _parse_population(entry, member_ids)
            if isinstance(population, FinsamError):
                errors.append(population)
                continue
            key = (population.year, population.member_id)
            if key in populations:
                first = where(populations[key].source)
                errors.append(
                    error_at(
                        entry,
                        f'befolkningen för "{population.member_id}" {population.year} '
                        f"finns redan ({first})",
                    )
                )
            else:
                populations[key] = population
        elif entry.type == CUSTOM_GROUP_SHARE:
            _collect(_parse_group_share(entry), shares, errors)
        elif entry.type == CUSTOM_TOLERANCE:
            _collect(_parse_tolerance(entry), tolerances, errors)
        elif entry.type == CUSTOM_INVOICING:
            _collect(_parse_invoicing(entry), invoicing, errors)
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
    if len(values) == 3 and all(isinstance(v, str) and v.strip() for v in values):
        return []
    kinds = "|".join(MEMBER_KINDS)
    return [error_at(entry, (
        f'medlemmen ska skrivas custom "{CUSTOM_MEMBER}" "id" "Namn" "{kinds}", t.ex. '
        f'custom "{CUSTOM_MEMBER}" "umea" "Umeå kommun" "kommun"'))]


def _collect(item: Any, into: list[Any], errors: list[FinsamError]) -> None:
    if isinstance(item, FinsamError):
        errors.append(item)
    else:
        into.append(item)


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
    """The validated contribution data; raises InvalidData if any entry is unusable."""
    parsed, errors = parse(entries)
    if errors:
        raise InvalidData(errors)
    return parsed


# ---------------------------------------------------------------------- exact split


def split_exact(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split ``total`` (whole öre) by ``weights``, exact in öre: largest remainder.

    Every part first gets its exact share rounded down to whole öre; the öre left over go,
    one each, to the parts with the largest remainders (ties: the larger weight, then the
    earlier part). The parts always add up to ``total``.
    """
    if total != total.quantize(ORE):
        raise ValueError(f"beloppet {total} är inte i hela ören")
    if any(w < 0 for w in weights) or not any(w > 0 for w in weights):
        raise ValueError("fördelningsnyckeln måste ha positiva vikter")
    total_ore = int(total / ORE)
    weight_sum = sum((Fraction(w) for w in weights), Fraction(0))
    exact = [Fraction(total_ore) * Fraction(w) / weight_sum for w in weights]
    parts = [math.floor(x) for x in exact]
    left = total_ore - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), -weights[i], i))
    for i in order[:left]:
        parts[i] += 1
    return [Decimal(p) * ORE for p in parts]


# --------------------------------------------------------------------------- per year


@dataclass(frozen=True)
class Share:
    """A member's expected contribution for a year and the key behind it."""

    member: Member
    group_percent: Decimal
    population: Decimal | None  # None where the member is alone in its group
    population_share: Decimal | None  # exact fraction of the group, for display
    amount: Decimal


def in_force(items: Iterable[Any], year: int) -> list[Any]:
    """The items dated on or before the year's last day, oldest first."""
    last_day = datetime.date(year, 12, 31)
    return [item for item in items if item.date <= last_day]


def members_in(contribution: ContributionData, year: int) -> list[Member]:
    """Members declared on or before the last day of the year, in declaration order."""
    last_day = datetime.date(year, 12, 31)
    return [m for m in contribution.members if m.since <= last_day]


def group_percents(contribution: ContributionData, year: int) -> dict[str, Decimal]:
    """Each group's percentage in force for the year (later entries replace earlier)."""
    percents = dict(DEFAULT_GROUP_PERCENT)
    for share in in_force(contribution.group_shares, year):
        percents[share.kind] = share.percent
    return percents


def tolerance(contribution: ContributionData, year: int) -> Decimal:
    found = in_force(contribution.tolerances, year)
    return found[-1].amount if found else DEFAULT_TOLERANCE


def expected_shares(contribution: ContributionData, year: int) -> list[Share]:
    """Every member's expected contribution for the year, adding up to the allocation.

    Raises InvalidData (pointing at the allocation) when the year's keys cannot be used.
    """
    allocation = contribution.allocations.get(year)
    if allocation is None:
        raise InvalidData(
            [
                plain_error(
                    f"ingen tilldelning för {year}: lägg till "
                    f'custom "{CUSTOM_ALLOCATION}" {year} BELOPP SEK'
                )
            ]
        )
    active = members_in(contribution, year)
    percents = group_percents(contribution, year)
    kinds = [k for k in dict.fromkeys(m.kind for m in active)]
    problems = _key_problems(contribution, year, active, kinds, percents)
    if problems:
        raise InvalidData([FinsamError(allocation.source, p, None) for p in problems])
    group_amounts = split_exact(allocation.amount, [percents[k] for k in kinds])
    shares: list[Share] = []
    for kind, group_amount in zip(kinds, group_amounts, strict=True):
        group = [m for m in active if m.kind == kind]
        if len(group) == 1:
            shares.append(Share(group[0], percents[kind], None, None, group_amount))
            continue
        counts = [_population(contribution, year, m) for m in group]
        total = exact_sum(counts)
        amounts = split_exact(group_amount, counts) if total > 0 else [ZERO] * len(group)
        for member, count, amount in zip(group, counts, amounts, strict=True):
            key = count / total if total > 0 else None
            shares.append(Share(member, percents[kind], count, key, amount))
    order = {m.id: i for i, m in enumerate(active)}
    return sorted(shares, key=lambda s: order[s.member.id])


def _population(contribution: ContributionData, year: int, member: Member) -> Decimal:
    found = contribution.populations.get((year, member.id))
    return found.count if found else ZERO


def _key_problems(
    contribution: ContributionData,
    year: int,
    active: Sequence[Member],
    kinds: Sequence[str],
    percents: dict[str, Decimal],
) -> list[str]:
    problems: list[str] = []
    if not active:
        return [f"inga medlemmar är deklarerade för {year}"]
    unknown = [k for k in kinds if k not in percents]
    if unknown:
        allowed = ", ".join(MEMBER_KINDS)
        problems.append(f"okänd medlemstyp {', '.join(unknown)} (tillåtna: {allowed})")
        return problems
    total = exact_sum(percents[k] for k in kinds)
    if total != HUNDRED:
        listed = ", ".join(f"{k} {percents[k]} %" for k in kinds)
        problems.append(
            f"andelarna för {year} ({listed}) summerar till {total} %, inte 100 % "
            f'(custom "{CUSTOM_GROUP_SHARE}")'
        )
    for kind in kinds:
        group = [m for m in active if m.kind == kind]
        if len(group) < 2 or percents[kind] == 0:
            continue
        missing = [m.id for m in group if (year, m.id) not in contribution.populations]
        if missing:
            problems.append(
                f"befolkning saknas för {year}: {', '.join(missing)} "
                f'(custom "{CUSTOM_POPULATION}" {year} "id" ANTAL)'
            )
        elif not any(contribution.populations[(year, m.id)].count > 0 for m in group):
            problems.append(f"befolkningen för gruppen {kind} {year} är noll")
    return problems


def member_accounts(entries: Iterable[data.Directive]) -> dict[str, str]:
    """Contribution account -> member id, from the ``medlem`` metadata on open."""
    return {
        name: str(info.meta[META_MEMBER])
        for name, info in account_infos(entries).items()
        if META_MEMBER in info.meta
    }


def recorded(entries: Sequence[data.Directive], year: int) -> dict[str, Decimal]:
    """Contributions booked in the year per member id (positive = income)."""
    start, end = year_bounds(year)
    moved = movements(entries, start, end)
    totals: dict[str, Decimal] = {}
    for account, member_id in member_accounts(entries).items():
        if account in moved:
            totals[member_id] = totals.get(member_id, ZERO) - moved[account]
    return totals


def recorded_total(entries: Sequence[data.Directive], year: int) -> Decimal:
    """All member contributions booked in the year (the trappan base by default)."""
    return exact_sum(recorded(entries, year).values())


# ------------------------------------------------------------------------ comparison

COLUMNS = (
    "medlem",
    "namn",
    "typ",
    "andel %",
    "befolkning",
    "nyckel %",
    "förväntat",
    "bokfört",
    "differens",
    "över tolerans",
)


def comparison_frame(entries: Sequence[data.Directive], year: int) -> pd.DataFrame:
    """Per member: the key, the expected and the booked contribution and the difference.

    Amounts are exact Decimals in kr (difference = booked - expected); ``över tolerans`` is
    True where the difference is larger than the tolerance in force for the year.
    """
    contribution = contribution_data(entries)
    shares = expected_shares(contribution, year)
    booked = recorded(entries, year)
    limit = tolerance(contribution, year)
    rows: list[dict[str, Any]] = []
    for share in shares:
        got = booked.get(share.member.id, ZERO)
        rows.append(_row(share.member, share, got, limit))
    expected_ids = {s.member.id for s in shares}
    by_id = {m.id: m for m in contribution.members}
    for member_id, got in booked.items():
        if member_id not in expected_ids and member_id in by_id:
            rows.append(_row(by_id[member_id], None, got, limit))
    import pandas as pd

    return pd.DataFrame(rows, columns=list(COLUMNS))


def _row(member: Member, share: Share | None, got: Decimal, limit: Decimal) -> dict[str, Any]:
    expected = share.amount if share else ZERO
    difference = got - expected
    return {
        "medlem": member.id,
        "namn": member.name,
        "typ": member.kind,
        "andel %": share.group_percent if share else None,
        "befolkning": share.population if share else None,
        "nyckel %": share.population_share * HUNDRED
        if share and share.population_share is not None
        else None,
        "förväntat": expected,
        "bokfört": got,
        "differens": difference,
        "över tolerans": abs(difference) > limit,
    }


def warnings(ledger: Ledger) -> list[str]:
    """Contribution differences above the tolerance, per year, in Swedish.

    Years with an allocation are compared; a year with booked contributions but no
    allocation is itself a warning. Unusable data is reported by :func:`errors`, not here.
    """
    entries = ledger.entries
    contribution, problems = parse(entries)
    if problems:
        return []
    found: list[str] = []
    years = sorted(set(contribution.allocations) | _booked_years(entries))
    for year in years:
        allocation = contribution.allocations.get(year)
        if allocation is None:
            found.append(
                f"medlemsavgifter {year} är bokförda men ingen tilldelning är deklarerad "
                f'(custom "{CUSTOM_ALLOCATION}" {year} BELOPP SEK)'
            )
            continue
        try:
            frame = comparison_frame(entries, year)
        except InvalidData:
            continue
        limit = tolerance(contribution, year)
        for row in frame[frame["över tolerans"]].to_dict("records"):
            found.append(_difference_warning(year, row, limit, allocation))
    return found


def _difference_warning(
    year: int, row: Mapping[Any, Any], limit: Decimal, allocation: Allocation
) -> str:
    return (
        f"medlemsavgift {year} för {row['namn']}: bokfört {format_sv(round_kr(row['bokfört']))} "
        f"kr, förväntat {format_sv(round_kr(row['förväntat']))} kr, differens "
        f"{format_sv(round_kr(row['differens']))} kr är större än toleransen "
        f"{format_sv(round_kr(limit))} kr (tilldelning {where(allocation.source)})"
    )


def _booked_years(entries: Sequence[data.Directive]) -> set[int]:
    accounts = set(member_accounts(entries))
    return {
        entry.date.year
        for entry in entries
        if isinstance(entry, data.Transaction)
        and any(p.account in accounts for p in entry.postings)
    }


def errors(entries: Sequence[data.Directive]) -> list[FinsamError]:
    """Every unusable contribution entry and every year whose keys cannot be used."""
    contribution, problems = parse(entries)
    if problems:
        return problems
    found: list[FinsamError] = []
    for year in sorted(contribution.allocations):
        try:
            expected_shares(contribution, year)
        except InvalidData as exc:
            found.extend(exc.errors)
    return found


# ----------------------------------------------------------------------- bookkeeping


@dataclass(frozen=True)
class Invoice:
    """One contribution invoice to write: date, voucher, member, account, amount."""

    date: datetime.date
    voucher: str
    member: Member
    account: str
    receivable: str
    amount: Decimal
    narration: str


def quarter_dates(year: int) -> list[datetime.date]:
    """Invoice dates per quarter: the 15th of the quarter's first month."""
    return [datetime.date(year, month, 15) for month in (1, 4, 7, 10)]


def year_date(year: int) -> datetime.date:
    """The invoice date of a yearly invoice: the 15th of January."""
    return datetime.date(year, 1, 15)


def existing_vouchers(entries: Sequence[data.Directive], year: int) -> list[str]:
    """The year's transactions that post to a member contribution account, as text."""
    accounts = set(member_accounts(entries))
    found: list[str] = []
    for entry in entries:
        if (
            isinstance(entry, data.Transaction)
            and entry.date.year == year
            and any(p.account in accounts for p in entry.postings)
        ):
            voucher = (entry.meta or {}).get(META_VOUCHER)
            found.append(str(voucher) if voucher else f'{entry.date} "{entry.narration}"')
    return found


def next_voucher_number(entries: Sequence[data.Directive], series: str, year: int) -> int:
    """The next free number in a voucher series for a year (:mod:`finsam_accounts.numbering`)."""
    from finsam_accounts.numbering import next_number

    return next_number(entries, series, year)


def invoicing_for(contribution: ContributionData, year: int) -> Invoicing:
    found = in_force(contribution.invoicing, year)
    if not found:
        raise InvalidData(
            [
                plain_error(
                    f"ingen verifikationsserie för medlemsavgifterna: lägg till "
                    f'custom "{CUSTOM_INVOICING}" "K" Tillgångar:Fordringar:Kundfordringar'
                )
            ]
        )
    last: Invoicing = found[-1]
    return last


def account_of(entries: Sequence[data.Directive], member: Member, date: datetime.date) -> str:
    """The member's contribution account open on ``date`` (exactly one)."""
    infos = account_infos(entries)
    candidates = [
        info.name
        for info in infos.values()
        if info.meta.get(META_MEMBER) == member.id
        and info.opened <= date
        and (info.closed is None or info.closed > date)
    ]
    if len(candidates) != 1:
        what = "inget" if not candidates else f"flera ({', '.join(sorted(candidates))})"
        raise InvalidData(
            [
                plain_error(
                    f"{member.name} har {what} avgiftskonto öppet {date} "
                    f'(metadata {META_MEMBER}: "{member.id}" i kontoplanen)'
                )
            ]
        )
    return candidates[0]


def invoices(entries: Sequence[data.Directive], year: int, quarterly: bool) -> list[Invoice]:
    """The year's contribution invoices, one per member (or per member and quarter).

    Numbered from the next free number of the series, in date order and then member order;
    quarter amounts are split exactly (largest remainder), so they add up to the year's.
    """
    contribution = contribution_data(entries)
    shares = [s for s in expected_shares(contribution, year) if s.amount > 0]
    invoicing = invoicing_for(contribution, year)
    number = next_voucher_number(entries, invoicing.series, year)
    if quarterly:
        dates = quarter_dates(year)
        parts = {s.member.id: split_exact(s.amount, [Decimal(1)] * len(dates)) for s in shares}
    else:
        dates = [year_date(year)]
        parts = {s.member.id: [s.amount] for s in shares}
    result: list[Invoice] = []
    for index, date in enumerate(dates):
        narration = (
            f"Medlemsavgift {year} kvartal {index + 1}" if quarterly else f"Medlemsavgift {year}"
        )
        for share in shares:
            result.append(
                Invoice(
                    date=date,
                    voucher=f"{invoicing.series}{number}",
                    member=share.member,
                    account=account_of(entries, share.member, date),
                    receivable=invoicing.account,
                    amount=parts[share.member.id][index],
                    narration=narration,
                )
            )
            number += 1
    return result


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def format_invoices(items: Sequence[Invoice], year: int, quarterly: bool) -> str:
    """Beancount text for the invoices, ready to append to the year's ledger file."""
    kind = "per medlem och kvartal" if quarterly else "per medlem"
    lines = [f"; Medlemsavgifter {year}, {kind} (skrivet av finsam medlemsavgifter --bokför)"]
    width = max((len(i.account) for i in items), default=0)
    width = max(width, *(len(i.receivable) for i in items)) if items else width
    for item in items:
        amount = f"{item.amount:.2f}"
        negative = f"{-item.amount:.2f}"
        lines += [
            "",
            f"{item.date.isoformat()} * {_quote(item.member.name)} {_quote(item.narration)}",
            f"  {META_VOUCHER}: {_quote(item.voucher)}",
            f"  {item.receivable.ljust(width)}  {amount.rjust(14)} {CURRENCY}",
            f"  {item.account.ljust(width)}  {negative.rjust(14)} {CURRENCY}",
        ]
    return "\n".join(lines) + "\n"
