"""`finsam insatser DATUM`: every insats granted by the board and its use at a date."""

from __future__ import annotations

import argparse
from pathlib import Path

from finsam_accounts import books as books_module
from finsam_accounts.budget import BudgetError
from finsam_accounts.commands.common import add_report_arguments, load_or_report, print_errors
from finsam_accounts.errors import ReportError, error_in
from finsam_accounts.output import default_out


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "insatser",
        add_help=False,
        help="insatserna vid ett datum: beviljat, förbrukat, prognos, kvar (CSV, HTML, XLSX)",
        description=(
            "Visar per insats som styrelsen har beviljat (custom \"insats\" i bokföringen): "
            "beviljat belopp, förbrukat under året och totalt sedan start, förbrukad andel, "
            "prognos, vad som är kvar och, vid periodens slut, vad som ska återbetalas."
        ),
    )
    add_report_arguments(parser, "reports/insatser-DATUM/")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Report libraries (pandas, jinja2) only when the command runs: `finsam --help` stays quick.
    from finsam_accounts.followup.report import build_insatser
    from finsam_accounts.render.report import write_report

    ledger = load_or_report(args.ledger)
    if ledger is None:
        return 1
    out = Path(args.out) if args.out else default_out(args.ledger, f"insatser-{args.date}")
    try:
        books = books_module.of(ledger.entries, ledger.options)
        report = build_insatser(ledger.entries, books, args.date)
        files = write_report(report, out)
    except BudgetError as error:
        print_errors(
            [error_in(error.source["filename"], error.source["lineno"], error.message)],
            ledger.path.parent,
        )
        return 1
    except ReportError as error:
        print_errors(error.errors, ledger.path.parent)
        return 1
    print(f"Insatserna {args.date} finns i {out}/ ({len(files)} filer)")
    return 0
