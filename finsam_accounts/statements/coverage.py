"""What would stop the annual report, found while the books are checked.

The plugin calls :func:`coverage_errors` so that ``finsam check``, ``bean-check`` and Fava
show, for every fiscal year, the accounts that no line of the specification covers (or that
several cover) at the account's open directive, instead of the annual report refusing
later. It sums the ledger once for all years and imports no pandas.
"""

from __future__ import annotations

from collections.abc import Sequence

from beancount.core import data

from finsam_accounts.books import Books
from finsam_accounts.errors import FinsamError, ReportError
from finsam_accounts.statements import engine
from finsam_accounts.statements.figures import collect
from finsam_accounts.statements.request import Request
from finsam_accounts.statements.spec import spec_for


def coverage_errors(entries: Sequence[data.Directive], books: Books) -> list[FinsamError]:
    """Coverage problems of every statement in every fiscal year, each reported once."""
    # A specification, currency or budget that cannot be used: its errors, located in
    # the specification file or the books (the plugin checks coverage only on books
    # without other errors, so a budget error has been reported already).
    try:
        spec = spec_for(books)
        periods = [books.fiscal_year(year) for year in books.fiscal_years]
        figures = collect(entries, books, periods, spec.liquid_funds, spec.fixed_assets, periods)
    except ReportError as error:
        return error.errors
    found: dict[str, FinsamError] = {}
    for period in periods:
        request = Request(period)
        problems = engine.uncovered_errors(spec.statements, request, figures, False)
        for statement in spec.statements:
            problems.extend(engine.coverage_errors(statement, request, figures))
        for problem in problems:
            found.setdefault(problem.message, problem)
    return list(found.values())
