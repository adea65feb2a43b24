"""The banks' CSV exports read alike whatever the bank, separator, encoding and amount form.

The samples in tests/bankfiler/ are one month in each bank's layout (README there); here
the same month is rewritten the ways real exports differ: another separator, another
encoding, the text column under another header, thousands marks, a line not yet booked.
Each gives the same lines (date, amount, counterparty) and closing balance as the sample;
an amount or date the reader cannot be sure of is refused with its line.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core import data

from finsam_accounts.bank.csvbank import amount_of
from finsam_accounts.bank.read import kind_of, read_statement
from finsam_accounts.errors import ReportError

SAMPLES = Path(__file__).resolve().parent / "bankfiler"
D = Decimal
MONTH = [
    (datetime.date(2019, 3, 20), D("-459.00"), "Telia Sverige AB"),
    (datetime.date(2019, 3, 12), D("-800.00"), "Konsult AB"),
    (datetime.date(2019, 3, 5), D("1000.00"), "Umeå kommun"),
]
CLOSING = (datetime.date(2019, 3, 20), D("4741.00"))
SEB_HEADER = "Bokföringsdatum;Valutadatum;Verifikationsnummer;Text/mottagare;Belopp;Saldo\n"


def lines_of(path: Path) -> list[tuple[datetime.date, Decimal, str]]:
    return [(line.date, line.amount, line.counterparty) for line in read_statement(str(path)).lines]


@pytest.mark.parametrize("name", ["swedbank", "handelsbanken", "seb", "nordea"])
def test_each_bank_sample_gives_the_month(name: str) -> None:
    path = SAMPLES / f"{name}.csv"
    assert kind_of(str(path)) == name
    statement = read_statement(str(path))
    assert lines_of(path) == MONTH
    assert statement.closing == CLOSING


def rewritten(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_swedbank_with_tabs_or_semicolons_in_utf8_reads_alike(tmp_path: Path) -> None:
    sample = (SAMPLES / "swedbank.csv").read_bytes().decode("cp1252")
    for separator, encoding in (("\t", "utf-8-sig"), (";", "utf-8"), (",", "cp1252")):
        text = "\n".join(
            separator.join(cell.strip('"') for cell in line.split(","))
            if not line.startswith("*") else line
            for line in sample.splitlines())
        path = rewritten(tmp_path, f"swedbank-{ord(separator)}.csv", text, encoding)
        assert kind_of(str(path)) == "swedbank"
        assert lines_of(path) == MONTH
        assert read_statement(str(path)).closing == CLOSING


def test_seb_text_header_variants_and_a_comma_separated_export(tmp_path: Path) -> None:
    sample = (SAMPLES / "seb.csv").read_bytes().decode("cp1252")
    for header in ("Text", "Text/Beteckning", "Text / mottagare"):
        path = rewritten(tmp_path, "seb.csv", sample.replace("Text/mottagare", header))
        assert lines_of(path) == MONTH
    comma = sample.replace(",", ".").replace(";", ",")  # amounts 4741.00, comma-separated
    assert lines_of(rewritten(tmp_path, "seb2.csv", comma)) == MONTH


def test_nordea_skips_the_line_not_yet_booked(tmp_path: Path) -> None:
    statement = read_statement(str(SAMPLES / "nordea.csv"))
    assert len(statement.lines) == 3  # the file has four, one "Reserverat"
    assert [line.lineno for line in statement.lines] == [3, 4, 5]
    assert all(line.amount != D("-99.00") for line in statement.lines)


@pytest.mark.parametrize(("raw", "value"), [
    ("-1 234,50", "-1234.50"), ("-1234.50", "-1234.50"), ("1.234,50", "1234.50"),
    ("1,234.50", "1234.50"), ("−459,00", "-459.00"), ("459,00-", "-459.00"),
    ("1\u00a0000,00", "1000.00"), ("12", "12"), ("0,5", "0.5"), ("1.234.567,89", "1234567.89"),
])
def test_amount_forms(raw: str, value: str) -> None:
    assert amount_of("f.csv", 7, raw) == D(value)


@pytest.mark.parametrize("raw", ["1.234.50", "1,234,50", "12,345", "1,234.567", "abc", "",
                                 "1e5", "NaN", "1,2,3.4"])
def test_an_amount_the_reader_cannot_be_sure_of_is_refused(raw: str) -> None:
    with pytest.raises(ReportError) as refused:
        amount_of("f.csv", 7, raw)
    assert [str(e.source) for e in refused.value.errors] != []
    assert "ogiltigt belopp" in refused.value.errors[0].message


def test_a_bad_date_is_refused_with_its_line(tmp_path: Path) -> None:
    sample = (SAMPLES / "seb.csv").read_bytes().decode("cp1252")
    path = rewritten(tmp_path, "seb.csv", sample.replace("2019-03-12;2019", "12.03.2019;2019"))
    with pytest.raises(ReportError) as refused:
        read_statement(str(path))
    error = refused.value.errors[0]
    assert error.source["lineno"] == 3 and "ogiltigt datum '12.03.2019'" in error.message


HOSTILE = {
    "a field of 200 kB": ("2019-03-20;2019-03-20;1;\"" + "x" * 200_000 + "\";-459,00;4741,00\n",
                          ":2: filen kan inte läsas som CSV: ett fält är längre än 128 kB eller "
                          "ett citattecken stängs aldrig"),
    "a NUL byte": ("2019-03-20;2019-03-20;1;a\x00b;-459,00;4741,00\n",
                   ":1: filen har NUL-tecken: den är ingen textfil från en bank"),
    "a line cut short": ("2019-03-20;2019-03-20;1;\"Telia;-459,00;4741,00\n",
                         ":2: raden har 4 kolumner, rubriken 6: filen är inte hel"),
    "an amount with an exponent": ("2019-03-20;2019-03-20;1;Telia;-4E2;4741,00\n",
                                   ":2: ogiltigt belopp '-4E2'"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_file_is_one_line_and_nothing_written(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from finsam_accounts.cli import main

    body, message = HOSTILE[case]
    path = tmp_path / "bank.csv"
    path.write_text(SEB_HEADER + body, encoding="utf-8")
    out = tmp_path / "forslag.beancount"
    ledger = Path(__file__).resolve().parent.parent / "ledger" / "main.beancount"
    code = main(["bank-import", str(path), "--ledger", str(ledger), "--ut", str(out)])
    assert code == 1
    assert capsys.readouterr().err.splitlines() == [f"{path}{message}"]
    assert not out.exists()


def test_text_with_line_breaks_or_control_characters_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bank.csv"
    path.write_text(SEB_HEADER + '2019-03-20;2019-03-20;1;"Telia\nSverige\tAB\x1b[31m";'
                    "-459,00;4741,00\n", encoding="utf-8")
    (line,) = read_statement(str(path)).lines
    assert line.counterparty == "Telia Sverige AB [31m" and line.lineno == 2


def test_a_utf16_export_reads_alike(tmp_path: Path) -> None:
    sample = (SAMPLES / "seb.csv").read_bytes().decode("cp1252")
    path = rewritten(tmp_path, "seb.csv", sample, "utf-16")
    assert lines_of(path) == MONTH


def test_a_bank_rule_finds_its_counterparty_in_a_single_text_column(tmp_path: Path) -> None:
    """SEB's export has one text column: the rule's counterparty as whole words in it is
    enough; the longest rule that fits wins; a word that only begins like it is not it."""
    from test_bank_import import BOOKS

    from finsam_accounts.bank.propose import propose
    from finsam_accounts.ledger import load_string

    books = BOOKS + "\n".join([
        "2019-01-01 open Kostnader:Bank SEK", '  nr: "6570"', '  verksamhet: "SAMO"',
        '2019-01-01 custom "bankregel" "Nordea Bankavgift" Kostnader:Bank',
        '2019-01-01 custom "bankregel" "Telia" Kostnader:Konsulter',
        '2019-01-01 custom "bankregel" "Telia  Sverige AB" Kostnader:Tele', ""])
    path = rewritten(tmp_path, "seb.csv", SEB_HEADER + "\n".join([
        "2019-03-29;2019-03-29;9;NORDEA BANKAVGIFT KVARTAL 1;-75,00;4666,00",
        "2019-03-28;2019-03-28;8;Telia Sverige AB, faktura 4412;-459,00;4741,00",
        "2019-03-27;2019-03-27;7;Nordea Bankavgifter;-10,00;5200,00", ""]))
    proposal = propose(load_string(books).books, read_statement(str(path)), "seb.csv")
    other = {e.narration: e.postings[1].account
             for e in proposal.entries if isinstance(e, data.Transaction)}
    assert other == {
        "NORDEA BANKAVGIFT KVARTAL 1": "Kostnader:Bank",
        "Telia Sverige AB, faktura 4412": "Kostnader:Tele",  # the longer rule, not "Telia"
        "Nordea Bankavgifter": "Skulder:Oklarade-bankposter",
    }
    assert proposal.by_rule == 2
