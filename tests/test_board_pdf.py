"""The board papers as PDF: uppfoljning, delarsrapport and insatser.

Each command writes a PDF of its HTML (A4, wide tables on landscape pages); the same
books give the same bytes, and no table runs past its page's edge (checked on
WeasyPrint's own layout of the document, box by box).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from finsam_accounts.cli import main

ROOT = Path(__file__).resolve().parents[1]
DATE = "2019-08-31"
COMMANDS = ("uppfoljning", "delarsrapport", "insatser")


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bok") / "ledger"
    shutil.copytree(ROOT / "ledger", folder)
    (folder / f"delarsrapport-{DATE}.txt").write_text(
        "Förbundet har under perioden finansierat tio insatser.\n", encoding="utf-8")
    return folder / "main.beancount"


def run(command: str, ledger: Path, out: Path) -> Path:
    assert main([command, DATE, "--ledger", str(ledger), "--out", str(out)]) == 0
    return out / f"{command}.pdf"


@pytest.mark.parametrize("command", COMMANDS)
def test_board_paper_pdf_is_deterministic_and_has_the_tables(
    command: str, ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FINSAM_CACHE", "0")  # typeset twice, not once and reused
    first = run(command, ledger, tmp_path / "a")
    second = run(command, ledger, tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    text = " ".join(page.extract_text() for page in PdfReader(first).pages)
    if command == "insatser":
        assert "att återbetala" in text.lower() and "Ungdomstorget" in text
    else:
        assert "Årets resultat" in text or "RESULTAT" in text


@pytest.mark.parametrize("command", COMMANDS)
def test_no_column_runs_past_the_page(command: str, ledger: Path, tmp_path: Path) -> None:
    import weasyprint

    run(command, ledger, tmp_path)
    html = (tmp_path / f"{command}.html").read_text(encoding="utf-8")
    document = weasyprint.HTML(string=html, base_url=str(tmp_path)).render()
    landscape = 0
    for number, page in enumerate(document.pages, start=1):
        landscape += page.width > page.height
        for box in page._page_box.descendants():
            if getattr(box, "width", None) is None or not hasattr(box, "position_x"):
                continue
            right = box.position_x + box.margin_width()
            assert right <= page.width + 0.5, (command, number, box.element_tag, right)
    # The wide tables (more than seven columns: the follow-up's and the insatser's) are set on
    # landscape pages; the interim report's statements fit portrait.
    assert (landscape >= 1) == (command != "delarsrapport")
