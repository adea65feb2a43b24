"""A trappan table marked ``status: "platshållare"`` never reaches the board (issue 18).

The commands that make the board's documents with trappan's limit (arsredovisning,
uppfoljning, oversikt) refuse a year in which a placeholder is in force: one Swedish line
at the table's own line, exit status 1, nothing written. A locked year is made again as it
was. Fava shows the page with a note to the economist beside it, and no document carries
the old flag text.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from test_bad_input import EXAMPLE, MAIN, Runner, line_of, snapshot

from finsam_accounts import domain, trappan
from finsam_accounts.cli import main
from finsam_accounts.fava import builders
from finsam_accounts.ledger import load, load_string

TABLE_2019 = '2019-01-01 custom "trappan" "hela" "medlemsavgifter"'


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example ledger in ledger/ of an empty working folder."""
    shutil.copytree(EXAMPLE, tmp_path / "ledger")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "ledger"


@pytest.fixture
def run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Runner:
    def go(*args: str) -> tuple[int, list[str], str]:
        before = snapshot(tmp_path)
        status = main(list(args))
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err + captured.out
        assert snapshot(tmp_path) == before  # nothing written
        return status, captured.err.splitlines(), captured.out

    return go


def mark_2019_as_placeholder(ledger: Path) -> int:
    """The example with its 2019 table marked as a placeholder; the table's line."""
    path = ledger / "trappan.beancount"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    number = line_of(text, TABLE_2019)
    lines.insert(number, '  status: "platshållare"\n')
    path.write_text("".join(lines), encoding="utf-8")
    return number


@pytest.mark.parametrize(
    "args",
    [("arsredovisning", "2019"), ("uppfoljning", "2019-08-31"), ("oversikt", "2019")],
)
def test_a_board_document_is_refused_at_the_placeholder_line(
    example: Path, run: Runner, args: tuple[str, str]
) -> None:
    line = mark_2019_as_placeholder(example)
    status, err, out = run(*args, "--ledger", MAIN)
    assert status == 1 and out == ""
    problems = [e for e in err if "platshållare" in e]
    assert len(problems) == 1, err
    assert problems[0].startswith(f"trappan.beancount:{line}: trappan från 2019-01-01 är en "
                                  'platshållare (status "platshållare")'), problems
    assert "tas inte fram från en platshållare" in problems[0]


def test_a_locked_year_is_made_again_as_it_was(
    example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 2018 is locked and its table is the placeholder of 2018-01-01: the auditors
    # regenerate it; the flag text is not in it, the table's own source text is.
    assert main(["arsredovisning", "2018", "--ledger", MAIN, "--out", "ut"]) == 0
    html = (tmp_path / "ut" / "arsredovisning.html").read_text(encoding="utf-8")
    assert "Trappan (tabell från 2018-01-01)" in html
    assert "PLATSHÅLLARE" not in html
    capsys.readouterr()


def test_the_example_2019_documents_are_made_from_the_forbunds_table(example: Path) -> None:
    found = trappan.tables(load(str(example / "main.beancount")).entries)
    assert [(t.date.isoformat(), t.placeholder) for t in found] == [
        ("2018-01-01", True), ("2019-01-01", False)]


def test_a_placeholder_in_force_for_part_of_the_year_counts() -> None:
    text = """
2018-01-01 custom "trappan" "hela" "medlemsavgifter" "prov"
  status: "platshållare"
2018-01-01 custom "trappan-steg" 0.00 SEK 20
2019-07-01 custom "trappan" "hela" "medlemsavgifter" "förbundets"
2019-07-01 custom "trappan-steg" 0.00 SEK 15
"""
    found = trappan.tables(load_string(text).entries)
    day = datetime.date
    # 2019: the placeholder was in force until 30 June.
    assert [e.message.split(" är ")[0]
            for e in trappan.placeholder_errors(found, day(2019, 1, 1), day(2019, 12, 31))] == [
        "trappan från 2018-01-01"]
    assert trappan.placeholder_errors(found, day(2020, 1, 1), day(2020, 12, 31)) == []
    assert [t.date for t in trappan.in_force(found, day(2019, 1, 1), day(2019, 12, 31))] == [
        day(2018, 1, 1), day(2019, 7, 1)]


def test_fava_shows_the_page_with_a_note_to_the_economist(example: Path) -> None:
    mark_2019_as_placeholder(example)
    ledger = load(str(example / "main.beancount"))
    entries, options = ledger.entries, ledger.options
    for built in (
        builders.trappan_page(domain.of(entries, options), 2019),
        builders.followup_page(domain.of(entries, options), datetime.date(2019, 8, 31), None),
    ):
        assert len(built.notes) == 1
        assert built.notes[0].startswith("Till ekonomen: trappan från 2019-01-01 är en "
                                         "platshållare")
        assert "beancount" not in built.notes[0].split("custom")[0]  # no server path
        texts = " ".join(str(s.text) for s in built.report.sections)
        assert "PLATSHÅLLARE" not in texts
    # The förbund's own table: no note.
    original = load(str(EXAMPLE / "main.beancount"))
    assert builders.trappan_page(original.books, 2019).notes == ()
