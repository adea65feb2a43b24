"""The board table (members, deputies, who appointed them) and the auditors, from
``custom "styrelseledamot"`` and ``custom "revisor"``, rendered in the annual report.

Expected: the published annual report 2019 of Umeåregionen, section 1.5 (in the notice of
the board meeting 2020-03-20, /work/shared/seeds): five members (Peter Vigren ordförande,
Umeå kommun; Mikael Broman vice ordförande, Försäkringskassan; Anders Hahlin,
Arbetsförmedlingen; Harriet Hedlund, Region Västerbotten; Christina Lidström, Bjurholms
kommun) and eight deputies, and the auditors Frida Kolback (KPMG) and Thomas Nordenstam
with Ingrid Lindberg as expert; the second förbund's changes as written in
tests/forbund2/styrelse.beancount.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from test_statements_fixtures import FULL, write_books

from finsam_accounts.annual import board
from finsam_accounts.annual.document import AnnualDocument
from finsam_accounts.cli import main
from finsam_accounts.ledger import load
from finsam_accounts.render.html import render_html
from finsam_accounts.report import Report

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "ledger" / "main.beancount"
FORBUND2 = ROOT / "tests" / "forbund2" / "main.beancount"


def table(path: Path, year: int) -> list[tuple[str, list[str], list[str]]]:
    rows = board.board_table(declared(path), year)
    return [(r.appointed_by, [s.shown for s in r.members], [s.shown for s in r.deputies])
            for r in rows]


def declared(path: Path) -> board.Board:
    """The board the books declare, as the reports read it (``Books.board``)."""
    loaded = load(path)
    return loaded.books.board


def test_the_example_board_is_the_published_one() -> None:
    assert table(EXAMPLE, 2019) == [
        ("Umeå kommun", ["Peter Vigren (ordförande)"], ["Jan Hultman"]),
        ("Försäkringskassan", ["Mikael Broman (vice ordförande)"], ["Per-Erik Björk"]),
        ("Arbetsförmedlingen", ["Anders Hahlin"], ["Anna-Britta Antonsson"]),
        ("Region Västerbotten", ["Harriet Hedlund"], ["Said Awmusse"]),
        ("Bjurholms kommun", ["Christina Lidström"], []),
        ("Robertsfors kommun", [], ["Patrik Nilsson"]),
        ("Vindelns kommun", [], ["Mathias Haglund"]),
        ("Vännäs kommun", [], ["Johan Söderling"]),
        ("Nordmalings kommun", [], ["Madelaine Jakobsson"]),
    ]
    declared_board = declared(EXAMPLE)
    # Deputies do not sign: the five members do, in the order declared.
    assert [s.name for s in board.signatories(declared_board, datetime.date(2020, 3, 20))] == [
        "Peter Vigren", "Mikael Broman", "Anders Hahlin", "Harriet Hedlund",
        "Christina Lidström"]
    auditors = board.seats(declared_board, board.CUSTOM_AUDITOR, 2019)
    assert [(a.name, a.role) for a in auditors] == [
        ("Frida Kolback", "för Försäkringskassan och Arbetsförmedlingen (KPMG)"),
        ("Thomas Nordenstam", "för Region Västerbotten och Umeå, Vännäs, Nordmalings, "
         "Vindelns, Robertsfors och Bjurholms kommuner"),
        ("Ingrid Lindberg", "sakkunnigt biträde, Region Västerbotten"),
    ]
    assert board.board_table(declared_board, 2017) == []  # declared from 2019


def test_a_member_replaced_during_the_year() -> None:
    assert table(FORBUND2, 2023)[2] == (
        "Region Dalarna", ["Lena Ek, till 2023-05-31", "Maria Sten, från 2023-06-01"], [])
    assert table(FORBUND2, 2022)[2] == ("Region Dalarna", ["Lena Ek"], [])
    assert [r[0] for r in table(FORBUND2, 2023)] == [
        "Mora kommun", "Försäkringskassan", "Region Dalarna", "Arbetsförmedlingen",
        "Orsa kommun", "Älvdalens kommun"]
    declared_board = declared(FORBUND2)
    assert [s.name for s in board.signatories(declared_board, datetime.date(2024, 3, 1))] == [
        "Karin Dahl", "Olle Persson", "Ahmed Ali", "Maria Sten"]
    # a member who left before the year is not in its table
    assert "Lena Ek" not in str(table(FORBUND2, 2024))


def test_the_annual_report_shows_the_table() -> None:
    declared_board = declared(FORBUND2)
    document = AnnualDocument(board_table=board.board_table(declared_board, 2023),
                              auditors=board.seats(declared_board, board.CUSTOM_AUDITOR, 2023))
    html = render_html(Report("Årsredovisning 2023", "Samordningsförbundet Älvdalen", 2023),
                       document=document)
    assert '<a href="#styrelse">Styrelse och revisorer</a>' in html
    assert ("<tr><td>Lena Ek, till 2023-05-31<br>Maria Sten, från 2023-06-01</td><td></td>"
            "<td>Region Dalarna</td></tr>") in html
    assert ("<tr><td>Karin Dahl (ordförande)</td><td>Sara Lind</td><td>Mora kommun</td>"
            "</tr>") in html
    assert "<td>Birgitta Åkesson</td><td>för Region Dalarna och kommunerna</td>" in html


def test_malformed_board_and_auditor_lines_are_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = [
        '2019-01-01 custom "styrelseledamot" "Anna Andersson" "ledamot" "Umeå kommun" "x"',
        '2019-01-01 custom "revisor" "Eva Ek"',
        '2019-02-01 custom "styrelseledamot" "Bo Berg" "avgått"',
    ]
    ledger = write_books(tmp_path, 'plugin "finsam_accounts.plugin"\n' + FULL
                         + "\n".join(bad) + "\n")
    lines = ledger.read_text(encoding="utf-8").splitlines()
    at = [f"{ledger.name}:{lines.index(directive) + 1}: " for directive in bad]
    assert main(["check", "--ledger", str(ledger)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert at[0] + ('custom "styrelseledamot" ska ange namn och roll, t.ex. "Anna Andersson" '
                    '"ordförande", och gärna vem som utsett ledamoten, t.ex. "Umeå kommun"'
                    ) in err
    assert at[1] + ('custom "revisor" ska ange namn och uppdrag, t.ex. "Eva Ek" "för '
                    'regionen och kommunerna"') in err
    assert at[2] + "Bo Berg har inget uppdrag som styrelseledamot att avgå från den dagen" in err
