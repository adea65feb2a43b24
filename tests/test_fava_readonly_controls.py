"""The read-only Fava hides Fava's write controls; the writable one shows them (issue 18).

Two ``finsam fava`` processes on a copy of the example ledger, one read-only (the board's
default) and one ``--skrivbar``, driven by Debian's headless Chromium: the editor's Spara,
the entry dialog's Radera and Spara and the + for a new transaction are hidden in the
read-only one, also after Fava's own (single-page) navigation, and the editor says in
Swedish why; the writable Fava shows them all. The server's refusal of a write stays
(tests/test_fava_browser.py, tests/test_fava_security.py): hiding is not protection.
"""

from __future__ import annotations

import queue
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_fava_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    START_SECONDS,
    finsam_command,
    free_port,
    pytestmark,  # noqa: F401  (the same skip when Chromium is missing)
)

from finsam_accounts.fava.readonly_view import NOTE, STYLE, with_style


def start(folder: Path, writable: bool) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    process = subprocess.Popen(
        [*finsam_command(), "fava", "--ledger", str(folder / "main.beancount"),
         "--port", str(port), *(["--skrivbar"] if writable else [])],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=folder.parent,
    )
    lines: queue.Queue[str] = queue.Queue()
    output = process.stdout
    assert output is not None

    def read() -> None:
        for line in output:
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    first = lines.get(timeout=START_SECONDS)
    assert first.startswith("Fava visar"), first
    return process, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[bool, str]]:
    folder = tmp_path_factory.mktemp("skrivskydd") / "ledger"
    shutil.copytree(ROOT / "ledger", folder)
    started = [start(folder, writable) for writable in (False, True)]
    try:
        yield {False: started[0][1], True: started[1][1]}
    finally:
        for process, _ in started:
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


def visible(page: Any, selector: str) -> int:
    """How many elements matching ``selector`` are shown (laid out, not display: none)."""
    return int(page.evaluate(
        "s => [...document.querySelectorAll(s)].filter(e => e.offsetParent !== null).length",
        selector,
    ))


def controls(page: Any, url: str) -> dict[str, object]:
    """The write controls as a person meets them: the editor, then (through Fava's own
    navigation, no page load) the journal and a voucher's dialog."""
    page.goto(url + "/")
    page.wait_for_url("**/income_statement/**")
    base = str(page.url).split("/income_statement/")[0]
    page.goto(base + "/editor/")
    page.locator(".cm-content").first.wait_for()
    seen: dict[str, object] = {
        "spara": visible(page, 'form.fixed-fullsize-container button[type="submit"]'),
        "not": page.evaluate(
            "() => getComputedStyle(document.querySelector('form.fixed-fullsize-container'),"
            " '::before').content"),
        "plus": visible(page, 'a[href="#add-transaction"]'),
    }
    page.locator("aside a[href$='/journal/']").first.click()  # Fava's SPA navigation
    page.wait_for_url("**/journal/**")
    page.locator("span.datecell a[href^='#context-']").first.click()
    page.locator("dialog[open] form .flex-row").first.wait_for(state="attached")
    page.locator("dialog[open] div.editor").first.wait_for(state="attached")
    seen["dialog_spara"] = visible(page, 'dialog[open] form button[type="submit"]')
    seen["dialog_radera"] = visible(page, "dialog[open] form .flex-row > button.muted")
    seen["plus_after_navigation"] = visible(page, 'a[href="#add-transaction"]')
    return seen


def test_read_only_hides_the_write_controls_and_says_why(
    servers: dict[bool, str], browser: Any
) -> None:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    seen = controls(page, servers[False])
    page.screenshot(path=str(ROOT / "tests" / "artifacts" / "skrivskyddad-dialog.png"))
    assert seen == {
        "spara": 0, "not": f'"{NOTE}"', "plus": 0,
        "dialog_spara": 0, "dialog_radera": 0, "plus_after_navigation": 0,
    }


def test_the_writable_fava_shows_them(servers: dict[bool, str], browser: Any) -> None:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    seen = controls(page, servers[True])
    assert seen["spara"] == 1 and seen["plus"] == 1 and seen["plus_after_navigation"] == 1
    assert seen["dialog_spara"] == 1 and seen["dialog_radera"] == 1
    assert seen["not"] in ("none", "normal")


def test_the_style_goes_into_the_head_of_a_whole_page_only() -> None:
    page = b"<html><head><title>x</title></head><body>a</body></html>"
    assert with_style(page) == (
        b"<html><head><title>x</title>" + STYLE + b"</head><body>a</body></html>")
    assert with_style(b'{"data": "</p>"}') == b'{"data": "</p>"}'
