"""``finsam specifikation``: which statement specification the books use, and a starting
point for a förbund's own (the shipped one written out to a file in the ledger folder)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from finsam_accounts.commands.common import add_ledger_option, load_or_report, print_report_error

PROG = "finsam specifikation"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "specifikation",
        help="visa räkenskapernas specifikation, eller skriv ut den medföljande",
        description=(
            "Visar vilken specifikation bokföringen använder (den egna som anges med "
            'custom "finsam-specifikation", annars den medföljande) och dess rapporter för '
            "bokföringens verksamheter. Med --skriv FIL skrivs den medföljande ut som "
            "utgångspunkt för förbundets egen specifikation."
        ),
    )
    add_ledger_option(parser)
    parser.add_argument(
        "--skriv", metavar="FIL",
        help="skriv den medföljande specifikationen till FIL (skriver inte över en fil)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from finsam_accounts.statements.spec import DEFAULT_SPEC

    if args.skriv:
        return write_default(Path(args.skriv), DEFAULT_SPEC, args.ledger)
    return show(args)


def write_default(target: Path, source: Path, ledger_arg: str | None = None) -> int:
    if target.exists():
        print(f"{PROG}: {target} finns redan; välj ett annat filnamn", file=sys.stderr)
        return 1
    if not target.parent.is_dir():
        print(f"{PROG}: katalogen {target.parent} finns inte", file=sys.stderr)
        return 1
    try:
        target.write_bytes(source.read_bytes())
    except OSError as error:
        print(f"{PROG}: kan inte skriva {target}: {error.strerror}", file=sys.stderr)
        return 1
    main, day = directive_place(ledger_arg)
    relative = os.path.relpath(target.absolute(), main.absolute().parent) if main else target
    print(f"Skrev den medföljande specifikationen till {target}.")
    print(f"Ange den i {main.name if main else 'main.beancount'} (sökvägen räknas från filen "
          "där raden står):")
    print(f'  {day} custom "finsam-specifikation" "{Path(relative).as_posix()}"')
    return 0


def directive_place(ledger_arg: str | None) -> tuple[Path | None, str]:
    """The ledger's main file and the first day of its first fiscal year, if found."""
    from finsam_accounts.ledger import find_ledger, load

    main = find_ledger(ledger_arg)
    if not main.is_file():
        return None, "ÅÅÅÅ-01-01"
    ledger = load(main)
    first = ledger.books.first_day
    return main, first.isoformat() if first else "ÅÅÅÅ-01-01"


def show(args: argparse.Namespace) -> int:
    from finsam_accounts.errors import ReportError
    from finsam_accounts.statements.spec import spec_for

    ledger = load_or_report(args.ledger)
    if ledger is None:
        return 1
    books = ledger.books
    try:
        spec = spec_for(books)
    except ReportError as error:
        print_report_error(error, ledger.path.parent, PROG)
        return 1
    where = books.spec_path or "den medföljande (samordningsforbund.toml)"
    print(f"Specifikation: {where}")
    print("Verksamheter: " + ", ".join(f"{a.code} ({a.kind})" for a in books.activities))
    for statement in spec.statements:
        title = f"Not {statement.note} {statement.title}" if statement.note else statement.title
        print(f"  {statement.id:<28} {title}")
    return 0
