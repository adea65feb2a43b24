"""A report written as CSV, HTML and XLSX (the model is :mod:`finsam_accounts.report`).

:func:`write_report` writes one CSV per section, one HTML document, one workbook and the
attachments (``Report.name`` names the document and the workbook), into a temporary folder
beside the output folder, moved into place only when every file has been written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from finsam_accounts.render.charts import drawn
from finsam_accounts.report import DEFAULT_NAME, Report, Section

if TYPE_CHECKING:
    from finsam_accounts.annual.document import AnnualDocument

__all__ = ["DEFAULT_NAME", "Report", "Section", "write_pack", "write_report"]


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
    drawn(report)
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


def write_pack(whole: Report, parts: Sequence[Report], out_dir: Path) -> list[str]:
    """A report and its parts into ``out_dir``, staged and moved into place together: the
    whole as CSV per section, HTML, XLSX and PDF, each part as PDF and XLSX (the members'
    pack). The names written, in order."""
    from finsam_accounts.output import staged
    from finsam_accounts.render.csvfile import write_csv
    from finsam_accounts.render.html import render_html
    from finsam_accounts.render.pdf import write_pdf
    from finsam_accounts.render.xlsx import write_xlsx

    names: list[str] = []
    with staged(out_dir) as staging:
        for section in whole.sections:
            write_csv(section.table, staging / section.file_name)
            names.append(section.file_name)
        html = render_html(whole)
        (staging / whole.html_name).write_text(html, encoding="utf-8")
        write_xlsx(whole, staging / whole.xlsx_name)
        write_pdf(html, staging / whole.pdf_name)
        names += [whole.html_name, whole.xlsx_name, whole.pdf_name]
        for single in parts:
            write_pdf(render_html(single), staging / single.pdf_name)
            write_xlsx(single, staging / single.xlsx_name)
            names += [single.pdf_name, single.xlsx_name]
    return names
