"""What a report asks for: its period and the period it is compared with.

hledger's rule: *what* (the specification's lines, signs and measures) stays apart from
*when* (the request). The annual report is one request (a fiscal year against the year
before), the interim report another (1 January – a date against the same days last year),
the budget follow-up a third.
"""

from __future__ import annotations

from dataclasses import dataclass

from finsam_accounts.periods import Period, calendar_year
from finsam_accounts.statements.spec import Column


@dataclass(frozen=True)
class Request:
    """A report period and its comparison period (None: no comparison column)."""

    period: Period
    comparison: Period | None = None

    @classmethod
    def annual(cls, year: int) -> Request:
        period = calendar_year(year)
        return cls(period, period.previous())

    def period_of(self, column: Column) -> Period | None:
        """The period a column shows: the request's, its comparison, or (a budget column
        with ``span = "year"``) the whole fiscal year of that period."""
        period = self.period if column.period == "current" else self.comparison
        if period is not None and column.kind == "budget" and column.span == "year":
            return calendar_year(period.year)
        return period

    def periods(self) -> list[Period]:
        return [p for p in (self.period, self.comparison) if p is not None]
