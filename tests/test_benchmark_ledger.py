"""The benchmark's generated books (tools/benchmark.py) are valid books in our conventions.

A small instance (500 vouchers over two years) must load without a single error, sum to the
contributions written into it, come out identical when generated twice, and give an annual
report for its last year that reconciles (``build`` raises if it does not). No timing here.
"""

from __future__ import annotations

import importlib.util
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from beancount.core import data

from finsam_accounts import ledger
from finsam_accounts.errors import format_error
from finsam_accounts.money import round_kr

TOOL = Path(__file__).resolve().parent.parent / "tools" / "benchmark.py"


@pytest.fixture(scope="module")
def benchmark() -> Any:
    spec = importlib.util.spec_from_file_location("finsam_benchmark", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def small(benchmark: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return benchmark.write_ledger(tmp_path_factory.mktemp("bench") / "b", 500, years=2)


def number(posting: data.Posting) -> Decimal:
    assert posting.units is not None and posting.units.number is not None
    return posting.units.number


def test_the_generated_books_load_without_errors(small: Path) -> None:
    books = ledger.load(small)
    assert [format_error(e) for e in books.errors] == []
    assert len(books.transactions) == 500
    assert books.fiscal_years == [2010, 2011]


def test_the_contributions_are_the_years_allocations(small: Path) -> None:
    books = ledger.load(small)
    booked = {2010: Decimal(0), 2011: Decimal(0)}
    for entry in books.transactions:
        for posting in entry.postings:
            if posting.account.startswith("Intäkter:SAMO:Medlemsavgifter:"):
                booked[entry.date.year] += number(posting)
    # 11 000 000 kr the first year, 100 000 kr more each year after.
    assert booked == {2010: Decimal("-11000000.00"), 2011: Decimal("-11100000.00")}


def test_generation_is_deterministic(benchmark: Any, small: Path, tmp_path: Path) -> None:
    again = benchmark.write_ledger(tmp_path / "b", 500, years=2)
    names = sorted(p.name for p in small.parent.iterdir())
    assert sorted(p.name for p in again.parent.iterdir()) == names
    for name in names:
        assert (again.parent / name).read_bytes() == (small.parent / name).read_bytes(), name


def test_the_annual_report_of_the_last_year_reconciles(benchmark: Any, small: Path) -> None:
    report = benchmark.annual_report(small, 2011)  # raises if a reconciliation fails
    sections = {s.key: s.table.set_index("rad") for s in report.sections}
    income = sections["resultatrakning"].loc["Verksamhetens intäkter SAMO"]
    assert (income["2011"], income["2010"]) == (11_100_000, 11_000_000)
    bank = sum(
        (
            number(p)
            for e in ledger.load(small).transactions
            for p in e.postings
            if p.account == "Tillgångar:Kassa-och-bank:Bankkonto"
        ),
        Decimal(0),
    )
    cash = sections["balansrakning"].loc["Kassa och bank"]["2011-12-31"]
    assert cash == round_kr(bank)
