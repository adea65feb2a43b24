"""`finsam flytta-in`: a förbund's books from SIE files of several vendors (issue 20).

The files in ``tests/sie-filer/`` are written in the shapes of real exports (README there
names the public sources): Visma Administration 2000 (Windows-1252, LF), Fortnox (PC8,
CRLF, #ADRESS/#FNR/#OMFATTN, row quantities, two dimensions) and a BL-style file (UTF-8,
empty #ORGNR and series, unquoted names, a class 9 account). Every figure asserted here
is summed by hand from the vouchers in those files.
"""

from __future__ import annotations

import datetime
import importlib.util
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from beancount.core import data

from finsam_accounts.balances import balances_at, movements
from finsam_accounts.ledger import Ledger, load

ROOT = Path(__file__).resolve().parent.parent
FILES = Path(__file__).resolve().parent / "sie-filer"
VISMA, FORTNOX, BL = FILES / "visma-2020.se", FILES / "fortnox-2021.se", FILES / "bl-2022.se"
D = Decimal


def flytta_in(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "finsam_accounts.cli", "flytta-in", *map(str, args)]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True)


def check(main: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "finsam_accounts.cli", "check", "--ledger", str(main)]
    return subprocess.run(command, cwd=main.parent, capture_output=True, text=True,
                          env={"FINSAM_CACHE": "0", "PATH": ""})


@pytest.fixture(scope="module")
def norrdal(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Two years from two vendors (Visma 2020, Fortnox 2021) into one new books folder."""
    work = tmp_path_factory.mktemp("flytt")
    done = flytta_in(FORTNOX, VISMA, "--till", work / "norrdal")
    assert done.returncode == 0, done.stderr
    return work / "norrdal", done.stdout


@pytest.fixture(scope="module")
def books(norrdal: tuple[Path, str]) -> Ledger:
    ledger = load(norrdal[0] / "main.beancount")
    assert ledger.errors == []
    return ledger


def test_a_complete_books_folder_that_checks_clean(norrdal: tuple[Path, str]) -> None:
    folder, _ = norrdal
    assert sorted(p.name for p in folder.iterdir()) == [
        "2020.beancount", "2021.beancount", "flytta-in.toml", "kontoplan.beancount",
        "main.beancount", "medlemmar.beancount"]
    done = check(folder / "main.beancount")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("finsam check: inga fel")
    assert "20 verifikationer" in done.stdout  # 10 + 9 vouchers and the opening voucher
    main = (folder / "main.beancount").read_text(encoding="utf-8")
    assert 'plugin "finsam_accounts.plugin"' in main
    assert '2020-01-01 custom "organisationsnummer" "222000-9991"' in main
    assert '2020-01-01 custom "räkenskapsår" 2020\n2021-01-01 custom "räkenskapsår" 2021' in main
    assert '2020-01-01 custom "verksamhet" "SAMO" "Samordningsförbundet Norrdal" "förbund"' in main


def test_opening_voucher_and_closing_balances(books: Ledger) -> None:
    opening = [e for e in books.entries if isinstance(e, data.Transaction) and e.meta.get("ib")]
    assert [(e.date, e.meta["ver"]) for e in opening] == [(datetime.date(2020, 1, 1), "IB1")]
    bank = "Tillgångar:Bankkonto"
    at = balances_at(books.entries, datetime.date(2020, 1, 2))  # after the opening voucher
    assert at[bank] == D("812400.00")  # #IB 0 1930 in visma-2020.se
    # 2020: 812 400 + 1 400 000 − 18 500 − 42 596,40 − 12 600 − 56 000 − 2 374,50 − 1 200
    assert balances_at(books.entries, datetime.date(2021, 1, 1))[bank] == D("2079129.10")
    # 2021: 2 079 129,10 − 31 250 + 1 450 000 − 18 870 − 43 610,60 − 12 900 − 64 000 + 12
    #       − 1,85
    assert balances_at(books.entries, datetime.date(2022, 1, 1))[bank] == D("3358508.65")


def test_each_years_result(books: Ledger) -> None:
    def result(year: int) -> Decimal:
        moved = movements(books.entries, datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1))
        return -sum((v for a, v in moved.items() if a.startswith(("Intäkter", "Kostnader"))),
                    D(0))

    # 2020: 1 400 000 − 87 250 − 18 500 − 2 374,50 − 42 000 − 13 196,40 − 1 200
    assert result(2020) == D("1235479.10")
    # 2021: 1 450 000 + 12 − 64 000 − 18 870 − 43 000 − 13 510,60 − 1,85
    assert result(2021) == D("1310629.55")


def test_the_reconciliation_is_printed(norrdal: tuple[Path, str]) -> None:
    _, out = norrdal
    lines = out.splitlines()
    assert lines[0] == "visma-2020.se: 2020"
    assert ("  konto 1930 Bankkonto: utgående balans 2\u00a0079\u00a0129,10 kr enligt filen, "
            "2\u00a0079\u00a0129,10 kr i bokföringen: stämmer") in lines
    assert ("  årets resultat 2021: 1\u00a0310\u00a0629,55 kr enligt filen, "
            "1\u00a0310\u00a0629,55 kr i bokföringen: stämmer") in lines
    # Equity in total: #UB 0 2010 in each file; the books' 2021 figure is the opening
    # equity 812 400 plus 2020's result 1 235 479,10 (the test above), credit negative.
    assert ("  eget kapital (20xx) totalt: −812\u00a0400,00 kr enligt filen, "
            "−812\u00a0400,00 kr i bokföringen: stämmer") in lines
    assert ("  eget kapital (20xx) totalt: −2\u00a0047\u00a0879,10 kr enligt filen, "
            "−2\u00a0047\u00a0879,10 kr i bokföringen: stämmer") in lines
    assert "STÄMMER INTE" not in out
    assert lines[-1].startswith("finsam flytta-in: bokföringen finns i ")
    assert "(2020–2021, 20 verifikationer); finsam check: inga fel" in lines[-1]


def test_dimensions_contributions_and_names(norrdal: tuple[Path, str], books: Ledger) -> None:
    folder, _ = norrdal
    chart = (folder / "kontoplan.beancount").read_text(encoding="utf-8")
    # Contribution accounts (3500–3539) in their own group; the Fortnox rows with
    # dimension 6 ("Projekt") are ignored, dimension 1's objects go to SAMO.
    assert "open Intäkter:SAMO:Medlemsavgifter:Driftbidrag-staten" in chart
    assert "open Intäkter:SAMO:Skattefria-ränteintäkter" in chart
    mapping = (folder / "flytta-in.toml").read_text(encoding="utf-8")
    assert '"1" = "verksamhet"  # Resultatenhet' in mapping
    assert '"6" = "ignoreras"  # Projekt' in mapping
    assert 'objekt = ["1", "2"]' in mapping
    texts = [e.narration for e in books.entries if isinstance(e, data.Transaction)]
    assert "Driftbidrag Södra Dal kommun" in chart and "Steget: handledning" in texts


def test_a_project_mapped_to_its_own_activity(tmp_path: Path) -> None:
    mapping = tmp_path / "mappning.toml"
    first = flytta_in(VISMA, "--till", tmp_path / "a", "--mappning", mapping)
    assert first.returncode == 0, first.stderr
    text = mapping.read_text(encoding="utf-8").replace(
        'objekt = ["1", "2"]',
        'objekt = ["1"]\n\n[verksamheter.STEG]\nnamn = "Projekt Steget"\ntyp = "projekt"\n'
        'objekt = ["2"]')
    # Once one contribution account names its member, all of them must (safeguards).
    members = {"3510": ("staten", "Staten", "stat"), "3521": ("norrby", "Norrby kommun", "kommun"),
               "3522": ("sodradal", "Södra Dals kommun", "kommun"),
               "3530": ("regionen", "Region Dal", "region")}
    for number, (member, name, kind) in members.items():
        text = text.replace(f'[konton."{number}"]\n', f'[konton."{number}"]\nmedlem = "{member}"\n')
        text += f'\n[medlemmar.{member}]\nnamn = "{name}"\ntyp = "{kind}"\n'
    mapping.write_text(text, encoding="utf-8")
    again = flytta_in(VISMA, "--till", tmp_path / "b", "--mappning", mapping)
    assert again.returncode == 0, again.stderr
    ledger = load(tmp_path / "b" / "main.beancount")
    assert ledger.errors == []
    moved = movements(ledger.entries, datetime.date(2020, 1, 1), datetime.date(2021, 1, 1))
    # 4010 Köpta tjänster: 56 000 + 31 250, both on object 2 (the project)
    assert moved["Kostnader:STEG:Köpta-tjänster"] == D("87250.00")
    assert "Kostnader:SAMO:Köpta-tjänster" not in moved
    declared = (tmp_path / "b" / "medlemmar.beancount").read_text(encoding="utf-8")
    assert '2020-01-01 custom "medlem" "norrby" "Norrby kommun" "kommun"' in declared
    # in the mapping's order (the reports list members in declaration order), not by id
    order = [line.split('"')[3] for line in declared.splitlines() if '"medlem"' in line
             and not line.startswith(";")]
    assert order == ["staten", "norrby", "sodradal", "regionen"]
    copied = (tmp_path / "b" / "flytta-in.toml").read_text(encoding="utf-8")
    assert [copied.index(f"[medlemmar.{m}]") for m in order] == sorted(
        copied.index(f"[medlemmar.{m}]") for m in order)


def test_a_class_9_account_is_refused_then_mapped(tmp_path: Path) -> None:
    target, mapping = tmp_path / "vastbygd", tmp_path / "vastbygd-mappning.toml"
    refused = flytta_in(BL, "--till", target)
    assert refused.returncode == 1
    assert refused.stderr.splitlines()[0] == (
        f"{BL}:17: konto 9910: kontonummer 9910 ligger i klass 9, som Kommun-Bas inte har "
        "(klass 1–8; klass 9 är internredovisning, klass 0 interna konton i många system); "
        'ange nr (ett Kommun-Bas-nummer att bokföra det på) under [konton."9910"] i '
        "mappningsfilen")
    assert not target.exists()
    text = mapping.read_text(encoding="utf-8")
    assert '[serier]\n"" = "A"' in text  # the file's empty series
    mapping.write_text(text.replace('[konton."9910"]\n', '[konton."9910"]\nnr = "6990"\n', 1)
                       .replace('nr = ""\n', ""), encoding="utf-8")
    done = flytta_in(BL, "--till", target, "--mappning", mapping)
    assert done.returncode == 0, done.stderr
    ledger = load(target / "main.beancount")
    assert ledger.errors == []
    moved = movements(ledger.entries, datetime.date(2022, 1, 1), datetime.date(2023, 1, 1))
    assert moved["Kostnader:SAMO:Internfördelning"] == D("4000.00")
    # 250 000 + 300 000 − 9 500,50 − 4 000 − 600
    assert balances_at(ledger.entries, datetime.date(2023, 1, 1))["Tillgångar:Bank"] == D(
        "535899.50")
    assert "custom \"organisationsnummer\"" not in (target / "main.beancount").read_text(
        encoding="utf-8")


def test_an_unbalanced_voucher_is_refused_with_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "trasig.se"
    broken.write_bytes(FORTNOX.read_bytes().replace(b"#TRANS 6570 {\"1\" \"1\"} 1.85",
                                                    b"#TRANS 6570 {\"1\" \"1\"} 1.95"))
    done = flytta_in(broken, "--till", tmp_path / "ny")
    assert done.returncode == 1
    assert done.stderr == (f"{broken}:131: verifikation A 9 balanserar inte: raderna summerar "
                           "till 0,10 kr, ska vara 0\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["trasig.se"]  # nothing written


def test_a_target_that_is_not_empty_is_refused(tmp_path: Path) -> None:
    (tmp_path / "ny").mkdir()
    (tmp_path / "ny" / "main.beancount").write_text("; mitt\n", encoding="utf-8")
    done = flytta_in(VISMA, "--till", tmp_path / "ny")
    assert done.returncode == 1
    assert done.stderr == ("finsam flytta-in: --till: " + str(tmp_path / "ny") +
                           " finns redan och är inte tom; ange en ny katalog\n")
    assert (tmp_path / "ny" / "main.beancount").read_text(encoding="utf-8") == "; mitt\n"


def test_an_empty_target_folder_is_filled(tmp_path: Path) -> None:
    (tmp_path / "ny").mkdir()
    done = flytta_in(VISMA, "--till", tmp_path / "ny")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "ny" / "2020.beancount").exists()


def test_the_same_year_twice_is_refused(tmp_path: Path) -> None:
    done = flytta_in(VISMA, VISMA, "--till", tmp_path / "ny")
    assert done.returncode == 1
    assert "räkenskapsåret 2020 finns redan i" in done.stderr
    assert not (tmp_path / "ny").exists()


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('[dimensioner]\n"1" = "kostnadsställe"\n', 2,
         'dimension 1: "kostnadsställe" ska vara "verksamhet" eller "ignoreras"'),
        ('[konton."9910"]\nnr = "9911"\n', 1, '[konton."9910"]: nr 9911: kontonummer 9911 '),
        ("[förbund\n", 1, "mappningsfilen är ingen giltig TOML"),
        ('[serier]\n"" = "a1"\n', 2, 'serie "": "a1" ska vara versaler A–Ö, t.ex. "A"'),
    ],
    ids=["dimension", "nr", "toml", "serie"],
)
def test_a_bad_mapping_names_its_line(tmp_path: Path, text: str, line: int,
                                      message: str) -> None:
    mapping = tmp_path / "m.toml"
    mapping.write_text(text, encoding="utf-8")
    done = flytta_in(BL, "--till", tmp_path / "ny", "--mappning", mapping)
    assert done.returncode == 1
    first = done.stderr.splitlines()[0]
    assert first.startswith(f"{mapping}:{line}: {message}"), first
    assert not (tmp_path / "ny").exists()


# ----------------------------------------------------------------- a long history


@pytest.fixture(scope="module")
def benchmark() -> Any:
    tool = ROOT / "tools" / "benchmark.py"
    spec = importlib.util.spec_from_file_location("finsam_benchmark_flytt", tool)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_a_generated_history_migrates_and_reconciles(benchmark: Any, tmp_path: Path) -> None:
    """The benchmark's history (tools/benchmark.py --flytta-in) at a small size: three
    years, 600 vouchers, exported as SIE and moved in; the new books have the old books'
    closing balances. (The 50 000-voucher run is measured in docs/performance.md.)"""
    files = benchmark.sie_history(tmp_path, 600, years=3)
    done = flytta_in(*files, "--till", tmp_path / "nya")
    assert done.returncode == 0, done.stderr
    old = load(tmp_path / "gamla" / "main.beancount")
    new = load(tmp_path / "nya" / "main.beancount")
    assert new.errors == []
    end = datetime.date(2013, 1, 1)
    number = {name: info.number for name, info in old.books.accounts.items()}
    new_number = {name: info.number for name, info in new.books.accounts.items()}

    def by_number(figures: dict[str, Decimal], names: dict[str, str]) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for account, amount in figures.items():
            if account.startswith(("Tillgångar", "Skulder")) and amount:
                out[names[account]] = out.get(names[account], D(0)) + amount
        return out

    assert by_number(balances_at(new.entries, end), new_number) == by_number(
        balances_at(old.entries, end), number)
    # The old books' opening voucher travels as #IB and comes back as IB1.
    assert len(new.transactions) == len(old.transactions) == 600
    assert [e.meta["ver"] for e in new.transactions if e.meta.get("ib")] == ["IB1"]


@pytest.mark.parametrize(("closing", "expected"), [
    # Written after the closing: 812 400 + the year's result 1 235 479,10 moved into 2010.
    ("-2047879.10", "−2\u00a0047\u00a0879,10 kr i bokföringen med årets resultat: stämmer"),
    ("-812399.00", "−812\u00a0400,00 kr i bokföringen: STÄMMER INTE"),
])
def test_equity_in_total_after_the_closing_or_wrong(tmp_path: Path, closing: str,
                                                     expected: str) -> None:
    text = VISMA.read_bytes().replace(b"#UB 0 2010 -812400.00", f"#UB 0 2010 {closing}".encode())
    assert text != VISMA.read_bytes()
    (tmp_path / "visma.se").write_bytes(text)
    done = flytta_in(tmp_path / "visma.se", "--till", tmp_path / "ny")
    assert done.returncode == 0, done.stderr
    assert any(line.startswith("  eget kapital (20xx) totalt: ") and line.endswith(expected)
               for line in done.stdout.splitlines()), done.stdout


def renumbered(tmp_path: Path, *changes: tuple[bytes, bytes]) -> Path:
    text = VISMA.read_bytes()
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    (tmp_path / "visma.se").write_bytes(text)
    return tmp_path / "visma.se"


def test_gaps_in_a_series_move_in_as_voided_numbers(tmp_path: Path) -> None:
    # B6 (2020-06-30) and B7 (2020-12-31) renumbered B8 and B9: B6 and B7 are missing.
    source = renumbered(tmp_path, (b"#VER B 6 20200630", b"#VER B 8 20200630"),
                        (b"#VER B 7 20201231", b"#VER B 9 20201231"))
    done = flytta_in(source, "--till", tmp_path / "ny")
    assert done.returncode == 0, done.stderr
    assert "  luckor i numreringen, bokförda som makulerade: B6, B7" in done.stdout.splitlines()
    year = (tmp_path / "ny" / "2020.beancount").read_text(encoding="utf-8")
    assert '2020-06-30 custom "makulerad" "B6" "saknas i visma.se"' in year
    assert '2020-06-30 custom "makulerad" "B7" "saknas i visma.se"' in year
    assert check(tmp_path / "ny" / "main.beancount").stdout.startswith("finsam check: inga fel")


def test_a_file_with_a_huge_gap_is_refused_and_nothing_written(tmp_path: Path) -> None:
    source = renumbered(tmp_path, (b"#VER B 7 20201231", b"#VER B 99999999 20201231"))
    done = flytta_in(source, "--till", tmp_path / "ny")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert ("visma.se:109: verifikationsserie B 2020 saknar 99999992 nummer före B99999999: "
            "fler än 1000 luckor i ett år flyttas inte in som makulerade; rätta numreringen i filen"
            ) in done.stderr
    assert not (tmp_path / "ny").exists()
