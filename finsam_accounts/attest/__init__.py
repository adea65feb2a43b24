"""Attest: the attestordning as data (:mod:`.ordning`) and the attests on the vouchers
(:mod:`.vouchers`): the plugin's rules, the unattested list of ``finsam attest`` and the
attest button of the writable Fava. The user's guide: docs/ledger.md, "Attest"."""
