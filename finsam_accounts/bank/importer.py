"""The bank files as a beangulp importer: ``beangulp``'s commands and Fava's import page.

In the books' folder, a file ``importers.py`` with::

    from finsam_accounts.bank.importer import CONFIG

and in the main file ``custom "fava-option" "import-config" "importers.py"`` and
``custom "fava-option" "import-dirs" "bankfiler"`` let Fava propose the vouchers of every
bank file in ``bankfiler/``: the same proposals as ``finsam bank-import``.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import beangulp
from beancount.core import data

from finsam_accounts import domain
from finsam_accounts.bank import settings as bank_settings
from finsam_accounts.bank.propose import propose
from finsam_accounts.bank.read import kind_of, read_statement
from finsam_accounts.books import Books
from finsam_accounts.errors import ReportError, format_errors


class BankImporter(beangulp.Importer):
    """camt.053/054, BgMax, Swedbank's, Handelsbanken's, SEB's and Nordea's CSV, for the
    books' bank account."""

    def __init__(self, account: str = "Tillgångar:Kassa-och-bank:Bankkonto") -> None:
        self._account = account

    @property
    def name(self) -> str:
        return "finsam.bank"

    def identify(self, filepath: str) -> bool:
        return kind_of(filepath) is not None

    def account(self, filepath: str) -> data.Account:
        return self._account

    def date(self, filepath: str) -> datetime.date | None:
        statement = read_statement(filepath)
        return max((line.date for line in statement.lines), default=None)

    def filename(self, filepath: str) -> str | None:
        return Path(filepath).name

    def extract(self, filepath: str, existing: data.Entries) -> data.Entries:
        try:
            statement = read_statement(filepath)
            books = books_of(existing)
            named = self._account if any(
                a.account == self._account for a in books.bank.accounts) else None
            return list(propose(books, statement, filepath, named).entries)
        except ReportError as error:
            raise ValueError("\n".join(format_errors(error.errors))) from None

    def deduplicate(self, entries: data.Entries, existing: data.Entries) -> None:
        """Duplicates are left out by ``extract`` already (bank reference, or same day and
        amount on the bank account)."""


def books_of(existing: data.Entries) -> Books:
    """The books of the entries beangulp gives: Fava gives its load's entries, which its
    extension parsed once after the load (``domain.parsed``); other entries (beangulp's
    own command) are parsed here, once per list, with beancount's default options (the
    import reads no root account name). A malformed bank setting refuses the import."""
    entries = existing if isinstance(existing, list) else list(existing)
    books, errors = domain.parsed(entries) or domain.parse(entries, {})
    problems = bank_settings.own_errors(errors)
    if problems:
        raise ReportError(problems)
    return books


CONFIG = [BankImporter()]
