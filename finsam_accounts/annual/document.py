"""The annual report as a document: what surrounds the statements, gathered from the books.

The statements come from :mod:`finsam_accounts.statements.annual_report` as a ``Report``;
this module gathers the rest of a published municipal annual report (LKBR 2018:597): the
cover's organisation number, the förvaltningsberättelse and the accounting principles
(Markdown beside the ledger, figures filled in from the books), the board that signs and
the adoption date. A part the förbund does not use (no förvaltningsberättelse file, no
board declared) is None or empty and is left out of the document, not printed empty.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from finsam_accounts.annual import board as board_module
from finsam_accounts.annual.board import Adoption, BoardRow, Seat, Signatory
from finsam_accounts.annual.figures import resolver
from finsam_accounts.annual.headings import management_report_path
from finsam_accounts.annual.texts import Text, principles_path, read_text
from finsam_accounts.books import Books
from finsam_accounts.statements.spec import Specification

MANAGEMENT_REPORT_TITLE = "Förvaltningsberättelse"
PRINCIPLES_TITLE = "Redovisningsprinciper"
SIGNATURES_TITLE = "Styrelsens underskrifter"
BOARD_TITLE = "Styrelse och revisorer"


@dataclass(frozen=True)
class AnnualDocument:
    """Everything of the annual report beyond the statements' tables."""

    organisation_number: str = ""
    management_report: Text | None = None
    principles: Text | None = None
    board: list[Signatory] = field(default_factory=list)
    adoption: Adoption | None = None
    board_table: list[BoardRow] = field(default_factory=list)
    auditors: list[Seat] = field(default_factory=list)


def assemble(
    books: Books,
    year: int,
    ledger_dir: Path,
    frames: Mapping[str, pd.DataFrame],
    summed: Any = None,
    spec: Specification | None = None,
) -> AnnualDocument:
    """Gather the document's parts; ``frames`` are the statements' exact frames the texts
    name figures from, ``summed`` the sums they were made from (trappan's figures use them
    too). Raises ReportError for a bad text."""
    resolve = resolver(frames, books, year, summed, spec)
    report_path = management_report_path(ledger_dir, year)
    management_report = read_text(report_path, resolve) if report_path.is_file() else None
    adoption = board_module.adoption(books.board, year)
    signing_day = adoption.date if adoption else datetime.date.max
    return AnnualDocument(
        organisation_number=books.organisation_number,
        management_report=management_report,
        principles=read_text(principles_path(ledger_dir), resolve),
        board=board_module.signatories(books.board, signing_day),
        adoption=adoption,
        board_table=board_module.board_table(books.board, year),
        auditors=board_module.seats(books.board, board_module.CUSTOM_AUDITOR, year),
    )
