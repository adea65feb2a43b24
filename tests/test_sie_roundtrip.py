"""Round trip of the example ledger's 2019 through SIE 4.

Export 2019, import the file into a ledger that has only the chart, the members, the
contribution and trappan data, the budget and the opening balances of 2018 (voucher A1),
and the imported books must give the same balances, movements and annual report as the
original; exporting them again must give the same bytes.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core import data

from finsam_accounts import balances
from finsam_accounts.ledger import Ledger, load, load_string
from finsam_accounts.sie.books import export
from finsam_accounts.sie.importer import plan
from finsam_accounts.sie.ledgertext import ledger_text
from finsam_accounts.sie.reader import read_bytes
from finsam_accounts.sie.writer import write_bytes

ROOT = Path(__file__).resolve().parent.parent
LEDGER = ROOT / "ledger"
COPIED = (
    "kontoplan.beancount",
    "medlemmar.beancount",
    "budget-2019.beancount",
    "medlemsavgifter.beancount",
    "trappan.beancount",
)


def annual_report_frames(ledger: Ledger) -> dict:
    """Every statement of the annual report 2019 (the one call the lead may adapt)."""
    from finsam_accounts.statements.annual_report import statements
    from finsam_accounts.statements.spec import load_spec

    return statements(load_spec(), ledger.books, 2019)


def opening_voucher_2018() -> str:
    """Voucher A1 of 2018 (the opening balances), copied as it stands in the ledger."""
    text = (LEDGER / "2018.beancount").read_text(encoding="utf-8")
    start = text.index("2018-01-01 * ")
    return text[start : text.index("\n\n", start)] + "\n"


def target_ledger(folder: Path) -> Path:
    main = (LEDGER / "main.beancount").read_text(encoding="utf-8")
    head = main[: main.index('include "kontoplan.beancount"')]
    includes = "".join(f'include "{name}"\n' for name in COPIED)
    for name in COPIED:
        (folder / name).write_text((LEDGER / name).read_text(encoding="utf-8"), encoding="utf-8")
    options = main[main.index('option "name_assets"') : main.index('option "inferred')]
    (folder / "ib-2018.beancount").write_text(options + "\n" + opening_voucher_2018())
    path = folder / "main.beancount"
    path.write_text(head + includes + 'include "ib-2018.beancount"\n', encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def original() -> Ledger:
    ledger = load(LEDGER / "main.beancount")
    assert ledger.errors == []
    return ledger


@pytest.fixture(scope="module")
def exported(original: Ledger) -> bytes:
    return write_bytes(export(original.books, 2019))


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory, exported: bytes) -> Ledger:
    folder = tmp_path_factory.mktemp("rundresa")
    main = target_ledger(folder)
    before = load(main)
    assert before.errors == []
    sie = read_bytes(exported, "2019.se")
    result = plan(sie, "2019.se", before.entries, before.options)
    assert (result.errors, result.unknown_accounts, result.duplicates) == ([], [], [])
    # 431 vouchers of 2019 and one voucher with the movements of 2018 (no vouchers for it)
    assert len(result.entries) == 432
    (folder / "import.beancount").write_text(
        ledger_text(result.entries, before.options, "2019.se"), encoding="utf-8"
    )
    with main.open("a", encoding="utf-8") as out:
        out.write('include "import.beancount"\n')
    after = load(main)
    assert [str(e.message) for e in after.errors] == []
    return after


def nonzero(figures: dict) -> dict:
    """The accounts with a figure (an account whose postings cancel out counts as none)."""
    return {account: amount for account, amount in figures.items() if amount}


def test_balances_and_movements_are_the_same(original: Ledger, imported: Ledger) -> None:
    start, end = datetime.date(2019, 1, 1), datetime.date(2020, 1, 1)
    for date in (start, end):
        mine = nonzero(balances.balances_at(imported.entries, date))
        assert mine == nonzero(balances.balances_at(original.entries, date))
    mine = nonzero(balances.movements(imported.entries, start, end))
    assert mine == nonzero(balances.movements(original.entries, start, end))
    # The bank at 31 December 2019 as the example ledger asserts it (2020-01-01 balance).
    assertion = next(
        e
        for e in original.entries
        if isinstance(e, data.Balance) and e.account.endswith("Bankkonto") and e.date == end
    )
    bank = balances.balances_at(imported.entries, end)["Tillgångar:Kassa-och-bank:Bankkonto"]
    assert bank == assertion.amount.number == Decimal("6157998.00")


def test_annual_report_is_the_same(original: Ledger, imported: Ledger) -> None:
    mine, theirs = annual_report_frames(imported), annual_report_frames(original)
    assert sorted(mine) == sorted(theirs)
    for name, frame in theirs.items():
        assert mine[name].equals(frame), name


def test_export_again_gives_the_same_bytes(imported: Ledger, exported: bytes) -> None:
    assert write_bytes(export(imported.books, 2019)) == exported


def test_import_again_adds_nothing(imported: Ledger, exported: bytes) -> None:
    result = plan(read_bytes(exported, "2019.se"), "2019.se", imported.entries, imported.options)
    assert result.errors == []
    assert result.entries == []
    assert len(result.duplicates) == 431


def test_commands_export_and_import(tmp_path: Path) -> None:
    out = tmp_path / "2019.se"
    run = [sys.executable, "-m", "finsam_accounts.cli"]
    done = subprocess.run(
        [*run, "sie", "2019", "--out", str(out)], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "431 verifikationer" in done.stdout
    raw = out.read_bytes()
    assert raw.startswith(b"#FLAGGA 0\r\n#KSUMMA\r\n#PROGRAM")
    assert b"#ORGNR 222000-1834\r\n" in raw
    assert b"#RAR 0 20190101 20191231\r\n#RAR -1 20180101 20181231\r\n" in raw
    assert '#FNAMN "Samordningsförbundet Umeåregionen"'.encode("cp437") in raw
    again = subprocess.run([*run, "sie-import", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert "0 verifikationer importerade, 431 fanns redan" in again.stderr
    assert "verifikation B12 2019-01-16 finns redan i bokföringen" in again.stderr


def test_first_year_into_a_bare_chart(original: Ledger) -> None:
    """2018 into a ledger with nothing but the chart: its #IB becomes voucher IB1."""
    raw = write_bytes(export(original.books, 2018))
    main = (LEDGER / "main.beancount").read_text(encoding="utf-8")
    head = "\n".join(
        line
        for line in main.splitlines()
        if line.startswith("option") or "organisationsnummer" in line
        or "custom \"verksamhet\"" in line
    )
    chart = head + "\n" + (LEDGER / "kontoplan.beancount").read_text(encoding="utf-8")
    bare = load_string(chart)
    result = plan(read_bytes(raw, "2018.se"), "2018.se", bare.entries, bare.options)
    assert (result.errors, result.unknown_accounts) == ([], [])
    opening = result.entries[0]
    assert (opening.meta["ver"], opening.meta["ib"], opening.date) == (
        "IB1",
        True,
        datetime.date(2018, 1, 1),
    )
    # The opening balances of 2018 as voucher A1 of 2018.beancount books them.
    bank = next(p for p in opening.postings if p.account.endswith("Bankkonto"))
    assert bank.units is not None and bank.units.number == Decimal("10105766.50")
    assert len(result.entries) == 359  # IB1 and the 358 vouchers of 2018 after A1
    books = load_string(chart + "\n" + ledger_text(result.entries, bare.options, "2018.se"))
    assert books.errors == []
    end = datetime.date(2019, 1, 1)
    assert nonzero(balances.balances_at(books.entries, end)) == nonzero(
        balances.balances_at(original.entries, end)
    )
    assert write_bytes(export(books.books, 2018)) == raw
