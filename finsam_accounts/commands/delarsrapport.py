"""`finsam delarsrapport DATUM`: the interim report 1 January – DATUM (PDF, HTML, XLSX, CSV)."""

from __future__ import annotations

import argparse
from typing import Any

from finsam_accounts.commands.common import add_report_arguments, add_tkr_option, run_dated_report


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "delarsrapport",
        help="delårsrapport 1 januari – DATUM med helårsprognos (PDF, HTML, XLSX, CSV)",
        description=(
            "Delårsrapporten: resultaträkning för 1 januari – DATUM bredvid samma period "
            "föregående år, balansräkning per DATUM bredvid föregående årsskifte och "
            "prognos för helåret, avstämda; texten läses från delarsrapport-DATUM.txt i "
            "bokföringens katalog."
        ),
    )
    add_report_arguments(parser, "reports/delarsrapport-DATUM/")
    add_tkr_option(parser)
    parser.set_defaults(func=run, typesets=True)  # a PDF: the typesetter is loaded ahead (cli.py)


def run(args: argparse.Namespace) -> int:
    # Report libraries (pandas, jinja2) only when the command runs: `finsam --help` stays quick.
    from finsam_accounts.followup.interim import build as build_interim
    from finsam_accounts.followup.interim import text_file
    from finsam_accounts.readable import text_file as read_text_file

    def build(ledger: Any) -> Any:
        source = text_file(ledger.path.parent, args.date)
        text = read_text_file(source) if source.is_file() else None
        books = ledger.books
        return build_interim(books, args.date, text, source.name,
                             unit=args.unit)

    return run_dated_report(args, "delarsrapport", build, "Delårsrapporten")
