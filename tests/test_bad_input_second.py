"""Bad input, second pass (issue 21): the crashes, silent figures and half-writes a new
user still hit after issue 8. Same rule: one Swedish line naming file and line, exit
status 1, no traceback, nothing written, no silent figure.

The books are :data:`test_bad_input.BOOKS` with one mistake; line numbers are found in the
test's own text, independently of the code under test.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_bad_input import BOOKS, EXAMPLE, MAIN, SHOWN, Result, Runner, line_of, snapshot

from finsam_accounts.cli import main

# Every custom directive of the conventions (docs/ledger.md).
CUSTOM_TYPES = (
    "verksamhet", "antagen", "medlemsavgift-tilldelning", "styrelseledamot", "budget",
    "budget-eget-kapital", "räkenskapsår", "prognos", "medlemsavgift-andel", "insats",
    "medlemsavgift-fakturering", "bokslut", "medlem", "organisationsnummer", "befolkning",
    "budgetprofil", "finsam-specifikation", "trappan-steg", "trappan",
    "medlemsavgift-tolerans", "makulerad",
)
# Arguments of every type and arity a hand can write.
ARGUMENTS = (
    "", '"x"', "12.5 SEK", "TRUE", "Kostnader:SAMO:Hyra", 'Kostnader:SAMO:Hyra "x"',
    '2019 "x"', '"x" "y" "z"', "2019 12 SEK",
)


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
    """Run ``finsam ARGS`` in-process: status, stderr lines, stdout; nothing may be written
    and no traceback or internal error shown."""

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


def append(path: Path, text: str) -> str:
    """The file with ``text`` added at its end; the new text."""
    full = path.read_text(encoding="utf-8") + text
    path.write_text(full, encoding="utf-8")
    return full


# ------------------------------------------------------------- custom directives' shape


@pytest.mark.parametrize("kind", CUSTOM_TYPES)
@pytest.mark.parametrize("arguments", ARGUMENTS)
def test_a_custom_directive_of_any_shape_is_reported_at_its_own_line(
    books: Path, run: Runner, kind: str, arguments: str
) -> None:
    line = f'2019-06-01 custom "{kind}" {arguments}'.rstrip()
    text = append(books, f"\n{line}\n")
    status, err, _ = run("check", "--ledger", MAIN)
    if status == 0:
        return  # a shape the convention accepts
    assert status == 1
    # Never at the plugin line or line 1 (a crash of a plugin is reported there).
    assert not [e for e in err if e.startswith((f"{SHOWN}:1:", f"{SHOWN}:8:"))], err
    assert err[0].startswith(f"{SHOWN}:{line_of(text, line)}: "), err


@pytest.mark.parametrize(("line", "message"), [
    ('2019-06-01 custom "budgetprofil"',
     'budgetprofilen ska vara: custom "budgetprofil" KONTO "jämn|kvartal|halvår", eller '
     "KONTO och tolv vikter (en per månad)"),
    ('2019-06-01 custom "räkenskapsår"',
     'custom "räkenskapsår" ska ange ett årtal, t.ex. räkenskapsår 2019'),
    ('2019-06-01 custom "räkenskapsår" 2019 "2020"',
     'custom "räkenskapsår" ska ange ett årtal, t.ex. räkenskapsår 2019'),
    ('2019-06-01 custom "medlem" "vannas" "Vännäs kommun" "kommuner"',
     'medlemmen "vannas" har okänd medlemstyp "kommuner" (tillåtna: stat, region, kommun)'),
    ('2019-06-01 custom "medlem" "vannas" "Vännäs kommun"',
     'medlemmen ska skrivas custom "medlem" "id" "Namn" "stat|region|kommun", t.ex. '
     'custom "medlem" "umea" "Umeå kommun" "kommun"'),
])
def test_a_custom_directive_with_missing_arguments(
    books: Path, run: Runner, line: str, message: str
) -> None:
    text = append(books, f"\n{line}\n")
    status, err, _ = run("check", "--ledger", MAIN)
    assert (status, err) == (1, [f"{SHOWN}:{line_of(text, line)}: {message}"])


# ------------------------------------------------------------- years, names, the disk


@pytest.mark.parametrize(("args", "line"), [
    (["huvudbok", "0"], "finsam huvudbok: ÅR: ogiltigt år: '0' (skriv t.ex. 2019)"),
    (["verifikationslista", "99999"],
     "finsam verifikationslista: ÅR: ogiltigt år: '99999' (skriv t.ex. 2019)"),
    (["bokslut", "0"], "finsam bokslut: ÅR: ogiltigt år: '0' (skriv t.ex. 2019)"),
    (["huvudbok", "2030", "--out", "rapport"],
     "finsam huvudbok: 2030 ligger utanför bokföringens räkenskapsår (2019)"),
    (["verifikationslista", "2018", "--out", "rapport"],
     "finsam verifikationslista: 2018 ligger utanför bokföringens räkenskapsår (2019)"),
    (["saldobalans", "2030-01-01", "--out", "rapport"],
     "finsam saldobalans: 2030-01-01 ligger utanför bokföringens räkenskapsår (2019)"),
    (["saldobalans", "2018-12-31", "--out", "rapport"],
     "finsam saldobalans: 2018-12-31 ligger utanför bokföringens räkenskapsår (2019)"),
])
def test_a_year_outside_the_books_is_refused(
    books: Path, run: Runner, args: list[str], line: str
) -> None:
    assert run(*args, "--ledger", MAIN) == (1, [line], "")


@pytest.mark.parametrize("command", [
    ["arsredovisning", "2019"], ["huvudbok", "2019"], ["uppfoljning", "2019-08-31"],
    ["delarsrapport", "2019-08-31"],
])
def test_a_name_longer_than_the_file_system_allows(
    books: Path, run: Runner, command: list[str]
) -> None:
    name = "a" * 300
    status, err, out = run(*command, "--ledger", MAIN, "--out", name)
    assert (status, out) == (1, "")
    assert err == [f"finsam {command[0]}: --out: namnet {'a' * 20}…{'a' * 10} är för långt "
                   "(300 byte; filsystemet tillåter högst 255 per namn)"]


def test_a_file_name_longer_than_the_file_system_allows(books: Path, run: Runner) -> None:
    name = "å" * 200 + ".se"  # 200 letters, 403 bytes
    status, err, _ = run("sie", "2019", "--ledger", MAIN, "--out", name)
    assert (status, err) == (1, [f"finsam sie: --out: namnet {'å' * 20}…{'å' * 7}.se är för "
                                 "långt (403 byte; filsystemet tillåter högst 255 per namn)"])


@pytest.mark.parametrize("command", [
    ["arsredovisning", "2019"], ["huvudbok", "2019"], ["uppfoljning", "2019-08-31"],
    ["saldobalans", "2019-12-31"],
])
def test_a_ledger_option_naming_a_folder_is_blamed_on_the_ledger(
    books: Path, run: Runner, command: list[str]
) -> None:
    status, err, _ = run(*command, "--ledger", "ledger", "--out", "rapport")
    assert (status, err) == (1, [f"finsam {command[0]}: --ledger: ledger är ingen fil"])


@pytest.mark.parametrize("command", [["arsredovisning", "2019"], ["huvudbok", "2019"],
                                     ["uppfoljning", "2019-08-31"]])
def test_a_full_disk_leaves_nothing_half_written(
    books: Path, run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    command: list[str],
) -> None:
    real_write_text = Path.write_text

    def full_disk(path: Path, text: str, *args: object, **kwargs: object) -> int:
        # Half the page is written, then the disk is full.
        real_write_text(path, text[: len(text) // 2], encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full_disk)
    status, err, out = run(*command, "--ledger", MAIN, "--out", "rapport")
    assert (status, out) == (1, "")
    shown = "rapport" if command[0] == "huvudbok" else tmp_path / "rapport"
    assert err == [f"finsam {command[0]}: --out: kan inte skriva {shown}: disken är full"]


# ------------------------------------------------------------------ too large numbers

HUGE = "123456789012345678901234567.00"  # 27 digits before the point


def test_an_amount_of_27_digits_names_the_voucher(books: Path, run: Runner) -> None:
    text = BOOKS.replace(
        "Kostnader:SAMO:Hyra  100.00 SEK\n  Tillgångar:Bank  -100.00 SEK",
        f"Kostnader:SAMO:Hyra  {HUGE} SEK\n  Tillgångar:Bank  -{HUGE} SEK", 1)
    books.write_text(text, encoding="utf-8")
    status, err, _ = run("check", "--ledger", MAIN)
    assert (status, err) == (1, [
        f"{SHOWN}:{line_of(text, 'Hyra januari')}: verifikation B1: beloppet {HUGE} SEK på "
        "Kostnader:SAMO:Hyra är för stort: högst 12 siffror före decimaltecknet"])
    status, err, _ = run("trappan", "2019", "--ledger", MAIN)
    assert status == 1 and err[0].startswith(f"{SHOWN}:{line_of(text, 'Hyra januari')}: ")


@pytest.mark.parametrize(("line", "shown"), [
    (f'2019-01-01 custom "budget" Kostnader:SAMO:Hyra "yearly" {HUGE} SEK',
     f'custom "budget": talet {HUGE} SEK'),
    (f'2019-01-01 custom "befolkning" 2019 "umea" {HUGE[:-3]}',
     f'custom "befolkning": talet {HUGE[:-3]}'),
    (f"2019-12-31 balance Tillgångar:Bank {HUGE} SEK", f"saldokontrollen: beloppet {HUGE} SEK"),
])
def test_a_number_of_27_digits_elsewhere(
    books: Path, run: Runner, line: str, shown: str
) -> None:
    text = append(books, f"\n{line}\n")
    status, err, _ = run("check", "--ledger", MAIN)
    where = f"{SHOWN}:{line_of(text, line)}: "
    assert status == 1 and all(e.startswith(where) for e in err)  # beancount's may add one
    assert f"{where}{shown} är för stort: högst 12 siffror före decimaltecknet" in err


# ----------------------------------------------------------------------- finsam bokslut


def closing_books(tmp_path: Path) -> Path:
    """The closing tests' two-year ledger (2018 can be locked) in bok/."""
    from test_closing import write

    return write(tmp_path / "bok")


def bokslut(ledger: Path, capsys: pytest.CaptureFixture[str]) -> Result:
    status = main(["bokslut", "2018", "--ledger", str(ledger)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "internt fel" not in captured.err
    return status, captured.err.splitlines(), captured.out


def test_bokslut_in_a_read_only_ledger_folder_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = closing_books(tmp_path)
    (ledger.parent / "bokslut").mkdir()  # a manifest folder that can be written
    before = snapshot(tmp_path)
    folder = ledger.parent.resolve()
    # Tests may run as root, who can write anywhere: the permission is faked here.
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path).resolve() != folder
                        and real_access(path, mode))
    assert bokslut(ledger, capsys) == (
        1, [f"finsam bokslut: katalogen {folder} är skrivskyddad; inget låst"], "")
    assert snapshot(tmp_path) == before


def test_bokslut_whose_write_fails_leaves_no_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from finsam_accounts import output

    ledger = closing_books(tmp_path)
    before = snapshot(tmp_path)
    real_mkstemp = output.tempfile.mkstemp
    folder = ledger.parent.resolve()

    def denied(*args: object, **kwargs: object) -> tuple[int, str]:
        if Path(str(kwargs["dir"])).resolve() == folder:  # the ledger folder is read-only
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_mkstemp(*args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(output.tempfile, "mkstemp", denied)
    assert bokslut(ledger, capsys) == (1, [
        f"finsam bokslut: kan inte skriva {folder / 'bokslut.beancount'}: behörighet saknas; "
        "inget låst"], "")
    assert snapshot(tmp_path) == before
    assert sorted(p.name for p in ledger.parent.iterdir()) == ["main.beancount"]


def test_a_second_bokslut_while_one_runs_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = closing_books(tmp_path)
    running = os.getppid()  # a process that runs: the one that started the tests
    held = ledger.parent / ".finsam-bokslut.lock"
    held.write_text(f"{running}\n", encoding="ascii")
    before = snapshot(tmp_path)
    assert bokslut(ledger, capsys) == (1, [
        f"finsam bokslut: ett annat bokslut pågår (process {running}, låsfilen {held}); "
        "försök igen när det är klart; inget låst"], "")
    assert snapshot(tmp_path) == before


def test_a_run_lock_left_by_a_killed_bokslut_is_taken_over(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = closing_books(tmp_path)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    (ledger.parent / ".finsam-bokslut.lock").write_text(f"{gone}\n", encoding="ascii")
    status, err, out = bokslut(ledger, capsys)
    assert (status, err) == (0, [])
    assert out.startswith("Räkenskapsåret 2018 är låst: 4 verifikationer")
    assert not (ledger.parent / ".finsam-bokslut.lock").exists()


def test_two_bokslut_at_once_lock_the_year_once(tmp_path: Path) -> None:
    ledger = closing_books(tmp_path)
    command = [sys.executable, "-m", "finsam_accounts.cli", "bokslut", "2018", "--ledger",
               str(ledger)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(2)]
    results = sorted((run.wait(timeout=120), run.stderr.read() if run.stderr else "")
                     for run in runs)
    assert [status for status, _ in results] == [0, 1]
    refused = results[1][1]
    assert "ett annat bokslut pågår" in refused or "2018 är redan låst" in refused, refused
    lock_text = (ledger.parent / "bokslut.beancount").read_text(encoding="utf-8")
    assert lock_text.count('custom "bokslut" 2018') == 1
    assert ledger.read_text(encoding="utf-8").count('include "bokslut.beancount"') == 1
    from finsam_accounts.ledger import load

    assert load(ledger).errors == []
    assert not (ledger.parent / ".finsam-bokslut.lock").exists()


# --------------------------------------------------------- the förvaltningsberättelse


def test_a_50_mb_forvaltningsberattelse_is_refused_at_once(books: Path, run: Runner) -> None:
    text = books.parent / "forvaltningsberattelse-2019.md"
    with text.open("w", encoding="utf-8") as handle:
        for _ in range(50 * 1024):  # 50 MB of a pasted text
            handle.write(("Förbundet har under året " * 41)[:1023] + "\n")
    size = f"{text.stat().st_size:,}".replace(",", " ")  # 56 627 200: å and ö are 2 bytes
    status, err, out = run("arsredovisning", "2019", "--ledger", MAIN, "--out", "rapport")
    assert (status, out) == (1, "")
    assert err == ["forvaltningsberattelse-2019.md:1: texten i forvaltningsberattelse-2019.md "
                   f"är för lång ({size} byte); en text får vara högst 200 000 tecken "
                   "(omkring 60 sidor): korta den"]


def test_a_text_just_over_the_limit_names_the_line_where_it_passes(
    books: Path, run: Runner
) -> None:
    line = "Förbundet har under året arbetat med samverkan." * 2  # 94 characters
    count = 200_000 // 95 + 10
    (books.parent / "forvaltningsberattelse-2019.md").write_text(
        "\n".join([line] * count) + "\n", encoding="utf-8")
    status, err, _ = run("arsredovisning", "2019", "--ledger", MAIN, "--out", "rapport")
    passed = 200_000 // 95 + 1  # the line that holds character 200 000
    total = f"{count * 95:,}".replace(",", " ")
    assert (status, err) == (1, [
        f"forvaltningsberattelse-2019.md:{passed}: texten i forvaltningsberattelse-2019.md är "
        f"för lång ({total} tecken); en text får vara högst 200 000 tecken (omkring 60 "
        "sidor): korta den"])


def test_a_long_paragraph_is_typeset_in_pieces_that_read_the_same() -> None:
    import re

    from finsam_accounts.annual import texts

    words = " ".join(f"ord{n}" for n in range(3000))  # 22 889 characters; twice in one paragraph
    paragraph = f"{words} **fet text** [länk](https://example.org) <b> & {words}"
    html = texts.markdown_html(paragraph)
    pieces_expected = len(paragraph) // texts.PIECE
    assert pieces_expected <= html.count("<span>") <= pieces_expected + 1
    # Without the spans, the very HTML CommonMark gives: nothing else changed.
    whole = html.replace("<span>", "").replace("</span>", "")
    assert whole.startswith("<p>ord0 ord1 ") and "<strong>fet text</strong>" in whole
    assert "&lt;b&gt; &amp; ord0" in whole and whole.endswith("ord2999</p>\n")
    pieces = re.findall(r"<span>(.*?)</span>", html, flags=re.S)
    assert all(len(p) <= texts.PIECE + 10 for p in pieces if "<" not in p)  # plain text
    assert texts.markdown_html("kort *text*") == "<p>kort <em>text</em></p>\n"


def write_text(books: Path, text: str) -> Path:
    path = books.parent / "forvaltningsberattelse-2019.md"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("written", "shown"), [
    ("Eget kapital {eget_kapital kr vid årets slut.", "{eget_kapital kr"),
    ("Eget kapital {eget kapital} kr.", "{eget kapital}"),
    ("Eget kapital eget_kapital} kr.", "eget_kapital}"),
])
def test_a_name_written_wrong_in_the_text_is_an_error_at_its_line(
    books: Path, run: Runner, written: str, shown: str
) -> None:
    write_text(books, f"# Året\n\nÅrets resultat blev {{årets_resultat}} kr.\n{written}\n")
    status, err, _ = run("arsredovisning", "2019", "--ledger", MAIN, "--out", "rapport")
    assert (status, err) == (1, [
        f'forvaltningsberattelse-2019.md:4: "{shown}" är inget belopp: skriv namnet inom '
        "klammer, t.ex. {eget_kapital} kr (en klammer som text skrivs \\{ eller \\})"])


def test_a_name_with_spaces_inside_the_braces_is_filled_in(
    books: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # BOOKS: contributions 2 × 1 000 kr, rent 2 × 100 kr: the result and the equity at
    # the year's end are both 1 800 kr (no balance brought in).
    write_text(books, "Eget kapital { eget_kapital } kr, { eget_kapital : tkr } tkr; "
                      "mängden \\{a, b\\}.\n")
    assert main(["arsredovisning", "2019", "--ledger", MAIN, "--out", "rapport"]) == 0
    html = (tmp_path / "rapport" / "arsredovisning.html").read_text(encoding="utf-8")
    assert "Eget kapital 1\xa0800 kr, 2 tkr; mängden {a, b}." in html


# ------------------------------------------------------------------- silent figures

INSATS = """
2019-01-01 open Kostnader:SAMO:Insatser:Torget SEK
  nr: "4550"
  verksamhet: "SAMO"
2019-01-01 custom "insats" "Torget" "Dnr 2019/1" 2019-01-01 2019-12-31 50000.00 SEK
  konton: "{accounts}"
"""


@pytest.mark.parametrize(("accounts", "message"), [
    ("Kostnader:SAMO:Insatser:Torget Kostnader:SAMO:Insatser:Torget",
     "insatsen Torget: kontot Kostnader:SAMO:Insatser:Torget står två gånger i konton; "
     "förbrukningen skulle räknas två gånger"),
    ("Kostnader:SAMO:Insatser:Torget, Intäkter:SAMO:Medlemsavgifter:Umeå",
     "insatsen Torget: kontot Intäkter:SAMO:Medlemsavgifter:Umeå är inget kostnadskonto; en "
     "insats förbrukas på kostnadskonton (Kostnader:...), och en intäkt skulle minska "
     "förbrukningen"),
    ("Tillgångar:Bank", "insatsen Torget: kontot Tillgångar:Bank är inget kostnadskonto; en "
     "insats förbrukas på kostnadskonton (Kostnader:...), och en intäkt skulle minska "
     "förbrukningen"),
])
def test_an_insats_that_would_count_its_use_wrong(
    books: Path, run: Runner, accounts: str, message: str
) -> None:
    text = append(books, INSATS.format(accounts=accounts))
    where = f"{SHOWN}:{line_of(text, 'Dnr 2019/1')}: "
    status, err, _ = run("check", "--ledger", MAIN)
    assert (status, err) == (1, [f"{where}{message}"])
    status, err, _ = run("insatser", "2019-08-31", "--ledger", MAIN, "--out", "rapport")
    assert (status, err) == (1, [f"{where}{message}"])


@pytest.mark.parametrize(("line", "warning"), [
    ('2019-06-30 custom "prognos" Kostnader:SAMO:Hyra -1200.00 SEK "fel tecken"',
     "varning: prognosen för kostnadskontot Kostnader:SAMO:Hyra är negativ (-1200.00 SEK, "
     "ledger/main.beancount:{n}): kostnader prognostiseras positiva; rätt bara om raden "
     "avser en återbetalning"),
    ('2019-06-30 custom "prognos" Intäkter:SAMO:Medlemsavgifter:Umeå 1000.00 SEK',
     "varning: prognosen för intäktskontot Intäkter:SAMO:Medlemsavgifter:Umeå är positiv "
     "(1000.00 SEK, ledger/main.beancount:{n}): intäkter prognostiseras negativa "
     "(beancounts tecken)"),
])
def test_a_forecast_with_the_wrong_sign_is_warned_like_a_budget(
    books: Path, run: Runner, line: str, warning: str
) -> None:
    text = append(books, f"\n{line}\n")
    status, err, out = run("check", "--ledger", MAIN)
    assert (status, out.startswith("finsam check: inga fel, 1 varning")) == (0, True)
    assert err == [warning.format(n=line_of(text, line))]


@pytest.mark.parametrize(("line", "what"), [
    ('2019-01-01 custom "budget" Tillgångar:Bank "yearly" 5000.00 SEK', "budgeten"),
    ('2019-06-30 custom "prognos" Tillgångar:Bank 5000.00 SEK "kassan"', "prognosen"),
])
def test_a_balance_sheet_budget_line_is_an_error(
    books: Path, run: Runner, line: str, what: str
) -> None:
    text = append(books, f"\n{line}\n")
    status, err, _ = run("check", "--ledger", MAIN)
    assert (status, err) == (1, [
        f"{SHOWN}:{line_of(text, line)}: {what} för Tillgångar:Bank: bara intäkts- och "
        "kostnadskonton (Intäkter, Kostnader) följs upp mot budget, så raden skulle inte "
        'synas någonstans; eget kapital budgeteras med custom "budget-eget-kapital"'])


def test_a_fractional_population_is_refused(books: Path, run: Runner) -> None:
    line = '2019-01-01 custom "befolkning" 2019 "umea" 127119.5'
    text = append(books, f"\n{line}\n")
    status, err, _ = run("check", "--ledger", MAIN)
    assert (status, err) == (1, [
        f'{SHOWN}:{line_of(text, line)}: befolkningen för "umea" är 127119.5: ange antalet '
        "invånare i hela tal"])


# ------------------------------------------------------------------- unclear messages


def test_a_duplicate_metadata_field_is_named_in_swedish(books: Path, run: Runner) -> None:
    text = BOOKS.replace('  ver: "B1"\n', '  ver: "B1"\n  ver: "B2"\n', 1).replace(
        "  Kostnader:SAMO:Hyra  100.00 SEK\n",
        '  Kostnader:SAMO:Hyra  100.00 SEK\n    faktura: "1"\n    faktura: "2"\n', 1)
    books.write_text(text, encoding="utf-8")
    where = f"{SHOWN}:{line_of(text, 'Hyra januari')}: "
    status, err, _ = run("check", "--ledger", MAIN)
    assert (status, err) == (1, [
        f"{where}metadata ver står två gånger på verifikationen (den andra: 'B2'); behåll en",
        f"{where}metadata faktura står två gånger på en konteringsrad (den andra: '2'); "
        "behåll en",
    ])


# ------------------------------------------------------------------- output folders


def test_a_folder_holding_another_report_is_refused(
    books: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (books.parent / "delarsrapport-2019-08-31.txt").write_text(
        "Förbundet har arbetat enligt plan.\n", encoding="utf-8")
    assert main(["arsredovisning", "2019", "--ledger", MAIN, "--out", "rapport"]) == 0
    capsys.readouterr()
    before = snapshot(tmp_path)
    status = main(["delarsrapport", "2019-08-31", "--ledger", MAIN, "--out", "rapport"])
    captured = capsys.readouterr()
    assert snapshot(tmp_path) == before  # not one of the annual report's files replaced
    assert (status, captured.out) == (1, "")
    assert captured.err.splitlines() == [
        f"finsam delarsrapport: --out: {tmp_path / 'rapport'} innehåller redan en annan "
        "rapport (arsredovisning.html); välj en egen katalog för den här, så att ingen av "
        "dem skriver över den andras filer"]
    # The same report again replaces its own files.
    assert main(["arsredovisning", "2019", "--ledger", MAIN, "--out", "rapport"]) == 0


def test_staging_folders_left_by_a_killed_run_are_removed(
    books: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hour_ago = time.time() - 3700
    left = tmp_path / ".finsam-ab12cd_3"  # what tempfile.mkdtemp names, a killed run's
    (left / "sub").mkdir(parents=True)
    (left / "sub" / "trappan.csv").write_text("halv", encoding="utf-8")
    os.utime(left, (hour_ago, hour_ago))
    writing = tmp_path / ".finsam-zz99yy88"  # a run writing now: kept
    writing.mkdir()
    kept = [tmp_path / ".finsam-anteckningar", tmp_path / ".finsam-ab12cd_4"]
    kept[0].mkdir()  # not a name finsam gives: kept, however old
    kept[1].write_text("en fil", encoding="utf-8")  # a file, not a staging folder: kept
    for path in kept:
        os.utime(path, (hour_ago, hour_ago))
    assert main(["huvudbok", "2019", "--ledger", MAIN, "--out", "rapport"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".finsam-")) == [
        ".finsam-ab12cd_4", ".finsam-anteckningar", ".finsam-zz99yy88"]


# ------------------------------------------------------------- names that look right

ZWSP = "\u200b"  # zero-width space
RING_A = "a\u030a"  # "å" as a and a combining ring


@pytest.mark.parametrize(("old", "new", "needle", "message"), [
    ('  verksamhet: "SAMO"\n  medlem: "staten"', f'  verksamhet: "SAMO{ZWSP}"\n  medlem: "staten"',
     "Medlemsavgifter:Staten SEK",
     f'metadata verksamhet "SAMO{ZWSP}" innehåller ett osynligt tecken (U+200B efter "SAMO") '
     "och ser därför ut som ett annat namn än det är: ta bort tecknet"),
    ('  ver: "B2"', f'  ver: "{ZWSP}B2"', "Hyra februari",
     f'metadata ver "{ZWSP}B2" innehåller ett osynligt tecken (U+200B först) och ser därför '
     "ut som ett annat namn än det är: ta bort tecknet"),
    ('custom "medlem" "umea" "Umeå kommun"', 'custom "medlem" "umea\u00a0" "Umeå kommun"',
     '"medlem" "umea',
     'custom "medlem": namnet "umea\u00a0" innehåller ett osynligt tecken (U+00A0 efter '
     '"umea") och ser därför ut som ett annat namn än det är: ta bort tecknet'),
    ("open Intäkter:SAMO:Medlemsavgifter:Umeå SEK",
     f"open Intäkter:SAMO:Medlemsavgifter:Ume{RING_A} SEK", "Medlemsavgifter:Ume",
     f'kontot "Intäkter:SAMO:Medlemsavgifter:Ume{RING_A}" skrivs med sammansatta '
     "tecken (t.ex. a och ¨ i stället för ä) och ser därför ut som ett annat namn än det är: "
     "skriv om det med tangentbordets bokstäver"),
])
def test_a_name_that_only_looks_right_says_why(
    books: Path, run: Runner, old: str, new: str, needle: str, message: str
) -> None:
    text = BOOKS.replace(old, new, 1)
    assert text != BOOKS
    books.write_text(text, encoding="utf-8")
    status, err, _ = run("check", "--ledger", MAIN)
    assert status == 1
    assert f"{SHOWN}:{line_of(text, needle)}: {message}" in err


def test_a_posting_to_a_decomposed_account_names_the_letters(books: Path, run: Runner) -> None:
    # The account is opened as "Umeå"; the voucher's posting has "å" as a and a ring.
    decomposed = f"Intäkter:SAMO:Medlemsavgifter:Ume{RING_A}"
    text = BOOKS.replace("  Intäkter:SAMO:Medlemsavgifter:Umeå  -1000.00 SEK",
                         f"  {decomposed}  -1000.00 SEK", 1)
    assert text != BOOKS
    books.write_text(text, encoding="utf-8")
    status, err, _ = run("check", "--ledger", MAIN)
    where = f"{SHOWN}:{line_of(text, 'K2') - 1}: "  # the voucher, above its number
    assert status == 1
    assert (f'{where}kontot "{decomposed}" skrivs med sammansatta tecken (t.ex. a och ¨ i '
            "stället för ä) och ser därför ut som ett annat namn än det är: skriv om det med "
            "tangentbordets bokstäver") in err
