"""SIE files as a beangulp importer, so beangulp's own commands read them too.

``extract`` gives what :func:`finsam_accounts.sie.importer.plan` would import, and the
vouchers the ledger already has; ``deduplicate`` marks those (series, number and date).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import beangulp
from beancount.core import data

from finsam_accounts.errors import ReportError
from finsam_accounts.sie.chart import LEDGER_ROOTS
from finsam_accounts.sie.importer import ImportResult, Key, plan, unknown_errors, voucher_key
from finsam_accounts.sie.mapping import Mapping as Mapping_
from finsam_accounts.sie.model import SieFile
from finsam_accounts.sie.reader import read_file


class SieImporter(beangulp.Importer):
    """SIE files as a beangulp importer: ``extract`` gives the vouchers (and balance
    vouchers), ``deduplicate`` marks those the ledger already has. A file that cannot be
    imported raises :class:`~finsam_accounts.errors.ReportError` with every problem."""

    def __init__(
        self,
        account: str = "Tillgångar:Kassa-och-bank:Bankkonto",
        options: Mapping[str, Any] | None = None,
        mapping: Mapping_ | None = None,
    ) -> None:
        self._account = account
        self.options = dict(options or LEDGER_ROOTS)
        self.mapping = mapping

    def identify(self, filepath: str) -> bool:
        if Path(filepath).suffix.lower() not in (".se", ".si", ".sie", ".sie4", ".txt"):
            return False
        with open(filepath, "rb") as handle:
            head = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
        return head.upper().startswith(b"#FLAGGA")

    def account(self, filepath: str) -> data.Account:
        return self._account

    def date(self, filepath: str) -> datetime.date | None:
        return read_file(filepath).generated

    def prepare(self, filepath: str, existing: data.Entries) -> tuple[SieFile, ImportResult]:
        """The file read and the import planned, nothing written: what ``extract`` gives
        and what ``finsam sie-import`` reports (unknown accounts as open directives).
        Raises ReportError when the file cannot be read."""
        sie = read_file(filepath)
        if self.mapping is not None:
            sie = self.mapping.apply(sie, filepath)
        return sie, plan(sie, filepath, existing, self.options)

    def extract(self, filepath: str, existing: data.Entries) -> data.Entries:
        sie, result = self.prepare(filepath, existing)
        problems = [*result.errors, *unknown_errors(result, sie, filepath)]
        if problems:
            raise ReportError(problems)
        # The vouchers the ledger has are given too: deduplicate() marks them.
        return [*result.entries, *result.duplicate_entries]

    def deduplicate(self, entries: data.Entries, existing: data.Entries) -> None:
        known: set[Key] = set()
        for entry in existing:
            if isinstance(entry, data.Transaction):
                key = voucher_key(entry)
                if key is not None:
                    known.add((key[0], key[1], entry.date))
        for entry in entries:
            if isinstance(entry, data.Transaction):
                key = voucher_key(entry)
                if key is not None and (key[0], key[1], entry.date) in known:
                    entry.meta["__duplicate__"] = True
