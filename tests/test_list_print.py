"""The printed pages of a list (render/list_print.py): fixed-width lines paged by us, every
line within the page, the column header on every page, groups kept whole where they fit."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pandas as pd

from finsam_accounts.render.list_print import TITLE_LINES, layout, print_html
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


def printed_pages(document: str) -> list[list[str]]:
    """Each page's lines, as the reader sees them (tags removed, entities read)."""
    import html

    pages = re.findall(r"<pre>(.*?)</pre>", document, flags=re.S)
    return [[html.unescape(re.sub(r"</?b>", "", line)) for line in page.split("\n")]
            for page in pages]


def test_every_page_starts_with_the_header_and_fits() -> None:
    document = print_html(voucher_list(200))
    geometry = layout(False, 0)
    pages = printed_pages(document)
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
    document = print_html(voucher_list(3, text=long.strip()))
    geometry = layout(False, 0)
    lines = [line for page in printed_pages(document) for line in page]
    assert all(len(line) <= geometry.chars for line in lines)
    heading_lines = [line for line in lines if "Inbetalning" in line]
    assert len(heading_lines) >= 3 * 3  # each voucher's heading runs over several lines
    words = " ".join(" ".join(heading_lines).split())
    assert words.count("mycket lång text") == 3 * 12


def test_the_document_grows_by_pages_not_by_rows() -> None:
    """What makes the PDF quick: a handful of elements per page, however many rows."""
    small = print_html(voucher_list(50))
    large = print_html(voucher_list(2000))
    tags = len(re.findall(r"<(?!/|b>)", large))
    pages = len(printed_pages(large))
    assert pages > 40
    assert tags < 30 + 2 * pages
    assert len(re.findall(r"<(?!/|b>)", small)) < 40
