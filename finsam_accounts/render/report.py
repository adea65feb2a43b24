"""A report as data: titled sections of presented tables, written as CSV, HTML and XLSX.

A section is a title, a DataFrame of already rounded figures (Decimal, None for an empty
cell, or text), an optional text and an optional image (an attached SVG shown below the
table). ``Report.add`` appends one; :func:`write_report` writes one CSV per section, one
HTML document, one workbook and the attachments (``Report.name`` names the document and
the workbook), into a temporary folder beside the output folder, moved into place only when
every file has been written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from finsam_accounts.annual.document import AnnualDocument

DEFAULT_NAME = "arsredovisning"


@dataclass(frozen=True)
class Section:
    """One table of the report.

    ``groups`` (one per row) prints a heading in the HTML where it changes; ``hidden``
    columns are left out of the HTML only (e.g. the section column shown as headings);
    ``strong`` rows (positions) are printed bold; ``note_column`` cells link to notes;
    sections sharing a ``part`` (e.g. "Noter") follow each other under one heading.
    """

    key: str
    title: str
    table: pd.DataFrame
    text: str = ""
    strong: frozenset[int] = frozenset()
    groups: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    note_column: str | None = None
    anchor: str = ""
    part: str = ""
    sheet: str = ""
    image: str = ""

    @property
    def file_name(self) -> str:
        return f"{self.key}.csv"


@dataclass
class Report:
    """An ordered list of sections, with the document's title lines."""

    title: str
    organisation: str
    year: int
    subtitle: str = ""
    intro: str = ""
    sections: list[Section] = field(default_factory=list)
    name: str = DEFAULT_NAME
    attachments: dict[str, bytes] = field(default_factory=dict)
    pdf: bool = False  # a board paper: also written as PDF (the annual report always is)

    @property
    def html_name(self) -> str:
        return f"{self.name}.html"

    @property
    def xlsx_name(self) -> str:
        return f"{self.name}.xlsx"

    @property
    def pdf_name(self) -> str:
        return f"{self.name}.pdf"

    def add(
        self, key: str, title: str, table: pd.DataFrame, text: str = "", **options: Any
    ) -> Section:
        """Append a section (title, table, text); options as in :class:`Section`."""
        if any(s.key == key for s in self.sections):
            raise ValueError(f"avsnittet {key!r} finns redan i rapporten")
        section = Section(key=key, title=title, table=table, text=text, **options)
        self.sections.append(section)
        return section

    def file_names(self) -> list[str]:
        sections = [s.file_name for s in self.sections]
        return [self.html_name, self.xlsx_name, *sections, *sorted(self.attachments)]


def write_report(
    report: Report,
    out_dir: Path,
    templates: Path | None = None,
    document: AnnualDocument | None = None,
) -> list[Path]:
    """Write every file into a temporary folder beside ``out_dir``, then move them in.

    With a ``document`` the HTML is the complete annual report and the same HTML is also
    written as PDF. Nothing lands in ``out_dir`` unless every file could be written; other
    files already in ``out_dir`` are left alone (:func:`finsam_accounts.output.staged`). The
    command checks ``out_dir`` with :func:`finsam_accounts.output.check_target` before
    computing.
    """
    from finsam_accounts.output import staged
    from finsam_accounts.render.csvfile import write_csv
    from finsam_accounts.render.html import inline_images, render_html
    from finsam_accounts.render.pdf import write_pdf
    from finsam_accounts.render.xlsx import write_xlsx

    out_dir = Path(out_dir)
    with staged(out_dir) as staging:
        for section in report.sections:
            write_csv(section.table, staging / section.file_name)
        html = render_html(report, templates, document)
        (staging / report.html_name).write_text(html, encoding="utf-8")
        write_xlsx(report, staging / report.xlsx_name)
        for name, content in report.attachments.items():
            (staging / name).write_bytes(content)
        names = report.file_names()
        if document is not None or report.pdf:
            write_pdf(inline_images(html, report.attachments), staging / report.pdf_name)
            names.insert(1, report.pdf_name)
    return [out_dir / name for name in names]
