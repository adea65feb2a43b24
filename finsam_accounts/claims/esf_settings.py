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

Pure and light (no pandas): the plugin calls :func:`errors`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from beancount.core import account as account_module
from beancount.core import data

from finsam_accounts.errors import FinsamError, error_at

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
class EsfProject:
    code: str
    programme: str
    rate: Decimal
    entry: data.Custom


@dataclass(frozen=True)
class EsfSettings:
    projects: Mapping[str, EsfProject]
    categories: Mapping[str, str]  # account -> category declared


def _activities(entries: Sequence[data.Directive]) -> set[str]:
    return {str(e.values[0].value) for e in entries
            if isinstance(e, data.Custom) and e.type == "verksamhet" and e.values}


def _project(entry: data.Custom, activities: set[str]) -> EsfProject | str:
    values = [v.value for v in entry.values or []]
    if len(values) != 3 or not isinstance(values[0], str) or not isinstance(values[1], str):
        return f"ESF-projektet ska skrivas {PROJECT_SYNTAX}"
    code, programme, rate = values
    if code not in activities:
        return (f'ESF-projektet "{code}" är ingen verksamhet i bokföringen '
                f'(custom "verksamhet" "{code}" ...)')
    if programme not in PROGRAMMES:
        return (f'ESF-projektet {code}: programperioden ska vara "2014–2020" eller '
                f'"2021–2027", inte {programme!r}')
    if not isinstance(rate, Decimal) or rate not in RATES:
        return (f"ESF-projektet {code}: schablonen ska vara 15 (indirekta kostnader, 15 % av "
                f"personalkostnaderna) eller 40 (övriga kostnader, 40 % av "
                f"personalkostnaderna), inte {rate}")
    return EsfProject(code, PROGRAMMES[programme], Decimal(rate), entry)


def _category(entry: data.Custom, opened: Mapping[str, data.Open],
              expenses: str) -> tuple[str, str] | str:
    values = entry.values or []
    if len(values) != 2 or values[0].dtype != ACCOUNT or not isinstance(values[1].value, str):
        return f"ESF-kategorin ska skrivas {CATEGORY_SYNTAX}"
    account, category = values[0].value, values[1].value
    if account not in opened:
        return f"ESF-kategori för {account}, men kontot är inte öppnat"
    if not account.startswith(expenses + ":"):
        return f"ESF-kategori för {account}, men det är inget kostnadskonto"
    if category not in CATEGORIES:
        return (f"okänd ESF-kategori {category!r} för {account} (välj bland "
                f"{', '.join(CATEGORIES)})")
    return account, category


def parse(entries: Sequence[data.Directive],
          expenses: str = "Kostnader") -> tuple[EsfSettings, list[FinsamError]]:
    """The declared projects and categories, and every problem."""
    activities = _activities(entries)
    opened = {e.account: e for e in entries if isinstance(e, data.Open)}
    projects: dict[str, EsfProject] = {}
    categories: dict[str, str] = {}
    problems: list[FinsamError] = []
    for entry in entries:
        if not isinstance(entry, data.Custom):
            continue
        if entry.type == CUSTOM_PROJECT:
            project = _project(entry, activities)
            if isinstance(project, str):
                problems.append(error_at(entry, project))
            elif project.code in projects:
                problems.append(error_at(entry, f"ESF-projektet {project.code} finns redan"))
            else:
                projects[project.code] = project
        elif entry.type == CUSTOM_CATEGORY:
            found = _category(entry, opened, expenses)
            if isinstance(found, str):
                problems.append(error_at(entry, found))
            elif found[0] in categories:
                problems.append(error_at(entry, f"ESF-kategorin för {found[0]} finns redan"))
            else:
                categories[found[0]] = found[1]
    return EsfSettings(projects, categories), problems


def errors(entries: Sequence[data.Directive], options: Mapping[str, object]) -> list[FinsamError]:
    return parse(entries, str(options.get("name_expenses") or "Expenses"))[1]
