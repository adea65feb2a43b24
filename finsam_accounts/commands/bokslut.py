"""``finsam bokslut ÅR``: check a year and lock it, so that its vouchers cannot change.

The year must load without errors, its annual statements must reconcile, and the next
year's opening balances must equal its closing balances. Then the year's manifest
(``bokslut/ÅR.sha256``) and its lock (``custom "bokslut"`` in ``bokslut.beancount``,
included from the main file) are written beside the main ledger file, each file atomically;
if the ledger does not load cleanly with the lock, every file is put back as it was.
See :mod:`finsam_accounts.closing` and docs/auditors.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from beancount.core import data

from finsam_accounts import closing
from finsam_accounts.books import Books
from finsam_accounts.cliparse import year
from finsam_accounts.commands.common import add_ledger_option, load_or_report
from finsam_accounts.errors import ReportError, format_error, relative_name
from finsam_accounts.ledger import Ledger, load
from finsam_accounts.output import write_reason

PROG = "finsam bokslut"
RUN_LOCK = ".finsam-bokslut.lock"  # beside the main file while a bokslut runs
LOCK_HEADER = (
    "; Bokslut: låsta räkenskapsår. Skrivs av `finsam bokslut ÅR`; ändra inte för hand.\n"
    "; Varje rad låser årets verifikationer med kontrollsumman över förteckningen\n"
    "; bokslut/ÅR.sha256 och pekar på föregående bokslut. Se docs/auditors.md.\n\n"
)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "bokslut",
        help="stäm av ett räkenskapsår och lås det (bokslut)",
        description=(
            "Kontrollerar räkenskapsåret (bokföringen utan fel, årsredovisningens "
            "avstämningar, nästa års ingående balanser = årets utgående) och låser det: "
            "skriver en förteckning över årets verifikationer (bokslut/ÅR.sha256) och ett "
            'custom "bokslut" i bokslut.beancount bredvid huvudfilen. Därefter är varje '
            "tillagd, borttagen eller ändrad verifikation daterad det året ett fel i "
            "finsam check, bean-check och Fava. Rättelser görs som nya verifikationer i ett "
            'öppet år med korrigerar: "ÅR:B12".'
        ),
    )
    parser.add_argument("year", type=year, metavar="ÅR", help="räkenskapsåret, t.ex. 2018")
    add_ledger_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from finsam_accounts.ledger import find_ledger
    from finsam_accounts.lockfile import exclusive

    main = find_ledger(args.ledger)
    if not main.is_file():
        return close(args)  # load_or_report says what is wrong with --ledger
    try:
        # One bokslut at a time: a second run waits for nothing and changes nothing.
        with exclusive(main.parent / RUN_LOCK):
            return close(args)
    except ReportError as busy:  # another run holds the lock, or it cannot be made
        for problem in busy.errors:
            print(f"{PROG}: {problem.message}; inget låst", file=sys.stderr)
        return 1


def close(args: argparse.Namespace) -> int:
    """Check the year and lock it (the run, holding the run lock)."""
    ledger = load_or_report(args.ledger)
    if ledger is None:
        print(f"{PROG}: bokföringen har fel, inget låst", file=sys.stderr)
        return 1
    year: int = args.year
    problems = refusals(ledger, year)
    if problems:
        print(f"{PROG}: {year} kan inte låsas, inget skrevs:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    return lock(ledger, year)


def refusals(ledger: Ledger, year: int) -> list[str]:
    """Why ``year`` cannot be closed (empty if it can)."""
    books = ledger.books
    done = {lock.year: lock for lock in books.locks}
    if year in done:
        return [f"{year} är redan låst ({closing.where(done[year])})"]
    declared = books.fiscal_years  # declared, else the years with vouchers
    if declared and year not in declared:
        return [f'{year} är inget räkenskapsår i bokföringen (custom "räkenskapsår")']
    if not closing.locked_entries(ledger.entries, year, books.fiscal_years):
        return [f"bokföringen har inga verifikationer för {year}"]
    open_before = [y for y in declared if y < year and y not in done]
    if open_before:
        return [
            f"lås först {open_before[0]} (finsam bokslut {open_before[0]}): "
            "år låses i tur och ordning"
        ]
    if books.locks and books.locks[-1].year > year:
        return [f"{books.locks[-1].year} är redan låst; ett tidigare år kan inte låsas efteråt"]
    return [
        *unattested_problems(ledger, year),
        *reconciliation_problems(ledger.books, year),
        *_carry_forward(ledger, year),
    ]


def unattested_problems(ledger: Ledger, year: int) -> list[str]:
    """A year is not closed with vouchers that lack attest (docs/ledger.md, "Attest")."""
    from finsam_accounts.attest.vouchers import unattested

    found = unattested(ledger.books, year=year)
    if not found:
        return []
    numbers = ", ".join(str((u.entry.meta or {}).get("ver") or u.entry.date) for u in found)
    many = "verifikationer saknar" if len(found) > 1 else "verifikation saknar"
    return [f"{len(found)} {many} attest ({numbers}); se finsam attest {year}-12-31"]


def reconciliation_problems(books: Books, year: int) -> list[str]:
    """The annual report's coverage and reconciliation problems for ``year``.

    The one call into the statements engine (for the lead to adapt to periods). Every
    failure refuses the lock: a report error's lines, a statement or reconciliation
    error's problems, or any other error's message.
    """
    from finsam_accounts.statements.annual_report import statements
    from finsam_accounts.statements.spec import load_spec

    try:
        statements(load_spec(), books, year)
    except ReportError as error:
        return [format_error(problem) for problem in error.errors] or [str(error)]
    except ValueError as error:
        problems = getattr(error, "problems", None)
        if problems:
            return [str(problem) for problem in problems]
        return [format_error(error) if hasattr(error, "source") else str(error)]
    return []


def lock(ledger: Ledger, year: int) -> int:
    """Write manifest, lock and include; put everything back if the ledger then has errors."""
    from finsam_accounts.render.locked_figures import figures_digest

    main = ledger.path.resolve()
    books = ledger.books
    previous = books.locks[-1] if books.locks else None
    chain = f"{previous.year} {closing.PREFIX}{previous.digest}" if previous else ""
    figures = figures_digest(books, year)
    manifest = closing.manifest(ledger.entries, year, ledger.options, chain, figures,
                                books.fiscal_years)
    lines = [line for line, _ in manifest]
    vouchers = sum(1 for _, entry in manifest if isinstance(entry, data.Transaction))
    digest = closing.digest_of(lines)
    lock_file = main.parent / closing.LOCK_FILE
    lock_text = read(lock_file) or LOCK_HEADER
    writes = {
        closing.manifest_path(main, year): closing.manifest_text(lines, year),
        lock_file: lock_text + closing.lock_directive(year, digest, previous),
    }
    included = {str(Path(p).resolve()) for p in ledger.options.get("include", [])}
    if str(lock_file) not in included:
        writes[main] = (read(main) or "") + (
            "\n; Låsta räkenskapsår (finsam bokslut ÅR, docs/auditors.md).\n"
            f'include "{closing.LOCK_FILE}"\n'
        )
    before = {path: read(path) for path in writes}
    unwritable = [p.parent for p in writes if not writable(p.parent)]
    if unwritable:
        print(f"{PROG}: katalogen {unwritable[0]} är skrivskyddad; inget låst", file=sys.stderr)
        return 1
    folder_made = not closing.manifest_path(main, year).parent.exists()
    try:
        for path, text in writes.items():
            write_atomically(path, text)
    except OSError as failure:
        put_back(before, folder_made, closing.manifest_path(main, year).parent)
        print(f"{PROG}: kan inte skriva {path}: {write_reason(failure)}; inget låst",
              file=sys.stderr)
        return 1
    after = load(ledger.path)
    if after.errors:
        put_back(before, folder_made, closing.manifest_path(main, year).parent)
        for error in after.errors:
            print(format_error(error), file=sys.stderr)
        print(f"{PROG}: bokföringen fick fel med låset, inget låst", file=sys.stderr)
        return 1
    shown = ", ".join(relative_name(str(p), Path.cwd()) for p in writes)  # as check shows
    print(
        f"Räkenskapsåret {year} är låst: {vouchers} verifikationer och {len(lines) - vouchers} "
        f"andra uppgifter ({shown}).\n"
        f"Kontrollsumma: {year}=sha256:{digest}\n"
        "Anteckna den utanför bokföringen (revisorerna); finsam check --förväntad "
        f"{year}=sha256:… prövar den. Rätta i fortsättningen med nya verifikationer i ett "
        f'öppet år, t.ex. korrigerar: "{year}:B12".'
    )
    return 0


def writable(folder: Path) -> bool:
    """A folder (or, not yet made, its nearest existing parent) this user can write in."""
    from finsam_accounts.output import nearest_existing

    existing = nearest_existing(folder)
    return existing.is_dir() and os.access(existing, os.W_OK | os.X_OK)


def put_back(before: Mapping[Path, str | None], folder_made: bool, folder: Path) -> None:
    """Every file as it was before the lock was written (best effort: a file that cannot
    be put back stays as it is), and the manifest folder removed if this run made it."""
    for path, old in before.items():
        with contextlib.suppress(OSError):
            if old is None:
                path.unlink(missing_ok=True)
            else:
                write_atomically(path, old)
    if folder_made:
        with contextlib.suppress(OSError):
            folder.rmdir()


def read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def write_atomically(path: Path, text: str) -> None:
    """Write into a temporary file beside ``path``, then move it into place."""
    from finsam_accounts.output import write_atomic

    write_atomic(path, text.encode("utf-8"))


def _carry_forward(ledger: Ledger, year: int) -> list[str]:
    # Imported when used: `finsam --help` stays light (the plugin pulls in beancount.loader).
    from finsam_accounts.audit.carry_forward import carry_forward_problems

    return list(carry_forward_problems(ledger.books, year))
