"""`finsam uppfoljning-finsam ÅR`: the figures of the national follow-up (Uppföljning Finsam)."""

from __future__ import annotations

import argparse

from finsam_accounts.commands.common import add_report_arguments, run_dated_report


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "uppfoljning-finsam",
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
    add_report_arguments(parser, "reports/uppfoljning-finsam-ÅR/", per_year=True)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from finsam_accounts.ledger import Ledger
    from finsam_accounts.render.report import Report
    from finsam_accounts.yearly import finsam_followup, finsam_report

    def build(ledger: Ledger) -> Report:
        figures = finsam_followup.build(ledger.books, args.year)
        return finsam_report.report(figures)

    return run_dated_report(args, "uppfoljning-finsam", build, "Uppföljning Finsam")
