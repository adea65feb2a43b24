"""One error model for the whole package, shaped like beancount's own errors.

Every problem a user can cause is a :class:`FinsamError` ``(source, message, entry)``:
``source`` is ``{"filename": ..., "lineno": ...}`` (empty when no single place caused it),
``message`` one Swedish line, ``entry`` the directive at fault or None. The plugin returns
them to beancount, so ``bean-check`` and Fava show them; the report phase raises
:class:`ReportError` carrying a list of them; :func:`format_error` is the one formatter
every command prints with (``file:line: message``).

This module imports nothing heavy: the plugin uses it inside every ``bean-check`` and
every Fava reload.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple


class FinsamError(NamedTuple):
    """A problem with a source (file and line), a Swedish message and the entry at fault."""

    source: dict[str, Any]
    message: str
    entry: Any


def source_of(entry: Any) -> dict[str, Any]:
    """The ``{"filename", "lineno"}`` of an entry, as beancount's errors carry it."""
    meta = getattr(entry, "meta", None) or {}
    return {"filename": meta.get("filename", "<okänd fil>"), "lineno": meta.get("lineno", 0)}


def error_at(entry: Any, message: str) -> FinsamError:
    """An error located at an entry of the ledger."""
    return FinsamError(source_of(entry), message, entry)


def error_in(filename: str | os.PathLike[str], lineno: int, message: str) -> FinsamError:
    """An error located at a line of a file (a specification, a SIE file, ...)."""
    return FinsamError({"filename": str(filename), "lineno": lineno}, message, None)


def plain_error(message: str) -> FinsamError:
    """A problem that no single place causes (something is missing)."""
    return FinsamError({}, message, None)


class ReportError(Exception):
    """The report phase failed; nothing was written. Carries every problem found."""

    def __init__(self, errors: Sequence[FinsamError], headline: str = "") -> None:
        self.errors = list(errors)
        self.headline = headline
        super().__init__("\n".join([headline, *(e.message for e in self.errors)]).strip())


def relative_name(filename: str, base: Path | None) -> str:
    """A file name relative to ``base`` when it lies below it, else unchanged (a name
    relative to the working folder is made absolute first)."""
    if base is not None and filename and not filename.startswith("<"):
        with contextlib.suppress(ValueError):
            return str(Path(os.path.abspath(filename)).relative_to(base))
    return filename


def format_error(error: Any, base: Path | None = None) -> str:
    """One line: ``file:line: message``; ``file: message`` for a whole file (line 0, a
    file that cannot be read or is too large); just the message when it has no source.

    Works for our errors and for beancount's (their messages are translated to Swedish
    where beancount's is a common one, see :mod:`finsam_accounts.messages`).
    """
    from finsam_accounts.messages import error_message

    message = error_message(error)
    source = getattr(error, "source", None) or {}
    return f"{location(source, base)}: {message}" if source else message


def location(source: dict[str, Any], base: Path | None = None) -> str:
    """``file:line`` of a source (``file`` for a whole file, line 0), the file relative to
    ``base`` when it lies below it: the one way a place is written."""
    filename = relative_name(str(source.get("filename") or "<okänd fil>"), base)
    lineno = source.get("lineno") or 0
    return f"{filename}:{lineno}" if lineno else filename


def where(source: dict[str, Any]) -> str:
    """:func:`location` relative to the working directory, for a message that points at
    other data (``finsam check`` shows files the same way)."""
    return location(source, Path.cwd())


def format_errors(errors: Iterable[Any], base: Path | None = None) -> list[str]:
    """Every error formatted, sorted by file, line and message (the same order every
    run), without repeats."""

    def position(error: Any) -> tuple[str, int, str]:
        source = getattr(error, "source", None) or {}
        return (str(source.get("filename") or ""), int(source.get("lineno") or 0),
                str(getattr(error, "message", error)))

    return list(dict.fromkeys(format_error(e, base) for e in sorted(errors, key=position)))
