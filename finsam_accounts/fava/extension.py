"""The common part of the report pages in Fava: request in, cached page out, downloads.

Kept apart from ``finsam_accounts.fava`` itself because Fava takes every extension class
it finds in the module the ledger names, and this base class is not a page of its own.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from io import BytesIO
from typing import Any

from fava.ext import FavaExtensionBase, extension_endpoint
from flask import Response, request, send_file
from markupsafe import Markup

from finsam_accounts.errors import ReportError
from finsam_accounts.fava.downloads import download, refused
from finsam_accounts.fava.pages import (
    DATE_PARAM,
    PAGES,
    UNIT_PARAM,
    YEAR_PARAM,
    Page,
    render_page,
)
from finsam_accounts.fava.query_guard import protect
from finsam_accounts.fava.regex_guard import install as install_regex_guard

FORMAT_PARAM = "format"
TABLE_PARAM = "tabell"


class PageCache:
    """The pages of one load of the ledger, each computed once (by whoever asks first).

    Keyed by the page and what the request asked (year or date as written, and unit), so
    two requests that ask for different dates or units never share a page. A request is input from
    outside: only the :data:`KEPT` most recently asked pages are kept, so no run of
    distinct dates can fill the server's memory.
    """

    def __init__(self) -> None:
        self._pages: OrderedDict[tuple[str, str, str], Page] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, ledger: Any, name: str, when: str, unit: str = "") -> Page:
        """The page for ``when`` (a year or a date as asked, "" for the default), in
        thousands of kronor when ``unit`` is "tkr"."""
        unit = "tkr" if unit == "tkr" and PAGES[name].by == "date" else ""
        key = (name, when, unit)
        with self._lock:
            page = self._pages.get(key)
            if page is None:
                param = DATE_PARAM if PAGES[name].by == "date" else YEAR_PARAM
                page = render_page(ledger, name, {param: when, UNIT_PARAM: unit})
                self._keep(key, page)
                if page.when and when != page.when:  # the default page is also its date's
                    self._keep((name, page.when, unit), page)
            self._pages.move_to_end(key)
            return page

    def _keep(self, key: tuple[str, str, str], page: Page) -> None:
        self._pages[key] = page
        self._pages.move_to_end(key)
        while len(self._pages) > KEPT:
            self._pages.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pages)


KEPT = 16  # pages kept per page kind and load


class ReportPage(FavaExtensionBase):
    """A page computed by :func:`render_page` from the entries Fava has loaded.

    Pages are cached per year or date (and unit) until Fava loads the ledger again
    (``after_load_file``), so a page costs one computation per load and request, and never
    a second load. As Fava parses its own data once per load (``FavaLedger.load_file``),
    the books' domain data and the ledger's sums per day are made once per load
    (:func:`summed_once`), and every page and chart reads them: a page view does not
    pass over the ledger's transactions again.
    """

    page_name = ""

    def __init__(self, ledger: Any, config: str | None = None) -> None:
        super().__init__(ledger, config)
        protect(ledger)  # also under plain `fava`: no beanquery shell commands (query_guard)
        install_regex_guard()  # and no regular expression that freezes the server
        self._cache = PageCache()

    def after_load_file(self) -> None:
        open_on_latest_year(self.ledger)
        self._cache = PageCache()
        summed_once(self.ledger)
        ready_to_draw()

    def page(self) -> Page:
        """The page for the year or date asked (``?ar=2019``, ``?datum=2019-08-31``)."""
        param = DATE_PARAM if PAGES[self.page_name].by == "date" else YEAR_PARAM
        return self._cache.get(self.ledger, self.page_name, request.args.get(param, ""),
                               request.args.get(UNIT_PARAM, ""))

    def image(self, name: str) -> Markup:
        """An SVG chart of the page's report, to show inline (our own deterministic SVG)."""
        page = self.page()
        content = page.report.attachments.get(name, b"") if page.report else b""
        return Markup(content.decode("utf-8"))

    @extension_endpoint("ladda_ned")  # type: ignore[arg-type]
    def ladda_ned(self) -> Response:
        """The page as CSV (``tabell``: which table), XLSX, HTML or (annual report) PDF."""
        page = self.page()
        if page.report is None:
            return text_response("sidan har inga siffror att ladda ned", 404)
        problem = refused(page.report, request.args.get(FORMAT_PARAM, "xlsx"),
                          request.args.get(TABLE_PARAM, ""), page.document)
        if problem is not None:
            return text_response(problem.message, 404)
        try:
            made = download(
                page.report,
                f"{self.page_name}-{page.when}",
                request.args.get(FORMAT_PARAM, "xlsx"),
                request.args.get(TABLE_PARAM, ""),
                page.document,
            )
        except ReportError as error:  # e.g. no PDF typesetter on this machine
            return text_response("\n".join(e.message for e in error.errors), 500)
        return send_file(
            BytesIO(made.content),
            mimetype=made.mimetype,
            as_attachment=True,
            download_name=made.filename,
        )


def summed_once(ledger: Any) -> None:
    """Parse the books and sum the ledger per day once for this load (the first page of
    a load does it; the others find it done, :mod:`finsam_accounts.derived`). Books with
    errors get no figures, so they are not summed."""
    from finsam_accounts import balances, domain
    from finsam_accounts.statements.figures import by_day, noncash_by_day, selected
    from finsam_accounts.statements.spec import spec_for

    entries = ledger.all_entries
    if ledger.load_errors or not isinstance(entries, list):
        return
    books = domain.of(entries, ledger.options)
    try:
        by_day(entries, books.opening_vouchers)
        spec = spec_for(books)
        liquid = selected(books, spec.liquid_funds)
        fixed = selected(books, spec.fixed_assets)
        if liquid and fixed:
            noncash_by_day(entries, books.opening_vouchers, liquid, fixed, books.result_roots)
    except ReportError:  # e.g. a foreign currency: the page that sums says so
        return
    balances.running_totals(entries)


def ready_to_draw() -> None:
    """The charts' typeface read once per server (as the load imports the rest), not
    during the first page view that draws a chart (render/svg_chart.py)."""
    from finsam_accounts.render.svg_chart import typeface

    typeface()


DEFAULT_PAGE_OPTION = "default-page"


def open_on_latest_year(ledger: Any) -> None:
    """Fava opens on the income statement of the books' latest fiscal year, not on all
    years summed (Fava's own default), unless the books name their own first page
    (``custom "fava-option" "default-page" ...``). Fava keeps the year (its time filter)
    when the reader goes on to the balance sheet or an account."""
    from beancount.core import data

    from finsam_accounts.books import fiscal_years

    customs = [e for e in ledger.all_entries if isinstance(e, data.Custom)]
    if any(e.type == "fava-option" and e.values and e.values[0].value == DEFAULT_PAGE_OPTION
           for e in customs):
        return
    # The books' fiscal years as Books reads them (declared, else the years with vouchers),
    # also in books with errors (this runs before the books are parsed for the pages).
    years = fiscal_years(ledger.all_entries)
    latest = years[-1] if years else None
    if latest is not None:
        ledger.fava_options.default_page = f"income_statement/?time={latest}"


def text_response(message: str, status: int) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain")
