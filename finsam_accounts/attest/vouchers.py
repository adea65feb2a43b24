"""Attest on the vouchers: the metadata, the rules, and what is still unattested.

A voucher carries who registered it and who attested it, with the day::

    2019-03-05 * "Hyresvärden AB" "Hyra mars"
      ver: "B12"
      registrerad_av: "Eva Ek"
      granskningsattest: "Per Ek 2019-03-06"
      beslutsattest: "Anna Berg 2019-03-07"

An attest is the attestant's name (as in the attestordning, :mod:`.ordning`) and the date.
The rules (:func:`errors`, run by the plugin, so bean-check, Fava and ``finsam check``
agree): an attest is well formed; the attestant may give that attest on that day (role,
validity, largest amount, activity and accounts, :func:`why_not`); nobody attests what they
registered, and one person does not give both attests; an attest is not dated before the
voucher. A given attest that breaks them is an **error** at any date: it states something
false about the internal control.

A voucher dated from ``custom "attest-från"`` on that lacks an attest of a kind the
attestordning has people for is **unattested** (:func:`unattested`): a warning in ``finsam
check`` (the attest follows the registration, often days later, so a fresh voucher is not
wrong) and a refusal in ``finsam bokslut`` (a year is not closed with unattested vouchers).
``finsam attest DATUM`` lists them with who may attest each.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from beancount.core import data, flags

from finsam_accounts import books as books_module
from finsam_accounts import domain
from finsam_accounts.attest.ordning import DECISION, REVIEW, ROLES, Attestant, Ordning, format_kr
from finsam_accounts.conventions import META_VOUCHER, AccountInfo
from finsam_accounts.errors import FinsamError, error_at

META_REGISTERED = "registrerad_av"
ATTEST_RE = re.compile(r"^(?P<name>\S(?:.*\S)?)\s+(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})$")
VERB = {DECISION: "beslutsattestera", REVIEW: "granskningsattestera"}
NOUN = {DECISION: "beslutsattesten", REVIEW: "granskningsattesten"}


@dataclass(frozen=True)
class Attest:
    name: str
    date: datetime.date


@dataclass(frozen=True)
class Facts:
    """What the attestordning asks of a voucher: its amount and its income/cost lines."""

    amount: Decimal  # the sum of the debits (SEK), exactly
    lines: tuple[tuple[str, str | None], ...]  # (account number, activity) of P&L postings


def attest_text(name: str, date: datetime.date) -> str:
    """The metadata value of an attest: ``"Anna Berg 2019-03-07"``."""
    return f"{' '.join(name.split())} {date.isoformat()}"


def parse_attest(value: object) -> Attest | None:
    """``"Anna Berg 2019-03-07"`` → Attest; None when it is not a name and a date."""
    match = ATTEST_RE.match(str(value).strip()) if isinstance(value, str) else None
    if not match:
        return None
    try:
        day = datetime.date.fromisoformat(match["date"])
    except ValueError:
        return None
    return Attest(" ".join(match["name"].split()), day)


def voucher_name(entry: data.Transaction) -> str:
    number = (entry.meta or {}).get(META_VOUCHER)
    if number:
        return f"verifikation {number}"
    return f'verifikationen {entry.date} "{entry.narration or entry.payee or ""}"'


def facts(entry: data.Transaction, accounts: Mapping[str, AccountInfo],
          pnl_roots: tuple[str, ...]) -> Facts:
    debits = sum((Decimal(p.units.number) for p in entry.postings
                  if p.units is not None and isinstance(p.units.number, Decimal)
                  and p.units.number > 0), start=Decimal(0))
    lines = []
    for posting in entry.postings:
        if posting.account.split(":", 1)[0] in pnl_roots:
            info = accounts.get(posting.account)
            lines.append((info.number if info else "", info.activity if info else None))
    return Facts(debits, tuple(lines))


def pnl_roots(options: Mapping[str, Any]) -> tuple[str, ...]:
    """The root names of income and cost accounts (beancount's ``get_account_types``)."""
    roots = books_module.account_roots(options)
    return roots.income, roots.expenses


def _scope_reason(attestant: Attestant, voucher: Facts) -> str | None:
    if not attestant.restricted:
        return None
    if not voucher.lines:
        return ("verifikationen har inga intäkts- eller kostnadskonton, och rätten gäller "
                "bara en del av verksamheten")
    for number, activity in voucher.lines:
        if attestant.activities and activity not in attestant.activities:
            return (f"verksamhet {activity or '(ingen)'} ingår inte "
                    f"(bara {', '.join(sorted(attestant.activities))})")
        if attestant.ranges and not any(
                number.isdigit() and a <= int(number) <= b for a, b in attestant.ranges):
            allowed = ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in attestant.ranges)
            return f"konto {number or '(utan nummer)'} ingår inte (bara {allowed})"
    return None


def reason(attestant: Attestant, voucher: Facts, day: datetime.date) -> str | None:
    """Why this line of the attestordning does not allow the attest, or None."""
    if not attestant.valid_on(day):
        until = attestant.valid_to.isoformat() if attestant.valid_to else ""
        return (f"rätten gäller {attestant.valid_from}–{until}, attesten är daterad {day}")
    if attestant.limit is not None and voucher.amount > attestant.limit:
        return (f"beloppet {format_kr(voucher.amount)} är över gränsen "
                f"{format_kr(attestant.limit)}")
    return _scope_reason(attestant, voucher)


def why_not(ordning: Ordning, voucher: Facts, name: str, role: str,
            day: datetime.date) -> str | None:
    """Why ``name`` may not give ``role`` on a voucher on ``day`` (Swedish), or None."""
    lines = ordning.named(name)
    if not lines:
        return f'{name} finns inte i attestordningen (custom "attestant")'
    lines = [a for a in lines if a.role == role]
    if not lines:
        return f"{name} har inte rätt till {role} i attestordningen"
    reasons = [reason(a, voucher, day) for a in lines]
    if any(r is None for r in reasons):
        return None
    return next(r for r in reasons if r is not None)


def attests(entry: data.Transaction) -> dict[str, Attest | None]:
    """The attests a voucher carries, by role (None for a malformed one)."""
    meta = entry.meta or {}
    return {role: parse_attest(meta[role]) for role in ROLES if role in meta}


def registered_by(entry: data.Transaction) -> str | None:
    value = (entry.meta or {}).get(META_REGISTERED)
    return " ".join(str(value).split()) if value is not None else None


def conflicts(entry: data.Transaction, role: str, name: str) -> str | None:
    """Why ``name`` may not give ``role`` because of who else handled the voucher."""
    return self_attest(entry, role, name) or double_attest(entry, role, name)


def self_attest(entry: data.Transaction, role: str, name: str) -> str | None:
    if registered_by(entry) == name:
        return (f"{name} har registrerat verifikationen och får inte {VERB[role]} den "
                "(självattest)")
    return None


def double_attest(entry: data.Transaction, role: str, name: str) -> str | None:
    other = ROLES[1 - ROLES.index(role)]
    given = attests(entry).get(other)
    if given is not None and given.name == name:
        return (f"{name} har redan {VERB[other]}t verifikationen; två olika personer "
                "ska attestera")
    return None


def is_booked(entry: data.Directive) -> bool:
    """A transaction the economist booked (not a pad, not generated by a plugin)."""
    filename = str((entry.meta or {}).get("filename") or "")
    return (isinstance(entry, data.Transaction) and entry.flag != flags.FLAG_PADDING
            and bool(filename) and (filename == "<string>" or not filename.startswith("<")))


def vouchers(entries: Iterable[data.Directive],
             books: books_module.Books) -> Iterable[data.Transaction]:
    """The booked vouchers that attest concerns (not the balances brought in)."""
    first = books.first_day
    for entry in entries:
        if is_booked(entry) and not books.is_opening(entry) and not (
                first is not None and entry.date < first):
            assert isinstance(entry, data.Transaction)
            yield entry


def voucher_errors(entry: data.Transaction, ordning: Ordning,
                   accounts: Mapping[str, AccountInfo],
                   roots: tuple[str, ...]) -> Iterable[FinsamError]:
    what = voucher_name(entry)
    meta = entry.meta or {}
    if META_REGISTERED in meta and not (isinstance(meta[META_REGISTERED], str)
                                        and registered_by(entry)):
        yield error_at(entry, f'{what}: {META_REGISTERED} ska vara ett namn, t.ex. '
                              f'{META_REGISTERED}: "Eva Ek"')
    given = attests(entry)
    voucher = None
    for role, attest in given.items():
        if attest is None:
            yield error_at(entry, f'{what}: {role} "{meta[role]}" ska vara namn och datum, '
                                  f't.ex. {role}: "Anna Berg {entry.date}"')
            continue
        voucher = voucher or facts(entry, accounts, roots)
        problem = (self_attest(entry, role, attest.name)  # "both" reported once:
                   or (double_attest(entry, role, attest.name) if role == DECISION else None)
                   or why_not(ordning, voucher, attest.name, role, attest.date))
        if problem:
            yield error_at(entry, f"{what}: {problem}")
        if attest.date < entry.date:
            yield error_at(entry, f"{what}: {NOUN[role]} är daterad {attest.date}, före "
                                  f"verifikationens datum {entry.date}")


def errors(entries: Sequence[data.Directive], options: Mapping[str, Any]) -> list[FinsamError]:
    """Every wrong attest (the plugin's check; the attestordning's own errors are the
    books', :func:`finsam_accounts.domain.parse`)."""
    found: list[FinsamError] = []
    has_attest = any(isinstance(e, data.Transaction) and (
        META_REGISTERED in (e.meta or {}) or any(r in (e.meta or {}) for r in ROLES))
        for e in entries)
    if not has_attest:
        return found
    books = domain.of(entries, options)
    ordning = books.attest
    roots = pnl_roots(options)
    for entry in vouchers(entries, books):
        found.extend(voucher_errors(entry, ordning, books.accounts, roots))
    return found


@dataclass(frozen=True)
class Unattested:
    """A voucher that lacks attest, and who could give each missing one on a day."""

    entry: data.Transaction
    amount: Decimal
    missing: tuple[str, ...]
    candidates: Mapping[str, tuple[str, ...]]  # role → names


def candidates(ordning: Ordning, entry: data.Transaction, voucher: Facts, role: str,
               day: datetime.date) -> tuple[str, ...]:
    names = dict.fromkeys(a.name for a in ordning.attestants if a.role == role)
    return tuple(name for name in names
                 if why_not(ordning, voucher, name, role, day) is None
                 and conflicts(entry, role, name) is None)


def unattested(books: books_module.Books, up_to: datetime.date | None = None,
               year: int | None = None) -> list[Unattested]:
    """The vouchers from ``attest-från`` (up to ``up_to``, in ``year`` if given) that lack
    an attest the attestordning asks for, in date and number order."""
    ordning = books.attest
    required = ordning.required_roles
    if ordning.start is None or not required:
        return []
    roots = books.roots.income, books.roots.expenses
    day = up_to or datetime.date.max
    result = []
    for entry in vouchers(books.entries, books):
        if (not ordning.requires(entry.date) or entry.date > day
                or (year is not None and entry.date.year != year)):
            continue
        given = attests(entry)
        missing = tuple(role for role in required if given.get(role) is None)
        if not missing:
            continue
        voucher = facts(entry, books.accounts, roots)
        when = up_to or entry.date
        result.append(Unattested(entry, voucher.amount, missing, {
            role: candidates(ordning, entry, voucher, role, when) for role in missing}))
    return result


def warnings(entries: Sequence[data.Directive], options: Mapping[str, Any]) -> list[str]:
    """One line for the unattested vouchers (``finsam check``'s warnings)."""
    found = unattested(domain.of(entries, options))
    if not found:
        return []
    numbers = [str((u.entry.meta or {}).get(META_VOUCHER) or u.entry.date) for u in found]
    shown = ", ".join(numbers[:10]) + (f" och {len(numbers) - 10} till"
                                       if len(numbers) > 10 else "")
    plural = "verifikation saknar" if len(found) == 1 else "verifikationer saknar"
    return [f"{len(found)} {plural} attest ({shown}); se finsam attest DATUM"]
