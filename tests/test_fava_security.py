"""Fava as ``finsam fava`` serves it, attacked: the query page, requests from other sites,
the roles (issue 15).

Each test builds small books in a temporary folder (a main file with the plugin and one
included year file), serves them with :func:`make_app` through werkzeug's test client, and
checks what an attacker's request does to the files on disk and what the answer says.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

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


# ----------------------------------------------------------------- roles and read-only


def test_a_write_in_the_read_only_fava_is_403_and_changes_nothing(
    books: Path, users: dict[str, User]
) -> None:
    for login in (None, users):
        app = Client(make_app(books, users=login))
        headers = basic("eva") if login else {}
        slug = slug_of(app, headers)
        source = app.get(f"/{slug}/api/source", query_string={"filename": str(books)},
                         headers=headers).get_json()["data"]
        before = snapshot(books)
        response = app.put(
            f"/{slug}/api/source", headers=headers,
            json={"file_path": str(books), "source": source["source"] + "\n; x\n",
                  "sha256sum": source["sha256sum"]},
        )
        assert response.status_code == 403
        assert "WWW-Authenticate" not in response.headers
        assert "skrivskyddad" in response.get_data(as_text=True)
        # As Fava's API answers an error, so that Fava shows the Swedish line after Spara.
        assert "skrivskyddad" in response.get_json()["error"]
        assert snapshot(books) == before


# ------------------------------------------------------------------- Host and Origin


@pytest.mark.parametrize("host", ["angripare.example", "angripare.example:5000",
                                  "127.0.0.1.angripare.example", "", "localhost@angripare.example"])
def test_a_foreign_host_is_refused(books: Path, host: str) -> None:
    """DNS rebinding: a page on angripare.example whose name now points at 127.0.0.1."""
    app = Client(make_app(books))
    response = app.get("/", headers={"Host": host})
    assert response.status_code == 400
    assert "Okänt värdnamn" in response.get_data(as_text=True)
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("host", ["localhost", "localhost:5000", "127.0.0.1:5000",
                                  "[::1]:5000", "LOCALHOST"])
def test_loopback_hosts_are_answered(books: Path, host: str) -> None:
    assert Client(make_app(books)).get("/", headers={"Host": host}).status_code == 302


def test_configured_host_names_are_answered(books: Path) -> None:
    app = Client(make_app(books, hosts=["127.0.0.1", "bokforing.example.se"]))
    assert app.get("/", headers={"Host": "bokforing.example.se"}).status_code == 302
    assert app.get("/", headers={"Host": "annan.example.se"}).status_code == 400
    # Behind a proxy, the name is the one the proxy forwards.
    proxied = Client(make_app(books, hosts=["bokforing.example.se"], behind_proxy=True))
    forwarded = {"X-Forwarded-Host": "bokforing.example.se", "X-Forwarded-Proto": "https"}
    assert proxied.get("/", headers=forwarded).status_code == 302
    assert proxied.get("/", headers={"X-Forwarded-Host": "angripare.example"}).status_code == 400


def edit(app: Client, slug: str, books: Path, headers: dict[str, str]) -> int:
    source = app.get(f"/{slug}/api/source", query_string={"filename": str(books)},
                     headers=headers).get_json()["data"]
    return app.put(
        f"/{slug}/api/source", headers=headers,
        json={"file_path": str(books), "source": source["source"] + "\n; ändrad\n",
              "sha256sum": source["sha256sum"]},
    ).status_code


@pytest.mark.parametrize("foreign", [
    {"Origin": "https://angripare.example"},
    {"Origin": "null"},
    {"Origin": "http://localhost:8080"},  # another program on this machine
    {"Referer": "https://angripare.example/formular.html"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site", "Origin": "http://localhost"},
])
def test_a_change_from_another_site_is_refused(
    books: Path, users: dict[str, User], foreign: dict[str, str]
) -> None:
    """CSRF: the economist, logged in, visits another site that sends a write to Fava."""
    app = Client(make_app(books, writable=True, users=users))
    slug = slug_of(app, basic("eva"))
    before = snapshot(books)
    assert edit(app, slug, books, {**basic("eva"), **foreign}) == 403
    assert snapshot(books) == before


def test_a_change_from_fava_itself_is_accepted(books: Path, users: dict[str, User]) -> None:
    app = Client(make_app(books, writable=True, users=users))
    slug = slug_of(app, basic("eva"))
    own = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}
    assert edit(app, slug, books, {**basic("eva"), **own}) == 200
    assert books.read_text(encoding="utf-8").endswith("; ändrad\n")


def test_another_sites_script_gets_no_data(books: Path) -> None:
    app = Client(make_app(books))
    slug = slug_of(app, {})
    url = f"/{slug}/api/query"
    query = {"query_string": "SELECT narration"}
    for mode in ("cors", "no-cors"):
        response = app.get(url, query_string=query,
                           headers={"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": mode})
        assert response.status_code == 403
        assert b"Hyra" not in response.data
    # A link from another site (an e-mail, a bookmark page) still opens Fava.
    navigate = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"}
    assert app.get(f"/{slug}/income_statement/", headers=navigate).status_code == 200
    assert app.get(url, query_string=query,
                   headers={"Sec-Fetch-Site": "same-origin"}).status_code == 200


# ------------------------------------------------------------------ security headers


def test_every_answer_has_the_security_headers(books: Path, users: dict[str, User]) -> None:
    open_app = Client(make_app(books))
    slug = slug_of(open_app, {})
    answers = [
        open_app.get(f"/{slug}/income_statement/"),
        open_app.get(f"/{slug}/api/query", query_string={"query_string": "SELECT 1"}),
        open_app.get(f"/{slug}/api/query", query_string={"query_string": ".output x"}),
        open_app.get(f"/{slug}/finns-inte/"),
        open_app.put(f"/{slug}/api/source"),
        open_app.get("/", headers={"Host": "angripare.example"}),
    ]
    login_app = Client(make_app(books, users=users))
    answers += [login_app.get("/"), login_app.put("/", headers=basic("anna"))]
    for response in answers:
        headers = response.headers
        assert headers["X-Frame-Options"] == "DENY", response
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Cache-Control"] == "no-store", response
        assert "Server" not in headers
    static = open_app.get("/static/app.js")
    assert static.status_code == 200 and static.headers["X-Content-Type-Options"] == "nosniff"


def test_the_server_header_names_no_program_or_version(books: Path) -> None:
    import http.client
    import threading

    from finsam_accounts.fava.server import serve

    server = serve(make_app(books), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.bind_addr[1], timeout=10)
        connection.request("GET", "/")
        response = connection.getresponse()
        assert response.getheader("Server") == "finsam"
        assert response.getheader("X-Frame-Options") == "DENY"
        connection.close()
    finally:
        server.stop()
        thread.join(10)


@pytest.mark.parametrize("referrer", [
    "https://angripare.example/inloggning",
    "//angripare.example/inloggning",
    "http://localhost//angripare.example/x",
    "http://localhost/\\angripare.example/x",
    "http://localhost/%2F%2Fangripare.example/x",
    "javascript:alert(1)",
])
def test_jump_leads_only_to_this_server(books: Path, referrer: str) -> None:
    app = Client(make_app(books))
    response = app.get("/jump", query_string={"time": "2019"}, headers={"Referer": referrer})
    assert response.status_code == 302
    location = response.headers["Location"]
    # A path on this server: not //host, nor /\\host (which browsers read as //host).
    assert location.startswith("/") and location[1:2] not in ("/", "\\"), location
    assert urlsplit(location).netloc == "" and urlsplit(location).scheme == ""
    assert location.endswith("time=2019")


def test_jump_keeps_the_page_and_changes_the_parameter(books: Path) -> None:
    app = Client(make_app(books))
    response = app.get("/jump", query_string={"time": "2019"},
                       headers={"Referer": "http://localhost/x/income_statement/?time=2018&a=b"})
    assert response.headers["Location"] == "/x/income_statement/?a=b&time=2019"


# ----------------------------------------------------------------- the plugin line


def test_books_without_the_plugin_line_show_no_figures(books: Path) -> None:
    text = MAIN.replace('plugin "finsam_accounts.plugin"\n', "")
    books.write_text(text, encoding="utf-8")
    app = Client(make_app(books))
    slug = slug_of(app, {})
    for url in (f"/{slug}/income_statement/", f"/{slug}/api/query?query_string=SELECT+1",
                f"/{slug}/journal/", f"/{slug}/api/source"):
        response = app.get(url)
        assert response.status_code == 503, url
        body = response.get_data(as_text=True)
        assert 'raden plugin "finsam_accounts.plugin" saknas i main.beancount' in body
        assert "100" not in body


def test_deleting_the_plugin_line_while_fava_runs_hides_the_figures(books: Path) -> None:
    import os

    app = Client(make_app(books))
    slug = slug_of(app, {})
    assert app.get(f"/{slug}/income_statement/").status_code == 200
    books.write_text(MAIN.replace('plugin "finsam_accounts.plugin"\n', ""), encoding="utf-8")
    stat = books.stat()
    os.utime(books, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    response = app.get(f"/{slug}/income_statement/")  # Fava sees the new mtime and reloads
    assert response.status_code == 503
    assert "förbundets kontroller" in response.get_data(as_text=True)


# ------------------------------------------------------------------- starting the server


def test_finsam_fava_finds_the_books_without_ledger(
    books: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``finsam fava`` as README writes it: the books in ./ledger/main.beancount."""
    from finsam_accounts import cli
    from finsam_accounts.fava import server as server_module

    served: list[object] = []

    class Stopped:
        bind_addr = ("127.0.0.1", 5000)

        def serve(self) -> None:
            raise KeyboardInterrupt

        def stop(self) -> None:
            pass

    def fake_serve(app: object, host: str, port: int) -> Stopped:
        served.append(app)
        return Stopped()

    monkeypatch.setattr(server_module, "serve", fake_serve)
    monkeypatch.delenv("FINSAM_LEDGER", raising=False)
    assert cli.main(["fava"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Fava visar ledger/main.beancount på http://127.0.0.1:5000/")
    assert len(served) == 1


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "::"])
def test_a_writable_fava_on_the_network_without_login_does_not_start(
    books: Path, capsys: pytest.CaptureFixture[str], host: str
) -> None:
    from finsam_accounts import cli

    assert cli.main(["fava", "--host", host, "--skrivbar", "--värdnamn", "x.example"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("finsam fava: vägrar att starta: --skrivbar på")
    assert err.count("\n") == 1


def test_every_address_needs_a_host_name(
    books: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from finsam_accounts import cli

    assert cli.main(["fava", "--host", "0.0.0.0"]) == 1
    assert "ange --värdnamn NAMN" in capsys.readouterr().err
    assert cli.main(["fava", "--bakom-proxy"]) == 1
    assert "--bakom-proxy kräver --värdnamn" in capsys.readouterr().err


# ------------------------------------------------------------- regular expressions


LONG_LINE = "a" * 60 + "!"
SLOW_PATTERN = "(a|aa)+$"  # backtracks exponentially on LONG_LINE in Python's re


@pytest.fixture
def fava_process(books: Path) -> Iterator[str]:
    """``finsam fava`` in its own process on books with a long line of a's, so that a
    frozen server cannot freeze the test."""
    import queue
    import socket
    import subprocess
    import sys
    import threading

    with (books.parent / "2019.beancount").open("a", encoding="utf-8") as year:
        year.write(
            f'\n2019-02-28 * "Fastighetsbolaget" "{LONG_LINE}"\n  ver: "B2"\n'
            "  Kostnader:SAMO:Hyra  100.00 SEK\n  Tillgångar:Bank  -100.00 SEK\n"
        )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    script = Path(sys.executable).parent / "finsam"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "finsam_accounts.cli"]
    process = subprocess.Popen(
        [*command, "fava", "--ledger", str(books), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    output = process.stdout
    assert output is not None

    def read() -> None:
        for line in output:
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    try:
        first = lines.get(timeout=120)
        assert first.startswith("Fava visar"), first
        yield f"127.0.0.1:{port}"
    finally:
        process.kill()
        process.wait(timeout=20)


def get(address: str, url: str, timeout: float) -> tuple[int, str]:
    import http.client

    host, port = address.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        connection.request("GET", url)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        connection.close()


@pytest.mark.parametrize("attack", [
    ("journal", {"filter": f'"{SLOW_PATTERN}"'}),
    ("journal", {"filter": f'narration:"{SLOW_PATTERN}"'}),
    ("query", {"query_string": f"SELECT narration WHERE narration ~ '{SLOW_PATTERN}'"}),
    ("query", {"query_string": f"SELECT grep('{SLOW_PATTERN}', narration)"}),
])
def test_a_catastrophic_regular_expression_does_not_freeze_the_server(
    fava_process: str, attack: tuple[str, dict[str, str]]
) -> None:
    import threading
    from urllib.parse import urlencode

    base = "/testf%C3%B6rbundet"  # Fava's slug of the title Testförbundet
    endpoint, params = attack
    slow: list[tuple[int, str]] = []
    attacker = threading.Thread(
        target=lambda: slow.append(
            get(fava_process, f"{base}/api/{endpoint}?{urlencode(params)}", 60)
        ),
        daemon=True,
    )
    started = time.monotonic()
    attacker.start()
    time.sleep(0.3)
    # Another user's request is answered while the pattern runs.
    status, body = get(fava_process, f"{base}/api/query?query_string=SELECT+1", 10)
    assert status == 200 and '"rows"' in body
    attacker.join(30)
    assert slow, "the request with the pattern did not answer within 30 seconds"
    status, body = slow[0]
    assert status == 400, body
    assert "tar för lång tid" in json.loads(body)["error"]
    assert time.monotonic() - started < 30


def test_ordinary_regular_expressions_still_filter(books: Path) -> None:
    app = Client(make_app(books))
    slug = slug_of(app, {})
    journal = app.get(f"/{slug}/api/journal", query_string={"filter": '"hyra jan.*"'})
    assert journal.status_code == 200
    assert [e["narration"] for e in journal.get_json()["data"]] == ["Hyra januari"]
    query = app.get(f"/{slug}/api/query", query_string={
        "query_string": "SELECT grep('[a-z]+ari', narration) WHERE narration ~ 'JANUARI'"})
    assert query.get_json()["data"]["rows"] == [["januari"], ["januari"]]  # two postings


# --------------------------------------------------------------- no server paths


def test_no_absolute_server_path_in_pages_or_json(books: Path, users: dict[str, User]) -> None:
    from urllib.parse import quote

    root = str(books.parent.parent)  # the working folder, above the books' folder
    forms = [root, quote(root, safe=""), json.dumps(root)[1:-1], root.replace("/", "\\/")]
    for writable in (False, True):
        app = Client(make_app(books, writable=writable))
        slug = slug_of(app, {})
        for url in ("income_statement/", "editor/", "errors/", "journal/", "api/ledger_data",
                    "api/source", "api/errors", "api/journal", "api/options",
                    "api/query?query_string=SELECT+filename,+lineno",
                    "api/source?filename=2019.beancount"):
            response = app.get(f"/{slug}/{url}")
            assert response.status_code == 200, url
            body = response.get_data(as_text=True)
            for form in forms:
                assert form not in body, (url, form)
        data = app.get(f"/{slug}/api/ledger_data").get_json()["data"]
        assert sorted(data["options"]["include"]) == ["2019.beancount", "main.beancount"]
        query = app.get(f"/{slug}/api/query",
                        query_string={"query_string": "SELECT DISTINCT filename"})
        assert query.get_json()["data"]["rows"] == [["2019.beancount"]]
        csv = app.get(f"/{slug}/download-query/query_result.csv",
                      query_string={"query_string": "SELECT DISTINCT filename"})
        assert csv.status_code == 200
        assert csv.get_data(as_text=True).split() == ["filename", "2019.beancount"]


def test_the_editor_works_with_relative_names(books: Path) -> None:
    app = Client(make_app(books, writable=True))
    slug = slug_of(app, {})
    source = app.get(f"/{slug}/api/source", query_string={"filename": "2019.beancount"})
    data = source.get_json()["data"]
    assert data["file_path"] == "2019.beancount" and data["source"] == YEAR
    saved = app.put(f"/{slug}/api/source", json={
        "file_path": "2019.beancount", "source": YEAR + "\n; kommentar\n",
        "sha256sum": data["sha256sum"]})
    assert saved.status_code == 200, saved.get_data(as_text=True)
    assert (books.parent / "2019.beancount").read_text(encoding="utf-8").endswith("; kommentar\n")
    # Relative names reach only the books' own files.
    for name in ("../../etc/passwd", "/etc/passwd", "../ledger/../../x.beancount"):
        answer = app.get(f"/{slug}/api/source", query_string={"filename": name})
        assert answer.status_code >= 400 and "root:" not in answer.get_data(as_text=True)


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_no_absolute_server_path_in_spreadsheet_downloads(books: Path, fmt: str) -> None:
    import io
    import zipfile

    root = str(books.parent.parent)
    app = Client(make_app(books, writable=False))
    slug = slug_of(app, {})
    answer = app.get(f"/{slug}/download-query/query_result.{fmt}",
                     query_string={"query_string": "SELECT DISTINCT filename"})
    assert answer.status_code == 200
    with zipfile.ZipFile(io.BytesIO(answer.get_data())) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    text = b"".join(members.values())
    assert b"2019.beancount" in text
    assert root.encode("utf-8") not in text


@pytest.mark.parametrize("with_users", [False, True])
def test_head_is_answered_like_get_without_a_body_in_the_read_only_fava(
    books: Path, users: dict[str, User], with_users: bool
) -> None:
    app = Client(make_app(books, writable=False, users=users if with_users else None))
    headers = basic("anna") if with_users else {}
    slug = slug_of(app, headers)
    before = snapshot(books)
    for url in (f"/{slug}/income_statement/", f"/{slug}/api/ledger_data", "/"):
        got, head = app.get(url, headers=headers), app.head(url, headers=headers)
        assert head.status_code == got.status_code, url
        assert head.get_data() == b""
        assert head.headers["Content-Type"] == got.headers["Content-Type"]
    if with_users:  # HEAD needs the login as GET does
        assert app.head(f"/{slug}/income_statement/").status_code == 401
    assert snapshot(books) == before
