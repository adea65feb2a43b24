"""The attest button of the writable Fava (issue 17): the logged-in user's attest, written
into the voucher's lines, and every attack on it refused and logged.

Each test serves small books with an attestordning from a temporary folder
(``make_app``), logs in as one of the users and posts what a browser (or a script with
that user's password) could post. The expected files and messages are written out here.
"""

from __future__ import annotations

import base64
import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from fava.beans.funcs import hash_entry
from fava.core.file import get_entry_slice
from werkzeug.test import Client

from finsam_accounts.cli import main
from finsam_accounts.fava import attest_action
from finsam_accounts.fava.changelog import LOG_NAME
from finsam_accounts.fava.server import make_app
from finsam_accounts.fava.users import User, hash_password
from finsam_accounts.ledger import load

MAIN = """\
option "title" "Testförbundet"
option "operating_currency" "SEK"
option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"
plugin "finsam_accounts.plugin"

2018-01-01 custom "räkenskapsår" 2018
2019-01-01 custom "räkenskapsår" 2019
2018-01-01 custom "verksamhet" "SAMO" "Testförbundet" "förbund"
2018-01-01 custom "fava-extension" "finsam_accounts.fava"

2018-01-01 open Tillgångar:Bank SEK
  nr: "1930"
2018-01-01 open Eget-kapital:Eget-kapital SEK
  nr: "2010"
2018-01-01 open Kostnader:SAMO:Hyra SEK
  nr: "6110"
  verksamhet: "SAMO"

2019-01-01 custom "attest-från" 2019-01-01
2018-01-01 custom "attestant" "Anna Berg" "beslutsattest" 50000.00 SEK
  anvandare: "anna"
2018-01-01 custom "attestant" "Eva Ek" "granskningsattest"
  anvandare: "eva"
2018-01-01 custom "attestant" "Per Ek" "granskningsattest"
  anvandare: "per"
2018-01-01 custom "attestant" "Rolf Rev" "beslutsattest"
  anvandare: "rolf"

include "2018.beancount"
include "2019.beancount"
"""

ROOTS = """\
option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"

"""

YEAR_2018 = ROOTS + """\
2018-06-30 * "Fastighetsbolaget" "Hyra 2018"
  ver: "B1"
  Kostnader:SAMO:Hyra  100.00 SEK
  Tillgångar:Bank  -100.00 SEK
"""

B1 = """\
2019-03-05 * "Fastighetsbolaget" "Hyra mars"
  ver: "B1"
  registrerad_av: "Eva Ek"
  Kostnader:SAMO:Hyra  100.00 SEK
  Tillgångar:Bank  -100.00 SEK"""

YEAR_2019 = ROOTS + B1 + "\n"
TODAY = datetime.date(2019, 3, 10)
PASSWORDS = {"eva": "eva-lösenord", "per": "per-lösenord", "anna": "anna-lösenord",
             "rolf": "rolf-lösenord", "kalle": "kalle-lösenord"}


def login(name: str) -> dict[str, str]:
    token = base64.b64encode(f"{name}:{PASSWORDS[name]}".encode()).decode()
    return {"Authorization": "Basic " + token}


@pytest.fixture(scope="module")
def users() -> dict[str, User]:
    roles = {"eva": "ekonom", "per": "ekonom", "anna": "styrelse", "rolf": "revisor",
             "kalle": "ekonom"}
    return {name: User(name, role, hash_password(PASSWORDS[name]))
            for name, role in roles.items()}


@pytest.fixture
def books(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "ledger"
    folder.mkdir()
    (folder / "main.beancount").write_text(MAIN, encoding="utf-8")
    (folder / "2018.beancount").write_text(YEAR_2018, encoding="utf-8")
    (folder / "2019.beancount").write_text(YEAR_2019, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(attest_action, "today", lambda: TODAY)
    return folder / "main.beancount"


class Fava:
    def __init__(self, books: Path, users: dict[str, User], writable: bool = True) -> None:
        app: Any = make_app(books, writable=writable, users=users)
        self.app = app
        self.client = Client(app)
        self.slug = self.client.get("/", headers=login("eva")).headers["Location"].split("/")[1]
        self.ledger: Any = app.config["LEDGERS"].ledgers[0]

    def voucher(self, year: int) -> Any:
        return next(e for e in self.ledger.all_entries
                    if type(e).__name__ == "Transaction" and e.date.year == year)

    def attest(self, user: str, role: str, year: int = 2019, sha: str | None = None,
               headers: dict[str, str] | None = None, **extra: str) -> Any:
        entry = self.voucher(year)
        form = {"post": hash_entry(entry), "roll": role,
                "sha256": sha if sha is not None else get_entry_slice(entry)[1], **extra}
        return self.client.post(f"/{self.slug}/extension/Attest/attestera", data=form,
                                headers={**login(user), **(headers or {})})

    def page(self, user: str) -> str:
        answer = self.client.get(f"/{self.slug}/extension/Attest/", headers=login(user))
        assert answer.status_code == 200
        return str(answer.get_data(as_text=True))


def year_2019(books: Path) -> str:
    return (books.parent / "2019.beancount").read_text(encoding="utf-8")


def log_records(books: Path) -> list[dict[str, Any]]:
    log = books.parent / LOG_NAME
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def test_the_user_attests_and_the_line_is_written_and_logged(
    books: Path, users: dict[str, User]
) -> None:
    fava = Fava(books, users)
    answer = fava.attest("per", "granskningsattest")
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith("/extension/Attest/?klar=B1")
    assert year_2019(books) == ROOTS + B1.replace(
        '  registrerad_av: "Eva Ek"\n',
        '  registrerad_av: "Eva Ek"\n  granskningsattest: "Per Ek 2019-03-10"\n') + "\n"
    # A board member (role styrelse) gives the beslutsattest with the same button.
    fava = Fava(books, users)
    assert fava.attest("anna", "beslutsattest").status_code == 303
    assert '  beslutsattest: "Anna Berg 2019-03-10"\n' in year_2019(books)
    assert load(books).errors == []
    records = log_records(books)
    assert [(r["anvandare"], r["atgard"], r["resultat"]) for r in records] == [
        ("per", "POST attest", "sparad"), ("anna", "POST attest", "sparad")]
    assert '+  granskningsattest: "Per Ek 2019-03-10"' in records[0]["filer"][0]["andring"]
    # Attested twice: refused.
    fava = Fava(books, users)
    again = fava.attest("per", "granskningsattest")
    assert again.status_code == 403
    assert again.get_data(as_text=True) == (
        "Attesten vägras: verifikation B1 har redan granskningsattest "
        "(Per Ek 2019-03-10)\n")


def refused(answer: Any, books: Path, message: str) -> None:
    assert (answer.status_code, answer.get_data(as_text=True)) == (403, message + "\n")
    assert year_2019(books) == YEAR_2019


def test_a_user_may_not_attest_his_own_voucher(books: Path, users: dict[str, User]) -> None:
    fava = Fava(books, users)
    refused(fava.attest("eva", "granskningsattest"), books,
            "Attesten vägras: verifikation B1: Eva Ek har registrerat verifikationen och får "
            "inte granskningsattestera den (självattest)")
    assert [(r["anvandare"], r["resultat"]) for r in log_records(books)] == [("eva", "vägrad")]


def test_a_forged_attest_for_another_user_is_refused(
    books: Path, users: dict[str, User]
) -> None:
    fava = Fava(books, users)
    # The form cannot name the attestant: per stays per, whatever else is posted.
    refused(fava.attest("per", "beslutsattest", anvandare="anna", namn="Anna Berg"), books,
            "Attesten vägras: verifikation B1: Per Ek har inte rätt till beslutsattest i "
            "attestordningen")
    # Nor may the attest be written by hand through Fava's editor.
    entry = fava.voucher(2019)
    text, sha = get_entry_slice(entry)
    forged = text.replace('  registrerad_av: "Eva Ek"',
                          '  registrerad_av: "Eva Ek"\n  beslutsattest: "Anna Berg 2019-03-10"')
    answer = fava.client.put(f"/{fava.slug}/api/source_slice", headers=login("per"), json={
        "entry_hash": hash_entry(entry), "source": forged, "sha256sum": sha})
    assert answer.status_code == 403
    assert answer.get_json()["error"].startswith("Ändringen vägras: attestordningen")
    whole = (books.parent / "2019.beancount").read_text(encoding="utf-8")
    source = fava.client.get(f"/{fava.slug}/api/source", headers=login("per"),
                             query_string={"filename": str(books.parent / "2019.beancount")})
    answer = fava.client.put(f"/{fava.slug}/api/source", headers=login("per"), json={
        "file_path": str(books.parent / "2019.beancount"),
        "source": whole.replace('"Eva Ek"', '"Lisa Ny"'),
        "sha256sum": source.get_json()["data"]["sha256sum"]})
    assert answer.status_code == 403
    # Nor may the attestordning be changed there (giving oneself a right).
    main_source = fava.client.get(f"/{fava.slug}/api/source", headers=login("per"),
                                  query_string={"filename": str(books)})
    answer = fava.client.put(f"/{fava.slug}/api/source", headers=login("per"), json={
        "file_path": str(books), "source": MAIN.replace(
            '"Per Ek" "granskningsattest"', '"Per Ek" "beslutsattest"'),
        "sha256sum": main_source.get_json()["data"]["sha256sum"]})
    assert answer.status_code == 403
    assert books.read_text(encoding="utf-8") == MAIN
    assert year_2019(books) == YEAR_2019


def test_who_may_not_attest_at_all(books: Path, users: dict[str, User]) -> None:
    fava = Fava(books, users)
    refused(fava.attest("kalle", "granskningsattest"), books,
            "Attesten vägras: användaren kalle finns inte i attestordningen (anvandare på "
            'custom "attestant")')
    # The auditors never write, not even with a right in the attestordning.
    refused(fava.attest("rolf", "beslutsattest"), books,
            "Rollen revisor får bara läsa bokföringen; ändringar kräver rollen ekonom.")
    refused(fava.attest("per", "chefsattest"), books,
            'Attesten vägras: okänd attest "chefsattest" (beslutsattest eller '
            "granskningsattest)")


def test_a_concurrent_edit_is_refused(books: Path, users: dict[str, User]) -> None:
    fava = Fava(books, users)
    stale = get_entry_slice(fava.voucher(2019))[1]
    path = books.parent / "2019.beancount"
    # Someone else's edit of the voucher's lines after the page showed them (a comment:
    # the voucher itself, and so its hash, stays the same).
    changed = YEAR_2019.replace("-100.00 SEK", "-100.00 SEK ; betald 2019-03-06")
    path.write_text(changed, encoding="utf-8")
    answer = fava.attest("per", "granskningsattest", sha=stale)
    assert (answer.status_code, answer.get_data(as_text=True)) == (403, (
        "Attesten vägras: verifikationen har ändrats sedan sidan visades; ladda om sidan "
        "och attestera igen.\n"))
    assert path.read_text(encoding="utf-8") == changed
    # An edit of the voucher itself: the hash the page posts names no voucher any more.
    old_hash = hash_entry(fava.voucher(2019))
    amount = changed.replace("100.00 SEK", "120.00 SEK")
    path.write_text(amount, encoding="utf-8")
    answer = fava.client.post(f"/{fava.slug}/extension/Attest/attestera", headers=login("per"),
                              data={"post": old_hash, "roll": "granskningsattest",
                                    "sha256": stale})
    assert (answer.status_code, answer.get_data(as_text=True)) == (403, (
        "Attesten vägras: verifikationen finns inte i bokföringen (den kan ha ändrats sedan "
        "sidan visades): ladda om sidan\n"))
    assert path.read_text(encoding="utf-8") == amount


def test_read_only_fava_and_a_foreign_origin_are_refused(
    books: Path, users: dict[str, User]
) -> None:
    fava = Fava(books, users, writable=False)
    answer = fava.attest("per", "granskningsattest")
    assert answer.status_code == 403
    assert "skrivskyddad" in answer.get_data(as_text=True)
    fava = Fava(books, users)
    answer = fava.attest("per", "granskningsattest",
                         headers={"Origin": "http://ond.example"})
    assert answer.status_code == 403
    assert "annan webbplats" in answer.get_data(as_text=True)
    assert year_2019(books) == YEAR_2019


def test_a_voucher_in_a_locked_year_is_not_attested(
    books: Path, users: dict[str, User], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bokslut", "2018", "--ledger", str(books)]) == 0, capsys.readouterr().err
    fava = Fava(books, users)
    before = (books.parent / "2018.beancount").read_text(encoding="utf-8")
    answer = fava.attest("per", "granskningsattest", year=2018)
    assert (answer.status_code, answer.get_data(as_text=True)) == (403, (
        "Attesten vägras: 2018 är låst (finsam bokslut): en verifikation i ett låst år "
        "ändras inte\n"))
    assert (books.parent / "2018.beancount").read_text(encoding="utf-8") == before


def test_the_page_lists_the_unattested_with_the_users_buttons(
    books: Path, users: dict[str, User]
) -> None:
    fava = Fava(books, users)
    per = fava.page("per")
    assert "<td>B1</td>" in per
    assert "Ge granskningsattest" in per and "Ge beslutsattest" not in per
    eva = fava.page("eva")  # she registered B1: no button
    assert "<td>B1</td>" in eva and "<button" not in eva
    assert "Ge beslutsattest" in fava.page("anna")
    read_only = Fava(books, users, writable=False).page("per")
    assert "<td>B1</td>" in read_only and "<button" not in read_only


def test_the_add_form_records_who_registered_the_voucher(
    books: Path, users: dict[str, User]
) -> None:
    fava = Fava(books, users)
    answer = fava.client.put(f"/{fava.slug}/api/add_entries", headers=login("per"), json={
        "entries": [{
            "t": "Transaction", "date": "2019-03-08", "flag": "*",
            "payee": "Fastighetsbolaget", "narration": "Hyra april", "meta": {"ver": "B"},
            "tags": [], "links": [],
            "postings": [{"account": "Kostnader:SAMO:Hyra", "amount": "100.00 SEK"},
                         {"account": "Tillgångar:Bank", "amount": "-100.00 SEK"}]}]})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    added = year_2019(books)[len(YEAR_2019):]
    assert 'ver: "B2"' in added and 'registrerad_av: "Per Ek"' in added
    # A registrerad_av sent with the form is refused (it would dodge the self-attest rule).
    answer = fava.client.put(f"/{fava.slug}/api/add_entries", headers=login("per"), json={
        "entries": [{
            "t": "Transaction", "date": "2019-03-09", "flag": "*",
            "payee": "Fastighetsbolaget", "narration": "Hyra maj",
            "meta": {"ver": "B", "registrerad_av": "Lisa Ny"}, "tags": [], "links": [],
            "postings": [{"account": "Kostnader:SAMO:Hyra", "amount": "100.00 SEK"},
                         {"account": "Tillgångar:Bank", "amount": "-100.00 SEK"}]}]})
    assert answer.status_code == 403
    assert "Lisa Ny" not in year_2019(books)
