"""`finsam scb ÅR`: SCB's Räkenskapssammandrag for kommunalförbund and samordningsförbund."""

from __future__ import annotations

import argparse

from finsam_accounts.commands.common import add_report_arguments, run_dated_report


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "scb",
        help="underlag till SCB:s räkenskapssammandrag: driftredovisning per "
        "verksamhetsgren, personalkostnader, balansräkning (CSV, XLSX, HTML)",
        description=(
            "Tar fram årets siffror till SCB:s Räkenskapssammandrag för kommunalförbund och "
            "samordningsförbund: driftredovisning per verksamhetsgren (med pensionskostnader "
            "och förändring av pensionsavsättningar), balansräkning med avsättningar för "
            "pensioner för sig. Kontona (Kommun-Bas) går till raderna enligt en mappning som "
            "ekonomen kan rätta i scb-rakenskapssammandrag.csv bredvid bokföringen. Se "
            "docs/reporting-pack.md."
        ),
    )
    add_report_arguments(parser, "reports/scb-ÅR/", per_year=True)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from finsam_accounts.ledger import Ledger
    from finsam_accounts.render.report import Report
    from finsam_accounts.yearly import scb, scb_mapping, scb_report

    def build(ledger: Ledger) -> Report:
        mapping = scb_mapping.read(ledger.path.parent)
        figures = scb.build(ledger.books, args.year, mapping)
        return scb_report.report(figures)

    return run_dated_report(args, "scb", build, "Räkenskapssammandraget")
