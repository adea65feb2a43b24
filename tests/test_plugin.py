"""The domain checks in finsam_accounts.plugin, on small ledgers written inline."""

from __future__ import annotations

import datetime
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core import amount, data

from finsam_accounts import conventions, plugin
from finsam_accounts.ledger import load, load_string

HEADER = """\
option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"
plugin "finsam_accounts.plugin"
"""

ACCOUNTS = """\
2019-01-01 open Tillgångar:Bank SEK
  nr: "1930"
2019-01-01 open Intäkter:Medlemsavgifter SEK
  nr: "3510"
  verksamhet: "SAMO"
2019-01-01 open Kostnader:Hyra SEK
  nr: "6110"
  verksamhet: "SAMO"
"""

FISCAL_2019 = '2019-01-01 custom "räkenskapsår" 2019\n'
ACTIVITY = '2019-01-01 custom "verksamhet" "SAMO" "Testförbundet" "förbund"\n'


def rent(date: str, ver: str | None, text: str = "Hyra", extra: str = "") -> str:
    """A balanced rent payment, optionally with a voucher number and more metadata."""
    meta = f'  ver: "{ver}"\n' if ver is not None else ""
    return (
        f'{date} * "Fastighetsbolaget" "{text}"\n{meta}{extra}'
        "  Kostnader:Hyra  100.00 SEK\n"
        "  Tillgångar:Bank  -100.00 SEK\n"
    )


def ledger_text(*parts: str) -> str:
    # The activity declaration comes last, so the line numbers above it stay put.
    return HEADER + FISCAL_2019 + ACCOUNTS + "".join(parts) + ACTIVITY


def errors_of(text: str) -> list[tuple[int, str]]:
    """(line, message) of every error the load gives, beancount's and ours."""
    ledger = load_string(text)
    return [(e.source["lineno"], e.message) for e in ledger.errors]


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line number of the n-th line containing ``needle``."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[occurrence - 1]


# ---------------------------------------------------------------------------- accounts


def test_complete_ledger_has_no_errors() -> None:
    text = ledger_text(rent("2019-01-31", "B1"), rent("2019-02-28", "B2"))
    assert errors_of(text) == []


def test_open_without_account_number() -> None:
    text = ledger_text("2019-01-01 open Tillgångar:Kassa SEK\n")
    assert errors_of(text) == [
        (
            line_of(text, "Tillgångar:Kassa"),
            "konto Tillgångar:Kassa saknar Kommun-Bas-nummer (metadata nr)",
        )
    ]


@pytest.mark.parametrize("number", ["19a0", "19 30", "K1930", "1930.5"])
def test_open_with_malformed_account_number(number: str) -> None:
    text = ledger_text(f'2019-01-01 open Tillgångar:Kassa SEK\n  nr: "{number}"\n')
    assert errors_of(text) == [
        (
            line_of(text, "Tillgångar:Kassa"),
            f'konto Tillgångar:Kassa har ogiltigt Kommun-Bas-nummer "{number}" '
            '(metadata nr ska bara innehålla siffror, t.ex. "1930")',
        )
    ]


def test_income_and_cost_accounts_need_an_activity() -> None:
    text = ledger_text(
        '2019-01-01 open Intäkter:Bidrag SEK\n  nr: "3599"\n',
        '2019-01-01 open Kostnader:Resor SEK\n  nr: "6520"\n  verksamhet: ""\n',
    )
    assert errors_of(text) == [
        (
            line_of(text, "Intäkter:Bidrag"),
            'konto Intäkter:Bidrag saknar verksamhet (metadata verksamhet, t.ex. "SAMO")',
        ),
        (
            line_of(text, "Kostnader:Resor"),
            'konto Kostnader:Resor saknar verksamhet (metadata verksamhet, t.ex. "SAMO")',
        ),
    ]


def test_balance_sheet_accounts_need_no_activity() -> None:
    text = ledger_text(
        '2019-01-01 open Skulder:Leverantörsskulder SEK\n  nr: "2440"\n',
        '2019-01-01 open Eget-kapital:Eget-kapital SEK\n  nr: "2010"\n',
    )
    assert errors_of(text) == []


def test_income_and_cost_roots_come_from_the_options() -> None:
    text = textwrap.dedent(
        """\
        option "name_expenses" "Utgifter"
        plugin "finsam_accounts.plugin"
        2019-01-01 open Utgifter:Porto SEK
          nr: "6250"
        2019-01-01 open Assets:Kassa SEK
          nr: "1910"
        """
    )
    assert errors_of(text) == [
        (3, 'konto Utgifter:Porto saknar verksamhet (metadata verksamhet, t.ex. "SAMO")')
    ]


def test_both_account_errors_on_one_open() -> None:
    text = ledger_text("2019-01-01 open Kostnader:Porto SEK\n")
    line = line_of(text, "Kostnader:Porto")
    assert errors_of(text) == [
        (line, "konto Kostnader:Porto saknar Kommun-Bas-nummer (metadata nr)"),
        (line, 'konto Kostnader:Porto saknar verksamhet (metadata verksamhet, t.ex. "SAMO")'),
    ]


# ---------------------------------------------------------------------------- vouchers


def test_transaction_without_voucher_number() -> None:
    text = ledger_text(rent("2019-01-31", "B1"), rent("2019-02-28", None, "Hyra februari"))
    assert errors_of(text) == [
        (
            line_of(text, "Hyra februari"),
            'verifikationen 2019-02-28 "Hyra februari" saknar verifikationsnummer '
            '(metadata ver, t.ex. "B12")',
        )
    ]


@pytest.mark.parametrize("ver", ["b1", "B-1", "1", "B", "B 1", "B1a"])
def test_malformed_voucher_number(ver: str) -> None:
    text = ledger_text(rent("2019-01-31", ver))
    assert errors_of(text) == [
        (
            line_of(text, "Fastighetsbolaget"),
            f'verifikationsnummer "{ver}" är felaktigt: det ska vara serie (versaler) '
            'följd av löpnummer, t.ex. "B12"',
        )
    ]


@pytest.mark.parametrize("ver", ["B1", "ÅÄÖ1", "LF1"])
def test_wellformed_voucher_numbers(ver: str) -> None:
    assert errors_of(ledger_text(rent("2019-01-31", ver))) == []


def test_duplicate_voucher_number_in_a_year() -> None:
    text = ledger_text(
        rent("2019-01-31", "B1"),
        rent("2019-02-28", "B2"),
        rent("2019-03-31", "B2", "Hyra mars"),
    )
    assert errors_of(text) == [
        (
            line_of(text, "Hyra mars"),
            f"verifikation B2 finns redan (rad {line_of(text, '2019-02-28')} i <string>)",
        )
    ]


def test_same_voucher_number_in_other_year_or_series_is_no_duplicate() -> None:
    text = (
        HEADER
        + '2018-01-01 custom "räkenskapsår" 2018\n'
        + FISCAL_2019
        + ACCOUNTS.replace("2019-01-01 open", "2018-01-01 open")
        + ACTIVITY
        + rent("2018-12-31", "B1")
        + rent("2019-01-31", "B1")
        + rent("2019-01-31", "A1")
    )
    assert errors_of(text) == []


def test_duplicate_names_the_file_of_the_first(tmp_path: Path) -> None:
    # (Not named 2019.beancount: B1 of main.beancount would also lie outside the year's
    # file, year_files.py.)
    (tmp_path / "2019-tillagg.beancount").write_text(
        HEADER.replace('plugin "finsam_accounts.plugin"\n', "") + rent("2019-01-31", "B1"),
        encoding="utf-8",
    )
    main = tmp_path / "main.beancount"
    main.write_text(
        ledger_text('include "2019-tillagg.beancount"\n',
                    rent("2019-02-28", "B1", "Hyra februari")),
        encoding="utf-8",
    )
    ledger = load(main)
    assert [(e.source["filename"], e.source["lineno"], e.message) for e in ledger.errors] == [
        (
            str(main),
            line_of(main.read_text(encoding="utf-8"), "Hyra februari"),
            "verifikation B1 finns redan (rad 6 i 2019-tillagg.beancount)",
        )
    ]


def test_gaps_in_a_series_are_reported_at_the_voucher_after_the_gap() -> None:
    text = ledger_text(
        rent("2019-01-31", "B1"),
        rent("2019-02-28", "B4", "Hyra februari"),
        rent("2019-03-31", "B5"),
        rent("2019-04-30", "B7", "Hyra april"),
    )
    assert errors_of(text) == [
        (line_of(text, "Hyra februari"), "verifikationsserie B 2019 saknar nummer 2–3 (före B4)"),
        (line_of(text, "Hyra april"), "verifikationsserie B 2019 saknar nummer 6 (före B7)"),
    ]


def test_a_series_starts_at_one_each_year() -> None:
    text = ledger_text(rent("2019-01-31", "A1"), rent("2019-02-28", "B3", "Hyra februari"))
    assert errors_of(text) == [
        (line_of(text, "Hyra februari"), "verifikationsserie B 2019 saknar nummer 1–2 (före B3)")
    ]


def test_series_are_numbered_by_number_not_by_date() -> None:
    text = ledger_text(rent("2019-01-31", "B2"), rent("2019-02-28", "B1"))
    assert errors_of(text) == []


def test_correction_of_an_existing_voucher() -> None:
    text = (
        HEADER
        + '2018-01-01 custom "räkenskapsår" 2018\n'
        + FISCAL_2019
        + ACCOUNTS.replace("2019-01-01 open", "2018-01-01 open")
        + ACTIVITY
        + rent("2018-12-31", "B1")
        + rent("2019-01-31", "B1")
        + rent("2019-02-28", "A1", "Rättelse", '  korrigerar: "B1"\n')
        + rent("2019-02-28", "A2", "Rättelse 2018", '  korrigerar: "2018:B1"\n')
    )
    assert errors_of(text) == []


def test_correction_of_a_voucher_that_does_not_exist() -> None:
    text = ledger_text(
        rent("2019-01-31", "B1"),
        rent("2019-02-28", "A1", "Rättelse", '  korrigerar: "B9"\n'),
        rent("2019-03-31", "A2", "Rättelse 2018", '  korrigerar: "2018:B1"\n'),
    )
    assert errors_of(text) == [
        (
            line_of(text, '"Rättelse"'),
            "verifikationen korrigerar B9, men det finns ingen verifikation B9 år 2019",
        ),
        (
            line_of(text, '"Rättelse 2018"'),
            "verifikationen korrigerar B1, men det finns ingen verifikation B1 år 2018",
        ),
    ]


def test_correction_with_malformed_reference() -> None:
    text = ledger_text(
        rent("2019-01-31", "B1"),
        rent("2019-02-28", "A1", "Rättelse", '  korrigerar: "fakturan i januari"\n'),
    )
    assert errors_of(text) == [
        (
            line_of(text, "Rättelse"),
            'korrigerar "fakturan i januari" är inget verifikationsnummer '
            '(t.ex. "B12", eller "2018:B12" för ett annat år)',
        )
    ]


# ------------------------------------------------------------------------ fiscal years


def test_transaction_outside_the_fiscal_years() -> None:
    text = ledger_text(rent("2019-12-31", "B1"), rent("2020-01-02", "B1", "Hyra 2020"))
    assert errors_of(text) == [
        (
            line_of(text, "Hyra 2020"),
            "verifikation B1 är daterad 2020-01-02, utanför räkenskapsåret 2019 "
            '(custom "räkenskapsår")',
        )
    ]


def test_outside_several_fiscal_years() -> None:
    text = (
        HEADER
        + '2018-01-01 custom "räkenskapsår" 2018\n'
        + FISCAL_2019
        + ACCOUNTS.replace("2019-01-01 open", "2017-01-01 open")
        + ACTIVITY
        + rent("2017-12-31", "A1")  # the day before the first year: balances brought in
        + rent("2017-12-30", "B1")
    )
    assert errors_of(text) == [
        (
            line_of(text, "2017-12-30"),
            "verifikation B1 är daterad 2017-12-30, utanför räkenskapsåren 2018–2019 "
            '(custom "räkenskapsår"); ingående balanser dateras 2017-12-31, eller '
            "2018-01-01 med ib: TRUE",
        )
    ]


def test_no_declared_fiscal_year_means_no_year_check() -> None:
    text = HEADER + ACCOUNTS + ACTIVITY + rent("2019-01-31", "B1") + rent("2020-01-31", "B1")
    assert errors_of(text) == []


def test_year_end_balance_assertion_on_january_first_is_not_a_voucher() -> None:
    text = ledger_text(
        rent("2019-12-31", "B1"), "2020-01-01 balance Tillgångar:Bank  -100.00 SEK\n"
    )
    assert errors_of(text) == []


def test_malformed_fiscal_year_declaration() -> None:
    text = ledger_text('2019-01-01 custom "räkenskapsår" "i år"\n', rent("2019-01-31", "B1"))
    assert errors_of(text) == [
        (
            line_of(text, '"i år"'),
            'custom "räkenskapsår" ska ange ett årtal, t.ex. räkenskapsår 2019',
        )
    ]


# ------------------------------------------------------------ what the plugin skips


def test_pad_entries_need_no_voucher_number() -> None:
    text = ledger_text(
        '2019-01-01 open Eget-kapital:Ingående SEK\n  nr: "2010"\n',
        "2019-01-01 pad Tillgångar:Bank Eget-kapital:Ingående\n",
        "2019-01-02 balance Tillgångar:Bank  5000.00 SEK\n",
    )
    assert errors_of(text) == []


def _transaction(flag: str, filename: str | None) -> data.Transaction:
    meta = data.new_metadata(filename, 1) if filename is not None else {}
    units = amount.Amount(Decimal("100"), "SEK")
    postings = [
        data.Posting("Kostnader:Hyra", units, None, None, None, None),
        data.Posting("Tillgångar:Bank", -units, None, None, None, None),
    ]
    return data.Transaction(
        meta, datetime.date(2030, 1, 1), flag, None, "x", frozenset(), frozenset(), postings
    )


@pytest.mark.parametrize(
    ("flag", "filename", "booked"),
    [
        ("*", "/books/2019.beancount", True),
        ("!", "/books/2019.beancount", True),
        ("*", "<string>", True),
        ("P", "/books/2019.beancount", False),
        ("*", "<summarize>", False),
        ("*", None, False),
    ],
)
def test_generated_and_pad_transactions_are_skipped(
    flag: str, filename: str | None, booked: bool
) -> None:
    entry = _transaction(flag, filename)  # no voucher number: an error if checked
    assert conventions.is_booked(entry) is booked
    _, errors = plugin.validate([entry], {})
    messages = [e.message for e in errors]
    if booked or flag == "P":
        assert bool(errors) is booked
    else:  # only a pad may add a transaction: one from no loaded file is refused
        assert len(messages) == 1 and "kommer inte från någon av bokföringens filer" in (
            messages[0])


def test_errors_are_data_pointing_at_the_entry() -> None:
    entries = load_string(ledger_text(rent("2019-01-31", "B2"))).entries
    _, found = plugin.validate(entries, {"name_income": "Intäkter", "name_expenses": "Kostnader"})
    (error,) = found
    assert isinstance(error, plugin.FinsamError)
    assert error.entry is not None
    assert error.source == {"filename": "<string>", "lineno": error.entry.meta["lineno"]}
    assert error.entry.meta["ver"] == "B2"
    assert error.message == "verifikationsserie B 2019 saknar nummer 1 (före B2)"


def test_plugin_returns_the_entries_unchanged() -> None:
    entries = load_string(ledger_text(rent("2019-01-31", "B1"))).entries
    returned, _ = plugin.validate(entries, {})
    assert returned is entries


def test_bean_check_reports_the_plugin_errors(tmp_path: Path) -> None:
    path = tmp_path / "main.beancount"
    text = ledger_text("2019-01-01 open Tillgångar:Kassa SEK\n")
    path.write_text(text, encoding="utf-8")
    bean_check = Path(sys.executable).parent / "bean-check"
    result = subprocess.run(
        [str(bean_check), "--no-cache", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    expected = (
        f"{path}:{line_of(text, 'Tillgångar:Kassa')}: "
        "konto Tillgångar:Kassa saknar Kommun-Bas-nummer (metadata nr)"
    )
    assert expected in result.stderr + result.stdout
