"""``finsam trappan``: equity at every year end against the limit of the equity guideline.

Prints, for every year end in the ledger and for the year asked, equity, base, limit,
margin and status; for the year asked also the opening equity against the year's base and
the projection from the adopted budget; and the table used with its source.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from finsam_accounts import trappan
from finsam_accounts.cliparse import year
from finsam_accounts.commands.common import (
    add_ledger_option,
    load_or_report,
    print_errors,
    print_report_error,
)
from finsam_accounts.commands.medlemsavgifter import kr, text_table
from finsam_accounts.errors import ReportError
from finsam_accounts.ledger import Ledger
from finsam_accounts.trappan import Position, format_percent

PROG = "finsam trappan"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "trappan",
        help="eget kapital mot riktlinjen (trappan)",
        description=(
            "Prövar eget kapital mot trappan, Nationella rådets riktlinje för hur stort eget "
            "kapital ett samordningsförbund bör ha. Visar för varje bokslut i bokföringen och "
            "för det begärda året: eget kapital, bas, gräns, marginal (kr och %) och status "
            "(inom/över), samt prognosen för årets slut enligt budgeten (ingående eget "
            "kapital + budgeterat resultat). Stegen och deras källa står i "
            "ledger/trappan.beancount."
        ),
    )
    parser.add_argument(
        "year",
        type=year,
        nargs="?",
        metavar="ÅR",
        help="året att pröva (standard: bokföringens senaste räkenskapsår)",
    )
    add_ledger_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    ledger = load_or_report(args.ledger, PROG)
    if ledger is None:
        return 1
    problems = trappan.errors(ledger.entries)
    if problems:
        print_errors(problems, Path.cwd(), PROG)
        return 1
    year = args.year if args.year is not None else latest_year(ledger)
    if year is None:
        print(f"{PROG}: bokföringen har inga räkenskapsår; ange ett år", file=sys.stderr)
        return 1
    try:
        rows = trappan.positions(ledger.books, year, all_years=True)
    except ReportError as exc:
        print_report_error(exc, Path.cwd(), PROG)
        return 1
    print(report(ledger, year, rows))
    return 0


PLACEHOLDER_NOTE = (
    f' Obs: tabellen är en platshållare (status "{trappan.PLACEHOLDER}"): årsredovisningen, '
    "budgetuppföljningen och femårsöversikten för ett år den gäller tas inte fram."
)


def latest_year(ledger: Ledger) -> int | None:
    years = ledger.books.fiscal_years
    return years[-1] if years else None


def report(ledger: Ledger, year: int, rows: Sequence[Position]) -> str:
    """The positions as a text table, the projection in words and the tables used."""
    title = ledger.options.get("title") or ""
    headers = [
        "Avser",
        "Datum",
        "Eget kapital",
        "Bas",
        "Gräns",
        "Marginal",
        "Marginal %",
        "Status",
    ]
    body = [
        [
            p.label,
            p.date.isoformat(),
            kr(p.equity),
            kr(p.base),
            kr(p.limit),
            kr(p.margin),
            format_percent(p.margin_percent),
            p.status,
        ]
        for p in rows
    ]
    lines = [
        f"Trappan – eget kapital mot riktlinjen – {title}" if title else "Trappan",
        "",
        text_table(headers, body, left=2),
        "",
        "Marginal = gräns − eget kapital (negativ: över gränsen); marginal % i procent av basen.",
        "Varje belopp är avrundat för sig till hela kronor.",
        projection_text(rows, year),
        "",
        *(trappan.describe_table(t) + (PLACEHOLDER_NOTE if t.placeholder else "")
          for t in trappan.used_tables(rows)),
    ]
    return "\n".join(lines)


def projection_text(rows: Sequence[Position], year: int) -> str:
    opening = next((p for p in rows if p.kind == trappan.OPENING and p.year == year), None)
    forecast = next((p for p in rows if p.kind == trappan.PROJECTION and p.year == year), None)
    if opening is None or forecast is None:
        return f"Prognos {year}: ingen budget för {year}, så ingen prognos."
    result = forecast.equity - opening.equity
    verdict = "inom" if forecast.status == trappan.INSIDE else "över"
    return (
        f"Prognos {year}: eget kapital {opening.date.isoformat()} {kr(opening.equity)} kr "
        f"+ budgeterat resultat {kr(result)} kr = {kr(forecast.equity)} kr, "
        f"{verdict} gränsen {kr(forecast.limit)} kr."
    )
