"""Budget follow-up: per-account columns, the rows from the engine, the written report."""

from __future__ import annotations

import csv
import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from beancount.core import data

from finsam_accounts.cli import main
from finsam_accounts.errors import ReportError
from finsam_accounts.followup.columns import follow_up
from finsam_accounts.followup.report import build
from finsam_accounts.ledger import Ledger, load, load_string

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = Path(__file__).resolve().parent / "reference" / "umearegionen-2019"

HEADER = """
option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"
plugin "finsam_accounts.plugin"
2019-01-01 custom "räkenskapsår" 2019
2020-01-01 custom "räkenskapsår" 2020
2018-01-01 custom "verksamhet" "SAMO" "Förbundet" "förbund"
2018-01-01 open Tillgångar:Bank SEK
  nr: "1930"
2018-01-01 open Eget-kapital:Eget-kapital SEK
  nr: "2010"
2018-01-01 open Intäkter:SAMO:Medlemsavgifter SEK
  nr: "3510"
  verksamhet: "SAMO"
2018-01-01 open Kostnader:SAMO:Insats SEK
  nr: "4620"
  verksamhet: "SAMO"
2018-01-01 open Kostnader:SAMO:InsatsExtra SEK
  nr: "4621"
  verksamhet: "SAMO"
2018-01-01 open Kostnader:SAMO:Kansli SEK
  nr: "5021"
  verksamhet: "SAMO"
"""

BOOKS = HEADER + """
2019-01-01 custom "budgetprofil" Intäkter:SAMO:Medlemsavgifter "kvartal"
2019-01-01 custom "budget" Intäkter:SAMO:Medlemsavgifter "yearly" -1200000.00 SEK
2019-01-01 custom "budget" Kostnader:SAMO:Insats "yearly" 600000.00 SEK
2019-07-01 custom "budget" Kostnader:SAMO:Insats "yearly" 720000.00 SEK
2019-01-01 custom "budget" Kostnader:SAMO:Kansli "yearly" 480000.00 SEK
2019-08-20 custom "prognos" Kostnader:SAMO:Kansli 500000.00 SEK "ny tjänst från oktober"
2019-01-15 * "Medlemsavgift kvartal 1"
  ver: "A1"
  Tillgångar:Bank  300000.00 SEK
  Intäkter:SAMO:Medlemsavgifter
2019-04-15 * "Medlemsavgift kvartal 2"
  ver: "A2"
  Tillgångar:Bank  300000.00 SEK
  Intäkter:SAMO:Medlemsavgifter
2019-07-15 * "Medlemsavgift kvartal 3"
  ver: "A3"
  Tillgångar:Bank  300000.00 SEK
  Intäkter:SAMO:Medlemsavgifter
2019-06-30 * "Insats första halvåret"
  ver: "B1"
  Kostnader:SAMO:Insats  280000.00 SEK
  Tillgångar:Bank
2019-08-31 * "Insats juli–augusti"
  ver: "B2"
  Kostnader:SAMO:Insats  110000.00 SEK
  Tillgångar:Bank
2019-08-31 * "Syskonkonto med samma namnbörjan"
  ver: "B3"
  Kostnader:SAMO:InsatsExtra  7000.00 SEK
  Tillgångar:Bank
2019-08-25 * "Löner januari–augusti"
  ver: "B4"
  Kostnader:SAMO:Kansli  330000.00 SEK
  Tillgångar:Bank
2019-09-15 * "Efter uppföljningen"
  ver: "B5"
  Kostnader:SAMO:Insats  99999.00 SEK
  Tillgångar:Bank
2020-02-10 * "Nästa år"
  ver: "B1"
  Kostnader:SAMO:Kansli  20000.00 SEK
  Tillgångar:Bank
"""

AUGUST = datetime.date(2019, 8, 31)


def books(text: str = BOOKS) -> Ledger:
    ledger = load_string(text)
    assert ledger.errors == []
    return ledger


def report_rows(ledger: Ledger, date: datetime.date) -> dict[str, Any]:
    report = build(ledger.books, date)
    table = report.sections[0].table
    return {f"{r['avsnitt']}/{r['rad']}": r for r in table.to_dict("records")}


def test_columns_profile_revision_manual_forecast_and_sibling() -> None:
    ledger = books()
    columns = follow_up(ledger.books, AUGUST)
    insats, extra = "Kostnader:SAMO:Insats", "Kostnader:SAMO:InsatsExtra"
    kansli, fees = "Kostnader:SAMO:Kansli", "Intäkter:SAMO:Medlemsavgifter"
    assert columns.adopted is not None and columns.revised is not None
    assert columns.budget_to_date is not None
    assert columns.adopted[insats] == Decimal("600000.00")
    assert columns.revised[insats] == Decimal("720000.00")
    # Jan–Jun 50 000 a month, then (720 000 − 300 000) / 6 = 70 000 in July and August.
    assert columns.budget_to_date[insats] == Decimal("300000.00") + Decimal("140000.00")
    # Three quarters of the contributions, all in the quarters' first months.
    assert columns.budget_to_date[fees] == Decimal("-900000.00")
    # The sibling account has no budget line and its postings stay its own.
    assert extra not in columns.revised
    assert columns.actual_to_date[insats] == Decimal("280000.00") + Decimal("110000.00")
    assert columns.actual_to_date[extra] == Decimal("7000.00")
    # Default forecast: actual + what is left of the budget (720 000 − 440 000).
    assert columns.forecast[insats] == Decimal("390000.00") + Decimal("280000.00")
    # The manual forecast wins over 330 000 + (480 000 − 320 000).
    assert columns.forecast[kansli] == Decimal("500000.00")
    assert columns.manual[kansli].comment == "ny tjänst från oktober"


def test_report_rows_from_the_engine_show_revision_and_manual_forecast() -> None:
    rows = report_rows(books(), AUGUST)
    insats = rows["Insatser SAMO/Insats"]
    assert insats["antagen budget 2019"] == Decimal(-600000)
    assert insats["reviderad budget 2019"] == Decimal(-720000)
    assert insats["budget t.o.m. 2019-08-31"] == Decimal(-440000)
    assert insats["utfall t.o.m. 2019-08-31"] == Decimal(-390000)
    assert insats["avvikelse t.o.m. 2019-08-31"] == Decimal(50000)
    assert insats["förbrukat av årsbudget %"] == Decimal("54.2")  # 390 / 720
    assert insats["prognos helår 2019"] == Decimal(-670000)
    assert insats["prognosavvikelse"] == Decimal(50000)
    extra = rows["Insatser SAMO/InsatsExtra"]
    assert extra["reviderad budget 2019"] == Decimal(0)
    assert extra["utfall t.o.m. 2019-08-31"] == Decimal(-7000)
    kansli = rows["Kansli, styrelse och administrativa kostn. SAMO/Kansli"]
    assert kansli["prognos helår 2019"] == Decimal(-500000)
    assert kansli["kommentar"] == "Manuell prognos 2019-08-20: ny tjänst från oktober"
    # Result: 900 000 − 390 000 − 7 000 − 330 000.
    assert rows["Resultat/RESULTAT"]["utfall t.o.m. 2019-08-31"] == Decimal(173000)


def test_year_without_budget_keeps_actual_and_forecast() -> None:
    ledger = books()
    report = build(ledger.books,
                   datetime.date(2020, 3, 31))
    section = report.sections[0]
    assert "ingen budget" in section.text
    (kansli,) = [r for r in section.table.to_dict("records") if r["rad"] == "Kansli"]
    assert kansli["budget 2020"] is None
    assert kansli["budget t.o.m. 2020-03-31"] is None
    assert kansli["utfall t.o.m. 2020-03-31"] == Decimal(-20000)
    # No budget, 2019 in the books: + what 2019 booked after 31 March (B4, 330 000).
    assert kansli["prognos helår 2020"] == Decimal(-20000 - 330000)
    assert kansli["prognosmetod"] == "fjolårets mönster"


def test_date_outside_the_fiscal_years_is_refused(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    ledger = books()
    with pytest.raises(ReportError) as info:
        build(ledger.books,
              datetime.date(2021, 1, 31))
    assert info.value.errors[0].message == (
        "2021-01-31 ligger utanför bokföringens räkenskapsår (2019, 2020)"
    )
    out = tmp_path / "ut"
    assert main(["uppfoljning", "2017-12-31", "--out", str(out)]) == 1
    assert "2017-12-31 ligger utanför bokföringens räkenskapsår (2018, 2019)" in (
        capsys.readouterr().err
    )
    assert not out.exists()


# ---------------------------------------------------------------- the example ledger


def published() -> dict[str, dict[str, str]]:
    with (REFERENCE / "utfall_budget_2019.csv").open(encoding="utf-8") as handle:
        return {f"{r['avsnitt']}/{r['rad']}": r for r in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def example() -> Ledger:
    return load(ROOT / "ledger/main.beancount")


def test_year_end_actual_is_the_published_utfall(example: Ledger) -> None:
    rows = report_rows(example, datetime.date(2019, 12, 31))
    reference = published()
    assert set(rows) == set(reference)
    for key, row in rows.items():
        assert abs(row["utfall t.o.m. 2019-12-31"] - int(reference[key]["utfall 2019"])) <= 1
        assert row["budget t.o.m. 2019-12-31"] == row["budget 2019"]
        assert row["budget 2019"] == int(reference[key]["budget 2019"])
    assert rows["Insatser SAMO/Ungdomstorget"]["utfall t.o.m. 2019-12-31"] == -2813036
    assert rows["Insatser SAMO/Vuxentorget"]["utfall t.o.m. 2019-12-31"] == -2432875
    kansli = "Kansli, styrelse och administrativa kostn. SAMO/Kanslipersonal"
    assert rows[kansli]["utfall t.o.m. 2019-12-31"] == -1529999
    assert rows["Intäkter SAMO/Intäkter, medlemsavgifter"]["utfall t.o.m. 2019-12-31"] == 11450000


def loader_sum(accounts: list[str], end: datetime.date) -> Decimal:
    """Postings on the accounts from 1 January 2019 through ``end``, read here."""
    loaded = load(str(ROOT / "ledger/main.beancount"))
    entries, _, _ = loaded.entries, loaded.errors, loaded.options
    total = Decimal(0)
    for entry in entries:
        if isinstance(entry, data.Transaction) and datetime.date(2019, 1, 1) <= entry.date <= end:
            for posting in entry.postings:
                if posting.account in accounts and posting.units is not None:
                    total += posting.units.number or Decimal(0)
    return total


def test_august_actual_per_line_is_an_independent_sum(example: Ledger) -> None:
    rows = report_rows(example, AUGUST)
    column = "utfall t.o.m. 2019-08-31"
    samo = "Kostnader:SAMO:Kansli:"
    expected = {
        "Insatser SAMO/Ungdomstorget": ["Kostnader:SAMO:Insatser:Ungdomstorget"],
        "Insatser SAMO/Vuxentorget": ["Kostnader:SAMO:Insatser:Vuxentorget"],
        "Kansli, styrelse och administrativa kostn. SAMO/Kanslipersonal": [
            f"{samo}Löner", f"{samo}Sociala-avgifter", f"{samo}Pensionskostnader"
        ],
        "Intäkter SAMO/Intäkter, medlemsavgifter": [
            f"Intäkter:SAMO:Medlemsavgifter:{m}" for m in (
                "Staten", "Region-Västerbotten", "Umeå", "Vännäs", "Nordmaling",
                "Robertsfors", "Vindeln", "Bjurholm",
            )
        ],
    }
    for key, accounts in expected.items():
        exact = -loader_sum(accounts, AUGUST)
        assert rows[key][column] == exact.quantize(Decimal(1), rounding="ROUND_HALF_UP"), key
    # Three quarterly invoices of 11 450 000 / 4, and the quarterly budget profile.
    fees = rows["Intäkter SAMO/Intäkter, medlemsavgifter"]
    assert fees[column] == fees["budget t.o.m. 2019-08-31"] == 8587500


def test_command_writes_identical_files_twice(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        assert main(["uppfoljning", "2019-08-31", "--out", str(out)]) == 0
    names = sorted(p.name for p in first.iterdir())
    assert "uppfoljning.html" in names and "diagram_samo.svg" in names
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    html = (first / "uppfoljning.html").read_text(encoding="utf-8")
    assert '<img src="diagram_samo.svg"' in html
