"""The same bytes on every machine: the committed ``reports/2019/`` comes out of a run with
no cache, no fonts of the machine and no HarfBuzz subsetter, and of two runs in a row."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from finsam_accounts.cli import main

ROOT = Path(__file__).resolve().parents[1]
LEDGER = ROOT / "ledger" / "main.beancount"
COMMITTED = ROOT / "reports" / "2019"

# A run as on a fresh machine: libharfbuzz-subset0 missing (WeasyPrint would fall back to
# fontTools), and fontconfig knowing no font folder at all.
FRESH_MACHINE = """
import sys
import weasyprint.pdf.fonts, weasyprint.text.ffi
weasyprint.text.ffi.harfbuzz_subset = None
weasyprint.pdf.fonts.harfbuzz_subset = None
from finsam_accounts.cli import main
sys.exit(main(sys.argv[1:]))
"""


def assert_same_as_committed(out: Path) -> None:
    names = sorted(p.name for p in COMMITTED.iterdir())
    assert names == sorted(p.name for p in out.iterdir())
    for name in names:
        assert (out / name).read_bytes() == (COMMITTED / name).read_bytes(), name


def test_a_machine_without_fonts_or_harfbuzz_subset_writes_the_committed_bytes(
    tmp_path: Path,
) -> None:
    fonts_conf = tmp_path / "fonts.conf"
    fonts_conf.write_text(
        f"<?xml version='1.0'?><fontconfig><cachedir>{tmp_path / 'fc'}</cachedir></fontconfig>",
        encoding="utf-8")
    env = {**os.environ, "FINSAM_CACHE": "0", "FONTCONFIG_FILE": str(fonts_conf)}
    out = tmp_path / "2019"
    result = subprocess.run(
        [sys.executable, "-c", FRESH_MACHINE, "arsredovisning", "2019",
         "--ledger", str(LEDGER), "--out", str(out)],
        env=env, capture_output=True, text=True, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert_same_as_committed(out)


def test_two_runs_without_cache_write_the_committed_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FINSAM_CACHE", "0")  # both runs typeset; nothing is reused
    for run in ("first", "second"):
        out = tmp_path / run
        assert main(["arsredovisning", "2019", "--ledger", str(LEDGER), "--out", str(out)]) == 0
        assert_same_as_committed(out)


def test_the_pdf_embeds_only_the_shipped_typeface() -> None:
    from pypdf import PdfReader

    fonts = set()
    for page in PdfReader(COMMITTED / "arsredovisning.pdf").pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[1])
    assert fonts == {"Finsam-Sans-Semi-Condensed", "Finsam-Sans-Bold-Semi-Condensed"}
