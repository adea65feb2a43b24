"""The Fava report pages without a browser: render_page, drill-down, downloads, errors.

Figures are checked against the published annual report 2019 of Umeåregionen (written
here literally) and the drill-down addresses against plain sums of the postings of the
accounts they name, summed here with a loop over the entries.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from beancount.core import data
from fava.application import create_app

from finsam_accounts import domain
from finsam_accounts.conventions import account_infos
from finsam_accounts.fava import adapter
from finsam_accounts.fava.drilldown import covering_parents, fava_time, link, row_accounts
from finsam_accounts.fava.pages import Page, render_page
from finsam_accounts.ledger import load, load_string
from finsam_accounts.money import format_sv, round_kr
from finsam_accounts.periods import Period, calendar_year
from finsam_accounts.render.csvfile import write_csv

ROOT = Path(__file__).resolve().parent.parent
LEDGER = ROOT / "ledger" / "main.beancount"
NBSP = "\u00a0"


@dataclass
class Books:
    all_entries: list[Any]
    options: dict[str, Any]
    load_errors: list[Any]


@pytest.fixture(scope="module")
def books() -> Books:
    ledger = load(LEDGER)
    assert ledger.errors == []
    return Books(ledger.entries, ledger.options, ledger.errors)


def table(page: Page, key: str) -> Any:
    return next(t for t in page.tables if t.section.key == key)


def cell(page: Page, key: str, label: str, column: str) -> Any:
    """The shown cell of the row ``label`` in column ``column`` of table ``key``."""
    found = table(page, key)
    columns = [str(c) for c in found.section.table.columns if c not in found.section.hidden]
    for row in found.rows:
        if row.cells[0].text == label:
            return row.cells[columns.index(column)]
    raise AssertionError(f"{label} saknas i {key}")


def movement(entries: list[Any], accounts: set[str], year: int) -> Decimal:
    """Plain sum of the year's postings on the accounts and their sub-accounts."""
    total = Decimal(0)
    for entry in entries:
        if isinstance(entry, data.Transaction) and entry.date.year == year:
            for posting in entry.postings:
                if posting.units is not None and any(
                    posting.account == a or posting.account.startswith(a + ":") for a in accounts
                ):
                    total += posting.units.number or 0
    return total


def accounts_of(address: str) -> set[str]:
    """The accounts a drill-down address names (account page or journal filter)."""
    parts = urlsplit(address)
    if parts.path.startswith("account/"):
        return {unquote(parts.path.removeprefix("account/").rstrip("/"))}
    query = parse_qs(parts.query)["query_string"][0]
    found = re.search(r"account ~ '([^']*)'", query)
    assert found is not None
    inner = re.fullmatch(r"\^\(\?:(.*)\)\(\?::\|\$\)", found.group(1))
    assert inner is not None
    return {re.sub(r"\\(.)", r"\1", p) for p in inner.group(1).split("|")}


# ------------------------------------------------------------------------ annual report


def test_annual_report_page_shows_the_published_figures(books: Books) -> None:
    page = render_page(books, "arsredovisning", {"ar": "2019"})
    assert page.problems == ()
    assert page.year == 2019 and page.years == (2018, 2019)
    keys = [t.section.key for t in page.tables]
    assert keys[:4] == ["driftsredovisning", "resultatrakning", "balansrakning",
                        "kassaflodesanalys"]
    assert {"not1_intakter_samo", "utfall_budget", "trappan"} <= set(keys)
    samo = cell(page, "resultatrakning", "Verksamhetens intäkter SAMO", "2019")
    assert samo.text == f"11{NBSP}577{NBSP}559"
    assert cell(page, "resultatrakning", "Verksamhetens intäkter SAMO", "2018").text == (
        f"12{NBSP}050{NBSP}310"
    )
    assert cell(page, "balansrakning", "Kassa och bank", "2019-12-31").text == (
        f"6{NBSP}157{NBSP}998"
    )


def test_the_adapter_gives_the_report_the_cli_wrote(books: Books, tmp_path: Path) -> None:
    """The page's tables are the committed reports/2019 files, byte for byte."""
    report, result, _document = adapter.annual(
        domain.of(books.all_entries, books.options), 2019, LEDGER.parent
    )
    assert [s.key for s in report.sections] == [*result.tables, "trappan", "femarsoversikt"]
    for section in report.sections:
        write_csv(section.table, tmp_path / section.file_name)
        committed = ROOT / "reports" / "2019" / section.file_name
        assert (tmp_path / section.file_name).read_bytes() == committed.read_bytes()
    trappan = adapter.trappan_report(
        domain.of(books.all_entries, books.options), 2019, "Trappan 2019")
    assert trappan.sections[0].table.equals(report.sections[-2].table)


def test_every_figure_of_a_movement_line_drills_down_to_accounts_that_make_it(
    books: Books,
) -> None:
    page = render_page(books, "arsredovisning", {"ar": "2019"})
    samo = cell(page, "resultatrakning", "Verksamhetens intäkter SAMO", "2019")
    assert samo.link == "account/Int%C3%A4kter:SAMO/?time=2019"
    # The accounts behind the link, summed here: income is negative in beancount.
    assert round_kr(-movement(books.all_entries, accounts_of(samo.link), 2019)) == 11577559
    costs = cell(page, "resultatrakning", "Verksamhetens kostnader SAMO", "2018")
    assert costs.link.startswith("query/?query_string=SELECT") and "time=2018" in costs.link
    assert round_kr(-movement(books.all_entries, accounts_of(costs.link), 2018)) == -13304361
    note = cell(page, "not1_intakter_samo", "Driftbidrag från staten", "2019")
    assert accounts_of(note.link) == {"Intäkter:SAMO:Medlemsavgifter:Staten"}
    assert round_kr(-movement(books.all_entries, accounts_of(note.link), 2019)) == 5725000


def test_row_accounts_follow_plain_expanded_and_sum_lines(books: Books) -> None:
    _report, result, _document = adapter.annual(
        domain.of(books.all_entries, books.options), 2019, LEDGER.parent
    )
    rows = [r for r in result.tables["not1_intakter_samo"] if not r.hidden]
    behind = row_accounts(result.tables["not1_intakter_samo"])
    assert len(behind) == len(rows)
    assert rows[0].label == "Driftbidrag från staten"
    assert behind[0] == ("Intäkter:SAMO:Medlemsavgifter:Staten",)
    labels = [r.label for r in rows]
    summa = behind[labels.index("Summa")]
    # The sum row stands for every account of the rows above it.
    assert set(summa) == {a for row in behind[: labels.index("Summa")] for a in row}
    # Not 1 is every SAMO income account (Kommun-Bas 3xxx), read here from the chart.
    chart = account_infos(books.all_entries).values()
    assert set(summa) == {a.name for a in chart if a.number[:1] == "3" and a.activity == "SAMO"}
    result_rows = row_accounts(result.tables["resultatrakning"])
    printed = [r.label for r in result.tables["resultatrakning"] if not r.hidden]
    net = set(result_rows[printed.index("Verksamhetens nettokostnad")])
    assert net == set(result_rows[0]) | set(result_rows[1]) | set(result_rows[2]) | set(
        result_rows[3]
    ) | set(result_rows[printed.index("Avskrivningar")])


def test_covering_parents_and_links() -> None:
    universe = ["A:X:1", "A:X:2", "A:Y:1", "B:Z"]
    assert covering_parents(["A:X:1", "A:X:2"], universe) == ["A:X"]
    assert covering_parents(["A:X:1", "A:Y:1"], universe) == ["A:X:1", "A:Y"]
    assert covering_parents(["A:X:1", "A:X:2", "A:Y:1", "B:Z"], universe) == ["A", "B"]
    assert link(["A:X:1", "A:X:2"], universe, "2019") == "account/A:X/?time=2019"
    several = link(["A:X:1", "A:Y:1"], universe, "2019")
    assert accounts_of(several) == {"A:X:1", "A:Y"}
    assert link([], universe, "2019") == ""
    assert fava_time(calendar_year(2019)) == "2019"
    assert fava_time(Period(datetime.date(2019, 1, 1), datetime.date(2019, 8, 31))) == (
        "2019-01-01 - 2019-08-31"
    )


# --------------------------------------------------------------- trappan, contributions


def test_trappan_page_year_end_within_the_limit(books: Books) -> None:
    page = render_page(books, "trappan", {"ar": "2019"})
    assert page.problems == ()
    assert cell(page, "trappan", "Utgående 2019", "eget kapital").text == (
        f"1{NBSP}992{NBSP}706"
    )
    assert cell(page, "trappan", "Utgående 2019", "status").text == "inom"
    equity = cell(page, "trappan", "Utgående 2019", "eget kapital")
    assert equity.link == "balance_sheet/?time=2019"
    base = cell(page, "trappan", "Utgående 2019", "bas")
    # The base is the year's member contributions: 11 450 000 kr in 2019 (published).
    assert base.text == f"11{NBSP}450{NBSP}000"
    assert round_kr(-movement(books.all_entries, accounts_of(base.link), 2019)) == 11450000
    # The opening equity is the equity as closed the year before; the projection is the
    # budget's, with no accounts to show.
    opening = cell(page, "trappan", "Ingående 2019 mot 2019 års bas", "eget kapital")
    assert opening.link == "balance_sheet/?time=2018"
    assert cell(page, "trappan", "Prognos 2019 enligt budget", "eget kapital").link == ""


def test_contributions_page_sums_and_links(books: Books) -> None:
    page = render_page(books, "medlemsavgifter", {"ar": "2019"})
    assert page.problems == ()
    staten = cell(page, "medlemsavgifter", "Staten (Försäkringskassan)", "bokfört")
    assert staten.text == f"5{NBSP}725{NBSP}000"
    assert accounts_of(staten.link) == {"Intäkter:SAMO:Medlemsavgifter:Staten"}
    total = cell(page, "medlemsavgifter", "Summa", "bokfört")
    assert total.text == f"11{NBSP}450{NBSP}000"
    assert round_kr(-movement(books.all_entries, accounts_of(total.link), 2019)) == 11450000


def test_year_defaults_to_the_latest_and_an_unknown_year_is_a_problem(books: Books) -> None:
    assert render_page(books, "trappan", {}).year == 2019
    page = render_page(books, "trappan", {"ar": "2030"})
    assert page.tables == ()
    assert page.problems == ("året 2030 finns inte i bokföringen (räkenskapsår: 2018, 2019)",)


# ------------------------------------------------------------------------------ errors

HEADER = """
option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"
plugin "finsam_accounts.plugin"
2019-01-01 custom "räkenskapsår" 2019
2019-01-01 custom "verksamhet" "SAMO" "Förbundet" "förbund"
2019-01-01 open Tillgångar:Bank SEK
  nr: "1930"
2019-01-01 open Intäkter:Bidrag SEK
  nr: "3510"
  verksamhet: "SAMO"
"""


def test_a_ledger_with_errors_shows_no_figures() -> None:
    ledger = load_string(HEADER + """
2019-03-01 * "Bidrag"
  Tillgångar:Bank      100.00 SEK
  Intäkter:Bidrag     -100.00 SEK
""")
    assert ledger.errors  # the voucher has no number
    page = render_page(Books(ledger.entries, ledger.options, ledger.errors), "trappan", {})
    assert page.ledger_errors == len(ledger.errors)
    assert page.tables == () and page.report is None


def test_a_report_that_cannot_be_made_shows_its_swedish_problems() -> None:
    ledger = load_string(HEADER + """
2019-03-01 * "Bidrag"
  ver: "B1"
  Tillgångar:Bank      100.00 SEK
  Intäkter:Bidrag     -100.00 SEK
""")
    assert ledger.errors == []
    books = Books(ledger.entries, ledger.options, ledger.errors)
    trappan = render_page(books, "trappan", {"ar": "2019"})
    assert trappan.tables == ()
    assert trappan.problems == (
        'bokföringen har ingen trappa (custom "trappan" och "trappan-steg"): eget kapital '
        "kan inte prövas mot riktlinjen",
    )
    contributions = render_page(books, "medlemsavgifter", {"ar": "2019"})
    assert contributions.tables == () and contributions.problems
    assert all(isinstance(line, str) and line for line in contributions.problems)


# ------------------------------------------------------------------ in Fava (test client)


@pytest.fixture(scope="module")
def fava_client() -> Any:
    app = create_app([str(LEDGER)], load=True, read_only=True)
    return app.test_client()


@pytest.fixture(scope="module")
def slug(fava_client: Any) -> str:
    location = fava_client.get("/").headers["Location"]
    return location.strip("/").split("/")[0]


@pytest.mark.parametrize(
    ("page", "figure"),
    [
        ("Arsredovisning", f"11{NBSP}577{NBSP}559"),
        ("Trappan", f"1{NBSP}992{NBSP}706"),
        ("Medlemsavgifter", f"11{NBSP}450{NBSP}000"),
    ],
)
def test_extension_pages_in_fava(fava_client: Any, slug: str, page: str, figure: str) -> None:
    response = fava_client.get(f"/{slug}/extension/{page}/?ar=2019")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert figure in text
    assert f"/{slug}/account/" in text or f"/{slug}/journal/" in text


def test_downloads(fava_client: Any, slug: str) -> None:
    base = f"/{slug}/extension/Trappan/ladda_ned?ar=2019"
    response = fava_client.get(base + "&format=csv")
    assert response.status_code == 200
    assert "trappan-2019.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:3] == ["rad", "datum", "eget kapital"]
    assert rows[-1][:3] == ["Utgående 2019", "2019-12-31", "1992706"]
    xlsx = fava_client.get(base.replace("Trappan", "Arsredovisning") + "&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    html = fava_client.get(base + "&format=html")
    assert "Eget kapital och trappan" in html.get_data(as_text=True)
    note = fava_client.get(
        base.replace("Trappan", "Arsredovisning") + "&format=csv&tabell=not1_intakter_samo"
    )
    assert "Driftbidrag från staten,5725000,5980000" in note.get_data(as_text=True)
    assert fava_client.get(base + "&format=pdf").status_code == 404  # trappan has no PDF
    # The annual report's HTML and PDF are the files finsam arsredovisning wrote.
    annual = base.replace("Trappan", "Arsredovisning")
    committed = ROOT / "reports" / "2019"
    html_file = fava_client.get(annual + "&format=html")
    assert html_file.data == (committed / "arsredovisning.html").read_bytes()
    pdf = fava_client.get(annual + "&format=pdf")
    assert pdf.headers["Content-Disposition"] == "attachment; filename=arsredovisning-2019.pdf"
    assert pdf.data == (committed / "arsredovisning.pdf").read_bytes()


def test_read_only_fava_refuses_put_source(fava_client: Any, slug: str) -> None:
    before = LEDGER.read_bytes()
    source = fava_client.get(f"/{slug}/api/source").get_json()["data"]
    response = fava_client.put(
        f"/{slug}/api/source",
        json={"file_path": source["file_path"], "source": source["source"] + "\n; x\n",
              "sha256sum": source["sha256sum"]},
    )
    assert response.status_code == 401
    assert LEDGER.read_bytes() == before


def test_errors_in_the_ledger_point_to_favas_error_page(tmp_path: Path) -> None:
    folder = tmp_path / "ledger"
    shutil.copytree(LEDGER.parent, folder)
    year = folder / "2019.beancount"
    year.write_text(year.read_text(encoding="utf-8").replace('ver: "B12"', 'ver: "B99"', 1),
                    encoding="utf-8")
    client = create_app([str(folder / "main.beancount")], load=True).test_client()
    slug = client.get("/").headers["Location"].strip("/").split("/")[0]
    response = client.get(f"/{slug}/extension/Arsredovisning/")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Bokföringen har" in text and f'href="/{slug}/errors/"' in text
    assert f"11{NBSP}577{NBSP}559" not in text
    errors = client.get(f"/{slug}/api/errors").get_json()["data"]
    assert any("saknar nummer" in e["message"] for e in errors)


def test_pages_are_computed_once_per_load(monkeypatch: pytest.MonkeyPatch, books: Books) -> None:
    from finsam_accounts.fava import extension

    calls: list[str] = []
    real = extension.render_page

    def counting(ledger: Any, name: str, params: Any) -> Page:
        calls.append(params["ar"])
        return real(ledger, name, params)

    monkeypatch.setattr(extension, "render_page", counting)
    cache = extension.PageCache()
    first = cache.get(books, "trappan", "")
    assert cache.get(books, "trappan", "2019") is first  # the default year is 2019
    assert cache.get(books, "trappan", "") is first
    cache.get(books, "trappan", "2018")
    assert calls == ["", "2018"]


# ------------------------------------------------------------------ pages chosen by date


def test_follow_up_page_by_date(books: Books) -> None:
    page = render_page(books, "uppfoljning", {"datum": "2019-12-31"})
    assert page.problems == () and page.date == datetime.date(2019, 12, 31)
    # At the year end the follow-up's SAMO income is the published annual figure.
    assert cell(page, "uppfoljning", "Summa", "utfall t.o.m. 2019-12-31").text == (
        f"11{NBSP}577{NBSP}559"
    )
    assert [t.section.image for t in page.tables if t.section.image] == [
        "diagram_samo.svg", "diagram_hfe.svg"
    ]


def test_pages_by_date_in_tkr(books: Books) -> None:
    page = render_page(books, "uppfoljning", {"datum": "2019-12-31", "enhet": "tkr"})
    assert page.unit == "tkr" and table(page, "uppfoljning").section.title.endswith("(tkr)")
    # 11 577 559 kr published: 11 578 tkr.
    assert cell(page, "uppfoljning", "Summa", "utfall t.o.m. 2019-12-31").text == (
        f"11{NBSP}578"
    )
    insatser = render_page(books, "insatser", {"datum": "2019-12-31", "enhet": "tkr"})
    shown = table(insatser, "insatser")
    (row,) = [r for r in shown.rows if r.cells[0].text == "Ungdomstorget"]
    assert row.cells[shown.headers.index("Beviljat")].text == f"2{NBSP}990"  # 2 990 000 kr
    # Anything else than tkr is the specification's own unit, never an error.
    assert render_page(books, "insatser", {"datum": "2019-12-31", "enhet": "x"}).unit == ""


def test_date_defaults_to_the_last_booked_day_of_the_latest_year(books: Books) -> None:
    last = max(e.date for e in books.all_entries
               if isinstance(e, data.Transaction) and e.date.year == 2019)
    assert render_page(books, "insatser", {}).date == last


def test_a_bad_or_outside_date_is_a_problem(books: Books) -> None:
    bad = render_page(books, "delarsrapport", {"datum": "31/8"})
    assert bad.problems == ("ogiltigt datum '31/8': skriv ÅÅÅÅ-MM-DD, t.ex. 2019-08-31",)
    outside = render_page(books, "delarsrapport", {"datum": "2030-06-30"})
    assert outside.tables == ()
    assert outside.problems == (
        "2030-06-30 ligger utanför bokföringens räkenskapsår (2018, 2019)",
    )


def test_insatser_drill_down_to_their_accounts_for_the_period(books: Books) -> None:
    page = render_page(books, "insatser", {"datum": "2019-08-31"})
    used = cell(page, "insatser", "Bjurholm", "förbrukat 2019 t.o.m. 2019-08-31")
    assert used.link == (
        "account/Kostnader:SAMO:Insatser:Bjurholm/?time=2019-01-01+-+2019-08-31"
    )
    # Fava's time filter 2019-01-01 - 2019-08-31 includes both days; summed here.
    spent = sum(
        (p.units.number for e in books.all_entries
         if isinstance(e, data.Transaction)
         and datetime.date(2019, 1, 1) <= e.date <= datetime.date(2019, 8, 31)
         for p in e.postings
         if p.account == "Kostnader:SAMO:Insatser:Bjurholm" and p.units is not None
         and p.units.number is not None),
        Decimal(0),
    )
    assert used.text == f"62{NBSP}400" and round_kr(spent) == 62400


def test_interim_report_drills_down_for_its_periods(books: Books) -> None:
    page = render_page(books, "delarsrapport", {"datum": "2019-08-31"})
    samo = cell(page, "resultatrakning", "Verksamhetens intäkter SAMO", "2019-01-01 – 2019-08-31")
    assert samo.link == "account/Int%C3%A4kter:SAMO/?time=2019-01-01+-+2019-08-31"
    income = Decimal(0)
    for entry in books.all_entries:
        if isinstance(entry, data.Transaction) and datetime.date(2019, 1, 1) <= entry.date <= (
            datetime.date(2019, 8, 31)
        ):
            for posting in entry.postings:
                if posting.account.startswith("Intäkter:SAMO:") and posting.units is not None:
                    income -= posting.units.number or 0
    assert samo.text == format_sv(round_kr(income))
    bank = cell(page, "balansrakning", "Kassa och bank", "2018-12-31")
    assert bank.link == "account/Tillg%C3%A5ngar:Kassa-och-bank/?time=2018"


def test_follow_up_drills_down_to_the_year_to_date(books: Books) -> None:
    page = render_page(books, "uppfoljning", {"datum": "2019-08-31"})
    interim = render_page(books, "delarsrapport", {"datum": "2019-08-31"})
    total = cell(page, "uppfoljning", "Summa", "utfall t.o.m. 2019-08-31")
    assert total.link == "account/Int%C3%A4kter:SAMO/?time=2019-01-01+-+2019-08-31"
    # The same accounts and days as the interim income statement's SAMO income.
    same = cell(interim, "resultatrakning", "Verksamhetens intäkter SAMO",
                "2019-01-01 – 2019-08-31")
    assert (total.text, total.link) == (same.text, same.link)
    assert cell(page, "uppfoljning", "Intäkter, medlemsavgifter", "rad").link == ""


def test_interim_page_without_text_tells_the_economist_beside_the_report(books: Books) -> None:
    page = render_page(books, "delarsrapport", {"datum": "2019-08-31"})
    assert page.report is not None
    assert "text" not in {s.key for s in page.report.sections}
    (note,) = page.notes
    assert note.startswith("Till ekonomen: delarsrapport-2019-08-31.txt: delårsrapportens text "
                           "saknas")


def test_follow_up_page_computes_the_follow_up_once(
    books: Books, monkeypatch: pytest.MonkeyPatch
) -> None:
    from finsam_accounts.followup import columns as columns_module
    from finsam_accounts.followup import report as report_module

    calls: list[datetime.date] = []
    original = columns_module.follow_up

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[1])
        return original(*args, **kwargs)

    monkeypatch.setattr(columns_module, "follow_up", counted)
    monkeypatch.setattr(report_module, "follow_up", counted)
    page = render_page(books, "uppfoljning", {"datum": "2019-08-31"})
    assert page.problems == ()
    assert calls == [datetime.date(2019, 8, 31)]
