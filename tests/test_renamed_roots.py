"""Books whose root accounts have other names than the example's.

Every root is read one way, beancount's ``get_account_types`` (``books.roots``), so a
förbund may call its roots anything. This ledger names them Aktiva, Passiva, Kapital,
Inkomster and Utgifter (the example: Tillgångar, Skulder, Eget-kapital, Intäkter,
Kostnader) and runs the annual report, the members' pack and Uppföljning Finsam on it.
Every expected figure is summed by hand from the vouchers below:

    income  400 000,00 (staten) + 90 000,25 (ESF)                        = 490 000,25
    costs    10 000,00 + 120 000,50 + 80 000,40 + 30 000,00 + 200 000,00
             + 5 000,00 + 9 999,85                                        = 455 000,75
    result  490 000,25 − 455 000,75                                       =  34 999,50
    equity  500 000,00 brought in + 34 999,50                             = 534 999,50
    bank    500 000 + 300 000 − 10 000 + 90 000,25 − 200 000,90 − 30 000
            − 205 000 − 9 999,85                                          = 434 999,50
    assets  434 999,50 bank + 100 000,00 unpaid contribution              = 534 999,50
"""

from __future__ import annotations

import csv
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from finsam_accounts.books import Books
from finsam_accounts.cli import main
from finsam_accounts.ledger import load_string
from finsam_accounts.statements.annual_report import annual
from finsam_accounts.yearly import finsam_followup, members
from finsam_accounts.yearly.finsam_followup import CostRow, Financier, InsatsRow, ProjectRow

LEDGER = """\
option "title" "Samordningsförbundet Annanstans"
option "operating_currency" "SEK"
option "name_assets" "Aktiva"
option "name_liabilities" "Passiva"
option "name_equity" "Kapital"
option "name_income" "Inkomster"
option "name_expenses" "Utgifter"
plugin "finsam_accounts.plugin"
2022-01-01 custom "räkenskapsår" 2022
2022-01-01 custom "verksamhet" "SAMO" "Samordningsförbundet Annanstans" "förbund"
2022-01-01 custom "verksamhet" "PRO" "Projekt Provet (ESF)" "projekt"
2022-01-01 custom "medlem" "staten" "Staten (Försäkringskassan)" "stat"
2022-01-01 custom "medlemsavgift-andel" "stat" 100
2022-01-01 custom "medlemsavgift-fakturering" "K" Aktiva:Kundfordringar
2021-11-24 custom "medlemsavgift-tilldelning" 2022 400000.00 SEK
2022-02-15 custom "insats" "Insats A" "Dnr 2022/3" 2022-03-01 2022-12-31 250000.00 SEK
  konton: "Utgifter:SAMO:Insats"
2022-01-01 open Aktiva:Bank SEK
  nr: "1930"
2022-01-01 open Aktiva:Kundfordringar SEK
  nr: "1510"
2022-01-01 open Kapital:Eget-kapital SEK
  nr: "2010"
2022-01-01 open Inkomster:SAMO:Staten SEK
  nr: "3510"
  verksamhet: "SAMO"
  rubrik: "Driftbidrag från staten"
  medlem: "staten"
2022-01-01 open Utgifter:SAMO:Insats SEK
  nr: "4610"
  verksamhet: "SAMO"
  rubrik: "Insats A"
2022-01-01 open Utgifter:SAMO:Lön SEK
  nr: "5020"
  verksamhet: "SAMO"
  rubrik: "Kanslipersonal"
2022-01-01 open Utgifter:SAMO:Hyra SEK
  nr: "6110"
  verksamhet: "SAMO"
  rubrik: "Lokal"
2022-01-01 open Inkomster:PRO:ESF SEK
  nr: "3560"
  verksamhet: "PRO"
  rubrik: "EU-medel"
2022-01-01 open Utgifter:PRO:Insats SEK
  nr: "4620"
  verksamhet: "PRO"
  rubrik: "Projektinsats"
2022-01-01 open Utgifter:PRO:Lön SEK
  nr: "5021"
  verksamhet: "PRO"
  rubrik: "Projektpersonal"
2022-01-01 open Utgifter:PRO:Resor SEK
  nr: "5800"
  verksamhet: "PRO"
  rubrik: "Resor"
2022-01-01 * "Ingående balans"
  ver: "A1"
  ib: TRUE
  Aktiva:Bank  500000.00 SEK
  Kapital:Eget-kapital
2022-01-20 * "Försäkringskassan" "Medlemsavgift 2022"
  ver: "K1"
  Aktiva:Kundfordringar  400000.00 SEK
  Inkomster:SAMO:Staten
2022-02-01 * "Försäkringskassan" "Medlemsavgift, delbetalning"
  ver: "B1"
  Aktiva:Bank  300000.00 SEK
  Aktiva:Kundfordringar
2022-02-10 * "Värden" "Förberedelse av Insats A (före insatsens start)"
  ver: "B2"
  Utgifter:SAMO:Insats  10000.00 SEK
  Aktiva:Bank
2022-03-01 * "ESF-rådet" "Utbetalning"
  ver: "B3"
  Aktiva:Bank  90000.25 SEK
  Inkomster:PRO:ESF
2022-03-25 * "Löner mars"
  ver: "L1"
  Utgifter:SAMO:Lön  120000.50 SEK
  Utgifter:PRO:Lön  80000.40 SEK
  Aktiva:Bank
2022-04-01 * "Hyresvärden" "Hyra"
  ver: "B4"
  Utgifter:SAMO:Hyra  30000.00 SEK
  Aktiva:Bank
2022-05-01 * "Värden" "Insatser"
  ver: "B5"
  Utgifter:SAMO:Insats  200000.00 SEK
  Utgifter:PRO:Insats  5000.00 SEK
  Aktiva:Bank
2022-06-01 * "Resebyrån" "Projektresor"
  ver: "B6"
  Utgifter:PRO:Resor  9999.85 SEK
  Aktiva:Bank
2022-01-01 custom "budget" Utgifter:SAMO:Lön "yearly" 125000.00 SEK
2022-01-01 custom "budget" Utgifter:PRO:Lön "yearly" 85000.00 SEK
2022-01-01 custom "budget" Inkomster:PRO:ESF "yearly" -100000.00 SEK
"""

RESULT = Decimal("34999.50")
EQUITY_START = Decimal("500000.00")
EQUITY_END = Decimal("534999.50")


@pytest.fixture(scope="module")
def books() -> Books:
    loaded = load_string(LEDGER)
    assert loaded.errors == []
    return loaded.books


def test_the_roots_are_the_books_own(books: Books) -> None:
    roots = books.roots
    assert (roots.assets, roots.liabilities, roots.equity, roots.income, roots.expenses) == (
        "Aktiva", "Passiva", "Kapital", "Inkomster", "Utgifter")
    assert books.result_roots == ("Inkomster:", "Utgifter:")


def test_the_annual_report(books: Books) -> None:
    result = annual(None, books, 2022)
    assert result.value("resultatrakning", "arets_resultat", "ar") == RESULT
    assert result.value("balansrakning", "summa_eget_kapital", "ar") == EQUITY_END
    assert result.value("balansrakning", "summa_tillgangar", "ar") == EQUITY_END


def test_the_members_pack(books: Books) -> None:
    pack = members.build(books, 2022)
    assert (pack.result, pack.equity) == (RESULT, EQUITY_END)
    (staten,) = pack.members
    assert staten.member.id == "staten" and staten.key == Fraction(1)
    # Invoiced 400 000 (K1), paid 300 000 (B1): 100 000 still owed at the year end.
    assert (staten.expected, staten.invoiced, staten.paid) == (
        Decimal("400000.00"), Decimal("400000.00"), Decimal("300000.00"))
    assert (staten.result_share, staten.equity_share) == (RESULT, EQUITY_END)
    assert (staten.receivable, staten.liability) == (Decimal("100000.00"), Decimal("0"))


def test_uppfoljning_finsam(books: Books) -> None:
    figures = finsam_followup.build(books, 2022)
    assert figures.financiers == (Financier(
        "staten", "Staten (Försäkringskassan)", "stat", Decimal("400000.00"),
        Decimal("400000.00")),)
    assert (figures.equity_start, figures.equity_end) == (EQUITY_START, EQUITY_END)
    assert [(r.label, r.budget, r.actual) for r in figures.admin] == [
        ("Kanslipersonal", Decimal("125000.00"), Decimal("120000.50")),
        ("Lokal", Decimal("0"), Decimal("30000.00")),  # the year's budget has no rent line
    ]
    assert all(isinstance(r, CostRow) for r in figures.admin)
    name = "Projekt Provet (ESF)"
    assert [(p.project, p.label, p.budget, p.actual, p.income) for p in figures.projects] == [
        (name, "EU-medel", Decimal("100000.00"), Decimal("90000.25"), True),
        (name, "Projektinsats", Decimal("0"), Decimal("5000.00"), False),
        (name, "Projektpersonal", Decimal("85000.00"), Decimal("80000.40"), False),
        (name, "Resor", Decimal("0"), Decimal("9999.85"), False),
    ]
    assert all(isinstance(p, ProjectRow) for p in figures.projects)
    # The insats runs from 1 March: B2's 10 000 on its account on 10 February is not its
    # cost; B5's 200 000 on 1 May is.
    assert figures.insatser == (InsatsRow("Insats A", None, Decimal("200000.00"), None, None),)


def test_the_annual_report_command(tmp_path: Path) -> None:
    (tmp_path / "bok").mkdir()
    path = tmp_path / "bok" / "main.beancount"
    path.write_text(LEDGER, encoding="utf-8")
    out = tmp_path / "ut"
    assert main(["arsredovisning", "2022", "--ledger", str(path), "--out", str(out)]) == 0
    with (out / "balansrakning.csv").open(encoding="utf-8") as handle:
        rows = {r["rad"]: r for r in csv.DictReader(handle)}
    # Each figure rounded once to whole kronor, half away from zero.
    assert rows["Fordringar"]["2022-12-31"] == "100000"
    assert rows["Kassa och bank"]["2022-12-31"] == "435000"  # 434 999,50
    assert rows["SUMMA TILLGÅNGAR"]["2022-12-31"] == "535000"  # 534 999,50
    assert rows["Summa eget kapital"]["2022-12-31"] == "535000"  # 534 999,50
