"""The auditors' lists written as HTML, PDF, XLSX and CSV, atomically.

A list is one exact frame (Decimal amounts, dates as dates) with a title. Amounts are
printed with öre (``1 234,50``, minus as ``−``) because the lists are for tracing vouchers,
not for reading rounded totals. The workbook has a title row, A4 print setup fitted to the
page width and the header row repeated on every printed page, and the same bytes every run
(:mod:`finsam_accounts.render.xlsx`). The PDF is written directly
(:mod:`finsam_accounts.render.list_pdf`) from the list's printed pages
(:mod:`finsam_accounts.render.list_print`: fixed-width lines, paged there), dated by the
list's ``stamp``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from finsam_accounts.money import ORE
from finsam_accounts.render.csvfile import write_csv
from finsam_accounts.render.html import environment
from finsam_accounts.render.list_cells import (
    NOWRAP,
    PORTRAIT_COLUMNS,
    heading,
    numeric_columns,
    text,
)
from finsam_accounts.render.xlsx import _fixed_zip, _save

TEMPLATE = "lista.html"
AMOUNT_FORMAT = "#,##0.00;-#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
HEADER_ROW = 3  # title, subtitle, then the column headers
# Widths of the columns of a table per group, so that every group's columns line up.
WIDTHS = {"nr": "12mm", "datum": "19mm", "ver": "13mm", "källa": "38mm"}
AMOUNT_WIDTH = "27mm"


@dataclass(frozen=True)
class AuditList:
    """One list: file stem, titles, the exact frame and how the HTML groups its rows.

    ``heading_columns`` are shown as a heading row where their values change (and left out
    of the HTML table); ``keep_groups`` keeps each group on one printed page where it fits;
    ``table_per_group`` prints each group as a table of its own whose header (the heading
    and the column names) is repeated on every page the group runs over;
    ``strong`` rows (positions) are printed bold; ``stamp`` dates the file metadata.
    """

    name: str
    title: str
    organisation: str
    subtitle: str
    table: pd.DataFrame
    stamp: datetime.date
    heading_columns: tuple[str, ...] = ()
    keep_groups: bool = False
    table_per_group: bool = False
    strong: frozenset[int] = frozenset()

    def file_names(self) -> list[str]:
        return [f"{self.name}.{suffix}" for suffix in ("html", "pdf", "xlsx", "csv")]


def write_list(audit_list: AuditList, out_dir: Path) -> list[Path]:
    """Write the files into a temporary folder beside ``out_dir``, then move them in
    (:func:`finsam_accounts.output.staged`: nothing partial, other files left alone)."""
    from finsam_accounts.output import staged, write_atomic
    from finsam_accounts.render.list_pdf import list_pdf

    with staged(Path(out_dir)) as staging:
        stem = staging / audit_list.name
        stem.with_suffix(".html").write_text(render_html(audit_list), encoding="utf-8")
        write_atomic(stem.with_suffix(".pdf"), list_pdf(audit_list))
        write_xlsx(audit_list, stem.with_suffix(".xlsx"))
        write_csv(csv_table(audit_list.table), stem.with_suffix(".csv"))
    return [Path(out_dir) / name for name in audit_list.file_names()]


def csv_table(table: pd.DataFrame) -> pd.DataFrame:
    """The frame for the CSV: every amount with its öre ("1431250.00"), however it was
    written in the ledger; empty cells stay empty."""
    return pd.DataFrame(
        {column: [with_ore(v) for v in table[column]] for column in table.columns},
        dtype=object,
    )


def with_ore(value: Any) -> Any:
    if isinstance(value, Decimal) and value == value.quantize(ORE):
        return f"{value:.2f}"
    return value


def render_html(audit_list: AuditList) -> str:
    table = audit_list.table
    columns = [str(c) for c in table.columns if c not in audit_list.heading_columns]
    numeric = set(numeric_columns(table))
    groups: list[dict[str, Any]] = []
    previous: tuple[Any, ...] | None = None
    for position, (_, record) in enumerate(table.iterrows()):
        key = tuple(record[c] for c in audit_list.heading_columns)
        if not groups or key != previous:
            groups.append({"heading": heading(audit_list.heading_columns, key), "rows": []})
            previous = key
        cells = [
            {"text": text(record[c]), "num": c in numeric, "nowrap": c in NOWRAP} for c in columns
        ]
        groups[-1]["rows"].append({"cells": cells, "strong": position in audit_list.strong})
    headers = [
        {
            "text": c[:1].upper() + c[1:],
            "num": c in numeric,
            "width": AMOUNT_WIDTH if c in numeric else WIDTHS.get(c, ""),
        }
        for c in columns
    ]
    template = environment().get_template(TEMPLATE)
    landscape = len(columns) > PORTRAIT_COLUMNS
    fixed = sum(1 for header in headers if not header["width"]) <= 1
    return template.render(
        doc=audit_list, headers=headers, groups=groups, landscape=landscape, fixed=fixed
    )


def write_xlsx(audit_list: AuditList, path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = audit_list.title[:31]
    fill(sheet, audit_list)
    stamp = datetime.datetime.combine(audit_list.stamp, datetime.time())
    workbook.properties.creator = audit_list.organisation
    workbook.properties.title = audit_list.title
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    path.write_bytes(_fixed_zip(_save(workbook)))


def fill(sheet: Worksheet, audit_list: AuditList) -> None:
    """Title rows, bold header row, values with amount and date formats, print setup."""
    table = audit_list.table
    columns = [str(c) for c in table.columns]
    sheet.append([f"{audit_list.organisation} – {audit_list.title}".strip(" –")])
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    sheet.append([audit_list.subtitle])
    sheet.append(columns)
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
    for position, row in enumerate(table.itertuples(index=False)):
        sheet.append(list(row))
        # The cells just appended, addressed directly: ``sheet[sheet.max_row]`` scans the
        # whole sheet per row (quadratic; seconds on a year's vouchers).
        number = HEADER_ROW + 1 + position
        cells = (sheet.cell(number, column) for column in range(1, len(row) + 1))
        for cell, value in zip(cells, row, strict=True):
            if isinstance(value, Decimal):
                cell.number_format = AMOUNT_FORMAT
            elif isinstance(value, datetime.date):
                cell.number_format = DATE_FORMAT
            if position in audit_list.strong:
                cell.font = Font(bold=True)
    for index, name in enumerate(columns, start=1):
        width = max([len(name), *(len(text(v)) for v in table[name])]) + 2
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 8), 60)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if len(columns) > PORTRAIT_COLUMNS else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
