"""``finsam huvudbok ÅR``: every account of a year with its postings, for the auditors."""

from __future__ import annotations

import argparse
import datetime
from typing import TYPE_CHECKING

from finsam_accounts.cliparse import year
from finsam_accounts.commands.lists import add_parser, ledger_folder, run_list, subtitle
from finsam_accounts.ledger import Ledger

if TYPE_CHECKING:
    import pandas as pd

    from finsam_accounts.render.lists import AuditList

NAME = "huvudbok"


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_parser(
        sub,
        NAME,
        "huvudbok: varje konto med ingående balans, konteringar och utgående balans",
        "Skriver årets huvudbok: per konto (i kontonummerordning) ingående balans, varje "
        "kontering med datum, verifikationsnummer, text, debet, kredit och löpande saldo, "
        "och utgående balans. Intäkts- och kostnadskonton börjar varje år på noll; tidigare "
        "års resultat står på en egen rad. Som PDF (A4), HTML, XLSX och CSV.",
    )
    parser.add_argument("year", type=year, metavar="ÅR", help="räkenskapsåret, t.ex. 2019")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from finsam_accounts.audit.general_ledger import general_ledger
    from finsam_accounts.render.lists import AuditList

    def build(ledger: Ledger) -> AuditList:
        books = ledger.books
        table = general_ledger(books, args.year, ledger_folder(ledger))
        return AuditList(
            name=NAME,
            title=f"Huvudbok {args.year}",
            organisation=str(ledger.options.get("title") or ""),
            subtitle=subtitle(ledger, f"Räkenskapsår {args.year}"),
            table=table,
            stamp=datetime.date(args.year, 12, 31),
            heading_columns=("nr", "konto"),
            table_per_group=True,
            strong=balance_rows(table),
        )

    return run_list(args, NAME, str(args.year), build, args.year)


def balance_rows(table: pd.DataFrame) -> frozenset[int]:
    """The first (opening) and last (closing) row of every account."""
    accounts = list(zip(table["nr"], table["konto"], strict=True))
    return frozenset(
        i
        for i, key in enumerate(accounts)
        if i == 0 or i == len(accounts) - 1 or key not in (accounts[i - 1], accounts[i + 1])
    )
