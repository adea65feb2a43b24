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
from markdown_it.token import Token

from finsam_accounts.annual.figures import UNITS
from finsam_accounts.errors import FinsamError, ReportError, error_in

PRINCIPLES = "redovisningsprinciper.md"
DEFAULT_PRINCIPLES = Path(__file__).resolve().parent / PRINCIPLES
# {name} or {name:tkr}; names are lower case with digits, underscores and å, ä, ö.
# Spaces inside the braces are allowed: { eget_kapital } and {eget_kapital : tkr}.
PLACEHOLDER = re.compile(r"(?<!\\)\{\s*([^{}:\s\\]+)\s*(?::\s*([^{}\s\\]*)\s*)?\}")
# A brace left over is a name written wrong ({eget_kapital kr); \{ is a brace as text.
STRAY_BRACE = re.compile(r"(?<!\\)[{}]")
# The text's own headings sit below the document's section heading (h2): # becomes h3.
HEADING_SHIFT = 2
PIECE = 1000  # characters of a paragraph typeset as one run (see in_pieces)


@dataclass(frozen=True)
class Text:
    """A text of the report: where it came from and its HTML."""

    path: Path
    html: str


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
            except ReportError as missing:
                reason = "; ".join(e.message for e in missing.errors)
                errors.append(error_in(path, lineno, f"beloppet {{{name}}} saknas: {reason}"))
            return match[0]

        lines.append(PLACEHOLDER.sub(replace, line))
        rest = PLACEHOLDER.sub("", line)
        stray = STRAY_BRACE.search(rest)
        if stray:  # shown: the brace with the two words after it, or the word before it
            after, before = rest[stray.start() :].split(), rest[: stray.end()].split()
            shown = " ".join(after[:2]) if stray[0] == "{" else before[-1]
            errors.append(error_in(path, lineno, (
                f'"{shown}" är inget belopp: skriv namnet inom klammer, t.ex. '
                "{eget_kapital} kr (en klammer som text skrivs \\{ eller \\})")))
    return "\n".join(lines), errors


def markdown_html(text: str) -> str:
    """CommonMark with tables; raw HTML is shown as text; headings one level down; a long
    paragraph in pieces (:func:`in_pieces`)."""
    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = parser.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(6, int(token.tag[1:]) + HEADING_SHIFT)
            token.tag = f"h{level}"
        elif token.type == "inline" and token.children and len(token.content) > PIECE:
            token.children = in_pieces(token.children)
    return str(parser.renderer.render(tokens, parser.options, {}))


def in_pieces(children: list[Token]) -> list[Token]:
    """A long paragraph's inline tokens with ``<span>`` around pieces of about
    :data:`PIECE` characters, cut between words outside any emphasis or link.

    The PDF typesetter copies the rest of a text run for every line it breaks, which takes
    time in the square of the run's length (a 400 000-character paragraph: 18 s, in
    pieces: 5 s); the spans end the run without changing how the text looks.
    """
    out: list[Token] = [Token("html_inline", "", 0, content="<span>")]
    depth, length = 0, 0
    for child in children:
        depth += child.nesting
        if child.type != "text" or depth != 0:
            out.append(child)
            continue
        content = child.content
        while length + len(content) > PIECE:
            cut = content.find(" ", max(0, PIECE - length)) + 1
            if cut <= 0:
                break
            out.append(Token("text", "", 0, content=content[:cut]))
            out.append(Token("html_inline", "", 0, content="</span><span>"))
            content, length = content[cut:], 0
        out.append(Token("text", "", 0, content=content))
        length += len(content)
    out.append(Token("html_inline", "", 0, content="</span>"))
    return out


def read_text(path: Path, resolve: Callable[[str, str], str]) -> Text:
    """A text file filled in and rendered; ReportError listing every bad name."""
    from finsam_accounts.readable import text_file

    filled, errors = fill(text_file(path), path, resolve)
    if errors:
        raise ReportError(errors)
    return Text(path, markdown_html(filled))
