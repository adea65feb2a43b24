"""The common part of the report pages in Fava: request in, cached page out, downloads.

Kept apart from ``finsam_accounts.fava`` itself because Fava takes every extension class
it finds in the module the ledger names, and this base class is not a page of its own.
"""

from __future__ import annotations

import threading
from io import BytesIO
from typing import Any

from fava.ext import FavaExtensionBase, extension_endpoint
from flask import Response, request, send_file

from finsam_accounts.fava.downloads import DownloadError, download
from finsam_accounts.fava.pages import YEAR_PARAM, Page, render_page

FORMAT_PARAM = "format"
TABLE_PARAM = "tabell"


class PageCache:
    """The pages of one load of the ledger, each computed once (by whoever asks first)."""

    def __init__(self) -> None:
        self._pages: dict[str, Page] = {}
        self._lock = threading.Lock()

    def get(self, ledger: Any, name: str, year: str) -> Page:
        with self._lock:
            if year not in self._pages:
                page = render_page(ledger, name, {YEAR_PARAM: year})
                self._pages[year] = page
                if page.year is not None:  # the default page is also the page of its year
                    self._pages.setdefault(str(page.year), page)
            return self._pages[year]


class ReportPage(FavaExtensionBase):
    """A page computed by :func:`render_page` from the entries Fava has loaded.

    Pages are cached per year until Fava loads the ledger again (``after_load_file``), so
    a page costs one computation per load and year, and never a second load. After each
    load the latest year's page is computed in the background, so that the board's first
    look does not wait for it on a large ledger.
    """

    page_name = ""

    def __init__(self, ledger: Any, config: str | None = None) -> None:
        super().__init__(ledger, config)
        self._cache = PageCache()

    def after_load_file(self) -> None:
        self._cache = PageCache()
        threading.Thread(
            target=self._cache.get,
            args=(self.ledger, self.page_name, ""),
            name=f"finsam-{self.page_name}",
            daemon=True,
        ).start()

    def page(self) -> Page:
        """The page for the year asked in the request (``?ar=2019``)."""
        return self._cache.get(self.ledger, self.page_name, request.args.get(YEAR_PARAM, ""))

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
