"""The förvaltningsberättelse checked against the topics LKBR 11 kap. and RKR R15 require
(the list is data: finsam_accounts/annual/forvaltningsberattelse-rubriker.toml).

Expected: the example's text (ledger/forvaltningsberattelse-2019.md) has the headings Året
i korthet, Om förbundet, Ekonomi, Styrelsens arbete and Förväntad utveckling, read here
from the file; so it lacks risks, important events, god ekonomisk hushållning and
personnel.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from finsam_accounts.annual import headings
from finsam_accounts.cli import main

ROOT = Path(__file__).resolve().parents[1]
LEDGER = ROOT / "ledger"
FORBUND2 = ROOT / "tests" / "forbund2"

COMPLETE = """\
# Översikt över verksamhetens utveckling
text
## Viktiga förhållanden för resultat och ställning
## Händelser av väsentlig betydelse
## Styrning och uppföljning
### God ekonomisk hushållning och måluppfyllelse
## Ekonomisk ställning
## Väsentliga personalförhållanden
## Förväntad utveckling
"""


def shipped() -> list[headings.Requirement]:
    found, errors = headings.requirements(FORBUND2)  # no own list there
    assert errors == []
    return found


def test_the_example_lacks_four_topics() -> None:
    text = (LEDGER / "forvaltningsberattelse-2019.md").read_text("utf-8")
    assert [h for h in headings.headings(text)] == [
        "Året i korthet", "Om förbundet", "Ekonomi", "Styrelsens arbete", "Förväntad utveckling"]
    assert [r.id for r in headings.missing(text, shipped())] == [
        "viktiga_forhallanden", "handelser", "god_ekonomisk_hushallning", "personal"]


def test_a_complete_text_and_the_optional_balanskrav() -> None:
    wanted = shipped()
    assert headings.missing(COMPLETE, wanted) == []
    assert [r.id for r in wanted if r.optional] == ["balanskrav"]
    # A word inside another word does not count: "Ekonomisk hushållning" is no "Ekonomi".
    assert [r.id for r in headings.missing("# Ekonomisk hushållning\n", wanted)
            if r.id == "ekonomisk_stallning"] == ["ekonomisk_stallning"]
    # Text in a paragraph is no heading.
    assert len(headings.missing("Förväntad utveckling\n", wanted)) == 8


def books_with_text(tmp_path: Path, text: str, own: str | None = None) -> Path:
    folder = tmp_path / "books"
    shutil.copytree(FORBUND2, folder)
    (folder / "forvaltningsberattelse-2023.md").write_text(text, encoding="utf-8")
    if own is not None:
        (folder / headings.REQUIREMENTS).write_text(own, encoding="utf-8")
    return folder / "main.beancount"


def test_check_warns_per_missing_topic(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    main_file = books_with_text(tmp_path, COMPLETE.replace("## Händelser av väsentlig "
                                                           "betydelse\n", ""))
    assert main(["check", "--ledger", str(main_file)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert [line for line in err if "forvaltningsberattelse" in line] == [
        "varning: forvaltningsberattelse-2023.md: förvaltningsberättelsen har ingen rubrik om "
        "händelser av väsentlig betydelse, även efter årets slut (LKBR 11 kap., RKR R15), "
        "t.ex. \"# Händelser av väsentlig betydelse\""]


def test_the_books_own_list_replaces_the_shipped_one(tmp_path: Path) -> None:
    own = '[[krav]]\nid = "x"\ntext = "årets insatser"\nsynonymer = ["insatser"]\n'
    main_file = books_with_text(tmp_path, "# Ekonomi\n", own)
    assert headings.warnings(main_file.parent, [2023]) == [
        "forvaltningsberattelse-2023.md: förvaltningsberättelsen har ingen rubrik om årets "
        "insatser (LKBR 11 kap., RKR R15), t.ex. \"# Insatser\""]
    assert headings.warnings(main_file.parent, [2022]) == []  # no text for 2022


@pytest.mark.parametrize(("own", "message"), [
    ("[[krav]\n", ":1: filen är ingen giltig TOML"),
    ("x = 1\n", ":1: filen saknar [[krav]]-tabeller"),
    ('[[krav]]\nid = "x"\ntext = "t"\nsynonymer = []\n',
     ":1: krav nummer 1: ska ha id, text, synonymer"),
])
def test_a_bad_own_list_is_named(tmp_path: Path, own: str, message: str) -> None:
    main_file = books_with_text(tmp_path, "# Ekonomi\n", own)
    lines = headings.warnings(main_file.parent, [2023])
    assert str(main_file.parent / headings.REQUIREMENTS) + message in lines[0]


def test_a_year_without_a_forvaltningsberattelse_is_a_warning(tmp_path: Path) -> None:
    """The annual report is made without it, and the economist is told which file to write."""
    from finsam_accounts.annual.headings import absent

    assert absent(tmp_path, 2025) == [
        "forvaltningsberattelse-2025.md finns inte bredvid bokföringen: årsredovisningen 2025 "
        "har ingen förvaltningsberättelse (LKBR 11 kap.); skriv den där (docs/annual-report.md)"]
    (tmp_path / "forvaltningsberattelse-2025.md").write_text("# Året i korthet\n", "utf-8")
    assert absent(tmp_path, 2025) == []
