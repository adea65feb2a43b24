"""Read a SIE file (types 1–4) into a :class:`~.model.SieFile`, or say what is wrong.

Every problem is one Swedish line with the file's line number (a :class:`FinsamError`);
a file with any problem gives no content at all, so nothing half-read is ever imported.
Records that the books have no use for (addresses, period balances, budgets,
quantities, removed and added rows of a changed voucher, a vendor's own records) are read
past, and optional fields may be empty or missing: liberal in what is accepted, since a
damaged voucher still fails its balance check. A file that is no SIE text at all (UTF-16,
EBCDIC, binary, not starting with #FLAGGA) gives one line saying so.
"""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from finsam_accounts.errors import FinsamError, ReportError, error_in
from finsam_accounts.money import ORE, ZERO, format_sv_ore
from finsam_accounts.sie.model import CLOSING, OPENING, RESULT, Balance, SieFile, Trans, Voucher
from finsam_accounts.sie.syntax import (
    Field,
    Record,
    checksum,
    decode,
    detect_encoding,
    split_lines,
    split_record,
    unreadable_reason,
)

# Records read past: in the specification, but nothing the books keep. #BTRANS/#RTRANS
# are a changed voucher's history; #RTRANS is always followed by the same row as #TRANS.
IGNORED = frozenset(
    {
        "#ADRESS", "#BKOD", "#ENHET", "#FNR", "#FTYP", "#KPTYP", "#OIB", "#OMFATTN",
        "#OUB", "#PBUDGET", "#PROSA", "#PSALDO", "#SRU", "#TAXAR", "#VALUTA", "#UNDERDIM",
        "#BTRANS", "#RTRANS", "#FORMAT",
    }
)  # fmt: skip
KNOWN = IGNORED | {
    "#FLAGGA", "#PROGRAM", "#GEN", "#SIETYP", "#FNAMN", "#ORGNR", "#RAR", "#KONTO",
    "#KTYP", "#DIM", "#OBJEKT", "#IB", "#UB", "#RES", "#VER", "#TRANS", "#KSUMMA",
}  # fmt: skip

MAX_ERRORS = 50  # then the file is too damaged to be worth listing every line of it

DATE_RE = re.compile(r"^[0-9]{8}$")
AMOUNT_RE = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
ACCOUNT_RE = re.compile(r"^[0-9]+$")


def read_file(path: str | os.PathLike[str]) -> SieFile:
    """Read and check a SIE file. Raises ReportError."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as error:
        raise ReportError([error_in(path, 0, f"filen kan inte läsas ({error.strerror})")]) from None
    return read_bytes(raw, str(path))


def read_bytes(raw: bytes, filename: str = "<sie>") -> SieFile:
    """Read and check the bytes of a SIE file. Raises ReportError."""
    reason = unreadable_reason(raw)
    if reason is not None:
        raise ReportError([error_in(filename, 1, reason)])
    encoding = detect_encoding(raw)
    text = decode(raw, encoding)
    parser = _Parser(filename, encoding)
    parser.parse(split_lines(text))
    if parser.errors:
        raise ReportError(parser.errors)
    return parser.sie


@dataclass
class _OpenVoucher:
    record: Record
    series: str
    number: str
    date: datetime.date
    text: str
    rows: list[Trans] = field(default_factory=list)
    opened: bool = False
    damaged: bool = False  # a row could not be read (and has been reported)


class _Parser:
    def __init__(self, filename: str, encoding: str) -> None:
        self.filename = filename
        self.sie = SieFile(encoding=encoding)
        self.errors: list[FinsamError] = []
        self.voucher: _OpenVoucher | None = None
        self.checksummed: list[Record] | None = None
        self.checksum_closed = False
        self.last_line = 0
        self.seen_flag = False
        self.stopped = False  # not a SIE file: one line says so, nothing more is read

    # ------------------------------------------------------------------ driving

    def parse(self, lines: list[str]) -> None:
        for number, text in enumerate(lines, start=1):
            if self.stopped:
                return
            if len(self.errors) >= MAX_ERRORS:
                self.error(number, f"fler än {MAX_ERRORS} fel; läsningen avbryts här")
                return
            self.last_line = number
            try:
                record = split_record(text, number)
            except ReportError as error:
                for problem in error.errors:
                    self.error(number, problem.message)
                continue
            if record is None:
                continue
            self.record(record)
        self.finish()

    def error(self, line: int, message: str) -> None:
        self.errors.append(error_in(self.filename, line, message))

    def record(self, record: Record) -> None:
        if not self.seen_flag:
            self.seen_flag = True
            if record.label != "#FLAGGA":
                self.error(record.line, "filen börjar inte med #FLAGGA: det är ingen SIE-fil")
                self.stopped = True
                return
        if self.checksummed is not None and record.label != "#KSUMMA":
            self.checksummed.append(record)
        if record.label == "{":
            self.open_brace(record)
        elif record.label == "}":
            self.close_brace(record)
        elif not record.label.startswith("#"):
            self.error(record.line, f"raden är ingen post (den ska börja med #): {record.label}")
        elif record.label not in KNOWN or record.label in IGNORED:
            return  # a record the books have no use for, or a vendor's own: read past
        else:
            getattr(self, "on_" + record.label[1:].lower())(record)

    def finish(self) -> None:
        if self.stopped:
            return
        if not self.seen_flag:
            self.error(1, "filen är tom: ingen SIE-post hittades")
            return
        if self.voucher is not None:
            self.error(
                self.last_line,
                f"filen tar slut mitt i verifikation {self.voucher.series} "
                f"{self.voucher.number} (rad {self.voucher.record.line}): den är avkortad",
            )
        if self.checksummed is not None and not self.checksum_closed:
            self.error(
                self.last_line,
                "filen tar slut utan den avslutande #KSUMMA-posten: den är avkortad",
            )

    # --------------------------------------------------------------- fields

    def fields(self, record: Record, names: list[str], required: int) -> list[Field] | None:
        """The record's fields padded to ``names``; None (and an error) if too few."""
        if len(record.fields) < required:
            missing = names[len(record.fields)]
            self.error(record.line, f"{record.label} saknar fältet {missing}")
            return None
        return [*record.fields, *([""] * (len(names) - len(record.fields)))][: len(names)]

    def text(self, record: Record, value: Field, name: str) -> str | None:
        if isinstance(value, tuple):
            self.error(record.line, f"{record.label}: {name} ska vara en text, inte en objektlista")
            return None
        return value

    def date(self, record: Record, value: Field) -> datetime.date | None:
        text = self.text(record, value, "datum")
        if text is None:
            return None
        if DATE_RE.match(text):
            try:
                return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
            except ValueError:
                pass
        self.error(record.line, f'{record.label}: felaktigt datum "{text}" (ska vara ÅÅÅÅMMDD)')
        return None

    def amount(self, record: Record, value: Field) -> Decimal | None:
        text = self.text(record, value, "belopp")
        if text is None:
            return None
        if AMOUNT_RE.match(text):
            try:
                number = Decimal(text)
            except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
                number = None
            if number is not None and number == number.quantize(ORE):
                return number.quantize(ORE) + ZERO
        self.error(
            record.line,
            f'{record.label}: felaktigt belopp "{text}" (ska vara t.ex. -1234.50: '
            "decimalpunkt, högst två decimaler)",
        )
        return None

    def account(self, record: Record, value: Field) -> str | None:
        text = self.text(record, value, "kontonummer")
        if text is None:
            return None
        if not ACCOUNT_RE.match(text):
            self.error(record.line, f'{record.label}: felaktigt kontonummer "{text}"')
            return None
        return text

    def year(self, record: Record, value: Field) -> int | None:
        text = self.text(record, value, "årsnummer")
        if text is None:
            return None
        if re.fullmatch(r"0|-[1-9][0-9]*", text):
            return int(text)
        self.error(
            record.line, f'{record.label}: felaktigt årsnummer "{text}" (ska vara 0, -1, ...)'
        )
        return None

    # ------------------------------------------------------ identification

    def on_flagga(self, record: Record) -> None:
        self.fields(record, ["flagga"], 1)

    def on_ksumma(self, record: Record) -> None:
        if not record.fields:
            if self.checksummed is not None:
                self.error(record.line, "#KSUMMA utan kontrollsumma förekommer två gånger")
            self.checksummed = []
            return
        if self.checksummed is None:
            self.error(record.line, "#KSUMMA med kontrollsumma utan inledande #KSUMMA")
            return
        self.checksum_closed = True
        stated = self.text(record, record.fields[0], "kontrollsumma")
        if stated is None:
            return
        if not re.fullmatch(r"-?[0-9]+", stated):
            self.error(record.line, f'#KSUMMA: felaktig kontrollsumma "{stated}"')
            return
        computed = checksum(self.checksummed, self.sie.encoding)
        if int(stated) % 2**32 != computed and int(stated) % 2**32 != checksum(
            self.checksummed, self.sie.encoding, inner_spaces=False
        ):
            self.error(
                record.line,
                f"kontrollsumman stämmer inte: filen anger {stated}, beräknad {computed}: "
                "filen har ändrats eller skadats",
            )
            return
        self.sie.checksum_verified = True

    def on_program(self, record: Record) -> None:
        values = self.fields(record, ["programnamn", "version"], 0)
        if values is not None:
            self.sie.program = (str(values[0]), str(values[1]))

    def on_gen(self, record: Record) -> None:
        values = self.fields(record, ["datum", "sign"], 1)
        if values is not None:
            self.sie.generated = self.date(record, values[0])

    def on_sietyp(self, record: Record) -> None:
        values = self.fields(record, ["typnummer"], 1)
        if values is None:
            return
        if values[0] not in ("1", "2", "3", "4"):
            self.error(record.line, f'#SIETYP: okänd SIE-typ "{values[0]}" (1–4 kan läsas)')
            return
        self.sie.sie_type = int(str(values[0]))

    def on_fnamn(self, record: Record) -> None:
        values = self.fields(record, ["företagsnamn"], 0)
        if values is not None:
            self.sie.company = self.text(record, values[0], "företagsnamn") or ""

    def on_orgnr(self, record: Record) -> None:
        values = self.fields(record, ["organisationsnummer"], 0)
        if values is not None:
            self.sie.organisation_number = self.text(record, values[0], "orgnr") or ""

    def on_rar(self, record: Record) -> None:
        values = self.fields(record, ["årsnummer", "start", "slut"], 3)
        if values is None:
            return
        year, start, end = (
            self.year(record, values[0]),
            self.date(record, values[1]),
            self.date(record, values[2]),
        )
        if year is None or start is None or end is None:
            return
        if end < start:
            self.error(record.line, f"#RAR {year}: räkenskapsåret slutar innan det börjar")
            return
        self.sie.years[year] = (start, end)
        self.sie.year_lines[year] = record.line

    # ------------------------------------------------------------- the chart

    def on_konto(self, record: Record) -> None:
        values = self.fields(record, ["kontonummer", "kontonamn"], 1)
        if values is None:
            return
        number = self.account(record, values[0])
        name = self.text(record, values[1], "kontonamn")
        if number is not None and name is not None:
            self.sie.accounts[number] = name
            self.sie.account_lines.setdefault(number, record.line)

    def on_ktyp(self, record: Record) -> None:
        values = self.fields(record, ["kontonummer", "kontotyp"], 2)
        if values is None:
            return
        number = self.account(record, values[0])
        kind = str(values[1]).upper()
        if kind not in ("T", "S", "I", "K"):
            self.error(record.line, f'#KTYP: okänd kontotyp "{values[1]}" (T, S, I eller K)')
            return
        if number is not None:
            self.sie.account_types[number] = kind

    def on_dim(self, record: Record) -> None:
        values = self.fields(record, ["dimensionsnummer", "namn"], 1)
        if values is not None:
            self.sie.dimensions[str(values[0])] = str(values[1])

    def on_objekt(self, record: Record) -> None:
        values = self.fields(record, ["dimensionsnummer", "objektkod", "objektnamn"], 2)
        if values is not None:
            self.sie.objects[(str(values[0]), str(values[1]))] = str(values[2])

    # -------------------------------------------------------------- balances

    def balance(self, record: Record, kind: str) -> None:
        values = self.fields(record, ["årsnummer", "kontonummer", "saldo"], 3)
        if values is None:
            return
        year = self.year(record, values[0])
        number = self.account(record, values[1])
        amount = self.amount(record, values[2])
        if year is not None and number is not None and amount is not None:
            self.sie.balances.append(Balance(kind, year, number, amount, record.line))

    def on_ib(self, record: Record) -> None:
        self.balance(record, OPENING)

    def on_ub(self, record: Record) -> None:
        self.balance(record, CLOSING)

    def on_res(self, record: Record) -> None:
        self.balance(record, RESULT)

    # -------------------------------------------------------------- vouchers

    def on_ver(self, record: Record) -> None:
        if self.voucher is not None:
            self.error(
                record.line,
                f"#VER inne i verifikation {self.voucher.series} {self.voucher.number} "
                f"(rad {self.voucher.record.line}), som inte avslutats med }}",
            )
            self.voucher = None
        values = self.fields(record, ["serie", "vernr", "verdatum", "vertext"], 3)
        if values is None:
            self.voucher = _OpenVoucher(record, "?", "?", datetime.date.min, "")
            return
        date = self.date(record, values[2])
        series = self.text(record, values[0], "serie") or ""
        number = self.text(record, values[1], "vernr") or ""
        text = self.text(record, values[3], "vertext") or ""
        self.voucher = _OpenVoucher(record, series, number, date or datetime.date.min, text)

    def open_brace(self, record: Record) -> None:
        if self.voucher is None or self.voucher.opened:
            self.error(record.line, "{ utan föregående #VER")
            return
        self.voucher.opened = True

    def close_brace(self, record: Record) -> None:
        voucher = self.voucher
        if voucher is None or not voucher.opened:
            self.error(record.line, "} utan föregående #VER och {")
            return
        self.voucher = None
        total = sum((row.amount for row in voucher.rows), ZERO)
        name = f"{voucher.series} {voucher.number}".strip()
        if voucher.damaged:
            return
        if total != ZERO:
            self.error(
                voucher.record.line,
                f"verifikation {name} balanserar inte: raderna summerar till "
                f"{format_sv_ore(total)} kr, ska vara 0",
            )
            return
        if not voucher.rows:
            self.error(voucher.record.line, f"verifikation {name} har inga #TRANS-rader")
            return
        self.sie.vouchers.append(
            Voucher(
                voucher.series,
                voucher.number,
                voucher.date,
                voucher.text,
                tuple(voucher.rows),
                voucher.record.line,
            )
        )

    def on_trans(self, record: Record) -> None:
        if self.voucher is None or not self.voucher.opened:
            self.error(record.line, "#TRANS utanför en verifikation (#VER följd av {)")
            return
        values = self.fields(
            record, ["kontonummer", "objektlista", "belopp", "transdat", "transtext"], 3
        )
        if values is None:
            self.voucher.damaged = True
            return
        number = self.account(record, values[0])
        objects = self.objects(record, values[1])
        amount = self.amount(record, values[2])
        text = self.text(record, values[4], "transtext") or ""
        if number is None or objects is None or amount is None:
            self.voucher.damaged = True
            return
        self.voucher.rows.append(Trans(number, objects, amount, text, record.line))

    def objects(self, record: Record, value: Field) -> tuple[tuple[str, str], ...] | None:
        if value == "":
            return ()
        if not isinstance(value, tuple) or len(value) % 2:
            self.error(
                record.line,
                f"{record.label}: objektlistan ska vara par av dimension och objekt, "
                '{} eller t.ex. {1 "SAMO"}',
            )
            return None
        return tuple((value[i], value[i + 1]) for i in range(0, len(value), 2))
