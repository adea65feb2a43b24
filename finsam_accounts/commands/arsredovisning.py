"""`finsam arsredovisning YEAR`: the annual report as PDF and HTML, its tables as XLSX and CSV."""

from __future__ import annotations

import argparse
import sys

from finsam_accounts.cliparse import year
from finsam_accounts.commands.common import add_ledger_option, load_or_report, print_report_error
from finsam_accounts.commands.progress import progress
from finsam_accounts.output import check_target, default_out

PROG = "finsam arsredovisning"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "arsredovisning",
        help="ta fram årsredovisningen (PDF, HTML, XLSX, CSV)",
        description=(
            "Tar fram årsredovisningen ur bokföringen: förvaltningsberättelse (texten i "
            "forvaltningsberattelse-ÅR.md bredvid bokföringen, med beloppen ifyllda), "
            "driftsredovisning, resultaträkning, balansräkning, kassaflödesanalys, "
            "redovisningsprinciper, noter, sammanställning över utfall och budget och "
            "styrelsens underskrifter. Räkenskaperna stäms av och skrivs som PDF, "
            "utskriftsvänlig HTML, XLSX och en CSV-fil per tabell."
        ),
    )
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
    parser.set_defaults(func=run, typesets=True)  # a PDF: the typesetter is loaded ahead (cli.py)


def run(args: argparse.Namespace) -> int:
    from finsam_accounts import trappan
    from finsam_accounts.annual.document import assemble
    from finsam_accounts.annual.headings import absent, warnings
    from finsam_accounts.errors import ReportError
    from finsam_accounts.ledger import find_ledger
    from finsam_accounts.render.overview_chart import add_overview
    from finsam_accounts.render.report import write_report
    from finsam_accounts.statements.annual_report import annual, report_of
    from finsam_accounts.statements.spec import load_spec

    # The target is checked before anything is computed (finsam_accounts.output).
    target = args.out or default_out(args.ledger, str(args.year))
    out = check_target(target, find_ledger(args.ledger), PROG, "--out")
    ledger = load_or_report(args.ledger, PROG)
    if ledger is None:
        return 1
    try:
        with progress(f"{PROG}: räknar fram och skriver årsredovisningen …"):
            # No board document from a placeholder trappan (docs/contributions-trappan.md).
            books = ledger.books
            trappan.refuse_placeholders(books, args.year)
            spec = load_spec(args.spec) if args.spec else None
            result = annual(spec, books, args.year)
            report = report_of(result, books)
            add_overview(report, books, args.year, result.figures)
            document = assemble(
                books, args.year, ledger.path.parent, result.frames(),
                result.figures, result.spec,
            )
            files = write_report(report, out, document=document)
    except ReportError as error:
        print_report_error(error, ledger.path.parent, PROG)
        return 1
    for warning in [*absent(ledger.path.parent, args.year),
                    *warnings(ledger.path.parent, [args.year])]:
        print(f"varning: {warning}", file=sys.stderr)
    shown = args.out or default_out(args.ledger, str(args.year))
    names = ", ".join(path.name for path in files[:3])
    print(f"Årsredovisningen {args.year} finns i {shown}/ ({names}, …; {len(files)} filer)")
    return 0
