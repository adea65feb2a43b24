"""The books are parsed once per load and summed once per report.

Counters wrap the real parse functions (books, budgets, contribution data, trappan) and
the one summing pass (``statements.figures.collect``): loading the example runs the plugin,
which parses each once and sums once (coverage); the annual report of 2019 with its
document (the förvaltningsberättelse names 17 figures, trappan among them) then parses
each once more for the report's entries and sums once. The figures are the published
ones (tests/reference), so the counting changed nothing.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from finsam_accounts import books, budget
from finsam_accounts.annual.document import assemble
from finsam_accounts.contributions import declarations
from finsam_accounts.ledger import load
from finsam_accounts.statements import annual_report, coverage
from finsam_accounts.statements import figures as figures_module
from finsam_accounts.trappan import guideline

ROOT = Path(__file__).resolve().parents[1]
LEDGER = ROOT / "ledger/main.beancount"
REFERENCE = ROOT / "tests/reference/umearegionen-2019/balansrakning.csv"
PARSES = {
    "books": books.parse,
    "budgets": budget.parse_budgets,
    "contributions": declarations.parse,
    "trappan": guideline.parse,
}
ONCE = {"books": 1, "budgets": 1, "contributions": 1, "trappan": 1, "summing": 1}


def counting(counts: Counter[str], name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    def counted(*args: Any, **kwargs: Any) -> Any:
        counts[name] += 1
        return func(*args, **kwargs)

    return counted


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    found: Counter[str] = Counter()
    for name, parse in PARSES.items():
        monkeypatch.setattr(parse, "compute", counting(found, name, parse.compute))  # type: ignore[attr-defined]
    summing = counting(found, "summing", figures_module.collect)
    for module in (figures_module, annual_report, coverage):  # each holds the name
        monkeypatch.setattr(module, "collect", summing)
    monkeypatch.setenv("FINSAM_CACHE", "0")  # the plugin runs in this process
    return found


def published_equity() -> Decimal:
    with REFERENCE.open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["rad"] == "Summa eget kapital")
    return Decimal(row["2019-12-31"])


def test_one_load_parses_once_and_one_report_parses_and_sums_once(
    counts: Counter[str],
) -> None:
    ledger = load(LEDGER)
    assert not ledger.errors
    assert dict(counts) == ONCE, dict(counts)  # the plugin
    counts.clear()

    result = annual_report.annual(None, ledger.entries, ledger.options, 2019)
    report = annual_report.report_of(result, ledger.entries, ledger.options)
    document = assemble(
        ledger.entries, ledger.options, 2019, ledger.path.parent, result.frames(),
        result.figures,
    )
    assert dict(counts) == ONCE, dict(counts)

    equity = Decimal(str(result.frame("balansrakning").at["summa_eget_kapital", "ar"]))
    assert round(equity) == published_equity() == Decimal("1992706")
    assert report.sections[-1].key == "trappan"
    assert document.management_report is not None
    # "{eget_kapital} kr den 31 december {år}, vilket är {trappan_status} den gräns ..."
    text = " ".join(document.management_report.html.split()).replace("\u00a0", " ")
    assert "1 992 706 kr den 31 december 2019, vilket är inom den gräns" in text
