"""Each reconciliation fails, naming the figures, on a deliberately broken ledger or spec."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_statements_fixtures import FULL, altered_spec, load_ledger

from finsam_accounts.statements.annual_report import statements
from finsam_accounts.statements.reconcile import ReconciliationError
from finsam_accounts.statements.spec import Specification, load_spec

NBSP = "\u00a0"


def problems(tmp_path: Path, spec: Specification, body: str = FULL) -> list[str]:
    ledger = load_ledger(tmp_path, body)
    with pytest.raises(ReconciliationError) as caught:
        statements(spec, ledger.entries, ledger.options, 2019)
    return [p.replace(NBSP, " ") for p in caught.value.problems]


def test_the_example_passes(tmp_path: Path) -> None:
    ledger = load_ledger(tmp_path)
    assert set(statements(load_spec(), ledger.entries, ledger.options, 2019)) >= {
        "resultatrakning", "balansrakning", "kassaflodesanalys", "utfall_budget",
    }


def test_balance_sheet_that_does_not_balance(tmp_path: Path) -> None:
    spec = altered_spec(
        'sum = ["fordringar", "kassa_och_bank"]', 'sum = ["fordringar"]'
    )
    assert problems(tmp_path, spec) == [
        "Balansräkningen balanserar inte 2019-12-31: tillgångar 0,00 ≠ eget kapital, "
        "avsättningar och skulder 1 259,76",
        "Balansräkningen balanserar inte 2018-12-31: tillgångar 100,00 ≠ eget kapital, "
        "avsättningar och skulder 1 600,00",
    ]


OUTSIDE_THE_STATEMENTS = """
2018-01-01 open Kostnader:SAMO:Okänt SEK
  nr: "9100"
  verksamhet: "SAMO"
2019-09-01 * "Okänt"
  Kostnader:SAMO:Okänt  12.34 SEK
  Tillgångar:Bank
"""


def test_result_that_is_not_the_change_in_equity(tmp_path: Path) -> None:
    # An account numbered outside every statement: the ledger's equity moves, the result not.
    found = problems(tmp_path, load_spec(), FULL + OUTSIDE_THE_STATEMENTS)
    assert (
        "Årets resultat 2019 −40,24 ≠ förändringen av eget kapital −52,58 "
        "(1 300,00 → 1 247,42)" in found
    )
    assert "Eget kapital i balansräkningen 2019-12-31 1 259,76 ≠ bokfört eget kapital 1 247,42" in (
        found
    )
    assert any(p.startswith("Balansräkningen balanserar inte 2019-12-31") for p in found)


def test_income_statement_that_leaves_out_a_line(tmp_path: Path) -> None:
    spec = altered_spec(
        'sum = ["nettokostnad", "finansiella_intakter", "finansiella_kostnader"]',
        'sum = ["nettokostnad", "finansiella_intakter"]',
    )
    found = problems(tmp_path, spec)
    assert found[0] == (
        "Årets resultat 2019 −39,75 ≠ förändringen av eget kapital −40,24 (1 300,00 → 1 259,76)"
    )


def test_cash_flow_that_is_not_the_change_in_liquid_funds(tmp_path: Path) -> None:
    spec = altered_spec(
        'sum = ["medel_fore_rorelsekapital", "fordringar", "skulder"]',
        'sum = ["medel_fore_rorelsekapital", "fordringar"]',
    )
    assert problems(tmp_path, spec) == [
        "Kassaflödesanalysen 2019: årets kassaflöde 59,76 ≠ förändringen av likvida medel "
        "−240,24 (1 500,00 → 1 259,76)",
        "Kassaflödesanalysen 2018: årets kassaflöde 200,00 ≠ förändringen av likvida medel "
        "500,00 (1 000,00 → 1 500,00)",
    ]


def test_budget_table_that_does_not_add_up_to_the_result(tmp_path: Path) -> None:
    spec = altered_spec(
        'sum = ["insatser_hfe", "kansli_hfe"]', 'sum = ["insatser_hfe"]'
    )
    assert problems(tmp_path, spec) == [
        "Sammanställningen över utfall och budget 2019: totala intäkter och kostnader 9,76 ≠ "
        "årets resultat i resultaträkningen −40,24",
        "Sammanställningen över utfall och budget 2019: RESULTAT 9,76 ≠ årets resultat i "
        "resultaträkningen −40,24",
    ]
