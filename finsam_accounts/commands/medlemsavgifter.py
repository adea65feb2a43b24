"""``finsam medlemsavgifter``: expected against booked contributions; write the invoices.

``finsam medlemsavgifter ÅR`` shows per member the expected contribution (the year's
allocation split by the keys in the ledger), what the ledger records and the difference.
``--bokför [--kvartal]`` writes the year's contribution invoices as beancount text on
standard output, numbered from the next free voucher of the series.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from finsam_accounts import contributions
from finsam_accounts.cliparse import year
from finsam_accounts.commands.common import (
    add_ledger_option,
    load_or_report,
    print_errors,
    print_report_error,
)
from finsam_accounts.errors import ReportError, where
from finsam_accounts.ledger import Ledger
from finsam_accounts.money import exact_sum, format_sv, round_kr
from finsam_accounts.trappan import format_percent, format_step_percent

PROG = "finsam medlemsavgifter"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "medlemsavgifter",
        help="medlemsavgifter: förväntat, bokfört och differens per medlem",
        description=(
            "Visar för ett år varje medlems förväntade medlemsavgift (årets tilldelning "
            "fördelad med nycklarna i bokföringen: staten, regionen och kommunerna efter "
            "befolkning i arbetsför ålder), vad som är bokfört och differensen. En differens "
            "större än toleransen markeras med !. Med --bokför skrivs årets "
            "avgiftsverifikationer i stället ut som beancount-text, färdig att lägga till i "
            "årets fil."
        ),
    )
    parser.add_argument("year", type=year, metavar="ÅR", help="räkenskapsåret, t.ex. 2019")
    add_ledger_option(parser)
    parser.add_argument(
        "--bokför",
        "--bokfor",
        dest="bokfor",
        action="store_true",
        help=(
            "skriv årets avgiftsverifikationer (en per medlem) på standard ut, med nästa "
            "lediga nummer i serien; vägrar om året redan har avgiftsverifikationer"
        ),
    )
    parser.add_argument(
        "--kvartal",
        action="store_true",
        help="med --bokför: en verifikation per medlem och kvartal i stället för per år",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.kvartal and not args.bokfor:
        print(f"{PROG}: --kvartal: används bara tillsammans med --bokför", file=sys.stderr)
        return 1
    ledger = load_or_report(args.ledger, PROG)
    if ledger is None:
        return 1
    problems = contributions.errors(ledger.entries)
    if problems:
        print_errors(problems, Path.cwd(), PROG)
        return 1
    try:
        if args.bokfor:
            return book(ledger, args.year, args.kvartal)
        print(report(ledger, args.year))
    except ReportError as exc:
        print_report_error(exc, Path.cwd(), PROG)
        return 1
    return 0


def book(ledger: Ledger, year: int, quarterly: bool) -> int:
    """Print the year's invoices, or refuse (exit 1) when the year already has some."""
    existing = contributions.existing_vouchers(ledger.books, year)
    if existing:
        print(
            f"{PROG}: {year} har redan {len(existing)} verifikationer på medlemmarnas "
            f"avgiftskonton ({', '.join(existing)}). Inget skrivs: avgifterna är redan "
            "bokförda. Rätta en felaktig avgift med en ny verifikation som korrigerar den.",
            file=sys.stderr,
        )
        return 1
    items = contributions.invoices(ledger.books, year, quarterly)
    sys.stdout.write(contributions.format_invoices(items, year, quarterly))
    return 0


def report(ledger: Ledger, year: int) -> str:
    """The comparison for a year as text, figures rounded to kr once each."""
    books = ledger.books
    parsed = books.contributions
    frame = contributions.comparison_frame(books, year)
    allocation = parsed.allocations[year]
    tolerance = contributions.tolerance(parsed, year)
    percents = contributions.group_percents(parsed, year)
    groups = ", ".join(
        f"{kind} {format_step_percent(percents[kind])} %"
        for kind in dict.fromkeys(m.kind for m in contributions.members_in(parsed, year))
    )
    title = ledger.options.get("title") or ""
    rows: list[list[str]] = []
    for row in frame.to_dict("records"):
        rows.append(
            [
                str(row["name"]),
                str(row["kind"]),
                _percent(row["group_percent"]),
                format_sv(row["population"]) if row["population"] is not None else "",
                _percent(row["key_percent"], 2),
                kr(row["expected"]),
                kr(row["booked"]),
                kr(row["difference"]),
                "!" if row["over_tolerance"] else "",
            ]
        )
    rows.append(
        [
            "Summa",
            "",
            "",
            "",
            "",
            kr(exact_sum(frame["expected"])),
            kr(exact_sum(frame["booked"])),
            kr(exact_sum(frame["difference"])),
            "",
        ]
    )
    headers = [
        "Medlem",
        "Typ",
        "Andel %",
        "Befolkning",
        "Nyckel %",
        "Förväntat",
        "Bokfört",
        "Differens",
        "",
    ]
    over = int(frame["over_tolerance"].sum())
    lines = [
        f"Medlemsavgifter {year} – {title}" if title else f"Medlemsavgifter {year}",
        f"Tilldelning {kr(allocation.amount)} kr ({where(allocation.source)}); "
        f"andelar: {groups}; tolerans {kr(tolerance)} kr.",
        "",
        text_table(headers, rows, left=2, total=True),
        "",
        "Förväntat = tilldelningen × gruppens andel × medlemmens nyckel inom gruppen "
        "(befolkning i arbetsför ålder), exakt i öre med största rest. "
        "Differens = bokfört − förväntat.",
        (
            f"! = differensen är större än toleransen {kr(tolerance)} kr ({over} st)."
            if over
            else f"Ingen differens är större än toleransen {kr(tolerance)} kr."
        ),
    ]
    return "\n".join(lines)


def kr(value: Decimal) -> str:
    return format_sv(round_kr(value))


def _percent(value: Any, decimals: int = 1) -> str:
    return "" if value is None else format_percent(value, decimals)


def text_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], left: int = 1, total: bool = False
) -> str:
    """A plain text table: the first ``left`` columns left-aligned, the rest right-aligned.

    With ``total``, the last row is a sum and is set off by a rule.
    """
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.ljust(width) if i < left else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths).rstrip()
    body = [line(r) for r in rows]
    if total and body:
        body.insert(len(body) - 1, rule)
    return "\n".join([line(headers), rule, *body])
