"""Every domain datum of one load, parsed once: the :class:`~finsam_accounts.books.Books`.

:func:`parse` reads the directives of one load and returns ``(books, errors)``, as Fava's
parse functions do: the books' own directives (:func:`finsam_accounts.books.parse_core`:
accounts, activities, fiscal years, opening balances, specification, organisation number,
root accounts), the members and contribution data (:mod:`contributions.declarations`),
the budgets, profiles, forecasts and budgeted equity (:mod:`budget`), the trappan tables
(:mod:`trappan.guideline`), the insatser (:mod:`followup.insatser`) and the accounts of
the VAT refund (:mod:`claims.vat_settings`). Each parser runs
once per entries list (:mod:`finsam_accounts.derived`); the plugin reports the errors,
and the reports read the books (``tests/test_parsed_once.py`` counts).

A datum whose directives have errors holds only the usable ones: a report is never made
from books with errors (every command loads them checked first).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from beancount.core import data

from finsam_accounts import budget, closing
from finsam_accounts.books import Books, parse_core
from finsam_accounts.claims import vat_settings
from finsam_accounts.contributions import declarations
from finsam_accounts.derived import copy_lists, per_entries
from finsam_accounts.errors import FinsamError
from finsam_accounts.followup import insatser
from finsam_accounts.trappan import guideline


@per_entries(copy_lists)
def parse(
    entries: Sequence[data.Directive], options: Mapping[str, Any]
) -> tuple[Books, list[FinsamError]]:
    """The books of one load and every problem with the directives they are read from."""
    core, errors = parse_core(entries, options)
    contributions, contribution_errors = declarations.parse(entries)
    tables, trappan_errors = guideline.parse(entries)
    budgets, budget_errors = budget.parse(entries)
    grants, insats_errors = insatser.parse(entries, options)
    vat, vat_errors = vat_settings.parse(entries, core.accounts)
    books = replace(
        core, budgets=budgets, contributions=contributions, trappan=tuple(tables),
        insatser=tuple(grants), vat=vat, locked_years=frozenset(closing.locked_years(entries)),
    )
    errors = [*errors, *contribution_errors, *trappan_errors, *budget_errors, *insats_errors,
              *vat_errors]
    return books, errors


def of(entries: Sequence[data.Directive], options: Mapping[str, Any]) -> Books:
    """The books of a load whose errors have been reported already."""
    return parse(entries, options)[0]
