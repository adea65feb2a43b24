"""``finsam reskontra DATUM``: customer and supplier invoices open at a date.

Prints the open items (due date, days overdue, what is left) and the payments that match
no open item, and writes the same list as PDF, HTML, XLSX and CSV
(:func:`finsam_accounts.render.lists.write_list`). The items: :mod:`finsam_accounts.reskontra`.
"""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from finsam_accounts.commands.common import load_or_report, parse_date, print_errors
from finsam_accounts.commands.lists import add_parser, subtitle
from finsam_accounts.errors import ReportError
from finsam_accounts.ledger import Ledger, find_ledger
from finsam_accounts.money import format_sv_ore
from finsam_accounts.reskontra import CUSTOMER, Reskontra, open_items

if TYPE_CHECKING:
    import pandas as pd


NAME = "reskontra"
PROG = f"finsam {NAME}"
KIND_LABEL = {CUSTOMER: "kundfaktura", "leverantör": "leverantörsfaktura"}
KIND_HEADING = {CUSTOMER: "Kundfakturor:", "leverantör": "Leverantörsfakturor:"}
COLUMNS = [
    "reskontra", "motpart", "faktura", "ver", "fakturadatum", "förfaller", "dagar sen",
    "belopp", "betalt", "kvar",
]


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_parser(
        sub,
        NAME,
        "reskontra: kund- och leverantörsfakturor som är obetalda vid ett datum",
        "Visar kundfakturor (kundfordringar, konto 15xx) och leverantörsfakturor "
        "(leverantörsskulder, konto 244x) som är obetalda vid DATUM, med förfallodag och "
        "antal dagar efter förfallodagen, och betalningar som inte hör till någon öppen "
        "faktura. Faktura och betalning hör ihop genom metadata faktura (docs/bank.md). "
        "Skrivs också som PDF, HTML, XLSX och CSV.",
    )
    parser.add_argument("date", type=parse_date, metavar="DATUM", help="t.ex. 2019-08-31")
    parser.set_defaults(func=run)


def table(result: Reskontra) -> pd.DataFrame:
    """One row per open item, then one per payment without an open item (kvar < 0)."""
    import pandas as pd

    rows = [
        [KIND_LABEL[i.kind], i.payee, i.ref or "", i.voucher, i.date, i.due,
         i.overdue(result.date), i.amount, i.paid, i.remaining]
        for i in result.items
    ]
    rows += [
        ["betalning utan öppen faktura", u.movement.payee, u.movement.ref or "",
         u.movement.voucher, u.movement.date, None, None, None, u.amount, -u.amount]
        for u in result.unmatched
    ]
    return pd.DataFrame(rows, columns=COLUMNS, dtype=object)


def text_lines(result: Reskontra) -> list[str]:
    """The terminal view: one line per row, totals per ledger."""
    lines = [f"Reskontra {result.date.isoformat()}"]
    if not result.items and not result.unmatched:
        return [*lines, "Inga öppna fakturor."]
    for kind in (CUSTOMER, "leverantör"):
        items = [i for i in result.items if i.kind == kind]
        if not items:
            continue
        lines.append(KIND_HEADING[kind])
        for i in items:
            late = i.overdue(result.date)
            lines.append(
                f"  {i.voucher:<6} {i.ref or '–':<12} {i.payee[:30]:<30} förfaller "
                f"{i.due.isoformat()}{f' ({late} dagar sen)' if late else ''}  "
                f"kvar {format_sv_ore(i.remaining)}"
            )
        total = sum((i.remaining for i in items), start=Decimal(0))
        lines.append(f"  Summa {format_sv_ore(total)}")
    if result.unmatched:
        lines.append("Betalningar utan öppen faktura:")
        for u in result.unmatched:
            lines.append(
                f"  {u.movement.voucher:<6} {u.movement.date.isoformat()} "
                f"{u.movement.payee[:30]:<30} {format_sv_ore(u.amount)}"
            )
    return lines


def run(args: argparse.Namespace) -> int:
    from finsam_accounts.output import check_target, default_out
    from finsam_accounts.render.lists import AuditList, write_list

    date = args.date
    out = Path(args.out) if args.out else default_out(args.ledger, f"{NAME}-{date}")
    try:
        check_target(out, find_ledger(args.ledger), PROG, "--out")
    except ReportError as error:
        print_errors(error.errors)
        return 1
    ledger: Ledger | None = load_or_report(args.ledger, PROG)
    if ledger is None:
        return 1
    result = open_items(ledger.books, date)
    audit_list = AuditList(
        name=NAME,
        title=f"Reskontra {date.isoformat()}",
        organisation=str(ledger.options.get("title") or ""),
        subtitle=subtitle(ledger, f"Obetalda fakturor vid {date.isoformat()}"),
        table=table(result),
        stamp=date,
    )
    for line in text_lines(result):
        print(line)
    try:
        files = write_list(audit_list, out)
    except ReportError as error:
        print_errors(error.errors, prog=PROG)
        return 1
    print(f"Reskontran finns i {out}/ ({', '.join(p.name for p in files)})", file=sys.stdout)
    return 0
