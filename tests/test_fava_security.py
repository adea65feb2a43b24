"""Fava as ``finsam fava`` serves it, attacked: the query page, requests from other sites,
the roles (issue 15).

Each test builds small books in a temporary folder (a main file with the plugin and one
included year file), serves them with :func:`make_app` through werkzeug's test client, and
checks what an attacker's request does to the files on disk and what the answer says.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from werkzeug.test import Client

from finsam_accounts.fava.server import make_app
from finsam_accounts.fava.users import User, hash_password

MAIN = """\
option "title" "Testförbundet"
option "operating_currency" "SEK"
option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"
plugin "finsam_accounts.plugin"

2019-01-01 custom "räkenskapsår" 2019
2019-01-01 custom "verksamhet" "SAMO" "Testförbundet" "förbund"

2019-01-01 open Tillgångar:Bank SEK
  nr: "1930"
2019-01-01 open Kostnader:SAMO:Hyra SEK
  nr: "6110"
  verksamhet: "SAMO"

include "2019.beancount"
"""

YEAR = """\
2019-01-31 * "Fastighetsbolaget" "Hyra januari"
  ver: "B1"
  Kostnader:SAMO:Hyra  100.00 SEK
  Tillgångar:Bank  -100.00 SEK
"""


@pytest.fixture
def books(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The books in ``ledger/`` of an otherwise empty working folder (the server's cwd)."""
    folder = tmp_path / "ledger"
    folder.mkdir()
    (folder / "main.beancount").write_text(MAIN, encoding="utf-8")
    (folder / "2019.beancount").write_text(YEAR, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder / "main.beancount"


@pytest.fixture(scope="module")
def users() -> dict[str, User]:
    return {
        "anna": User("anna", "styrelse", hash_password("anna-lösenord")),
        "eva": User("eva", "ekonom", hash_password("eva-lösenord")),
    }


def basic(name: str) -> dict[str, str]:
    token = base64.b64encode(f"{name}:{name}-lösenord".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def slug_of(app: Client, headers: dict[str, str]) -> str:
    return app.get("/", headers=headers).headers["Location"].strip("/").split("/")[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.parent.rglob("*")) if p.is_file()}


# The modes in which the query page is open: no login (read-only and writable), a board
# member, the economist in the writable Fava, and a link on another site that the board
# member's browser follows (a GET with a foreign Referer, credentials cached).
MODES = {
    "utan inloggning": (False, False, None, {}),
    "utan inloggning, skrivbar": (True, False, None, {}),
    "styrelse": (False, True, "anna", {}),
    "ekonom, skrivbar": (True, True, "eva", {}),
    "från en annan webbplats": (
        False, True, "anna", {"Referer": "https://angripare.example/sida.html"},
    ),
}

ATTACKS = [
    ".output 2019.beancount",
    ".output ledger/2019.beancount",
    "  .output ledger/main.beancount",
    ".OUTPUT ledger/2019.beancount",
    "output ledger/2019.beancount",
    ".format csv",
    ".set format csv",
    ".run x",
    "run x",
    ".help",
    "help",
    "?",
    "!cat /etc/passwd",
    ".explain SELECT 1",
    ".describe postings",
    ".tables",
    ".errors",
    ".parse SELECT 1",
    ".history",
    ".clear",
    ".reload",
    ".exit",
    ".EOF",
    "CREATE TABLE lösen (rad str) USING \"csv:///etc/passwd\"",
    "CREATE TABLE bok (rad str) USING 'csv:ledger/2019.beancount'",
    "INSERT INTO postings VALUES (1)",
    "",
]


@pytest.mark.parametrize("mode", MODES)
def test_shell_commands_in_a_query_are_refused_and_touch_no_file(
    books: Path, users: dict[str, User], mode: str
) -> None:
    writable, login, user, extra = MODES[mode]
    app = Client(make_app(books, writable=writable, users=users if login else None))
    headers = {**(basic(user) if user else {}), **extra}
    slug = slug_of(app, headers)
    before = snapshot(books)
    for attack in ATTACKS:
        for url in (f"/{slug}/api/query", f"/{slug}/download-query/query_result.csv"):
            response = app.get(url, query_string={"query_string": attack}, headers=headers)
            assert response.status_code == 403, (attack, url, response.status_code)
            json = response.get_json(silent=True)
            text = json["error"] if json else response.get_data(as_text=True)
            assert "får köras" in text or "tom" in text, (attack, text)
            assert "root:" not in text
        assert snapshot(books) == before, attack
    # A plain query still answers, from the books as they were.
    answer = app.get(
        f"/{slug}/api/query",
        query_string={"query_string": "SELECT sum(number) WHERE account ~ 'Hyra'"},
        headers=headers,
    )
    assert answer.status_code == 200
    assert answer.get_json()["data"]["rows"] == [[100]]


def test_plain_statements_still_run(books: Path) -> None:
    app = Client(make_app(books))
    slug = slug_of(app, {})
    for query, rows in [
        ("SELECT date, narration WHERE account = 'Tillgångar:Bank'",
         [["2019-01-31", "Hyra januari"]]),
        ("BALANCES WHERE account ~ 'Hyra'", None),
        ("JOURNAL 'Tillgångar:Bank'", None),
        ("PRINT FROM year = 2019", None),
    ]:
        response = app.get(f"/{slug}/api/query", query_string={"query_string": query})
        assert response.status_code == 200, (query, response.get_data(as_text=True))
        if rows is not None:
            assert response.get_json()["data"]["rows"] == rows
    csv = app.get(f"/{slug}/download-query/query_result.csv",
                  query_string={"query_string": "SELECT narration"})
    assert csv.status_code == 200 and b"Hyra januari" in csv.data


def test_plain_fava_with_the_extension_refuses_shell_commands_too(books: Path) -> None:
    """``fava ledger/main.beancount`` (not finsam fava): the report pages' extension guards
    the query shell of the ledger it is loaded into."""
    from fava.application import create_app

    books.write_text(
        MAIN + '2019-01-01 custom "fava-extension" "finsam_accounts.fava"\n', encoding="utf-8"
    )
    app = Client(create_app([str(books)], load=True))
    slug = slug_of(app, {})
    before = snapshot(books)
    response = app.get(f"/{slug}/api/query",
                       query_string={"query_string": ".output ledger/2019.beancount"})
    assert response.status_code == 403
    assert "Kommandot .output är inte tillåtet" in response.get_json()["error"]
    assert snapshot(books) == before
