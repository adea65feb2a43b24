"""The attest button of the writable Fava: may the logged-in user attest, and the new text.

The user is the login (``REMOTE_USER``); the attestordning maps it to a person with
``anvandare`` (:mod:`finsam_accounts.attest.ordning`). Nothing the browser sends names
the attestant: the form names the voucher (Fava's entry hash), the kind of attest and the
hash of the voucher's lines as the page showed them. :func:`refusal` says why the attest
is refused (Swedish) with the same rules the plugin applies to an attest in the file
(:mod:`finsam_accounts.attest.vouchers`), plus: the voucher's year is not locked, the
attest is not given already, the voucher is not dated after today.
:func:`with_attest` puts the metadata line into the voucher's lines;
:meth:`finsam_accounts.fava.edits.GuardedFile.add_attest` writes it (hash-checked,
atomically, logged).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from beancount.core import data

from finsam_accounts import domain
from finsam_accounts.attest import vouchers
from finsam_accounts.attest.ordning import ROLES

META_LINE = re.compile(r"^(?P<indent>\s+)[a-z][A-Za-z0-9_-]*\s*:")


def today() -> datetime.date:
    """The day of an attest given now (a test replaces it)."""
    return datetime.date.today()


def refusal(entries: Sequence[Any], options: Mapping[str, Any], entry: Any,
            user: str | None, role: str, day: datetime.date) -> str | None:
    """Why ``user`` may not give ``role`` on ``entry`` on ``day`` (Swedish), or None."""
    if not user:
        return "ingen är inloggad (finsam fava --användare)"
    if role not in ROLES:
        return f'okänd attest "{role}" (beslutsattest eller granskningsattest)'
    if not isinstance(entry, data.Transaction) or not vouchers.is_booked(entry):
        return ("verifikationen finns inte i bokföringen (den kan ha ändrats sedan sidan "
                "visades): ladda om sidan")
    books = domain.of(listed(entries), options)
    if entry.date.year in books.locked_years:
        return (f"{entry.date.year} är låst (finsam bokslut): en verifikation i ett låst år "
                "ändras inte")
    attestordning = books.attest
    name = attestordning.of_user(user)
    if name is None:
        return (f"användaren {user} finns inte i attestordningen (anvandare på "
                'custom "attestant")')
    what = vouchers.voucher_name(entry)
    given = (entry.meta or {}).get(role)
    if given is not None:
        return f"{what} har redan {role} ({given})"
    if day < entry.date:
        return f"{what} är daterad {entry.date}, efter i dag ({day})"
    facts = vouchers.facts(entry, books.accounts, vouchers.pnl_roots(options))
    problem = (vouchers.conflicts(entry, role, name)
               or vouchers.why_not(attestordning, facts, name, role, day))
    return f"{what}: {problem}" if problem else None


def with_attest(lines: str, role: str, value: str) -> str:
    """The voucher's lines with ``role: "value"`` after its last metadata line."""
    rows = lines.split("\n")
    position, indent = 1, "  "
    for index, row in enumerate(rows[1:], start=1):
        match = META_LINE.match(row)
        if not match:
            break
        position, indent = index + 1, match["indent"]
    rows.insert(position, f'{indent}{role}: "{value}"')
    return "\n".join(rows)


@dataclass(frozen=True)
class Row:
    """A line of the attest page: an unattested voucher and what the user may give."""

    entry_hash: str
    number: str
    date: datetime.date
    amount: str
    text: str
    missing: tuple[str, ...]
    allowed: tuple[str, ...]  # the missing kinds the logged-in user may give now
    sha256: str


def rows(entries: Sequence[Any], options: Mapping[str, Any], user: str | None,
         day: datetime.date) -> list[Row]:
    """Every voucher that lacks attest, with the buttons the user may press."""
    from fava.beans.funcs import hash_entry
    from fava.core.file import get_entry_slice

    from finsam_accounts.money import format_sv_ore

    found = []
    for item in vouchers.unattested(domain.of(listed(entries), options)):
        entry: Any = item.entry
        allowed = tuple(role for role in item.missing
                        if refusal(entries, options, entry, user, role, day) is None)
        sha = get_entry_slice(entry)[1] if allowed else ""
        found.append(Row(hash_entry(entry), str((entry.meta or {}).get("ver") or ""),
                         entry.date, format_sv_ore(item.amount),
                         entry.narration or entry.payee or "", item.missing, allowed, sha))
    return found


def listed(entries: Sequence[Any]) -> list[Any]:
    """Fava's entries as the list they are (parsed once per load, not once per copy)."""
    return entries if isinstance(entries, list) else list(entries)
