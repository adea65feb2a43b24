"""Helpers shared by the subcommands: the --ledger option and error printing."""

from __future__ import annotations

import argparse
import datetime
import sys
from collections.abc import Iterable
from typing import Any

from finsam_accounts.ledger import DEFAULT_LEDGER, Ledger, format_error, load


def add_ledger_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ledger",
        default=str(DEFAULT_LEDGER),
        metavar="FIL",
        help=f"huvudfilen för bokföringen (standard: {DEFAULT_LEDGER})",
    )


def load_or_report(path: str) -> Ledger | None:
    """Load the ledger; print every error as ``file:line: message`` and return None if any."""
    from pathlib import Path

    if not Path(path).is_file():
        print(f"{path}:0: filen finns inte", file=sys.stderr)
        return None
    ledger = load(path)
    if ledger.errors:
        print_errors(ledger.errors)
        return None
    return ledger


def print_errors(errors: Iterable[Any]) -> None:
    for error in errors:
        print(format_error(error), file=sys.stderr)


def parse_date(text: str) -> datetime.date:
    """An ISO date argument (``2019-08-31``), with a Swedish message when it is not one."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"ogiltigt datum {text!r}: skriv ÅÅÅÅ-MM-DD, t.ex. 2019-08-31"
        ) from error


def add_report_arguments(parser: argparse.ArgumentParser, default_out: str) -> None:
    """DATUM, --ledger and --out of a report command, with Swedish help."""
    parser._positionals.title = "argument"
    parser._optionals.title = "flaggor"
    parser.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
    parser.add_argument("date", type=parse_date, metavar="DATUM", help="t.ex. 2019-08-31")
    add_ledger_option(parser)
    parser.add_argument(
        "--out", metavar="KATALOG", help=f"katalogen att skriva till (standard: {default_out})"
    )
