"""Uppföljning Finsam: the year's figures the national follow-up asks of a förbund.

* **Tilldelade medel** per financier: the year's contribution allocation by the keys
  (``custom "medlemsavgift-tilldelning"``), per member and summed per kind (staten,
  region, kommunerna), with what was booked;
* **Eget kapital** at the start and the end of the year;
* **Administrativa kostnader** by cost type, budget and utfall: the rows of the annual
  report's sammanställning över utfall och budget under *Kansli, styrelse och
  administrativa kostnader* (line ids ``kansli_rader_*``) of the förbund's own activity,
  costs as positive amounts;
* **Projekt** with funds of their own (``custom "verksamhet" ... "projekt"``, e.g. ESF):
  each project's cost rows and income, reported as that project and never as the
  förbund's administration (a project's staff are not the förbund's office);
* **Insatser**: per declared insats (``custom "insats"``) the year's budget on its
  accounts, the costs on them within its period, the participants by kön
  (``custom "deltagare"``) and the cost per participant; and the total over the insatser
  that have participants.

The national system's exact registration fields could not be confirmed from the sources
(docs/reporting-pack.md); the files follow its headings as far as they are known.
Pure: the books in, exact Decimals out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from finsam_accounts.books import PROJECT, Books
from finsam_accounts.errors import ReportError, plain_error
from finsam_accounts.money import ZERO, exact_sum
from finsam_accounts.periods import calendar_year
from finsam_accounts.statements.annual_report import Statements, annual
from finsam_accounts.statements.engine import Row
from finsam_accounts.statements.figures import Figures
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
class ProjectRow:
    """One row of a project's part: a cost row (``income=False``, positive amounts) or
    the project's income (its own funding, e.g. ESF)."""

    project: str
    section: str
    label: str
    budget: Decimal | None
    actual: Decimal
    income: bool = False


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
    projects: tuple[ProjectRow, ...] = ()

    @property
    def with_participants(self) -> list[InsatsRow]:
        return [i for i in self.insatser if i.participants]

    @property
    def total_per_participant(self) -> Decimal | None:
        counted = self.with_participants
        count = sum(i.participants or 0 for i in counted)
        return exact_sum(i.actual for i in counted) / count if count else None


def _financiers(books: Books, year: int, summed: Figures) -> list[Financier]:
    """The members' expected and booked contributions; booked: the year's movements of
    the report's one summing pass."""
    from finsam_accounts import contributions
    from finsam_accounts.contributions.booked import member_accounts_in, recorded_in

    try:
        shares = contributions.expected_shares(books.contributions, year)
    except ReportError as error:
        raise ReportError(error.errors) from None
    moved = summed.periods[calendar_year(year)].movement
    booked = recorded_in(moved, member_accounts_in(books.accounts))
    return [Financier(s.member.id, s.member.name, s.member.kind, s.amount,
                      booked.get(s.member.id, ZERO)) for s in shares]


def _activity_of(row: Row) -> str | None:
    """The activity a row of the sammanställning sums (its selectors' ``activity``)."""
    codes = {t.selector.activity for t in row.line.terms if t.selector.activity}
    return codes.pop() if len(codes) == 1 else None


def _negated(value: Decimal | None) -> Decimal | None:
    return None if value is None else -value


def _admin_and_projects(
    books: Books, result: Statements
) -> tuple[list[CostRow], list[ProjectRow]]:
    """The förbund's administrative cost rows, and every project's rows apart: a row of a
    project activity (its staff, travel, insatser) is that project's, never the
    förbund's administration. ``result``: the year's statements (the report's one
    summing pass)."""
    from finsam_accounts.followup.rows import followup_statement

    admin: list[CostRow] = []
    projects: list[ProjectRow] = []
    for row in result.tables.get(followup_statement(result.spec).id, []):
        if row.hidden or row.line.is_sum:
            continue
        code = _activity_of(row)
        activity = books.activity(code) if code else None
        actual, budget = row.values.get("utfall") or ZERO, row.values.get("budget")
        if activity is not None and activity.kind == PROJECT:
            income = _is_income(row, books)
            sign = 1 if income else -1
            projects.append(ProjectRow(
                activity.name, row.line.section, row.label,
                None if budget is None else sign * budget, sign * actual, income))
        elif row.id.startswith(ADMIN_PREFIX):
            admin.append(CostRow(row.line.section, row.label, _negated(budget), -actual))
    return admin, projects


def _is_income(row: Row, books: Books) -> bool:
    income_root = books.result_roots[0]
    return bool(row.accounts) and all(a.startswith(income_root) for a in row.accounts)


def _insatser(books: Books, year: int, summed: Figures) -> list[InsatsRow]:
    from finsam_accounts.budget import budget_for_year, budgets_of

    budgets = budget_for_year(budgets_of(books.budgets), year)
    costs = overview.insats_costs(books, year, summed)
    counted = participants.of_year(books, year)
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


def build(books: Books, year: int) -> FinsamFigures:
    """Uppföljning Finsam's figures of ``year``, from one summing pass: the annual
    report's statements (with each insats's part of the year summed in the same pass)."""
    from finsam_accounts import trappan

    if year not in books.fiscal_years:
        shown = ", ".join(str(y) for y in books.fiscal_years) or "inga"
        raise ReportError([plain_error(f"{year} är inget räkenskapsår i bokföringen ({shown})")])
    result = annual(None, books, year)
    sums = trappan.from_figures(result.figures, [year])
    assert sums is not None  # the annual report sums its own year
    admin, projects = _admin_and_projects(books, result)
    return FinsamFigures(
        year=year,
        organisation=str(books.options.get("title") or ""),
        financiers=tuple(_financiers(books, year, result.figures)),
        equity_start=sums.equity_start(year),
        equity_end=sums.equity_end(year),
        admin=tuple(admin),
        insatser=tuple(_insatser(books, year, result.figures)),
        projects=tuple(projects),
    )
