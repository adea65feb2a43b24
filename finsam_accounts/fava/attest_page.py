"""The page Attest in Fava: the vouchers that lack attest, and the logged-in user's button.

Listed in every Fava of the books (``custom "fava-extension" "finsam_accounts.fava"``);
the buttons only in the writable Fava (``finsam fava --skrivbar``) with login, for the
kinds of attest the attestordning lets the user give (:mod:`.attest_action`). A press
posts the voucher's hash, the kind and the hash of its lines to ``attestera``
(:meth:`finsam_accounts.fava.edits.GuardedFile.add_attest`), then the page comes back.
"""

from __future__ import annotations

from typing import Any

from fava.ext import FavaExtensionBase, extension_endpoint
from flask import Response, redirect, request, url_for

from finsam_accounts.conventions import META_VOUCHER
from finsam_accounts.fava import attest_action
from finsam_accounts.fava.edits import GuardedFile, RefusedEdit
from finsam_accounts.fava.extension import text_response

ENDPOINT = "attestera"
DONE_PARAM = "klar"


class Attest(FavaExtensionBase):
    """Unattested vouchers; in the writable Fava, attest them as the logged-in user."""

    report_title = "Attest"

    def writable(self) -> bool:
        return isinstance(self.ledger.file, GuardedFile)

    def user(self) -> str | None:
        user = request.environ.get("REMOTE_USER")
        return str(user) if user else None

    def rows(self) -> list[attest_action.Row]:
        user = self.user() if self.writable() else None
        return attest_action.rows(self.ledger.all_entries, self.ledger.options, user,
                                  attest_action.today())

    def done(self) -> str:
        """The voucher number just attested (``?klar=B12``), if it is one of the books'."""
        number = request.args.get(DONE_PARAM, "")
        known = {str((e.meta or {}).get(META_VOUCHER)) for e in self.ledger.all_entries
                 if getattr(e, "meta", None)}
        return number if number in known else ""

    @extension_endpoint(ENDPOINT, ["POST"])  # type: ignore[arg-type]
    def attestera(self) -> Response:
        file: Any = self.ledger.file
        if not isinstance(file, GuardedFile):
            return text_response("Attest ges bara i den skrivbara Fava (finsam fava "
                                 "--skrivbar --användare FIL).", 403)
        try:
            number = file.add_attest(str(request.form.get("post", "")),
                                     str(request.form.get("roll", "")),
                                     str(request.form.get("sha256", "")))
        except RefusedEdit as error:
            return text_response(str(error.message), 403)
        target = url_for("extension_report", extension_name=self.name, klar=number)
        return redirect(target, code=303)  # type: ignore[return-value]
