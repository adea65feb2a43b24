"""No figures from books that do not enable the förbund's plugin.

Without ``plugin "finsam_accounts.plugin"`` in the main file, none of the förbund's rules
runs (the year lock, voucher numbers, account numbers), so Fava would show figures that
``finsam check`` refuses, with no error at all. :func:`require_plugin` makes every page
and API answer of such books a Swedish error instead, checked on every request, so that a
line deleted while Fava runs is caught at its next reload.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, g

from finsam_accounts.commands.common import PLUGIN


def missing_plugin_message(ledger: object) -> str | None:
    """The Swedish refusal if a Fava ledger's books do not enable the plugin, else None."""
    options = getattr(ledger, "options", {})
    enabled = [name for name, _config in options.get("plugin", [])]
    if PLUGIN in enabled:
        return None
    main = Path(str(getattr(ledger, "beancount_file_path", "main.beancount"))).name
    return (
        f'Bokföringen slår inte på förbundets kontroller: raden plugin "{PLUGIN}" saknas i '
        f"{main}. Fava visar inga siffror förrän raden står där igen (lägg till den i "
        "filen, efter option-raderna)."
    )


def require_plugin(app: Flask) -> None:
    """Refuse (503) every request for books without the plugin line."""

    @app.before_request
    def _plugin_enabled() -> Response | None:
        ledger = getattr(g, "ledger", None)
        if ledger is None:
            return None
        message = missing_plugin_message(ledger)
        if message is None:
            return None
        return Response(message + "\n", status=503, mimetype="text/plain")
