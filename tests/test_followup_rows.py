"""The follow-up's rows on real books: one row per label, financial items on their own."""

from __future__ import annotations

import csv
import datetime
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

from beancount.core import data

from finsam_accounts.cli import main as cli_main
from finsam_accounts.followup.report import build
from finsam_accounts.ledger import Ledger, load, load_string
from finsam_accounts.money import format_sv, round_kr, round_tkr
from finsam_accounts.render.charts import drawn

BOOKS = """
option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"
plugin "finsam_accounts.plugin"
2019-01-01 custom "räkenskapsår" 2019
2018-01-01 custom "verksamhet" "SAMO" "Förbundet" "förbund"
2018-01-01 open Tillgångar:Bank SEK
  nr: "1930"
2018-01-01 open Eget-kapital:Eget-kapital SEK
  nr: "2010"
2018-01-01 open Intäkter:SAMO:Medlemsavgifter SEK
  nr: "3510"
  verksamhet: "SAMO"
2018-01-01 open Intäkter:SAMO:Övriga SEK
  nr: "3990"
  verksamhet: "SAMO"
  rubrik: "Övriga intäkter"
2018-01-01 open Intäkter:SAMO:Ränta SEK
  nr: "8310"
  verksamhet: "SAMO"
  rubrik: "Övriga intäkter"
2018-01-01 open Kostnader:SAMO:Administration SEK
  nr: "6990"
  verksamhet: "SAMO"
  rubrik: "Övrig administration"
2018-01-01 open Kostnader:SAMO:Bankavgifter SEK
  nr: "8590"
  verksamhet: "SAMO"
  rubrik: "Övrig administration"
2019-01-01 custom "budget" Intäkter:SAMO:Medlemsavgifter "yearly" -1000000.00 SEK
2019-01-01 custom "budget" Intäkter:SAMO:Övriga "yearly" -2000.00 SEK
2019-01-01 custom "budget" Kostnader:SAMO:Administration "yearly" 60000.00 SEK
2019-03-01 * "Medlemsavgifter"
  ver: "A1"
  Tillgångar:Bank  500000.00 SEK
  Intäkter:SAMO:Medlemsavgifter
2019-04-01 * "Återbetalning"
  ver: "A2"
  Tillgångar:Bank  1000.00 SEK
  Intäkter:SAMO:Övriga
2019-06-30 * "Ränta"
  ver: "A3"
  Tillgångar:Bank  2500.40 SEK
  Intäkter:SAMO:Ränta
2019-05-10 * "Administration"
  ver: "B1"
  Kostnader:SAMO:Administration  20000.00 SEK
  Tillgångar:Bank
2019-07-31 * "Bankavgifter"
  ver: "B2"
  Kostnader:SAMO:Bankavgifter  67.30 SEK
  Tillgångar:Bank
"""

ROOT = Path(__file__).resolve().parents[1]
AUGUST = datetime.date(2019, 8, 31)
ACTUAL = "utfall t.o.m. 2019-08-31"


def ledger() -> Ledger:
    loaded = load_string(BOOKS)
    assert loaded.errors == []
    return loaded


def tables() -> dict[str, list[dict[Any, Any]]]:
    loaded = ledger()
    report = build(loaded.books, AUGUST)
    return {s.key: s.table.to_dict("records") for s in report.sections}


def test_financial_income_with_an_income_rubrik_is_one_row() -> None:
    rows = tables()["uppfoljning"]
    income = [r for r in rows if r["rad"] == "Övriga intäkter"]
    assert len(income) == 1
    # 1 000 (3990) + 2 500,40 (8310): one row, the sum of both accounts.
    assert income[0][ACTUAL] == Decimal(3500)
    assert income[0]["budget 2019"] == Decimal(2000)
    by_label = {r["rad"]: r for r in rows if r["avsnitt"] != r["rad"]}
    assert by_label["Övrig administration"][ACTUAL] == Decimal(-20067)  # 20 000 + 67,30
    totals = {r["rad"]: r[ACTUAL] for r in rows}
    # Income − costs = result: 503 500,40 − 20 067,30 = 483 433,10.
    assert totals["Totala intäkter"] == Decimal(503500)
    assert totals["Totala kostnader"] == Decimal(-20067)
    assert totals["RESULTAT"] == Decimal(483433)


def test_result_per_activity_shows_the_financial_items_in_the_specification_unit() -> None:
    rows = {r["rad"]: r for r in tables()["prognos_verksamhet"]}
    assert list(rows) == ["Bidrag/intäkt SAMO", "Verksamhetens kostnader SAMO",
                          "Finansiella poster SAMO", "Resultat SAMO"]
    # The driftsredovisning's unit is tkr: 501 000; −20 000; 2 500,40 − 67,30; 483 433,10.
    assert rows["Bidrag/intäkt SAMO"][ACTUAL] == Decimal(501)
    assert rows["Verksamhetens kostnader SAMO"][ACTUAL] == Decimal(-20)
    assert rows["Finansiella poster SAMO"][ACTUAL] == Decimal(2)
    assert rows["Resultat SAMO"][ACTUAL] == Decimal(483)
    for column in ("budget 2019", ACTUAL, "prognos helår 2019"):
        parts = sum(rows[r][column] for r in list(rows)[:3])
        assert abs(parts - rows["Resultat SAMO"][column]) <= 1, column


def test_tkr_puts_every_table_in_thousands() -> None:
    loaded = ledger()
    report = build(loaded.books, AUGUST,
                   unit="tkr")
    sections = {s.key: s for s in report.sections}
    rows = {r["rad"]: r for r in sections["uppfoljning"].table.to_dict("records")}
    assert sections["uppfoljning"].title.endswith("(tkr)")
    assert rows["Intäkter, medlemsavgifter"][ACTUAL] == Decimal(500)
    assert rows["Övriga intäkter"][ACTUAL] == Decimal(4)  # 3 500,40
    assert rows["RESULTAT"][ACTUAL] == Decimal(483)
    # Förbrukat % is taken on the exact sums: 500 000 / 1 000 000.
    assert rows["Intäkter, medlemsavgifter"]["förbrukat av årsbudget %"] == Decimal("50.0")
    equity = sections["prognos_eget_kapital"].table
    assert "tkr" in equity.columns and "kr" not in equity.columns


def test_totals_sections_have_no_heading_that_repeats_them() -> None:
    loaded = ledger()
    report = build(loaded.books, AUGUST)
    section = report.sections[0]
    shown = dict(zip(section.table["rad"], section.groups, strict=True))
    assert shown["Intäkter, medlemsavgifter"] == "Intäkter SAMO"
    assert shown["Totala intäkter"] == shown["Totala kostnader"] == shown["RESULTAT"] == ""
    assert "Totala intäkter" not in section.groups


def test_result_row_with_negative_consumption_is_explained() -> None:
    loaded = ledger()
    report = build(loaded.books, AUGUST)
    section = report.sections[0]
    rows = {r["rad"]: r for r in section.table.to_dict("records")}
    # Budget 1 002 000 − 60 000 = +942 000; actual +483 433,10: 51,3 %.
    assert rows["RESULTAT"]["förbrukat av årsbudget %"] == Decimal("51.3")
    assert rows["Totala intäkter"]["förbrukat av årsbudget %"] == Decimal("50.2")  # 503 500,40
    assert "Negativ förbrukning" not in section.text


def test_example_result_below_budget_sign_is_explained_under_the_table() -> None:
    example = load(ROOT / "ledger/main.beancount")
    report = build(example.books, AUGUST)
    section = report.sections[0]
    rows = {r["rad"]: r for r in section.table.to_dict("records")}
    # Budget −2 350 000, actual +3 034 727 (the interim result): −129,1 %.
    assert rows["RESULTAT"]["förbrukat av årsbudget %"] == Decimal("-129.1")
    assert ("Negativ förbrukning på RESULTAT: budgeten för året är ett underskott men "
            "utfallet hittills ett överskott") in section.text
    # Plattform förebyggande: January's reversal, +3 200 against a cost budget of 1 000 000.
    assert rows["Plattform förebyggande"]["förbrukat av årsbudget %"] == Decimal("-0.3")
    assert "Negativ förbrukning (Plattform förebyggande, Arvoden till revisorer)" in section.text


def booked(example: Ledger, prefix: str, start: datetime.date, end: datetime.date) -> Decimal:
    """Postings on accounts under ``prefix`` from ``start`` through ``end`` (beancount signs)."""
    total = Decimal(0)
    for entry in example.entries:
        if isinstance(entry, data.Transaction) and start <= entry.date <= end:
            for posting in entry.postings:
                if posting.account.startswith(prefix) and posting.units is not None:
                    total += posting.units.number or Decimal(0)
    return total


def test_chart_has_the_tables_sign_and_does_not_start_below_zero() -> None:
    example = load(ROOT / "ledger/main.beancount")
    report = build(example.books, AUGUST)
    sections = {s.key: s for s in report.sections}
    chart = sections["diagram_samo"]
    months = {r["månad"]: r for r in chart.table.to_dict("records")}
    january = booked(example, "Kostnader:SAMO:", datetime.date(2019, 1, 1),
                     datetime.date(2019, 1, 31))
    assert january < -5_000_000  # the reversal of 2018's accruals
    assert months["jan"]["utfall"] == 0
    to_date = booked(example, "Kostnader:SAMO:", datetime.date(2019, 1, 1), AUGUST)
    assert months["aug"]["utfall"] == (-to_date).quantize(Decimal(1), rounding="ROUND_HALF_UP")
    assert months["aug"]["utfall"] < 0 and months["dec"]["budget"] == -13690000
    rows = {r["rad"]: r for r in sections["uppfoljning"].table.to_dict("records")}
    assert months["dec"]["prognos"] == rows["Tot. kostnader SAMO"]["prognos helår 2019"]
    assert f"ackumulerat jan +{format_sv(round_kr(-january))} kr" in chart.text
    svg = drawn(report).attachments["diagram_samo.svg"].decode()
    assert 'aria-label="kr"' in svg  # the value axis' unit, drawn as paths


def test_tkr_option_of_the_board_documents(tmp_path: Path) -> None:
    example = load(ROOT / "ledger/main.beancount")
    folder = tmp_path / "ledger"
    shutil.copytree(ROOT / "ledger", folder)
    (folder / "delarsrapport-2019-08-31.txt").write_text("Text.\n", encoding="utf-8")
    main_file = str(folder / "main.beancount")
    for command in ("uppfoljning", "insatser", "delarsrapport"):
        assert cli_main([command, "2019-08-31", "--tkr", "--ledger", main_file,
                         "--out", str(tmp_path / command)]) == 0
    income = -booked(example, "Intäkter:SAMO:", datetime.date(2019, 1, 1), AUGUST)
    with (tmp_path / "delarsrapport" / "resultatrakning.csv").open(encoding="utf-8") as f:
        (samo,) = [r for r in csv.DictReader(f) if r["rad"] == "Verksamhetens intäkter SAMO"]
    assert Decimal(samo["2019-01-01 – 2019-08-31"]) == round_tkr(income)
    with (tmp_path / "insatser" / "insatser.csv").open(encoding="utf-8") as f:
        (ungdom,) = [r for r in csv.DictReader(f) if r["insats"] == "Ungdomstorget"]
    assert ungdom["beviljat"] == "2990"  # 2 990 000 kr granted
    with (tmp_path / "uppfoljning" / "uppfoljning.csv").open(encoding="utf-8") as f:
        (fees,) = [r for r in csv.DictReader(f) if r["rad"] == "Intäkter, medlemsavgifter"]
    assert fees["utfall t.o.m. 2019-08-31"] == "8588"  # 8 587 500: three quarters of 11 450 000
