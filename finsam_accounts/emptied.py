"""Books that lost their vouchers: an emptied file or a year with nothing in it.

Anyone who can write a ledger file can also empty it (a slip in an editor, or a tool that
truncates it). beancount reads an empty file without complaint, so a year file emptied of
every voucher would leave books that check clean and report a year without its business.
The plugin therefore refuses:

* an included file with no entry at all (only comments, options or nothing): a file that
  should not be part of the books is taken out of them by removing its ``include`` line
  (except the lock file ``bokslut.beancount``: a removed lock is the lock checks' to find,
  and a year is re-locked by emptying it first);
* a declared fiscal year without a single voucher while a later year has vouchers (the
  latest year may still be empty: it has just been opened).

A closed year is protected by its lock as well (:mod:`finsam_accounts.closing`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

from beancount.core import data

from finsam_accounts.books import CUSTOM_FISCAL_YEAR, declared_year
from finsam_accounts.closing import LOCK_FILE
from finsam_accounts.errors import FinsamError, error_at, error_in


def errors(
    entries: Iterable[data.Directive], options_map: dict[str, Any], years: list[int],
    transactions: Iterable[data.Transaction],
) -> list[FinsamError]:
    entries = list(entries)
    per_file = Counter(str((e.meta or {}).get("filename") or "") for e in entries)
    found = [
        error_in(name, 1, (
            f"filen {PurePath(name).name} innehåller inga poster (inga verifikationer, "
            "konton eller andra poster): en tömd fil är ett fel; ta bort raden include om "
            "filen inte ska vara med i bokföringen"))
        for name in (str(n) for n in options_map.get("include") or ())
        if per_file[name] == 0 and PurePath(name).name != LOCK_FILE
    ]
    per_year = Counter(t.date.year for t in transactions)
    declarations = {
        year: e for e in entries
        if isinstance(e, data.Custom) and e.type == CUSTOM_FISCAL_YEAR
        and (year := declared_year(e)) is not None
    }
    for year in years:
        later = [y for y in years if y > year and per_year[y]]
        if not per_year[year] and later and year in declarations:
            found.append(error_at(declarations[year], (
                f"räkenskapsåret {year} har inga verifikationer, men {later[0]} har: "
                f"har årets fil tömts? Återställ verifikationerna {year}")))
    return found
