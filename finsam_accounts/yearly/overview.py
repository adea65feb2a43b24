"""Five years at a glance (*femårsöversikt*): the key figures of the year and the four before.

A year in the books gets every figure from the books: contributions (booked on the
members' accounts), the operating costs (every cost account but Kommun-Bas class 8), the
result, equity at year end, trappan's limit and margin, the costs of the insatser (on
their accounts within their periods) and, where participants are declared
(``custom "deltagare"``), the cost per participant. Equity at the
end of the year before the books is the opening-balance voucher's.

A year before the books has only what the economist declares from earlier annual reports
(``custom "femårsöversikt"``, :mod:`finsam_accounts.yearly.overview_declared`, parsed once
per load: ``Books.overview``). Nothing is estimated: a figure neither in the books nor
declared is missing (``None``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from finsam_accounts.books import Books
from finsam_accounts.money import ZERO, exact_sum
from finsam_accounts.periods import calendar_year
from finsam_accounts.statements.figures import Figures
from finsam_accounts.yearly import participants
from finsam_accounts.yearly.overview_declared import DECLARABLE, Declared

FINANCIAL_CLASS = "8"  # Kommun-Bas class 8: financial items, not operating costs
YEARS = 5
LABELS: dict[str, str] = {
    **DECLARABLE,
    "trappan_marginal": "Marginal till trappans gräns",
    "kostnad_per_deltagare": "Kostnad per deltagare",
}
ORDER = ("medlemsavgifter", "kostnader", "resultat", "eget_kapital", "trappan_gräns",
         "trappan_marginal", "insatskostnader", "deltagare", "kostnad_per_deltagare")


@dataclass(frozen=True)
class YearColumn:
    """One year's figures (exact; None = missing) and where they come from."""

    year: int
    source: str  # "bokföringen" | "uppgift i bokföringen" | "saknas"
    values: dict[str, Decimal | None] = field(default_factory=dict)


def insats_costs(books: Books, year: int, summed: Figures) -> dict[str, Decimal]:
    """Per insats: the costs on its accounts within its period and the year, from a
    report's one summing pass that holds each insats's part of the year
    (``statements.annual_report.year_periods``)."""
    costs: dict[str, Decimal] = {}
    for insats in books.insatser:
        period = insats.within(year)
        if period is None:
            continue
        moved = summed.periods[period].movement
        used = exact_sum(moved.get(a, ZERO) for a in insats.accounts)
        costs[insats.name] = costs.get(insats.name, ZERO) + used
    return costs


def per_participant(cost: Decimal | None, count: Decimal | None) -> Decimal | None:
    if cost is None or not count:
        return None
    return cost / count


def book_year(books: Books, year: int, summed: Figures) -> YearColumn:
    """A year of the books, from a report's one summing pass (the year and each insats's
    part of it)."""
    from finsam_accounts import trappan
    from finsam_accounts.contributions.booked import member_accounts_in, recorded_in

    figures = trappan.from_figures(summed, [year])
    assert figures is not None  # the overview sums every year of the books
    expenses = f"{books.roots.expenses}:"
    moved = figures.of(year).movement
    financial = {name for name, info in figures.books.accounts.items()
                 if str(info.meta.get("nr") or "").startswith(FINANCIAL_CLASS)}
    costs = exact_sum(v for a, v in moved.items()
                      if a.startswith(expenses) and a not in financial)
    values: dict[str, Decimal | None] = {
        "medlemsavgifter": exact_sum(recorded_in(
            moved, member_accounts_in(figures.books.accounts)).values()),
        "kostnader": costs,
        "resultat": figures.result(year),
        "eget_kapital": figures.equity_end(year),
    }
    found = books.trappan
    if found:
        position = trappan.year_end(books, found, year, figures)
        values["trappan_gräns"] = position.limit
        values["trappan_marginal"] = position.margin
    else:
        values["trappan_gräns"] = values["trappan_marginal"] = None
    by_insats = insats_costs(books, year, summed)
    values["insatskostnader"] = exact_sum(by_insats.values()) if by_insats else None
    counted = participants.of_year(books, year)
    if counted:
        values["deltagare"] = Decimal(sum(p.total for p in counted.values()))
        cost = exact_sum(by_insats.get(name, ZERO) for name in counted)
        values["kostnad_per_deltagare"] = per_participant(cost, values["deltagare"])
    else:
        values["deltagare"] = values["kostnad_per_deltagare"] = None
    return YearColumn(year, "bokföringen", values)


def declared_year(declared: Sequence[Declared], year: int,
                  equity: Decimal | None) -> YearColumn:
    values: dict[str, Decimal | None] = {name: None for name in ORDER}
    for item in declared:
        if item.year == year:
            values[item.name] = item.value
    if equity is not None:
        values["eget_kapital"] = equity
    if values["trappan_gräns"] is not None and values["eget_kapital"] is not None:
        values["trappan_marginal"] = values["trappan_gräns"] - values["eget_kapital"]
    values["kostnad_per_deltagare"] = per_participant(values["insatskostnader"],
                                                      values["deltagare"])
    known = any(v is not None for v in values.values())
    return YearColumn(year, "uppgift i bokföringen" if known else "saknas", values)


def overview(books: Books, year: int, summed: Figures | None = None) -> list[YearColumn]:
    """The five years ending with ``year``, oldest first. ``summed``: a report's one
    summing pass that holds every year's period and each insats's part of it (the annual
    report's, ``statements.annual_report.year_periods``); else they are summed here."""
    from finsam_accounts import trappan
    from finsam_accounts.errors import ReportError, plain_error

    if year not in books.fiscal_years:
        shown = ", ".join(str(y) for y in books.fiscal_years) or "inga"
        raise ReportError([plain_error(f"{year} är inget räkenskapsår i bokföringen ({shown})")])
    declared = books.overview
    years = list(range(year - YEARS + 1, year + 1))
    in_books = [y for y in years if y in books.fiscal_years]
    wanted = [calendar_year(y) for y in in_books]
    wanted += [p for y in in_books for i in books.insatser if (p := i.within(y)) is not None]
    if summed is None or any(p not in summed.periods for p in wanted):
        summed = trappan.sums(books, wanted)
    figures = trappan.from_figures(summed, in_books)
    assert figures is not None  # every year of the books is summed
    first = books.fiscal_years[0]
    columns: list[YearColumn] = []
    for each in years:
        if each in books.fiscal_years:
            columns.append(book_year(books, each, summed))
        else:
            # Equity at the end of the year before the books: the balances brought in.
            equity = figures.equity_start(first) if each == first - 1 else None
            columns.append(declared_year(declared, each, equity))
    return columns
