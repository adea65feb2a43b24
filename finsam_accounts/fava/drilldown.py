"""Which accounts stand behind a printed figure, and where Fava lists their vouchers.

A board member or an auditor clicks a figure on a report page and lands on Fava's account
page (one account, or one parent whose accounts are exactly the line's), whose journal
ends at the figure, or on Fava's query page listing the line's postings with a running
total that ends at it, for the period of the column; one more click opens a voucher. The
engine's rows carry their accounts; :func:`row_accounts` adds a sum row's (the accounts of
the lines it sums).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from urllib.parse import quote, urlencode

from finsam_accounts.periods import Period
from finsam_accounts.statements.engine import Row

Accounts = tuple[str, ...]


def row_accounts(rows: Sequence[Row]) -> list[Accounts]:
    """The accounts behind each printed row of a statement, in printed order.

    ``rows`` are the engine's rows of one statement (hidden ones included). A line's row,
    or an expanded line's row per ``rubrik``, carries its accounts; a sum row stands for
    every account of the lines it sums.
    """
    per_line: dict[str, set[str]] = {}
    for row in rows:
        if row.line.is_sum:
            names = {name for ref in row.line.sum for name in per_line.get(ref, set())}
        else:
            names = set(row.accounts)
        per_line.setdefault(row.line.id, set()).update(names)
    return [
        tuple(sorted(per_line[row.line.id] if row.line.is_sum else row.accounts))
        for row in rows
        if not row.hidden
    ]


def fava_time(period: Period) -> str:
    """Fava's time filter for a period: ``2019``, or ``2019-01-01 - 2019-08-31``."""
    if period.is_calendar_year:
        return str(period.year)
    return f"{period.start.isoformat()} - {period.end.isoformat()}"


def covering_parents(names: Collection[str], universe: Iterable[str]) -> list[str]:
    """The fewest accounts whose subtrees hold exactly ``names`` among ``universe``.

    ``Intäkter:SAMO`` stands for all its sub-accounts when every one of them is in
    ``names``; an account not covered that way stands for itself.
    """
    wanted = set(names)
    known = set(universe) | wanted
    chosen: list[str] = []
    left = set(wanted)
    for name in sorted(wanted, key=lambda n: (n.count(":"), n)):
        if name not in left:
            continue
        parts = name.split(":")
        for depth in range(1, len(parts) + 1):
            parent = ":".join(parts[:depth])
            under = {k for k in known if k == parent or k.startswith(parent + ":")}
            if under <= wanted:
                chosen.append(parent)
                left -= under
                break
    return sorted(chosen)


def link(names: Collection[str], universe: Iterable[str], time: str) -> str:
    """Fava address (relative to the ledger's base) listing the accounts' entries.

    One account, or one parent standing for all of them: its account page. Several: the
    journal with an account filter (a regular expression that matches exactly them and
    their sub-accounts). ``time`` is Fava's time filter, e.g. ``2019``. Empty when no
    account stands behind the figure.
    """
    if not names:
        return ""
    parents = covering_parents(names, universe)
    if len(parents) == 1:
        return f"account/{quote(parents[0], safe=':')}/?{urlencode({'time': time})}"
    pattern = "^(?:" + "|".join(_literal(p) for p in parents) + ")(?::|$)"
    query = QUERY.format(pattern=pattern)
    return f"query/?{urlencode({'query_string': query, 'time': time})}"


# The postings of several accounts, each with its amount, and the running total in the
# last column: its last row is the figure (in beancount's signs: income negative).
QUERY = ("SELECT date AS datum, account AS konto, narration AS text, position AS belopp, "
         "balance AS summa "
         "WHERE account ~ '{pattern}'")
_SPECIAL = set(".^$*+?{}[]\\|()'")


def _literal(name: str) -> str:
    """An account name as a regular expression for exactly it (account names hold letters,
    digits, ``-`` and ``:``, none of them special; anything else is escaped)."""
    return re.escape(name) if set(name) & _SPECIAL else name
