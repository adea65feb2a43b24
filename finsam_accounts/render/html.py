"""The printable HTML document, from the jinja2 templates in ``finsam_accounts/templates/``
(package data, so an installed wheel renders the same report as a source checkout)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from finsam_accounts.render.cells import is_number, swedish
from finsam_accounts.render.report import Report, Section

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
DOCUMENT = "arsredovisning.html"
# Column headers a reader sees for the label columns (the CSV keeps the data names).
HEADERS = {"rad": "", "not": "Not", "avsnitt": ""}


@dataclass(frozen=True)
class Cell:
    text: str
    number: bool
    link: str = ""


@dataclass(frozen=True)
class HtmlRow:
    cells: tuple[Cell, ...]
    strong: bool
    heading: str = ""


def environment(templates: Path | None = None) -> jinja2.Environment:
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


def render_html(report: Report, templates: Path | None = None) -> str:
    template = environment(templates).get_template(DOCUMENT)
    sections = [
        {
            "section": section,
            "anchor": section.anchor or section.key,
            "headers": [_header(c) for c in _visible(section)],
            "numeric": [_numeric(section, c) for c in _visible(section)],
            "rows": rows(section),
            "starts_part": _starts_part(report.sections, index),
        }
        for index, section in enumerate(report.sections)
    ]
    return template.render(report=report, sections=sections)


def rows(section: Section) -> list[HtmlRow]:
    """Table rows with formatted cells, group headings where the group changes."""
    visible = _visible(section)
    result: list[HtmlRow] = []
    previous = None
    for position, (_, record) in enumerate(section.table.iterrows()):
        group = section.groups[position] if section.groups else ""
        cells = tuple(_cell(section, c, record[c]) for c in visible)
        heading = group if group and group != previous else ""
        result.append(HtmlRow(cells, position in section.strong, heading))
        previous = group
    return result


def _header(column: str) -> str:
    text = HEADERS.get(column, column)
    return text[:1].upper() + text[1:]


def _cell(section: Section, column: str, value: object) -> Cell:
    if column == section.note_column and value:
        return Cell(str(value), False, f"#not{value}")
    return Cell(swedish(value), is_number(value))


def _visible(section: Section) -> list[str]:
    return [str(c) for c in section.table.columns if c not in section.hidden]


def _numeric(section: Section, column: str) -> bool:
    return all(v is None or is_number(v) for v in section.table[column])


def _starts_part(sections: list[Section], index: int) -> bool:
    part = sections[index].part
    return bool(part) and (index == 0 or sections[index - 1].part != part)
