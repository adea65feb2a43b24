"""``finsam attest DATUM``: the vouchers that lack attest, and who may give it.

Lists the vouchers dated from ``custom "attest-från"`` up to DATUM (``--år``: only that
year's) that lack an attest the attestordning asks for, with the attestants who may give
each missing one on DATUM (:mod:`finsam_accounts.attest.vouchers`). Exit status 0 whether
or not something is unattested: the list is a to-do list, not a check.
"""

from __future__ import annotations

import argparse
import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from finsam_accounts.cliparse import year
from finsam_accounts.commands.common import add_ledger_option, load_or_report, parse_date
from finsam_accounts.conventions import META_VOUCHER

PROG = "finsam attest"
NONE = "ingen i attestordningen"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "attest",
        help="verifikationer som saknar attest, och vem som får attestera dem",
        description=(
            "Visar verifikationerna till och med DATUM som saknar beslutsattest eller "
            "granskningsattest enligt attestordningen (custom \"attestant\", krav från "
            "custom \"attest-från\"), och vem som får ge varje attest den dagen. "
            "Slutstatus 0 också när något saknar attest."
        ),
    )
    parser.add_argument("date", type=parse_date, metavar="DATUM", help="t.ex. 2019-03-31")
    parser.add_argument("--år", "--ar", dest="year", type=year, metavar="ÅR",
                        help="bara verifikationerna från det räkenskapsåret")
    add_ledger_option(parser)
    parser.set_defaults(func=run)


def lines(entries: Sequence[Any], options: Mapping[str, Any], date: datetime.date,
          only_year: int | None) -> list[str]:
    """The terminal table (Swedish)."""
    from finsam_accounts import domain
    from finsam_accounts.attest.vouchers import unattested
    from finsam_accounts.money import format_sv_ore

    entries = entries if isinstance(entries, list) else list(entries)  # one list: parsed once
    books = domain.of(entries, options)
    ordning = books.attest
    if ordning.start is None or not ordning.required_roles:
        return ["Bokföringen kräver ingen attest: den har ingen attestordning "
                '(custom "attestant") med ett startdatum (custom "attest-från").']
    scope = f" {only_year}" if only_year is not None else ""
    found = unattested(books, date, only_year)
    if not found:
        return [f"Alla verifikationer{scope} till och med {date} är attesterade "
                f"(attest krävs från {ordning.start})."]
    head = (f"Verifikationer{scope} utan attest till och med {date} "
            f"(attest krävs från {ordning.start}):")
    rows = [("ver", "datum", "belopp", "text", "saknar", "får attesteras av")]
    for item in found:
        entry = item.entry
        text = (entry.narration or entry.payee or "")[:30]
        for index, role in enumerate(item.missing):
            names = ", ".join(item.candidates[role]) or NONE
            first = index == 0
            rows.append((
                str((entry.meta or {}).get(META_VOUCHER) or "") if first else "",
                entry.date.isoformat() if first else "",
                format_sv_ore(item.amount) if first else "",
                text if first else "", role, names))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    table = []
    for row in rows:
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1]), row[2].rjust(widths[2]),
                 row[3].ljust(widths[3]), row[4].ljust(widths[4]), row[5]]
        table.append("  ".join(cells).rstrip())
    total = sum((item.amount for item in found), start=found[0].amount * 0)
    count = f"{len(found)} verifikation" if len(found) == 1 else f"{len(found)} verifikationer"
    return [head, *table, f"Summa: {count}, {format_sv_ore(total)} kr"]


def run(args: argparse.Namespace) -> int:
    ledger = load_or_report(args.ledger, PROG)
    if ledger is None:
        return 1
    for line in lines(ledger.entries, ledger.options, args.date, args.year):
        print(line)
    return 0
