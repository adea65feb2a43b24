"""The base of the limit: member contributions or revenue, booked or budgeted."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from beancount.core import data

from finsam_accounts import contributions
from finsam_accounts.budget import budget_for_year, has_budget, parse_budgets
from finsam_accounts.conventions import META_MEMBER
from finsam_accounts.money import ZERO, exact_sum
from finsam_accounts.trappan.yearsums import YearFigures, year_figures


def base_for_year(
    entries: Sequence[data.Directive], options: dict[str, Any], year: int, kind: str,
    figures: YearFigures | None = None,
) -> Decimal:
    """The year's base as booked: member contributions or total revenue (positive), from
    the same one-pass sums as the statements."""
    figures = figures or year_figures(entries, options, [year])
    moved = figures.of(year).movement
    if kind == "medlemsavgifter":
        members = [n for n, info in figures.books.accounts.items() if META_MEMBER in info.meta]
        return -exact_sum(moved.get(a, ZERO) for a in members)
    root = f"{options['name_income']}:"
    return -exact_sum(v for a, v in moved.items() if a.startswith(root))


def budgeted_result(
    entries: Sequence[data.Directive], options: dict[str, Any], year: int
) -> Decimal | None:
    """The year's budgeted result (positive = surplus), or None if the year has no budget."""
    budgets = parse_budgets(entries)
    if not has_budget(budgets, year):
        return None
    roots = (f"{options['name_income']}:", f"{options['name_expenses']}:")
    budget = budget_for_year(budgets, year)
    return -exact_sum(v for a, v in budget.items() if a.startswith(roots))


def budgeted_base(
    entries: Sequence[data.Directive], options: dict[str, Any], year: int, kind: str
) -> Decimal:
    """The base for the projection: the allocation decided (medlemsavgifter) or the
    budgeted revenue (intäkter); the booked base where the ledger has neither."""
    if kind == "medlemsavgifter":
        parsed, _ = contributions.parse(entries)
        allocation = parsed.allocations.get(year)
        if allocation is not None:
            return allocation.amount
    else:
        root = f"{options['name_income']}:"
        budget = budget_for_year(parse_budgets(entries), year)
        revenue = [v for a, v in budget.items() if a.startswith(root)]
        if revenue:
            return -exact_sum(revenue)
    return base_for_year(entries, options, year, kind)


