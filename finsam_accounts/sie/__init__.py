"""SIE 4: the file format every Swedish accounting system reads and writes.

The books leave as SIE 4 for the auditors and the host municipality (:mod:`.books` turns
the ledger into a :class:`~.model.SieFile`, :mod:`.writer` encodes it) and come in from
another system the same way back (:mod:`.reader` decodes and checks a file,
:mod:`.importer` turns it into vouchers in the ledger's conventions). :mod:`.syntax` holds
what reading and writing share: fields, quoting, encodings and the #KSUMMA checksum.
"""
