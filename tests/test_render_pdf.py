"""render/pdf.py: a PDF from HTML, with the same bytes for the same HTML, written atomically
as the commands write it (output.write_atomic)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from finsam_accounts.errors import ReportError
from finsam_accounts.output import write_atomic
from finsam_accounts.render.pdf import pdf_bytes

HTML = """<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">
<title>Verifikationslista 2019</title>
<meta name="dcterms.created" content="2019-12-31"></head>
<body><h1>Verifikationslista 2019</h1><p>B12 Hyra 1 234</p></body></html>"""


def write_pdf(html: str, path: Path) -> None:
    write_atomic(path, pdf_bytes(html))


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
    monkeypatch.setenv("FINSAM_CACHE", "0")  # typeset now, not reused from an earlier test
    with pytest.raises(ReportError) as raised:
        write_pdf(HTML, tmp_path / "a.pdf")
    assert raised.value.errors[0].message.startswith(
        "PDF:en kan inte skrivas: WeasyPrint går inte att läsa in")
    assert list(tmp_path.iterdir()) == []


def test_the_typeset_pdf_is_reused_from_the_user_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from finsam_accounts.render import pdf

    monkeypatch.setenv("FINSAM_CACHE_DIR", str(tmp_path / "cache"))
    html = "<html><body><p>Samma dokument</p></body></html>"
    first = pdf.pdf_bytes(html)
    calls: list[str] = []
    original = pdf._typeset

    def counting(text: str, base_url: str | None) -> bytes:
        calls.append(text)
        return original(text, base_url)

    monkeypatch.setattr(pdf, "_typeset", counting)
    assert pdf.pdf_bytes(html) == first and calls == []  # reused, identical
    (cached,) = (tmp_path / "cache" / "pdf").glob("*.pdf")
    cached.write_bytes(b"%PDF-trasig")  # a damaged file is typeset again
    assert pdf.pdf_bytes(html) == first and len(calls) == 1
    assert pdf.pdf_bytes(html + " ") != first and len(calls) == 2  # another document
