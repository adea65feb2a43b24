"""What reading and writing SIE share: records and fields, quoting, encodings, #KSUMMA.

A record is one line: a label (``#VER``) followed by fields separated by spaces or tabs.
A field is a bare word, a quoted text (``"Hyra mars"``, a quote inside written ``\\"``)
or an object list in braces (``{1 "SAMO"}``). The specification prescribes IBM PC 8-bit
(code page 437); files in the wild are also Latin-1/Windows-1252 or UTF-8, so the reader
detects which one a file is in.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from finsam_accounts.errors import ReportError, plain_error

Field = str | tuple[str, ...]  # a text, or the items of an object list

PC8 = "cp437"
ENCODING_NAMES = {"cp437": "PC8 (IBM-437)", "cp1252": "Windows-1252", "utf-8": "UTF-8"}

# Characters the ledger uses that code page 437 lacks, written as their nearest ASCII.
TRANSLITERATION = str.maketrans(
    {
        "–": "-",
        "—": "-",
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "§": "par.",
        "…": "...",
        "\u00a0": " ",
        "\u202f": " ",
    }
)

# Letters that tell the 8-bit encodings apart: a Swedish text has many of them.
SWEDISH_LETTERS = set("åäöÅÄÖéÉüÜ")


@dataclass(frozen=True)
class Record:
    """One line of a file: its label (upper case, with #) and fields."""

    label: str
    fields: tuple[Field, ...]
    line: int


def split_record(text: str, line: int) -> Record | None:
    """The record on a line, or None for a blank line. Raises ReportError (without a
    place: the reader knows the file)."""
    stripped = text.strip()
    if stripped in ("{", "}"):  # the braces around a voucher's rows
        return Record(stripped, (), line)
    tokens = _tokens(stripped)
    if not tokens:
        return None
    head = tokens[0]
    if isinstance(head, tuple):
        raise ReportError([plain_error("raden börjar med en objektlista, inte med en post (#...)")])
    return Record(head.upper() if head.startswith("#") else head, tuple(tokens[1:]), line)


# One token of a record: separators, braces, a quoted text (``\\"`` and ``\\\\`` escaped),
# a bare word, or a quote that opens a text never closed.
TOKEN = re.compile(r'[ \t]+|(\{)|(\})|"((?:[^"\\]|\\.)*)"|([^ \t{}"]+)|(")')
UNESCAPE = re.compile(r'\\(["\\])')


def _tokens(text: str) -> list[Field]:
    tokens: list[Field] = []
    group: list[str] | None = None
    for match in TOKEN.finditer(text):
        opening, closing, quoted, bare, unclosed = match.groups()
        if opening:
            if group is not None:
                raise ReportError(
                    [plain_error("objektlistan innehåller en ny { innan den avslutats med }")])
            group = []
            continue
        if closing:
            if group is None:
                raise ReportError([plain_error("} utan föregående {")])
            tokens.append(tuple(group))
            group = None
            continue
        if unclosed:
            raise ReportError([plain_error("texten saknar avslutande citattecken")])
        if quoted is not None:
            value = UNESCAPE.sub(r"\1", quoted) if "\\" in quoted else quoted
        elif bare is not None:
            value = bare
        else:
            continue  # separators
        if group is not None:
            group.append(value)
        else:
            tokens.append(value)
    if group is not None:
        raise ReportError([plain_error("objektlistan avslutas inte med }")])
    return tokens


def quote(text: str) -> str:
    """A text as a quoted field: quotes and backslashes escaped, control characters out."""
    clean = "".join(c if c >= " " else " " for c in text)
    return '"' + clean.replace("\\", "\\\\").replace('"', '\\"') + '"'


def object_list(objects: Iterable[tuple[str, str]]) -> str:
    """``{1 "SAMO"}``: dimension numbers bare, object codes quoted."""
    return "{" + " ".join(f"{dim} {quote(pc8_text(code))}" for dim, code in objects) + "}"


def pc8_text(text: str) -> str:
    """A text that code page 437 can encode: nearest ASCII, else ``?``."""
    converted = text.translate(TRANSLITERATION)
    return converted.encode(PC8, errors="replace").decode(PC8)


def unreadable_reason(raw: bytes) -> str | None:
    """Why the bytes are no SIE text at all (UTF-16, EBCDIC, a binary file), or None.

    Such a file gives one line naming the problem instead of one error per line."""
    head = raw[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _alternating_zeros(head):
        return (
            "filen är kodad som UTF-16; en SIE-fil ska vara PC8 (IBM-437), Latin-1 eller "
            "UTF-8: exportera den igen, eller spara den som ANSI"
        )
    if head.lstrip(b"\x40\x25\x0d\x15").startswith(EBCDIC_FLAG):
        return (
            "filen är kodad som EBCDIC (stordatorns teckenkod); en SIE-fil ska vara PC8 "
            "(IBM-437), Latin-1 eller UTF-8: exportera den igen"
        )
    controls = sum(1 for b in head if b < 0x20 and b not in b"\t\r\n\x0c\x1a")
    if b"\x00" in head or controls * 20 > len(head):
        return "filen är ingen textfil (binära data): det är ingen SIE-fil"
    return None


EBCDIC_FLAG = "#FLAGGA".encode("cp500")


def _alternating_zeros(head: bytes) -> bool:
    """UTF-16 without a byte order mark: every other byte of ASCII text is zero."""
    pairs = head[: len(head) - len(head) % 2]
    if len(pairs) < 8:
        return False
    half = len(pairs) // 2
    even, odd = pairs[0::2].count(0), pairs[1::2].count(0)
    return max(even, odd) * 10 >= half * 9 and min(even, odd) * 10 < half


def split_lines(text: str) -> list[str]:
    """The lines of a decoded file: CRLF, LF or CR ends (nothing else ends a line, unlike
    ``str.splitlines``); a DOS end-of-file mark (Ctrl-Z) at the end is dropped."""
    lines = LINE_END.split(text.rstrip("\x1a"))
    return lines[:-1] if lines and lines[-1] == "" else lines


LINE_END = re.compile(r"\r\n|\r|\n")


def detect_encoding(raw: bytes) -> str:
    """``utf-8``, ``cp437`` (the specification's PC8) or ``cp1252`` (Latin-1 as found)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8"
    if any(b >= 0x80 for b in raw):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return "utf-8"
    else:
        return PC8
    scores = {enc: _swedish_score(raw.decode(enc, errors="replace")) for enc in (PC8, "cp1252")}
    return "cp1252" if scores["cp1252"] > scores[PC8] else PC8


def _swedish_score(text: str) -> int:
    return sum(1 for c in text if c in SWEDISH_LETTERS)


def decode(raw: bytes, encoding: str) -> str:
    text = raw.decode(encoding, errors="replace")
    return text[1:] if text.startswith("\ufeff") else text


def checksum_bytes(record: Record, encoding: str, inner_spaces: bool = True) -> bytes:
    """What #KSUMMA sums of a record: its label and the content of every field, without
    separators, quotes or braces, in the file's encoding. Some writers also leave out
    the spaces inside a text (``inner_spaces=False``); the reader accepts both."""
    parts = [record.label]
    for value in record.fields:
        parts.extend(value if isinstance(value, tuple) else (value,))
    text = "".join(parts)
    if not inner_spaces:
        text = text.replace(" ", "").replace("\t", "")
    return text.encode(encoding, errors="replace")


def checksum(records: Iterable[Record], encoding: str, inner_spaces: bool = True) -> int:
    """CRC-32 as the SIE specification defines it (the same polynomial and conditioning as
    zlib's) over the records between the opening and the closing #KSUMMA."""
    crc = 0
    for record in records:
        crc = zlib.crc32(checksum_bytes(record, encoding, inner_spaces), crc)
    return crc
