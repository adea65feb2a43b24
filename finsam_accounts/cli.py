"""Command-line entry point: ``finsam <kommando>``.

Each subcommand lives in ``finsam_accounts/commands/<name>.py`` and exposes
``register(subparsers)``, which adds its parser and sets ``func(args) -> int``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from finsam_accounts.commands import (
    arsredovisning,
    bokslut,
    check,
    delarsrapport,
    huvudbok,
    insatser,
    medlemsavgifter,
    saldobalans,
    sie,
    specifikation,
    trappan,
    uppfoljning,
    verifikationslista,
)

COMMANDS = (
    check, arsredovisning, medlemsavgifter, trappan, uppfoljning, insatser, delarsrapport, sie,
    specifikation, verifikationslista, huvudbok, saldobalans, bokslut,
)


class _SwedishParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fel: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _SwedishParser(
        prog="finsam",
        description="Redovisning och budgetuppföljning för ett samordningsförbund.",
    )
    parser._positionals.title = "argument"
    parser._optionals.title = "flaggor"
    sub = parser.add_subparsers(title="kommandon", dest="command", metavar="KOMMANDO")
    sub.required = True
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.func(args)
    except BrokenPipeError:
        # `finsam trappan | head`: the reader has gone; stop quietly like other tools.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return result


if __name__ == "__main__":
    sys.exit(main())
