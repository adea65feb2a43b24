"""The follow-up's rows, from the statements engine: one specification, one set of sums.

The utfall/budget statement of the annual report gives the lines, sections, signs,
rubrik expansion and sums; the follow-up only supplies other columns (per-account dicts
from :mod:`finsam_accounts.followup.columns`), as column data for
:func:`finsam_accounts.statements.engine.evaluate`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from finsam_accounts.books import Books
from finsam_accounts.errors import ReportError, plain_error
from finsam_accounts.money import ZERO
from finsam_accounts.periods import Period
from finsam_accounts.statements import engine
from finsam_accounts.statements.engine import Row
from finsam_accounts.statements.figures import Figures, PeriodFigures
from finsam_accounts.statements.request import Request
from finsam_accounts.statements.spec import Column, Line, Specification, Statement

Amounts = Mapping[str, Decimal]


@dataclass(frozen=True)
class AccountColumn:
    """One column of per-account amounts (movements), as the engine reads columns."""

    amounts: Amounts
    kind: str = "actual"

    def value(self, account: str, measure: str) -> Decimal | None:
        if measure not in ("movement", "change"):
            return None
        return self.amounts.get(account, ZERO)


@dataclass(frozen=True)
class Wanted:
    """A column the follow-up asks the engine for: id, kind, per-account amounts."""

    id: str
    kind: str  # "actual" or "budget" (budget columns respect a line's budget source)
    amounts: Amounts | None  # None: the column has no data (a year without budget)


def followup_statement(spec: Specification) -> Statement:
    """The statement whose lines the follow-up reports: the utfall/budget table, the
    statement of the reconciliation role ``budget_result``."""
    return spec.statement(spec.roles["budget_result"][0].split(".", 1)[0])


FINANCIAL_LABEL = "Finansiella poster {activity}"


def activity_statement(spec: Specification) -> Statement:
    """The result per activity: the driftsredovisning's lines that sum postings, with the
    financial items on a row of their own before each activity's result.

    An activity's result line (terms that another line reports, ``cover = false``) takes
    in more accounts than its income and cost lines (the financial items, 8xxx); the row
    "Finansiella poster" is the result minus those lines, so that income + costs +
    financial items = result on every row of the table, exactly.
    """
    # The result per activity: the statement of the role activity_result.
    statement_id = spec.code_roles.statements.get("activity_result")
    if statement_id is None:
        raise ReportError([plain_error(
            "specifikationen har ingen rapport med resultatet per verksamhet: ange den med "
            '[roles] activity_result = "rapport-id" (docs/statements.md)')])
    statement = spec.statement(statement_id)
    lines: list[Line] = []
    for line in statement.lines:
        if not (line.is_sum or all(t.measure == "movement" for t in line.terms)):
            continue
        if line.terms and not any(t.cover for t in line.terms):
            financial = _financial_line(line, lines)
            if financial is not None:
                lines.append(financial)
        lines.append(line)
    return replace(statement, lines=tuple(lines))


def _financial_line(result: Line, earlier: Sequence[Line]) -> Line | None:
    """The result line minus the earlier lines of its activity (None if it has none)."""
    activity = result.terms[0].selector.activity
    if activity is None or any(t.selector.activity != activity for t in result.terms):
        return None
    parts = [line for line in earlier if not line.is_sum and line.terms and all(
        t.cover and t.selector.activity == activity for t in line.terms)]
    if not parts:
        return None
    terms = (
        *(replace(t, cover=False) for t in result.terms),
        *(replace(t, sign=-t.sign, cover=False) for line in parts for t in line.terms),
    )
    return Line(f"finansiella_{result.id}", FINANCIAL_LABEL.format(activity=activity),
                result.section, terms)


def result_line(spec: Specification) -> str:
    """The id of the follow-up statement's result line (the reconciliation role)."""
    (role,) = spec.roles["budget_result"]
    return role.split(".", 1)[1]


def engine_rows(
    statement: Statement, books: Books, period: Period, wanted: Sequence[Wanted]
) -> list[Row]:
    """The statement's printed rows with one value per wanted column (None without data).

    An account in the statement's ranges with a figure in any column that no line covers,
    or several do, is an error (nothing is reported then).
    """
    columns = tuple(Column(w.id, w.id, "actual" if w.kind == "actual" else "budget")
                    for w in wanted)
    shaped = replace(statement, columns=columns)
    _check_coverage(shaped, books, period, wanted)
    data = {
        w.id: None if w.amounts is None else AccountColumn(w.amounts, w.kind) for w in wanted
    }
    return [row for row in engine.evaluate(shaped, books.accounts, data) if not row.hidden]


def _check_coverage(
    statement: Statement, books: Books, period: Period, wanted: Sequence[Wanted]
) -> None:
    covered = {
        name for name, info in books.accounts.items()
        if info.number and any(s.matches(info) for s in statement.covers)
    }
    present = {
        account: Decimal(1)
        for w in wanted if w.amounts
        for account, value in w.amounts.items() if value and account in covered
    }
    probe = replace(statement, columns=(Column("alla", "alla", "actual"),))
    figures = Figures(books, {period: PeriodFigures(period, {}, present, {})})
    errors = engine.coverage_errors(probe, Request(period), figures)
    if errors:
        raise ReportError(errors, "räkenskaperna täcker inte kontona, inget skrevs")
