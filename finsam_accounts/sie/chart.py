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

from finsam_accounts.books import account_roots
from finsam_accounts.conventions import META_ACTIVITY, META_LABEL, META_NUMBER, AccountInfo
from finsam_accounts.errors import FinsamError, error_in
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
        self.chosen: dict[tuple[str, str | None], str] = {}

    def account(self, number: str, activity: str | None, line: int) -> str:
        known = self.chosen.get((number, activity))
        if known is not None:
            return known
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
        else:
            self.chosen[(number, activity)] = candidates[0].name
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


# Kommun-Bas: class 1 assets, 2 equity and liabilities, 3 income, 4–7 costs, 8 financial
# items (8000–8499 income, 8500– costs). Classes 0 and 9 do not exist in it.
KOMMUN_BAS_CLASSES = "12345678"
CONTRIBUTIONS = range(3500, 3540)  # the members' contributions (statements: 3500-3539)
CONTRIBUTION_GROUP = "Medlemsavgifter"


def class_problem(number: str) -> str | None:
    """Why an account number cannot be in the ledger's chart, or None."""
    if number[:1] in tuple(KOMMUN_BAS_CLASSES) and len(number) == 4:
        return None
    if len(number) != 4:
        return f"kontonummer {number} har inte fyra siffror, som Kommun-Bas"
    return (
        f"kontonummer {number} ligger i klass {number[0]}, som Kommun-Bas inte har (klass 1–8; "
        "klass 9 är internredovisning, klass 0 interna konton i många system)"
    )


def account_kind(sie: SieFile, number: str) -> str:
    """T, S, I or K: by the number's Kommun-Bas class, #KTYP only where the class allows
    both (class 8), so that the suggested root always passes the chart's class check."""
    by_class = {"1": "T", "2": "S", "3": "I"}.get(number[:1])
    if by_class:
        return by_class
    if number[:1] == "8":
        stated = sie.account_types.get(number)
        if stated in ("I", "K"):
            return stated
        return "I" if number < "8500" else "K"
    return "K"


def suggested_name(
    sie: SieFile,
    number: str,
    activity: str | None,
    options: Mapping[str, Any],
    taken: set[str],
    leaf: str | None = None,
) -> str:
    """A free account name for a number: root, activity (income and costs), the members'
    contributions in a group of their own (so that ``medlem`` on them makes no neighbour
    an error), then the name; the number is added when the name is taken."""
    kind = account_kind(sie, number)
    parts = [_root(kind, number, options)]
    if kind in ("I", "K"):
        parts.append(_component(activity or "SAMO"))
        if number.isdigit() and int(number) in CONTRIBUTIONS:
            parts.append(CONTRIBUTION_GROUP)
    name = leaf if leaf is not None else sie.accounts.get(number, "")
    parts.append(_component(name) or f"Konto-{number}")
    if ":".join(parts) in taken:  # the name is taken by another number
        parts[-1] = f"{parts[-1]}-{number}"
    account = ":".join(parts)
    taken.add(account)
    return account


def open_directive(
    sie: SieFile,
    number: str,
    activities: list[str],
    options: Mapping[str, Any],
    taken: set[str],
) -> list[str]:
    """Ready ``open`` directives for an account number the chart lacks: one per activity
    the file's rows name on it (income and costs), each with a name not yet ``taken``."""
    name = sie.accounts.get(number, "")
    kind = account_kind(sie, number)
    start = min((s for s, _ in sie.years.values()), default=datetime.date(2000, 1, 1))
    wanted: list[str | None] = [None]
    if kind in ("I", "K"):
        wanted = [a for a, _ in Counter(activities).most_common()] or [None]
        wanted.sort(key=lambda a: a or "")
    directives = []
    for activity in wanted:
        account = suggested_name(sie, number, activity, options, taken)
        lines = [f"{start.isoformat()} open {account} {CURRENCY}", f'  {META_NUMBER}: "{number}"']
        if kind in ("I", "K"):
            if not activity:
                lines.insert(0, "; ange verksamhet: filen anger ingen för kontot")
            lines.append(f'  {META_ACTIVITY}: "{activity or "SAMO"}"')
        if name:
            lines.append(f"  {META_LABEL}: {beancount_string(name)}")
        directives.append("\n".join(lines))
    return directives


def _root(kind: str, number: str, options: Mapping[str, Any]) -> str:
    """The root of an account of SIE's kind (the books' root names; the new books' Swedish
    ones where ``options`` names none)."""
    roots = account_roots({**LEDGER_ROOTS, **options})
    if kind == "T":
        return roots.assets
    if kind == "S":
        return roots.equity if number.startswith("20") else roots.liabilities
    return roots.income if kind == "I" else roots.expenses


def _component(text: str) -> str:
    """An account name component: words joined by '-', starting with a capital."""
    words = re.findall(r"[^\W_]+", text)
    joined = "-".join(words)
    return joined[:1].upper() + joined[1:] if joined else ""


def beancount_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
