"""`finsam uppfoljning DATUM`: the budget follow-up at a date, as CSV, HTML, XLSX and SVG."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from finsam_accounts import books as books_module
from finsam_accounts.budget import BudgetError
from finsam_accounts.commands.common import add_report_arguments, load_or_report, print_errors
from finsam_accounts.errors import ReportError, error_in
from finsam_accounts.output import default_out
from finsam_accounts.statements.spec import SpecError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "uppfoljning",
        add_help=False,
        help="budgetuppföljning vid ett datum, med helårsprognos (CSV, HTML, XLSX)",
        description=(
            "Budgetuppföljning för räkenskapsåret som innehåller DATUM: per rad i "
            "sammanställningen över utfall och budget årsbudget (antagen och reviderad), "
            "budget t.o.m. datumet, utfall t.o.m. datumet, avvikelse, förbrukad andel, "
            "helårsprognos och prognosavvikelse; därunder prognos per verksamhet, eget "
            "kapital mot trappan, insatserna och ett diagram per verksamhet."
        ),
    )
    add_report_arguments(parser, "reports/uppfoljning-DATUM/")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Report libraries (pandas, jinja2) only when the command runs: `finsam --help` stays quick.
    from finsam_accounts.followup.report import build
    from finsam_accounts.render.report import write_report

    ledger = load_or_report(args.ledger)
    if ledger is None:
        return 1
    out = Path(args.out) if args.out else default_out(args.ledger, f"uppfoljning-{args.date}")
    try:
        books = books_module.of(ledger.entries, ledger.options)
        report = build(ledger.entries, books, args.date)
        files = write_report(report, out)
    except BudgetError as error:
        print_errors(
            [error_in(error.source["filename"], error.source["lineno"], error.message)],
            ledger.path.parent,
        )
        return 1
    except SpecError as error:
        print(f"fel: {error}", file=sys.stderr)
        return 1
    except ReportError as error:
        print_errors(error.errors, ledger.path.parent)
        return 1
    print(f"Budgetuppföljningen {args.date} finns i {out}/ ({len(files)} filer)")
    return 0
