"""The load cache (finsam_accounts/cache.py): used only when nothing it depends on changed.

Each test writes a small ledger with includes into its own folder and points the cache at
another folder, then checks what ``ledger.load`` returns and whether it loaded the books
again (``ledger._load_uncached`` is wrapped to count calls).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from finsam_accounts import cache, ledger
from finsam_accounts.errors import format_error
from finsam_accounts.statements.spec import DEFAULT_SPEC

MAIN = """\
option "title" "Testförbundet"
option "operating_currency" "SEK"
plugin "finsam_accounts.plugin"
2019-01-01 custom "verksamhet" "SAMO" "Testförbundet" "förbund"
2019-01-01 custom "räkenskapsår" 2019
include "konton.beancount"
include "2019.beancount"
"""

ACCOUNTS = """\
2019-01-01 open Assets:Bank SEK
  nr: "1930"
2019-01-01 open Equity:Kapital SEK
  nr: "2010"
2019-01-01 open Expenses:Hyra SEK
  nr: "5010"
  verksamhet: "SAMO"
2019-01-01 open Income:Avgifter SEK
"""  # Income:Avgifter has neither nr nor verksamhet: two plugin errors, cached with the rest

VOUCHERS = """\
2019-01-01 * "Förbundet" "Ingående balans"
  ver: "A1"
  Assets:Bank      1000.00 SEK
  Equity:Kapital  -1000.00 SEK

2019-02-01 * "Hyresvärden" "Hyra februari"
  ver: "B1"
  Expenses:Hyra     100.00 SEK
  Assets:Bank      -100.00 SEK
"""


def write_books(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "main.beancount").write_text(MAIN, encoding="utf-8")
    (folder / "konton.beancount").write_text(ACCOUNTS, encoding="utf-8")
    (folder / "2019.beancount").write_text(VOUCHERS, encoding="utf-8")
    return folder / "main.beancount"


@pytest.fixture
def books(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FINSAM_CACHE_DIR", str(tmp_path / "cache"))
    return write_books(tmp_path / "bokföring")


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ledgers loaded through beancount (cache misses), in order."""
    calls: list[str] = []
    original: Callable[[str], Any] = ledger._load_uncached

    def counting(absolute: str) -> Any:
        calls.append(absolute)
        return original(absolute)

    monkeypatch.setattr(ledger, "_load_uncached", counting)
    return calls


def bank_balance(books: ledger.Ledger) -> Decimal:
    total = Decimal(0)
    for entry in books.transactions:
        for posting in entry.postings:
            if posting.account == "Assets:Bank":
                assert posting.units is not None and posting.units.number is not None
                total += posting.units.number
    return total


def error_lines(books: ledger.Ledger) -> list[str]:
    return sorted(format_error(e) for e in books.errors)


def test_a_hit_returns_the_same_entries_errors_and_options(books: Path, loads: list[str]) -> None:
    first = ledger.load(books)
    second = ledger.load(books)
    assert len(loads) == 1
    assert second.entries == first.entries
    assert error_lines(second) == error_lines(first)
    assert len(second.errors) == 2  # no nr, no verksamhet on Income:Avgifter
    assert second.options["title"] == "Testförbundet"
    assert second.options["include"] == first.options["include"]
    assert second.options["include"] == sorted(
        str(books.parent / name)
        for name in ("2019.beancount", "konton.beancount", "main.beancount")
    )
    assert bank_balance(second) == Decimal("900.00")  # 1000.00 - 100.00


def test_changed_content_of_an_included_file_is_loaded_again(books: Path, loads: list[str]) -> None:
    ledger.load(books)
    year = books.parent / "2019.beancount"
    before = os.stat(year)
    # Same size, same modification time: only the content tells the change.
    year.write_text(VOUCHERS.replace("100.00", "300.00"), encoding="utf-8")
    os.utime(year, ns=(before.st_atime_ns, before.st_mtime_ns))
    again = ledger.load(books)
    assert len(loads) == 2
    assert bank_balance(again) == Decimal("700.00")  # 1000.00 - 300.00


def test_a_fixed_error_is_not_served_from_the_cache(books: Path, loads: list[str]) -> None:
    assert len(ledger.load(books).errors) == 2
    accounts = books.parent / "konton.beancount"
    fixed = ACCOUNTS.replace(
        "open Income:Avgifter SEK\n",
        'open Income:Avgifter SEK\n  nr: "3010"\n  verksamhet: "SAMO"\n',
    )
    accounts.write_text(fixed, encoding="utf-8")
    assert ledger.load(books).errors == []
    assert ledger.load(books).errors == []
    assert len(loads) == 2


def test_another_package_version_is_a_miss(
    books: Path, loads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger.load(books)
    ledger.load(books)
    assert len(loads) == 1
    monkeypatch.setattr(cache, "package_version", lambda: "99.0")
    ledger.load(books)
    assert len(loads) == 2
    ledger.load(books)
    assert len(loads) == 2


def test_a_new_file_under_a_glob_include_is_a_miss(books: Path, loads: list[str]) -> None:
    folder = books.parent
    (folder / "main.beancount").write_text(
        MAIN.replace('include "2019.beancount"', 'include "år/*.beancount"'), encoding="utf-8"
    )
    (folder / "år").mkdir()
    (folder / "2019.beancount").rename(folder / "år" / "2019.beancount")
    assert bank_balance(ledger.load(books)) == Decimal("900.00")
    (folder / "år" / "2020.beancount").write_text(
        '2019-03-01 * "Hyresvärden" "Hyra mars"\n  ver: "B2"\n'
        "  Expenses:Hyra     100.00 SEK\n  Assets:Bank      -100.00 SEK\n",
        encoding="utf-8",
    )
    assert bank_balance(ledger.load(books)) == Decimal("800.00")  # 1000.00 - 2 × 100.00
    assert len(loads) == 2


def test_a_missing_include_that_appears_is_a_miss(books: Path, loads: list[str]) -> None:
    year = books.parent / "2019.beancount"
    year.rename(books.parent / "undan.beancount")
    assert any("2019.beancount" in format_error(e) for e in ledger.load(books).errors)
    (books.parent / "undan.beancount").rename(year)
    assert bank_balance(ledger.load(books)) == Decimal("900.00")
    # Both loads read the books: unreadable books are never cached.
    assert len(loads) == 2


def test_a_corrupt_cache_file_is_ignored_and_rewritten(
    books: Path, loads: list[str], tmp_path: Path
) -> None:
    first = ledger.load(books)
    (cached,) = (tmp_path / "cache").glob("*.pickle")
    whole = cached.read_bytes()
    cached.write_bytes(whole[: len(whole) // 2])  # truncated, as by a crash
    assert ledger.load(books).entries == first.entries
    cached.write_bytes(b"not a pickle at all")
    assert ledger.load(books).entries == first.entries
    assert len(loads) == 3
    assert ledger.load(books).entries == first.entries  # rewritten: a hit again
    assert len(loads) == 3


def test_an_unusable_cache_folder_does_not_stop_the_load(
    books: Path, loads: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "en-fil"
    blocker.write_text("ingen katalog", encoding="utf-8")
    monkeypatch.setenv("FINSAM_CACHE_DIR", str(blocker / "cache"))
    assert bank_balance(ledger.load(books)) == Decimal("900.00")
    assert bank_balance(ledger.load(books)) == Decimal("900.00")
    assert len(loads) == 2


def test_turned_off_writes_nothing(
    books: Path, loads: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FINSAM_CACHE", "0")
    ledger.load(books)
    ledger.load(books)
    assert len(loads) == 2
    assert not (tmp_path / "cache").exists()


def test_nothing_is_written_beside_the_books(books: Path, tmp_path: Path) -> None:
    before = sorted(p.name for p in books.parent.iterdir())
    ledger.load(books)
    ledger.load(books)
    assert sorted(p.name for p in books.parent.iterdir()) == before
    assert [p.suffix for p in (tmp_path / "cache").iterdir()] == [".pickle"]


def test_the_default_folder_is_the_users_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("FINSAM_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "finsam"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "hem"))
    assert cache.cache_dir() == tmp_path / "hem" / ".cache" / "finsam"


RACER = """
import sys
from finsam_accounts import ledger
books = ledger.load(sys.argv[1])
print(len(books.entries), len(books.errors))
"""


def wait_for_whole_cache(folder: Path) -> None:
    """Until a cache file is in place and no writer is midway (detached writers)."""
    for _ in range(600):
        if list(folder.glob("*.pickle")) and not list(folder.glob(".tmp-*")):
            return
        time.sleep(0.1)
    raise AssertionError(f"ingen hel cachefil i {folder}")


def test_concurrent_runs_leave_a_whole_cache(books: Path, loads: list[str], tmp_path: Path) -> None:
    # The racers are separate processes: each writes its cache from a detached copy.
    env = {**os.environ, "FINSAM_CACHE_DIR": str(tmp_path / "cache")}
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(books)], env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    outputs = [racer.communicate(timeout=120)[0] for racer in racers]
    wait_for_whole_cache(tmp_path / "cache")
    expected = ledger.load(books)
    assert outputs == [f"{len(expected.entries)} 2\n"] * 4
    assert loads == []  # the racers left a whole, valid cache file: this load was a hit


def test_a_detached_writer_leaves_a_cache_for_the_next_run(
    books: Path, loads: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "BACKGROUND", True)
    first = ledger.load(books)
    wait_for_whole_cache(tmp_path / "cache")
    assert ledger.load(books).entries == first.entries
    assert len(loads) == 1


def test_the_specification_the_books_name_is_part_of_the_key(books: Path, loads: list[str]) -> None:
    # The plugin checks that the named specification exists (and covers the accounts).
    main = books.parent / "main.beancount"
    main.write_text(MAIN + 'include "spec.beancount"\n', encoding="utf-8")
    (books.parent / "spec.beancount").write_text(
        '2019-01-01 custom "finsam-specifikation" "egen.toml"\n', encoding="utf-8"
    )
    assert any("egen.toml finns inte" in format_error(e) for e in ledger.load(books).errors)
    shutil.copyfile(DEFAULT_SPEC, books.parent / "egen.toml")
    assert not any("egen.toml" in format_error(e) for e in ledger.load(books).errors)
    assert len(loads) == 2
