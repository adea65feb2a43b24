"""Fava as ``finsam fava`` serves it: read-only unless asked, optionally behind a login.

:func:`make_app` builds the WSGI application (Fava, the login middleware, the proxy
headers); :func:`serve` runs it with cheroot, the server Fava itself uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from cheroot.wsgi import Server
from fava.application import create_app
from werkzeug.middleware.proxy_fix import ProxyFix

from finsam_accounts.fava.auth import BasicAuth, WsgiApp
from finsam_accounts.fava.query_guard import protect_app
from finsam_accounts.fava.users import User

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def make_app(
    ledger: Path,
    *,
    writable: bool = False,
    users: Mapping[str, User] | None = None,
    behind_proxy: bool = False,
) -> WsgiApp:
    """Fava on ``ledger`` (loaded now), read-only unless ``writable``.

    With ``users``, every request must log in (:class:`BasicAuth`). ``behind_proxy`` trusts
    one reverse proxy's X-Forwarded-For/-Proto/-Host, so that failed logins are counted per
    client and not per proxy.
    """
    fava = create_app([str(ledger.resolve())], load=True, read_only=not writable)
    protect_app(fava)  # no beanquery shell commands (.output FILE) in any mode
    app: WsgiApp = fava.wsgi_app if users is None else BasicAuth(fava.wsgi_app, users)
    fava.wsgi_app = app  # type: ignore[method-assign,assignment]
    if behind_proxy:
        return ProxyFix(fava, x_for=1, x_proto=1, x_host=1)
    return fava


def address(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve(app: WsgiApp, host: str, port: int) -> Server:
    """A cheroot server for ``app``, bound to host and port (raises OSError if taken)."""
    server = Server((host, port), app)
    server.prepare()
    return server
