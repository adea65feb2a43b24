"""The banks' CSV exports: Swedbank and Handelsbanken.

Neither bank publishes a specification; the readers follow the column headers of the
exports as the banks' internet banks write them:

* Swedbank ("Exportera" under Transaktioner): an optional first line ``* Transaktions-
  rapport …``, then ``Radnummer,Clearingnummer,Kontonummer,Produkt,Valuta,Bokföringsdag,
  Transaktionsdag,Valutadag,Referens,Beskrivning,Belopp,Bokfört saldo``; comma-separated,
  amounts with a decimal point, ISO 8859-1 or UTF-8.
* Handelsbanken (Kontoutdrag, "Exportera till fil"): ``Reskontradatum;Transaktionsdatum;
  Text;Belopp;Saldo``; semicolon-separated, amounts with a decimal comma and spaces.

The columns are found by their header names, so an extra or reordered column is read
right. The bank's own line number changes between exports, so a line's reference is a
digest of account, date, amount, text and the running balance.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
from decimal import Decimal, InvalidOperation

from finsam_accounts.bank.model import BankLine, Statement, read_bytes
from finsam_accounts.errors import ReportError, error_in

SWEDBANK = ("Bokföringsdag", "Beskrivning", "Belopp")
HANDELSBANKEN = ("Reskontradatum", "Text", "Belopp")


def decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def kind_of(head: bytes) -> str | None:
    text = decode(head[:4096])
    if all(name in text for name in SWEDBANK) and "Radnummer" in text:
        return "swedbank"
    if all(name in text for name in HANDELSBANKEN):
        return "handelsbanken"
    return None


def amount_of(path: str, lineno: int, raw: str) -> Decimal:
    cleaned = raw.replace("\u00a0", "").replace(" ", "").replace("−", "-")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ReportError([error_in(path, lineno, f"ogiltigt belopp {raw!r}")]) from None
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        raise ReportError([error_in(path, lineno, f"ogiltigt belopp {raw!r}")])
    return value


def date_of(path: str, lineno: int, raw: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(raw.strip())
    except ValueError:
        raise ReportError(
            [error_in(path, lineno, f"ogiltigt datum {raw!r} (ÅÅÅÅ-MM-DD)")]) from None


def parse(path: str) -> Statement:
    content = read_bytes(path)
    kind = kind_of(content)
    if kind is None:
        raise ReportError([error_in(path, 1, "okänd CSV-fil: varken Swedbanks eller Handelsbankens "
                            "kolumnrubriker")])
    rows = list(csv.reader(io.StringIO(decode(content)),
                           delimiter="," if kind == "swedbank" else ";"))
    want = SWEDBANK if kind == "swedbank" else HANDELSBANKEN
    start = next((i for i, r in enumerate(rows) if all(w in r for w in want)), None)
    if start is None:
        raise ReportError([error_in(path, 1, "kolumnrubrikerna saknas")])
    header = [h.strip() for h in rows[start]]
    column = {name: header.index(name) for name in header}
    lines: list[BankLine] = []
    account = ""
    balances: list[Decimal] = []
    seen: dict[str, int] = {}
    for lineno, row in enumerate(rows[start + 1:], start=start + 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise ReportError([error_in(path, lineno, f"raden har {len(row)} kolumner, rubriken "
                                f"{len(header)}: filen är inte hel")])

        def get(name: str, row: list[str] = row) -> str:
            return row[column[name]].strip() if name in column else ""

        if kind == "swedbank":
            day = date_of(path, lineno, get("Bokföringsdag"))
            text = get("Beskrivning")
            party = text
            note = " ".join(w for w in (get("Referens"), text) if w)
            account = account or "".join(
                w for w in (get("Clearingnummer"), get("Kontonummer")) if w)
            balance_raw = get("Bokfört saldo")
        else:
            day = date_of(path, lineno, get("Reskontradatum"))
            note = party = get("Text")
            balance_raw = get("Saldo")
        amount = amount_of(path, lineno, get("Belopp"))
        key = f"{kind}|{account}|{day}|{amount}|{note}|{balance_raw}"
        seen[key] = seen.get(key, 0) + 1
        digest = hashlib.sha256(f"{key}|{seen[key]}".encode()).hexdigest()[:20]
        lines.append(BankLine(day, amount, party, note or party, f"{kind}:{digest}", note,
                              lineno))
        if balance_raw:
            balances.append(amount_of(path, lineno, balance_raw))
    return Statement(kind, (account,) if account else (), lines, closing_of(lines, balances))


def closing_of(
    lines: list[BankLine], balances: list[Decimal]
) -> tuple[datetime.date, Decimal] | None:
    """The balance after the last booked line. The exports list the newest line first;
    which end is newest is told by the dates, or on one day by the running balance."""
    if not lines or len(balances) != len(lines):
        return None
    newest_first = lines[0].date > lines[-1].date or (
        lines[0].date == lines[-1].date
        and len(lines) > 1
        and balances[0] - lines[0].amount == balances[1]
    )
    return (max(line.date for line in lines), balances[0] if newest_first else balances[-1])
