"""The writable Fava (role ekonom): no path to code execution, and a log of every write
(issue 15).

Each test serves small books from a temporary folder with ``make_app(writable=True)`` and
the economist logged in, sends the edit a browser (or a script with her password) could
send, and checks the files on disk and the change log beside the books.
"""

from __future__ import annotations

import base64
import io
import json
import stat
from pathlib import Path
from typing import Any

import pytest
from fava.beans.funcs import hash_entry
from werkzeug.test import Client

from finsam_accounts.fava.changelog import LOG_NAME
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
2019-01-01 custom "fava-option" "language" "sv"

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

ECONOMIST = {"Authorization": "Basic " + base64.b64encode("eva:eva-lösenord".encode()).decode()}


@pytest.fixture(scope="module")
def users() -> dict[str, User]:
    return {"eva": User("eva", "ekonom", hash_password("eva-lösenord"))}


@pytest.fixture
def books(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "ledger"
    folder.mkdir()
    (folder / "main.beancount").write_text(MAIN, encoding="utf-8")
    (folder / "2019.beancount").write_text(YEAR, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder / "main.beancount"


class Fava:
    """The writable Fava on the books, as the logged-in economist."""

    def __init__(self, books: Path, users: dict[str, User]) -> None:
        self.app: Any = make_app(books, writable=True, users=users)
        self.client = Client(self.app)
        self.slug = self.client.get("/", headers=ECONOMIST).headers["Location"].split("/")[1]

    def url(self, path: str) -> str:
        return f"/{self.slug}/api/{path}"

    def source(self, path: Path) -> dict[str, Any]:
        answer = self.client.get(self.url("source"), query_string={"filename": str(path)},
                                 headers=ECONOMIST)
        return dict(answer.get_json()["data"])

    def put_source(self, path: Path, text: str) -> Any:
        sha = self.source(path)["sha256sum"] if path.exists() else "0"
        return self.client.put(self.url("source"), headers=ECONOMIST,
                               json={"file_path": str(path), "source": text, "sha256sum": sha})


def files(books: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(books.parent.glob("*.beancount"))}


def log_records(books: Path) -> list[dict[str, Any]]:
    log = books.parent / LOG_NAME
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


ADDED_LINES = [
    'plugin "finsam_accounts.ond"\n',
    '  plugin "finsam_accounts.ond"\n',
    'option "insert_pythonpath" "TRUE"\n',
    'option "plugin_processing_mode" "raw"\n',
    'option "documents" "../finsam_accounts"\n',
    '2019-01-01 custom "fava-extension" "ond_kod"\n',
    '2019-01-01 custom "fava-option" "import-config" "../ond.py"\n',
    'include "../../etc/ond.beancount"\n',
]


@pytest.mark.parametrize("line", ADDED_LINES)
def test_the_editor_may_not_add_a_line_that_runs_code(
    books: Path, users: dict[str, User], line: str
) -> None:
    fava = Fava(books, users)
    before = files(books)
    for target in (books, books.parent / "2019.beancount"):
        text = fava.source(target)["source"]
        answer = fava.put_source(target, text + "\n" + line)
        assert answer.status_code == 403, (line, answer.get_data(as_text=True))
        assert "Ändringen vägras: rader med plugin" in answer.get_json()["error"]
        assert files(books) == before
    refused = log_records(books)
    assert [r["resultat"] for r in refused] == ["vägrad", "vägrad"]
    assert refused[0]["anvandare"] == "eva"
    assert line.strip() in refused[0]["filer"][0]["andring"]


@pytest.mark.parametrize("change", [
    ('plugin "finsam_accounts.plugin"\n', ""),  # the förbund's rules off
    ('option "title" "Testförbundet"', 'option "title" "Annat"'),
    ('include "2019.beancount"\n', ""),  # a year of vouchers gone from the books
    ('include "2019.beancount"', 'include "2019-ny.beancount"'),
    ('custom "fava-option" "language" "sv"', 'custom "fava-option" "language" "en"'),
])
def test_the_editor_may_not_change_or_remove_such_lines(
    books: Path, users: dict[str, User], change: tuple[str, str]
) -> None:
    fava = Fava(books, users)
    before = files(books)
    text = fava.source(books)["source"]
    assert change[0] in text
    assert fava.put_source(books, text.replace(change[0], change[1])).status_code == 403
    assert files(books) == before


def test_no_python_or_other_file_is_written(books: Path, users: dict[str, User]) -> None:
    fava = Fava(books, users)
    for name in ("ond.py", "../ond.py", "sitecustomize.py", "ny.beancount"):
        target = books.parent / name
        answer = fava.put_source(target, "import os\n")
        assert answer.status_code >= 400
        assert not target.exists()
    upload = fava.client.put(
        fava.url("add_document"), headers=ECONOMIST,
        data={"file": (io.BytesIO(b"import os\n"), "ond.py"), "folder": str(books.parent),
              "account": "Tillgångar:Bank"},
    )
    assert upload.status_code == 403
    imported = fava.client.put(
        fava.url("upload_import_file"), headers=ECONOMIST,
        data={"file": (io.BytesIO(b"import os\n"), "ond.py")},
    )
    assert imported.status_code == 403
    assert sorted(p.name for p in books.parent.rglob("*.py")) == []


def test_an_entry_slice_may_not_smuggle_a_plugin_line(
    books: Path, users: dict[str, User]
) -> None:
    fava = Fava(books, users)
    ledger = fava.app.config["LEDGERS"].ledgers[0]
    voucher = next(e for e in ledger.all_entries if type(e).__name__ == "Transaction")
    slice_answer = fava.client.get(fava.url("source_slice"),
                                   query_string={"entry_hash": hash_entry(voucher)},
                                   headers=ECONOMIST).get_json()["data"]
    before = files(books)
    answer = fava.client.put(fava.url("source_slice"), headers=ECONOMIST, json={
        "entry_hash": hash_entry(voucher),
        "source": slice_answer["slice"] + '\nplugin "finsam_accounts.ond"',
        "sha256sum": slice_answer["sha256sum"],
    })
    assert answer.status_code == 403
    assert files(books) == before
    # Nor may the slice of a fava-option entry be deleted or changed.
    option = next(e for e in ledger.all_entries if getattr(e, "type", "") == "fava-option")
    option_slice = fava.client.get(fava.url("source_slice"),
                                   query_string={"entry_hash": hash_entry(option)},
                                   headers=ECONOMIST).get_json()["data"]
    deleted = fava.client.delete(fava.url("source_slice"), headers=ECONOMIST, query_string={
        "entry_hash": hash_entry(option), "sha256sum": option_slice["sha256sum"]})
    assert deleted.status_code == 403
    assert files(books) == before


def test_new_entries_cannot_carry_a_plugin_line(books: Path, users: dict[str, User]) -> None:
    fava = Fava(books, users)
    before_plugins = '"finsam_accounts.plugin"'
    answer = fava.client.put(fava.url("add_entries"), headers=ECONOMIST, json={"entries": [{
        "t": "Transaction", "date": "2019-02-28", "flag": "*", "payee": "Fastighetsbolaget",
        "narration": 'Hyra"\nplugin "finsam_accounts.ond"\n"',
        "meta": {"ver": "B2"}, "tags": [], "links": [],
        "postings": [{"account": "Kostnader:SAMO:Hyra", "amount": "100.00 SEK"},
                     {"account": "Tillgångar:Bank", "amount": "-100.00 SEK"}],
    }]})
    from beancount.parser import parser

    for path in books.parent.glob("*.beancount"):
        _entries, _errors, options = parser.parse_file(str(path))
        plugins = [name for name, _ in options["plugin"]]
        assert plugins in ([], ["finsam_accounts.plugin"]), (answer.get_json(), plugins)
    assert before_plugins in books.read_text(encoding="utf-8")


# ---------------------------------------------------------------------- the change log


def test_every_write_is_logged_with_user_time_file_and_diff(
    books: Path, users: dict[str, User]
) -> None:
    fava = Fava(books, users)
    year = books.parent / "2019.beancount"
    text = fava.source(year)["source"]
    answer = fava.put_source(year, text.replace("100.00 SEK", "150.00 SEK"))
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert "150.00 SEK" in year.read_text(encoding="utf-8")
    (record,) = log_records(books)
    assert record["anvandare"] == "eva" and record["resultat"] == "sparad"
    assert record["atgard"] == "PUT /api/source"
    assert record["tid"].endswith("Z") and record["tid"][:2] == "20"
    assert record["filer"] == [{
        "fil": "2019.beancount",
        "andring": (
            "--- a/2019.beancount\n+++ b/2019.beancount\n@@ -1,4 +1,4 @@\n"
            ' 2019-01-31 * "Fastighetsbolaget" "Hyra januari"\n   ver: "B1"\n'
            "-  Kostnader:SAMO:Hyra  100.00 SEK\n-  Tillgångar:Bank  -100.00 SEK\n"
            "+  Kostnader:SAMO:Hyra  150.00 SEK\n+  Tillgångar:Bank  -150.00 SEK\n"
        ),
    }]
    log = books.parent / LOG_NAME
    mode = stat.S_IMODE(log.stat().st_mode)
    assert mode & (stat.S_IWGRP | stat.S_IWOTH) == 0 and mode & stat.S_IRGRP
    # Beancount never loads the log: it is not one of the books' files.
    ledger = fava.app.config["LEDGERS"].ledgers[0]
    assert str(log) not in ledger.options["include"]
    # A second write appends; the first record stays as it was.
    first = log.read_bytes()
    fava.put_source(year, year.read_text(encoding="utf-8") + "\n; kommentar\n")
    assert log.read_bytes().startswith(first) and len(log_records(books)) == 2


def test_a_write_that_cannot_be_logged_is_not_made(books: Path, users: dict[str, User]) -> None:
    log = books.parent / LOG_NAME
    log.write_text("", encoding="utf-8")
    log.chmod(0o666)  # anyone may rewrite the history: refused
    fava = Fava(books, users)
    year = books.parent / "2019.beancount"
    before = files(books)
    answer = fava.put_source(year, fava.source(year)["source"] + "\n; x\n")
    assert answer.status_code == 403
    assert "kan ändras av andra än ägaren" in answer.get_json()["error"]
    assert files(books) == before


def test_finsam_fava_refuses_an_unsafe_change_log(
    books: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from finsam_accounts import cli

    log = books.parent / LOG_NAME
    log.write_text("", encoding="utf-8")
    log.chmod(0o664)
    assert cli.main(["fava", "--skrivbar"]) == 1
    assert capsys.readouterr().err == (
        f"finsam fava: ändringsloggen {log.resolve()} kan ändras av andra än ägaren: "
        f"kör chmod 640 {log.resolve()}\n"
    )
