"""Load the ledger once and give typed views over its entries and options.

The load pipeline is beancount's own (parse -> book -> plugins -> validate); our domain
checks run inside it as the plugin ``finsam_accounts.plugin`` that the ledger enables, so
``bean-check``, Fava and ``finsam check`` report the same errors.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from beancount.core import data

from finsam_accounts import cache

DEFAULT_LEDGER = Path("ledger/main.beancount")

# Metadata keys of the ledger conventions (docs/ledger.md).
META_NUMBER = "nr"  # Kommun-Bas account number, on every open directive
META_ACTIVITY = "verksamhet"  # activity (SAMO, HFE, ...) on income and cost accounts
META_LABEL = "rubrik"  # label in the statements, where it differs from the account name
META_MEMBER = "medlem"  # member id, on a member's contribution account
META_VOUCHER = "ver"  # voucher number: series letters followed by digits, e.g. "A12"
META_CORRECTS = "korrigerar"  # on a correction: the voucher it corrects

CUSTOM_MEMBER = "medlem"


@dataclass(frozen=True)
class AccountInfo:
    """An account as declared by its open directive."""

    name: str
    number: str
    activity: str | None
    label: str
    opened: datetime.date
    closed: datetime.date | None
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    source: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def leaf(self) -> str:
        return self.name.rsplit(":", 1)[-1]


@dataclass(frozen=True)
class Member:
    """A member of the förbund (state, region, municipality), declared once."""

    id: str
    name: str
    kind: str  # "stat" | "region" | "kommun"
    since: datetime.date


@dataclass
class Ledger:
    """Entries, errors and options of one load, with the typed views the reports use."""

    path: Path
    entries: list[data.Directive]
    errors: list[Any]
    options: dict[str, Any]

    @property
    def accounts(self) -> dict[str, AccountInfo]:
        return account_infos(self.entries)

    @property
    def members(self) -> list[Member]:
        return members(self.entries)

    @property
    def fiscal_years(self) -> list[int]:
        return fiscal_years(self.entries)

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
        entries, errors, options = cache.load(absolute, lambda main: _load_uncached(main))
    except Unreadable as unreadable:
        return Ledger(path=path, entries=[], errors=unreadable.errors,
                      options=_default_options())
    return Ledger(path=path, entries=entries, errors=list(errors), options=options)


class Unreadable(Exception):
    """Books that cannot be read (encoding, includes, long lines): never cached."""

    def __init__(self, errors: list[Any]) -> None:
        super().__init__(f"{len(errors)} fel")
        self.errors = errors


def _default_options() -> dict[str, Any]:
    from beancount.parser import options

    return dict(options.OPTIONS_DEFAULTS)


def _load_uncached(absolute: str) -> tuple[list[data.Directive], list[Any], dict[str, Any]]:
    """The books read (:mod:`finsam_accounts.readable`) and parsed from their decoded
    texts: a cache miss."""
    from finsam_accounts import readable

    books = readable.read_books(Path(absolute))
    if books.errors:
        raise Unreadable(list(books.errors))
    entries, errors, options = readable.parse_books(books)
    return entries, list(errors), options


def load_string(text: str, path: str = "<inline>") -> Ledger:
    """Load a ledger from text (tests, and previews of generated entries)."""
    from beancount import loader

    entries, errors, options = loader.load_string(text)
    return Ledger(path=Path(path), entries=entries, errors=list(errors), options=options)


def account_infos(entries: Iterable[data.Directive]) -> dict[str, AccountInfo]:
    """Every opened account with its Kommun-Bas number, activity and statement label."""
    opened: dict[str, data.Open] = {}
    closed: dict[str, datetime.date] = {}
    for entry in entries:
        if isinstance(entry, data.Open):
            opened[entry.account] = entry
        elif isinstance(entry, data.Close):
            closed[entry.account] = entry.date
    infos: dict[str, AccountInfo] = {}
    for name, entry in opened.items():
        meta = entry.meta or {}
        label = meta.get(META_LABEL) or name.rsplit(":", 1)[-1].replace("-", " ")
        infos[name] = AccountInfo(
            name=name,
            number=str(meta.get(META_NUMBER, "")),
            activity=meta.get(META_ACTIVITY),
            label=str(label),
            opened=entry.date,
            closed=closed.get(name),
            meta={k: v for k, v in meta.items() if k not in ("filename", "lineno")},
            source={"filename": meta.get("filename"), "lineno": meta.get("lineno")},
        )
    return infos


def members(entries: Iterable[data.Directive]) -> list[Member]:
    """Members declared as ``custom "medlem" "id" "Namn" "stat|region|kommun"``."""
    found: list[Member] = []
    for entry in entries:
        if isinstance(entry, data.Custom) and entry.type == CUSTOM_MEMBER:
            values = [v.value for v in entry.values]
            if len(values) >= 3:
                found.append(Member(str(values[0]), str(values[1]), str(values[2]), entry.date))
    return found


def fiscal_years(entries: Iterable[data.Directive]) -> list[int]:
    """The fiscal years, as :mod:`finsam_accounts.books` parses ``custom "räkenskapsår"``."""
    from finsam_accounts.books import _fiscal_years

    return list(_fiscal_years(list(entries), []))


def format_error(error: Any, base: Path | None = None) -> str:
    """One line per error, ``file:line: message`` (:func:`finsam_accounts.errors.format_error`)."""
    from finsam_accounts.errors import format_error as _format

    return _format(error, base)
