"""`finsam medlemspaket ÅR`: per member its contribution, shares and balances at year end.

See docs/reporting-pack.md."""

from __future__ import annotations

import argparse

from finsam_accounts.commands.common import add_report_arguments, load_or_report, print_errors
from finsam_accounts.commands.progress import progress

PROG = "finsam medlemspaket"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "medlemspaket",
        help="underlag till medlemmarna: avgift, andel av resultat och eget kapital, "
        "mellanhavanden (PDF och XLSX per medlem, sammanställning)",
        description=(
            "Tar fram underlaget till varje medlem (staten, regionen, kommunerna) för deras "
            "sammanställda räkenskaper och fullmäktige: medlemsavgiften enligt nyckeln, "
            "fakturerad och inbetald, andelen av årets resultat och av eget kapital enligt "
            "avgiftsnyckeln (exakt i öre) och fordringar och skulder mellan förbundet och "
            "medlemmen vid årets slut. En PDF och en XLSX per medlem och en sammanställning "
            "(HTML, PDF, XLSX, CSV). Se docs/reporting-pack.md."
        ),
    )
    add_report_arguments(parser, "reports/medlemspaket-ÅR/", per_year=True)
    parser.set_defaults(func=run, typesets=True)  # a PDF: the typesetter is loaded ahead (cli.py)


def run(args: argparse.Namespace) -> int:
    from finsam_accounts.errors import ReportError
    from finsam_accounts.ledger import find_ledger
    from finsam_accounts.output import check_target, default_out
    from finsam_accounts.render.report import write_pack
    from finsam_accounts.yearly import member_report, members

    target = args.out or default_out(args.ledger, f"medlemspaket-{args.year}")
    try:
        out = check_target(target, find_ledger(args.ledger), PROG, "--out")
    except ReportError as error:
        print_errors(error.errors)
        return 1
    ledger = load_or_report(args.ledger, PROG)
    if ledger is None:
        return 1
    try:
        with progress(f"{PROG}: räknar fram och skriver medlemspaketet …"):
            pack = members.build(ledger.books, args.year)
            files = write_pack(*member_report.reports(pack), out)
    except ReportError as error:
        print_errors(error.errors, ledger.path.parent, PROG)
        return 1
    print(f"Medlemspaketet {args.year} finns i {target}/ ({len(pack.members)} medlemmar, "
          f"{len(files)} filer)")
    return 0
