"""`finsam flytta-in FIL... --till KATALOG`: a förbund's books from its old system's SIE files.

Reads every file (:mod:`finsam_accounts.sie.reader`), applies the mapping file (the user's,
or a suggestion written for the user to edit: :mod:`finsam_accounts.sie.mapping`), computes
the new books (:mod:`finsam_accounts.sie.migrate`), writes them into a staging folder,
checks them as ``finsam check`` does, and only then moves the folder into place. A target
that exists and is not empty is refused; on any error nothing is written there.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from finsam_accounts.commands.common import print_errors
from finsam_accounts.errors import FinsamError, ReportError
from finsam_accounts.output import nearest_existing, refuse, staged, write_file
from finsam_accounts.sie import mapping as mapping_module
from finsam_accounts.sie.migrate import MAIN, MAPPING, migrate
from finsam_accounts.sie.model import SieFile
from finsam_accounts.sie.reader import read_file

PROG = "finsam flytta-in"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "flytta-in",
        help="skapa en ny bokföring ur ett annat systems SIE-filer (ett eller flera år)",
        description=(
            "Läser SIE-filerna (ett räkenskapsår per fil) och skapar en komplett bokföring i "
            "en ny katalog: main.beancount, kontoplan, medlemmar, en fil per år och den "
            "ingående balansen. Hur konton, dimensioner och serier översätts står i en "
            "mappningsfil som du kan ändra och köra igen med. Bokföringen kontrolleras som "
            "med finsam check och stäms av mot filerna innan den flyttas på plats; vid fel "
            "skrivs ingenting i katalogen. Se docs/sie.md."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FIL", help="SIE-filerna (typ 1–4)")
    parser.add_argument("--till", required=True, metavar="KATALOG",
                        help="den nya bokföringens katalog (ny eller tom)")
    parser.add_argument(
        "--mappning", metavar="FIL",
        help="mappningsfilen (standard: KATALOG-mappning.toml bredvid katalogen; finns den "
             "inte skrivs ett förslag dit)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    target = Path(os.path.abspath(args.till))
    _check_target(target, args.till)
    mapping_path = Path(args.mappning) if args.mappning else (
        target.parent / f"{target.name}-mappning.toml")
    read: list[tuple[str, SieFile]] = []
    errors: list[FinsamError] = []
    for name in args.files:
        try:
            read.append((name, read_file(name)))
        except ReportError as error:
            errors.extend(error.errors)
    if errors:
        print_errors(errors)
        return 1
    given = None
    if mapping_path.exists():
        try:
            given = mapping_module.read(mapping_path)
        except ReportError as error:
            print_errors(error.errors)
            return 1
    mapping = mapping_module.suggest([sie for _, sie in read], given)
    dimension_names = {d: n for _, sie in read for d, n in sie.dimensions.items()}
    try:
        migrated = migrate(read, mapping)
    except ReportError as error:
        print_errors(error.errors)
        if given is None:
            _write_mapping(mapping_path, mapping, read, dimension_names)
            print(f"{PROG}: ett förslag till mappning finns i {mapping_path}: rätta det som "
                  "står ovan där och kör kommandot igen", file=sys.stderr)
        return 1
    text = mapping_module.render(mapping, dimension_names=dimension_names)
    with staged(target, PROG, "--till") as folder:
        for name, content in migrated.files.items():
            (folder / name).write_text(content, encoding="utf-8")
        (folder / MAPPING).write_text(text, encoding="utf-8")
        problems = _check(folder / MAIN)
        if problems:
            print_errors(problems, folder)
            print(f"{PROG}: den nya bokföringen klarar inte finsam check; ingenting skrivet "
                  f"i {args.till}", file=sys.stderr)
            return 1
    if given is None:
        _write_mapping(mapping_path, mapping, read, dimension_names)
    for line in migrated.reconciliation:
        print(line)
    years = migrated.years
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    print(
        f"{PROG}: bokföringen finns i {args.till} ({span}, {migrated.vouchers} verifikationer); "
        f"finsam check: inga fel; varje kontos utgående balans och resultat stämmer med "
        f"filerna. Mappningen: {mapping_path}",
    )
    return 0


def _check_target(target: Path, shown: str) -> None:
    if target.exists() and not target.is_dir():
        raise refuse(PROG, "--till", f"{shown} är en fil, ingen katalog")
    if target.is_dir() and any(target.iterdir()):
        raise refuse(PROG, "--till", f"{shown} finns redan och är inte tom; ange en ny katalog")
    existing = nearest_existing(target.parent)
    if not existing.is_dir():
        raise refuse(PROG, "--till", f"{shown} ligger under filen {existing}")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise refuse(PROG, "--till", f"katalogen {existing} är skrivskyddad")


def _write_mapping(path: Path, mapping: mapping_module.Mapping,
                   read: list[tuple[str, SieFile]], dimension_names: dict[str, str]) -> None:
    from finsam_accounts.sie.chart import class_problem

    problems = {}
    for number, account in mapping.accounts.items():
        problem = class_problem(account.nr or number)
        if problem:
            problems[number] = problem
    text = mapping_module.render(mapping, problems, dimension_names)
    write_file(path, text.encode("utf-8"), PROG, "--mappning")


def _check(main: Path) -> list[object]:
    """The errors ``finsam check`` would give on the new books (read without the cache)."""
    from finsam_accounts import readable

    books = readable.read_books(main)
    if books.errors:
        return list(books.errors)
    _, errors, _ = readable.parse_books(books)
    return list(errors)
