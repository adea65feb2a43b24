"""What the förbund owes a member and a member owes the förbund, at a date.

A posting is **attributed** to a member when it carries ``medlem: "id"`` (posting
metadata: an aggregated payment names each member on its own posting), else when its
transaction's payee is one of the member's names: the name it is declared with and every
payee of the transactions on its contribution accounts (``"Försäkringskassan"`` for
``"Staten (Försäkringskassan)"``), else when its voucher names an invoice (``faktura:
"2024-001"``, as docs/bank.md links a payment to its invoice) whose voucher on the same
account is attributed to a member: a payment from "Försäkringskassan" of an invoice to
"Staten (Försäkringskassan)" is the state's.

Only the counterparty accounts count (Kommun-Bas 15xx kundfordringar and 24xx
leverantörsskulder and skulder till huvudmän): the VAT, tax and accrual accounts a member's
invoice also touches are claims on others. Balances brought in (the opening-balance
voucher, or before the books) name no member; a posting that would turn a member's balance
the wrong way (a payment to a member the books do not show as owed) **settles the balance
brought in** instead, as far as that balance goes. Whatever is not attributed stays
"övriga motparter", so the members' balances and the rest always add up to the account's
balance in the balance sheet.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from beancount.core import data

from finsam_accounts.books import Books
from finsam_accounts.conventions import META_MEMBER, AccountInfo, Member
from finsam_accounts.errors import FinsamError, error_at

# Kommun-Bas account ranges of claims between the förbund and a counterparty.
RECEIVABLE_RANGE = ("1500", "1599")
LIABILITY_RANGE = ("2400", "2499")
ZERO = Decimal("0")
META_INVOICE = "faktura"


@dataclass
class AccountBalances:
    """One account's balance split: per member, and brought in / not attributed."""

    account: str
    asset: bool
    by_member: dict[str, Decimal] = field(default_factory=dict)
    unattributed: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return sum(self.by_member.values(), ZERO) + self.unattributed


def counterparty_accounts(accounts: Mapping[str, AccountInfo]) -> dict[str, bool]:
    """Account name -> True for a receivable, False for a liability (by Kommun-Bas nr)."""
    found: dict[str, bool] = {}
    for name, info in accounts.items():
        number = str(info.meta.get("nr") or "")
        if len(number) == 4 and RECEIVABLE_RANGE[0] <= number <= RECEIVABLE_RANGE[1]:
            found[name] = True
        elif len(number) == 4 and LIABILITY_RANGE[0] <= number <= LIABILITY_RANGE[1]:
            found[name] = False
    return found


def member_names(books: Books) -> dict[str, str]:
    """Payee -> member id: each member's declared name and the payees of its contribution
    vouchers."""
    names = {m.name: m.id for m in books.members}
    contribution_accounts = {
        name: str(info.meta[META_MEMBER])
        for name, info in books.accounts.items()
        if META_MEMBER in info.meta
    }
    for entry in books.entries:
        if not isinstance(entry, data.Transaction) or not entry.payee:
            continue
        for posting in entry.postings:
            member_id = contribution_accounts.get(posting.account)
            if member_id is not None:
                names.setdefault(entry.payee, member_id)
    return names


def errors(entries: Sequence[data.Directive], books: Books) -> list[FinsamError]:
    """Postings whose ``medlem:`` names no declared member."""
    known = {m.id for m in books.members}
    found: list[FinsamError] = []
    for entry in entries:
        if not isinstance(entry, data.Transaction):
            continue
        for posting in entry.postings:
            value = (posting.meta or {}).get(META_MEMBER)
            if value is not None and str(value) not in known:
                found.append(error_at(
                    entry,
                    f'konteringen på {posting.account} har {META_MEMBER}: "{value}", men ingen '
                    f"sådan medlem är deklarerad (medlemmar.beancount)",
                ))
    return found


def _invoice(entry: data.Transaction) -> str | None:
    value = (entry.meta or {}).get(META_INVOICE)
    if value is None:
        return None
    return str(value).strip() or None


def invoice_members(
    entries: Sequence[data.Directive], names: Mapping[str, str]
) -> dict[tuple[str, str], str]:
    """(account, invoice number) -> member id: the invoices (``faktura``) whose voucher is
    attributed to a member by ``medlem:`` or payee, per account they post to."""
    found: dict[tuple[str, str], str] = {}
    for entry in entries:
        if not isinstance(entry, data.Transaction):
            continue
        ref = _invoice(entry)
        if ref is None:
            continue
        for posting in entry.postings:
            member_id = attributed_member(entry, posting, names)
            if member_id is not None:
                found.setdefault((posting.account, ref), member_id)
    return found


def attributed_member(
    entry: data.Transaction,
    posting: data.Posting,
    names: Mapping[str, str],
    invoices: Mapping[tuple[str, str], str] | None = None,
) -> str | None:
    value = (posting.meta or {}).get(META_MEMBER)
    if value is not None:
        return str(value)
    by_name = names.get(entry.payee or "")
    if by_name is not None or not invoices:
        return by_name
    ref = _invoice(entry)
    return invoices.get((posting.account, ref)) if ref is not None else None


@dataclass(frozen=True)
class Attribution:
    """Who a posting is: payee -> member id, and (account, invoice) -> member id."""

    names: Mapping[str, str]
    invoices: Mapping[tuple[str, str], str]


def attribution(books: Books) -> Attribution:
    """The members' names and invoices, read once for a report."""
    names = member_names(books)
    return Attribution(names, invoice_members(books.entries, names))


def balances(
    books: Books, end: datetime.date, known: Attribution | None = None
) -> dict[str, AccountBalances]:
    """Every counterparty account's balance at the end of ``end`` (inclusive), split;
    ``known``: the report's :func:`attribution`, if it has it."""
    entries = books.entries
    accounts = counterparty_accounts(books.accounts)
    known = known or attribution(books)
    names, invoices = known.names, known.invoices
    split = {a: AccountBalances(a, asset) for a, asset in accounts.items()}
    for entry in entries:
        if not isinstance(entry, data.Transaction) or entry.date > end:
            continue
        for posting in entry.postings:
            held = split.get(posting.account)
            if held is None or posting.units is None or posting.units.number is None:
                continue
            member_id = attributed_member(entry, posting, names, invoices)
            _post(held, member_id, posting.units.number)
    return split


def _post(held: AccountBalances, member_id: str | None, amount: Decimal) -> None:
    if member_id is None:
        held.unattributed += amount
        return
    # In the normal direction (receivables positive, liabilities negative) as positive.
    sign = 1 if held.asset else -1
    before = sign * held.by_member.get(member_id, ZERO)
    after = before + sign * amount
    brought_in = sign * held.unattributed
    if after < 0 and brought_in > 0:
        # What goes past zero settles the balance brought in, as far as it goes.
        overshoot = min(-after, -sign * amount)
        taken = min(overshoot, brought_in)
        after += taken
        held.unattributed = sign * (brought_in - taken)
    held.by_member[member_id] = sign * after


def member_balance(
    split: Mapping[str, AccountBalances], member: Member
) -> tuple[Decimal, Decimal]:
    """(receivable from the member, liability to the member) over every account, both as
    positive amounts when owed in the normal direction."""
    receivable = sum((b.by_member.get(member.id, ZERO) for b in split.values() if b.asset), ZERO)
    liability = -sum(
        (b.by_member.get(member.id, ZERO) for b in split.values() if not b.asset), ZERO
    )
    return receivable, liability
