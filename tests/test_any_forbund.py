"""The statements of a förbund unlike the example: two projects with other codes, a fixed
asset and its depreciation, interest income, opening balances in both styles, capital
movements and a period that is not a calendar year.

Every expected figure is worked out by hand below from the vouchers of the inline ledger
(kr, beancount signs turned into the statements' signs).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from finsam_accounts.ledger import Ledger, load
from finsam_accounts.periods import Period
from finsam_accounts.statements.annual_report import Statements, annual, compute
from finsam_accounts.statements.request import Request

D = Decimal

HEADER = """\
option "title" "Samordningsförbundet Testbygd"
option "operating_currency" "SEK"
option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"
plugin "finsam_accounts.plugin"
2022-01-01 custom "räkenskapsår" 2022
2023-01-01 custom "räkenskapsår" 2023
2022-01-01 custom "verksamhet" "SAMO" "Samordningsförbundet Testbygd" "förbund"
2022-01-01 custom "verksamhet" "ESFV" "Vägen vidare (ESF)" "projekt"
2022-01-01 custom "verksamhet" "NYST" "Nystart (ESF)" "projekt"
"""

CHART = """
2021-01-01 open Tillgångar:Dator SEK
  nr: "1220"
  rubrik: "Inventarier"
2021-01-01 open Tillgångar:Förutbetalt SEK
  nr: "1790"
  rubrik: "Förutbetalda kostnader"
2021-01-01 open Tillgångar:Bank SEK
  nr: "1930"
2021-01-01 open Eget-kapital:Eget-kapital SEK
  nr: "2010"
2021-01-01 open Skulder:Leverantörsskulder SEK
  nr: "2440"
  rubrik: "Leverantörsskulder"
2021-01-01 open Intäkter:SAMO:Staten SEK
  nr: "3510"
  verksamhet: "SAMO"
  rubrik: "Driftbidrag från staten"
2021-01-01 open Intäkter:SAMO:Ränta SEK
  nr: "8410"
  verksamhet: "SAMO"
  rubrik: "Ränteintäkter"
2021-01-01 open Intäkter:ESFV:ESF SEK
  nr: "3560"
  verksamhet: "ESFV"
  rubrik: "EU-medel"
2021-01-01 open Intäkter:NYST:ESF SEK
  nr: "3561"
  verksamhet: "NYST"
  rubrik: "EU-medel"
2021-01-01 open Kostnader:SAMO:Insats SEK
  nr: "4610"
  verksamhet: "SAMO"
  rubrik: "Insats A"
2021-01-01 open Kostnader:SAMO:Hyra SEK
  nr: "6110"
  verksamhet: "SAMO"
  rubrik: "Lokal"
2021-01-01 open Kostnader:SAMO:Avskrivning SEK
  nr: "DEPRECIATION"
  verksamhet: "SAMO"
  rubrik: "Avskrivningar"
2021-01-01 open Kostnader:ESFV:Lön SEK
  nr: "5020"
  verksamhet: "ESFV"
  rubrik: "Projektpersonal"
2021-01-01 open Kostnader:NYST:Insats SEK
  nr: "4620"
  verksamhet: "NYST"
  rubrik: "Nystartsinsats"
"""

# Opening balances: bank 100 000, supplier debt 20 000, equity 80 000.
OPENING_DAY_BEFORE = """
2021-12-31 * "Ingående balans"
  ver: "IB1"
  Tillgångar:Bank  100000.00 SEK
  Skulder:Leverantörsskulder  -20000.00 SEK
  Eget-kapital:Eget-kapital  -80000.00 SEK
"""
OPENING_MARKED = OPENING_DAY_BEFORE.replace("2021-12-31 *", "2022-01-01 *").replace(
    '  ver: "IB1"\n', '  ver: "IB1"\n  ib: TRUE\n'
)

YEAR_2022 = """
2022-01-20 * "Leverantör" "Betalning av skuld från 2021"
  ver: "B1"
  Skulder:Leverantörsskulder  20000.00 SEK
  Tillgångar:Bank
2022-02-01 * "Försäkringskassan" "Medlemsavgift"
  ver: "B2"
  Tillgångar:Bank  500000.00 SEK
  Intäkter:SAMO:Staten
2022-03-01 * "ESF-rådet" "Projektmedel"
  ver: "B3"
  Tillgångar:Bank  90000.00 SEK
  Intäkter:ESFV:ESF  -60000.00 SEK
  Intäkter:NYST:ESF  -30000.00 SEK
2022-04-01 * "Kommunen" "Insats"
  ver: "B4"
  Kostnader:SAMO:Insats  300000.00 SEK
  Tillgångar:Bank
2022-05-01 * "Löner" "Projektlön"
  ver: "B5"
  Kostnader:ESFV:Lön  55000.00 SEK
  Tillgångar:Bank
2022-05-02 * "Kommunen" "Nystart"
  ver: "B6"
  Kostnader:NYST:Insats  25000.00 SEK
  Tillgångar:Bank
2022-07-01 * "Datorbutiken" "Dator"
  ver: "B7"
  Tillgångar:Dator  60000.00 SEK
  Tillgångar:Bank
2022-09-30 * "Banken" "Ränta"
  ver: "B8"
  Tillgångar:Bank  250.00 SEK
  Intäkter:SAMO:Ränta
2022-12-01 * "Hyresvärden" "Hyra december och förskott januari"
  ver: "B9"
  Kostnader:SAMO:Hyra  8000.00 SEK
  Tillgångar:Förutbetalt  8000.00 SEK
  Tillgångar:Bank
2022-12-31 * "Avskrivning dator 2022"
  ver: "A1"
  Kostnader:SAMO:Avskrivning  10000.00 SEK
  Tillgångar:Dator
"""

YEAR_2023 = """
2023-01-01 * "Förskott januari"
  ver: "A1"
  Kostnader:SAMO:Hyra  8000.00 SEK
  Tillgångar:Förutbetalt
2023-01-01 * "Kommunen" "Kapitaltillskott"
  ver: "B1"
  Tillgångar:Bank  5000.00 SEK
  Eget-kapital:Eget-kapital
2023-03-01 * "Försäkringskassan" "Medlemsavgift"
  ver: "B2"
  Tillgångar:Bank  480000.00 SEK
  Intäkter:SAMO:Staten
2023-06-01 * "Kommunen" "Insats"
  ver: "B3"
  Kostnader:SAMO:Insats  200000.00 SEK
  Tillgångar:Bank
2023-10-01 * "Kommunen" "Insats"
  ver: "B4"
  Kostnader:SAMO:Insats  100000.00 SEK
  Skulder:Leverantörsskulder
2023-12-31 * "Avskrivning dator 2023"
  ver: "A2"
  Kostnader:SAMO:Avskrivning  20000.00 SEK
  Tillgångar:Dator
"""

BUDGET = """
2022-01-01 custom "budget" Intäkter:SAMO:Staten "yearly" -500000.00 SEK
2022-01-01 custom "budget" Kostnader:SAMO:Insats "yearly" 360000.00 SEK
2022-01-01 custom "budget" Intäkter:SAMO:Ränta "yearly" -120.00 SEK
"""


def write(tmp_path: Path, depreciation: str = "7830", opening: str = OPENING_DAY_BEFORE,
          extra: str = "") -> Path:
    path = tmp_path / "main.beancount"
    text = HEADER + CHART.replace("DEPRECIATION", depreciation) + opening + YEAR_2022 + \
        YEAR_2023 + BUDGET + extra
    path.write_text(text, encoding="utf-8")
    return path


def loaded(path: Path) -> Ledger:
    ledger = load(path)
    assert ledger.errors == []
    return ledger


def annual_of(path: Path, year: int) -> Statements:
    ledger = loaded(path)
    return annual(None, ledger.books, year)


# Hand figures 2022. Income: SAMO 500 000 (3510) + interest 250 (8410); ESFV 60 000;
# NYST 30 000. Costs: SAMO insats 300 000 + rent 8 000 (the other 8 000 prepaid);
# ESFV 55 000; NYST 25 000; depreciation 10 000.
# Result = 500 000 + 250 + 60 000 + 30 000 − 300 000 − 8 000 − 55 000 − 25 000 − 10 000
#        = 192 250.
# Bank: 100 000 − 20 000 + 500 000 + 90 000 − 300 000 − 55 000 − 25 000 − 60 000 + 250
#       − 16 000 = 214 250.
RESULT_2022 = D("192250.00")


@pytest.mark.parametrize("depreciation", ["6830", "7830"])
def test_depreciation_on_either_account_gives_the_same_cash_flow(
    tmp_path: Path, depreciation: str
) -> None:
    result = annual_of(write(tmp_path, depreciation), 2022)
    value = result.value
    assert value("resultatrakning", "avskrivningar", "ar") == D("-10000.00")
    assert value("resultatrakning", "kostnader_samo", "ar") == D("-308000.00")
    assert value("resultatrakning", "arets_resultat", "ar") == RESULT_2022
    assert value("kassaflodesanalys", "justering", "ar") == D("10000.00")
    assert value("kassaflodesanalys", "investeringsverksamhet", "ar") == D("-60000.00")
    # receivables (prepaid) +8 000 → −8 000; liabilities −20 000
    assert value("kassaflodesanalys", "fordringar", "ar") == D("-8000.00")
    assert value("kassaflodesanalys", "skulder", "ar") == D("-20000.00")
    assert value("kassaflodesanalys", "lopande_verksamhet", "ar") == D("174250.00")
    assert value("kassaflodesanalys", "arets_kassaflode", "ar") == D("114250.00")
    assert value("kassaflodesanalys", "likvida_medel_slut", "ar") == D("214250.00")
    assert value("balansrakning", "anlaggningstillgangar", "ar") == D("50000.00")


def test_interest_income_is_in_the_budget_table(tmp_path: Path) -> None:
    result = annual_of(write(tmp_path), 2022)
    rows = {(r.id, r.label): r.values for r in result.tables["utfall_budget"]}
    assert rows[("finansiella_intakter_samo.1", "Ränteintäkter")] == {
        "utfall": D("250.00"), "budget": D("120.00"), "differens": D("130.00")}
    assert result.value("utfall_budget", "intakter_samo", "utfall") == D("500250.00")
    assert result.value("utfall_budget", "resultat", "utfall") == RESULT_2022
    assert result.value("resultatrakning", "finansiella_intakter", "ar") == D("250.00")


def test_two_projects_are_reported_each_on_their_own(tmp_path: Path) -> None:
    result = annual_of(write(tmp_path), 2022)
    value = result.value
    assert value("resultatrakning", "intakter_esfv", "ar") == D("60000.00")
    assert value("resultatrakning", "intakter_nyst", "ar") == D("30000.00")
    assert value("driftsredovisning", "resultat_esfv", "utfall") == D("5000.00")
    assert value("driftsredovisning", "resultat_nyst", "utfall") == D("5000.00")
    assert value("balansrakning", "arets_resultat_samo", "ar") == D("182250.00")
    assert value("not2_intakter_esfv", "summa", "ar") == D("60000.00")
    assert value("not3_intakter_nyst", "summa", "ar") == D("30000.00")
    assert value("utfall_budget", "kansli_esfv", "utfall") == D("-55000.00")
    assert value("utfall_budget", "insatser_nyst", "utfall") == D("-25000.00")
    sections = [r.line.section for r in result.tables["utfall_budget"] if not r.hidden]
    assert "Verksamhetsnära kostnader ESFV" not in sections  # unused: left out


def test_opening_balance_in_both_styles(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    before = annual_of(write(tmp_path / "a", opening=OPENING_DAY_BEFORE), 2022)
    marked = annual_of(write(tmp_path / "b", opening=OPENING_MARKED), 2022)
    for result in (before, marked):
        # The first year's comparison column is the opening balance sheet.
        assert result.value("balansrakning", "kassa_och_bank", "foregaende") == D("100000.00")
        assert result.value("balansrakning", "summa_eget_kapital", "foregaende") == D("80000.00")
        assert result.value("balansrakning", "kortfristiga_skulder", "foregaende") == \
            D("20000.00")
        assert result.value("balansrakning", "ovrigt_eget_kapital", "ar") == D("80000.00")
        assert result.value("kassaflodesanalys", "likvida_medel_borjan", "ar") == D("100000.00")
        assert result.value("resultatrakning", "arets_resultat", "foregaende") is None
    assert before.tables == marked.tables


def test_capital_movement_on_first_of_january_is_financing(tmp_path: Path) -> None:
    result = annual_of(write(tmp_path), 2023)
    value = result.value
    # 2023: result = 480 000 − 8 000 − 300 000 − 20 000 = 152 000; capital 5 000.
    assert value("resultatrakning", "arets_resultat", "ar") == D("152000.00")
    assert value("balansrakning", "ovrigt_eget_kapital", "ar") == D("80000.00") + RESULT_2022
    assert value("balansrakning", "kapitalrorelser", "ar") == D("5000.00")
    assert value("balansrakning", "summa_eget_kapital", "ar") == D("429250.00")
    assert value("kassaflodesanalys", "finansieringsverksamhet", "ar") == D("5000.00")
    assert value("kassaflodesanalys", "justering", "ar") == D("20000.00")
    assert value("kassaflodesanalys", "investeringsverksamhet", "ar") == D("0.00")
    # bank 214 250 + 5 000 + 480 000 − 200 000 = 499 250
    assert value("kassaflodesanalys", "likvida_medel_slut", "ar") == D("499250.00")


def test_a_period_that_is_not_a_calendar_year(tmp_path: Path) -> None:
    ledger = loaded(write(tmp_path))
    request = Request(Period(datetime.date(2023, 1, 1), datetime.date(2023, 8, 31)))
    request = Request(request.period, request.period.previous())
    result = compute(None, ledger.books, request)
    value = result.value
    # 1 Jan – 31 Aug 2023: 480 000 − 8 000 − 200 000 = 272 000.
    assert value("resultatrakning", "arets_resultat", "ar") == D("272000.00")
    # 1 Jan – 31 Aug 2022: 500 000 + 90 000 − 300 000 − 55 000 − 25 000 = 210 000.
    assert value("resultatrakning", "arets_resultat", "foregaende") == D("210000.00")
    # bank at 2023-08-31: 214 250 + 5 000 + 480 000 − 200 000 = 499 250
    assert value("balansrakning", "kassa_och_bank", "ar") == D("499250.00")
    # at 2022-08-31: 100 000 − 20 000 + 500 000 + 90 000 − 300 000 − 55 000 − 25 000
    # − 60 000 = 230 000
    assert value("balansrakning", "kassa_och_bank", "foregaende") == D("230000.00")
    assert value("kassaflodesanalys", "arets_kassaflode", "ar") == D("285000.00")
    headers = [c.title(p) for c in result.spec.statement("resultatrakning").columns
               if (p := request.period_of(c)) is not None]
    assert headers == ["2023-01-01 – 2023-08-31", "2022-01-01 – 2022-08-31"]


def test_budget_error_is_a_plugin_error(tmp_path: Path) -> None:
    bad = '2022-01-01 custom "budget" Kostnader:SAMO:Hyra "weekly" 1.00 SEK\n'
    path = write(tmp_path, extra=bad)
    errors = load(path).errors
    line = path.read_text(encoding="utf-8").splitlines().index(bad.strip()) + 1
    assert [(e.source["lineno"], e.message) for e in errors] == [
        (line, 'okänd budgetperiod "weekly" (tillåtna: monthly, quarterly, yearly)')
    ]


def test_an_undeclared_activity_is_an_error_at_its_account(tmp_path: Path) -> None:
    path = write(tmp_path)
    text = path.read_text(encoding="utf-8").replace(
        '2022-01-01 custom "verksamhet" "NYST" "Nystart (ESF)" "projekt"\n', "")
    path.write_text(text, encoding="utf-8")
    errors = load(path).errors
    lines = text.splitlines()
    assert sorted((e.source["lineno"], e.message) for e in errors) == [
        (lines.index("2021-01-01 open Intäkter:NYST:ESF SEK") + 1,
         "konto Intäkter:NYST:ESF har verksamhet NYST, som inte är en deklarerad verksamhet; "
         'deklarera den i main.beancount: custom "verksamhet" "NYST" "Namn" "projekt"'),
        (lines.index("2021-01-01 open Kostnader:NYST:Insats SEK") + 1,
         "konto Kostnader:NYST:Insats har verksamhet NYST, som inte är en deklarerad "
         'verksamhet; deklarera den i main.beancount: custom "verksamhet" "NYST" "Namn" '
         '"projekt"'),
    ]


def test_check_finds_an_account_the_report_would_refuse(tmp_path: Path) -> None:
    extra = ('2021-01-01 open Kostnader:SAMO:Udda SEK\n  nr: "9200"\n  verksamhet: "SAMO"\n'
             '2023-05-05 * "Udda"\n  ver: "B5"\n  Kostnader:SAMO:Udda  1.00 SEK\n'
             "  Tillgångar:Bank\n")
    path = write(tmp_path, extra=extra)
    errors = load(path).errors
    line = path.read_text(encoding="utf-8").splitlines().index(
        "2021-01-01 open Kostnader:SAMO:Udda SEK") + 1
    assert [(e.source["lineno"], e.message) for e in errors] == [
        (line, "konto Kostnader:SAMO:Udda har kontonummer 9200, men ett Kostnader-konto ska "
               "ha ett nummer i klass 4–8 (kostnader)")
    ]
    # A cost numbered among the receivables would land in the balance sheet.
    path.write_text(path.read_text(encoding="utf-8").replace('"9200"', '"1790"'),
                    encoding="utf-8")
    assert [e.message for e in load(path).errors] == [
        "konto Kostnader:SAMO:Udda har kontonummer 1790, men ett Kostnader-konto ska ha ett "
        "nummer i klass 4–8 (kostnader)"
    ]


def test_one_account_per_number_and_activity(tmp_path: Path) -> None:
    extra = '2021-01-01 open Kostnader:SAMO:Hyra-två SEK\n  nr: "6110"\n  verksamhet: "SAMO"\n'
    path = write(tmp_path, extra=extra)
    text = path.read_text(encoding="utf-8").splitlines()
    first = text.index("2021-01-01 open Kostnader:SAMO:Hyra SEK") + 1
    assert [(e.source["lineno"], e.message) for e in load(path).errors] == [
        (text.index("2021-01-01 open Kostnader:SAMO:Hyra-två SEK") + 1,
         f"kontonummer 6110 och verksamhet SAMO används redan av Kostnader:SAMO:Hyra (rad "
         f"{first} i main.beancount); ett nummer per konto och verksamhet")
    ]


def test_ib_mark_outside_the_first_day_is_an_error(tmp_path: Path) -> None:
    marked = OPENING_MARKED.replace("2022-01-01 *", "2022-02-01 *")
    path = write(tmp_path, opening=marked)
    errors = [e.message for e in load(path).errors]
    assert errors == [
        "verifikationen är märkt ib (ingående balans) men är daterad 2022-02-01; ingående "
        "balanser dateras första dagen i ett räkenskapsår eller dagen före det första "
        "(2021-12-31)"
    ]


def test_own_specification_named_from_the_ledger(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from finsam_accounts.cli import main

    path = write(tmp_path, extra='2022-01-01 custom "finsam-specifikation" "egen.toml"\n')
    assert main(["specifikation", "--skriv", str(tmp_path / "egen.toml"),
                 "--ledger", str(path)]) == 0
    assert '  2022-01-01 custom "finsam-specifikation" "egen.toml"\n' in capsys.readouterr().out
    assert main(["specifikation", "--skriv", str(tmp_path / "egen.toml")]) == 1  # no overwrite
    own = tmp_path / "egen.toml"
    own.write_text(own.read_text(encoding="utf-8").replace(
        'label = "Avskrivningar"', 'label = "Planenliga avskrivningar"'), encoding="utf-8")
    result = annual_of(path, 2022)
    assert result.spec.path == own
    rows = {r.id: r for r in result.tables["resultatrakning"]}
    assert (rows["avskrivningar"].label, rows["avskrivningar"].values["ar"]) == (
        "Planenliga avskrivningar", D("-10000.00"))
    own.unlink()
    errors = load(path).errors
    assert [e.message for e in errors] == [
        "specifikationen egen.toml finns inte (sökvägen räknas från filen main.beancount); "
        "skriv ut den medföljande med finsam specifikation --skriv"
    ]


def test_a_fixed_asset_bought_on_an_invoice_is_an_investment(tmp_path: Path) -> None:
    # The computer arrives on a supplier invoice (fixed asset against a liability) and is
    # paid a month later: investing −60 000 in the year, the liability change nets out.
    invoiced = YEAR_2022.replace(
        '''2022-07-01 * "Datorbutiken" "Dator"
  ver: "B7"
  Tillgångar:Dator  60000.00 SEK
  Tillgångar:Bank''',
        '''2022-07-01 * "Datorbutiken" "Dator, faktura"
  ver: "F1"
  Tillgångar:Dator  60000.00 SEK
  Skulder:Leverantörsskulder
2022-07-31 * "Datorbutiken" "Betalning av faktura"
  ver: "B7"
  Skulder:Leverantörsskulder  60000.00 SEK
  Tillgångar:Bank''')
    path = tmp_path / "main.beancount"
    text = HEADER + CHART.replace("DEPRECIATION", "7830") + OPENING_DAY_BEFORE + invoiced + \
        YEAR_2023 + BUDGET
    path.write_text(text, encoding="utf-8")
    value = annual_of(path, 2022).value
    assert value("kassaflodesanalys", "investeringsverksamhet", "ar") == D("-60000.00")
    assert value("kassaflodesanalys", "justering", "ar") == D("10000.00")
    assert value("kassaflodesanalys", "skulder", "ar") == D("-20000.00")
    assert value("kassaflodesanalys", "arets_kassaflode", "ar") == D("114250.00")
