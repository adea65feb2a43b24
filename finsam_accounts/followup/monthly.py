"""Cumulative costs per activity by month: the data behind the follow-up's charts.

Per activity of the books: the costs booked from 1 January through each month (through
the follow-up date in its month), the budget accumulated month by month (with the
revisions decided by the follow-up date), and the forecast from the follow-up date to
December, a straight line from the actual to date to the full-year forecast. Costs are
positive, exact in öre; months after the follow-up date have no actual figure (None).

January's reversal of last year's accruals can make the costs booked so far less than
nothing (the invoices it offsets arrive later): the curve is drawn at zero in such a month
and :attr:`Series.below_zero` keeps what was booked, for the note under the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from finsam_accounts.books import Books
from finsam_accounts.budget import budgets_of, monthly_budget
from finsam_accounts.followup.columns import Columns, month_periods
from finsam_accounts.money import ORE, ZERO, exact_sum

MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


@dataclass(frozen=True)
class Series:
    """Twelve cumulative values per curve for one activity's costs."""

    activity: str
    actual: tuple[Decimal | None, ...]
    budget: tuple[Decimal, ...] | None
    forecast: tuple[Decimal | None, ...]
    below_zero: tuple[tuple[int, Decimal], ...] = ()  # (month index, booked) drawn at zero


def cost_accounts(books: Books, activity: str) -> list[str]:
    """The activity's cost accounts (under the root of expenses)."""
    root = f"{books.roots.expenses}:"
    return sorted(
        name for name, info in books.accounts.items()
        if name.startswith(root) and info.activity == activity
    )


def _cumulate(values: Sequence[Decimal]) -> list[Decimal]:
    total, result = ZERO, []
    for value in values:
        total += value
        result.append(total)
    return result


def series(books: Books, columns: Columns, activity: str) -> Series:
    """The activity's cumulative actual, budget and forecast costs, month by month (from
    the follow-up's one summing pass)."""
    date, year = columns.date, columns.year
    names = cost_accounts(books, activity)
    actual: list[Decimal | None] = [
        exact_sum(columns.moved(p).get(a, ZERO) for a in names) for p in month_periods(date)
    ]
    below_zero = tuple((i, v) for i, v in enumerate(actual) if v is not None and v < 0)
    actual = [None if v is None else max(v, ZERO) for v in actual]
    actual += [None] * (12 - date.month)
    budget: tuple[Decimal, ...] | None = None
    if columns.has_budget:
        budgets = budgets_of(books.budgets)
        months = [ZERO] * 12
        for account in names:
            own = monthly_budget(budgets, account, year, date) or [ZERO] * 12
            months = [m + o for m, o in zip(months, own, strict=True)]
        budget = tuple(_cumulate(months))
    to_date = max(exact_sum(columns.actual_to_date.get(a, ZERO) for a in names), ZERO)
    total = exact_sum(columns.forecast.get(a, ZERO) for a in names)
    forecast: list[Decimal | None] = [None] * (date.month - 1)
    steps = 12 - date.month
    for step in range(steps + 1):
        share = Decimal(step) / Decimal(steps) if steps else Decimal(1)
        forecast.append((to_date + (total - to_date) * share).quantize(ORE))
    return Series(activity, tuple(actual), budget, tuple(forecast), below_zero)
