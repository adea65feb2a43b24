"""The per-account figures of a budget follow-up at a date, as plain dicts.

A follow-up at DATE looks at the fiscal year that contains DATE. Per account (beancount
signs, exact in öre) it has five columns: the adopted annual budget, the annual budget
with the revisions decided by DATE, the budget to date (1 January through DATE's month,
:mod:`finsam_accounts.budget`), the actual to date (1 January through DATE) and the
full-year forecast, computed per row of the utfall/budget table by
:mod:`finsam_accounts.followup.forecast` (manual forecasts, budget profiles, January's
reversals of accruals, last year's pattern, or the budget left). A year without budget has
no budget columns.

The actual figures are the statements' own sums (:func:`finsam_accounts.statements.
figures.collect`, which also knows the vouchers of balances brought in), summed in ONE
pass for every period the follow-up and its parts read (:func:`followup_periods`: the
year to date, last year's, each month's, each insats's, the whole year's opening
balances); :attr:`Columns.sums` keeps them for the insatser, the charts and equity. The
statements engine turns these dicts into the rows of the utfall/budget table. No pandas:
the plugin reaches this module through :mod:`finsam_accounts.followup.insatser`.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from finsam_accounts.books import Books
from finsam_accounts.budget import (
    Forecast,
    adopted_for_year,
    budget_to_date,
    budgets_of,
    forecasts_at,
    has_budget,
    revised_for_year,
)
from finsam_accounts.followup import forecast as forecasting
from finsam_accounts.followup.rows import followup_statement
from finsam_accounts.money import ZERO, format_sv
from finsam_accounts.periods import Period, calendar_year, year_to_date
from finsam_accounts.statements.figures import Figures, PeriodFigures, collect
from finsam_accounts.statements.spec import Selector, Specification, spec_for

NOTHING = Selector(())

Amounts = dict[str, Decimal]


@dataclass(frozen=True)
class Columns:
    """Per-account figures of a follow-up at ``date``; budget dicts None without budget."""

    date: datetime.date
    adopted: Amounts | None
    revised: Amounts | None
    budget_to_date: Amounts | None
    actual_to_date: Amounts
    forecast: Amounts
    manual: dict[str, Forecast]
    methods: dict[tuple[str, str], str] = field(default_factory=dict)  # per row (line, label)
    warnings: tuple[str, ...] = ()  # manual forecasts to look over
    sums: Figures | None = field(default=None, compare=False)  # the one summing pass

    def summed(self, period: Period) -> PeriodFigures:
        """The sums of one of :func:`followup_periods` (from the follow-up's one pass)."""
        if self.sums is None or period not in self.sums.periods:
            raise ValueError(f"the follow-up did not sum {period}")
        return self.sums.periods[period]

    def moved(self, period: Period) -> Amounts:
        """Postings per account in one of :func:`followup_periods`."""
        return dict(self.summed(period).movement)

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def has_budget(self) -> bool:
        return self.revised is not None

    @property
    def is_revised(self) -> bool:
        """True when a revision changed some account's annual budget."""
        return self.adopted is not None and self.revised is not None and any(
            self.adopted.get(a, ZERO) != v for a, v in self.revised.items()
        )


def movements_in(
    books: Books, periods: Iterable[Period]
) -> dict[Period, Amounts]:
    """Postings per account in each period (first and last day included), summed in one
    pass by the statements' own figures (vouchers of balances brought in left out)."""
    wanted = sorted(set(periods))
    if not wanted:
        return {}
    figures = collect(books.entries, books, wanted, NOTHING, NOTHING)
    return {p: dict(f.movement) for p, f in figures.periods.items()}


def month_periods(date: datetime.date) -> list[Period]:
    """1 January through the end of each month of ``date``'s year up to ``date``."""
    year = date.year
    return [
        Period(datetime.date(year, 1, 1),
               min(datetime.date(year, month, calendar.monthrange(year, month)[1]), date))
        for month in range(1, date.month + 1)
    ]


def insats_periods(
    start: datetime.date, end: datetime.date, date: datetime.date
) -> tuple[Period | None, Period | None]:
    """An insats running ``start``–``end`` at ``date``: its whole period and its part of
    ``date``'s year, each through ``date`` (None before it has begun)."""
    through = min(date, end)
    total = Period(start, through) if start <= through else None
    year_start = max(start, datetime.date(date.year, 1, 1))
    year = Period(year_start, through) if year_start <= through else None
    return total, year


def followup_periods(books: Books, date: datetime.date) -> list[Period]:
    """Every period a follow-up at ``date`` reads, to be summed in one pass."""
    found = [year_to_date(date), *(last_year_periods(books, date) or ()),
             *month_periods(date), calendar_year(date.year)]
    for insats in books.insatser:
        found.extend(p for p in insats_periods(insats.start, insats.end, date) if p)
    return sorted(set(found))


def last_year_periods(books: Books, date: datetime.date) -> tuple[Period, Period] | None:
    """The previous fiscal year up to the same day, and whole, if it is in the books."""
    year = date.year - 1
    if year not in books.fiscal_years:
        return None
    day = min(date.day, 28) if date.month == 2 else date.day
    return (Period(datetime.date(year, 1, 1), datetime.date(year, date.month, day)),
            Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31)))


def stale_warnings(
    manual: dict[str, Forecast], actual: Amounts, date: datetime.date,
    row_groups: Sequence[forecasting.Group],
) -> tuple[str, ...]:
    """Manual forecasts below what is already booked, or made before the follow-up's month."""
    rows = {a: g.accounts for g in row_groups for a in g.accounts}
    found: list[str] = []
    for account, item in sorted(manual.items()):
        accounts = rows.get(account, (account,)) if item.row else (account,)
        booked = sum((actual.get(a, ZERO) for a in accounts), ZERO)
        what = f"prognosen {item.date.isoformat()} för {account}" + (" (hela raden)" if item.row
                                                                      else "")
        if (booked > 0 and item.amount < booked) or (booked < 0 and item.amount > booked):
            found.append(f"{what}: {format_sv(abs(item.amount))} kr är mindre än det som redan "
                         f"är bokfört ({format_sv(abs(booked))} kr)")
        if item.date < date.replace(day=1):
            found.append(f"{what} är gjord före uppföljningens månad: se över den")
    return tuple(found)


def follow_up(
    books: Books, date: datetime.date,
    spec: Specification | None = None, sums: Figures | None = None,
) -> Columns:
    """Every column of a follow-up at ``date`` (raises ReportError on an unusable budget).

    ``sums``: a report's one summing pass, if it has summed :func:`followup_periods`
    with its own periods; else the follow-up sums them."""
    budgets = budgets_of(books.budgets)
    period = year_to_date(date)
    last = last_year_periods(books, date)
    if sums is None:
        sums = collect(books.entries, books, followup_periods(books, date), NOTHING, NOTHING)
    moved = {p: dict(f.movement) for p, f in sums.periods.items()}
    actual = moved[period]
    manual = forecasts_at(books.budgets.forecasts, date)
    if has_budget(budgets, date.year):
        adopted: Amounts | None = adopted_for_year(budgets, date.year)
        revised: Amounts | None = revised_for_year(budgets, date.year, date)
        to_date: Amounts | None = budget_to_date(budgets, date)
    else:
        adopted = revised = to_date = None
    spec = spec_for(books) if spec is None else spec
    row_groups = forecasting.groups(followup_statement(spec), books)
    profiled = frozenset(
        p.account for p in books.budgets.profiles if p.date.year <= date.year
    )
    inputs = forecasting.Inputs(
        date, actual, revised, to_date,
        moved[last[0]] if last else None, moved[last[1]] if last else None,
        forecasting.reversals(books, date.year), profiled, manual,
    )
    result = forecasting.forecast(row_groups, inputs)
    warnings = stale_warnings(manual, actual, date, row_groups)
    return Columns(date, adopted, revised, to_date, actual, result.amounts, manual,
                   result.methods, warnings, sums)
