"""``finsam periodiska DATUM``: recurring vouchers proposed, numbered, never twice (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest

from finsam_accounts.cli import main
from finsam_accounts.ledger import load

ROOTS = """\
option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"
"""

MAIN = ROOTS + """\
option "operating_currency" "SEK"
plugin "finsam_accounts.plugin"

2019-01-01 custom "räkenskapsår" 2019
2019-01-01 custom "verksamhet" "SAMO" "Testförbundet" "förbund"
2019-01-01 open Tillgångar:Bank SEK
  nr: "1930"
2019-01-01 open Kostnader:SAMO:Hyra SEK
  nr: "6110"
  verksamhet: "SAMO"
2019-01-31 custom "periodisk" DECLARATION
include "2019.beancount"
"""
DECLARATION = '"Hyra kontor" "månad" "B" 12000.00 SEK Kostnader:SAMO:Hyra Tillgångar:Bank'

YEAR = ROOTS + """
2019-01-31 * "Hyra kontor"
  ver: "B1"
  periodisk: "Hyra kontor 2019-01-31"
  Kostnader:SAMO:Hyra  12000.00 SEK
  Tillgångar:Bank  -12000.00 SEK
"""


@pytest.fixture
def books(tmp_path: Path) -> Path:
    (tmp_path / "main.beancount").write_text(MAIN.replace("DECLARATION", DECLARATION),
                                             encoding="utf-8")
    (tmp_path / "2019.beancount").write_text(YEAR, encoding="utf-8")
    return tmp_path / "main.beancount"


def test_due_vouchers_are_proposed_with_the_next_numbers(
    books: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["periodiska", "2019-03-31", "--ledger", str(books)]) == 0
    out = capsys.readouterr().out
    # January is booked; February ends on the 28th, March on the 31st.
    assert out == (
        "; periodiska verifikationer till 2019-03-31\n\n"
        '2019-02-28 * "Hyra kontor"\n  ver: "B2"\n  periodisk: "Hyra kontor 2019-02-28"\n'
        "  Kostnader:SAMO:Hyra   12000.00 SEK\n  Tillgångar:Bank      -12000.00 SEK\n\n"
        '2019-03-31 * "Hyra kontor"\n  ver: "B3"\n  periodisk: "Hyra kontor 2019-03-31"\n'
        "  Kostnader:SAMO:Hyra   12000.00 SEK\n  Tillgångar:Bank      -12000.00 SEK\n"
    )


def test_skriv_appends_once_and_a_second_run_proposes_nothing(
    books: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    year = books.parent / "2019.beancount"
    assert main(["periodiska", "2019-03-31", "--skriv", "--ledger", str(books)]) == 0
    assert capsys.readouterr().out == (
        "2 periodiska verifikationer tillagda sist i 2019.beancount.\n")
    written = year.read_text(encoding="utf-8")
    assert written.startswith(YEAR)
    ledger = load(books)
    assert [e.message for e in ledger.errors] == []
    rent = [t for t in ledger.transactions if t.narration == "Hyra kontor"]
    assert [(str(t.date), t.meta["ver"]) for t in rent] == [
        ("2019-01-31", "B1"), ("2019-02-28", "B2"), ("2019-03-31", "B3")]
    assert [str(t.postings[0].units) for t in rent] == ["12000.00 SEK"] * 3
    # Never twice: the same date again proposes nothing and writes nothing.
    assert main(["periodiska", "2019-03-31", "--skriv", "--ledger", str(books)]) == 0
    assert capsys.readouterr().out == (
        "Inga periodiska verifikationer att bokföra till och med 2019-03-31.\n")
    assert year.read_text(encoding="utf-8") == written


@pytest.mark.parametrize(("declaration", "message"), [
    ('"Hyra" "vecka" "B" 100.00 SEK Kostnader:SAMO:Hyra Tillgångar:Bank',
     'periodisk "Hyra": okänt intervall "vecka" (ska vara "månad", "kvartal" eller "år")'),
    ('"Hyra" "månad" "b1" 100.00 SEK Kostnader:SAMO:Hyra Tillgångar:Bank',
     'periodisk "Hyra": serien "b1" ska vara versaler, t.ex. "B"'),
    ('"Hyra" "månad" "B" -100.00 SEK Kostnader:SAMO:Hyra Tillgångar:Bank',
     'periodisk "Hyra": beloppet ska vara större än noll, i kronor och hela ören'),
    ('"Hyra" "månad" "B" 100.00 SEK Kostnader:SAMO:Hyra',
     'custom "periodisk" ska ange namn, intervall ("månad", "kvartal" eller "år"), serie, '
     'belopp och två konton (debet, kredit), t.ex. custom "periodisk" "Hyra" "månad" "B" '
     "12000.00 SEK Kostnader:Hyra Tillgångar:Bank"),
])
def test_a_malformed_declaration_is_an_error_at_its_line(
    books: Path, declaration: str, message: str
) -> None:
    text = MAIN.replace("DECLARATION", declaration)
    books.write_text(text, encoding="utf-8")
    line = text.splitlines().index(next(x for x in text.splitlines() if "periodisk" in x)) + 1
    ledger = load(books)
    assert [(Path(e.source["filename"]).name, e.source["lineno"], e.message)
            for e in ledger.errors] == [("main.beancount", line, message)]
