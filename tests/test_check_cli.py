"""``finsam check`` end to end: one clear line per error, a summary, the exit status."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from finsam_accounts.cli import main
from finsam_accounts.commands import check

GOOD = """\
option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"
plugin "finsam_accounts.plugin"
2019-01-01 custom "räkenskapsår" 2019

2019-01-01 open Tillgångar:Bank SEK
  nr: "1930"
2019-01-01 open Kostnader:Hyra SEK
  nr: "6110"
  verksamhet: "SAMO"

2019-01-31 * "Fastighetsbolaget" "Hyra januari"
  ver: "B1"
  Kostnader:Hyra  100.00 SEK
  Tillgångar:Bank  -100.00 SEK

2019-02-28 * "Fastighetsbolaget" "Hyra februari"
  ver: "B2"
  Kostnader:Hyra  100.00 SEK
  Tillgångar:Bank  -100.00 SEK

2020-01-01 balance Tillgångar:Bank  -200.00 SEK
2019-01-01 custom "verksamhet" "SAMO" "Testförbundet" "förbund"
"""


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under a directory with its bytes."""
    return {str(p.relative_to(directory)): p.read_bytes() for p in directory.rglob("*")}


Result = tuple[int, list[str], str]


@pytest.fixture
def run_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[[str], Result]:
    """Write a ledger, run ``finsam check`` in its directory: status, stderr lines, stdout.

    Also asserts that the check changed no file and created none.
    """

    def run(text: str) -> Result:
        (tmp_path / "main.beancount").write_text(text, encoding="utf-8")
        monkeypatch.chdir(tmp_path)
        before = snapshot(tmp_path)
        status = main(["check", "--ledger", "main.beancount"])
        assert snapshot(tmp_path) == before
        captured = capsys.readouterr()
        return status, captured.err.splitlines(), captured.out

    return run


def test_good_ledger(run_check: Callable[[str], Result]) -> None:
    status, err, out = run_check(GOOD)
    assert (status, err) == (0, [])
    assert out == "finsam check: inga fel (2 verifikationer, 2019; nästa nr 2019: B3)\n"


def test_syntax_error(run_check: Callable[[str], Result]) -> None:
    text = GOOD.replace("2020-01-01 balance", "2020-01-01 balanse")
    status, err, out = run_check(text)
    assert status == 1
    assert err == ["main.beancount:25: syntaxfel: ogiltig text 'balanse'"]
    assert out == "finsam check: 1 fel i main.beancount\n"


def test_decimal_comma(run_check: Callable[[str], Result]) -> None:
    status, err, _ = run_check(GOOD.replace("-200.00", "-200,00"))
    assert status == 1
    assert err == [
        "main.beancount:25: syntaxfel: ogiltigt belopp '200,00' (använd punkt som decimaltecken)"
    ]


def test_unbalanced_transaction(run_check: Callable[[str], Result]) -> None:
    text = GOOD.replace(
        "Kostnader:Hyra  100.00 SEK\n  Tillgångar:Bank  -100.00 SEK\n\n2019-02",
        ("Kostnader:Hyra  100.00 SEK\n  Tillgångar:Bank  -90.00 SEK\n\n2019-02"),
    )
    text = text.replace("-200.00 SEK", "-190.00 SEK")
    status, err, out = run_check(text)
    assert status == 1
    assert err == ["main.beancount:15: verifikation B1 balanserar inte: differens 10.00 SEK"]
    assert out == "finsam check: 1 fel i main.beancount\n"


def test_missing_account_number(run_check: Callable[[str], Result]) -> None:
    text = GOOD.replace('  nr: "1930"\n', "")
    status, err, out = run_check(text)
    assert status == 1
    assert err == ["main.beancount:9: konto Tillgångar:Bank saknar Kommun-Bas-nummer (metadata nr)"]
    assert out == "finsam check: 1 fel i main.beancount\n"


def test_duplicate_voucher_number(run_check: Callable[[str], Result]) -> None:
    text = GOOD.replace('ver: "B2"', 'ver: "B1"')
    status, err, out = run_check(text)
    assert status == 1
    assert err == ["main.beancount:20: verifikation B1 finns redan (rad 15 i main.beancount)"]
    assert out == "finsam check: 1 fel i main.beancount\n"


def test_failed_balance_assertion(run_check: Callable[[str], Result]) -> None:
    text = GOOD.replace("-200.00 SEK", "-300.00 SEK")
    status, err, _ = run_check(text)
    assert status == 1
    assert err == [
        "main.beancount:25: saldokontrollen för Tillgångar:Bank stämmer inte: "
        "väntat -300.00 SEK, bokfört -200.00 SEK (100.00 för mycket)"
    ]


def test_errors_in_file_and_line_order_from_included_files(
    tmp_path: Path, run_check: Callable[[str], Result]
) -> None:
    (tmp_path / "2019.beancount").write_text(
        'option "name_assets" "Tillgångar"\n'
        'option "name_expenses" "Kostnader"\n'
        '2019-03-31 * "Fastighetsbolaget" "Hyra mars"\n'
        "  Kostnader:Hyra  100.00 SEK\n"
        "  Tillgångar:Bank  -100.00 SEK\n",
        encoding="utf-8",
    )
    text = GOOD.replace('  nr: "1930"\n', "").replace("-200.00", "-300.00")
    status, err, out = run_check(text + 'include "2019.beancount"\n')
    assert status == 1
    assert err == [
        '2019.beancount:3: verifikationen 2019-03-31 "Hyra mars" saknar verifikationsnummer '
        '(metadata ver, t.ex. "B12")',
        "main.beancount:9: konto Tillgångar:Bank saknar Kommun-Bas-nummer (metadata nr)",
    ]
    assert out == "finsam check: 2 fel i main.beancount\n"


def test_plugin_that_cannot_be_imported(run_check: Callable[[str], Result]) -> None:
    text = GOOD.replace('plugin "finsam_accounts.plugin"', 'plugin "finsam_accounts.saknas"')
    status, err, _ = run_check(text)
    assert status == 1
    assert err == [
        "main.beancount:1: bokföringen slår inte på förbundets kontroller: lägg till raden "
        'plugin "finsam_accounts.plugin" i main.beancount (efter option-raderna)',
        "main.beancount:6: kan inte läsa in plugin finsam_accounts.saknas: "
        "modulen finsam_accounts.saknas finns inte",
    ]


def test_warnings_do_not_fail_the_check(
    run_check: Callable[[str], Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        check, "ledger_warnings", lambda ledger: ["Umeå har betalat 10 kr för lite"]
    )
    status, err, out = run_check(GOOD)
    assert status == 0
    assert err == ["varning: Umeå har betalat 10 kr för lite"]
    assert out == "finsam check: inga fel, 1 varning (2 verifikationer, 2019; nästa nr 2019: B3)\n"


def test_no_warnings_on_books_with_errors(
    run_check: Callable[[str], Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Warnings computed on broken books would mislead (or fail): only errors are shown.
    monkeypatch.setattr(check, "ledger_warnings", lambda ledger: ["a", "b"])
    status, err, out = run_check(GOOD.replace('  ver: "B2"\n', ""))
    assert status == 1
    assert len(err) == 1 and "saknar verifikationsnummer" in err[0]
    assert out == "finsam check: 1 fel i main.beancount\n"


def test_summary_without_declared_years_uses_the_voucher_years(
    run_check: Callable[[str], Result],
) -> None:
    text = GOOD.replace('2019-01-01 custom "räkenskapsår" 2019\n', "")
    text = text.replace("2019-02-28 *", "2020-02-28 *").replace('ver: "B2"', 'ver: "B1"')
    text = text.replace("2020-01-01 balance", "2021-01-01 balance")
    status, err, out = run_check(text)
    assert (status, err) == (0, [])
    assert out == "finsam check: inga fel (2 verifikationer, 2019–2020; nästa nr 2020: B2)\n"


def test_missing_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    status = main(["check", "--ledger", "saknas.beancount"])
    captured = capsys.readouterr()
    assert status == 1
    assert captured.err == (
        "finsam check: --ledger: bokföringen saknas.beancount finns inte (ange --ledger FIL "
        "eller sätt FINSAM_LEDGER)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_directory_is_no_ledger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    status = main(["check", "--ledger", "."])
    assert status == 1
    assert capsys.readouterr().err == "finsam check: --ledger: . är ingen fil\n"


def test_paths_relative_to_the_ledger_folder_from_anywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = tmp_path / "books" / "main.beancount"
    ledger.parent.mkdir()
    ledger.write_text(GOOD.replace('  nr: "1930"\n', ""), encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["check", "--ledger", str(ledger)]) == 1
    assert capsys.readouterr().err == (
        "main.beancount:9: konto Tillgångar:Bank saknar Kommun-Bas-nummer (metadata nr)\n"
    )


def test_default_ledger_option() -> None:
    from finsam_accounts.cli import build_parser

    args = build_parser().parse_args(["check"])
    assert args.ledger is None  # found when the command runs
    assert args.func is check.run


def test_ledger_is_found_from_env_or_the_nearest_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from finsam_accounts.ledger import find_ledger

    books = tmp_path / "förbund" / "ledger" / "main.beancount"
    books.parent.mkdir(parents=True)
    books.write_text(GOOD, encoding="utf-8")
    deep = tmp_path / "förbund" / "reports" / "2019"
    deep.mkdir(parents=True)
    monkeypatch.delenv("FINSAM_LEDGER", raising=False)
    monkeypatch.chdir(deep)
    assert find_ledger() == books
    assert find_ledger("annan.beancount") == Path("annan.beancount")
    monkeypatch.chdir(tmp_path / "förbund")
    assert find_ledger() == Path("ledger/main.beancount")
    monkeypatch.setenv("FINSAM_LEDGER", "/någon/annan.beancount")
    assert find_ledger() == Path("/någon/annan.beancount")
    monkeypatch.delenv("FINSAM_LEDGER")
    monkeypatch.chdir(deep)
    assert main(["check"]) == 0
