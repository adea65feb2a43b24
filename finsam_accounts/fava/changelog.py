"""The change log of the writable Fava: every write, who made it, when, and what changed.

One JSON object per line (JSONL), appended to ``fava-andringslogg.jsonl`` beside the main
file of the books (``--ändringslogg FIL`` chooses another file). Beancount never loads it
(it is not a ``.beancount`` file and no ``include`` names it). A record::

    {"tid": "2026-03-01T09:15:02Z", "anvandare": "eva", "adress": "127.0.0.1",
     "atgard": "PUT /api/source", "resultat": "sparad",
     "filer": [{"fil": "2019.beancount", "andring": "--- a/2019.beancount\\n+++ ..."}]}

``anvandare`` is null when Fava runs without login. ``resultat`` is ``sparad`` for a write
that was made, ``vägrad`` for one that was refused (with ``orsak``). ``andring`` is a
unified diff of the file, relative to the books' folder.

The file is opened for appending only (``O_APPEND``), created readable by the owner and the
group (0640, for the auditors' group) and never by others; a log file that others than its
owner may write is refused, as is a write whose record cannot be appended.
"""

from __future__ import annotations

import datetime
import difflib
import json
import os
import stat
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from finsam_accounts.errors import ReportError, plain_error

LOG_NAME = "fava-andringslogg.jsonl"
LOG_MODE = 0o640


def default_log(main_file: Path) -> Path:
    return main_file.resolve().parent / LOG_NAME


def unsafe_log(path: Path) -> str | None:
    """Why the log file cannot be used (Swedish), or None."""
    if path.is_dir():
        return f"ändringsloggen {path} är en katalog"
    if path.exists() and path.stat().st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"ändringsloggen {path} kan ändras av andra än ägaren: kör chmod 640 {path}"
    return None


def unified_diff(before: str, after: str, name: str) -> str:
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
    )


class ChangeLog:
    """Appends one record per write through Fava to the log file."""

    def __init__(self, path: Path, books: Path) -> None:
        self.path = path
        self.books = books  # the folder that file names are given relative to
        self._lock = threading.Lock()

    def relative(self, path: str | Path) -> str:
        try:
            return str(Path(path).resolve().relative_to(self.books.resolve()))
        except ValueError:
            return Path(path).name

    def append(
        self,
        action: str,
        who: Mapping[str, Any],
        changes: Mapping[str, tuple[str, str]],
        refused: str | None = None,
    ) -> None:
        """Append a record: ``changes`` maps a file to its (before, after) text."""
        now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        record: dict[str, Any] = {
            "tid": now.isoformat().replace("+00:00", "Z"),
            "anvandare": who.get("user"),
            "adress": who.get("address"),
            "atgard": action,
            "resultat": "vägrad" if refused else "sparad",
        }
        if refused:
            record["orsak"] = refused
        record["filer"] = [
            {"fil": self.relative(name), "andring": unified_diff(before, after,
                                                                   self.relative(name))}
            for name, (before, after) in sorted(changes.items())
        ]
        line = json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n"
        self.write(line.encode("utf-8"))

    def check(self) -> None:
        """Raise ReportError if the log cannot be appended to (before a write)."""
        problem = unsafe_log(self.path)
        if problem:
            raise ReportError([plain_error(problem)])
        self.write(b"")

    def write(self, data: bytes) -> None:
        with self._lock:
            try:
                flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
                handle = os.open(self.path, flags, LOG_MODE)
            except OSError as error:
                raise ReportError([plain_error(
                    f"ändringsloggen {self.path} kan inte skrivas: {error.strerror or error}"
                )]) from None
            try:
                if data:
                    os.write(handle, data)
                    os.fsync(handle)
            finally:
                os.close(handle)
