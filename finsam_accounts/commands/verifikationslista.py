"""``finsam verifikationslista ÅR``: every voucher of a year, for the auditors."""

from __future__ import annotations

import argparse
import datetime
from typing import TYPE_CHECKING

from finsam_accounts.cliparse import year
from finsam_accounts.commands.lists import add_parser, ledger_folder, run_list, subtitle
from finsam_accounts.ledger import Ledger

if TYPE_CHECKING:
    from finsam_accounts.render.lists import AuditList

NAME = "verifikationslista"


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_parser(
        sub,
        NAME,
        "verifikationslista: årets verifikationer i nummerordning per serie",
        "Skriver årets alla verifikationer i nummerordning per serie: datum, nummer, "
        "motpart, text, underlag, rättelser (korrigerar / korrigeras av), konteringar med "
        "kontonummer, konto, debet och kredit, och fil:rad där verifikationen står. "
        "Som PDF (A4), HTML, XLSX och CSV.",
    )
    parser.add_argument("year", type=year, metavar="ÅR", help="räkenskapsåret, t.ex. 2019")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from finsam_accounts.audit.voucher_list import voucher_list
    from finsam_accounts.render.lists import AuditList

    def build(ledger: Ledger) -> AuditList:
        books = ledger.books
        return AuditList(
            name=NAME,
            title=f"Verifikationslista {args.year}",
            organisation=str(ledger.options.get("title") or ""),
            subtitle=subtitle(ledger, f"Räkenskapsår {args.year}"),
            table=voucher_list(books, args.year, ledger_folder(ledger)),
            stamp=datetime.date(args.year, 12, 31),
            heading_columns=(
                "ver",
                "datum",
                "motpart",
                "text",
                "underlag",
                "korrigerar",
                "korrigeras av",
                "källa",
            ),
            keep_groups=True,
        )

    return run_list(args, NAME, str(args.year), build, args.year)
