"""`finsam arsredovisning YEAR`: the annual statements as CSV, HTML and XLSX."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from finsam_accounts.cliparse import year
from finsam_accounts.commands.common import add_ledger_option, load_or_report, print_errors
from finsam_accounts.output import check_target

PROG = "finsam arsredovisning"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "arsredovisning",
        help="ta fram årsredovisningens räkenskaper (CSV, HTML, XLSX)",
        description=(
            "Tar fram driftsredovisning, resultaträkning, balansräkning, kassaflödesanalys, "
            "noter och sammanställning över utfall och budget ur bokföringen, stämmer av "
            "dem och skriver dem som CSV, en utskriftsvänlig HTML-fil och en XLSX-fil."
        ),
    )
    parser._positionals.title = "argument"
    parser._optionals.title = "flaggor"
    parser.add_argument("year", type=year, metavar="ÅR", help="räkenskapsåret, t.ex. 2019")
    add_ledger_option(parser)
    parser.add_argument(
        "--out",
        metavar="KATALOG",
        help="katalogen att skriva till (standard: reports/ÅR/)",
    )
    parser.add_argument(
        "--spec",
        metavar="FIL",
        help="specifikationen för räkenskaperna (standard: den bokföringen anger med "
        'custom "finsam-specifikation", annars den medföljande för samordningsförbund)',
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from finsam_accounts.errors import ReportError
    from finsam_accounts.ledger import find_ledger
    from finsam_accounts.render.report import write_report
    from finsam_accounts.statements.annual_report import build
    from finsam_accounts.statements.spec import SpecError, load_spec

    # The target is checked before anything is computed (finsam_accounts.output).
    out = check_target(
        args.out or Path("reports") / str(args.year), find_ledger(args.ledger), PROG, "--out"
    )
    ledger = load_or_report(args.ledger, PROG)
    if ledger is None:
        return 1
    try:
        spec = load_spec(args.spec) if args.spec else None
        report = build(spec, ledger.entries, ledger.options, args.year)
        files = write_report(report, out)
    except SpecError as error:
        print(f"{PROG}: --spec: {error}", file=sys.stderr)
        return 1
    except ReportError as error:
        if error.headline:
            print(f"fel: {error.headline}:", file=sys.stderr)
        print_errors(error.errors, ledger.path.parent, PROG)
        return 1
    shown = args.out or Path("reports") / str(args.year)
    names = ", ".join(path.name for path in files[:3])
    print(f"Årsredovisningen {args.year} finns i {shown}/ ({names}, …; {len(files)} filer)")
    return 0
