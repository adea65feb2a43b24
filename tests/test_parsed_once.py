"""The books are parsed once per load and summed once per report.

Counters wrap the real parse functions of every domain datum (the books' own directives
and the accounts, members and contribution data, budgets with their profiles and
forecasts, trappan tables, insatser, VAT and ESF settings, voided numbers, the
attestordning, the board, recurring vouchers, the femårsöversikt's declared years,
participants, payment terms, the locks of closed years, the bank accounts and rules) and
the summing passes (``statements.figures.collect``; the contributions booked per member,
``balances.movements``; the VAT refund's pass over the receivable vouchers and the ESF
claim's over the project's costs). Loading the example runs the plugin, which parses each
once and sums once (coverage). Then the computation of every report command parses each
once more for the report's entries and sums once: the annual report of 2019 as ``finsam
arsredovisning`` makes it (statements, trappan, the five-year overview with the
insatser's costs, the document whose förvaltningsberättelse names 17 figures), the
follow-up and the interim report at 31 August 2019, the insatser at 31 December, the
members' pack, Uppföljning Finsam, the femårsöversikt, SCB, the VAT refund, the ESF
claim, trappan and the member contributions of 2019; the other readers of the books (the
open items, the unattested list, the recurring vouchers due, the next voucher numbers)
parse once. So do the commands that read the books without making a report, each run
whole as a user runs it (``finsam nasta``, ``reskontra``, ``periodiska``,
``bank-import``, ``check``), given the example as a load of its own.
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
from beancount.core.data import Transaction

from finsam_accounts import (
    balances,
    books,
    budget,
    closing,
    contributions,
    conventions,
    domain,
    numbering,
    recurring,
    reskontra,
    trappan,
    voided,
)
from finsam_accounts.annual import board
from finsam_accounts.annual.document import assemble
from finsam_accounts.attest import ordning as attest_ordning
from finsam_accounts.attest import vouchers as attest_vouchers
from finsam_accounts.bank import importer as bank_importer
from finsam_accounts.bank import settings as bank_settings
from finsam_accounts.claims import esf_claim, esf_settings, vat_refund, vat_settings
from finsam_accounts.cli import main
from finsam_accounts.commands import common as commands_common
from finsam_accounts.contributions import declarations
from finsam_accounts.followup import insatser
from finsam_accounts.followup import interim as interim_module
from finsam_accounts.followup import report as followup_module
from finsam_accounts.ledger import Ledger, load
from finsam_accounts.money import round_kr
from finsam_accounts.periods import Period
from finsam_accounts.render.overview_chart import add_overview
from finsam_accounts.statements import annual_report, coverage
from finsam_accounts.statements import figures as figures_module
from finsam_accounts.trappan import guideline
from finsam_accounts.yearly import finsam_followup, overview, overview_declared, participants, scb
from finsam_accounts.yearly import members as members_module
from finsam_accounts.yearly.scb_mapping import read as read_scb_mapping

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
    "accounts": conventions.account_infos,
    "members": conventions.members,
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
    "bank": bank_settings.parse,
}
# Any other sum over the ledger's postings counts as a summing pass too: the contributions
# booked per member, the VAT refund's pass over the receivable vouchers, the ESF claim's
# over the project's costs.
ALSO_SUMMING = (balances.movements, vat_refund.receivable_moves, esf_claim.project_costs)
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


def published_equity(column: str = "2019-12-31") -> Decimal:
    with REFERENCE.open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["rad"] == "Summa eget kapital")
    return Decimal(row[column])


def insats_costs(books: books.Books, year: int) -> Decimal:
    """The insatser's costs in ``year`` (each on its accounts within its own period),
    summed here from the postings, independently of the code under test."""
    total = Decimal(0)
    for insats in books.insatser:
        for entry in books.entries:
            if not (isinstance(entry, Transaction) and entry.date.year == year
                    and insats.start <= entry.date <= insats.end):
                continue
            total += sum((p.units.number for p in entry.postings
                          if p.account in insats.accounts and p.units is not None
                          and p.units.number is not None), Decimal(0))
    return total


def test_the_annual_report_parses_and_sums_once(example: Ledger, counts: Counter[str]) -> None:
    """As ``finsam arsredovisning`` makes it: the statements, trappan, the five-year
    overview (with the insatser's costs) and the document, from one pass."""
    books = domain.of(example.entries, example.options)
    trappan.refuse_placeholders(books, 2019)
    result = annual_report.annual(None, books, 2019)
    report = annual_report.report_of(result, books)
    add_overview(report, books, 2019, result.figures)
    document = assemble(books, 2019, example.path.parent, result.frames(), result.figures)
    assert dict(counts) == ONCE, dict(counts)

    equity = Decimal(str(result.frame("balansrakning").at["summa_eget_kapital", "ar"]))
    assert round(equity) == published_equity() == Decimal("1992706")
    assert [s.key for s in report.sections][-2:] == ["trappan", "femarsoversikt"]
    overview = report.sections[-1].table.set_index("rad")
    assert overview.at["Eget kapital vid årets slut", "2019"] == Decimal("1992706")
    assert overview.at["Kostnader för insatser", "2019"] == round_kr(insats_costs(books, 2019))
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
    """The ESF claim, the open items, the unattested list, the recurring vouchers due,
    the next voucher numbers and the annual document's board read the one parse of the
    books, as their reports do."""
    loaded = fresh(example)
    entries, options = loaded.entries, loaded.options
    quarter = Period(datetime.date(2019, 1, 1), datetime.date(2019, 3, 31))
    claim = esf_claim.compute(domain.of(entries, options), "HFE", quarter)
    terms = domain.of(entries, options).payment_terms
    open_at_august = reskontra.open_items(domain.of(entries, options), AUGUST)
    missing = attest_vouchers.unattested(domain.of(entries, options), AUGUST)
    due = recurring.proposals(domain.of(entries, options), AUGUST)
    year = numbering.current_year(domain.of(entries, options))
    following = numbering.next_numbers(domain.of(entries, options), 2019)
    declared = loaded.books.board
    parsed = {name: count for name, count in counts.items() if name != "summing"}
    assert parsed == {name: 1 for name in ONCE if name != "summing"}, parsed

    # The claim's personnel costs, 1 January – 31 March 2019, as test_esf sums them.
    assert claim.personnel == Decimal("103595.00")
    assert terms == 30  # the example declares no custom "betalningsvillkor"
    assert open_at_august.date == AUGUST
    assert missing == [] and due == []  # no attestordning, no recurring vouchers
    assert (year, following) == (2019, highest_numbers_2019(entries))
    # styrelse.beancount: 2020-03-20 custom "antagen" 2019 "Umeå"
    assert board.adoption(declared, 2019) == board.Adoption(
        2019, datetime.date(2020, 3, 20), "Umeå")


def highest_numbers_2019(entries: list[Any]) -> dict[str, int]:
    """The next free number per series in 2019, counted here from the vouchers' ``ver``
    (the example voids no number and uses every series in 2019)."""
    highest: dict[str, int] = {}
    for entry in entries:
        number = str((entry.meta or {}).get("ver", "")) if isinstance(entry, Transaction) else ""
        if entry.date.year == 2019 and number:
            series = number.rstrip("0123456789")
            highest[series] = max(highest.get(series, 0), int(number[len(series):]))
    return {series: number + 1 for series, number in highest.items()}


def test_the_insatser_parse_and_sum_once(example: Ledger, counts: Counter[str]) -> None:
    loaded = fresh(example)
    report = followup_module.build_insatser(
        domain.of(loaded.entries, loaded.options), datetime.date(2019, 12, 31))
    assert dict(counts) == ONCE, dict(counts)
    rows = next(s for s in report.sections if s.key == "insatser").table.set_index("insats")
    # The published utfall/budget table: Ungdomstorget budget 2 990 000, utfall 2 813 036.
    assert rows.at["Ungdomstorget", "förbrukat totalt"] == Decimal("2813036")


def test_uppfoljning_finsam_parses_and_sums_once(example: Ledger, counts: Counter[str]) -> None:
    loaded = fresh(example)
    books = domain.of(loaded.entries, loaded.options)
    figures = finsam_followup.build(books, 2019)
    assert dict(counts) == ONCE, dict(counts)
    assert round(figures.equity_start) == published_equity("2018-12-31") == Decimal("2992390")
    assert round(figures.equity_end) == published_equity()
    assert sum(i.actual for i in figures.insatser) == insats_costs(books, 2019)
    assert sum(f.allocated for f in figures.financiers) == Decimal("11450000.00")


def test_the_five_year_overview_parses_and_sums_once(
    example: Ledger, counts: Counter[str]
) -> None:
    loaded = fresh(example)
    books = domain.of(loaded.entries, loaded.options)
    columns = overview.overview(books, 2019)
    assert dict(counts) == ONCE, dict(counts)
    by_year = {c.year: c.values for c in columns}
    assert round(by_year[2019]["eget_kapital"] or 0) == published_equity()
    assert round(by_year[2018]["eget_kapital"] or 0) == published_equity("2018-12-31")
    assert by_year[2019]["insatskostnader"] == insats_costs(books, 2019)


def test_scb_parses_and_sums_once(example: Ledger, counts: Counter[str]) -> None:
    loaded = fresh(example)
    mapping = read_scb_mapping(LEDGER.parent)
    figures = scb.build(domain.of(loaded.entries, loaded.options), 2019, mapping)
    assert dict(counts) == ONCE, dict(counts)
    # The published result 2019, −999 684 kr, reconciled to the statements' row.
    assert round(figures.drift_total()) == round(figures.result) == Decimal("-999684")


def test_the_vat_refund_parses_and_sums_once(example: Ledger, counts: Counter[str]) -> None:
    loaded = fresh(example)
    refund = vat_refund.compute(domain.of(loaded.entries, loaded.options), 2019)
    assert dict(counts) == ONCE, dict(counts)
    # The receivable as published (note 3): 120 275 at the end of 2018, 107 888 of 2019.
    assert refund.reconciliation.opening == Decimal("120275")
    assert refund.reconciliation.closing == Decimal("107888")


def test_the_esf_claim_parses_and_sums_once(example: Ledger, counts: Counter[str]) -> None:
    loaded = fresh(example)
    quarter = Period(datetime.date(2019, 1, 1), datetime.date(2019, 3, 31))
    claim = esf_claim.compute(domain.of(loaded.entries, loaded.options), "HFE", quarter)
    assert dict(counts) == ONCE, dict(counts)
    assert claim.personnel == Decimal("103595.00")  # as test_esf sums them


def test_trappan_parses_and_sums_once(example: Ledger, counts: Counter[str]) -> None:
    loaded = fresh(example)
    rows = trappan.positions(domain.of(loaded.entries, loaded.options), 2019, all_years=True)
    assert dict(counts) == ONCE, dict(counts)
    # docs/contributions-trappan.md: 2019-12-31 1 992 706, base 11 450 000, limit 2 290 000.
    (end,) = [r for r in rows if r.kind == trappan.YEAR_END and r.year == 2019]
    assert (round(end.equity), end.base, end.limit) == (
        published_equity(), Decimal("11450000.00"), Decimal("2290000.00"))


def test_the_contributions_parse_and_sum_once(example: Ledger, counts: Counter[str]) -> None:
    loaded = fresh(example)
    frame = contributions.comparison_frame(domain.of(loaded.entries, loaded.options), 2019)
    assert dict(counts) == ONCE, dict(counts)
    # 2019: 11 450 000 expected and booked; the region 500 kr under its strict 25 % share.
    assert sum(frame["expected"]) == sum(frame["booked"]) == Decimal("11450000.00")
    assert frame.set_index("member").at["region", "difference"] == Decimal("-500.00")


# Each command run whole, with what it prints that shows it read the example's books.
BANK_FILE = ROOT / "ledger/bankfiler/2019-03-camt053.xml"
COMMAND_RUNS = {
    "nasta": (["nasta"], "Nästa lediga verifikationsnummer 2019:\n  A47\n  B200\n  F117\n"),
    "reskontra": (["reskontra", "2019-08-31", "--out", "{tmp}/reskontra"], "Summa 3 058 977,40"),
    "periodiska": (["periodiska", "2019-08-31"],
                   "Inga periodiska verifikationer att bokföra till och med 2019-08-31."),
    "bank-import": (["bank-import", str(BANK_FILE), "--ut", "{tmp}/forslag.beancount"],
                    "alla 18 rader finns redan i bokföringen"),
    "check": (["check"], "finsam check: inga fel"),
}


@pytest.mark.parametrize("name", list(COMMAND_RUNS))
def test_the_commands_parse_the_books_once(
    name: str, example: Ledger, counts: Counter[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    """A command given the example as a load of its own (a fresh entries list, as a run
    reads it from the load cache without running the plugin) parses its books once,
    whatever parts of it read them (check: its summary, its warnings and the locked
    year's figures)."""
    monkeypatch.setattr(commands_common, "load", lambda path: fresh(example))
    arguments, shown = COMMAND_RUNS[name]
    argv = [part.format(tmp=tmp_path) for part in arguments]
    assert main([*argv, "--ledger", str(LEDGER)]) == 0
    parsed = {key: count for key, count in counts.items() if key != "summing"}
    assert parsed == {key: 1 for key in ONCE if key != "summing"}, parsed
    assert shown in capsys.readouterr().out.replace("\u00a0", " ")


def test_the_bank_importer_reads_the_books_fava_parsed(
    example: Ledger, counts: Counter[str]
) -> None:
    """beangulp gives the importer Fava's entries without their options: it reads the
    books Fava's extension parsed of that very list after the load, parsing nothing."""
    loaded = fresh(example)
    books = domain.of(loaded.entries, loaded.options)  # the extension, after the load
    counts.clear()
    assert bank_importer.books_of(loaded.entries) is books
    # The March statement is in the books already: nothing new, and nothing parsed again.
    assert bank_importer.BankImporter().extract(str(BANK_FILE), loaded.entries) == []
    assert {key: count for key, count in counts.items() if key != "summing"} == {}
