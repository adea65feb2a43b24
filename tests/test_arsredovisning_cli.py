"""`finsam arsredovisning YEAR`: writes the report, or nothing and a Swedish error."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_statements_fixtures import FULL, spec_text, write_books

from finsam_accounts.cli import main


def run(*args: str) -> int:
    return main(["arsredovisning", *args])


def test_writes_every_file_and_says_where(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = write_books(tmp_path)
    out = tmp_path / "rapport"
    assert run("2019", "--ledger", str(ledger), "--out", str(out)) == 0
    assert f"Årsredovisningen 2019 finns i {out}/ (arsredovisning.html" in capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == [
        "arsredovisning.html",
        "arsredovisning.pdf",
        "arsredovisning.xlsx",
        "balansrakning.csv",
        "driftsredovisning.csv",
        "femarsoversikt.csv",
        "kassaflodesanalys.csv",
        "not1_intakter_samo.csv",
        "not2_intakter_hfe.csv",
        "not3_fordringar.csv",
        "not4_kortfristiga_skulder.csv",
        "resultatrakning.csv",
        "utfall_budget.csv",
    ]


def test_failed_reconciliation_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "trasig.toml"
    spec.write_text(
        spec_text().replace('sum = ["fordringar", "kassa_och_bank"]', 'sum = ["fordringar"]'),
        encoding="utf-8",
    )
    out = tmp_path / "rapport"
    code = run("2019", "--ledger", str(write_books(tmp_path)), "--out", str(out),
               "--spec", str(spec))
    assert code == 1
    err = capsys.readouterr().err.replace("\u00a0", " ")
    assert "Balansräkningen 2019 balanserar inte: tillgångar 0,00" in err
    assert not out.exists() or not any(out.iterdir())


def test_uncovered_account_stops_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A specification tried with --spec that has no line for verksamhetsnära 48xx.
    spec = tmp_path / "smal.toml"
    spec.write_text(spec_text().replace('accounts = ["4000-4599", "4700-4999"]',
                                        'accounts = ["4000-4599", "4700-4799"]'),
                    encoding="utf-8")
    body = FULL + (
        '2018-01-01 open Kostnader:SAMO:Övrigt SEK\n  nr: "4811"\n  verksamhet: "SAMO"\n'
        '2019-09-01 * "Övrigt"\n  Kostnader:SAMO:Övrigt  5.00 SEK\n  Tillgångar:Bank\n'
    )
    out = tmp_path / "rapport"
    books = write_books(tmp_path, body)
    assert run("2019", "--ledger", str(books), "--out", str(out), "--spec", str(spec)) == 1
    line = books.read_text(encoding="utf-8").splitlines().index(
        "2018-01-01 open Kostnader:SAMO:Övrigt SEK") + 1
    assert capsys.readouterr().err == (
        "finsam arsredovisning: räkenskaperna täcker inte kontona, inget skrevs:\n"
        f"main.beancount:{line}: konto 4811 (Kostnader:SAMO:Övrigt) har belopp som ingen rad i "
        "Sammanställning över utfall och budget tar med (se docs/statements.md)\n")
    assert not out.exists() or not any(out.iterdir())


def test_year_without_transactions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "rapport"
    assert run("2021", "--ledger", str(write_books(tmp_path)), "--out", str(out)) == 1
    assert "2021 ligger inte i bokföringens räkenskapsår (2018, 2019)" in capsys.readouterr().err


def test_ledger_errors_are_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unbalanced = '2019-10-01 * "Obalanserad"\n  Tillgångar:Bank  1.00 SEK\n'
    ledger = write_books(tmp_path, FULL + unbalanced + "  Kostnader:SAMO:Löner  2.00 SEK\n")
    assert run("2019", "--ledger", str(ledger), "--out", str(tmp_path / "rapport")) == 1
    # Paths in messages are relative to the ledger's folder, the same in every command.
    line = ledger.read_text(encoding="utf-8").splitlines().index(unbalanced.splitlines()[0]) + 1
    assert capsys.readouterr().err == (
        f"main.beancount:{line}: verifikation A9 balanserar inte: differens 3.00 SEK\n")


def test_unusable_budget_line_is_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = FULL + '2019-01-01 custom "budget" Kostnader:SAMO:Löner "weekly" 1.00 SEK\n'
    ledger = write_books(tmp_path, body)
    assert run("2019", "--ledger", str(ledger), "--out", str(tmp_path / "rapport")) == 1
    assert 'okänd budgetperiod "weekly"' in capsys.readouterr().err


def test_default_output_is_beside_the_books_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # ledger/main.beancount found from the ledger folder itself: the report goes to the
    # project's reports/, not to ledger/reports/ (which would be among the books).
    books = write_books(tmp_path)
    monkeypatch.delenv("FINSAM_LEDGER", raising=False)
    monkeypatch.chdir(books.parent)
    assert run("2019") == 0
    assert (tmp_path / "reports" / "2019" / "resultatrakning.csv").is_file()
    assert not (books.parent / "reports").exists()
