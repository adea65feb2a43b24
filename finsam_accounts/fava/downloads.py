"""A page's report as a file to download: CSV (one table), XLSX or HTML (the whole page),
and PDF for the annual report (the report that has a document).

The bytes come from the same writers as the commands (``render/``), so a download is the
file the CLI writes.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from finsam_accounts.annual.document import AnnualDocument
from finsam_accounts.errors import FinsamError, ReportError, plain_error
from finsam_accounts.render.csvfile import write_csv
from finsam_accounts.render.html import print_source, render_html
from finsam_accounts.render.pdf import pdf_bytes
from finsam_accounts.render.report import Report
from finsam_accounts.render.xlsx import write_xlsx

FORMATS = ("csv", "xlsx", "html", "pdf")
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class Download:
    filename: str
    mimetype: str
    content: bytes


def download(
    report: Report, stem: str, fmt: str, section: str = "",
    document: AnnualDocument | None = None,
) -> Download:
    """The report (or, for CSV, one of its tables) as ``stem.fmt`` (``stem-table.csv``);
    PDF only with a ``document`` (the annual report), as ``finsam arsredovisning``.
    Raises ReportError for a download that :func:`refused` refuses, or a failed PDF."""
    problem = refused(report, fmt, section, document)
    if problem is not None:
        raise ReportError([problem])
    if fmt in ("html", "pdf"):
        html = render_html(report, None, document)
        if fmt == "pdf":
            return Download(f"{stem}.pdf", MIMETYPES[fmt], pdf_bytes(print_source(html, report)))
        return Download(f"{stem}.html", MIMETYPES[fmt], html.encode("utf-8"))
    with tempfile.TemporaryDirectory(prefix="finsam-") as folder:
        path = Path(folder) / "fil"
        if fmt == "xlsx":
            write_xlsx(report, path)
            return Download(f"{stem}.xlsx", MIMETYPES[fmt], path.read_bytes())
        chosen = [s for s in report.sections if s.key == (section or report.sections[0].key)]
        key = chosen[0].key
        write_csv(chosen[0].table, path)
        filename = f"{stem}.csv" if stem.startswith(f"{key}-") else f"{stem}-{key}.csv"
        return Download(filename, MIMETYPES[fmt], path.read_bytes())


def refused(
    report: Report, fmt: str, section: str = "", document: AnnualDocument | None = None
) -> FinsamError | None:
    """Why a download cannot be made (an unknown format or table: the request is at
    fault), or None."""
    if fmt not in FORMATS or (fmt == "pdf" and document is None):
        return plain_error(f"okänt format {fmt!r}: välj csv, xlsx eller html")
    if fmt == "csv":
        wanted = section or (report.sections[0].key if report.sections else "")
        if not any(s.key == wanted for s in report.sections):
            return plain_error(f"tabellen {section!r} finns inte på sidan")
    return None
