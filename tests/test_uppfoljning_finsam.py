"""Uppföljning Finsam (`finsam uppfoljning-finsam`): allocated funds, equity, administrative
costs and insatser with participants.

Expected figures: the published annual report 2019 (tests/reference, kr), the keys in
ledger/medlemsavgifter.beancount (staten 50 %, region 25 %, kommunerna 25 % of 11 450 000),
the participants declared in ledger/insatser.beancount, and the second förbund's
hand-computed figures (tests/test_forbund2.py).
"""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from finsam_accounts.cli import main
from finsam_accounts.ledger import load
from finsam_accounts.yearly import finsam_followup

D = Decimal
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "ledger" / "main.beancount"
FORBUND2 = ROOT / "tests" / "forbund2" / "main.beancount"
REFERENCE = ROOT / "tests" / "reference" / "umearegionen-2019"
ADMIN_SAMO = "Kansli, styrelse och administrativa kostn. SAMO"


def published(name: str, row: str, column: str, section: str | None = None) -> Decimal:
    with (REFERENCE / name).open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            if record["rad"] == row and (section is None or record["avsnitt"] == section):
                return D(record[column])
    raise KeyError(row)


def kr(value: Decimal) -> Decimal:
    return value.quantize(D(1), rounding=ROUND_HALF_UP)


@pytest.fixture(scope="module")
def example() -> finsam_followup.FinsamFigures:
    ledger = load(EXAMPLE)
    return finsam_followup.build(ledger.books, 2019)


def test_allocated_funds_and_equity(example: finsam_followup.FinsamFigures) -> None:
    by_kind: dict[str, Decimal] = {}
    for item in example.financiers:
        by_kind[item.kind] = by_kind.get(item.kind, D(0)) + item.allocated
    assert by_kind == {"stat": D("5725000.00"), "region": D("2862500.00"),
                       "kommun": D("2862500.00")}
    assert sum((f.booked for f in example.financiers), D(0)) == D("11450000.00")  # not 1
    assert kr(example.equity_start) == published("balansrakning.csv", "Summa eget kapital",
                                                 "2018-12-31")
    assert kr(example.equity_end) == published("balansrakning.csv", "Summa eget kapital",
                                               "2019-12-31")


def test_administrative_costs_are_the_published_rows(
    example: finsam_followup.FinsamFigures,
) -> None:
    samo = [r for r in example.admin if r.section == ADMIN_SAMO]
    assert kr(sum((r.actual for r in samo), D(0))) == -published(
        "utfall_budget_2019.csv", "Summa", "utfall 2019", ADMIN_SAMO)
    assert kr(sum((r.budget or D(0) for r in samo), D(0))) == -published(
        "utfall_budget_2019.csv", "Summa", "budget 2019", ADMIN_SAMO)
    staff = next(r for r in samo if r.label == "Kanslipersonal")
    assert kr(staff.actual) == D("1529999")


def test_the_project_is_reported_as_itself(example: finsam_followup.FinsamFigures) -> None:
    """HFE (an ESF project) is in no row of the administration; its part has the published
    Tot. kostnader HFE and Intäkter HFE of the sammanställning."""
    assert {r.section for r in example.admin} == {ADMIN_SAMO}
    hfe = [r for r in example.projects if r.project == "Hälsofrämjande etablering (ESF-projekt)"]
    assert len(hfe) == len(example.projects)
    costs = sum((r.actual for r in hfe if not r.income), D(0))
    income = sum((r.actual for r in hfe if r.income), D(0))
    assert kr(costs) == -published("utfall_budget_2019.csv", "Tot. kostnader HFE",
                                   "utfall 2019", "Totala kostnader")
    assert kr(income) == published("utfall_budget_2019.csv", "Summa", "utfall 2019",
                                   "Intäkter HFE")


def test_insatser_with_participants(example: finsam_followup.FinsamFigures) -> None:
    rows = {r.name: r for r in example.insatser}
    youth = rows["Ungdomstorget"]
    assert kr(youth.actual) == -published("utfall_budget_2019.csv", "Ungdomstorget",
                                          "utfall 2019", "Insatser SAMO")
    assert youth.budget == D("2990000.00")
    assert (youth.women, youth.men) == (148, 147)  # verksamhetsberättelsen 2019, tabell 1
    assert youth.per_participant is not None
    assert abs(youth.per_participant - D(2813036) / 295) < 1
    assert rows["Bjurholm"].participants is None  # none declared: empty, not zero
    total = example.total_per_participant
    assert total is not None and kr(total) == D("7913")
    assert kr(sum((r.actual for r in example.insatser), D(0))) == -published(
        "utfall_budget_2019.csv", "Summa", "utfall 2019", "Insatser SAMO")


def test_forbund2_and_the_command(tmp_path: Path) -> None:
    from test_forbund2 import eget_kapital_2022, eget_kapital_2023

    out = tmp_path / "finsam"
    args = ["uppfoljning-finsam", "2023", "--ledger", str(FORBUND2), "--out", str(out)]
    assert main(args) == 0
    with (out / "finsam-eget-kapital.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [D(r["belopp"]) for r in rows] == [kr(eget_kapital_2022), kr(eget_kapital_2023)]
    with (out / "finsam-tilldelade-medel.csv").open(encoding="utf-8") as handle:
        total = list(csv.DictReader(handle))[-1]
    assert total["tilldelade medel"] == "4200000"  # custom "medlemsavgift-tilldelning" 2023
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert main(args) == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first


def test_a_year_outside_the_books(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x"
    assert main(["uppfoljning-finsam", "2030", "--ledger", str(FORBUND2),
                 "--out", str(out)]) == 1
    assert "2030 är inget räkenskapsår" in capsys.readouterr().err
    assert not out.exists()


def test_forbund2_insatser_with_participants() -> None:
    """tests/forbund2/insatser.beancount: five insatser, four with participants; costs and
    budgets are the hand-computed account sums of tests/test_forbund2.py."""
    from test_forbund2 import (
        alvdalen_insats_2023,
        b_alvdalen_insats_2023,
        b_coacher_2023,
        b_mora_insats_2023,
        b_nystart_2023,
        b_orsa_insats_2023,
        coacher_2023,
        mora_insats_2023,
        nystart_2023,
        orsa_insats_2023,
    )

    ledger = load(FORBUND2)
    figures = finsam_followup.build(ledger.books, 2023)
    rows = {r.name: (r.budget, r.actual, r.women, r.men) for r in figures.insatser}
    assert rows == {
        "Samordningsteam Mora": (b_mora_insats_2023, mora_insats_2023, 45, 40),
        "Unga vuxna Orsa": (b_orsa_insats_2023, orsa_insats_2023, 25, 28),
        "Steget Älvdalen": (b_alvdalen_insats_2023, alvdalen_insats_2023, 30, 24),
        "Arbetscoacher (ESF)": (b_coacher_2023, coacher_2023, 11, 10),
        "Nystart Orsa": (b_nystart_2023, nystart_2023, None, None),
    }
    assert orsa_insats_2023 == D("655000.00")  # the 2022 accrual reversed on 1 January
    # Nystart Orsa has no participants: it is left out of the cost per participant.
    counted = mora_insats_2023 + orsa_insats_2023 + alvdalen_insats_2023 + coacher_2023
    assert figures.total_per_participant == counted / 213 == D("3633500.00") / 213
    per = {r.name: r.per_participant for r in figures.insatser}
    assert kr(per["Samordningsteam Mora"] or D(0)) == D(17647)  # 1 500 000 / 85
    assert kr(per["Steget Älvdalen"] or D(0)) == D(22963)  # 1 240 000 / 54
    assert per["Nystart Orsa"] is None


def test_forbund2_insatser_file(tmp_path: Path) -> None:
    out = tmp_path / "finsam"
    assert main(["uppfoljning-finsam", "2023", "--ledger", str(FORBUND2),
                 "--out", str(out)]) == 0
    with (out / "finsam-insatser.csv").open(encoding="utf-8") as handle:
        rows = {r["insats"]: r for r in csv.DictReader(handle)}
    assert rows["Summa insatser"] == {
        "insats": "Summa insatser", "budget": "3825000", "utfall": "3863500",
        "deltagare kvinnor": "111", "deltagare män": "102", "deltagare totalt": "213",
        "kostnad per deltagare": "17059"}  # 3 633 500 / 213 = 17 058,69
    assert rows["Unga vuxna Orsa"]["kostnad per deltagare"] == "12358"  # 655 000 / 53
    assert rows["Nystart Orsa"]["deltagare totalt"] == ""


# An inline förbund with its own office (SAMO) and a project with funds of its own (PRO, an
# ESF project): the project's staff are the project's, not the förbund's administration.
INLINE = """\
option "title" "Samordningsförbundet Provbygd"
option "operating_currency" "SEK"
option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"
plugin "finsam_accounts.plugin"
2022-01-01 custom "räkenskapsår" 2022
2022-01-01 custom "verksamhet" "SAMO" "Samordningsförbundet Provbygd" "förbund"
2022-01-01 custom "verksamhet" "PRO" "Projekt Provet (ESF)" "projekt"
2022-01-01 custom "medlem" "staten" "Staten (Försäkringskassan)" "stat"
2022-01-01 custom "medlemsavgift-andel" "stat" 100
2021-11-24 custom "medlemsavgift-tilldelning" 2022 400000.00 SEK
2022-01-01 open Tillgångar:Bank SEK
  nr: "1930"
2022-01-01 open Eget-kapital:Eget-kapital SEK
  nr: "2010"
2022-01-01 open Intäkter:SAMO:Staten SEK
  nr: "3510"
  verksamhet: "SAMO"
  rubrik: "Driftbidrag från staten"
2022-01-01 open Kostnader:SAMO:Insats SEK
  nr: "4610"
  verksamhet: "SAMO"
  rubrik: "Insats A"
2022-01-01 open Kostnader:SAMO:Lön SEK
  nr: "5020"
  verksamhet: "SAMO"
  rubrik: "Kanslipersonal"
2022-01-01 open Kostnader:SAMO:Hyra SEK
  nr: "6110"
  verksamhet: "SAMO"
  rubrik: "Lokal"
2022-01-01 open Intäkter:PRO:ESF SEK
  nr: "3560"
  verksamhet: "PRO"
  rubrik: "EU-medel"
2022-01-01 open Kostnader:PRO:Insats SEK
  nr: "4620"
  verksamhet: "PRO"
  rubrik: "Projektinsats"
2022-01-01 open Kostnader:PRO:Lön SEK
  nr: "5021"
  verksamhet: "PRO"
  rubrik: "Projektpersonal"
2022-01-01 open Kostnader:PRO:Resor SEK
  nr: "5800"
  verksamhet: "PRO"
  rubrik: "Resor"
2022-01-01 * "Ingående balans"
  ver: "A1"
  ib: TRUE
  Tillgångar:Bank  500000.00 SEK
  Eget-kapital:Eget-kapital
2022-02-01 * "Försäkringskassan" "Medlemsavgift"
  ver: "B1"
  Tillgångar:Bank  400000.00 SEK
  Intäkter:SAMO:Staten
2022-03-01 * "ESF-rådet" "Utbetalning"
  ver: "B2"
  Tillgångar:Bank  90000.25 SEK
  Intäkter:PRO:ESF
2022-03-25 * "Löner mars"
  ver: "L1"
  Kostnader:SAMO:Lön  120000.50 SEK
  Kostnader:PRO:Lön  80000.40 SEK
  Tillgångar:Bank
2022-04-01 * "Hyresvärden" "Hyra"
  ver: "B3"
  Kostnader:SAMO:Hyra  30000.00 SEK
  Tillgångar:Bank
2022-05-01 * "Värden" "Insatser"
  ver: "B4"
  Kostnader:SAMO:Insats  200000.00 SEK
  Kostnader:PRO:Insats  5000.00 SEK
  Tillgångar:Bank
2022-06-01 * "Resebyrån" "Projektresor"
  ver: "B5"
  Kostnader:PRO:Resor  9999.85 SEK
  Tillgångar:Bank
2022-01-01 custom "budget" Kostnader:SAMO:Lön "yearly" 125000.00 SEK
2022-01-01 custom "budget" Kostnader:PRO:Lön "yearly" 85000.00 SEK
2022-01-01 custom "budget" Intäkter:PRO:ESF "yearly" -100000.00 SEK
"""


def test_a_projects_costs_are_the_project_not_the_administration(tmp_path: Path) -> None:
    (tmp_path / "books").mkdir()
    path = tmp_path / "books" / "main.beancount"
    path.write_text(INLINE, encoding="utf-8")
    out = tmp_path / "finsam"
    assert main(["uppfoljning-finsam", "2022", "--ledger", str(path), "--out", str(out)]) == 0
    with (out / "finsam-administration.csv").open(encoding="utf-8") as handle:
        admin = [(r["kostnadsslag"], r["budget"], r["utfall"]) for r in csv.DictReader(handle)]
    # Only SAMO's office: staff 120 000,50 -> 120 001 (half away from zero), rent 30 000;
    # the sum 150 000,50 rounded once. The project's 80 000,40 staff and 9 999,85 travel
    # are not here (with them the sum would be 245 000,75).
    assert admin == [("Kanslipersonal", "125000", "120001"), ("Lokal", "0", "30000"),
                     ("Summa administrativa kostnader", "125000", "150001")]
    with (out / "finsam-projekt.csv").open(encoding="utf-8") as handle:
        project = [(r["projekt"], r["rad"], r["budget"], r["utfall"])
                   for r in csv.DictReader(handle)]
    # PRO: insats 5 000, staff 80 000,40 -> 80 000, travel 9 999,85 -> 10 000; costs
    # 5 000 + 80 000,40 + 9 999,85 = 95 000,25 -> 95 000; income (ESF) 90 000,25 -> 90 000.
    name = "Projekt Provet (ESF)"
    assert project == [(name, "Projektinsats", "0", "5000"),
                       (name, "Projektpersonal", "85000", "80000"),
                       (name, "Resor", "0", "10000"),
                       (name, "Summa kostnader", "85000", "95000"),
                       (name, "Intäkter (egen finansiering)", "100000", "90000")]
    # The förbund's own insats is in the insatser part only when declared: none here.
    with (out / "finsam-insatser.csv").open(encoding="utf-8") as handle:
        assert [r["insats"] for r in csv.DictReader(handle)] == ["Summa insatser"]
