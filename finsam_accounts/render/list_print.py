"""The printed page of an auditors' list: lines of fixed-width text, paged here.

A year's voucher list or general ledger is 1 000 to 30 000 table rows. Typeset as an HTML
table, every cell is a box the typesetter styles, measures, breaks and draws: 5–10 seconds
of processor time for the example's 1 200 rows, minutes at a large förbund's size. The
PDF is therefore made from pages made for print instead of the browser's table: each row
is one line (or a few, when a text is wrapped) of the package's own monospaced typeface
(DejaVu Sans Mono, ``finsam_accounts/fonts/``), the columns padded to their width, amounts
right-aligned; this module breaks the lines into pages itself, and the column header (with
a general-ledger account's heading) is repeated at the top of every page.
:mod:`finsam_accounts.render.list_pdf` writes the pages as PDF.

Pure: the same list gives the same pages (and so the same PDF bytes).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from finsam_accounts.render.list_cells import (
    NOWRAP,
    PORTRAIT_COLUMNS,
    heading,
    numeric_columns,
    text,
)

if TYPE_CHECKING:
    from finsam_accounts.render.lists import AuditList

CHAR_EM = 0.6021  # DejaVu Sans Mono's advance: 1233 of 2048 units per em
PT_PER_MM = 72 / 25.4
FONT_PT = 7.5
LINE = 1.25  # line height, in font sizes
MARGIN_MM = {"top": 14.0, "right": 14.0, "bottom": 18.0, "left": 14.0}
A4_MM = (210.0, 297.0)
GAP = 2  # spaces between columns
MIN_WIDTH = 6  # a wrapped column is never narrower than this
TITLE_LINES = 6  # the first page's title block, in lines of list text
SAFETY_LINES = 1  # lines left free at the foot of a page (rounding of line boxes)


@dataclass(frozen=True)
class Line:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class Layout:
    """The page geometry: font size, characters per line, lines per page."""

    landscape: bool
    font_pt: float
    chars: int
    lines: int


def layout(landscape: bool, needed: int) -> Layout:
    """The font size and line counts for a page; the font is made smaller when the
    narrowest columns still need more characters than a line has."""
    width_mm, height_mm = (A4_MM[1], A4_MM[0]) if landscape else A4_MM
    usable_w = (width_mm - MARGIN_MM["left"] - MARGIN_MM["right"]) * PT_PER_MM
    usable_h = (height_mm - MARGIN_MM["top"] - MARGIN_MM["bottom"]) * PT_PER_MM
    font = FONT_PT
    chars = math.floor(usable_w / (font * CHAR_EM))
    if needed > chars:
        font = math.floor(usable_w / (needed * CHAR_EM) * 10) / 10
        chars = math.floor(usable_w / (font * CHAR_EM))
    lines = math.floor(usable_h / (font * LINE)) - SAFETY_LINES
    return Layout(landscape, font, chars, lines)


def widths(
    headers: Sequence[str], rows: Sequence[Sequence[str]], fixed: Sequence[bool], chars: int
) -> list[int]:
    """Each column's width in characters: its widest cell, the wrapped columns narrowed
    (the narrowest first keeping its width) until the line fits."""
    natural = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    result = list(natural)
    taken = sum(w for w, f in zip(natural, fixed, strict=True) if f)
    free = chars - GAP * (len(headers) - 1) - taken
    flexible = sorted((natural[i], i) for i, f in enumerate(fixed) if not f)
    for left, (width, index) in zip(range(len(flexible), 0, -1), flexible, strict=True):
        share = max(free // left, MIN_WIDTH)
        result[index] = max(min(width, share), min(width, MIN_WIDTH), 1)
        free -= result[index]
    return result


def needed_chars(headers: Sequence[str], rows: Sequence[Sequence[str]],
                 fixed: Sequence[bool]) -> int:
    natural = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    return GAP * (len(headers) - 1) + sum(
        w if f else min(w, MIN_WIDTH) for w, f in zip(natural, fixed, strict=True))


def row_lines(cells: Sequence[str], sizes: Sequence[int], right: Sequence[bool],
              bold: bool = False) -> list[Line]:
    """A row as one or more lines: each cell wrapped to its column, padded."""
    wrapped = [
        textwrap.wrap(cell, size, break_long_words=True, break_on_hyphens=False) or [""]
        if len(cell) > size else [cell]
        for cell, size in zip(cells, sizes, strict=True)
    ]
    height = max(len(w) for w in wrapped)
    lines = []
    for number in range(height):
        parts = [
            (w[number] if number < len(w) else "").rjust(size) if r
            else (w[number] if number < len(w) else "").ljust(size)
            for w, size, r in zip(wrapped, sizes, right, strict=True)
        ]
        lines.append(Line((" " * GAP).join(parts).rstrip(), bold))
    return lines


def wrap(text: str, chars: int, bold: bool = True) -> list[Line]:
    return [Line(t, bold) for t in textwrap.wrap(text, chars, break_on_hyphens=False) or [""]]


@dataclass
class Group:
    heading: list[Line]
    rows: list[list[Line]]


def pages(groups: Sequence[Group], header: Sequence[Line], geometry: Layout,
          keep_groups: bool, per_group: bool) -> list[list[Line]]:
    """The lines broken into pages. Every page starts with the column header (``per_group``:
    the group's heading, then the header, repeated where a group runs over a page); a
    row's lines stay together; ``keep_groups`` starts a group on a new page when it would
    fit there but not in what is left of this one."""
    result: list[list[Line]] = [[]]
    room = geometry.lines - TITLE_LINES

    def new_page(top: Sequence[Line]) -> None:
        nonlocal room
        result.append(list(top))
        room = geometry.lines - len(top)

    if not per_group:
        result[0].extend(header)
        room -= len(header)
    for group in groups:
        top = [*group.heading, *header] if per_group else list(header)
        spacer = [Line("")] if group.heading and len(result[-1]) > len(top) else []
        opening = spacer + ([*group.heading, *header] if per_group else list(group.heading))
        size = len(opening) + sum(len(r) for r in group.rows)
        first_row = len(group.rows[0]) if group.rows else 0
        whole = len(top) + size if not per_group else size
        if (keep_groups and size > room and whole <= geometry.lines) or (
            len(opening) + first_row > room
        ):
            new_page(top)
            if per_group:
                opening = []
        result[-1].extend(opening)
        room -= len(opening)
        for row in group.rows:
            if len(row) > room:
                new_page(top)
            result[-1].extend(row)
            room -= len(row)
    return [page for page in result if page] or [[]]


def printed(audit_list: AuditList) -> tuple[list[list[Line]], Layout]:
    """The list's lines broken into pages, and the page geometry."""
    table = audit_list.table
    columns = [str(c) for c in table.columns if c not in audit_list.heading_columns]
    numeric = set(numeric_columns(table))
    headers = [c[:1].upper() + c[1:] for c in columns]
    records: list[tuple[tuple[Any, ...], list[str], bool]] = []
    for position, record in enumerate(table.itertuples(index=False)):
        values = dict(zip([str(c) for c in table.columns], record, strict=True))
        key = tuple(values[c] for c in audit_list.heading_columns)
        row = [" ".join(text(values[c]).split()) for c in columns]  # one line per cell
        records.append((key, row, position in audit_list.strong))
    right = [c in numeric for c in columns]
    fixed = [c in numeric or c in NOWRAP for c in columns]
    cells = [r[1] for r in records]
    geometry = layout(len(columns) > PORTRAIT_COLUMNS, needed_chars(headers, cells, fixed))
    sizes = widths(headers, cells, fixed, geometry.chars)
    header = row_lines(headers, sizes, right, bold=True)
    groups: list[Group] = []
    previous: tuple[Any, ...] | None = None
    for key, row, strong in records:
        if not groups or key != previous:
            title = heading(audit_list.heading_columns, key)
            groups.append(Group(wrap(title, geometry.chars) if title else [], []))
            previous = key
        groups[-1].rows.append(row_lines(row, sizes, right, strong))
    paged = pages(groups, header, geometry, audit_list.keep_groups, audit_list.table_per_group)
    return paged, geometry
