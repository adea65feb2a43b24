"""End to end: ``finsam fava`` on the example ledger, driven by Debian's headless Chromium.

Starts the command as a user would (a copy of the example ledger, a users file made here,
a free port on 127.0.0.1, ``--skrivbar`` so that the roles are what refuses), then with
Playwright and /usr/bin/chromium (never a browser of Playwright's own): 401 without
credentials, each report page with its key figures as a person reads them, a figure's
drill-down to the account's journal and on to the voucher, the board member refused an
edit and the economist allowed one. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import datetime
import os
import queue
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from beancount.core import data

from finsam_accounts.fava.users import add_user
from finsam_accounts.ledger import load
from finsam_accounts.money import format_sv, round_kr

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BOARD = ("anna", "styrelsens-lösenord")
ECONOMIST = ("eva", "ekonomens-lösenord")
START_SECONDS = 120

# CI installs Chromium (scripts/setup-env --browser): there a missing browser is a failure.
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"),
    reason="Debians chromium saknas (bash scripts/setup-env --browser installerar den)",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def finsam_command() -> list[str]:
    script = Path(sys.executable).parent / "finsam"
    return [str(script)] if script.exists() else [sys.executable, "-m", "finsam_accounts.cli"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("fava")
    ledger = folder / "ledger"
    shutil.copytree(ROOT / "ledger", ledger)
    users = folder / "anvandare.txt"
    add_user(users, BOARD[0], "styrelse", BOARD[1])
    add_user(users, ECONOMIST[0], "ekonom", ECONOMIST[1])
    port = free_port()
    process = subprocess.Popen(
        [*finsam_command(), "fava", "--ledger", str(ledger / "main.beancount"),
         "--port", str(port), "--skrivbar", "--användare", str(users)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=folder,
    )
    lines: queue.Queue[str] = queue.Queue()
    output = process.stdout
    assert output is not None

    def read() -> None:
        for line in output:
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    try:
        first = lines.get(timeout=START_SECONDS)
        assert first.startswith("Fava visar"), first
        assert f"http://127.0.0.1:{port}/" in first and "inloggning krävs" in first
        yield {"url": f"http://127.0.0.1:{port}", "ledger": ledger}
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def context(browser: Any, user: tuple[str, str] | None) -> Any:
    credentials = {"username": user[0], "password": user[1]} if user else None
    return browser.new_context(http_credentials=credentials,
                               viewport={"width": 1400, "height": 1000})


@pytest.fixture(scope="module")
def base(server: dict[str, Any], browser: Any) -> str:
    """The ledger's address, found as a person finds it: open the root and follow it."""
    board = context(browser, BOARD)
    page = board.new_page()
    page.goto(server["url"] + "/")
    url = str(page.url)
    board.close()
    assert "/income_statement/" in url
    return url.split("/income_statement/")[0]


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def row(page: Any, table: str, label: str) -> list[str]:
    """The cells of the row ``label`` in the table under heading ``#table``, as shown."""
    rows = page.locator(f"#{table} + table tbody tr")
    for index in range(rows.count()):
        cells = [c.replace("\u00a0", " ").strip()
                 for c in rows.nth(index).locator("td").all_inner_texts()]
        if cells and cells[0] == label:
            return cells
    raise AssertionError(f"{label} finns inte i {table}")


def test_without_credentials_every_url_is_401(server: dict[str, Any], browser: Any) -> None:
    # Chromium itself would open its login dialog; the browser's request API shows what
    # the server answers without credentials.
    anonymous = context(browser, None)
    slug = "/samordningsf%C3%B6rbundet-ume%C3%A5regionen"
    for path in ("/", f"{slug}/extension/Arsredovisning/?ar=2019", f"{slug}/api/source",
                 f"{slug}/account/Int%C3%A4kter:SAMO/"):
        response = anonymous.request.get(server["url"] + path, max_redirects=0)
        assert response.status == 401
        assert response.headers["www-authenticate"].startswith("Basic")
        text = response.text()
        assert text == "Inloggning krävs.\n"
    anonymous.close()


def test_the_report_pages_as_the_board_sees_them(base: str, browser: Any) -> None:
    board = context(browser, BOARD)
    page = board.new_page()
    page.goto(base + "/extension/Arsredovisning/?ar=2019")
    assert row(page, "resultatrakning", "Verksamhetens intäkter SAMO")[2] == "11 577 559"
    assert row(page, "balansrakning", "Kassa och bank")[2] == "6 157 998"
    assert row(page, "trappan", "Utgående 2019")[2] == "1 992 706"
    shot(page, "arsredovisning")

    page.goto(base + "/extension/Trappan/?ar=2019")
    year_end = row(page, "trappan", "Utgående 2019")
    assert year_end[2] == "1 992 706"  # eget kapital
    assert year_end[4] == "2 290 000"  # gränsen: 20 % av 11 450 000
    assert year_end[-1] == "inom"
    shot(page, "trappan")

    page.goto(base + "/extension/Medlemsavgifter/?ar=2019")
    staten = row(page, "medlemsavgifter", "Staten (Försäkringskassan)")
    assert staten[5:8] == ["5 725 000", "5 725 000", "0"]
    assert row(page, "medlemsavgifter", "Summa")[6] == "11 450 000"
    shot(page, "medlemsavgifter")
    board.close()


def samo_income(ledger: Path, start: datetime.date, end: datetime.date) -> Decimal:
    """Plain sum of the SAMO income accounts (Kommun-Bas 3xxx, verksamhet SAMO) over the
    days, read with beancount's own loader (income is negative in beancount)."""
    loaded = load(str(ledger / "main.beancount"))
    entries, errors, _options = loaded.entries, loaded.errors, loaded.options
    assert errors == []
    samo = {
        e.account for e in entries
        if isinstance(e, data.Open) and str(e.meta.get("nr", "")).startswith("3")
        and e.meta.get("verksamhet") == "SAMO"
    }
    total = Decimal(0)
    for entry in entries:
        if isinstance(entry, data.Transaction) and start <= entry.date <= end:
            for posting in entry.postings:
                if posting.account in samo and posting.units is not None:
                    total += posting.units.number or 0
    return -total


def test_the_follow_up_pages_as_the_board_sees_them(
    server: dict[str, Any], base: str, browser: Any
) -> None:
    board = context(browser, BOARD)
    page = board.new_page()
    page.goto(base + "/extension/Budgetuppfoljning/?datum=2019-12-31")
    # At the year end the follow-up's SAMO income is the published annual figure.
    assert row(page, "uppfoljning", "Summa")[3] == "11 577 559"
    assert row(page, "prognos_eget_kapital", "Prognos för eget kapital 2019-12-31")[1] == (
        "1 992 706"
    )
    assert page.locator("figure.finsam-diagram svg").count() == 2  # SAMO and HFE
    shot(page, "budgetuppfoljning")

    page.goto(base + "/extension/Insatser/?datum=2019-08-31")
    # beviljat (insatser.beancount); the empty diarienummer column is not shown
    assert row(page, "insatser", "Bjurholm")[3] == "460 000"
    shot(page, "insatser")

    page.goto(base + "/extension/Delarsrapport/?datum=2019-08-31")
    expected = samo_income(server["ledger"], datetime.date(2019, 1, 1),
                           datetime.date(2019, 8, 31))
    shown = row(page, "resultatrakning", "Verksamhetens intäkter SAMO")[1]
    assert shown == format_sv(round_kr(expected)).replace("\u00a0", " ")
    shot(page, "delarsrapport")
    board.close()


def test_a_figure_drills_down_to_its_vouchers(base: str, browser: Any) -> None:
    board = context(browser, BOARD)
    page = board.new_page()
    page.goto(base + "/extension/Arsredovisning/?ar=2019")
    figure = page.locator("#resultatrakning + table tr", has_text="Verksamhetens intäkter SAMO")
    figure.get_by_role("link", name="11\u00a0577\u00a0559").click()  # first click
    page.wait_for_url("**/account/Int%C3%A4kter:SAMO/?time=2019")
    journal = page.locator("article")
    # The account's journal for 2019 ends at the figure (beancount signs: income negative).
    journal.get_by_text("-11 577 559,00 SEK").first.wait_for()
    shot(page, "drill-down-konto")
    voucher = journal.locator("li", has_text="Bjurholms kommun").filter(
        has_text="Medlemsavgift 2019 kvartal 4"
    )
    voucher.get_by_role("link", name="2019-10-15").click()  # second click: the voucher
    source = page.locator(".cm-content", has_text='ver: "K35"')
    source.wait_for()
    text = source.inner_text()
    assert '2019-10-15 * "Bjurholms kommun" "Medlemsavgift 2019 kvartal 4"' in text
    assert "Intäkter:SAMO:Medlemsavgifter:Bjurholm" in text and "-9790.25 SEK" in text
    shot(page, "drill-down-verifikation")
    board.close()


def save_in_editor(page: Any, base: str, extra: str) -> None:
    """In Fava's editor (main.beancount), type ``extra`` at the end and press Ctrl+S."""
    page.goto(base + "/editor/")
    editor = page.locator(".cm-content").first
    editor.wait_for()
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(extra)
    page.keyboard.press("Control+s")


def test_the_board_is_refused_an_edit(server: dict[str, Any], base: str, browser: Any) -> None:
    main = server["ledger"] / "main.beancount"
    before = main.read_bytes()
    board = context(browser, BOARD)
    page = board.new_page()
    save_in_editor(page, base, "\n; styrelsen ändrar\n")
    page.get_by_text("HTTP 403").wait_for()  # Fava's notice that the save was refused
    shot(page, "styrelsen-nekas-andring")
    assert main.read_bytes() == before
    # The same through the API, as a script would try it.
    source = page.request.get(base + "/api/source").json()["data"]
    response = page.request.put(
        base + "/api/source",
        data={"file_path": source["file_path"], "source": source["source"] + "\n; x\n",
              "sha256sum": source["sha256sum"]},
    )
    assert response.status == 403 and "får bara läsa" in response.text()
    assert main.read_bytes() == before
    board.close()


def test_the_economist_may_edit(server: dict[str, Any], base: str, browser: Any) -> None:
    main = server["ledger"] / "main.beancount"
    economist = context(browser, ECONOMIST)
    page = economist.new_page()
    save_in_editor(page, base, "\n; ekonomen har varit här\n")
    page.get_by_text("Filändring upptäckt").wait_for()  # Fava saw its own save
    shot(page, "ekonomen-sparar")
    assert main.read_text(encoding="utf-8").rstrip().endswith("; ekonomen har varit här")
    economist.close()


def test_fava_opens_on_the_latest_year_and_keeps_it(server: dict[str, Any], browser: Any
                                                    ) -> None:
    board = context(browser, BOARD)
    page = board.new_page()
    page.goto(server["url"] + "/")
    # Not 2018 and 2019 summed: the income statement of 2019, Fava's time filter set.
    page.wait_for_url("**/income_statement/?time=2019")
    page.locator("aside a", has_text="Balansräkning").first.click()
    page.wait_for_url("**/balance_sheet/?time=2019")
    page.locator("a", has_text="Årets-resultat").first.wait_for()
    shown = " ".join(page.locator("body").inner_text().replace("\u00a0", " ").split())
    # The year's result is 2019's alone (the published −999 684), not 2018's added to it.
    assert "Årets-resultat −999 684,40" in shown
    shot(page, "balansrakning-2019")
    board.close()


PAGES_AT = (
    "Arsredovisning/?ar=2019", "Trappan/?ar=2019", "Medlemsavgifter/?ar=2019",
    "Budgetuppfoljning/?datum=2019-08-31", "Insatser/?datum=2019-08-31",
    "Delarsrapport/?datum=2019-08-31",
)


def test_no_report_page_is_wider_than_1280_px(base: str, browser: Any) -> None:
    board = browser.new_context(http_credentials={"username": BOARD[0], "password": BOARD[1]},
                                viewport={"width": 1280, "height": 900})
    page = board.new_page()
    wide = {}
    for path in PAGES_AT:
        page.goto(f"{base}/extension/{path}")
        page.locator("table.finsam-tabell").first.wait_for()
        width = page.evaluate("document.documentElement.scrollWidth")
        tables = page.evaluate(
            "Math.max(...[...document.querySelectorAll('table')].map("
            "t => t.getBoundingClientRect().right))")
        if width > 1280 or tables > 1280:
            wide[path] = (width, tables)
    shot(page, "delarsrapport-1280")
    board.close()
    assert wide == {}


def test_a_figure_of_several_accounts_drills_down_to_postings_and_their_total(
    base: str, browser: Any
) -> None:
    board = context(browser, BOARD)
    page = board.new_page()
    page.goto(base + "/extension/Arsredovisning/?ar=2019")
    line = page.locator("#resultatrakning + table tr", has_text="Verksamhetens kostnader SAMO")
    figure = line.locator("a").first
    shown = figure.inner_text().replace("\u00a0", " ").strip()  # e.g. "−13 593 262"
    figure.click()
    page.wait_for_url("**/query/**")
    results = page.locator("article table tbody tr")
    results.last.wait_for()
    assert results.count() > 100  # every posting of the year, one row each
    cells = results.last.locator("td").all_inner_texts()
    total = cells[-1].replace("\u00a0", " ").replace("\u202f", " ").strip()
    # The running total's last value is the figure (costs positive in beancount).
    assert total.split(",")[0] == shown.lstrip("−-"), (total, shown)
    shot(page, "drill-down-flera-konton")
    board.close()
