"""Warnings about the ledger: things worth a look that are not errors.

``finsam check`` prints them after the errors, prefixed ``varning:``, but they do not make
it fail. Errors (broken conventions) belong in the beancount plugin
(:mod:`finsam_accounts.plugin`), so that bean-check and Fava show them too.
"""

from __future__ import annotations

import datetime

from finsam_accounts import contributions, reskontra, safeguards, trappan
from finsam_accounts.annual import headings
from finsam_accounts.attest import vouchers as attest
from finsam_accounts.followup import insatser
from finsam_accounts.ledger import Ledger


def ledger_warnings(ledger: Ledger) -> list[str]:
    """Every warning about a loaded ledger, one Swedish line each: a member's booked
    contribution off the expected share by more than the ledger's tolerance, and equity
    at the latest year end above the limit in trappan, an insats used beyond its ceiling,
    budgets with an unusual sign, payments naming an invoice no invoice has, and
    vouchers without the attest the attestordning asks for, and a förvaltningsberättelse
    without a heading for a topic LKBR 11 kap. and RKR R15 require."""
    return [
        *contributions.warnings(ledger.books),
        *trappan.warnings(ledger.books),
        *insatser.warnings(ledger.books),
        *safeguards.budget_sign_warnings(ledger.entries, ledger.options),
        *reskontra.warnings(ledger.books, datetime.date.max),
        *attest.warnings(ledger.entries, ledger.options),
        *headings.warnings(ledger.path.parent,
                           ledger.books.fiscal_years),
    ]
