"""The engine on a small inline ledger: exact values, rounding once, expansion, coverage."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from test_statements_fixtures import (
    BUDGET_2019,
    CHART,
    FULL,
    YEAR_2018,
    YEAR_2019,
    altered_spec,
    load_ledger,
)

from finsam_accounts.errors import ReportError
from finsam_accounts.ledger import Ledger
from finsam_accounts.statements.annual_report import statements
from finsam_accounts.statements.engine import present
from finsam_accounts.statements.request import Request
from finsam_accounts.statements.spec import Specification, load_spec

D = Decimal


@pytest.fixture(scope="module")
def spec() -> Specification:
    return load_spec()


def frames(tmp_path: Path, spec: Specification, body: str = FULL, year: int = 2019) -> dict[
    str, pd.DataFrame
]:
    ledger: Ledger = load_ledger(tmp_path, body)
    return statements(spec, ledger.books, year)


def test_income_statement_exact_in_ore(tmp_path: Path, spec: Specification) -> None:
    rr = frames(tmp_path, spec)["resultatrakning"]
    assert rr.loc["intakter_samo", "ar"] == D("610.50")
    assert rr.loc["kostnader_samo", "ar"] == D("-600.25")
    assert rr.loc["kostnader_hfe", "ar"] == D("-50.00")
    assert rr.loc["finansiella_kostnader", "ar"] == D("-0.49")
    assert rr.loc["nettokostnad", "ar"] == D("-39.75")
    assert rr.loc["arets_resultat", "ar"] == D("-40.24")
    assert rr.loc["arets_resultat", "foregaende"] == D("300.00")
    assert rr.loc["intakter_samo", "not"] == "1"


def test_each_figure_rounded_once_from_the_exact_value(tmp_path: Path, spec: Specification) -> None:
    statement = spec.statement("resultatrakning")
    shown = present(statement, Request.annual(2019), frames(tmp_path, spec)["resultatrakning"])
    # 610.50 rounds half away from zero; the sum −39.75 − 0.49 = −40.24 rounds to −40 although
    # its rounded terms (−40 and 0) happen to agree; −0.49 shows as 0.
    assert shown.loc["intakter_samo", "2019"] == D("611")
    assert shown.loc["finansiella_kostnader", "2019"] == D("0")
    assert shown.loc["nettokostnad", "2019"] == D("-40")
    assert shown.loc["arets_resultat", "2019"] == D("-40")


def test_balance_sheet_brings_the_opening_voucher_forward(
    tmp_path: Path, spec: Specification
) -> None:
    br = frames(tmp_path, spec)["balansrakning"]
    # The A1 opening voucher on 2018-01-01 is the equity brought in, not a 2018 movement.
    assert br.loc["ovrigt_eget_kapital", "foregaende"] == D("1000.00")
    assert br.loc["ovrigt_eget_kapital", "ar"] == D("1300.00")
    assert br.loc["arets_resultat_samo", "ar"] == D("9.76")
    assert br.loc["arets_resultat_hfe", "ar"] == D("-50.00")
    assert br.loc["summa_eget_kapital", "ar"] == D("1259.76")
    assert br.loc["summa_tillgangar", "ar"] == D("1259.76")
    kf = frames(tmp_path, spec)["kassaflodesanalys"]
    assert kf.loc["likvida_medel_borjan", "foregaende"] == D("1000.00")
    assert kf.loc["arets_kassaflode", "foregaende"] == D("500.00")


def test_notes_expand_by_rubrik_in_account_order(tmp_path: Path, spec: Specification) -> None:
    not1 = frames(tmp_path, spec)["not1_intakter_samo"]
    assert list(not1["rad"]) == ["Driftbidrag från staten", "Övriga intäkter", "Summa"]
    assert list(not1["ar"]) == [D("600.50"), D("10.00"), D("610.50")]
    not4 = frames(tmp_path, spec)["not4_kortfristiga_skulder"]
    # Shown because it has a balance in the previous year, though none this year.
    assert list(not4["rad"]) == ["Leverantörsskulder", "Summa"]
    assert list(not4["ar"]) == [D("0.00"), D("0.00")]
    assert list(not4["foregaende"]) == [D("300.00"), D("300.00")]


def test_budget_only_line_and_differences(tmp_path: Path, spec: Specification) -> None:
    ub = frames(tmp_path, spec)["utfall_budget"]
    values = ["utfall", "budget", "differens"]
    social = ub[ub["rad"] == "Social redovisning"]
    assert social.index.tolist() == ["verksamhetsnara_rader_samo.1"]
    assert list(social[values].iloc[0]) == [D("0"), D("-50.00"), D("50.00")]
    assert list(ub.loc["resultat", values]) == [D("-40.24"), D("-200.00"), D("159.76")]


def test_operating_statement_budget_and_equity_budget(tmp_path: Path, spec: Specification) -> None:
    drift = frames(tmp_path, spec)["driftsredovisning"]
    assert drift.loc["eget_kapital", "utfall"] == D("1259.76")
    assert drift.loc["eget_kapital", "budget"] == D("1000.00")
    assert drift.loc["eget_kapital", "avvikelse"] == D("259.76")
    assert drift.loc["likvida_medel", "budget"] is None
    assert drift.loc["likvida_medel", "avvikelse"] is None
    assert drift.loc["resultat_samo", "utfall"] == D("9.76")


def test_year_without_previous_year_has_empty_comparison(
    tmp_path: Path, spec: Specification
) -> None:
    result = frames(tmp_path, spec, year=2018)
    rr, br = result["resultatrakning"], result["balansrakning"]
    assert rr.loc["arets_resultat", "ar"] == D("300.00")
    assert rr["foregaende"].isna().all()
    # The first year's comparison is the opening balance sheet (2017-12-31).
    assert br.loc["kassa_och_bank", "foregaende"] == D("1000.00")
    assert br.loc["ovrigt_eget_kapital", "foregaende"] == D("1000.00")
    assert br.loc["arets_resultat_samo", "foregaende"] == D("0")
    assert br.loc["summa_eget_kapital_och_skulder", "foregaende"] == D("1000.00")
    assert result["utfall_budget"]["budget"].isna().all()


def test_year_without_budget_has_empty_budget_columns(tmp_path: Path, spec: Specification) -> None:
    result = frames(tmp_path, spec, body=CHART + YEAR_2018 + YEAR_2019)
    ub, drift = result["utfall_budget"], result["driftsredovisning"]
    assert ub["budget"].isna().all() and ub["differens"].isna().all()
    assert drift["budget"].isna().all()
    assert "Social redovisning" not in set(ub["rad"])  # no budget, no postings: not shown


def test_year_without_transactions_is_an_error(tmp_path: Path, spec: Specification) -> None:
    with pytest.raises(ReportError) as caught:
        frames(tmp_path, spec, year=2020)
    assert [e.message for e in caught.value.errors] == [
        "2020 ligger inte i bokföringens räkenskapsår (2018, 2019)"
    ]


UNCOVERED = """
2018-01-01 open Kostnader:SAMO:Övrigt SEK
  nr: "4811"
  verksamhet: "SAMO"
2019-09-01 * "Övrigt"
  Kostnader:SAMO:Övrigt  5.00 SEK
  Tillgångar:Bank
"""


def test_uncovered_account_is_named(tmp_path: Path, spec: Specification) -> None:
    body = FULL + UNCOVERED.replace('"4811"', '"9111"')
    with pytest.raises(ReportError) as caught:
        frames(tmp_path, spec, body=body)
    text = (tmp_path / "main.beancount").read_text(encoding="utf-8").splitlines()
    line = text.index("2018-01-01 open Kostnader:SAMO:Övrigt SEK") + 1
    assert [(e.source["lineno"], e.message) for e in caught.value.errors] == [
        (line, "konto 9111 (Kostnader:SAMO:Övrigt) har belopp men kontonumret ligger utanför "
         "räkenskapernas kontointervall (1000–8999); byt kontonummer")
    ]


def test_budget_alone_makes_an_account_need_a_line(tmp_path: Path, spec: Specification) -> None:
    budget_only = UNCOVERED.split("2019-09-01")[0] + (
        '2019-01-01 custom "budget" Kostnader:SAMO:Övrigt "yearly" 9.00 SEK\n'
    )
    spec = altered_spec('accounts = ["4000-4599", "4700-4999"]',
                        'accounts = ["4000-4599", "4700-4799"]')
    with pytest.raises(ReportError) as caught:
        frames(tmp_path, spec, body=FULL + budget_only)
    assert [e.message for e in caught.value.errors] == [
        "konto 4811 (Kostnader:SAMO:Övrigt) har belopp som ingen rad i Sammanställning över "
        "utfall och budget tar med (se docs/statements.md)"
    ]


def test_doubly_covered_account_is_named(tmp_path: Path) -> None:
    overlapping = altered_spec(
        'id = "avskrivningar"\nlabel = "Avskrivningar"\naccounts = ["6800-6899", "7800-7899"]',
        'id = "avskrivningar"\nlabel = "Avskrivningar"\naccounts = ["5000-5099"]',
    )
    with pytest.raises(ReportError) as caught:
        frames(tmp_path, overlapping)
    assert [e.message for e in caught.value.errors] == [
        "konto 5021 (Kostnader:SAMO:Löner) har belopp som flera rader i Resultaträkning tar "
        "med: kostnader_samo, avskrivningar",
        "konto 5022 (Kostnader:HFE:Löner) har belopp som flera rader i Resultaträkning tar "
        "med: kostnader_hfe, avskrivningar",
    ]


def test_account_without_number_is_an_error(tmp_path: Path, spec: Specification) -> None:
    body = FULL + (
        "2018-01-01 open Tillgångar:Kassa SEK\n"
        '2019-09-01 * "Kassa"\n  Tillgångar:Kassa  1.00 SEK\n  Tillgångar:Bank\n'
    )
    with pytest.raises(ReportError, match="Tillgångar:Kassa har belopp men inget"):
        frames(tmp_path, spec, body=body)


@pytest.mark.parametrize("day", ["2019-01-01", "2019-06-30"])
def test_capital_movement_is_reported_as_such(
    tmp_path: Path, spec: Specification, day: str
) -> None:
    # A capital injection (unmarked, even on 1 January) is a movement of equity, not an
    # opening balance: its own line in the balance sheet, financing in the cash flow.
    body = FULL + (
        f'{day} * "Tillskott"\n  Tillgångar:Bank  7.00 SEK\n'
        "  Eget-kapital:Eget-kapital  -7.00 SEK\n"
    )
    result = frames(tmp_path, spec, body=body)
    br, kf = result["balansrakning"], result["kassaflodesanalys"]
    assert br.loc["ovrigt_eget_kapital", "ar"] == D("1300.00")
    assert br.loc["kapitalrorelser", "ar"] == D("7.00")
    assert br.loc["summa_eget_kapital", "ar"] == D("1266.76")  # 1300 − 40.24 + 7
    assert kf.loc["finansieringsverksamhet", "ar"] == D("7.00")
    assert kf.loc["arets_kassaflode", "ar"] == D("-233.24")  # −240.24 + 7
    assert "kapitalrorelser" not in frames(tmp_path, spec)["balansrakning"].index


def test_no_2018_means_no_comparison_for_2019(tmp_path: Path, spec: Specification) -> None:
    opening = YEAR_2018.split("2018-03-01")[0].replace("2018-01-01 *", "2019-01-01 *")
    result = frames(tmp_path, spec, body=CHART + opening + YEAR_2019 + BUDGET_2019)
    assert result["resultatrakning"]["foregaende"].isna().all()
    assert result["kassaflodesanalys"].loc["likvida_medel_borjan", "ar"] == D("1000.00")
