"""Helpers shared by the subcommands: the --ledger option and error printing."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from finsam_accounts.ledger import DEFAULT_LEDGER, Ledger, load


def add_ledger_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ledger",
        default=str(DEFAULT_LEDGER),
        metavar="FIL",
        help=f"huvudfilen för bokföringen (standard: {DEFAULT_LEDGER})",
    )


def load_or_report(path: str) -> Ledger | None:
    """Load the ledger; print every error as ``file:line: message`` and return None if any."""
    if not Path(path).is_file():
        print(f"{path}:0: filen finns inte", file=sys.stderr)
        return None
    ledger = load(path)
    if ledger.errors:
        print_errors(ledger.errors)
        return None
    return ledger


def print_errors(errors: Iterable[Any], base: Path | None = None) -> None:
    """Every error on its own line, ``file:line: message`` (files relative to ``base``)."""
    from finsam_accounts.errors import format_errors

    for line in format_errors(errors, base.absolute() if base else None):
        print(line, file=sys.stderr)
