"""One file per fiscal year: a voucher lies in its year's file.

When a year has its own file among the books (an included file named after the year,
``2019.beancount``), every voucher the economist books in that year lies in that file: a
voucher dated 2019 in ``main.beancount`` (where Fava's add form writes by default) or in
``2018.beancount`` is an error at the voucher's line. The day before a year (31 December)
may lie in the next year's file, where the balances brought in are dated. Years without a
file of their own (one-file books, older years kept in ``main.beancount``) are not
affected; nor are entries that beancount or a plugin generated.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import PurePath
from typing import Any

from beancount.core import data, flags

from finsam_accounts.conventions import META_VOUCHER
from finsam_accounts.errors import FinsamError, error_at

YEAR_FILE_RE = re.compile(r"^(?P<year>[0-9]{4})\.beancount$")
STRING_SOURCE = "<string>"


def year_files(options_map: Mapping[str, Any]) -> dict[int, str]:
    """The books' year files: year → file name (``2019`` → ``…/2019.beancount``)."""
    files: dict[int, str] = {}
    for name in options_map.get("include") or ():
        match = YEAR_FILE_RE.match(PurePath(str(name)).name)
        if match:
            files[int(match["year"])] = str(name)
    return files


def year_file_for(date: datetime.date, files: Mapping[int, str]) -> str | None:
    """The file a voucher dated ``date`` belongs in (None when that year has none)."""
    return files.get(date.year)


def _allowed(entry: data.Transaction, filename: str, files: Mapping[int, str]) -> bool:
    if files.get(entry.date.year) == filename:
        return True
    next_day = entry.date + datetime.timedelta(days=1)
    return next_day.year != entry.date.year and files.get(next_day.year) == filename


def errors(
    entries: Iterable[data.Directive], options_map: Mapping[str, Any]
) -> Iterator[FinsamError]:
    """An error at every booked voucher outside its year's file (years that have one)."""
    files = year_files(options_map)
    if not files:
        return
    for entry in entries:
        if not isinstance(entry, data.Transaction) or entry.flag == flags.FLAG_PADDING:
            continue
        filename = str((entry.meta or {}).get("filename") or "")
        if not filename or filename == STRING_SOURCE or filename.startswith("<"):
            continue
        expected = files.get(entry.date.year)
        if expected is None or _allowed(entry, filename, files):
            continue
        voucher = (entry.meta or {}).get(META_VOUCHER)
        what = f"verifikation {voucher}" if voucher else "verifikationen"
        yield error_at(entry, (
            f"{what} är daterad {entry.date.isoformat()} men ligger i "
            f"{PurePath(filename).name}; verifikationerna {entry.date.year} ska ligga i "
            f"årets fil, {PurePath(expected).name}"))
