"""The printable HTML document, from the jinja2 templates in ``finsam_accounts/templates/``
(package data, so an installed wheel renders the same report as a source checkout).

The same HTML is the browser's document and the PDF's source (:mod:`render.pdf`): its print
CSS sets A4 pages, page numbers, the table of contents' page references and the page
breaks. Without an :class:`~finsam_accounts.annual.document.AnnualDocument` it holds the
statements only; with one, the whole annual report in the published order.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from finsam_accounts.render.cells import is_number, swedish
from finsam_accounts.render.svg_chart import data_uri
from finsam_accounts.report import Report, Section

if TYPE_CHECKING:
    from finsam_accounts.annual.document import AnnualDocument

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
DOCUMENT = "arsredovisning.html"
# Column headers a reader sees for the label columns (the CSV keeps the data names).
HEADERS = {"rad": "", "not": "Not", "avsnitt": ""}
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}( – [0-9]{4}-[0-9]{2}-[0-9]{2})?$")
# Tables with more columns than this are set smaller, with columns as narrow as they need.
WIDE = 5
# Tables with more columns than this get a landscape A4 page in the PDF.
LANDSCAPE = 7
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")


@dataclass(frozen=True)
class Cell:
    text: str
    number: bool
    link: str = ""
    date: bool = False


@dataclass(frozen=True)
class HtmlRow:
    cells: tuple[Cell, ...]
    strong: bool


@dataclass
class Group:
    """Rows under one heading, kept on one page with it (a ``tbody`` of its own)."""

    heading: str
    rows: list[HtmlRow] = field(default_factory=list)


@lru_cache(maxsize=8)
def environment(templates: Path | None = None) -> jinja2.Environment:
    """The templates' environment, one per folder and process: jinja2 compiles a template
    once per environment (a tenth of a second for the document), and the members' pack
    renders nine documents, Fava a page per view. jinja2 still notices an edited
    template (it compares the file's time)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates or TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["sv"] = swedish
    return env


def render_html(
    report: Report, templates: Path | None = None, document: AnnualDocument | None = None
) -> str:
    template = environment(templates).get_template(DOCUMENT)
    blocks = document_blocks(report, document)
    return template.render(
        report=report,
        document=document,
        blocks=blocks,
        adopted=swedish_date(document.adoption.date) if document and document.adoption else "",
    )


def print_source(html: str, report: Report) -> str:
    """The HTML the PDF is typeset from, self-contained (no folder to resolve images from,
    the same bytes wherever it is written): every SVG attachment as a data address, and an
    image with a print form (``Report.print_images``: a chart's text in the PDF's own font)
    as that form instead."""
    images = {name: svg for name, svg in report.attachments.items() if name.endswith(".svg")}
    images.update(report.print_images)
    for src, svg in sorted(images.items()):
        html = html.replace(f'src="{src}"', f'src="{data_uri(svg)}"')
    return html


def document_blocks(report: Report, document: AnnualDocument | None) -> list[dict[str, Any]]:
    """The document's parts in order: förvaltningsberättelse, statements, principles
    (before the notes, or after the statements if there are none), notes and the rest,
    signatures. Unused parts are left out."""
    from finsam_accounts.annual import document as annual

    sections = report.sections
    blocks: list[dict[str, Any]] = []
    if document and document.management_report:
        blocks.append(_text("forvaltningsberattelse", annual.MANAGEMENT_REPORT_TITLE,
                            document.management_report.html))
    if document and (document.board_table or document.auditors):
        blocks.append({"kind": "board", "title": annual.BOARD_TITLE, "anchor": "styrelse",
                       "in_part": False})
    principles_at = next((i for i, s in enumerate(sections) if s.part), len(sections))
    for index in range(len(sections) + 1):
        if index == principles_at and document and document.principles:
            blocks.append(_text("redovisningsprinciper", annual.PRINCIPLES_TITLE,
                                document.principles.html))
        if index == len(sections):
            break
        if _starts_part(sections, index):
            part = sections[index].part
            blocks.append({"kind": "part", "title": part, "anchor": _slug(part),
                           "in_part": False})
        blocks.append(_table(sections[index]))
    if document and (document.board or document.adoption):
        blocks.append({"kind": "signatures", "title": annual.SIGNATURES_TITLE,
                       "anchor": "underskrifter", "in_part": False})
    return blocks


def _text(anchor: str, title: str, html: str) -> dict[str, Any]:
    return {"kind": "text", "anchor": anchor, "title": title, "html": html, "in_part": False}


def _table(section: Section) -> dict[str, Any]:
    visible = _visible(section)
    return {
        "kind": "table",
        "section": section,
        "title": section.title,
        "anchor": section.anchor or section.key,
        "in_part": bool(section.part),
        "headers": [_header(c) for c in visible],
        "numeric": [_numeric(section, c) for c in visible],
        "groups": groups(section),
        "wide": len(visible) > WIDE,
        "landscape": len(visible) > LANDSCAPE,
    }


def section_view(section: Section) -> dict[str, Any]:
    """A table as the document shows it, with its visible column names: shared by the
    printable document and the Fava pages, so both read alike."""
    return {**_table(section), "columns": _visible(section)}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "del"


def swedish_date(date: datetime.date) -> str:
    """'20 mars 2020'."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def groups(section: Section) -> list[Group]:
    """Table rows with formatted cells, in groups that start where the heading changes."""
    visible = _visible(section)
    result: list[Group] = []
    previous = None
    for position, (_, record) in enumerate(section.table.iterrows()):
        group = section.groups[position] if section.groups else ""
        if not result or (group and group != previous):
            result.append(Group(group if group != previous else ""))
        cells = tuple(_cell(section, c, record[c]) for c in visible)
        result[-1].rows.append(HtmlRow(cells, position in section.strong))
        previous = group
    return result


def _header(column: str) -> str:
    text = HEADERS.get(column, column)
    return text[:1].upper() + text[1:]


def _cell(section: Section, column: str, value: object) -> Cell:
    if column == section.note_column and value:
        return Cell(str(value), False, f"#not{value}")
    text = swedish(value)
    return Cell(text, is_number(value), date=bool(ISO_DATE.match(text)))


def _visible(section: Section) -> list[str]:
    return [str(c) for c in section.table.columns if c not in section.hidden]


def _numeric(section: Section, column: str) -> bool:
    return all(v is None or is_number(v) for v in section.table[column])


def _starts_part(sections: list[Section], index: int) -> bool:
    part = sections[index].part
    return bool(part) and (index == 0 or sections[index - 1].part != part)
