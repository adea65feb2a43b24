"""`finsam uppfoljning DATUM`: the budget follow-up at a date, as PDF, HTML, XLSX, CSV and SVG."""

from __future__ import annotations

import argparse
from typing import Any

from finsam_accounts.commands.common import add_report_arguments, add_tkr_option, run_dated_report


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "uppfoljning",
        help="budgetuppföljning vid ett datum, med helårsprognos (PDF, HTML, XLSX, CSV)",
        description=(
            "Budgetuppföljning för räkenskapsåret som innehåller DATUM: per rad i "
            "sammanställningen över utfall och budget årsbudget (antagen och reviderad), "
            "budget t.o.m. datumet, utfall t.o.m. datumet, avvikelse, förbrukad andel, "
            "helårsprognos och prognosavvikelse; därunder prognos per verksamhet, eget "
            "kapital mot trappan, insatserna och ett diagram per verksamhet."
        ),
    )
    add_report_arguments(parser, "reports/uppfoljning-DATUM/")
    add_tkr_option(parser)
    parser.set_defaults(func=run, typesets=True)  # a PDF: the typesetter is loaded ahead (cli.py)


def run(args: argparse.Namespace) -> int:
    # Report libraries (pandas, jinja2) only when the command runs: `finsam --help` stays quick.
    from finsam_accounts import trappan
    from finsam_accounts.followup.report import build as build_followup

    def build(ledger: Any) -> Any:
        # No board document from a placeholder trappan (docs/contributions-trappan.md).
        books = ledger.books
        trappan.refuse_placeholders(books, args.date.year)
        return build_followup(books, args.date, unit=args.unit)

    return run_dated_report(args, "uppfoljning", build, "Budgetuppföljningen")
