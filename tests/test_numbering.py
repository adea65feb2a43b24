"""Next free voucher numbers (``finsam nasta``, the check summary, every numbering command)."""

from __future__ import annotations

from pathlib import Path

import pytest

from finsam_accounts.cli import main
from finsam_accounts.ledger import load_string
from finsam_accounts.numbering import Numberer, current_year, next_number, next_numbers

HEAD = """\
option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"
plugin "finsam_accounts.plugin"
2018-01-01 custom "räkenskapsår" 2018
2019-01-01 custom "räkenskapsår" 2019
2018-01-01 custom "verksamhet" "SAMO" "Testförbundet" "förbund"
2018-01-01 open Tillgångar:Bank SEK
  nr: "1930"
2018-01-01 open Kostnader:Hyra SEK
  nr: "6110"
  verksamhet: "SAMO"
"""


def voucher(date: str, number: str) -> str:
    return (
        f'\n{date} * "Hyresvärden" "Hyra"\n  ver: "{number}"\n'
        "  Kostnader:Hyra  100.00 SEK\n  Tillgångar:Bank  -100.00 SEK\n"
    )


# 2018: A1, B1–B3, L1. 2019: B1–B2 (numbered again from 1 in the new year), F1.
BOOKS = HEAD + "".join(
    voucher(d, n)
    for d, n in [
        ("2018-01-05", "A1"), ("2018-02-05", "B1"), ("2018-03-05", "B2"),
        ("2018-04-05", "B3"), ("2018-05-05", "L1"),
        ("2019-01-05", "B1"), ("2019-02-05", "F1"), ("2019-03-05", "B2"),
    ]
)


def test_next_numbers_per_series_in_the_year() -> None:
    books = load_string(BOOKS).books
    assert current_year(books) == 2019
    # A and L are known from 2018 but unused in 2019: they start at 1.
    assert next_numbers(books, 2019) == {"A": 1, "B": 3, "F": 2, "L": 1}
    assert next_numbers(books, 2018) == {"A": 2, "B": 4, "F": 1, "L": 2}
    assert next_number(books, "B", 2019) == 3
    assert next_number(books, "X", 2019) == 1


def test_numberer_hands_out_numbers_in_turn() -> None:
    numberer = Numberer.of(load_string(BOOKS).books, 2019)
    assert [numberer.take("B"), numberer.take("B"), numberer.take("K"), numberer.take("F")] == [
        "B3", "B4", "K1", "F2",
    ]


DIGEST = "sha256:" + "0" * 64  # a lock's form (closing.py); its figures are not checked here


def test_current_year_is_the_latest_open_year() -> None:
    closed_2019 = BOOKS + f'\n2019-12-31 custom "bokslut" 2019 "{DIGEST}" ""\n'
    closed_2018 = BOOKS + f'\n2018-12-31 custom "bokslut" 2018 "{DIGEST}" ""\n'
    assert current_year(load_string(closed_2018).books) == 2019
    # Only the later year closed: the earlier one is still open.
    assert current_year(load_string(closed_2019).books) == 2018
    both = closed_2018 + f'2019-12-31 custom "bokslut" 2019 "{DIGEST}" "2018 {DIGEST}"\n'
    assert current_year(load_string(both).books) is None
    undeclared = BOOKS.replace('custom "räkenskapsår"', 'custom "x-år"')
    assert current_year(load_string(undeclared).books) == 2019
    # Without declared years the years are those with vouchers, and a closed one takes no
    # new voucher either.
    undeclared_closed = undeclared + f'\n2019-12-31 custom "bokslut" 2019 "{DIGEST}" ""\n'
    assert current_year(load_string(undeclared_closed).books) == 2018


@pytest.fixture
def books(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "main.beancount").write_text(BOOKS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_nasta_command(books: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["nasta", "--ledger", "main.beancount"]) == 0
    assert capsys.readouterr().out == (
        "Nästa lediga verifikationsnummer 2019:\n  A1\n  B3\n  F2\n  L1\n"
    )
    assert main(["nasta", "b", "--ledger", "main.beancount"]) == 0
    assert capsys.readouterr().out == "B3\n"
    assert main(["nasta", "B", "--år", "2018", "--ledger", "main.beancount"]) == 0
    assert capsys.readouterr().out == "B4\n"
    assert main(["nasta", "B7", "--ledger", "main.beancount"]) == 1
    err = capsys.readouterr().err
    assert "ogiltig verifikationsserie: 'B7'" in err and "Traceback" not in err


def test_check_summary_shows_the_next_numbers(
    books: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--ledger", "main.beancount"]) == 0
    assert capsys.readouterr().out == (
        "finsam check: inga fel (8 verifikationer, 2018–2019; nästa nr 2019: A1 B3 F2 L1)\n"
    )


def test_a_series_only_the_opening_balance_uses_is_not_offered() -> None:
    """Books moved in with finsam flytta-in open with ``IB1`` (ib: TRUE): the next numbers
    of later years do not offer IB1 (the check's summary line showed it every year)."""
    opening = BOOKS.replace('  ver: "A1"', '  ver: "IB1"\n  ib: TRUE', 1).replace(
        "2018-01-05", "2018-01-01", 1)
    books = load_string(opening).books
    assert next_numbers(books, 2019) == {"B": 3, "F": 2, "L": 1}
    # in the opening's own year the series goes on (A1 with ib: TRUE, then A2)
    assert next_numbers(books, 2018) == {"B": 4, "F": 1, "IB": 2, "L": 2}
