"""A slow step says what it is doing on stderr; a quick one says nothing."""

from __future__ import annotations

import time

import pytest

from finsam_accounts.commands.progress import progress


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
