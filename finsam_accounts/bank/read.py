"""Which reader a bank file needs, told by its first bytes (never by its name alone)."""

from __future__ import annotations

from finsam_accounts.bank import bgmax, camt, csvbank
from finsam_accounts.bank.model import Statement, read_bytes
from finsam_accounts.errors import ReportError, error_in


def kind_of(path: str) -> str | None:
    """"camt", "bgmax", a bank's CSV export ("swedbank", "handelsbanken", "seb", "nordea"),
    or None for another file."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return None
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<") and camt.looks_like(head):
        return "camt"
    if bgmax.looks_like(stripped):
        return "bgmax"
    return csvbank.kind_of(head)


def read_statement(path: str) -> Statement:
    """The file read by its reader; ReportError when it is no bank file we know."""
    kind = kind_of(path)
    if kind == "camt":
        return camt.parse(path)
    if kind == "bgmax":
        return bgmax.parse(path)
    if kind is not None:
        return csvbank.parse(path)
    read_bytes(path)  # a missing or huge file says so first
    raise ReportError([error_in(path, 0, "okänt filformat: läser camt.053/054 (XML), BgMax och "
                        "CSV-export från Swedbank, Handelsbanken, SEB och Nordea")])
