"""The rows of the trappan report: equity against the limit at each date."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from finsam_accounts.books import Books
from finsam_accounts.trappan.bases import base_for_year, budgeted_base, budgeted_result
from finsam_accounts.trappan.guideline import (
    HUNDRED,
    INSIDE,
    OPENING,
    OVER,
    PROJECTION,
    YEAR_END,
    Table,
    limit,
    table_at,
)
from finsam_accounts.trappan.yearsums import YearFigures, from_figures, year_figures

if TYPE_CHECKING:  # pandas is imported only where a frame is made: the plugin loads this
    import pandas as pd

@dataclass(frozen=True)
class Position:
    """Equity at one date against the limit of one year's base."""

    kind: str  # YEAR_END | OPENING | PROJECTION
    year: int  # the year whose base applies
    date: datetime.date
    equity: Decimal
    base: Decimal
    table: Table

    @property
    def limit(self) -> Decimal:
        return limit(self.table, self.base)

    @property
    def margin(self) -> Decimal:
        """Room left under the limit (negative: over by this much)."""
        return self.limit - self.equity

    @property
    def margin_percent(self) -> Decimal | None:
        """The margin in percent of the base (percentage points, like the steps)."""
        return self.margin * HUNDRED / self.base if self.base else None

    @property
    def equity_percent(self) -> Decimal | None:
        return self.equity * HUNDRED / self.base if self.base else None

    @property
    def status(self) -> str:
        return INSIDE if self.equity <= self.limit else OVER

    @property
    def label(self) -> str:
        if self.kind == OPENING:
            return f"Ingående {self.year} mot {self.year} års bas"
        if self.kind == PROJECTION:
            return f"Prognos {self.year} enligt budget"
        return f"Utgående {self.year}"


def year_end(books: Books, found: Sequence[Table], year: int, figures: YearFigures) -> Position:
    date = datetime.date(year, 12, 31)
    table = table_at(found, date)
    equity = figures.equity_end(year)
    base = base_for_year(books, year, table.base, figures)
    return Position(YEAR_END, year, date, equity, base, table)


def opening(books: Books, found: Sequence[Table], year: int, figures: YearFigures) -> Position:
    """Equity at the start of the year against this year's base."""
    date = datetime.date(year, 1, 1)
    table = table_at(found, date)
    equity = figures.equity_start(year)
    base = base_for_year(books, year, table.base, figures)
    return Position(OPENING, year, date, equity, base, table)


def projection(
    books: Books, found: Sequence[Table], year: int, figures: YearFigures
) -> Position | None:
    """Equity at the start of the year + the budgeted result, against the budgeted base."""
    result = budgeted_result(books, year)
    if result is None:
        return None
    date = datetime.date(year, 12, 31)
    table = table_at(found, date)
    equity = figures.equity_start(year) + result
    base = budgeted_base(books, year, table.base)
    return Position(PROJECTION, year, date, equity, base, table)


def positions(
    books: Books, year: int, all_years: bool = False, summed: Any = None
) -> list[Position]:
    """The rows of the trappan report for ``year``.

    Every year end of the ledger up to ``year`` (all of them with ``all_years``), and for
    ``year`` itself the opening equity against the year's base and the projection from the
    budget; in date order, the opening and the projection before the year's own end.
    """
    found = books.trappan
    years = [y for y in books.fiscal_years if all_years or y <= year]
    if year not in years:
        years = sorted([*years, year])
    figures = from_figures(summed, years) if summed is not None else None
    if figures is None:
        figures = year_figures(books, years)  # one pass for every year
    rows: list[Position] = []
    for each in years:
        if each == year:
            rows.append(opening(books, found, year, figures))
            forecast = projection(books, found, year, figures)
            if forecast is not None:
                rows.append(forecast)
        rows.append(year_end(books, found, each, figures))
    return rows


COLUMNS = (
    "avser",
    "typ",
    "år",
    "datum",
    "eget kapital",
    "bas",
    "gräns",
    "marginal",
    "marginal %",
    "eget kapital %",
    "status",
    "tabell",
)


def frame(rows: Sequence[Position]) -> pd.DataFrame:
    """Positions as a DataFrame of exact Decimals (percent of the base, unrounded)."""
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "avser": p.label,
                "typ": p.kind,
                "år": p.year,
                "datum": p.date,
                "eget kapital": p.equity,
                "bas": p.base,
                "gräns": p.limit,
                "marginal": p.margin,
                "marginal %": p.margin_percent,
                "eget kapital %": p.equity_percent,
                "status": p.status,
                "tabell": p.table.date,
            }
            for p in rows
        ],
        columns=list(COLUMNS),
    )


def report_frame(books: Books, year: int, summed: Any = None) -> pd.DataFrame:
    """The trappan rows for the annual report of ``year`` (year ends up to ``year``);
    ``summed`` is the annual report's own :class:`~finsam_accounts.statements.figures.Figures`
    when it holds every year, so the ledger is summed once for both."""
    return frame(positions(books, year, summed=summed))


