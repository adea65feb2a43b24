"""The follow-up's rows on real books: one row per label, financial items on their own."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from finsam_accounts import books as books_module
from finsam_accounts.followup.report import build
from finsam_accounts.ledger import Ledger, load_string

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
  Tillgångar:Bank  250.40 SEK
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

AUGUST = datetime.date(2019, 8, 31)
ACTUAL = "utfall t.o.m. 2019-08-31"


def ledger() -> Ledger:
    loaded = load_string(BOOKS)
    assert loaded.errors == []
    return loaded


def tables() -> dict[str, list[dict[Any, Any]]]:
    loaded = ledger()
    report = build(loaded.entries, books_module.of(loaded.entries, loaded.options), AUGUST)
    return {s.key: s.table.to_dict("records") for s in report.sections}


def test_financial_income_with_an_income_rubrik_is_one_row() -> None:
    rows = tables()["uppfoljning"]
    income = [r for r in rows if r["rad"] == "Övriga intäkter"]
    assert len(income) == 1
    # 1 000 (3990) + 250,40 (8310): one row, the sum of both accounts.
    assert income[0][ACTUAL] == Decimal(1250)
    assert income[0]["budget 2019"] == Decimal(2000)
    by_label = {r["rad"]: r for r in rows if r["avsnitt"] != r["rad"]}
    assert by_label["Övrig administration"][ACTUAL] == Decimal(-20067)  # 20 000 + 67,30
    totals = {r["rad"]: r[ACTUAL] for r in rows}
    # Income − costs = result: 501 250,40 − 20 067,30 = 481 183,10.
    assert totals["Totala intäkter"] == Decimal(501250)
    assert totals["Totala kostnader"] == Decimal(-20067)
    assert totals["RESULTAT"] == Decimal(481183)


def test_result_per_activity_shows_the_financial_items() -> None:
    rows = {r["rad"]: r for r in tables()["prognos_verksamhet"]}
    assert list(rows) == ["Bidrag/intäkt SAMO", "Verksamhetens kostnader SAMO",
                          "Finansiella poster SAMO", "Resultat SAMO"]
    assert rows["Bidrag/intäkt SAMO"][ACTUAL] == Decimal(501000)
    assert rows["Verksamhetens kostnader SAMO"][ACTUAL] == Decimal(-20000)
    assert rows["Finansiella poster SAMO"][ACTUAL] == Decimal(183)  # 250,40 − 67,30
    assert rows["Resultat SAMO"][ACTUAL] == Decimal(481183)
    for column in ("budget 2019", ACTUAL, "prognos helår 2019"):
        parts = sum(rows[r][column] for r in list(rows)[:3])
        assert abs(parts - rows["Resultat SAMO"][column]) <= 1, column
