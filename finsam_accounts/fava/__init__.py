"""The board's report pages in Fava: the annual report, trappan, member contributions,
the budget follow-up, insatser and the interim report; and the page Attest (unattested
vouchers, with the attest button in the writable Fava: :mod:`.attest_page`).

Enabled from the ledger with ``custom "fava-extension" "finsam_accounts.fava"``; Fava
lists each class below as a page in its sidebar. The pages are thin: the figures come
from the same functions as the CLI (:mod:`finsam_accounts.fava.pages`).
"""

from __future__ import annotations

from finsam_accounts.fava import extension
from finsam_accounts.fava.attest_page import Attest

__all__ = ["Arsredovisning", "Attest", "Budgetuppfoljning", "Delarsrapport", "Insatser",
           "Medlemsavgifter", "Trappan"]


class Arsredovisning(extension.ReportPage):
    """Every statement and note of the annual report of the chosen year, and trappan."""

    report_title = "Årsredovisning"
    page_name = "arsredovisning"


class Trappan(extension.ReportPage):
    """Equity against the guideline at each year end, the opening and the projection."""

    report_title = "Trappan"
    page_name = "trappan"


class Medlemsavgifter(extension.ReportPage):
    """Expected against booked member contributions of the chosen year."""

    report_title = "Medlemsavgifter"
    page_name = "medlemsavgifter"


class Budgetuppfoljning(extension.ReportPage):
    """The budget follow-up at the chosen date, with the full-year forecast and charts."""

    report_title = "Budgetuppföljning"
    page_name = "uppfoljning"


class Insatser(extension.ReportPage):
    """The insatser granted and used at the chosen date."""

    report_title = "Insatser"
    page_name = "insatser"


class Delarsrapport(extension.ReportPage):
    """The interim report at the chosen date (1 January – date, beside last year)."""

    report_title = "Delårsrapport"
    page_name = "delarsrapport"
