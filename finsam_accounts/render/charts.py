"""The budget follow-up's charts: cumulative actual, budget and forecast by month, as SVG
(:mod:`finsam_accounts.render.svg_chart`), byte-identical run to run."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from finsam_accounts.money import format_sv, round_kr, round_tkr
from finsam_accounts.render.svg_chart import Panel, Series, Sizes, chart
from finsam_accounts.report import Report

WIDTH, HEIGHT = 460.8, 244.8  # points: 6.4 × 3.4 inches
SIZES = Sizes(text=9.0, title=10.8, legend=9.0)


def cumulative_chart(
    title: str,
    months: Sequence[str],
    actual: Sequence[Decimal | None],
    budget: Sequence[Decimal] | None,
    forecast: Sequence[Decimal | None],
    unit: str = "tkr",
    for_print: bool = False,
) -> bytes:
    """Cumulative actual, budget and forecast by month, in ``unit`` (kr or tkr), as SVG
    bytes; the values are drawn with their own signs. A curve is drawn, and named in the
    legend, only if it has a line to draw."""
    scale = 1000 if unit == "tkr" else 1
    rounded = round_tkr if unit == "tkr" else round_kr

    def shown(values: Sequence[Decimal | None]) -> list[float | None]:
        return [None if v is None else float(v) / scale for v in values]

    series = []
    if budget is not None:
        series.append(Series("Budget ackumulerat", "#888888", shown(budget)))
    if any(v is not None for v in actual):
        series.append(Series("Utfall ackumulerat", "#1f4e79", shown(actual), markers=True))
    if sum(v is not None for v in forecast) > 1:
        series.append(Series("Prognos till december", "#1f4e79", shown(forecast),
                             dashed=True))
    panel = Panel(title, list(months), series, unit,
                  lambda value: format_sv(rounded(Decimal(value * scale))))
    return chart(WIDTH, HEIGHT, [panel], SIZES, for_print)


def drawn(report: Report) -> Report:
    """The report with each of its charts drawn into its attachments (once), and, for a
    report written as PDF, its print form into the images the PDF is typeset from."""
    for name, item in sorted(report.charts.items()):
        if name not in report.attachments:
            drawing = (item.title, item.labels, item.actual, item.budget, item.forecast,
                       item.unit)
            report.attachments[name] = cumulative_chart(*drawing)
            if report.pdf:  # (a page in Fava or a workbook needs no print form)
                report.print_images[name] = cumulative_chart(*drawing, for_print=True)
    return report
