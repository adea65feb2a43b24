"""Insatser: grants declared in the ledger, their use, forecast, return and ceiling."""

from __future__ import annotations

import csv
import datetime
from decimal import Decimal
from pathlib import Path

from beancount.core import data

from finsam_accounts import domain
from finsam_accounts.followup import insatser
from finsam_accounts.followup.columns import follow_up
from finsam_accounts.ledger import load_string

OPTIONS = 'option "name_expenses" "Kostnader"\noption "name_assets" "Tillgångar"\n'

LEDGER = OPTIONS + """
2018-01-01 open Kostnader:Insatser:Torget SEK
2018-01-01 open Kostnader:Insatser:TorgetExtra SEK
2018-01-01 open Tillgångar:Bank SEK
2018-11-30 custom "insats" "Torget" "Dnr 2018/12" 2019-01-01 2020-06-30 1200000.00 SEK
  konton: "Kostnader:Insatser:Torget"
2019-01-01 custom "budget" Kostnader:Insatser:Torget "yearly" 600000.00 SEK
2020-01-01 custom "budget" Kostnader:Insatser:Torget "yearly" 720000.00 SEK
2018-12-20 * "före perioden"
  Kostnader:Insatser:Torget  50000.00 SEK
  Tillgångar:Bank
2019-03-31 * "värden"
  Kostnader:Insatser:Torget  300000.00 SEK
  Tillgångar:Bank
2019-09-30 * "värden"
  Kostnader:Insatser:Torget  310000.00 SEK
  Tillgångar:Bank
2019-09-30 * "annan insats med samma namnbörjan"
  Kostnader:Insatser:TorgetExtra  99999.00 SEK
  Tillgångar:Bank
2020-03-31 * "värden"
  Kostnader:Insatser:Torget  249420.00 SEK
  Tillgångar:Bank
2020-08-15 * "efter perioden"
  Kostnader:Insatser:Torget  7000.00 SEK
  Tillgångar:Bank
"""


def load(text: str) -> tuple[list[data.Directive], dict[str, object]]:
    loaded = load_string(text)
    entries, errors, options = loaded.entries, loaded.errors, loaded.options
    assert errors == []
    return entries, options


def usage_at(text: str, date: datetime.date) -> insatser.Usage:
    entries, options = load(text)
    books = domain.of(entries, options)
    (found,) = insatser.usages(books, follow_up(books, date))
    return found


def test_insats_spanning_two_years_mid_way() -> None:
    found = usage_at(LEDGER, datetime.date(2020, 3, 31))
    assert found.used_year == Decimal("249420.00")
    assert found.used_total == Decimal("300000.00") + Decimal("310000.00") + Decimal("249420.00")
    assert found.remaining == Decimal("1200000.00") - Decimal("859420.00")
    assert found.to_return is None
    # The period ends in June: forecast = use so far + the 2020 budget of April-June
    # (720 000 / 12 * 3 = 180 000).
    assert found.forecast == Decimal("859420.00") + Decimal("180000.00")
    assert found.forecast_until == datetime.date(2020, 6, 30)


def test_insats_at_its_end_returns_the_unused_grant() -> None:
    found = usage_at(LEDGER, datetime.date(2020, 12, 31))
    # Postings before and after the period, and on the sibling account, do not count.
    assert found.used_total == Decimal("859420.00")
    assert found.to_return == Decimal("340580.00")
    assert found.forecast == Decimal("859420.00")


def test_insats_in_its_first_year_forecasts_with_the_year_budget() -> None:
    found = usage_at(LEDGER, datetime.date(2019, 8, 31))
    assert found.used_total == found.used_year == Decimal("300000.00")
    # Default forecast of the account: 300 000 + (600 000 − 8/12 of it) = 500 000.
    assert found.forecast == Decimal("500000.00")


def test_insats_over_its_ceiling_is_warned() -> None:
    text = LEDGER.replace("1200000.00 SEK", "800000.00 SEK")
    entries, options = load(text)
    (warning,) = insatser.warnings(domain.of(entries, options))
    assert warning.startswith("insatsen Torget (Dnr 2018/12) har förbrukat 859\u00a0420,00 kr")
    assert "med 59\u00a0420,00 kr" in warning
    entries, options = load(LEDGER)
    assert insatser.warnings(domain.of(entries, options)) == []


def test_insats_declaration_errors_reach_the_plugin() -> None:
    text = 'plugin "finsam_accounts.plugin"\n' + OPTIONS + """
2018-01-01 open Kostnader:A SEK
2018-01-01 custom "insats" "A" "" 2019-01-01 2019-12-31 10.00 SEK
  konton: "Kostnader:A"
2018-01-02 custom "insats" "B" "" 2019-06-01 2020-12-31 10.00 SEK
  konton: "Kostnader:A"
2018-01-03 custom "insats" "C" "" 2019-06-01 2018-12-31 10.00 SEK
  konton: "Kostnader:A"
2018-01-04 custom "insats" "D" "" 2019-01-01 2019-12-31 10.00 SEK
2018-01-05 custom "insats" "E" "" 2019-01-01 2019-12-31 10.00 SEK
  konton: "Kostnader:Saknas"
"""
    loaded = load_string(text)
    _, errors, _ = loaded.entries, loaded.errors, loaded.options
    found = {e.source["lineno"]: e.message for e in errors if e.message.startswith("insatsen")}
    assert found == {
        8: "insatsen B och insatsen A (rad 6) har båda kontot Kostnader:A under överlappande "
        "perioder; förbrukningen skulle räknas två gånger",
        10: "insatsen C: slutdatum 2018-12-31 är före startdatum 2019-06-01",
        12: 'insatsen D saknar konton (metadata konton: "KONTO ...")',
        13: "insatsen E: kontot Kostnader:Saknas finns inte i kontoplanen",
    }


def test_insatser_command_on_the_example_books(tmp_path: Path) -> None:
    from finsam_accounts.cli import main

    assert main(["insatser", "2019-12-31", "--out", str(tmp_path)]) == 0
    with (tmp_path / "insatser.csv").open(encoding="utf-8") as handle:
        rows = {r["insats"]: r for r in csv.DictReader(handle)}
    # The published utfall/budget table: budget 2 990 000, utfall 2 813 036, diff 176 964.
    torget = rows["Ungdomstorget"]
    assert (torget["beviljat"], torget["förbrukat totalt"]) == ("2990000", "2813036")
    assert torget["att återbetala"] == "176964"
    # Over its grant by 10 081 kr: nothing to return.
    unga = rows["De sammanhållna insatserna för unga"]
    assert (unga["kvar"], unga["att återbetala"]) == ("-10081", "0")
    assert len(rows) == 10
