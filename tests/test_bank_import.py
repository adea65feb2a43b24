"""Bank files in: each format read, matched, numbered, deduplicated; bad files refused.

The sample files in tests/bankfiler/ are written from the formats' public descriptions
(tests/bankfiler/README.md). The month: opening balance 5 000,00; in 1 000,00 (Umeå
kommun, invoice 2019-001), out 800,00 (Konsult AB, invoice F-77), 459,00 (Telia), 12,50
(an unknown fee); closing balance 4 728,50.
"""

from __future__ import annotations

import datetime
import shutil
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from beancount.core import data

from finsam_accounts.bank.propose import propose
from finsam_accounts.bank.read import read_statement
from finsam_accounts.cli import main
from finsam_accounts.errors import ReportError
from finsam_accounts.ledger import load, load_string

D = Decimal
SAMPLES = Path(__file__).resolve().parent / "bankfiler"
BANK = "Tillgångar:Bank"

BOOKS = """\
option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"
plugin "finsam_accounts.plugin"
2019-01-01 custom "räkenskapsår" 2019
2019-01-01 custom "verksamhet" "SAMO" "Testförbundet" "förbund"
2019-01-01 custom "bankkonto" Tillgångar:Bank "B" Skulder:Oklarade-bankposter \
"SE45 8000 0832 7900 0001 2345" "8327-9912345678-9" "5050-1055"
2019-01-01 open Tillgångar:Bank SEK
  nr: "1930"
2019-01-01 open Tillgångar:Kundfordringar SEK
  nr: "1510"
2019-01-01 open Skulder:Leverantörsskulder SEK
  nr: "2440"
2019-01-01 open Skulder:Oklarade-bankposter SEK
  nr: "2999"
2019-01-01 open Eget-kapital:Eget-kapital SEK
  nr: "2010"
2019-01-01 open Intäkter:Avgifter SEK
  nr: "3590"
  verksamhet: "SAMO"
2019-01-01 open Kostnader:Tele SEK
  nr: "6210"
  verksamhet: "SAMO"
2019-01-01 open Kostnader:Konsulter SEK
  nr: "4610"
  verksamhet: "SAMO"

2019-01-01 * "Testförbundet" "Ingående balans"
  ver: "A1"
  ib: TRUE
  Tillgångar:Bank  5000.00 SEK
  Eget-kapital:Eget-kapital  -5000.00 SEK

2019-02-01 * "Umeå kommun" "Medlemsavgift kvartal 1"
  ver: "K1"
  faktura: "2019-001"
  Tillgångar:Kundfordringar  1000.00 SEK
  Intäkter:Avgifter  -1000.00 SEK

2019-02-01 * "Vännäs kommun" "Medlemsavgift kvartal 1"
  ver: "K2"
  faktura: "2019-002"
  Tillgångar:Kundfordringar  250.50 SEK
  Intäkter:Avgifter  -250.50 SEK

2019-02-20 * "Konsult AB" "Utredning"
  ver: "F1"
  faktura: "F-77"
  Kostnader:Konsulter  800.00 SEK
  Skulder:Leverantörsskulder  -800.00 SEK

2019-02-25 * "Telia Sverige AB" "Telefoni februari"
  ver: "B1"
  Kostnader:Tele  459.00 SEK
  Tillgångar:Bank  -459.00 SEK

2019-02-26 balance Tillgångar:Bank  4541.00 SEK

2019-02-26 * "Testförbundet" "Återställd felbetalning"
  ver: "B2"
  Tillgångar:Bank  459.00 SEK
  Kostnader:Tele  -459.00 SEK
"""


def voucher_rows(entries: Sequence[Any]) -> list[tuple]:
    return [
        (e.meta["ver"], e.date.isoformat(), e.flag, e.payee, e.meta.get("faktura"),
         [(p.account, p.units.number if p.units else None) for p in e.postings])
        for e in entries
        if isinstance(e, data.Transaction)
    ]


MONTH = [
    ("B3", "2019-03-05", "*", "Umeå kommun", "2019-001",
     [(BANK, D("1000.00")), ("Tillgångar:Kundfordringar", D("-1000.00"))]),
    ("B4", "2019-03-12", "*", "Konsult AB", "F-77",
     [(BANK, D("-800.00")), ("Skulder:Leverantörsskulder", D("800.00"))]),
    ("B5", "2019-03-20", "*", "Telia Sverige AB", None,
     [(BANK, D("-459.00")), ("Kostnader:Tele", D("459.00"))]),
]


def test_camt053_month_is_matched_and_numbered() -> None:
    books = load_string(BOOKS).books
    statement = read_statement(str(SAMPLES / "camt053.xml"))
    assert statement.kind == "camt.053"
    assert statement.account_ids == ("SE4580000832790000012345",)
    proposal = propose(books, statement, "camt053.xml")
    assert voucher_rows(proposal.entries) == [
        *MONTH,
        ("B6", "2019-03-29", "!", None, None,
         [(BANK, D("-12.50")), ("Skulder:Oklarade-bankposter", D("12.50"))]),
    ]
    assert (proposal.matched, proposal.by_rule, len(proposal.unmatched)) == (2, 1, 1)
    balance = proposal.entries[-1]
    assert isinstance(balance, data.Balance)
    assert (balance.date, balance.account, balance.amount.number) == (
        datetime.date(2019, 4, 1), BANK, D("4728.50"))


def test_camt054_splits_the_deposit_per_payment() -> None:
    proposal = propose(load_string(BOOKS).books, read_statement(str(SAMPLES / "camt054.xml")),
                       "camt054.xml")
    assert voucher_rows(proposal.entries) == [
        ("B3", "2019-03-10", "*", "Umeå kommun", "2019-001",
         [(BANK, D("1000.00")), ("Tillgångar:Kundfordringar", D("-1000.00"))]),
        ("B4", "2019-03-10", "*", "Vännäs kommun", "2019-002",
         [(BANK, D("250.50")), ("Tillgångar:Kundfordringar", D("-250.50"))]),
    ]


def test_bgmax_payments_match_member_invoices() -> None:
    statement = read_statement(str(SAMPLES / "bgmax.txt"))
    assert statement.kind == "bgmax" and statement.account_ids == ("50501055",)
    assert [(ln.amount, ln.counterparty, ln.invoice_ref, ln.reference) for ln in
            statement.lines] == [
        (D("1000.00"), "Umeå kommun", "2019-001", "bgmax:50501055:190310000001"),
        (D("250.50"), "Vännäs kommun", "2019-002", "bgmax:50501055:190310000002"),
    ]
    proposal = propose(load_string(BOOKS).books, statement, "bgmax.txt")
    assert [r[4] for r in voucher_rows(proposal.entries)] == ["2019-001", "2019-002"]


@pytest.mark.parametrize("name", ["swedbank.csv", "handelsbanken.csv", "seb.csv", "nordea.csv"])
def test_bank_csv_exports(name: str) -> None:
    statement = read_statement(str(SAMPLES / name))
    assert statement.kind == name.split(".")[0]
    proposal = propose(load_string(BOOKS).books, statement, name)
    assert [(r[0], r[1], r[5]) for r in voucher_rows(proposal.entries)] == [
        (r[0], r[1], r[5]) for r in MONTH
    ]
    balance = proposal.entries[-1]
    assert isinstance(balance, data.Balance)
    assert (balance.date, balance.amount.number) == (datetime.date(2019, 3, 21), D("4741.00"))


def test_a_line_booked_by_hand_is_not_proposed_again() -> None:
    by_hand = BOOKS + (
        '\n2019-03-20 * "Telia Sverige AB" "Telefoni mars"\n  ver: "B3"\n'
        "  Kostnader:Tele  459.00 SEK\n  Tillgångar:Bank  -459.00 SEK\n"
    )
    proposal = propose(load_string(by_hand).books,
                       read_statement(str(SAMPLES / "camt053.xml")), "camt053.xml")
    assert [(r[0], r[3]) for r in voucher_rows(proposal.entries)] == [
        ("B4", "Umeå kommun"), ("B5", "Konsult AB"), ("B6", None)]
    assert proposal.duplicates == 1


@pytest.fixture
def books(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "bok"
    folder.mkdir()
    (folder / "main.beancount").write_text(BOOKS, encoding="utf-8")
    for sample in SAMPLES.iterdir():
        shutil.copy(sample, tmp_path / sample.name)
    monkeypatch.chdir(tmp_path)
    return folder


def test_import_twice_adds_nothing(books: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main_file = books / "main.beancount"
    assert main(["bank-import", "camt053.xml", "--ledger", str(main_file), "--skriv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("4 nya verifikationer ur camt053.xml till main.beancount: 2 mot "
                          "öppna fakturor, 1 enligt motpartens konto, 1 på oklarade "
                          "bankposter; 0 rader fanns redan.")
    assert "oklarad: B6 2019-03-29" in out
    # The books with the import pass the check, the balance assertion included.
    ledger = load(main_file)
    assert ledger.errors == []
    assert main(["check", "--ledger", str(main_file)]) == 0
    assert "nästa nr 2019: A2 B7 F2 K3" in capsys.readouterr().out
    before = main_file.read_bytes()
    assert main(["bank-import", "camt053.xml", "--ledger", str(main_file), "--skriv"]) == 0
    assert capsys.readouterr().out == (
        "Inget nytt i camt053.xml: alla 4 rader finns redan i bokföringen.\n")
    assert main_file.read_bytes() == before
    # The same month from the CSV export: every line is booked (by date and amount); only
    # its closing balance (after 20 March) is new, and it holds.
    assert main(["bank-import", "swedbank.csv", "--ledger", str(main_file), "--skriv"]) == 0
    assert capsys.readouterr().out.startswith(
        "0 nya verifikationer ur swedbank.csv till main.beancount: 0 mot öppna fakturor, "
        "0 enligt motpartens konto, 0 på oklarade bankposter; 3 rader fanns redan.")
    assert "2019-03-21 balance Tillgångar:Bank" in main_file.read_text(encoding="utf-8")
    assert load(main_file).errors == []


def test_proposals_go_to_a_file_to_review(books: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main_file = books / "main.beancount"
    before = main_file.read_bytes()
    assert main(["bank-import", "bgmax.txt", "--ledger", str(main_file)]) == 0
    assert main_file.read_bytes() == before
    text = Path("forslag-bgmax.beancount").read_text(encoding="utf-8")
    assert 'ver: "B3"' in text and 'faktura: "2019-002"' in text
    assert 'bankref: "bgmax:50501055:190310000002"' in text
    # The proposal is valid beancount that, appended, keeps the books without errors.
    combined = BOOKS + "\n" + text
    assert load_string(combined).errors == []


BAD = {
    "cut.xml": (b'<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:'
                b'camt.053.001.02"><BkToCstmrStmt><Stmt>',
                ":1: ogiltig XML: filen är inte en hel camt-fil"),
    "xxe.xml": (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&x;'
                b"</Document>",
                ": XML-filen har DTD eller entiteter, som en bankfil aldrig har: läses inte"),
    "bomb.xml": (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
                 b"<d>camt.053 &b;</d>",
                 ": XML-filen har DTD eller entiteter, som en bankfil aldrig har: läses inte"),
    "other.txt": (b"hej\n", ": okänt filformat: läser camt.053/054 (XML), BgMax och CSV-export "
                  "från Swedbank, Handelsbanken, SEB och Nordea"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_files_one_line_nothing_written(
    name: str, books: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content, message = BAD[name]
    Path(name).write_bytes(content)
    main_file = books / "main.beancount"
    before = sorted(p.name for p in Path.cwd().rglob("*")), main_file.read_bytes()
    assert main(["bank-import", name, "--ledger", str(main_file), "--skriv"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [f"{name}{message}"]
    assert (sorted(p.name for p in Path.cwd().rglob("*")), main_file.read_bytes()) == before


def test_a_bgmax_file_cut_short_is_refused(tmp_path: Path) -> None:
    lines = (SAMPLES / "bgmax.txt").read_bytes().splitlines(keepends=True)
    cut = tmp_path / "cut.txt"
    cut.write_bytes(b"".join(lines[:-1]))
    with pytest.raises(ReportError, match="slutposten TK70 saknas"):
        read_statement(str(cut))
    changed = tmp_path / "changed.txt"
    changed.write_bytes(b"".join(lines).replace(b"000000000000100000", b"000000000000100100"))
    with pytest.raises(ReportError, match=r"insättningen anger 2 betalningar på 1250\.50 kr"):
        read_statement(str(changed))


EXAMPLE = Path(__file__).resolve().parent.parent / "ledger"


def test_the_example_month_is_imported() -> None:
    """March 2019 of the example as the bank's camt.053: every line is in the books, and
    the statement's closing balance is the ledger's (summed here with beancount alone)."""
    ledger = load(EXAMPLE / "main.beancount")
    statement = read_statement(str(EXAMPLE / "bankfiler" / "2019-03-camt053.xml"))
    bank = "Tillgångar:Kassa-och-bank:Bankkonto"
    march = [
        (e.date, p.units.number)
        for e in ledger.entries
        if isinstance(e, data.Transaction) and (e.date.year, e.date.month) == (2019, 3)
        for p in e.postings
        if p.account == bank and p.units is not None
    ]
    assert sorted((ln.date, ln.amount) for ln in statement.lines) == sorted(march)
    before_april = sum(
        (p.units.number for e in ledger.entries if isinstance(e, data.Transaction)
         and e.date < datetime.date(2019, 4, 1) for p in e.postings
         if p.account == bank and p.units is not None and p.units.number is not None),
        D(0),
    )
    assert statement.closing == (datetime.date(2019, 3, 31), before_april)
    assert before_april == D("5119774.00")
    proposal = propose(ledger.books, statement, "2019-03-camt053.xml")
    assert (proposal.entries, proposal.duplicates) == ([], len(march))


def test_fava_import_page_proposes_the_same(books: Path) -> None:
    """Fava's import page (beangulp) with the books' importers.py: the same proposals."""
    from fava.core import FavaLedger

    main_file = books / "main.beancount"
    (books / "importers.py").write_text(
        "from finsam_accounts.bank.importer import CONFIG\n", encoding="utf-8")
    (books / "bankfiler").mkdir()
    shutil.copy(SAMPLES / "camt053.xml", books / "bankfiler" / "camt053.xml")
    main_file.write_text(
        BOOKS + '2019-01-01 custom "fava-option" "import-config" "importers.py"\n'
        '2019-01-01 custom "fava-option" "import-dirs" "bankfiler"\n', encoding="utf-8")
    ledger = FavaLedger(str(main_file))
    found = [
        (Path(f.name).name, [i.importer_name for i in f.importers])
        for f in ledger.ingest.import_data()
    ]
    assert found == [("camt053.xml", ["finsam.bank"])]
    entries = ledger.ingest.extract(str(books / "bankfiler" / "camt053.xml"), "finsam.bank")
    assert voucher_rows(entries)[:3] == MONTH
    assert isinstance(entries[-1], data.Balance)


def test_a_later_camt_version_reads_alike(tmp_path: Path) -> None:
    """camt.053.001.08 (another namespace, ``Sts/Cd``) gives the same lines."""
    text = (SAMPLES / "camt053.xml").read_text(encoding="utf-8")
    text = text.replace("camt.053.001.02", "camt.053.001.08")
    text = text.replace("<Sts>BOOK</Sts>", "<Sts><Cd>BOOK</Cd></Sts>")
    text = text.replace("<Sts>PDNG</Sts>", "<Sts><Cd>PDNG</Cd></Sts>")
    later = tmp_path / "camt053-v8.xml"
    later.write_text(text, encoding="utf-8")
    assert read_statement(str(later)) == read_statement(str(SAMPLES / "camt053.xml"))


def test_the_importer_refuses_a_malformed_bank_setting() -> None:
    """beangulp's importer (its own command, with entries no one parsed) parses them once
    and refuses on the bank settings' errors, as ``finsam check`` reports them."""
    from finsam_accounts.bank.importer import BankImporter

    text = BOOKS + '2019-01-02 custom "bankregel" "Telia"\n'
    loaded = load_string(text)
    line = len(text.splitlines())
    assert [e.source["lineno"] for e in loaded.errors] == [line]  # the plugin's
    with pytest.raises(ValueError) as refused:
        BankImporter("Tillgångar:Bank").extract(str(SAMPLES / "camt053.xml"), loaded.entries)
    assert str(refused.value).startswith(f"<string>:{line}: ")
    assert 'custom "bankregel"' in str(refused.value)
