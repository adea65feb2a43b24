"""The five-year overview's chart, and the overview as a section of a report.

One deterministic SVG with two panels (the year's economy; equity and trappan's limit),
written by :mod:`finsam_accounts.render.svg_chart`: text drawn as paths from the package's
own font file, so the SVG looks the same everywhere (the PDF is typeset from its print
form, the text in the PDF's own font); missing years are gaps, never zeros.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from finsam_accounts.books import Books
from finsam_accounts.money import format_sv, round_tkr
from finsam_accounts.render import svg_chart
from finsam_accounts.render.svg_chart import Panel, Series, Sizes, data_uri
from finsam_accounts.report import Report
from finsam_accounts.statements.figures import Figures
from finsam_accounts.yearly import overview
from finsam_accounts.yearly.overview import YearColumn
from finsam_accounts.yearly.overview_report import KEY, TITLE, table, text

WIDTH, HEIGHT = 460.8, 403.2  # points: 6.4 × 5.6 inches
SIZES = Sizes(text=8.0, title=10.0, legend=7.0)


def _series(columns: Sequence[YearColumn], name: str) -> list[float | None]:
    return [None if (v := c.values.get(name)) is None else float(v) / 1000 for c in columns]


def _tkr(value: float) -> str:
    return format_sv(round_tkr(Decimal(value * 1000)))


def chart(columns: Sequence[YearColumn], for_print: bool = False) -> bytes:
    """The two panels as one deterministic SVG: the year's economy, equity and trappan
    (``for_print``: the form the PDF is typeset from, svg_chart.chart)."""
    years = [str(c.year) for c in columns]
    economy = Panel("Medlemsavgifter, kostnader och resultat", years, [
        Series("Medlemsavgifter", "#1f4e79", _series(columns, "medlemsavgifter"), bar=True),
        Series("Verksamhetens kostnader", "#9dc3e6", _series(columns, "kostnader"), bar=True),
        Series("Årets resultat", "#b03a2e", _series(columns, "resultat"), markers=True),
    ], "tkr", _tkr, zero_line=True)
    equity = Panel("Eget kapital och trappans gräns", years, [
        Series("Eget kapital", "#1f4e79", _series(columns, "eget_kapital"), markers=True),
        Series("Trappans gräns", "#b03a2e", _series(columns, "trappan_gräns"), markers=True),
    ], "tkr", _tkr, zero_line=True)
    return svg_chart.chart(WIDTH, HEIGHT, [economy, equity], SIZES, for_print)


def add_overview(report: Report, books: Books, year: int, summed: Figures | None = None) -> None:
    """Five years at a glance (femarsoversikt.csv) as a section of the annual report, as
    municipal annual reports have it, the chart inlined.

    Added by the annual report's writers (the command, Fava), not by ``report_of``: a
    closed year's lock digests report_of's figures (render/locked_figures.py), and the
    overview's years in the books are those same figures. ``summed``: the annual
    report's summing pass, which holds every year (no second pass)."""
    add_section(report, overview.overview(books, year, summed), inline=True)


def add_section(report: Report, columns: Sequence[YearColumn], inline: bool) -> None:
    """The overview as a section: the chart inlined (annual report) or attached."""
    svg = chart(columns)
    if inline:
        image = data_uri(svg)
    else:
        image = f"{KEY}.svg"
        report.attachments[image] = svg
    if inline or report.pdf:  # the annual report is typeset; `finsam oversikt` is not
        report.print_images[image] = chart(columns, for_print=True)
    report.add(KEY, TITLE, table(columns), text(columns), image=image)
