"""ISO 20022 camt.053 (statement) and camt.054 (debit/credit notification).

Written from the ISO 20022 message definitions camt.053.001.02 / camt.054.001.02 (the
versions Swedish banks deliver, also .001.04+ read): ``Stmt``/``Ntfctn`` with ``Acct/Id``
(``IBAN`` or ``Othr/Id``), balances ``Bal`` (``CLBD`` closing booked), entries ``Ntry``
with ``Amt``, ``CdtDbtInd``, ``Sts`` (only ``BOOK`` is read), ``BookgDt``,
``AcctSvcrRef``/``NtryRef`` and per transaction ``TxDtls`` (``RltdPties``, ``RmtInf``).

A bank's XML is hostile input: parsed with defusedxml (no DTDs, no entities, no external
references), after a size limit; namespaces are ignored, so every version reads alike.
"""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeTree
from defusedxml.common import DefusedXmlException

from finsam_accounts.bank.model import BankLine, Statement, read_bytes
from finsam_accounts.errors import ReportError, error_in


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def child(element: Element | None, *path: str) -> Element | None:
    """The first descendant along ``path`` of local tag names (namespaces are stripped
    once after parsing, :func:`strip_namespaces`)."""
    if element is None:
        return None
    return element.find("/".join(path))


def children(element: Element | None, name: str) -> list[Element]:
    return element.findall(name) if element is not None else []


def strip_namespaces(root: Element) -> None:
    """Every tag by its local name: camt.053.001.02 and .001.08 read alike."""
    for element in root.iter():
        if "}" in element.tag:
            element.tag = element.tag.rsplit("}", 1)[1]


def text(element: Element | None, *path: str) -> str:
    """The whitespace-normalised text along ``path``, or of ``element`` itself without one."""
    found = child(element, *path) if path else element
    return " ".join((found.text or "").split()) if found is not None else ""


def looks_like(head: bytes) -> bool:
    return b"camt.053" in head or b"camt.054" in head


def parse(path: str) -> Statement:
    content = read_bytes(path)
    try:
        root = SafeTree.fromstring(content, forbid_dtd=True)
    except DefusedXmlException:
        raise ReportError([error_in(path, 0, "XML-filen har DTD eller entiteter, som en bankfil "
                            "aldrig har: läses inte")]) from None
    except SafeTree.ParseError as error:
        line = error.position[0] if error.position else 0
        raise ReportError(
            [error_in(path, line, "ogiltig XML: filen är inte en hel camt-fil")]) from None
    strip_namespaces(root)
    body = child(root, "BkToCstmrStmt")
    if body is None:
        body = child(root, "BkToCstmrDbtCdtNtfctn")
    if body is None:
        raise ReportError([error_in(path, 0, "ingen camt.053- eller camt.054-fil "
                            "(BkToCstmrStmt eller BkToCstmrDbtCdtNtfctn saknas)")])
    kind = "camt.053" if local(body.tag) == "BkToCstmrStmt" else "camt.054"
    reports = children(body, "Stmt") or children(body, "Ntfctn")
    if not reports:
        raise ReportError([error_in(path, 0, f"{kind}-filen har inget kontoutdrag (Stmt/Ntfctn)")])
    ids: list[str] = []
    lines: list[BankLine] = []
    closing: tuple[datetime.date, Decimal] | None = None
    currency = "SEK"
    for report in reports:
        account = child(report, "Acct")
        ident = text(account, "Id", "IBAN") or text(account, "Id", "Othr", "Id")
        if ident:
            ids.append(ident)
        currency = text(account, "Ccy") or currency
        for balance in children(report, "Bal"):
            code = text(balance, "Tp", "CdOrPrtry", "Cd")
            if code == "CLBD":
                amount = signed(path, balance)
                day = date_of(path, child(balance, "Dt"))
                if closing is None or day >= closing[0]:
                    closing = (day, amount)
        for index, entry in enumerate(children(report, "Ntry"), start=1):
            lines.extend(entry_lines(path, entry, index, ident))
    return Statement(kind, tuple(ids), lines, closing, currency)


def signed(path: str, element: Element) -> Decimal:
    """``Amt`` with the sign of ``CdtDbtInd`` (CRDT +, DBIT −)."""
    raw = text(element, "Amt")
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        raise ReportError([error_in(path, 0, f"ogiltigt belopp {raw!r} i camt-filen")]) from None
    if amount != amount.quantize(Decimal("0.01")) or amount < 0:
        raise ReportError([error_in(path, 0, f"ogiltigt belopp {raw!r} i camt-filen")])
    indicator = text(element, "CdtDbtInd")
    if indicator not in ("CRDT", "DBIT"):
        raise ReportError(
            [error_in(path, 0, f"CdtDbtInd ska vara CRDT eller DBIT, inte {indicator!r}")])
    return amount if indicator == "CRDT" else -amount


def date_of(path: str, element: Element | None) -> datetime.date:
    raw = text(element, "Dt") or text(element, "DtTm")[:10]
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise ReportError([error_in(path, 0, f"ogiltigt datum {raw!r} i camt-filen")]) from None


def entry_lines(path: str, entry: Element, index: int, account: str) -> list[BankLine]:
    """The booked entry as one line, or one per transaction when it carries several."""
    status = text(entry, "Sts") or text(entry, "Sts", "Cd")
    if status and status != "BOOK":
        return []
    amount = signed(path, entry)
    day = date_of(path, child(entry, "BookgDt"))
    reference = text(entry, "AcctSvcrRef") or text(entry, "NtryRef")
    details = [tx for d in children(entry, "NtryDtls") for tx in children(d, "TxDtls")]
    parts: list[tuple[Decimal, Element | None]] = [(amount, details[0] if details else None)]
    if len(details) > 1:
        amounts = [text(tx, "AmtDtls", "TxAmt", "Amt") or text(tx, "Amt") for tx in details]
        try:
            split = [Decimal(a).copy_sign(amount) for a in amounts]
        except InvalidOperation:
            split = []
        if len(split) == len(details) and sum(split) == amount:
            parts = list(zip(split, details, strict=True))
    result: list[BankLine] = []
    for number, (part, tx) in enumerate(parts, start=1):
        party = ("Dbtr" if part > 0 else "Cdtr")
        name = text(tx, "RltdPties", party, "Nm") or text(tx, "RltdPties", party, "Pty", "Nm")
        words = [text(u) for u in children(child(tx, "RmtInf"), "Ustrd")]
        invoice = text(tx, "RmtInf", "Strd", "CdtrRefInf", "Ref")
        note = " ".join(w for w in [*words, text(entry, "AddtlNtryInf")] if w)
        ref = reference or hashlib.sha256(
            f"{account}|{day}|{amount}|{note}|{index}".encode()
        ).hexdigest()[:20]
        if len(parts) > 1:
            ref = f"{ref}/{text(tx, 'Refs', 'AcctSvcrRef') or number}"
        result.append(BankLine(day, part, name, note or invoice or name, f"camt:{ref}", invoice,
                               index))
    return result
