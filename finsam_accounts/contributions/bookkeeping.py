"""The contribution invoices that ``finsam medlemsavgifter --bokför`` writes."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from beancount.core import data

from finsam_accounts.balances import CURRENCY
from finsam_accounts.contributions.booked import member_accounts_in
from finsam_accounts.contributions.declarations import (
    CUSTOM_INVOICING,
    ContributionData,
    Invoicing,
)
from finsam_accounts.contributions.keys import expected_shares, in_force, split_exact
from finsam_accounts.conventions import META_MEMBER, META_VOUCHER, Member
from finsam_accounts.errors import ReportError, error_in, plain_error
from finsam_accounts.numbering import next_number

if TYPE_CHECKING:  # the books import the declarations of this package
    from finsam_accounts.books import Books

# ----------------------------------------------------------------------- bookkeeping


@dataclass(frozen=True)
class Invoice:
    """One contribution invoice to write: date, voucher, member, account, amount."""

    date: datetime.date
    voucher: str
    member: Member
    account: str
    receivable: str
    amount: Decimal
    narration: str


def quarter_dates(year: int) -> list[datetime.date]:
    """Invoice dates per quarter: the 15th of the quarter's first month."""
    return [datetime.date(year, month, 15) for month in (1, 4, 7, 10)]


def year_date(year: int) -> datetime.date:
    """The invoice date of a yearly invoice: the 15th of January."""
    return datetime.date(year, 1, 15)


def existing_vouchers(books: Books, year: int) -> list[str]:
    """The year's transactions that post to a member contribution account, as text."""
    accounts = set(member_accounts_in(books.accounts))
    found: list[str] = []
    for entry in books.entries:
        if (
            isinstance(entry, data.Transaction)
            and entry.date.year == year
            and any(p.account in accounts for p in entry.postings)
        ):
            voucher = (entry.meta or {}).get(META_VOUCHER)
            found.append(str(voucher) if voucher else f'{entry.date} "{entry.narration}"')
    return found


def next_voucher_number(books: Books, series: str, year: int) -> int:
    """The next free number in a voucher series for a year (:mod:`finsam_accounts.numbering`)."""
    return next_number(books, series, year)


def invoicing_for(contribution: ContributionData, year: int) -> Invoicing:
    found = in_force(contribution.invoicing, year)
    if not found and contribution.invoicing:
        # Declared, but from a later year (e.g. from the first year invoiced with finsam,
        # while the books moved in from another system begin earlier): say so, at the line.
        first = contribution.invoicing[0]
        raise ReportError([error_in(
            first.source["filename"], int(first.source["lineno"]),
            f'custom "{CUSTOM_INVOICING}" gäller från {first.date.isoformat()}, så {year} '
            "har ingen verifikationsserie för medlemsavgifterna: datera raden senast "
            f"{year}-12-31 (t.ex. den första dagen i bokföringens första räkenskapsår)")])
    if not found:
        raise ReportError(
            [
                plain_error(
                    f"ingen verifikationsserie för medlemsavgifterna: lägg till "
                    f'custom "{CUSTOM_INVOICING}" "K" Tillgångar:Fordringar:Kundfordringar'
                )
            ]
        )
    last: Invoicing = found[-1]
    return last


def account_of(books: Books, member: Member, date: datetime.date) -> str:
    """The member's contribution account open on ``date`` (exactly one)."""
    infos = books.accounts
    candidates = [
        info.name
        for info in infos.values()
        if info.meta.get(META_MEMBER) == member.id
        and info.opened <= date
        and (info.closed is None or info.closed > date)
    ]
    if len(candidates) != 1:
        what = "inget" if not candidates else f"flera ({', '.join(sorted(candidates))})"
        raise ReportError(
            [
                plain_error(
                    f"{member.name} har {what} avgiftskonto öppet {date} "
                    f'(metadata {META_MEMBER}: "{member.id}" i kontoplanen)'
                    + ("" if candidates else
                       f": fakturan dateras {date}, så kontot ska vara öppnat senast då (en "
                       "medlem som går med under året betalar hela årets andel, "
                       "docs/contributions-trappan.md)")
                )
            ]
        )
    return candidates[0]


def invoices(books: Books, year: int, quarterly: bool) -> list[Invoice]:
    """The year's contribution invoices, one per member (or per member and quarter), from
    the books' contribution data (``Books.contributions``).

    Numbered from the next free number of the series, in date order and then member order;
    quarter amounts are split exactly (largest remainder), so they add up to the year's.
    """
    contribution = books.contributions
    shares = [s for s in expected_shares(contribution, year) if s.amount > 0]
    invoicing = invoicing_for(contribution, year)
    number = next_voucher_number(books, invoicing.series, year)
    if quarterly:
        dates = quarter_dates(year)
        parts = {s.member.id: split_exact(s.amount, [Decimal(1)] * len(dates)) for s in shares}
    else:
        dates = [year_date(year)]
        parts = {s.member.id: [s.amount] for s in shares}
    result: list[Invoice] = []
    for index, date in enumerate(dates):
        narration = (
            f"Medlemsavgift {year} kvartal {index + 1}" if quarterly else f"Medlemsavgift {year}"
        )
        for share in shares:
            result.append(
                Invoice(
                    date=date,
                    voucher=f"{invoicing.series}{number}",
                    member=share.member,
                    account=account_of(books, share.member, date),
                    receivable=invoicing.account,
                    amount=parts[share.member.id][index],
                    narration=narration,
                )
            )
            number += 1
    return result


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def format_invoices(items: Sequence[Invoice], year: int, quarterly: bool) -> str:
    """Beancount text for the invoices, ready to append to the year's ledger file."""
    kind = "per medlem och kvartal" if quarterly else "per medlem"
    lines = [f"; Medlemsavgifter {year}, {kind} (skrivet av finsam medlemsavgifter --bokför)"]
    width = max((len(i.account) for i in items), default=0)
    width = max(width, *(len(i.receivable) for i in items)) if items else width
    for item in items:
        amount = f"{item.amount:.2f}"
        negative = f"{-item.amount:.2f}"
        lines += [
            "",
            f"{item.date.isoformat()} * {_quote(item.member.name)} {_quote(item.narration)}",
            f"  {META_VOUCHER}: {_quote(item.voucher)}",
            f"  {item.receivable.ljust(width)}  {amount.rjust(14)} {CURRENCY}",
            f"  {item.account.ljust(width)}  {negative.rjust(14)} {CURRENCY}",
        ]
    return "\n".join(lines) + "\n"
