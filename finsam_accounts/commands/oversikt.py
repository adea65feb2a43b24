"""`finsam oversikt ÅR`: five years at a glance, the year and the four before it."""

from __future__ import annotations

import argparse

from finsam_accounts.cliparse import year
from finsam_accounts.commands.common import add_ledger_option, load_or_report, print_errors

PROG = "finsam oversikt"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "oversikt",
        add_help=False,
        help="femårsöversikt: nyckeltalen för året och de fyra före (CSV, HTML, XLSX, SVG)",
        description=(
            "Femårsöversikten: medlemsavgifter, kostnader, resultat, eget kapital, trappans "
            "gräns och marginal, kostnader för insatser, deltagare och kostnad per deltagare "
            "för året och de fyra åren före, med diagram. År före bokföringen tas från "
            'custom "femårsöversikt" i bokföringen; det som saknas står tomt. Samma tabell '
            "finns i årsredovisningen. Se docs/reporting-pack.md."
        ),
    )
    parser._positionals.title = "argument"
    parser._optionals.title = "flaggor"
    parser.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
    parser.add_argument("year", type=year, metavar="ÅR", help="det sista året, t.ex. 2019")
    add_ledger_option(parser)
    parser.add_argument("--out", metavar="KATALOG",
                        help="katalogen att skriva till (standard: reports/oversikt-ÅR/)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from finsam_accounts.errors import ReportError
    from finsam_accounts.ledger import find_ledger
    from finsam_accounts.output import check_target, default_out
    from finsam_accounts.render.overview_chart import add_section
    from finsam_accounts.render.report import Report, write_report
    from finsam_accounts.yearly import overview

    target = args.out or default_out(args.ledger, f"oversikt-{args.year}")
    try:
        out = check_target(target, find_ledger(args.ledger), PROG, "--out")
    except ReportError as error:
        print_errors(error.errors)
        return 1
    ledger = load_or_report(args.ledger, PROG)
    if ledger is None:
        return 1
    try:
        columns = overview.overview(ledger.entries, ledger.options, args.year)
        report = Report(title=f"Femårsöversikt {columns[0].year}–{args.year}",
                        organisation=str(ledger.options.get("title") or ""), year=args.year,
                        name="oversikt")
        add_section(report, columns, inline=False)
        files = write_report(report, out)
    except ReportError as error:
        print_errors(error.errors, ledger.path.parent, PROG)
        return 1
    print(f"Femårsöversikten {args.year} finns i {target}/ ({len(files)} filer)")
    return 0
