"""`finsam esf AKTIVITET PERIOD`: an ESF claim (ansökan om utbetalning) for a project."""

from __future__ import annotations

import argparse
import datetime
import re
import sys

from finsam_accounts.commands.common import add_ledger_option, load_or_report, print_errors
from finsam_accounts.periods import ONE_DAY, Period

PROG = "finsam esf"
PERIOD_RE = re.compile(
    r"^(?P<year>[0-9]{4})(?:-(?:Q(?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2])))?$")
PERIOD_HELP = "2019, 2019-Q1, 2019-03 eller 2019-01-01..2019-06-30"
CODE_RE = re.compile(r"^[A-Za-z0-9ÅÄÖåäö_-]{1,40}$")


def activity_code(text: str) -> str:
    """A verksamhet's code: letters, digits, - and _ (it names the output folder)."""
    if CODE_RE.match(text) is None:
        raise argparse.ArgumentTypeError(
            f"ogiltig kod {text!r}: skriv verksamhetens kod, t.ex. HFE")
    return text


def parse_period(text: str) -> Period:
    """A claim period: a year, a quarter, a month or two dates."""
    match = PERIOD_RE.match(text)
    try:
        if match is not None:
            year = int(match["year"])
            if match["quarter"]:
                first = datetime.date(year, 3 * int(match["quarter"]) - 2, 1)
                months = 3
            elif match["month"]:
                first, months = datetime.date(year, int(match["month"]), 1), 1
            else:
                first, months = datetime.date(year, 1, 1), 12
            month = first.month - 1 + months
            stop = datetime.date(first.year + month // 12, month % 12 + 1, 1)
            return Period(first, stop - ONE_DAY)
        start, sep, end = text.partition("..")
        if sep:
            return Period(datetime.date.fromisoformat(start), datetime.date.fromisoformat(end))
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"ogiltig period {text!r}: skriv {PERIOD_HELP}")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "esf",
        help="ESF-ansökan om utbetalning för ett projekt: kostnader per kostnadsslag med "
        "schablon 15 %% eller 40 %% (CSV, XLSX, HTML)",
        description=(
            "Tar fram underlaget till en ansökan om utbetalning från Svenska ESF-rådet för "
            "ett projekt som redovisas som egen verksamhet: kostnaderna under perioden per "
            "kostnadsslag (personal, resor, utrustning och lokaler, extern sakkunskap, "
            "indirekta kostnader som schablon 15 % eller övriga kostnader som 40 % av "
            'personalkostnaderna). Projektet anges med custom "esf-projekt", kontonas '
            'kostnadsslag med custom "esf-kategori". Se docs/reporting-pack.md.'
        ),
    )
    parser.add_argument("activity", type=activity_code, metavar="AKTIVITET",
                        help="projektets kod, t.ex. HFE")
    parser.add_argument("period", type=parse_period, metavar="PERIOD", help=PERIOD_HELP)
    add_ledger_option(parser)
    parser.add_argument("--out", metavar="KATALOG",
                        help="katalogen att skriva till (standard: reports/esf-KOD-FRÅN-TILL/)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from finsam_accounts.claims import esf_claim, esf_report
    from finsam_accounts.errors import ReportError
    from finsam_accounts.ledger import find_ledger
    from finsam_accounts.output import check_target, default_out
    from finsam_accounts.render.report import write_report

    period: Period = args.period
    name = f"esf-{args.activity}-{period.start}-{period.end}"
    try:
        target = args.out or default_out(args.ledger, name)
        out = check_target(target, find_ledger(args.ledger), PROG, "--out")
    except ReportError as error:
        print_errors(error.errors)
        return 1
    ledger = load_or_report(args.ledger, PROG)
    if ledger is None:
        return 1
    try:
        claim = esf_claim.compute(ledger.books, args.activity, period)
        files = write_report(esf_report.report(claim), out)
    except ReportError as error:
        if error.headline:
            print(f"{PROG}: {error.headline}:", file=sys.stderr)
        print_errors(error.errors, ledger.path.parent, PROG)
        return 1
    print(f"ESF-ansökan {args.activity} {period.label} finns i {target}/ ({len(files)} filer)")
    return 0
