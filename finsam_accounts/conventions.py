"""The ledger's conventions (docs/ledger.md): metadata keys, voucher numbers, accounts as
their ``open`` directives declare them, members as ``custom "medlem"`` declares them.

A leaf module: the loader, the plugin, the year locks and every report import it, so it
imports nothing of this package.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from beancount.core import data, flags

# Metadata keys of the ledger conventions (docs/ledger.md).
META_NUMBER = "nr"  # Kommun-Bas account number, on every open directive
META_ACTIVITY = "verksamhet"  # activity (SAMO, HFE, ...) on income and cost accounts
META_LABEL = "rubrik"  # label in the statements, where it differs from the account name
META_MEMBER = "medlem"  # member id, on a member's contribution account
META_VOUCHER = "ver"  # voucher number: series letters followed by digits, e.g. "A12"
META_CORRECTS = "korrigerar"  # on a correction: the voucher it corrects
META_OPENING = "ib"  # on a 1 January voucher: these are the balances brought in

CUSTOM_MEMBER = "medlem"

VOUCHER_RE = re.compile(r"^(?P<series>[A-ZÅÄÖ]+)(?P<number>[0-9]+)$")
# A correction names a voucher of the same year ("B12") or of another year ("2018:B12").
CORRECTS_RE = re.compile(r"^(?:(?P<year>[0-9]{4}):)?(?P<voucher>[A-ZÅÄÖ]+[0-9]+)$")

# The text that ``loader.load_string`` gives as file name: the user's own input.
STRING_SOURCE = "<string>"


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


def is_user_written(entry: data.Directive) -> bool:
    """Written in a ledger file: False for entries beancount or a plugin generated (no
    real file name); a pad's transaction carries the pad's file and counts."""
    filename = (entry.meta or {}).get("filename")
    if not filename:
        return False
    return filename == STRING_SOURCE or not str(filename).startswith("<")


def is_booked(entry: data.Transaction) -> bool:
    """A transaction the economist booked: not a pad, not generated."""
    return entry.flag != flags.FLAG_PADDING and is_user_written(entry)
