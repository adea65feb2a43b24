"""Expected against booked contributions per member; warnings and errors for the books."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from beancount.core import data

from finsam_accounts.contributions.booked import booked_years, recorded
from finsam_accounts.contributions.declarations import (
    CUSTOM_ALLOCATION,
    HUNDRED,
    Allocation,
    ContributionData,
    parse,
)
from finsam_accounts.contributions.keys import Share, expected_shares, tolerance, year_errors
from finsam_accounts.conventions import Member
from finsam_accounts.errors import FinsamError, ReportError, where
from finsam_accounts.money import ZERO, format_sv, round_kr

if TYPE_CHECKING:  # the books import the declarations
    from finsam_accounts.books import Books

if TYPE_CHECKING:  # pandas is imported only where a frame is made: the plugin loads this
    import pandas as pd

# ------------------------------------------------------------------------ comparison

# The comparison's columns by id, and the header each is printed under (the command's
# table and CSV, Fava's page): code addresses a column by its id, never by the Swedish.
HEADERS = {
    "member": "medlem",
    "name": "namn",
    "kind": "typ",
    "group_percent": "andel %",
    "population": "befolkning",
    "key_percent": "nyckel %",
    "expected": "förväntat",
    "booked": "bokfört",
    "difference": "differens",
    "over_tolerance": "över tolerans",
}
COLUMNS = tuple(HEADERS)


def comparison_frame(books: Books, year: int) -> pd.DataFrame:
    """Per member: the key, the expected and the booked contribution and the difference.

    Columns by id (:data:`HEADERS` gives each one's printed header). Amounts are exact
    Decimals in kr (difference = booked - expected); ``over_tolerance`` is True where the
    difference is larger than the tolerance in force for the year.
    """
    return compared(books.contributions, recorded(books, year), year)  # one summing pass


def compared(
    contribution: ContributionData, booked: Mapping[str, Decimal], year: int
) -> pd.DataFrame:
    """:func:`comparison_frame` of parsed contribution data and what is booked per member."""
    shares = expected_shares(contribution, year)
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
        "member": member.id,
        "name": member.name,
        "kind": member.kind,
        "group_percent": share.group_percent if share else None,
        "population": share.population if share else None,
        "key_percent": share.population_share * HUNDRED
        if share and share.population_share is not None
        else None,
        "expected": expected,
        "booked": got,
        "difference": difference,
        "over_tolerance": abs(difference) > limit,
    }


def warnings(books: Books) -> list[str]:
    """Contribution differences above the tolerance, per year, in Swedish.

    Years with an allocation are compared; a year with booked contributions but no
    allocation is itself a warning. Unusable data is reported by :func:`errors`, not here.
    """
    entries = books.entries
    contribution, problems = parse(entries)
    if problems:
        return []
    found: list[str] = []
    years = sorted(set(contribution.allocations) | booked_years(books))
    for year in years:
        allocation = contribution.allocations.get(year)
        if allocation is None:
            found.append(
                f"medlemsavgifter {year} är bokförda men ingen tilldelning är deklarerad "
                f'(custom "{CUSTOM_ALLOCATION}" {year} BELOPP SEK)'
            )
            continue
        try:
            frame = compared(contribution, recorded(books, year), year)
        except ReportError:
            continue
        limit = tolerance(contribution, year)
        for row in frame[frame["over_tolerance"]].to_dict("records"):
            found.append(_difference_warning(year, row, limit, allocation))
    return found


def _difference_warning(
    year: int, row: Mapping[Any, Any], limit: Decimal, allocation: Allocation
) -> str:
    return (
        f"medlemsavgift {year} för {row['name']}: bokfört {format_sv(round_kr(row['booked']))} "
        f"kr, förväntat {format_sv(round_kr(row['expected']))} kr, differens "
        f"{format_sv(round_kr(row['difference']))} kr är större än toleransen "
        f"{format_sv(round_kr(limit))} kr (tilldelning {where(allocation.source)})"
    )


def errors(entries: Sequence[data.Directive]) -> list[FinsamError]:
    """Every unusable contribution entry and every year whose keys cannot be used."""
    contribution, problems = parse(entries)
    return problems or year_errors(contribution)


