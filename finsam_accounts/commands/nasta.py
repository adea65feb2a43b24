"""``finsam nasta [SERIE]``: the next free voucher number per series for the current year.

The current year is the latest fiscal year that is not closed
(:func:`finsam_accounts.numbering.current_year`); ``--år`` asks for another.
"""

from __future__ import annotations

import argparse
import sys

from finsam_accounts.cliparse import year
from finsam_accounts.commands.common import add_ledger_option, load_or_report
from finsam_accounts.numbering import SERIES_RE, current_year, next_numbers

PROG = "finsam nasta"


def series(text: str) -> str:
    """A series argument: capital letters (``B``); lower case is accepted and raised."""
    name = text.strip().upper()
    if not SERIES_RE.fullmatch(name):
        raise argparse.ArgumentTypeError(
            f"ogiltig verifikationsserie: '{text}' (skriv serien med bokstäver, t.ex. B)"
        )
    return name


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "nasta",
        help="nästa lediga verifikationsnummer per serie",
        description=(
            "Visar nästa lediga verifikationsnummer i varje serie som bokföringen använder, "
            "för det senaste räkenskapsåret som inte är låst (finsam bokslut). Med SERIE "
            "skrivs bara den seriens nästa nummer, t.ex. B200."
        ),
    )
    parser.add_argument(
        "series", type=series, nargs="?", metavar="SERIE", help="en serie, t.ex. B"
    )
    parser.add_argument(
        "--år",
        "--ar",
        dest="year",
        type=year,
        metavar="ÅR",
        help="ett annat räkenskapsår än det senaste öppna",
    )
    add_ledger_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    ledger = load_or_report(args.ledger, PROG)
    if ledger is None:
        return 1
    chosen = args.year if args.year is not None else current_year(ledger.books)
    if chosen is None:
        print(
            f"{PROG}: alla räkenskapsår är låsta (finsam bokslut); lägg till nästa år med "
            'custom "räkenskapsår" ÅR',
            file=sys.stderr,
        )
        return 1
    numbers = next_numbers(ledger.books, chosen)
    if args.series:
        print(f"{args.series}{numbers.get(args.series, 1)}")
        return 0
    if not numbers:
        print(f"Inga verifikationer ännu: {chosen} börjar varje serie på 1 (t.ex. B1).")
        return 0
    print(f"Nästa lediga verifikationsnummer {chosen}:")
    for name in sorted(numbers):
        print(f"  {name}{numbers[name]}")
    return 0
