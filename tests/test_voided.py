"""Voided voucher numbers (``custom "makulerad"``): a gap with a reason (voided.py)."""

from __future__ import annotations

from test_numbering import HEAD, voucher

from finsam_accounts.ledger import load_string
from finsam_accounts.numbering import next_numbers

# HEAD declares 2018 and 2019: a year without vouchers before one with them is an error.
BASE = HEAD + voucher("2018-01-05", "A1")


def messages(text: str) -> list[str]:
    return [error.message for error in load_string(text).errors]


# 2019: B1, B2, B5 (B3 and B4 missing), B9.
GAPPED = BASE + "".join(voucher(d, n) for d, n in [
    ("2019-01-05", "B1"), ("2019-01-06", "B2"), ("2019-02-05", "B5"), ("2019-03-05", "B9")])


def test_a_gap_without_a_voided_number_is_an_error() -> None:
    assert messages(GAPPED) == [
        "verifikationsserie B 2019 saknar nummer 3–4 (före B5)",
        "verifikationsserie B 2019 saknar nummer 6–8 (före B9)",
    ]


def test_voided_numbers_fill_their_gap_and_only_theirs() -> None:
    text = GAPPED + (
        '\n2019-02-01 custom "makulerad" "B3" "Felregistrerad, ersatt av B5"\n'
        '2019-02-01 custom "makulerad" "B4" "Felregistrerad, ersatt av B5"\n'
        '2019-03-01 custom "makulerad" "B7" "Dubbelbokförd faktura"\n')
    assert messages(text) == ["verifikationsserie B 2019 saknar nummer 6, 8 (före B9)"]


def test_a_voided_number_of_another_year_fills_nothing() -> None:
    text = GAPPED + '\n2018-12-31 custom "makulerad" "B3" "Fel år"\n'
    assert "verifikationsserie B 2019 saknar nummer 3–4 (före B5)" in messages(text)


def test_a_voided_number_that_is_used_is_an_error() -> None:
    text = BASE + voucher("2019-01-05", "B1") + '\n2019-01-31 custom "makulerad" "B1" "x"\n'
    [message] = messages(text)
    assert message.startswith("verifikation B1 är makulerad (rad ")
    assert message.endswith(") men används")


def test_malformed_voided_numbers_are_errors_at_their_line() -> None:
    text = BASE + voucher("2019-01-05", "B1") + (
        '\n2019-01-31 custom "makulerad" "B0" "noll"\n'
        '2019-01-31 custom "makulerad" "b2" "gemener"\n'
        '2019-01-31 custom "makulerad" "B2" ""\n'
        '2019-01-31 custom "makulerad" "B2"\n'
        '2019-01-31 custom "makulerad" "B3" "ett"\n'
        '2019-02-28 custom "makulerad" "B3" "två"\n')
    errors = load_string(text).errors
    lines = text.splitlines()
    first_b3 = lines.index('2019-01-31 custom "makulerad" "B3" "ett"') + 1
    assert [(lines[e.source["lineno"] - 1].split('"')[3], e.message) for e in errors] == [
        ("B0", 'makulerad: "B0" är inget verifikationsnummer (serie i versaler och löpnummer '
               'från 1, t.ex. "A17")'),
        ("b2", 'makulerad: "b2" är inget verifikationsnummer (serie i versaler och löpnummer '
               'från 1, t.ex. "A17")'),
        ("B2", "makulerad B2: skälet saknas"),
        ("B2", 'custom "makulerad" ska ange verifikationsnumret och skälet, t.ex. custom '
               '"makulerad" "A17" "Fakturan makulerad, ersatt av A18"'),
        ("B3", f"makulerad B3 2019 finns redan (<string>:{first_b3})"),
    ]


def test_a_huge_number_costs_nothing() -> None:
    text = BASE + voucher("2019-01-05", "B999999999999")
    assert messages(text) == ["verifikationsserie B 2019 saknar nummer 1–999999999998 "
                              "(före B999999999999)"]


def test_the_next_number_skips_a_voided_one() -> None:
    text = BASE + voucher("2019-01-05", "B1") + '\n2019-01-31 custom "makulerad" "B2" "x"\n'
    assert next_numbers(load_string(text).books, 2019)["B"] == 3
