"""Load the ledger once and give typed views over its entries and options.

The load pipeline is beancount's own (parse -> book -> plugins -> validate); our domain
checks run inside it as the plugin ``finsam_accounts.plugin`` that the ledger enables, so
``bean-check``, Fava and ``finsam check`` report the same errors.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from beancount.core import data

from finsam_accounts import books as books_module
from finsam_accounts import cache, closing
from finsam_accounts.errors import ReportError

if TYPE_CHECKING:
    from finsam_accounts.books import Books

DEFAULT_LEDGER = Path("ledger/main.beancount")
# Files the plugin reads besides the books' own, declared where they are read: the
# specification the books name, the closed years' manifests (the load cache watches them).
LOAD_INPUTS = (books_module.CACHE_INPUTS, closing.CACHE_INPUTS)

@dataclass
class Ledger:
    """Entries, errors and options of one load, with the typed views the reports use."""

    path: Path
    entries: list[data.Directive]
    errors: list[Any]
    options: dict[str, Any]

    @property
    def books(self) -> Books:
        """The books of this load (:func:`finsam_accounts.domain.of`): parsed once per
        entries list, so every caller of one load shares the one parse."""
        # Imported here, not at the top: the parse's modules stay out of every command's
        # start-up (``finsam --help``, a command that never reads the books).
        from finsam_accounts import domain

        return domain.of(self.entries, self.options)

    @property
    def fiscal_years(self) -> list[int]:
        return list(self.books.fiscal_years)

    @property
    def transactions(self) -> list[data.Transaction]:
        return [e for e in self.entries if isinstance(e, data.Transaction)]


def find_ledger(given: str | os.PathLike[str] | None = None, start: Path | None = None) -> Path:
    """The ledger to use: the one given, else ``$FINSAM_LEDGER``, else
    ``ledger/main.beancount`` in the current folder or the nearest parent that has one."""
    if given:
        return Path(given)
    env = os.environ.get("FINSAM_LEDGER")
    if env:
        return Path(env)
    here = (start or Path.cwd()).absolute()
    for folder in (here, *here.parents):
        candidate = folder / DEFAULT_LEDGER
        if candidate.is_file():
            return candidate if folder != here else DEFAULT_LEDGER
    return DEFAULT_LEDGER


def load(path: Path | str = DEFAULT_LEDGER) -> Ledger:
    """Load a ledger file (and its includes) once, through beancount's full pipeline.

    The files are read first by :mod:`finsam_accounts.readable` (encoding, BOM, long lines,
    includes); if any cannot be read, the ledger has no entries, only those errors, and
    beancount's default options (``options["include"]``, the files parsed, is empty).
    Reading the books never writes a file (beancount's ``load_file`` may write a cache).
    """
    path = Path(path)
    # A cache hit means every included file has the bytes of an earlier load that read
    # cleanly (unreadable books are never cached), so the files are read and checked only
    # on a miss. Nothing is written beside the books: the cache (finsam_accounts.cache)
    # lives in the user's cache folder and is keyed by every included file's content.
    absolute = os.path.abspath(os.path.expanduser(str(path)))
    try:
        entries, errors, options = cache.load(absolute, _load_uncached, LOAD_INPUTS)
    except ReportError as unreadable:  # never cached
        return Ledger(path=path, entries=[], errors=unreadable.errors,
                      options=_default_options())
    return Ledger(path=path, entries=entries, errors=list(errors), options=options)


def _default_options() -> dict[str, Any]:
    from beancount.parser import options

    return dict(options.OPTIONS_DEFAULTS)


def _load_uncached(absolute: str) -> tuple[list[data.Directive], list[Any], dict[str, Any]]:
    """The books read (:mod:`finsam_accounts.readable`) and parsed from their decoded
    texts: a cache miss. Books that cannot be read (encoding, includes, long lines) raise
    ReportError with every problem: they are never cached."""
    from finsam_accounts import readable

    books = readable.read_books(Path(absolute))
    if books.errors:
        raise ReportError(list(books.errors))
    entries, errors, options = readable.parse_books(books)
    return entries, list(errors), options


def load_string(text: str, path: str = "<inline>") -> Ledger:
    """Load a ledger from text (tests, and previews of generated entries)."""
    from beancount import loader

    entries, errors, options = loader.load_string(text)
    return Ledger(path=Path(path), entries=entries, errors=list(errors), options=options)
