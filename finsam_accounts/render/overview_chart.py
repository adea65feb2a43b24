"""The five-year overview's chart, and the overview as a section of a report.

One deterministic SVG with two panels (the year's economy; equity and trappan's limit),
text drawn as paths from the package's own font file, so the PDF embeds no font of the
machine and the SVG looks the same everywhere; missing years are gaps, never zeros.
Drawn holding :data:`finsam_accounts.render.charts.LOCK` (matplotlib's settings are
global to the process and Fava builds pages in threads).
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from finsam_accounts.books import Books
from finsam_accounts.money import format_sv, round_tkr
from finsam_accounts.report import Report
from finsam_accounts.statements.figures import Figures
from finsam_accounts.yearly import overview
from finsam_accounts.yearly.overview import YearColumn
from finsam_accounts.yearly.overview_report import KEY, TITLE, table, text


def _series(columns: Sequence[YearColumn], name: str) -> list[float | None]:
    return [None if (v := c.values.get(name)) is None else float(v) / 1000 for c in columns]


def _draw(axes: object, columns: Sequence[YearColumn], title: str,
          lines: Sequence[tuple[str, str, str]],
          bars: Sequence[tuple[str, str, str]] = ()) -> None:
    """One panel: ``bars`` and ``lines`` are (figure name, label, colour); gaps for missing."""
    from matplotlib.ticker import FuncFormatter

    ax: Any = axes
    font = _font()
    years = [str(c.year) for c in columns]
    width = 0.8 / max(len(bars), 1)
    for index, (name, label, colour) in enumerate(bars):
        shown = [(i, v) for i, v in enumerate(_series(columns, name)) if v is not None]
        ax.bar([i - 0.4 + width * (index + 0.5) for i, _ in shown], [v for _, v in shown],
               width=width, color=colour, label=label)
    for name, label, colour in lines:
        shown = [(i, v) for i, v in enumerate(_series(columns, name)) if v is not None]
        ax.plot([i for i, _ in shown], [v for _, v in shown], color=colour, marker="o",
                markersize=3, label=label)
    ax.set_xticks(range(len(years)), years)
    ax.set_xlim(-0.6, len(years) - 0.4)
    ax.yaxis.set_major_formatter(
        FuncFormatter(lambda value, _: format_sv(round_tkr(Decimal(value * 1000)))))
    ax.set_ylabel("tkr", fontproperties=font)
    ax.set_title(title, fontproperties=_font(10))
    ax.axhline(0, color="#888888", linewidth=0.6)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.legend(loc="upper left", frameon=False, prop=_font(7))
    for label in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        label.set_fontproperties(font)


def _font(size: float = 8) -> Any:
    """The package's own typeface (the PDF's), by file: no font of the machine is used."""
    from matplotlib.font_manager import FontProperties

    from finsam_accounts.render.pdf import FONTS

    return FontProperties(fname=FONTS / "DejaVuSansCondensed.ttf", size=size)


def chart(columns: Sequence[YearColumn]) -> bytes:
    """The two panels as one deterministic SVG: the year's economy, equity and trappan."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    from finsam_accounts.render.charts import LOCK, STYLE

    # Text as paths drawn from the shipped font file: the PDF embeds no further font and the
    # SVG looks the same on every machine.
    style: Any = {**STYLE, "svg.fonttype": "path"}
    with LOCK, matplotlib.rc_context(style):
        figure, (top, bottom) = plt.subplots(2, 1, figsize=(6.4, 5.6))
        try:
            _draw(top, columns, "Medlemsavgifter, kostnader och resultat",
                  lines=[("resultat", "Årets resultat", "#b03a2e")],
                  bars=[("medlemsavgifter", "Medlemsavgifter", "#1f4e79"),
                        ("kostnader", "Verksamhetens kostnader", "#9dc3e6")])
            _draw(bottom, columns, "Eget kapital och trappans gräns",
                  lines=[("eget_kapital", "Eget kapital", "#1f4e79"),
                         ("trappan_gräns", "Trappans gräns", "#b03a2e")])
            figure.tight_layout()
            buffer = io.BytesIO()
            figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        finally:
            plt.close(figure)
    return buffer.getvalue()


def data_uri(svg: bytes) -> str:
    """An SVG inlined in the HTML (the PDF of the annual report has no folder of images)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


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
    report.add(KEY, TITLE, table(columns), text(columns), image=image)
