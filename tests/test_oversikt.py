"""Five years at a glance (`finsam oversikt`, the annual report's section) and the
participants per insats (`custom "deltagare"`).

Expected figures: the published annual report 2019 (tests/reference, kr), the example's
participant counts as declared from the verksamhetsberättelse 2019 (ledger/insatser.beancount),
the second förbund's hand-computed figures (tests/test_forbund2.py) and its declared
earlier years (tests/forbund2/femarsoversikt.beancount).
"""

from __future__ import annotations

import csv
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from finsam_accounts.cli import main
from finsam_accounts.ledger import load
from finsam_accounts.yearly import overview

D = Decimal
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "ledger" / "main.beancount"
FORBUND2 = ROOT / "tests" / "forbund2" / "main.beancount"
REFERENCE = ROOT / "tests" / "reference" / "umearegionen-2019"


def published(name: str, row: str, column: str, section: str | None = None) -> Decimal:
    with (REFERENCE / name).open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            if record["rad"] == row and (section is None or record["avsnitt"] == section):
                return D(record[column])
    raise KeyError(row)


def kr(value: Decimal | None) -> Decimal:
    assert value is not None
    return value.quantize(D(1), rounding=ROUND_HALF_UP)


@pytest.fixture(scope="module")
def example() -> dict[int, overview.YearColumn]:
    ledger = load(EXAMPLE)
    return {c.year: c for c in overview.overview(ledger.books, 2019)}


def test_example_years_in_the_books_are_the_published_ones(
    example: dict[int, overview.YearColumn],
) -> None:
    for year in (2018, 2019):
        values = example[year].values
        column = str(year)
        assert kr(values["resultat"]) == published("resultatrakning.csv", "Årets resultat",
                                                   column)
        costs = (published("resultatrakning.csv", "Verksamhetens kostnader SAMO", column)
                 + published("resultatrakning.csv", "Verksamhetens kostnader HFE", column))
        assert abs(kr(values["kostnader"]) + costs) <= 1  # two published lines, each rounded
        assert kr(values["eget_kapital"]) == published(
            "balansrakning.csv", "Summa eget kapital", f"{year}-12-31")
    assert example[2019].values["medlemsavgifter"] == D("11450000.00")  # not 1
    assert example[2018].values["medlemsavgifter"] == D("11960000.00")
    # trappan: 20 % of the year's contributions (ledger/trappan.beancount)
    assert example[2019].values["trappan_gräns"] == D("2290000.00")
    assert example[2019].values["trappan_marginal"] == D("2290000.00") - D("1992706.00")
    assert kr(example[2019].values["insatskostnader"]) == -published(
        "utfall_budget_2019.csv", "Summa", "utfall 2019", "Insatser SAMO")


def test_example_years_before_the_books(example: dict[int, overview.YearColumn]) -> None:
    # 2017: only equity, brought in by the opening voucher (published 2018-12-31 column)
    assert kr(example[2017].values["eget_kapital"]) == published(
        "balansrakning.csv", "Övrigt eget kapital", "2018-12-31")
    assert example[2017].values["resultat"] is None
    for year in (2015, 2016):
        assert example[year].source == "saknas"
        assert all(v is None for v in example[year].values.values())


def test_example_cost_per_participant(example: dict[int, overview.YearColumn]) -> None:
    # Verksamhetsberättelse 2019: Ungdomstorget 148+147, Vuxentorget 168+225, Robertsfors
    # 28+35, Nordmaling 17+30, Vännäs 31+41, Vindeln 16+17
    participants = 295 + 393 + 63 + 47 + 72 + 33
    assert example[2019].values["deltagare"] == participants == 903
    costs = -sum((published("utfall_budget_2019.csv", name, "utfall 2019", "Insatser SAMO")
                 for name in ("Ungdomstorget", "Vuxentorget", "Robertsfors", "Nordmaling",
                              "Vännäs", "Vindeln")), D(0))
    value = example[2019].values["kostnad_per_deltagare"]
    assert value is not None
    assert abs(value - costs / participants) < 1  # published costs are rounded to kr
    assert example[2018].values["deltagare"] is None  # none declared: missing, not zero


def test_forbund2_declared_and_booked_years() -> None:
    from test_forbund2 import eget_kapital_2021, eget_kapital_2023, resultat_2023

    ledger = load(FORBUND2)
    years = {c.year: c for c in overview.overview(ledger.books, 2023)}
    assert list(years) == [2019, 2020, 2021, 2022, 2023]
    assert years[2023].values["resultat"] == resultat_2023
    assert years[2023].values["eget_kapital"] == eget_kapital_2023
    assert years[2021].values["eget_kapital"] == eget_kapital_2021  # the opening voucher
    # declared (tests/forbund2/femarsoversikt.beancount)
    assert years[2020].values["resultat"] == D("-72000.00")
    assert years[2020].values["trappan_marginal"] == D("760000.00") - D("1238000.00")
    assert years[2020].values["kostnad_per_deltagare"] == D("2150000.00") / 215
    assert years[2021].values["kostnader"] is None
    # tests/forbund2/insatser.beancount: five insatser, four with participants
    from test_forbund2 import (
        alvdalen_insats_2022,
        coacher_2022,
        mora_insats_2022,
        nystart_2022,
        orsa_insats_2022,
    )

    counted_2022 = mora_insats_2022 + orsa_insats_2022 + alvdalen_insats_2022 + coacher_2022
    assert years[2022].values["insatskostnader"] == counted_2022 + nystart_2022 == D("3515000")
    assert years[2022].values["deltagare"] == 79 + 53 + 46 + 21
    assert years[2022].values["kostnad_per_deltagare"] == counted_2022 / 199
    assert years[2023].values["insatskostnader"] == D("3863500.00")
    assert years[2023].values["deltagare"] == 213
    # the declared years add up: equity 2020 + result 2021 = equity brought in 2021
    assert D("1238000.00") + D("11001.80") == eget_kapital_2021


def copy_books(tmp_path: Path) -> Path:
    books = tmp_path / "forbund2"
    shutil.copytree(FORBUND2.parent, books)
    return books


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('2022-01-01 custom "femårsöversikt" 2020 "vinst" 1.00 SEK',
         'okänt nyckeltal "vinst"'),
        ('2022-01-01 custom "femårsöversikt" 2022 "resultat" 1.00 SEK',
         "2022 finns i bokföringen"),
        ('2022-01-01 custom "femårsöversikt" 2021 "eget_kapital" 1.00 SEK',
         "eget kapital 2021 är den ingående balansen"),
        ('2022-01-01 custom "femårsöversikt" 2020 "resultat" 1.00 EUR', "ska vara i SEK"),
        ('2022-01-01 custom "femårsöversikt" 2020 "deltagare" -3', "helt antal"),
        ('2022-01-01 custom "femårsöversikt" 2019 "resultat" 5.00 SEK', "finns redan"),
    ],
)
def test_bad_declarations_are_check_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, message: str
) -> None:
    books = copy_books(tmp_path)
    path = books / "femarsoversikt.beancount"
    text = path.read_text(encoding="utf-8") + line + "\n"
    path.write_text(text, encoding="utf-8")
    number = len(text.splitlines())
    assert main(["check", "--ledger", str(books / "main.beancount")]) == 1
    err = capsys.readouterr().err
    assert f"femarsoversikt.beancount:{number}:" in err and message in err
    out = tmp_path / "x"
    assert main(["oversikt", "2023", "--ledger", str(books / "main.beancount"),
                 "--out", str(out)]) == 1
    assert not out.exists()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('2019-12-31 custom "deltagare" 2019 "Okänd insats" 1 2',
         'ingen sådan insats är deklarerad'),
        ('2019-12-31 custom "deltagare" 2019 "Bjurholm" -1 2', "hela tal, inte negativa"),
        ('2019-12-31 custom "deltagare" 2019 "Bjurholm" 1.5 2', "hela tal, inte negativa"),
        ('2019-12-31 custom "deltagare" 2018 "Bjurholm" 1 2', "pågår inte under 2018"),
        ('2019-12-31 custom "deltagare" 2019 "Vindeln" 1 2', "finns redan"),
        ('2019-12-31 custom "deltagare" 2019 "Bjurholm" 1', "ska skrivas"),
    ],
)
def test_bad_participants_are_check_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, message: str
) -> None:
    books = tmp_path / "ledger"
    shutil.copytree(EXAMPLE.parent, books)
    path = books / "insatser.beancount"
    text = path.read_text(encoding="utf-8") + line + "\n"
    path.write_text(text, encoding="utf-8")
    assert main(["check", "--ledger", str(books / "main.beancount")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    number = len(text.splitlines())
    assert [e for e in err if e.startswith(f"insatser.beancount:{number}:")], err
    assert any(message in e for e in err)


def test_command_writes_the_overview_deterministically(tmp_path: Path) -> None:
    out = tmp_path / "oversikt"
    args = ["oversikt", "2023", "--ledger", str(FORBUND2), "--out", str(out)]
    assert main(args) == 0
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert set(first) == {"oversikt.html", "oversikt.xlsx", "femarsoversikt.csv",
                          "femarsoversikt.svg"}
    assert first["femarsoversikt.svg"].startswith(b"<?xml")
    assert main(args) == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first
    with (out / "femarsoversikt.csv").open(encoding="utf-8") as handle:
        rows = {r["rad"]: r for r in csv.DictReader(handle)}
    assert rows["Årets resultat"]["2020"] == "-72000"
    assert rows["Verksamhetens kostnader (utom finansiella)"]["2021"] == ""  # missing


def test_the_annual_report_has_the_overview() -> None:
    committed = ROOT / "reports" / "2019" / "femarsoversikt.csv"
    with committed.open(encoding="utf-8") as handle:
        rows = {r["rad"]: r for r in csv.DictReader(handle)}
    assert rows["Årets resultat"]["2019"] == "-999684"
    assert rows["Eget kapital vid årets slut"]["2017"] == "4142334"
    assert rows["Deltagare i insatser"]["2019"] == "903"
    html = (ROOT / "reports" / "2019" / "arsredovisning.html").read_text(encoding="utf-8")
    assert "<h2>Femårsöversikt</h2>" in html and "data:image/svg+xml;base64," in html
