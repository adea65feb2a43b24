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
from finsam_accounts.render.csvfile import write_csv
from finsam_accounts.render.html import render_html
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


class DownloadError(ValueError):
    """A download that cannot be made (unknown format or table); Swedish message."""


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
    PDF only with a ``document`` (the annual report), as ``finsam arsredovisning``."""
    if fmt not in FORMATS or (fmt == "pdf" and document is None):
        raise DownloadError(f"okänt format {fmt!r}: välj csv, xlsx eller html")
    if fmt in ("html", "pdf"):
        html = render_html(report, None, document)
        if fmt == "pdf":
            return Download(f"{stem}.pdf", MIMETYPES[fmt], pdf_bytes(html))
        return Download(f"{stem}.html", MIMETYPES[fmt], html.encode("utf-8"))
    with tempfile.TemporaryDirectory(prefix="finsam-") as folder:
        path = Path(folder) / "fil"
        if fmt == "xlsx":
            write_xlsx(report, path)
            return Download(f"{stem}.xlsx", MIMETYPES[fmt], path.read_bytes())
        chosen = [s for s in report.sections if s.key == (section or report.sections[0].key)]
        if not chosen:
            raise DownloadError(f"tabellen {section!r} finns inte på sidan")
        key = chosen[0].key
        write_csv(chosen[0].table, path)
        filename = f"{stem}.csv" if stem.startswith(f"{key}-") else f"{stem}-{key}.csv"
        return Download(filename, MIMETYPES[fmt], path.read_bytes())
