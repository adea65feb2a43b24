"""ESF claims (`finsam esf AKTIVITET PERIOD`): costs per ESF cost category with the flat
rate 15 % or 40 % of the personnel costs.

Expected figures: the published annual report (Verksamhetens kostnader HFE, tests/reference),
the example's postings summed straight from the loaded entries, the categories declared in
ledger/esf.beancount, and inline ledgers computed by hand (the flat rate rounded once).
"""

from __future__ import annotations

import csv
import datetime
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from beancount.core import data

from finsam_accounts.claims import esf_claim
from finsam_accounts.cli import main
from finsam_accounts.errors import ReportError
from finsam_accounts.ledger import load
from finsam_accounts.periods import Period

D = Decimal
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "ledger" / "main.beancount"
FORBUND2 = ROOT / "tests" / "forbund2"
REFERENCE = ROOT / "tests" / "reference" / "umearegionen-2019"
Q1 = Period(datetime.date(2019, 1, 1), datetime.date(2019, 3, 31))


def published_hfe_costs(column: str) -> Decimal:
    with (REFERENCE / "resultatrakning.csv").open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            if record["rad"] == "Verksamhetens kostnader HFE":
                return -D(record[column])
    raise KeyError(column)


def posted(entries: list[data.Directive], accounts: tuple[str, ...], period: Period) -> Decimal:
    total = D(0)
    for entry in entries:
        if isinstance(entry, data.Transaction) and entry.date in period:
            for posting in entry.postings:
                if posting.account in accounts and posting.units is not None:
                    total += D(str(posting.units.number))
    return total


STAFF = ("Kostnader:HFE:Kansli:Löner", "Kostnader:HFE:Kansli:Sociala-avgifter",
         "Kostnader:HFE:Kansli:Pensionskostnader")


def test_example_hfe_first_quarter_2019() -> None:
    ledger = load(EXAMPLE)
    claim = esf_claim.compute(ledger.books, "HFE", Q1)
    personnel = posted(ledger.entries, STAFF, Q1)
    assert claim.personnel == personnel == D("103595.00")
    assert claim.booked("resor") == posted(
        ledger.entries, ("Kostnader:HFE:Kansli:Resor-konferenser",), Q1) == D("15700.00")
    assert claim.booked("extern-sakkunskap") == posted(
        ledger.entries, ("Kostnader:HFE:Insatser:Hälsofrämjande-etablering",), Q1)
    # 15 % of 103 595,00 = 15 539,25 exactly; indirect costs booked are not claimed
    assert claim.flat_rate == D("15539.25")
    assert claim.booked("indirekta") == D("11964.60") + D("22500.00")
    assert claim.total == D("103595.00") + D("15700.00") + D("160400.00") + D("15539.25")


@pytest.mark.parametrize("year", [2018, 2019])
def test_example_whole_years_are_the_published_costs(year: int) -> None:
    ledger = load(EXAMPLE)
    period = Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    claim = esf_claim.compute(ledger.books, "HFE", period)
    # the published line leaves out the project's bank fees (a financial cost)
    fees = posted(ledger.entries, ("Kostnader:HFE:Finansiella:Bankavgifter",), period)
    shown = (claim.booked_total - fees).quantize(D(1), rounding=ROUND_HALF_UP)
    assert shown == published_hfe_costs(str(year))
    assert claim.personnel == posted(ledger.entries, STAFF, period)


def test_the_command_and_its_files(tmp_path: Path) -> None:
    out = tmp_path / "esf"
    args = ["esf", "HFE", "2019-Q1", "--ledger", str(EXAMPLE), "--out", str(out)]
    assert main(args) == 0
    assert {p.name for p in out.iterdir()} == {
        "esf.html", "esf.xlsx", "esf-kostnadsslag.csv", "esf-konton.csv"}
    with (out / "esf-kostnadsslag.csv").open(encoding="utf-8") as handle:
        rows = {r["kostnadsslag"]: r for r in csv.DictReader(handle)}
    assert rows["Summa"]["i ansökan"] == "295234.25"
    assert rows["Indirekta kostnader (schablon 15 % av personal)"]["i ansökan"] == "15539.25"
    with (out / "esf-konton.csv").open(encoding="utf-8") as handle:
        per_account = {r["konto"]: D(r["bokfört"]) for r in csv.DictReader(handle)}
    entries = load(EXAMPLE).entries
    hfe_costs = tuple(a for a in {p.account for e in entries if isinstance(e, data.Transaction)
                                  for p in e.postings} if a.startswith("Kostnader:HFE:"))
    assert sum(per_account.values(), D(0)) == posted(entries, hfe_costs, Q1)
    assert per_account["Kostnader:HFE:Kansli:Löner"] == posted(
        entries, ("Kostnader:HFE:Kansli:Löner",), Q1)
    import openpyxl

    workbook = openpyxl.load_workbook(out / "esf.xlsx")
    assert workbook.sheetnames == ["Kostnadsslag", "Konton"]
    summa = next(r for r in workbook["Kostnadsslag"].iter_rows(values_only=True)
                 if r[0] == "Summa")
    assert summa[:3] == ("Summa", 314159.6, 295234.25)
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert main(args) == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first


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
2022-01-01 custom "verksamhet" "PRO" "Projektet" "projekt"
2022-01-01 open Tillgångar:Bank SEK
  nr: "1930"
2022-01-01 open Eget-kapital:Eget-kapital SEK
  nr: "2010"
2022-01-01 open Kostnader:PRO:Lon SEK
  nr: "5020"
  verksamhet: "PRO"
2022-01-01 open Kostnader:PRO:Resor SEK
  nr: "6520"
  verksamhet: "PRO"
2022-01-01 open Kostnader:PRO:Konsult SEK
  nr: "6550"
  verksamhet: "PRO"
2022-01-01 open Kostnader:PRO:Lokal SEK
  nr: "6110"
  verksamhet: "PRO"
2022-01-01 custom "esf-kategori" Kostnader:PRO:Resor "resor"
2022-01-01 custom "esf-kategori" Kostnader:PRO:Konsult "extern-sakkunskap"
2022-01-01 custom "esf-kategori" Kostnader:PRO:Lokal "utrustning-lokaler"
"""


def cost(number: int, date: str, account: str, amount: str) -> str:
    return f"""
{date} * "Leverantör" "Kostnad"
  ver: "F{number}"
  {account}  {amount} SEK
  Tillgångar:Bank  -{amount} SEK
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "books").mkdir(exist_ok=True)
    path = tmp_path / "books" / "main.beancount"
    path.write_text(HEAD + text, encoding="utf-8")
    return path


BODY = (cost(1, "2022-02-01", "Kostnader:PRO:Lon", "0.03")
        + cost(2, "2022-02-02", "Kostnader:PRO:Lon", "0.03")
        + cost(3, "2022-02-03", "Kostnader:PRO:Lon", "0.03")
        + cost(4, "2022-02-04", "Kostnader:PRO:Resor", "100.00")
        + cost(5, "2022-02-05", "Kostnader:PRO:Konsult", "1000.00")
        + cost(6, "2022-02-06", "Kostnader:PRO:Lokal", "50.00")
        + cost(7, "2022-04-01", "Kostnader:PRO:Lon", "999.00"))


def test_fifteen_percent_is_rounded_once(tmp_path: Path) -> None:
    # personnel 0,09 in the quarter: 15 % = 0,0135 -> 0,01 (per posting: 0,0045 -> 0 each)
    ledger = load(write(tmp_path, '2022-01-01 custom "esf-projekt" "PRO" "2014–2020" 15\n'
                        + BODY))
    assert not ledger.errors, ledger.errors
    quarter = Period(datetime.date(2022, 1, 1), datetime.date(2022, 3, 31))
    claim = esf_claim.compute(ledger.books, "PRO", quarter)
    assert claim.personnel == D("0.09") and claim.flat_rate == D("0.01")
    assert claim.total == D("0.09") + D("100.00") + D("1000.00") + D("50.00") + D("0.01")


def test_forty_percent_covers_every_other_cost(tmp_path: Path) -> None:
    ledger = load(write(tmp_path, '2022-01-01 custom "esf-projekt" "PRO" "2021–2027" 40\n'
                        + BODY))
    half = Period(datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))
    claim = esf_claim.compute(ledger.books, "PRO", half)
    # personnel 999,09: 40 % = 399,636 -> 399,64; travel, consultants, premises covered
    assert claim.personnel == D("999.09") and claim.flat_rate == D("399.64")
    assert claim.total == D("999.09") + D("399.64")
    assert claim.booked_total == D("999.09") + D("1150.00")
    assert claim.project.programme == "2021–2027"


def test_an_account_without_a_category(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    text = ('2022-01-01 custom "esf-projekt" "PRO" "2014–2020" 15\n'
            '2022-01-01 open Kostnader:PRO:Ovrigt SEK\n  nr: "6990"\n  verksamhet: "PRO"\n'
            + cost(1, "2022-03-01", "Kostnader:PRO:Ovrigt", "12.50"))
    path = write(tmp_path, text)
    out = tmp_path / "ut"
    assert main(["esf", "PRO", "2022", "--ledger", str(path), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "main.beancount:" in err
    assert ("Kostnader:PRO:Ovrigt (6990) har 12,50 kr i ESF-projektet PRO 2022 men ingen "
            "ESF-kategori") in err
    assert not out.exists()
    ledger = load(path)
    with pytest.raises(ReportError):
        esf_claim.compute(ledger.books, "PRO",
                          Period(datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)))


@pytest.mark.parametrize("line, message", [
    ('2022-01-01 custom "esf-projekt" "PRO" "2014–2020" 25', "schablonen ska vara 15"),
    ('2022-01-01 custom "esf-projekt" "XYZ" "2014–2020" 15', '"XYZ" är ingen verksamhet'),
    ('2022-01-01 custom "esf-projekt" "PRO" "2007–2013" 15', "programperioden ska vara"),
    ('2022-01-01 custom "esf-kategori" Kostnader:PRO:Lon "kaffe"', "okänd ESF-kategori 'kaffe'"),
    ('2022-01-01 custom "esf-kategori" Tillgångar:Bank "resor"', "inget kostnadskonto"),
    ('2022-01-01 custom "esf-kategori" Kostnader:PRO:Resor "personal"',
     "ESF-kategorin för Kostnader:PRO:Resor finns redan"),
])
def test_the_declarations_are_checked_by_the_plugin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, message: str,
) -> None:
    path = write(tmp_path, line + "\n")
    assert main(["check", "--ledger", str(path)]) == 1
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("args, message", [
    (["esf", "../x", "2019"], "finsam esf: AKTIVITET: ogiltig kod '../x'"),
    (["esf", "HFE", "2019-Q5"], "finsam esf: PERIOD: ogiltig period '2019-Q5'"),
    (["esf", "HFE", "2019-03-01..2019-02-01"], "finsam esf: PERIOD: ogiltig period"),
    (["esf", "SAMO", "2019"], "SAMO är inget ESF-projekt"),
    (["esf", "HFE", "2030"], "perioden 2030 ligger utanför bokföringens räkenskapsår"),
])
def test_bad_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                       args: list[str], message: str) -> None:
    out = tmp_path / "ut"
    assert main([*args, "--ledger", str(EXAMPLE), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not out.exists()


def test_the_second_forbund_project(tmp_path: Path) -> None:
    books = tmp_path / "forbund2"
    shutil.copytree(FORBUND2, books)
    with (books / "main.beancount").open("a", encoding="utf-8") as handle:
        handle.write('\n2023-01-01 custom "esf-projekt" "ESFV" "2014–2020" 15\n'
                     '2023-01-01 custom "esf-kategori" Kostnader:ESFV:Insatser:Arbetscoacher '
                     '"extern-sakkunskap"\n'
                     '2023-01-01 custom "esf-kategori" Kostnader:ESFV:Kansli:Projektledning '
                     '"extern-sakkunskap"\n'
                     '2023-01-01 custom "esf-kategori" Kostnader:ESFV:Finansiella:Bankavgifter '
                     '"indirekta"\n')
    ledger = load(books / "main.beancount")
    assert not ledger.errors, ledger.errors
    claim = esf_claim.compute(ledger.books, "ESFV",
                              Period(datetime.date(2023, 1, 1), datetime.date(2023, 12, 31)))
    # 2023.beancount: coaches 120 000 + 118 500, project management 45 000, bank fees 175
    assert claim.booked("extern-sakkunskap") == D("283500.00")
    assert claim.booked("indirekta") == D("175.00")
    assert claim.personnel == 0 and claim.flat_rate == 0
    assert claim.total == D("283500.00")
