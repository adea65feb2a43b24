"""The workbook: one sheet per section, numbers as numbers, byte-identical run to run.

Each sheet has the section's title in its first row and the column headers in the second;
it prints on A4, fitted to the page width, with both rows repeated on every page. Figures
keep the decimals they were rounded to (kronor whole, percentages with one decimal) and
ISO dates are stored as dates.

openpyxl stamps the save time into docProps/core.xml and each zip member; we set the
document dates to the report's year end and rewrite the archive with a fixed member date,
stored uncompressed so the bytes do not depend on the zlib version either.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from finsam_accounts.render.cells import decimals, is_number, spreadsheet
from finsam_accounts.report import Report, Section

NUMBER_FORMAT = "#,##0;-#,##0"
DATE_FORMAT = "yyyy-mm-dd"
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
HEADER_ROW = 2  # row 1 is the title
INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip member can carry


def write_xlsx(report: Report, path: Path) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for section in report.sections:
        _fill(workbook.create_sheet(_sheet_name(section, used)), section)
    stamp = datetime.datetime(report.year, 12, 31)
    workbook.properties.creator = report.organisation
    workbook.properties.title = f"{report.title}"
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    path.write_bytes(_fixed_zip(_save(workbook)))


def number_format(value: object) -> str:
    """'#,##0' for kronor, '#,##0.0' for a figure rounded to one decimal."""
    places = decimals(value) if isinstance(value, Decimal) else 0
    if not places:
        return NUMBER_FORMAT
    fraction = "." + "0" * places
    return f"#,##0{fraction};-#,##0{fraction}"


def cell_value(value: object) -> object:
    """The stored value: numbers as numbers, ISO dates as dates, other text as text."""
    if isinstance(value, str) and ISO_DATE.match(value):
        return datetime.date.fromisoformat(value)
    return spreadsheet(value)


def _fill(sheet: Worksheet, section: Section) -> None:
    columns = [str(c) for c in section.table.columns]
    sheet.append([section.title])
    sheet.cell(1, 1).font = Font(bold=True, size=13)
    sheet.append(columns)
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
    for position, (_, record) in enumerate(section.table.iterrows()):
        sheet.append([cell_value(record[c]) for c in section.table.columns])
        for cell in sheet[sheet.max_row]:
            value = record.iloc[cell.column - 1]
            if is_number(value):
                cell.number_format = number_format(value)
            elif isinstance(cell.value, datetime.date):
                cell.number_format = DATE_FORMAT
            if position in section.strong:
                cell.font = Font(bold=True)
    if section.text:
        sheet.append([])
        sheet.append([section.text])
        sheet.cell(sheet.max_row, 1).alignment = Alignment(wrap_text=False)
    for index, name in enumerate(columns, start=1):
        values = [name, *(str(v) for v in section.table[name] if v is not None)]
        width = min(60, max(len(v) for v in values) + 2)
        sheet.column_dimensions[get_column_letter(index)].width = max(width, 8)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    _print_setup(sheet)


def _print_setup(sheet: Worksheet) -> None:
    """A4, fitted to the page width (any number of pages down), title and headers repeated."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"1:{HEADER_ROW}"


def _sheet_name(section: Section, used: set[str]) -> str:
    name = INVALID_SHEET_CHARS.sub("", section.sheet or section.title)[:31].strip()
    base, number = name, 2
    while name in used:
        suffix = f" {number}"
        name = base[: 31 - len(suffix)] + suffix
        number += 1
    used.add(name)
    return name


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    # Stored, not compressed: _fixed_zip reads every member back and stores it again.
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED)
    ExcelWriter(workbook, archive).save()  # save_workbook would stamp the current time
    return buffer.getvalue()


def _fixed_zip(raw: bytes) -> bytes:
    """The same archive with every member dated ZIP_DATE, in the original order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            member.compress_type = zipfile.ZIP_STORED
            member.create_system = 3  # as written on Unix, wherever it runs
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()
