"""What every bank file reader gives: the statement's lines and its closing balance."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from finsam_accounts.errors import ReportError, error_in

MAX_BYTES = 50 * 1024 * 1024  # a year's statement is a few MB; more is not a bank file


@dataclass(frozen=True)
class BankLine:
    """One booked line: + money in, − money out."""

    date: datetime.date
    amount: Decimal
    counterparty: str
    text: str
    reference: str  # the bank's own reference of the line, unique: for duplicates
    invoice_ref: str = ""  # OCR or invoice number the payer gave
    lineno: int = 0  # in the file, for messages


@dataclass(frozen=True)
class Statement:
    """A bank file: its format, the account it names (IBAN, account or bankgiro number,
    "" when the file names none), its lines and its closing balance."""

    kind: str
    account_ids: tuple[str, ...]
    lines: list[BankLine] = field(default_factory=list)
    closing: tuple[datetime.date, Decimal] | None = None
    currency: str = "SEK"


def read_bytes(path: str) -> bytes:
    """The file's bytes, refused when it is missing or larger than a bank file can be."""
    try:
        with open(path, "rb") as handle:
            content = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise ReportError([error_in(path, 0, f"kan inte läsa filen: {error.strerror}")]) from None
    if len(content) > MAX_BYTES:
        raise ReportError([error_in(path, 0, f"filen är större än {MAX_BYTES // 1024 // 1024} MB")])
    return content


def digits(text: str) -> str:
    """An account identifier compared by its letters and digits only ("SE45 5000…")."""
    return "".join(c for c in text.upper() if c.isalnum())
