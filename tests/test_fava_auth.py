"""The login in front of Fava, without a browser: users file, middleware, throttle, CLI."""

from __future__ import annotations

import base64
import io
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from werkzeug.test import Client

from finsam_accounts import cli
from finsam_accounts.errors import ReportError
from finsam_accounts.fava import auth
from finsam_accounts.fava.auth import MAX_FAILURES, BasicAuth, Throttle, credentials
from finsam_accounts.fava.users import (
    DUMMY_HASH,
    User,
    add_user,
    hash_password,
    load_users,
    parse_users,
)

BOOKS = b"Kassa och bank 6 157 998"


def books_app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    """Stands for Fava: answers every request with a figure of the books."""
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [BOOKS]


@pytest.fixture(scope="module")
def users() -> dict[str, User]:
    return {
        "anna": User("anna", "styrelse", hash_password("anna-lösenord")),
        "rolf": User("rolf", "revisor", hash_password("rolf-lösenord")),
        "eva": User("eva", "ekonom", hash_password("eva-lösenord")),
    }


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def basic(name: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{name}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def client(users: dict[str, User], throttle: Throttle | None = None) -> Client:
    return Client(BasicAuth(books_app, users, throttle))


def test_missing_header_is_401_and_shows_nothing_of_the_books(users: dict[str, User]) -> None:
    response = client(users).get("/umearegionen/balance_sheet/")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith('Basic realm="finsam"')
    assert BOOKS not in response.data
    assert response.get_data(as_text=True) == "Inloggning krävs.\n"


def test_right_password_passes(users: dict[str, User]) -> None:
    response = client(users).get("/", headers=basic("anna", "anna-lösenord"))
    assert response.status_code == 200 and response.data == BOOKS


def test_wrong_password_is_401(users: dict[str, User]) -> None:
    response = client(users).get("/", headers=basic("anna", "eva-lösenord"))
    assert response.status_code == 401
    assert BOOKS not in response.data
    assert "Fel användarnamn eller lösenord" in response.get_data(as_text=True)


def test_unknown_user_is_401_after_the_same_work(
    users: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []
    real = auth.password_matches

    def spy(password_hash: str, password: str) -> bool:
        checked.append(password_hash)
        return real(password_hash, password)

    monkeypatch.setattr(auth, "password_matches", spy)
    response = client(users).get("/", headers=basic("okänd", "anna-lösenord"))
    assert response.status_code == 401
    # An unknown name still costs one argon2 verification (against the dummy hash).
    assert checked == [DUMMY_HASH]


def test_malformed_headers_are_401(users: dict[str, User]) -> None:
    app = client(users)
    for header in ("Basic inte-base64!", "Bearer abc", "Basic " + base64.b64encode(b"x").decode()):
        assert app.get("/", headers={"Authorization": header}).status_code == 401
    assert credentials("Basic " + base64.b64encode("å:ö:ä".encode()).decode()) == ("å", "ö:ä")


@pytest.mark.parametrize("name", ["anna", "rolf"])
@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE", "PATCH"])
def test_read_only_roles_may_not_write(users: dict[str, User], name: str, method: str) -> None:
    response = client(users).open(
        "/umearegionen/api/source", method=method, headers=basic(name, f"{name}-lösenord")
    )
    # Logged in but not allowed: 403, and no new login challenge.
    assert response.status_code == 403
    assert "WWW-Authenticate" not in response.headers
    assert BOOKS not in response.data
    assert "får bara läsa" in response.get_data(as_text=True)


def test_read_only_roles_may_read_and_the_economist_may_write(users: dict[str, User]) -> None:
    app = client(users)
    assert app.get("/", headers=basic("rolf", "rolf-lösenord")).status_code == 200
    assert app.head("/", headers=basic("anna", "anna-lösenord")).status_code == 200
    response = app.put("/umearegionen/api/source", headers=basic("eva", "eva-lösenord"))
    assert response.status_code == 200 and response.data == BOOKS


def test_names_are_compared_in_constant_time_against_every_user(
    users: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    compared: list[tuple[bytes, bytes]] = []

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return a == b

    monkeypatch.setattr(auth, "compare_digest", spy)
    assert auth.find_user(users, "anna") is users["anna"]
    # No early exit at the match: every stored name is compared with hmac.compare_digest.
    assert compared == [(b"anna", b"anna"), (b"rolf", b"anna"), (b"eva", b"anna")]


def test_repeated_failures_from_one_address_are_locked_out(users: dict[str, User]) -> None:
    clock = Clock()
    throttle = Throttle(clock)
    app = client(users, throttle)
    here = {"REMOTE_ADDR": "192.0.2.7"}
    for _ in range(MAX_FAILURES):
        wrong = app.get("/", headers=basic("anna", "gissning"), environ_overrides=here)
        assert wrong.status_code == 401
    locked = app.get("/", headers=basic("anna", "anna-lösenord"), environ_overrides=here)
    assert locked.status_code == 429
    assert locked.headers["Retry-After"] == "61"
    assert BOOKS not in locked.data
    # Another user at another address is not affected (anna's name is locked too).
    other = {"REMOTE_ADDR": "192.0.2.8"}
    assert app.get("/", headers=basic("rolf", "rolf-lösenord"),
                   environ_overrides=other).status_code == 200
    assert app.get("/", headers=basic("anna", "anna-lösenord"),
                   environ_overrides=other).status_code == 429
    # After the lock, further failures lock the address twice as long.
    clock.now += 61
    for _ in range(MAX_FAILURES):
        app.get("/", headers=basic("anna", "gissning"), environ_overrides=here)
    assert throttle.wait("192.0.2.7") == 120
    clock.now += 120
    assert app.get("/", headers=basic("anna", "anna-lösenord"),
                   environ_overrides=here).status_code == 200
    assert throttle.wait("192.0.2.7", "anna") == 0


def test_failures_for_one_user_count_across_addresses(users: dict[str, User]) -> None:
    clock = Clock()
    throttle = Throttle(clock)
    app = client(users, throttle)
    # A guesser with many addresses, one guess each, at anna's password.
    for i in range(MAX_FAILURES):
        guess = app.get("/", headers=basic("anna", f"gissning-{i}"),
                        environ_overrides={"REMOTE_ADDR": f"203.0.113.{i}"})
        assert guess.status_code == 401
    fresh = {"REMOTE_ADDR": "203.0.113.200"}
    locked = app.get("/", headers=basic("anna", "anna-lösenord"), environ_overrides=fresh)
    assert locked.status_code == 429 and BOOKS not in locked.data
    # The addresses themselves are not locked: another user gets in from them.
    assert app.get("/", headers=basic("rolf", "rolf-lösenord"),
                   environ_overrides={"REMOTE_ADDR": "203.0.113.0"}).status_code == 200
    clock.now += 61
    assert app.get("/", headers=basic("anna", "anna-lösenord"),
                   environ_overrides=fresh).status_code == 200


def test_one_users_success_does_not_clear_another_users_failures(
    users: dict[str, User],
) -> None:
    throttle = Throttle(Clock())
    app = client(users, throttle)
    shared = {"REMOTE_ADDR": "192.0.2.50"}  # e.g. one office behind one address
    for _ in range(MAX_FAILURES - 1):
        assert app.get("/", headers=basic("rolf", "gissning"),
                       environ_overrides=shared).status_code == 401
    # anna logs in from the same address: rolf's failures there are not forgotten ...
    assert app.get("/", headers=basic("anna", "anna-lösenord"),
                   environ_overrides=shared).status_code == 200
    assert app.get("/", headers=basic("rolf", "gissning"),
                   environ_overrides=shared).status_code == 401
    # ... so the fifth failure in a row locks the address, and the name rolf.
    assert app.get("/", headers=basic("anna", "anna-lösenord"),
                   environ_overrides=shared).status_code == 429
    assert app.get("/", headers=basic("rolf", "rolf-lösenord"),
                   environ_overrides={"REMOTE_ADDR": "192.0.2.51"}).status_code == 429
    # rolf's own failures in a row are forgotten by rolf's success.
    throttle = Throttle(Clock())
    app = client(users, throttle)
    for _ in range(MAX_FAILURES - 1):
        app.get("/", headers=basic("rolf", "gissning"), environ_overrides=shared)
    assert app.get("/", headers=basic("rolf", "rolf-lösenord"),
                   environ_overrides=shared).status_code == 200
    assert app.get("/", headers=basic("rolf", "gissning"),
                   environ_overrides=shared).status_code == 401
    assert app.get("/", headers=basic("rolf", "rolf-lösenord"),
                   environ_overrides=shared).status_code == 200


# ---------------------------------------------------------------------------- users file


def test_users_file_is_salted_hashes_only(tmp_path: Path) -> None:
    path = tmp_path / "anvandare.txt"
    assert add_user(path, "anna", "styrelse", "samma-lösenord")
    assert add_user(path, "eva", "ekonom", "samma-lösenord")
    text = path.read_text(encoding="utf-8")
    assert "samma-lösenord" not in text
    loaded = load_users(path)
    assert loaded["anna"].password_hash != loaded["eva"].password_hash
    assert loaded["anna"].role == "styrelse" and loaded["eva"].may_write
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # Adding an existing name replaces its line.
    assert not add_user(path, "anna", "revisor", "nytt-lösenord")
    assert load_users(path)["anna"].role == "revisor"
    assert len(load_users(path)) == 2


def test_users_file_errors_are_file_and_line(tmp_path: Path) -> None:
    text = "# kommentar\nanna:styrelse\nbo:kassör:$argon2id$x\nanna:ekonom:$argon2id$x\n"
    _users, errors = parse_users(text, "anvandare.txt")
    assert [(e.source["lineno"], e.message) for e in errors] == [
        (2, "raden ska vara namn:roll:hash"),
        (3, "okänd roll 'kassör' (välj styrelse, revisor, ekonom)"),
    ]
    with pytest.raises(ReportError) as raised:
        load_users(tmp_path / "saknas.txt")
    assert raised.value.errors[0].message == "användarfilen finns inte"


# ----------------------------------------------------------------------------- commands


class Terminal(io.StringIO):
    """Standard input that is a terminal (the password is asked with getpass)."""

    def isatty(self) -> bool:
        return True


def test_add_user_command_asks_twice_without_echo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "anvandare.txt"
    answers = iter(["ett-långt-lösenord", "ett-långt-lösenord"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    monkeypatch.setattr("sys.stdin", Terminal())
    assert cli.main(["anvandare", "lägg-till", str(path), "anna", "--roll", "styrelse"]) == 0
    assert "Användaren anna (styrelse) har lagts till" in capsys.readouterr().out
    assert load_users(path)["anna"].role == "styrelse"


def test_add_user_command_refuses_different_passwords(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "anvandare.txt"
    monkeypatch.setattr("sys.stdin", io.StringIO("ett-långt-lösenord\nett-annat-lösenord\n"))
    assert cli.main(["anvandare", "lägg-till", str(path), "anna", "--roll", "ekonom"]) == 1
    assert "lösenorden är olika" in capsys.readouterr().err
    assert not path.exists()


def test_fava_command_reports_a_bad_users_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "anvandare.txt"
    path.write_text("anna:ordförande:$argon2id$x\n", encoding="utf-8")
    ledger = Path(__file__).resolve().parent.parent / "ledger" / "main.beancount"
    assert cli.main(["fava", "--ledger", str(ledger), "--användare", str(path)]) == 1
    assert capsys.readouterr().err == (
        f"{path}:1: okänd roll 'ordförande' (välj styrelse, revisor, ekonom)\n"
    )
    assert cli.main(["fava", "--ledger", str(tmp_path / "saknas.beancount")]) == 1
    assert "saknas.beancount finns inte" in capsys.readouterr().err


# ----------------------------------------------------------------------------- make_app

LEDGER = Path(__file__).resolve().parent.parent / "ledger" / "main.beancount"


def test_finsam_fava_is_read_only_by_default() -> None:
    from finsam_accounts.fava.server import make_app

    app = Client(make_app(LEDGER))
    slug = app.get("/").headers["Location"].strip("/").split("/")[0]
    before = LEDGER.read_bytes()
    source = app.get(f"/{slug}/api/source").get_json()["data"]
    response = app.put(
        f"/{slug}/api/source",
        json={"file_path": source["file_path"], "source": source["source"] + "\n; x\n",
              "sha256sum": source["sha256sum"]},
    )
    assert response.status_code == 403
    assert LEDGER.read_bytes() == before


def test_behind_a_proxy_failures_count_per_client(users: dict[str, User]) -> None:
    from finsam_accounts.fava.server import make_app

    app = Client(make_app(LEDGER, users=users, behind_proxy=True))
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    guesser = {"X-Forwarded-For": "203.0.113.9", **basic("rolf", "gissning")}
    for _ in range(MAX_FAILURES):
        assert app.get("/", headers=guesser, environ_overrides=proxy).status_code == 401
    assert app.get("/", headers=guesser, environ_overrides=proxy).status_code == 429
    # Another board member behind the same proxy still gets in.
    member = {"X-Forwarded-For": "198.51.100.4", **basic("anna", "anna-lösenord")}
    assert app.get("/", headers=member, environ_overrides=proxy).status_code == 302


# ------------------------------------------------------------ password strength, users file


@pytest.mark.parametrize("password", [
    "aaaaaaaaaa", "abcdefghij", "0123456789", "9876543210", "qwertyuiop", "asdfghjklö",
    "abcabcabca", "1212121212", "abcdefgh12", "Lösenord2024!", "password123!",
    "anna-2019-anna", "kort-1",
])
def test_add_user_refuses_weak_passwords(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    password: str,
) -> None:
    path = tmp_path / "anvandare.txt"
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{password}\n{password}\n"))
    assert cli.main(["anvandare", "lägg-till", str(path), "anna", "--roll", "styrelse"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("finsam anvandare: lösenordet ") and err.endswith(", inget ändrades\n")
    assert not path.exists()


@pytest.mark.parametrize("password", ["korv-med-bröd-7", "Tr0mb0n-Vals", "eva-lösenord"])
def test_add_user_accepts_reasonable_passwords(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, password: str
) -> None:
    path = tmp_path / "anvandare.txt"
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{password}\n{password}\n"))
    assert cli.main(["anvandare", "lägg-till", str(path), "anna", "--roll", "styrelse"]) == 0
    assert load_users(path)["anna"].role == "styrelse"


def test_add_user_from_a_script_prints_no_getpass_warning(tmp_path: Path) -> None:
    """Without a terminal (a script, CI), the two lines of standard input are the password,
    and no GetPassWarning or "Password input may be echoed" reaches the user."""
    import subprocess
    import sys

    script = Path(sys.executable).parent / "finsam"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "finsam_accounts.cli"]
    path = tmp_path / "anvandare.txt"
    done = subprocess.run(
        [*command, "anvandare", "lägg-till", str(path), "anna", "--roll", "revisor"],
        input="korv-med-bröd-7\nkorv-med-bröd-7\n", capture_output=True, text=True,
        timeout=120, start_new_session=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert load_users(path)["anna"].role == "revisor"


def bad_users_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Users files that cannot be used, with the line each must give."""
    binary = tmp_path / "binar.txt"
    binary.write_bytes(b"anna:styrelse:$argon2id$x\n\x00\x01\x02\xff")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("# Användare\nåsa:styrelse:$argon2id$x\n".encode("latin-1"))
    folder = tmp_path / "katalog"
    folder.mkdir()
    shared = tmp_path / "delad.txt"
    add_user(shared, "anna", "styrelse", "korv-med-bröd-7")
    shared.chmod(0o620)
    return {
        "binary": (binary, f"{binary}:2: användarfilen är ingen textfil (binärt innehåll)\n"),
        "latin1": (latin1, f"{latin1}:1: användarfilen är inte UTF-8 (spara den som UTF-8, "
                           "eller skapa den med finsam anvandare lägg-till)\n"),
        "folder": (folder, f"{folder}: användarfilen är en katalog, inte en fil\n"),
        "shared": (shared, f"{shared}: användarfilen kan ändras av andra än ägaren: "
                           f"kör chmod 600 {shared}\n"),
    }


@pytest.mark.parametrize("kind", ["binary", "latin1", "folder", "shared"])
def test_fava_refuses_an_unusable_users_file_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    path, line = bad_users_files(tmp_path)[kind]
    assert cli.main(["fava", "--ledger", str(LEDGER), "--användare", str(path)]) == 1
    assert capsys.readouterr().err == line


@pytest.mark.parametrize("kind", ["binary", "latin1", "folder"])
def test_add_user_refuses_an_unreadable_users_file_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    kind: str,
) -> None:
    path, line = bad_users_files(tmp_path)[kind]
    before = path.read_bytes() if path.is_file() else None
    monkeypatch.setattr("sys.stdin", io.StringIO("korv-med-bröd-7\nkorv-med-bröd-7\n"))
    assert cli.main(["anvandare", "lägg-till", str(path), "bo", "--roll", "revisor"]) == 1
    assert capsys.readouterr().err == line
    assert (path.read_bytes() if path.is_file() else None) == before
