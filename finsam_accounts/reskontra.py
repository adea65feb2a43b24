"""Open items (*reskontra*): customer and supplier invoices not yet paid at a date.

The items come from the vouchers alone. An account is in the customer ledger
(*kundreskontra*) when its Kommun-Bas number starts with 15 (kundfordringar), in the
supplier ledger (*leverantörsreskontra*) when it starts with 244 (leverantörsskulder).
A posting that increases the account (a debit on a receivable, a credit on a payable) is an
invoice; one that decreases it is a payment (or a credit note).

Invoice and payment are linked by the metadata ``faktura`` (the invoice number, the same
text on both vouchers: ``faktura: "2019-001"``). The due date is the invoice voucher's
``forfaller`` (a date), else the invoice date plus the terms (``custom
"betalningsvillkor" DAGAR``, once, default 30 days: ``Books.payment_terms``). Without a
``faktura`` reference a payment settles the oldest open invoices of the same counterparty
(payee) on the same account, then the balance brought in (``ib: TRUE``) and the invoices
without a counterparty (a voucher moved in from SIE, which has no payee: the bank import
matches its payment by amount); what is left is a payment that matches no open item. A
payment that names a ``faktura`` no invoice has is such a payment too, and a warning in
``finsam check``.

Metadata on a posting (``motpart``, ``faktura``, ``forfaller``) stand for that posting
instead of the voucher's payee and metadata: the balance brought in is split by supplier
(or customer) so, one posting each. A balance brought in without a ``motpart`` has no
counterparty: it is shown as :data:`OPENING_PAYEE`, never under the voucher's payee (the
förbund's own name on the opening voucher is no supplier).

:func:`open_items` (the books and a date) is the one function the commands use (``finsam
reskontra``, the bank import's matching, ``finsam check``'s warning). Pure; amounts exact.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from beancount.core import data

from finsam_accounts.books import META_OPENING, Books
from finsam_accounts.conventions import META_NUMBER, META_VOUCHER
from finsam_accounts.declared import FromDirective, keep_once
from finsam_accounts.errors import FinsamError, error_at

META_INVOICE = "faktura"
META_DUE = "forfaller"
META_COUNTERPARTY = "motpart"  # on a posting: its counterparty instead of the voucher's payee
OPENING_PAYEE = "Ingående balans (utan motpart)"
CUSTOM_TERMS = "betalningsvillkor"
DEFAULT_TERMS = 30
CUSTOMER = "kund"
SUPPLIER = "leverantör"
PREFIXES = {CUSTOMER: ("15",), SUPPLIER: ("244",)}
ZERO = Decimal(0)


@dataclass(frozen=True)
class Movement:
    """One posting on a ledger account: ``amount`` > 0 raises what is owed (an invoice)."""

    date: datetime.date
    kind: str
    account: str
    payee: str
    ref: str | None
    amount: Decimal
    voucher: str
    text: str
    opening: bool  # a balance brought in without a counterparty (settled after the payee's)
    due: datetime.date | None
    entry: data.Transaction


@dataclass
class OpenItem:
    """An invoice and what has been paid on it."""

    kind: str
    account: str
    ref: str | None
    payee: str
    date: datetime.date
    due: datetime.date
    voucher: str
    text: str
    amount: Decimal
    opening: bool
    paid: Decimal = ZERO
    payments: list[str] = field(default_factory=list)

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.paid

    def overdue(self, date: datetime.date) -> int:
        """Days past the due date at ``date`` (0 when not yet due)."""
        return max((date - self.due).days, 0)


@dataclass(frozen=True)
class Unmatched:
    """A payment (or what is left of one) that no open item took."""

    movement: Movement
    amount: Decimal  # positive: what is left over


@dataclass(frozen=True)
class Reskontra:
    date: datetime.date
    items: list[OpenItem]  # open at the date, by kind, due date, voucher
    unmatched: list[Unmatched]


def ledger_kinds(entries: Iterable[data.Directive]) -> dict[str, str]:
    """Account → "kund" or "leverantör", from the Kommun-Bas number of its open."""
    kinds: dict[str, str] = {}
    for entry in entries:
        if isinstance(entry, data.Open):
            number = str((entry.meta or {}).get(META_NUMBER, ""))
            for kind, prefixes in PREFIXES.items():
                if number.startswith(prefixes):
                    kinds[entry.account] = kind
    return kinds


@dataclass(frozen=True)
class _Terms(FromDirective):
    days: int
    entry: data.Custom


def _parse_terms(entry: data.Custom) -> _Terms | FinsamError:
    values = [v.value for v in entry.values or ()]
    value = values[0] if len(values) == 1 else None
    if not (isinstance(value, Decimal) and value == value.to_integral_value() and value >= 0):
        return error_at(entry, (f'custom "{CUSTOM_TERMS}" ska ange antal dagar, t.ex. '
                                f'custom "{CUSTOM_TERMS}" {DEFAULT_TERMS}'))
    return _Terms(int(value), entry)


def parse_terms(entries: Iterable[data.Directive]) -> tuple[int, list[FinsamError]]:
    """The payment terms in days (``custom "betalningsvillkor" DAGAR``, once; else 30), and
    every problem; parsed once per load in :func:`finsam_accounts.domain.parse`
    (``Books.payment_terms``)."""
    found: dict[str, _Terms] = {}
    errors: list[FinsamError] = []
    for entry in entries:
        if isinstance(entry, data.Custom) and entry.type == CUSTOM_TERMS:
            keep_once(_parse_terms(entry), found, errors, entry, key=lambda _: CUSTOM_TERMS,
                      what=lambda _: f'custom "{CUSTOM_TERMS}"')
    return (found[CUSTOM_TERMS].days if found else DEFAULT_TERMS), errors


def as_date(value: object) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def movements(entries: Iterable[data.Directive], date: datetime.date) -> list[Movement]:
    """Every posting on a ledger account up to and including ``date``, in date order."""
    entries = list(entries)
    kinds = ledger_kinds(entries)
    found: list[Movement] = []
    for entry in entries:
        if not isinstance(entry, data.Transaction) or entry.date > date:
            continue
        meta = entry.meta or {}
        brought_in = bool(meta.get(META_OPENING))
        for posting in entry.postings:
            kind = kinds.get(posting.account)
            if kind is None or posting.units is None or posting.units.number is None:
                continue
            own = posting.meta or {}
            ref = own.get(META_INVOICE, meta.get(META_INVOICE))
            due = own.get(META_DUE, meta.get(META_DUE))
            named = str(own.get(META_COUNTERPARTY) or "").strip()
            payee = named or (OPENING_PAYEE if brought_in else entry.payee or "")
            number = posting.units.number
            found.append(
                Movement(
                    date=entry.date,
                    kind=kind,
                    account=posting.account,
                    payee=payee,
                    ref=str(ref).strip() if ref not in (None, "") else None,
                    amount=number if kind == CUSTOMER else -number,
                    voucher=str(meta.get(META_VOUCHER, "")),
                    text=entry.narration or "",
                    opening=(brought_in and not named) or not payee,
                    due=as_date(due) if due else None,
                    entry=entry,
                )
            )
    found.sort(key=lambda m: m.date)  # stable: file order within a day
    return found


def open_items(books: Books, date: datetime.date) -> Reskontra:
    """The invoices open at the end of ``date`` and the payments that matched none; an
    invoice without ``forfaller`` is due after the books' payment terms
    (``Books.payment_terms``)."""
    term = datetime.timedelta(days=books.payment_terms)
    items: list[OpenItem] = []
    queues = Queues()
    by_ref: dict[tuple[str, str], OpenItem] = {}
    unmatched: list[Unmatched] = []
    for move in movements(books.entries, date):
        if move.amount > 0 and not (move.ref and (move.account, move.ref) in by_ref):
            item = OpenItem(
                kind=move.kind, account=move.account, ref=move.ref, payee=move.payee,
                date=move.date, due=move.due or move.date + term, voucher=move.voucher,
                text=move.text, amount=move.amount, opening=move.opening,
            )
            items.append(item)
            queues.add(item)
            if move.ref:
                by_ref[(move.account, move.ref)] = item
            continue
        if move.ref:
            target = by_ref.get((move.account, move.ref))
            if target is None:
                unmatched.append(Unmatched(move, -move.amount))
            else:
                target.paid -= move.amount
                target.payments.append(move.voucher)
                queues.reopened(target)
            continue
        left = queues.settle(move, -move.amount)
        if left:
            unmatched.append(Unmatched(move, left))
    still_open = [i for i in items if i.remaining != 0]
    still_open.sort(key=lambda i: (i.kind != CUSTOMER, i.due, i.date, i.voucher))
    return Reskontra(date, still_open, unmatched)


class Queues:
    """The open items in the order they were booked, in the two queues a payment without
    a reference draws on: the counterparty's own items on the account, then the balance
    brought in on the account. Each queue remembers where its first item with something
    left to pay is, so settling a payment does not walk the paid items again (a payment
    on an item by its reference, which can raise what is left, moves that mark back)."""

    def __init__(self) -> None:
        self.queues: dict[tuple[str, str, bool], list[OpenItem]] = {}
        self.first: dict[tuple[str, str, bool], int] = {}
        self.place: dict[int, tuple[tuple[str, str, bool], int]] = {}

    @staticmethod
    def key(item: OpenItem) -> tuple[str, str, bool]:
        return (item.account, "" if item.opening else item.payee.casefold(), item.opening)

    def add(self, item: OpenItem) -> None:
        key = self.key(item)
        queue = self.queues.setdefault(key, [])
        self.place[id(item)] = (key, len(queue))
        queue.append(item)
        self.first.setdefault(key, 0)

    def reopened(self, item: OpenItem) -> None:
        key, index = self.place[id(item)]
        if item.remaining > 0 and index < self.first[key]:
            self.first[key] = index

    def settle(self, move: Movement, amount: Decimal) -> Decimal:
        """Pay ``amount`` on the oldest open items of the payee, then on the balance brought
        in; what is left over."""
        for key in ((move.account, move.payee.casefold(), False), (move.account, "", True)):
            queue = self.queues.get(key, [])
            index = self.first.get(key, 0)
            while index < len(queue) and amount > 0:
                item = queue[index]
                left = item.remaining
                if left > 0:
                    part = min(amount, left)
                    item.paid += part
                    item.payments.append(move.voucher)
                    amount -= part
                    if part < left:
                        break  # the payment is used up on an item still open
                index += 1
            if key in self.first:
                self.first[key] = index
            if amount <= 0:
                return ZERO
        return amount


def find_open(
    items: Iterable[OpenItem], kind: str, amount: Decimal, ref: str = "", payee: str = ""
) -> OpenItem | None:
    """The open item a bank payment of ``amount`` settles: by invoice reference (the
    ``faktura`` or the voucher number named in the payment's text), else the one item of
    the counterparty with that amount left, else the one item of any counterparty with
    exactly that amount left. None when no item, or more than one, fits."""
    candidates = [i for i in items if i.kind == kind and i.remaining > 0]
    words = {w.strip(".,:;()").casefold() for w in ref.split()} - {""}
    if words:
        named = [i for i in candidates if i.ref and i.ref.casefold() in words]
        if len(named) == 1:
            return named[0]
    same = [i for i in candidates if i.remaining == amount]
    by_payee = [i for i in same if payee and i.payee.casefold() == payee.casefold()]
    if len(by_payee) == 1:
        return by_payee[0]
    return same[0] if len(same) == 1 else None


def warnings(books: Books, date: datetime.date) -> list[str]:
    """A payment that names an invoice (``faktura``) that no invoice voucher has."""
    result = open_items(books, date)
    return [
        f"betalningen {u.movement.voucher or u.movement.date} ({u.movement.payee}) anger "
        f'faktura "{u.movement.ref}", men ingen öppen faktura har den referensen '
        f"({u.movement.account})"
        for u in result.unmatched
        if u.movement.ref
    ]
