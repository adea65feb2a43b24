"""The bank accounts a bank file can be imported to, and the counterparty rules: data in
the books::

    2019-01-01 custom "bankkonto" Tillgångar:Kassa-och-bank:Bankkonto "B"
      Skulder:Kortfristiga:Oklarade-bankposter "SE4580000832790000012345" "5050-1055"
    2019-01-01 custom "bankregel" "Motpart" KONTO

(each on one line). A ``bankkonto`` names the ledger account, the voucher series of its
vouchers, the suspense account for lines nothing matches and the identifiers the bank
files give for it; a ``bankregel`` where a counterparty's lines go. Each is declared once
(per account, per counterparty).

Parsed once per load in :func:`finsam_accounts.domain.parse` (``Books.bank``), which the
plugin reports the errors of; :mod:`finsam_accounts.bank.propose` reads them. Light (no
pandas).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from beancount.core import data

from finsam_accounts.declared import FromDirective, keep_once
from finsam_accounts.errors import FinsamError, error_at

CUSTOM_ACCOUNT = "bankkonto"
CUSTOM_RULE = "bankregel"
ACCOUNT_USAGE = (f'custom "{CUSTOM_ACCOUNT}" ska ange konto, serie, konto för oklarade '
                 "bankposter och bankens nummer för kontot")
RULE_USAGE = f'custom "{CUSTOM_RULE}" ska ange motpart och konto, t.ex. "Telia" Kostnader:Tele'


@dataclass(frozen=True)
class BankAccount(FromDirective):
    account: str
    series: str
    suspense: str
    identifiers: tuple[str, ...]
    entry: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Rule(FromDirective):
    counterparty: str
    account: str
    entry: data.Custom


@dataclass(frozen=True)
class BankSettings:
    accounts: tuple[BankAccount, ...] = ()  # in the order declared
    rules: Mapping[str, str] = field(default_factory=dict)  # counterparty (case-folded) → account


def _account(entry: data.Custom) -> BankAccount | FinsamError:
    values = [v.value for v in entry.values or ()]
    if len(values) < 3 or not all(isinstance(v, str) for v in values):
        return error_at(entry, ACCOUNT_USAGE)
    return BankAccount(values[0], values[1], values[2], tuple(str(v) for v in values[3:]),
                       entry)


def _rule(entry: data.Custom) -> Rule | FinsamError:
    values = [v.value for v in entry.values or ()]
    if len(values) != 2 or not all(isinstance(v, str) and v.strip() for v in values):
        return error_at(entry, RULE_USAGE)
    return Rule(str(values[0]), str(values[1]), entry)


def parse(entries: Sequence[data.Directive]) -> tuple[BankSettings, list[FinsamError]]:
    """The bank accounts (once per account) and counterparty rules (once per counterparty,
    case-folded), and every problem."""
    accounts: dict[str, BankAccount] = {}
    rules: dict[str, Rule] = {}
    errors: list[FinsamError] = []
    for entry in entries:
        if not isinstance(entry, data.Custom):
            continue
        if entry.type == CUSTOM_ACCOUNT:
            keep_once(_account(entry), accounts, errors, entry, key=lambda a: a.account,
                      what=lambda a: f'custom "{CUSTOM_ACCOUNT}" för {a.account}')
        elif entry.type == CUSTOM_RULE:
            keep_once(_rule(entry), rules, errors, entry,
                      key=lambda r: r.counterparty.casefold(),
                      what=lambda r: f'custom "{CUSTOM_RULE}" för "{r.counterparty}"')
    found = {key: rule.account for key, rule in rules.items()}
    return BankSettings(tuple(accounts.values()), found), errors


def own_errors(errors: Iterable[FinsamError]) -> list[FinsamError]:
    """The problems of the books' bank settings among ``errors`` (a malformed or repeated
    ``custom "bankkonto"`` or ``"bankregel"``): beangulp's importer, which gets the books
    whatever their errors, refuses on these, as ``finsam check`` reports them."""
    return [error for error in errors if isinstance(error.entry, data.Custom)
            and error.entry.type in (CUSTOM_ACCOUNT, CUSTOM_RULE)]
