"""The board's report pages in Fava: årsredovisning, trappan and medlemsavgifter.

Enabled from the ledger with ``custom "fava-extension" "finsam_accounts.fava"``; Fava
lists each class below as a page in its sidebar. The pages are thin: the figures come
from the same functions as the CLI (:mod:`finsam_accounts.fava.pages`).
"""

from __future__ import annotations

from finsam_accounts.fava import extension


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
