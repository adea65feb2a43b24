"""SCB's Räkenskapssammandrag (`finsam scb`): the mapping as data, the rows, reconciliation.

Expected figures: the published annual report 2019 (tests/reference, kr), sums of the
example's postings by Kommun-Bas number computed here with a plain loop over the entries
(not through the statements engine), and the second förbund's hand-computed figures
(tests/forbund2/README.md).
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from beancount.core import data

from finsam_accounts.cli import main
from finsam_accounts.errors import ReportError
from finsam_accounts.ledger import load
from finsam_accounts.yearly import scb, scb_mapping

D = Decimal
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "ledger" / "main.beancount"
FORBUND2 = ROOT / "tests" / "forbund2" / "main.beancount"
REFERENCE = ROOT / "tests" / "reference" / "umearegionen-2019"


def kr(value: Decimal) -> Decimal:
    return value.quantize(D(1), rounding=ROUND_HALF_UP)


def published(name: str, row: str) -> Decimal:
    with (REFERENCE / name).open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            if record["rad"] == row:
                return D(record["2019"] if "2019" in record else record["2019-12-31"])
    raise KeyError(row)


def postings(path: Path, year: int, wanted: Callable[[int], bool]) -> Decimal:
    """The year's postings on accounts whose number ``wanted`` accepts, beancount's sign."""
    entries = load(path).entries
    numbers = {e.account: int(e.meta["nr"]) for e in entries if isinstance(e, data.Open)}
    total = D(0)
    for entry in entries:
        if isinstance(entry, data.Transaction) and entry.date.year == year:
            for posting in entry.postings:
                if wanted(numbers[posting.account]):
                    assert posting.units is not None and posting.units.number is not None
                    total += posting.units.number
    return total


def row(figures: scb.ScbFigures, code: str) -> Decimal:
    for item in (*figures.drift, *figures.balance):
        if item.code == code:
            return item.total
    raise KeyError(code)


@pytest.fixture(scope="module")
def example() -> scb.ScbFigures:
    ledger = load(EXAMPLE)
    books = ledger.books
    return scb.build(books, 2019, scb_mapping.read(EXAMPLE.parent))


def test_example_drift_is_the_published_income_statement(example: scb.ScbFigures) -> None:
    intakter = published("resultatrakning.csv", "Verksamhetens intäkter SAMO") + published(
        "resultatrakning.csv", "Verksamhetens intäkter HFE")
    kostnader = published("resultatrakning.csv", "Verksamhetens kostnader SAMO") + published(
        "resultatrakning.csv", "Verksamhetens kostnader HFE")
    assert kr(row(example, "D1")) == intakter == D(13316682)
    assert kr(row(example, "D2") + row(example, "D3")) == -kostnader == D(14316220)
    assert kr(row(example, "D6")) == -published("resultatrakning.csv", "Finansiella kostnader")
    assert kr(example.drift_total()) == published("resultatrakning.csv", "Årets resultat")
    assert kr(example.drift_total()) == D(-999684)


def test_example_personnel_and_pension_rows(example: scb.ScbFigures) -> None:
    assert row(example, "D2") == postings(EXAMPLE, 2019, lambda n: 5000 <= n <= 5999)
    assert row(example, "D2.1") == postings(EXAMPLE, 2019, lambda n: 5700 <= n <= 5799)
    assert kr(row(example, "D2.1")) == D(78409)
    # ledger/scb-rakenskapssammandrag.csv: KPA premiums are no change of a provision.
    assert row(example, "D2.2") == D(0)
    assert row(example, "D3.1") == postings(EXAMPLE, 2019, lambda n: 4600 <= n <= 4699)
    assert row(example, "D1.1") == -postings(EXAMPLE, 2019, lambda n: 3500 <= n <= 3599)


def test_example_balance_sheet(example: scb.ScbFigures) -> None:
    assert kr(row(example, "B4")) == published("balansrakning.csv", "Fordringar") == D(1124873)
    assert kr(row(example, "B6")) == published("balansrakning.csv", "Kassa och bank")
    assert kr(row(example, "B7")) == published("balansrakning.csv", "Summa eget kapital")
    assert kr(row(example, "B11")) == published("balansrakning.csv", "Kortfristiga skulder")
    assert row(example, "B8") == row(example, "B9") == D(0)
    assert kr(example.balance_total("tillgång")) == published("balansrakning.csv",
                                                              "SUMMA TILLGÅNGAR") == D(7282871)
    assert example.balance_total("skuld") == example.balance_total("tillgång")


def test_forbund2_with_the_default_mapping(tmp_path: Path) -> None:
    ledger = load(FORBUND2)
    books = ledger.books
    figures = scb.build(books, 2023, scb_mapping.read(FORBUND2.parent))
    # README: result 2023 −229 288,51; equity 837 043,55; liquid funds 1 611 296,25.
    assert figures.drift_total() == D("-229288.51")
    assert row(figures, "B7") == D("837043.55")
    assert row(figures, "B6") == D("1611296.25")
    # The computer (60 000, written off 10 000 a year): 30 000 left at the end of 2023,
    # its 2023 depreciation booked on 6830.
    assert row(figures, "B1") == D("30000.00")
    assert row(figures, "D4") == postings(FORBUND2, 2023, lambda n: n in (6830, 7830))
    assert row(figures, "D5") == -postings(FORBUND2, 2023, lambda n: 8000 <= n <= 8499)
    assert row(figures, "D5") > 0
    out = tmp_path / "scb"
    assert main(["scb", "2023", "--ledger", str(FORBUND2), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "scb-balansrakning.csv", "scb-driftredovisning.csv", "scb.html", "scb.xlsx"]
    with (out / "scb-driftredovisning.csv").open(encoding="utf-8") as handle:
        last = list(csv.DictReader(handle))[-1]
    assert last["Totalt"] == "-229289"


def copy_forbund2(tmp_path: Path, mapping: str) -> Path:
    folder = tmp_path / "books"
    shutil.copytree(FORBUND2.parent, folder)
    (folder / scb_mapping.OVERRIDE_NAME).write_text(mapping, encoding="utf-8")
    return folder / "main.beancount"


HEAD = "del;rad;text;typ;därav;urval\n"


def test_an_override_splits_the_branches(tmp_path: Path) -> None:
    main_file = copy_forbund2(tmp_path, HEAD + (
        "verksamhetsgren;V1;Förbundet;;;SAMO\n"
        "verksamhetsgren;V2;Projekten;;;ESFV NYST\n"))
    ledger = load(main_file)
    figures = scb.build(ledger.books, 2023,
                        scb_mapping.read(main_file.parent))
    assert [b.code for b in figures.branches] == ["V1", "V2"]
    # README: SAMO −227 448,01, ESFV −3 675,00, NYST 1 834,50.
    assert figures.drift_total(0) == D("-227448.01")
    assert figures.drift_total(1) == D("-3675.00") + D("1834.50")


def failure(tmp_path: Path, mapping: str, capsys: pytest.CaptureFixture[str]) -> str:
    main_file = copy_forbund2(tmp_path, mapping)
    out = tmp_path / "out"
    assert main(["scb", "2023", "--ledger", str(main_file), "--out", str(out)]) == 1
    assert not out.exists()
    return capsys.readouterr().err


def test_unmapped_accounts_are_named(tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    err = failure(tmp_path, HEAD + "drift;D3;Övriga verksamhetskostnader;kostnad;;4000-4999\n",
                  capsys)
    assert "SCB-mappningen (driftredovisning) tar inte med kontona: 6110" in err
    assert "6990" in err and "Traceback" not in err


def test_twice_mapped_accounts_are_named(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    err = failure(tmp_path, HEAD + "balans;B12;Dubbelt;tillgång;;1930\n", capsys)
    assert "tar med kontona två gånger: 1930" in err
    assert "på raderna B6, B12" in err


@pytest.mark.parametrize(("line", "message"), [
    ("drift;D9;Fel;utgift;;4000", "scb-rakenskapssammandrag.csv:2: okänd typ 'utgift'"),
    ("drift;D9;Fel;kostnad;;40a0", "scb-rakenskapssammandrag.csv:2: ogiltigt kontourval"),
    ("drift;D9;Fel;kostnad;;4999-4000", "scb-rakenskapssammandrag.csv:2: ogiltigt kontourval"),
    ("drift;D9;Fel;kostnad;D1;4000", "scb-rakenskapssammandrag.csv:2: därav-raden D9 tar "
     "konton som inte ingår i D1"),
    ("drift;D9;Fel;kostnad;D77;4000", "därav-raden D9 pekar på D77"),
    ("skatt;D9;Fel;kostnad;;4000", "scb-rakenskapssammandrag.csv:2: okänd del 'skatt'"),
    ("drift;D9;Fel;kostnad;4000", "scb-rakenskapssammandrag.csv:2: raden har 5 fält"),
    ("verksamhetsgren;V2;Fel;;;XYZ", "verksamheten XYZ finns inte i bokföringen"),
])
def test_a_bad_mapping_is_one_line_each(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        line: str, message: str) -> None:
    err = failure(tmp_path, HEAD + line + "\n", capsys)
    assert message in err
    assert "Traceback" not in err


def test_a_bad_header_and_a_removed_row(tmp_path: Path) -> None:
    with pytest.raises(ReportError) as raised:
        main_file = copy_forbund2(tmp_path, "konto;rad\n")
        scb_mapping.read(main_file.parent)
    assert "första raden ska vara rubrikerna" in str(raised.value)
    rows, removed, errors = scb_mapping.parse(HEAD + "balans;B5;Bort;tillgång;;\n", "x.csv")
    assert (rows, removed, errors) == ([], ["balans;B5"], [])
