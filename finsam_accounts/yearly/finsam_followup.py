"""Uppföljning Finsam: the year's figures the national follow-up asks of a förbund.

* **Tilldelade medel** per financier: the year's contribution allocation by the keys
  (``custom "medlemsavgift-tilldelning"``), per member and summed per kind (staten,
  region, kommunerna), with what was booked;
* **Eget kapital** at the start and the end of the year;
* **Administrativa kostnader** by cost type, budget and utfall: the rows of the annual
  report's sammanställning över utfall och budget under *Kansli, styrelse och
  administrativa kostnader* (line ids ``kansli_rader_*``), costs as positive amounts;
* **Insatser**: per declared insats (``custom "insats"``) the year's budget on its
  accounts, the costs on them within its period, the participants by kön
  (``custom "deltagare"``) and the cost per participant; and the total over the insatser
  that have participants.

The national system's exact registration fields could not be confirmed from the sources
(docs/reporting-pack.md); the files follow its headings as far as they are known.
Pure: entries and options in, exact Decimals out.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from beancount.core import data

from finsam_accounts.books import Books
from finsam_accounts.errors import ReportError, plain_error
from finsam_accounts.money import ZERO, exact_sum
from finsam_accounts.yearly import overview, participants

ADMIN_PREFIX = "kansli_rader_"
KIND_LABEL = {"stat": "Staten", "region": "Region", "kommun": "Kommunerna"}


@dataclass(frozen=True)
class Financier:
    member_id: str
    name: str
    kind: str
    allocated: Decimal
    booked: Decimal


@dataclass(frozen=True)
class CostRow:
    section: str
    label: str
    budget: Decimal | None
    actual: Decimal


@dataclass(frozen=True)
class InsatsRow:
    name: str
    budget: Decimal | None
    actual: Decimal
    women: int | None
    men: int | None

    @property
    def participants(self) -> int | None:
        return None if self.women is None or self.men is None else self.women + self.men

    @property
    def per_participant(self) -> Decimal | None:
        count = self.participants
        return self.actual / count if count else None


@dataclass(frozen=True)
class FinsamFigures:
    year: int
    organisation: str
    financiers: tuple[Financier, ...]
    equity_start: Decimal
    equity_end: Decimal
    admin: tuple[CostRow, ...]
    insatser: tuple[InsatsRow, ...]

    @property
    def with_participants(self) -> list[InsatsRow]:
        return [i for i in self.insatser if i.participants]

    @property
    def total_per_participant(self) -> Decimal | None:
        counted = self.with_participants
        count = sum(i.participants or 0 for i in counted)
        return exact_sum(i.actual for i in counted) / count if count else None


def _financiers(entries: Sequence[data.Directive], year: int) -> list[Financier]:
    from finsam_accounts import contributions

    try:
        shares = contributions.expected_shares(contributions.contribution_data(entries), year)
    except ReportError as error:
        raise ReportError(error.errors) from None
    booked = contributions.recorded(entries, year)
    return [Financier(s.member.id, s.member.name, s.member.kind, s.amount,
                      booked.get(s.member.id, ZERO)) for s in shares]


def _admin(entries: Sequence[data.Directive], options: Mapping[str, Any],
           year: int) -> list[CostRow]:
    from finsam_accounts.followup.rows import followup_statement
    from finsam_accounts.statements.annual_report import annual

    result = annual(None, entries, options, year)
    rows = []
    for row in result.tables.get(followup_statement(result.spec).id, []):
        if not row.id.startswith(ADMIN_PREFIX) or row.hidden:
            continue
        actual, budget = row.values.get("utfall"), row.values.get("budget")
        rows.append(CostRow(row.line.section, row.label, None if budget is None else -budget,
                            -(actual or ZERO)))
    return rows


def _insatser(entries: Sequence[data.Directive], books: Books, year: int) -> list[InsatsRow]:
    from finsam_accounts.budget import budget_for_year, budgets_of

    budgets = budget_for_year(budgets_of(books.budgets), year)
    costs = overview.insats_costs(entries, books, year)
    counted = participants.of_year(entries, books, year)
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    rows: dict[str, InsatsRow] = {}
    for insats in books.insatser:
        if insats.start > last or insats.end < first or insats.name in rows:
            continue
        planned = [budgets[a] for a in insats.accounts if a in budgets]
        found = counted.get(insats.name)
        rows[insats.name] = InsatsRow(
            insats.name, exact_sum(planned) if planned else None,
            costs.get(insats.name, ZERO),
            found.women if found else None, found.men if found else None)
    return list(rows.values())


def build(entries: Sequence[data.Directive], options: Mapping[str, Any],
          year: int) -> FinsamFigures:
    from finsam_accounts import trappan
    from finsam_accounts.domain import of

    books = of(entries, options)
    if year not in books.fiscal_years:
        shown = ", ".join(str(y) for y in books.fiscal_years) or "inga"
        raise ReportError([plain_error(f"{year} är inget räkenskapsår i bokföringen ({shown})")])
    sums = trappan.year_figures(list(entries), dict(options), [year])
    return FinsamFigures(
        year=year,
        organisation=str(options.get("title") or ""),
        financiers=tuple(_financiers(entries, year)),
        equity_start=sums.equity_start(year),
        equity_end=sums.equity_end(year),
        admin=tuple(_admin(entries, options, year)),
        insatser=tuple(_insatser(entries, books, year)),
    )
