"""Momsersättning per period (`finsam momsersattning ÅR [--kvartal N]`, lag 2005:807).

Expected figures: the example's own claim vouchers (A14, A19, A25, A30 in 2018.beancount;
A13, A19, A24, A29 in 2019.beancount: the amounts booked on the skattekonto and the öre
written off), the published note 3 (Fordran moms kvartal 4, tests/reference), sums of the
receivable's postings taken straight from the loaded entries, and inline ledgers computed
by hand.
"""

from __future__ import annotations

import csv
import datetime
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core import data

from finsam_accounts.claims import vat_refund
from finsam_accounts.cli import main
from finsam_accounts.errors import ReportError
from finsam_accounts.ledger import load

D = Decimal
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "ledger" / "main.beancount"
FORBUND2 = ROOT / "tests" / "forbund2" / "main.beancount"
REFERENCE = ROOT / "tests" / "reference" / "umearegionen-2019"
MOMS = "Tillgångar:Fordringar:Momsfordran"
SKATT = "Tillgångar:Fordringar:Skattekonto"


def published_receivable(column: str) -> Decimal:
    with (REFERENCE / "not3_fordringar.csv").open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            if record["rad"] == "Fordran moms kvartal 4":
                return D(record[column])
    raise KeyError(column)


def quarter_sum(entries: list[data.Directive], first: datetime.date,
                last: datetime.date) -> Decimal:
    """Every posting on the receivable in the quarter, vouchers with the skattekonto left
    out: the moms of the quarter, summed without the code under test."""
    total = D(0)
    for entry in entries:
        if isinstance(entry, data.Transaction) and first <= entry.date <= last \
                and not any(p.account == SKATT for p in entry.postings):
            for posting in entry.postings:
                if posting.account == MOMS and posting.units is not None:
                    total += D(str(posting.units.number))
    return total


@pytest.fixture(scope="module")
def example() -> tuple[vat_refund.VatRefund, list[data.Directive]]:
    ledger = load(EXAMPLE)
    return vat_refund.compute(ledger.books, 2019), ledger.entries


def test_example_2019_quarters_and_claims(
    example: tuple[vat_refund.VatRefund, list[data.Directive]],
) -> None:
    refund, entries = example
    rows = {r.vat_period.key: r for r in refund.rows}
    assert list(rows) == ["2018-Q4", "2019-Q1", "2019-Q2", "2019-Q3", "2019-Q4"]
    # the claims as booked in 2019.beancount: skattekonto and the öre written off
    booked = {"2018-Q4": ("A13", D("120275.00"), D("0")),
              "2019-Q1": ("A19", D("194573.00"), D("0.30")),
              "2019-Q2": ("A24", D("82342.00"), D("0.60")),
              "2019-Q3": ("A29", D("184512.00"), D("0.49"))}
    for key, (voucher, to_tax, ore) in booked.items():
        row = rows[key]
        assert [c.voucher for c in row.claims] == [voucher]
        assert row.due == row.to_tax_account == to_tax
        assert row.vat == to_tax + ore == row.credited
    for quarter, (first, last) in enumerate(
            [((2019, 1, 1), (2019, 3, 31)), ((2019, 4, 1), (2019, 6, 30)),
             ((2019, 7, 1), (2019, 9, 30)), ((2019, 10, 1), (2019, 12, 31))], start=1):
        expected = quarter_sum(entries, datetime.date(*first), datetime.date(*last))
        assert rows[f"2019-Q{quarter}"].vat == expected
    # Q4 2019 is claimed in 2020: the receivable at year end, as published (note 3)
    q4 = rows["2019-Q4"]
    assert q4.claims == [] and q4.vat == published_receivable("2019-12-31") == D("107888")
    assert rows["2018-Q4"].vat == published_receivable("2018-12-31") == D("120275")
    rec = refund.reconciliation
    assert rec.opening == D("120275") and rec.closing == D("107888")
    assert rec.computed_closing == rec.closing


def test_example_2018_brings_in_the_opening_balance() -> None:
    ledger = load(EXAMPLE)
    refund = vat_refund.compute(ledger.books, 2018)
    rows = {r.vat_period.key: r for r in refund.rows}
    # A1 brings in 61 240,00 (Q4 2017), claimed on A14 2018-02-12
    assert rows["IB"].vat == D("61240.00") and rows["IB"].claims[0].voucher == "A14"
    assert rows["2018-Q1"].due == D("163990") and rows["2018-Q1"].vat == D("163990.80")
    assert rows["2018-Q3"].due == D("149252")
    assert rows["2018-Q4"].claims[0].voucher == "A13"  # claimed in February 2019


def test_the_command_writes_csv_and_xlsx_the_same_twice(tmp_path: Path) -> None:
    out = tmp_path / "moms"
    args = ["momsersattning", "2019", "--ledger", str(EXAMPLE), "--out", str(out)]
    assert main(args) == 0
    assert {p.name for p in out.iterdir()} == {
        "momsersattning.html", "momsersattning.xlsx", "momsersattning-perioder.csv",
        "momsersattning-konton.csv", "momsersattning-avstamning.csv"}
    with (out / "momsersattning-perioder.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    q1 = next(r for r in rows if r["period"] == "2019 kvartal 1")
    assert (q1["ingående moms"], q1["ersättning att söka"], q1["öresavrundning"]) == (
        "194573.30", "194573", "0.30")
    with (out / "momsersattning-konton.csv").open(encoding="utf-8") as handle:
        per_account = {r["period"]: D(r["ingående moms"]) for r in csv.DictReader(handle)}
    entries = load(EXAMPLE).entries
    assert per_account["2019 kvartal 3"] == quarter_sum(
        entries, datetime.date(2019, 7, 1), datetime.date(2019, 9, 30))
    import openpyxl

    workbook = openpyxl.load_workbook(out / "momsersattning.xlsx")
    assert workbook.sheetnames == ["Perioder", "Konton", "Avstämning"]
    sheet = list(workbook["Perioder"].iter_rows(values_only=True))
    assert sheet[3][:4] == ("2019 kvartal 1", 194573.3, 194573, 0.3)
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert main(args) == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first
    quarter = tmp_path / "q2"
    assert main(["momsersattning", "2019", "--kvartal", "2", "--ledger", str(EXAMPLE),
                 "--out", str(quarter)]) == 0
    with (quarter / "momsersattning-perioder.csv").open(encoding="utf-8") as handle:
        periods = [r["period"] for r in csv.DictReader(handle)]
    # Q1 is claimed during Q2; Q2 itself; the sum of the quarter's own period
    assert periods == ["2019 kvartal 1", "2019 kvartal 2", "Summa perioderna 2019 kvartal 2"]


HEAD = """
option "title" "Testförbundet"
option "operating_currency" "SEK"
option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"
plugin "finsam_accounts.plugin"
2022-01-01 custom "räkenskapsår" 2022
2022-01-01 custom "verksamhet" "SAMO" "Testförbundet" "förbund"
2022-01-01 open Tillgångar:Bank SEK
  nr: "1930"
2022-01-01 open Tillgångar:Ersattningsmoms SEK
  nr: "1641"
2022-01-01 open Tillgångar:Skatt SEK
  nr: "1631"
2022-01-01 open Skulder:Leverantorer SEK
  nr: "2440"
2022-01-01 open Eget-kapital:Eget-kapital SEK
  nr: "2010"
2022-01-01 open Kostnader:SAMO:Material SEK
  nr: "6990"
  verksamhet: "SAMO"
2022-01-01 custom "momsersättning" "fordran" Tillgångar:Ersattningsmoms
2022-01-01 custom "momsersättning" "skattekonto" Tillgångar:Skatt
2022-01-01 custom "momsersättning" "period" "månad"
"""


def purchase(number: int, date: str, net: str, vat: str) -> str:
    total = D(net) + D(vat)
    return f"""
{date} * "Leverantör" "Inköp"
  ver: "F{number}"
  Kostnader:SAMO:Material  {net} SEK
  Tillgångar:Ersattningsmoms  {vat} SEK
  Skulder:Leverantorer  -{total} SEK
"""


def claim(number: int, date: str, vat: str, to_tax: str, period: str | None = None) -> str:
    ore = D(vat) - D(to_tax)
    meta = f'\n  momsperiod: "{period}"' if period else ""
    rounding = f"\n  Kostnader:SAMO:Material  {ore} SEK" if ore else ""
    return f"""
{date} * "Skatteverket" "Ansökan momsersättning"
  ver: "A{number}"{meta}
  Tillgångar:Skatt  {to_tax} SEK{rounding}
  Tillgångar:Ersattningsmoms  -{vat} SEK
"""


def write(tmp_path: Path, body: str) -> Path:
    (tmp_path / "books").mkdir(exist_ok=True)
    path = tmp_path / "books" / "main.beancount"
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def test_months_named_accounts_and_a_named_period(tmp_path: Path) -> None:
    # January 100,25 + 50,50 = 150,75 -> 150 kr; February 80,00 claimed with momsperiod
    body = (purchase(1, "2022-01-10", "401.00", "100.25")
            + purchase(2, "2022-01-20", "202.00", "50.50")
            + purchase(3, "2022-02-05", "320.00", "80.00")
            + claim(1, "2022-03-12", "150.75", "150.00")
            + claim(2, "2022-04-12", "80.00", "80.00", period="2022-02")
            + purchase(4, "2022-12-30", "40.00", "10.01"))
    ledger = load(write(tmp_path, body))
    assert not ledger.errors, ledger.errors
    refund = vat_refund.compute(ledger.books, 2022)
    rows = {r.vat_period.key: r for r in refund.rows}
    assert len([k for k in rows if k.startswith("2022-")]) == 12
    assert rows["2022-01"].vat == D("150.75") and rows["2022-01"].due == D("150")
    assert rows["2022-01"].claims[0].rounding == D("0.75")
    assert rows["2022-02"].claims[0].voucher == "A2"
    assert rows["2022-12"].vat == D("10.01") and rows["2022-12"].claims == []
    assert refund.reconciliation.closing == D("10.01")
    assert rows["2022-01"].vat_period.label == "januari 2022"


def test_a_wrong_claim_names_account_and_amount(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    # 150,75 of moms, but 151 booked on the skattekonto and only 150,00 taken off
    body = (purchase(1, "2022-01-10", "603.00", "150.75")
            + """
2022-03-12 * "Skatteverket" "Ansökan momsersättning"
  ver: "A1"
  Tillgångar:Skatt  151.00 SEK
  Kostnader:SAMO:Material  -1.00 SEK
  Tillgångar:Ersattningsmoms  -150.00 SEK
""")
    path = write(tmp_path, body)
    out = tmp_path / "ut"
    assert main(["momsersattning", "2022", "--ledger", str(path), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "main.beancount:" in err and "Traceback" not in err
    assert ("Tillgångar:Ersattningsmoms: ansökan för januari 2022 krediterar 150,00 kr, men "
            "den ingående momsen för perioden är 150,75 kr (differens −0,75 kr)") in err
    assert ("Tillgångar:Skatt: ansökan för januari 2022 är bokförd på skattekontot med "
            "151,00 kr, men ersättningen för perioden är 150,00 kr") in err
    assert not out.exists()


def test_a_claim_before_any_period_has_ended(tmp_path: Path) -> None:
    body = (purchase(1, "2022-01-10", "400.00", "100.00")
            + claim(1, "2022-01-20", "100.00", "100.00"))
    ledger = load(write(tmp_path, body))
    with pytest.raises(ReportError) as raised:
        vat_refund.compute(ledger.books, 2022)
    assert "hör inte till någon period" in str(raised.value)
    body = (purchase(1, "2022-01-10", "400.00", "100.00")
            + claim(1, "2022-02-20", "100.00", "100.00", period="2022-02"))
    ledger = load(write(tmp_path, body))
    with pytest.raises(ReportError) as raised:
        vat_refund.compute(ledger.books, 2022)
    assert "perioden februari 2022 har inte tagit slut 2022-02-20" in str(raised.value)


@pytest.mark.parametrize("line, message", [
    ('2022-01-01 custom "momsersättning" "period" "vecka"',
     'momsersättning "period" ska vara "kvartal" eller "månad"'),
    ('2022-01-01 custom "momsersättning" "konto" Tillgångar:Bank',
     "okänd uppgift 'konto' för momsersättningen"),
    ('2022-01-01 custom "momsersättning" "fordran" Tillgångar:Saknas',
     'momsersättning "fordran": kontot Tillgångar:Saknas är inte öppnat'),
    ('2022-01-01 custom "momsersättning" "skattekonto" "1630"',
     'momsersättning "skattekonto": ange ett konto'),
])
def test_the_settings_are_checked_by_the_plugin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, message: str,
) -> None:
    path = write(tmp_path, line + "\n")
    assert main(["check", "--ledger", str(path)]) == 1
    assert message in capsys.readouterr().err


def test_books_without_the_accounts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The second förbund books no moms: no 1650/1630 and no custom "momsersättning"
    out = tmp_path / "x"
    assert main(["momsersattning", "2023", "--ledger", str(FORBUND2), "--out", str(out)]) == 1
    assert "ingen fordran för momsersättning" in capsys.readouterr().err
    assert not out.exists()


def test_the_reconciliation_file_ties_to_the_vouchers(tmp_path: Path) -> None:
    out = tmp_path / "moms"
    assert main(["momsersattning", "2019", "--ledger", str(EXAMPLE), "--out", str(out)]) == 0
    with (out / "momsersattning-avstamning.csv").open(encoding="utf-8") as handle:
        rows = [D(r["belopp"]) for r in csv.DictReader(handle)]
    # A13 + A19 + A24 + A29 on the skattekonto; their öre written off: 0,30 + 0,60 + 0,49
    claimed = D("120275") + D("194573") + D("82342") + D("184512")
    ore = D("0.30") + D("0.60") + D("0.49")
    entries = load(EXAMPLE).entries
    booked = quarter_sum(entries, datetime.date(2019, 1, 1), datetime.date(2019, 12, 31))
    assert rows == [published_receivable("2018-12-31"), booked,
                    -(claimed + ore), published_receivable("2019-12-31"),
                    published_receivable("2019-12-31"), claimed, ore]
    assert rows[0] + rows[1] + rows[2] == rows[3]


@pytest.mark.parametrize("args, message", [
    (["2019", "--kvartal", "5"], "finsam momsersattning: --kvartal: ogiltigt kvartal '5'"),
    (["2030"], "2030 är inget räkenskapsår i bokföringen (2018, 2019)"),
])
def test_bad_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                       args: list[str], message: str) -> None:
    out = tmp_path / "ut"
    assert main(["momsersattning", *args, "--ledger", str(EXAMPLE), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not out.exists()


def test_the_second_forbund_with_the_default_accounts(tmp_path: Path) -> None:
    # A copy of the second förbund that books moms on the default Kommun-Bas numbers 1650
    # and 1630 (no custom "momsersättning"): 25 % moms on two purchases in Q1, claimed in
    # May with 0,50 written off; Q2's moms still open at the year's end of the claim span.
    books = tmp_path / "forbund2"
    shutil.copytree(FORBUND2.parent, books)
    with (books / "kontoplan.beancount").open("a", encoding="utf-8") as handle:
        handle.write('\n2023-01-01 open Tillgångar:Fordringar:Momsfordran SEK\n  nr: "1650"\n'
                     '2023-01-01 open Tillgångar:Fordringar:Skattekonto SEK\n  nr: "1630"\n')
    year_file = books / "2023.beancount"
    # the bank pays the three purchases: its asserted balance at 2024-01-01 moves with them
    paid = D("1251.25") + D("2501.25") + D("50.00")
    text = year_file.read_text(encoding="utf-8")
    assert text.count("1611296.25 SEK") == 1
    year_file.write_text(text.replace("1611296.25 SEK", f"{D('1611296.25') - paid} SEK"),
                         encoding="utf-8")
    with year_file.open("a", encoding="utf-8") as handle:
        handle.write("""
2023-02-10 * "Kontorsvaruhuset" "Kontorsmaterial"
  ver: "M1"
  Kostnader:SAMO:Kansli:Övrig-administration   1001.00 SEK
  Tillgångar:Fordringar:Momsfordran             250.25 SEK
  Tillgångar:Kassa-och-bank:Bankkonto         -1251.25 SEK

2023-03-20 * "Kontorsvaruhuset" "Skrivare"
  ver: "M2"
  Kostnader:SAMO:Kansli:Övrig-administration   2001.00 SEK
  Tillgångar:Fordringar:Momsfordran             500.25 SEK
  Tillgångar:Kassa-och-bank:Bankkonto         -2501.25 SEK

2023-05-12 * "Skatteverket" "Ansökan momsersättning kvartal 1 2023"
  ver: "M3"
  Tillgångar:Fordringar:Skattekonto             750.00 SEK
  Kostnader:SAMO:Kansli:Övrig-administration      0.50 SEK
  Tillgångar:Fordringar:Momsfordran            -750.50 SEK

2023-06-01 * "Kontorsvaruhuset" "Papper"
  ver: "M4"
  Kostnader:SAMO:Kansli:Övrig-administration     40.00 SEK
  Tillgångar:Fordringar:Momsfordran              10.00 SEK
  Tillgångar:Kassa-och-bank:Bankkonto           -50.00 SEK
""")
    ledger = load(books / "main.beancount")
    assert not ledger.errors, ledger.errors
    refund = vat_refund.compute(ledger.books, 2023)
    rows = {r.vat_period.key: r for r in refund.rows}
    assert rows["2023-Q1"].vat == D("250.25") + D("500.25")
    assert rows["2023-Q1"].due == D("750") == rows["2023-Q1"].to_tax_account
    assert rows["2023-Q2"].vat == D("10.00") and rows["2023-Q2"].claims == []
    assert refund.reconciliation.closing == D("10.00")
    assert refund.settings.receivables == ("Tillgångar:Fordringar:Momsfordran",)
