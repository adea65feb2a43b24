"""`finsam oversikt ÅR`: five years at a glance, the year and the four before it."""

from __future__ import annotations

import argparse

from finsam_accounts.commands.common import add_report_arguments, run_dated_report


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "oversikt",
        help="femårsöversikt: nyckeltalen för året och de fyra före (CSV, HTML, XLSX, SVG)",
        description=(
            "Femårsöversikten: medlemsavgifter, kostnader, resultat, eget kapital, trappans "
            "gräns och marginal, kostnader för insatser, deltagare och kostnad per deltagare "
            "för året och de fyra åren före, med diagram. År före bokföringen tas från "
            'custom "femårsöversikt" i bokföringen; det som saknas står tomt. Samma tabell '
            "finns i årsredovisningen. Se docs/reporting-pack.md."
        ),
    )
    add_report_arguments(parser, "reports/oversikt-ÅR/", per_year=True)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from finsam_accounts import trappan
    from finsam_accounts.ledger import Ledger
    from finsam_accounts.render.overview_chart import add_section
    from finsam_accounts.render.report import Report
    from finsam_accounts.yearly import overview

    def build(ledger: Ledger) -> Report:
        # No board document from a placeholder trappan (docs/contributions-trappan.md).
        books = ledger.books
        trappan.refuse_placeholders(books, args.year)
        columns = overview.overview(books, args.year)
        report = Report(title=f"Femårsöversikt {columns[0].year}–{args.year}",
                        organisation=str(ledger.options.get("title") or ""), year=args.year,
                        name="oversikt")
        add_section(report, columns, inline=False)
        return report

    return run_dated_report(args, "oversikt", build, "Femårsöversikten")
