"""Open items (reskontra): invoices and payments linked by ``faktura``, or by counterparty."""

from __future__ import annotations

import csv
import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core import data

from finsam_accounts.cli import main
from finsam_accounts.ledger import Ledger, load, load_string
from finsam_accounts.reskontra import Reskontra, find_open, open_items, warnings

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


def open_at(loaded: Ledger, date: datetime.date) -> Reskontra:
    """The open items with the books' payment terms (``custom "betalningsvillkor"``)."""
    return open_items(loaded.books, date)


def test_open_items_at_a_date() -> None:
    result = open_at(load_string(BOOKS), datetime.date(2019, 3, 1))
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
    result = open_at(load_string(BOOKS), datetime.date(2019, 2, 5))
    assert [(i.voucher, i.remaining) for i in result.items] == [
        ("K1", D("1000.00")), ("K2", D("250.50")), ("F1", D("800.00")), ("F2", D("300.00")),
    ]
    assert result.unmatched == []


def test_find_open_by_reference_then_amount() -> None:
    items = open_at(load_string(BOOKS), datetime.date(2019, 3, 1)).items
    assert find_open(items, "kund", D("400.00"), "OCR 2019-001")
    found = find_open(items, "kund", D("250.50"), "", "Vännäs kommun")
    assert found is not None and found.voucher == "K2"
    found = find_open(items, "leverantör", D("200.00"))
    assert found is not None and found.voucher == "F2"
    assert find_open(items, "kund", D("123.00")) is None


def test_a_payment_naming_no_invoice_is_a_warning() -> None:
    assert warnings(load_string(BOOKS).books, datetime.date.max) == [
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


HEAD = BOOKS[: BOOKS.index("2019-01-10")]

OPENING = HEAD + """
2019-01-01 * "Testförbundet" "Ingående balans 2019-01-01"
  ver: "A1"
  ib: TRUE
  Tillgångar:Bank  1000.00 SEK
  Skulder:Leverantörsskulder  -700.00 SEK
  Eget-kapital:Eget-kapital  -300.00 SEK
2019-01-01 open Eget-kapital:Eget-kapital SEK
  nr: "2010"
2019-01-05 * "Konsult AB" "Utredning"
  ver: "F1"
  Kostnader:Tjänster  100.00 SEK
  Skulder:Leverantörsskulder  -100.00 SEK
2019-01-20 * "Konsult AB" "Betalning"
  ver: "B1"
  Skulder:Leverantörsskulder  150.00 SEK
  Tillgångar:Bank  -150.00 SEK
"""


def test_an_opening_debt_without_a_supplier_is_shown_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The ib voucher's payee is the förbund itself: its 2440 balance is no supplier's."""
    result = open_at(load_string(OPENING), datetime.date(2019, 1, 31))
    # B1 150 pays Konsult AB's own F1 100 first, then 50 of the balance brought in.
    assert [(i.voucher, i.payee, i.remaining) for i in result.items] == [
        ("A1", "Ingående balans (utan motpart)", D("650.00"))]
    (tmp_path / "books").mkdir()
    (tmp_path / "books" / "main.beancount").write_text(OPENING, encoding="utf-8")
    out = tmp_path / "ut"
    assert main(["reskontra", "2019-01-31", "--ledger", str(tmp_path / "books" / "main.beancount"),
                 "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "A1     –            Ingående balans (utan motpart) förfaller" in printed
    assert "Testförbundet" not in printed
    with (out / "reskontra.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["ver"], r["motpart"], r["kvar"]) for r in rows] == [
        ("A1", "Ingående balans (utan motpart)", "650.00")]


SPLIT = OPENING.replace(
    "  Skulder:Leverantörsskulder  -700.00 SEK\n  Eget-kapital",
    "  Skulder:Leverantörsskulder  -400.00 SEK\n    motpart: \"Tryck AB\"\n"
    "    faktura: \"T-17\"\n    forfaller: 2019-01-15\n"
    "  Skulder:Leverantörsskulder  -300.00 SEK\n    motpart: \"Konsult AB\"\n"
    "  Eget-kapital") + """
2019-01-25 * "Tryck AB" "Betalning"
  ver: "B2"
  faktura: "T-17"
  Skulder:Leverantörsskulder  400.00 SEK
  Tillgångar:Bank  -400.00 SEK
"""


def test_the_opening_debt_split_by_supplier_on_its_postings() -> None:
    """Postings of the ib voucher with ``motpart`` (and ``faktura``, ``forfaller``) are
    those suppliers' invoices brought in."""
    loaded = load_string(SPLIT)
    at_start = open_at(loaded, datetime.date(2019, 1, 1))
    assert [(i.payee, i.ref, i.due, i.remaining) for i in at_start.items] == [
        ("Tryck AB", "T-17", datetime.date(2019, 1, 15), D("400.00")),
        ("Konsult AB", None, datetime.date(2019, 1, 21), D("300.00"))]  # 1 Jan + 20 days
    # B1 (Konsult AB, 150, no faktura) pays Konsult AB's oldest: its 300 brought in, not
    # Tryck AB's 400; B2 pays T-17 by its reference. Konsult AB: 300 − 150, then F1 100.
    result = open_at(loaded, datetime.date(2019, 1, 31))
    assert [(i.voucher, i.payee, i.remaining) for i in result.items] == [
        ("A1", "Konsult AB", D("150.00")), ("F1", "Konsult AB", D("100.00"))]
    assert result.unmatched == []


def test_example_open_items_add_up_to_the_accounts() -> None:
    # Independently of the code under test: the balances of 1510 and 2440 in beancount.
    loaded = load(str(EXAMPLE))
    entries = loaded.entries
    for day in (datetime.date(2019, 8, 31), datetime.date(2019, 12, 31)):
        result = open_items(loaded.books, day)
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
    at_august = open_items(loaded.books, datetime.date(2019, 8, 31))
    assert [i.voucher for i in at_august.items] == ["F69", "F71", "F72", "F73", "F74"]
    assert sum((i.remaining for i in at_august.items), D(0)) == D("3058977.40")


# --------------------------------------------------- settling without a reference, at size


def naive_open_items(
    entries: list[data.Directive], date: datetime.date
) -> tuple[list[tuple[str, Decimal, list[str]]], list[tuple[str, Decimal]]]:
    """The rule as the module docstring states it, the slow plain way: a payment with a
    ``faktura`` goes to that invoice; one without pays the oldest open invoices of the same
    payee on the account, then the balances brought in, in booking order."""
    from finsam_accounts.reskontra import movements

    items: list[dict[str, object]] = []
    unmatched: list[tuple[str, Decimal]] = []
    for move in movements(entries, date):
        refd = [i for i in items if move.ref and (i["account"], i["ref"]) == (move.account,
                                                                            move.ref)]
        if move.amount > 0 and not refd:
            items.append({"account": move.account, "ref": move.ref, "payee": move.payee,
                          "opening": move.opening, "voucher": move.voucher,
                          "left": move.amount, "payments": []})
            continue
        if move.ref:
            if not refd:
                unmatched.append((move.voucher, -move.amount))
            else:
                refd[0]["left"] = D(str(refd[0]["left"])) + move.amount
                refd[0]["payments"].append(move.voucher)  # type: ignore[attr-defined]
            continue
        amount = -move.amount
        for opening in (False, True):
            for item in items:
                if (item["account"] != move.account or item["opening"] != opening
                        or D(str(item["left"])) <= 0):
                    continue
                if not opening and str(item["payee"]).casefold() != move.payee.casefold():
                    continue
                if amount <= 0:
                    break
                part = min(amount, D(str(item["left"])))
                item["left"] = D(str(item["left"])) - part
                item["payments"].append(move.voucher)  # type: ignore[attr-defined]
                amount -= part
        if amount > 0:
            unmatched.append((move.voucher, amount))
    still = [(str(i["voucher"]), D(str(i["left"])), list(i["payments"]))  # type: ignore[call-overload]
             for i in items if D(str(i["left"])) != 0]
    return sorted(still), unmatched


def random_books(seed: int, count: int) -> str:
    """Invoices and payments on the supplier ledger, half without a reference, payees in
    mixed case, a balance brought in, an invoice reopened by a second posting of its
    reference, over- and underpayments."""
    import random

    rng = random.Random(seed)
    head = BOOKS[: BOOKS.index("2019-01-10")]
    parts = [head, """2019-01-01 * "Ingående" "Ingående balans"
  ver: "A1"
  ib: TRUE
  Tillgångar:Bank  5000.00 SEK
  Skulder:Leverantörsskulder  -5000.00 SEK
"""]
    payees = ["Konsult AB", "KONSULT ab", "Tryck AB", "Städ AB"]
    for n in range(1, count + 1):
        day = datetime.date(2019, 1, 2) + datetime.timedelta(days=n * 300 // count)
        payee = rng.choice(payees)
        amount = D(rng.randrange(100, 5000)) / 4
        ref = f'  faktura: "F{rng.randrange(1, count // 3 + 2)}"\n' if rng.random() < 0.3 else ""
        if rng.random() < 0.5:
            parts.append(f'{day} * "{payee}" "Faktura"\n  ver: "F{n}"\n{ref}'
                         f"  Kostnader:Tjänster  {amount} SEK\n"
                         f"  Skulder:Leverantörsskulder  -{amount} SEK\n")
        else:
            parts.append(f'{day} * "{payee}" "Betalning"\n  ver: "B{n}"\n{ref}'
                         f"  Skulder:Leverantörsskulder  {amount} SEK\n"
                         f"  Tillgångar:Bank  -{amount} SEK\n")
    return "\n".join(parts)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_settling_agrees_with_the_plain_rule(seed: int) -> None:
    loaded = load_string(random_books(seed, 300))
    entries = loaded.entries
    day = datetime.date(2019, 12, 31)
    result = open_items(loaded.books, day)
    got = sorted((i.voucher, i.remaining, i.payments) for i in result.items)
    expected, unmatched = naive_open_items(entries, day)
    assert got == expected
    assert [(u.movement.voucher, u.amount) for u in result.unmatched] == unmatched
    assert len(got) > 10 and len(unmatched) > 3  # the books exercise both outcomes


def test_settling_does_not_walk_the_paid_invoices_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """n invoices of one supplier, each paid in full without a reference: each payment
    looks at a bounded number of invoices, not at every invoice paid before it (which made
    ``finsam check`` of 10 000 vouchers spend seconds here)."""
    from finsam_accounts import reskontra

    count = 400
    lines = [BOOKS[: BOOKS.index("2019-01-10")]]
    for n in range(1, count + 1):
        day = datetime.date(2019, 1, 1) + datetime.timedelta(days=n * 360 // count)
        lines.append(f'{day} * "Konsult AB" "Faktura"\n  ver: "F{n}"\n'
                     "  Kostnader:Tjänster  10.00 SEK\n  Skulder:Leverantörsskulder  -10.00 SEK\n")
        lines.append(f'{day} * "Konsult AB" "Betalning"\n  ver: "B{n}"\n'
                     "  Skulder:Leverantörsskulder  10.00 SEK\n  Tillgångar:Bank  -10.00 SEK\n")
    books = load_string("\n".join(lines)).books
    looked = 0
    original = reskontra.OpenItem.remaining

    def counted(item: reskontra.OpenItem) -> Decimal:
        nonlocal looked
        looked += 1
        return original.fget(item)  # type: ignore[attr-defined]

    monkeypatch.setattr(reskontra.OpenItem, "remaining", property(counted))
    result = open_items(books, datetime.date(2019, 12, 31))
    assert result.items == [] and result.unmatched == []
    assert looked < 5 * count


MOVED_IN = HEAD + """
2019-01-01 open Eget-kapital:Eget-kapital SEK
  nr: "2010"
2019-01-02 * "Insats kvartal 4, faktura från värden"
  ver: "A2"
  Kostnader:Tjänster  700.00 SEK
  Skulder:Leverantörsskulder  -700.00 SEK
2019-01-27 * "Havsby kommun" "Betalning insats kvartal 4"
  ver: "B1"
  Skulder:Leverantörsskulder  700.00 SEK
  Tillgångar:Bank  -700.00 SEK
"""


def test_an_invoice_without_a_counterparty_is_settled_like_the_balance_brought_in() -> None:
    """A voucher moved in from another system (SIE has no payee: ``finsam flytta-in``
    gives it only a text) is an invoice without a counterparty. The bank import matches
    the payment to it by amount; the reskontra must agree and settle it, not list the
    invoice as overdue and the payment as matching nothing."""
    books = load_string(MOVED_IN).books
    before = open_items(books, datetime.date(2019, 1, 26))
    assert [(i.voucher, i.payee, i.remaining) for i in before.items] == [("A2", "", D("700.00"))]
    after = open_items(books, datetime.date(2019, 1, 31))
    assert after.items == [] and after.unmatched == []
