"""Open items (reskontra): invoices and payments linked by ``faktura``, or by counterparty."""

from __future__ import annotations

import csv
import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core import data

from finsam_accounts.cli import main
from finsam_accounts.ledger import load, load_string
from finsam_accounts.reskontra import find_open, open_items, warnings

D = Decimal
EXAMPLE = Path(__file__).resolve().parent.parent / "ledger" / "main.beancount"

BOOKS = """\
option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"
plugin "finsam_accounts.plugin"
2019-01-01 custom "räkenskapsår" 2019
2019-01-01 custom "verksamhet" "SAMO" "Testförbundet" "förbund"
2019-01-01 custom "betalningsvillkor" 20
2019-01-01 open Tillgångar:Bank SEK
  nr: "1930"
2019-01-01 open Tillgångar:Kundfordringar SEK
  nr: "1510"
2019-01-01 open Skulder:Leverantörsskulder SEK
  nr: "2440"
2019-01-01 open Intäkter:Avgifter SEK
  nr: "3590"
  verksamhet: "SAMO"
2019-01-01 open Kostnader:Tjänster SEK
  nr: "4610"
  verksamhet: "SAMO"

2019-01-10 * "Umeå kommun" "Medlemsavgift kvartal 1"
  ver: "K1"
  faktura: "2019-001"
  Tillgångar:Kundfordringar  1000.00 SEK
  Intäkter:Avgifter  -1000.00 SEK

2019-01-10 * "Vännäs kommun" "Medlemsavgift kvartal 1"
  ver: "K2"
  faktura: "2019-002"
  forfaller: 2019-03-31
  Tillgångar:Kundfordringar  250.50 SEK
  Intäkter:Avgifter  -250.50 SEK

2019-02-01 * "Konsult AB" "Utredning"
  ver: "F1"
  Kostnader:Tjänster  800.00 SEK
  Skulder:Leverantörsskulder  -800.00 SEK

2019-02-05 * "Konsult AB" "Utredning del 2"
  ver: "F2"
  Kostnader:Tjänster  300.00 SEK
  Skulder:Leverantörsskulder  -300.00 SEK

2019-02-10 * "Umeå kommun" "Inbetalning"
  ver: "B1"
  faktura: "2019-001"
  Tillgångar:Bank  600.00 SEK
  Tillgångar:Kundfordringar  -600.00 SEK

2019-02-20 * "Konsult AB" "Betalning"
  ver: "B2"
  Skulder:Leverantörsskulder  900.00 SEK
  Tillgångar:Bank  -900.00 SEK

2019-02-25 * "Okänd AB" "Inbetalning"
  ver: "B3"
  faktura: "2019-999"
  Tillgångar:Bank  75.00 SEK
  Tillgångar:Kundfordringar  -75.00 SEK
"""


def test_open_items_at_a_date() -> None:
    result = open_items(load_string(BOOKS).entries, datetime.date(2019, 3, 1))
    rows = [
        (i.kind, i.voucher, i.ref, i.due, i.overdue(result.date), i.amount, i.paid, i.remaining)
        for i in result.items
    ]
    assert rows == [
        # K1: 1 000 − 600 paid; due 10 Jan + 20 days; 1 March is 30 days later.
        ("kund", "K1", "2019-001", datetime.date(2019, 1, 30), 30, D("1000.00"), D("600.00"),
         D("400.00")),
        # K2: its own due date, not yet due.
        ("kund", "K2", "2019-002", datetime.date(2019, 3, 31), 0, D("250.50"), D("0"),
         D("250.50")),
        # F1 800 paid in full by B2's 900 (oldest first), F2 gets the other 100.
        ("leverantör", "F2", None, datetime.date(2019, 2, 25), 4, D("300.00"), D("100.00"),
         D("200.00")),
    ]
    assert [(u.movement.voucher, u.amount) for u in result.unmatched] == [("B3", D("75.00"))]


def test_before_the_payments_everything_is_open() -> None:
    result = open_items(load_string(BOOKS).entries, datetime.date(2019, 2, 5))
    assert [(i.voucher, i.remaining) for i in result.items] == [
        ("K1", D("1000.00")), ("K2", D("250.50")), ("F1", D("800.00")), ("F2", D("300.00")),
    ]
    assert result.unmatched == []


def test_find_open_by_reference_then_amount() -> None:
    items = open_items(load_string(BOOKS).entries, datetime.date(2019, 3, 1)).items
    assert find_open(items, "kund", D("400.00"), "OCR 2019-001")
    found = find_open(items, "kund", D("250.50"), "", "Vännäs kommun")
    assert found is not None and found.voucher == "K2"
    found = find_open(items, "leverantör", D("200.00"))
    assert found is not None and found.voucher == "F2"
    assert find_open(items, "kund", D("123.00")) is None


def test_a_payment_naming_no_invoice_is_a_warning() -> None:
    assert warnings(load_string(BOOKS).entries, datetime.date.max) == [
        'betalningen B3 (Okänd AB) anger faktura "2019-999", men ingen öppen faktura har '
        "den referensen (Tillgångar:Kundfordringar)"
    ]


def test_reskontra_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "books").mkdir()
    (tmp_path / "books" / "main.beancount").write_text(BOOKS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    status = main(["reskontra", "2019-03-01", "--ledger", "books/main.beancount",
                   "--out", "ut"])
    out = capsys.readouterr().out
    assert status == 0
    assert "  K1     2019-001     Umeå kommun" in out and "kvar 400,00" in out
    assert "Betalningar utan öppen faktura:" in out
    with (tmp_path / "ut" / "reskontra.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][-3:] == ["belopp", "betalt", "kvar"]
    assert [r[3] for r in rows[1:]] == ["K1", "K2", "F2", "B3"]
    assert [r[-1] for r in rows[1:]] == ["400.00", "250.50", "200.00", "-75.00"]
    assert (tmp_path / "ut" / "reskontra.xlsx").exists()


def test_check_warns_on_a_payment_without_invoice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "main.beancount").write_text(BOOKS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--ledger", "main.beancount"]) == 0
    err = capsys.readouterr().err
    assert 'varning: betalningen B3 (Okänd AB) anger faktura "2019-999"' in err


def test_example_open_items_add_up_to_the_accounts() -> None:
    # Independently of the code under test: the balances of 1510 and 2440 in beancount.
    loaded = load(str(EXAMPLE))
    entries, _, _ = loaded.entries, loaded.errors, loaded.options
    for day in (datetime.date(2019, 8, 31), datetime.date(2019, 12, 31)):
        result = open_items(entries, day)
        balances = {"kund": D(0), "leverantör": D(0)}
        for entry in entries:
            if isinstance(entry, data.Transaction) and entry.date <= day:
                for p in entry.postings:
                    assert p.units is not None and p.units.number is not None
                    if p.account == "Tillgångar:Fordringar:Kundfordringar":
                        balances["kund"] += p.units.number
                    elif p.account == "Skulder:Kortfristiga:Leverantörsskulder":
                        balances["leverantör"] -= p.units.number
        assert result.unmatched == []
        for kind, balance in balances.items():
            assert sum((i.remaining for i in result.items if i.kind == kind), D(0)) == balance
    at_august = open_items(entries, datetime.date(2019, 8, 31))
    assert [i.voucher for i in at_august.items] == ["F69", "F71", "F72", "F73", "F74"]
    assert sum((i.remaining for i in at_august.items), D(0)) == D("3058977.40")
