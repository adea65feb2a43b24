"""The next year's opening balances equal this year's closing balances.

A year may be closed only if nothing is brought in twice or lost between the years: every
balance-sheet account opens the next year at its closing balance, every income and cost
account opens at zero, and the year's result joins the earlier results. An opening-balance
voucher in the next year (``ib: TRUE``) that repeats balances already in the books breaks
this, and is named here.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from finsam_accounts.audit.opening import PRIOR_RESULTS, PRIOR_RESULTS_LABEL, split
from finsam_accounts.audit.rules import amount
from finsam_accounts.books import Books
from finsam_accounts.money import ZERO, format_sv_ore


def closing_balances(books: Books, year: int) -> dict[str, Decimal]:
    """Per account the closing balance of ``year`` (result accounts: the year's result)."""
    period = split(books, datetime.date(year, 12, 31))
    closing: dict[str, Decimal] = defaultdict(lambda: ZERO, period.opening)
    for entry in period.movement_vouchers:
        for posting in entry.postings:
            closing[posting.account] += amount(entry, posting)
    return dict(closing)


def carry_forward_problems(books: Books, year: int) -> list[str]:
    """One Swedish line per account whose opening of ``year + 1`` is not its closing."""
    roots = books.result_roots
    closing = closing_balances(books, year)
    opening = split(books, datetime.date(year + 1, 1, 1)).opening
    expected: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for account, value in closing.items():
        expected[PRIOR_RESULTS if account.startswith(roots) else account] += value
    problems = []
    for account in sorted(set(expected) | set(opening)):
        before, after = expected.get(account, ZERO), opening.get(account, ZERO)
        if before != after:
            name = account or PRIOR_RESULTS_LABEL
            problems.append(
                f"{name}: utgående balans {year} {format_sv_ore(before)} kr men ingående "
                f"balans {year + 1} {format_sv_ore(after)} kr "
                f"(differens {format_sv_ore(after - before)} kr)"
            )
    return problems
