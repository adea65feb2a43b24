"""The year's allocation split by the members' keys, exact in öre (largest remainder)."""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from finsam_accounts.contributions.declarations import (
    CUSTOM_ALLOCATION,
    CUSTOM_GROUP_SHARE,
    CUSTOM_POPULATION,
    DEFAULT_GROUP_PERCENT,
    DEFAULT_TOLERANCE,
    HUNDRED,
    MEMBER_KINDS,
    ContributionData,
)
from finsam_accounts.conventions import Member
from finsam_accounts.errors import FinsamError, ReportError, plain_error
from finsam_accounts.money import ORE, ZERO, exact_sum

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

    Raises ReportError (pointing at the allocation) when the year's keys cannot be used.
    """
    allocation = contribution.allocations.get(year)
    if allocation is None:
        raise ReportError(
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
        raise ReportError([FinsamError(allocation.source, p, None) for p in problems])
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


def year_errors(contribution: ContributionData) -> list[FinsamError]:
    """Every year whose keys cannot be used (a member without a population, shares that do
    not add up to 100 %), at its allocation: what ``finsam check`` reports, so that the
    year's split fails there and not first in a report."""
    found: list[FinsamError] = []
    for year in sorted(contribution.allocations):
        try:
            expected_shares(contribution, year)
        except ReportError as exc:
            found.extend(exc.errors)
    return found
