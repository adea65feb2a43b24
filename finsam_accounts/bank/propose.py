"""Bank lines → proposed vouchers: duplicates left out, matched, numbered.

Configuration is data in the books (:mod:`finsam_accounts.bank.settings`, ``Books.bank``):
``custom "bankkonto"`` names the ledger account, the voucher series of its vouchers, the
suspense account for lines nothing matches (*oklarade bankposter*, Kommun-Bas 2999, a
short-term liability) and the identifiers the bank files give for it (IBAN, account
number, bankgiro number). ``custom "bankregel" "Motpart" KONTO`` says where a
counterparty's lines go; without one, the counterparty's most common account in the
books is used (learned from the vouchers).

Each new line, in date order, becomes a voucher with the next free number
(:class:`finsam_accounts.numbering.Numberer`): money in against an open customer invoice,
money out against an open supplier invoice (:func:`finsam_accounts.reskontra.find_open`),
else by the counterparty's rule, else on the suspense account, flagged ``!`` and listed.
A line is already in the books when a voucher carries its ``bankref``, or when a voucher
without one has a posting of the same amount on the same day on the bank account (each
voucher answers for one line). The closing balance becomes a ``balance`` assertion.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from beancount.core import amount as amount_mod
from beancount.core import data, flags

from finsam_accounts.bank.model import BankLine, Statement, digits
from finsam_accounts.bank.settings import CUSTOM_ACCOUNT, BankAccount, BankSettings
from finsam_accounts.books import Books
from finsam_accounts.conventions import META_VOUCHER
from finsam_accounts.errors import ReportError, error_in, plain_error
from finsam_accounts.numbering import Numberer
from finsam_accounts.reskontra import (
    CUSTOMER,
    META_INVOICE,
    SUPPLIER,
    OpenItem,
    find_open,
    ledger_kinds,
    open_items,
)

META_BANKREF = "bankref"
CURRENCY = "SEK"
SOURCE = "<bankfil>"


@dataclass
class Proposal:
    """What an import would add, and what it leaves out."""

    entries: list[data.Directive] = field(default_factory=list)
    matched: int = 0
    by_rule: int = 0
    unmatched: list[data.Transaction] = field(default_factory=list)
    duplicates: int = 0


def choose_account(
    settings: BankSettings, statement: Statement, named: str | None
) -> BankAccount:
    """The bank account the file is for: ``--konto``, else the one whose identifiers the
    file names, else the only one declared."""
    accounts = settings.accounts
    if not accounts:
        raise ReportError([plain_error(
            f'bokföringen anger inget bankkonto för import: lägg till custom "{CUSTOM_ACCOUNT}" '
            "KONTO \"B\" KONTO-FÖR-OKLARADE-POSTER \"IBAN\" (docs/bank.md)"
        )])
    if named:
        chosen = [a for a in accounts if a.account == named]
        if not chosen:
            raise ReportError(
                [plain_error(f'--konto: {named} har ingen custom "{CUSTOM_ACCOUNT}"')])
        return chosen[0]
    wanted = {digits(i) for i in statement.account_ids if i}
    chosen = [a for a in accounts if wanted & {digits(i) for i in a.identifiers}]
    if len(chosen) == 1:
        return chosen[0]
    if not wanted and len(accounts) == 1:
        return accounts[0]
    shown = ", ".join(statement.account_ids) or "inget konto"
    raise ReportError([plain_error(
        f"filen gäller {shown}, som inget custom \"{CUSTOM_ACCOUNT}\" anger; "
        "ange kontot med --konto KONTO")])


def counterparty_rules(
    entries: Sequence[data.Directive], settings: BankSettings, bank: str, skip: set[str]
) -> dict[str, str]:
    """Counterparty (case-folded) → account: ``custom "bankregel"`` first (the books'
    ``settings``), else the account most often on the other side of the counterparty's
    bank vouchers."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for entry in entries:
        if isinstance(entry, data.Transaction) and entry.payee:
            accounts = [p.account for p in entry.postings]
            if bank in accounts and len(accounts) == 2:
                other = accounts[1 - accounts.index(bank)]
                if other not in skip:
                    counts[entry.payee.casefold()][other] += 1
    learned = {
        payee: min(c.items(), key=lambda item: (-item[1], item[0]))[0]
        for payee, c in counts.items()
    }
    return {**learned, **settings.rules}


def rule_account(
    line: BankLine, rules: Mapping[str, str], text_rules: Mapping[str, str]
) -> str | None:
    """The account for a line nothing open matches: the counterparty's rule or learned
    account (``rules``, by the whole counterparty), else a ``bankregel`` (``text_rules``)
    whose counterparty stands as whole words in the line's counterparty or text, the
    longest if several do: SEB's and Nordea's lines often have one text column only
    ("Nordea Bankavgift kvartal 1")."""
    exact = rules.get(line.counterparty.casefold())
    if exact is not None:
        return exact
    said = " ".join(f"{line.counterparty} {line.text}".casefold().split())
    found = [
        (len(key), key) for key in text_rules
        if re.search(rf"(?<!\w){re.escape(' '.join(key.split()))}(?!\w)", said)
    ]
    return text_rules[max(found)[1]] if found else None


def known_lines(
    entries: Sequence[data.Directive], bank: str, statement: Statement
) -> tuple[set[str], Counter[tuple[datetime.date, Decimal]]]:
    """The bank references in the books, and (date, amount) of the bank postings of the
    other vouchers: entered by hand, or imported from another file of the same account
    (the CSV export of a month already imported as camt.053)."""
    refs: set[str] = set()
    ours = {line.reference for line in statement.lines}
    by_hand: Counter[tuple[datetime.date, Decimal]] = Counter()
    for entry in entries:
        if not isinstance(entry, data.Transaction):
            continue
        ref = (entry.meta or {}).get(META_BANKREF)
        if ref:
            refs.add(str(ref))
            if str(ref) in ours:
                continue
        for posting in entry.postings:
            if posting.account == bank and posting.units and posting.units.number is not None:
                by_hand[(entry.date, posting.units.number)] += 1
    return refs, by_hand


def propose(
    books: Books, statement: Statement, source: str, account: str | None = None,
) -> Proposal:
    """The vouchers (and balance assertion) an import of ``statement`` into ``books``
    would add: the books' bank accounts and rules (``Books.bank``), locked years
    (``Books.locked_years``), payment terms and numbers."""
    entries = books.entries
    settings = books.bank
    bank = choose_account(settings, statement, account)
    closed = books.locked_years
    refs, by_hand = known_lines(entries, bank.account, statement)
    kinds = ledger_kinds(entries)
    rules = counterparty_rules(entries, settings, bank.account, set(kinds) | {bank.suspense})
    numberers: dict[int, Numberer] = {}
    last = max((line.date for line in statement.lines), default=None)
    items: list[OpenItem] = open_items(books, last).items if last else []
    result = Proposal()
    for line in sorted(statement.lines, key=lambda ln: (ln.date, ln.lineno)):
        if line.reference in refs:
            result.duplicates += 1
            continue
        if by_hand[(line.date, line.amount)] > 0:
            by_hand[(line.date, line.amount)] -= 1
            result.duplicates += 1
            continue
        if line.date.year in closed:  # a new line: a locked year takes no voucher
            raise ReportError([error_in(source, line.lineno, (
                f"raden är daterad {line.date} och finns inte i bokföringen, men "
                f"{line.date.year} är låst (finsam bokslut): boka den i ett öppet år"))])
        refs.add(line.reference)
        if line.date.year not in numberers:
            numberers[line.date.year] = Numberer.of(books, line.date.year)
        voucher = numberers[line.date.year].take(bank.series)
        entry = voucher_for(line, bank, voucher, items, (rules, settings.rules), source, result)
        result.entries.append(entry)
    if statement.closing is not None:
        day, balance = statement.closing
        assertion = day + datetime.timedelta(days=1)
        exists = any(
            isinstance(e, data.Balance) and e.account == bank.account and e.date == assertion
            for e in entries
        )
        if not exists and assertion.year not in closed:  # a locked year's are in its lock
            result.entries.append(data.Balance(
                data.new_metadata(source, 0), assertion, bank.account,
                amount_mod.Amount(balance, CURRENCY), None, None,
            ))
    return result


def voucher_for(
    line: BankLine, bank: BankAccount, voucher: str, items: list[OpenItem],
    rules: tuple[Mapping[str, str], Mapping[str, str]], source: str, result: Proposal,
) -> data.Transaction:
    meta = data.new_metadata(source, line.lineno)
    meta[META_VOUCHER] = voucher
    meta[META_BANKREF] = line.reference
    kind = CUSTOMER if line.amount > 0 else SUPPLIER
    item = find_open(items, kind, abs(line.amount), f"{line.invoice_ref} {line.text}",
                     line.counterparty)
    flag = flags.FLAG_OKAY
    if item is not None:
        item.paid += abs(line.amount)
        if item.ref:
            meta[META_INVOICE] = item.ref
        other = item.account
        result.matched += 1
    elif (ruled := rule_account(line, *rules)) is not None:
        other = ruled
        result.by_rule += 1
    else:
        other = bank.suspense
        flag = flags.FLAG_WARNING
    money = amount_mod.Amount(line.amount, CURRENCY)
    entry = data.Transaction(
        meta, line.date, flag, line.counterparty or None, line.text, frozenset(), frozenset(),
        [
            data.Posting(bank.account, money, None, None, None, None),
            data.Posting(other, -money, None, None, None, None),
        ],
    )
    if flag == flags.FLAG_WARNING:
        result.unmatched.append(entry)
    return entry
