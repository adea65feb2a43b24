"""The report pages of the Fava extension, computed from the entries Fava has loaded.

:func:`render_page` is the whole computation of a page (data in, data out, no Flask): the
same reports as the CLI (made in :mod:`finsam_accounts.fava.builders`), presented as the
printable document presents them, with a drill-down address on every figure that has
one. The extension only adds the request and the
template; a benchmark can time ``render_page`` on its own.

A ledger with errors gets no figures: the page says so and points to Fava's error page,
as ``finsam`` refuses to report on such books. A report that cannot be made shows its
Swedish problem lines instead of a table.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from beancount.core import data

from finsam_accounts import domain
from finsam_accounts.annual.document import AnnualDocument
from finsam_accounts.books import fiscal_years
from finsam_accounts.errors import ReportError, format_error
from finsam_accounts.fava.builders import (
    Built,
    Links,
    annual_page,
    contributions_page,
    followup_page,
    insatser_page,
    interim_page,
    trappan_page,
)
from finsam_accounts.render.html import Group, HtmlRow, section_view
from finsam_accounts.render.report import Report, Section

YEAR_PARAM = "ar"
DATE_PARAM = "datum"
UNIT_PARAM = "enhet"  # ?enhet=tkr: a page chosen by date in thousands of kronor (--tkr)


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
    unit: str = ""  # "tkr" when asked for (``?enhet=tkr``), else each table's own
    document: AnnualDocument | None = None  # the annual report's texts (HTML and PDF)
    notes: tuple[str, ...] = ()  # to the economist (a text not written yet), not in the report

    @property
    def by_date(self) -> bool:
        return PAGES[self.name].by == "date"

    @property
    def when(self) -> str:
        """``2019`` or ``2019-08-31``: what the page is for (in download names)."""
        return self.date.isoformat() if self.date else str(self.year or "")


@dataclass(frozen=True)
class PageKind:
    """A page: its title, whether it is chosen by year or by date, and how it is made.

    ``build(books, year or date, ledger folder)`` returns what it made (``books``: the
    :class:`~finsam_accounts.books.Books` of the load); a page
    chosen by date also takes ``unit`` (None, or "tkr").
    """

    title: str
    by: str  # "year" | "date"
    build: Callable[..., Built]


def render_page(books: Loaded, name: str, params: Mapping[str, str]) -> Page:
    """Compute the page ``name`` (a key of :data:`PAGES`) for ``?ar=ÅR`` or ``?datum=DATUM``
    (default: the latest year, or the last booked day of the latest year); a page chosen
    by date in thousands of kronor with ``?enhet=tkr``."""
    kind = PAGES[name]
    entries = books.all_entries if isinstance(books.all_entries, list) else list(books.all_entries)
    if books.load_errors:  # books with errors are not parsed for a page: their years only
        years = tuple(fiscal_years(entries))
        return Page(name, kind.title, None, years, ledger_errors=len(books.load_errors))
    parsed = domain.of(entries, books.options)
    years = parsed.fiscal_years
    date: datetime.date | None = None
    if kind.by == "date":
        date, problem = choose_date(params.get(DATE_PARAM, ""), entries, years)
        year = date.year if date else None
    else:
        year, problem = choose_year(params.get(YEAR_PARAM, ""), years)
    if year is None:
        return Page(name, kind.title, None, years, problems=(problem,))
    unit = "tkr" if kind.by == "date" and params.get(UNIT_PARAM) == "tkr" else ""
    extra = {"unit": unit or None} if kind.by == "date" else {}
    try:
        built = kind.build(parsed, date or year, ledger_folder(books), **extra)
    except ReportError as error:
        problems = report_problems(error, ledger_folder(books))
        return Page(name, kind.title, year, years, problems=problems, date=date, unit=unit)
    return Page(name, kind.title, year, years, tables=tables(built.report, built.links),
                report=built.report, date=date, document=built.document, notes=built.notes,
                unit=unit)


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


def report_problems(error: ReportError, base: Path | None = None) -> tuple[str, ...]:
    """The Swedish lines of a failed report, one per problem (``fil:rad: meddelande``,
    files relative to the ledger's folder)."""
    lines = [format_error(e, base) for e in error.errors]
    return tuple([error.headline, *lines] if error.headline else lines)


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
        result.append(without_empty_columns(
            Table(section, view["anchor"], view["headers"], view["numeric"], groups, starts_part)
        ))
    return tuple(result)


def without_empty_columns(table: Table) -> Table:
    """The table without text columns that are empty in every row (an insats register
    without diarienummer): the page fits a 1280-pixel screen. The files keep them."""
    rows = table.rows
    keep = [i for i in range(len(table.headers))
            if table.numeric[i] or i == 0 or any(row.cells[i].text for row in rows)]
    if len(keep) == len(table.headers):
        return table
    groups = [Group(g.heading, [replace(r, cells=tuple(r.cells[i] for i in keep))
                                for r in g.rows]) for g in table.groups]
    return replace(table, headers=[table.headers[i] for i in keep],
                   numeric=[table.numeric[i] for i in keep], groups=groups)


def with_links(row: HtmlRow, columns: Sequence[str], links: Mapping[str, str]) -> HtmlRow:
    cells = tuple(
        replace(cell, link=links[column]) if cell.text and column in links else cell
        for cell, column in zip(row.cells, columns, strict=True)
    )
    return replace(row, cells=cells)


PAGES: dict[str, PageKind] = {
    "arsredovisning": PageKind("Årsredovisning", "year", annual_page),
    "trappan": PageKind("Trappan", "year", trappan_page),
    "medlemsavgifter": PageKind("Medlemsavgifter", "year", contributions_page),
    "uppfoljning": PageKind("Budgetuppföljning", "date", followup_page),
    "insatser": PageKind("Insatser", "date", insatser_page),
    "delarsrapport": PageKind("Delårsrapport", "date", interim_page),
}
