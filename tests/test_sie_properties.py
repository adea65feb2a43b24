"""Properties of SIE export and import (Hypothesis).

Random vouchers survive export → import unchanged; any corruption of a valid file gives
Swedish error lines (FinsamError with the file's line) or a readable file, never a crash.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from beancount.core import data, flags
from beancount.core.amount import Amount
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from finsam_accounts import domain
from finsam_accounts.errors import ReportError
from finsam_accounts.ledger import load_string
from finsam_accounts.sie.books import export
from finsam_accounts.sie.importer import plan
from finsam_accounts.sie.reader import read_bytes
from finsam_accounts.sie.writer import write_bytes

CHART = """option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"
2019-01-01 open Tillgångar:Bank SEK
  nr: "1930"
2019-01-01 open Skulder:Leverantörsskulder SEK
  nr: "2440"
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
BOOKS = load_string(CHART)
ACCOUNTS = [e.account for e in BOOKS.entries if isinstance(e, data.Open)]
# Texts of characters code page 437 has (what the format can carry unchanged).
TEXT = st.text(alphabet='abcxyzåäöÅÄÖéü ABZ0189"\\-.,:;/()', max_size=25)

cents = st.integers(min_value=-(10**9), max_value=10**9).filter(bool)
posting_lists = st.lists(st.tuples(st.sampled_from(ACCOUNTS), cents), min_size=1, max_size=4)
voucher = st.tuples(
    st.sampled_from(["A", "B", "K", "LÖ"]),
    st.dates(datetime.date(2019, 1, 1), datetime.date(2019, 12, 31)),
    st.one_of(st.none(), TEXT.filter(bool)),
    TEXT,
    posting_lists,
    st.sampled_from(ACCOUNTS),
)


def transactions(drawn: list) -> list[data.Transaction]:
    numbers: dict[str, int] = {}
    made = []
    for series, date, payee, narration, postings, balancing in drawn:
        total = sum(c for _, c in postings)
        rows = [*postings, (balancing, -total)] if total else postings
        numbers[series] = numbers.get(series, 0) + 1
        made.append(
            data.Transaction(
                data.new_metadata("<slump>", 0, {"ver": f"{series}{numbers[series]}"}),
                date,
                flags.FLAG_OKAY,
                payee,
                narration,
                frozenset(),
                frozenset(),
                [
                    data.Posting(a, Amount(Decimal(c).scaleb(-2), "SEK"), None, None, None, None)
                    for a, c in rows
                ],
            )
        )
    return made


def amount(posting: data.Posting) -> Decimal:
    assert posting.units is not None and posting.units.number is not None
    return posting.units.number


def essence(entry: data.Transaction) -> tuple:
    return (
        entry.meta["ver"],
        entry.date,
        entry.payee,
        entry.narration,
        [(p.account, amount(p)) for p in entry.postings],
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(voucher, min_size=1, max_size=8))
def test_random_vouchers_survive_export_and_import(drawn: list) -> None:
    made = transactions(drawn)
    assume(all(sum(amount(p) for p in t.postings) == 0 and t.postings for t in made))
    # A posting list whose sum is zero and that has a single posting cannot exist.
    assume(all(len(t.postings) >= 2 for t in made))
    entries = [*BOOKS.entries, *made]
    raw = write_bytes(export(domain.of(entries, BOOKS.options), 2019))
    sie = read_bytes(raw, "slump.se")
    assert sie.checksum_verified
    result = plan(sie, "slump.se", BOOKS.entries, BOOKS.options)
    assert (result.errors, result.unknown_accounts) == ([], [])
    assert sorted(map(essence, result.entries)) == sorted(map(essence, made))


def valid_file() -> bytes:
    made = transactions(
        [
            (
                "A",
                datetime.date(2019, 1, 1),
                None,
                "Ingående",
                [(ACCOUNTS[0], 100000)],
                ACCOUNTS[2],
            ),
            (
                "B",
                datetime.date(2019, 2, 3),
                "Hyresvärd",
                "Hyra",
                [(ACCOUNTS[5], 2500)],
                ACCOUNTS[0],
            ),
            ("K", datetime.date(2019, 3, 4), "Umeå", "Avgift", [(ACCOUNTS[3], -9900)], ACCOUNTS[0]),
        ]
    )
    return write_bytes(export(domain.of([*BOOKS.entries, *made], BOOKS.options), 2019))


VALID = valid_file()


@st.composite
def corrupted(draw: st.DrawFn) -> bytes:
    raw = VALID
    kind = draw(st.sampled_from(["cut", "byte", "drop-line", "insert-line", "swap-lines"]))
    lines = raw.split(b"\r\n")
    if kind == "cut":
        return raw[: draw(st.integers(0, len(raw) - 1))]
    if kind == "byte":
        at = draw(st.integers(0, len(raw) - 1))
        return raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at + 1 :]
    at = draw(st.integers(0, len(lines) - 1))
    if kind == "drop-line":
        return b"\r\n".join(lines[:at] + lines[at + 1 :])
    if kind == "insert-line":
        junk = draw(st.binary(max_size=30))
        return b"\r\n".join([*lines[:at], junk, *lines[at:]])
    other = draw(st.integers(0, len(lines) - 1))
    lines[at], lines[other] = lines[other], lines[at]
    return b"\r\n".join(lines)


@settings(max_examples=150, deadline=None)
@given(corrupted())
def test_corrupted_files_give_swedish_errors(raw: bytes) -> None:
    try:
        sie = read_bytes(raw, "skadad.se")
    except ReportError as error:
        assert error.errors
        for problem in error.errors:
            assert problem.source["filename"] == "skadad.se"
            assert isinstance(problem.source["lineno"], int)
            assert problem.message and "\n" not in problem.message
            assert "Traceback" not in problem.message and "Error" not in problem.message
        return
    # Still readable (the change hit nothing that matters): importing it must not crash.
    result = plan(sie, "skadad.se", BOOKS.entries, BOOKS.options)
    assert all(e.message for e in result.errors)
