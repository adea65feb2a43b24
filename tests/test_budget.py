from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from beancount.core import data

from finsam_accounts.budget import (
    adopted_for_year,
    budget_between,
    budget_for_year,
    budget_to_date,
    forecasts_at,
    monthly_budget,
    parse,
    parse_budgets,
    parse_forecasts,
    revised_for_year,
    spread,
)
from finsam_accounts.budget import errors as budget_errors
from finsam_accounts.errors import ReportError
from finsam_accounts.ledger import load_string

LEDGER = """
2019-01-01 open Expenses:Kansli SEK
2019-01-01 open Income:Avgifter SEK
2019-01-01 custom "budget" Expenses:Kansli "yearly" 100000.00 SEK
2019-07-01 custom "budget" Expenses:Kansli "monthly" 10000.00 SEK
2019-01-01 custom "budget" Income:Avgifter "quarterly" -1000.00 SEK
2019-01-01 custom "budget-eget-kapital" 750000.00 SEK
"""


def load(text: str) -> list[data.Directive]:
    loaded = load_string(text)
    entries, errors, _ = loaded.entries, loaded.errors, loaded.options
    assert errors == []
    return entries


def test_year_budget_with_revision() -> None:
    budgets = parse_budgets(load(LEDGER))
    year = budget_for_year(budgets, 2019)
    # Six months of the yearly budget (exact in öre), then six months of 10 000.
    assert year["Expenses:Kansli"] == Decimal("50000.00") + Decimal("60000.00")
    assert year["Income:Avgifter"] == Decimal("-4000.00")


def test_months_add_up_exactly_in_ore() -> None:
    budgets = parse_budgets(load(LEDGER.replace("100000.00", "100000.01")))
    first_half = budget_between(budgets, datetime.date(2019, 1, 1), datetime.date(2019, 7, 1))
    months = [
        budget_between(budgets, datetime.date(2019, m, 1), datetime.date(2019, m + 1, 1))
        for m in range(1, 7)
    ]
    assert sum(m["Expenses:Kansli"] for m in months) == first_half["Expenses:Kansli"]
    assert first_half["Expenses:Kansli"] == Decimal("50000.01")


def test_no_budget_for_other_year_and_equity_budget() -> None:
    entries = load(LEDGER)
    assert budget_for_year(parse_budgets(entries), 2018) == {}
    equity = parse(entries)[0].equity  # Books.budgets.equity: budgeted equity per year end
    assert equity.get(2019) == Decimal("750000.00")
    assert equity.get(2018) is None


def test_unknown_period_is_an_error_with_source() -> None:
    text = (
        "2019-01-01 open Expenses:A SEK\n"
        '2019-01-01 custom "budget" Expenses:A "daily" 1.00 SEK\n'
    )
    with pytest.raises(ReportError) as info:
        parse_budgets(load(text))
    [error] = info.value.errors
    assert "okänd budgetperiod" in error.message
    assert error.source["lineno"] == 2


# --------------------------------------------------------- profiles, revisions, forecasts

PROFILED = """
2019-01-01 open Expenses:Loner SEK
2019-01-01 open Income:Avgifter SEK
2019-01-01 open Expenses:Insats SEK
2019-01-01 custom "budgetprofil" Expenses:Loner 8 8 8 8 8 8 4 8 8 8 8 8
2019-01-01 custom "budgetprofil" Income:Avgifter "kvartal"
2019-01-01 custom "budget" Expenses:Loner "yearly" 920000.00 SEK
2019-01-01 custom "budget" Income:Avgifter "yearly" -1000000.00 SEK
2019-01-01 custom "budget" Expenses:Insats "yearly" 120000.00 SEK
2019-07-01 custom "budget" Expenses:Insats "yearly" 180000.00 SEK
2019-03-31 custom "prognos" Expenses:Insats 150000.00 SEK "första prognosen"
2019-08-31 custom "prognos" Expenses:Insats 170000.00 SEK "värden hämtar in"
2019-09-30 custom "prognos" Expenses:Insats 190000.00 SEK "efter uppföljningen"
2018-12-31 custom "prognos" Expenses:Loner 1.00 SEK "förra året"
"""


def test_twelve_weight_profile_with_a_july_dip() -> None:
    budgets = parse_budgets(load(PROFILED))
    months = monthly_budget(budgets, "Expenses:Loner", 2019)
    # 920 000 over weights summing to 92: 80 000 a month, July (weight 4) 40 000.
    assert months == [Decimal("80000.00")] * 6 + [Decimal("40000.00")] + [
        Decimal("80000.00")
    ] * 5
    # January-August: seven full months and the July dip.
    to_date = budget_to_date(budgets, datetime.date(2019, 8, 31))
    assert to_date["Expenses:Loner"] == Decimal("600000.00")


def test_quarterly_profile_puts_the_quarter_in_its_first_month() -> None:
    budgets = parse_budgets(load(PROFILED))
    months = monthly_budget(budgets, "Income:Avgifter", 2019)
    assert months is not None
    assert months[0] == months[3] == months[6] == months[9] == Decimal("-250000.00")
    assert months[1] == months[2] == months[11] == Decimal("0.00")
    to_date = budget_to_date(budgets, datetime.date(2019, 5, 31))
    assert to_date["Income:Avgifter"] == Decimal("-500000.00")


def test_mid_year_revision_keeps_the_past_and_spreads_the_rest() -> None:
    budgets = parse_budgets(load(PROFILED))
    assert adopted_for_year(budgets, 2019)["Expenses:Insats"] == Decimal("120000.00")
    august = datetime.date(2019, 8, 31)
    assert revised_for_year(budgets, 2019, august)["Expenses:Insats"] == Decimal("180000.00")
    # Jan-Jun at 10 000 (adopted 120 000 / 12); the remaining 120 000 over Jul-Dec, 20 000.
    assert budget_to_date(budgets, august)["Expenses:Insats"] == Decimal("100000.00")
    # Before the revision the follow-up still sees the adopted budget.
    june = datetime.date(2019, 6, 30)
    assert revised_for_year(budgets, 2019, june)["Expenses:Insats"] == Decimal("120000.00")
    assert budget_to_date(budgets, june)["Expenses:Insats"] == Decimal("60000.00")
    assert budget_for_year(budgets, 2019)["Expenses:Insats"] == Decimal("180000.00")


def test_revision_dated_mid_month_applies_from_the_next_month() -> None:
    text = PROFILED.replace(
        '2019-07-01 custom "budget" Expenses:Insats', '2019-06-20 custom "budget" Expenses:Insats'
    )
    budgets = parse_budgets(load(text))
    months = monthly_budget(budgets, "Expenses:Insats", 2019)
    assert months == [Decimal("10000.00")] * 6 + [Decimal("20000.00")] * 6


def test_latest_manual_forecast_on_or_before_the_date_wins() -> None:
    forecasts = parse_forecasts(load(PROFILED))
    found = forecasts_at(forecasts, datetime.date(2019, 8, 31))
    assert found["Expenses:Insats"].amount == Decimal("170000.00")
    assert found["Expenses:Insats"].comment == "värden hämtar in"
    assert "Expenses:Loner" not in found  # the 2018 forecast is another year's
    assert forecasts_at(forecasts, datetime.date(2019, 3, 1)) == {}


def test_spread_is_exact_and_symmetric_in_sign() -> None:
    parts = spread(Decimal("100.00"), [Decimal(1)] * 3)
    assert parts == [Decimal("33.33"), Decimal("33.34"), Decimal("33.33")]
    assert spread(Decimal("-100.00"), [Decimal(1)] * 3) == [-p for p in parts]


def test_budget_directive_errors_point_at_their_lines() -> None:
    text = (
        "2019-01-01 open Expenses:A SEK\n"  # 1
        '2019-01-01 custom "budget" Expenses:Saknas "yearly" 1.00 SEK\n'  # 2
        '2019-01-01 custom "budget" Expenses:A "yearly" 1.00 EUR\n'  # 3
        '2019-01-01 custom "budgetprofil" Expenses:A "varannan"\n'  # 4
        '2019-01-01 custom "budgetprofil" Expenses:A 1 2 3\n'  # 5
        '2019-01-01 custom "budgetprofil" Expenses:A "kvartal"\n'  # 6
        '2019-02-01 custom "budgetprofil" Expenses:A "jämn"\n'  # 7
        '2019-03-31 custom "prognos" Expenses:A "mycket"\n'  # 8
        '2019-03-31 custom "prognos" Expenses:A 5.00 SEK "ok"\n'  # 9
    )
    loaded = load_string(text)
    entries, _, _ = loaded.entries, loaded.errors, loaded.options
    found = {e.source["lineno"]: e.message for e in budget_errors(entries)}
    assert sorted(found) == [2, 3, 4, 5, 7, 8]
    assert "Expenses:Saknas, som inte finns i kontoplanen" in found[2]
    assert "EUR" in found[3]
    assert "okänd budgetprofil" in found[4]
    assert "tolv vikter" in found[5]
    assert "redan en budgetprofil 2019" in found[7]
    assert "prognosen ska vara" in found[8]


def test_plugin_reports_budget_errors() -> None:
    text = (
        'plugin "finsam_accounts.plugin"\n'
        '2019-01-01 custom "budget" Kostnader:Saknas "yearly" 1.00 SEK\n'
    )
    loaded = load_string(text)
    _, load_errors, _ = loaded.entries, loaded.errors, loaded.options
    assert any("Kostnader:Saknas, som inte finns i kontoplanen" in e.message
               for e in load_errors)
