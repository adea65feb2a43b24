"""The books are parsed once per load and summed once per report.

Counters wrap the real parse functions of every domain datum (the books' own directives
and the accounts, members and contribution data, budgets with their profiles and
forecasts, trappan tables, insatser, VAT and ESF settings, voided numbers, the
attestordning, the board, recurring vouchers, the femårsöversikt's declared years,
participants, payment terms, the locks of closed years) and the one summing pass
(``statements.figures.collect``). Loading the example runs the plugin, which parses each
once and sums once (coverage). Then each report (the annual report of 2019 with its
document, whose förvaltningsberättelse names 17 figures, trappan among them; the
follow-up and the interim report at 31 August 2019; the members' pack of 2019) parses
each once more for the report's entries and sums once; so do the other readers of the
books (the ESF claim, the open items, the unattested list, the recurring vouchers due).
The figures are the published or hand-computed ones, so the counting changed nothing.
"""

from __future__ import annotations

import csv
import datetime
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from finsam_accounts import (
    balances,
    books,
    budget,
    closing,
    domain,
    ledger,
    recurring,
    reskontra,
    voided,
)
from finsam_accounts.annual import board
from finsam_accounts.annual.document import assemble
from finsam_accounts.attest import ordning as attest_ordning
from finsam_accounts.attest import vouchers as attest_vouchers
from finsam_accounts.claims import esf_claim, esf_settings, vat_settings
from finsam_accounts.contributions import declarations
from finsam_accounts.followup import insatser
from finsam_accounts.followup import interim as interim_module
from finsam_accounts.followup import report as followup_module
from finsam_accounts.ledger import Ledger, load
from finsam_accounts.periods import Period
from finsam_accounts.statements import annual_report, coverage
from finsam_accounts.statements import figures as figures_module
from finsam_accounts.trappan import guideline
from finsam_accounts.yearly import members as members_module
from finsam_accounts.yearly import overview_declared, participants

ROOT = Path(__file__).resolve().parents[1]
LEDGER = ROOT / "ledger/main.beancount"
REFERENCE = ROOT / "tests/reference/umearegionen-2019/balansrakning.csv"
AUGUST = datetime.date(2019, 8, 31)
# Memoised per entries list: the counter wraps the computation behind the cache.
PARSES = {
    "books": domain.parse,
    "budgets": budget.parse,
    "contributions": declarations.parse,
    "trappan": guideline.parse,
    "insatser": insatser.parse,
}
# Plain functions, imported by name into many modules: every module's name is wrapped.
FUNCTIONS: dict[str, Callable[..., Any]] = {
    "core": books.parse_core,
    "accounts": ledger.account_infos,
    "members": ledger.members,
    "profiles": budget.parse_profiles,
    "forecasts": budget.parse_forecasts,
    "summing": figures_module.collect,
    "vat": vat_settings.parse,
    "esf": esf_settings.parse,
    "voided": voided.parse_all,
    "attestordning": attest_ordning.parse,
    "board": board.parse,
    "recurring": recurring.parse_all,
    "overview": overview_declared.parse,
    "participants": participants.parse,
    "payment_terms": reskontra.parse_terms,
    "locks": closing.locks,
}
# Any other sum over the ledger's postings counts as a summing pass too.
ALSO_SUMMING = (balances.movements,)
ONCE = {name: 1 for name in [*PARSES, *FUNCTIONS]}
assert coverage.collect is figures_module.collect  # the plugin sums through it


def counting(counts: Counter[str], name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    def counted(*args: Any, **kwargs: Any) -> Any:
        counts[name] += 1
        return func(*args, **kwargs)

    return counted


def holders(func: Callable[..., Any]) -> Iterator[tuple[Any, str]]:
    """Every (module, name) of the package that holds ``func``."""
    for module_name, module in list(sys.modules.items()):
        if module_name.startswith("finsam_accounts") and module is not None:
            for name, value in list(vars(module).items()):
                if value is func:
                    yield module, name


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    found: Counter[str] = Counter()
    for name, parse in PARSES.items():
        monkeypatch.setattr(parse, "compute", counting(found, name, parse.compute))  # type: ignore[attr-defined]
    for name, func in FUNCTIONS.items():
        counted = counting(found, name, func)
        for module, attribute in holders(func):
            monkeypatch.setattr(module, attribute, counted)
    for func in ALSO_SUMMING:
        counted = counting(found, "summing", func)
        for module, attribute in holders(func):
            monkeypatch.setattr(module, attribute, counted)
    monkeypatch.setenv("FINSAM_CACHE", "0")  # the plugin runs in this process
    return found


@pytest.fixture
def example(counts: Counter[str]) -> Ledger:
    """The example, loaded with the counters on: the plugin parses each datum once."""
    loaded = load(LEDGER)
    assert not loaded.errors
    assert dict(counts) == ONCE, dict(counts)  # the plugin
    counts.clear()
    return loaded


def fresh(loaded: Ledger) -> Ledger:
    """The same books as another entries list: a report parses them once for itself."""
    return Ledger(loaded.path, list(loaded.entries), loaded.errors, loaded.options)


def published_equity() -> Decimal:
    with REFERENCE.open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["rad"] == "Summa eget kapital")
    return Decimal(row["2019-12-31"])


def test_the_annual_report_parses_and_sums_once(example: Ledger, counts: Counter[str]) -> None:
    result = annual_report.annual(None, domain.of(example.entries, example.options), 2019)
    report = annual_report.report_of(result, domain.of(example.entries, example.options))
    document = assemble(
        domain.of(example.entries, example.options), 2019, example.path.parent, result.frames(),
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


def test_the_followup_parses_and_sums_once(example: Ledger, counts: Counter[str]) -> None:
    loaded = fresh(example)
    report = followup_module.build(
        domain.of(loaded.entries, loaded.options), AUGUST)
    assert dict(counts) == ONCE, dict(counts)
    # Its parts read the one pass: the insatser, a chart per activity, equity.
    keys = [section.key for section in report.sections]
    assert {"uppfoljning", "prognos_eget_kapital", "insatser", "diagram_samo"} <= set(keys)
    # Equity on 1 January 2019 is the published equity at the end of 2018.
    with REFERENCE.open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["rad"] == "Summa eget kapital")
    equity = next(s for s in report.sections if s.key == "prognos_eget_kapital").table
    assert equity.iloc[0]["kr"] == Decimal(row["2018-12-31"])


def test_the_interim_report_parses_and_sums_once(
    example: Ledger, counts: Counter[str]
) -> None:
    loaded = fresh(example)
    report = interim_module.build(
        domain.of(loaded.entries, loaded.options), AUGUST,
        "Text.", "delarsrapport-2019-08-31.txt")
    assert dict(counts) == ONCE, dict(counts)
    assert [s.key for s in report.sections][-1] == "prognos"


def test_the_members_pack_parses_and_sums_once(example: Ledger, counts: Counter[str]) -> None:
    loaded = fresh(example)
    pack = members_module.build(domain.of(loaded.entries, loaded.options), 2019)
    assert dict(counts) == ONCE, dict(counts)
    # The result and equity split by the keys add up to the year's: equity as published.
    assert round(pack.equity) == published_equity()
    assert sum(m.equity_share for m in pack.members) == pack.equity


def test_the_other_readers_of_the_books_parse_once(
    example: Ledger, counts: Counter[str]
) -> None:
    """The ESF claim, the open items, the unattested list, the recurring vouchers due and
    the annual document's board read the one parse of the books, as their reports do."""
    loaded = fresh(example)
    entries, options = loaded.entries, loaded.options
    quarter = Period(datetime.date(2019, 1, 1), datetime.date(2019, 3, 31))
    claim = esf_claim.compute(domain.of(entries, options), "HFE", quarter)
    terms = domain.of(entries, options).payment_terms
    open_at_august = reskontra.open_items(entries, AUGUST, terms)
    missing = attest_vouchers.unattested(entries, options, AUGUST)
    due = recurring.proposals(entries, domain.of(entries, options).recurring, AUGUST)
    declared = domain.of(entries, options).board
    parsed = {name: count for name, count in counts.items() if name != "summing"}
    assert parsed == {name: 1 for name in ONCE if name != "summing"}, parsed

    # The claim's personnel costs, 1 January – 31 March 2019, as test_esf sums them.
    assert claim.personnel == Decimal("103595.00")
    assert terms == 30  # the example declares no custom "betalningsvillkor"
    assert open_at_august.date == AUGUST
    assert missing == [] and due == []  # no attestordning, no recurring vouchers
    # styrelse.beancount: 2020-03-20 custom "antagen" 2019 "Umeå"
    assert board.adoption(declared, 2019) == board.Adoption(
        2019, datetime.date(2020, 3, 20), "Umeå")
