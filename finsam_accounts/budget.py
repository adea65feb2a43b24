"""Budgets: parse Fava's ``custom "budget"`` entries and compute budgets per period ourselves.

Fava's syntax is kept so Fava still shows the budgets:
``2019-01-01 custom "budget" Kostnader:SAMO:Insatser:Vännäs "yearly" 700000.00 SEK``.
The arithmetic is ours: a budget is spread over calendar months (yearly / 12, quarterly / 3,
exact in öre so the months add up to the amount), and a later entry for the same account
replaces the earlier one from its date on. Amounts carry beancount signs (income negative).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from beancount.core import data

from finsam_accounts.money import ORE, ZERO

CUSTOM_BUDGET = "budget"
CUSTOM_EQUITY_BUDGET = "budget-eget-kapital"
MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "yearly": 12}


class BudgetError(ValueError):
    """A budget entry we cannot use; carries the entry's source for ``file:line``."""

    def __init__(self, message: str, source: dict[str, Any]) -> None:
        super().__init__(message)
        self.message = message
        self.source = source


@dataclass(frozen=True)
class Budget:
    """One ``custom "budget"`` entry."""

    date: datetime.date
    account: str
    period: str
    amount: Decimal
    currency: str
    source: dict[str, Any]


def parse_budgets(entries: Iterable[data.Directive]) -> list[Budget]:
    """All budget entries, in date order; raises BudgetError on an unusable one."""
    budgets: list[Budget] = []
    for entry in entries:
        if not (isinstance(entry, data.Custom) and entry.type == CUSTOM_BUDGET):
            continue
        source = {"filename": entry.meta.get("filename"), "lineno": entry.meta.get("lineno")}
        values = [v.value for v in entry.values]
        if len(values) != 3 or not hasattr(values[2], "number"):
            raise BudgetError("budgetraden ska vara: KONTO \"period\" BELOPP SEK", source)
        account, period, amount = str(values[0]), str(values[1]), values[2]
        if period not in MONTHS_PER_PERIOD:
            allowed = ", ".join(MONTHS_PER_PERIOD)
            raise BudgetError(f"okänd budgetperiod \"{period}\" (tillåtna: {allowed})", source)
        budgets.append(Budget(entry.date, account, period, amount.number, amount.currency, source))
    return sorted(budgets, key=lambda b: b.date)


def _month_start(date: datetime.date) -> datetime.date:
    return date.replace(day=1)


def _months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """First days of the calendar months that begin in [start, end)."""
    months: list[datetime.date] = []
    month = _month_start(start)
    if month < start:
        month = _next_month(month)
    while month < end:
        months.append(month)
        month = _next_month(month)
    return months


def _next_month(month: datetime.date) -> datetime.date:
    return month.replace(year=month.year + 1, month=1) if month.month == 12 else month.replace(
        month=month.month + 1
    )


def monthly_amount(budget: Budget, month: datetime.date) -> Decimal:
    """The budget's share for one calendar month, exact in öre over its period.

    Month k of a period of n months gets round(A*k/n) - round(A*(k-1)/n), so the months of a
    period always add up to the amount A.
    """
    n = MONTHS_PER_PERIOD[budget.period]
    k = (month.month - 1) % n + 1

    def cumulative(i: int) -> Decimal:
        return (budget.amount * i / n).quantize(ORE, rounding=ROUND_HALF_UP)

    return cumulative(k) - cumulative(k - 1)


def budget_between(
    budgets: Iterable[Budget], start: datetime.date, end: datetime.date
) -> dict[str, Decimal]:
    """Budget per account for the calendar months that begin in [start, end)."""
    by_account: dict[str, list[Budget]] = {}
    for budget in budgets:
        by_account.setdefault(budget.account, []).append(budget)
    result: dict[str, Decimal] = {}
    for account, account_budgets in by_account.items():
        total = ZERO
        for month in _months(start, end):
            active = [b for b in account_budgets if b.date <= month]
            if active:
                total += monthly_amount(active[-1], month)
        if account_budgets and any(b.date < end for b in account_budgets):
            result[account] = total
    return result


def budget_for_year(budgets: Iterable[Budget], year: int) -> dict[str, Decimal]:
    """Budget per account for a calendar year (empty if the year has no budget)."""
    return budget_between(budgets, datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1))


def has_budget(budgets: Iterable[Budget], year: int) -> bool:
    return any(b.date.year == year for b in budgets)


def equity_budget(entries: Iterable[data.Directive], year: int) -> Decimal | None:
    """The budgeted equity at the end of ``year`` (``custom "budget-eget-kapital"``), if any."""
    found: Decimal | None = None
    for entry in entries:
        if (
            isinstance(entry, data.Custom)
            and entry.type == CUSTOM_EQUITY_BUDGET
            and entry.date.year == year
            and entry.values
        ):
            found = entry.values[0].value.number
    return found
