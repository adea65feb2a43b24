"""``finsam check``: every error in the ledger, one line each, and a summary.

The ledger is loaded once (:func:`finsam_accounts.commands.common.load_checked`): first
whether every file can be read, then whether the plugin is enabled, then beancount's own
errors (syntax, balance, balance assertions) and ours from :mod:`finsam_accounts.plugin`.
Only books without errors get the warnings from
:func:`finsam_accounts.checks.ledger_warnings`, which do not fail the check. Nothing is
written beside the books (the load cache lives in the user's cache folder).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from finsam_accounts import expected_locks
from finsam_accounts.checks import ledger_warnings
from finsam_accounts.commands.common import add_ledger_option, load_checked
from finsam_accounts.conventions import is_booked
from finsam_accounts.errors import format_errors
from finsam_accounts.ledger import Ledger
from finsam_accounts.numbering import current_year, format_numbers, next_numbers
from finsam_accounts.plugin import year_list

PROG = "finsam check"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "check",
        help="kontrollera bokföringen och visa alla fel",
        description=(
            "Läser in bokföringen och visar varje fel på en rad (fil:rad: meddelande): "
            "beancounts egna fel (syntax, verifikationer som inte balanserar, saldokontroller) "
            "och förbundets konventioner (kontonummer, verksamhet, verifikationsnummer, "
            "räkenskapsår). Varningar visas men gör inte att kontrollen misslyckas. "
            "Slutstatus 1 om något fel finns, annars 0. Inget skrivs i bokföringens katalog "
            "(inläsningen sparas i ~/.cache/finsam; FINSAM_CACHE=0 stänger av det)."
        ),
    )
    parser.add_argument(
        "--förväntad", "--forvantad", dest="expected", action="append", default=[],
        type=expected_locks.parse, metavar="ÅR=sha256:…",
        help=("kontrollsumman som antecknades när året låstes (finsam bokslut skriver ut "
              "den); fel om bokföringens lås har en annan; kan anges flera gånger"))
    parser.add_argument(
        "--förväntad-fil", "--forvantad-fil", dest="expected_file", metavar="FIL",
        help="en fil med en rad ÅR=sha256:… per låst år, förvarad utanför bokföringen")
    add_ledger_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # The order matters (docs/ledger.md, section 8): readable files, then the plugin
    # enabled, then beancount's and the plugin's errors; warnings only on books without
    # errors (computing them on broken books would mislead, or fail).
    ledger, errors = load_checked(args.ledger, PROG)
    errors = [*errors, *lock_errors(ledger, errors, args)]
    # File names relative to the ledger's folder, as in every command.
    lines = format_errors(errors, ledger.path.absolute().parent if ledger else None)
    warnings = [] if lines or ledger is None else ledger_warnings(ledger)
    for line in lines:
        print(line, file=sys.stderr)
    for warning in warnings:
        print(f"varning: {warning}", file=sys.stderr)
    if ledger is None:
        return 1
    print(summary(ledger, len(lines), len(warnings)))
    return 1 if lines else 0


def lock_errors(ledger: Ledger | None, found: list[Any], args: argparse.Namespace) -> list[Any]:
    """The recorded digests against the locks, and (on books without other errors) each
    locked year's report figures against its manifest."""
    from pathlib import Path

    from finsam_accounts.render.locked_figures import figure_errors

    expected = list(args.expected)
    problems: list[Any] = []
    if args.expected_file:
        more, problems = expected_locks.read_file(Path(args.expected_file))
        expected += more
    if ledger is None or not ledger.options.get("include"):
        return problems
    locks = ledger.books.locks
    problems += expected_locks.errors(locks, expected, Path(ledger.path).absolute())
    if not found:
        problems += figure_errors(ledger.entries, ledger.options)
    return problems


def summary(ledger: Ledger, error_count: int, warning_count: int) -> str:
    """The last line: how many errors, or that there are none and what was checked."""
    warnings = plural(warning_count, "varning", "varningar") if warning_count else ""
    if error_count:
        tail = f", {warnings}" if warnings else ""
        return f"finsam check: {error_count} fel i {ledger.path}{tail}"
    vouchers = [e for e in ledger.transactions if is_booked(e)]
    scope = ", ".join(
        part
        for part in (
            plural(len(vouchers), "verifikation", "verifikationer"),
            year_list(list(ledger.books.fiscal_years)),
        )
        if part
    )
    head = f"finsam check: inga fel, {warnings}" if warnings else "finsam check: inga fel"
    return f"{head} ({scope}{next_free(ledger)})"


def next_free(ledger: Ledger) -> str:
    """``; nästa nr 2019: A47 B200``: the next free numbers of the current year."""
    year = current_year(ledger.books)
    numbers = next_numbers(ledger.books, year) if year is not None else {}
    return f"; nästa nr {year}: {format_numbers(numbers)}" if numbers else ""


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"
