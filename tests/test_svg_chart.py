"""render/svg_chart.py: the charts show the figures they are given, at the right heights."""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

from finsam_accounts.ledger import load
from finsam_accounts.render.charts import cumulative_chart
from finsam_accounts.render.overview_chart import chart as overview_chart
from finsam_accounts.render.svg_chart import Panel, Series, Sizes, chart, ticks
from finsam_accounts.yearly import overview

ROOT = Path(__file__).resolve().parents[1]
SVG = "{http://www.w3.org/2000/svg}"
TRANSLATE = re.compile(r"translate\(([-0-9.]+) ([-0-9.]+)\)")


def scale_of(root: ET.Element) -> list[tuple[float, float]]:
    """(value, y) of the value axis' tick labels, read from the drawing: a label's group
    is named by its text and placed at its baseline, 0.35 of the type size below the
    tick (render/svg_chart.py)."""
    found = []
    for group in root.iter(f"{SVG}g"):
        label = group.get("aria-label", "").replace("\u00a0", "").replace("−", "-")
        if re.fullmatch(r"-?[0-9]+", label) and "rotate" not in group.get("transform", ""):
            y = float(TRANSLATE.match(group.get("transform", "")).group(2))  # type: ignore[union-attr]
            found.append((float(label), y))
    return found


def value_at(y: float, scale: list[tuple[float, float]], size: float) -> float:
    (v0, y0), (v1, y1) = scale[0], scale[-1]
    y0, y1 = y0 - 0.35 * size, y1 - 0.35 * size
    return v0 + (y - y0) / (y1 - y0) * (v1 - v0)


def test_ticks_are_round_and_within_the_range() -> None:
    assert ticks(-14.9e6, 0.7e6) == [i * 2e6 for i in range(-7, 1)]
    assert ticks(-1.2, 15.1) == [0, 2.5, 5, 7.5, 10, 12.5, 15]
    assert ticks(0, 5000) == [0, 1000, 2000, 3000, 4000, 5000]


def test_bars_and_lines_stand_for_their_values_and_gaps_stay_gaps() -> None:
    panel = Panel("Prov", ["a", "b", "c", "d"], [
        Series("Staplar", "#111111", [10.0, None, 30.0, 20.0], bar=True),
        Series("Linje", "#222222", [5.0, None, 15.0, 25.0], markers=True),
    ], "tkr", lambda v: str(round(v)), zero_line=True)
    svg = chart(400, 300, [panel], Sizes())
    assert svg == chart(400, 300, [panel], Sizes())  # the same bytes
    root = ET.fromstring(svg)
    scale = scale_of(root)
    assert [v for v, _ in scale] == [0, 5, 10, 15, 20, 25, 30]
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == "#111111"]
    legend, drawn = bars[0], bars[1:]
    assert float(legend.get("height", 0)) < 10  # the legend's swatch
    heights = [value_at(float(r.get("y", 0)), scale, 8) for r in drawn]
    assert [round(h, 2) for h in heights] == [10, 30, 20]  # no bar for b
    dots = [c for c in root.iter(f"{SVG}circle") if c.get("fill") == "#222222"]
    values = [round(value_at(float(c.get("cy", 0)), scale, 8), 2) for c in dots[1:]]
    assert values == [5, 15, 25]
    lines = [p for p in root.iter(f"{SVG}path") if p.get("stroke") == "#222222"]
    # The legend's sample and one line c–d: a is alone before the gap, so no line from it.
    assert len(lines) == 2 and lines[1].get("d", "").count("L") == 1
    assert "font-family" not in svg.decode() and "<text" not in svg.decode()


def test_the_overview_chart_shows_the_overview_of_the_example() -> None:
    books = load(ROOT / "ledger" / "main.beancount")
    columns = overview.overview(books.books, 2019)
    svg = overview_chart(columns)
    root = ET.fromstring(svg)
    with (ROOT / "reports" / "2019" / "femarsoversikt.csv").open(encoding="utf-8") as handle:
        rows = {r["rad"]: r for r in csv.DictReader(handle)}
    fees = rows["Medlemsavgifter"]
    # Two panels: the first panel's scale is the first run of tick labels.
    scale = scale_of(root)
    first = scale[: next(i for i in range(1, len(scale)) if scale[i][1] > scale[i - 1][1])]
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == "#1f4e79"][1:]
    assert len(bars) == sum(1 for y in ("2015", "2016", "2017", "2018", "2019") if fees[y])
    drawn = [value_at(float(r.get("y", 0)), first, 8) * 1000 for r in bars]
    expected = [Decimal(fees[y]) for y in ("2018", "2019")]
    assert [abs(d - float(e)) < 500 for d, e in zip(drawn, expected, strict=True)] == [True] * 2
    labels = {g.get("aria-label") for g in root.iter(f"{SVG}g")}
    assert {"Medlemsavgifter", "Eget kapital", "Trappans gräns", "2015", "2019", "tkr"} <= labels


def test_two_charts_inlined_in_one_page_do_not_share_ids() -> None:
    months = ["jan", "feb", "mar"]
    one = cumulative_chart("Kostnader SAMO", months, [Decimal(-5), Decimal(-9), None],
                           None, [None, Decimal(-9), Decimal(-12)], "kr").decode()
    other = cumulative_chart("Kostnader HFE", months, [Decimal(-5), Decimal(-9), None],
                             None, [None, Decimal(-9), Decimal(-12)], "kr").decode()
    ids = set(re.findall(r' id="([^"]+)"', one))
    assert ids and not ids & set(re.findall(r' id="([^"]+)"', other))
    assert 'aria-label="Prognos till december"' in one


def test_the_print_form_is_the_same_chart_with_its_text_as_text() -> None:
    """The PDF is typeset from the print form: every element the same, each text group
    (glyph outlines, named by ``aria-label``) a ``<text>`` in the PDF's font at the same
    place and size, and no glyph outlines left."""
    panel = Panel("Kostnader SAMO 2019, ackumulerat", ["jan", "feb", "mar"], [
        Series("Budget ackumulerat", "#888888", [-1000.0, -2000.0, -3000.0]),
        Series("Utfall ackumulerat", "#1f4e79", [-900.0, None, -2500.0], markers=True),
    ], "kr", lambda v: f"{round(v)}".replace("-", "−"))
    sizes = Sizes(text=9.0, title=10.8, legend=9.0)
    drawn = ET.fromstring(chart(460.8, 244.8, [panel], sizes))
    printed = ET.fromstring(chart(460.8, 244.8, [panel], sizes, for_print=True))

    def shapes(root: ET.Element) -> list[tuple[str, dict[str, str]]]:
        return [(e.tag, dict(e.attrib)) for e in root.iter()
                if e.tag in (f"{SVG}rect", f"{SVG}path", f"{SVG}circle")
                and not e.get("id")]  # glyph outlines are defined with ids

    assert shapes(printed) == shapes(drawn)
    groups = [g for g in drawn.iter(f"{SVG}g") if g.get("aria-label") is not None]
    texts = list(printed.iter(f"{SVG}text"))
    assert [t.text for t in texts] == [g.get("aria-label") for g in groups]
    assert "Kostnader SAMO 2019, ackumulerat" in [t.text for t in texts]
    assert "Utfall ackumulerat" in [t.text for t in texts] and "−2500" in [t.text for t in texts]
    for group, text in zip(groups, texts, strict=True):
        place, scale = group.get("transform", "").rsplit(" scale(", 1)
        assert text.get("transform") == place
        size = float(text.get("font-size", 0))
        assert abs(float(scale.split()[0]) * 2048 - size) < 0.01  # DejaVu: 2048 units per em
        assert text.get("font-family") == "Finsam Sans"
    assert not list(printed.iter(f"{SVG}use")) and not [
        p for p in printed.iter(f"{SVG}path") if p.get("id")]


def test_the_pdf_is_typeset_from_the_charts_print_form(tmp_path: Path) -> None:
    from finsam_accounts.render.charts import drawn
    from finsam_accounts.render.html import print_source, render_html
    from finsam_accounts.report import CumulativeChart, Report

    report = Report(title="Budgetuppföljning", organisation="Prov", year=2019, pdf=True)
    report.charts["diagram_samo.svg"] = CumulativeChart(
        "Kostnader SAMO", ("jan", "feb"), (Decimal("-100"), Decimal("-250")),
        (Decimal("-120"), Decimal("-240")), (None, Decimal("-250")), "kr")
    drawn(report)
    html = render_html(report).replace("</body>", '<img src="diagram_samo.svg"></body>')
    source = print_source(html, report)
    import base64
    inlined = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', source)
    assert [base64.b64decode(d) for d in inlined] == [report.print_images["diagram_samo.svg"]]
    assert b"<text " in report.print_images["diagram_samo.svg"]
    assert b"<text " not in report.attachments["diagram_samo.svg"]  # the file keeps outlines

    # In the PDF the chart's words are text (a reader can search them); typeset from the
    # outlines, they were only drawings.
    import io

    from pypdf import PdfReader

    from finsam_accounts.render.pdf import pdf_bytes

    def words(document: str) -> str:
        reader = PdfReader(io.BytesIO(pdf_bytes(document)))
        return " ".join(page.extract_text() for page in reader.pages)

    assert "Utfall ackumulerat" in words(source)
    from dataclasses import replace

    drawings_only = replace(report, print_images={})  # the attachments: outlines
    assert "Utfall ackumulerat" not in words(print_source(html, drawings_only))
