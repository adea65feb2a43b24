"""Fava as ``finsam fava`` serves it: read-only unless asked, optionally behind a login.

:func:`make_app` builds the WSGI application (Fava, the login middleware, the proxy
headers); :func:`serve` runs it with cheroot, the server Fava itself uses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from cheroot.wsgi import Server
from fava.application import create_app
from flask import redirect, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

from finsam_accounts.fava.auth import BasicAuth, WsgiApp
from finsam_accounts.fava.edits import guard_edits
from finsam_accounts.fava.guard import LOOPBACK_NAMES, ReadOnly, RequestGuard
from finsam_accounts.fava.paths import RelativePaths
from finsam_accounts.fava.plugin_check import require_plugin
from finsam_accounts.fava.query_guard import protect_app
from finsam_accounts.fava.readonly_view import HiddenWriteControls
from finsam_accounts.fava.regex_guard import install as install_regex_guard
from finsam_accounts.fava.users import User

LOOPBACK = LOOPBACK_NAMES
SERVER_NAME = "finsam"  # the Server header: no program or version


def make_app(
    ledger: Path,
    *,
    writable: bool = False,
    users: Mapping[str, User] | None = None,
    behind_proxy: bool = False,
    hosts: Sequence[str] = LOOPBACK_NAMES,
    change_log: Path | None = None,
) -> WsgiApp:
    """Fava on ``ledger`` (loaded now), read-only unless ``writable``.

    The layers, outermost first: the proxy headers (``behind_proxy`` trusts one reverse
    proxy's X-Forwarded-For/-Proto/-Host, so that failed logins are counted per client and
    not per proxy), :class:`RequestGuard` (only the host names ``hosts``, no changes or
    data requests from other sites, security headers on every answer), the login
    (:class:`BasicAuth`, with ``users``), :class:`ReadOnly` and :class:`HiddenWriteControls`
    (unless ``writable``: writes refused, Fava's write buttons hidden),
    :class:`RelativePaths` (file names relative to the books' folder), Fava.
    A writable Fava refuses edits of the lines that run code or switch rules off and logs
    every write to ``change_log`` (default: beside the main file; :mod:`.edits`).
    """
    # The polling watcher (Fava checks the files' mtimes on each page request) instead of
    # a watcher thread with an inotify instance per application.
    fava = create_app(
        [str(ledger.resolve())], load=True, read_only=not writable, poll_watcher=True
    )
    protect_app(fava)  # no beanquery shell commands (.output FILE) in any mode
    install_regex_guard()  # no regular expression from a request freezes the server
    require_plugin(fava)  # no figures from books without the förbund's rules
    fava.view_functions["jump"] = jump
    if writable:
        guard_edits(fava, change_log)
    app: WsgiApp = RelativePaths(fava.wsgi_app, ledger.resolve().parent)
    if not writable:
        app = ReadOnly(HiddenWriteControls(app))
    if users is not None:
        app = BasicAuth(app, users)
    app = RequestGuard(app, hosts)
    fava.wsgi_app = app  # type: ignore[method-assign]
    if behind_proxy:
        return ProxyFix(fava, x_for=1, x_proto=1, x_host=1)
    return fava


def jump() -> Response:
    """Fava's ``/jump`` (back to the page it was clicked on, with changed parameters),
    without its open redirect: only the Referer's path and query are kept, so the answer
    always leads to a page of this server."""
    referrer = urlsplit(request.referrer or "")
    path = referrer.path if referrer.path.startswith("/") else "/"
    path = "/" + path.lstrip("/\\")  # never //host or /\\host (a browser reads both as a host)
    query = parse_qsl(referrer.query)
    for key, values in request.args.lists():
        query = [pair for pair in query if pair[0] != key]
        if values != [""]:
            query.extend((key, value) for value in values)
    return redirect(urlunsplit(("", "", path, urlencode(query), "")))


def address(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve(app: WsgiApp, host: str, port: int) -> Server:
    """A cheroot server for ``app``, bound to host and port (raises OSError if taken)."""
    server = Server((host, port), app, server_name=SERVER_NAME)
    server.prepare()
    return server
