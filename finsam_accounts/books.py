"""The books as a typed view: every domain datum of one load, which every report reads.

:class:`Books` holds them all. :func:`parse_core` reads the directives this module owns
(accounts, activities, fiscal years, opening-balance vouchers, the förbund's own
specification, the organisation number, the root accounts); :func:`finsam_accounts.
domain.parse` adds the data parsed in the module of each concept (members and
contribution keys in :mod:`contributions`, trappan tables in :mod:`trappan.guideline`,
budgets, profiles and forecasts in :mod:`budget`, insatser in :mod:`followup.insatser`)
and returns ``(books, errors)`` once per load, as Fava's parse functions do. The plugin
reports the errors, so ``bean-check``, Fava and ``finsam check`` show them; the reports
take the :class:`Books`.

This module must stay light: the plugin imports it inside every ``bean-check`` and every
Fava reload (no pandas), and the statements import its types.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from beancount.core import data
from beancount.core.account_types import AccountTypes
from beancount.parser.options import OPTIONS_DEFAULTS, get_account_types

from finsam_accounts.annual.board import Board
from finsam_accounts.attest.ordning import Ordning
from finsam_accounts.bank.settings import BankSettings
from finsam_accounts.budget import BudgetData
from finsam_accounts.cache import ExtraInputs
from finsam_accounts.claims.esf_settings import NO_ESF_SETTINGS, EsfSettings
from finsam_accounts.claims.vat_settings import QUARTER, VatSettings
from finsam_accounts.contributions.declarations import ContributionData
from finsam_accounts.conventions import (
    META_ACTIVITY,
    META_OPENING,
    AccountInfo,
    Member,
    account_infos,
)
from finsam_accounts.errors import FinsamError, error_at, source_of, where
from finsam_accounts.periods import ONE_DAY, Period, calendar_year

if TYPE_CHECKING:  # parsed in packages that read the books (finsam_accounts.domain)
    from finsam_accounts.closing import Lock
    from finsam_accounts.followup.insatser import Insats
    from finsam_accounts.recurring import Recurring
    from finsam_accounts.trappan.guideline import Table
    from finsam_accounts.voided import Voided
    from finsam_accounts.yearly.overview_declared import Declared
    from finsam_accounts.yearly.participants import Participants

CUSTOM_ACTIVITY = "verksamhet"
CUSTOM_FISCAL_YEAR = "räkenskapsår"
CUSTOM_SPEC = "finsam-specifikation"
CUSTOM_ORGANISATION_NUMBER = "organisationsnummer"

OWN = "förbund"  # the förbund's own activity (financed by the members)
PROJECT = "projekt"  # a project with funds of its own (e.g. ESF), reported on its own
ACTIVITY_KINDS = (OWN, PROJECT)


@dataclass(frozen=True)
class Activity:
    """A verksamhet the statements report separately: the förbund's own or a project."""

    code: str
    name: str
    kind: str

    @property
    def is_own(self) -> bool:
        return self.kind == OWN


NO_CONTRIBUTIONS = ContributionData((), {}, {}, (), (), ())
NO_VAT_SETTINGS = VatSettings((), None, QUARTER)


@dataclass(frozen=True)
class Books:
    """The domain data of one load. Build it with :func:`finsam_accounts.domain.parse`
    (or ``domain.of``), which parses each datum once per load."""

    accounts: Mapping[str, AccountInfo]
    activities: tuple[Activity, ...]
    fiscal_years: tuple[int, ...]
    opening_vouchers: frozenset[tuple[str, int]] = frozenset()  # (file, line) of ib vouchers
    spec_path: Path | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    organisation_number: str = ""
    roots: AccountTypes = field(default_factory=lambda: account_roots({}))
    budgets: BudgetData = field(default_factory=BudgetData)  # budgets, profiles, forecasts
    contributions: ContributionData = NO_CONTRIBUTIONS  # members, allocations, keys
    trappan: tuple[Table, ...] = ()  # usable trappan tables, in date order
    insatser: tuple[Insats, ...] = ()  # the board's grants, in decision order
    vat: VatSettings = NO_VAT_SETTINGS  # the accounts of the VAT refund (momsersättning)
    esf: EsfSettings = NO_ESF_SETTINGS  # ESF projects and their accounts' cost categories
    voided: tuple[Voided, ...] = ()  # voided voucher numbers (makulerade)
    attest: Ordning = field(default_factory=Ordning)  # the attestordning
    board: Board = field(default_factory=Board)  # board members, auditors, adoptions
    recurring: tuple[Recurring, ...] = ()  # recurring vouchers (periodiska)
    overview: tuple[Declared, ...] = ()  # femårsöversikt figures of years before the books
    participants: tuple[Participants, ...] = ()  # deltagare per insats and year
    payment_terms: int = 30  # days (custom "betalningsvillkor"; reskontra.py)
    bank: BankSettings = field(default_factory=BankSettings)  # bank accounts, rules
    # The load's entries themselves (the very list parsed: what a report sums), and the
    # years closed with ``finsam bokslut``: a report is a function of (books, request).
    entries: Sequence[data.Directive] = field(default=(), repr=False, compare=False)
    locks: tuple[Lock, ...] = ()  # custom "bokslut" (closing.py), by year
    locked_years: frozenset[int] = frozenset()  # their years

    @property
    def members(self) -> tuple[Member, ...]:
        return self.contributions.members

    @property
    def result_roots(self) -> tuple[str, str]:
        """``("Intäkter:", "Kostnader:")``: the prefixes of the result accounts."""
        return f"{self.roots.income}:", f"{self.roots.expenses}:"

    def fiscal_year(self, year: int) -> Period:
        return calendar_year(year)

    def is_opening(self, entry: data.Directive) -> bool:
        """True for a voucher marked as balances brought in (``ib: TRUE``)."""
        return position(entry) in self.opening_vouchers

    def activity(self, code: str) -> Activity | None:
        for activity in self.activities:
            if activity.code == code:
                return activity
        return None

    @property
    def first_day(self) -> datetime.date | None:
        return datetime.date(self.fiscal_years[0], 1, 1) if self.fiscal_years else None


# The options that name the root accounts (``option "name_income" "Intäkter"``): written
# at the top of every file the commands write, checked in the main file.
ROOT_OPTIONS = ("name_assets", "name_liabilities", "name_equity", "name_income", "name_expenses")


def account_roots(options: Mapping[str, Any]) -> AccountTypes:
    """The root account names (``option "name_income" "Intäkter"``), beancount's way."""
    return get_account_types({**OPTIONS_DEFAULTS, **options})


def parse_core(
    entries: Sequence[data.Directive], options: Mapping[str, Any]
) -> tuple[Books, list[FinsamError]]:
    """The directives this module owns, and every problem with them (the rest of the
    books: :func:`finsam_accounts.domain.parse`)."""
    errors: list[FinsamError] = []
    accounts = account_infos(entries)
    roots = account_roots(options)
    activities = _activities(entries, accounts, roots, errors)
    years = _fiscal_years(entries, errors)
    opening = _opening_vouchers(entries, years, errors)
    spec_path = _spec_path(entries, errors)
    number = _organisation_number(entries, errors)
    books = Books(accounts, activities, years, opening, spec_path, dict(options), number, roots,
                  entries=entries)
    return books, errors


def _organisation_number(entries: Iterable[data.Directive], errors: list[FinsamError]) -> str:
    """``custom "organisationsnummer" "222000-1834"`` (ten digits, a hyphen after six)."""
    found = ""
    for entry in entries:
        if not (isinstance(entry, data.Custom) and entry.type == CUSTOM_ORGANISATION_NUMBER):
            continue
        values = [v.value for v in entry.values]
        text = str(values[0]).strip() if len(values) == 1 else ""
        digits = text.replace("-", "")
        shapes = (digits, f"{digits[:6]}-{digits[6:]}")
        if not (digits.isdigit() and len(digits) == 10 and text in shapes):
            errors.append(error_at(entry, (
                f'custom "{CUSTOM_ORGANISATION_NUMBER}" ska ange ett organisationsnummer, '
                f't.ex. "222000-1834"')))
            continue
        found = f"{digits[:6]}-{digits[6:]}"
    return found


# ---------------------------------------------------------------------------- activities


def _activities(
    entries: Iterable[data.Directive],
    accounts: Mapping[str, AccountInfo],
    roots: AccountTypes,
    errors: list[FinsamError],
) -> tuple[Activity, ...]:
    """``custom "verksamhet" KOD "Namn" "förbund|projekt"``: the förbund's own first."""
    found: dict[str, tuple[Activity, data.Custom]] = {}
    for entry in entries:
        if not (isinstance(entry, data.Custom) and entry.type == CUSTOM_ACTIVITY):
            continue
        values = [v.value for v in entry.values]
        if len(values) != 3 or not all(isinstance(v, str) and v.strip() for v in values):
            errors.append(error_at(entry, (
                f'custom "{CUSTOM_ACTIVITY}" ska ange kod, namn och typ, t.ex. '
                f'custom "{CUSTOM_ACTIVITY}" "SAMO" "Samordningsförbundet" "{OWN}"')))
            continue
        code, name, kind = (str(v).strip() for v in values)
        if kind not in ACTIVITY_KINDS:
            errors.append(error_at(entry, (
                f'verksamheten {code} har okänd typ "{kind}" (ska vara "{OWN}" eller '
                f'"{PROJECT}")')))
            continue
        if code in found:
            first = source_of(found[code][1])
            errors.append(error_at(entry, (
                f"verksamheten {code} deklareras två gånger (första: {where(first)})")))
            continue
        found[code] = (Activity(code, name, kind), entry)
    own = [a for a, _ in found.values() if a.is_own]
    if found and len(own) != 1:
        entry = next(iter(found.values()))[1]
        errors.append(error_at(entry, (
            f'precis en verksamhet ska ha typen "{OWN}" (förbundets egen), '
            f"nu {len(own)}")))
    _check_account_activities(entries, accounts, found, roots, errors)
    ordered = sorted(found.values(), key=lambda item: not item[0].is_own)
    return tuple(activity for activity, _ in ordered)


def _check_account_activities(
    entries: Iterable[data.Directive],
    accounts: Mapping[str, AccountInfo],
    declared: Mapping[str, Any],
    account_types: AccountTypes,
    errors: list[FinsamError],
) -> None:
    """Every activity named on an account is declared (reported at the open directive)."""
    roots = (f"{account_types.income}:", f"{account_types.expenses}:")
    opens = {e.account: e for e in entries if isinstance(e, data.Open)}
    for name, info in accounts.items():
        code = info.activity
        if not code or code in declared or not name.startswith(roots):
            continue
        hint = (f'deklarera den i main.beancount: custom "{CUSTOM_ACTIVITY}" "{code}" "Namn" '
                f'"{OWN if not declared else PROJECT}"')
        errors.append(error_at(opens[name], (
            f"konto {name} har {META_ACTIVITY} {code}, som inte är en deklarerad verksamhet; "
            f"{hint}")))


# --------------------------------------------------------------------------- fiscal years


def fiscal_years(entries: Iterable[data.Directive]) -> tuple[int, ...]:
    """The fiscal years as :func:`parse` reads them (its errors aside)."""
    return _fiscal_years(list(entries), [])


def _fiscal_years(entries: Iterable[data.Directive], errors: list[FinsamError]) -> tuple[int, ...]:
    """``custom "räkenskapsår" ÅR``; without any, the years that have vouchers."""
    years: set[int] = set()
    declared = False
    for entry in entries:
        if isinstance(entry, data.Custom) and entry.type == CUSTOM_FISCAL_YEAR:
            declared = True
            year = declared_year(entry)
            if year is None:
                errors.append(error_at(entry, (
                    f'custom "{CUSTOM_FISCAL_YEAR}" ska ange ett årtal, t.ex. '
                    f"{CUSTOM_FISCAL_YEAR} 2019")))
            else:
                years.add(year)
    if declared:
        return tuple(sorted(years))
    return tuple(sorted({e.date.year for e in entries if isinstance(e, data.Transaction)}))


def declared_year(entry: data.Custom) -> int | None:
    if not entry.values or len(entry.values) != 1:
        return None
    value = entry.values[0].value
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or len(text) != 4:
        return None
    return int(text)


# ----------------------------------------------------------------------- opening balances


def _opening_vouchers(
    entries: Iterable[data.Directive], years: Sequence[int], errors: list[FinsamError]
) -> frozenset[tuple[str, int]]:
    """Transactions marked ``ib: TRUE``: balances brought in on the first day of a year.

    A voucher dated the day before the first fiscal year needs no mark: everything before
    the first year is balances brought in. A mark anywhere but on 1 January of a fiscal
    year is an error (a capital movement during the year is not an opening balance).
    """
    marked: set[tuple[str, int]] = set()
    starts = {datetime.date(y, 1, 1) for y in years}
    for entry in entries:
        if not isinstance(entry, data.Transaction):
            continue
        value = (entry.meta or {}).get(META_OPENING)
        if value is None:
            continue
        if value is not True:
            errors.append(error_at(entry, (
                f"{META_OPENING} ska vara TRUE (utan citattecken) på en verifikation med "
                "ingående balanser")))
            continue
        if starts and entry.date not in starts:
            errors.append(error_at(entry, (
                f"verifikationen är märkt {META_OPENING} (ingående balans) men är daterad "
                f"{entry.date}; ingående balanser dateras första dagen i ett räkenskapsår "
                f"eller dagen före det första ({min(starts) - ONE_DAY})")))
            continue
        marked.add(position(entry))
    return frozenset(marked)


# ------------------------------------------------------------------------- specification


def _spec_path(entries: Iterable[data.Directive], errors: list[FinsamError]) -> Path | None:
    """``custom "finsam-specifikation" "fil.toml"``, relative to the file it stands in."""
    found: Path | None = None
    for entry in entries:
        if not (isinstance(entry, data.Custom) and entry.type == CUSTOM_SPEC):
            continue
        values = [v.value for v in entry.values]
        if len(values) != 1 or not isinstance(values[0], str) or not values[0].strip():
            errors.append(error_at(entry, (
                f'custom "{CUSTOM_SPEC}" ska ange en fil, t.ex. '
                f'custom "{CUSTOM_SPEC}" "specifikation.toml"')))
            continue
        base = Path(str(entry.meta.get("filename", "."))).parent
        path = base / values[0]
        if not path.is_file():
            errors.append(error_at(entry, (
                f"specifikationen {values[0]} finns inte (sökvägen räknas från filen "
                f"{Path(str(entry.meta.get('filename'))).name}); skriv ut den medföljande med "
                "finsam specifikation --skriv")))
            continue
        found = path
    return found


def spec_path(entries: Iterable[data.Directive]) -> Path | None:
    """The specification file the books name, if it exists (:func:`parse` reports the
    errors)."""
    return _spec_path(entries, [])


def named_spec_files(entries: Iterable[data.Directive], main: str) -> list[str]:
    """Every file a ``custom "finsam-specifikation"`` names, present or not: the plugin's
    coverage check reads it, so the load cache watches it."""
    found = []
    for entry in entries:
        if isinstance(entry, data.Custom) and entry.type == CUSTOM_SPEC and entry.values:
            base = os.path.dirname(str((entry.meta or {}).get("filename", "")))
            found.append(os.path.join(base, str(entry.values[0].value)))
    return found


# What the load cache must watch for the specification (finsam_accounts.cache).
CACHE_INPUTS: ExtraInputs = ExtraInputs(patterns=lambda main: [], files=named_spec_files)


def position(entry: data.Directive) -> tuple[str, int]:
    """Where a directive stands in the books: (file, line), as ``opening_vouchers`` keeps it."""
    meta = entry.meta or {}
    return str(meta.get("filename", "")), int(meta.get("lineno") or 0)
