"""HTTP Basic login in front of Fava, with roles and a brake on guessing.

Fava has no login and its maintainers will not add one, so ``finsam fava --användare FIL``
wraps Fava's WSGI application in :class:`BasicAuth`:

* every request needs valid credentials; without them the answer is 401 and a short
  Swedish text, never a byte of the books;
* a user whose role only reads (styrelse, revisor) gets 401 on every request that is not
  GET or HEAD, so none of Fava's write endpoints (``PUT /api/source``,
  ``PUT /api/source_slice``, ``DELETE /api/source_slice``, ``PUT /api/add_entries``,
  ``PUT /api/format_source``, ``PUT /api/move``, ``PUT /api/add_document``,
  ``PUT /api/attach_document``, ``DELETE /api/document``, ``PUT /api/upload_import_file``,
  and extensions' POST/PUT/DELETE endpoints) is reachable, even if Fava runs writable;
* names are compared with :func:`hmac.compare_digest` against every user (no early exit)
  and an unknown name is checked against a dummy hash, so timing tells nothing about which
  names exist; the password check is argon2's constant-time verification;
* after ``MAX_FAILURES`` failed logins in a row from one address, that address is refused
  (429) for ``LOCK_SECONDS``, doubling with each further lock up to ``MAX_LOCK_SECONDS``;
  the state is in memory and bounded.

Basic auth sends the password with every request: a public address needs TLS in front
(docs/fava.md).
"""

from __future__ import annotations

import base64
import binascii
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
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
    failures: int = 0
    locks: int = 0
    locked_until: float = 0.0


class Throttle:
    """Failed logins per client address, in memory, for at most MAX_ADDRESSES addresses."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._records: OrderedDict[str, _Record] = OrderedDict()
        self._lock = threading.Lock()

    def wait(self, address: str) -> float:
        """Seconds until the address may try again (0: it may try now)."""
        with self._lock:
            record = self._records.get(address)
            if record is None:
                return 0.0
            return max(0.0, record.locked_until - self._clock())

    def failed(self, address: str) -> None:
        with self._lock:
            record = self._records.pop(address, None) or _Record()
            record.failures += 1
            if record.failures >= MAX_FAILURES:
                record.locks += 1
                seconds = min(LOCK_SECONDS * 2 ** (record.locks - 1), MAX_LOCK_SECONDS)
                record.locked_until = self._clock() + seconds
                record.failures = 0
            self._records[address] = record
            while len(self._records) > MAX_ADDRESSES:
                self._records.popitem(last=False)

    def succeeded(self, address: str) -> None:
        with self._lock:
            self._records.pop(address, None)


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
        wait = self.throttle.wait(address)
        if wait:
            return _answer(
                start_response,
                "429 Too Many Requests",
                "För många misslyckade inloggningar. Försök igen om "
                f"{int(wait) + 1} sekunder.",
                [("Retry-After", str(int(wait) + 1))],
            )
        given = credentials(str(environ.get("HTTP_AUTHORIZATION") or ""))
        if given is None:
            return _login_required(start_response, "Inloggning krävs.")
        user = authenticate(self.users, *given)
        if user is None:
            self.throttle.failed(address)
            return _login_required(start_response, "Fel användarnamn eller lösenord.")
        self.throttle.succeeded(address)
        method = str(environ.get("REQUEST_METHOD") or "GET").upper()
        if method not in SAFE_METHODS and not user.may_write:
            return _login_required(
                start_response,
                f"Rollen {user.role} får bara läsa bokföringen; ändringar kräver rollen ekonom.",
            )
        environ["REMOTE_USER"] = user.name
        return self.app(environ, start_response)


def _login_required(start_response: StartResponse, message: str) -> list[bytes]:
    challenge = f'Basic realm="{REALM}", charset="UTF-8"'
    return _answer(start_response, "401 Unauthorized", message, [("WWW-Authenticate", challenge)])


def _answer(
    start_response: StartResponse, status: str, message: str, headers: list[tuple[str, str]]
) -> list[bytes]:
    body = (message + "\n").encode("utf-8")
    start_response(
        status,
        [
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
            *headers,
        ],
    )
    return [body]
