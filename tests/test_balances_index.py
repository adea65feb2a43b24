"""Running totals answer ``balances.movements`` exactly as summing every posting does.

Same accounts, same key order, same Decimal (value and exponent, so ``str`` is equal too),
for every period boundary of the example ledger and for an inline ledger whose amounts
are written with 0, 1, 2 and 3 decimals.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from finsam_accounts import balances
from finsam_accounts.errors import ReportError, format_errors
from finsam_accounts.ledger import load, load_string

LEDGER = Path(__file__).resolve().parent.parent / "ledger" / "main.beancount"

MIXED = """\
2019-01-01 open Assets:Bank
2019-01-01 open Expenses:Hyra
2019-01-01 open Expenses:Porto
2019-01-01 open Equity:Kapital
2019-01-01 * "Ingående balans"
  Assets:Bank      1000 SEK
  Equity:Kapital  -1000 SEK
2019-02-01 * "Porto"
  Expenses:Porto   12.5 SEK
  Assets:Bank     -12.5 SEK
2019-03-01 * "Hyra"
  Expenses:Hyra   100.125 SEK
  Assets:Bank    -100.125 SEK
2019-04-01 * "Hyra"
  Expenses:Hyra   100.00 SEK
  Assets:Bank    -100.00 SEK
2019-05-01 * "Porto"
  Expenses:Porto  7 SEK
  Assets:Bank    -7 SEK
"""


def as_pairs(result: dict[str, Decimal]) -> list[tuple[str, str]]:
    return [(account, str(amount)) for account, amount in result.items()]


def test_every_range_of_the_example_ledger_matches_the_plain_sum() -> None:
    entries = load(LEDGER).entries
    days = [datetime.date(y, m, 1) for y in (2018, 2019, 2020) for m in range(1, 13)]
    days.append(datetime.date(2017, 12, 31))
    assert balances.running_totals(entries) is not None
    for end in days:
        assert as_pairs(balances.movements(entries, None, end)) == as_pairs(
            balances.summed(entries, None, end)
        )
        for start in days:
            if start <= end:
                assert as_pairs(balances.movements(entries, start, end)) == as_pairs(
                    balances.summed(entries, start, end)
                )


def test_amounts_with_any_number_of_decimals_keep_their_exponent() -> None:
    entries = load_string(MIXED).entries
    may, june = datetime.date(2019, 4, 1), datetime.date(2019, 6, 1)
    assert as_pairs(balances.movements(entries, may, june)) == [
        ("Expenses:Hyra", "100.00"),
        ("Assets:Bank", "-107.00"),  # -100.00 - 7
        ("Expenses:Porto", "7"),
    ]
    for start in (None, datetime.date(2019, 2, 1), datetime.date(2019, 3, 1), may):
        for end in (datetime.date(2019, 3, 1), datetime.date(2019, 3, 2), may, june):
            if start is None or start <= end:
                assert as_pairs(balances.movements(entries, start, end)) == as_pairs(
                    balances.summed(entries, start, end)
                )


def test_entries_out_of_date_order_are_summed_the_plain_way() -> None:
    entries = list(reversed(load_string(MIXED).entries))
    assert balances.running_totals(entries) is None
    bank = balances.movements(entries, None, datetime.date(2020, 1, 1))["Assets:Bank"]
    assert str(bank) == "780.375"  # 1000 - 12.5 - 100.125 - 100.00 - 7


EURO = """\
2019-01-01 open Assets:Bank
2019-01-01 open Expenses:Resor
2019-03-01 * "Resa"
  Expenses:Resor   10 EUR
  Assets:Bank     -10 EUR
"""


def test_a_posting_in_another_currency_is_an_error_at_its_voucher(tmp_path: Path) -> None:
    path = tmp_path / "main.beancount"
    path.write_text(EURO, encoding="utf-8")
    entries = load(path).entries
    assert balances.running_totals(entries) is None  # the index refuses it: summed answers
    with pytest.raises(ReportError) as raised:
        balances.movements(entries, None, datetime.date(2020, 1, 1))
    [line] = format_errors(raised.value.errors, tmp_path)
    assert line == "main.beancount:3: valutan EUR stöds inte, bara SEK (konto Expenses:Resor)"
