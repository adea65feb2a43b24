"""`finsam momsersattning ÅR [--kvartal N]`: the VAT refund (lag 2005:807) per period."""

from __future__ import annotations

import argparse

from finsam_accounts.commands.common import add_report_arguments, run_dated_report


def _quarter(text: str) -> int:
    if text not in ("1", "2", "3", "4"):
        raise argparse.ArgumentTypeError(f"ogiltigt kvartal {text!r}: ange 1, 2, 3 eller 4")
    return int(text)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "momsersattning",
        help="momsersättning (lag 2005:807) per kvartal eller månad: ingående moms, "
        "ansökan, avstämning mot fordran och skattekonto (CSV, XLSX, HTML)",
        description=(
            "Listar per period (kvartal, eller månad om bokföringen säger det) den ingående "
            "moms som bokförts på fordringskontot för momsersättning, ersättningen att söka "
            "(hela kronor) och ansökningarna, och stämmer av dem mot fordran och "
            "skattekontot. En differens är ett fel med konto och belopp. Kontona anges med "
            'custom "momsersättning" (standard: konto 1650 och 1630). Se '
            "docs/reporting-pack.md."
        ),
    )
    add_report_arguments(parser, "reports/momsersattning-ÅR/", per_year=True)
    parser.add_argument("--kvartal", type=_quarter, metavar="N",
                        help="bara kvartal N (1–4) av året")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from finsam_accounts.claims import vat_refund, vat_report
    from finsam_accounts.ledger import Ledger
    from finsam_accounts.report import Report

    def build(ledger: Ledger) -> Report:
        books = ledger.books
        refund = vat_refund.compute(books, args.year, args.kvartal)
        return vat_report.report(refund)

    return run_dated_report(args, "momsersattning", build, "Momsersättningen")
