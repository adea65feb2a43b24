"""What the economist may change through the writable Fava, and the record of every change.

The role ekonom edits the books in Fava (``--skrivbar``): vouchers, accounts, budgets,
texts. It must not become a way to run code on the server or to switch the förbund's
rules off, so :class:`GuardedFile` (which replaces Fava's file module) refuses any edit
that adds, changes or removes

* a ``plugin`` line (a plugin is Python code that runs on every load),
* an ``option`` line (``insert_pythonpath``, ``documents``, ``plugin_processing_mode
  "raw"`` that turns every plugin off, the account names ...),
* an ``include`` line (which files are the books),
* a ``custom "fava-extension"`` or ``custom "fava-option"`` line (an extension is Python
  code; ``import-config`` names a Python file that Fava runs),

in whichever way the edit arrives (the editor's whole file, one entry's slice, a deleted
entry, new entries from Fava's forms). Those lines are changed in the files on disk, by
someone who may change the server. An edit is checked before it is written (beancount's
parser reads the old and the new text, and every such line is also compared as text) and
the written files are checked again afterwards (a difference restores them). Fava can
only write files of the books (those that beancount includes); its endpoints that write
other files (documents, import uploads, moving and deleting documents) are refused
(:data:`REFUSED_ENDPOINTS`).

Every write, and every refused one, is appended to the change log
(:mod:`finsam_accounts.fava.changelog`) with the user, the time and a unified diff.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from http import HTTPStatus
from pathlib import Path
from typing import Any, TypeVar

from beancount.core import data
from beancount.parser import parser
from fava.beans.str import to_string
from fava.core.file import (
    FileModule,
    _incomplete_sortkey,
    _sha256_str,
    find_entry_lines,
    get_entry_slice,
    insert_entry,
)
from fava.json_api import FavaJSONAPIError
from flask import Flask, Response, has_request_context, jsonify, request

from finsam_accounts import domain, year_files
from finsam_accounts.attest.ordning import CUSTOM_ATTESTANT, CUSTOM_START, ROLES
from finsam_accounts.attest.vouchers import META_REGISTERED, attest_text
from finsam_accounts.books import Books
from finsam_accounts.errors import ReportError, format_error, plain_error
from finsam_accounts.fava import attest_action, new_vouchers
from finsam_accounts.fava.changelog import ChangeLog, default_log
from finsam_accounts.fava.refused import WithErrors
from finsam_accounts.output import write_atomic

T = TypeVar("T")

# Fava's endpoints that write files other than the books, refused in the writable Fava.
REFUSED_ENDPOINTS = frozenset({
    "json_api.put_add_document",
    "json_api.put_attach_document",
    "json_api.put_upload_import_file",
    "json_api.put_move",
    "json_api.delete_document",
})

# Options whose value follows from the entries, not from an option line.
DERIVED_OPTIONS = frozenset({"dcontext", "commodities", "filename", "input_hash"})
GUARDED_CUSTOMS = ("fava-extension", "fava-option")
GUARDED_LINE = re.compile(
    r"^\s*(?:(?:plugin|option|include)\b|\d{4}[-/]\d{2}[-/]\d{2}\s+custom\s+\"fava-)"
)
REFUSAL = (
    "Ändringen vägras: rader med plugin, option, include, custom \"fava-extension\" och "
    "custom \"fava-option\" kan inte läggas till, ändras eller tas bort i Fava (de styr "
    "vilken kod som körs och vilka regler som gäller); ändra dem i filerna på disken."
)


class RefusedEdit(WithErrors, FavaJSONAPIError):
    """An edit that the writable Fava does not make (Swedish message)."""

    status = HTTPStatus.FORBIDDEN


def guarded_part(text: str) -> tuple[Any, ...]:
    """Everything in ``text`` that an edit through Fava must leave as it is: the options
    and plugins beancount's parser reads from it, its includes, its fava-extension and
    fava-option entries, and (as written) every line that looks like one of them."""
    entries, _errors, options = parser.parse_string(text)
    parsed = sorted(
        (key, repr(value)) for key, value in options.items() if key not in DERIVED_OPTIONS
    )
    customs = sorted(
        repr((entry.type, [value.value for value in entry.values]))
        for entry in entries
        if isinstance(entry, data.Custom) and entry.type in GUARDED_CUSTOMS
    )
    lines = Counter(
        " ".join(line.split()) for line in text.splitlines() if GUARDED_LINE.match(line)
    )
    return (parsed, customs, sorted(lines.items()))


def same_guarded_part(before: str, after: str) -> bool:
    return guarded_part(before) == guarded_part(after)


ATTEST_KEYS = (*ROLES, META_REGISTERED)
ATTEST_CUSTOMS = (CUSTOM_ATTESTANT, CUSTOM_START)
ATTEST_LINE = re.compile(
    r"^\s+(?:beslutsattest|granskningsattest|registrerad_av)\s*:"
    r"|^\s*\d{4}[-/]\d{2}[-/]\d{2}\s+custom\s+\"attest"
)
ATTEST_REFUSAL = (
    "Ändringen vägras: attestordningen (custom \"attestant\", custom \"attest-från\") och "
    "raderna beslutsattest, granskningsattest och registrerad_av ändras inte i Fava: en "
    "attest ges med knappen på sidan Attest, och attestordningen ändras i filerna på disken."
)


def attest_part(text: str) -> tuple[Any, ...]:
    """Everything in ``text`` that only the attest button may add (and nothing in Fava may
    change): the attestordning's entries with their metadata, the attest metadata of the
    vouchers, and (as written) every line that looks like one of them."""
    entries, _errors, _options = parser.parse_string(text)
    customs = sorted(
        repr((entry.type, [value.value for value in entry.values],
              sorted((k, repr(v)) for k, v in (entry.meta or {}).items()
                     if k not in ("filename", "lineno"))))
        for entry in entries
        if isinstance(entry, data.Custom) and entry.type in ATTEST_CUSTOMS
    )
    metadata = sorted(
        repr((key, value))
        for entry in entries
        if isinstance(entry, data.Transaction)
        for item in (entry, *entry.postings)
        for key, value in (getattr(item, "meta", None) or {}).items()
        if key in ATTEST_KEYS
    )
    lines = Counter(
        " ".join(line.split()) for line in text.splitlines() if ATTEST_LINE.match(line)
    )
    return (customs, metadata, sorted(lines.items()))


def same_attest_part(before: str, after: str) -> bool:
    return attest_part(before) == attest_part(after)


def requester() -> dict[str, Any]:
    """Who asks for the write: the logged-in user (None without login) and the address."""
    if not has_request_context():
        return {"user": None, "address": None}
    return {"user": request.environ.get("REMOTE_USER"), "address": request.remote_addr}


def read_text(path: Path) -> str:
    """A file's text exactly as stored (no newline translation)."""
    return path.read_bytes().decode("utf-8")


class GuardedFile(FileModule):
    """Fava's file module: only edits that leave the guarded lines alone, each logged."""

    def __init__(self, ledger: Any, log: ChangeLog) -> None:
        super().__init__(ledger)
        self.log = log
        self._guard = threading.Lock()

    # -- the books' files, before and after

    def _files(self) -> dict[str, str]:
        texts = {}
        for name in self.ledger.options["include"]:
            try:
                texts[name] = read_text(Path(name))
            except (OSError, UnicodeDecodeError):
                continue
        return texts

    def _refuse(self, action: str, reason: str, changes: Mapping[str, tuple[str, str]]) -> None:
        with suppress(ReportError):  # the edit is refused whether it is logged or not
            self.log.append(action, requester(), changes, refused=reason)
        raise RefusedEdit(plain_error(reason))

    def _write(self, action: str, check: Callable[[], None], write: Callable[[], T]) -> T:
        """Check, write, check what was written (restore and refuse if it touched a guarded
        line) and log it; nothing is written if the change log cannot be."""
        with self._guard:
            try:
                self.log.check()
            except ReportError as error:
                raise RefusedEdit(*(plain_error(f"Ändringen vägras: {format_error(e)}")
                                    for e in error.errors)) from None
            check()
            before = self._files()
            result = write()
            after = self._files()
            changes = {
                name: (before.get(name, ""), text)
                for name, text in after.items()
                if before.get(name) != text
            }
            bad = [n for n, (old, new) in changes.items() if not same_guarded_part(old, new)]
            if bad:
                for name in changes:
                    Path(name).write_bytes(changes[name][0].encode("utf-8"))
                    self.ledger.watcher.notify(Path(name))
                self._refuse(action, REFUSAL, changes)
            try:
                self.log.append(action, requester(), changes)
            except ReportError as error:
                raise RefusedEdit(*(plain_error(
                    f"Ändringen sparades men loggades inte: {format_error(e)}")
                    for e in error.errors)) from None
            return result

    # -- Fava's writes

    def set_source(self, path: Path, source: str, sha256sum: str) -> str:
        def check() -> None:
            current, _sha = self.get_source(path)
            if not same_guarded_part(current, source):
                self._refuse("PUT /api/source", REFUSAL, {str(path): (current, source)})
            if not same_attest_part(current, source):
                self._refuse("PUT /api/source", ATTEST_REFUSAL, {str(path): (current, source)})

        return self._write(
            "PUT /api/source", check, lambda: super(GuardedFile, self).set_source(
                path, source, sha256sum)
        )

    def save_entry_slice(self, entry_hash: str, source_slice: str, sha256sum: str) -> str:
        def check() -> None:
            entry = self.ledger.get_entry(entry_hash)
            current, _sha = get_entry_slice(entry)
            filename = str(entry.meta.get("filename", ""))
            if not same_guarded_part(current, source_slice):
                self._refuse("PUT /api/source_slice", REFUSAL,
                             {filename: (current, source_slice)})
            if not same_attest_part(current, source_slice):
                self._refuse("PUT /api/source_slice", ATTEST_REFUSAL,
                             {filename: (current, source_slice)})

        return self._write(
            "PUT /api/source_slice", check, lambda: super(GuardedFile, self).save_entry_slice(
                entry_hash, source_slice, sha256sum)
        )

    def delete_entry_slice(self, entry_hash: str, sha256sum: str) -> None:
        def check() -> None:
            entry = self.ledger.get_entry(entry_hash)
            current, _sha = get_entry_slice(entry)
            filename = str(entry.meta.get("filename", ""))
            if not same_guarded_part(current, ""):
                self._refuse("DELETE /api/source_slice", REFUSAL, {filename: (current, "")})
            if not same_attest_part(current, ""):
                self._refuse("DELETE /api/source_slice", ATTEST_REFUSAL,
                             {filename: (current, "")})

        self._write(
            "DELETE /api/source_slice", check,
            lambda: super(GuardedFile, self).delete_entry_slice(entry_hash, sha256sum),
        )

    def insert_entries(self, entries: Sequence[Any]) -> None:
        """New entries from Fava's forms: an empty voucher is refused, a ``ver`` that names
        only the series gets the next free number, a voucher goes into its year's file
        (:mod:`finsam_accounts.fava.new_vouchers`)."""
        empty = new_vouchers.refusal(entries)
        if empty:
            self._refuse("PUT /api/add_entries", empty, {})
        entries = new_vouchers.numbered(entries, domain.of(
            attest_action.listed(self.ledger.all_entries), self.ledger.options))

        def check() -> None:
            options = self.ledger.fava_options
            text = "\n".join(
                to_string(entry, options.currency_column, options.indent) for entry in entries
            )
            if not same_guarded_part("", text):
                self._refuse("PUT /api/add_entries", REFUSAL, {"": ("", text)})
            if not same_attest_part("", text):
                self._refuse("PUT /api/add_entries", ATTEST_REFUSAL, {"": ("", text)})

        def insert() -> None:
            books = domain.of(attest_action.listed(self.ledger.all_entries), self.ledger.options)
            self._insert(registered(entries, books, requester()["user"]))

        self._write("PUT /api/add_entries", check, insert)

    def _insert(self, entries: Sequence[Any]) -> None:
        """Fava's own insert, with the year's file as the file to append to."""
        files = year_files.year_files(self.ledger.options)
        fava_options = self.ledger.fava_options
        default = fava_options.default_file or self.ledger.beancount_file_path
        with self._lock:
            self.ledger.changed()
            for entry in sorted(entries, key=_incomplete_sortkey):
                target = year_files.year_file_for(entry.date, files) if isinstance(
                    entry, data.Transaction) else None
                path, updated = insert_entry(
                    entry, target or default, insert_options=fava_options.insert_entry,
                    currency_column=fava_options.currency_column, indent=fava_options.indent,
                )
                self.ledger.watcher.notify(path)
                fava_options.insert_entry = updated
                self.ledger.extensions.after_insert_entry(entry)

    def add_attest(self, entry_hash: str, role: str, sha256sum: str) -> str:
        """The logged-in user's attest on a voucher, written into its lines in the file
        (atomically, refused if the lines differ from ``sha256sum``), logged. Returns the
        voucher's number."""
        action = "POST attest"
        user = requester()["user"]
        try:
            entry = self.ledger.get_entry(entry_hash)
        except Exception:  # Fava's EntryNotFoundForHashError, or a malformed hash
            entry = None
        day = attest_action.today()
        entries: Sequence[Any] = self.ledger.all_entries
        reason = attest_action.refusal(entries, self.ledger.options, entry, user, role, day)
        if reason:
            self._refuse(action, f"Attesten vägras: {reason}", {})
        name = domain.of(entries, self.ledger.options).attest.of_user(str(user))
        assert name is not None and isinstance(entry, data.Transaction)  # refusal() checked
        value = attest_text(name, day)

        def write() -> None:
            path = Path(str(entry.meta["filename"]))
            lineno = int(str(entry.meta["lineno"]))
            with self._lock:
                text = read_text(path)
                lines = text.splitlines(keepends=True)
                found = find_entry_lines(lines, lineno - 1)
                current = "".join(found).rstrip("\n")
                if _sha256_str(current) != sha256sum:
                    self._refuse(action, (
                        "Attesten vägras: verifikationen har ändrats sedan sidan visades; "
                        "ladda om sidan och attestera igen."), {})
                new = attest_action.with_attest(current, role, value)
                after = "".join([*lines[: lineno - 1], new, "\n",
                                 *lines[lineno - 1 + len(found):]])
                write_atomic(path, after.encode("utf-8"))
                self.ledger.watcher.notify(path)

        self._write(action, lambda: None, write)
        return str((entry.meta or {}).get("ver") or "")

    def insert_metadata(self, entry_hash: str, basekey: str, value: str) -> None:
        self._write(
            "PUT /api/attach_document", lambda: None,
            lambda: super(GuardedFile, self).insert_metadata(entry_hash, basekey, value),
        )


def registered(entries: Sequence[Any], books: Books, user: str | None) -> list[Any]:
    """New vouchers from the add form, each with ``registrerad_av``: the logged-in user's
    name in the attestordning (so that the self-attest rule knows who registered it)."""
    name = books.attest.of_user(user) if user else None
    if name is None:
        return list(entries)
    return [entry._replace(meta={**(entry.meta or {}), META_REGISTERED: name})
            if isinstance(entry, data.Transaction) else entry for entry in entries]


def refused_edit_answer(error: RefusedEdit) -> Response:
    answer = jsonify({"error": error.message})
    answer.status_code = HTTPStatus.FORBIDDEN
    return answer


def guard_edits(app: Flask, log_path: Path | None = None) -> None:
    """Give every ledger of a (writable) Fava the guarded file module and change log, and
    refuse Fava's endpoints that write files other than the books."""
    app.register_error_handler(RefusedEdit, refused_edit_answer)
    for ledger in app.config["LEDGERS"].ledgers:
        main = Path(ledger.beancount_file_path)
        log = ChangeLog(log_path or default_log(main), main.resolve().parent)
        ledger.file = GuardedFile(ledger, log)

    @app.before_request
    def _no_other_files() -> Response | None:
        if request.endpoint in REFUSED_ENDPOINTS:
            answer = jsonify({"error": (
                "Fava i finsam skriver bara bokföringens filer: dokument och "
                "importfiler läggs i mappen på disken, inte genom webbläsaren."
            )})
            answer.status_code = HTTPStatus.FORBIDDEN
            return answer
        return None
