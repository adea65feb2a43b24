"""``finsam saldobalans DATUM``: the trial balance at a date, for the auditors."""

from __future__ import annotations

import argparse
import datetime
from typing import TYPE_CHECKING

from finsam_accounts.commands.lists import add_parser, run_list, subtitle
from finsam_accounts.ledger import Ledger

if TYPE_CHECKING:
    from finsam_accounts.render.lists import AuditList

NAME = "saldobalans"


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_parser(
        sub,
        NAME,
        "saldobalans: ingående balans, periodens förändring och utgående balans per konto",
        "Skriver saldobalansen per DATUM: för varje konto ingående balans vid "
        "räkenskapsårets början, förändringen från årets början till och med DATUM och "
        "utgående balans. Summorna är noll; är de inte det skrivs ingenting. "
        "Som PDF (A4), HTML, XLSX och CSV.",
    )
    parser.add_argument("date", type=iso_date, metavar="DATUM", help="t.ex. 2019-12-31")
    parser.set_defaults(func=run)


def iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"ogiltigt datum: {text!r} (skriv ÅÅÅÅ-MM-DD, t.ex. 2019-12-31)"
        ) from None


def run(args: argparse.Namespace) -> int:
    from finsam_accounts.audit.trial_balance import trial_balance
    from finsam_accounts.render.lists import AuditList

    date: datetime.date = args.date

    def build(ledger: Ledger) -> AuditList:
        table = trial_balance(ledger.books, date)
        return AuditList(
            name=NAME,
            title=f"Saldobalans {date.isoformat()}",
            organisation=str(ledger.options.get("title") or ""),
            subtitle=subtitle(
                ledger, f"Perioden {date.replace(month=1, day=1).isoformat()} – {date.isoformat()}"
            ),
            table=table,
            stamp=date,
            strong=frozenset({len(table) - 1}),
        )

    return run_list(args, NAME, date.isoformat(), build, date.year)
