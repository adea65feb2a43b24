"""What the three list commands share: arguments, loading, writing and the messages.

``finsam verifikationslista``, ``finsam huvudbok`` and ``finsam saldobalans`` each build one
:class:`~finsam_accounts.render.lists.AuditList` from a loaded ledger; this module loads the
ledger (refusing one with errors), writes the files and prints where they are.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from finsam_accounts.commands.common import add_ledger_option, load_or_report, print_errors
from finsam_accounts.errors import ReportError
from finsam_accounts.ledger import Ledger

if TYPE_CHECKING:  # the report libraries are imported when a list is written, not at start
    from finsam_accounts.render.lists import AuditList


def add_parser(
    sub: argparse._SubParsersAction, name: str, help_text: str, description: str
) -> argparse.ArgumentParser:
    """A subcommand parser with Swedish headings, --ledger and --out."""
    parser = sub.add_parser(name, help=help_text, description=description)
    add_ledger_option(parser)
    parser.add_argument(
        "--out",
        metavar="KATALOG",
        help=f"katalogen att skriva till (standard: reports/{name}-<period>/ bredvid "
        "bokföringens katalog)",
    )
    return parser


def run_list(
    args: argparse.Namespace, name: str, period: str, build: Callable[[Ledger], AuditList],
    year: int,
) -> int:
    """Load, build and write one list of ``year``; errors as ``file:line: message``, exit
    status 1. A year outside the books' fiscal years is refused, not listed empty."""
    from finsam_accounts.commands.progress import progress
    from finsam_accounts.ledger import find_ledger
    from finsam_accounts.money import format_sv
    from finsam_accounts.output import check_target, default_out
    from finsam_accounts.render.lists import write_list

    prog = f"finsam {name}"
    shown = Path(args.out) if args.out else default_out(args.ledger, f"{name}-{period}")
    try:
        # The target is checked before anything is computed (finsam_accounts.output).
        check_target(shown, find_ledger(args.ledger), prog, "--out")
    except ReportError as error:  # the message names the command and the option already
        print_errors(error.errors)
        return 1
    ledger = load_or_report(args.ledger, prog)
    if ledger is None:
        return 1
    years = ledger.fiscal_years
    if year not in years:
        span = ", ".join(str(y) for y in years) or "inga"
        print(f"{prog}: {period} ligger utanför bokföringens räkenskapsår ({span})",
              file=sys.stderr)
        return 1
    try:
        audit_list = build(ledger)
    except ReportError as error:
        print_errors(error.errors, ledger.path.parent, prog=prog)
        return 1
    if audit_list.table.empty:
        print(f"{prog}: bokföringen har inga verifikationer för {period}", file=sys.stderr)
        return 1
    out = shown
    rows = format_sv(Decimal(len(audit_list.table)))
    try:
        with progress(f"{prog}: skriver {rows} rader som HTML, PDF, XLSX och CSV …"):
            files = write_list(audit_list, out)
    except ReportError as error:
        print_errors(error.errors, prog=prog)
        return 1
    print(f"{audit_list.title} finns i {out}/ ({', '.join(p.name for p in files)})")
    return 0


def ledger_folder(ledger: Ledger) -> Path:
    """The folder file names in the lists are relative to: the main ledger file's."""
    return ledger.path.resolve().parent


def subtitle(ledger: Ledger, period: str) -> str:
    folder = ledger_folder(ledger).name
    return (
        f"{period}. Ur bokföringen {folder}/{ledger.path.name}; källa = fil:rad i "
        f"{folder}/. Belopp i kronor med öre, debet positivt."
    )
