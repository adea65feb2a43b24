"""Bankgirot's BgMax: incoming bankgiro payments (member contributions arrive this way).

Written from Bankgirot's technical manual "Bankgirot Inbetalningar, BgMax" (record layout,
80 characters per record, ISO 8859-1): TK01 start (``BGMAX``), TK05 opening of a deposit
(receiver's bankgiro at 3–12), TK20 payment (sender's bankgiro 3–12, reference 13–37,
amount in öre 38–55, BGC serial number 58–69), TK21 deduction (same layout, money out),
TK25 information, TK26 name (3–37), TK15 deposit (receiving account 3–37, payment date
38–45, deposit amount in öre 51–68, number of payments 72–79), TK70 end (number of
payment, deduction, extra reference and deposit records at 3–10, 11–18, 19–26, 27–34).

Every count and every deposit sum is checked: a cut or changed file is refused whole.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from finsam_accounts.bank.model import BankLine, Statement, read_bytes
from finsam_accounts.errors import ReportError, error_in

ORE = Decimal("0.01")


@dataclass
class Payment:
    amount: Decimal
    sender: str
    ref: str
    serial: str
    lineno: int
    name: str = ""
    info: list[str] = field(default_factory=list)


def looks_like(head: bytes) -> bool:
    return head.startswith(b"01BGMAX")


def number(path: str, lineno: int, field: str, what: str) -> int:
    if not field.strip().isdigit():
        raise ReportError(
            [error_in(path, lineno, f"{what} ska vara siffror, inte {field.strip()!r}")])
    return int(field)


def parse(path: str) -> Statement:
    content = read_bytes(path)
    records = content.decode("latin-1").splitlines()
    if not records or not records[0].startswith("01BGMAX"):
        raise ReportError([error_in(path, 1, "ingen BgMax-fil (första posten ska vara 01BGMAX)")])
    lines: list[BankLine] = []
    pending: list[Payment] = []  # the payments of the open deposit
    receiver = ""
    counts = {"20": 0, "21": 0, "22": 0, "15": 0}
    ended = False
    for lineno, record in enumerate(records, start=1):
        if not record.strip():
            continue
        if ended:
            raise ReportError([error_in(path, lineno, "poster efter slutposten TK70")])
        code = record[:2]
        record = record.ljust(80)
        if code in ("20", "21"):
            counts[code] += 1
            öre = number(path, lineno, record[37:55], "beloppet")
            amount = (Decimal(öre) * ORE) * (1 if code == "20" else -1)
            pending.append(Payment(amount, record[2:12].strip().lstrip("0"),
                                   record[12:37].strip(), record[57:69].strip(), lineno))
        elif code in ("22", "23"):  # extra references: counted together in TK70
            counts["22"] += 1
        elif code == "25" and pending:
            pending[-1].info.append(record[2:52].strip())
        elif code == "26" and pending:
            pending[-1].name = record[2:37].strip()
        elif code == "05":
            receiver = record[2:12].strip().lstrip("0")
            if pending:
                raise ReportError([error_in(
                    path, lineno, "ny insättning innan den förra avslutats (TK15)")])
        elif code == "15":
            counts["15"] += 1
            lines.extend(deposit(path, lineno, record, pending, receiver))
            pending = []
        elif code == "70":
            for index, key in enumerate(("20", "21", "22", "15")):
                stated = number(path, lineno, record[2 + 8 * index:10 + 8 * index],
                                f"antalet TK{key}")
                if stated != counts[key]:
                    raise ReportError([error_in(path, lineno, (
                        f"slutposten anger {stated} TK{key}-poster men filen har "
                        f"{counts[key]}: filen är inte hel"))])
            ended = True
        elif code not in ("01", "25", "26", "27", "28", "29"):
            raise ReportError(
                [error_in(path, lineno, f"okänd posttyp {code!r} i BgMax-filen")])
    if not ended:
        raise ReportError(
            [error_in(path, len(records), "slutposten TK70 saknas: filen är inte hel")])
    if pending:
        raise ReportError([error_in(path, len(records), "betalningar utan insättningspost TK15")])
    return Statement("bgmax", (receiver,) if receiver else (), lines, None)


def deposit(
    path: str, lineno: int, record: str, pending: list[Payment], receiver: str
) -> list[BankLine]:
    """The deposit's payments as bank lines, after checking the deposit's sum and count."""
    raw = record[37:45]
    try:
        day = datetime.date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
    except ValueError:
        raise ReportError([error_in(path, lineno, f"ogiltigt betalningsdatum {raw!r}")]) from None
    total = Decimal(number(path, lineno, record[50:68], "insättningsbeloppet")) * ORE
    count = number(path, lineno, record[71:79], "antalet betalningar")
    found = sum((p.amount for p in pending), Decimal(0))
    if count != len(pending) or found != total:
        raise ReportError([error_in(
            path, lineno, f"insättningen anger {count} betalningar på {total} kr, men filen "
            f"har {len(pending)} på {found} kr: filen är inte hel",
        )])
    lines = []
    for payment in pending:
        name = payment.name or f"bankgiro {payment.sender}"
        note = " ".join(w for w in (payment.ref, *payment.info) if w)
        lines.append(BankLine(
            date=day, amount=payment.amount, counterparty=name, text=note or name,
            reference=f"bgmax:{receiver}:{payment.serial}", invoice_ref=payment.ref,
            lineno=payment.lineno,
        ))
    return lines
