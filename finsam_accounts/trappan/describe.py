"""Trappan described in Swedish: the table in force, the warning when over the limit."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from beancount.core import data

from finsam_accounts.books import Books
from finsam_accounts.conventions import META_MEMBER
from finsam_accounts.errors import ReportError, plain_error, where
from finsam_accounts.trappan.guideline import (
    BASE_TEXT,
    CUSTOM_STEP,
    CUSTOM_TABLE,
    INSIDE,
    Table,
    parse,
    table_at,
)
from finsam_accounts.trappan.rows import Position, year_end
from finsam_accounts.trappan.text import format_kr, format_percent, format_step_percent
from finsam_accounts.trappan.yearsums import year_figures


def describe_table(table: Table, with_location: bool = True) -> str:
    """The table in Swedish: the steps, how they apply, the base and the source.

    ``with_location=False`` leaves out the ``file:line`` (which depends on the working
    directory), for the annual report that must be byte-identical wherever it is run.
    """
    base = BASE_TEXT[table.base]
    if len(table.steps) == 1:
        steps = f"{format_step_percent(table.steps[0].percent)} % av {base}"
    else:
        parts = [
            f"från {format_kr(s.threshold)} kr: {format_step_percent(s.percent)} %"
            for s in table.steps
        ]
        how = (
            "procentsatsen för det steg basen når gäller hela basen"
            if table.mode == "hela"
            else "varje procentsats gäller den del av basen som ligger inom steget"
        )
        steps = f"{'; '.join(parts)} ({how}; bas: {base})"
    return (
        f"Trappan (tabell från {table.date.isoformat()}"
        f"{', ' + where(table.source) if with_location else ''}): "
        f"gränsen för eget kapital är {steps}. Källa: {table.source_text}"
    )


def table_description(
    books: Books, date: datetime.date | None = None, with_location: bool = True
) -> str:
    """The table in force on ``date`` (default: the latest table), described in Swedish."""
    found = books.trappan
    if not found:
        raise ReportError([plain_error(f'bokföringen har ingen trappa (custom "{CUSTOM_TABLE}")')])
    table = found[-1] if date is None else table_at(found, date)
    return describe_table(table, with_location)


def used_tables(rows: Sequence[Position]) -> list[Table]:
    """The distinct tables that the rows used, in date order."""
    return sorted({id(p.table): p.table for p in rows}.values(), key=lambda t: t.date)


def booked_to_year_end(entries: Sequence[data.Directive], years: Sequence[int]) -> int | None:
    """The latest year whose books reach its last day: a voucher dated 31 December, or one
    in a later year. A year still being booked is not a year end yet: with the members'
    invoices booked in January its equity would be over any limit until the year-end
    accruals (and with nothing booked its base would be 0)."""
    dates = [e.date for e in entries if isinstance(e, data.Transaction)]
    if not dates:
        return None
    last = max(dates)
    for year in sorted(years, reverse=True):
        if last >= datetime.date(year, 12, 31):
            return year
    return None


def warnings(books: Books) -> list[str]:
    """A warning when equity at the latest year end the books reach is over the limit
    (Swedish)."""
    entries = books.entries
    years = list(books.fiscal_years)
    if not years:
        return []
    found, problems = parse(entries)
    if problems:
        return []  # reported by errors()
    if not found:
        # Only a ledger with member contributions is a förbund's that needs the guideline.
        if not any(META_MEMBER in info.meta for info in books.accounts.values()):
            return []
        return [
            f'bokföringen har ingen trappa (custom "{CUSTOM_TABLE}" och "{CUSTOM_STEP}"): '
            "eget kapital kan inte prövas mot riktlinjen"
        ]
    closed = booked_to_year_end(entries, years)
    if closed is None:
        return []
    try:
        figures = year_figures(books, [closed])
        position = year_end(books, found, closed, figures)
    except ReportError as exc:
        return [error.message for error in exc.errors]
    if position.status == INSIDE:
        return []
    return [
        f"eget kapital {position.date.isoformat()} är {format_kr(position.equity)} kr, "
        f"över gränsen i trappan {format_kr(position.limit)} kr "
        f"({format_percent(position.equity_percent)} % av basen {format_kr(position.base)} kr, "
        f"{format_kr(-position.margin)} kr för mycket; trappan {where(position.table.source)})"
    ]
