"""`finsam uppfoljning-finsam ÅR`: the figures of the national follow-up (Uppföljning Finsam)."""

from __future__ import annotations

import argparse

from finsam_accounts.cliparse import year
from finsam_accounts.commands.common import add_ledger_option, load_or_report, print_errors

PROG = "finsam uppfoljning-finsam"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "uppfoljning-finsam",
        add_help=False,
        help="underlag för Uppföljning Finsam: tilldelade medel, eget kapital, "
        "administrativa kostnader, insatser med deltagare (CSV, XLSX, HTML)",
        description=(
            "Tar fram årets siffror för den nationella uppföljningen (Uppföljning Finsam): "
            "tilldelade medel per finansiär, eget kapital, förbundets administrativa "
            "kostnader (budget och utfall per kostnadsslag) och per insats budget, utfall, "
            'deltagare per kön (custom "deltagare") och kostnad per deltagare. Se '
            "docs/reporting-pack.md."
        ),
    )
    parser._positionals.title = "argument"
    parser._optionals.title = "flaggor"
    parser.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
    parser.add_argument("year", type=year, metavar="ÅR", help="räkenskapsåret, t.ex. 2019")
    add_ledger_option(parser)
    parser.add_argument("--out", metavar="KATALOG",
                        help="katalogen att skriva till (standard: reports/uppfoljning-finsam-ÅR/)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from finsam_accounts.budget import BudgetError
    from finsam_accounts.errors import ReportError, error_in
    from finsam_accounts.ledger import find_ledger
    from finsam_accounts.output import check_target, default_out
    from finsam_accounts.render.report import write_report
    from finsam_accounts.yearly import finsam_followup, finsam_report

    target = args.out or default_out(args.ledger, f"uppfoljning-finsam-{args.year}")
    try:
        out = check_target(target, find_ledger(args.ledger), PROG, "--out")
    except ReportError as error:
        print_errors(error.errors)
        return 1
    ledger = load_or_report(args.ledger, PROG)
    if ledger is None:
        return 1
    base = ledger.path.parent
    try:
        figures = finsam_followup.build(ledger.entries, ledger.options, args.year)
        files = write_report(finsam_report.report(figures), out)
    except BudgetError as error:
        print_errors([error_in(error.source["filename"], error.source["lineno"],
                               error.message)], base)
        return 1
    except ReportError as error:
        print_errors(error.errors, base, PROG)
        return 1
    print(f"Uppföljning Finsam {args.year} finns i {target}/ ({len(files)} filer)")
    return 0
