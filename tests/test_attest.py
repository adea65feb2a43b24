"""Attest (issue 17): the attestordning as data, the plugin's rules on the vouchers'
attests, ``finsam attest DATUM`` and ``finsam bokslut``'s refusal of unattested years.

Every expected line is written out here from the ledger text (who is allowed what), not
computed by the code under test; line numbers are found in the test's own text.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from finsam_accounts.attest import vouchers
from finsam_accounts.cli import main
from finsam_accounts.ledger import load

NBSP = "\u00a0"

HEAD = """\
option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"
option "operating_currency" "SEK"
plugin "finsam_accounts.plugin"

2019-01-01 custom "räkenskapsår" 2019
2019-01-01 custom "verksamhet" "SAMO" "Testförbundet" "förbund"
2019-01-01 custom "verksamhet" "HFE" "Projektet" "projekt"
2019-01-01 open Tillgångar:Bank SEK
  nr: "1930"
2019-01-01 open Kostnader:SAMO:Hyra SEK
  nr: "6110"
  verksamhet: "SAMO"
2019-01-01 open Kostnader:HFE:Konsulter SEK
  nr: "6550"
  verksamhet: "HFE"
"""

ORDNING = """
2019-01-01 custom "attest-från" 2019-03-01
2019-01-01 custom "attestant" "Anna Berg" "beslutsattest" 50000.00 SEK
  anvandare: "anna"
2019-01-01 custom "attestant" "Lisa Ny" "beslutsattest"
  verksamhet: "HFE"
  till: 2019-06-30
  anvandare: "lisa"
2019-01-01 custom "attestant" "Per Ek" "granskningsattest"
  anvandare: "per"
2019-01-01 custom "attestant" "Eva Ek" "granskningsattest"
  anvandare: "eva"
"""

MONTH = """
2019-02-10 * "Hyra februari"
  ver: "B1"
  Kostnader:SAMO:Hyra  12000.00 SEK
  Tillgångar:Bank

2019-03-05 * "Hyra mars"
  ver: "B2"
  registrerad_av: "Eva Ek"
  granskningsattest: "Per Ek 2019-03-06"
  beslutsattest: "Anna Berg 2019-03-07"
  Kostnader:SAMO:Hyra  12000.00 SEK
  Tillgångar:Bank

2019-03-10 * "Konsult projektet"
  ver: "B3"
  registrerad_av: "Eva Ek"
  Kostnader:HFE:Konsulter  60000.00 SEK
  Tillgångar:Bank

2019-03-12 * "Hyra april"
  ver: "B4"
  registrerad_av: "Eva Ek"
  granskningsattest: "Per Ek 2019-03-12"
  Kostnader:SAMO:Hyra  12000.00 SEK
  Tillgångar:Bank
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "main.beancount"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str, after: str = "") -> int:
    """The line (1-based) of the first ``needle`` after ``after`` in the text."""
    start = text.index(after) if after else 0
    return text[: text.index(needle, start)].count("\n") + 1


def messages(path: Path) -> list[tuple[int, str]]:
    ledger = load(path)
    return sorted((int(e.source["lineno"]), e.message) for e in ledger.errors)


def test_a_month_with_attests_has_no_errors_and_two_unattested(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + ORDNING + MONTH)
    ledger = load(path)
    assert ledger.errors == []
    found = vouchers.unattested(
        ledger.books, datetime.date(2019, 3, 31))
    # B1 is before attest-från; B2 has both attests; B3 has none; B4 lacks beslutsattest.
    assert [(u.entry.meta["ver"], u.missing, dict(u.candidates)) for u in found] == [
        # 60 000 kr: over Anna's limit; Lisa may (HFE, no limit); Eva registered it.
        ("B3", ("beslutsattest", "granskningsattest"),
         {"beslutsattest": ("Lisa Ny",), "granskningsattest": ("Per Ek",)}),
        # SAMO: Lisa only attests HFE.
        ("B4", ("beslutsattest",), {"beslutsattest": ("Anna Berg",)}),
    ]


def test_finsam_attest_lists_the_unattested_with_who_may_attest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, HEAD + ORDNING + MONTH)
    assert main(["attest", "2019-03-31", "--ledger", str(path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Verifikationer utan attest till och med 2019-03-31 (attest krävs från 2019-03-01):",
        "ver  datum          belopp  text               saknar             får attesteras av",
        f"B3   2019-03-10  60{NBSP}000,00  Konsult projektet  beslutsattest      Lisa Ny",
        "                                               granskningsattest  Per Ek",
        f"B4   2019-03-12  12{NBSP}000,00  Hyra april         beslutsattest      Anna Berg",
        f"Summa: 2 verifikationer, 72{NBSP}000,00 kr",
    ]
    # Up to 2019-03-11 only B3; after Lisa's right ends only Per may give B3 anything.
    assert main(["attest", "2019-07-01", "--år", "2019", "--ledger", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[2].endswith("beslutsattest      ingen i attestordningen")


def test_finsam_attest_without_attestordning_and_when_all_are_attested(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = "".join(line for line in MONTH.splitlines(keepends=True) if "attest:" not in line)
    path = write(tmp_path, HEAD + plain)
    assert main(["attest", "2019-03-31", "--ledger", str(path)]) == 0
    assert capsys.readouterr().out == (
        'Bokföringen kräver ingen attest: den har ingen attestordning (custom "attestant") '
        'med ett startdatum (custom "attest-från").\n')
    path = write(tmp_path, HEAD + ORDNING + MONTH)
    assert main(["attest", "2019-03-09", "--ledger", str(path)]) == 0
    assert capsys.readouterr().out == (
        "Alla verifikationer till och med 2019-03-09 är attesterade "
        "(attest krävs från 2019-03-01).\n")


def test_finsam_attest_bad_date_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, HEAD + ORDNING + MONTH)
    assert main(["attest", "2019-02-30", "--ledger", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    assert "2019-02-30" in captured.err


def test_check_warns_about_unattested_and_bokslut_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, HEAD + ORDNING + MONTH)
    assert main(["check", "--ledger", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.err == (
        "varning: 2 verifikationer saknar attest (B3, B4); se finsam attest DATUM\n")
    before = path.read_text(encoding="utf-8")
    assert main(["bokslut", "2019", "--ledger", str(path)]) == 1
    assert capsys.readouterr().err == (
        "finsam bokslut: 2019 kan inte låsas, inget skrevs:\n"
        "  2 verifikationer saknar attest (B3, B4); se finsam attest 2019-12-31\n")
    assert path.read_text(encoding="utf-8") == before
    assert not (tmp_path / "bokslut").exists()


BAD_ORDNING = """
2019-01-01 custom "attestant" "X Y" "chef"
2019-01-01 custom "attestant" "X Y" "beslutsattest" 100 EUR
2019-01-01 custom "attestant" "X Y" "beslutsattest"
  verksamhet: "XYZ"
2019-02-01 custom "attestant" "X Y" "beslutsattest"
  till: 2019-01-31
2019-01-01 custom "attestant" "X Y" "beslutsattest"
  anvandare: "anna"
2019-01-01 custom "attestant" "X Y" "beslutsattest"
  konton: "7000-6000"
2019-01-01 custom "attest-från" "mars"
"""


def test_a_malformed_attestordning_is_reported_at_its_lines(tmp_path: Path) -> None:
    text = HEAD + ORDNING + BAD_ORDNING
    path = write(tmp_path, text)
    at = BAD_ORDNING
    first = line_of(text, at.splitlines()[1])
    assert messages(path) == [
        (first, 'attestant X Y: okänd roll "chef" (ska vara "beslutsattest" eller '
                '"granskningsattest")'),
        (first + 1, "attestant X Y: högsta beloppet ska vara större än noll, i SEK, "
                    "t.ex. 50000.00 SEK"),
        (first + 2, 'attestant X Y: verksamhet "XYZ" är ingen deklarerad verksamhet '
                    "(HFE, SAMO)"),
        (first + 4, "attestant X Y: till ska vara ett datum från och med 2019-02-01, "
                    "t.ex. till: 2019-12-31"),
        (first + 6, "användaren anna är redan Anna Berg i attestordningen "
                    f"({path}:{line_of(text, 'Anna Berg')}); en inloggning per person"),
        (first + 8, 'attestant X Y: konton "7000-6000" ska vara kontonummer eller '
                    'intervall, t.ex. "4000-6999, 7010"'),
        (first + 10, 'custom "attest-från" ska ange ett datum, t.ex. custom "attest-från" '
                     "2019-03-01"),
    ]


def voucher(number: str, date: str, meta: str, account: str, amount: str) -> str:
    return (f'\n{date} * "Verifikation {number}"\n  ver: "{number}"\n{meta}'
            f"  {account}  {amount} SEK\n  Tillgångar:Bank\n")


WRONG = "".join([
    voucher("B1", "2019-03-05", '  registrerad_av: "Eva Ek"\n'
            '  granskningsattest: "Eva Ek 2019-03-06"\n', "Kostnader:SAMO:Hyra", "100.00"),
    voucher("B2", "2019-03-05", '  granskningsattest: "Anna Berg 2019-03-06"\n'
            '  beslutsattest: "Anna Berg 2019-03-06"\n', "Kostnader:SAMO:Hyra", "100.00"),
    voucher("B3", "2019-03-05", '  granskningsattest: "Kalle Ok 2019-03-06"\n'
            '  beslutsattest: "Per Ek 2019-03-06"\n', "Kostnader:SAMO:Hyra", "100.00"),
    voucher("B4", "2019-03-05", '  beslutsattest: "Anna Berg 2019-03-06"\n',
            "Kostnader:SAMO:Hyra", "50000.01"),
    voucher("B5", "2019-03-05", '  beslutsattest: "Lisa Ny 2019-03-06"\n',
            "Kostnader:SAMO:Hyra", "100.00"),
    voucher("B6", "2019-06-05", '  beslutsattest: "Lisa Ny 2019-07-01"\n',
            "Kostnader:HFE:Konsulter", "100.00"),
    voucher("B7", "2019-03-05", '  beslutsattest: "Anna Berg 2019-03-04"\n',
            "Kostnader:SAMO:Hyra", "100.00"),
    voucher("B8", "2019-03-05", '  beslutsattest: "Anna Berg"\n  registrerad_av: ""\n',
            "Kostnader:SAMO:Hyra", "100.00"),
    voucher("B9", "2019-03-05", '  beslutsattest: "Lisa Ny 2019-03-05"\n',
            "Tillgångar:Kassa", "100.00"),
    # Exactly at Anna's limit, attested the voucher's own day: allowed.
    voucher("B10", "2019-03-05", '  beslutsattest: "Anna Berg 2019-03-05"\n'
            '  granskningsattest: "Per Ek 2019-03-05"\n', "Kostnader:SAMO:Hyra", "50000.00"),
])


def test_wrong_attests_are_errors_at_the_voucher(tmp_path: Path) -> None:
    text = (HEAD + "2019-01-01 open Tillgångar:Kassa SEK\n  nr: \"1910\"\n" + ORDNING + WRONG)
    path = write(tmp_path, text)

    def at(number: str) -> int:
        return line_of(text, f'"Verifikation {number}"')

    assert messages(path) == [
        (at("B1"), "verifikation B1: Eva Ek har registrerat verifikationen och får inte "
                   "granskningsattestera den (självattest)"),
        (at("B2"), "verifikation B2: Anna Berg har inte rätt till granskningsattest i "
                   "attestordningen"),
        (at("B2"), "verifikation B2: Anna Berg har redan granskningsattesterat "
                   "verifikationen; två olika personer ska attestera"),
        (at("B3"), 'verifikation B3: Kalle Ok finns inte i attestordningen (custom '
                   '"attestant")'),
        (at("B3"), "verifikation B3: Per Ek har inte rätt till beslutsattest i "
                   "attestordningen"),
        (at("B4"), f"verifikation B4: beloppet 50{NBSP}000,01{NBSP}kr är över gränsen "
                   f"50{NBSP}000{NBSP}kr"),
        (at("B5"), "verifikation B5: verksamhet SAMO ingår inte (bara HFE)"),
        (at("B6"), "verifikation B6: rätten gäller 2019-01-01–2019-06-30, attesten är "
                   "daterad 2019-07-01"),
        (at("B7"), "verifikation B7: beslutsattesten är daterad 2019-03-04, före "
                   "verifikationens datum 2019-03-05"),
        (at("B8"), 'verifikation B8: beslutsattest "Anna Berg" ska vara namn och datum, '
                   't.ex. beslutsattest: "Anna Berg 2019-03-05"'),
        (at("B8"), 'verifikation B8: registrerad_av ska vara ett namn, t.ex. '
                   'registrerad_av: "Eva Ek"'),
        (at("B9"), "verifikation B9: verifikationen har inga intäkts- eller kostnadskonton, "
                   "och rätten gäller bara en del av verksamheten"),
    ]


def test_account_ranges_limit_an_attestant(tmp_path: Path) -> None:
    text = (HEAD + '\n2019-01-01 custom "attestant" "Ola Ås" "beslutsattest"\n'
            '  konton: "6100-6199"\n'
            + voucher("B1", "2019-03-05", '  beslutsattest: "Ola Ås 2019-03-05"\n',
                      "Kostnader:SAMO:Hyra", "100.00")
            + voucher("B2", "2019-03-05", '  beslutsattest: "Ola Ås 2019-03-05"\n',
                      "Kostnader:HFE:Konsulter", "100.00"))
    path = write(tmp_path, text)
    assert messages(path) == [
        (line_of(text, '"Verifikation B2"'),
         "verifikation B2: konto 6550 ingår inte (bara 6100–6199)"),
    ]


def test_the_attestordning_is_a_datum_of_the_books(tmp_path: Path) -> None:
    ledger = load(write(tmp_path, HEAD + ORDNING + MONTH))
    first = ledger.books.attest  # parsed once: test_parsed_once
    assert first.start == datetime.date(2019, 3, 1)
    assert first.required_roles == ("beslutsattest", "granskningsattest")
    assert first.of_user("lisa") == "Lisa Ny"
    assert first.of_user("okänd") is None


FORBUND2 = Path(__file__).resolve().parent / "forbund2"


def test_forbund2_is_attested_from_2023(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["attest", "2023-12-31", "--ledger", str(FORBUND2 / "main.beancount")]) == 0
    assert capsys.readouterr().out == (
        "Alla verifikationer till och med 2023-12-31 är attesterade "
        "(attest krävs från 2023-01-01).\n")
    ledger = load(FORBUND2 / "main.beancount")
    assert ledger.errors == []
    vouchers_2023 = [e for e in ledger.transactions if e.date.year == 2023]
    assert len(vouchers_2023) == 64
    assert all(e.meta.get("registrerad_av") == "Karin Lund" for e in vouchers_2023)


def test_forbund2_a_payment_needs_the_chair(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    folder = tmp_path / "forbund2"
    shutil.copytree(FORBUND2, folder)
    year = folder / "2023.beancount"
    text = year.read_text(encoding="utf-8")
    # B1 2023 pays Mora kommun's invoice (745 000 kr, bank against leverantörsskuld): no
    # income or cost line, so only the chair (no restriction) may attest it, not the
    # förbundschef (SAMO up to 200 000 kr).
    b1 = text.index('ver: "B1"')
    line = '  beslutsattest: "Sven Dahl 2023-01-14"\n'
    assert text.index(line, b1) < text.index("\n\n", b1)
    year.write_text(text.replace(line, "", 1), encoding="utf-8")
    main_file = str(folder / "main.beancount")
    assert main(["attest", "2023-01-31", "--ledger", main_file]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "ver  datum           belopp  text                            saknar         "
        "får attesteras av",
        f"B1   2023-01-11  745{NBSP}000,00  Betalning faktura 22-0981: Sam  beslutsattest  "
        "Sven Dahl",
        f"Summa: 1 verifikation, 745{NBSP}000,00 kr",
    ]
    year.write_text(text.replace(line, '  beslutsattest: "Maria Holm 2023-01-14"\n', 1),
                    encoding="utf-8")
    assert messages(folder / "main.beancount") == [
        (text[:b1].count("\n"), f"verifikation B1: beloppet 745{NBSP}000{NBSP}kr är över "
                                f"gränsen 200{NBSP}000{NBSP}kr"),
    ]
