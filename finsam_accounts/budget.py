"""Budgets: parse Fava's ``custom "budget"`` entries and compute budgets per month ourselves.

Fava's syntax is kept so Fava still shows the budgets:
``2019-01-01 custom "budget" Kostnader:SAMO:Insatser:Vännäs "yearly" 700000.00 SEK``.
The arithmetic is ours, per calendar month (Fava spreads per day), exact in öre:

* A year's budget for an account is the budget directives dated in that year. The first
  is the **adopted** budget and covers the whole year; each later one is a **revision**
  that applies from the first month that begins on or after its date. A revised yearly
  amount is the new annual budget: the months before the revision keep what they had,
  the rest of the amount is spread over the remaining months. A revised monthly or
  quarterly amount is the new amount per month or quarter from then on.
* A line's months follow its **profile** (``custom "budgetprofil" KONTO "kvartal"`` or
  twelve weights), the latest one dated in or before the year; equal twelfths by default.
  Month k gets round(A·W_k/W) − round(A·W_{k−1}/W) (W_k the weights of months 1..k), so
  the budget to date is one rounding of the exact share and the months add up to A.
* A **manual forecast** (``custom "prognos" KONTO BELOPP SEK "kommentar"``) sets an
  account's full-year forecast (with ``rad: TRUE`` the whole row's that the account is
  on); the latest one dated on or before the follow-up date wins.

Amounts carry beancount signs (income negative). Accounts are matched exactly, never by
name prefix. :func:`errors` reports unusable directives for the beancount plugin; it
imports nothing heavy.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from beancount.core import data

from finsam_accounts.derived import copy_lists, per_entries
from finsam_accounts.errors import FinsamError, ReportError, error_at, source_of, where
from finsam_accounts.money import ORE, ZERO

CUSTOM_BUDGET = "budget"
CUSTOM_EQUITY_BUDGET = "budget-eget-kapital"
CUSTOM_PROFILE = "budgetprofil"
CUSTOM_FORECAST = "prognos"
CURRENCY = "SEK"
MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "yearly": 12}
EQUAL = (Decimal(1),) * 12
NAMED_PROFILES: dict[str, tuple[Decimal, ...]] = {
    "jämn": EQUAL,
    "kvartal": tuple(Decimal(1 if m % 3 == 0 else 0) for m in range(12)),
    "halvår": tuple(Decimal(1 if m % 6 == 0 else 0) for m in range(12)),
}
BUDGET_SYNTAX = 'custom "budget" KONTO "yearly|quarterly|monthly" BELOPP SEK'
PROFILE_SYNTAX = (
    'custom "budgetprofil" KONTO "jämn|kvartal|halvår", eller KONTO och tolv vikter '
    "(en per månad)"
)
FORECAST_SYNTAX = 'custom "prognos" KONTO BELOPP SEK "kommentar"'
FORECAST_ROW = "rad"  # metadata: the forecast is the whole row's (the account's row)


@dataclass(frozen=True)
class Budget:
    """One ``custom "budget"`` entry, with the monthly profile in force for its year."""

    date: datetime.date
    account: str
    period: str
    amount: Decimal
    currency: str
    source: dict[str, Any]
    weights: tuple[Decimal, ...] = field(default=EQUAL, compare=False)


@dataclass(frozen=True)
class Profile:
    """A line's monthly weights (``custom "budgetprofil"``), from its year on."""

    date: datetime.date
    account: str
    weights: tuple[Decimal, ...]
    name: str


@dataclass(frozen=True)
class Forecast:
    """A manual full-year forecast for an account (``custom "prognos"``)."""

    date: datetime.date
    account: str
    amount: Decimal
    comment: str
    row: bool = False  # ``rad: TRUE``: the forecast of the whole row the account is on


# ---------------------------------------------------------------------------- parsing


def _values(entry: data.Custom) -> list[Any]:
    return [v.value for v in entry.values]


def _is_amount(value: Any) -> bool:
    return hasattr(value, "number") and hasattr(value, "currency")


def _is_number(value: Any) -> bool:
    return isinstance(value, Decimal | int) and not isinstance(value, bool)


def _account(value: Any) -> str | None:
    """An account name (beancount gives custom account values as plain strings)."""
    return value if isinstance(value, str) and ":" in value else None


def _budget_problem(values: list[Any]) -> str | None:
    if len(values) != 3 or _account(values[0]) is None or not _is_amount(values[2]):
        return f"budgetraden ska vara: {BUDGET_SYNTAX}"
    if values[1] not in MONTHS_PER_PERIOD:
        allowed = ", ".join(MONTHS_PER_PERIOD)
        return f'okänd budgetperiod "{values[1]}" (tillåtna: {allowed})'
    if values[2].currency != CURRENCY:
        return (f"budgeten för {values[0]}: beloppet {values[2].number} {values[2].currency} "
                f"är i {values[2].currency}, men bokföringen förs bara i {CURRENCY}")
    return None


def _profile_weights(values: list[Any]) -> tuple[Decimal, ...] | str:
    """The weights of a profile directive, or the problem with it."""
    if values and _account(values[0]) is not None:
        if len(values) == 2 and values[1] in NAMED_PROFILES:
            return NAMED_PROFILES[values[1]]
        if len(values) == 2 and isinstance(values[1], str):
            allowed = ", ".join(NAMED_PROFILES)
            return f'okänd budgetprofil "{values[1]}" (tillåtna: {allowed}, eller tolv vikter)'
        weights = values[1:]
        if len(weights) == 12 and all(_is_number(w) for w in weights):
            if any(w < 0 for w in weights) or not any(w > 0 for w in weights):
                return "budgetprofilens vikter får inte vara negativa och minst en ska vara > 0"
            return tuple(Decimal(w) for w in weights)
    return f"budgetprofilen ska vara: {PROFILE_SYNTAX}"


def _forecast_problem(values: list[Any]) -> str | None:
    if (
        len(values) not in (2, 3)
        or _account(values[0]) is None
        or not _is_amount(values[1])
        or (len(values) == 3 and not isinstance(values[2], str))
    ):
        return f"prognosen ska vara: {FORECAST_SYNTAX}"
    if values[1].currency != CURRENCY:
        return (f"prognosen för {values[0]}: beloppet {values[1].number} {values[1].currency} "
                f"är i {values[1].currency}, men bokföringen förs bara i {CURRENCY}")
    return None


def parse_profiles(entries: Iterable[data.Directive]) -> list[Profile]:
    """Every usable profile directive, in date order."""
    found: list[Profile] = []
    for entry in entries:
        if isinstance(entry, data.Custom) and entry.type == CUSTOM_PROFILE:
            values = _values(entry)
            weights = _profile_weights(values)
            if not isinstance(weights, str):
                name = values[1] if len(values) == 2 else "egen"
                found.append(Profile(entry.date, values[0], weights, name))
    return sorted(found, key=lambda p: p.date)


def profile_for(profiles: Iterable[Profile], account: str, year: int) -> Profile | None:
    """The account's profile in force for ``year``: the latest dated in or before it."""
    usable = [p for p in profiles if p.account == account and p.date.year <= year]
    return usable[-1] if usable else None


@dataclass(frozen=True)
class BudgetData:
    """The budget directives of one load: usable budgets (date order, each with its year's
    profile), profiles, manual forecasts and budgeted equity per year; ``unusable`` keeps
    what :func:`parse_budgets` refuses (the first unusable budget directive)."""

    budgets: tuple[Budget, ...] = ()
    profiles: tuple[Profile, ...] = ()
    forecasts: tuple[Forecast, ...] = ()
    equity: dict[int, Decimal] = field(default_factory=dict)
    unusable: tuple[FinsamError, ...] = ()


@per_entries(copy_lists)
def parse(entries: Sequence[data.Directive]) -> tuple[BudgetData, list[FinsamError]]:
    """Every budget, profile, forecast and budgeted equity of the ledger, and every
    problem with them (:func:`errors`), in one pass per load."""
    entries = list(entries)
    profiles = parse_profiles(entries)
    budgets: list[Budget] = []
    unusable: list[FinsamError] = []
    for entry in entries:
        if not (isinstance(entry, data.Custom) and entry.type == CUSTOM_BUDGET):
            continue
        source = {"filename": entry.meta.get("filename"), "lineno": entry.meta.get("lineno")}
        values = _values(entry)
        problem = _budget_problem(values)
        if problem:
            unusable.append(error_at(entry, problem))
            continue
        account, period, amount = values[0], values[1], values[2]
        profile = profile_for(profiles, account, entry.date.year)
        weights = profile.weights if profile else EQUAL
        budgets.append(
            Budget(entry.date, account, period, amount.number, amount.currency, source, weights)
        )
    found = BudgetData(
        tuple(sorted(budgets, key=lambda b: b.date)), tuple(profiles),
        tuple(parse_forecasts(entries)), _equity_budgets(entries), tuple(unusable),
    )
    return found, errors(entries)


def parse_budgets(entries: Sequence[data.Directive]) -> list[Budget]:
    """All budget entries, in date order, each with its year's profile; raises ReportError
    at an unusable one."""
    return budgets_of(parse(entries)[0])


def budgets_of(found: BudgetData) -> list[Budget]:
    """The usable budgets; raises ReportError at the first unusable budget directive."""
    if found.unusable:
        raise ReportError([found.unusable[0]])
    return list(found.budgets)


def parse_forecasts(entries: Iterable[data.Directive]) -> list[Forecast]:
    """Every usable manual forecast, in date order."""
    found: list[Forecast] = []
    for entry in entries:
        if isinstance(entry, data.Custom) and entry.type == CUSTOM_FORECAST:
            values = _values(entry)
            if _forecast_problem(values) is None:
                comment = values[2] if len(values) == 3 else ""
                row = entry.meta.get(FORECAST_ROW) is True
                found.append(Forecast(entry.date, values[0], values[1].number, comment, row))
    return sorted(found, key=lambda f: f.date)


def forecasts_at(forecasts: Iterable[Forecast], date: datetime.date) -> dict[str, Forecast]:
    """Per account, the latest manual forecast of ``date``'s year dated on or before it."""
    found: dict[str, Forecast] = {}
    for forecast in sorted(forecasts, key=lambda f: f.date):
        if forecast.date.year == date.year and forecast.date <= date:
            found[forecast.account] = forecast
    return found


# --------------------------------------------------------------------------- months


def spread(amount: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """``amount`` over parts by ``weights``, exact in öre: cumulative rounding.

    Part k gets round(A·W_k/W) − round(A·W_{k−1}/W), half away from zero, so the parts add
    up to A and any leading run of parts is one rounding of its exact share. All-zero
    weights spread equally.
    """
    if not any(weights):
        weights = [Decimal(1)] * len(weights)
    total = sum(weights, ZERO)
    parts: list[Decimal] = []
    running, previous = ZERO, ZERO
    for weight in weights:
        running += weight
        cumulative = (amount * running / total).quantize(ORE, rounding=ROUND_HALF_UP)
        parts.append(cumulative - previous)
        previous = cumulative
    return parts


def first_month(budget: Budget, adopted: bool) -> int:
    """The month (1–12) a directive applies from: January for the adopted budget, else the
    first month that begins on or after its date."""
    if adopted or budget.date.day == 1:
        return 1 if adopted else budget.date.month
    return budget.date.month + 1


def apply(months: list[Decimal], budget: Budget, start: int) -> list[Decimal]:
    """Months 1–12 after ``budget`` takes effect from month ``start`` (1–12)."""
    result = list(months)
    weights = budget.weights
    if budget.period == "yearly":
        left = budget.amount - sum(months[: start - 1], ZERO)
        result[start - 1 :] = spread(left, weights[start - 1 :])
        return result
    size = MONTHS_PER_PERIOD[budget.period]
    for first in range(0, 12, size):
        parts = spread(budget.amount, weights[first : first + size])
        for offset, part in enumerate(parts):
            if first + offset >= start - 1:
                result[first + offset] = part
    return result


def monthly_budget(
    budgets: Iterable[Budget], account: str, year: int, as_of: datetime.date | None = None
) -> list[Decimal] | None:
    """The account's twelve monthly budgets of ``year`` (None without a budget), with the
    revisions dated on or before ``as_of`` (all of them when None)."""
    own = [
        b for b in budgets
        if b.account == account and b.date.year == year and (as_of is None or b.date <= as_of)
    ]
    if not own:
        return None
    own.sort(key=lambda b: b.date)
    months = [ZERO] * 12
    for index, budget in enumerate(own):
        start = first_month(budget, adopted=index == 0)
        if start <= 12:
            months = apply(months, budget, start)
    return months


def budget_between(
    budgets: Iterable[Budget], start: datetime.date, end: datetime.date
) -> dict[str, Decimal]:
    """Budget per account for the calendar months that begin in [start, end)."""
    budgets = list(budgets)
    accounts = sorted({b.account for b in budgets})
    result: dict[str, Decimal] = {}
    for year in range(start.year, end.year + 1):
        for account in accounts:
            months = monthly_budget(budgets, account, year)
            if months is None:
                continue
            inside = [
                amount for index, amount in enumerate(months)
                if start <= datetime.date(year, index + 1, 1) < end
            ]
            if inside:
                result[account] = result.get(account, ZERO) + sum(inside, ZERO)
    return result


def budget_for_year(budgets: Iterable[Budget], year: int) -> dict[str, Decimal]:
    """Budget per account for a calendar year, revisions included (empty without budget)."""
    return budget_between(budgets, datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1))


def adopted_for_year(budgets: Iterable[Budget], year: int) -> dict[str, Decimal]:
    """The adopted budget per account: each account's first directive of the year."""
    first: dict[str, Budget] = {}
    for budget in sorted(budgets, key=lambda b: b.date):
        if budget.date.year == year:
            first.setdefault(budget.account, budget)
    return {a: sum(apply([ZERO] * 12, b, 1), ZERO) for a, b in first.items()}


def revised_for_year(
    budgets: Iterable[Budget], year: int, as_of: datetime.date
) -> dict[str, Decimal]:
    """The annual budget per account with the revisions dated on or before ``as_of``."""
    budgets = list(budgets)
    result: dict[str, Decimal] = {}
    for account in sorted({b.account for b in budgets}):
        months = monthly_budget(budgets, account, year, as_of)
        if months is not None:
            result[account] = sum(months, ZERO)
    return result


def budget_to_date(budgets: Iterable[Budget], date: datetime.date) -> dict[str, Decimal]:
    """Budget per account from 1 January through the whole month of ``date``, with the
    revisions dated on or before ``date``."""
    budgets = list(budgets)
    result: dict[str, Decimal] = {}
    for account in sorted({b.account for b in budgets}):
        months = monthly_budget(budgets, account, date.year, date)
        if months is not None:
            result[account] = sum(months[: date.month], ZERO)
    return result


def has_budget(budgets: Iterable[Budget], year: int) -> bool:
    return any(b.date.year == year for b in budgets)


def _equity_budgets(entries: Iterable[data.Directive]) -> dict[int, Decimal]:
    """Per year, the last ``custom "budget-eget-kapital"`` dated in it."""
    found: dict[int, Decimal] = {}
    for entry in entries:
        if (
            isinstance(entry, data.Custom)
            and entry.type == CUSTOM_EQUITY_BUDGET
            and entry.values
            and _is_amount(entry.values[0].value)
        ):
            found[entry.date.year] = entry.values[0].value.number
    return found


# ---------------------------------------------------------------------------- errors


def errors(entries: Sequence[data.Directive]) -> list[FinsamError]:
    """Unusable budget, profile and forecast directives: malformed, an account that is not
    opened, another currency than SEK, two profiles for one account in one year."""
    opened = {e.account for e in entries if isinstance(e, data.Open)}
    found: list[FinsamError] = []
    profile_years: dict[tuple[str, int], data.Custom] = {}
    budget_days: dict[tuple[datetime.date, str], data.Custom] = {}
    for entry in entries:
        if not isinstance(entry, data.Custom):
            continue
        values = _values(entry)
        problem: str | None = None
        if entry.type == CUSTOM_BUDGET:
            problem = _budget_problem(values)
            day = (entry.date, str(values[0]) if values else "")
            if problem is None and day in budget_days:
                problem = (f"budgeten för {values[0]} {entry.date} finns redan "
                           f"({where(source_of(budget_days[day]))}): en senare rad ska ha ett "
                           "senare datum")
            if problem is None:
                budget_days[day] = entry
        elif entry.type == CUSTOM_FORECAST:
            problem = _forecast_problem(values)
            if problem is None and not isinstance(entry.meta.get(FORECAST_ROW, False), bool):
                problem = f"prognosens {FORECAST_ROW}: ska vara TRUE (hela raden) eller FALSE"
        elif entry.type == CUSTOM_PROFILE:
            weights = _profile_weights(values)
            problem = weights if isinstance(weights, str) else None
            key = (str(values[0]) if values else "", entry.date.year)
            if problem is None and key in profile_years:
                earlier = where(source_of(profile_years[key]))
                problem = (
                    f"{values[0]} har redan en budgetprofil {entry.date.year} ({earlier}); "
                    "en profil per konto och år"
                )
            if problem is None:
                profile_years.setdefault(key, entry)
        elif entry.type == CUSTOM_EQUITY_BUDGET:
            if len(values) != 1 or not _is_amount(values[0]) or values[0].currency != CURRENCY:
                problem = f'budgeterat eget kapital ska vara: custom "{CUSTOM_EQUITY_BUDGET}" '
                problem += "BELOPP SEK"
        else:
            continue
        if problem is None and entry.type != CUSTOM_EQUITY_BUDGET and values[0] not in opened:
            problem = f'custom "{entry.type}" för konto {values[0]}, som inte finns i kontoplanen'
        if problem:
            found.append(error_at(entry, problem))
    return found
