"""`finsam sie ÅR` and `finsam sie-import FIL`: the books out as SIE 4, and back in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from finsam_accounts.cliparse import year
from finsam_accounts.commands.common import add_ledger_option, load_or_report, print_errors
from finsam_accounts.errors import ReportError
from finsam_accounts.output import check_file_target, default_out, write_file
from finsam_accounts.sie.beangulp_importer import SieImporter
from finsam_accounts.sie.books import export
from finsam_accounts.sie.importer import unknown_errors
from finsam_accounts.sie.ledgertext import ledger_text
from finsam_accounts.sie.syntax import ENCODING_NAMES
from finsam_accounts.sie.writer import write_bytes


def register(sub: argparse._SubParsersAction) -> None:
    export_parser = sub.add_parser(
        "sie",
        help="exportera ett räkenskapsår som SIE 4 (till revisorerna och huvudmännen)",
        description=(
            "Skriver räkenskapsåret som en SIE-fil av typ 4: kontoplan, verksamheterna som "
            "dimension 1, ingående och utgående balanser och resultat för året och året "
            "före, och årets alla verifikationer. Teckenkod PC8 (IBM 437), som SIE kräver."
        ),
    )
    export_parser.add_argument("year", type=year, metavar="ÅR", help="räkenskapsåret, t.ex. 2019")
    add_ledger_option(export_parser)
    export_parser.add_argument(
        "--out", metavar="FIL", help="filen att skriva (standard: reports/sie/ÅR.se)"
    )
    export_parser.set_defaults(func=run_export)

    import_parser = sub.add_parser(
        "sie-import",
        help="läs in en SIE-fil (typ 1–4) från ett annat ekonomisystem",
        description=(
            "Läser en SIE-fil, kontrollerar den och skriver dess verifikationer enligt "
            "bokföringens konventioner, till standard ut eller till en ny fil. Konton "
            "matchas på kontonummer (metadata nr); konton som saknas listas som färdiga "
            "open-direktiv. Verifikationer som redan finns i bokföringen hoppas över."
        ),
    )
    import_parser.add_argument("file", metavar="FIL", help="SIE-filen")
    add_ledger_option(import_parser)
    import_parser.add_argument(
        "--out", metavar="FIL", help="en ny fil att skriva verifikationerna till"
    )
    import_parser.set_defaults(func=run_import)


def run_export(args: argparse.Namespace) -> int:
    # The target is checked before anything is computed (finsam_accounts.output).
    out = Path(args.out) if args.out else default_out(args.ledger, "sie", f"{args.year}.se")
    target = check_file_target(out, "finsam sie", "--out")
    ledger = load_or_report(args.ledger, "finsam sie")
    if ledger is None:
        return 1
    try:
        sie = export(ledger.books, args.year)
    except ReportError as error:
        print_errors(error.errors, ledger.path.parent, "finsam sie")
        return 1
    write_file(target, write_bytes(sie), "finsam sie", "--out")
    print(
        f"SIE 4 för {args.year} finns i {out} ({len(sie.vouchers)} verifikationer, "
        f"{len(sie.accounts)} konton)"
    )
    return 0


def run_import(args: argparse.Namespace) -> int:
    if args.out:
        # The target is checked before anything is computed (finsam_accounts.output).
        check_file_target(args.out, "finsam sie-import", "--out")
        if Path(args.out).exists():
            print(f"finsam sie-import: --out: {args.out} finns redan; ange en ny fil",
                  file=sys.stderr)
            return 1
    ledger = load_or_report(args.ledger, "finsam sie-import")
    if ledger is None:
        return 1
    # One front door: the command reads the file through the beangulp importer.
    importer = SieImporter(options=ledger.options)
    try:
        sie, result = importer.prepare(args.file, ledger.entries)
    except ReportError as error:
        print_errors(error.errors)
        return 1
    if result.unknown_accounts:
        print_errors(unknown_errors(result, sie, args.file))
        print("; Konton som saknas i kontoplanen: klistra in i kontoplan.beancount.")
        print("\n\n".join(result.unknown_accounts))
        return 1
    if result.errors:
        print_errors(result.errors)
        return 1
    for voucher in result.duplicates:
        print(
            f"{args.file}:{voucher.line}: verifikation {voucher.name} {voucher.date} finns "
            "redan i bokföringen, importeras inte igen",
            file=sys.stderr,
        )
    text = ledger_text(result.entries, ledger.options, Path(args.file).name)
    if args.out:
        out = Path(args.out)
        write_file(out, text.encode("utf-8"), "finsam sie-import", "--out")
    else:
        sys.stdout.write(text)
    checked = ", kontrollsumman stämmer" if sie.checksum_verified else ""
    print(
        f"finsam sie-import: SIE {sie.sie_type}, {ENCODING_NAMES.get(sie.encoding, sie.encoding)}"
        f"{checked}; {len(result.entries)} verifikationer importerade, "
        f"{len(result.duplicates)} fanns redan"
        + (f", skrivna till {args.out}" if args.out else ""),
        file=sys.stderr,
    )
    return 0
