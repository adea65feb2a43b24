from __future__ import annotations

import itertools
import random
from decimal import Decimal
from pathlib import Path

import pytest

from finsam_accounts import contributions
from finsam_accounts.books import Books
from finsam_accounts.contributions import split_exact
from finsam_accounts.errors import ReportError
from finsam_accounts.ledger import Ledger, load, load_string

HEADER = """
option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"
"""

MEMBERS = """
2018-01-01 custom "medlem" "staten" "Staten" "stat"
2018-01-01 custom "medlem" "region" "Regionen" "region"
2018-01-01 custom "medlem" "a" "A kommun" "kommun"
2018-01-01 custom "medlem" "b" "B kommun" "kommun"
2019-01-01 custom "medlem" "c" "C kommun" "kommun"
2018-01-01 open Tillgångar:Kundfordringar SEK
2018-01-01 open Intäkter:Avgift:Staten SEK
  medlem: "staten"
2018-01-01 open Intäkter:Avgift:Region SEK
  medlem: "region"
2018-01-01 open Intäkter:Avgift:A SEK
  medlem: "a"
2018-01-01 open Intäkter:Avgift:B SEK
  medlem: "b"
2019-01-01 open Intäkter:Avgift:C SEK
  medlem: "c"
"""


def ledger(text: str) -> Ledger:
    loaded = load_string(HEADER + MEMBERS + text)
    assert loaded.errors == []
    return loaded


def books_of(loaded: Ledger) -> Books:
    return loaded.books


def booking(date: str, account: str, amount: str) -> str:
    return f"""
{date} * "Medlem" "Medlemsavgift"
  Tillgångar:Kundfordringar  {amount} SEK
  {account}  -{amount} SEK
"""


# ---------------------------------------------------------------------- exact split


def test_split_exact_gives_leftover_ore_to_largest_remainders() -> None:
    assert split_exact(Decimal("100.00"), [Decimal(1)] * 3) == [
        Decimal("33.34"),
        Decimal("33.33"),
        Decimal("33.33"),
    ]
    # Remainders .6, .3, .1 (in öre): one öre left over goes to the largest remainder.
    parts = split_exact(Decimal("0.10"), [Decimal(6), Decimal(3), Decimal(1)])
    assert parts == [Decimal("0.06"), Decimal("0.03"), Decimal("0.01")]
    parts = split_exact(Decimal("0.01"), [Decimal(1), Decimal(2)])
    assert parts == [Decimal("0.00"), Decimal("0.01")]


def test_split_exact_always_adds_up() -> None:
    rng = random.Random(20190101)
    for _ in range(500):
        total = Decimal(rng.randint(0, 10**9)) / 100
        weights = [Decimal(rng.randint(0, 10**6)) for _ in range(rng.randint(1, 9))]
        if not any(weights):
            weights[0] = Decimal(1)
        parts = split_exact(total, weights)
        assert sum(parts) == total
        assert all(part == part.quantize(Decimal("0.01")) for part in parts)
        # No part is more than one öre away from its exact share.
        weight_sum = sum(weights)
        for part, weight in zip(parts, weights, strict=True):
            assert abs(part - total * weight / weight_sum) < Decimal("0.01")


def test_split_exact_rejects_fractions_of_ore_and_empty_keys() -> None:
    with pytest.raises(ValueError):
        split_exact(Decimal("1.001"), [Decimal(1)])
    with pytest.raises(ValueError):
        split_exact(Decimal("1.00"), [Decimal(0), Decimal(0)])


# --------------------------------------------------------------------- expected shares

UNEVEN = """
2019-01-01 custom "medlemsavgift-tilldelning" 2019 1000000.01 SEK
2019-01-01 custom "befolkning" 2019 "a" 7
2019-01-01 custom "befolkning" 2019 "b" 11
2019-01-01 custom "befolkning" 2019 "c" 13
"""


def test_uneven_keys_add_up_to_the_allocation_exactly() -> None:
    data = contributions.contribution_data(ledger(UNEVEN).entries)
    shares = contributions.expected_shares(data, 2019)
    amounts = {s.member.id: s.amount for s in shares}
    assert sum(amounts.values()) == Decimal("1000000.01")
    # Groups first (50/25/25 by default, 250 000.0025 each is not whole öre), then members.
    assert amounts["staten"] + amounts["region"] + sum(amounts[m] for m in "abc") == Decimal(
        "1000000.01"
    )
    assert amounts["staten"] == Decimal("500000.01")
    assert amounts["region"] == Decimal("250000.00")
    municipal = amounts["a"] + amounts["b"] + amounts["c"]
    assert municipal == Decimal("250000.00")
    # 250 000 × 7/31, 11/31, 13/31 = 56 451.6129…, 88 709.6774…, 104 838.7096…
    assert (amounts["a"], amounts["b"], amounts["c"]) == (
        Decimal("56451.61"),
        Decimal("88709.68"),
        Decimal("104838.71"),
    )


def test_member_declared_later_is_not_in_earlier_years() -> None:
    text = """
2018-01-01 custom "medlemsavgift-tilldelning" 2018 100.00 SEK
2018-01-01 custom "befolkning" 2018 "a" 1
2018-01-01 custom "befolkning" 2018 "b" 2
"""
    data = contributions.contribution_data(ledger(text).entries)
    shares = contributions.expected_shares(data, 2018)
    assert [s.member.id for s in shares] == ["staten", "region", "a", "b"]
    assert [s.amount for s in shares] == [
        Decimal("50.00"),
        Decimal("25.00"),
        Decimal("8.33"),
        Decimal("16.67"),
    ]


def test_group_percentages_are_ledger_data() -> None:
    text = (
        UNEVEN
        + """
2019-01-01 custom "medlemsavgift-andel" "stat" 40
2019-01-01 custom "medlemsavgift-andel" "region" 30
2019-01-01 custom "medlemsavgift-andel" "kommun" 30
"""
    ).replace("1000000.01", "1000.00")
    data = contributions.contribution_data(ledger(text).entries)
    amounts = {s.member.id: s.amount for s in contributions.expected_shares(data, 2019)}
    assert amounts["staten"] == Decimal("400.00")
    assert amounts["region"] == Decimal("300.00")
    assert amounts["a"] + amounts["b"] + amounts["c"] == Decimal("300.00")


# ----------------------------------------------------------------------------- data


def test_errors_point_at_file_and_line() -> None:
    text = """
2019-01-01 custom "medlemsavgift-tilldelning" 2019 "elva miljoner"
2019-01-01 custom "befolkning" 2019 "okänd" 5
2019-01-01 custom "medlemsavgift-andel" "kommun" 120
2019-01-01 custom "medlemsavgift-tolerans" 1000.00 EUR
2019-01-01 custom "medlemsavgift-fakturering" "k" Tillgångar:Kundfordringar
"""
    loaded = ledger(text)
    problems = contributions.errors(loaded.entries)
    lines = sorted(int(p.source["lineno"]) for p in problems)
    first = len((HEADER + MEMBERS).splitlines()) + 2
    assert lines == list(range(first, first + 5))
    messages = " | ".join(p.message for p in problems)
    assert "tilldelningen ska vara ett belopp i SEK" in messages
    assert 'befolkning för "okänd"' in messages
    assert "inte mellan 0 och 100" in messages
    assert "ska vara i SEK, inte EUR" in messages
    assert "faktureringen ska skrivas" in messages


def test_duplicate_allocation_and_population_are_errors() -> None:
    text = UNEVEN + UNEVEN.replace("7", "8")
    problems = contributions.errors(ledger(text).entries)
    assert len(problems) == 4
    assert all("finns redan" in p.message for p in problems)


def test_year_problems_are_reported_at_the_allocation() -> None:
    text = """
2019-01-01 custom "medlemsavgift-tilldelning" 2019 1000.00 SEK
2019-01-01 custom "befolkning" 2019 "a" 7
2019-01-01 custom "medlemsavgift-andel" "kommun" 30
"""
    problems = contributions.errors(ledger(text).entries)
    messages = [p.message for p in problems]
    assert any("summerar till 105 %" in m for m in messages)
    assert any("befolkning saknas för 2019: b, c" in m for m in messages)
    allocation_line = len((HEADER + MEMBERS).splitlines()) + 2
    assert {p.source["lineno"] for p in problems} == {allocation_line}


def test_unknown_member_on_an_account_is_an_error() -> None:
    text = """
2019-01-01 open Intäkter:Avgift:X SEK
  medlem: "x"
"""
    problems = contributions.errors(ledger(text).entries)
    assert len(problems) == 1
    assert 'medlem: "x"' in problems[0].message


def test_no_allocation_for_the_year() -> None:
    data = contributions.contribution_data(ledger("").entries)
    with pytest.raises(ReportError, match="ingen tilldelning för 2019"):
        contributions.expected_shares(data, 2019)


# ------------------------------------------------------------- booked and warnings

# Umeåregionen 2019 in miniature: the published amounts, 500 kr off a strict 25/25, with
# the published municipal amounts themselves as the municipalities' key.
PUBLISHED = (
    """
2019-01-01 custom "medlemsavgift-tilldelning" 2019 11450000.00 SEK
2019-01-01 custom "befolkning" 2019 "a" 2357994
2019-01-01 custom "befolkning" 2019 "b" 465845
2019-01-01 custom "befolkning" 2019 "c" 39161
"""
    + booking("2019-01-15", "Intäkter:Avgift:Staten", "5725000.00")
    + booking("2019-01-15", "Intäkter:Avgift:Region", "2862000.00")
    + booking("2019-01-15", "Intäkter:Avgift:A", "2357994.00")
    + booking("2019-01-15", "Intäkter:Avgift:B", "465845.00")
    + booking("2019-01-15", "Intäkter:Avgift:C", "39161.00")
)


def test_comparison_shows_the_500_kr_of_the_published_split() -> None:
    frame = contributions.comparison_frame(books_of(ledger(PUBLISHED)), 2019)
    by_member = frame.set_index("member")
    assert by_member.loc["region", "difference"] == Decimal("-500.00")
    assert sum(by_member.loc[["a", "b", "c"], "difference"]) == Decimal("500.00")
    assert by_member.loc["staten", "difference"] == Decimal("0.00")
    assert sum(frame["expected"]) == Decimal("11450000.00")
    assert sum(frame["booked"]) == Decimal("11450000.00")
    assert all(isinstance(v, Decimal) for v in frame["expected"])
    assert not frame["over_tolerance"].any()


def test_default_tolerance_gives_no_warning_but_100_kr_does() -> None:
    assert contributions.warnings(ledger(PUBLISHED).books) == []
    strict = PUBLISHED + '2019-01-01 custom "medlemsavgift-tolerans" 100.00 SEK\n'
    found = contributions.warnings(ledger(strict).books)
    assert len(found) == 2  # the region (−500) and the largest municipality (+412)
    assert "Regionen" in found[0] and "−500 kr" in found[0] and "100 kr" in found[0]
    assert "A kommun" in found[1] and "412 kr" in found[1]


def test_difference_exactly_at_the_tolerance_is_no_warning() -> None:
    text = (
        """
2019-01-01 custom "medlemsavgift-tilldelning" 2019 4000.00 SEK
2019-01-01 custom "medlemsavgift-tolerans" 10.00 SEK
2019-01-01 custom "befolkning" 2019 "a" 1
2019-01-01 custom "befolkning" 2019 "b" 1
2019-01-01 custom "befolkning" 2019 "c" 2
"""
        + booking("2019-01-15", "Intäkter:Avgift:Staten", "2000.00")
        + booking("2019-01-15", "Intäkter:Avgift:Region", "1010.00")
        + booking("2019-01-15", "Intäkter:Avgift:A", "239.99")
        + booking("2019-01-15", "Intäkter:Avgift:B", "250.00")
        + booking("2019-01-15", "Intäkter:Avgift:C", "500.00")
    )
    frame = contributions.comparison_frame(books_of(ledger(text)), 2019).set_index("member")
    assert not frame.loc["region", "over_tolerance"]  # exactly 10.00
    assert frame.loc["region", "difference"] == Decimal("10.00")
    assert frame.loc["a", "over_tolerance"]  # one öre more than the tolerance
    assert frame.loc["a", "difference"] == Decimal("-10.01")


def test_booked_contributions_without_allocation_are_a_warning() -> None:
    text = booking("2019-02-01", "Intäkter:Avgift:Staten", "10.00")
    found = contributions.warnings(ledger(text).books)
    assert found == [
        "medlemsavgifter 2019 är bokförda men ingen tilldelning är deklarerad (custom "
        '"medlemsavgift-tilldelning" 2019 BELOPP SEK)'
    ]


def test_recorded_sums_per_member_and_year() -> None:
    text = (
        booking("2018-12-31", "Intäkter:Avgift:A", "1.00")
        + booking("2019-01-01", "Intäkter:Avgift:A", "2.00")
        + booking("2019-12-31", "Intäkter:Avgift:A", "3.00")
        + booking("2020-01-01", "Intäkter:Avgift:A", "4.00")
    )
    books = ledger(text).books
    assert contributions.recorded(books, 2019) == {"a": Decimal("5.00")}
    assert contributions.recorded_total(books, 2018) == Decimal("1.00")


def test_quarter_parts_add_up_for_every_amount() -> None:
    for ore in itertools.chain(range(0, 20), range(99990, 100010)):
        total = Decimal(ore) / 100
        parts = split_exact(total, [Decimal(1)] * 4)
        assert sum(parts) == total
        assert max(parts) - min(parts) <= Decimal("0.01")


def test_example_ledger_matches_the_published_contributions() -> None:
    example = load(Path(__file__).resolve().parent.parent / "ledger" / "main.beancount")
    assert example.errors == []
    assert contributions.errors(example.entries) == []
    assert contributions.warnings(example.books) == []
    for year, total in ((2018, "11960000.00"), (2019, "11450000.00")):
        frame = contributions.comparison_frame(books_of(example), year).set_index("member")
        assert sum(frame["expected"]) == Decimal(total)
        assert sum(frame["booked"]) == Decimal(total)
    differences = contributions.comparison_frame(books_of(example), 2019).set_index("member")
    assert differences.loc["region", "difference"] == Decimal("-500.00")
    assert differences.loc["staten", "difference"] == Decimal("0.00")


def test_finsam_check_reports_a_year_whose_keys_cannot_be_used() -> None:
    """The plugin (finsam check, bean-check, Fava) reports a member without a population at
    the allocation, as docs/ledger.md lists it: a member declared a year before it joined
    (tests/forbund4's Fyrudden dated 2023 instead of 2025) was first found by a report."""
    text = """
2019-01-01 custom "medlemsavgift-tilldelning" 2019 1000.00 SEK
2019-01-01 custom "befolkning" 2019 "a" 7
"""
    loaded = load_string(HEADER + 'plugin "finsam_accounts.plugin"\n' + MEMBERS + text)
    found = [e for e in loaded.errors if "befolkning saknas" in e.message]
    assert [e.message for e in found] == [
        'befolkning saknas för 2019: b, c (custom "befolkning" 2019 "id" ANTAL)']
    assert found[0].source["lineno"] == len((HEADER + MEMBERS).splitlines()) + 3
