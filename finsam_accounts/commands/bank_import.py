"""``finsam bank-import FIL``: a bank file's lines proposed as numbered vouchers.

Reads camt.053/054, BgMax or a Swedbank/Handelsbanken/SEB/Nordea CSV export
(:mod:`finsam_accounts.bank`), leaves out the lines the books have, matches the rest and
writes the proposals to a file to review (``--ut``), or appends them to the year's file
(``--skriv``). A file that cannot be read: one Swedish line, nothing written.
"""

from __future__ import annotations

import argparse
import datetime
from collections import defaultdict
from pathlib import Path

from beancount.core import data

from finsam_accounts.commands.common import (
    add_ledger_option,
    load_or_report,
    print_errors,
    print_report_error,
)
from finsam_accounts.errors import ReportError
from finsam_accounts.money import format_sv_ore

PROG = "finsam bank-import"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "bank-import",
        help="läs in en bankfil (camt.053/054, BgMax, CSV från Swedbank, Handelsbanken, SEB, "
        "Nordea) som förslag",
        description=(
            "Läser en bankfil och föreslår en verifikation per rad, med nästa lediga nummer "
            "i bankkontots serie: inbetalningar mot öppna kundfakturor, utbetalningar mot "
            "öppna leverantörsfakturor, kända motparter mot sitt vanliga konto, resten på "
            "kontot för oklarade bankposter (flaggade !). Rader som redan finns i "
            "bokföringen hoppas över; kontoutdragets utgående saldo blir en "
            "saldokontroll (balance). Förslagen skrivs till en fil att granska, eller med "
            "--skriv sist i årets fil. Se docs/bank.md."
        ),
    )
    parser.add_argument("file", metavar="FIL", help="bankfilen")
    add_ledger_option(parser)
    parser.add_argument("--konto", metavar="KONTO", help="bankkontot, om filen inte anger det")
    target = parser.add_mutually_exclusive_group()
    target.add_argument(
        "--ut", metavar="FIL",
        help="filen att skriva förslagen till (standard: forslag-FILNAMN.beancount här)",
    )
    target.add_argument(
        "--skriv", action="store_true", help="lägg förslagen sist i årets verifikationsfil"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from finsam_accounts.bank.propose import propose
    from finsam_accounts.bank.read import read_statement
    from finsam_accounts.bank.write import (
        append_atomically,
        entries_text,
        file_state,
        year_file,
    )
    from finsam_accounts.output import check_file_target, write_file

    out = None
    if not args.skriv:
        shown = args.ut or f"forslag-{Path(args.file).stem}.beancount"
        try:
            out = check_file_target(shown, PROG, "--ut")
        except ReportError as error:
            print_errors(error.errors)
            return 1
    ledger = load_or_report(args.ledger, PROG)
    if ledger is None:
        return 1
    try:
        statement = read_statement(args.file)
        proposal = propose(ledger.books, statement, args.file, args.konto)
        new = [e for e in proposal.entries if isinstance(e, data.Transaction)]
        if not proposal.entries:
            print(f"Inget nytt i {args.file}: alla {proposal.duplicates} rader finns redan i "
                  "bokföringen.")
            return 0
        heading = f"Bankimport {Path(args.file).name} ({statement.kind}), finsam bank-import"
        if args.skriv:
            by_year: dict[int, list[data.Directive]] = defaultdict(list)
            for entry in proposal.entries:
                # A balance assertion is dated the day after the statement's last day.
                day = entry.date - datetime.timedelta(
                    days=0 if isinstance(entry, data.Transaction) else 1)
                by_year[day.year].append(entry)
            plans = []
            for year, entries in sorted(by_year.items()):
                target = year_file(ledger.entries, year)
                text = entries_text(entries, heading, ledger.options)
                plans.append((target, text, file_state(target)))
            for target, text, state in plans:
                append_atomically(target, text, state)
            where = ", ".join(str(p[0].name) for p in plans)
        else:
            assert out is not None
            write_file(out, entries_text(proposal.entries, heading, ledger.options).encode("utf-8"),
                       PROG, "--ut")
            where = str(args.ut or out.name)
    except ReportError as error:
        print_report_error(error, prog=PROG)
        return 1
    print(
        f"{len(new)} nya verifikationer ur {args.file} till {where}: {proposal.matched} mot "
        f"öppna fakturor, {proposal.by_rule} enligt motpartens konto, "
        f"{len(proposal.unmatched)} på oklarade bankposter; {proposal.duplicates} rader fanns "
        "redan."
    )
    for entry in proposal.unmatched:
        number = entry.postings[0].units.number if entry.postings[0].units else None
        print(f"  oklarad: {entry.meta['ver']} {entry.date} {entry.payee or ''} "
              f"{format_sv_ore(number) if number is not None else ''} – {entry.narration}")
    return 0
