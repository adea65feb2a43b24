"""The request layer in front of Fava: which requests reach it, and the headers of every answer.

:class:`RequestGuard` is the outermost part of ``finsam fava`` (inside the proxy headers of
``--bakom-proxy``, outside the login) and refuses, before anything else runs:

* a ``Host`` that is not one of the configured names (``127.0.0.1``, ``localhost`` and
  ``::1`` always, the names given with ``--värdnamn``, the address given with ``--host``):
  a page on another site whose name is made to point at this machine (DNS rebinding)
  cannot read the books through the board member's browser (400);
* a request that is not GET or HEAD whose ``Origin`` (or, without it, ``Referer``) is not
  this server's own address, or that the browser marks as coming from another site
  (``Sec-Fetch-Site``): no change from another site's form or script (CSRF, 403);
* any request from another site that is not a plain navigation (``Sec-Fetch-Mode``): no
  other site's script, image or frame loads the books' data (403);

and gives every answer (its own, the login's and Fava's) the headers that keep the pages
out of other sites' frames (``X-Frame-Options``, CSP ``frame-ancestors``), stop content
sniffing, keep the address out of other sites' Referer, and forbid storing the books'
data in caches (``Cache-Control: no-store`` on everything but Fava's static files).

:class:`ReadOnly` answers 403 to every change when Fava runs without ``--skrivbar``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

from finsam_accounts.fava.auth import SAFE_METHODS, StartResponse, WsgiApp, refusal_body

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
ANY_ADDRESS = ("0.0.0.0", "::", "")
STATIC_PREFIX = "/static/"

SECURITY_HEADERS = (
    ("X-Frame-Options", "DENY"),
    ("Content-Security-Policy", "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
)
REPLACED = frozenset({name.lower() for name, _ in SECURITY_HEADERS} | {"server"})


def host_name(host: str) -> str:
    """The name in a ``Host`` header or an URL's netloc: no port, brackets or final dot."""
    host = host.strip().lower()
    if host.startswith("["):
        host = host[1 : host.find("]")] if "]" in host else host[1:]
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


def allowed_hosts(listen: str, names: Sequence[str] = ()) -> frozenset[str]:
    """The host names the server answers to: loopback, the configured names, and the
    address it listens on (unless that is every address)."""
    wanted = {*LOOPBACK_NAMES, *(host_name(name) for name in names)}
    if listen not in ANY_ADDRESS:
        wanted.add(host_name(listen))
    return frozenset(wanted)


class RequestGuard:
    """WSGI middleware: Host, Origin and cross-site checks, and security headers."""

    def __init__(self, app: WsgiApp, hosts: Iterable[str]) -> None:
        self.app = app
        self.hosts = frozenset(host_name(h) for h in hosts)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        static = str(environ.get("PATH_INFO") or "").startswith(STATIC_PREFIX)

        def with_headers(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            kept = [
                (name, value)
                for name, value in headers
                if name.lower() not in REPLACED
                and not (name.lower() == "cache-control" and not static)
            ]
            kept.extend(SECURITY_HEADERS)
            if not static:
                kept.append(("Cache-Control", "no-store"))
            return start_response(status, kept, *rest)

        problem = self.refusal(environ)
        if problem is not None:
            status, message = problem
            return answer(with_headers, status, message)
        return self.app(environ, with_headers)

    def refusal(self, environ: dict[str, Any]) -> tuple[str, str] | None:
        """(status, Swedish message) if the request is refused, else None."""
        host = str(environ.get("HTTP_HOST") or "")
        if host_name(host) not in self.hosts:
            shown = host or "(ingen)"
            return (
                "400 Bad Request",
                f"Okänt värdnamn {shown!r}: finsam fava svarar bara på de namn den har "
                "startats med (--värdnamn).",
            )
        method = str(environ.get("REQUEST_METHOD") or "GET").upper()
        fetch_site = str(environ.get("HTTP_SEC_FETCH_SITE") or "").lower()
        fetch_mode = str(environ.get("HTTP_SEC_FETCH_MODE") or "").lower()
        foreign_fetch = fetch_site in ("cross-site", "same-site")
        if method not in SAFE_METHODS:
            source = str(environ.get("HTTP_ORIGIN") or environ.get("HTTP_REFERER") or "")
            if foreign_fetch or (source and not same_origin(source, environ)):
                return (
                    "403 Forbidden",
                    "Ändringen kommer från en annan webbplats och vägras (Origin "
                    f"{source or fetch_site}).",
                )
        elif foreign_fetch and fetch_mode not in ("navigate", ""):
            return (
                "403 Forbidden",
                "Bokföringens data lämnas inte ut till en annan webbplats.",
            )
        return None


def same_origin(source: str, environ: dict[str, Any]) -> bool:
    """Whether an Origin or Referer is this server's own scheme and host (with port)."""
    if source.strip().lower() == "null":
        return False
    parts = urlsplit(source.strip())
    scheme = str(environ.get("wsgi.url_scheme") or "http")
    host = str(environ.get("HTTP_HOST") or "").lower()
    return parts.scheme.lower() == scheme and parts.netloc.lower() == host


class ReadOnly:
    """WSGI middleware: 403 on every request that is not GET or HEAD (Fava read-only).

    Fava's own read-only mode refuses everything but GET, HEAD too (401, as if a login
    were missing): a HEAD (link checkers, monitoring) is passed on as a GET and answered
    with its headers and no body."""

    def __init__(self, app: WsgiApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = str(environ.get("REQUEST_METHOD") or "GET").upper()
        if method not in SAFE_METHODS:
            return answer(
                start_response,
                "403 Forbidden",
                "Fava visar bokföringen skrivskyddad: ändringar görs i den skrivbara Fava "
                "(finsam fava --skrivbar) eller i filerna.",
                environ,
            )
        if method == "HEAD":
            body = self.app({**environ, "REQUEST_METHOD": "GET"}, start_response)
            close = getattr(body, "close", None)
            if close is not None:
                close()
            return []
        return self.app(environ, start_response)


def answer(start_response: StartResponse, status: str, message: str,
           environ: dict[str, Any] | None = None) -> list[bytes]:
    """A refusal; Fava's API calls get it as ``{"error": ...}`` (shown by Fava)."""
    body, kind = refusal_body(message, environ)
    start_response(
        status,
        [
            ("Content-Type", kind),
            ("Content-Length", str(len(body))),
        ],
    )
    return [body]
