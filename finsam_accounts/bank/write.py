"""The proposals as beancount text (beancount's own printer), and appending them safely.

``--skriv`` appends to the file that holds the year's vouchers: the new text is checked by
beancount's parser first; the file is read, extended and written to a temporary file beside
it that replaces it in one rename, and only if it did not change since the books were read.
Either the whole import is in the file or none of it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from beancount.core import data
from beancount.parser import parser, printer

from finsam_accounts.books import ROOT_OPTIONS
from finsam_accounts.errors import ReportError, plain_error
from finsam_accounts.output import write_atomic, write_reason


def entries_text(
    entries: Sequence[data.Directive], heading: str, options: Mapping[str, Any]
) -> str:
    """``; heading`` and each entry as beancount prints it, a blank line between; read
    back by beancount's parser (with the books' root names) before it is used."""
    body = "\n".join(printer.format_entry(entry) for entry in entries)
    text = f"; {heading}\n\n{body}"
    roots = "".join(
        f'option "{name}" "{options[name]}"\n' for name in ROOT_OPTIONS if name in options)
    _, errors, _ = parser.parse_string(roots + text)
    if errors:  # the printer and the parser disagree: never write such text
        raise ReportError(
            [plain_error(f"förslaget kan inte läsas tillbaka: {errors[0].message}")])
    return text


def year_file(ledger_entries: Sequence[data.Directive], year: int) -> Path:
    """The file that holds most of the year's vouchers."""
    files = Counter(
        str(e.meta["filename"])
        for e in ledger_entries
        if isinstance(e, data.Transaction) and e.date.year == year
        and str((e.meta or {}).get("filename", "<")).startswith("/")
    )
    if not files:
        raise ReportError([plain_error(
            f"bokföringen har ingen fil med verifikationer för {year}; "
            "skriv förslaget till en fil med --ut och lägg in det själv")])
    return Path(min(files.items(), key=lambda item: (-item[1], item[0]))[0])


def append_atomically(target: Path, text: str, expected: tuple[int, float]) -> None:
    """Append ``text`` to ``target`` by writing a whole new file and renaming it over."""
    stat = target.stat()
    if (stat.st_size, stat.st_mtime) != expected:
        raise ReportError(
            [plain_error(f"{target} ändrades medan importen pågick: kör importen igen")])
    old = target.read_bytes()
    separator = b"" if old.endswith(b"\n\n") else (b"\n" if old.endswith(b"\n") else b"\n\n")
    try:  # the books keep their mode
        write_atomic(target, old + separator + text.encode("utf-8"), stat.st_mode & 0o777)
    except OSError as error:
        raise ReportError(
            [plain_error(f"kan inte skriva {target}: {write_reason(error)}")]) from None


def file_state(path: Path) -> tuple[int, float]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime
