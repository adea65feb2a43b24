"""The third example förbund, Samordningsförbundet Fjällbygden (``tests/forbund3/``), written
from the user docs alone (docs/ and README.md, not the code or the other examples): a state,
a region and three municipalities with populations, two fiscal years 2023–2024, the office
(SAMO), two insatser with grants, an ESF project (ARENA, schablon 40 %), contributions
invoiced quarterly and paid with ``faktura``, salaries with tax and charges paid the month
after, rent as a recurring voucher, VAT refunds, year-end accruals reversed in January, a
budget with profiles and a revision, a manual forecast, attest from 2024-07-01, trappan in
``marginal`` mode and the förbund's own specification (short-term investments on a line of
their own, as docs/statements.md shows).

Every expected figure is computed by hand from the vouchers (see ``tests/forbund3/README.md``
for what each voucher is), written out as arithmetic in the comments, independently of the
code. The commands are run through ``finsam`` and their CSV files read back.
"""

from __future__ import annotations

import csv
import re
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from finsam_accounts.cli import main

D = Decimal
LEDGER = Path(__file__).resolve().parent / "forbund3" / "main.beancount"


def kr(value: Decimal) -> str:
    """Rounded once to whole kronor, half away from zero, as the CSV files print it."""
    return str(value.quantize(D(1), rounding=ROUND_HALF_UP))


def rows(path: Path) -> dict[str, list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {r[0]: r[1:] for r in csv.reader(handle)}


def rows_by(path: Path, key: int) -> dict[str, list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {r[key]: r for r in csv.reader(handle)}


# ============================================================== member contributions
# Allocation 2023: 4 000 000.00; stat 50 % = 2 000 000.00, region 25 % = 1 000 000.00,
# the municipalities 25 % = 1 000 000.00 by population 11 234 + 7 891 + 4 321 = 23 446:
#   Norrfjäll 1 000 000 × 11 234 / 23 446 = 479 143.5639… -> 479 143.56 (rest .39)
#   Sjöby     1 000 000 ×  7 891 / 23 446 = 336 560.6073… -> 336 560.60 (rest .74)
#   Älvbacka  1 000 000 ×  4 321 / 23 446 = 184 295.8287… -> 184 295.82 (rest .87)
#   floors sum to 999 999.98: the 2 öre left go to the largest rests, Älvbacka and Sjöby.
# Allocation 2024: 4 200 000.00; 2 100 000.00, 1 050 000.00, 1 050 000.00 by
# 11 301 + 7 850 + 4 337 = 23 488:
#   Norrfjäll 1 050 000 × 11 301 / 23 488 = 505 196.2704… -> 505 196.27 (rest .04)
#   Sjöby     1 050 000 ×  7 850 / 23 488 = 350 923.8760… -> 350 923.87 (rest .60)
#   Älvbacka  1 050 000 ×  4 337 / 23 488 = 193 879.8535… -> 193 879.85 (rest .35)
#   floors sum to 1 049 999.99: the öre left goes to Sjöby.
CONTRIBUTIONS = {
    2023: {"staten": D("2000000.00"), "region": D("1000000.00"), "norrfjall": D("479143.56"),
           "sjoby": D("336560.61"), "alvbacka": D("184295.83")},
    2024: {"staten": D("2100000.00"), "region": D("1050000.00"), "norrfjall": D("505196.27"),
           "sjoby": D("350923.88"), "alvbacka": D("193879.85")},
}
# Booked: four quarterly invoices each (K series), e.g. Sjöby 2023 K4 + K9 + K14 + K19 =
# 84 140.16 + 3 × 84 140.15 = 336 560.61 (the öre left after dividing by four goes to the
# first quarter), Älvbacka 2024 48 469.97 + 3 × 48 469.96 = 193 879.85.
SJOBY_2023 = D("84140.16") + 3 * D("84140.15")
ALVBACKA_2024 = D("48469.97") + 3 * D("48469.96")


def test_hand_arithmetic() -> None:
    assert sum(CONTRIBUTIONS[2023].values()) == D("4000000.00")
    assert sum(CONTRIBUTIONS[2024].values()) == D("4200000.00")
    assert CONTRIBUTIONS[2023]["sjoby"] == SJOBY_2023
    assert CONTRIBUTIONS[2024]["alvbacka"] == ALVBACKA_2024
    assert RESULT[2023] == INCOME[2023] - COSTS[2023]
    assert RESULT[2024] == INCOME[2024] - COSTS[2024]
    assert EQUITY[2023] == D("1687500.00") + RESULT[2023]
    assert EQUITY[2024] == EQUITY[2023] + RESULT[2024]
    assert ASSETS[2023] == LIABILITIES[2023] + EQUITY[2023]
    assert ASSETS[2024] == LIABILITIES[2024] + EQUITY[2024]


@pytest.mark.parametrize("year", [2023, 2024])
def test_contributions_expected_and_booked(
    year: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["medlemsavgifter", str(year), "--ledger", str(LEDGER)]) == 0
    out = capsys.readouterr().out
    for name, member in [("Norrfjälls kommun", "norrfjall"), ("Sjöby kommun", "sjoby"),
                         ("Älvbacka kommun", "alvbacka")]:
        line = next(x for x in out.splitlines() if x.startswith(name))
        figure = f"{int(kr(CONTRIBUTIONS[year][member])):,}".replace(",", "\u00a0")
        assert line.count(figure) == 2  # expected and booked
        assert line.rstrip().endswith(" 0")  # difference


# ============================================================== the annual statements
# Income 2023: contributions 4 000 000.00 + interest B (2023-12-29) 3 812.34
#   + ESF ARENA: B 200 000.00 (2023-09-29) + accrued A (2023-12-31) 359 814.00
#   = 4 563 626.34
# Costs 2023:
#   insatser: Steget vidare F 540 000 + 555 000 + 548 500 + accrued 561 000 = 2 204 500;
#             Unga i fjällen F 480 000 + accrued 560 000 = 1 040 000
#   kompetensutveckling 45 000; revision 48 000; rent 12 × 8 500 = 102 000;
#   IT 12 000 + 8 437.60 + öre 0.40 = 20 438.00; bank charges 4 × 450 = 1 800
#   SAMO salaries 12 × 46 000 = 552 000, charges 12 × 14 453.20 (31.42 %) = 173 438.40
#     + holiday pay 18 000 + its charges 5 655.60 (A, 2023-12-31)
#   board fees 2 × 40 000 = 80 000, charges 2 × 12 568.00 = 25 136
#   ARENA (March–December) salaries 10 × 42 000 = 420 000, charges 10 × 13 196.40
#     = 131 964, travel 7 850
#   = 3 244 500 + 45 000 + 48 000 + 102 000 + 20 438 + 1 800 + 552 000 + 173 438.40
#     + 18 000 + 5 655.60 + 80 000 + 25 136 + 420 000 + 131 964 + 7 850 = 4 875 782.00
INCOME = {2023: D("4563626.34"), 2024: D("4902128.95")}
COSTS = {2023: D("4875782.00"), 2024: D("5172725.00")}
# Income 2024: 4 200 000 + interest 9 876.55 + ESF (−359 814 reversal + 359 814 + 460 000
#   + accrued 232 252.40 = 692 252.40) = 4 902 128.95
# Costs 2024:
#   Steget vidare −561 000 (reversal) + 561 000 + 570 000 + 575 000 + 572 000 + 583 000
#     = 2 300 000; Unga i fjällen −560 000 + 560 000 + 570 000 + 562 500 = 1 132 500
#   revision 52 000; rent 102 000; IT 24 000 (licence prepaid in 2023) + 10 000 = 34 000;
#   bank charges 1 800; SAMO salaries 12 × 47 500 = 570 000, charges 12 × 14 924.50
#   = 179 094 − 5 655.60 (reversal) + 6 598.20 (new holiday pay charges) = 180 036.60;
#   holiday pay −18 000 + 21 000 = 3 000; board 80 000 + 25 136;
#   ARENA salaries 12 × 43 500 = 522 000, charges 12 × 13 667.70 = 164 012.40, travel 6 240
#   = 3 432 500 + 52 000 + 102 000 + 34 000 + 1 800 + 570 000 + 180 036.60 + 3 000
#     + 105 136 + 522 000 + 164 012.40 + 6 240 = 5 172 725.00
RESULT = {2023: D("-312155.66"), 2024: D("-270596.05")}
# Equity: opening balance (2023 A1, ib: TRUE) 1 687 500.00 + result.
EQUITY = {2023: D("1375344.34"), 2024: D("1104748.29")}
# Assets 2023-12-31: bank 2 208 803.54 + VAT receivable 6 000 (Q4 licence) + accrued ESF
#   359 814 + prepaid licence 24 000 = 2 598 617.54
# Liabilities 2023-12-31: tax 38 400 (30 % of 46 000 + 42 000 + 40 000) + charges 40 217.60
#   (14 453.20 + 13 196.40 + 12 568) + holiday pay 18 000 + 5 655.60 + hosts 561 000
#   + 560 000 = 1 223 273.20
# Assets 2024-12-31: bank 1 626 054.29 + placement 500 000 + accrued ESF 232 252.40
#   = 2 358 306.69
# Liabilities 2024-12-31: tax 39 300 (30 % of 47 500 + 43 500 + 40 000) + charges 41 160.20
#   (14 924.50 + 13 667.70 + 12 568) + holiday pay 21 000 + 6 598.20 + hosts 583 000
#   + 562 500 = 1 253 558.40
ASSETS = {2023: D("2598617.54"), 2024: D("2358306.69")}
LIABILITIES = {2023: D("1223273.20"), 2024: D("1253558.40")}
BANK = {2023: D("2208803.54"), 2024: D("1626054.29")}


@pytest.fixture(scope="module")
def annual_2024(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("forbund3") / "2024"
    assert main(["arsredovisning", "2024", "--ledger", str(LEDGER), "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize(("year", "column"), [(2024, 0), (2023, 1)])
def test_income_statement(annual_2024: Path, year: int, column: int) -> None:
    table = rows(annual_2024 / "resultatrakning.csv")
    assert table["Årets resultat"][column + 1] == kr(RESULT[year])
    # Financial: interest (8310) and bank charges (8590, 4 × 450).
    assert table["Finansiella kostnader"][column + 1] == "-1800"


@pytest.mark.parametrize(("year", "column"), [(2024, 0), (2023, 1)])
def test_balance_sheet(annual_2024: Path, year: int, column: int) -> None:
    table = rows(annual_2024 / "balansrakning.csv")
    assert table["SUMMA TILLGÅNGAR"][column + 1] == kr(ASSETS[year])
    assert table["Summa eget kapital"][column + 1] == kr(EQUITY[year])
    assert table["Summa skulder"][column + 1] == kr(LIABILITIES[year])
    assert table["Kassa och bank"][column + 1] == kr(BANK[year])
    # The förbund's own specification: 1820 on its own line (docs/statements.md).
    assert table["Kortfristiga placeringar"][column + 1] == ("500000" if year == 2024 else "0")


# ============================================================== trappan (marginal)
# Steps 0 kr: 30 %, 3 000 000 kr: 20 %, each on the part of the base within the step.
#   2023: 3 000 000 × 30 % + (4 000 000 − 3 000 000) × 20 % = 900 000 + 200 000 = 1 100 000
#   2024: 900 000 + (4 200 000 − 3 000 000) × 20 % = 900 000 + 240 000 = 1 140 000
LIMIT = {2023: D("1100000"), 2024: D("1140000")}


def test_trappan(annual_2024: Path) -> None:
    table = rows(annual_2024 / "trappan.csv")
    assert table["Utgående 2023"][2:4] == ["4000000", kr(LIMIT[2023])]
    assert table["Utgående 2023"][-1] == "över"  # 1 375 344 > 1 100 000
    assert table["Utgående 2024"][2:5] == ["4200000", kr(LIMIT[2024]),
                                           kr(LIMIT[2024] - EQUITY[2024])]  # 35 252
    assert table["Utgående 2024"][-1] == "inom"
    # Forecast by the budget 2024 (revised: Steget vidare 2 300 000): income 4 200 000
    #   + 8 000 + 706 000 = 4 914 000, costs 2 300 000 + 1 150 000 + 50 000 + 580 000
    #   + 5 000 + 185 000 + 80 000 + 25 000 + 12 × 8 500 + 35 000 + 52 000 + 4 × 500
    #   + 522 000 + 164 000 + 20 000 = 5 272 000: result −358 000,
    #   1 375 344.34 − 358 000 = 1 017 344.34
    assert table["Prognos 2024 enligt budget"][1] == "1017344"


# ============================================================== insatser
def test_insats_that_ended_repays_its_unused_grant(tmp_path: Path) -> None:
    out = tmp_path / "insatser"
    assert main(["insatser", "2023-12-31", "--ledger", str(LEDGER), "--out", str(out)]) == 0
    table = rows(out / "insatser.csv")
    # Unga i fjällen 2023-03-01 – 2023-12-31, granted 1 100 000, used 480 000 + 560 000
    # (accrued 2023-12-31; the reversal and the invoice in January 2024 lie after it).
    assert table["Unga i fjällen"][3:6] == ["1100000", "1040000", "1040000"]
    assert table["Unga i fjällen"][-1] == "60000"  # 1 100 000 − 1 040 000


# ============================================================== the members' pack
def test_members_pack_pays_by_invoice_reference(tmp_path: Path) -> None:
    """The state's invoices are to "Staten (Försäkringskassan)", its payments come from
    "Försäkringskassan" and name the invoice (faktura, docs/bank.md): paid, not owed."""
    out = tmp_path / "paket"
    assert main(["medlemspaket", "2024", "--ledger", str(LEDGER), "--out", str(out)]) == 0
    table = rows_by(out / "medlemspaket.csv", 0)
    staten = table["staten"]
    assert staten[4:7] == ["2100000.00", "2100000.00", "2100000.00"]  # key, invoiced, paid
    assert staten[-2:] == ["0.00", "0.00"]  # every invoice paid (B, faktura 2024-0NN)
    # Shares of the result −270 596.05 by the key: the state 50 % = −135 298.025, the
    # half öre rounded away from zero by the largest remainder of the absolute value.
    assert sum(D(r[7]) for k, r in table.items() if k not in ("medlem", "")) == RESULT[2024]


# ============================================================== Uppföljning Finsam
# The förbund's administration 2024 (SAMO only): staff 570 000 + 180 036.60 + 3 000
#   = 753 036.60, board 80 000 + 25 136 = 105 136, rent 102 000, revision 52 000, IT 34 000,
#   bank charges 1 800: 1 047 972.60. ARENA is a project: its staff 522 000 + 164 012.40
#   = 686 012.40 and travel 6 240 are the project's, 692 252.40, not the administration's
#   (they were counted there: 1 740 225 kr).
def test_uppfoljning_finsam_reports_the_project_as_the_project(tmp_path: Path) -> None:
    out = tmp_path / "finsam"
    assert main(["uppfoljning-finsam", "2024", "--ledger", str(LEDGER), "--out", str(out)]) == 0
    admin = rows_by(out / "finsam-administration.csv", 1)
    assert admin["Kanslipersonal"][3] == kr(D("753036.60"))
    assert admin["Styrelse"][3] == "105136"
    assert admin["Summa administrativa kostnader"][3] == kr(D("1047972.60")) == "1047973"
    assert "Projektpersonal" not in admin
    project = rows_by(out / "finsam-projekt.csv", 2)
    assert project["Projektpersonal"][4] == kr(D("686012.40"))
    assert project["Resor"][4] == "6240"
    assert project["Summa kostnader"][4] == kr(D("692252.40"))
    # ESF 2024: −359 814 reversal + 359 814 + 460 000 + accrued 232 252.40 (the income above)
    assert project["Intäkter (egen finansiering)"][4] == kr(D("692252.40"))
    assert project["Summa kostnader"][0] == "Arbetsarena Fjäll (ESF-projekt)"


def test_check_finds_no_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--ledger", str(LEDGER)]) == 0
    out = capsys.readouterr()
    assert "finsam check: inga fel" in out.out
    assert "varning" not in out.out + out.err


# ============================================================== bank file
def test_bank_file_keeps_the_remittance_text(tmp_path: Path) -> None:
    """camt.053 for December 2024 (tests/forbund3/bankfiler): the rent is booked already
    (B, 2024-12-01, 8 500); the bank's fee and an unknown payment are new, and each proposal
    carries the statement's text (RmtInf/Ustrd), as docs/bank.md shows it."""
    books = tmp_path / "forbund3"
    shutil.copytree(LEDGER.parent, books)
    year_file = books / "2024.beancount"
    # The statement brings its own closing balance assertion for 2025-01-01.
    year_file.write_text("".join(
        line for line in year_file.read_text(encoding="utf-8").splitlines(keepends=True)
        if not line.startswith("2025-01-01 balance")
    ), encoding="utf-8")
    proposals = tmp_path / "forslag.beancount"
    assert main(["bank-import", str(books / "bankfiler" / "2024-12-camt053.xml"),
                 "--ledger", str(books / "main.beancount"), "--ut", str(proposals)]) == 0
    text = proposals.read_text(encoding="utf-8")
    assert '"Sparbanken Fjäll" "Avgift utlandsbetalning"' in text
    assert '"Okänd Betalare AB" "Återbetalning"' in text
    assert "Kostnader:SAMO:Finansiella:Bankavgifter" in text  # the payee's usual account
    assert "Skulder:Oklarade-bankposter" in text
    # The statement's closing balance: the books' 1 626 054.29 − 125.00 + 2 000.00.
    assert BANK[2024] - D("125.00") + D("2000.00") == D("1627929.29")
    assert "2025-01-01 balance Tillgångar:Bank:Företagskonto" in text
    assert "1627929.29 SEK" in text


def test_text_names_liquid_funds_as_the_statements_do(annual_2024: Path) -> None:
    """{likvida_medel} is the liquid funds of the cash-flow statement (1800–1999), also
    when the förbund's own specification shows 18xx on a line of its own: bank
    1 626 054.29 + placement 500 000.00 = 2 126 054.29, as in the driftsredovisning."""
    html = (annual_2024 / "arsredovisning.html").read_text(encoding="utf-8")
    figure = kr(BANK[2024] + D("500000.00"))
    assert figure == "2126054"
    assert "varav likvida medel 2\u00a0126\u00a0054 kr" in re.sub(r"[ \n]+", " ", html)
