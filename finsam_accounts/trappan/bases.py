"""The base of the limit: member contributions or revenue, booked or budgeted."""

from __future__ import annotations

from decimal import Decimal

from finsam_accounts.books import Books
from finsam_accounts.budget import budget_for_year, budgets_of, has_budget
from finsam_accounts.conventions import META_MEMBER
from finsam_accounts.money import ZERO, exact_sum
from finsam_accounts.trappan.yearsums import YearFigures, year_figures


def base_for_year(
    books: Books, year: int, kind: str, figures: YearFigures | None = None
) -> Decimal:
    """The year's base as booked: member contributions or total revenue (positive), from
    the same one-pass sums as the statements."""
    figures = figures or year_figures(books, [year])
    moved = figures.of(year).movement
    if kind == "medlemsavgifter":
        members = [n for n, info in books.accounts.items() if META_MEMBER in info.meta]
        return -exact_sum(moved.get(a, ZERO) for a in members)
    root = f"{books.roots.income}:"
    return -exact_sum(v for a, v in moved.items() if a.startswith(root))


def budgeted_result(books: Books, year: int) -> Decimal | None:
    """The year's budgeted result (positive = surplus), or None if the year has no budget."""
    budgets = budgets_of(books.budgets)
    if not has_budget(budgets, year):
        return None
    budget = budget_for_year(budgets, year)
    return -exact_sum(v for a, v in budget.items() if a.startswith(books.result_roots))


def budgeted_base(books: Books, year: int, kind: str) -> Decimal:
    """The base for the projection: the allocation decided (medlemsavgifter) or the
    budgeted revenue (intäkter); the booked base where the ledger has neither."""
    if kind == "medlemsavgifter":
        allocation = books.contributions.allocations.get(year)
        if allocation is not None:
            return allocation.amount
    else:
        root = f"{books.roots.income}:"
        budget = budget_for_year(budgets_of(books.budgets), year)
        revenue = [v for a, v in budget.items() if a.startswith(root)]
        if revenue:
            return -exact_sum(revenue)
    return base_for_year(books, year, kind)
