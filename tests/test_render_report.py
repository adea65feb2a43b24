"""The report writer: CSV shape, Swedish HTML, numeric XLSX, one-call sections, determinism."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from test_statements_fixtures import load_ledger

from finsam_accounts.render.report import Report, write_report
from finsam_accounts.statements.annual_report import build
from finsam_accounts.statements.spec import load_spec

NBSP = "\u00a0"


def example_report(tmp_path: Path) -> Report:
    ledger = load_ledger(tmp_path)
    return build(load_spec(), ledger.books, 2019)


def test_csv_files_have_the_reference_shape(tmp_path: Path) -> None:
    write_report(example_report(tmp_path), tmp_path / "out")
    text = (tmp_path / "out" / "resultatrakning.csv").read_bytes().decode("utf-8")
    assert text.splitlines()[0] == "rad,not,2019,2018"
    assert "Verksamhetens intäkter SAMO,1,611,500\n" in text
    assert "\r" not in text
    balance = (tmp_path / "out" / "balansrakning.csv").read_text(encoding="utf-8")
    assert '"SUMMA EGET KAPITAL, AVSÄTTNINGAR OCH SKULDER",,1260,1600\n' in balance
    drift = (tmp_path / "out" / "driftsredovisning.csv").read_text(encoding="utf-8")
    assert "Likvida medel,1,,,2\n" in drift  # no budget for liquid funds: empty cells


def test_html_is_swedish_printable_and_links_notes(tmp_path: Path) -> None:
    write_report(example_report(tmp_path), tmp_path / "out")
    html = (tmp_path / "out" / "arsredovisning.html").read_text(encoding="utf-8")
    assert '<html lang="sv">' in html and "size: A4" in html
    assert f"1{NBSP}260" in html  # 1 260 with a no-break space
    assert ">−40<" in html  # a true minus sign
    assert '<a href="#not1">1</a>' in html and 'id="not1"' in html
    assert "Not 4 Kortfristiga skulder" in html
    assert "avstämd" in html  # the cash-flow note
    order = [html.index(f'id="{key}"') for key in (
        "driftsredovisning", "resultatrakning", "balansrakning", "kassaflodesanalys", "not1",
        "not4", "utfall_budget",
    )]
    assert order == sorted(order)


def test_xlsx_has_a_sheet_per_statement_with_numbers(tmp_path: Path) -> None:
    write_report(example_report(tmp_path), tmp_path / "out")
    book = load_workbook(tmp_path / "out" / "arsredovisning.xlsx")
    assert book.sheetnames[:4] == [
        "Driftsredovisning", "Resultaträkning", "Balansräkning", "Kassaflödesanalys",
    ]
    assert "Not 1" in book.sheetnames and "Utfall och budget" in book.sheetnames
    sheet = book["Resultaträkning"]
    assert sheet["A1"].value == "Resultaträkning"  # the title row
    assert [c.value for c in sheet[2]] == ["rad", "not", "2019", "2018"]
    assert sheet["C3"].value == 611 and isinstance(sheet["C3"].value, int)
    assert sheet.print_title_rows == "$1:$2" and sheet.freeze_panes == "A3"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4  # "9": A4
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage


def test_one_call_adds_a_section_to_every_output(tmp_path: Path) -> None:
    report = example_report(tmp_path)
    table = pd.DataFrame({"rad": ["Gräns"], "2019": [Decimal("2290000")]})
    report.add("trappan", "Eget kapital och trappan", table, "En förklarande text.")
    files = write_report(report, tmp_path / "out")
    assert tmp_path / "out" / "trappan.csv" in files
    assert (tmp_path / "out" / "trappan.csv").read_text() == "rad,2019\nGräns,2290000\n"
    html = (tmp_path / "out" / "arsredovisning.html").read_text(encoding="utf-8")
    assert "Eget kapital och trappan" in html and f"2{NBSP}290{NBSP}000" in html
    assert "En förklarande text." in html
    book = load_workbook(tmp_path / "out" / "arsredovisning.xlsx")
    assert book["Eget kapital och trappan"]["B3"].value == 2290000


def test_output_is_byte_identical_run_to_run(tmp_path: Path) -> None:
    first = write_report(example_report(tmp_path), tmp_path / "a")
    second = write_report(example_report(tmp_path), tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.name == b.name and a.read_bytes() == b.read_bytes(), a.name
    with zipfile.ZipFile(first[1]) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_rewriting_leaves_other_files_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "egen-anteckning.txt").write_text("behåll", encoding="utf-8")
    write_report(example_report(tmp_path), out)
    assert (out / "egen-anteckning.txt").read_text(encoding="utf-8") == "behåll"
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_percentages_keep_one_decimal_and_dates_are_dates(tmp_path: Path) -> None:
    report = example_report(tmp_path)
    table = pd.DataFrame({
        "rad": ["Utgående 2018", "Utgående 2019"],
        "datum": ["2018-12-31", "2019-12-31"],
        "marginal %": [Decimal("-5.0"), Decimal("2.6")],
    })
    report.add("trappan", "Eget kapital och trappan", table)
    write_report(report, tmp_path / "out")
    assert (tmp_path / "out" / "trappan.csv").read_text() == (
        "rad,datum,marginal %\nUtgående 2018,2018-12-31,-5.0\nUtgående 2019,2019-12-31,2.6\n"
    )
    html = (tmp_path / "out" / "arsredovisning.html").read_text(encoding="utf-8")
    assert '<td class="num">−5,0</td>' in html and '<td class="date">2018-12-31</td>' in html
    sheet = load_workbook(tmp_path / "out" / "arsredovisning.xlsx")["Eget kapital och trappan"]
    assert sheet["C3"].value == -5 and sheet["C3"].number_format == "#,##0.0;-#,##0.0"
    assert sheet["B3"].is_date and sheet["B3"].value.date().isoformat() == "2018-12-31"


def test_the_compiled_templates_render_what_fresh_ones_render(tmp_path: Path) -> None:
    """render/html.py keeps one template environment per folder (compiled once)."""
    from finsam_accounts.render import html

    report = example_report(tmp_path)
    html.environment.cache_clear()
    fresh = html.render_html(report)
    compiled = html.environment()
    assert html.render_html(report) == fresh and html.environment() is compiled
    html.environment.cache_clear()
    assert html.environment() is not compiled and html.render_html(report) == fresh
