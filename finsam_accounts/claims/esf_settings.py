"""An ESF project and the ESF cost category of each of its accounts: data in the books.

A project activity with EU funds from the European Social Fund (Svenska ESF-rådet) is
declared with its programme period and its flat rate, and each cost account of the
project gets its cost category::

    2019-01-01 custom "esf-projekt" "HFE" "2014–2020" 15
    2019-01-01 custom "esf-kategori" Kostnader:HFE:Kansli:Resor-konferenser "resor"

The flat rate is 15 (indirect costs as 15 % of the direct personnel costs) or 40 (all
costs other than personnel as 40 % of them). Categories: ``personal``, ``resor``,
``utrustning-lokaler``, ``extern-sakkunskap``, ``indirekta`` (covered by the flat rate)
and ``ej-stödberättigande``. A cost account of Kommun-Bas class 5 (kostnader för
arbetskraft) is ``personal`` unless declared otherwise. The dates do not matter: a
category holds for every claim.

Pure and light (no pandas): parsed once per load in :func:`finsam_accounts.domain.parse`
(``Books.esf``), which the plugin reports the errors of.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from beancount.core import account as account_module
from beancount.core import data

from finsam_accounts.declared import FromDirective, keep_once
from finsam_accounts.errors import FinsamError, error_at

if TYPE_CHECKING:  # the books' own directives, parsed first (finsam_accounts.domain)
    from finsam_accounts.books import Books

CUSTOM_PROJECT = "esf-projekt"
CUSTOM_CATEGORY = "esf-kategori"
ACCOUNT = account_module.TYPE
PERSONNEL = "personal"
INDIRECT = "indirekta"
NOT_ELIGIBLE = "ej-stödberättigande"
CATEGORIES: Mapping[str, str] = {
    PERSONNEL: "Personal",
    "resor": "Resor och logi",
    "utrustning-lokaler": "Utrustning och lokaler",
    "extern-sakkunskap": "Extern sakkunskap och externa tjänster",
    INDIRECT: "Indirekta kostnader",
    NOT_ELIGIBLE: "Ej stödberättigande kostnader",
}
DIRECT = ("resor", "utrustning-lokaler", "extern-sakkunskap")
RATES = (Decimal(15), Decimal(40))
PROGRAMMES = {"2014–2020": "2014–2020", "2014-2020": "2014–2020",
              "2021–2027": "2021–2027", "2021-2027": "2021–2027"}
PERSONNEL_CLASS = "5"  # Kommun-Bas class 5: kostnader för arbetskraft
PROJECT_SYNTAX = 'custom "esf-projekt" "KOD" "2014–2020" 15 (programperiod, schablon 15 eller 40)'
CATEGORY_SYNTAX = 'custom "esf-kategori" KONTO "kategori"'


@dataclass(frozen=True)
class EsfProject(FromDirective):
    code: str
    programme: str
    rate: Decimal
    entry: data.Custom


@dataclass(frozen=True)
class EsfCategory(FromDirective):
    account: str
    category: str
    entry: data.Custom


@dataclass(frozen=True)
class EsfSettings:
    projects: Mapping[str, EsfProject]
    categories: Mapping[str, str]  # account -> category declared


NO_ESF_SETTINGS = EsfSettings({}, {})


def _project(entry: data.Custom, activities: Collection[str]) -> EsfProject | FinsamError:
    values = [v.value for v in entry.values or []]
    if len(values) != 3 or not isinstance(values[0], str) or not isinstance(values[1], str):
        return error_at(entry, f"ESF-projektet ska skrivas {PROJECT_SYNTAX}")
    code, programme, rate = values
    if code not in activities:
        return error_at(entry, f'ESF-projektet "{code}" är ingen verksamhet i bokföringen '
                               f'(custom "verksamhet" "{code}" ...)')
    if programme not in PROGRAMMES:
        return error_at(entry, f'ESF-projektet {code}: programperioden ska vara "2014–2020" '
                               f'eller "2021–2027", inte {programme!r}')
    if not isinstance(rate, Decimal) or rate not in RATES:
        return error_at(entry, (
            f"ESF-projektet {code}: schablonen ska vara 15 (indirekta kostnader, 15 % av "
            f"personalkostnaderna) eller 40 (övriga kostnader, 40 % av "
            f"personalkostnaderna), inte {rate}"))
    return EsfProject(code, PROGRAMMES[programme], Decimal(rate), entry)


def _category(entry: data.Custom, opened: Collection[str],
              expenses: str) -> EsfCategory | FinsamError:
    values = entry.values or []
    if len(values) != 2 or values[0].dtype != ACCOUNT or not isinstance(values[1].value, str):
        return error_at(entry, f"ESF-kategorin ska skrivas {CATEGORY_SYNTAX}")
    account, category = values[0].value, values[1].value
    if account not in opened:
        return error_at(entry, f"ESF-kategori för {account}, men kontot är inte öppnat")
    if not account.startswith(expenses + ":"):
        return error_at(entry, f"ESF-kategori för {account}, men det är inget kostnadskonto")
    if category not in CATEGORIES:
        return error_at(entry, (f"okänd ESF-kategori {category!r} för {account} (välj bland "
                                f"{', '.join(CATEGORIES)})"))
    return EsfCategory(account, category, entry)


def parse(entries: Sequence[data.Directive],
          core: Books) -> tuple[EsfSettings, list[FinsamError]]:
    """The declared projects and categories, and every problem; ``core``: the books' own
    directives (activities, accounts, root accounts)."""
    activities = {activity.code for activity in core.activities}
    projects: dict[str, EsfProject] = {}
    categories: dict[str, EsfCategory] = {}
    problems: list[FinsamError] = []
    for entry in entries:
        if not isinstance(entry, data.Custom):
            continue
        if entry.type == CUSTOM_PROJECT:
            keep_once(_project(entry, activities), projects, problems, entry,
                      key=lambda p: p.code, what=lambda p: f"ESF-projektet {p.code}")
        elif entry.type == CUSTOM_CATEGORY:
            keep_once(_category(entry, core.accounts, core.roots.expenses), categories,
                      problems, entry, key=lambda c: c.account,
                      what=lambda c: f"ESF-kategorin för {c.account}")
    declared = {account: found.category for account, found in categories.items()}
    return EsfSettings(projects, declared), problems
