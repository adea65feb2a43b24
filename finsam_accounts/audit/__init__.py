"""Lists for the auditors: voucher list, general ledger and trial balance.

Each list is a pure function of the loaded entries returning a pandas frame of exact
Decimals (beancount signs, debit positive); formatting happens only in
:mod:`finsam_accounts.render.lists`. The rules the lists share (which voucher is an
opening balance, which accounts restart each year, where a voucher is written) live in
:mod:`finsam_accounts.audit.rules`, so that the voucher list, the general ledger and the
trial balance always agree with each other and with the annual statements.
"""
