"""HTTP Basic login in front of Fava, with roles and a brake on guessing.

Fava has no login and its maintainers will not add one, so ``finsam fava --användare FIL``
wraps Fava's WSGI application in :class:`BasicAuth`:

* every request needs valid credentials; without them the answer is 401 and a short
  Swedish text, never a byte of the books;
* a logged-in user whose role only reads (styrelse, revisor) gets 403 on every request
  that is not GET or HEAD (but for a board member's attest button, :func:`attest_request`,
  which the attestordning then decides), so none of Fava's write endpoints (``PUT /api/source``,
  ``PUT /api/source_slice``, ``DELETE /api/source_slice``, ``PUT /api/add_entries``,
  ``PUT /api/format_source``, ``PUT /api/move``, ``PUT /api/add_document``,
  ``PUT /api/attach_document``, ``DELETE /api/document``, ``PUT /api/upload_import_file``,
  and extensions' POST/PUT/DELETE endpoints) is reachable, even if Fava runs writable;
* names are compared with :func:`hmac.compare_digest` against every user (no early exit)
  and an unknown name is checked against a dummy hash, so timing tells nothing about which
  names exist; the password check is argon2's constant-time verification;
* after ``MAX_FAILURES`` failed logins in a row from one address, or for one user name,
  that address or name is refused (429) for ``LOCK_SECONDS``, doubling with each further
  lock up to ``MAX_LOCK_SECONDS`` (:class:`Throttle`); the state is in memory and bounded.

Basic auth sends the password with every request: a public address needs TLS in front
(docs/fava.md).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from hmac import compare_digest
from typing import Any

from finsam_accounts.fava.users import DUMMY_HASH, User, password_matches

REALM = "finsam"
SAFE_METHODS = frozenset({"GET", "HEAD"})
MAX_FAILURES = 5
LOCK_SECONDS = 60.0
MAX_LOCK_SECONDS = 900.0
MAX_ADDRESSES = 10_000

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


@dataclass
class _Record:
    failures: dict[str, int] = field(default_factory=dict)  # failed logins by whom
    locks: int = 0
    locked_until: float = 0.0


class _Counts:
    """Failed logins in a row per key (an address or a user name), with growing locks."""

    def __init__(self, clock: Callable[[], float], limit: int) -> None:
        self._clock = clock
        self._limit = limit
        self._records: OrderedDict[str, _Record] = OrderedDict()

    def wait(self, key: str) -> float:
        record = self._records.get(key)
        return 0.0 if record is None else max(0.0, record.locked_until - self._clock())

    def failed(self, key: str, by: str) -> None:
        record = self._records.pop(key, None) or _Record()
        record.failures[by] = record.failures.get(by, 0) + 1
        if sum(record.failures.values()) >= MAX_FAILURES:
            record.locks += 1
            seconds = min(LOCK_SECONDS * 2 ** (record.locks - 1), MAX_LOCK_SECONDS)
            record.locked_until = self._clock() + seconds
            record.failures = {}
        self._records[key] = record
        while len(self._records) > self._limit:
            self._records.popitem(last=False)

    def forget(self, key: str, by: str | None = None) -> None:
        """Forget the failures of ``by`` (all failures if None); a lock's length stays."""
        record = self._records.get(key)
        if record is None:
            return
        if by is None:
            record.failures = {}
        else:
            record.failures.pop(by, None)
        if not record.failures and not record.locks:
            del self._records[key]


class Throttle:
    """Failed logins in memory, counted per client address and per user name.

    ``MAX_FAILURES`` failures in a row from one address lock that address, whichever names
    were tried; ``MAX_FAILURES`` failures in a row for one user name lock that name,
    from whichever addresses (a guesser with many addresses). A successful login forgets
    only that user's own failures: those counted for the name, and those of the name at the
    address, never another user's failures from the same address. At most
    ``MAX_ADDRESSES`` addresses and as many names are kept. Unknown names are counted like
    known ones, so that a lock tells nothing about which names exist.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._addresses = _Counts(clock, MAX_ADDRESSES)
        self._users = _Counts(clock, MAX_ADDRESSES)
        self._lock = threading.Lock()

    def wait(self, address: str, name: str | None = None) -> float:
        """Seconds until the address (and the user name, if given) may try again."""
        with self._lock:
            by_address = self._addresses.wait(address)
            return max(by_address, self._users.wait(name)) if name is not None else by_address

    def failed(self, address: str, name: str = "") -> None:
        """A failed login from ``address`` as ``name``."""
        with self._lock:
            self._addresses.failed(address, name)
            self._users.failed(name, address)

    def succeeded(self, address: str, name: str = "") -> None:
        with self._lock:
            self._addresses.forget(address, name)
            self._users.forget(name)


def credentials(header: str) -> tuple[str, str] | None:
    """(name, password) from an ``Authorization: Basic ...`` header, or None."""
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "basic" or not value:
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    name, colon, password = decoded.partition(":")
    return (name, password) if colon else None


def find_user(users: Mapping[str, User], name: str) -> User | None:
    """The user with this name, comparing against every name in constant time."""
    wanted = name.encode("utf-8")
    found = None
    for user in users.values():
        if compare_digest(user.name.encode("utf-8"), wanted):
            found = user
    return found


def authenticate(users: Mapping[str, User], name: str, password: str) -> User | None:
    """The user if the password is theirs; an unknown name costs the same work."""
    user = find_user(users, name)
    matches = password_matches(user.password_hash if user else DUMMY_HASH, password)
    return user if user is not None and matches else None


class BasicAuth:
    """WSGI middleware: HTTP Basic login and read-only roles in front of ``app``."""

    def __init__(
        self, app: WsgiApp, users: Mapping[str, User], throttle: Throttle | None = None
    ) -> None:
        self.app = app
        self.users = dict(users)
        self.throttle = throttle or Throttle()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        address = str(environ.get("REMOTE_ADDR") or "")
        given = credentials(str(environ.get("HTTP_AUTHORIZATION") or ""))
        wait = self.throttle.wait(address, given[0] if given else None)
        if wait:
            return _answer(
                start_response,
                "429 Too Many Requests",
                "För många misslyckade inloggningar. Försök igen om "
                f"{int(wait) + 1} sekunder.",
                [("Retry-After", str(int(wait) + 1))],
            )
        if given is None:
            return _login_required(start_response, "Inloggning krävs.")
        user = authenticate(self.users, *given)
        if user is None:
            self.throttle.failed(address, given[0])
            return _login_required(start_response, "Fel användarnamn eller lösenord.")
        self.throttle.succeeded(address, user.name)
        method = str(environ.get("REQUEST_METHOD") or "GET").upper()
        if method not in SAFE_METHODS and not user.may_write and not attest_request(
                user, method, environ):
            # Logged in, but the role may not do this: 403, not a new login challenge.
            return _answer(
                start_response,
                "403 Forbidden",
                f"Rollen {user.role} får bara läsa bokföringen; ändringar kräver rollen ekonom.",
                [],
                environ,
            )
        environ["REMOTE_USER"] = user.name
        return self.app(environ, start_response)


# The one write a reading role may ask for: the attest button (fava/attest_page.py), for
# the board (the chair often holds beslutsattest); the auditors never attest.
ATTEST_PATH = re.compile(r"^/[^/]+/extension/Attest/attestera$")
ATTESTING_ROLES = frozenset({"styrelse"})


def attest_request(user: User, method: str, environ: Mapping[str, Any]) -> bool:
    """Whether the request is a board member's press of the attest button (what it may
    do is then decided by the attestordning, in the writable Fava only)."""
    return (user.role in ATTESTING_ROLES and method == "POST"
            and bool(ATTEST_PATH.match(str(environ.get("PATH_INFO") or ""))))


def _login_required(start_response: StartResponse, message: str) -> list[bytes]:
    challenge = f'Basic realm="{REALM}", charset="UTF-8"'
    return _answer(start_response, "401 Unauthorized", message, [("WWW-Authenticate", challenge)])


def refusal_body(message: str, environ: dict[str, Any] | None) -> tuple[bytes, str]:
    """A refusal's body and content type: for Fava's API (``/api/`` in the path, what its
    Spara, Radera and Lägg till buttons call) ``{"error": message}``, which Fava shows to
    the user as its own error message, in Swedish; plain text otherwise."""
    path = str((environ or {}).get("PATH_INFO") or "")
    if "/api/" in path:
        return (json.dumps({"error": message}, ensure_ascii=False).encode("utf-8"),
                "application/json; charset=utf-8")
    return (message + "\n").encode("utf-8"), "text/plain; charset=utf-8"


def _answer(
    start_response: StartResponse, status: str, message: str, headers: list[tuple[str, str]],
    environ: dict[str, Any] | None = None,
) -> list[bytes]:
    body, kind = refusal_body(message, environ)
    start_response(
        status,
        [
            ("Content-Type", kind),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
            *headers,
        ],
    )
    return [body]
