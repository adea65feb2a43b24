"""An emptied year file, or a year without vouchers before a year with them, is an error
in ``finsam check``, not "inga fel" (the open year 2019 and the locked year 2018)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from finsam_accounts.cli import main
from finsam_accounts.ledger import load_string

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def books(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "ledger", tmp_path / "ledger")
    return tmp_path / "ledger"


@pytest.mark.parametrize("year", [2019, 2018])
@pytest.mark.parametrize("left", ["", "; tömd\n"])
def test_an_emptied_year_file_is_an_error(
    books: Path, year: int, left: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (books / f"{year}.beancount").write_text(left, encoding="utf-8")
    assert main(["check", "--ledger", str(books / "main.beancount")]) == 1
    err = capsys.readouterr().err
    assert f"{year}.beancount:1: filen {year}.beancount innehåller inga poster" in err


def test_a_year_without_vouchers_before_a_year_with_them_is_an_error() -> None:
    ledger = load_string("""
plugin "finsam_accounts.plugin"
2018-01-01 custom "räkenskapsår" 2018
2019-01-01 custom "räkenskapsår" 2019
2018-01-01 open Tillgångar:Bank  SEK
  nr: "1930"
2018-01-01 open Skulder:Lån  SEK
  nr: "2350"
2019-03-01 * "Bank" "Lån"
  ver: "B1"
  Tillgångar:Bank   100.00 SEK
  Skulder:Lån      -100.00 SEK
""")
    messages = [e.message for e in ledger.errors]
    assert any(m.startswith("räkenskapsåret 2018 har inga verifikationer, men 2019 har")
               for m in messages), messages
    assert not any("räkenskapsåret 2019 har inga" in m for m in messages)
