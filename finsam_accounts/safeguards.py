"""Plugin rules that protect the figures: mistakes that would change a reported figure.

Each of these passes beancount unnoticed and would make a report show a wrong figure (or
refuse later with a message that does not say why), so each is an error of the plugin,
reported at the entry at fault:

* an amount in SEK with more than two decimals (öre): the statements sum exactly in öre,
  so ``4865960.725`` would make two equal-looking printed figures disagree;
* a posting or a budget in another commodity than SEK: the conventions keep the books in
  SEK, and a budget in EUR would be read as SEK;
* a budget line for an account not in the chart, or two lines for one account on one date
  (which one counts?), a budget amount in part öre; the line's form, period, account and
  currency are checked by ``budget.py``;
* an account whose root is not one of the main file's five root names (an
  ``option "name_equity"`` line missing there): it would be classified wrongly;
* a contribution account without a valid member: an account beside the members' accounts
  (same parent) without ``medlem`` metadata drops out of the contributions and so out of
  trappan's base.

An amount or number too large for a förbund's books (more than 12 digits before the
decimal point, :func:`too_large_errors`) is checked first and alone: 27 digits would
overflow the exact arithmetic (28 significant digits) of every later check and report.

A budget with the opposite sign of its account type (a cost budgeted negative, an income
budgeted positive) is only a warning (:func:`budget_sign_warnings`): a line can
legitimately be budgeted as a net refund (e.g. a cost line that expects a repayment).

No pandas here: the plugin runs inside every ``bean-check`` and Fava reload.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from beancount.core import data, flags
from beancount.parser.options import OPTIONS_DEFAULTS

from finsam_accounts.books import ROOT_OPTIONS, account_roots
from finsam_accounts.errors import FinsamError, error_at, relative_name, source_of

CURRENCY = "SEK"
ORE = Decimal("0.01")
CUSTOM_BUDGET = "budget"
CUSTOM_EQUITY_BUDGET = "budget-eget-kapital"
CUSTOM_FORECAST = "prognos"
SIGNED = {CUSTOM_BUDGET: 2, CUSTOM_FORECAST: 1}  # where the amount of a signed line stands
VERBS = {"budgeten": "budgeteras", "prognosen": "prognostiseras"}
META_MEMBER = "medlem"
META_VOUCHER = "ver"


ENGLISH_ROOTS = tuple(OPTIONS_DEFAULTS[key] for key in ROOT_OPTIONS)  # beancount's defaults


MAX_DIGITS = 12  # before the decimal point: up to 999 999 999 999 kr


def too_large(number: Any) -> bool:
    """A number with more than :data:`MAX_DIGITS` digits before the decimal point."""
    if not isinstance(number, Decimal) or not number.is_finite() or not number:
        return False
    return number.adjusted() >= MAX_DIGITS


def too_large_errors(entries: Iterable[data.Directive]) -> list[FinsamError]:
    """Every entry with an amount or number too large for the books, named once."""
    found: list[FinsamError] = []
    for entry in entries:
        numbers: list[tuple[Any, str]] = []
        if isinstance(entry, data.Transaction):
            for posting in entry.postings:
                units = posting.units
                if units is not None and too_large(units.number):
                    numbers.append((units.number, f" {units.currency} på {posting.account}"))
        elif isinstance(entry, data.Custom):
            for value in entry.values or ():
                number = getattr(value.value, "number", value.value)
                currency = getattr(value.value, "currency", None)
                if too_large(number):
                    numbers.append((number, f" {currency}" if currency else ""))
        elif isinstance(entry, data.Balance) and too_large(entry.amount.number):
            numbers.append((entry.amount.number, f" {entry.amount.currency}"))
        if numbers:
            number, rest = numbers[0]
            what = f"{_voucher(entry)}: beloppet" if isinstance(entry, data.Transaction) else (
                f'custom "{entry.type}": talet' if isinstance(entry, data.Custom)
                else "saldokontrollen: beloppet")
            found.append(error_at(entry, (
                f"{what} {number}{rest} är för stort: högst {MAX_DIGITS} siffror före "
                "decimaltecknet")))
    return found


def errors(entries: Sequence[data.Directive], options: dict[str, Any]) -> list[FinsamError]:
    """Every figure-changing mistake in the entries (see the module docstring)."""
    opened = {e.account: e for e in entries if isinstance(e, data.Open)}
    return [
        *root_errors(opened.values(), options),
        *posting_errors(entries),
        *budget_errors(entries, set(opened)),
        *balance_sheet_budget_errors(entries, options),
        *member_account_errors(opened.values()),
    ]


def root_errors(opened: Iterable[data.Open], options: dict[str, Any]) -> Iterator[FinsamError]:
    """Accounts whose root is none of the main file's five root names.

    Beancount reads each file with its own ``option "name_..."`` lines but classifies
    accounts by the main file's: with a line missing there, ``Eget-kapital:...`` parses in
    its own file but is no equity account, and the statements go wrong without an error.
    """
    if not all(key in options for key in ROOT_OPTIONS):
        return  # not beancount's options map (a test calling the plugin directly)
    roots = [str(options[key]) for key in ROOT_OPTIONS]
    # The option left at beancount's English default is the one the main file lacks.
    unset = [key for key, name in zip(ROOT_OPTIONS, ENGLISH_ROOTS, strict=True)
             if options.get(key) == name]
    option = unset[0] if len(unset) == 1 else "name_..."
    for entry in opened:
        root = entry.account.split(":", 1)[0]
        if root not in roots and _user_written(entry):
            yield error_at(
                entry,
                f"konto {entry.account} har roten {root}, som inte är ett av rotkontona i "
                f"huvudfilen ({', '.join(roots)}): lägg till raden option \"{option}\" "
                f'"{root}" överst i huvudfilen',
            )


def _user_written(entry: data.Directive) -> bool:
    filename = str((entry.meta or {}).get("filename") or "")
    return bool(filename) and (filename == "<string>" or not filename.startswith("<"))


def _voucher(entry: data.Transaction) -> str:
    number = (entry.meta or {}).get(META_VOUCHER)
    return f"verifikation {number}" if number else "verifikationen"


def amount_problem(number: Decimal | None, currency: str | None) -> str | None:
    """Why an amount cannot be used in the books, or None."""
    if currency != CURRENCY:
        return f"är i {currency}, men bokföringen förs bara i {CURRENCY}"
    if number is not None and number != number.quantize(ORE):
        return "har fler än två decimaler: ange beloppet i hela öre"
    return None


def posting_errors(entries: Iterable[data.Directive]) -> Iterator[FinsamError]:
    """Postings (written by the economist) in another commodity, or with part öre."""
    for entry in entries:
        if not isinstance(entry, data.Transaction) or entry.flag == flags.FLAG_PADDING:
            continue
        if not _user_written(entry):
            continue
        for posting in entry.postings:
            units = posting.units
            if units is None or not isinstance(units.number, Decimal):
                continue
            problem = amount_problem(units.number, units.currency)
            if problem:
                yield error_at(
                    entry,
                    f"{_voucher(entry)}: beloppet {units.number} {units.currency} på "
                    f"{posting.account} {problem}",
                )


def budget_errors(entries: Iterable[data.Directive], accounts: set[str]) -> Iterator[FinsamError]:
    """Budget lines that cannot be used, or would be used with a wrong figure."""
    for entry in entries:
        if not isinstance(entry, data.Custom):
            continue
        if entry.type == CUSTOM_EQUITY_BUDGET:
            yield from _equity_budget_errors(entry)
            continue
        if entry.type != CUSTOM_BUDGET:
            continue
        values = [v.value for v in entry.values]
        if len(values) != 3 or not hasattr(values[2], "number"):
            continue  # the line's form and period: plugin.budget_errors (budget.py)
        account, amount = str(values[0]), values[2]
        # An unknown account and another currency are budget.errors' (one parser a line).
        problem = amount_problem(amount.number, amount.currency) \
            if amount.currency == CURRENCY else None
        if problem:
            yield error_at(
                entry, f"budgeten för {account}: beloppet {amount.number} {amount.currency} "
                f"{problem}"
            )


def balance_sheet_budget_errors(
    entries: Iterable[data.Directive], options: dict[str, Any]
) -> Iterator[FinsamError]:
    """A budget or forecast for a balance-sheet account: the follow-up shows income and
    costs only, so the line would be shown nowhere (the budgeted equity has its own
    ``custom "budget-eget-kapital"``)."""
    roots = account_roots(options)
    followed = (roots.income, roots.expenses)
    for entry in entries:
        if not (isinstance(entry, data.Custom) and entry.type in SIGNED) or not entry.values:
            continue
        account = entry.values[0].value
        if not isinstance(account, str) or ":" not in account:
            continue  # the line's form: budget.errors
        if account.split(":", 1)[0] not in followed:
            what = "budgeten" if entry.type == CUSTOM_BUDGET else "prognosen"
            yield error_at(entry, (
                f"{what} för {account}: bara intäkts- och kostnadskonton ({followed[0]}, "
                f"{followed[1]}) följs upp mot budget, så raden skulle inte synas någonstans; "
                f'eget kapital budgeteras med custom "{CUSTOM_EQUITY_BUDGET}"'))


def _equity_budget_errors(entry: data.Custom) -> Iterator[FinsamError]:
    values = [v.value for v in entry.values]
    if len(values) != 1 or not hasattr(values[0], "number") or values[0].currency != CURRENCY:
        return  # the line's form and currency: budget.errors
    problem = amount_problem(values[0].number, values[0].currency)
    if problem:
        yield error_at(
            entry,
            f"budgeterat eget kapital: beloppet {values[0].number} {values[0].currency} "
            f"{problem}",
        )


def member_account_errors(opened: Iterable[data.Open]) -> Iterator[FinsamError]:
    """An account beside the members' contribution accounts without ``medlem``.

    The members' accounts are the accounts with ``medlem`` metadata; their parents
    (``Intäkter:SAMO:Medlemsavgifter``, never a root account) hold the contribution
    accounts. A sibling without
    the metadata would drop out of the contributions and of trappan's base unnoticed.
    (A ``medlem`` naming no declared member is reported by the contribution checks.)
    """
    accounts = list(opened)
    # A root account ("Intäkter") is no group of contribution accounts: skip it.
    parents = {
        a.account.rsplit(":", 1)[0]
        for a in accounts
        if str((a.meta or {}).get(META_MEMBER) or "").strip() and a.account.count(":") > 1
    }
    for entry in accounts:
        if not _user_written(entry):
            continue
        value = str((entry.meta or {}).get(META_MEMBER) or "").strip()
        if value:
            continue
        if META_MEMBER in (entry.meta or {}) or entry.account.rsplit(":", 1)[0] in parents:
            yield error_at(
                entry,
                f"konto {entry.account} är ett avgiftskonto men saknar medlem "
                f'(metadata {META_MEMBER}, t.ex. "umea"): utan den räknas avgifterna inte '
                "som medlemsavgift, och trappans bas blir fel",
            )


def budget_sign_warnings(
    entries: Iterable[data.Directive], options: dict[str, Any]
) -> list[str]:
    """Budgets whose sign is unusual for their account type (a warning, not an error:
    a cost line can be budgeted as a net refund)."""
    roots = account_roots(options)
    income, expenses = roots.income, roots.expenses
    found: list[str] = []
    for entry in entries:
        if not (isinstance(entry, data.Custom) and entry.type in SIGNED):
            continue
        values = [v.value for v in entry.values or ()]
        position = SIGNED[entry.type]
        if len(values) <= position or not hasattr(values[position], "number"):
            continue
        account, number = str(values[0]), values[position].number
        what = "budgeten" if entry.type == CUSTOM_BUDGET else "prognosen"
        root = account.split(":", 1)[0]
        source = source_of(entry)
        where = f"{relative_name(str(source['filename']), Path.cwd())}:{source['lineno']}"
        if root == expenses and number < 0:
            found.append(
                f"{what} för kostnadskontot {account} är negativ ({number} SEK, {where}): "
                f"kostnader {VERBS[what]} positiva; rätt bara om raden avser en återbetalning"
            )
        elif root == income and number > 0:
            found.append(
                f"{what} för intäktskontot {account} är positiv ({number} SEK, {where}): "
                f"intäkter {VERBS[what]} negativa (beancounts tecken)"
            )
    return found
