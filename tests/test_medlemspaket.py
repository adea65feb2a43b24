"""The members' pack (`finsam medlemspaket`): contributions, shares, balances per member.

Expected figures come from the published annual report 2019 of Umeåregionen
(tests/reference, rounded to kr there), from the second förbund's hand-computed figures
(tests/test_forbund2.py) and from plain sums of the postings read with beancount's own
loader, never from the code under test. The shares must add up to the totals to the öre.
"""

from __future__ import annotations

import csv
import datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from beancount.core import data

from finsam_accounts.cli import main
from finsam_accounts.ledger import load
from finsam_accounts.yearly import members

D = Decimal
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "ledger" / "main.beancount"
FORBUND2 = ROOT / "tests" / "forbund2" / "main.beancount"
REFERENCE = ROOT / "tests" / "reference" / "umearegionen-2019"


def published(name: str, row: str, column: str) -> Decimal:
    with (REFERENCE / name).open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            if record["rad"] == row:
                return D(record[column])
    raise KeyError(row)


def kr(value: Decimal) -> Decimal:
    return value.quantize(D(1), rounding=ROUND_HALF_UP)


def postings_sum(path: Path, account: str, payee: str, end: datetime.date) -> Decimal:
    """Plain sum of one account's postings in vouchers of one payee, read by beancount."""
    loaded = load(str(path))
    entries, _, _ = loaded.entries, loaded.errors, loaded.options
    total = D(0)
    for entry in entries:
        if isinstance(entry, data.Transaction) and entry.payee == payee and entry.date <= end:
            for posting in entry.postings:
                if posting.account == account and posting.units is not None:
                    total += D(posting.units.number or 0)
    return total


@pytest.fixture(scope="module")
def example_2019() -> members.MemberPack:
    ledger = load(EXAMPLE)
    return members.build(ledger.books, 2019)


@pytest.fixture(scope="module")
def forbund2_2023() -> members.MemberPack:
    ledger = load(FORBUND2)
    return members.build(ledger.books, 2023)


def by_id(pack: members.MemberPack) -> dict[str, members.MemberFigures]:
    return {m.member.id: m for m in pack.members}


def assert_exact_split(pack: members.MemberPack) -> None:
    """Shares add up to the totals exactly and each is its exact part to within 1 öre."""
    assert pack.total("result_share") == pack.result
    assert pack.total("equity_share") == pack.equity
    expected_total = pack.total("expected")
    for row in pack.members:
        part = Fraction(row.expected) / Fraction(expected_total)
        assert abs(Fraction(row.result_share) - Fraction(pack.result) * part) < Fraction(1, 100)
        assert abs(Fraction(row.equity_share) - Fraction(pack.equity) * part) < Fraction(1, 100)


def test_example_totals_are_the_published_ones(example_2019: members.MemberPack) -> None:
    assert kr(example_2019.result) == published("resultatrakning.csv", "Årets resultat", "2019")
    assert kr(example_2019.equity) == published(
        "balansrakning.csv", "Summa eget kapital", "2019-12-31")
    # not 1 of the published report: 11 450 000 kr of contributions, staten 5 725 000
    assert example_2019.total("invoiced") == D("11450000.00")
    assert by_id(example_2019)["staten"].invoiced == D("5725000.00")
    assert by_id(example_2019)["region"].invoiced == D("2862000.00")


def test_example_shares_are_exact(example_2019: members.MemberPack) -> None:
    assert_exact_split(example_2019)
    staten = by_id(example_2019)["staten"]  # 50 % of the allocation
    assert staten.result_share == D("-999684.40") / 2
    assert staten.equity_share == D("1992706.00") / 2
    region = by_id(example_2019)["region"]  # 25 %
    assert region.result_share == D("-249921.10")


def test_example_balances_tie_to_the_balance_sheet(example_2019: members.MemberPack) -> None:
    split = example_2019.split
    assert kr(split["Tillgångar:Fordringar:Kundfordringar"].total) == published(
        "not3_fordringar.csv", "Fakturafordringar", "2019-12-31")
    assert kr(-split["Skulder:Kortfristiga:Leverantörsskulder"].total) == published(
        "not4_kortfristiga_skulder.csv", "Leverantörsskulder", "2019-12-31")
    huvudman = split["Skulder:Kortfristiga:Skuld-till-huvudman"]
    assert kr(-huvudman.total) == published(
        "not4_kortfristiga_skulder.csv", "Skuld till huvudman, upparb. verksamhetskostnader",
        "2019-12-31")
    assert huvudman.unattributed == 0  # every accrual to a member names it
    end = datetime.date(2019, 12, 31)
    # no receivable was brought in (2018's opening voucher has none): the plain sum
    region = postings_sum(EXAMPLE, "Tillgångar:Fordringar:Kundfordringar",
                          "Region Västerbotten", end)
    assert by_id(example_2019)["region"].receivable == region == D("48500.00")
    bjurholm = -postings_sum(EXAMPLE, "Skulder:Kortfristiga:Skuld-till-huvudman",
                             "Bjurholms kommun", end)
    assert by_id(example_2019)["bjurholm"].liability == bjurholm == D("98000.00")


def test_forbund2_figures_are_the_hand_computed_ones(
    forbund2_2023: members.MemberPack,
) -> None:
    from test_forbund2 import (
        eget_kapital_2023,
        kundfordringar_2023,
        leverantorsskulder_2023,
        resultat_2023,
        skuld_huvudman_2023,
    )

    pack = forbund2_2023
    assert pack.result == resultat_2023
    assert pack.equity == eget_kapital_2023
    assert_exact_split(pack)
    rows = by_id(pack)
    assert abs(rows["staten"].result_share * 2 - resultat_2023) <= D("0.01")  # 50 %
    # Orsa's K19 is the one invoice unpaid at 2023-12-31; Mora's F2 and Älvdalen's A4
    assert rows["orsa"].receivable == kundfordringar_2023 == D("51644.02")
    assert rows["mora"].liability == leverantorsskulder_2023
    assert rows["alvdalen"].liability == skuld_huvudman_2023
    assert pack.total("receivable") == kundfordringar_2023
    assert pack.total("invoiced") == pack.total("expected") == D("4200000.00")


def test_forbund2_opening_receivable_is_the_members(tmp_path: Path) -> None:
    """2022: Region Dalarna's 2021 receivable (posting metadata medlem) paid by B3."""
    from test_forbund2 import kundfordringar_2022

    ledger = load(FORBUND2)
    pack = members.build(ledger.books, 2022)
    assert by_id(pack)["region"].receivable == kundfordringar_2022 == D("250000.00")
    assert pack.split["Tillgångar:Fordringar:Kundfordringar"].unattributed == 0


def test_command_writes_every_member(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "paket"
    assert main(["medlemspaket", "2023", "--ledger", str(FORBUND2), "--out", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    for member_id in ("staten", "region", "mora", "orsa", "alvdalen"):
        assert f"medlemspaket-{member_id}.pdf" in names
        assert f"medlemspaket-{member_id}.xlsx" in names
        assert (out / f"medlemspaket-{member_id}.pdf").read_bytes().startswith(b"%PDF-")
    with (out / "medlemspaket.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    column = "andel av årets resultat 2023"
    assert sum(D(r[column]) for r in rows[:-1]) == D(rows[-1][column])
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert main(["medlemspaket", "2023", "--ledger", str(FORBUND2), "--out", str(out)]) == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first  # deterministic


def test_unknown_member_on_a_posting_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    books = tmp_path / "forbund2"
    books.mkdir()
    for path in FORBUND2.parent.glob("*.beancount"):
        text = path.read_text(encoding="utf-8")
        if path.name == "2022.beancount":  # a posting's member, not an account's
            text = text.replace('    medlem: "orsa"', '    medlem: "okänd"', 1)
        (books / path.name).write_text(text, encoding="utf-8")
    out = tmp_path / "paket"
    code = main(["medlemspaket", "2023", "--ledger", str(books / "main.beancount"),
                 "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(err) == 1 and 'medlem: "okänd"' in err[0] and ".beancount:" in err[0]
    assert not out.exists()


def test_year_outside_the_books(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["medlemspaket", "2030", "--ledger", str(FORBUND2),
                 "--out", str(tmp_path / "x")])
    assert code == 1
    assert "2030 är inget räkenskapsår" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_invoicing_declared_from_a_later_year_is_named_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Books moved in from another system often declare the contributions' series from the
    first year invoiced with finsam: the pack for an earlier year names that line and its
    date, not 'add the line' (which is there)."""
    books = tmp_path / "forbund2"
    books.mkdir()
    for path in FORBUND2.parent.glob("*.beancount"):
        text = path.read_text(encoding="utf-8")
        if path.name == "medlemsavgifter.beancount":
            text = text.replace('2022-01-01 custom "medlemsavgift-fakturering"',
                                '2023-01-01 custom "medlemsavgift-fakturering"')
        (books / path.name).write_text(text, encoding="utf-8")
    out = tmp_path / "paket"
    code = main(["medlemspaket", "2022", "--ledger", str(books / "main.beancount"),
                 "--out", str(out)])
    assert code == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        'medlemsavgifter.beancount:21: custom "medlemsavgift-fakturering" gäller från '
        "2023-01-01, så 2022 har ingen verifikationsserie för medlemsavgifterna: datera raden "
        "senast 2022-12-31 (t.ex. den första dagen i bokföringens första räkenskapsår)"]
    assert not out.exists()
    assert main(["medlemspaket", "2023", "--ledger", str(books / "main.beancount"),
                 "--out", str(out)]) == 0
