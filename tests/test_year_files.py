"""Check: in books with one file per year, a voucher lies in its year's file (issue 17).

Fava's add form wrote new vouchers into ``main.beancount`` and ``finsam check`` accepted
them; small books in a temporary folder show the error at the voucher's own line.
"""

from __future__ import annotations

from pathlib import Path

from finsam_accounts.ledger import load

ROOTS = """\
option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"
"""

MAIN = ROOTS + """\
option "operating_currency" "SEK"
plugin "finsam_accounts.plugin"

2019-01-01 custom "räkenskapsår" 2019
2019-01-01 custom "räkenskapsår" 2020
2019-01-01 custom "verksamhet" "SAMO" "Testförbundet" "förbund"

2019-01-01 open Tillgångar:Bank SEK
  nr: "1930"
2019-01-01 open Kostnader:SAMO:Hyra SEK
  nr: "6110"
  verksamhet: "SAMO"
"""


def rent(date: str, ver: str) -> str:
    return (f'\n{date} * "Fastighetsbolaget" "Hyra"\n  ver: "{ver}"\n'
            "  Kostnader:SAMO:Hyra  100.00 SEK\n  Tillgångar:Bank  -100.00 SEK\n")


def books(tmp_path: Path, main_tail: str, years: dict[str, str]) -> list[tuple[str, int, str]]:
    includes = "".join(f'include "{name}"\n' for name in years)
    (tmp_path / "main.beancount").write_text(MAIN + includes + main_tail, encoding="utf-8")
    for name, text in years.items():
        (tmp_path / name).write_text(ROOTS + text, encoding="utf-8")
    ledger = load(tmp_path / "main.beancount")
    return [(Path(e.source["filename"]).name, e.source["lineno"], e.message)
            for e in ledger.errors]


def test_a_voucher_in_main_is_refused_at_its_line(tmp_path: Path) -> None:
    errors = books(tmp_path, rent("2019-02-28", "B2"),
                   {"2019.beancount": rent("2019-01-31", "B1")})
    line = MAIN.count("\n") + 1 + 2  # the include line, then the blank line
    assert errors == [("main.beancount", line, (
        "verifikation B2 är daterad 2019-02-28 men ligger i main.beancount; "
        "verifikationerna 2019 ska ligga i årets fil, 2019.beancount"))]


def test_a_voucher_in_another_years_file(tmp_path: Path) -> None:
    errors = books(tmp_path, "", {
        "2019.beancount": rent("2019-01-31", "B1") + rent("2020-01-31", "B1"),
        "2020.beancount": rent("2020-02-28", "B2"),
    })
    assert errors == [("2019.beancount", 12, (
        "verifikation B1 är daterad 2020-01-31 men ligger i 2019.beancount; "
        "verifikationerna 2020 ska ligga i årets fil, 2020.beancount"))]


def test_each_voucher_in_its_file_and_the_day_before_the_year(tmp_path: Path) -> None:
    assert books(tmp_path, "", {
        "2019.beancount": rent("2019-01-31", "B1") + rent("2019-12-31", "B2"),
        "2020.beancount": rent("2020-01-31", "B1"),
    }) == []
    # 31 December may lie in the next year's file (balances brought in are dated so).
    assert books(tmp_path, "", {
        "2019.beancount": rent("2019-01-31", "B1"),
        "2020.beancount": rent("2019-12-31", "B2") + rent("2020-01-31", "B1"),
    }) == []


def test_years_without_a_file_of_their_own_are_not_affected(tmp_path: Path) -> None:
    assert books(tmp_path, rent("2019-01-31", "B1") + rent("2020-01-31", "B1"), {}) == []
    # An older year kept in main.beancount, the new year in its own file.
    assert books(tmp_path, rent("2019-01-31", "B1"),
                 {"2020.beancount": rent("2020-01-31", "B1")}) == []
