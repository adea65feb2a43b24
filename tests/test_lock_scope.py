"""The year lock covers everything that shapes the year's report, and the locks chain:
accounts, custom data, budgets, fiscal years, plugins (and their order), the previous
lock, the report figures; the digests recorded outside the books are checked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_closing import close, edit, errors, write

from finsam_accounts import cache
from finsam_accounts.cli import main
from finsam_accounts.render import locked_figures


@pytest.fixture
def locked(tmp_path: Path) -> Path:
    ledger = write(tmp_path / "bok")
    assert close(ledger, 2018) == 0
    assert errors(ledger) == []
    return ledger


def messages(ledger: Path) -> list[str]:
    return [message for _, _, message in errors(ledger)]


def lock_digest(ledger: Path, year: int) -> str:
    text = (ledger.parent / "bokslut.beancount").read_text(encoding="utf-8")
    found = re.search(rf'custom "bokslut" {year} "sha256:([0-9a-f]{{64}})"', text)
    assert found is not None
    return found[1]


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ('  nr: "3510"', '  nr: "3519"', "kontot Intäkter:SAMO:Staten (open med nr"),
        ('  rubrik: "Driftbidrag från staten"', '  rubrik: "Bidrag från staten"',
         "kontot Intäkter:SAMO:Staten (open med nr"),
        ('custom "verksamhet" "HFE" "Testprojektet" "projekt"',
         'custom "verksamhet" "HFE" "Ett annat projekt" "projekt"',
         'raden custom "verksamhet" HFE Ett annat projekt har lagts till'),
        ('2018-01-01 custom "räkenskapsår" 2018\n', "",
         'raden custom "räkenskapsår" 2018 har tagits bort'),
        ('option "title" "Testförbundet"', 'option "title" "Ett annat förbund"',
         "en option-rad (namn, valuta, rotkonton, toleranser) har ändrats"),
    ],
)
def test_what_else_shapes_the_locked_year_is_locked(
    locked: Path, old: str, new: str, named: str
) -> None:
    edit(locked, old, new)
    assert any(m.startswith("bokslutet 2018 är låst: ") and named in m
               for m in messages(locked)), messages(locked)


def test_a_budget_of_a_locked_year_is_locked(locked: Path) -> None:
    assert close(locked, 2019) == 0
    edit(locked, '"budget" Intäkter:SAMO:Staten "yearly" -600.00 SEK',
         '"budget" Intäkter:SAMO:Staten "yearly" -700.00 SEK')
    assert messages(locked) == [
        'bokslutet 2019 är låst: raden custom "budget" Intäkter:SAMO:Staten yearly har ändrats '
        "efter bokslutet; ändra tillbaka; det som gäller ett låst år ändras inte"]


def test_the_previous_lock_is_part_of_the_digest(locked: Path) -> None:
    assert close(locked, 2019) == 0
    lock_file = locked.parent / "bokslut.beancount"
    first = lock_digest(locked, 2018)
    edit(lock_file, f'"2018 sha256:{first}"', f'"2018 sha256:{"0" * 64}"')
    found = messages(locked)
    # The chain is broken, and the 2019 lock's own digest no longer holds either.
    assert ("bokslutet 2019 är låst: raden för föregående bokslut i låset har ändrats efter "
            "bokslutet; ändra tillbaka; det som gäller ett låst år ändras inte") in found


def test_a_plugin_added_before_finsams_changes_the_lock(locked: Path) -> None:
    edit(locked, 'plugin "finsam_accounts.plugin"',
         'plugin "beancount.plugins.auto_accounts"\nplugin "finsam_accounts.plugin"')
    assert ("bokslutet 2018 är låst: listan över plugin har ändrats efter bokslutet; ändra "
            "tillbaka; det som gäller ett låst år ändras inte") in messages(locked)


def test_a_plugin_after_finsams_that_changes_a_locked_year_is_refused(
    locked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A plugin of the books' own folder that doubles the locked year's invoice.
    (locked.parent / "andrar_w15b.py").write_text(
        "from decimal import Decimal\n"
        "from beancount.core import amount\n"
        "__plugins__ = ('run',)\n"
        "def run(entries, options):\n"
        "    out = []\n"
        "    for e in entries:\n"
        "        if getattr(e, 'narration', '') == 'Upplupen intäkt':\n"
        "            e = e._replace(postings=[p._replace(units=amount.Amount(\n"
        "                p.units.number * 2, 'SEK')) for p in e.postings])\n"
        "        out.append(e)\n"
        "    return out, []\n",
        encoding="utf-8")
    edit(locked, 'plugin "finsam_accounts.plugin"',
         'option "insert_pythonpath" "TRUE"\nplugin "finsam_accounts.plugin"\n'
         'plugin "andrar_w15b"')
    assert main(["check", "--ledger", str(locked)]) == 1
    err = capsys.readouterr().err
    assert ('plugin "andrar_w15b" står efter plugin "finsam_accounts.plugin": det kan ändra '
            "verifikationerna efter att kontrollerna och låsen prövats") in err


def test_recorded_digests_are_checked(
    locked: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    digest = lock_digest(locked, 2018)
    assert main(["check", "--ledger", str(locked), "--förväntad", f"2018=sha256:{digest}"]) == 0
    other = "1" * 64
    assert main(["check", "--ledger", str(locked), "--förväntad", f"2018=sha256:{other}"]) == 1
    assert (f"bokslutet 2018 har kontrollsumman sha256:{digest}, men sha256:{other} är "
            "antecknat") in capsys.readouterr().err
    recorded = tmp_path / "revisorerna.txt"
    recorded.write_text(f"# antecknat vid bokslutet\n2018=sha256:{digest}\n"
                        f"2019=sha256:{other}\n", encoding="utf-8")
    assert main(["check", "--ledger", str(locked), "--förväntad-fil", str(recorded)]) == 1
    assert "bokslutet 2019 saknas i bokföringen" in capsys.readouterr().err


def test_changed_report_figures_of_a_locked_year_are_an_error(
    locked: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same vouchers, other figures (say, another version of the program)."""
    original = locked_figures.report_csv_files

    def changed(books, year):  # type: ignore[no-untyped-def]
        files = original(books, year)
        name = sorted(files)[0]
        return {**files, name: files[name].replace(b"500", b"501")}

    assert main(["check", "--ledger", str(locked)]) == 0
    assert main(["check", "--ledger", str(locked)]) == 0  # the agreement is remembered
    # Another version of the program (its code digest) that computes other figures.
    monkeypatch.setattr(locked_figures, "report_csv_files", changed)
    monkeypatch.setattr(cache, "code_digest", lambda: "en annan version")
    assert main(["check", "--ledger", str(locked)]) == 1
    assert "bokslutet 2018 är låst: årsredovisningens siffror för 2018 har ändrats" in (
        capsys.readouterr().err)


def test_a_year_is_re_locked_as_docs_auditors_says(locked: Path) -> None:
    """Remove the year's lock line and manifest, lock again: the same digest (the lock file
    left with comments only is no "emptied file")."""
    digest = lock_digest(locked, 2018)
    lock_file = locked.parent / "bokslut.beancount"
    text = lock_file.read_text(encoding="utf-8")
    lock_file.write_text(re.sub(r'(?m)^2018-12-31 custom "bokslut".*\n', "", text), "utf-8")
    (locked.parent / "bokslut" / "2018.sha256").unlink()
    assert close(locked, 2018) == 0
    assert lock_digest(locked, 2018) == digest
    assert errors(locked) == []
