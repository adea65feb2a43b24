"""A single file a command writes (the SIE file) is whole or absent and readable like the
report files beside it, not private to the user (mkstemp alone makes 0600)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from finsam_accounts.output import current_umask, write_atomic

ROOT = Path(__file__).resolve().parent.parent


def test_written_file_has_the_users_usual_mode(tmp_path: Path) -> None:
    target = tmp_path / "ut" / "fil.se"
    previous = os.umask(0o022)
    try:
        write_atomic(target, b"#FLAGGA 0\r\n")
    finally:
        os.umask(previous)
    assert target.read_bytes() == b"#FLAGGA 0\r\n"
    assert target.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["fil.se"]  # no temporary left


def test_a_failed_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "fil.se"
    target.write_bytes(b"gammal")

    def full(*_: object) -> None:
        raise OSError(28, "disken är full")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OSError):
        write_atomic(target, b"ny")
    assert target.read_bytes() == b"gammal"
    assert [p.name for p in tmp_path.iterdir()] == ["fil.se"]


def test_sie_export_is_readable_by_all_like_the_reports(tmp_path: Path) -> None:
    out = tmp_path / "2019.se"
    done = subprocess.run(
        [sys.executable, "-m", "finsam_accounts.cli", "sie", "2019", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    assert out.stat().st_mode & 0o777 == 0o666 & ~current_umask()


def test_appending_to_the_books_keeps_their_mode_and_text(tmp_path: Path) -> None:
    from finsam_accounts.bank.write import append_atomically, file_state

    books = tmp_path / "2019.beancount"
    books.write_text("2019-01-01 open Tillgångar:Bank SEK\n", encoding="utf-8")
    books.chmod(0o640)
    append_atomically(books, "; tillagt\n", file_state(books))
    assert books.read_text(encoding="utf-8") == (
        "2019-01-01 open Tillgångar:Bank SEK\n\n; tillagt\n")
    assert books.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["2019.beancount"]


def test_a_private_file_is_written_private(tmp_path: Path) -> None:
    target = tmp_path / "anvandare.txt"
    write_atomic(target, b"namn:roll:hash\n", 0o600)
    assert target.stat().st_mode & 0o777 == 0o600
