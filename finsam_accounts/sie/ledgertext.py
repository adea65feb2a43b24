"""Imported vouchers as beancount text, printed by beancount's own printer.

The text is a file to include in ``main.beancount``: it repeats the root account names
(beancount #359), says where it came from, and lists the vouchers by date and number.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from beancount.core import data
from beancount.parser import printer

from finsam_accounts.books import ROOT_OPTIONS


def ledger_text(entries: Sequence[data.Directive], options: Mapping[str, Any], source: str) -> str:
    lines = [
        f"; Importerad från {source} med finsam sie-import.",
        "; Rotkontonas svenska namn måste upprepas i varje inkluderad fil (beancount #359).",
        *(f'option "{key}" "{options[key]}"' for key in ROOT_OPTIONS if options.get(key)),
        "",
    ]
    ordered = sorted(entries, key=lambda e: (e.date, str((e.meta or {}).get("ver", ""))))
    body = "\n".join(printer.format_entry(entry) for entry in ordered)
    return "\n".join(lines) + "\n" + body
