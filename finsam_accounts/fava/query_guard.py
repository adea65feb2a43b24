"""Fava's query page without beanquery's shell: plain BQL statements only.

Fava runs every ``query_string`` it is given (``GET /api/query``, the query page's
downloads) through beanquery's interactive shell (``BQLShell.onecmd``). That shell also
knows commands that touch the machine: ``.output FILE`` opens FILE for writing (and so
empties it; ``GET /api/query?query_string=.output ledger/2019.beancount`` emptied a year of
the books, as a read-only user or from another site's link), ``CREATE TABLE ... USING
"csv:///..."`` reads any file the server may read, and further dot-commands (``.run``,
``.set``, ``.format``, ``.help``, ...) change the shared shell's state for everyone.

:func:`protect` replaces a Fava ledger's shell by :class:`GuardedShell`, which never
dispatches to a shell command: a query must parse, as a whole, to one of the four read-only
statements SELECT, BALANCES, JOURNAL or PRINT, and anything else is refused with a Swedish
message before anything runs. Every mode is protected (read-only, writable, with or
without login): the check is on the query, not on the user.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from beanquery import ParseError
from beanquery.parser import ast, parse
from fava.core.query_shell import FavaBQLShell, FavaShellError, QueryShell
from fava.json_api import FavaJSONAPIError
from flask import Flask, Response, jsonify, request

from finsam_accounts.errors import plain_error
from finsam_accounts.fava.refused import WithErrors

# The statements of BQL that only read: everything else (CREATE TABLE ... USING,
# INSERT, any shell command) is refused.
READ_ONLY_STATEMENTS = (ast.Select, ast.Balances, ast.Journal, ast.Print)
ALLOWED = "SELECT, BALANCES, JOURNAL och PRINT"


class RefusedQuery(WithErrors, FavaShellError, FavaJSONAPIError):
    """A query that is not a plain read-only BQL statement."""

    status = HTTPStatus.FORBIDDEN


def refusal(query: str) -> str | None:
    """Why the query may not run in Fava (Swedish), or None if it is a plain statement."""
    text = query.strip()
    if not text:
        return f"Frågan är tom: skriv en fråga med {ALLOWED}."
    if text.startswith((".", "?", "!")):
        command = text.split(None, 1)[0]
        return (
            f"Kommandot {command} är inte tillåtet i Fava: bara frågor med {ALLOWED} "
            "får köras (inga skalkommandon som börjar med punkt)."
        )
    try:
        statement = parse(text)
    except ParseError:
        first = text.split(None, 1)[0]
        return (
            f"Frågan kan inte tolkas (den börjar med {first!r}): bara frågor med {ALLOWED} "
            "får köras, inga skalkommandon."
        )
    if not isinstance(statement, READ_ONLY_STATEMENTS):
        return (
            f"Frågan är inte tillåten i Fava: bara {ALLOWED} får köras (inte "
            f"{text.split(None, 1)[0].upper()}, som kan läsa eller skriva filer)."
        )
    return None


class GuardedShell(FavaBQLShell):
    """Fava's BQL shell that runs only plain read-only statements, never a shell command."""

    def onecmd(self, line: str) -> Any:
        reason = refusal(line)
        if reason is not None:
            raise RefusedQuery(plain_error(reason))
        return self.execute(line)


class GuardedQueryShell(QueryShell):
    """Fava's query module whose downloads take no ``run NAME`` shortcut either."""

    def query_to_file(self, entries: Any, query_string: str, result_format: str) -> Any:
        reason = refusal(query_string)
        if reason is not None:
            raise RefusedQuery(plain_error(reason))
        return super().query_to_file(entries, query_string, result_format)


def refused_answer(error: RefusedQuery) -> Response:
    """403 with the reason: JSON for Fava's API (its query page shows ``error``), text
    for the downloads."""
    if request.blueprint == "json_api":
        answer = jsonify({"error": error.message})
    else:
        answer = Response(error.message + "\n", mimetype="text/plain")
    answer.status_code = HTTPStatus.FORBIDDEN
    return answer


def protect_app(app: Flask) -> None:
    """Guard the query shell of every ledger of a Fava application."""
    app.register_error_handler(RefusedQuery, refused_answer)
    for ledger in app.config["LEDGERS"].ledgers:
        protect(ledger)


def protect(ledger: Any) -> None:
    """Give a Fava ledger the guarded query shell (idempotent)."""
    if isinstance(ledger.query_shell, GuardedQueryShell):
        return
    guarded = GuardedQueryShell(ledger)
    guarded.shell = GuardedShell(ledger)
    ledger.query_shell = guarded
