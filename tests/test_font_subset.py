"""render/font_subset.py: the subset fonts are the bytes fontTools' own subsetter writes."""

from __future__ import annotations

import io
from typing import Any

import pytest
from fontTools import subset
from fontTools.ttLib import TTFont

from finsam_accounts.render import font_subset
from finsam_accounts.render.pdf import FONTS

# Glyph sets as WeasyPrint asks for them (glyph ids of the text set): the digits, Swedish
# letters and punctuation of a report, and a scattered set reaching far into the font.
SETS = {
    "report": set(range(3, 120)) | {136, 148, 162, 168, 180},
    "scattered": {0, 5, 37, 200, 512, 1024, 2048, 3000},
}


def subset_bytes(data: bytes, gids: set[int], module: Any, hinting: bool) -> bytes:
    """WeasyPrint 70's ``Font._fonttools_subset``, with ``module`` as ``fontTools.subset``."""
    options = module.Options(
        retain_gids=True, passthrough_tables=True, ignore_missing_glyphs=True,
        hinting=hinting, desubroutinize=True, notdef_outline=False)
    options.drop_tables += ["GSUB", "GPOS", "SVG"]
    subsetter = module.Subsetter(options)
    subsetter.populate(gids=gids)
    font = TTFont(io.BytesIO(data))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@pytest.mark.parametrize("name", sorted(p.name for p in FONTS.glob("*.ttf")))
def test_every_shipped_font_subsets_to_the_same_bytes(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1136073600")  # as render/pdf.py sets it
    data = (FONTS / name).read_bytes()
    original = TTFont(io.BytesIO(data))
    assert {"GSUB", "GPOS"} <= set(original.keys())  # the tables it skips are there
    for gids in SETS.values():
        for hinting in (True, False):
            plain = subset_bytes(data, gids, subset, hinting)
            quick = subset_bytes(data, gids, font_subset.MODULE, hinting)
            assert quick == plain
            kept = TTFont(io.BytesIO(quick))
            assert not {"GSUB", "GPOS", "kern"} & set(kept.keys())
            assert "glyf" in kept


def test_the_typesetter_uses_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from weasyprint.pdf import fonts as pdf_fonts

    from finsam_accounts.render import pdf

    monkeypatch.setenv("FINSAM_CACHE", "0")
    calls: list[int] = []
    original = font_subset.Subsetter.subset

    def counted(self: font_subset.Subsetter, font: object) -> None:
        calls.append(1)
        original(self, font)

    monkeypatch.setattr(font_subset.Subsetter, "subset", counted)
    data = pdf.pdf_bytes("<html><body><p>Årets resultat 1 234</p><p><b>Summa</b></p>"
                         "</body></html>")
    assert data.startswith(b"%PDF-")
    assert pdf_fonts.subset is font_subset.MODULE
    assert len(calls) == 2  # the regular and the bold face
