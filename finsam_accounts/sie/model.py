"""The content of a SIE file, independent of both the ledger and the bytes.

Reader and writer meet here, so a file read and written again is the same file; the
ledger side (:mod:`finsam_accounts.sie.books`, :mod:`finsam_accounts.sie.importer`)
only ever sees these values. Amounts are Decimal with SIE's signs, which are beancount's:
debit positive, credit negative.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

# The dimension the activities (verksamhet: SAMO, HFE, ...) are exported as. SIE reserves
# dimension 1 for "kostnadsställe/resultatenhet", which is what an activity is.
ACTIVITY_DIMENSION = "1"
ACTIVITY_DIMENSION_NAME = "Verksamhet"

# Balance records: opening balance, closing balance, result of the year.
OPENING = "IB"
CLOSING = "UB"
RESULT = "RES"


@dataclass(frozen=True)
class Trans:
    """One #TRANS row of a voucher."""

    account: str
    objects: tuple[tuple[str, str], ...]
    amount: Decimal
    text: str = ""
    line: int = field(default=0, compare=False)

    def object_in(self, dimension: str) -> str | None:
        return next((code for dim, code in self.objects if dim == dimension), None)


@dataclass(frozen=True)
class Voucher:
    """One #VER with its rows."""

    series: str
    number: str
    date: datetime.date
    text: str
    transactions: tuple[Trans, ...]
    line: int = field(default=0, compare=False)

    @property
    def name(self) -> str:
        """``B12``: series and number, as the ledger's ``ver`` metadata writes it."""
        return f"{self.series}{self.number}"


@dataclass(frozen=True)
class Balance:
    """An #IB, #UB or #RES record: an account's figure in a year of the file."""

    kind: str
    year: int  # 0 = the file's current year, -1 the one before, ...
    account: str
    amount: Decimal
    line: int = field(default=0, compare=False)


@dataclass
class SieFile:
    """Everything the reader understands of a file, and everything the writer writes."""

    sie_type: int = 1
    program: tuple[str, str] = ("", "")
    generated: datetime.date | None = None
    company: str = ""
    organisation_number: str = ""
    years: dict[int, tuple[datetime.date, datetime.date]] = field(default_factory=dict)
    accounts: dict[str, str] = field(default_factory=dict)  # number -> name
    account_types: dict[str, str] = field(default_factory=dict)  # number -> T, S, I, K
    dimensions: dict[str, str] = field(default_factory=dict)  # dimension -> name
    objects: dict[tuple[str, str], str] = field(default_factory=dict)  # (dim, code) -> name
    balances: list[Balance] = field(default_factory=list)
    vouchers: list[Voucher] = field(default_factory=list)
    encoding: str = "cp437"
    checksum_verified: bool = False
    account_lines: dict[str, int] = field(default_factory=dict)  # number -> #KONTO line
    year_lines: dict[int, int] = field(default_factory=dict)  # year -> #RAR line

    def balances_of(self, kind: str, year: int) -> dict[str, Decimal]:
        """Account number -> amount for one kind of balance record and one year."""
        totals: dict[str, Decimal] = {}
        for balance in self.balances:
            if balance.kind == kind and balance.year == year:
                totals[balance.account] = totals.get(balance.account, Decimal(0)) + balance.amount
        return totals
