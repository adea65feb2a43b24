"""``finsam check``: every error in the ledger, one line each, and a summary.

The ledger is loaded once through beancount's pipeline, so the errors are beancount's own
(syntax, balance, balance assertions) and ours from :mod:`finsam_accounts.plugin`. Then the
warnings from :func:`finsam_accounts.checks.ledger_warnings`, which do not fail the check.
Nothing is written to disk.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from finsam_accounts.checks import ledger_warnings
from finsam_accounts.commands.common import add_ledger_option
from finsam_accounts.ledger import Ledger, find_ledger, format_error, load
from finsam_accounts.plugin import declared_years, is_booked, year_list


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "check",
        add_help=False,
        help="kontrollera bokföringen och visa alla fel",
        description=(
            "Läser in bokföringen och visar varje fel på en rad (fil:rad: meddelande): "
            "beancounts egna fel (syntax, verifikationer som inte balanserar, saldokontroller) "
            "och förbundets konventioner (kontonummer, verksamhet, verifikationsnummer, "
            "räkenskapsår). Varningar visas men gör inte att kontrollen misslyckas. "
            "Slutstatus 1 om något fel finns, annars 0. Inget skrivs till disk."
        ),
    )
    parser._optionals.title = "flaggor"
    parser.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
    add_ledger_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path = find_ledger(args.ledger)
    problem = unreadable(path)
    if problem:
        print(f"finsam check: {problem}", file=sys.stderr)
        return 1
    try:
        ledger = load(path)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"finsam check: kan inte läsa {path}: {exc}", file=sys.stderr)
        return 1
    lines = error_lines(ledger.errors, ledger.path, path.absolute().parent)
    warnings = ledger_warnings(ledger)
    for line in lines:
        print(line, file=sys.stderr)
    for warning in warnings:
        print(f"varning: {warning}", file=sys.stderr)
    print(summary(ledger, len(lines), len(warnings)))
    return 1 if lines else 0


def unreadable(path: Path) -> str | None:
    """Why the ledger file cannot be read, in Swedish, or None."""
    if not path.exists():
        return f"filen {path} finns inte"
    if not path.is_file():
        return f"{path} är ingen fil"
    return None


def error_lines(errors: Iterable[Any], ledger_path: Path, base: Path) -> list[str]:
    """One ``file:line: message`` per error, in file and line order, without repeats.

    Errors without a real file (beancount's ``<load>``, e.g. a missing include or a plugin
    that cannot be imported) are shown at the main ledger file.
    """
    located = sorted((locate(error, ledger_path) for error in errors), key=error_position)
    return list(dict.fromkeys(format_error(error, base) for error in located))


def locate(error: Any, ledger_path: Path) -> Any:
    source = getattr(error, "source", None) or {}
    filename = str(source.get("filename") or "")
    if filename and not filename.startswith("<"):
        return error
    if not hasattr(error, "_replace"):
        return error
    main = str(ledger_path.absolute())
    return error._replace(source={"filename": main, "lineno": source.get("lineno", 0)})


def error_position(error: Any) -> tuple[str, int]:
    source = getattr(error, "source", None) or {}
    return str(source.get("filename", "")), int(source.get("lineno") or 0)


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
            year_list(checked_years(ledger, vouchers)),
        )
        if part
    )
    head = f"finsam check: inga fel, {warnings}" if warnings else "finsam check: inga fel"
    return f"{head} ({scope})"


def checked_years(ledger: Ledger, vouchers: Sequence[Any]) -> list[int]:
    """The declared fiscal years, or else the years the vouchers span."""
    declared, _ = declared_years(ledger.entries)
    if declared:
        return declared
    return sorted({entry.date.year for entry in vouchers})


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"
