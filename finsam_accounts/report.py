"""A report as data: titled sections of presented tables, the document's title lines.

Computation builds a :class:`Report` (statements, the follow-up, trappan, the member
pack); :mod:`finsam_accounts.render` writes it (CSV, HTML, XLSX, PDF). A section is a
title, a DataFrame of already rounded figures (Decimal, None for an empty cell, or text),
an optional text and an optional image (an attached SVG shown below the table). A chart is
data too (:class:`CumulativeChart`): render draws it into ``attachments``.
``Report.add`` appends one. No pandas at import: the annual report's computation imports
this module and must stay light where only the books are checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

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


def headings(sections: Sequence[str], sums: Sequence[bool]) -> tuple[str, ...]:
    """Each row's heading in the HTML: its section, except in a section of totals only
    ("Totala intäkter", "Totala kostnader", "Resultat"), whose rows speak for themselves
    (the heading would repeat the total's label)."""
    totals_only = {
        section for section in sections
        if all(is_sum for s, is_sum in zip(sections, sums, strict=True) if s == section)
    }
    return tuple("" if s in totals_only else s for s in sections)


@dataclass(frozen=True)
class CumulativeChart:
    """Cumulative actual, budget and forecast by month (exact kronor, None where a curve
    has no point), drawn as SVG by :mod:`finsam_accounts.render.charts`."""

    title: str
    labels: tuple[str, ...]
    actual: tuple[Decimal | None, ...]
    budget: tuple[Decimal, ...] | None
    forecast: tuple[Decimal | None, ...]
    unit: str = "tkr"  # the axis: "kr" or "tkr", as the report's tables


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
    charts: dict[str, CumulativeChart] = field(default_factory=dict)  # by attachment name
    # The image the PDF is typeset from instead, by its ``src`` in the HTML (an attachment's
    # name or an inlined chart's data address): a chart's print form (render/svg_chart.py).
    print_images: dict[str, bytes] = field(default_factory=dict)
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
        attached = sorted({*self.attachments, *self.charts})
        return [self.html_name, self.xlsx_name, *sections, *attached]
