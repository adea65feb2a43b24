"""Can the books be read at all? Every file, before beancount's parser sees any of them.

The economist edits the books by hand, often on Windows. Beancount's parser reads bytes as
UTF-8 and answers a file saved in another encoding with a hundred English codec errors and
false follow-on errors, treats the byte-order mark Notepad writes ("UTF-8 with BOM") as a
syntax error, and spends minutes on a line of millions of characters. So the books are read
here first, following ``include`` lines textually (relative to the including file, with
globs as beancount expands them), and each problem becomes one Swedish line at its file and
line:

* a file that is not UTF-8: the file, the first bad line and the likely encoding;
* a line over :data:`MAX_LINE` characters, or with a control character (a damaged file);
* an amount that divides by zero (``1/0 SEK``), which crashes beancount's parser;
* an ``include`` that matches no file, names a folder, points outside the ledger's folder
  (Fava would show that file's lines to whoever browses the books), includes its own file,
  closes a cycle or repeats a file already included.

A UTF-8 byte-order mark is accepted and stripped. :func:`parse_books` then runs beancount's
own pipeline (parse, booking, plugins, validation, as ``beancount.loader`` does) on the
decoded texts, so a file with a BOM loads and every entry keeps its file name and line.
"""

from __future__ import annotations

import ast
import contextlib
import decimal
import errno
import glob
import os
import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from finsam_accounts.errors import FinsamError, error_in

MAX_LINE = 100_000
MAX_TEXT = 200_000  # characters in a report text (förvaltningsberättelse): ~60 pages
BOM = "\ufeff"

# beancount's grammar: `include "FILE"` at the start of a line.
INCLUDE_RE = re.compile(r'^include[ \t]+"(?P<name>(?:[^"\\\n]|\\.)*)"', re.MULTILINE)
PLUGIN_RE = re.compile(r'^plugin[ \t]+"(?P<name>(?:[^"\\\n]|\\.)*)"', re.MULTILINE)
# beancount's messages about a plugin it cannot import or run (at "<load>", line 0).
PLUGIN_ERROR_RE = re.compile(r'Error (?:importing|applying plugin) "(?P<name>[^"]+)"')


# Why a file cannot be read, in Swedish (the operating system's text is English).
OS_REASONS = {
    errno.EACCES: "behörighet saknas",
    errno.EPERM: "behörighet saknas",
    errno.ENOENT: "filen finns inte",
    errno.EISDIR: "det är en katalog",
    errno.EIO: "läsfel på disken",
}


@dataclass(frozen=True)
class SourceFile:
    """One file of the books, decoded (without BOM)."""

    path: Path  # absolute, normalised
    text: str


@dataclass
class Books:
    """The files of the books in beancount's reading order, and why some cannot be read."""

    main: Path
    files: list[SourceFile] = field(default_factory=list)
    errors: list[FinsamError] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        return self.main.parent

    def plugin_line(self, name: str | None = None) -> int:
        """The line of ``plugin "name"`` (any plugin if no name) in the main file, or 1."""
        main = next((f for f in self.files if f.path == self.main), None)
        if main is not None:
            for match in PLUGIN_RE.finditer(main.text):
                if name is None or match["name"] == name:
                    return line_at(main.text, match.start())
        return 1


def line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def absolute(path: str | os.PathLike[str]) -> Path:
    return Path(os.path.normpath(os.path.abspath(os.path.expanduser(os.fspath(path)))))


def read_books(main: str | os.PathLike[str]) -> Books:
    """Read the main file and every file it includes; collect every problem found."""
    books = Books(main=absolute(main))
    folder = books.folder.resolve()
    # included file -> (including file, line): for cycles and repeats.
    included_by: dict[Path, tuple[Path, int]] = {}
    queue: list[Path] = [books.main]
    while queue:
        path = queue.pop(0)
        source = read_file(path, included_by.get(path), books.errors)
        if source is None:
            continue
        books.files.append(source)
        for match in INCLUDE_RE.finditer(source.text):
            line = line_at(source.text, match.start())
            for target in resolve_include(path, line, match["name"], folder, books.errors):
                problem = repeat_problem(target, path, line, included_by)
                if problem:
                    books.errors.append(problem)
                    continue
                included_by[target] = (path, line)
                queue.append(target)
    return books


def read_file(
    path: Path, included_at: tuple[Path, int] | None, errors: list[FinsamError]
) -> SourceFile | None:
    """A file's text without BOM, or None after adding why it cannot be used."""
    where_from = included_at or (path, 1)
    try:
        raw = path.read_bytes()
    except OSError as error:
        reason = OS_REASONS.get(error.errno or 0, error.strerror or type(error).__name__)
        errors.append(error_in(*where_from, f"kan inte läsa filen {path.name}: {reason}"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        errors.append(
            error_in(
                path,
                line,
                f"filen {path.name} är inte UTF-8 ({likely_encoding(raw)}): "
                "spara den som UTF-8",
            )
        )
        return None
    text = text.removeprefix(BOM)
    long_lines = [
        (number, len(line))
        for number, line in enumerate(text.split("\n"), start=1)
        if len(line) > MAX_LINE
    ]
    for number, length in long_lines:
        errors.append(
            error_in(
                path,
                number,
                f"raden är {thousands(length)} tecken lång, mer än {thousands(MAX_LINE)} "
                "tillåtna: dela upp den eller ta bort det som inte hör dit",
            )
        )
    if long_lines:
        return None
    control = CONTROL_RE.search(text)
    if control:
        errors.append(
            error_in(
                path,
                line_at(text, control.start()),
                f"raden innehåller ett styrtecken (U+{ord(control.group()):04X}) som inte hör "
                "hemma i en textfil: ta bort det",
            )
        )
        return None
    for number, content in enumerate(text.split("\n"), start=1):
        if "/" in content and divides_by_zero(content):
            errors.append(
                error_in(path, number, "beloppet delar med noll: skriv beloppet i kronor och öre")
            )
    return SourceFile(path, text)


def text_file(path: Path) -> str:
    """A text file the economist writes beside the books (a förvaltningsberättelse, the
    interim report's text): its text without BOM, or ReportError with one Swedish line.

    A text longer than :data:`MAX_TEXT` characters is refused before it is read in full:
    typesetting it would take minutes (a 50 MB paste), and no report text is that long."""
    from finsam_accounts.errors import ReportError

    errors: list[FinsamError] = []
    with contextlib.suppress(OSError):  # a file that cannot be read: read_file says why
        size = path.stat().st_size
        if size > MAX_TEXT * 4:  # more than the longest text in UTF-8 (4 bytes a letter)
            raise ReportError([error_in(path, 1, too_long(path, f"{thousands(size)} byte"))])
    found = read_file(path, None, errors)
    if found is None:
        raise ReportError(errors)
    if len(found.text) > MAX_TEXT:
        line = found.text.count("\n", 0, MAX_TEXT) + 1  # where the limit is passed
        raise ReportError([error_in(path, line, too_long(
            path, f"{thousands(len(found.text))} tecken"))])
    return found.text


def too_long(path: Path, size: str) -> str:
    return (f"texten i {path.name} är för lång ({size}); en text får vara högst "
            f"{thousands(MAX_TEXT)} tecken (omkring 60 sidor): korta den")


# Control characters other than tab, line and page breaks: not text (a damaged file).
CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

# An indented posting line whose amount is an expression with a division, "Konto  1/0 SEK".
DIVISION_RE = re.compile(r"^[ \t]+\S+[ \t]+(?P<expression>[-+*/()0-9.,_ \t]*/[-+*/()0-9.,_ \t]*)")


def divides_by_zero(line: str) -> bool:
    """True if the line's amount expression divides by zero.

    Beancount's C parser crashes the whole process on such an amount (the Decimal
    exception escapes its grammar action), so it must be caught before it parses.
    """
    match = DIVISION_RE.match(line)
    if not match:
        return False
    expression = match["expression"].replace(",", "").replace("_", "")
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError:
        return False

    def value(node: ast.AST) -> Fraction:
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return Fraction(ast.get_source_segment(expression.strip(), node) or "0")
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            inner = value(node.operand)
            return -inner if isinstance(node.op, ast.USub) else inner
        if isinstance(node, ast.BinOp):
            left, right = value(node.left), value(node.right)
            if isinstance(node.op, ast.Div):
                if right == 0:
                    raise ZeroDivisionError
                return left / right
            if isinstance(node.op, ast.Mult):
                return left * right
            if isinstance(node.op, ast.Add):
                return left + right
            if isinstance(node.op, ast.Sub):
                return left - right
        raise ValueError("not an amount")

    try:
        value(tree.body)
    except ZeroDivisionError:
        return True
    except (ValueError, TypeError):
        return False
    return False


def thousands(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def likely_encoding(raw: bytes) -> str:
    """A Swedish guess at the encoding of bytes that are not UTF-8."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw.count(b"\x00") * 4 > len(raw):
        return "troligen sparad som UTF-16, i Anteckningar kallad Unicode"
    high = {byte for byte in raw if byte >= 0x80}
    dos_letters = {0x86, 0x84, 0x94, 0x8F, 0x8E, 0x99}  # å ä ö Å Ä Ö in CP437/CP850
    if high and high <= dos_letters:
        return "troligen sparad som DOS-text, CP850/CP437"
    if high and all(byte >= 0xA0 for byte in high):
        return "troligen sparad som Windows-1252/ISO-8859-1"
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return "okänd teckenkodning"
    return "troligen sparad som Windows-1252"


def resolve_include(
    including: Path, line: int, name: str, folder: Path, errors: list[FinsamError]
) -> list[Path]:
    """The files an ``include`` names (globs as beancount expands them), each checked."""
    pattern = name if os.path.isabs(name) else os.path.join(including.parent, name)
    matches = sorted(glob.glob(pattern, recursive=True))
    if not matches:
        if glob.has_magic(name):
            message = f'inga filer matchar include "{name}"'
        else:
            message = f'filen {name} (include) finns inte'
        errors.append(error_in(including, line, message))
        return []
    found: list[Path] = []
    for match in matches:
        target = absolute(match)
        if target.is_dir():
            errors.append(error_in(including, line, f'{name} är en katalog, ingen fil (include)'))
        elif not target.resolve().is_relative_to(folder):
            errors.append(
                error_in(
                    including,
                    line,
                    f'include "{name}" pekar utanför bokföringens katalog {folder}: '
                    "flytta filen in i katalogen",
                )
            )
        else:
            found.append(target)
    return found


def repeat_problem(
    target: Path, including: Path, line: int, included_by: dict[Path, tuple[Path, int]]
) -> FinsamError | None:
    """A file that includes itself, closes a cycle, or is included a second time."""
    if target == including:
        return error_in(including, line, f"filen {target.name} inkluderar sig själv")
    ancestor = included_by.get(including)
    while ancestor is not None:
        if ancestor[0] == target:
            return error_in(
                including,
                line,
                f"include-slinga: {including.name} inkluderar {target.name}, "
                f"som redan (via rad {ancestor[1]}) inkluderar {including.name}",
            )
        ancestor = included_by.get(ancestor[0])
    if target in included_by:
        first, first_line = included_by[target]
        return error_in(
            including,
            line,
            f"filen {target.name} inkluderas redan (rad {first_line} i {first.name})",
        )
    return None


def parse_books(books: Books) -> tuple[list[Any], list[Any], dict[str, Any]]:
    """Beancount's load pipeline on the decoded files: ``(entries, errors, options)``.

    The same steps as ``beancount.loader._load`` (parse each file, book, run the plugins,
    validate), except that the files come from :func:`read_books`, already decoded and
    with their includes resolved, instead of from beancount's own file reading.
    """
    import sys

    from beancount import loader
    from beancount.core import data
    from beancount.ops import validation
    from beancount.parser import booking, parser

    entries: list[Any] = []
    errors: list[Any] = []
    options: dict[str, Any] | None = None
    others: list[dict[str, Any]] = []
    for source in books.files:
        # beancount's C parser crashes the process (segfault) on an amount like "1/0 SEK"
        # when Decimal raises DivisionByZero inside it; without the traps the amount
        # becomes Infinity/NaN and beancount reports an error at the line instead.
        with decimal.localcontext() as context:
            context.traps[decimal.DivisionByZero] = False
            context.traps[decimal.InvalidOperation] = False
            found, problems, file_options = parser.parse_string(
                source.text, report_filename=str(source.path)
            )
        entries.extend(found)
        errors.extend(problems)
        if options is None:
            options = file_options
        else:
            others.append(file_options)
    assert options is not None, "read_books returned no file but no error either"
    options["include"] = sorted(str(source.path) for source in books.files)
    options = loader.aggregate_options_map(options, others)
    entries.sort(key=data.entry_sortkey)
    entries, booking_errors = booking.book(entries, options)
    errors.extend(booking_errors)
    saved_path = list(sys.path)
    try:
        sys.path[0:0] = options.get("pythonpath", [])
        entries, errors = loader.run_transformations(entries, errors, options, None)
    finally:
        sys.path[:] = saved_path
    errors.extend(validation.validate(entries, options, None, None))
    return entries, [locate(error, books) for error in errors], options


def locate(error: Any, books: Books) -> Any:
    """An error beancount placed at ``<load>`` or line 0, moved to the main file's line
    that caused it: the ``plugin`` line for a plugin that fails, else the first line."""
    source = getattr(error, "source", None) or {}
    filename = str(source.get("filename") or "")
    if not source:
        return error  # no place: a plain message
    ours = {str(f.path) for f in books.files}
    if filename in ours and source.get("lineno"):
        return error  # a real place in the books
    if filename and not filename.startswith("<") and filename not in ours:
        filename = ""  # beancount's own source file (an exception in its grammar)
    if not hasattr(error, "_replace"):
        return error
    match = PLUGIN_ERROR_RE.match(str(getattr(error, "message", "")))
    line = books.plugin_line(match["name"]) if match else 1
    if filename and not filename.startswith("<"):
        return error._replace(source={"filename": filename, "lineno": 1})
    return error._replace(source={"filename": str(books.main), "lineno": line})
