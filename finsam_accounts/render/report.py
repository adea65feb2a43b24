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
    from finsam_accounts.output import staged, write_atomic
    from finsam_accounts.render.csvfile import write_csv
    from finsam_accounts.render.html import print_source, render_html
    from finsam_accounts.render.pdf_parallel import typeset
    from finsam_accounts.render.xlsx import write_xlsx

    out_dir = Path(out_dir)
    drawn(report)
    with staged(out_dir) as staging:
        html = render_html(report, templates, document)
        names = report.file_names()

        def the_rest() -> None:
            for section in report.sections:
                write_csv(section.table, staging / section.file_name)
            (staging / report.html_name).write_text(html, encoding="utf-8")
            write_xlsx(report, staging / report.xlsx_name)
            for name, content in report.attachments.items():
                (staging / name).write_bytes(content)

        if document is not None or report.pdf:
            # The PDF is typeset (by a copy of the process) while the rest is written.
            [data] = typeset([print_source(html, report)], the_rest)
            write_atomic(staging / report.pdf_name, data)
            names.insert(1, report.pdf_name)
        else:
            the_rest()
    return [out_dir / name for name in names]


def write_pack(whole: Report, parts: Sequence[Report], out_dir: Path) -> list[str]:
    """A report and its parts into ``out_dir``, staged and moved into place together: the
    whole as CSV per section, HTML, XLSX and PDF, each part as PDF and XLSX (the members'
    pack). The names written, in order."""
    from finsam_accounts.output import staged, write_atomic
    from finsam_accounts.render.csvfile import write_csv
    from finsam_accounts.render.html import print_source, render_html
    from finsam_accounts.render.pdf_parallel import typeset
    from finsam_accounts.render.xlsx import write_xlsx

    names: list[str] = []
    with staged(out_dir) as staging:
        html = render_html(whole)
        documents = [print_source(html, whole),
                     *(print_source(render_html(single), single) for single in parts)]

        def workbooks() -> None:
            for section in whole.sections:
                write_csv(section.table, staging / section.file_name)
            (staging / whole.html_name).write_text(html, encoding="utf-8")
            for report in (whole, *parts):
                write_xlsx(report, staging / report.xlsx_name)

        # The PDFs are typeset on two cores, the workbooks written meanwhile.
        pdfs = typeset(documents, workbooks)
        for report, data in zip((whole, *parts), pdfs, strict=True):
            write_atomic(staging / report.pdf_name, data)
        names += [s.file_name for s in whole.sections]
        names += [whole.html_name, whole.xlsx_name, whole.pdf_name]
        for single in parts:
            names += [single.pdf_name, single.xlsx_name]
    return names
