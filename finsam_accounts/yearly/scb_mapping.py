"""The mapping from Kommun-Bas accounts to the rows of SCB's Räkenskapssammandrag, as data.

The package ships a default (``scb_rakenskapssammandrag.csv``); the books' folder may hold
``scb-rakenskapssammandrag.csv`` with the same columns, whose rows replace the default's
rows of the same part and code, add new ones, or (with an empty selection) remove one.
Both are read here, every problem one Swedish ``file:line: message``.

A row: ``del`` (``verksamhetsgren``, ``drift``, ``balans``), ``rad`` (a code), ``text``,
``typ`` (``intäkt``/``kostnad`` in drift, ``tillgång``/``skuld`` in balans), ``därav``
(the code of the row it specifies, or empty) and ``urval``: account numbers or ranges
(``3000-3999``) separated by spaces, or for a verksamhetsgren the books' activity codes
(``*``: every activity no other verksamhetsgren names); ``-`` selects nothing (the row
stays, always zero).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from finsam_accounts.errors import FinsamError, ReportError, error_in

OVERRIDE_NAME = "scb-rakenskapssammandrag.csv"
DEFAULT_NAME = "scb_rakenskapssammandrag.csv"
HEADER = ["del", "rad", "text", "typ", "därav", "urval"]
KINDS = {"drift": ("intäkt", "kostnad"), "balans": ("tillgång", "skuld"), "verksamhetsgren": ("",)}
MAX_BYTES = 1_000_000
_RANGE = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
_CODE = re.compile(r"^[0-9A-Za-zÅÄÖåäö._-]{1,20}$")


@dataclass(frozen=True)
class MappingRow:
    part: str
    code: str
    text: str
    kind: str
    parent: str
    ranges: tuple[tuple[int, int], ...]
    activities: tuple[str, ...]
    filename: str
    lineno: int

    def matches(self, number: str) -> bool:
        if not number.isdigit():
            return False
        value = int(number)
        return any(low <= value <= high for low, high in self.ranges)

    @property
    def is_main(self) -> bool:
        return not self.parent


@dataclass(frozen=True)
class Mapping:
    rows: tuple[MappingRow, ...]

    def part(self, name: str) -> list[MappingRow]:
        return [r for r in self.rows if r.part == name]


def default_text() -> str:
    return resources.files("finsam_accounts.yearly").joinpath(DEFAULT_NAME).read_text("utf-8")


def parse(text: str, filename: str) -> tuple[list[MappingRow], list[str], list[FinsamError]]:
    """The rows of one mapping file, the codes it removes, and its errors."""
    rows: list[MappingRow] = []
    removed: list[str] = []
    errors: list[FinsamError] = []
    header_seen = False
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        cells = [c.strip() for c in stripped.split(";")]
        if not header_seen:
            header_seen = True
            if cells != HEADER:
                errors.append(error_in(filename, lineno, "första raden ska vara rubrikerna "
                                       + ";".join(HEADER)))
                return [], [], errors
            continue
        if len(cells) != len(HEADER):
            errors.append(error_in(filename, lineno, f"raden har {len(cells)} fält, ska ha "
                                   f"{len(HEADER)} ({';'.join(HEADER)})"))
            continue
        part, code, label, kind, parent, selection = cells
        problem = _problem(part, code, label, kind, parent)
        if problem:
            errors.append(error_in(filename, lineno, problem))
            continue
        if not selection:
            removed.append(f"{part};{code}")
            continue
        ranges: list[tuple[int, int]] = []
        activities: list[str] = []
        for item in ([] if selection == "-" else selection.split()):
            if part == "verksamhetsgren":
                if item != "*" and not _CODE.match(item):
                    errors.append(error_in(filename, lineno, f"ogiltig verksamhetskod {item!r}"))
                activities.append(item)
                continue
            found = _RANGE.match(item)
            if not found or int(found.group(2) or found.group(1)) < int(found.group(1)):
                errors.append(error_in(filename, lineno, f"ogiltigt kontourval {item!r}: skriv "
                                       "ett kontonummer (3510) eller ett intervall (3000-3999)"))
                continue
            low = int(found.group(1))
            ranges.append((low, int(found.group(2) or low)))
        rows.append(MappingRow(part, code, label, kind, parent, tuple(ranges),
                               tuple(activities), filename, lineno))
    if not header_seen:
        errors.append(error_in(filename, 1, "filen är tom: första raden ska vara rubrikerna "
                               + ";".join(HEADER)))
    return rows, removed, errors


def _problem(part: str, code: str, label: str, kind: str, parent: str) -> str:
    if part not in KINDS:
        return f"okänd del {part!r}: ska vara {', '.join(KINDS)}"
    if not _CODE.match(code):
        return f"ogiltig radkod {code!r} (bokstäver, siffror, punkt, högst 20 tecken)"
    if not label:
        return "raden saknar text"
    if kind not in KINDS[part]:
        allowed = " eller ".join(k for k in KINDS[part] if k) or "tom"
        return f"okänd typ {kind!r} för {part}: ska vara {allowed}"
    if parent and part == "verksamhetsgren":
        return "en verksamhetsgren kan inte vara en därav-rad"
    return ""


def combine(default: Iterable[MappingRow], override: Iterable[MappingRow],
            removed: Iterable[str]) -> tuple[list[MappingRow], list[FinsamError]]:
    """The default's rows with the override's replacing, adding and removing, and the
    errors of the whole: a code twice, a därav row without its row or outside it."""
    rows: dict[str, MappingRow] = {}
    errors: list[FinsamError] = []
    for row in default:
        rows[f"{row.part};{row.code}"] = row
    gone = set(removed)
    seen: set[str] = set()
    for row in override:
        key = f"{row.part};{row.code}"
        if key in seen:
            errors.append(error_in(row.filename, row.lineno,
                                   f"raden {row.code} i {row.part} står två gånger"))
        seen.add(key)
        rows[key] = row
    result = [r for k, r in rows.items() if k not in gone]
    by_code = {(r.part, r.code): r for r in result}
    for row in result:
        if not row.parent:
            continue
        parent = by_code.get((row.part, row.parent))
        if parent is None or parent.parent:
            errors.append(error_in(row.filename, row.lineno,
                                   f"därav-raden {row.code} pekar på {row.parent}, som inte är "
                                   f"en huvudrad i {row.part}"))
        elif not all(_within(r, parent) for r in row.ranges):
            errors.append(error_in(row.filename, row.lineno,
                                   f"därav-raden {row.code} tar konton som inte ingår i "
                                   f"{row.parent}"))
    return result, errors


def _within(span: tuple[int, int], parent: MappingRow) -> bool:
    low, high = span
    covered = low
    for start, stop in sorted(parent.ranges):
        if start <= covered <= stop:
            covered = stop + 1
        if covered > high:
            return True
    return covered > high


def read(books_folder: Path | None) -> Mapping:
    """The shipped mapping with the books' own file applied; ReportError if either is
    wrong (nothing is computed from a mapping with errors)."""
    rows, removed, errors = parse(default_text(), f"<finsam>/{DEFAULT_NAME}")
    override: list[MappingRow] = []
    dropped: list[str] = []
    if books_folder is not None:
        path = books_folder / OVERRIDE_NAME
        if path.is_file():
            if path.stat().st_size > MAX_BYTES:
                raise ReportError([error_in(path, 1, "filen är för stor för en "
                                            "SCB-mappning (högst 1 MB)")])
            try:
                text = path.read_text("utf-8")
            except UnicodeDecodeError:
                raise ReportError([error_in(path, 1, "filen är inte UTF-8")]) from None
            override, dropped, more = parse(text, str(path))
            errors.extend(more)
    combined, more = combine(rows, override, [*removed, *dropped])
    errors.extend(more)
    if errors:
        raise ReportError(errors, "SCB-mappningen har fel, inget skrevs")
    return Mapping(tuple(combined))
