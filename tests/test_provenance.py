"""A voucher with hand-written ``filename``/``lineno`` metadata is not passed off as one
that beancount generated: it is an error at its real line, and no report is written."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from finsam_accounts.cli import main

ROOT = Path(__file__).resolve().parents[1]

FORGED = """
2019-12-31 * "Konsult" "Arvode som inte syns i listorna"
  ver: "A99"
  filename: "<generated>"
  Kostnader:SAMO:Kansli:Revisionsarvoden                          50000.00 SEK
  Tillgångar:Kassa-och-bank:Bankkonto                             -50000.00 SEK
"""


@pytest.fixture
def books(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "ledger", tmp_path / "ledger")
    return tmp_path / "ledger"


def add(books: Path, text: str) -> int:
    """Append ``text`` to the 2019 file, before its closing balances; the line number of
    its date line."""
    path = books / "2019.beancount"
    content = path.read_text(encoding="utf-8")
    at = content.index("; ---- Saldokontroller")
    path.write_text(content[:at] + text + "\n" + content[at:], encoding="utf-8")
    return content[:at].count("\n") + 2  # the text starts with an empty line


def test_a_hand_written_generated_file_name_is_an_error_at_its_line(
    books: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    start = add(books, FORGED)
    assert main(["check", "--ledger", str(books / "main.beancount")]) == 1
    err = capsys.readouterr().err
    assert f"2019.beancount:{start + 2}: metadata filename skrivs inte för hand" in err
    assert "inga fel" not in err


def test_a_hand_written_line_number_is_an_error_too(
    books: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    start = add(books, FORGED.replace('filename: "<generated>"', "lineno: 3"))
    assert main(["check", "--ledger", str(books / "main.beancount")]) == 1
    assert f"2019.beancount:{start + 2}: metadata lineno skrivs inte för hand" in (
        capsys.readouterr().err)


def test_the_annual_report_is_not_written_from_books_with_a_forged_voucher(
    books: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(books, FORGED)
    out = tmp_path / "rapport"
    status = main(["arsredovisning", "2019", "--ledger", str(books / "main.beancount"),
                   "--out", str(out)])
    assert status == 1 and not out.exists()
    assert "metadata filename skrivs inte för hand" in capsys.readouterr().err


def test_a_voucher_from_no_loaded_file_is_an_error() -> None:
    from beancount.core import data

    from finsam_accounts import provenance

    meta = data.new_metadata("/elsewhere/extra.beancount", 7)
    entry = data.Transaction(meta, datetime.date(2019, 5, 1), "*", None, "x",
                             frozenset(), frozenset(), [])
    (error,) = provenance.errors([entry], {"include": ["/books/main.beancount"]})
    assert error.message.startswith('verifikationen "x" kommer inte från någon av')
