"""Bank files in: camt.053/054, BgMax and the banks' CSV exports, proposed as vouchers.

``model`` (the bank line), ``camt``, ``bgmax``, ``csvbank`` (the readers), ``read`` (which
reader a file needs), ``propose`` (matching, numbering, duplicates), ``importer`` (beangulp,
for Fava's import page), ``write`` (the proposals as beancount text, appended atomically).
"""
