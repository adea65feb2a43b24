"""Insatser as data: the board's grants, and how much of each has been used at a date.

The board grants an insats (a joint effort run by a member) with a decision that has a
diarienummer, a period (which may span years) and a ceiling. The ledger declares it::

    2018-11-30 custom "insats" "Ungdomstorget" "Dnr 2018/12" 2019-01-01 2020-12-31 1370000.00 SEK
      konton: "Kostnader:SAMO:Insatser:Ungdomstorget"

(the directive's date is the decision date; ``konton`` lists the accounts the insats is
booked on, separated by spaces or commas). Used is the sum of postings on those accounts
within the period, so an account can carry successive insatser; two insatser that share
an account with overlapping periods are an error (the use would count twice). What is
left of the ceiling at the end of the period flows back to the förbund.

Pure: no pandas, so the beancount plugin can call :func:`errors`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from beancount.core import data

from finsam_accounts.books import Books, account_roots
from finsam_accounts.budget import budgets_of, monthly_budget
from finsam_accounts.derived import copy_lists, per_entries
from finsam_accounts.errors import FinsamError, ReportError, error_at
from finsam_accounts.followup.columns import Columns, insats_periods, movements_in
from finsam_accounts.money import ZERO, exact_sum, format_sv_ore
from finsam_accounts.periods import Period

CUSTOM_INSATS = "insats"
META_ACCOUNTS = "konton"
CURRENCY = "SEK"
SYNTAX = (
    'custom "insats" "Namn" "Diarienummer" STARTDATUM SLUTDATUM BELOPP SEK, '
    'med metadata konton: "KONTO ..."'
)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Insats:
    """One grant of the board."""

    name: str
    dnr: str
    decided: datetime.date
    start: datetime.date
    end: datetime.date
    granted: Decimal
    accounts: tuple[str, ...]
    entry: data.Custom

    def overlaps(self, other: Insats) -> bool:
        return self.start <= other.end and other.start <= self.end

    def within(self, year: int) -> Period | None:
        """The part of ``year`` the insats runs in (None if it does not run then)."""
        start = max(self.start, datetime.date(year, 1, 1))
        end = min(self.end, datetime.date(year, 12, 31))
        return Period(start, end) if start <= end else None


@dataclass(frozen=True)
class Usage:
    """An insats at a follow-up date (costs positive, exact in öre)."""

    insats: Insats
    date: datetime.date
    used_year: Decimal  # in the fiscal year of ``date``, through ``date``
    used_total: Decimal  # since the start of the period, through ``date``
    forecast: Decimal  # expected use by the end of the period or of the year

    @property
    def ended(self) -> bool:
        return self.date >= self.insats.end

    @property
    def forecast_until(self) -> datetime.date:
        """The date the forecast reaches: the period's end, or the year's end before it."""
        return min(self.insats.end, datetime.date(self.date.year, 12, 31))

    @property
    def remaining(self) -> Decimal:
        return self.insats.granted - self.used_total

    @property
    def to_return(self) -> Decimal | None:
        """At the end of the period: the unused part of the grant (None before the end)."""
        return max(self.remaining, ZERO) if self.ended else None

    @property
    def over(self) -> Decimal:
        """How much the use exceeds the ceiling (zero when within it)."""
        return max(-self.remaining, ZERO)


# ---------------------------------------------------------------------------- parsing


def _parse(entry: data.Custom, opened: set[str], costs: str | None = None) -> Insats | str:
    """The insats of a declaration, or its problem; ``costs`` is the root of the cost
    accounts (checked when given: the plugin gives it)."""
    values = [v.value for v in entry.values]
    if (
        len(values) != 5
        or not all(isinstance(v, str) for v in values[:2])
        or not all(isinstance(v, datetime.date) for v in values[2:4])
        or not (hasattr(values[4], "number") and hasattr(values[4], "currency"))
    ):
        return f"insatsen ska vara: {SYNTAX}"
    name, dnr, start, end, amount = values
    if not name.strip():
        return "insatsen saknar namn"
    if amount.currency != CURRENCY:
        return f"insatsen {name}: beloppet är i {amount.currency}, bara {CURRENCY} stöds"
    if amount.number <= 0:
        return f"insatsen {name}: det beviljade beloppet ska vara större än noll"
    if end < start:
        return f"insatsen {name}: slutdatum {end} är före startdatum {start}"
    accounts = tuple(a for a in re.split(r"[\s,]+", str(entry.meta.get(META_ACCOUNTS) or "")) if a)
    if not accounts:
        return f'insatsen {name} saknar konton (metadata {META_ACCOUNTS}: "KONTO ...")'
    unknown = [a for a in accounts if a not in opened]
    if unknown:
        return f"insatsen {name}: kontot {', '.join(unknown)} finns inte i kontoplanen"
    twice = sorted({a for a in accounts if accounts.count(a) > 1})
    if twice:
        return (f"insatsen {name}: kontot {', '.join(twice)} står två gånger i "
                f"{META_ACCOUNTS}; förbrukningen skulle räknas två gånger")
    others = [a for a in accounts if costs is not None and a.split(":", 1)[0] != costs]
    if others:
        return (f"insatsen {name}: kontot {', '.join(others)} är inget kostnadskonto; en "
                f"insats förbrukas på kostnadskonton ({costs}:...), och en intäkt skulle "
                "minska förbrukningen")
    return Insats(name, dnr, entry.date, start, end, amount.number, accounts, entry)


@per_entries(copy_lists)
def parse(
    entries: Sequence[data.Directive], options: Mapping[str, Any] | None = None
) -> tuple[list[Insats], list[FinsamError]]:
    """Every insats in decision order, and the problems with the declarations (with the
    books' options, also an account outside the cost accounts)."""
    opened = {e.account for e in entries if isinstance(e, data.Open)}
    costs = account_roots(options).expenses if options is not None else None
    found: list[Insats] = []
    problems: list[FinsamError] = []
    for entry in entries:
        if isinstance(entry, data.Custom) and entry.type == CUSTOM_INSATS:
            parsed = _parse(entry, opened, costs)
            if isinstance(parsed, str):
                problems.append(error_at(entry, parsed))
            else:
                problems.extend(_overlap_errors(parsed, found))
                found.append(parsed)
    return sorted(found, key=lambda i: (i.decided, i.name)), problems


def _overlap_errors(insats: Insats, earlier: Sequence[Insats]) -> list[FinsamError]:
    return [
        error_at(
            insats.entry,
            f"insatsen {insats.name} och insatsen {other.name} "
            f"(rad {other.entry.meta.get('lineno', 0)}) har båda kontot {account} under "
            "överlappande perioder; förbrukningen skulle räknas två gånger",
        )
        for other in earlier
        if insats.overlaps(other)
        for account in insats.accounts
        if account in other.accounts
    ]


def errors(
    entries: Sequence[data.Directive], options: Mapping[str, Any] | None = None
) -> list[FinsamError]:
    """The problems with the insats declarations (for the beancount plugin)."""
    return parse(entries, options)[1]


def insatser(entries: Sequence[data.Directive]) -> list[Insats]:
    """Every insats; raises ReportError when a declaration is unusable."""
    found, problems = parse(entries)
    if problems:
        raise ReportError(problems)
    return found


# ------------------------------------------------------------------------------ usage


def usage(insats: Insats, books: Books, columns: Columns) -> Usage:
    """The insats at the follow-up date of ``columns`` (from the follow-up's one pass).

    The forecast adds to the use so far what the year's forecast leaves on its accounts
    (forecast − actual to date), or, when the period ends before the year does, the budget
    of the months after the follow-up month through the period's end month.
    """
    date = columns.date
    total, year = insats_periods(insats.start, insats.end, date)

    def used(period: Period | None) -> Decimal:
        found = columns.moved(period) if period is not None else {}
        return exact_sum(found.get(a, ZERO) for a in insats.accounts)

    used_total, used_year = used(total), used(year)
    if date >= insats.end:
        forecast = used_total
    elif insats.end >= datetime.date(date.year, 12, 31):
        forecast = used_total + exact_sum(
            columns.forecast.get(a, ZERO) - columns.actual_to_date.get(a, ZERO)
            for a in insats.accounts
        )
    else:
        forecast = used_total + _budget_after(insats, books, date)
    return Usage(insats, date, used_year, used_total, forecast)


def _budget_after(insats: Insats, books: Books, date: datetime.date) -> Decimal:
    """The budget of the months after ``date``'s month through the period's end month."""
    budgets = budgets_of(books.budgets)
    total = ZERO
    for account in insats.accounts:
        months = monthly_budget(budgets, account, date.year, date) or []
        total += exact_sum(months[date.month : insats.end.month])
    return total


def usages(books: Books, columns: Columns) -> list[Usage]:
    """Every insats decided by the follow-up date whose period has begun by then and had
    not ended before the fiscal year began."""
    year_start = datetime.date(columns.date.year, 1, 1)
    return [
        usage(i, books, columns)
        for i in books.insatser
        if i.decided <= columns.date and i.start <= columns.date and i.end >= year_start
    ]


def over_ceiling(
    books: Books, date: datetime.date
) -> list[tuple[Insats, Decimal, Decimal]]:
    """Insatser whose use through ``date`` exceeds the ceiling: (insats, used, over)."""
    started = [i for i in books.insatser if i.start <= date]
    periods = [Period(i.start, min(date, i.end)) for i in started]
    moved = movements_in(books, periods)
    found: list[tuple[Insats, Decimal, Decimal]] = []
    for insats, period in zip(started, periods, strict=True):
        used = exact_sum(moved[period].get(a, ZERO) for a in insats.accounts)
        if used > insats.granted:
            found.append((insats, used, used - insats.granted))
    return found


def warnings(books: Books) -> list[str]:
    """A warning per insats whose use so far is over its ceiling (Swedish)."""
    if not books.insatser:
        return []
    if errors(books.entries, books.options):
        return []  # reported by the plugin
    dates = [e.date for e in books.entries if isinstance(e, data.Transaction)]
    if not dates:
        return []
    return [
        f"insatsen {insats.name}{_dnr(insats)} har förbrukat {format_sv_ore(used)} kr, "
        f"över det beviljade beloppet {format_sv_ore(insats.granted)} kr med "
        f"{format_sv_ore(over)} kr ({_where(insats)})"
        for insats, used, over in over_ceiling(books, max(dates))
    ]


def _dnr(insats: Insats) -> str:
    return f" ({insats.dnr})" if insats.dnr else ""


def _where(insats: Insats) -> str:
    meta = insats.entry.meta or {}
    return f"rad {meta.get('lineno', 0)} i {PurePath(str(meta.get('filename', '?'))).name}"
