"""The auditors' lists on small ledgers written here: corrections, file:line, opening
balances, a trial balance that does not sum to zero, and the three commands.

Figures by hand (kr): 2018 opens with 1 000.00 in the bank against equity (A1, 1 January,
ib: TRUE);
rent 100.00 (B1). 2019: rent 100.00 (B1), a correction of 2018's B1 (A1, 30.00 back from
rent to the bank) and of 2019's B1 (A2, 10.00 back).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from beancount.core import data
from pypdf import PdfReader

from finsam_accounts import domain
from finsam_accounts.audit.general_ledger import general_ledger
from finsam_accounts.audit.rules import opening_rule
from finsam_accounts.audit.trial_balance import trial_balance
from finsam_accounts.audit.voucher_list import voucher_list
from finsam_accounts.cli import main
from finsam_accounts.errors import ReportError
from finsam_accounts.ledger import Ledger, load, load_string

D = Decimal
ROOTS = """\
option "title" "Testförbundet"
option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"
"""
MAIN = (
    ROOTS
    + """plugin "finsam_accounts.plugin"
2018-01-01 custom "räkenskapsår" 2018
2019-01-01 custom "räkenskapsår" 2019
2018-01-01 custom "verksamhet" "SAMO" "Testförbundet" "förbund"
2018-01-01 open Tillgångar:Bank SEK
  nr: "1930"
2018-01-01 open Eget-kapital:Eget-kapital SEK
  nr: "2010"
2018-01-01 open Skulder:Leverantörsskulder SEK
  nr: "2440"
2018-01-01 open Kostnader:Hyra SEK
  nr: "6110"
  verksamhet: "SAMO"

2018-01-01 * "Förbundet" "Ingående balans"
  ver: "A1"
  ib: TRUE
  Tillgångar:Bank  1000.00 SEK
  Eget-kapital:Eget-kapital  -1000.00 SEK

2018-03-01 * "Fastighetsbolaget" "Hyra mars"
  ver: "B1"
  Kostnader:Hyra  100.00 SEK
  Tillgångar:Bank  -100.00 SEK
include "2019.beancount"
"""
)
YEAR_2019 = (
    ROOTS
    + """
2019-03-01 * "Fastighetsbolaget" "Hyra mars"
  ver: "B1"
  Kostnader:Hyra  100.00 SEK
  Tillgångar:Bank  -100.00 SEK

2019-04-02 * "Fastighetsbolaget" "Rättelse av 2018:B1, för hög hyra"
  ver: "A1"
  korrigerar: "2018:B1"
  Tillgångar:Bank  30.00 SEK
  Kostnader:Hyra  -30.00 SEK

2019-04-03 * "Fastighetsbolaget" "Rättelse av B1"
  ver: "A2"
  korrigerar: "B1"
  Tillgångar:Bank  10.00 SEK
  Kostnader:Hyra  -10.00 SEK
"""
)


def write_books(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2019.beancount").write_text(YEAR_2019, encoding="utf-8")
    main_file = folder / "main.beancount"
    main_file.write_text(MAIN, encoding="utf-8")
    return main_file


@pytest.fixture
def books(tmp_path: Path) -> Ledger:
    ledger = load(write_books(tmp_path / "bok"))
    assert ledger.errors == []
    return ledger


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_corrections_are_linked_both_ways(books: Ledger) -> None:
    parsed = books.books
    y2018 = voucher_list(parsed, 2018, None).drop_duplicates("ver").set_index("ver")
    y2019 = voucher_list(parsed, 2019, None).drop_duplicates("ver").set_index("ver")
    assert y2018.loc["B1", "korrigeras av"] == "2019:A1"
    assert y2018.loc["A1", "korrigeras av"] == ""
    assert y2019.loc["A1", "korrigerar"] == "2018:B1"
    assert y2019.loc["A2", "korrigerar"] == "B1"
    assert y2019.loc["B1", "korrigeras av"] == "A2"
    assert list(y2019.index) == ["A1", "A2", "B1"]  # number order per series


def test_each_voucher_and_posting_names_its_file_and_line(books: Ledger) -> None:
    base = books.path.parent.resolve()
    parsed = books.books
    listed = voucher_list(parsed, 2019, base).drop_duplicates("ver").set_index("ver")
    assert listed.loc["A2", "källa"] == f"2019.beancount:{line_of(YEAR_2019, 'Rättelse av B1')}"
    assert listed.loc["B1", "källa"] == f"2019.beancount:{line_of(YEAR_2019, 'Hyra mars')}"
    frame = general_ledger(books.books, 2018, base)
    rent = frame[(frame["nr"] == "6110") & (frame["ver"] == "B1")]
    assert list(rent["källa"]) == [f"main.beancount:{line_of(MAIN, 'Hyra mars')}"]


def test_general_ledger_2019(books: Ledger) -> None:
    frame = general_ledger(books.books, 2019, None)
    bank = frame[frame["nr"] == "1930"]
    # 1000 − 100 (2018) = 900 in; −100 + 30 + 10 = 840 out.
    assert list(bank["saldo"]) == [D("900.00"), D("800.00"), D("830.00"), D("840.00"), D("840")]
    assert list(bank["ver"]) == ["", "B1", "A1", "A2", ""]
    assert (bank["debet"].iloc[-1], bank["kredit"].iloc[-1]) == (D("40.00"), D("100.00"))
    rent = frame[frame["nr"] == "6110"]
    # Cost accounts start the year at zero; 2018's 100.00 is an earlier result.
    assert list(rent["saldo"]) == [D("0"), D("100.00"), D("70.00"), D("60.00"), D("60.00")]
    prior = frame[frame["nr"] == ""]
    assert set(prior["saldo"]) == {D("100.00")}
    closing = frame.groupby(["nr", "konto"], sort=False)["saldo"].last()
    assert sum(closing, D("0")) == 0


def test_opening_balance_voucher_is_the_opening_not_the_movement(books: Ledger) -> None:
    frame = general_ledger(books.books, 2018, None)
    bank = frame[frame["nr"] == "1930"]
    assert list(bank["ver"]) == ["A1", "B1", ""]
    assert list(bank["saldo"]) == [D("1000.00"), D("900.00"), D("900.00")]
    assert (bank["debet"].iloc[-1], bank["kredit"].iloc[-1]) == (D("0"), D("100.00"))
    balance = trial_balance(books.books, datetime.date(2018, 12, 31))
    rows = balance.set_index("nr")
    assert rows.loc["1930", "ingående balans"] == D("1000.00")
    assert rows.loc["1930", "period"] == D("-100.00")


def test_opening_balance_rule() -> None:
    ledger = load_string(
        ROOTS
        + """
2019-01-01 custom "räkenskapsår" 2019
2018-12-31 * "Ingående balans, dagen före året"
  Tillgångar:Bank  5.00 SEK
  Skulder:Lån  -5.00 SEK
2019-01-01 * "Ingående balans, märkt"
  ib: TRUE
  Tillgångar:Bank  7.00 SEK
  Skulder:Lån  -7.00 SEK
2019-01-01 * "Kapitaltillskott på nyårsdagen, omärkt"
  Tillgångar:Bank  9.00 SEK
  Eget-kapital:EK  -9.00 SEK
2019-01-01 * "Vanlig verifikation på nyårsdagen"
  Tillgångar:Bank  11.00 SEK
  Skulder:Lån  -11.00 SEK
2018-01-01 open Tillgångar:Bank
2018-01-01 open Skulder:Lån
2018-01-01 open Eget-kapital:EK
"""
    )
    assert ledger.errors == []
    is_opening = opening_rule(ledger.books)
    found = [is_opening(e) for e in ledger.entries if isinstance(e, data.Transaction)]
    assert found == [True, True, False, False]


def test_trial_balance_that_does_not_sum_to_zero_is_an_error(books: Ledger) -> None:
    entries = []
    for entry in books.entries:
        if isinstance(entry, data.Transaction) and entry.narration == "Rättelse av B1":
            posting = entry.postings[0]
            assert posting.units is not None
            units = posting.units._replace(number=D("10.01"))
            entry = entry._replace(postings=[posting._replace(units=units), entry.postings[1]])
        entries.append(entry)
    with pytest.raises(ReportError) as caught:
        trial_balance(domain.of(entries, books.options), datetime.date(2019, 12, 31))
    messages = [e.message for e in caught.value.errors]
    assert messages == [
        "saldobalansen 2019-12-31 summerar inte till noll: period har differensen 0,01 kr",
        "saldobalansen 2019-12-31 summerar inte till noll: utgående balans har differensen 0,01 kr",
    ]


# ----------------------------------------------------------------------------- commands


@pytest.mark.parametrize(
    ("args", "folder", "stem"),
    [
        (["verifikationslista", "2019"], "verifikationslista-2019", "verifikationslista"),
        (["huvudbok", "2019"], "huvudbok-2019", "huvudbok"),
        (["saldobalans", "2019-12-31"], "saldobalans-2019-12-31", "saldobalans"),
    ],
)
def test_commands_write_the_same_bytes_every_run(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    folder: str,
    stem: str,
) -> None:
    ledger = write_books(tmp_path / "bok")
    monkeypatch.chdir(tmp_path)
    assert main([*args, "--ledger", str(ledger)]) == 0
    out = tmp_path / "reports" / folder
    assert f"finns i reports/{folder}/" in capsys.readouterr().out
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"{stem}.csv", f"{stem}.html", f"{stem}.pdf", f"{stem}.xlsx"]
    first = {n: (out / n).read_bytes() for n in names}
    again = tmp_path / "igen"
    assert main([*args, "--ledger", str(ledger), "--out", str(again)]) == 0
    assert {n: (again / n).read_bytes() for n in names} == first


def columns_closed(page: str) -> str:
    """A page of a list as text, each run of spaces one space: the printed list pads its
    columns with spaces (render/list_print.py)."""
    return "\n".join(" ".join(line.split()) for line in page.splitlines())


def test_voucher_list_csv_and_html(tmp_path: Path) -> None:
    ledger = write_books(tmp_path / "bok")
    out = tmp_path / "ut"
    assert main(["verifikationslista", "2019", "--ledger", str(ledger), "--out", str(out)]) == 0
    csv_lines = (out / "verifikationslista.csv").read_text(encoding="utf-8").splitlines()
    assert csv_lines[0] == (
        "ver,datum,motpart,text,underlag,korrigerar,korrigeras av,nr,konto,debet,kredit,källa"
    )
    line = line_of(YEAR_2019, "Rättelse av 2018:B1")
    assert csv_lines[1] == (
        'A1,2019-04-02,Fastighetsbolaget,"Rättelse av 2018:B1, för hög hyra",,2018:B1,,'
        f"1930,Tillgångar:Bank,30.00,,2019.beancount:{line}"
    )
    html = (out / "verifikationslista.html").read_text(encoding="utf-8")
    assert "B1 · 2019-03-01 · Fastighetsbolaget · Hyra mars · korrigeras av A2" in html
    assert '<td class="num">100,00</td>' in html
    pdf = PdfReader(out / "verifikationslista.pdf")
    page = columns_closed(pdf.pages[0].extract_text())
    assert "B1 · 2019-03-01 · Fastighetsbolaget · Hyra mars · korrigeras av A2" in page
    assert "6110 Kostnader:Hyra 100,00" in page
    assert "Testförbundet – Verifikationslista 2019 Sida 1 av 1" in page
    assert pdf.metadata is not None
    assert pdf.metadata["/CreationDate"] == "D:20191231"


def test_commands_refuse_a_ledger_with_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = write_books(tmp_path / "bok")
    (tmp_path / "bok" / "2019.beancount").write_text(
        YEAR_2019.replace('ver: "A2"', 'ver: "A3"'), encoding="utf-8"
    )
    out = tmp_path / "ut"
    assert main(["huvudbok", "2019", "--ledger", str(ledger), "--out", str(out)]) == 1
    assert "verifikationsserie A 2019 saknar nummer 2 (före A3)" in capsys.readouterr().err
    assert not out.exists()


def test_year_without_vouchers_and_bad_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = write_books(tmp_path / "bok")
    out = tmp_path / "ut"
    assert main(["verifikationslista", "2017", "--ledger", str(ledger), "--out", str(out)]) == 1
    assert "2017 ligger utanför bokföringens räkenskapsår (2018, 2019)" in capsys.readouterr().err
    assert not out.exists()
    assert main(["saldobalans", "2019-13-01", "--ledger", str(ledger)]) == 1
    assert "ogiltigt datum: '2019-13-01'" in capsys.readouterr().err


def test_general_ledger_pdf_repeats_the_account_on_every_page(tmp_path: Path) -> None:
    rents = "".join(
        f'\n2019-{1 + n // 28:02d}-{1 + n % 28:02d} * "Fastighetsbolaget" "Hyra {n + 1}"\n'
        f'  ver: "B{n + 2}"\n  Kostnader:Hyra  10.00 SEK\n  Tillgångar:Bank  -10.00 SEK\n'
        for n in range(80)
    )
    ledger = write_books(tmp_path / "bok")
    year_file = tmp_path / "bok" / "2019.beancount"
    year_file.write_text(YEAR_2019 + rents, encoding="utf-8")
    out = tmp_path / "ut"
    assert main(["huvudbok", "2019", "--ledger", str(ledger), "--out", str(out)]) == 0
    pages = [columns_closed(page.extract_text()) for page in PdfReader(out / "huvudbok.pdf").pages]
    assert len(pages) >= 3
    # Bank: 900.00 in, −100 + 30 + 10 − 80 × 10 = −860 → 40.00 out, over more than a page.
    bank_pages = [p for p in pages if "1930 · Tillgångar:Bank" in p]
    assert len(bank_pages) >= 2
    for page in bank_pages[1:]:
        assert page.splitlines()[0] == "1930 · Tillgångar:Bank"
        assert page.splitlines()[1] == "Datum Ver Text Debet Kredit Saldo Källa"
    assert "Utgående balans 40,00 900,00 40,00" in bank_pages[-1]


def test_workbook_has_title_print_setup_and_real_dates(tmp_path: Path) -> None:
    ledger = write_books(tmp_path / "bok")
    out = tmp_path / "ut"
    assert main(["huvudbok", "2019", "--ledger", str(ledger), "--out", str(out)]) == 0
    sheet = openpyxl.load_workbook(out / "huvudbok.xlsx").active
    assert sheet is not None
    assert sheet["A1"].value == "Testförbundet – Huvudbok 2019"
    assert [c.value for c in sheet[3]] == [
        "nr",
        "konto",
        "datum",
        "ver",
        "text",
        "debet",
        "kredit",
        "saldo",
        "källa",
    ]
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    bank_opening = next(row for row in sheet.iter_rows(min_row=4) if row[0].value == "1930")
    assert bank_opening[2].value == datetime.datetime(2019, 1, 1)
    assert bank_opening[2].number_format == "yyyy-mm-dd"
    assert bank_opening[7].value == 900
    assert bank_opening[7].number_format == "#,##0.00;-#,##0.00"
