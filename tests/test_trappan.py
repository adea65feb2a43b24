from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest

from finsam_accounts import trappan
from finsam_accounts.cli import main
from finsam_accounts.errors import ReportError
from finsam_accounts.ledger import Ledger, load, load_string
from finsam_accounts.money import round_kr

HEADER = """
option "title" "Testförbundet"
option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"
"""

M = Decimal(1_000_000)
ORE = Decimal("0.01")


def ledger(text: str) -> Ledger:
    loaded = load_string(HEADER + text)
    assert loaded.errors == []
    return loaded


def table(mode: str, steps: str) -> trappan.Table:
    text = f'2018-01-01 custom "trappan" "{mode}" "medlemsavgifter" "test"\n' + "".join(
        f'2018-01-01 custom "trappan-steg" {line}\n' for line in steps.strip().splitlines()
    )
    found = trappan.tables(ledger(text).entries)
    assert len(found) == 1
    return found[0]


STEPS = """
0.00 SEK 20
10000000.00 SEK 15
20000000.00 SEK 10
"""


# ----------------------------------------------------------------- multi-step tables


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        (Decimal(0), Decimal(0)),
        (10 * M - ORE, (10 * M - ORE) * Decimal("0.20")),
        (10 * M, 10 * M * Decimal("0.15")),
        (10 * M + ORE, (10 * M + ORE) * Decimal("0.15")),
        (20 * M - ORE, (20 * M - ORE) * Decimal("0.15")),
        (20 * M, 20 * M * Decimal("0.10")),
        (20 * M + ORE, (20 * M + ORE) * Decimal("0.10")),
    ],
)
def test_whole_base_mode_at_and_around_each_threshold(base: Decimal, expected: Decimal) -> None:
    assert trappan.limit(table("hela", STEPS), base) == expected


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        (Decimal(0), Decimal(0)),
        (10 * M - ORE, Decimal("1999999.998")),
        (10 * M, Decimal("2000000")),
        (10 * M + ORE, Decimal("2000000.0015")),
        (20 * M - ORE, Decimal("3499999.9985")),
        (20 * M, Decimal("3500000")),
        (20 * M + ORE, Decimal("3500000.001")),
    ],
)
def test_marginal_mode_at_and_around_each_threshold(base: Decimal, expected: Decimal) -> None:
    assert trappan.limit(table("marginal", STEPS), base) == expected


def test_steps_may_be_written_in_any_order() -> None:
    shuffled = "\n".join(reversed(STEPS.strip().splitlines()))
    assert trappan.limit(table("marginal", shuffled), 25 * M) == Decimal("4000000")


# --------------------------------------------------------------------------- errors


def test_table_errors_point_at_file_and_line() -> None:
    text = """
2018-01-01 custom "trappan" "halva" "medlemsavgifter" "x"
2019-01-01 custom "trappan" "hela" "medlemsavgifter" "x"
2019-01-01 custom "trappan-steg" 100.00 SEK 20
2019-01-01 custom "trappan-steg" 100.00 SEK 10
2019-01-01 custom "trappan-steg" 200.00 SEK 120
2020-01-01 custom "trappan-steg" 0.00 SEK 20
2021-01-01 custom "trappan" "marginal" "intäkter" "x"
"""
    problems = trappan.errors(ledger(text).entries)
    first = len(HEADER.splitlines()) + 1
    found = sorted((int(p.source["lineno"]) - first, p.message) for p in problems)
    lines = [line for line, _ in found]
    assert lines == [1, 3, 4, 5, 6, 7]
    messages = dict(found)
    assert 'okänt läge "halva"' in messages[1]
    assert "första steg ska börja på 0.00 SEK" in messages[3]
    assert "finns redan" in messages[4]
    assert "inte mellan 0 och 100" in messages[5]
    assert "hör inte till någon trappa" in messages[6]
    assert "har inga steg" in messages[7]
    with pytest.raises(ReportError):
        trappan.tables(ledger(text).entries)


def test_no_table_in_force() -> None:
    found = [table("hela", "0.00 SEK 20")]
    with pytest.raises(ReportError, match="ingen trappa gäller 2017-12-31"):
        trappan.table_at(found, datetime.date(2017, 12, 31))


# ------------------------------------------------------------- positions, example

ACCOUNTS = """
plugin "finsam_accounts.plugin"
2018-01-01 custom "räkenskapsår" 2018
2019-01-01 custom "räkenskapsår" 2019
2018-01-01 custom "medlem" "staten" "Staten" "stat"
2017-12-31 open Tillgångar:Bank SEK
  nr: "1930"
2017-12-31 open Eget-kapital:Eget-kapital SEK
  nr: "2010"
2017-12-31 open Intäkter:Avgifter SEK
  nr: "3510"
  verksamhet: "SAMO"
  medlem: "staten"
2017-12-31 open Intäkter:Övriga SEK
  nr: "3599"
  verksamhet: "SAMO"
2017-12-31 open Kostnader:Insatser SEK
  nr: "4000"
  verksamhet: "SAMO"
2018-01-01 custom "verksamhet" "SAMO" "Testförbundet" "förbund"
"""

TABLE = """
2018-01-01 custom "trappan" "hela" "medlemsavgifter" "Platshållare för test"
  status: "platshållare"
2018-01-01 custom "trappan-steg" 0.00 SEK 20
"""


def transaction(date: str, voucher: str, debit: str, credit: str, amount: str) -> str:
    return f"""
{date} * "Motpart" "Text"
  ver: "{voucher}"
  {debit}  {amount} SEK
  {credit}  -{amount} SEK
"""


# Umeåregionen's figures: equity 4 142 334 at 2018-01-01, 2 992 390.40 at 2018-12-31,
# 1 992 706.00 at 2019-12-31; contributions 11 960 000 and 11 450 000; budget −2 350 000.
EXAMPLE = (
    ACCOUNTS
    + TABLE
    + """
2019-01-01 custom "budget" Intäkter:Avgifter "yearly" -11450000.00 SEK
2019-01-01 custom "budget" Kostnader:Insatser "yearly" 13800000.00 SEK
"""
    # The opening balances, dated the day before the first fiscal year.
    + transaction("2017-12-31", "A1", "Tillgångar:Bank", "Eget-kapital:Eget-kapital", "4142334.00")
    + transaction("2018-03-01", "K1", "Tillgångar:Bank", "Intäkter:Avgifter", "11960000.00")
    + transaction("2018-03-01", "K2", "Tillgångar:Bank", "Intäkter:Övriga", "90310.00")
    + transaction("2018-06-01", "L1", "Kostnader:Insatser", "Tillgångar:Bank", "13200253.60")
    + transaction("2019-03-01", "K1", "Tillgångar:Bank", "Intäkter:Avgifter", "11450000.00")
    + transaction("2019-03-01", "K2", "Tillgångar:Bank", "Intäkter:Övriga", "1866682.00")
    + transaction("2019-06-01", "L1", "Kostnader:Insatser", "Tillgångar:Bank", "14316366.40")
)


def test_example_positions() -> None:
    example = ledger(EXAMPLE)
    frame = trappan.report_frame(example.books, 2019)
    assert list(frame["avser"]) == [
        "Utgående 2018",
        "Ingående 2019 mot 2019 års bas",
        "Prognos 2019 enligt budget",
        "Utgående 2019",
    ]
    rows = frame.set_index("typ", drop=False)
    end_2018 = frame.iloc[0]
    assert end_2018["datum"] == datetime.date(2018, 12, 31)
    assert end_2018["eget kapital"] == Decimal("2992390.40")
    assert end_2018["bas"] == Decimal("11960000.00")
    assert end_2018["gräns"] == Decimal("2392000")
    assert end_2018["status"] == "över"
    opening = rows.loc["ingående"]
    assert opening["eget kapital"] == Decimal("2992390.40")
    assert opening["gräns"] == Decimal("2290000")
    assert opening["status"] == "över"
    forecast = rows.loc["prognos"]
    assert forecast["eget kapital"] == Decimal("642390.40")
    assert forecast["bas"] == Decimal("11450000.00")
    assert forecast["status"] == "inom"
    end_2019 = frame.iloc[3]
    assert end_2019["eget kapital"] == Decimal("1992706.00")
    assert end_2019["bas"] == Decimal("11450000.00")
    assert end_2019["gräns"] == Decimal("2290000")
    assert end_2019["marginal"] == Decimal("297294.00")
    assert round(end_2019["marginal %"], 2) == Decimal("2.60")
    assert end_2019["status"] == "inom"
    assert all(isinstance(v, Decimal) for v in frame["gräns"])


def test_projection_base_is_the_allocation_when_declared() -> None:
    # The only member is the state, so its group carries the whole allocation.
    text = EXAMPLE + (
        '2018-11-20 custom "medlemsavgift-tilldelning" 2019 12000000.00 SEK\n'
        '2018-11-20 custom "medlemsavgift-andel" "stat" 100\n'
        '2018-11-20 custom "medlemsavgift-andel" "region" 0\n'
        '2018-11-20 custom "medlemsavgift-andel" "kommun" 0\n'
    )
    example = ledger(text)
    rows = trappan.positions(example.books, 2019)
    forecast = next(p for p in rows if p.kind == trappan.PROJECTION)
    assert forecast.base == Decimal("12000000.00")
    assert forecast.limit == Decimal("2400000")


def test_equity_exactly_at_the_limit_is_within() -> None:
    # Base 1 000 (20 % = 200); equity after the year exactly 200, then 200.01.
    for extra, status in (("0.00", "inom"), ("0.01", "över")):
        text = (
            ACCOUNTS
            + TABLE
            + transaction("2018-01-01", "K1", "Tillgångar:Bank", "Intäkter:Avgifter", "1000.00")
            + transaction("2018-02-01", "L1", "Kostnader:Insatser", "Tillgångar:Bank", "800.00")
        )
        if extra != "0.00":
            text += transaction("2018-03-01", "A1", "Tillgångar:Bank", "Intäkter:Övriga", extra)
        example = ledger(text)
        rows = trappan.positions(example.books, 2018)
        assert [p.status for p in rows if p.kind == trappan.YEAR_END] == [status]


def test_a_later_table_applies_from_its_date_and_revenue_base() -> None:
    text = EXAMPLE + (
        '2019-01-01 custom "trappan" "hela" "intäkter" "Ny tabell 2019"\n'
        '2019-01-01 custom "trappan-steg" 0.00 SEK 10\n'
    )
    example = ledger(text)
    rows = trappan.positions(example.books, 2019)
    assert rows[0].table.source_text == "Platshållare för test"
    end_2019 = rows[-1]
    assert end_2019.table.source_text == "Ny tabell 2019"
    assert end_2019.base == Decimal("13316682.00")  # all revenue 2019
    assert end_2019.limit == Decimal("1331668.200")
    assert end_2019.status == "över"
    assert [t.source_text for t in trappan.used_tables(rows)] == [
        "Platshållare för test",
        "Ny tabell 2019",
    ]


def test_warning_only_when_the_latest_year_end_is_over() -> None:
    # 2019's books reach 31 December (a year still being booked is no year end, below)
    ended = EXAMPLE.replace("\n2019-06-01 * ", "\n2019-12-31 * ")
    assert ended != EXAMPLE
    assert trappan.warnings(ledger(ended).books) == []
    lower = ended.replace("14316366.40", "13316366.40")  # 1 000 000 more equity
    found = trappan.warnings(ledger(lower).books)
    assert len(found) == 1
    assert found[0].startswith("eget kapital 2019-12-31 är 2\u00a0992\u00a0706 kr, över gränsen")
    assert "2\u00a0290\u00a0000 kr" in found[0]


def test_warning_when_the_ledger_has_no_table() -> None:
    text = EXAMPLE.replace(TABLE, "")
    assert "ingen trappa" in trappan.warnings(ledger(text).books)[0]


def test_table_description_names_steps_mode_and_source() -> None:
    text = EXAMPLE + (
        '2019-01-01 custom "trappan" "marginal" "medlemsavgifter" "Nationella rådet"\n'
        '2019-01-01 custom "trappan-steg" 0.00 SEK 20\n'
        '2019-01-01 custom "trappan-steg" 10000000.00 SEK 12.5\n'
    )
    loaded = ledger(text)
    parsed = loaded.books
    old = trappan.table_description(parsed, datetime.date(2018, 12, 31))
    assert "20 % av årets medlemsavgifter" in old
    assert "Platshållare för test" in old
    assert "PLATSHÅLLARE" not in old  # a board document never carries the flag text
    new = trappan.table_description(parsed)
    assert "från 0 kr: 20 %; från 10\u00a0000\u00a0000 kr: 12,5 %" in new
    assert "den del av basen som ligger inom steget" in new
    assert "Källa: Nationella rådet" in new
    assert "PLATSHÅLLARE" not in new


# ------------------------------------------------------------------------------ CLI


def test_cli_prints_rows_projection_and_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "main.beancount"
    path.write_text(HEADER + EXAMPLE, encoding="utf-8")
    assert main(["trappan", "2019", "--ledger", str(path)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Trappan – eget kapital mot riktlinjen – Testförbundet"
    row_2018 = next(line for line in lines if line.startswith("Utgående 2018"))
    assert re.split(" {2,}", row_2018) == [
        "Utgående 2018",
        "2018-12-31",
        "2\u00a0992\u00a0390",
        "11\u00a0960\u00a0000",
        "2\u00a0392\u00a0000",
        "−600\u00a0390",
        "−5,0",
        "över",
    ]
    row_2019 = next(line for line in lines if line.startswith("Utgående 2019"))
    assert re.split(" {2,}", row_2019)[-3:] == ["297\u00a0294", "2,6", "inom"]
    assert (
        "Prognos 2019: eget kapital 2019-01-01 2\u00a0992\u00a0390 kr + budgeterat resultat "
        "−2\u00a0350\u00a0000 kr = 642\u00a0390 kr, inom gränsen 2\u00a0290\u00a0000 kr." in out
    )
    # The economist's own tool says which table is a placeholder (the documents refuse it).
    assert 'Obs: tabellen är en platshållare (status "platshållare")' in out


def test_cli_defaults_to_the_latest_year_and_reports_bad_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "main.beancount"
    path.write_text(HEADER + EXAMPLE, encoding="utf-8")
    assert main(["trappan", "--ledger", str(path)]) == 0
    assert "Prognos 2019" in capsys.readouterr().out
    path.write_text(HEADER + EXAMPLE.replace('"hela"', '"halva"'), encoding="utf-8")
    assert main(["trappan", "--ledger", str(path)]) == 1
    err = capsys.readouterr().err
    assert "main.beancount:" in err and 'okänt läge "halva"' in err


def test_opening_equity_of_the_first_year_counts_the_opening_balances() -> None:
    # The opening balances are voucher A1 dated 2017-12-31, the day before the first year.
    example = ledger(EXAMPLE)
    rows = trappan.positions(example.books, 2018)
    assert [p.kind for p in rows] == [trappan.OPENING, trappan.YEAR_END]
    assert rows[0].equity == Decimal("4142334.00")
    assert rows[0].base == Decimal("11960000.00")
    assert rows[0].status == "över"
    books = example.books
    assert trappan.opening_equity(books, 2019) == Decimal("2992390.40")


# --------------------------------------------------------------- the example ledger

EXAMPLE_LEDGER = Path(__file__).resolve().parent.parent / "ledger" / "main.beancount"


def test_example_ledger_umearegionen() -> None:
    example = load(EXAMPLE_LEDGER)
    assert example.errors == []
    assert trappan.errors(example.entries) == []
    books = example.books
    rows = {(p.kind, p.year): p for p in trappan.positions(books, 2019)}
    expected = {
        (trappan.YEAR_END, 2018): ("2992390", "11960000", "2392000", "över"),
        (trappan.OPENING, 2019): ("2992390", "11450000", "2290000", "över"),
        (trappan.PROJECTION, 2019): ("642390", "11450000", "2290000", "inom"),
        (trappan.YEAR_END, 2019): ("1992706", "11450000", "2290000", "inom"),
    }
    for key, (equity, base, limit, status) in expected.items():
        row = rows[key]
        assert (round_kr(row.equity), round_kr(row.base), round_kr(row.limit), row.status) == (
            Decimal(equity),
            Decimal(base),
            Decimal(limit),
            status,
        ), key
    assert trappan.warnings(example.books) == []
    described = trappan.table_description(example.books)
    assert described.startswith("Trappan (tabell från 2019-01-01, ")
    assert "latshållare" not in described and "PLATSHÅLLARE" not in described
    found = trappan.tables(example.entries)
    assert [t.placeholder for t in found] == [True, False]  # 2018 kept as it was (locked)
    day = datetime.date
    assert trappan.placeholder_errors(found, day(2019, 1, 1), day(2019, 12, 31)) == []
    assert len(trappan.placeholder_errors(found, day(2018, 1, 1), day(2018, 12, 31))) == 1


def test_a_second_table_of_the_same_date_names_the_first() -> None:
    text = """
2019-01-01 custom "trappan" "hela" "medlemsavgifter" "x"
2019-01-01 custom "trappan-steg" 0.00 SEK 20
2019-01-01 custom "trappan" "hela" "medlemsavgifter" "y"
"""
    first = len(HEADER.splitlines()) + 1
    [problem] = trappan.errors(ledger(text).entries)
    assert problem.source["lineno"] == first + 3
    assert problem.message == (
        f"trappan daterad 2019-01-01 finns redan (<string>:{first + 1})")


def test_no_warning_for_a_year_still_being_booked() -> None:
    """A year whose books do not reach 31 December is no year end yet: the latest one that
    does is tried. Here 2020 has only the members' invoice in January (equity 6 992 706,
    far over 20 % of 5 000 000), and 2019 (1 992 706, inside 2 290 000) is the latest year
    end."""
    text = EXAMPLE.replace("\n2019-06-01 * ", "\n2019-12-31 * ").replace(
        '2019-01-01 custom "räkenskapsår" 2019',
        '2019-01-01 custom "räkenskapsår" 2019\n2020-01-01 custom "räkenskapsår" 2020',
    ) + (
        '\n2020-01-15 * "Umeå kommun" "Medlemsavgift 2020"\n  ver: "K1"\n'
        "  Tillgångar:Bank  5000000.00 SEK\n"
        "  Intäkter:Avgifter  -5000000.00 SEK\n")
    assert '"räkenskapsår" 2020' in text
    assert trappan.warnings(ledger(text).books) == []
    # booked to its end (a voucher on 31 December), 2020 is the year end that is tried
    ended = text + (
        '\n2020-12-31 * "Banken" "Ränta 2020"\n  ver: "B1"\n'
        "  Tillgångar:Bank  1.00 SEK\n"
        "  Intäkter:Övriga  -1.00 SEK\n")
    found = trappan.warnings(ledger(ended).books)
    assert len(found) == 1 and found[0].startswith("eget kapital 2020-12-31 är ")
