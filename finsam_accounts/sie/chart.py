"""The ledger's chart seen from a SIE file: accounts by number, and what to open.

A SIE file names accounts by number; the ledger's open directives carry the same number
as ``nr``. :class:`Chart` finds the ledger account for a number (the activity of
dimension 1 chooses between accounts sharing one), and :func:`open_directive` writes a
ready ``open`` directive for a number the chart lacks.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any

from finsam_accounts.errors import FinsamError, error_in
from finsam_accounts.ledger import META_ACTIVITY, META_LABEL, META_NUMBER, AccountInfo
from finsam_accounts.sie.model import ACTIVITY_DIMENSION, SieFile

CURRENCY = "SEK"
LEDGER_ROOTS = {
    "name_assets": "Tillgångar",
    "name_liabilities": "Skulder",
    "name_equity": "Eget-kapital",
    "name_income": "Intäkter",
    "name_expenses": "Kostnader",
}


class Chart:
    """The ledger's accounts by number, and the choice between accounts sharing one."""

    def __init__(
        self, infos: Mapping[str, AccountInfo], filename: str, errors: list[FinsamError]
    ) -> None:
        self.by_number: dict[str, list[AccountInfo]] = defaultdict(list)
        for info in infos.values():
            if info.number:
                self.by_number[info.number].append(info)
        self.filename = filename
        self.errors = errors

    def account(self, number: str, activity: str | None, line: int) -> str:
        candidates = self.by_number[number]
        if len(candidates) > 1:
            candidates = [c for c in candidates if c.activity == activity] or candidates
        if len(candidates) > 1:
            names = ", ".join(c.name for c in candidates)
            self.errors.append(
                error_in(
                    self.filename,
                    line,
                    f"konto {number} finns på flera konton i bokföringen ({names}); "
                    "ange verksamhet (dimension 1) på raden",
                )
            )
        return candidates[0].name


def used_accounts(sie: SieFile) -> dict[str, list[str]]:
    """Every account number the file books on, with the activities its rows name."""
    used: dict[str, list[str]] = defaultdict(list)
    for balance in sie.balances:
        used[balance.account]
    for voucher in sie.vouchers:
        for row in voucher.transactions:
            activity = row.object_in(ACTIVITY_DIMENSION)
            used[row.account].extend([activity] if activity else [])
    return used


def open_directive(
    sie: SieFile,
    number: str,
    activities: list[str],
    options: Mapping[str, Any],
    taken: set[str],
) -> str:
    """A ready ``open`` directive for an account number the chart lacks."""
    name = sie.accounts.get(number, "")
    kind = sie.account_types.get(number) or _type_by_number(number)
    root = _root(kind, number, options)
    activity = Counter(activities).most_common(1)[0][0] if activities else None
    parts = [root]
    if kind in ("I", "K"):
        parts.append(_component(activity or "SAMO"))
    parts.append(_component(name) or f"Konto-{number}")
    if ":".join(parts) in taken:  # the chart has the name under another number
        parts[-1] = f"{parts[-1]}-{number}"
    start = min((s for s, _ in sie.years.values()), default=datetime.date(2000, 1, 1))
    lines = [
        f"{start.isoformat()} open {':'.join(parts)} {CURRENCY}",
        f'  {META_NUMBER}: "{number}"',
    ]
    if kind in ("I", "K"):
        if activity:
            lines.append(f'  {META_ACTIVITY}: "{activity}"')
        else:
            lines.insert(0, "; ange verksamhet: filen anger ingen för kontot")
            lines.append(f'  {META_ACTIVITY}: "SAMO"')
    if name:
        lines.append(f"  {META_LABEL}: {_beancount_string(name)}")
    return "\n".join(lines)


def _type_by_number(number: str) -> str:
    return {"1": "T", "2": "S", "3": "I"}.get(number[:1], "K")


def _root(kind: str, number: str, options: Mapping[str, Any]) -> str:
    def name(key: str) -> str:
        return str(options.get(key) or LEDGER_ROOTS[key])

    if kind == "T":
        return name("name_assets")
    if kind == "S":
        return name("name_equity") if number.startswith("20") else name("name_liabilities")
    return name("name_income") if kind == "I" else name("name_expenses")


def _component(text: str) -> str:
    """An account name component: words joined by '-', starting with a capital."""
    words = re.findall(r"[^\W_]+", text)
    joined = "-".join(words)
    return joined[:1].upper() + joined[1:] if joined else ""


def _beancount_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
