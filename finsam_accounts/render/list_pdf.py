"""The PDF of an auditors' list, written directly from its printed pages.

The list's pages are already lines of fixed-width text, paged (render/list_print.py):
nothing is left to lay out, each line's place on its page is known. Typesetting them
through WeasyPrint still took most of a list command's time at a large förbund's size
(a year of 10 000 vouchers: 26 000 lines on 600 pages, 20 seconds of processor time, each
line shaped, broken and drawn as a box). This module writes the PDF itself with pydyf
(WeasyPrint's own PDF writer): per page, the lines in the shipped DejaVu Sans Mono
(regular or bold) at the layout's size, the first page's title block, and the footer
(organisation – title, "Sida N av M"), the same page geometry as the HTML document the
list's HTML file is made for print from.

The two faces are embedded as fontTools subsets (as render/pdf.py subsets them, dated by
the shipped font), with a ToUnicode map, so the text can be searched and copied, and the
bytes are the same on every machine: no date but the list's stamp, and an identifier that
is a digest of the content.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from finsam_accounts.render import pdf
from finsam_accounts.render.list_print import (
    A4_MM,
    LINE,
    MARGIN_MM,
    PT_PER_MM,
    TITLE_LINES,
    Layout,
    Line,
    printed,
)
from finsam_accounts.render.pdf import FONTS

if TYPE_CHECKING:
    from finsam_accounts.render.lists import AuditList

REGULAR, BOLD = "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"
ASCENT = 0.928  # DejaVu Sans Mono: 1901 of 2048 units above the baseline
HEIGHT = 1.164  # its natural line height: (1901 + 483) / 2048
INK, SUBTLE, MUTED = "0.067", "0.267", "0.333"  # #111, #444, #555
FOOTER_PT = 6.5
TITLE = ((10.0, False, INK), (14.0, True, INK))  # organisation, title: size, bold, grey
CACHE_NAMESPACE = "finsam:list_pdf"  # in the PDF cache's key, beside the printed pages


@dataclass
class Face:
    """A shipped face: its glyph ids by character, advances, and the glyphs used."""

    file: str
    cmap: dict[int, str]
    ids: dict[str, int]
    advance: float  # per font size, in points (monospaced: one for every glyph)
    used: dict[int, str] = field(default_factory=dict)  # glyph id -> text it shows
    codes: dict[str, str] = field(default_factory=dict)  # character -> its glyph id in hex

    def encode(self, text: str) -> str:
        """The text as the hex string of its glyph ids (Identity-H), noting them."""
        codes = self.codes
        for char in text:
            if char not in codes:
                name = self.cmap.get(ord(char)) or self.cmap[ord("?")]
                glyph = self.ids[name]
                self.used.setdefault(glyph, char)
                codes[char] = f"{glyph:04X}"
        return "<" + "".join([codes[char] for char in text]) + ">"


@lru_cache(maxsize=2)
def _face_data(file: str) -> tuple[dict[int, str], dict[str, int], float]:
    from fontTools.ttLib import TTFont

    with TTFont(FONTS / file, lazy=True) as font:
        cmap = dict(font.getBestCmap())
        ids = {name: font.getGlyphID(name) for name in set(cmap.values())}
        em = font["head"].unitsPerEm
        advance = font["hmtx"][cmap[ord("0")]][0] / em
    return cmap, ids, advance


def face(file: str) -> Face:
    cmap, ids, advance = _face_data(file)
    return Face(file, cmap, ids, advance)


def list_pdf(audit_list: AuditList) -> bytes:
    """The list's PDF: its printed pages (render/list_print.py) as PDF bytes, kept in the
    PDF cache (render/pdf.py: the user's private cache folder, keyed by everything the PDF
    shows, this package's code and the fonts), so an unchanged list is read, not written
    again."""
    paged, geometry = printed(audit_list)
    stamp = audit_list.stamp.strftime("D:%Y%m%d")
    source = json.dumps([
        audit_list.organisation, audit_list.title, audit_list.subtitle, stamp,
        [geometry.landscape, geometry.font_pt, geometry.chars, geometry.lines],
        [[[line.text, line.bold] for line in page] for page in paged],
    ], ensure_ascii=False)
    found = pdf.cached(source, CACHE_NAMESPACE)
    if found is not None:
        return found
    data = pdf_of(audit_list.organisation, audit_list.title, audit_list.subtitle, stamp,
                  paged, geometry)
    pdf.store(source, data, CACHE_NAMESPACE)
    return data


def pdf_of(organisation: str, title: str, subtitle: str, stamp: str,
           paged: Sequence[Sequence[Line]], geometry: Layout) -> bytes:
    import pydyf

    regular, bold = face(REGULAR), face(BOLD)
    width_mm, height_mm = (A4_MM[1], A4_MM[0]) if geometry.landscape else A4_MM
    width, height = width_mm * PT_PER_MM, height_mm * PT_PER_MM
    left, top = MARGIN_MM["left"] * PT_PER_MM, MARGIN_MM["top"] * PT_PER_MM
    usable = width - left - MARGIN_MM["right"] * PT_PER_MM
    footer_y = MARGIN_MM["bottom"] * PT_PER_MM / 2 - FOOTER_PT * 0.35
    line_pt = geometry.font_pt * LINE
    named = f"{organisation} – {title}".strip(" –")

    document = pydyf.PDF()
    fonts = {"F1": pydyf.Dictionary({}), "F2": pydyf.Dictionary({})}
    for font in fonts.values():
        document.add_object(font)
    references = pydyf.Dictionary({n: f.reference for n, f in fonts.items()})
    streams = []
    for number, page in enumerate(paged):
        ops: list[str] = ["BT"]

        def show(x: float, y_top: float, size: float, text: str, strong: bool, grey: str,
                 ops: list[str] = ops) -> None:
            """One line of text, its baseline ``y_top`` from the top of the page."""
            used = bold if strong else regular
            ops.append(f"/{'F2' if strong else 'F1'} {_n(size)} Tf {grey} g 1 0 0 1 {_n(x)} "
                       f"{_n(height - y_top)} Tm {used.encode(text)} Tj")

        y = top
        if number == 0:  # the title block, cut at its height like the HTML's header
            limit = top + TITLE_LINES * line_pt
            shown = [(size, strong, grey, text)
                     for (size, strong, grey), text in zip(TITLE, (organisation, title),
                                                           strict=True)]
            chars = int(usable / (geometry.font_pt * regular.advance))
            shown += [(geometry.font_pt, False, SUBTLE, part)
                      for part in _wrapped(subtitle, chars)]
            for size, strong, grey, text in shown:
                if y + size * HEIGHT > limit:
                    break
                show(left, y + size * ASCENT, size, text, strong, grey)
                y += size * HEIGHT + (2 * PT_PER_MM if size == TITLE[1][0] else 0)
            y = limit
        half = (line_pt - geometry.font_pt * HEIGHT) / 2
        for index, line in enumerate(page):
            if line.text:
                baseline = y + index * line_pt + half + geometry.font_pt * ASCENT
                show(left, baseline, geometry.font_pt, line.text, line.bold, INK)
        right = f"Sida {number + 1} av {len(paged)}"
        room = int(usable / (FOOTER_PT * regular.advance)) - len(named) - len(right)
        show(left, height - footer_y, FOOTER_PT, named + " " * max(room, 2) + right, False,
             MUTED)
        ops.append("ET")
        content = "\n".join(ops).encode("ascii")
        streams.append(content)
        stream = pydyf.Stream([content], compress=True)
        document.add_object(stream)
        document.add_page(pydyf.Dictionary({
            "Type": "/Page",
            "Parent": document.pages.reference,
            "MediaBox": pydyf.Array([0, 0, _n(width), _n(height)]),
            "Contents": stream.reference,
            "Resources": pydyf.Dictionary({"Font": references}),
        }))
    for name, used in (("F1", regular), ("F2", bold)):
        fonts[name].update(_embedded(document, used, "Finsam-Mono" + ("-Bold" * (name == "F2"))))
    document.info.update({
        "Title": pydyf.String(named),
        "Author": pydyf.String(organisation),
        "Producer": pydyf.String("finsam-accounts"),
        "CreationDate": pydyf.String(stamp),
        "ModDate": pydyf.String(stamp),
    })
    document.catalog["Lang"] = pydyf.String("sv")
    identifier = hashlib.sha256(b"\n".join(streams)).hexdigest()[:32].encode("ascii")
    output = io.BytesIO()
    document.write(output, version=b"1.7", identifier=identifier, compress=True)
    return output.getvalue()


def _n(value: float) -> str:
    """A number in a PDF, three decimals at most."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _wrapped(text: str, chars: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, max(chars, 10), break_on_hyphens=False)


def _embedded(document: Any, used: Face, family: str) -> dict[str, Any]:
    """The Type 0 font of ``used``'s glyphs: a subset TrueType, widths, ToUnicode."""
    import pydyf

    glyphs = sorted({0, *used.used})
    data = _subset(used.file, glyphs)
    tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(
        ",".join(map(str, glyphs)).encode()).digest()[:6])
    name = f"/{tag}+{family}"
    font_file = pydyf.Stream([data], pydyf.Dictionary({"Length1": len(data)}), compress=True)
    document.add_object(font_file)
    descriptor = pydyf.Dictionary({
        "Type": "/FontDescriptor", "FontName": name, "Flags": 5,
        "FontBBox": pydyf.Array([-558, -375, 718, 1041]), "ItalicAngle": 0,
        "Ascent": 928, "Descent": -236, "CapHeight": 729, "StemV": 80,
        "FontFile2": font_file.reference,
    })
    document.add_object(descriptor)
    cid = pydyf.Dictionary({
        "Type": "/Font", "Subtype": "/CIDFontType2", "BaseFont": name,
        "CIDSystemInfo": pydyf.Dictionary({
            "Registry": pydyf.String("Adobe"), "Ordering": pydyf.String("Identity"),
            "Supplement": 0}),
        "FontDescriptor": descriptor.reference,
        "DW": _n(used.advance * 1000), "CIDToGIDMap": "/Identity",
    })
    document.add_object(cid)
    unicode_map = pydyf.Stream([_to_unicode(used.used)], compress=True)
    document.add_object(unicode_map)
    return {"Type": "/Font", "Subtype": "/Type0", "BaseFont": name, "Encoding": "/Identity-H",
            "DescendantFonts": pydyf.Array([cid.reference]), "ToUnicode": unicode_map.reference}


def _subset(file: str, glyphs: Sequence[int]) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from finsam_accounts.render.font_subset import Subsetter
    from finsam_accounts.render.pdf import _font_dates_fixed

    options = subset.Options(retain_gids=True, passthrough_tables=True,
                             ignore_missing_glyphs=True, hinting=True, desubroutinize=True,
                             notdef_outline=True)
    options.drop_tables += ["GSUB", "GPOS", "SVG"]
    subsetter = Subsetter(options)
    subsetter.populate(gids=list(glyphs))
    output = io.BytesIO()
    with _font_dates_fixed(), TTFont(FONTS / file) as font:
        subsetter.subset(font)
        font.save(output)
    return output.getvalue()


def _to_unicode(used: dict[int, str]) -> bytes:
    """The CMap that maps each glyph id back to its character (copy, search)."""
    entries = sorted(used.items())
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    for start in range(0, len(entries), 100):
        chunk = entries[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{glyph:04X}> <{char.encode('utf-16-be').hex().upper()}>"
                  for glyph, char in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")
