"""`finsam medlemsavgifter` (placeholder until its issue lands)."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("medlemsavgifter", help="(ännu inte byggt)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    print("finsam medlemsavgifter: ännu inte byggt", file=sys.stderr)
    return 2
