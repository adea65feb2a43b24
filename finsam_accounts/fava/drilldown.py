"""Which accounts stand behind a printed figure, and where Fava lists their vouchers.

A board member or an auditor clicks a figure on a report page and lands on Fava's account
page (one account, or one parent whose accounts are exactly the line's) or on Fava's
journal filtered on the line's accounts, for the year of the column; one more click opens
a voucher. The statements engine keeps no record of which accounts made a printed row, so
:func:`row_accounts` derives it from the specification the same way the engine selects
them (a line's terms; an expanded line's rows by their ``rubrik``; a sum line's rows from
the lines it sums).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from urllib.parse import quote, urlencode

from finsam_accounts.ledger import AccountInfo
from finsam_accounts.statements.spec import Statement

Accounts = tuple[str, ...]


def row_accounts(
    statement: Statement, labels: Sequence[str], accounts: Iterable[AccountInfo]
) -> list[Accounts]:
    """The accounts behind each printed row of a statement, in row order.

    ``labels`` are the printed rows' labels (the ``rad`` column), in order. A plain or sum
    line prints one row; an expanded line prints one row per ``rubrik`` that has a figure
    (the engine leaves the others out), so its rows are recognised by their label.
    Raises ValueError when the rows do not follow the specification's lines.
    """
    numbered = [a for a in accounts if a.number]
    per_line: dict[str, Accounts] = {}
    result: list[Accounts] = []
    position = 0
    for line in statement.lines:
        if line.is_sum:
            names = {name for ref in line.sum for name in per_line.get(ref, ())}
        else:
            names = {a.name for t in line.terms for a in numbered if t.selector.matches(a)}
        per_line[line.id] = tuple(sorted(names))
        if not line.expand:
            if position >= len(labels) or labels[position] != line.label:
                raise ValueError(f"{statement.title}: raden {line.label!r} saknas i tabellen")
            result.append(per_line[line.id])
            position += 1
            continue
        groups: dict[str, set[str]] = {}
        for term in line.terms:
            for account in numbered:
                if term.selector.matches(account):
                    groups.setdefault(account.label, set()).add(account.name)
        while position < len(labels) and labels[position] in groups:
            result.append(tuple(sorted(groups[labels[position]])))
            position += 1
    if position != len(labels):
        raise ValueError(f"{statement.title}: tabellen har rader som specifikationen saknar")
    return result


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
    pattern = "^(?:" + "|".join(re.escape(p) for p in parents) + ")(?::|$)"
    return f"journal/?{urlencode({'account': pattern, 'time': time})}"
