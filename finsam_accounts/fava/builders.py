"""How each Fava page is made: the CLI's report functions (through
:mod:`finsam_accounts.fava.adapter`) and the drill-down addresses of their figures.

Each builder takes ``(books, year or date, ledger folder)``, the
:class:`~finsam_accounts.books.Books` of Fava's load, and returns a :class:`Built`: the
report as the command makes it, per section and row the Fava address of each figure's
accounts, and for the annual report its document (texts, PDF).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from finsam_accounts import contributions, trappan
from finsam_accounts.annual.document import AnnualDocument
from finsam_accounts.books import Books
from finsam_accounts.contributions.booked import member_accounts_in
from finsam_accounts.errors import FinsamError, ReportError, plain_error
from finsam_accounts.fava import adapter
from finsam_accounts.fava.drilldown import fava_time, link, row_accounts
from finsam_accounts.followup.units import Unit
from finsam_accounts.money import exact_sum, format_sv, round_kr
from finsam_accounts.periods import year_to_date
from finsam_accounts.render.cells import is_number
from finsam_accounts.render.report import Report
from finsam_accounts.statements.annual_report import Statements

Links = list[dict[str, str]]  # per row: column name -> drill-down address


@dataclass(frozen=True)
class Built:
    """What a page's builder made: the report, drill-down addresses per section, and for
    the annual report its document (förvaltningsberättelse, principles, signatures)."""

    report: Report
    links: Mapping[str, Links] = field(default_factory=dict)
    document: AnnualDocument | None = None
    notes: tuple[str, ...] = ()  # to the economist, beside the report (never in it)


# ----------------------------------------------------------------------- annual report


def annual_page(
    books: Books, year: int,
    folder: Path | None = None,
) -> Built:
    report, result, document = adapter.annual(books, year, folder)
    accounts = books.accounts
    links: dict[str, Links] = {}
    statements = {s.id for s in result.spec.statements}
    for section in report.sections:
        if section.key == "trappan":
            links[section.key] = trappan_links(books, section.table)
        elif section.key in statements:
            links[section.key] = statement_links(result, section.key, accounts)
        else:  # no accounts behind a row (the five-year overview): nothing to drill into
            links[section.key] = [{} for _ in range(len(section.table))]
    return Built(report, links, document, notes=placeholder_notes(books, year))


def statement_links(result: Statements, statement_id: str, accounts: Mapping[str, Any]) -> Links:
    """Per printed row, each value column's address: the row's accounts in the column's
    period (the report's period for budget and difference columns)."""
    statement = result.spec.statement(statement_id)
    request = result.request
    times = {}
    for column in statement.columns:
        period = request.period_of(column) or request.period
        shown = period if column.kind == "actual" else request.period
        times[column.title(period)] = fava_time(shown)
    return [
        {
            title: address
            for title, time in times.items()
            if (address := link(names, accounts, time))
        }
        for names in row_accounts(result.tables[statement_id])
    ]


# ----------------------------------------------------------------------------- trappan


def trappan_page(
    books: Books, year: int,
    _folder: Path | None = None,
) -> Built:
    report = adapter.trappan_report(books, year, f"Trappan {year}")
    if not report.sections:
        raise ReportError([no_trappan()])
    section = report.sections[0]
    return Built(report, {section.key: trappan_links(books, section.table)},
                 notes=placeholder_notes(books, year))


def placeholder_notes(books: Books, year: int) -> tuple[str, ...]:
    """To the economist: a placeholder trappan table in force in ``year`` (the commands
    refuse the board's documents then; the page shows them, with this note beside)."""
    found = books.trappan
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return tuple(
        f"Till ekonomen: {problem.message}. Sidan visar siffrorna ändå; finsam "
        "arsredovisning, uppfoljning och oversikt tar inte fram dokumenten förrän tabellen "
        "är förbundets."
        for problem in trappan.placeholder_errors(found, start, end)
    )


def no_trappan() -> FinsamError:
    return plain_error(
        f'bokföringen har ingen trappa (custom "{trappan.CUSTOM_TABLE}" och '
        f'"{trappan.CUSTOM_STEP}"): eget kapital kan inte prövas mot riktlinjen'
    )


def trappan_links(books: Books, shown: pd.DataFrame
) -> Links:
    """Equity: Fava's balance sheet at the date; base and limit: the base's accounts.

    The rows are :func:`trappan.positions` in date order: an opening row is dated 1
    January (equity as closed the year before); a projection is dated 31 December and
    comes just before the year end of the same date; it has no accounts of its own (it is
    the budget), so no links.
    """
    accounts = books.accounts
    members = list(member_accounts_in(books.accounts))
    income = [a for a in accounts if a.startswith(f"{books.roots.income}:")]
    found = books.trappan
    dates = [datetime.date.fromisoformat(str(d)) for d in shown["datum"]]
    result: Links = []
    for index, date in enumerate(dates):
        if index + 1 < len(dates) and dates[index + 1] == date:
            result.append({})
            continue
        opening = (date.month, date.day) == (1, 1)
        closing = date.year - 1 if opening else date.year
        base = members if trappan.table_at(found, date).base == "medlemsavgifter" else income
        base_link = link(base, accounts, str(date.year))
        result.append(
            {
                "eget kapital": f"balance_sheet/?time={closing}",
                "bas": base_link,
                "gräns": base_link,
            }
        )
    return result


# --------------------------------------------------------------------- contributions

PERCENT = Decimal("0.1")
KEY_PERCENT = Decimal("0.01")
MONEY = ("expected", "booked", "difference")


def contributions_page(
    books: Books, year: int,
    _folder: Path | None = None,
) -> Built:
    """Per member: key, expected, booked and difference, with a sum row (as the CLI)."""
    problems = contributions.errors(books.entries)
    if problems:
        raise ReportError(problems)
    frame = contributions.comparison_frame(books, year)
    parsed = books.contributions
    tolerance = contributions.tolerance(parsed, year)
    shown = {
        "name": frame["name"],
        "kind": frame["kind"],
        "group_percent": frame["group_percent"].map(lambda v: rounded(v, PERCENT)),
        "population": frame["population"],
        "key_percent": frame["key_percent"].map(lambda v: rounded(v, KEY_PERCENT)),
        **{c: frame[c].map(round_kr) for c in MONEY},
        "over_tolerance": frame["over_tolerance"].map(lambda v: "!" if v else ""),
    }
    headers = {**contributions.HEADERS, "name": contributions.HEADERS["member"]}
    table = pd.DataFrame({headers[c]: column for c, column in shown.items()})
    total = {
        headers["name"]: "Summa",
        **{headers[c]: round_kr(exact_sum(frame[c])) for c in MONEY},
    }
    table = pd.concat([table, pd.DataFrame([total])], ignore_index=True).astype(object)
    table = table.where(table.notna(), None)
    allocation = parsed.allocations[year].amount
    text = (
        f"Tilldelning {format_sv(round_kr(allocation))} kr, tolerans "
        f"{format_sv(round_kr(tolerance))} kr. Förväntat = tilldelningen × gruppens andel × "
        "medlemmens nyckel inom gruppen (befolkning i arbetsför ålder), exakt i öre med "
        "största rest. Differens = bokfört − förväntat; ! = större än toleransen. Varje "
        "belopp är avrundat för sig till hela kronor."
    )
    report = Report(
        title=f"Medlemsavgifter {year}", organisation=str(books.options.get("title") or ""),
        year=year,
    )
    report.add("medlemsavgifter", f"Medlemsavgifter {year}", table, text,
               strong=frozenset({len(table) - 1}))
    return Built(report, {"medlemsavgifter": contribution_links(books, frame, year)})


def contribution_links(books: Books, frame: pd.DataFrame, year: int) -> Links:
    accounts = books.accounts
    by_member: dict[str, list[str]] = {}
    for account, member_id in member_accounts_in(books.accounts).items():
        by_member.setdefault(member_id, []).append(account)
    time = str(year)
    rows = [by_member.get(str(member_id), []) for member_id in frame["member"]]
    every = [a for names in rows for a in names]
    linked = [contributions.HEADERS[c] for c in ("booked", "difference")]
    return [
        {c: address for c in linked if (address := link(names, accounts, time))}
        for names in [*rows, every]
    ]


def rounded(value: Decimal | None, quantum: Decimal) -> Decimal | None:
    return None if value is None else value.quantize(quantum, rounding=ROUND_HALF_UP)


def followup_page(
    books: Books, date: datetime.date,
    _folder: Path | None, unit: Unit | None = None,
) -> Built:
    report, rows = adapter.followup(books, date, unit)
    accounts = books.accounts
    time = fava_time(year_to_date(date))
    links: dict[str, Links] = {
        key: [
            {c: address for c in figure_columns(shown) if (address := link(names, accounts, time))}
            for names in row_accounts(rows[key])
        ]
        for key, shown in ((s.key, s.table) for s in report.sections)
        if key in rows
    }
    return Built(report, {**links, **insats_links_of(report, books, date)},
                 notes=placeholder_notes(books, date.year))


def figure_columns(shown: pd.DataFrame) -> list[str]:
    """The columns of figures (not the labels or comments)."""
    return [str(c) for c in shown.columns if all(v is None or is_number(v) for v in shown[c])]


def insatser_page(
    books: Books, date: datetime.date,
    _folder: Path | None, unit: Unit | None = None,
) -> Built:
    report = adapter.insatser(books, date, unit)
    return Built(report, insats_links_of(report, books, date))


def insats_links_of(
    report: Report, books: Books, date: datetime.date
) -> dict[str, Links]:
    """The insatser table's links, where the report has one."""
    return {
        s.key: insats_links(books, s.table, date) for s in report.sections if s.key == "insatser"
    }


def insats_links(books: Books, shown: pd.DataFrame, date: datetime.date) -> Links:
    """What an insats used: its accounts, in the year through the date and in its whole
    period through the date (a row is the insats of that name and period)."""
    accounts = books.accounts
    by_row = {(g.name, f"{g.start.isoformat()} – {g.end.isoformat()}"): g
              for g in books.insatser}
    year_column = f"förbrukat {date.year} t.o.m. {date.isoformat()}"
    result: Links = []
    for name, period in zip(shown["insats"], shown["period"], strict=True):
        grant = by_row.get((str(name), str(period)))
        if grant is None:
            result.append({})
            continue
        last = min(date, grant.end)
        year_start = max(grant.start, datetime.date(date.year, 1, 1))
        result.append({
            year_column: link(grant.accounts, accounts, f"{year_start} - {last}"),
            "förbrukat totalt": link(grant.accounts, accounts, f"{grant.start} - {last}"),
        })
    return result


def interim_page(
    books: Books, date: datetime.date,
    folder: Path | None, unit: Unit | None = None,
) -> Built:
    """The interim report; its income statement and balance sheet drill down like the
    annual report's (for the period to the date, and the comparison period)."""
    report, computed = adapter.interim(books, date, folder, unit)
    accounts = books.accounts
    keys = {s.key for s in report.sections}
    links = {
        statement.id: statement_links(result, statement.id, accounts)
        for result in computed
        for statement in result.spec.statements
        if statement.id in keys and statement.id in result.tables
        and _printed_by(report, statement.id, result)
    }
    notes: tuple[str, ...] = ()
    if "text" not in keys:
        from finsam_accounts.followup.interim import missing_text, text_file

        notes = (f"Till ekonomen: {missing_text(text_file(Path(), date).name)}. "
                 "Sidan visar rapporten utan text; finsam delarsrapport tar inte fram den "
                 "förrän texten finns.",)
    return Built(report, links, notes=notes)


def _printed_by(report: Report, key: str, result: Statements) -> bool:
    """Whether the report's section ``key`` shows this result's columns (the income
    statement comes from one request, the balance sheet from the other)."""
    section = next(s for s in report.sections if s.key == key)
    statement = result.spec.statement(key)
    titles = {c.title(result.request.period_of(c) or result.request.period)
              for c in statement.columns}
    return titles <= {str(c) for c in section.table.columns}
