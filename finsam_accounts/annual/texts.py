"""The annual report's texts: Markdown files the förbund keeps beside its ledger.

The economist writes the förvaltningsberättelse (``forvaltningsberattelse-YEAR.md``) and
may keep the accounting principles (``redovisningsprinciper.md``; the package ships a
default). A text names figures in braces, ``{eget_kapital}`` or ``{eget_kapital:tkr}``;
they are filled in from the books, so the text cannot contradict the tables. An unknown
name or a figure the books do not have is an error at its file and line, and nothing is
written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

from finsam_accounts.annual.figures import UNITS, MissingFigure
from finsam_accounts.errors import FinsamError, ReportError, error_in

MANAGEMENT_REPORT = "forvaltningsberattelse-{year}.md"
PRINCIPLES = "redovisningsprinciper.md"
DEFAULT_PRINCIPLES = Path(__file__).resolve().parent / PRINCIPLES
# {name} or {name:tkr}; names are lower case with digits, underscores and å, ä, ö.
PLACEHOLDER = re.compile(r"\{([^{}:\s]+)(?::([^{}\s]*))?\}")
# The text's own headings sit below the document's section heading (h2): # becomes h3.
HEADING_SHIFT = 2


@dataclass(frozen=True)
class Text:
    """A text of the report: where it came from and its HTML."""

    path: Path
    html: str


def management_report_path(ledger_dir: Path, year: int) -> Path:
    return ledger_dir / MANAGEMENT_REPORT.format(year=year)


def principles_path(ledger_dir: Path) -> Path:
    """The förbund's own principles if it keeps them, else the shipped default."""
    own = ledger_dir / PRINCIPLES
    return own if own.is_file() else DEFAULT_PRINCIPLES


def fill(
    text: str, path: Path, resolve: Callable[[str, str], str]
) -> tuple[str, list[FinsamError]]:
    """Replace every named figure; every unknown name is an error at its line."""
    errors: list[FinsamError] = []
    lines = []
    for lineno, line in enumerate(text.split("\n"), start=1):

        def replace(match: re.Match[str], lineno: int = lineno) -> str:
            name, unit = match[1], match[2] or "kr"
            if unit not in UNITS:
                errors.append(error_in(path, lineno, f"okänd enhet {match[0]} (kr eller tkr)"))
                return match[0]
            try:
                return resolve(name, unit)
            except KeyError:
                errors.append(error_in(path, lineno, f"okänt belopp {{{name}}}"))
            except MissingFigure as missing:
                errors.append(error_in(path, lineno, f"beloppet {{{name}}} saknas: {missing}"))
            return match[0]

        lines.append(PLACEHOLDER.sub(replace, line))
    return "\n".join(lines), errors


def markdown_html(text: str) -> str:
    """CommonMark with tables; raw HTML is shown as text; headings one level down."""
    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = parser.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(6, int(token.tag[1:]) + HEADING_SHIFT)
            token.tag = f"h{level}"
    return str(parser.renderer.render(tokens, parser.options, {}))


def read_text(path: Path, resolve: Callable[[str, str], str]) -> Text:
    """A text file filled in and rendered; ReportError listing every bad name."""
    from finsam_accounts.readable import text_file

    filled, errors = fill(text_file(path), path, resolve)
    if errors:
        raise ReportError(errors)
    return Text(path, markdown_html(filled))
