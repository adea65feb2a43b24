"""The read-only Fava hides Fava's own write controls, and says why where they were.

Fava's frontend has no read-only mode: the board would see the editor's Spara, the entry
dialog's Radera and Spara, the add-transaction button (+) and the upload and move forms,
and a press would only get the server's refusal (:class:`~finsam_accounts.fava.guard.
ReadOnly`, which stays: hiding a button is no protection). :class:`HiddenWriteControls`
adds one stylesheet to the head of every HTML page Fava serves. Fava's single-page
navigation replaces the page's body only, so the stylesheet holds on every page reached
from the first. The selectors follow Fava's own markup (``fava/static/app.js``; the
browser test in ``tests/test_fava_readonly_controls.py`` checks them against the Fava
that is installed). The query page's "Kör" stays: a query changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from finsam_accounts.fava.auth import StartResponse, WsgiApp

MARK = "finsam-skrivskydd"
NOTE = (
    "Skrivskyddad: här sparas inga ändringar. De görs i den skrivbara Fava "
    "(finsam fava --skrivbar) eller i filerna."
)
HIDDEN = (
    'form.fixed-fullsize-container button[type="submit"]',  # the editor's Spara
    'dialog form button[type="submit"]',  # the dialogs: Lägg till, Spara, Flytta, Ladda upp
    "dialog form .flex-row > button.muted",  # the entry dialog's Radera
    'form:has(> input[type="file"])',  # the import page's upload
    ".filelist button.round",  # the import page's delete
    ".filelist form",  # the import page's move
    'a[href="#add-transaction"]',  # the + in the menu and beside it
)
STYLE = (
    f'<style id="{MARK}">\n'
    + ",\n".join(HIDDEN)
    + " { display: none !important; }\n"
    + 'form.fixed-fullsize-container::before, dialog form:has(> div.editor)::after {\n'
    + f'  content: "{NOTE}"; display: block; padding: 0.3em 0.6em;\n'
    + "  background: #fff3cd; color: #664d03; font-size: 0.9em; }\n"
    + "</style>"
).encode("utf-8")


class HiddenWriteControls:
    """WSGI middleware: :data:`STYLE` in the head of every whole HTML page."""

    def __init__(self, app: WsgiApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            kind = next((v for k, v in headers if k.lower() == "content-type"), "")
            if not (status.startswith("200") and kind.startswith("text/html")):
                return start_response(status, headers, *rest)
            captured.update(status=status, headers=headers, rest=rest)
            return lambda data: None  # Flask never uses write()

        body = self.app(environ, capture)
        if not captured:
            return body
        try:
            content = b"".join(body)
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
        content = with_style(content)
        headers = [
            (name, str(len(content)) if name.lower() == "content-length" else value)
            for name, value in captured["headers"]
        ]
        start_response(captured["status"], headers, *captured["rest"])
        return [content]


def with_style(page: bytes) -> bytes:
    """The page with :data:`STYLE` before its ``</head>`` (a fragment is left as it is)."""
    head = page.find(b"</head>")
    if head < 0:
        return page
    return page[:head] + STYLE + page[head:]
