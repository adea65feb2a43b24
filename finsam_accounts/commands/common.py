"""Helpers shared by the subcommands: the --ledger option and error printing."""

from __future__ import annotations

import argparse
import datetime
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from finsam_accounts.ledger import DEFAULT_LEDGER, Ledger, find_ledger, load


def add_ledger_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ledger",
        default=None,
        metavar="FIL",
        help=f"huvudfilen för bokföringen (standard: $FINSAM_LEDGER, annars {DEFAULT_LEDGER} "
        "i den här katalogen eller närmaste katalog ovanför som har en)",
    )


def load_or_report(path: str | None) -> Ledger | None:
    """Load the ledger; print every error as ``file:line: message`` and return None if any.

    File names in messages are relative to the ledger's folder, in every command."""
    ledger_file = find_ledger(path)
    if not ledger_file.is_file():
        print(f"finsam: bokföringen {ledger_file} finns inte (ange --ledger FIL eller "
              "sätt FINSAM_LEDGER)", file=sys.stderr)
        return None
    ledger = load(ledger_file)
    if ledger.errors:
        print_errors(ledger.errors, ledger_file.parent)
        return None
    return ledger


def print_errors(errors: Iterable[Any], base: Path | None = None) -> None:
    """Every error on its own line, ``file:line: message`` (files relative to ``base``)."""
    from finsam_accounts.errors import format_errors

    for line in format_errors(errors, base.absolute() if base else None):
        print(line, file=sys.stderr)


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
