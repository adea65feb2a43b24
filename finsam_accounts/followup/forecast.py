"""The default full-year forecast of a follow-up, per row of the utfall/budget table.

"Actual to date + the budget left" misleads on real books: January's reversal of last
year's accruals makes a cost line look cheap until the year-end accrual, and a line
invoiced in arrears or once a year lags its budget. So each row of the utfall/budget
table (its accounts together, the way the board reads it) gets one method, in this order:

* ``manuell``: the economist's forecast for the row, or for all its accounts;
* ``budgetprofil``: a budget profile says when the line falls due (the economist's own
  statement): actual to date + the budget left by the profile;
* ``periodiseras``: the row's accounts were credited in January by the reversal of last
  year's accrual (a January voucher that moves a cost away from, or an income into, an
  accrual account: no bank account in it, a balance account against the result).
  Such a line is accrued again at year end, so its year is its budget, unless more is
  already booked: the forecast is the larger of the two (in the row's direction); on the
  year's last day the year is booked and the next method applies;
* ``fjolårets mönster``: the previous fiscal year is in the books with postings on the
  row: the share of last year's amount that came after the same date is the share of
  this year's budget still to come (0–100 %); without a budget, last year's amount after
  the date is added;
* ``återstående budget``: actual to date + (annual budget − budget to date);
* ``utfall hittills``: no budget and no previous year: the actual to date.

Accounts outside every row keep "actual + the budget left". A row's forecast is exact in
öre; the difference from its actual is carried by the row's account with the largest
budget (else its first account), so the engine's sums see it. Amounts carry beancount
signs (income negative).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from beancount.core import data

from finsam_accounts.books import Books
from finsam_accounts.budget import Forecast
from finsam_accounts.money import ORE, ZERO
from finsam_accounts.statements.engine import selected
from finsam_accounts.statements.spec import Statement

MANUAL = "manuell"
PROFILE = "budgetprofil"
ACCRUED = "periodiseras"
LAST_YEAR = "fjolårets mönster"
REMAINING = "återstående budget"
ACTUAL = "utfall hittills"

METHOD_TEXT = {
    MANUAL: "ekonomens manuella prognos",
    PROFILE: "utfall + återstående budget enligt radens budgetprofil",
    ACCRUED: "årsbudgeten (eller utfallet om det är större): raden återfördes i januari och "
             "periodiseras vid årsskiftet",
    LAST_YEAR: "utfall + den andel av årsbudgeten som fjolåret hade kvar efter samma datum "
               "(utan budget: fjolårets belopp efter datumet)",
    REMAINING: "utfall + återstående budget (lika delar per månad)",
    ACTUAL: "utfallet hittills (ingen budget och inget fjolår)",
}

Amounts = Mapping[str, Decimal]


@dataclass(frozen=True)
class Group:
    """One row of the utfall/budget table: its key (line id, label) and accounts."""

    key: tuple[str, str]
    accounts: tuple[str, ...]
    aliases: tuple[tuple[str, str], ...] = ()  # keys of rows merged into this one

    @property
    def keys(self) -> tuple[tuple[str, str], ...]:
        return (self.key, *self.aliases)


@dataclass(frozen=True)
class Inputs:
    """Per account, what the forecast is computed from (beancount signs, exact in öre)."""

    date: datetime.date
    actual: Amounts
    annual: Amounts | None  # revised annual budget; None: the year has no budget
    to_date: Amounts | None
    last_to_date: Amounts | None  # None: the previous year is not in the books
    last_year: Amounts | None
    reversals: Amounts = field(default_factory=dict)
    profiled: frozenset[str] = frozenset()
    manual: Mapping[str, Forecast] = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    """Per account the full-year forecast; per row the method it used."""

    amounts: dict[str, Decimal]
    methods: dict[tuple[str, str], str]


def groups(statement: Statement, books: Books) -> list[Group]:
    """The statement's account rows: a line, or one ``rubrik`` of an expanded line; an
    account belongs to the first row that selects it."""
    infos = [a for a in books.accounts.values() if a.number]
    taken: set[str] = set()
    found: list[Group] = []
    first: dict[tuple[str, str], tuple[int, bool]] = {}  # (section, label): index, expanded
    for line in statement.lines:
        if line.is_sum:
            continue
        picked = [a for term in line.terms for a in selected(term, infos) if a.name not in taken]
        by_label: dict[str, list[str]] = {}
        for account in sorted(picked, key=lambda a: a.number):
            label = account.label if line.expand else line.label
            names = by_label.setdefault(label, [])
            if account.name not in names:
                names.append(account.name)
        for label, names in by_label.items():
            taken.update(names)
            earlier = first.get((line.section, label))
            if earlier is not None and (earlier[1] or line.expand):  # one row (the engine)
                index = earlier[0]
                found[index] = Group(found[index].key, (*found[index].accounts, *names),
                                     (*found[index].aliases, (line.id, label)))
                continue
            first.setdefault((line.section, label), (len(found), bool(line.expand)))
            found.append(Group((line.id, label), tuple(names)))
    return found


def is_reversal(entry: data.Transaction, books: Books, year: int) -> bool:
    """A January voucher that turns last year's accrual back: result accounts against a
    balance account (no bank or cash, no equity)."""
    if entry.date.year != year or entry.date.month != 1:
        return False
    roots = books.result_roots
    balance = [p for p in entry.postings if not p.account.startswith(roots)]
    if not balance or len(balance) == len(entry.postings):
        return False
    for posting in balance:
        number = books.accounts[posting.account].number if posting.account in books.accounts \
            else ""
        if not number or number.startswith(("19", "20")):
            return False
    return True


def reversals(books: Books, year: int) -> dict[str, Decimal]:
    """Per result account, what January's reversals moved against its direction (a cost
    credited, an income debited), in beancount signs."""
    income, expenses = books.result_roots
    found: dict[str, Decimal] = {}
    for entry in books.entries:
        if not isinstance(entry, data.Transaction) or entry.date.year != year \
                or entry.date.month != 1 or not is_reversal(entry, books, year):
            continue
        for posting in entry.postings:
            number = posting.units.number if posting.units is not None else None
            if number is None:
                continue
            against = (posting.account.startswith(expenses) and number < 0) or (
                posting.account.startswith(income) and number > 0)
            if against:
                found[posting.account] = found.get(posting.account, ZERO) + number
    return found


def _total(amounts: Amounts | None, accounts: Iterable[str]) -> Decimal:
    return sum(((amounts or {}).get(a, ZERO) for a in accounts), ZERO)


def _larger(budget: Decimal, actual: Decimal) -> Decimal:
    """The larger amount in the row's direction (costs positive, income negative)."""
    return max(budget, actual) if budget >= 0 else min(budget, actual)


def row_forecast(group: Group, inputs: Inputs) -> tuple[Decimal, str]:
    """The row's full-year forecast (the accounts without a manual forecast) and method."""
    accounts = group.accounts
    actual = _total(inputs.actual, accounts)
    has_budget = inputs.annual is not None and any(a in inputs.annual for a in accounts)
    annual = _total(inputs.annual, accounts)
    if has_budget and any(a in inputs.profiled for a in accounts):
        return actual + annual - _total(inputs.to_date, accounts), PROFILE
    year_end = (inputs.date.month, inputs.date.day) == (12, 31)
    if has_budget and annual and not year_end and _total(inputs.reversals, accounts):
        return _larger(annual, actual), ACCRUED
    if inputs.last_year is not None and any(
        (inputs.last_year or {}).get(a) or (inputs.last_to_date or {}).get(a) for a in accounts
    ):
        last_full = _total(inputs.last_year, accounts)
        after = last_full - _total(inputs.last_to_date, accounts)
        if not has_budget:
            return actual + after, LAST_YEAR
        if last_full:
            share = min(max(after / last_full, ZERO), Decimal(1))
            return actual + (annual * share).quantize(ORE, rounding=ROUND_HALF_UP), LAST_YEAR
    if has_budget:
        return actual + annual - _total(inputs.to_date, accounts), REMAINING
    return actual, ACTUAL


def _carrier(accounts: Sequence[str], inputs: Inputs) -> str:
    """The row's account that carries its forecast beyond the actual figures."""
    budgets = inputs.annual or {}
    return max(accounts, key=lambda a: (abs(budgets.get(a, ZERO)), -accounts.index(a)))


def forecast(row_groups: Sequence[Group], inputs: Inputs) -> Result:
    """Every account's full-year forecast and every row's method."""
    amounts: dict[str, Decimal] = dict(inputs.actual)
    for account, annual in (inputs.annual or {}).items():  # accounts outside every row
        amounts[account] = amounts.get(account, ZERO) + annual \
            - (inputs.to_date or {}).get(account, ZERO)
    methods: dict[tuple[str, str], str] = {}
    for group in row_groups:
        whole = [inputs.manual[a] for a in group.accounts
                 if a in inputs.manual and inputs.manual[a].row]
        if whole:  # the latest forecast for the whole row wins
            latest = max(whole, key=lambda f: f.date)
            for account in group.accounts:
                amounts[account] = inputs.actual.get(account, ZERO)
            carrier = _carrier(group.accounts, inputs)
            amounts[carrier] += latest.amount - _total(inputs.actual, group.accounts)
            methods.update(dict.fromkeys(group.keys, MANUAL))
            continue
        manual = [a for a in group.accounts if a in inputs.manual]
        rest = tuple(a for a in group.accounts if a not in inputs.manual)
        for account in manual:
            amounts[account] = inputs.manual[account].amount
        if rest:
            value, method = row_forecast(Group(group.key, rest), inputs)
            for account in rest:
                amounts[account] = inputs.actual.get(account, ZERO)
            carrier = _carrier(rest, inputs)
            amounts[carrier] = amounts[carrier] + value - _total(inputs.actual, rest)
            methods.update(dict.fromkeys(
                group.keys, f"{MANUAL} + {method}" if manual else method))
        else:
            methods.update(dict.fromkeys(group.keys, MANUAL))
    return Result(amounts, methods)
