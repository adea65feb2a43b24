"""Regular expressions from the browser with a time limit, so that none freezes the server.

Fava's filter (the search field: ``"(a+)+$"``, ``narration:...``, the account filter) and
BQL's ``~`` operator and regex functions (``grep``, ``grepn``, ``subst``, ``findfirst``)
compile whatever pattern the request carries with Python's ``re``. ``re`` backtracks
without limit and holds the interpreter lock while it does: one pattern such as
``(a|aa)+$`` against a long line of the books stops every thread of the server, every
other user's page included, for minutes or more.

:func:`install` makes both use the ``regex`` module (beancount's own dependency) instead,
which matches with the lock released (``concurrent=True``, so other requests go on) and
stops a search after ``SEARCH_SECONDS`` (``timeout``); a filter also stops once its
searches together have taken ``FILTER_SECONDS``. The request then answers with a Swedish
message instead of figures.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

import regex
from fava.core import filters
from fava.json_api import FavaJSONAPIError

from finsam_accounts.errors import plain_error
from finsam_accounts.fava.refused import WithErrors

SEARCH_SECONDS = 0.25
FILTER_SECONDS = 2.0
MESSAGE = (
    "Det reguljära uttrycket {pattern!r} tar för lång tid att matcha och avbröts; "
    "förenkla det (undvik nästlade upprepningar som (a+)+ eller (a|aa)+)."
)


class SlowFilter(WithErrors, filters.FilterError):
    """A filter whose regular expression ran out of time (Swedish message)."""

    def __init__(self, pattern: str) -> None:
        super().__init__(plain_error(MESSAGE.format(pattern=pattern)))
        self.filter_type = "filter"


class SlowQuery(WithErrors, FavaJSONAPIError):
    """A query whose regular expression ran out of time (Swedish message)."""

    status = HTTPStatus.BAD_REQUEST


def timed(pattern: regex.Pattern[str], method: str, text: str, budget: list[float],
          source: str) -> Any:
    """``pattern.method(text)`` within the time left in ``budget`` (seconds, shared)."""
    started = time.monotonic()
    try:
        return getattr(pattern, method)(
            text, timeout=min(SEARCH_SECONDS, max(budget[0], 0.001)), concurrent=True
        )
    except TimeoutError:
        budget[0] = 0.0
        raise SlowFilter(source) from None
    finally:
        budget[0] -= time.monotonic() - started


class SafeMatch:
    """Fava's ``filters.Match`` (case-insensitive search, or equality for a string that is
    not a regular expression) with the time limits above."""

    __slots__ = ("_budget", "match")

    match: Callable[[str], bool]

    def __init__(self, search: str) -> None:
        self._budget = [FILTER_SECONDS]
        try:
            pattern = regex.compile(search, regex.IGNORECASE | regex.V0)
        except (regex.error, re.error, TypeError, ValueError):
            self.match = lambda s: s == search
            return

        def match(text: str) -> bool:
            if self._budget[0] <= 0:
                raise SlowFilter(search)
            return bool(timed(pattern, "search", text, self._budget, search))

        self.match = match

    def __call__(self, obj: Any) -> bool:
        return self.match(str(obj))


class SafeRe:
    """What beanquery uses of ``re``, through ``regex`` with a time limit per search."""

    IGNORECASE = re.IGNORECASE
    I = re.IGNORECASE  # noqa: E741
    error = re.error

    def __getattr__(self, name: str) -> Any:
        return getattr(re, name)

    def _run(self, method: str, pattern: str, string: str, flags: int = 0) -> Any:
        try:
            compiled = regex.compile(pattern, flags | regex.V0)
        except regex.error as error:
            raise re.error(str(error)) from None
        try:
            return getattr(compiled, method)(string, timeout=SEARCH_SECONDS, concurrent=True)
        except TimeoutError:
            raise SlowQuery(plain_error(MESSAGE.format(pattern=pattern))) from None

    def search(self, pattern: str, string: str, flags: int = 0) -> Any:
        return self._run("search", pattern, string, flags)

    def match(self, pattern: str, string: str, flags: int = 0) -> Any:
        return self._run("match", pattern, string, flags)

    def fullmatch(self, pattern: str, string: str, flags: int = 0) -> Any:
        return self._run("fullmatch", pattern, string, flags)

    def sub(self, pattern: str, repl: str, string: str, count: int = 0, flags: int = 0) -> str:
        try:
            compiled = regex.compile(pattern, flags | regex.V0)
        except regex.error as error:
            raise re.error(str(error)) from None
        try:
            return str(compiled.sub(repl, string, count=count, timeout=SEARCH_SECONDS,
                                    concurrent=True))
        except TimeoutError:
            raise SlowQuery(plain_error(MESSAGE.format(pattern=pattern))) from None


def install() -> None:
    """Use the time-limited matchers in Fava's filters and beanquery (idempotent)."""
    from beanquery import query_compile, query_env

    filters.Match = SafeMatch  # type: ignore[assignment,misc]
    query_compile.re = SafeRe()
    query_env.re = SafeRe()
