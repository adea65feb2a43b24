"""The interim report (delårsrapport): the annual report's statements for 1 January – a date.

Two requests to the same engine and specification as the annual report, each reconciled
(the balance sheet balances, the result equals the change in equity): the income statement
for 1 January – DATE beside the same days last year, and the balance sheet at DATE beside
the last year end. Then the full-year forecast income statement (the follow-up's forecast
columns through the same statement) and the economist's text, read from a file in the
ledger folder (``delarsrapport-DATUM.txt``, paragraphs separated by blank lines).
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from pathlib import Path

import pandas as pd

from finsam_accounts.books import Books
from finsam_accounts.errors import ReportError, plain_error
from finsam_accounts.followup.columns import follow_up, followup_periods
from finsam_accounts.followup.report import check_date, methods_text
from finsam_accounts.followup.rows import Wanted, engine_rows
from finsam_accounts.followup.units import Unit, money
from finsam_accounts.periods import Period, calendar_year, year_to_date
from finsam_accounts.report import Report
from finsam_accounts.statements.annual_report import Statements, add_statement, compute, summed
from finsam_accounts.statements.engine import present, to_frame
from finsam_accounts.statements.figures import Figures
from finsam_accounts.statements.request import Request
from finsam_accounts.statements.spec import Specification, spec_for

NAME = "delarsrapport"
INCOME = "resultatrakning"
BALANCE = "balansrakning"


def text_file(ledger_folder: Path, date: datetime.date) -> Path:
    """Where the economist writes the report's text."""
    return ledger_folder / f"{NAME}-{date.isoformat()}.txt"


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs: blocks separated by blank lines, each on one line."""
    blocks = [" ".join(b.split()) for b in text.replace("\r\n", "\n").split("\n\n")]
    return [b for b in blocks if b]


def income_request(date: datetime.date) -> Request:
    """1 January – DATE, beside the same days last year."""
    period = year_to_date(date)
    return Request(period, period.previous())


def balance_request(date: datetime.date) -> Request:
    """The balance at DATE, beside the balance at the end of last year."""
    return Request(year_to_date(date), calendar_year(date.year - 1))


def build(
    books: Books,
    date: datetime.date,
    text: str | None,
    text_name: str,
    spec: Specification | None = None,
    require_text: bool = True,
    unit: Unit | None = None,
) -> Report:
    """The interim report at ``date``; raises ReportError (nothing to write) on a problem.
    (:func:`build_with_statements` also returns the statements it was made from.)"""
    return build_with_statements(books, date, text, text_name, spec, require_text,
                                 unit)[0]


def build_with_statements(
    books: Books,
    date: datetime.date,
    text: str | None,
    text_name: str,
    spec: Specification | None = None,
    require_text: bool = True,
    unit: Unit | None = None,
) -> tuple[Report, list[Statements]]:
    """The interim report at ``date`` and its income statement's and balance sheet's
    computed statements (the exact rows, for Fava's drill-down), from one summing pass.

    ``text`` is the economist's text (None when the file ``text_name`` does not exist). A
    missing or empty text is an error unless ``require_text`` is False (Fava, which tells
    the economist beside the report): the board never reads a placeholder. Each table is
    in its statement's unit, or in ``unit`` (``--tkr``).
    """
    check_date(books.fiscal_years, date)
    if require_text and not paragraphs(text or ""):
        raise ReportError([plain_error(missing_text(text_name))])
    spec = spec_for(books) if spec is None else spec.with_activities(books.activities)
    # One summing pass for both statements and the forecast.
    requests = income_request(date), balance_request(date)
    sums = summed(spec, books, requests, followup_periods(books, date))
    income = compute(spec, books, requests[0], sums=sums)
    balance = compute(spec, books, requests[1], sums=sums)
    period = year_to_date(date)
    report = Report(
        title=f"Delårsrapport {period.label}",
        organisation=str(books.options.get("title") or ""),
        year=date.year,
        subtitle=f"Räkenskapsåret {date.year}, perioden {period.label}",
        intro=(
            "Resultaträkningen avser perioden 1 januari – "
            f"{date.isoformat()} med samma period föregående år bredvid; balansräkningen "
            f"avser {date.isoformat()} med föregående årsskifte bredvid. Sist prognosen för "
            "helåret. Beloppen är summerade exakt i öre och avrundade var för sig till "
            f"{money(unit).rounding}; resultaträkningen och balansräkningen är avstämda mot "
            "varandra."
        ),
        name=NAME,
        pdf=True,
    )
    add_text(report, text, text_name)
    add_from(report, income, INCOME, "Resultaträkning", unit)
    add_from(report, balance, BALANCE, "Balansräkning", unit)
    add_forecast(report, books, date, spec, unit, sums)
    return report, [income, balance]


def missing_text(text_name: str) -> str:
    """What the economist reads when the report's text is not written yet."""
    return (f"{text_name}: delårsrapportens text saknas; skriv den i den filen i bokföringens "
            "katalog (vanlig text, stycken åtskilda med en tom rad)")


def add_text(report: Report, text: str | None, text_name: str) -> None:
    found = paragraphs(text or "")
    if not found:
        return
    report.add("text", "Förvaltningsberättelse i sammandrag", pd.DataFrame({"rad": found}),
               sheet="Text")


def add_from(report: Report, result: Statements, statement_id: str, title: str,
             unit: Unit | None = None) -> None:
    """One statement of a computed request, without the annual report's note links."""
    statement = result.spec.statement(statement_id)
    own = money(unit, statement.unit)
    statement = replace(statement, note_column=None, unit=own.unit)
    frame = to_frame(statement, result.tables[statement_id])
    table = present(statement, result.request, frame)
    shown = replace(statement, title=own.title(title), sheet=title)
    add_statement(report, shown, table, result.request.period.year, "")


def add_forecast(
    report: Report,
    books: Books,
    date: datetime.date,
    spec: Specification,
    unit: Unit | None = None,
    sums: Figures | None = None,
) -> None:
    """The income statement for the full year: actual to date, forecast, budget."""
    columns = follow_up(books, date, spec, sums)
    statement = spec.statement(INCOME)
    kr = money(unit, statement.unit)
    rows = engine_rows(statement, books, Period(datetime.date(date.year, 1, 1), date), [
        Wanted("utfall", "actual", columns.actual_to_date),
        Wanted("prognos", "actual", columns.forecast),
        Wanted("budget", "budget", columns.revised),
    ])
    year, day = date.year, date.isoformat()

    table = pd.DataFrame.from_records([
        {
            "rad": row.label,
            f"utfall t.o.m. {day}": kr(row.values["utfall"]),
            f"prognos helår {year}": kr(row.values["prognos"]),
            f"budget {year}": kr(row.values["budget"]),
            "prognos − budget": kr(
                None if row.values["budget"] is None or row.values["prognos"] is None
                else row.values["prognos"] - row.values["budget"]
            ),
        }
        for row in rows
    ]).astype(object)
    strong = frozenset(i for i, row in enumerate(rows) if row.line.is_sum)
    report.add("prognos", kr.title(f"Prognos för helåret {year}"), table,
               "Prognosen är räknad per rad i budgetuppföljningen: " + methods_text(columns),
               strong=strong, sheet="Prognos")
