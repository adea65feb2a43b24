"""SIE files written by hand: every record type, the three encodings, #KSUMMA, bad files,
unknown accounts, duplicates, a balance-only file and the beangulp importer."""

from __future__ import annotations

import datetime
import subprocess
import sys
import zlib
from decimal import Decimal
from pathlib import Path

import pytest

from finsam_accounts.balances import balances_at
from finsam_accounts.errors import ReportError
from finsam_accounts.ledger import Ledger, load_string
from finsam_accounts.sie.beangulp_importer import SieImporter
from finsam_accounts.sie.importer import plan
from finsam_accounts.sie.ledgertext import ledger_text
from finsam_accounts.sie.model import Balance, Trans
from finsam_accounts.sie.reader import read_bytes

ROOT = Path(__file__).resolve().parent.parent
D = Decimal

OPTIONS = """option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"
"""
CHART = (
    OPTIONS
    + """
2019-01-01 open Tillgångar:Bank SEK
  nr: "1930"
2019-01-01 open Eget-kapital:Eget-kapital SEK
  nr: "2010"
2019-01-01 open Intäkter:SAMO:Medlemsavgifter SEK
  nr: "3510"
  verksamhet: "SAMO"
2019-01-01 open Kostnader:SAMO:Hyra SEK
  nr: "5010"
  verksamhet: "SAMO"
2019-01-01 open Kostnader:HFE:Hyra SEK
  nr: "5010"
  verksamhet: "HFE"
"""
)

SIE4 = """#FLAGGA 0
#PROGRAM "Visma Förening" "2.1"
#FORMAT PC8
#GEN 20190401
#SIETYP 4
#FNAMN "Förbundet Åre"
#ORGNR 222000-1834
#RAR 0 20190101 20191231
#KONTO 1930 "Bank"
#KTYP 1930 T
#KONTO 2010 "Eget kapital"
#KONTO 3510 "Medlemsavgifter"
#KONTO 5010 "Hyra"
#DIM 1 "Kostnadsställe"
#OBJEKT 1 "HFE" "Hälsofrämjande"
#SRU 1930 7281
#IB 0 1930 1000.00
#IB 0 2010 -1000.00
#UB 0 1930 1250.00
#UB 0 2010 -1000.00
#RES 0 3510 -500.00
#RES 0 5010 250.00
#VER "A" "1" 20190115 "Medlemsavgift \\"Q1\\""
{
   #TRANS 1930 {} 500.00 "" "Umeå kommun"
   #TRANS 3510 {1 "SAMO"} -500.00 "" "Umeå kommun"
}
#VER B 1 20190131 "Hyra januari"
{
   #TRANS 5010 {1 "HFE"} 250 "" "Fastighets AB"
   #RTRANS 1930 {} -250.00 "" "Fastighets AB"
   #TRANS 1930 {} -250.00 "" "Fastighets AB"
}
"""


# What a command needs beside the chart: the plugin (every command refuses books without
# it) and the activities the chart's accounts name.
AS_BOOKS = """
plugin "finsam_accounts.plugin"
2019-01-01 custom "verksamhet" "SAMO" "Förbundet" "förbund"
2019-01-01 custom "verksamhet" "HFE" "Projektet" "projekt"
"""

def sie_bytes(text: str, encoding: str = "cp437") -> bytes:
    return text.replace("\n", "\r\n").encode(encoding)


def chart() -> Ledger:
    return load_string(CHART)


def test_every_record_is_read() -> None:
    sie = read_bytes(sie_bytes(SIE4), "fil.se")
    assert (sie.sie_type, sie.program, sie.generated) == (
        4,
        ("Visma Förening", "2.1"),
        datetime.date(2019, 4, 1),
    )
    assert (sie.company, sie.organisation_number) == ("Förbundet Åre", "222000-1834")
    assert sie.years == {0: (datetime.date(2019, 1, 1), datetime.date(2019, 12, 31))}
    assert sie.accounts == {
        "1930": "Bank",
        "2010": "Eget kapital",
        "3510": "Medlemsavgifter",
        "5010": "Hyra",
    }
    assert sie.account_types == {"1930": "T"}
    assert sie.dimensions == {"1": "Kostnadsställe"}
    assert sie.objects == {("1", "HFE"): "Hälsofrämjande"}
    assert sie.balances == [
        Balance("IB", 0, "1930", D("1000.00")),
        Balance("IB", 0, "2010", D("-1000.00")),
        Balance("UB", 0, "1930", D("1250.00")),
        Balance("UB", 0, "2010", D("-1000.00")),
        Balance("RES", 0, "3510", D("-500.00")),
        Balance("RES", 0, "5010", D("250.00")),
    ]
    first, second = sie.vouchers
    assert (first.series, first.number, first.date, first.text) == (
        "A",
        "1",
        datetime.date(2019, 1, 15),
        'Medlemsavgift "Q1"',
    )
    assert first.transactions == (
        Trans("1930", (), D("500.00"), "Umeå kommun"),
        Trans("3510", (("1", "SAMO"),), D("-500.00"), "Umeå kommun"),
    )
    # #RTRANS is the history of a changed voucher: the #TRANS after it is the row.
    assert [t.amount for t in second.transactions] == [D("250.00"), D("-250.00")]
    assert (first.line, second.line) == (23, 28)


@pytest.mark.parametrize("encoding", ["cp437", "cp1252", "utf-8"])
def test_three_encodings_give_the_same_content(encoding: str) -> None:
    sie = read_bytes(sie_bytes(SIE4, encoding), "fil.se")
    assert sie.encoding == encoding
    assert sie.company == "Förbundet Åre"
    assert sie.vouchers[0].transactions[0].text == "Umeå kommun"
    assert sie.objects == {("1", "HFE"): "Hälsofrämjande"}


def test_utf8_with_byte_order_mark() -> None:
    sie = read_bytes(b"\xef\xbb\xbf" + sie_bytes(SIE4, "utf-8"), "fil.se")
    assert sie.company == "Förbundet Åre"


def ksumma_file(stated: int | None = None) -> bytes:
    records = ['#PROGRAM "Prog" "1"', "#SIETYP 4", '#FNAMN "Åre förbund"', "#KONTO 1930 Bank"]
    # What #KSUMMA sums: labels and field contents without spaces, quotes or braces.
    expected = zlib.crc32("#PROGRAMProg1#SIETYP4#FNAMNÅre förbund#KONTO1930Bank".encode("cp437"))
    value = expected if stated is None else stated
    text = "\n".join(["#FLAGGA 0", "#KSUMMA", *records, f"#KSUMMA {value}", ""])
    return sie_bytes(text)


def test_checksum_verified() -> None:
    sie = read_bytes(ksumma_file(), "fil.se")
    assert sie.checksum_verified
    assert sie.accounts == {"1930": "Bank"}


def test_checksum_without_inner_spaces_is_accepted() -> None:
    # Some writers leave out the spaces inside texts too ("Åreförbund"): accepted as well.
    stripped = zlib.crc32("#PROGRAMProg1#SIETYP4#FNAMNÅreförbund#KONTO1930Bank".encode("cp437"))
    assert read_bytes(ksumma_file(stated=stripped), "fil.se").checksum_verified


def test_wrong_checksum() -> None:
    with pytest.raises(ReportError) as raised:
        read_bytes(ksumma_file(stated=12345), "fil.se")
    (error,) = raised.value.errors
    assert error.source == {"filename": "fil.se", "lineno": 7}
    assert error.message.startswith("kontrollsumman stämmer inte: filen anger 12345, beräknad ")


VOUCHER = '#VER A 1 20190115 "Text"\n{\n#TRANS 1930 {} 10.00\n#TRANS 3510 {} -10.00\n}\n'
HEAD = "#FLAGGA 0\n#SIETYP 4\n#RAR 0 20190101 20191231\n"


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (
            '#VER A 1 20190115 "Text"\n{\n#TRANS 1930 {} 10.00\n',
            6,
            "filen tar slut mitt i verifikation A 1 (rad 4): den är avkortad",
        ),
        (
            '#VER A 7 20190115 "Text"\n{\n#TRANS 1930 {} 10.00\n#TRANS 3510 {} -9.00\n}\n',
            4,
            "verifikation A 7 balanserar inte: raderna summerar till 1,00 kr, ska vara 0",
        ),
        ("#TRANS 1930 {} 10.00\n", 4, "#TRANS utanför en verifikation (#VER följd av {)"),
        (
            VOUCHER.replace("20190115", "20191315"),
            4,
            '#VER: felaktigt datum "20191315" (ska vara ÅÅÅÅMMDD)',
        ),
        (
            VOUCHER.replace("10.00\n#TRANS 3510", "10,00\n#TRANS 3510"),
            6,
            '#TRANS: felaktigt belopp "10,00" (ska vara t.ex. -1234.50: decimalpunkt, '
            "högst två decimaler)",
        ),
        ('#KONTO 1930 "Bank\n', 4, "texten saknar avslutande citattecken"),
        ("#IB 0 1930\n", 4, "#IB saknar fältet saldo"),
    ],
    ids=["avkortad", "obalans", "trans-utanför", "datum", "belopp", "citat", "fält"],
)
def test_bad_files(body: str, line: int, message: str) -> None:
    with pytest.raises(ReportError) as raised:
        read_bytes(sie_bytes(HEAD + body), "fel.se")
    assert [(e.source["lineno"], e.message) for e in raised.value.errors] == [(line, message)]


def test_not_a_sie_file() -> None:
    with pytest.raises(ReportError) as raised:
        read_bytes(b"Datum;Belopp\r\n2019-01-01;100\r\n", "bank.csv")
    assert raised.value.errors[0].message == "filen börjar inte med #FLAGGA: det är ingen SIE-fil"


def test_import_in_ledger_conventions() -> None:
    ledger = chart()
    result = plan(read_bytes(sie_bytes(SIE4), "fil.se"), "fil.se", ledger.entries, ledger.options)
    assert (result.errors, result.unknown_accounts, result.duplicates) == ([], [], [])
    text = ledger_text(result.entries, ledger.options, "fil.se")
    assert 'option "name_assets" "Tillgångar"' in text
    assert (
        '2019-01-01 * "Ingående balans 2019-01-01 enligt SIE-fil"\n  ver: "IB1"\n  ib: TRUE' in text
    )
    assert '2019-01-15 * "Umeå kommun" "Medlemsavgift \\"Q1\\""\n  ver: "A1"\n' in text
    assert "Kostnader:HFE:Hyra" in text and "Kostnader:SAMO:Hyra" not in text
    books = load_string(CHART + text)
    assert books.errors == []
    assert {a: v for a, v in balances_at(books.entries, datetime.date(2020, 1, 1)).items()} == {
        "Tillgångar:Bank": D("1250.00"),
        "Eget-kapital:Eget-kapital": D("-1000.00"),
        "Intäkter:SAMO:Medlemsavgifter": D("-500.00"),
        "Kostnader:HFE:Hyra": D("250.00"),
    }
    # Imported once more into the books that now have it: nothing new, both reported.
    again = plan(read_bytes(sie_bytes(SIE4), "fil.se"), "fil.se", books.entries, books.options)
    assert again.entries == [] and again.errors == []
    assert [v.name for v in again.duplicates] == ["A1", "B1"]


def test_same_number_other_date_is_an_error() -> None:
    ledger = load_string(
        CHART + '2019-01-20 * "Annan"\n  ver: "B1"\n  Tillgångar:Bank 1.00 SEK\n'
        "  Eget-kapital:Eget-kapital -1.00 SEK\n"
    )
    result = plan(read_bytes(sie_bytes(SIE4), "fil.se"), "fil.se", ledger.entries, ledger.options)
    assert [(e.source["lineno"], e.message) for e in result.errors] == [
        (
            28,
            "verifikation B1 finns redan i bokföringen med datum 2019-01-20 "
            "(rad 20 i <string>), filen har 2019-01-31",
        )
    ]


def test_unknown_accounts_get_open_directives() -> None:
    # The chart's Hyra accounts have another number, so the new one's name gets its number.
    ledger = load_string(CHART.replace('  nr: "5010"', '  nr: "5011"'))
    result = plan(read_bytes(sie_bytes(SIE4), "fil.se"), "fil.se", ledger.entries, ledger.options)
    assert result.entries == []
    assert result.unknown_accounts == [
        '2019-01-01 open Kostnader:HFE:Hyra-5010 SEK\n  nr: "5010"\n  verksamhet: "HFE"\n'
        '  rubrik: "Hyra"'
    ]


def test_unknown_account_whose_name_is_taken() -> None:
    ledger = load_string(CHART.replace('nr: "3510"', 'nr: "3511"'))
    result = plan(read_bytes(sie_bytes(SIE4), "fil.se"), "fil.se", ledger.entries, ledger.options)
    assert result.unknown_accounts == [
        '2019-01-01 open Intäkter:SAMO:Medlemsavgifter:Medlemsavgifter SEK\n  nr: "3510"\n'
        '  verksamhet: "SAMO"\n  rubrik: "Medlemsavgifter"'
    ]


def test_balances_only_file_gives_opening_and_movement_vouchers() -> None:
    text = "\n".join(
        line
        for line in SIE4.splitlines()
        if not line.lstrip().startswith(("#VER", "{", "}", "#T", "#RT"))
    ).replace("#SIETYP 4", "#SIETYP 1")
    # Without rows there is no activity to choose between the two 5010 accounts: keep one.
    ledger = load_string(
        CHART.replace('nr: "5010"\n  verksamhet: "HFE"', 'nr: "5011"\n  verksamhet: "HFE"')
    )
    sie = read_bytes(sie_bytes(text), "fil.se")
    assert sie.sie_type == 1
    result = plan(sie, "fil.se", ledger.entries, ledger.options)
    assert result.errors == []
    opening, movement = result.entries
    assert (opening.meta["ver"], opening.date) == ("IB1", datetime.date(2019, 1, 1))
    assert (movement.meta["ver"], movement.date) == ("SALDO1", datetime.date(2019, 12, 31))
    # 1930: 1250 − 1000 = 250; 3510: −500; 5010: 250
    assert [(p.account, p.units.number if p.units else None) for p in movement.postings] == [
        ("Tillgångar:Bank", D("250.00")),
        ("Intäkter:SAMO:Medlemsavgifter", D("-500.00")),
        ("Kostnader:SAMO:Hyra", D("250.00")),
    ]


def test_beangulp_importer(tmp_path: Path) -> None:
    path = tmp_path / "visma.se"
    path.write_bytes(sie_bytes(SIE4))
    importer = SieImporter()
    assert importer.identify(str(path))
    (tmp_path / "bank.csv").write_text("Datum;Belopp\n")
    assert not importer.identify(str(tmp_path / "bank.csv"))
    ledger = chart()
    entries = importer.extract(str(path), ledger.entries)
    assert [e.meta["ver"] for e in entries] == ["IB1", "A1", "B1"]
    existing = load_string(CHART + ledger_text(entries[1:2], ledger.options, "x")).entries
    importer.deduplicate(entries, existing)
    assert [bool(e.meta.get("__duplicate__")) for e in entries] == [False, True, False]
    assert importer.date(str(path)) == datetime.date(2019, 4, 1)


def test_command_bad_file_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "fel.se"
    bad.write_bytes(sie_bytes(HEAD + "#TRANS 1930 {} 10.00\n"))
    out = tmp_path / "import.beancount"
    done = subprocess.run(
        [sys.executable, "-m", "finsam_accounts.cli", "sie-import", str(bad), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert done.stderr == f"{bad}:4: #TRANS utanför en verifikation (#VER följd av {{)\n"
    assert "Traceback" not in done.stderr
    assert not out.exists()


def test_broken_fiscal_year_is_an_error() -> None:
    text = SIE4.replace("#RAR 0 20190101 20191231", "#RAR 0 20190701 20200630")
    ledger = chart()
    result = plan(read_bytes(sie_bytes(text), "fil.se"), "fil.se", ledger.entries, ledger.options)
    assert [(e.source["lineno"], e.message) for e in result.errors] == [
        (
            8,
            "räkenskapsår 0 (2019-07-01–2020-06-30) är inte ett kalenderår; "
            "ett samordningsförbunds räkenskapsår är kalenderåret",
        )
    ]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "finsam_accounts.cli", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


def test_command_lists_unknown_accounts_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "main.beancount").write_text(
        CHART.replace('  nr: "3510"', '  nr: "3511"') + AS_BOOKS, encoding="utf-8"
    )
    sie = tmp_path / "fil.se"
    sie.write_bytes(sie_bytes(SIE4))
    out = tmp_path / "import.beancount"
    done = run_cli("sie-import", str(sie), "--ledger", str(tmp_path / "main.beancount"),
                   "--out", str(out))  # fmt: skip
    assert done.returncode == 1
    assert done.stderr == (
        f"{sie}:12: konto 3510 finns inte i kontoplanen (metadata nr); "
        "lägg in open-direktivet nedan\n"
    )
    assert done.stdout == (
        "; Konton som saknas i kontoplanen: klistra in i kontoplan.beancount.\n"
        "2019-01-01 open Intäkter:SAMO:Medlemsavgifter:Medlemsavgifter SEK\n"
        '  nr: "3510"\n  verksamhet: "SAMO"\n  rubrik: "Medlemsavgifter"\n'
    )
    assert not out.exists()


def test_command_writes_a_new_file(tmp_path: Path) -> None:
    (tmp_path / "main.beancount").write_text(CHART + AS_BOOKS, encoding="utf-8")
    sie = tmp_path / "fil.se"
    sie.write_bytes(sie_bytes(SIE4, "cp1252"))
    out = tmp_path / "import.beancount"
    done = run_cli("sie-import", str(sie), "--ledger", str(tmp_path / "main.beancount"),
                   "--out", str(out))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == (
        "finsam sie-import: SIE 4, Windows-1252; 3 verifikationer importerade, 0 fanns redan, "
        f"skrivna till {out}\n"
    )
    assert load_string(CHART + out.read_text(encoding="utf-8")).errors == []
    again = run_cli("sie-import", str(sie), "--ledger", str(tmp_path / "main.beancount"),
                    "--out", str(out))  # fmt: skip
    assert again.returncode == 1
    assert again.stderr == f"finsam sie-import: --out: {out} finns redan; ange en ny fil\n"
