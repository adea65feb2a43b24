"""Encode a :class:`~.model.SieFile` as the bytes of a SIE 4 file.

The format as the specification prescribes it: code page 437 (``#FORMAT PC8``), CRLF
line ends, texts quoted with ``\\"`` for a quote inside, dates ``ÅÅÅÅMMDD``, amounts with a
decimal point and two decimals, and a #KSUMMA checksum over everything between the
opening and closing #KSUMMA records. The same SieFile always gives the same bytes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal

from finsam_accounts.money import ORE
from finsam_accounts.sie.model import CLOSING, OPENING, RESULT, SieFile
from finsam_accounts.sie.syntax import PC8, checksum, object_list, pc8_text, quote, split_record


def write_bytes(sie: SieFile) -> bytes:
    """The file: identification, chart, dimensions, balances, vouchers, checksum."""
    body = list(_records(sie))
    records = [r for n, line in enumerate(body, 1) if (r := split_record(line, n)) is not None]
    lines = ["#FLAGGA 0", "#KSUMMA", *body, f"#KSUMMA {checksum(records, PC8)}"]
    return "".join(line + "\r\n" for line in lines).encode(PC8)


def _text(value: str) -> str:
    return quote(pc8_text(value))


def _bare(value: str) -> str:
    """A field written bare when it can be (``222000-1834``), else quoted."""
    return value if value and not any(c in value for c in ' \t"{}\\') else _text(value)


def _date(value: datetime.date) -> str:
    return value.strftime("%Y%m%d")


def _amount(value: Decimal) -> str:
    quantized = value.quantize(ORE)
    return f"{quantized + 0:.2f}" if quantized else "0.00"


def _records(sie: SieFile) -> Iterator[str]:
    name, version = sie.program
    yield f"#PROGRAM {_text(name)} {_text(version)}"
    yield "#FORMAT PC8"
    if sie.generated is not None:
        yield f"#GEN {_date(sie.generated)}"
    yield f"#SIETYP {sie.sie_type}"
    if sie.organisation_number:
        yield f"#ORGNR {_bare(sie.organisation_number)}"
    yield f"#FNAMN {_text(sie.company)}"
    for year in sorted(sie.years, reverse=True):
        start, end = sie.years[year]
        yield f"#RAR {year} {_date(start)} {_date(end)}"
    for number in sorted(sie.accounts, key=_account_key):
        yield f"#KONTO {number} {_text(sie.accounts[number])}"
        if number in sie.account_types:
            yield f"#KTYP {number} {sie.account_types[number]}"
    for dimension in sorted(sie.dimensions, key=_account_key):
        yield f"#DIM {dimension} {_text(sie.dimensions[dimension])}"
    for (dimension, code), name in sorted(sie.objects.items()):
        yield f"#OBJEKT {dimension} {_text(code)} {_text(name)}"
    for year in sorted(sie.years, reverse=True):
        for kind in (OPENING, CLOSING):
            for number, amount in sorted(sie.balances_of(kind, year).items()):
                yield f"#{kind} {year} {number} {_amount(amount)}"
    for year in sorted(sie.years, reverse=True):
        for number, amount in sorted(sie.balances_of(RESULT, year).items()):
            yield f"#{RESULT} {year} {number} {_amount(amount)}"
    for voucher in sie.vouchers:
        yield (
            f"#VER {_text(voucher.series)} {_text(voucher.number)} {_date(voucher.date)} "
            f"{_text(voucher.text)}"
        )
        yield "{"
        for row in voucher.transactions:
            yield (
                f"   #TRANS {row.account} {object_list(row.objects)} {_amount(row.amount)} "
                f'"" {_text(row.text)}'
            )
        yield "}"


def _account_key(number: str) -> tuple[int, str]:
    return (int(number), number) if number.isdigit() else (0, number)
