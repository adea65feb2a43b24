"""write_pdf: a PDF from HTML, atomic, with the same bytes for the same HTML."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from finsam_accounts.errors import ReportError
from finsam_accounts.render.pdf import write_pdf

HTML = """<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">
<title>Verifikationslista 2019</title>
<meta name="dcterms.created" content="2019-12-31"></head>
<body><h1>Verifikationslista 2019</h1><p>B12 Hyra 1 234</p></body></html>"""


def test_same_html_same_bytes_and_nothing_else_left(tmp_path: Path) -> None:
    write_pdf(HTML, tmp_path / "a.pdf")
    write_pdf(HTML, tmp_path / "b.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "b.pdf"]
    reader = PdfReader(tmp_path / "a.pdf")
    assert "B12 Hyra 1 234" in reader.pages[0].extract_text()
    assert reader.metadata is not None
    assert reader.metadata["/Title"] == "Verifikationslista 2019"
    assert reader.metadata["/CreationDate"] == "D:20191231"


def test_another_document_gets_another_identifier(tmp_path: Path) -> None:
    write_pdf(HTML, tmp_path / "a.pdf")
    write_pdf(HTML.replace("1 234", "1 235"), tmp_path / "b.pdf")
    first: Any = PdfReader(tmp_path / "a.pdf").trailer["/ID"]
    second: Any = PdfReader(tmp_path / "b.pdf").trailer["/ID"]
    assert first[0] != second[0]


def test_a_missing_typesetter_is_a_swedish_error_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import raises ImportError
    with pytest.raises(ReportError) as raised:
        write_pdf(HTML, tmp_path / "a.pdf")
    assert raised.value.errors[0].message.startswith(
        "PDF:en kan inte skrivas: WeasyPrint går inte att läsa in")
    assert list(tmp_path.iterdir()) == []
