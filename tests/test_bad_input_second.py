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
    "medlemsavgift-tolerans",
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
    if kind not in ("medlemsavgift-andel", "medlem"):  # these also name the key's lines
        assert err[0].startswith(f"{SHOWN}:{line_of(text, line)}: "), err


@pytest.mark.parametrize(("line", "message"), [
    ('2019-06-01 custom "budgetprofil"',
     'budgetprofilen ska vara: custom "budgetprofil" KONTO "jämn|kvartal|halvår", eller '
     "KONTO och tolv vikter (en per månad)"),
    ('2019-06-01 custom "räkenskapsår"',
     'custom "räkenskapsår" ska ange ett årtal, t.ex. räkenskapsår 2019'),
    ('2019-06-01 custom "räkenskapsår" 2019 "2020"',
     'custom "räkenskapsår" ska ange ett årtal, t.ex. räkenskapsår 2019'),
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
