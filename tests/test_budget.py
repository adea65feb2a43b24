from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from beancount import loader
from beancount.core import data

from finsam_accounts.budget import (
    BudgetError,
    budget_between,
    budget_for_year,
    equity_budget,
    parse_budgets,
)

LEDGER = """
2019-01-01 open Expenses:Kansli SEK
2019-01-01 open Income:Avgifter SEK
2019-01-01 custom "budget" Expenses:Kansli "yearly" 100000.00 SEK
2019-07-01 custom "budget" Expenses:Kansli "monthly" 10000.00 SEK
2019-01-01 custom "budget" Income:Avgifter "quarterly" -1000.00 SEK
2019-01-01 custom "budget-eget-kapital" 750000.00 SEK
"""


def load(text: str) -> list[data.Directive]:
    entries, errors, _ = loader.load_string(text)
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
    assert equity_budget(entries, 2019) == Decimal("750000.00")
    assert equity_budget(entries, 2018) is None


def test_unknown_period_is_an_error_with_source() -> None:
    text = (
        "2019-01-01 open Expenses:A SEK\n"
        '2019-01-01 custom "budget" Expenses:A "daily" 1.00 SEK\n'
    )
    with pytest.raises(BudgetError) as info:
        parse_budgets(load(text))
    assert "okänd budgetperiod" in info.value.message
    assert info.value.source["lineno"] == 2
