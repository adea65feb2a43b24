"""SIE files as real systems write them, and the import's refusals (issues 20 and 21).

Liberal in what is read (empty optional fields, unknown records, CR line ends, trailing
whitespace), one line for a file that is no SIE text at all (UTF-16, EBCDIC, binary), and
the import's rules: distinct suggested names, numbers outside Kommun-Bas refused with the
reason, contribution accounts in a group of their own, the first year's opening voucher
from #IB 0 when the file also has #RAR -1, a changed voucher and a locked year refused.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from finsam_accounts.errors import ReportError
from finsam_accounts.ledger import load_string
from finsam_accounts.sie.importer import ImportResult, plan
from finsam_accounts.sie.ledgertext import ledger_text
from finsam_accounts.sie.mapping import AccountMap, Mapping
from finsam_accounts.sie.reader import read_bytes

D = Decimal

OPTIONS = """option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"
"""
BOOKS = OPTIONS + """plugin "finsam_accounts.plugin"
2019-01-01 custom "verksamhet" "SAMO" "Förbundet" "förbund"
2019-01-01 custom "räkenskapsår" 2019
"""
CHART = OPTIONS + """
2019-01-01 open Tillgångar:Bank SEK
  nr: "1930"
2019-01-01 open Eget-kapital:Eget-kapital SEK
  nr: "2010"
2019-01-01 open Intäkter:SAMO:Medlemsavgifter:Umeå SEK
  nr: "3523"
  verksamhet: "SAMO"
2019-01-01 open Kostnader:SAMO:Hyra SEK
  nr: "5010"
  verksamhet: "SAMO"
"""
HEAD = """#FLAGGA 0
#PROGRAM "Fortnox" 3.57.11
#FORMAT PC8
#SIETYP 4
#ORGNR
#FNAMN "Förbundet"
#RAR 0 20190101 20191231
#RAR -1 20180101 20181231
"""
VOUCHERS = """#VER A 1 20190115 "Medlemsavgift" 20190120
{
#TRANS 1930 {} 500.00 "" "" 0
#TRANS 3523 {} -500.00
}
#VER A 2 20190131 "Hyra"
{
#TRANS 5010 {} 250
#TRANS 1930 {} -250
}
"""
BALANCES = """#UB -1 1930 1000.00
#UB -1 2010 -1000.00
#IB 0 1930 1000.00
#IB 0 2010 -1000.00
#UB 0 1930 1250.00
#UB 0 2010 -1000.00
#RES 0 3523 -500.00
#RES 0 5010 250.00
"""


def sie(text: str, encoding: str = "cp437", end: str = "\r\n") -> bytes:
    return text.replace("\n", end).encode(encoding)


def errors_of(raw: bytes) -> list[tuple[int, str]]:
    with pytest.raises(ReportError) as raised:
        read_bytes(raw, "fil.se")
    return [(e.source["lineno"], e.message) for e in raised.value.errors]


# ------------------------------------------------------------------------- reading


def test_empty_optional_fields_and_unknown_records_are_read_past() -> None:
    text = HEAD + '#ADRESS "" "" "" "" \n#KONTO 1930\n#DIM 6\n#OBJEKT 6 P1\n#FOO 1 2\n'
    text += "#KPTYP EUBAS97   \n" + BALANCES + VOUCHERS
    read = read_bytes(sie(text), "fil.se")
    assert read.organisation_number == ""
    assert read.program == ("Fortnox", "3.57.11")
    assert read.accounts == {"1930": ""}
    assert read.objects == {("6", "P1"): ""}
    assert [v.name for v in read.vouchers] == ["A1", "A2"]
    assert read.vouchers[1].transactions[0].amount == D("250.00")


@pytest.mark.parametrize("end", ["\r\n", "\n", "\r"])
def test_every_line_end(end: str) -> None:
    read = read_bytes(sie(HEAD + BALANCES + VOUCHERS, end=end), "fil.se")
    assert [v.line for v in read.vouchers] == [17, 22]


def test_a_text_with_a_line_separator_character_stays_one_line() -> None:
    # str.splitlines() would split at U+2028 and NEL; SIE lines end only at CR/LF.
    text = HEAD + BALANCES + VOUCHERS.replace('"Hyra"', '"Hyra\u2028mars\x85"')
    read = read_bytes(sie(text, "utf-8"), "fil.se")
    assert read.vouchers[1].text == "Hyra\u2028mars\x85"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (("\ufeff" + HEAD + BALANCES + VOUCHERS).encode("utf-16-le"), "UTF-16"),
        ((HEAD + BALANCES + VOUCHERS).encode("utf-16-be"), "UTF-16"),
        ((HEAD + BALANCES + VOUCHERS).encode("cp500"), "EBCDIC"),
        (bytes(range(256)) * 40, "ingen textfil"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "ingen textfil"),
    ],
    ids=["utf16-bom", "utf16-utan-bom", "ebcdic", "binär", "png"],
)
def test_not_text_gives_one_line(raw: bytes, message: str) -> None:
    (found,) = errors_of(raw)
    assert found[0] == 1 and message in found[1]


def test_no_sie_file_stops_after_one_line() -> None:
    raw = "\n".join(f"rad {n};{n * 3}" for n in range(5000)).encode()
    assert errors_of(raw) == [(1, "filen börjar inte med #FLAGGA: det är ingen SIE-fil")]


def test_a_badly_damaged_file_stops_after_fifty_errors() -> None:
    raw = sie("#FLAGGA 0\n" + "#TRANS 1930 {} 1.00\n" * 3000)
    found = errors_of(raw)
    assert len(found) == 51
    assert found[-1] == (52, "fler än 50 fel; läsningen avbryts här")


# ------------------------------------------------------------------------ the import


def planned(text: str, books: str = CHART) -> ImportResult:
    ledger = load_string(books)
    return plan(read_bytes(sie(text), "fil.se"), "fil.se", ledger.entries, ledger.options)


def test_opening_voucher_from_ib_0_when_the_file_has_the_year_before() -> None:
    result = planned(HEAD + BALANCES + VOUCHERS)
    assert result.errors == []
    opening = result.entries[0]
    assert (opening.meta["ver"], opening.meta["ib"], opening.date) == (
        "IB1", True, datetime.date(2019, 1, 1))
    assert sorted((p.account, p.units.number if p.units else None) for p in opening.postings) == [
        ("Eget-kapital:Eget-kapital", D("-1000.00")), ("Tillgångar:Bank", D("1000.00"))]
    # No "SALDO1" for 2018: the books start in 2019, the year of the first voucher.
    assert [e.meta["ver"] for e in result.entries] == ["IB1", "A1", "A2"]
    books = load_string(BOOKS + CHART + ledger_text(result.entries, {}, "fil.se"))
    assert books.errors == []


def opened(directive: str) -> str:
    """The account an open directive opens (after a possible comment line)."""
    return next(line.split()[2] for line in directive.splitlines() if " open " in line)


def test_two_accounts_with_the_same_name_get_distinct_names() -> None:
    text = HEAD + '#KONTO 6570 "Bankkostnader"\n#KONTO 6571 "Bankkostnader"\n' + BALANCES
    text += '#VER B 1 20190301 "Avgifter"\n{\n#TRANS 6570 {} 10\n#TRANS 6571 {} 5\n'
    text += "#TRANS 1930 {} -15\n}\n"
    result = planned(text.replace("#UB 0 1930 1250.00", "#UB 0 1930 1235.00").replace(
        "#RES 0 5010 250.00", "#RES 0 5010 250.00\n#RES 0 6570 10.00\n#RES 0 6571 5.00"))
    names = [opened(d) for d in result.unknown_accounts]
    assert names == ["Kostnader:SAMO:Bankkostnader", "Kostnader:SAMO:Bankkostnader-6571"]
    chart = CHART + "\n".join(result.unknown_accounts) + "\n"
    assert load_string(BOOKS + chart).errors == []


@pytest.mark.parametrize("number", ["9100", "0100", "12345"])
def test_a_number_outside_kommun_bas_is_refused_with_the_reason(number: str) -> None:
    text = HEAD + f'#KONTO {number} "Internt"\n' + BALANCES + VOUCHERS.replace(
        "#TRANS 5010 {} 250", f"#TRANS {number} {{}} 250")
    result = planned(text)
    assert result.unknown_accounts == []
    (error,) = result.errors
    assert error.source["lineno"] == 9
    assert error.message.startswith(f"konto {number} (Internt): kontonummer {number} ")
    assert "Kommun-Bas" in error.message


def test_suggested_contribution_accounts_have_a_group_of_their_own() -> None:
    text = HEAD + '#KONTO 3521 "Avgift Vindeln"\n#KONTO 3910 "Övriga intäkter"\n' + BALANCES
    text += '#VER K 1 20190301 "Avgift"\n{\n#TRANS 1930 {} 15\n#TRANS 3521 {} -10\n'
    text += "#TRANS 3910 {} -5\n}\n"
    result = planned(text)
    suggested = {opened(d) for d in result.unknown_accounts}
    assert "Intäkter:SAMO:Medlemsavgifter:Avgift-Vindeln" in suggested
    assert "Intäkter:SAMO:Övriga-intäkter" in suggested
    # Marking the contribution account with medlem leaves its neighbours without error.
    chart = CHART.replace('nr: "3523"', 'nr: "3523"\n  medlem: "umea"')
    chart += "\n".join(result.unknown_accounts).replace(
        'nr: "3521"', 'nr: "3521"\n  medlem: "vindeln"') + "\n"
    members = ('2019-01-01 custom "medlem" "umea" "Umeå kommun" "kommun"\n'
               '2019-01-01 custom "medlem" "vindeln" "Vindelns kommun" "kommun"\n')
    assert [e.message for e in load_string(BOOKS + members + chart).errors] == []


def changed_ledger(amount: str) -> str:
    return BOOKS + CHART + f"""
2019-01-01 * "IB"
  ver: "IB1"
  ib: TRUE
  Tillgångar:Bank  1000.00 SEK
  Eget-kapital:Eget-kapital  -1000.00 SEK
2019-01-15 * "Medlemsavgift"
  ver: "A1"
  Tillgångar:Bank  {amount} SEK
  Intäkter:SAMO:Medlemsavgifter:Umeå  -{amount} SEK
"""


def test_a_reimported_voucher_with_other_amounts_is_an_error() -> None:
    same = planned(HEAD + BALANCES + VOUCHERS, changed_ledger("500.00"))
    assert [v.name for v in same.duplicates] == ["A1"] and same.errors == []
    changed = planned(HEAD + BALANCES + VOUCHERS, changed_ledger("400.00"))
    assert changed.duplicates == []
    (error,) = changed.errors
    assert error.source["lineno"] == 17
    assert error.message.startswith(
        "verifikation A1 2019-01-15 finns redan i bokföringen (rad ")
    assert "med andra konton eller belopp" in error.message


def test_a_voucher_in_a_locked_year_is_refused_at_import() -> None:
    lock = f'2019-12-31 custom "bokslut" 2019 "sha256:{"0" * 64}" ""\n'
    books = changed_ledger("500.00") + lock
    result = planned(HEAD + BALANCES + VOUCHERS, books)
    (error,) = result.errors
    assert error.source["lineno"] == 22
    assert error.message.startswith("verifikation A2 2019-01-31: räkenskapsåret 2019 är låst")


# ------------------------------------------------------------------------- mapping


def test_mapping_dimensions_objects_and_numbers() -> None:
    text = HEAD + '#DIM 1 "Kostnadsställe"\n#DIM 6 "Projekt"\n' + BALANCES + """\
#VER A 1 20190115 "Hyra"
{
#TRANS 5010 {1 "10" 6 "P1"} 100
#TRANS 5010 {"1" "20"} 150
#TRANS 9100 {} 7
#TRANS 1930 {1 "10"} -257
}
"""
    mapping = Mapping(
        dimensions={"1": "verksamhet", "6": "ignoreras"},
        activities={"SAMO": ("Förbundet", "förbund", ["10"]), "HFE": ("ESF", "projekt", ["20"])},
        accounts={"9100": AccountMap(nr="6990")},
    )
    mapped = mapping.apply(read_bytes(sie(text), "fil.se"), "fil.se")
    rows = [(t.account, t.objects, t.amount) for t in mapped.vouchers[0].transactions]
    assert rows == [
        ("5010", (("1", "SAMO"),), D("100.00")),
        ("5010", (("1", "HFE"),), D("150.00")),
        ("6990", (("1", "SAMO"),), D("7.00")),
        ("1930", (), D("-257.00")),
    ]
    unknown = Mapping(dimensions={"1": "verksamhet"},
                      activities={"SAMO": ("Förbundet", "förbund", ["10"])},
                      accounts={"9100": AccountMap(nr="6990")})
    with pytest.raises(ReportError) as raised:
        unknown.apply(read_bytes(sie(text), "fil.se"), "fil.se")
    (error,) = raised.value.errors
    assert error.source["lineno"] == 22
    assert error.message.startswith("objekt 20 i dimension 1 hör inte till någon verksamhet")
