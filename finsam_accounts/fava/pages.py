"""The report pages of the Fava extension, computed from the entries Fava has loaded.

:func:`render_page` is the whole computation of a page (data in, data out, no Flask): the
same reports as the CLI (the annual report through :mod:`finsam_accounts.fava.adapter`,
trappan, member contributions), presented as the printable document presents them, with
a drill-down address on every figure. The extension only adds the request and the
template; a benchmark can time ``render_page`` on its own.

A ledger with errors gets no figures: the page says so and points to Fava's error page,
as ``finsam`` refuses to report on such books. A report that cannot be made shows its
Swedish problem lines instead of a table.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Protocol

import pandas as pd
from beancount.core import data

from finsam_accounts import contributions, trappan
from finsam_accounts.annual.document import AnnualDocument
from finsam_accounts.budget import BudgetError
from finsam_accounts.contributions import InvalidData
from finsam_accounts.errors import FinsamError, ReportError, format_error, plain_error
from finsam_accounts.fava import adapter
from finsam_accounts.fava.drilldown import fava_time, link, row_accounts
from finsam_accounts.ledger import account_infos
from finsam_accounts.money import exact_sum, format_sv, round_kr
from finsam_accounts.render.html import Group, HtmlRow, section_view
from finsam_accounts.render.report import Report, Section
from finsam_accounts.statements.annual_report import Statements
from finsam_accounts.statements.spec import SpecError

YEAR_PARAM = "ar"
DATE_PARAM = "datum"


class Loaded(Protocol):
    """What a page reads of a loaded ledger (Fava's ``FavaLedger`` has all three)."""

    @property
    def all_entries(self) -> Sequence[Any]: ...

    @property
    def options(self) -> Mapping[str, Any]: ...

    @property
    def load_errors(self) -> Sequence[Any]: ...


@dataclass(frozen=True)
class Table:
    """One table of a page: a report section as shown, with drill-down links."""

    section: Section
    anchor: str
    headers: list[str]
    numeric: list[bool]
    groups: list[Group]  # rows under their headings
    starts_part: bool

    @property
    def rows(self) -> list[HtmlRow]:
        return [row for group in self.groups for row in group.rows]


@dataclass(frozen=True)
class Page:
    """A computed page: its year or date, the years of the books, tables or problems."""

    name: str
    title: str
    year: int | None
    years: tuple[int, ...]
    tables: tuple[Table, ...] = ()
    problems: tuple[str, ...] = ()
    ledger_errors: int = 0
    report: Report | None = None
    date: datetime.date | None = None  # on the pages chosen by date
    document: AnnualDocument | None = None  # the annual report's texts (HTML and PDF)

    @property
    def by_date(self) -> bool:
        return PAGES[self.name].by == "date"

    @property
    def when(self) -> str:
        """``2019`` or ``2019-08-31``: what the page is for (in download names)."""
        return self.date.isoformat() if self.date else str(self.year or "")


Links = list[dict[str, str]]  # per row: column name -> drill-down address


@dataclass(frozen=True)
class Built:
    """What a page's builder made: the report, drill-down addresses per section, and for
    the annual report its document (förvaltningsberättelse, principles, signatures)."""

    report: Report
    links: Mapping[str, Links] = field(default_factory=dict)
    document: AnnualDocument | None = None


def render_page(books: Loaded, name: str, params: Mapping[str, str]) -> Page:
    """Compute the page ``name`` (a key of :data:`PAGES`) for ``?ar=ÅR`` or ``?datum=DATUM``
    (default: the latest year, or the last booked day of the latest year)."""
    kind = PAGES[name]
    entries = books.all_entries if isinstance(books.all_entries, list) else list(books.all_entries)
    years = tuple(trappan.ledger_years(entries))
    if books.load_errors:
        return Page(name, kind.title, None, years, ledger_errors=len(books.load_errors))
    date: datetime.date | None = None
    if kind.by == "date":
        date, problem = choose_date(params.get(DATE_PARAM, ""), entries, years)
        year = date.year if date else None
    else:
        year, problem = choose_year(params.get(YEAR_PARAM, ""), years)
    if year is None:
        return Page(name, kind.title, None, years, problems=(problem,))
    try:
        built = kind.build(entries, books.options, date or year, ledger_folder(books))
    except (ReportError, BudgetError, InvalidData, SpecError) as error:
        return Page(name, kind.title, year, years, problems=report_problems(error), date=date)
    return Page(name, kind.title, year, years, tables=tables(built.report, built.links),
                report=built.report, date=date, document=built.document)


def ledger_folder(books: Loaded) -> Path | None:
    """The folder of the ledger's main file (Fava's ledger knows it), for text files."""
    path = getattr(books, "beancount_file_path", None)
    return Path(path).parent if path else None


def choose_year(text: str, years: Sequence[int]) -> tuple[int | None, str]:
    """The asked year (``?ar=2019``), or the latest year of the books."""
    if not text:
        return (years[-1], "") if years else (None, "bokföringen har inga räkenskapsår")
    if text.isdigit() and int(text) in years:
        return int(text), ""
    return None, f"året {text} finns inte i bokföringen (räkenskapsår: {year_list(years)})"


def choose_date(
    text: str, entries: Sequence[Any], years: Sequence[int]
) -> tuple[datetime.date | None, str]:
    """The asked date (``?datum=2019-08-31``), or the last booked day of the latest year."""
    if text:
        try:
            return datetime.date.fromisoformat(text), ""
        except ValueError:
            return None, f"ogiltigt datum {text!r}: skriv ÅÅÅÅ-MM-DD, t.ex. 2019-08-31"
    if not years:
        return None, "bokföringen har inga räkenskapsår"
    booked = [e.date for e in entries
              if isinstance(e, data.Transaction) and e.date.year == years[-1]]
    return (max(booked) if booked else datetime.date(years[-1], 12, 31)), ""


def year_list(years: Sequence[int]) -> str:
    return ", ".join(str(y) for y in years) or "inga"


def report_problems(error: Exception) -> tuple[str, ...]:
    """The Swedish lines of a failed report, one per problem (``fil:rad: meddelande``)."""
    if isinstance(error, ReportError):
        lines = [format_error(e) for e in error.errors]
        return tuple([error.headline, *lines] if error.headline else lines)
    if isinstance(error, BudgetError):
        return (format_error(error),)
    if isinstance(error, InvalidData):
        return tuple(format_error(e) for e in error.errors)
    return (str(error),)


def tables(report: Report, links: Mapping[str, Links]) -> tuple[Table, ...]:
    """Each section as shown, every figure with its drill-down address where it has one."""
    result = []
    for index, section in enumerate(report.sections):
        view = section_view(section)
        section_links = links.get(section.key, [])
        position = 0
        groups = []
        for group in view["groups"]:
            rows = []
            for row in group.rows:
                row_links = section_links[position] if position < len(section_links) else {}
                rows.append(with_links(row, view["columns"], row_links))
                position += 1
            groups.append(Group(group.heading, rows))
        starts_part = bool(section.part) and (
            index == 0 or report.sections[index - 1].part != section.part
        )
        result.append(
            Table(section, view["anchor"], view["headers"], view["numeric"], groups, starts_part)
        )
    return tuple(result)


def with_links(row: HtmlRow, columns: Sequence[str], links: Mapping[str, str]) -> HtmlRow:
    cells = tuple(
        replace(cell, link=links[column]) if cell.text and column in links else cell
        for cell, column in zip(row.cells, columns, strict=True)
    )
    return replace(row, cells=cells)


# ----------------------------------------------------------------------- annual report


def annual_page(
    entries: list[data.Directive], options: Mapping[str, Any], year: int,
    folder: Path | None = None,
) -> Built:
    report, result, document = adapter.annual(entries, options, year, folder)
    accounts = account_infos(entries)
    links: dict[str, Links] = {}
    for section in report.sections:
        if section.key == "trappan":
            links[section.key] = trappan_links(entries, options, section.table)
        else:
            links[section.key] = statement_links(result, section.key, accounts)
    return Built(report, links, document)


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
    entries: list[data.Directive], options: Mapping[str, Any], year: int,
    _folder: Path | None = None,
) -> Built:
    report = adapter.trappan_report(entries, options, year, f"Trappan {year}")
    if not report.sections:
        raise InvalidData([no_trappan()])
    section = report.sections[0]
    return Built(report, {section.key: trappan_links(entries, options, section.table)})


def no_trappan() -> FinsamError:
    return plain_error(
        f'bokföringen har ingen trappa (custom "{trappan.CUSTOM_TABLE}" och '
        f'"{trappan.CUSTOM_STEP}"): eget kapital kan inte prövas mot riktlinjen'
    )


def trappan_links(
    entries: list[data.Directive], options: Mapping[str, Any], shown: pd.DataFrame
) -> Links:
    """Equity: Fava's balance sheet at the date; base and limit: the base's accounts.

    The rows are :func:`trappan.positions` in date order: an opening row is dated 1
    January (equity as closed the year before); a projection is dated 31 December and
    comes just before the year end of the same date; it has no accounts of its own (it is
    the budget), so no links.
    """
    accounts = account_infos(entries)
    members = list(contributions.member_accounts(entries))
    income = [a for a in accounts if a.startswith(f"{options.get('name_income', 'Income')}:")]
    found = trappan.tables(entries)
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


def contributions_page(
    entries: list[data.Directive], options: Mapping[str, Any], year: int,
    _folder: Path | None = None,
) -> Built:
    """Per member: key, expected, booked and difference, with a sum row (as the CLI)."""
    problems = contributions.errors(entries)
    if problems:
        raise InvalidData(problems)
    frame = contributions.comparison_frame(entries, year)
    parsed = contributions.contribution_data(entries)
    tolerance = contributions.tolerance(parsed, year)
    table = pd.DataFrame(
        {
            "medlem": frame["namn"],
            "typ": frame["typ"],
            "andel %": frame["andel %"].map(lambda v: rounded(v, PERCENT)),
            "befolkning": frame["befolkning"],
            "nyckel %": frame["nyckel %"].map(lambda v: rounded(v, KEY_PERCENT)),
            "förväntat": frame["förväntat"].map(round_kr),
            "bokfört": frame["bokfört"].map(round_kr),
            "differens": frame["differens"].map(round_kr),
            "över tolerans": frame["över tolerans"].map(lambda v: "!" if v else ""),
        }
    )
    total = {
        "medlem": "Summa",
        **{c: round_kr(exact_sum(frame[c])) for c in ("förväntat", "bokfört", "differens")},
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
        title=f"Medlemsavgifter {year}", organisation=str(options.get("title") or ""), year=year
    )
    report.add("medlemsavgifter", f"Medlemsavgifter {year}", table, text,
               strong=frozenset({len(table) - 1}))
    return Built(report, {"medlemsavgifter": contribution_links(entries, frame, year)})


def contribution_links(entries: list[data.Directive], frame: pd.DataFrame, year: int) -> Links:
    accounts = account_infos(entries)
    by_member: dict[str, list[str]] = {}
    for account, member_id in contributions.member_accounts(entries).items():
        by_member.setdefault(member_id, []).append(account)
    time = str(year)
    rows = [by_member.get(str(member_id), []) for member_id in frame["medlem"]]
    every = [a for names in rows for a in names]
    return [
        {c: address for c in ("bokfört", "differens") if (address := link(names, accounts, time))}
        for names in [*rows, every]
    ]


def rounded(value: Decimal | None, quantum: Decimal) -> Decimal | None:
    return None if value is None else value.quantize(quantum, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PageKind:
    """A page: its title, whether it is chosen by year or by date, and how it is made.

    ``build(entries, options, year or date, ledger folder)`` returns what it made.
    """

    title: str
    by: str  # "year" | "date"
    build: Callable[..., Built]


def followup_page(
    entries: list[data.Directive], options: Mapping[str, Any], date: datetime.date,
    _folder: Path | None,
) -> Built:
    return Built(adapter.followup(entries, options, date))


def insatser_page(
    entries: list[data.Directive], options: Mapping[str, Any], date: datetime.date,
    _folder: Path | None,
) -> Built:
    return Built(adapter.insatser(entries, options, date))


def interim_page(
    entries: list[data.Directive], options: Mapping[str, Any], date: datetime.date,
    folder: Path | None,
) -> Built:
    return Built(adapter.interim(entries, options, date, folder))


PAGES: dict[str, PageKind] = {
    "arsredovisning": PageKind("Årsredovisning", "year", annual_page),
    "trappan": PageKind("Trappan", "year", trappan_page),
    "medlemsavgifter": PageKind("Medlemsavgifter", "year", contributions_page),
    "uppfoljning": PageKind("Budgetuppföljning", "date", followup_page),
    "insatser": PageKind("Insatser", "date", insatser_page),
    "delarsrapport": PageKind("Delårsrapport", "date", interim_page),
}
