"""Cumulative costs per activity by month: the data behind the follow-up's charts.

Per activity of the books: the costs booked from 1 January through each month (through
the follow-up date in its month), the budget accumulated month by month (with the
revisions decided by the follow-up date), and the forecast from the follow-up date to
December, a straight line from the actual to date to the full-year forecast. Costs are
positive, exact in öre; months after the follow-up date have no actual figure (None).
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from beancount.core import data

from finsam_accounts.budget import monthly_budget, parse_budgets
from finsam_accounts.followup.columns import Columns, actual_between
from finsam_accounts.ledger import AccountInfo
from finsam_accounts.money import ORE, ZERO, exact_sum

MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


@dataclass(frozen=True)
class Series:
    """Twelve cumulative values per curve for one activity's costs."""

    activity: str
    actual: tuple[Decimal | None, ...]
    budget: tuple[Decimal, ...] | None
    forecast: tuple[Decimal | None, ...]


def activities(accounts: Mapping[str, AccountInfo]) -> list[str]:
    """The activities the books' accounts carry, sorted."""
    return sorted({a.activity for a in accounts.values() if a.activity})


def cost_accounts(
    accounts: Mapping[str, AccountInfo], options: Mapping[str, Any], activity: str
) -> list[str]:
    root = f"{options.get('name_expenses', 'Expenses')}:"
    return sorted(
        name for name, info in accounts.items()
        if name.startswith(root) and info.activity == activity
    )


def _cumulate(values: Sequence[Decimal]) -> list[Decimal]:
    total, result = ZERO, []
    for value in values:
        total += value
        result.append(total)
    return result


def series(
    entries: Sequence[data.Directive],
    options: Mapping[str, Any],
    accounts: Mapping[str, AccountInfo],
    columns: Columns,
    activity: str,
) -> Series:
    """The activity's cumulative actual, budget and forecast costs, month by month."""
    date, year = columns.date, columns.year
    names = cost_accounts(accounts, options, activity)
    actual: list[Decimal | None] = []
    for month in range(1, 13):
        if month > date.month:
            actual.append(None)
            continue
        last = datetime.date(year, month, calendar.monthrange(year, month)[1])
        moved = actual_between(entries, options, datetime.date(year, 1, 1), min(last, date))
        actual.append(exact_sum(moved.get(a, ZERO) for a in names))
    budget: tuple[Decimal, ...] | None = None
    if columns.has_budget:
        budgets = parse_budgets(entries)
        months = [ZERO] * 12
        for account in names:
            own = monthly_budget(budgets, account, year, date) or [ZERO] * 12
            months = [m + o for m, o in zip(months, own, strict=True)]
        budget = tuple(_cumulate(months))
    to_date = exact_sum(columns.actual_to_date.get(a, ZERO) for a in names)
    total = exact_sum(columns.forecast.get(a, ZERO) for a in names)
    forecast: list[Decimal | None] = [None] * (date.month - 1)
    steps = 12 - date.month
    for step in range(steps + 1):
        share = Decimal(step) / Decimal(steps) if steps else Decimal(1)
        forecast.append((to_date + (total - to_date) * share).quantize(ORE))
    return Series(activity, tuple(actual), budget, tuple(forecast))
