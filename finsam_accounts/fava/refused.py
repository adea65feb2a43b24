"""Fava's own exception classes, carrying FinsamErrors.

Fava's API answers a :class:`~fava.json_api.FavaJSONAPIError` with its status and
message, and turns a filter's or a query shell's error into text; the classes finsam
raises there derive from those (Fava needs them) and mix in :class:`WithErrors`, so the
problem is still a value with a source (``errors``) and its message is the one formatter's
(:func:`finsam_accounts.errors.format_errors`).
"""

from __future__ import annotations

from fava.helpers import FavaAPIError

from finsam_accounts.errors import FinsamError, format_errors


class WithErrors:
    """Mixin for a Fava exception built from FinsamErrors."""

    errors: list[FinsamError]

    def __init__(self, *errors: FinsamError) -> None:
        self.errors = list(errors)
        assert isinstance(self, FavaAPIError)
        FavaAPIError.__init__(self, "\n".join(format_errors(self.errors)))
