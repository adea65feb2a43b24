"""What would stop the annual report, found while the books are checked.

The plugin calls :func:`coverage_errors` so that ``finsam check``, ``bean-check`` and Fava
show, for every fiscal year, the accounts that no line of the specification covers (or that
several cover) at the account's open directive, instead of the annual report refusing
later. It sums the ledger once for all years and imports no pandas.
"""

from __future__ import annotations

from collections.abc import Sequence

from beancount.core import data

from finsam_accounts.books import CUSTOM_SPEC, Books
from finsam_accounts.budget import BudgetError
from finsam_accounts.errors import FinsamError, plain_error
from finsam_accounts.statements import engine
from finsam_accounts.statements.figures import CurrencyError, collect
from finsam_accounts.statements.request import Request
from finsam_accounts.statements.spec import SpecError, spec_for


def coverage_errors(entries: Sequence[data.Directive], books: Books) -> list[FinsamError]:
    """Coverage problems of every statement in every fiscal year, each reported once."""
    try:
        spec = spec_for(books)
    except SpecError as error:
        return [_spec_error(entries, str(error))]
    periods = [books.fiscal_year(year) for year in books.fiscal_years]
    try:
        figures = collect(entries, books, periods, spec.liquid_funds, spec.fixed_assets, periods)
    except CurrencyError as error:
        return error.errors
    except BudgetError:
        return []  # reported as a budget error
    found: dict[str, FinsamError] = {}
    for period in periods:
        request = Request(period)
        problems = engine.uncovered_errors(spec.statements, request, figures, False)
        for statement in spec.statements:
            problems.extend(engine.coverage_errors(statement, request, figures))
        for problem in problems:
            found.setdefault(problem.message, problem)
    return list(found.values())


def _spec_error(entries: Sequence[data.Directive], message: str) -> FinsamError:
    """A specification that cannot be used, at the directive that names it."""
    for entry in entries:
        if isinstance(entry, data.Custom) and entry.type == CUSTOM_SPEC:
            meta = entry.meta or {}
            source = {"filename": meta.get("filename"), "lineno": meta.get("lineno")}
            return FinsamError(source, f"specifikationen: {message}", entry)
    return plain_error(f"den medföljande specifikationen: {message}")
