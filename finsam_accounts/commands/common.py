"""Helpers shared by the subcommands: the --ledger option, loading the books, errors.

Every command loads the books through :func:`load_checked` (or :func:`load_or_report`),
so every command refuses the same books in the same order: a main file that does not
exist; files that cannot be read (:mod:`finsam_accounts.readable`); books that do not
enable the plugin with the förbund's rules (without it, no domain rule is applied and a
report could show wrong figures unnoticed); then beancount's and the plugin's errors.
File names in messages are relative to the ledger's folder, in every command.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from finsam_accounts.cliparse import year
from finsam_accounts.commands.progress import progress
from finsam_accounts.errors import FinsamError, ReportError, error_in, format_errors, plain_error
from finsam_accounts.ledger import DEFAULT_LEDGER, Ledger, find_ledger, load

PLUGIN = "finsam_accounts.plugin"


def add_ledger_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ledger",
        default=None,
        metavar="FIL",
        help=f"huvudfilen för bokföringen (standard: $FINSAM_LEDGER, annars {DEFAULT_LEDGER} "
        "i den här katalogen eller närmaste katalog ovanför som har en)",
    )


def load_checked(path: str | None, prog: str) -> tuple[Ledger | None, list[Any]]:
    """The loaded ledger (None if the main file cannot be read) and every error, in the
    order ``finsam check`` validates: readable files, the plugin enabled, the rest."""
    main = find_ledger(path)
    if not main.exists():
        return None, [
            plain_error(
                f"{prog}: --ledger: bokföringen {main} finns inte (ange --ledger FIL eller "
                "sätt FINSAM_LEDGER)"
            )
        ]
    if not main.is_file():
        return None, [plain_error(f"{prog}: --ledger: {main} är ingen fil")]
    with progress(f"{prog}: läser bokföringen {main.name} …"):
        ledger = load(main)
    if not ledger.options.get("include"):
        # No file was parsed: the books cannot be read (ledger.load), nothing else to check.
        return ledger, list(ledger.errors)
    missing = missing_plugin(ledger)
    return ledger, [*missing, *ledger.errors]


def missing_plugin(ledger: Ledger) -> list[FinsamError]:
    """An error if the main file does not enable the förbund's plugin."""
    enabled = [name for name, _ in ledger.options.get("plugin", [])]
    if PLUGIN in enabled:
        return []
    return [
        error_in(
            Path(ledger.path).absolute(),
            1,
            f'bokföringen slår inte på förbundets kontroller: lägg till raden plugin "{PLUGIN}" '
            f"i {Path(ledger.path).name} (efter option-raderna)",
        )
    ]


def load_or_report(path: str | None, prog: str = "finsam") -> Ledger | None:
    """Load the ledger; print every error as ``file:line: message`` and return None if any."""
    ledger, errors = load_checked(path, prog)
    if errors or ledger is None:
        print_errors(errors, ledger.path.parent if ledger else None)
        return None
    return ledger


def print_errors(
    errors: Iterable[Any], base: Path | None = None, prog: str | None = None
) -> None:
    """Every error on its own line, ``file:line: message`` (files relative to ``base``),
    in file and line order; an error without a place gets ``prog: `` in front."""
    errors = list(errors)
    placeless = {e.message for e in errors if not (getattr(e, "source", None) or {})}
    for line in format_errors(errors, base.absolute() if base else None):
        named = prog and line in placeless and not line.startswith(f"{prog}:")
        print(f"{prog}: {line}" if named else line, file=sys.stderr)


def print_report_error(error: ReportError, base: Path | None = None, prog: str = "") -> None:
    """A failed report: its headline (if any), then every problem on its own line."""
    if error.headline:
        print(f"{prog}: {error.headline}:" if prog else f"{error.headline}:", file=sys.stderr)
    print_errors(error.errors, base, prog or None)


def parse_date(text: str) -> datetime.date:
    """An ISO date argument (``2019-08-31``), with a Swedish message when it is not one."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"ogiltigt datum {text!r}: skriv ÅÅÅÅ-MM-DD, t.ex. 2019-08-31"
        ) from error


def add_report_arguments(
    parser: argparse.ArgumentParser, default_out: str, per_year: bool = False
) -> None:
    """DATUM (or ÅR for a yearly report), --ledger and --out of a report command, with
    Swedish help."""
    if per_year:
        parser.add_argument("year", type=year, metavar="ÅR", help="räkenskapsåret, t.ex. 2019")
    else:
        parser.add_argument("date", type=parse_date, metavar="DATUM", help="t.ex. 2019-08-31")
    add_ledger_option(parser)
    parser.add_argument(
        "--out", metavar="KATALOG", help=f"katalogen att skriva till (standard: {default_out})"
    )


def add_tkr_option(parser: argparse.ArgumentParser) -> None:
    """``--tkr``: every table of a board document in thousands of kronor."""
    parser.add_argument(
        "--tkr", dest="unit", action="store_const", const="tkr", default=None,
        help="alla belopp i tusental kronor (standard: specifikationens enhet per tabell, "
             "kronor utom driftsredovisningens rader)",
    )


def run_dated_report(
    args: argparse.Namespace, name: str, build: Any, done: str
) -> int:
    """The shared run of a report at a date (``uppfoljning``, ``insatser``,
    ``delarsrapport``) or for a year (``oversikt``, ``uppfoljning-finsam``): the target
    checked before anything is computed, the books loaded, ``build(ledger) -> Report``
    written atomically, every problem one Swedish line."""
    from finsam_accounts.output import check_target, default_out
    from finsam_accounts.render.report import write_report

    prog = f"finsam {name}"
    when = args.year if "year" in args else args.date
    target = Path(args.out) if args.out else default_out(args.ledger, f"{name}-{when}")
    try:
        out = check_target(target, find_ledger(args.ledger), prog, "--out")
    except ReportError as error:  # the message names the command and the option already
        print_errors(error.errors)
        return 1
    ledger = load_or_report(args.ledger, prog)
    if ledger is None:
        return 1
    base = ledger.path.parent
    try:
        with progress(f"{prog}: räknar fram och skriver rapporten …"):
            files = write_report(build(ledger), out)
    except ReportError as error:
        print_report_error(error, base, prog)
        return 1
    print(f"{done} {when} finns i {target}/ ({len(files)} filer)")
    return 0
