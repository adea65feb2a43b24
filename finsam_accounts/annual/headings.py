"""The förvaltningsberättelse against what LKBR 11 kap. and RKR R15 ask it to cover.

The requirements are data (``forvaltningsberattelse-rubriker.toml``: an id, the
requirement's text, synonyms, optional or not), shipped with the package; the förbund may
keep its own list beside its ledger, which replaces the shipped one. A heading of the text
(any level) meets a requirement when, lower case and without punctuation, it contains one
of its synonyms. A required topic no heading meets is a warning (``finsam check`` and
``finsam arsredovisning``): the text is the board's, and a missing heading changes no
figure.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from markdown_it import MarkdownIt

from finsam_accounts.errors import FinsamError, error_in

MANAGEMENT_REPORT = "forvaltningsberattelse-{year}.md"
REQUIREMENTS = "forvaltningsberattelse-rubriker.toml"
_WORDS = re.compile(r"[^\wåäöÅÄÖ]+")


@dataclass(frozen=True)
class Requirement:
    id: str
    text: str
    synonyms: tuple[str, ...]
    optional: bool = False


def management_report_path(ledger_dir: Path, year: int) -> Path:
    return ledger_dir / MANAGEMENT_REPORT.format(year=year)


def normalised(text: str) -> str:
    return " ".join(_WORDS.sub(" ", text.lower()).split())


def parse_requirements(text: str, filename: str) -> tuple[list[Requirement], list[FinsamError]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        return [], [error_in(filename, int(found[1]) if found else 1,
                             "filen är ingen giltig TOML")]
    items = data.get("krav")
    if not isinstance(items, list) or not items:
        return [], [error_in(filename, 1, "filen saknar [[krav]]-tabeller")]
    result: list[Requirement] = []
    errors: list[FinsamError] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            continue
        ident, label, synonyms = item.get("id"), item.get("text"), item.get("synonymer")
        optional = item.get("valfri", False)
        if not (isinstance(ident, str) and isinstance(label, str) and isinstance(synonyms, list)
                and synonyms and all(isinstance(s, str) and normalised(s) for s in synonyms)
                and isinstance(optional, bool)):
            errors.append(error_in(filename, 1, f"krav nummer {number}: ska ha id, text, "
                                   "synonymer (en lista med text) och ev. valfri = true/false"))
            continue
        result.append(Requirement(ident, label, tuple(normalised(s) for s in synonyms),
                                  optional))
    return result, errors


def requirements(ledger_dir: Path) -> tuple[list[Requirement], list[FinsamError]]:
    own = ledger_dir / REQUIREMENTS
    if own.is_file():
        return parse_requirements(own.read_text("utf-8"), str(own))
    shipped = resources.files("finsam_accounts.annual").joinpath(REQUIREMENTS)
    return parse_requirements(shipped.read_text("utf-8"), f"<finsam>/{REQUIREMENTS}")


def headings(text: str) -> list[str]:
    tokens = MarkdownIt("commonmark").parse(text)
    return [tokens[i + 1].content for i, token in enumerate(tokens)
            if token.type == "heading_open" and i + 1 < len(tokens)]


def missing(text: str, wanted: Sequence[Requirement]) -> list[Requirement]:
    """The required topics (not the optional ones) no heading of the text meets."""
    found = [normalised(h) for h in headings(text)]
    return [r for r in wanted if not r.optional
            and not any(f" {s} " in f" {h} " for h in found for s in r.synonyms)]


def warnings(ledger_dir: Path, years: Sequence[int]) -> list[str]:
    """One Swedish line per missing topic, for every year with a förvaltningsberättelse."""
    lines: list[str] = []
    wanted, errors = requirements(ledger_dir)
    for error in errors:
        lines.append(f"{error.source['filename']}:{error.source['lineno']}: {error.message}")
    for year in years:
        path = management_report_path(ledger_dir, year)
        if not path.is_file():
            continue
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the annual report reports an unreadable text as an error
        for requirement in missing(text, wanted):
            lines.append(f"{path.name}: förvaltningsberättelsen har ingen rubrik om "
                         f"{requirement.text} (LKBR 11 kap., RKR R15), t.ex. "
                         f"\"# {requirement.synonyms[0].capitalize()}\"")
    return lines


def absent(ledger_dir: Path, year: int) -> list[str]:
    """A line when the year has no förvaltningsberättelse at all: the annual report is
    then made without one (LKBR 11 kap. requires it), which the economist must be told
    (``finsam arsredovisning`` only; ``finsam check`` does not ask it of every year)."""
    path = management_report_path(ledger_dir, year)
    if path.is_file():
        return []
    return [f"{path.name} finns inte bredvid bokföringen: årsredovisningen {year} har "
            "ingen förvaltningsberättelse (LKBR 11 kap.); skriv den där "
            "(docs/annual-report.md)"]
