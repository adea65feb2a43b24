"""Report periods as values: a first and a last day (both included).

The engine never sees a bare year: a request names a period (a fiscal year, or 1 January –
31 August for a follow-up) and the period it is compared with (the same period last year).
Fiscal years are calendar years here (``custom "räkenskapsår" 2019``), but nothing below
the books assumes it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True, order=True)
class Period:
    """The days from ``start`` to ``end``, both included."""

    start: datetime.date
    end: datetime.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"perioden slutar ({self.end}) före sin början ({self.start})")

    def __contains__(self, date: object) -> bool:
        return isinstance(date, datetime.date) and self.start <= date <= self.end

    @property
    def stop(self) -> datetime.date:
        """The day after the last day: the exclusive end, where closing balances are read."""
        return self.end + ONE_DAY

    @property
    def is_calendar_year(self) -> bool:
        return (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31) \
            and self.start.year == self.end.year

    @property
    def year(self) -> int:
        """The year the period ends in (the fiscal year of a follow-up)."""
        return self.end.year

    @property
    def label(self) -> str:
        """``2019`` for a calendar year, else ``2019-01-01 – 2019-08-31``."""
        if self.is_calendar_year:
            return str(self.start.year)
        return f"{self.start.isoformat()} – {self.end.isoformat()}"

    def shifted_years(self, years: int) -> Period:
        """The same days ``years`` years later (earlier if negative); 29 February → 28th."""
        return Period(_shift(self.start, years), _shift(self.end, years))

    def previous(self) -> Period:
        """The same period last year: the comparison of an annual or interim report."""
        return self.shifted_years(-1)


def _shift(date: datetime.date, years: int) -> datetime.date:
    try:
        return date.replace(year=date.year + years)
    except ValueError:  # 29 February in a year without one
        return date.replace(year=date.year + years, day=28)


def calendar_year(year: int) -> Period:
    return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def year_to_date(date: datetime.date) -> Period:
    """1 January – ``date`` of the calendar (fiscal) year that contains it."""
    return Period(datetime.date(date.year, 1, 1), date)
