"""Charts as SVG text, byte-identical run to run (matplotlib).

matplotlib stamps a date and its version into the SVG metadata and derives element ids from a random
salt; we clear both, fix the salt, keep text as text (``svg.fonttype: none``, so the
output does not depend on the installed font files) and name one font family.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from finsam_accounts.money import format_sv, round_kr, round_tkr
from finsam_accounts.report import Report

# matplotlib's settings (rcParams) and pyplot are global to the process: Fava builds pages in
# more than one thread, so every chart is drawn holding this lock.
LOCK = threading.Lock()

STYLE: dict[str, Any] = {
    "svg.hashsalt": "finsam-accounts",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.unicode_minus": True,
    "path.simplify": False,
}


def cumulative_chart(
    title: str,
    months: Sequence[str],
    actual: Sequence[Decimal | None],
    budget: Sequence[Decimal] | None,
    forecast: Sequence[Decimal | None],
    unit: str = "tkr",
) -> bytes:
    """Cumulative actual, budget and forecast by month, in ``unit`` (kr or tkr), as SVG
    bytes; the values are drawn with their own signs."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.ticker import FuncFormatter

    scale = 1000 if unit == "tkr" else 1
    rounded = round_tkr if unit == "tkr" else round_kr

    def points(values: Sequence[Decimal | None]) -> tuple[list[int], list[float]]:
        shown = [(i, float(v) / scale) for i, v in enumerate(values) if v is not None]
        return [i for i, _ in shown], [v for _, v in shown]

    with LOCK, matplotlib.rc_context(STYLE):  # type: ignore[arg-type]
        figure, axes = plt.subplots(figsize=(6.4, 3.4))
        try:
            # A curve is drawn, and named in the legend, only if it has a line to draw.
            if budget is not None:
                axes.plot(*points(budget), color="#888888", label="Budget ackumulerat")
            if points(actual)[0]:
                axes.plot(*points(actual), color="#1f4e79", marker="o", markersize=3,
                          label="Utfall ackumulerat")
            if len(points(forecast)[0]) > 1:
                axes.plot(*points(forecast), color="#1f4e79", linestyle="--",
                          label="Prognos till december")
            axes.set_xticks(range(len(months)), list(months))
            axes.yaxis.set_major_formatter(
                FuncFormatter(lambda value, _: format_sv(rounded(Decimal(value * scale))))
            )
            axes.set_ylabel(unit)
            axes.set_title(title)
            axes.grid(axis="y", color="#dddddd", linewidth=0.6)
            axes.legend(loc="best", frameon=False)
            figure.tight_layout()
            buffer = io.BytesIO()
            figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        finally:
            plt.close(figure)
    return buffer.getvalue()


def drawn(report: Report) -> Report:
    """The report with each of its charts drawn into its attachments (once)."""
    for name, chart in sorted(report.charts.items()):
        if name not in report.attachments:
            report.attachments[name] = cumulative_chart(
                chart.title, chart.labels, chart.actual, chart.budget, chart.forecast,
                chart.unit)
    return report
