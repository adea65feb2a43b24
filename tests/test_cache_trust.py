"""A stale or foreign cache never changes a figure or a verdict: another plugin's code and
a manifest that appears are part of the load cache's key; the PDF cache's key has the code
and the typesetting stack; a cache folder others can write is not used."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from test_cache import MAIN, error_lines, wait_for_whole_cache, write_books

from finsam_accounts import cache, ledger

CHECK = "import sys; from finsam_accounts.cli import main; sys.exit(main(sys.argv[1:]))"
PLUGIN_OK = "__plugins__ = ('run',)\ndef run(entries, options):\n    return entries, []\n"
PLUGIN_REFUSES = """\
import collections
__plugins__ = ('run',)
Error = collections.namedtuple('Error', 'source message entry')
def run(entries, options):
    return entries, [Error({'filename': options['filename'], 'lineno': 1},
                           'egen regel: hyran är för hög', None)]
"""


@pytest.fixture
def books(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FINSAM_CACHE_DIR", str(tmp_path / "cache"))
    return write_books(tmp_path / "bokföring")


def check(books: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", CHECK, "check", "--ledger", str(books)],
                          env=env, capture_output=True, text=True, timeout=300)


def test_the_code_of_another_plugin_is_part_of_the_key(books: Path, tmp_path: Path) -> None:
    # The books' own plugin (before finsam's), read from their folder.
    plugin = books.parent / "egen_regel_w15b.py"
    plugin.write_text(PLUGIN_OK, encoding="utf-8")
    books.write_text(
        MAIN.replace('plugin "finsam_accounts.plugin"',
                     'option "insert_pythonpath" "TRUE"\nplugin "egen_regel_w15b"\n'
                     'plugin "finsam_accounts.plugin"'),
        encoding="utf-8")
    env = {**os.environ, "FINSAM_CACHE_DIR": str(tmp_path / "cache")}
    first = check(books, env)
    assert "egen regel" not in first.stderr, first.stderr
    wait_for_whole_cache(tmp_path / "cache")  # the next run could read it
    plugin.write_text(PLUGIN_REFUSES, encoding="utf-8")
    second = check(books, env)
    assert second.returncode == 1
    assert "main.beancount:1: egen regel: hyran är för hög" in second.stderr


def test_a_manifest_that_appears_after_the_cache_was_written_is_seen(books: Path) -> None:
    assert not any("bokslutet" in line for line in error_lines(ledger.load(books)))
    folder = books.parent / "bokslut"
    folder.mkdir()
    (folder / "2019.sha256").write_text("# förteckning\n", encoding="utf-8")
    assert any("bokslutet 2019 har tagits bort ur bokföringen" in line
               for line in error_lines(ledger.load(books)))


def test_a_cache_folder_others_can_write_is_not_used(
    books: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    honest = ledger.load(books)  # written, in a private folder
    folder = tmp_path / "cache"
    (written,) = folder.glob("*.pickle")
    # Someone else swaps the result (the header still matches the books).
    with open(written, "rb") as file:
        header = pickle.load(file)
    with open(written, "wb") as file:
        pickle.dump(header, file)
        pickle.dump(([], [], honest.options), file)
    folder.chmod(0o777)
    again = ledger.load(books)
    assert again.entries == honest.entries  # loaded from the books, not the cache
    err = capsys.readouterr().err
    assert f"obs: cachekatalogen {folder} är skrivbar för andra användare" in err
    folder.chmod(0o700)
    written.chmod(0o666)  # a file others can write is not read either
    assert ledger.load(books).entries == honest.entries


def test_the_pdf_cache_key_has_the_code_and_the_typesetting_stack(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from finsam_accounts.render import pdf

    pdf.typesetting_stack.cache_clear()
    before = pdf._cache_key("<p>x</p>", None)
    assert "code=" + cache.code_digest() in pdf.typesetting_stack()
    assert "DejaVuSansCondensed.ttf=" in pdf.typesetting_stack()
    monkeypatch.setattr(cache, "code_digest", lambda: "en annan version")
    pdf.typesetting_stack.cache_clear()
    try:
        assert pdf._cache_key("<p>x</p>", None) != before
    finally:
        pdf.typesetting_stack.cache_clear()
