"""A locked year's report figures: the annual report's CSV files, as ``finsam
arsredovisning`` writes them, digested into the year's manifest by ``finsam bokslut``
and compared with the books by ``finsam check``.

Not part of the plugin (it would build the statements on every load), and at the edge:
the digest is of the written files' bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from beancount.core import data

from finsam_accounts import cache, closing, domain
from finsam_accounts.books import Books
from finsam_accounts.errors import FinsamError, error_at
from finsam_accounts.render.csvfile import csv_bytes
from finsam_accounts.statements.annual_report import annual, report_of


def figures_digest(books: Books, year: int) -> str:
    """A digest of the year's report figures: every CSV file of the annual report, by name."""
    digest = hashlib.sha256()
    for name, content in sorted(report_csv_files(books, year).items()):
        digest.update(name.encode("utf-8") + b"\0" + content + b"\0")
    return digest.hexdigest()


def report_csv_files(books: Books, year: int) -> dict[str, bytes]:
    """The annual report's CSV files for ``year``, by name, as ``finsam arsredovisning``
    writes them (the books' own specification)."""
    result = annual(None, books, year)
    report = report_of(result, books)
    return {section.file_name: csv_bytes(section.table) for section in report.sections}


def figures_verified(
    options: Mapping[str, Any], year: int, recorded: str, remember: bool = False
) -> bool:
    """Whether these books (every file's content), this code and these versions already
    gave the recorded figures: building a year's statements takes seconds, so ``finsam
    check`` keeps a mark per agreement in the user's private cache folder. With
    ``remember``, write the mark. Any doubt (no cache, an unreadable file) means no."""
    folder = cache.usable_dir()
    if folder is None or cache.unsafe(folder / "bokslut"):
        return False
    try:
        pandas = version("pandas")
    except PackageNotFoundError:
        pandas = "?"
    try:
        inputs = {
            "versions": cache.versions(), "pandas": pandas, "year": year,
            "recorded": recorded,
            "files": {str(n): cache.file_digest(str(n)) for n in options.get("include") or ()},
        }
    except OSError:
        return False
    key = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode("utf-8")).hexdigest()
    mark = folder / "bokslut" / f"{key}.ok"
    if not remember:
        return mark.is_file() and not cache.unsafe(mark)
    with contextlib.suppress(OSError):
        mark.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        mark.write_text(recorded + "\n", encoding="utf-8")
    return True


def figure_errors(
    entries: list[data.Directive], options_map: Mapping[str, Any]
) -> list[FinsamError]:
    """Each locked year's report figures against the digest its manifest records (for
    ``finsam check``: the statements are built once per locked year)."""
    ledger_file = closing.main_file(options_map)
    books = domain.of(entries, options_map)
    problems = []
    for lock in books.locks:
        saved = closing.read_manifest(ledger_file, lock.year) if ledger_file else None
        recorded = closing.figures_of(saved) if saved is not None else None
        if recorded is None:
            continue  # a missing manifest or figures line is already a lock error
        if figures_verified(options_map, lock.year, recorded):
            continue  # the same books, code and versions agreed with it before
        try:
            now = figures_digest(books, lock.year)
        except Exception as error:  # a report that cannot be built has changed figures
            now = f"fel: {error}"
        if now == recorded:
            figures_verified(options_map, lock.year, recorded, remember=True)
        else:
            problems.append(error_at(lock.entry, (
                f"bokslutet {lock.year} är låst: årsredovisningens siffror för {lock.year} "
                "har ändrats efter bokslutet (fast verifikationerna är desamma: programmet "
                "eller något annat som räknar fram dem har ändrats)")))
    return problems

