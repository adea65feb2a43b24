"""The common part of the report pages in Fava: request in, cached page out, downloads.

Kept apart from ``finsam_accounts.fava`` itself because Fava takes every extension class
it finds in the module the ledger names, and this base class is not a page of its own.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from fava.ext import FavaExtensionBase, extension_endpoint
from flask import Response, request, send_file

from finsam_accounts.fava.downloads import DownloadError, download
from finsam_accounts.fava.pages import YEAR_PARAM, Page, render_page

FORMAT_PARAM = "format"
TABLE_PARAM = "tabell"


class ReportPage(FavaExtensionBase):
    """A page computed by :func:`render_page` from the entries Fava has loaded.

    Pages are cached per year until Fava loads the ledger again (``after_load_file``), so
    a page costs one computation per load and year, and never a second load.
    """

    page_name = ""

    def __init__(self, ledger: Any, config: str | None = None) -> None:
        super().__init__(ledger, config)
        self._pages: dict[str, Page] = {}

    def after_load_file(self) -> None:
        self._pages = {}

    def page(self) -> Page:
        """The page for the year asked in the request (``?ar=2019``)."""
        year = request.args.get(YEAR_PARAM, "")
        if year not in self._pages:
            self._pages[year] = render_page(self.ledger, self.page_name, {YEAR_PARAM: year})
        return self._pages[year]

    @extension_endpoint("ladda_ned")  # type: ignore[arg-type]
    def ladda_ned(self) -> Response:
        """The page as CSV (``tabell``: which table), XLSX or HTML."""
        page = self.page()
        if page.report is None:
            return text_response("sidan har inga siffror att ladda ned", 404)
        try:
            made = download(
                page.report,
                self.page_name,
                request.args.get(FORMAT_PARAM, "xlsx"),
                request.args.get(TABLE_PARAM, ""),
            )
        except DownloadError as error:
            return text_response(str(error), 404)
        return send_file(
            BytesIO(made.content),
            mimetype=made.mimetype,
            as_attachment=True,
            download_name=made.filename,
        )


def text_response(message: str, status: int) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain")
