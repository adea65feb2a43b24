"""``finsam periodiska DATUM``: the recurring vouchers due up to a date, as proposals.

Prints the vouchers (beancount's printer, the next free numbers); ``--skriv`` appends them
to their year's file atomically. A due date already booked (``periodisk`` metadata) is
never proposed again (:mod:`finsam_accounts.recurring`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from finsam_accounts.commands.common import (
    add_ledger_option,
    load_or_report,
    parse_date,
    print_report_error,
)
from finsam_accounts.errors import ReportError

PROG = "finsam periodiska"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "periodiska",
        help="föreslå periodiska verifikationer (hyra, löner, avgifter) fram till ett datum",
        description=(
            'Föreslår de periodiska verifikationerna (custom "periodisk") som förfaller '
            "till och med DATUM och inte redan är bokförda, med nästa lediga nummer. Utan "
            "--skriv skrivs förslaget bara ut."
        ),
    )
    parser.add_argument("date", type=parse_date, metavar="DATUM", help="t.ex. 2019-03-31")
    parser.add_argument("--skriv", dest="write", action="store_true",
                        help="lägg till verifikationerna sist i årets fil")
    add_ledger_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from finsam_accounts import recurring, year_files
    from finsam_accounts.bank.write import (
        append_atomically,
        entries_text,
        file_state,
        year_file,
    )

    ledger = load_or_report(args.ledger, PROG)
    if ledger is None:
        return 1
    proposed = recurring.proposals(ledger.books, args.date)
    if not proposed:
        print(f"Inga periodiska verifikationer att bokföra till och med {args.date}.")
        return 0
    try:
        years = sorted({entry.date.year for entry in proposed})
        texts = {}
        for year in years:
            entries = [entry for entry in proposed if entry.date.year == year]
            text = entries_text(entries, f"periodiska verifikationer till {args.date}",
                                ledger.options)
            if not args.write:
                print(text, end="")
                continue
            files = year_files.year_files(ledger.options)
            target = Path(files[year]) if year in files else year_file(ledger.entries, year)
            texts[target] = (text, file_state(target), len(entries))
        for target, (text, state, count) in texts.items():
            append_atomically(target, text, state)
            print(f"{count} periodiska verifikationer tillagda sist i {target.name}.")
    except ReportError as error:
        print_report_error(error, prog=PROG)
        return 1
    return 0
