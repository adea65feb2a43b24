"""Where the books keep the VAT refund (momsersättning, lag 2005:807): data, not code.

A samordningsförbund is refunded the ingående moms it may not deduct (2 § lagen
(2005:807)); the refund is claimed per period from Skatteverket and credited to the
skattekonto. The books say which accounts hold the claimable moms, which account is the
skattekonto and how long a period is::

    2019-01-01 custom "momsersättning" "fordran" Tillgångar:Fordringar:Momsfordran
    2019-01-01 custom "momsersättning" "skattekonto" Tillgångar:Fordringar:Skattekonto
    2019-01-01 custom "momsersättning" "period" "kvartal"

``fordran`` may be given more than once (e.g. a separate account for the 6 % schablon of
5 §); ``skattekonto`` and ``period`` ("kvartal" or "månad") once. Without a directive the
defaults are the accounts numbered 1650 (fordran) and 1630 (skattekonto), as in BAS and
the example's Kommun-Bas chart, and quarters.

Pure and light (no pandas): the plugin calls :func:`errors`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from beancount.core import account as account_module
from beancount.core import data

from finsam_accounts.conventions import AccountInfo, account_infos
from finsam_accounts.errors import FinsamError, error_at, source_of
from finsam_accounts.errors import where as location_at

CUSTOM_VAT = "momsersättning"
ACCOUNT = account_module.TYPE
QUARTER, MONTH = "kvartal", "månad"
DEFAULT_RECEIVABLE_NUMBERS = ("1650",)
DEFAULT_TAX_ACCOUNT_NUMBERS = ("1630",)
SYNTAX = ('custom "momsersättning" "fordran" KONTO, "skattekonto" KONTO eller '
          '"period" "kvartal"/"månad"')


@dataclass(frozen=True)
class VatSettings:
    receivables: tuple[str, ...]
    tax_account: str | None
    period: str


def _parse_one(entry: data.Custom, opened: set[str]) -> tuple[str, str] | str:
    values = entry.values or []
    if len(values) != 2 or not isinstance(values[0].value, str):
        return f"momsersättningen ska skrivas {SYNTAX}"
    key, value = values[0].value, values[1]
    if key in ("fordran", "skattekonto"):
        if value.dtype != ACCOUNT:
            return f'momsersättning "{key}": ange ett konto, t.ex. {SYNTAX}'
        if value.value not in opened:
            return f'momsersättning "{key}": kontot {value.value} är inte öppnat'
        return key, value.value
    if key == "period":
        if value.value not in (QUARTER, MONTH):
            return (f'momsersättning "period" ska vara "{QUARTER}" eller "{MONTH}", '
                    f"inte \"{value.value}\"")
        return key, value.value
    return f"okänd uppgift {key!r} för momsersättningen ({SYNTAX})"


def parse(
    entries: Sequence[data.Directive], infos: Mapping[str, AccountInfo] | None = None
) -> tuple[VatSettings, list[FinsamError]]:
    """The settings (defaults where the books say nothing) and every problem; ``infos``:
    the books' accounts (read from the entries when not given)."""
    opened = {e.account for e in entries if isinstance(e, data.Open)}
    receivables: list[str] = []
    single: dict[str, tuple[str, data.Custom]] = {}
    problems: list[FinsamError] = []
    for entry in entries:
        if not isinstance(entry, data.Custom) or entry.type != CUSTOM_VAT:
            continue
        parsed = _parse_one(entry, opened)
        if isinstance(parsed, str):
            problems.append(error_at(entry, parsed))
            continue
        key, value = parsed
        if key == "fordran":
            if value in receivables:
                problems.append(error_at(entry, f"momsersättning: {value} är redan angivet"))
            else:
                receivables.append(value)
            continue
        if key in single:
            problems.append(error_at(entry, (
                f'momsersättning "{key}" är redan angivet '
                f"({location_at(source_of(single[key][1]))})")))
            continue
        single[key] = (value, entry)
    infos = account_infos(entries) if infos is None else infos
    if not receivables:
        receivables = sorted(a for a, i in infos.items()
                             if i.number in DEFAULT_RECEIVABLE_NUMBERS)
    tax = single["skattekonto"][0] if "skattekonto" in single else next(
        (a for a, i in sorted(infos.items()) if i.number in DEFAULT_TAX_ACCOUNT_NUMBERS), None)
    if tax is not None and tax in receivables:
        where = single.get("skattekonto", (None, None))[1]
        if where is not None:
            problems.append(error_at(where, (
                f"momsersättning: skattekontot {tax} kan inte också vara fordran")))
        receivables = [r for r in receivables if r != tax]
    period = single["period"][0] if "period" in single else QUARTER
    return VatSettings(tuple(receivables), tax, period), problems


def errors(entries: Sequence[data.Directive]) -> list[FinsamError]:
    return parse(entries)[1]
