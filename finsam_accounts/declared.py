"""Parsing ``custom`` directives the same way everywhere: a parser returns the parsed value
or the :class:`~finsam_accounts.errors.FinsamError` that says why it cannot; the value is
kept (in a list, or once per key) and the error collected.

Used by the contribution declarations and the trappan tables (the same shape was written
twice); light, like the plugin that runs them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Protocol, TypeVar

from finsam_accounts.errors import FinsamError, error_at, source_of, where


class Sourced(Protocol):
    @property
    def source(self) -> dict[str, Any]: ...


class FromDirective:
    """A value declared by one directive, kept in the dataclass's own ``entry`` field: its
    source is that directive's file and line (what :func:`keep_once` names of the first of
    two)."""

    __slots__ = ()
    entry: Any

    @property
    def source(self) -> dict[str, Any]:
        return source_of(self.entry)


T = TypeVar("T")
S = TypeVar("S", bound=Sourced)
K = TypeVar("K", bound=Hashable)


def collect(parsed: T | FinsamError, into: list[T], errors: list[FinsamError]) -> None:
    """The value appended to ``into``, or the error to ``errors``."""
    if isinstance(parsed, FinsamError):
        errors.append(parsed)
    else:
        into.append(parsed)


def keep_once(
    parsed: S | FinsamError, into: dict[K, S], errors: list[FinsamError], entry: Any,
    key: Callable[[S], K], what: Callable[[S], str],
) -> None:
    """The value kept under ``key(value)``; a second one with the same key is an error at
    ``entry``: "``what(value)`` finns redan (where the first stands)"."""
    if isinstance(parsed, FinsamError):
        errors.append(parsed)
        return
    first = into.get(key(parsed))
    if first is not None:
        errors.append(error_at(entry, f"{what(parsed)} finns redan ({where(first.source)})"))
    else:
        into[key(parsed)] = parsed
