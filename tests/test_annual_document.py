"""The complete annual report: the PDF of the example ledger read back, named figures in
the förvaltningsberättelse, board and adoption, sections left out when unused."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_statements_fixtures import FULL, write_books

from finsam_accounts.cli import main

ROOT = Path(__file__).resolve().parents[1]
LEDGER = ROOT / "ledger/main.beancount"
NBSP = "\u00a0"


def pages_of(pdf: Path) -> list[str]:
    """The text of every page, no-break spaces read as spaces."""
    return [page.extract_text().replace(NBSP, " ") for page in PdfReader(pdf).pages]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("arsredovisning")
    assert main(["arsredovisning", "2019", "--ledger", str(LEDGER), "--out", str(out)]) == 0
    return out


def test_the_pdf_holds_every_statement_with_the_published_figures(example: Path) -> None:
    pages = pages_of(example / "arsredovisning.pdf")
    text = "\n".join(pages)
    assert pages[0].splitlines() == [
        "Samordningsförbundet Umeåregionen",
        "Organisationsnummer 222000-1834",
        "Årsredovisning 2019",
        "Räkenskaperna för räkenskapsåret 2019-01-01 – 2019-12-31",
        "Antagen av styrelsen 20 mars 2020",
    ]
    for title in (
        "Förvaltningsberättelse", "Driftsredovisning", "Resultaträkning", "Balansräkning",
        "Kassaflödesanalys", "Redovisningsprinciper", "Not 1 Verksamhetens intäkter SAMO",
        "Not 2 Verksamhetens intäkter HFE", "Not 3 Fordringar", "Not 4 Kortfristiga skulder",
        "Sammanställning över utfall och budget", "Eget kapital och trappan",
        "Styrelsens underskrifter",
    ):
        assert title in text, title
    # Umeåregionen's published figures 2019 (årsredovisning 2019, avsnitt 3 and 4).
    assert "Verksamhetens intäkter SAMO 1 11 577 559 12 050 310" in text
    assert "Summa eget kapital 1 992 706 2 992 390" in text
    assert "Årets resultat −999 684 −1 149 943" in text  # a true minus sign
    assert "SUMMA TILLGÅNGAR 7 282 871 9 976 793" in text
    # trappan: the date on one line, the percentage with one decimal
    assert "Utgående 2018 2018-12-31 2 992 390 11 960 000 2 392 000 −600 390 −5,0 över" in text


def test_every_page_but_the_cover_is_numbered_and_the_contents_point_right(
    example: Path,
) -> None:
    pages = pages_of(example / "arsredovisning.pdf")
    total = len(pages)
    assert "Sida" not in pages[0]
    for number, page in enumerate(pages[1:], start=2):
        assert f"Sida {number} av {total}" in page
    contents = dict(re.findall(r"^(\S.*?) \.{3,}\s+(\d+)$", pages[1], flags=re.M))
    assert set(contents) >= {"Förvaltningsberättelse", "Resultaträkning", "Balansräkning",
                             "Styrelsens underskrifter"}
    for title, number in contents.items():
        assert pages[int(number) - 1].startswith(title) or f"\n{title}\n" in pages[
            int(number) - 1], title


def test_a_table_group_stays_with_its_heading_and_the_header_repeats(example: Path) -> None:
    pages = pages_of(example / "arsredovisning.pdf")
    start = next(i for i, p in enumerate(pages) if p.startswith("Sammanställning över utfall"))
    end = next(i for i, p in enumerate(pages) if p.startswith("Eget kapital och trappan"))
    assert end - start >= 2, "the table should run over more than one page"
    groups = {  # (heading, first row, the group's sum) of the published table
        "Insatser SAMO": ("Vännäs −699 400", "Summa −9 885 807"),
        "Verksamhetsnära kostnader SAMO": ("Social redovisning 0", "Summa −408 688"),
        "Kansli, styrelse och administrativa kostn. SAMO": (
            "Arvoden till styrelse −168 178", "Summa −2 278 166"),
        "Kansli och administrativa kostnader HFE": ("Kanslipersonal −429 320",
                                                    "Summa −644 776"),
    }
    found = []
    for page in pages[start:end]:
        lines = page.splitlines()
        assert "Utfall 2019 Budget 2019 Differens" in lines  # the header on every page
        for heading, (first, total) in groups.items():
            if heading in lines:
                after = lines[lines.index(heading) + 1:]
                assert after[0].startswith(first), heading
                assert any(line.startswith(total) for line in after), heading
                found.append(heading)
    assert sorted(found) == sorted(groups)


def test_the_management_report_has_its_figures_filled_in(example: Path) -> None:
    pages = pages_of(example / "arsredovisning.pdf")
    text = " ".join("\n".join(pages).split())  # lines joined: a figure may wrap
    # Sums written out from the published report: 12 572 661 + 1 743 705 = 14 316 366 kr.
    assert "Förbundets verksamhet omsatte 14 316 tkr under 2019" in text
    assert "minskade från 2 992 tkr till 1 993 tkr" in text
    assert "Medlemsavgifterna för 2019 var 11 450 000 kr" in text
    assert "Årets resultat för hela förbundet blev −999 684 kr" in text
    assert "Det egna kapitalet var 1 992 706 kr den 31 december 2019, vilket är inom" in text
    assert "{" not in text
    assert "Umeå den 20 mars 2020" in text and "Peter Vigren Ordförande" in text


def test_the_html_carries_the_same_document(example: Path) -> None:
    html = (example / "arsredovisning.html").read_text(encoding="utf-8")
    assert 'id="forvaltningsberattelse"' in html and 'id="underskrifter"' in html
    assert f"omsatte 14{NBSP}316 tkr" in html
    assert '<meta name="dcterms.created" content="2019-12-31">' in html


def test_two_runs_give_identical_bytes(example: Path, tmp_path: Path) -> None:
    assert main(["arsredovisning", "2019", "--ledger", str(LEDGER), "--out",
                 str(tmp_path)]) == 0
    for name in ("arsredovisning.pdf", "arsredovisning.html", "arsredovisning.xlsx"):
        assert (tmp_path / name).read_bytes() == (example / name).read_bytes(), name
    info = PdfReader(tmp_path / "arsredovisning.pdf").metadata
    assert info is not None and info["/CreationDate"] == "D:20191231"


BOARD = """
2018-01-01 custom "organisationsnummer" "222000-1234"
2019-01-01 custom "styrelseledamot" "Anna Andersson" "ordförande"
2019-01-01 custom "styrelseledamot" "Bo Berg" "ledamot"
2019-09-01 custom "styrelseledamot" "Bo Berg" "avgått"
2019-09-01 custom "styrelseledamot" "Cia Ceder" "ledamot"
2020-03-27 custom "antagen" 2019 "Umeå"
"""


def test_a_small_ledger_gets_its_text_board_and_organisation_number(
    tmp_path: Path,
) -> None:
    ledger = write_books(tmp_path, FULL + BOARD)
    (ledger.parent / "forvaltningsberattelse-2019.md").write_text(
        "# Året\n\nIntäkterna blev {intäkter_samo} kr och resultatet {årets_resultat} kr.\n"
        "Eget kapital {eget_kapital} kr ({eget_kapital:tkr} tkr), år {år}.\n",
        encoding="utf-8",
    )
    out = tmp_path.parent / f"{tmp_path.name}-rapport"
    assert main(["arsredovisning", "2019", "--ledger", str(ledger), "--out", str(out)]) == 0
    text = " ".join("\n".join(pages_of(out / "arsredovisning.pdf")).split())
    # By hand: 600.50 + 10.00 = 610.50 → 611; result −40.24 → −40; equity 1 259.76 → 1 260.
    assert "Intäkterna blev 611 kr och resultatet −40 kr." in text
    assert "Eget kapital 1 260 kr (1 tkr), år 2019." in text
    assert "Organisationsnummer 222000-1234" in text
    assert "Anna Andersson Ordförande" in text and "Cia Ceder Ledamot" in text
    # Bo Berg left the board before the adoption: in the board table, not among the signers
    assert "Bo Berg Ledamot" not in text and "Bo Berg, till 2019-08-31" in text
    assert "Umeå den 27 mars 2020" in text


def test_unused_sections_are_left_out(tmp_path: Path) -> None:
    out = tmp_path.parent / f"{tmp_path.name}-rapport"
    ledger = write_books(tmp_path)
    assert main(["arsredovisning", "2019", "--ledger", str(ledger), "--out", str(out)]) == 0
    html = (out / "arsredovisning.html").read_text(encoding="utf-8")
    assert "Förvaltningsberättelse" not in html
    assert "Styrelsens underskrifter" not in html and "Organisationsnummer" not in html
    assert "Redovisningsprinciper" in html  # the shipped default
    assert "Eget kapital och trappan" not in html  # the ledger declares no trappan
    text = "\n".join(pages_of(out / "arsredovisning.pdf"))
    assert "Förvaltningsberättelse" not in text and "Redovisningsprinciper" in text


def test_the_förbund_keeps_its_own_principles(tmp_path: Path) -> None:
    ledger = write_books(tmp_path)
    (ledger.parent / "redovisningsprinciper.md").write_text(
        "Förbundet följer LKBR. Balansomslutningen var {balansomslutning} kr.\n",
        encoding="utf-8",
    )
    out = tmp_path.parent / f"{tmp_path.name}-rapport"
    assert main(["arsredovisning", "2019", "--ledger", str(ledger), "--out", str(out)]) == 0
    html = (out / "arsredovisning.html").read_text(encoding="utf-8")
    # Assets 2019-12-31: bank 1 000 + 500 − 300 + 600.50 − 400.25 − 200 − 50 − 0.49 + 10
    # + 100 = 1 259.76 → 1 260; receivables 0.
    assert f"Balansomslutningen var 1{NBSP}260 kr." in html
    assert "Värdering" not in html  # the shipped default is not used


def test_an_unknown_figure_is_an_error_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = write_books(tmp_path)
    text = ledger.parent / "forvaltningsberattelse-2019.md"
    text.write_text("# Året\n\nResultatet blev {årets_resultat} kr.\n"
                    "Vinsten blev {vinst} kr, i {eget_kapital:mkr}.\n", encoding="utf-8")
    out = tmp_path.parent / f"{tmp_path.name}-rapport"
    assert main(["arsredovisning", "2019", "--ledger", str(ledger), "--out", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [  # named relative to the ledger's folder, as every message
        "forvaltningsberattelse-2019.md:4: okänd enhet {eget_kapital:mkr} (kr eller tkr)",
        "forvaltningsberattelse-2019.md:4: okänt belopp {vinst}",
    ]
    assert not out.exists() or not any(out.iterdir())


def test_a_figure_the_books_lack_is_an_error_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = write_books(tmp_path)
    text = ledger.parent / "forvaltningsberattelse-2019.md"
    text.write_text("Eget kapital är {trappan_status} trappan.\n", encoding="utf-8")
    assert main(["arsredovisning", "2019", "--ledger", str(ledger), "--out",
                 str(tmp_path.parent / f"{tmp_path.name}-rapport")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{text.name}:1: beloppet {{trappan_status}} saknas: bokföringen har")


def test_malformed_board_directives_are_errors_of_the_books(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = [
        '2018-01-01 custom "organisationsnummer" "22200-01234"',
        '2019-01-01 custom "styrelseledamot" "Anna Andersson"',
        '2020-03-27 custom "antagen" 2019',
        '2020-03-28 custom "antagen" 2019',
    ]
    ledger = write_books(tmp_path, 'plugin "finsam_accounts.plugin"\n' + FULL
                          + "\n".join(bad) + "\n")
    lines = ledger.read_text(encoding="utf-8").splitlines()
    at = [f"{ledger.name}:{lines.index(directive) + 1}: " for directive in bad]
    assert main(["check", "--ledger", str(ledger)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert at[0] + 'custom "organisationsnummer" ska ange ett organisationsnummer, ' \
        't.ex. "222000-1834"' in err  # books.py
    assert at[1] + 'custom "styrelseledamot" ska ange namn och roll, ' \
        't.ex. "Anna Andersson" "ordförande", och gärna vem som utsett ledamoten, ' \
        't.ex. "Umeå kommun"' in err
    assert at[3] + ("antagandet av årsredovisningen 2019 finns redan "
                    f"({ledger}:{lines.index(bad[2]) + 1})") in err  # where the first is


def test_the_docs_name_every_figure_a_text_can_use() -> None:
    from finsam_accounts.annual.figures import names

    docs = (ROOT / "docs/annual-report.md").read_text(encoding="utf-8")
    assert [name for name in names() if f"`{{{name}}}`" not in docs] == []


def test_another_förbund_names_its_own_project(tmp_path: Path) -> None:
    """The second example förbund (tests/forbund2, hand-computed in test_forbund2)."""
    from test_forbund2 import LEDGER as FORBUND2
    from test_forbund2 import intakter_esfv_2022, medlemsavgifter_2022

    from finsam_accounts.annual.figures import line_named

    books = tmp_path / "forbund2"
    shutil.copytree(FORBUND2.parent, books)
    (books / "forvaltningsberattelse-2022.md").write_text(
        "Medlemsavgifterna var {medlemsavgifter} kr och Vägen vidare fick "
        "{intäkter_esfv} kr.\n", encoding="utf-8")
    out = tmp_path.parent / f"{tmp_path.name}-rapport"
    assert main(["arsredovisning", "2022", "--ledger", str(books / "main.beancount"),
                 "--out", str(out)]) == 0
    html = (out / "arsredovisning.html").read_text(encoding="utf-8").replace(NBSP, " ")
    assert medlemsavgifter_2022 == Decimal("4000000.00")
    assert intakter_esfv_2022 == Decimal("245000.00")
    assert "Medlemsavgifterna var 4 000 000 kr och Vägen vidare fick 245 000 kr." in html
    line = line_named("kostnader_esfv_under_budget")
    assert line is not None and line.line == "totala_kostnader_esfv"
    assert line_named("vinst") is None


def test_a_text_saved_in_latin1_is_one_swedish_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = write_books(tmp_path)
    text = ledger.parent / "forvaltningsberattelse-2019.md"
    text.write_bytes("# Förvaltningsberättelse\n\nÅrets resultat.\n".encode("latin-1"))
    out = tmp_path.parent / f"{tmp_path.name}-rapport"
    assert main(["arsredovisning", "2019", "--ledger", str(ledger), "--out", str(out)]) == 1
    assert capsys.readouterr().err == (
        "forvaltningsberattelse-2019.md:1: filen forvaltningsberattelse-2019.md är inte UTF-8 "
        "(troligen sparad som Windows-1252/ISO-8859-1): spara den som UTF-8\n")
    assert not out.exists()
