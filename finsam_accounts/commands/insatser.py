"""`finsam insatser DATUM`: every insats granted by the board and its use at a date."""

from __future__ import annotations

import argparse
from typing import Any

from finsam_accounts.commands.common import add_report_arguments, add_tkr_option, run_dated_report


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "insatser",
        help="insatserna vid ett datum: beviljat, förbrukat, prognos, kvar (PDF, HTML, XLSX, CSV)",
        description=(
            "Visar per insats som styrelsen har beviljat (custom \"insats\" i bokföringen): "
            "beviljat belopp, förbrukat under året och totalt sedan start, förbrukad andel, "
            "prognos, vad som är kvar och, vid periodens slut, vad som ska återbetalas."
        ),
    )
    add_report_arguments(parser, "reports/insatser-DATUM/")
    add_tkr_option(parser)
    parser.set_defaults(func=run, typesets=True)  # a PDF: the typesetter is loaded ahead (cli.py)


def run(args: argparse.Namespace) -> int:
    # Report libraries (pandas, jinja2) only when the command runs: `finsam --help` stays quick.
    from finsam_accounts.followup.report import build_insatser

    def build(ledger: Any) -> Any:
        books = ledger.books
        return build_insatser(books, args.date, unit=args.unit)

    return run_dated_report(args, "insatser", build, "Insatserna")
