from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from finsam_accounts import contributions
from finsam_accounts.cli import main
from finsam_accounts.ledger import load

# A small förbund with the domain plugin on, so that appended vouchers are checked for
# numbering without gaps, Kommun-Bas numbers and fiscal years as in the real ledger.
LEDGER = """
option "title" "Testförbundet"
option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"
plugin "finsam_accounts.plugin"

2019-01-01 custom "räkenskapsår" 2019
2019-01-01 custom "medlem" "staten" "Staten (Försäkringskassan)" "stat"
2019-01-01 custom "medlem" "region" "Regionen" "region"
2019-01-01 custom "medlem" "a" "A kommun" "kommun"
2019-01-01 custom "medlem" "b" "B kommun" "kommun"
2019-01-01 custom "medlem" "c" "C kommun" "kommun"

2019-01-01 open Tillgångar:Fordringar:Kundfordringar SEK
  nr: "1510"
2019-01-01 open Tillgångar:Bank SEK
  nr: "1930"
2019-01-01 open Intäkter:Medlemsavgifter:Staten SEK
  nr: "3510"
  verksamhet: "SAMO"
  medlem: "staten"
2019-01-01 open Intäkter:Medlemsavgifter:Region SEK
  nr: "3530"
  verksamhet: "SAMO"
  medlem: "region"
2019-01-01 open Intäkter:Medlemsavgifter:A SEK
  nr: "3521"
  verksamhet: "SAMO"
  medlem: "a"
2019-01-01 open Intäkter:Medlemsavgifter:B SEK
  nr: "3522"
  verksamhet: "SAMO"
  medlem: "b"
2019-01-01 open Intäkter:Medlemsavgifter:C SEK
  nr: "3523"
  verksamhet: "SAMO"
  medlem: "c"
2019-01-01 open Intäkter:Övriga SEK
  nr: "3599"
  verksamhet: "SAMO"

2019-01-01 custom "medlemsavgift-fakturering" "K" Tillgångar:Fordringar:Kundfordringar
; Keys that do not divide evenly: 1 000 000.03 kr, municipalities 3 : 5 : 7.
2019-01-01 custom "medlemsavgift-tilldelning" 2019 1000000.03 SEK
2019-01-01 custom "befolkning" 2019 "a" 3
2019-01-01 custom "befolkning" 2019 "b" 5
2019-01-01 custom "befolkning" 2019 "c" 7

; Two other customer invoices already in series K: the contributions continue at K3.
2019-01-02 * "Kund" "Lokalbidrag"
  ver: "K1"
  Tillgångar:Fordringar:Kundfordringar  100.00 SEK
  Intäkter:Övriga
2019-01-03 * "Kund" "Lokalbidrag"
  ver: "K2"
  Tillgångar:Fordringar:Kundfordringar  100.00 SEK
  Intäkter:Övriga
2019-01-01 custom "verksamhet" "SAMO" "Testförbundet" "förbund"
"""


@pytest.fixture
def ledger_path(tmp_path: Path) -> Path:
    path = tmp_path / "main.beancount"
    path.write_text(LEDGER, encoding="utf-8")
    assert load(path).errors == []
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def expected_amounts(path: Path) -> dict[str, Decimal]:
    data = contributions.contribution_data(load(path).entries)
    return {s.member.id: s.amount for s in contributions.expected_shares(data, 2019)}


@pytest.mark.parametrize("quarterly", [False, True])
def test_bokfor_text_loads_cleanly_and_matches_the_split(
    ledger_path: Path, capsys: pytest.CaptureFixture[str], quarterly: bool
) -> None:
    args = ["medlemsavgifter", "2019", "--ledger", str(ledger_path), "--bokför"]
    code, text, err = run(capsys, *([*args, "--kvartal"] if quarterly else args))
    assert (code, err) == (0, "")
    with ledger_path.open("a", encoding="utf-8") as handle:
        handle.write("\n" + text)
    booked = load(ledger_path)
    assert booked.errors == []  # balances, accounts, voucher series without gaps

    vouchers = re.findall(r'ver: "(K\d+)"', text)
    count = 5 * (4 if quarterly else 1)
    assert vouchers == [f"K{n}" for n in range(3, 3 + count)]
    assert sum(contributions.recorded(booked.books, 2019).values()) == Decimal("1000000.03")
    assert contributions.recorded(booked.books, 2019) == expected_amounts(ledger_path)

    frame = contributions.comparison_frame(booked.books, 2019)
    assert all(d == 0 for d in frame["difference"])
    if quarterly:
        assert "Medlemsavgift 2019 kvartal 4" in text
        assert '2019-10-15 * "C kommun"' in text
    else:
        assert '2019-01-15 * "Staten (Försäkringskassan)" "Medlemsavgift 2019"' in text


def test_bokfor_refuses_a_second_time(
    ledger_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["medlemsavgifter", "2019", "--ledger", str(ledger_path), "--bokför", "--kvartal"]
    code, text, _ = run(capsys, *args)
    assert code == 0
    with ledger_path.open("a", encoding="utf-8") as handle:
        handle.write("\n" + text)
    code, out, err = run(capsys, *args)
    assert code == 1
    assert out == ""
    assert "2019 har redan 20 verifikationer på medlemmarnas avgiftskonton" in err
    assert "(K3, K4," in err and "K22)" in err
    # The yearly variant refuses too.
    assert run(capsys, *args[:-1])[0] == 1


def test_kvartal_needs_bokfor(ledger_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "medlemsavgifter", "2019", "--ledger", str(ledger_path), "--kvartal")
    assert code == 1
    assert err == "finsam medlemsavgifter: --kvartal: används bara tillsammans med --bokför\n"


def test_bokfor_needs_the_invoicing_series(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "main.beancount"
    path.write_text(
        LEDGER.replace(
            '2019-01-01 custom "medlemsavgift-fakturering" "K" '
            "Tillgångar:Fordringar:Kundfordringar\n",
            "",
        ),
        encoding="utf-8",
    )
    code, out, err = run(capsys, "medlemsavgifter", "2019", "--ledger", str(path), "--bokför")
    assert (code, out) == (1, "")
    assert 'custom "medlemsavgift-fakturering" "K"' in err


def test_report_shows_expected_booked_and_difference(
    ledger_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with ledger_path.open("a", encoding="utf-8") as handle:
        handle.write(
            """
2019-02-01 * "Regionen" "Medlemsavgift 2019"
  ver: "K3"
  Tillgångar:Fordringar:Kundfordringar  248000.00 SEK
  Intäkter:Medlemsavgifter:Region
"""
        )
    code, out, err = run(capsys, "medlemsavgifter", "2019", "--ledger", str(ledger_path))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Medlemsavgifter 2019 – Testförbundet"
    assert "Tilldelning 1\u00a0000\u00a0000 kr" in lines[1]
    assert "tolerans 1\u00a0000 kr" in lines[1]
    region = re.split(" {2,}", next(line for line in lines if line.startswith("Regionen")))
    assert region == [
        "Regionen",
        "region",
        "25,0",
        "250\u00a0000",
        "248\u00a0000",
        "−2\u00a0000",
        "!",
    ]
    municipality = re.split(" {2,}", next(line for line in lines if line.startswith("C kommun")))
    assert municipality[2:5] == ["25,0", "7", "46,67"]
    total = re.split(" {2,}", next(line for line in lines if line.startswith("Summa")))
    assert total == ["Summa", "1\u00a0000\u00a0000", "248\u00a0000", "−752\u00a0000"]
    assert "större än toleransen 1\u00a0000 kr (5 st)" in out


def test_bad_contribution_data_is_reported_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "main.beancount"
    path.write_text(LEDGER.replace('"befolkning" 2019 "c" 7', '"befolkning" 2019 "d" 7'))
    code, out, err = run(capsys, "medlemsavgifter", "2019", "--ledger", str(path))
    assert (code, out) == (1, "")
    line = LEDGER.splitlines().index('2019-01-01 custom "befolkning" 2019 "c" 7') + 1
    assert f'main.beancount:{line}: befolkning för "d"' in err


def test_bokfor_for_a_member_joining_during_the_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """C joins on 2019-07-01 (member and account): it is in the whole year's split, and
    --bokför says why its account must be open on the invoice date."""
    path = tmp_path / "main.beancount"
    path.write_text(
        LEDGER.replace('2019-01-01 custom "medlem" "c"', '2019-07-01 custom "medlem" "c"')
        .replace("2019-01-01 open Intäkter:Medlemsavgifter:C SEK",
                 "2019-07-01 open Intäkter:Medlemsavgifter:C SEK"),
        encoding="utf-8",
    )
    code, out, err = run(capsys, "medlemsavgifter", "2019", "--ledger", str(path), "--bokför")
    assert (code, out) == (1, "")
    assert err == (
        'finsam medlemsavgifter: C kommun har inget avgiftskonto öppet 2019-01-15 (metadata '
        'medlem: "c" i kontoplanen): fakturan dateras 2019-01-15, så kontot ska vara öppnat '
        "senast då (en medlem som går med under året betalar hela årets andel, "
        "docs/contributions-trappan.md)\n")
