"""Every domain datum of one load, parsed once: the :class:`~finsam_accounts.books.Books`.

:func:`parse` reads the directives of one load and returns ``(books, errors)``, as Fava's
parse functions do: the books' own directives (:func:`finsam_accounts.books.parse_core`:
accounts, activities, fiscal years, opening balances, specification, organisation number,
root accounts), the members and contribution data (:mod:`contributions.declarations`),
the budgets, profiles, forecasts and budgeted equity (:mod:`budget`), the trappan tables
(:mod:`trappan.guideline`), the insatser (:mod:`followup.insatser`), the accounts of
the VAT refund (:mod:`claims.vat_settings`), the ESF projects and categories
(:mod:`claims.esf_settings`), the voided numbers (:mod:`voided`), the attestordning
(:mod:`attest.ordning`), the board (:mod:`annual.board`), the recurring vouchers
(:mod:`recurring`), the femårsöversikt's declared years
(:mod:`yearly.overview_declared`), the participants (:mod:`yearly.participants`), the
payment terms (:mod:`reskontra`), the locks of closed years (:mod:`closing`) and the
bank accounts and rules (:mod:`bank.settings`). Each
parser runs once per entries list (:mod:`finsam_accounts.derived`); the plugin reports
the errors, and the reports read the books (``tests/test_parsed_once.py`` counts).

A datum whose directives have errors holds only the usable ones: a report is never made
from books with errors (every command loads them checked first).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, cast

from beancount.core import data

from finsam_accounts import budget, closing, recurring, reskontra, voided
from finsam_accounts.annual import board
from finsam_accounts.attest import ordning as attest_ordning
from finsam_accounts.bank import settings as bank_settings
from finsam_accounts.books import Books, parse_core
from finsam_accounts.claims import esf_settings, vat_settings
from finsam_accounts.contributions import declarations, keys
from finsam_accounts.derived import PerEntries, copy_lists, per_entries
from finsam_accounts.errors import FinsamError
from finsam_accounts.followup import insatser
from finsam_accounts.trappan import guideline
from finsam_accounts.yearly import overview_declared, participants


@per_entries(copy_lists)
def parse(
    entries: Sequence[data.Directive], options: Mapping[str, Any]
) -> tuple[Books, list[FinsamError]]:
    """The books of one load and every problem with the directives they are read from."""
    core, errors = parse_core(entries, options)
    contributions, contribution_errors = declarations.parse(entries)
    # A year whose keys cannot be used (a member without a population): at its allocation.
    contribution_errors = contribution_errors or keys.year_errors(contributions)
    tables, trappan_errors = guideline.parse(entries)
    budgets, budget_errors = budget.parse(entries)
    grants, insats_errors = insatser.parse(entries, options)
    vat, vat_errors = vat_settings.parse(entries, core.accounts)
    esf, esf_errors = esf_settings.parse(entries, core)
    void, voided_errors = voided.parse_all(entries)
    ordning, attest_errors = attest_ordning.parse(entries, core)
    declared_board, board_errors = board.parse(entries)
    periodic, recurring_errors = recurring.parse_all(entries)
    before, overview_errors = overview_declared.parse(entries, core)
    counted, participant_errors = participants.parse(entries, grants)
    terms, terms_errors = reskontra.parse_terms(entries)
    locks, lock_errors = closing.locks(entries)
    bank, bank_errors = bank_settings.parse(entries)
    books = replace(
        core, budgets=budgets, contributions=contributions, trappan=tuple(tables),
        insatser=tuple(grants), vat=vat, esf=esf, voided=void, attest=ordning,
        board=declared_board, recurring=periodic, overview=before, participants=counted,
        payment_terms=terms, locks=tuple(locks), bank=bank,
        locked_years=frozenset(lock.year for lock in locks),
    )
    errors = [*errors, *contribution_errors, *trappan_errors, *budget_errors, *insats_errors,
              *vat_errors, *esf_errors, *voided_errors, *attest_errors, *board_errors,
              *recurring_errors, *overview_errors, *participant_errors, *terms_errors,
              *lock_errors, *bank_errors]
    return books, errors


def of(entries: Sequence[data.Directive], options: Mapping[str, Any]) -> Books:
    """The books of a load whose errors have been reported already."""
    return parse(entries, options)[0]


def parsed(entries: Sequence[data.Directive]) -> tuple[Books, list[FinsamError]] | None:
    """The parse already made of this very entries list (with its load's options), or
    None: for a caller given a load's entries without its options (beangulp's importer,
    which Fava gives the entries its extension parsed after the load)."""
    found = cast(PerEntries, parse).known(entries)
    return cast("tuple[Books, list[FinsamError]] | None", found)
