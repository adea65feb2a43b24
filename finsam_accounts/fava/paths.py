"""No absolute server paths in what Fava sends: file names relative to the books' folder.

Fava names every file by its absolute path on the server: the list of included files,
each entry's ``filename``, errors, the editor's ``file_path``, query results (also
inside the XLSX and ODS files a query downloads, which are zip archives). That tells
anyone who may read the books (the board, or a visitor of a public address) how the
server is laid out (user names, folders). :class:`RelativePaths` rewrites the answers
(HTML and JSON) so that a file of the books is named relative to the books' folder
(``2019.beancount``), and turns such a relative name in a request (the ``filename`` and
``file_path`` that Fava's editor sends back) into the absolute path again, so that Fava
itself still works with absolute paths and its own checks (only files of the books are
read or written) still apply.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from finsam_accounts.fava.auth import StartResponse, WsgiApp

PATH_PARAMS = frozenset({"filename", "file_path"})
REWRITTEN_TYPES = ("text/html", "application/json", "text/plain", "text/csv")
# Spreadsheets of a query (XLSX, ODS) are zip archives: each member is rewritten.
ARCHIVE_TYPES = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "application/vnd.oasis.opendocument.spreadsheet")
MAX_JSON_BODY = 64 * 1024 * 1024


class RelativePaths:
    """WSGI middleware: the books' folder left out of answers and added back to requests."""

    def __init__(self, app: WsgiApp, folder: Path) -> None:
        self.app = app
        self.folder = str(folder)
        prefix = self.folder.rstrip("/") + "/"
        # Every form the prefix takes in an answer: plain, escaped in JSON (Flask writes
        # non-ASCII as \\uXXXX and may escape "/"), percent-encoded in links.
        forms = {
            prefix,
            json.dumps(prefix)[1:-1],
            json.dumps(prefix, ensure_ascii=False)[1:-1],
            prefix.replace("/", "\\/"),
            json.dumps(prefix)[1:-1].replace("/", "\\/"),
            quote(prefix, safe=""),
            quote(prefix, safe="/"),
        }
        self.forms = sorted((form.encode("utf-8") for form in forms), key=len, reverse=True)

    def absolute(self, value: str) -> str:
        if not value or os.path.isabs(value):
            return value
        return os.path.normpath(os.path.join(self.folder, value))

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        self.rewrite_request(environ)
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
            if not content_type.startswith(REWRITTEN_TYPES + ARCHIVE_TYPES):
                return start_response(status, headers, *rest)
            captured.update(status=status, headers=headers, rest=rest,
                            archive=content_type.startswith(ARCHIVE_TYPES))
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
        content = self.strip_archive(content) if captured["archive"] else self.strip(content)
        headers = [
            (name, str(len(content)) if name.lower() == "content-length" else value)
            for name, value in captured["headers"]
        ]
        start_response(captured["status"], headers, *captured["rest"])
        return [content]

    def strip(self, content: bytes) -> bytes:
        for form in self.forms:
            content = content.replace(form, b"")
        return content

    def strip_archive(self, content: bytes) -> bytes:
        """Every member of a zip archive stripped, names, dates and order kept."""
        try:
            source = zipfile.ZipFile(io.BytesIO(content))
            members = [(info, source.read(info)) for info in source.infolist()]
        except (zipfile.BadZipFile, OSError, ValueError):
            return self.strip(content)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for info, data in members:
                archive.writestr(info, self.strip(data), compress_type=info.compress_type)
        return out.getvalue()

    def rewrite_request(self, environ: dict[str, Any]) -> None:
        query = str(environ.get("QUERY_STRING") or "")
        if query:
            pairs = parse_qsl(query, keep_blank_values=True)
            if any(key in PATH_PARAMS for key, _ in pairs):
                environ["QUERY_STRING"] = urlencode(
                    [(k, self.absolute(v) if k in PATH_PARAMS else v) for k, v in pairs]
                )
        content_type = str(environ.get("CONTENT_TYPE") or "")
        if not content_type.startswith("application/json"):
            return
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return
        if not 0 < length <= MAX_JSON_BODY:
            return
        raw = environ["wsgi.input"].read(length)
        try:
            document = json.loads(raw)
        except ValueError:
            document = None
        if isinstance(document, dict) and isinstance(document.get("file_path"), str):
            document["file_path"] = self.absolute(document["file_path"])
            raw = json.dumps(document).encode("utf-8")
        environ["wsgi.input"] = io.BytesIO(raw)
        environ["CONTENT_LENGTH"] = str(len(raw))
