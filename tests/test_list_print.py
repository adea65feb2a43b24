"""The printed pages of a list (render/list_print.py): fixed-width lines paged by us, every
line within the page, the column header on every page, groups kept whole where they fit."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from finsam_accounts.render.list_print import TITLE_LINES, layout, printed
from finsam_accounts.render.lists import AuditList

D = Decimal


def voucher_list(vouchers: int, text: str = "Hyra") -> AuditList:
    rows = []
    for n in range(1, vouchers + 1):
        for account, debit, credit in (("6110 Kostnader:Hyra", D("100.00") * n, None),
                                       ("1930 Tillgångar:Bank", None, D("100.00") * n)):
            rows.append({"ver": f"B{n}", "datum": datetime.date(2019, 3, 1),
                         "text": f"{text} {n}", "konto": account,
                         "debet": debit, "kredit": credit})
    return AuditList(
        name="verifikationslista", title="Verifikationslista 2019", organisation="Testförbundet",
        subtitle="Räkenskapsår 2019", table=pd.DataFrame(rows, dtype=object),
        stamp=datetime.date(2019, 12, 31), heading_columns=("ver", "datum", "text"),
        keep_groups=True)


def printed_pages(audit_list: AuditList) -> list[list[str]]:
    """Each page's lines, as the reader sees them."""
    return [[line.text for line in page] for page in printed(audit_list)[0]]


def test_every_page_starts_with_the_header_and_fits() -> None:
    geometry = layout(False, 0)
    pages = printed_pages(voucher_list(200))
    assert len(pages) > 3
    for number, page in enumerate(pages):
        assert page[0].split() == ["Konto", "Debet", "Kredit"]
        room = geometry.lines - (TITLE_LINES if number == 0 else 0)
        assert len(page) <= room
        assert all(len(line) <= geometry.chars for line in page)
    # Each voucher (heading and its two rows) stands whole on one page, in order.
    seen = []
    for page in pages:
        for index, line in enumerate(page):
            if line.startswith("B"):
                number = int(line.split()[0][1:])
                assert page[index + 1].split()[:2] == ["6110", "Kostnader:Hyra"]
                assert page[index + 2].split()[:2] == ["1930", "Tillgångar:Bank"]
                assert page[index + 1].endswith(f"{100 * number:,},00".replace(",", " ", 1)
                                                 if number >= 10 else f"{100 * number},00")
                seen.append(number)
    assert seen == list(range(1, 201))
    # Amounts right-aligned in their column: every debit ends at the same place.
    ends = {line.rstrip().rfind(",") for page in pages for line in page if "6110" in line}
    assert len(ends) == 1


def test_a_long_text_wraps_within_its_column() -> None:
    long = "Inbetalning av en mycket lång text " * 12
    geometry = layout(False, 0)
    lines = [line for page in printed_pages(voucher_list(3, text=long.strip())) for line in page]
    assert all(len(line) <= geometry.chars for line in lines)
    heading_lines = [line for line in lines if "Inbetalning" in line]
    assert len(heading_lines) >= 3 * 3  # each voucher's heading runs over several lines
    words = " ".join(" ".join(heading_lines).split())
    assert words.count("mycket lång text") == 3 * 12


def test_the_pdf_shows_the_printed_lines_page_by_page() -> None:
    from pypdf import PdfReader

    from finsam_accounts.render.list_pdf import list_pdf

    audit_list = voucher_list(120)
    data = list_pdf(audit_list)
    assert data == list_pdf(audit_list)  # the same bytes
    pages = printed_pages(audit_list)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == len(pages) > 2
    for number, (page, lines) in enumerate(zip(reader.pages, pages, strict=True)):
        shown = [" ".join(t.split()) for t in page.extract_text().splitlines()]
        expected = [" ".join(t.split()) for t in lines if t.strip()]
        title = ["Testförbundet", "Verifikationslista 2019", "Räkenskapsår 2019"]
        assert shown[:-1] == (title if number == 0 else []) + expected
        assert shown[-1] == (f"Testförbundet – Verifikationslista 2019 Sida {number + 1} av "
                             f"{len(pages)}")
    assert reader.metadata is not None and reader.metadata["/CreationDate"] == "D:20191231"
    resources: Any = [p["/Resources"] for p in reader.pages]
    fonts = {str(f.get_object()["/BaseFont"]).split("+", 1)[1]
             for r in resources for f in r["/Font"].values()}
    assert fonts == {"Finsam-Mono", "Finsam-Mono-Bold"}  # the shipped faces, subset
    assert len(data) < 60_000 + 1_500 * len(pages)


def test_bold_lines_are_set_in_the_bold_face() -> None:
    from pypdf import PdfReader

    from finsam_accounts.render.list_pdf import list_pdf

    reader = PdfReader(io.BytesIO(list_pdf(voucher_list(2))))
    contents = reader.pages[0].get_contents()
    assert contents is not None
    content = contents.get_data().decode("ascii")
    header = next(line for line in content.splitlines() if "/F2 " in line and " Tj" in line)
    assert header  # the column header (bold) in F2, the bold face; rows in F1
    assert sum(" Tj" in line and "/F1 " in line for line in content.splitlines()) >= 6


def test_the_pdf_from_the_cache_is_the_pdf_written_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from finsam_accounts.render import list_pdf

    monkeypatch.setenv("FINSAM_CACHE", "0")
    uncached = list_pdf.list_pdf(voucher_list(30))
    monkeypatch.delenv("FINSAM_CACHE")
    monkeypatch.setenv("FINSAM_CACHE_DIR", str(tmp_path / "cache"))
    written = []
    original = list_pdf.pdf_of

    def counted(*args: Any) -> bytes:
        written.append(1)
        return original(*args)

    monkeypatch.setattr(list_pdf, "pdf_of", counted)
    first = list_pdf.list_pdf(voucher_list(30))
    second = list_pdf.list_pdf(voucher_list(30))
    assert first == second == uncached and len(written) == 1  # the second read, same bytes
    assert [p.suffix for p in (tmp_path / "cache" / "pdf").iterdir()] == [".pdf"]
    other = list_pdf.list_pdf(voucher_list(31))  # another list: written, not reused
    assert other != first and len(written) == 2
    for cached in (tmp_path / "cache" / "pdf").iterdir():
        cached.write_bytes(b"%PDF-1.7 cut short")  # hostile or broken: a miss, rewritten
    assert list_pdf.list_pdf(voucher_list(30)) == uncached and len(written) == 3
