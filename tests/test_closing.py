"""Closed years: ``finsam bokslut`` and the plugin's lock check, on ledgers written here.

The ledger is the statements' two-year test ledger (test_statements_fixtures) with voucher
numbers (A1… per year), the plugin and both fiscal years declared; 2018 has A1–A4.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from test_statements_fixtures import BUDGET_2019, CHART, HEADER, YEAR_2018, YEAR_2019

from finsam_accounts.cli import main
from finsam_accounts.ledger import load

PLUGIN = """plugin "finsam_accounts.plugin"
2018-01-01 custom "räkenskapsår" 2018
2019-01-01 custom "räkenskapsår" 2019
"""


def numbered(text: str) -> str:
    """The vouchers with ``ver: "A<n>"``, numbered per year in file order."""
    counters: dict[str, int] = {}
    out = []
    for line in text.splitlines():
        out.append(line)
        match = re.match(r"^([0-9]{4})-[0-9]{2}-[0-9]{2} \* ", line)
        if match:
            counters[match[1]] = counters.get(match[1], 0) + 1
            out.append(f'  ver: "A{counters[match[1]]}"')
    return "\n".join(out) + "\n"


ROOT_NAMES = "".join(
    f'option "name_{kind}" "{name}"\n'
    for kind, name in (
        ("assets", "Tillgångar"),
        ("liabilities", "Skulder"),
        ("equity", "Eget-kapital"),
        ("income", "Intäkter"),
        ("expenses", "Kostnader"),
    )
)
BODY = HEADER + PLUGIN + CHART + numbered(YEAR_2018 + YEAR_2019) + BUDGET_2019


def write(folder: Path, body: str = BODY) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "main.beancount"
    path.write_text(body, encoding="utf-8")
    return path


def close(ledger: Path, year: int) -> int:
    return main(["bokslut", str(year), "--ledger", str(ledger)])


@pytest.fixture
def locked(tmp_path: Path) -> Path:
    """The ledger with 2018 closed."""
    ledger = write(tmp_path / "bok")
    assert close(ledger, 2018) == 0
    return ledger


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def errors(ledger: Path) -> list[tuple[str, int, str]]:
    return [
        (Path(e.source["filename"]).name, e.source["lineno"], e.message)
        for e in load(ledger).errors
    ]


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


def fix_hint(year: int) -> str:
    return f'rätta med en ny verifikation i ett öppet år (korrigerar: "{year}:…")'


# ------------------------------------------------------------------------- finsam bokslut


def test_bokslut_names_the_files_it_wrote_as_paths_from_the_working_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = write(tmp_path / "forbund" / "bok")
    monkeypatch.chdir(tmp_path)
    assert close(ledger, 2018) == 0
    shown = re.search(r"andra uppgifter \((.*)\)\.$", capsys.readouterr().out, re.MULTILINE)
    assert shown is not None
    names = shown.group(1).split(", ")
    assert names == ["forbund/bok/bokslut/2018.sha256", "forbund/bok/bokslut.beancount",
                     "forbund/bok/main.beancount"]
    assert all(Path(name).is_file() for name in names)


def test_bokslut_writes_lock_manifest_and_include(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = write(tmp_path / "bok")
    assert close(locked, 2018) == 0
    out = capsys.readouterr().out
    assert out.startswith("Räkenskapsåret 2018 är låst: 4 verifikationer och ")
    digest = re.search(r"^Kontrollsumma: 2018=sha256:([0-9a-f]{64})$", out, re.MULTILINE)
    assert digest is not None  # the full digest, for the auditors to note
    folder = locked.parent
    lock_lines = [
        line
        for line in (folder / "bokslut.beancount").read_text(encoding="utf-8").splitlines()
        if not line.startswith(";") and line
    ]
    assert len(lock_lines) == 1
    assert lock_lines[0] == f'2018-12-31 custom "bokslut" 2018 "sha256:{digest[1]}" ""'
    manifest = (folder / "bokslut" / "2018.sha256").read_text(encoding="utf-8").splitlines()
    vouchers = [line.split("\t")[:2] for line in manifest
                if not line.startswith("#") and re.fullmatch(r"A[0-9]+", line.split("\t")[1])]
    assert vouchers == [
        ["2018-01-01", "A1"],
        ["2018-03-01", "A2"],
        ["2018-06-01", "A3"],
        ["2018-12-31", "A4"],
    ]
    assert locked.read_text(encoding="utf-8").endswith('include "bokslut.beancount"\n')
    assert errors(locked) == []


def test_locks_chain_and_refusals(locked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert close(locked, 2018) == 1
    assert "2018 är redan låst (rad 5 i bokslut.beancount)" in capsys.readouterr().err
    assert close(locked, 2017) == 1
    assert '2017 är inget räkenskapsår i bokföringen (custom "räkenskapsår")' in (
        capsys.readouterr().err
    )
    assert close(locked, 2019) == 0
    text = (locked.parent / "bokslut.beancount").read_text(encoding="utf-8")
    first = re.search(r'2018 "sha256:([0-9a-f]{64})"', text)
    assert first is not None
    assert 'custom "bokslut" 2019 "sha256:' in text
    assert text.rstrip().endswith(f'"2018 sha256:{first[1]}"')
    assert errors(locked) == []


def test_bokslut_refuses_a_ledger_with_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = write(tmp_path / "bok", BODY.replace('ver: "A4"', 'ver: "A5"', 1))
    assert close(ledger, 2018) == 1
    err = capsys.readouterr().err
    assert "verifikationsserie A 2018 saknar nummer 4 (före A5)" in err
    assert "finsam bokslut: bokföringen har fel, inget låst" in err
    assert sorted(p.name for p in ledger.parent.iterdir()) == ["main.beancount"]


def test_years_are_closed_in_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ledger = write(tmp_path / "bok")
    assert close(ledger, 2019) == 1
    assert "lås först 2018 (finsam bokslut 2018)" in capsys.readouterr().err
    assert not (tmp_path / "bok" / "bokslut.beancount").exists()


def test_bokslut_refuses_a_year_that_does_not_reconcile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = BODY.replace(
        '2018-01-01 open Tillgångar:Bank SEK\n  nr: "1930"\n',
        '2018-01-01 open Tillgångar:Bank SEK\n  nr: "1930"\n'
        '2018-01-01 open Tillgångar:Okänt SEK\n  nr: "9990"\n',
    ).replace(
        '2018-12-31 * "ESF" "Upplupen intäkt"',
        '2018-12-30 * "Banken" "Till ett konto utanför räkenskaperna"\n'
        '  ver: "A5"\n  Tillgångar:Okänt  10.00 SEK\n  Tillgångar:Bank\n'
        '2018-12-31 * "ESF" "Upplupen intäkt"',
    )
    ledger = write(tmp_path / "bok", body)
    before = ledger.read_text(encoding="utf-8")
    assert close(ledger, 2018) == 1
    err = capsys.readouterr().err
    # The balance sheet leaves 9990 out; once coverage is a plugin check, so does the load.
    assert (
        "finsam bokslut: 2018 kan inte låsas, inget skrevs:" in err
        and "Balansräkningen balanserar inte 2018-12-31" in err
    ) or ("9990" in err and "finsam bokslut: bokföringen har fel, inget låst" in err)
    assert ledger.read_text(encoding="utf-8") == before
    assert sorted(p.name for p in ledger.parent.iterdir()) == ["main.beancount"]


def test_bokslut_refuses_opening_balances_brought_in_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    again = (
        '2019-01-01 * "Ingående balans en gång till"\n  ver: "A9"\n  ib: TRUE\n'
        "  Tillgångar:Bank  1000.00 SEK\n  Eget-kapital:Eget-kapital  -1000.00 SEK\n"
    )
    ledger = write(tmp_path / "bok", BODY + again)
    assert errors(ledger) == []
    assert close(ledger, 2018) == 1
    err = capsys.readouterr().err
    # Bank 2018: 1 000 + 500 = 1 500.00 out; 2019 opens with 1 000.00 more.
    assert (
        "Tillgångar:Bank: utgående balans 2018 1\u00a0500,00 kr men ingående balans 2019 "
        "2\u00a0500,00 kr (differens 1\u00a0000,00 kr)"
    ) in err


def test_bokslut_puts_everything_back_if_the_lock_breaks_the_ledger(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = write(tmp_path / "bok")
    stray = tmp_path / "bok" / "bokslut.beancount"
    stray.write_text("detta är ingen beancount\n", encoding="utf-8")  # not yet included
    assert close(ledger, 2018) == 1
    assert "bokföringen fick fel med låset, inget låst" in capsys.readouterr().err
    assert ledger.read_text(encoding="utf-8") == BODY
    assert stray.read_text(encoding="utf-8") == "detta är ingen beancount\n"
    assert not (tmp_path / "bok" / "bokslut" / "2018.sha256").exists()


# ----------------------------------------------------------------------------- the lock


def test_a_voucher_added_to_a_locked_year(locked: Path) -> None:
    edit(
        locked,
        '2018-12-31 * "ESF" "Upplupen intäkt"',
        '2018-11-01 * "Kontor" "Tillagd i efterhand"\n  ver: "A5"\n'
        "  Kostnader:SAMO:Löner  40.00 SEK\n  Kostnader:SAMO:Vännäs  -40.00 SEK\n"
        '2018-12-31 * "ESF" "Upplupen intäkt"',
    )
    assert errors(locked) == [
        (
            "main.beancount",
            line_of(locked, "Tillagd i efterhand"),
            # the voucher is the first in 2018 to use Kostnader:SAMO:Löner: its open too
            f"bokslutet 2018 är låst: verifikation A5 har lagts till efter bokslutet "
            f"(och 1 ändring till); {fix_hint(2018)}",
        )
    ]


def test_a_voucher_removed_from_a_locked_year(locked: Path) -> None:
    edit(
        locked,
        '2018-12-31 * "ESF" "Upplupen intäkt"\n  ver: "A4"\n'
        "  Tillgångar:Kundfordringar  100.00 SEK\n  Intäkter:HFE:EU\n",
        "",
    )
    lock_file = locked.parent / "bokslut.beancount"
    changes = 2
    assert errors(locked) == [
        (
            "bokslut.beancount",
            line_of(lock_file, 'custom "bokslut" 2018'),
            # the only 2018 voucher on Intäkter:HFE:EU (and its open, no longer used)
            f"bokslutet 2018 är låst: verifikation A4 har tagits bort efter bokslutet "
            f"(och {changes} ändringar till); {fix_hint(2018)}",
        )
    ]


def test_a_voucher_changed_in_a_locked_year_names_the_first(locked: Path) -> None:
    edit(locked, "  Kostnader:SAMO:Vännäs  300.00 SEK", "  Kostnader:SAMO:Vännäs  301.00 SEK")
    edit(locked, '2018-03-01 * "Staten" "Medlemsavgift"', '2018-03-01 * "Staten" "Medlemsavgift!"')
    assert errors(locked) == [
        (
            "main.beancount",
            line_of(locked, "Medlemsavgift!"),
            f"bokslutet 2018 är låst: verifikation A2 har ändrats efter bokslutet "
            f"(och 1 ändring till); {fix_hint(2018)}",
        )
    ]


def test_layout_is_not_a_change(locked: Path) -> None:
    """Moving a voucher to another file, comments, explicit amounts, posting order."""
    moved = '2018-06-01 * "Vännäs" "Insats"\n  ver: "A3"\n'
    edit(
        locked,
        moved + "  Kostnader:SAMO:Vännäs  300.00 SEK\n  Skulder:Leverantörsskulder\n",
        'include "flyttad.beancount"\n',
    )
    (locked.parent / "flyttad.beancount").write_text(
        ROOT_NAMES + "; flyttad hit\n" + moved + "  Skulder:Leverantörsskulder   -300.0 SEK\n"
        "  Kostnader:SAMO:Vännäs          300 SEK ; samma belopp\n",
        encoding="utf-8",
    )
    assert errors(locked) == []


def test_a_correction_in_the_open_year_passes(locked: Path) -> None:
    correction = (
        '2019-09-01 * "Vännäs" "Rättelse av 2018:A3, fel belopp"\n  ver: "A9"\n'
        '  korrigerar: "2018:A3"\n'
        "  Skulder:Leverantörsskulder  1.00 SEK\n  Kostnader:SAMO:Vännäs  -1.00 SEK\n"
    )
    locked.write_text(locked.read_text(encoding="utf-8") + correction, encoding="utf-8")
    assert errors(locked) == []


def test_a_removed_lock_is_reported(locked: Path) -> None:
    lock_file = locked.parent / "bokslut.beancount"
    text = lock_file.read_text(encoding="utf-8")
    lock_file.write_text(re.sub(r'(?m)^2018-12-31 custom "bokslut".*\n', "", text), "utf-8")
    assert sorted(errors(locked)) == [
        (
            "bokslut.beancount",
            1,
            'bokslutet 2018 har tagits bort ur bokföringen (custom "bokslut" 2018 saknas, '
            "men förteckningen bokslut/2018.sha256 finns)",
        ),
    ]


def test_a_removed_lock_is_reported_by_the_next_lock(locked: Path) -> None:
    assert close(locked, 2019) == 0
    lock_file = locked.parent / "bokslut.beancount"
    text = lock_file.read_text(encoding="utf-8")
    lock_file.write_text(re.sub(r'(?m)^2018-12-31 custom "bokslut".*\n', "", text), "utf-8")
    (locked.parent / "bokslut" / "2018.sha256").unlink()
    assert errors(locked) == [
        (
            "bokslut.beancount",
            line_of(lock_file, 'custom "bokslut" 2019'),
            "bokslutet 2018 har tagits bort ur bokföringen (bokslutet 2019 bygger på det)",
        )
    ]


MANIFEST_MISSING = (
    "bokslutet 2018: förteckningen bokslut/2018.sha256 saknas, så låset kan inte prövas; "
    "återställ den (eller lås om året medvetet, docs/auditors.md)"
)


def test_a_missing_manifest_is_an_error(locked: Path) -> None:
    # It holds the report figures' digest the lock covers: without it the lock is untested.
    (locked.parent / "bokslut" / "2018.sha256").unlink()
    assert [message for _, _, message in errors(locked)] == [MANIFEST_MISSING]
    edit(locked, "  Kostnader:SAMO:Vännäs  300.00 SEK", "  Kostnader:SAMO:Vännäs  301.00 SEK")
    assert [message for _, _, message in errors(locked)] == [MANIFEST_MISSING]


# ---------------------------------------------------------------------- example ledger


def test_example_ledger_2018_is_locked(tmp_path: Path) -> None:
    """The issue's case: a 2018 voucher between two cost accounts, added after the 2018
    report, no longer changes the 2018 figures silently."""
    source = Path(__file__).resolve().parent.parent / "ledger"
    assert (source / "bokslut" / "2018.sha256").is_file()
    copy = tmp_path / "ledger"
    shutil.copytree(source, copy)
    assert errors(copy / "main.beancount") == []
    year_file = copy / "2018.beancount"
    year_file.write_text(
        year_file.read_text(encoding="utf-8")
        + '\n2018-06-30 * "Omföring" "Tillagd efter årsredovisningen 2018"\n  ver: "A44"\n'
        "  Kostnader:SAMO:Kansli:Lokal-dator-telefon      5000.00 SEK\n"
        "  Kostnader:SAMO:Kansli:Övrig-administration    -5000.00 SEK\n",
        encoding="utf-8",
    )
    assert errors(copy / "main.beancount") == [
        (
            "2018.beancount",
            line_of(year_file, "Tillagd efter årsredovisningen 2018"),
            "bokslutet 2018 är låst: verifikation A44 har lagts till efter bokslutet; "
            f"{fix_hint(2018)}",
        )
    ]


def test_the_load_cache_reads_the_manifests_anew(locked: Path) -> None:
    """The manifests are not ledger files, but the cached load depends on them."""
    edit(locked, "  Kostnader:SAMO:Vännäs  300.00 SEK", "  Kostnader:SAMO:Vännäs  301.00 SEK")
    named = [
        "bokslutet 2018 är låst: verifikation A3 har ändrats efter bokslutet; "
        f"{fix_hint(2018)}"
    ]
    assert [m for _, _, m in errors(locked)] == named
    assert [m for _, _, m in errors(locked)] == named  # from the cache
    (locked.parent / "bokslut" / "2018.sha256").unlink()
    assert [m for _, _, m in errors(locked)] == [MANIFEST_MISSING]


def test_the_opening_voucher_before_the_first_year_is_locked_with_it(tmp_path: Path) -> None:
    # Balances brought in dated the day before the first year belong to its lock: changing
    # them would change every figure of the closed year.
    opening_year = YEAR_2018.replace('2018-01-01 * "Ingående balans"\n  ib: TRUE\n',
                                     '2017-12-31 * "Ingående balans"\n')
    body = HEADER + PLUGIN + CHART.replace("2018-01-01 open", "2017-12-31 open") + numbered(
        opening_year + YEAR_2019) + BUDGET_2019
    ledger = write(tmp_path / "bok", body)
    assert errors(ledger) == []
    assert close(ledger, 2018) == 0
    assert errors(ledger) == []
    edit(ledger, "  Tillgångar:Bank  1000.00 SEK\n  Eget-kapital:Eget-kapital  -1000.00 SEK",
         "  Tillgångar:Bank  1100.00 SEK\n  Eget-kapital:Eget-kapital  -1100.00 SEK")
    found = errors(ledger)
    assert [(name, message) for name, _, message in found] == [
        ("main.beancount", "bokslutet 2018 är låst: verifikation A1 har ändrats efter "
         f"bokslutet; {fix_hint(2018)}"),
    ]
