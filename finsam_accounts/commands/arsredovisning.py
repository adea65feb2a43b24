"""`finsam arsredovisning YEAR`: the annual statements as CSV, HTML and XLSX."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from finsam_accounts.annual.document import assemble
from finsam_accounts.budget import BudgetError
from finsam_accounts.commands.common import add_ledger_option, load_or_report, print_errors
from finsam_accounts.errors import ReportError
from finsam_accounts.render.report import write_report
from finsam_accounts.statements.annual_report import NoTransactionsError, build, statements
from finsam_accounts.statements.engine import StatementError
from finsam_accounts.statements.reconcile import ReconciliationError
from finsam_accounts.statements.spec import DEFAULT_SPEC, SpecError, load_spec


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
    parser._positionals.title = "argument"
    parser._optionals.title = "flaggor"
    parser.add_argument("year", type=int, metavar="ÅR", help="räkenskapsåret, t.ex. 2019")
    add_ledger_option(parser)
    parser.add_argument(
        "--out",
        metavar="KATALOG",
        help="katalogen att skriva till (standard: reports/ÅR/)",
    )
    parser.add_argument(
        "--spec",
        default=str(DEFAULT_SPEC),
        metavar="FIL",
        help="specifikationen för räkenskaperna (standard: den medföljande för "
        "samordningsförbund)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    ledger = load_or_report(args.ledger)
    if ledger is None:
        return 1
    out = Path(args.out) if args.out else Path("reports") / str(args.year)
    try:
        spec = load_spec(args.spec)
        report = build(spec, ledger.entries, ledger.options, args.year)
        frames = statements(spec, ledger.entries, ledger.options, args.year)
        document = assemble(
            ledger.entries, ledger.options, args.year, Path(args.ledger).parent, frames
        )
        files = write_report(report, out, document=document)
    except BudgetError as error:
        print_errors([error])
        return 1
    except ReportError as error:
        print_errors(error.errors)
        return 1
    except (SpecError, NoTransactionsError) as error:
        print(f"fel: {error}", file=sys.stderr)
        return 1
    except StatementError as error:
        _print_problems("räkenskaperna täcker inte kontona, inget skrevs", error.problems)
        return 1
    except ReconciliationError as error:
        _print_problems("avstämningen misslyckades, inget skrevs", error.problems)
        return 1
    names = ", ".join(path.name for path in files[:3])
    print(f"Årsredovisningen {args.year} finns i {out}/ ({names}, …; {len(files)} filer)")
    return 0


def _print_problems(headline: str, problems: list[str]) -> None:
    print(f"fel: {headline}:", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
