"""The members' pack: per member, what its own consolidated accounts need from the förbund.

For a year and each member of it (state, region, each municipality):

* the contribution **expected** by the keys, **invoiced** (booked as income in the year)
  and **paid** (credited to the contribution receivable account in the year);
* its **share of the year's result** and of **equity at year end**, split by the year's
  contribution keys (the expected contributions), exact in öre: the shares add up to the
  result and to equity exactly (:func:`finsam_accounts.contributions.split_exact`; a
  deficit is split as its absolute value, so it mirrors a surplus);
* what the member owes the förbund and the förbund owes the member at year end
  (:mod:`finsam_accounts.yearly.counterparties`).

Pure: the books in, exact Decimals out.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from beancount.core import data

from finsam_accounts import contributions, trappan
from finsam_accounts.books import Books
from finsam_accounts.contributions.booked import member_accounts_in, recorded_in
from finsam_accounts.conventions import Member
from finsam_accounts.errors import ReportError, plain_error
from finsam_accounts.money import ZERO, exact_sum
from finsam_accounts.yearly import counterparties


@dataclass(frozen=True)
class MemberFigures:
    member: Member
    key: Fraction  # the member's part of the year's contributions (expected)
    expected: Decimal
    invoiced: Decimal
    paid: Decimal
    result_share: Decimal
    equity_share: Decimal
    receivable: Decimal  # the member owes the förbund at year end
    liability: Decimal  # the förbund owes the member at year end


@dataclass(frozen=True)
class MemberPack:
    year: int
    organisation: str
    result: Decimal
    equity: Decimal
    members: tuple[MemberFigures, ...]
    split: Mapping[str, counterparties.AccountBalances]

    def total(self, attribute: str) -> Decimal:
        return exact_sum(getattr(m, attribute) for m in self.members)


def signed_split(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """``split_exact`` for any sign: a negative total is split as its absolute value."""
    if total < 0:
        return [-part for part in contributions.split_exact(-total, weights)]
    return contributions.split_exact(total, weights)


def paid_in_year(
    books: Books, account: str, year: int, known: counterparties.Attribution
) -> dict[str, Decimal]:
    """Per member: the credits on the contribution receivable account in the year."""
    paid: dict[str, Decimal] = {}
    for entry in books.entries:
        if not isinstance(entry, data.Transaction) or entry.date.year != year:
            continue
        for posting in entry.postings:
            if posting.account != account or posting.units is None:
                continue
            number = posting.units.number
            if number is None or number >= 0:
                continue
            member_id = counterparties.attributed_member(
                entry, posting, known.names, known.invoices)
            if member_id is not None:
                paid[member_id] = paid.get(member_id, ZERO) - number
    return paid


def build(books: Books, year: int) -> MemberPack:
    """The pack for ``year``; ReportError (Swedish) when the keys or the year are unusable."""
    problems = counterparties.errors(books.entries, books)
    if problems:
        raise ReportError(problems)
    figures = trappan.year_figures(books, [year])
    if year not in figures.books.fiscal_years:
        years = ", ".join(str(y) for y in figures.books.fiscal_years) or "inga"
        raise ReportError([plain_error(f"{year} är inget räkenskapsår i bokföringen ({years})")])
    try:
        contribution = books.contributions
        shares = [s for s in contributions.expected_shares(contribution, year)]
        invoicing = contributions.invoicing_for(contribution, year)
    except ReportError as error:
        raise ReportError(error.errors) from None
    result = figures.result(year)
    equity = figures.equity_end(year)
    weights = [s.amount for s in shares]
    total = exact_sum(weights)
    if total <= 0:
        raise ReportError([plain_error(f"medlemsavgifterna för {year} summerar till noll: "
                                       "ingen nyckel att fördela resultat och eget kapital med")])
    results = signed_split(result, weights)
    equities = signed_split(equity, weights)
    # The year's movements of the one summing pass (trappan's year sums).
    booked = recorded_in(figures.of(year).movement, member_accounts_in(books.accounts))
    known = counterparties.attribution(books)
    paid = paid_in_year(books, invoicing.account, year, known)
    split = counterparties.balances(books, datetime.date(year, 12, 31), known)
    rows = []
    for share, result_share, equity_share in zip(shares, results, equities, strict=True):
        receivable, liability = counterparties.member_balance(split, share.member)
        rows.append(MemberFigures(
            member=share.member,
            key=Fraction(share.amount) / Fraction(total),
            expected=share.amount,
            invoiced=booked.get(share.member.id, ZERO),
            paid=paid.get(share.member.id, ZERO),
            result_share=result_share,
            equity_share=equity_share,
            receivable=receivable,
            liability=liability,
        ))
    title = str(books.options.get("title") or "")
    return MemberPack(year, title, result, equity, tuple(rows), split)
