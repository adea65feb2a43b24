"""A slow step says what it is doing on stderr; a quick one says nothing."""

from __future__ import annotations

import time

import pytest

from finsam_accounts.commands.progress import progress


@pytest.fixture(autouse=True)
def asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test's stderr is no terminal: progress is asked for as the benchmark does."""
    monkeypatch.setenv("FINSAM_FORLOPP", "1")


def test_a_step_slower_than_its_patience_says_what_it_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with progress("finsam huvudbok: skriver 1 301 rader …", after=0.05):
        time.sleep(0.5)
    captured = capsys.readouterr()
    assert captured.err == "finsam huvudbok: skriver 1 301 rader …\n"
    assert captured.out == ""


def test_a_quick_step_says_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    with progress("finsam huvudbok: skriver …", after=5.0):
        pass
    time.sleep(0.05)
    assert capsys.readouterr().err == ""


def test_the_main_thread_is_told_by_a_signal_not_a_thread(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """No thread runs while the books load, so the load cache can still be written by a
    forked copy of the process (cache.write_soon forks only without other threads)."""
    import threading

    before = threading.active_count()
    with progress("finsam check: läser bokföringen …", after=0.05):
        assert threading.active_count() == before
        time.sleep(0.3)
    assert capsys.readouterr().err == "finsam check: läser bokföringen …\n"


def test_a_slow_load_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pathlib import Path

    from finsam_accounts.cli import main
    from finsam_accounts.commands import progress as module

    monkeypatch.setattr(module, "PATIENCE", 0.001)
    monkeypatch.setenv("FINSAM_CACHE", "0")
    ledger = Path(__file__).resolve().parent.parent / "ledger" / "main.beancount"
    assert main(["check", "--ledger", str(ledger)]) == 0
    assert "finsam check: läser bokföringen main.beancount …\n" in capsys.readouterr().err


def test_nothing_is_said_into_a_log(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("FINSAM_FORLOPP")
    with progress("finsam huvudbok: skriver …", after=0.01):
        time.sleep(0.2)
    assert capsys.readouterr().err == ""


def test_the_members_pack_says_what_it_does(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pathlib import Path

    from finsam_accounts.cli import main
    from finsam_accounts.commands import progress as module

    monkeypatch.setattr(module, "PATIENCE", 0.001)
    ledger = Path(__file__).resolve().parent.parent / "ledger" / "main.beancount"
    out = Path(str(tmp_path)) / "paket"
    assert main(["medlemspaket", "2019", "--ledger", str(ledger), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "finsam medlemspaket: räknar fram och skriver medlemspaketet …\n" in err
    assert (out / "medlemspaket-umea.pdf").read_bytes().startswith(b"%PDF-")


def test_a_command_past_its_patience_says_what_it_is_doing_and_then_each_step(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The whole command is timed: past its patience it says that it is working (between
    steps) or the step it is in, and every later step says itself as it starts."""
    from finsam_accounts.commands import progress as module

    monkeypatch.setattr(module, "PATIENCE", 0.05)
    with module.command("saldobalans"):
        time.sleep(0.2)  # no step yet: the command says it is working
        with progress("finsam saldobalans: läser bokföringen main.beancount …"):
            pass  # quick, but the command is late: said as it starts
        with progress("finsam saldobalans: skriver …", after=5.0):
            pass  # a step with its own patience keeps it
    assert capsys.readouterr().err == (
        "finsam saldobalans: arbetar …\n"
        "finsam saldobalans: läser bokföringen main.beancount …\n"
    )


def test_a_quick_command_says_nothing_and_leaves_no_timer(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import signal

    from finsam_accounts.commands import progress as module

    with module.command("trappan"), progress("finsam trappan: läser bokföringen …"):
        pass
    time.sleep(0.05)
    assert capsys.readouterr().err == ""
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_step_in_a_timed_command_is_said_at_the_commands_patience(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from finsam_accounts.commands import progress as module

    monkeypatch.setattr(module, "PATIENCE", 0.05)
    with module.command("sie"), progress("finsam sie: skriver SIE-filen …"):
        time.sleep(0.2)
    assert capsys.readouterr().err == "finsam sie: skriver SIE-filen …\n"


def test_fava_and_the_password_prompt_are_not_timed() -> None:
    from finsam_accounts.cli import build_parser, timed

    parser = build_parser()
    for argv in (["fava"], ["anvandare", "lägg-till", "users.toml", "anna", "--roll", "styrelse"]):
        args = parser.parse_args(argv)
        assert getattr(args, "quiet", False) is True
        assert type(timed(args)).__name__ == "nullcontext"
    assert type(timed(parser.parse_args(["trappan", "2019"]))).__name__ != "nullcontext"
