"""Charts written as SVG directly: panels of categories (months, years) with bars and
lines, a value axis with a grid, a title and a legend; text drawn as paths from the
package's own typeface.

No chart library: a chart is a few hundred elements written in order, so it takes
milliseconds instead of the second a chart library takes to import, and the bytes depend
only on the figures and this code (no library version, no font of the machine). The text
is drawn from ``fonts/DejaVuSansCondensed.ttf`` (the PDF's), so a chart looks the same in a
browser and in Fava, with no font of the machine; each text's group carries the text as
``aria-label``. The PDF is typeset from a print form of the same chart (``for_print``):
the same elements, the text as SVG text in the PDF's own font, which the typesetter lays
out far faster than it draws outlines (a quarter of the follow-up's typesetting was its
two charts' glyphs). Missing values are gaps, never zeros.
"""

from __future__ import annotations

import base64
import hashlib
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import Any

from finsam_accounts.render.pdf import FAMILY, FONTS

FONT_FILE = FONTS / "DejaVuSansCondensed.ttf"
# The typeface's glyphs are read lazily by fontTools, which is not thread-safe: Fava builds
# pages in more than one thread, so a chart is written holding this lock.
LOCK = threading.Lock()

TEXT = "#000000"
FRAME = "#000000"
GRID = "#dddddd"
ZERO = "#888888"
PAD = 6.0  # around the figure, in points
TICK = 3.5  # tick marks' length
LINE_WIDTH = 1.5
MARKER_RADIUS = 1.5


@dataclass(frozen=True)
class Series:
    """One curve or one set of bars: a value per category, None where there is none."""

    label: str
    colour: str
    values: Sequence[float | None]
    bar: bool = False
    dashed: bool = False
    markers: bool = False


@dataclass(frozen=True)
class Panel:
    """One plot: its categories along the bottom, its series, the value axis' unit and the
    tick labels' format; ``zero_line`` draws the value 0 across."""

    title: str
    categories: Sequence[str]
    series: Sequence[Series]
    unit: str
    tick_label: Callable[[float], str]
    zero_line: bool = False


@dataclass(frozen=True)
class Sizes:
    """Type sizes in points: tick labels and unit, the title, the legend."""

    text: float = 8.0
    title: float = 10.0
    legend: float = 7.0


def number(value: float) -> str:
    """A coordinate, at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class Typeface:
    """The shipped font's outlines and advances (fontTools, read lazily)."""

    def __init__(self) -> None:
        from fontTools.ttLib import TTFont

        self.font: Any = TTFont(FONT_FILE, lazy=True)
        self.cmap: dict[int, str] = self.font.getBestCmap()
        self.glyphs: Any = self.font.getGlyphSet()
        self.metrics: Any = self.font["hmtx"]
        self.em = float(self.font["head"].unitsPerEm)
        self.outlines: dict[str, str] = {}

    def glyph(self, char: str) -> str:
        return self.cmap.get(ord(char)) or self.cmap[ord("?")]

    def advance(self, name: str) -> int:
        return int(self.metrics[name][0])

    def width(self, text: str, size: float) -> float:
        return sum(self.advance(self.glyph(c)) for c in text) * size / self.em

    def outline(self, name: str) -> str:
        if name not in self.outlines:
            from fontTools.pens.svgPathPen import SVGPathPen

            pen = SVGPathPen(self.glyphs)
            self.glyphs[name].draw(pen)
            self.outlines[name] = pen.getCommands()
        return self.outlines[name]


@lru_cache(maxsize=1)
def typeface() -> Typeface:
    return Typeface()


class Canvas:
    """The SVG's elements in drawing order, and the glyphs they use (defined once)."""

    def __init__(self, width: float, height: float, title: str, for_print: bool = False) -> None:
        self.width, self.height, self.title = width, height, title
        self.for_print = for_print
        # Ids unique per chart: two charts inlined in one page (Fava) do not share them.
        self.prefix = "g" + hashlib.sha256(title.encode("utf-8")).hexdigest()[:8]
        self.parts: list[str] = []
        self.defined: dict[str, str] = {}

    def add(self, element: str) -> None:
        self.parts.append(element)

    def line(self, points: Sequence[tuple[float, float]], colour: str, width: float,
             dashed: bool = False) -> None:
        d = " ".join(f"{'M' if i == 0 else 'L'}{number(x)} {number(y)}"
                     for i, (x, y) in enumerate(points))
        dash = f' stroke-dasharray="{number(width * 3.7)} {number(width * 1.6)}"' if dashed else ""
        self.add(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{number(width)}"'
                 f' stroke-linejoin="round"{dash}/>')

    def rect(self, x: float, y: float, width: float, height: float, fill: str) -> None:
        self.add(f'<rect x="{number(x)}" y="{number(y)}" width="{number(width)}" '
                 f'height="{number(height)}" fill="{fill}"/>')

    def dot(self, x: float, y: float, colour: str) -> None:
        self.add(f'<circle cx="{number(x)}" cy="{number(y)}" r="{number(MARKER_RADIUS)}" '
                 f'fill="{colour}"/>')

    def text(self, x: float, y: float, text: str, size: float, anchor: str = "start",
             vertical: bool = False) -> None:
        """``text`` with its baseline at ``y``, starting, centred or ending at ``x``
        (``anchor``); ``vertical`` turns it a quarter left (read from the bottom up)."""
        face = typeface()
        shift = {"start": 0.0, "middle": 0.5, "end": 1.0}[anchor] * face.width(text, size)
        scale = size / face.em
        place = (f"translate({number(x)} {number(y)}) rotate(-90) translate({number(-shift)} 0)"
                 if vertical else f"translate({number(x - shift)} {number(y)})")
        if self.for_print:  # the same font, laid out by the typesetter (chart)
            self.add(f'<text font-family="{FAMILY}" font-size="{number(size)}" '
                     f'fill="{TEXT}" transform="{place}">{escape(text)}</text>')
            return
        uses, pen = [], 0
        for char in text:
            name = face.glyph(char)
            if face.outline(name):
                uses.append(f'<use xlink:href="#{self._defined(name)}" x="{pen}"/>')
            pen += face.advance(name)
        self.add(f'<g aria-label="{escape(text)}" fill="{TEXT}" '
                 f'transform="{place} scale({scale:.6f} {-scale:.6f})">{"".join(uses)}</g>')

    def _defined(self, name: str) -> str:
        if name not in self.defined:
            self.defined[name] = f"{self.prefix}-{len(self.defined)}"
        return self.defined[name]

    def svg(self) -> bytes:
        face = typeface()
        defs = "".join(f'<path id="{ident}" d="{face.outline(name)}"/>'
                       for name, ident in self.defined.items())
        size = f'width="{number(self.width)}pt" height="{number(self.height)}pt"'
        view = f'viewBox="0 0 {number(self.width)} {number(self.height)}"'
        return "\n".join([
            '<?xml version="1.0" encoding="utf-8"?>',
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
            f' version="1.1" {size} {view} role="img" aria-label="{escape(self.title)}">',
            f"<title>{escape(self.title)}</title>",
            f"<defs>{defs}</defs>",
            f'<rect width="{number(self.width)}" height="{number(self.height)}" '
            'fill="#ffffff"/>',
            *self.parts,
            "</svg>",
            "",
        ]).encode("utf-8")


def data_uri(svg: bytes) -> str:
    """An SVG as a data address, for an ``<img>`` in a self-contained document (the annual
    report's HTML, every PDF's source)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def ticks(low: float, high: float, most: int = 8) -> list[float]:
    """Round values (1, 2, 2.5 or 5 times a power of ten apart) within ``low``–``high``,
    at most ``most`` + 1 of them."""
    rough = (high - low) / most
    magnitude = 10 ** math.floor(math.log10(rough))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= rough)
    first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    return [i * step for i in range(first, last + 1)]


def limits(values: Sequence[float], anchored: bool) -> tuple[float, float]:
    """The value axis' ends: the values and 5 % more each way (``anchored``: 0 included,
    and nothing added beyond a 0 that is an end, as bars stand on it)."""
    low, high = min([*values, *([0.0] if anchored or not values else [])]), max(
        [*values, *([0.0] if anchored or not values else [])])
    if high <= low:
        return low - 1, high + 1
    margin = (high - low) * 0.05
    return (low if anchored and low == 0 else low - margin,
            high if anchored and high == 0 else high + margin)


def chart(width: float, height: float, panels: Sequence[Panel], sizes: Sizes,
          for_print: bool = False) -> bytes:
    """The panels stacked top to bottom, each the same height, as SVG bytes.

    ``for_print``: the chart the PDF is typeset from (``Report.print_images``), its text as
    SVG text in the PDF's own font (``Finsam Sans``, known only to the typesetter, which
    has that font already embedded for the document's text) instead of glyph outlines: the
    same glyphs at the same places, laid out in a fraction of the time the typesetter takes
    to draw outlines, and text a reader of the PDF can search and copy."""
    with LOCK:
        canvas = Canvas(width, height, " / ".join(p.title for p in panels), for_print)
        each = height / len(panels)
        for index, panel in enumerate(panels):
            _panel(canvas, panel, sizes, index * each, each)
        return canvas.svg()


def _panel(canvas: Canvas, panel: Panel, sizes: Sizes, top: float, height: float) -> None:
    face = typeface()
    values = [v for s in panel.series for v in s.values if v is not None]
    lowest, highest = limits(values, panel.zero_line or any(s.bar for s in panel.series))
    marks = ticks(lowest, highest)
    labels = [panel.tick_label(t) for t in marks]

    # Title, then the legend's rows, then the plot; the categories under it.
    left = (PAD + sizes.text * 1.2 + 4 + max(face.width(t, sizes.text) for t in labels)
            + TICK + 2)
    right = canvas.width - PAD
    canvas.text((left + right) / 2, top + PAD + sizes.title * 0.9, panel.title, sizes.title,
                "middle")
    legend_top = top + PAD + sizes.title * 1.4
    plot_top = _legend(canvas, panel.series, sizes.legend, left, right, legend_top) + 4
    plot_bottom = top + height - PAD - sizes.text * 1.4 - TICK

    def y_of(value: float) -> float:
        return plot_bottom - (value - lowest) / (highest - lowest) * (plot_bottom - plot_top)

    slot = (right - left) / max(len(panel.categories), 1)

    def x_of(index: float) -> float:
        return left + (index + 0.5) * slot

    for mark, label in zip(marks, labels, strict=True):
        y = y_of(mark)
        canvas.line([(left, y), (right, y)], GRID, 0.6)
        canvas.line([(left - TICK, y), (left, y)], FRAME, 0.8)
        canvas.text(left - TICK - 2, y + sizes.text * 0.35, label, sizes.text, "end")
    if panel.zero_line:
        canvas.line([(left, y_of(0)), (right, y_of(0))], ZERO, 0.6)
    canvas.text(PAD + sizes.text * 0.9, (plot_top + plot_bottom) / 2, panel.unit, sizes.text,
                "middle", vertical=True)
    for index, category in enumerate(panel.categories):
        x = x_of(index)
        canvas.line([(x, plot_bottom), (x, plot_bottom + TICK)], FRAME, 0.8)
        canvas.text(x, plot_bottom + TICK + sizes.text * 1.1, category, sizes.text, "middle")

    bars = [s for s in panel.series if s.bar]
    width = slot * 0.8 / max(len(bars), 1)
    for position, series in enumerate(bars):
        for index, value in enumerate(series.values):
            if value is not None:
                x = x_of(index) - slot * 0.4 + width * position
                y0, y1 = sorted((y_of(0), y_of(value)))
                canvas.rect(x, y0, width, y1 - y0, series.colour)
    for series in (s for s in panel.series if not s.bar):
        for run in _runs(series.values):
            points = [(x_of(i), y_of(v)) for i, v in run]
            if len(points) > 1:
                canvas.line(points, series.colour, LINE_WIDTH, series.dashed)
            if series.markers:
                for x, y in points:
                    canvas.dot(x, y, series.colour)
    canvas.add(f'<rect x="{number(left)}" y="{number(plot_top)}" width="{number(right - left)}"'
               f' height="{number(plot_bottom - plot_top)}" fill="none" stroke="{FRAME}" '
               'stroke-width="0.8"/>')


def _runs(values: Sequence[float | None]) -> list[list[tuple[int, float]]]:
    """The series' consecutive values, split where one is missing."""
    runs: list[list[tuple[int, float]]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((index, value))
    return [run for run in runs if run]


def _legend(canvas: Canvas, series: Sequence[Series], size: float, left: float,
            right: float, top: float) -> float:
    """Each series' swatch and label in rows from ``left``; where the last row ends."""
    face = typeface()
    swatch, gap, row = size * 2.6, size * 1.8, size * 1.5
    x, y = left, top
    for item in series:
        width = swatch + size * 0.5 + face.width(item.label, size)
        if x > left and x + width > right:
            x, y = left, y + row
        middle = y + row / 2
        if item.bar:
            canvas.rect(x + size * 0.4, middle - size * 0.45, swatch - size * 0.8, size * 0.9,
                        item.colour)
        else:
            canvas.line([(x, middle), (x + swatch, middle)], item.colour, LINE_WIDTH,
                        item.dashed)
            if item.markers:
                canvas.dot(x + swatch / 2, middle, item.colour)
        canvas.text(x + swatch + size * 0.5, middle + size * 0.35, item.label, size)
        x += width + gap
    return y + row
