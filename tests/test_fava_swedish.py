"""What the board reads on the extension's pages is Swedish and names no server path.

Every page of the Fava extension is fetched as the board would (``finsam fava``'s
read-only app on the example ledger, each year and date form, kronor and tkr, and
requests a page cannot answer), and the extension's own part of the page
(``<div class="finsam">``; Fava's chrome around it is Fava's, its remaining English is
listed in docs/fava.md) is read as text: it holds no English word of the kind a page's
labels, notes or problems would use. The whole page names no absolute path.
"""

from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from werkzeug.test import Client

from finsam_accounts.fava.server import make_app

ROOT = Path(__file__).resolve().parent.parent
LEDGER = ROOT / "ledger" / "main.beancount"

# English words a label, heading, note or error would use; none is a Swedish word ("not"
# is: a note to the statements).
ENGLISH = {
    "the", "and", "of", "for", "with", "year", "date", "total", "totals", "income",
    "expenses", "expense", "costs", "cost", "result", "balance", "sheet", "statement",
    "error", "errors", "download", "show", "page", "found", "invalid", "missing",
    "amount", "account", "accounts", "budget" + "ed", "forecast", "actual", "remaining",
    "members", "member", "equity", "assets", "liabilities", "report", "annual", "interim",
    "no", "none", "unknown", "please", "see", "file", "line", "placeholder", "cannot",
    "could", "failed", "loading", "click", "here", "back", "next", "previous",
}
PAGES = [
    "Arsredovisning/?ar=2019", "Arsredovisning/?ar=2018", "Trappan/?ar=2019",
    "Medlemsavgifter/?ar=2019", "Budgetuppfoljning/?datum=2019-08-31",
    "Budgetuppfoljning/?datum=2019-08-31&enhet=tkr", "Insatser/?datum=2019-08-31",
    "Delarsrapport/?datum=2019-08-31", "Delarsrapport/?datum=2019-08-31&enhet=tkr",
    "Attest/",
    # A request the page cannot answer shows its problem, in Swedish too.
    "Arsredovisning/?ar=1999", "Budgetuppfoljning/?datum=2019-02-30", "Trappan/?ar=x",
]


@pytest.fixture(scope="module")
def client_and_slug() -> tuple[Any, str]:
    client = Client(make_app(LEDGER))  # what `finsam fava` serves, read-only
    slug = urlsplit(client.get("/").headers["Location"]).path.strip("/").split("/")[0]
    return client, slug


def extension_text(page: str) -> str:
    start = page.index('<div class="finsam')
    end = page.find("</article>", start)
    part = page[start:end if end != -1 else len(page)]
    part = re.sub(r"<(script|style)\b.*?</\1>", " ", part, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", part))


@pytest.mark.parametrize("url", PAGES)
def test_the_extension_page_is_swedish_and_names_no_server_path(
    client_and_slug: tuple[Any, str], url: str
) -> None:
    client, slug = client_and_slug
    response = client.get(f"/{slug}/extension/{url}")
    assert response.status_code == 200, url
    page = response.get_data(as_text=True)
    for path in {str(ROOT), str(Path.home()), tempfile.gettempdir()}:
        assert path not in page, (url, path)
    text = extension_text(page)
    assert len(text.split()) >= 4, url  # the page says something
    words = {word.lower() for word in re.findall(r"[A-Za-zÅÄÖåäö]+", text)}
    assert not words & ENGLISH, (url, sorted(words & ENGLISH))
