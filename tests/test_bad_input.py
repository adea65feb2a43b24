"""Bad input: every mistake a user can make gives one Swedish line, exit status 1, no
traceback, and nothing written (issue 8).

Each test takes a small ledger (``BOOKS``, or a copy of the example ledger) with one
mistake, runs the command in-process and asserts the exact line: file, line and message.
The line numbers are found in the test's own text, independently of the code under test.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from finsam_accounts import output
from finsam_accounts.cli import main
from finsam_accounts.commands import check

EXAMPLE = Path(__file__).resolve().parent.parent / "ledger"
MAIN = "ledger/main.beancount"
SHOWN = "main.beancount"  # file names in messages are relative to the ledger's folder

BOOKS = """\
option "title" "Testförbundet"
option "operating_currency" "SEK"
option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"
plugin "finsam_accounts.plugin"

2019-01-01 custom "räkenskapsår" 2019
2019-01-01 custom "verksamhet" "SAMO" "Testförbundet" "förbund"
2019-01-01 custom "medlem" "staten" "Staten" "stat"
2019-01-01 custom "medlem" "umea" "Umeå kommun" "kommun"
2019-01-01 custom "medlemsavgift-tilldelning" 2019 2000.00 SEK
2019-01-01 custom "medlemsavgift-andel" "stat" 50
2019-01-01 custom "medlemsavgift-andel" "region" 0
2019-01-01 custom "medlemsavgift-andel" "kommun" 50
2019-01-01 custom "trappan" "hela" "medlemsavgifter" "Testtrappa"
2019-01-01 custom "trappan-steg" 0.00 SEK 100

2019-01-01 open Tillgångar:Bank SEK
  nr: "1930"
2019-01-01 open Intäkter:SAMO:Medlemsavgifter:Staten SEK
  nr: "3510"
  verksamhet: "SAMO"
  medlem: "staten"
2019-01-01 open Intäkter:SAMO:Medlemsavgifter:Umeå SEK
  nr: "3523"
  verksamhet: "SAMO"
  medlem: "umea"
2019-01-01 open Kostnader:SAMO:Hyra SEK
  nr: "6110"
  verksamhet: "SAMO"

2019-01-01 custom "budget" Kostnader:SAMO:Hyra "yearly" 1200.00 SEK

2019-01-31 * "Fastighetsbolaget" "Hyra januari"
  ver: "B1"
  Kostnader:SAMO:Hyra  100.00 SEK
  Tillgångar:Bank  -100.00 SEK

2019-02-28 * "Fastighetsbolaget" "Hyra februari"
  ver: "B2"
  Kostnader:SAMO:Hyra  100.00 SEK
  Tillgångar:Bank  -100.00 SEK

2019-03-15 * "Staten" "Medlemsavgift 2019"
  ver: "K1"
  Tillgångar:Bank  1000.00 SEK
  Intäkter:SAMO:Medlemsavgifter:Staten  -1000.00 SEK

2019-03-15 * "Umeå kommun" "Medlemsavgift 2019"
  ver: "K2"
  Tillgångar:Bank  1000.00 SEK
  Intäkter:SAMO:Medlemsavgifter:Umeå  -1000.00 SEK
"""


def line_of(text: str, needle: str) -> int:
    """The 1-based number of the first line of ``text`` that contains ``needle``."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


Result = tuple[int, list[str], str]
Runner = Callable[..., Result]


@pytest.fixture
def books(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``BOOKS`` as ledger/main.beancount in an empty working folder."""
    (tmp_path / "ledger").mkdir()
    (tmp_path / "ledger" / "main.beancount").write_text(BOOKS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "ledger" / "main.beancount"


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example ledger in ledger/ of an empty working folder."""
    shutil.copytree(EXAMPLE, tmp_path / "ledger")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "ledger"


@pytest.fixture
def run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Runner:
    """Run ``finsam ARGS`` in-process: status, stderr lines, stdout.

    Asserts what holds for every bad input: no traceback, no internal error, and no file
    changed or created anywhere in the working folder.
    """

    def go(*args: str) -> Result:
        before = snapshot(tmp_path)
        status = main(list(args))
        captured = capsys.readouterr()
        for text in (captured.err, captured.out):
            assert "Traceback" not in text
            assert "internt fel" not in text
        assert snapshot(tmp_path) == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["ledger"]
        return status, captured.err.splitlines(), captured.out

    return go


def edit(path: Path, old: str, new: str) -> str:
    """Replace the first ``old`` in the file by ``new``; the new text."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def check_fails(run: Runner, *lines: str) -> None:
    """``finsam check`` fails with exactly these error lines, in file, line and message
    order (the same every run), and the summary."""
    status, err, out = run("check", "--ledger", MAIN)

    def order(line: str) -> tuple[str, int, str]:
        name, number, message = line.split(":", 2)
        return name, int(number) if number.isdigit() else 0, message.strip()

    assert (status, err) == (1, sorted(lines, key=order))
    assert out == f"finsam check: {len(lines)} fel i {MAIN}\n"


def test_the_books_are_good(books: Path, run: Runner) -> None:
    assert run("check", "--ledger", MAIN) == (
        0, [], "finsam check: inga fel (4 verifikationer, 2019; nästa nr 2019: B3 K3)\n"
    )


# ------------------------------------------------------------------ the plugin line


def test_books_without_the_plugin_fail_the_check(books: Path, run: Runner) -> None:
    edit(books, 'plugin "finsam_accounts.plugin"\n', "")
    check_fails(
        run,
        f"{SHOWN}:1: bokföringen slår inte på förbundets kontroller: lägg till raden "
        'plugin "finsam_accounts.plugin" i main.beancount (efter option-raderna)',
    )


@pytest.mark.parametrize("command", [["arsredovisning", "2019"], ["trappan", "2019"],
                                     ["medlemsavgifter", "2019"]])
def test_every_command_refuses_books_without_the_plugin(
    books: Path, run: Runner, command: list[str]
) -> None:
    edit(books, 'plugin "finsam_accounts.plugin"\n', "")
    status, err, out = run(*command, "--ledger", MAIN, *(
        ["--out", "rapport"] if command[0] == "arsredovisning" else []))
    assert (status, out) == (1, "")
    assert err == [
        f"{SHOWN}:1: bokföringen slår inte på förbundets kontroller: lägg till raden "
        'plugin "finsam_accounts.plugin" i main.beancount (efter option-raderna)'
    ]


def test_a_misspelled_plugin_is_named_at_its_line(books: Path, run: Runner) -> None:
    text = edit(books, '"finsam_accounts.plugin"', '"finsam_accounts.plugins"')
    check_fails(
        run,
        f"{SHOWN}:1: bokföringen slår inte på förbundets kontroller: lägg till raden "
        'plugin "finsam_accounts.plugin" i main.beancount (efter option-raderna)',
        f"{SHOWN}:{line_of(text, 'plugins')}: kan inte läsa in plugin finsam_accounts.plugins: "
        "modulen finsam_accounts.plugins finns inte",
    )


# ---------------------------------------------------------------- reading the files


def test_a_file_saved_as_windows_1252_is_named_with_its_first_bad_line(
    books: Path, run: Runner
) -> None:
    text = BOOKS + 'include "2019.beancount"\n'
    books.write_text(text, encoding="utf-8")
    year = 'option "name_assets" "Tillgångar"\n; Hyror\n; Lokal i Umeå\n'
    (books.parent / "2019.beancount").write_bytes(year.encode("cp1252"))
    check_fails(
        run,
        "2019.beancount:1: filen 2019.beancount är inte UTF-8 (troligen sparad som "
        "Windows-1252/ISO-8859-1): spara den som UTF-8",
    )


def test_a_file_saved_as_utf16_is_named(books: Path, run: Runner) -> None:
    books.write_bytes(BOOKS.encode("utf-16"))
    check_fails(
        run,
        f"{SHOWN}:1: filen main.beancount är inte UTF-8 (troligen sparad som UTF-16, i "
        "Anteckningar kallad Unicode): spara den som UTF-8",
    )


def test_the_first_bad_line_is_named(books: Path, run: Runner) -> None:
    raw = BOOKS.encode("utf-8").replace(b"Hyra februari", "Hyra f\xf6r feb".encode("latin-1"))
    books.write_bytes(raw)
    check_fails(
        run,
        f"{SHOWN}:{line_of(BOOKS, 'Hyra februari')}: filen main.beancount är inte UTF-8 "
        "(troligen sparad som Windows-1252/ISO-8859-1): spara den som UTF-8",
    )


def test_utf8_with_bom_is_accepted(example: Path, run: Runner) -> None:
    # Notepad's "UTF-8 with BOM", with Windows line ends: the same books, the same result.
    good = run("check", "--ledger", MAIN)
    assert good[0] == 0 and good[2].startswith("finsam check: inga fel, 5 varningar (790 ")
    for name in ("main.beancount", "2019.beancount"):
        path = example / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert run("check", "--ledger", MAIN) == good


def test_an_include_that_does_not_exist(books: Path, run: Runner) -> None:
    books.write_text(BOOKS + 'include "2020.beancount"\n', encoding="utf-8")
    check_fails(
        run,
        f"{SHOWN}:{BOOKS.count(chr(10)) + 1}: filen 2020.beancount (include) finns inte",
    )


def test_an_include_outside_the_ledger_folder_is_refused(
    books: Path, run: Runner, tmp_path_factory: pytest.TempPathFactory
) -> None:
    other = tmp_path_factory.mktemp("annat") / "annat.beancount"
    other.write_text("", encoding="utf-8")
    books.write_text(BOOKS + f'include "{other}"\n', encoding="utf-8")
    check_fails(
        run,
        f'{SHOWN}:{BOOKS.count(chr(10)) + 1}: include "{other}" pekar utanför '
        f"bokföringens katalog {books.parent.resolve()}: flytta filen in i katalogen",
    )


def test_a_file_that_includes_itself(books: Path, run: Runner) -> None:
    books.write_text(BOOKS + 'include "main.beancount"\n', encoding="utf-8")
    check_fails(
        run, f"{SHOWN}:{BOOKS.count(chr(10)) + 1}: filen main.beancount inkluderar sig själv"
    )


def test_an_include_cycle(books: Path, run: Runner) -> None:
    books.write_text(BOOKS + 'include "a.beancount"\n', encoding="utf-8")
    (books.parent / "a.beancount").write_text('; a\ninclude "main.beancount"\n', "utf-8")
    check_fails(
        run,
        "a.beancount:2: include-slinga: a.beancount inkluderar main.beancount, "
        f"som redan (via rad {BOOKS.count(chr(10)) + 1}) inkluderar a.beancount",
    )


def test_a_file_included_twice(books: Path, run: Runner) -> None:
    text = BOOKS + 'include "a.beancount"\ninclude "a.beancount"\n'
    books.write_text(text, encoding="utf-8")
    (books.parent / "a.beancount").write_text("; a\n", "utf-8")
    first = BOOKS.count(chr(10)) + 1
    check_fails(
        run,
        f"{SHOWN}:{first + 1}: filen a.beancount inkluderas redan (rad {first} i main.beancount)",
    )


def test_a_very_long_line_is_refused_before_parsing(books: Path, run: Runner) -> None:
    books.write_text(BOOKS + "; " + "x" * 150_000 + "\n", encoding="utf-8")
    check_fails(
        run,
        f"{SHOWN}:{BOOKS.count(chr(10)) + 1}: raden är 150 002 tecken lång, mer än 100 000 "
        "tillåtna: dela upp den eller ta bort det som inte hör dit",
    )


# --------------------------------------------------------- beancount's messages, Swedish


def test_a_number_too_many_is_a_swedish_syntax_error(books: Path, run: Runner) -> None:
    text = edit(books, "Tillgångar:Bank  -100.00 SEK", "Tillgångar:Bank  -100.00 SEK 12")
    # beancount drops the voucher with the syntax error, so series B now starts at B2.
    check_fails(
        run,
        f"{SHOWN}:{line_of(text, '-100.00 SEK 12')}: syntaxfel: oväntat belopp, väntade "
        "filslut eller radslut eller @@ eller @",
        f"{SHOWN}:{line_of(text, 'Hyra februari')}: verifikationsserie B 2019 saknar nummer 1 "
        "(före B2)",
    )


def test_a_day_that_does_not_exist(books: Path, run: Runner) -> None:
    text = edit(books, "2019-02-28 *", "2019-02-30 *")
    check_fails(
        run, f"{SHOWN}:{line_of(text, '2019-02-30')}: ogiltigt datum: dagen finns inte i månaden"
    )


def test_a_month_that_does_not_exist(books: Path, run: Runner) -> None:
    text = edit(books, "2019-02-28 *", "2019-13-28 *")
    check_fails(
        run, f"{SHOWN}:{line_of(text, '2019-13-28')}: ogiltigt datum: månaden ska vara 1–12"
    )


def test_a_comma_as_decimal_separator(books: Path, run: Runner) -> None:
    text = edit(books, "Tillgångar:Bank  -100.00 SEK", "Tillgångar:Bank  -100,00 SEK")
    check_fails(
        run,
        f"{SHOWN}:{line_of(text, '-100,00')}: syntaxfel: ogiltigt belopp '100,00' (använd punkt "
        "som decimaltecken)",
        f"{SHOWN}:{line_of(text, 'Hyra februari')}: verifikationsserie B 2019 saknar nummer 1 "
        "(före B2)",
    )


def test_a_voucher_that_does_not_balance(books: Path, run: Runner) -> None:
    text = edit(books, "Tillgångar:Bank  -100.00 SEK", "Tillgångar:Bank  -10.00 SEK")
    check_fails(
        run,
        f"{SHOWN}:{line_of(text, 'Hyra januari')}: verifikation B1 balanserar inte: "
        "differens 90.00 SEK",
    )


def test_division_by_zero_in_an_amount_does_not_crash(books: Path, run: Runner) -> None:
    # beancount's parser would crash the whole process (a segmentation fault).
    text = edit(books, "Kostnader:SAMO:Hyra  100.00 SEK", "Kostnader:SAMO:Hyra  100/(2-2) SEK")
    check_fails(
        run,
        f"{SHOWN}:{line_of(text, '100/(2-2)')}: beloppet delar med noll: skriv beloppet i "
        "kronor och öre",
    )


# ------------------------------------------------------- rules that protect the figures


def test_three_decimals(books: Path, run: Runner) -> None:
    text = edit(books, "Kostnader:SAMO:Hyra  100.00 SEK\n  Tillgångar:Bank  -100.00 SEK",
                "Kostnader:SAMO:Hyra  100.005 SEK\n  Tillgångar:Bank  -100.005 SEK")
    line = line_of(text, "Hyra januari")
    check_fails(
        run,
        *(f"{SHOWN}:{line}: verifikation B1: beloppet {amount} SEK på {account} har fler än två "
          "decimaler: ange beloppet i hela öre"
          for amount, account in (("100.005", "Kostnader:SAMO:Hyra"),
                                  ("-100.005", "Tillgångar:Bank"))),
    )


def test_a_posting_in_eur(books: Path, run: Runner) -> None:
    # EUR on an account opened for SEK only: beancount's error and ours, and no warnings
    # (computing them on these books used to crash).
    text = edit(books, "Kostnader:SAMO:Hyra  100.00 SEK\n  Tillgångar:Bank  -100.00 SEK",
                "Kostnader:SAMO:Hyra  100.00 EUR\n  Tillgångar:Bank  -100.00 EUR")
    line = line_of(text, "Hyra januari")
    check_fails(
        run,
        *(f"{SHOWN}:{line}: verifikation B1: beloppet {amount} EUR på {account} är i EUR, men "
          "bokföringen förs bara i SEK"
          for amount, account in (("100.00", "Kostnader:SAMO:Hyra"),
                                  ("-100.00", "Tillgångar:Bank"))),
        *(f"{SHOWN}:{line}: valutan EUR är inte tillåten på konto {account}"
          for account in ("Kostnader:SAMO:Hyra", "Tillgångar:Bank")),
    )


def test_a_budget_in_eur(books: Path, run: Runner) -> None:
    text = edit(books, '"yearly" 1200.00 SEK', '"yearly" 1200.00 EUR')
    check_fails(
        run,
        f"{SHOWN}:{line_of(text, '1200.00 EUR')}: budgeten för Kostnader:SAMO:Hyra: beloppet "
        "1200.00 EUR är i EUR, men bokföringen förs bara i SEK",
    )


def test_a_budget_for_an_account_not_in_the_chart(books: Path, run: Runner) -> None:
    text = edit(books, 'budget" Kostnader:SAMO:Hyra', 'budget" Kostnader:SAMO:Hyrа')  # Cyrillic а
    check_fails(
        run,
        f"{SHOWN}:{line_of(text, 'yearly')}: custom \"budget\" för konto Kostnader:SAMO:Hyrа, "
        "som inte finns i kontoplanen",
    )


def test_two_budgets_for_one_account_on_one_date(books: Path, run: Runner) -> None:
    line = '2019-01-01 custom "budget" Kostnader:SAMO:Hyra "yearly" 1200.00 SEK\n'
    text = edit(books, line, line + line.replace("1200.00", "12000.00"))
    check_fails(
        run,
        f"{SHOWN}:{line_of(text, '12000.00')}: budgeten för Kostnader:SAMO:Hyra 2019-01-01 finns "
        f"redan ({MAIN}:{line_of(text, '1200.00 SEK')}): en senare rad ska ha ett senare datum",
    )


def test_a_negative_cost_budget_is_a_warning(books: Path, run: Runner) -> None:
    text = edit(books, '"yearly" 1200.00 SEK', '"yearly" -1200.00 SEK')
    status, err, out = run("check", "--ledger", MAIN)
    assert status == 0
    assert err == [
        "varning: budgeten för kostnadskontot Kostnader:SAMO:Hyra är negativ (-1200.00 SEK, "
        f"{MAIN}:{line_of(text, '-1200.00')}): kostnader budgeteras positiva; rätt bara om "
        "raden avser en återbetalning"
    ]
    assert out == (
        "finsam check: inga fel, 1 varning (4 verifikationer, 2019; nästa nr 2019: B3 K3)\n"
    )


def test_a_contribution_account_without_member(books: Path, run: Runner) -> None:
    text = edit(books, '  medlem: "umea"\n', "")
    check_fails(
        run,
        f"{SHOWN}:{line_of(text, 'open Intäkter:SAMO:Medlemsavgifter:Umeå')}: konto "
        "Intäkter:SAMO:Medlemsavgifter:Umeå är ett avgiftskonto men saknar medlem (metadata "
        'medlem, t.ex. "umea"): utan den räknas avgifterna inte som medlemsavgift, och '
        "trappans bas blir fel",
    )


def test_a_contribution_account_with_an_unknown_member(books: Path, run: Runner) -> None:
    text = edit(books, 'medlem: "umea"', 'medlem: "umeå"')
    check_fails(
        run,
        f"{SHOWN}:{line_of(text, 'open Intäkter:SAMO:Medlemsavgifter:Umeå')}: konto "
        'Intäkter:SAMO:Medlemsavgifter:Umeå har medlem: "umeå", men ingen sådan medlem är '
        "deklarerad (medlemmar.beancount)",
    )


def test_voucher_zero(books: Path, run: Runner) -> None:
    text = edit(books, 'ver: "B1"', 'ver: "B0"')
    check_fails(
        run,
        f'{SHOWN}:{line_of(text, "Hyra januari")}: verifikationsnummer "B0" är felaktigt: '
        "löpnumret börjar på 1",
        f"{SHOWN}:{line_of(text, 'Hyra februari')}: verifikationsserie B 2019 saknar nummer 1 "
        "(före B2)",
    )


def test_a_fiscal_year_in_words(books: Path, run: Runner) -> None:
    text = edit(books, 'custom "räkenskapsår" 2019', 'custom "räkenskapsår" "tjugo"')
    check_fails(
        run,
        f'{SHOWN}:{line_of(text, "tjugo")}: custom "räkenskapsår" ska ange ett årtal, '
        "t.ex. räkenskapsår 2019",
    )


def test_an_activity_declared_twice_names_the_first(books: Path, run: Runner) -> None:
    declaration = 'custom "verksamhet" "SAMO" "Testförbundet" "förbund"\n'
    text = edit(books, declaration, f'{declaration}2019-01-02 custom "verksamhet" "SAMO" '
                '"Samma igen" "förbund"\n')
    first = line_of(text, "Testförbundet\" \"förbund")
    check_fails(
        run,
        f"{SHOWN}:{line_of(text, 'Samma igen')}: verksamheten SAMO deklareras två gånger "
        f"(första: {MAIN}:{first})",
    )


@pytest.mark.parametrize(("declaration", "message"), [
    ('2019-01-01 custom "esf-projekt" "SAMO" "2014–2020" 15',
     "ESF-projektet SAMO finns redan"),
    ('2019-01-01 custom "esf-kategori" Kostnader:SAMO:Hyra "resor"',
     "ESF-kategorin för Kostnader:SAMO:Hyra finns redan"),
    ('2019-01-31 custom "makulerad" "B3" "Felregistrerad"', "makulerad B3 2019 finns redan"),
    ('2019-01-01 custom "attest-från" 2019-03-01',
     'custom "attest-från" anges två gånger (första:'),
    ('2019-12-31 custom "antagen" 2019 "Umeå"',
     "antagandet av årsredovisningen 2019 finns redan"),
    ('2019-01-25 custom "periodisk" "Hyra" "månad" "B" 100.00 SEK Kostnader:SAMO:Hyra '
     "Tillgångar:Bank", 'periodisk "Hyra" finns redan'),
    ('2019-01-01 custom "femårsöversikt" 2017 "resultat" 5.00 SEK',
     'femårsöversikten: "resultat" 2017 finns redan'),
    ('2019-01-01 custom "betalningsvillkor" 20', 'custom "betalningsvillkor" finns redan'),
    ('2019-01-01 custom "bankkonto" Tillgångar:Bank "B" Tillgångar:Bank "SE4580000832790000012345"',
     'custom "bankkonto" för Tillgångar:Bank finns redan'),
    ('2019-01-01 custom "bankregel" "Telia" Kostnader:SAMO:Hyra',
     'custom "bankregel" för "Telia" finns redan'),
])
def test_a_datum_declared_twice_names_the_first(
    books: Path, run: Runner, declaration: str, message: str
) -> None:
    """Each datum declared once per key (declared.keep_once): the second is the error,
    and it names where the first stands, relative to the working folder."""
    text = edit(books, "\n2019-01-01 open Tillgångar:Bank SEK",
                f"\n{declaration}\n{declaration} ; igen\n\n2019-01-01 open Tillgångar:Bank SEK")
    first = text.splitlines().index(declaration) + 1
    opening = " " if message.endswith("(första:") else " ("
    check_fails(run, f"{SHOWN}:{line_of(text, '; igen')}: {message}{opening}{MAIN}:{first})")


def test_warnings_are_not_computed_on_broken_books(
    books: Path, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(ledger: object) -> list[str]:
        raise AssertionError("warnings computed on broken books")

    monkeypatch.setattr(check, "ledger_warnings", fail)
    edit(books, 'ver: "B2"', 'ver: "B1"')
    status, err, _ = run("check", "--ledger", MAIN)
    assert status == 1 and len(err) == 1


# ------------------------------------------------------------------- the command line


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["arsredovisning", "tjugo"],
         "finsam arsredovisning: ÅR: ogiltigt år: 'tjugo' (skriv t.ex. 2019)"),
        (["arsredovisning", "99999999999999999999"],
         "finsam arsredovisning: ÅR: ogiltigt år: '99999999999999999999' (skriv t.ex. 2019)"),
        (["trappan", "-5"], "finsam trappan: ÅR: ogiltigt år: '-5' (skriv t.ex. 2019)"),
        (["arsredovisning", "1900", "--ledger", MAIN, "--out", "rapport"],
         "finsam arsredovisning: 1900 ligger inte i bokföringens räkenskapsår (2019)"),
        (["arsredovisning"], "finsam arsredovisning: ÅR: argumentet saknas"),
        (["chek"], "finsam: KOMMANDO: ogiltigt val: 'chek' (välj bland 'check', "
                   "'arsredovisning', 'medlemsavgifter', 'medlemspaket', 'oversikt', "
                   "'trappan', 'uppfoljning', 'uppfoljning-finsam', 'scb', 'momsersattning', "
                   "'esf', 'insatser', "
                   "'delarsrapport', 'sie', "
                   "'sie-import', 'flytta-in', 'specifikation', "
                   "'verifikationslista', 'huvudbok', 'saldobalans', 'bokslut', 'nasta', "
                   "'periodiska', 'reskontra', 'attest', 'bank-import', 'fava', 'anvandare')"),
        (["check", "--ledgr", MAIN], f"finsam: --ledgr {MAIN}: okända argument"),
        (["check", "--ledger", MAIN, "2019"], "finsam: 2019: okänt argument"),
        (["medlemsavgifter", "2019", "--ledger", MAIN, "--kvartal"],
         "finsam medlemsavgifter: --kvartal: används bara tillsammans med --bokför"),
        (["check", "--ledger", "saknas.beancount"],
         "finsam check: --ledger: bokföringen saknas.beancount finns inte (ange --ledger FIL "
         "eller sätt FINSAM_LEDGER)"),
    ],
)
def test_command_line_mistakes(books: Path, run: Runner, args: list[str], line: str) -> None:
    status, err, out = run(*args)
    assert (status, err, out) == (1, [line], "")


def test_an_internal_error_is_one_line_without_traceback(
    books: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(ledger: object) -> list[str]:
        raise KeyError("trappan")

    monkeypatch.setattr(check, "ledger_warnings", broken)
    assert main(["check", "--ledger", MAIN]) == 1
    assert capsys.readouterr().err == (
        "finsam check: internt fel: KeyError: 'trappan' (kör med --debug för detaljer)\n"
    )


def test_debug_shows_the_traceback(
    books: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(ledger: object) -> list[str]:
        raise KeyError("trappan")

    monkeypatch.setattr(check, "ledger_warnings", broken)
    assert main(["--debug", "check", "--ledger", MAIN]) == 1
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "internt fel" in err


def test_a_terminal_that_cannot_print_swedish(
    books: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, err = io.BytesIO(), io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out, encoding="ascii"))
    monkeypatch.setattr(sys, "stderr", io.TextIOWrapper(err, encoding="ascii"))
    edit(books, 'ver: "B2"', 'ver: "B1"')
    assert main(["check", "--ledger", MAIN]) == 1
    assert main(["trappan", "2019", "--ledger", MAIN]) == 1
    sys.stdout.flush()
    sys.stderr.flush()
    assert b"verifikation B1 finns redan" in err.getvalue()
    assert b"finsam check: 1 fel i" in out.getvalue()


# --------------------------------------------------------------------------- output


def test_out_is_an_existing_file(books: Path, run: Runner) -> None:
    (books.parent / "rapport.txt").write_text("", encoding="utf-8")
    status, err, out = run("arsredovisning", "2019", "--ledger", MAIN, "--out",
                           "ledger/rapport.txt")
    assert (status, out) == (1, "")
    assert err == ["finsam arsredovisning: --out: ledger/rapport.txt är en fil, ingen katalog"]


def test_out_below_a_file(books: Path, run: Runner) -> None:
    target = f"{MAIN}/2019"
    status, err, _ = run("arsredovisning", "2019", "--ledger", MAIN, "--out", target)
    assert (status, err) == (1, [
        f"finsam arsredovisning: --out: {target} ligger under filen {books}, som inte är en "
        "katalog"
    ])


def test_out_inside_the_ledger_folder(books: Path, run: Runner) -> None:
    status, err, _ = run("arsredovisning", "2019", "--ledger", MAIN, "--out", "ledger/2019")
    assert (status, err) == (1, [
        f"finsam arsredovisning: --out: ledger/2019 ligger i bokföringens katalog "
        f"{books.parent.resolve()}; välj en katalog utanför den (t.ex. reports/ÅR)"
    ])


def test_out_in_a_read_only_folder(
    books: Path, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests may run as root, who can write anywhere: the permission is faked here.
    readonly = books.parent.parent.resolve()
    monkeypatch.setattr(output.os, "access", lambda path, mode: Path(path) != readonly)
    status, err, _ = run("arsredovisning", "2019", "--ledger", MAIN, "--out", "rapport")
    assert (status, err) == (1, [f"finsam arsredovisning: --out: katalogen {readonly} är "
                                 "skrivskyddad"])


def test_a_failed_write_leaves_nothing_and_keeps_other_files(
    books: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = books.parent.parent / "rapport"
    out.mkdir()
    (out / "anteckningar.txt").write_text("mina", encoding="utf-8")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disken full")

    monkeypatch.setattr("finsam_accounts.render.xlsx.write_xlsx", broken)
    assert main(["arsredovisning", "2019", "--ledger", MAIN, "--out", "rapport"]) == 1
    assert "internt fel: RuntimeError: disken full" in capsys.readouterr().err
    assert sorted(os.listdir(out)) == ["anteckningar.txt"]
    assert sorted(os.listdir(out.parent)) == ["ledger", "rapport"]  # no staging folder


def test_a_report_replaces_its_own_files_only(
    books: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = books.parent.parent / "rapport"
    out.mkdir()
    (out / "anteckningar.txt").write_text("mina", encoding="utf-8")
    assert main(["arsredovisning", "2019", "--ledger", MAIN, "--out", "rapport"]) == 0
    written = int(capsys.readouterr().out.split("…; ")[1].split(" filer")[0])
    assert (out / "anteckningar.txt").read_text(encoding="utf-8") == "mina"
    assert len(os.listdir(out)) == written + 1
    assert sorted(os.listdir(out.parent)) == ["ledger", "rapport"]


def test_a_year_without_contributions_gives_a_report_or_a_swedish_line(
    books: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = BOOKS[: BOOKS.index('2019-03-15 * "Staten"')]
    books.write_text(text, encoding="utf-8")
    status = main(["arsredovisning", "2019", "--ledger", MAIN, "--out", "rapport"])
    err = capsys.readouterr().err
    assert "internt fel" not in err
    assert status == 0 or err.startswith("ledger/")


def test_sie_out_is_a_folder(books: Path, run: Runner) -> None:
    status, err, out = run("sie", "2019", "--ledger", MAIN, "--out", "ledger")
    assert (status, err, out) == (1, ["finsam sie: --out: ledger är en katalog; ange ett filnamn"],
                                  "")


def test_sie_import_out_below_a_file(books: Path, run: Runner) -> None:
    target = f"{MAIN}/import.beancount"
    status, err, _ = run("sie-import", "fil.se", "--ledger", MAIN, "--out", target)
    assert (status, err) == (1, [
        f"finsam sie-import: --out: {target} ligger under filen {books}, som inte är en katalog"
    ])


def test_a_root_name_missing_in_the_main_file(example: Path, run: Runner) -> None:
    # The included files still parse (each repeats the option), but the main file decides
    # what is equity: without the line, the balance sheet would go wrong unnoticed.
    edit(example / "main.beancount", 'option "name_equity" "Eget-kapital"\n', "")
    chart = (example / "kontoplan.beancount").read_text(encoding="utf-8")
    locks = (example / "bokslut.beancount").read_text(encoding="utf-8")
    lock_line = line_of(locks, 'custom "bokslut" 2018')
    check_fails(
        run,
        f"kontoplan.beancount:{line_of(chart, 'open Eget-kapital:Eget-kapital')}: konto "
        "Eget-kapital:Eget-kapital har roten Eget-kapital, som inte är ett av rotkontona i "
        "huvudfilen (Tillgångar, Skulder, Equity, Intäkter, Kostnader): lägg till raden "
        'option "name_equity" "Eget-kapital" överst i huvudfilen',
        # The option shapes the locked year's report too (finsam_accounts/lock_scope.py).
        f"bokslut.beancount:{lock_line}: bokslutet 2018 är "
        "låst: en option-rad (namn, valuta, rotkonton, toleranser) har ändrats efter "
        "bokslutet; ändra tillbaka; det som gäller ett låst år ändras inte",
    )


def test_a_control_character_is_refused(books: Path, run: Runner) -> None:
    books.write_text(BOOKS.replace("Hyra februari", "Hyra\x00februari"), encoding="utf-8")
    check_fails(
        run,
        f"{SHOWN}:{line_of(BOOKS, 'Hyra februari')}: raden innehåller ett styrtecken (U+0000) "
        "som inte hör hemma i en textfil: ta bort det",
    )


def test_a_root_name_that_is_no_account_name(books: Path, run: Runner) -> None:
    text = edit(books, 'option "name_expenses" "Kostnader"', 'option "name_expenses" "kostnader"')
    status, err, _ = run("check", "--ledger", MAIN)
    assert status == 1
    assert err[0] == (
        f"{SHOWN}:{line_of(text, 'name_expenses')}: option \"name_expenses\": ogiltigt namn på "
        "rotkonto 'kostnader'"
    )
