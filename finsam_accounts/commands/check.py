"""`finsam check` (placeholder until its issue lands)."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("check", help="(ännu inte byggt)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    print("finsam check: ännu inte byggt", file=sys.stderr)
    return 2
