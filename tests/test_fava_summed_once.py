"""The Fava pages sum the ledger once per load, and a reload is seen.

Counters wrap the real passes over the ledger's transactions (the per-day sums of the
statements, :func:`finsam_accounts.statements.figures.by_day` and ``noncash_by_day``,
and the running totals of :mod:`finsam_accounts.balances`) and the parse of the books
(:func:`finsam_accounts.domain.parse`), counted per entries list. Fava loads the
example; after that every extension page, for its default and for other dates and years,
is viewed: Fava's entries were parsed once and summed once, at the load, and no page view
passed over them again. Then the books are edited on disk: the next request reloads them,
sums the new entries once, and the pages show the new figure (no stale cache).

The figures are the published ones (tests/reference/umearegionen-2019/
utfall_budget_2019.csv: Vuxentorget's and Ungdomstorget's costs 2019), and after the edit
those figures with the 100 kronor moved between them.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from fava.application import create_app

from finsam_accounts import balances, domain
from finsam_accounts.fava.extension import KEPT, PageCache
from finsam_accounts.fava.pages import PAGES
from finsam_accounts.statements import figures

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "tests/reference/umearegionen-2019/utfall_budget_2019.csv"
PAGE_CLASSES = ["Arsredovisning", "Trappan", "Medlemsavgifter", "Budgetuppfoljning",
                "Insatser", "Delarsrapport", "Attest"]
NBSP = "\u00a0"


def published(row: str) -> int:
    """A cost of 2019 as published (kronor, positive)."""
    with REFERENCE.open(encoding="utf-8") as handle:
        found = next(r for r in csv.DictReader(handle) if r["rad"] == row)
    return -int(found["utfall 2019"])


def shown(amount: int) -> str:
    """An amount as the pages print it (1 234 567, no-break spaces)."""
    return f"{amount:,}".replace(",", NBSP)


@pytest.fixture
def passes(monkeypatch: pytest.MonkeyPatch) -> Counter[tuple[str, int]]:
    """(pass, id of the entries list) -> how many times it ran."""
    found: Counter[tuple[str, int]] = Counter()

    def counting(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def counted(entries: Any, *args: Any) -> Any:
            found[(name, id(entries))] += 1
            return func(entries, *args)
        return counted

    cached: dict[str, Any] = {"dagar": figures.by_day, "ej kassa": figures.noncash_by_day,
                              "böcker": domain.parse}
    for name, func in cached.items():
        monkeypatch.setattr(func, "compute", counting(name, func.compute))
    build = balances.RunningTotals.build
    monkeypatch.setattr(balances.RunningTotals, "build",
                        counting("löpande", lambda entries: build(entries)))
    monkeypatch.setenv("FINSAM_CACHE", "0")
    return found


@pytest.fixture
def books(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "ledger", tmp_path / "ledger")
    return tmp_path / "ledger" / "main.beancount"


def of_list(counts: Counter[tuple[str, int]], entries: Any) -> dict[str, int]:
    return {name: n for (name, key), n in counts.items() if key == id(entries)}


def test_pages_sum_once_per_load_and_see_a_reload(
    books: Path, passes: Counter[tuple[str, int]]
) -> None:
    app = create_app([str(books)], load=True, read_only=True, poll_watcher=True)
    client = app.test_client()
    slug = client.get("/").headers["Location"].strip("/").split("/")[0]
    ledger = app.config["LEDGERS"][unquote(slug)]
    entries = ledger.all_entries
    once = of_list(passes, entries)  # at the load, like Fava's own parsing
    # (the example has no fixed assets, so nothing to sum as depreciation)
    assert once == {"dagar": 1, "löpande": 1, "böcker": 1}

    for page in PAGE_CLASSES:
        for query in ("", "?ar=2018", "?datum=2019-06-30", "?datum=2019-08-31&enhet=tkr"):
            response = client.get(f"/{slug}/extension/{page}/{query}")
            assert response.status_code == 200, (page, query)
    assert ledger.all_entries is entries  # no reload happened
    assert of_list(passes, entries) == once  # no page view passed over the ledger again

    year_end = f"/{slug}/extension/Budgetuppfoljning/?datum=2019-12-31"
    page = client.get(year_end).get_data(as_text=True)
    vuxen, ungdom = published("Vuxentorget"), published("Ungdomstorget")
    assert shown(vuxen) in page and shown(ungdom) in page

    # Move 100 kronor of January's reversal from Ungdomstorget to Vuxentorget (voucher
    # A1: the debt's total and every balance assertion stay as they are).
    year_file = books.parent / "2019.beancount"
    text = year_file.read_text(encoding="utf-8")
    edited = re.sub(r"(Ungdomstorget\s+)-1844970\.72", r"\g<1>-1845070.72", text, count=1)
    edited = re.sub(r"(Vuxentorget\s+)-1400000\.00", r"\g<1>-1399900.00", edited, count=1)
    assert edited.count("-1845070.72") == 1 and edited.count("-1399900.00") == 1
    year_file.write_text(edited, encoding="utf-8")
    later = os.stat(year_file).st_mtime + 10
    os.utime(year_file, (later, later))

    page = client.get(year_end).get_data(as_text=True)
    assert ledger.all_entries is not entries and not ledger.load_errors
    assert shown(vuxen + 100) in page and shown(ungdom - 100) in page
    assert shown(vuxen) not in page and shown(ungdom) not in page
    assert of_list(passes, ledger.all_entries) == once  # the new books, summed once


def test_the_page_cache_keeps_requests_apart_and_bounded(books: Path) -> None:
    """Two dates, or a date with and without tkr, are two pages; a run of distinct dates
    (a crawler, an attacker) keeps only the latest :data:`KEPT` pages."""
    app = create_app([str(books)], load=True, read_only=True)
    slug = app.test_client().get("/").headers["Location"].strip("/").split("/")[0]
    ledger = app.config["LEDGERS"][unquote(slug)]
    cache = PageCache()
    june = cache.get(ledger, "uppfoljning", "2019-06-30")
    august = cache.get(ledger, "uppfoljning", "2019-08-31")
    thousands = cache.get(ledger, "uppfoljning", "2019-08-31", "tkr")
    assert june.tables != august.tables
    assert str(june.date) == "2019-06-30" and str(august.date) == "2019-08-31"
    assert august.unit == "" and thousands.unit == "tkr"
    assert cache.get(ledger, "uppfoljning", "2019-08-31") is august
    # A year page has no unit: tkr asked of it is the same page.
    assert cache.get(ledger, "trappan", "2019", "tkr") is cache.get(ledger, "trappan", "2019")
    for day in range(1, 2 * KEPT):
        cache.get(ledger, "insatser", f"2019-03-{day:02d}")
    assert len(cache) == KEPT
    assert PAGES["insatser"].by == "date"


def test_each_page_sums_a_fresh_load_once(
    books: Path, passes: Counter[tuple[str, int]]
) -> None:
    """Without the load's summing (``render_page`` on its own, as the benchmark of a page
    or another program calls it): the first page sums the entries once, with every table
    and chart of it, and every later page and date reads the same sums."""
    from types import SimpleNamespace

    from finsam_accounts import ledger as ledger_module
    from finsam_accounts.fava.pages import render_page

    loaded = ledger_module.load(books)
    entries = list(loaded.entries)  # a list no one has summed yet
    fresh = SimpleNamespace(all_entries=entries, options=loaded.options, load_errors=[],
                            beancount_file_path=str(books))
    first = render_page(fresh, "uppfoljning", {"datum": "2019-08-31"})
    assert first.tables and not first.problems
    assert first.report is not None and first.report.attachments  # charts, same sums
    assert of_list(passes, entries) == {"dagar": 1, "böcker": 1}
    for name, kind in PAGES.items():
        for when in (("2019", "2018") if kind.by == "year" else ("", "2019-06-30")):
            page = render_page(fresh, name, {"ar" if kind.by == "year" else "datum": when})
            assert page.tables and not page.problems, (name, when, page.problems)
    counted = of_list(passes, entries)
    assert counted["dagar"] == 1 and counted["böcker"] == 1
    assert counted.get("löpande", 0) <= 1 and counted.get("ej kassa", 0) <= 1
