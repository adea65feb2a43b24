"""fontTools' subsetter as WeasyPrint uses it, without reading the tables it drops.

WeasyPrint subsets every embedded font with ``fontTools.subset`` and asks it to drop
``GSUB``, ``GPOS`` and ``SVG`` (the PDF needs the glyphs, not the shaping rules). fontTools
(4.68) first decompiles and converts GSUB and GPOS in full (``_compact_layout_tables``)
and only then drops them: for DejaVu Sans that is two thirds of the subsetting, and the
subsetting is a large part of every PDF (two fonts per document; the members' pack has
nine documents).

:class:`Subsetter` removes the dropped layout tables before fontTools looks at them, and
with them ``kern`` when the font had ``GPOS`` (fontTools drops ``kern`` then, unless asked
for the legacy table). A variable font is left to fontTools as it is: its ``GDEF``
variation store is pruned by what GSUB and GPOS use. The result is the same bytes
(``tests/test_font_subset.py`` compares every shipped font, for many glyph sets).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from fontTools import subset

LAYOUT_TABLES = ("GSUB", "GPOS", "SVG ")


class Subsetter(subset.Subsetter):
    """``fontTools.subset.Subsetter`` that does not decompile what it is told to drop."""

    def subset(self, font: Any) -> None:
        dropped = {tag.strip() for tag in self.options.drop_tables}
        if "fvar" not in font:
            had_gpos = "GPOS" in font
            for tag in LAYOUT_TABLES:
                if tag.strip() in dropped and tag in font:
                    del font[tag]
            if (had_gpos and "GPOS" not in font and "kern" in font
                    and not self.options.legacy_kern):
                del font["kern"]
        super().subset(font)


# What WeasyPrint's pdf.fonts reads from ``fontTools.subset``: put in its place while
# typesetting (render/pdf.py).
MODULE = SimpleNamespace(Options=subset.Options, Subsetter=Subsetter)
