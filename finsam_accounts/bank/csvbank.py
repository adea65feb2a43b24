"""The banks' CSV exports: Swedbank, Handelsbanken, SEB and Nordea.

No bank publishes a specification of its CSV export; the readers follow the column
headers of the exports as the banks' internet banks write them, and find every column by
its header name, so an added or reordered column is read right:

* Swedbank ("Exportera" under Transaktioner): an optional first line ``* Transaktions-
  rapport …``, then ``Radnummer, Clearingnummer, Kontonummer, Produkt, Valuta,
  Bokföringsdag, Transaktionsdag, Valutadag, Referens, Beskrivning, Belopp, Bokfört
  saldo``.
* Handelsbanken (Kontoutdrag, "Exportera till fil"): ``Reskontradatum; Transaktions-
  datum; Text; Belopp; Saldo``.
* SEB (Kontoutdrag, "Exportera"): ``Bokföringsdatum; Valutadatum; Verifikationsnummer;
  Text/mottagare; Belopp; Saldo`` (the text column is also headed ``Text`` or
  ``Text/Beteckning``).
* Nordea (Kontohändelser, "Exportera"): ``Bokföringsdag; Belopp; Avsändare; Mottagare;
  Namn; Rubrik; Meddelande; Saldo; Valuta`` (some columns are left out by some exports);
  lines not yet booked say ``Reserverat`` instead of a date and are not read.

The separator (comma, semicolon or tab) is the one that splits the header line into the
bank's columns; the text is UTF-8 (with or without BOM) or, failing that, Windows-1252
(ISO 8859-1). Amounts have a decimal point or a decimal comma, with spaces or the other
mark between thousands; dates are ``ÅÅÅÅ-MM-DD`` (Nordea: also ``ÅÅÅÅ/MM/DD``). The bank's
own line number changes between exports, so a line's reference is a digest of account,
date, amount, text and the running balance (SEB's verifikationsnummer when there is one).
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import hashlib
import io
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from finsam_accounts.bank.model import BankLine, Statement, read_bytes
from finsam_accounts.errors import ReportError, error_in


@dataclass(frozen=True)
class Layout:
    """One bank's export: the headers that tell it, and where each datum is."""

    kind: str
    date: str  # the booking date's header
    marks: tuple[str, ...]  # headers that, with date and amount, tell this bank's export
    text: tuple[tuple[str, ...], ...]  # the line's text: the first header found of each
    party: tuple[str, ...]  # the counterparty: the first non-empty of these
    balance: tuple[str, ...] = ("Saldo",)
    reference: tuple[str, ...] = ()  # the bank's own id of the line, when it has one
    account: tuple[str, ...] = ()  # joined: the account the file is for
    amount: str = "Belopp"


SEB_TEXT = ("Text/mottagare", "Text / mottagare", "Text/Beteckning", "Text")
LAYOUTS = (
    Layout("swedbank", "Bokföringsdag", ("Radnummer", "Beskrivning"),
           (("Referens",), ("Beskrivning",)), ("Beskrivning",), ("Bokfört saldo", "Saldo"),
           account=("Clearingnummer", "Kontonummer")),
    Layout("handelsbanken", "Reskontradatum", ("Text",), (("Text",),), ("Text",)),
    Layout("seb", "Bokföringsdatum", ("Verifikationsnummer",), (SEB_TEXT,), SEB_TEXT,
           reference=("Verifikationsnummer",)),
    Layout("nordea", "Bokföringsdag", ("Rubrik",),
           (("Rubrik",), ("Meddelande",)), ("Namn", "Rubrik")),
)
NAMES = {"swedbank": "Swedbank", "handelsbanken": "Handelsbanken", "seb": "SEB",
         "nordea": "Nordea"}
NOT_BOOKED = {"reserverat", "reserverad", "prel", "preliminär"}
CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # in a cell: a line break or tab too
HEADER_ROWS = 10  # the header is on one of the first lines (Swedbank: the second)


def decode(content: bytes) -> str:
    """The file's text: UTF-16 when it starts with its BOM (Excel's "Unicode text"), else
    UTF-8 (with or without BOM), else Windows-1252."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16", errors="replace")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _rows(path: str, text: str, separator: str) -> list[list[str]]:
    """Every row, its cells with control characters as spaces; a file the csv module
    cannot read (a quote never closed, a field of 128 kB) is refused at its line."""
    reader = csv.reader(io.StringIO(text), delimiter=separator)
    try:
        return [[CONTROL.sub(" ", cell) for cell in row] for row in reader]
    except csv.Error:
        raise ReportError([error_in(path, reader.line_num, "filen kan inte läsas som CSV: ett "
                                    "fält är längre än 128 kB eller ett citattecken stängs "
                                    "aldrig")]) from None


def find_header(text: str) -> tuple[Layout, str, int] | None:
    """The bank's layout, the separator and the header's row index (0-based, as the csv
    module counts rows of that separator)."""
    for separator in (";", "\t", ","):
        for index, row in enumerate(_head(text, separator)):
            cells = [cell.strip() for cell in row]
            for layout in LAYOUTS:
                if all(h in cells for h in (layout.date, layout.amount, *layout.marks)):
                    return layout, separator, index
    return None


def _head(text: str, separator: str) -> list[list[str]]:
    """The first rows, up to one the csv module cannot read (said where the file is read)."""
    rows = csv.reader(io.StringIO(text), delimiter=separator)
    head: list[list[str]] = []
    with contextlib.suppress(csv.Error):
        head.extend(itertools.islice(rows, HEADER_ROWS))  # keeps the rows read before it
    return head


def kind_of(head: bytes) -> str | None:
    found = find_header(decode(head[:4096]))
    return found[0].kind if found else None


def amount_of(path: str, lineno: int, raw: str) -> Decimal:
    """An amount as the banks print it: ``-1 234,50``, ``-1234.50``, ``1.234,50``,
    ``1,234.50``, ``−459,00``, ``459,00-``. Thousands marks only with the decimals (so
    ``12,345`` is refused, not read as either twelve or twelve thousand); at most two
    decimals; no exponent."""
    cleaned = re.sub(r"[\s\u00a0\u202f']", "", raw).replace("−", "-").replace("–", "-")
    if cleaned.endswith("-") and not cleaned.startswith("-"):  # 459,00- (a trailing minus)
        cleaned = "-" + cleaned[:-1]
    if re.fullmatch(r"-?\d+([.,]\d{1,2})?", cleaned):
        number = cleaned.replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+,\d{1,2}", cleaned):
        number = cleaned.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(,\d{3})+\.\d{1,2}", cleaned):
        number = cleaned.replace(",", "")
    else:
        raise ReportError([error_in(path, lineno, f"ogiltigt belopp {raw!r}")])
    return Decimal(number)


def date_of(path: str, lineno: int, raw: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(raw.strip().replace("/", "-"))
    except ValueError:
        raise ReportError(
            [error_in(path, lineno, f"ogiltigt datum {raw!r} (ÅÅÅÅ-MM-DD)")]) from None


def parse(path: str) -> Statement:
    text = decode(read_bytes(path))
    if "\x00" in text:
        raise ReportError([error_in(path, 1, "filen har NUL-tecken: den är ingen textfil "
                                    "från en bank")])
    found = find_header(text)
    if found is None:
        raise ReportError([error_in(path, 1, "okänd CSV-fil: inte kolumnrubrikerna i "
                                    "Swedbanks, Handelsbankens, SEB:s eller Nordeas export")])
    layout, separator, start = found
    rows = _rows(path, text, separator)
    header = [h.strip() for h in rows[start]]
    column = {name: header.index(name) for name in header}
    lines: list[BankLine] = []
    account = ""
    balances: list[Decimal] = []
    seen: dict[str, int] = {}
    for lineno, row in enumerate(rows[start + 1:], start=start + 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header) and not (len(row) == len(header) - 1 and header[-1] == ""):
            raise ReportError([error_in(path, lineno, f"raden har {len(row)} kolumner, rubriken "
                                f"{len(header)}: filen är inte hel")])

        def get(names: Sequence[str], row: list[str] = row) -> str:
            return next((row[column[n]].strip() for n in names
                         if n in column and column[n] < len(row) and row[column[n]].strip()), "")

        when = get((layout.date,))
        if when.lower() in NOT_BOOKED:
            continue  # Nordea: a line the bank has not booked yet
        day = date_of(path, lineno, when)
        parts = [get(names) for names in layout.text]
        note = " ".join(dict.fromkeys(p for p in parts if p))
        party = get(layout.party) or note
        account = account or "".join(get((name,)) for name in layout.account)
        balance_raw = get(layout.balance)
        amount = amount_of(path, lineno, get((layout.amount,)))
        own = get(layout.reference)
        words = " ".join(p for p in parts if p)  # as the first readers keyed a line
        key = f"{layout.kind}|{account}|{day}|{amount}|{words}|{balance_raw}" + (
            f"|{own}" if own else "")
        seen[key] = seen.get(key, 0) + 1
        digest = hashlib.sha256(f"{key}|{seen[key]}".encode()).hexdigest()[:20]
        lines.append(BankLine(day, amount, party, note or party, f"{layout.kind}:{digest}",
                              note, lineno))
        if balance_raw:
            balances.append(amount_of(path, lineno, balance_raw))
    return Statement(layout.kind, (account,) if account else (), lines,
                     closing_of(lines, balances))


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
