"""`finsam delarsrapport DATUM`: the interim report 1 January – DATUM (CSV, HTML, XLSX)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from finsam_accounts import books as books_module
from finsam_accounts.budget import BudgetError
from finsam_accounts.commands.common import add_report_arguments, load_or_report, print_errors
from finsam_accounts.errors import ReportError, error_in
from finsam_accounts.output import default_out
from finsam_accounts.statements.spec import SpecError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "delarsrapport",
        add_help=False,
        help="delårsrapport 1 januari – DATUM med helårsprognos (CSV, HTML, XLSX)",
        description=(
            "Delårsrapporten: resultaträkning för 1 januari – DATUM bredvid samma period "
            "föregående år, balansräkning per DATUM bredvid föregående årsskifte och "
            "prognos för helåret, avstämda; texten läses från delarsrapport-DATUM.txt i "
            "bokföringens katalog."
        ),
    )
    add_report_arguments(parser, "reports/delarsrapport-DATUM/")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Report libraries (pandas, jinja2) only when the command runs: `finsam --help` stays quick.
    from finsam_accounts.followup.interim import build, text_file
    from finsam_accounts.readable import text_file as read_text_file
    from finsam_accounts.render.report import write_report

    ledger = load_or_report(args.ledger)
    if ledger is None:
        return 1
    base = ledger.path.parent
    out = Path(args.out) if args.out else default_out(args.ledger, f"delarsrapport-{args.date}")
    source = text_file(base, args.date)
    try:
        text = read_text_file(source) if source.is_file() else None
        books = books_module.of(ledger.entries, ledger.options)
        report = build(ledger.entries, books, args.date, text, source.name)
        files = write_report(report, out)
    except BudgetError as error:
        print_errors(
            [error_in(error.source["filename"], error.source["lineno"], error.message)], base
        )
        return 1
    except SpecError as error:
        print(f"fel: {error}", file=sys.stderr)
        return 1
    except ReportError as error:
        if error.headline:
            print(f"fel: {error.headline}:", file=sys.stderr)
        print_errors(error.errors, base)
        return 1
    print(f"Delårsrapporten {args.date} finns i {out}/ ({len(files)} filer)")
    return 0
