"""The fourth example förbund, Samordningsförbundet Kustlandet (``tests/forbund4/``): moved
in from Visma Administration's SIE 4 files for 2023–2024 with ``finsam flytta-in``, then
its first year on finsam, 2025, booked from the docs alone: the members' invoices from
``finsam medlemsavgifter --bokför``, one bank file a quarter (Nordea CSV, camt.053, SEB
CSV, camt.053), recurring rent, supplier invoices with VAT, salaries, attest, insatser with
participants, an ESF project (KUST) as its own activity, a budget with profiles and a
revision, year-end accruals and the three years locked. Fyruddens kommun joins on
2025-01-01: a fourth municipality in 2025's split, none in 2024's.

Every expected figure is computed by hand from the vouchers (``tests/forbund4/README.md``
says what each is), written out as arithmetic in the comments, independently of the code.
The commands are run through ``finsam`` and their CSV files (or lines) read back.
"""

from __future__ import annotations

import csv
import re
import shutil
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from werkzeug.test import Client

from finsam_accounts.cli import main

D = Decimal
FOLDER = Path(__file__).resolve().parent / "forbund4"
LEDGER = FOLDER / "main.beancount"
SIE = [FOLDER / "sie" / "visma-2023.se", FOLDER / "sie" / "visma-2024.se"]


def kr(value: Decimal) -> str:
    """Rounded once to whole kronor, half away from zero, as the CSV files print it."""
    return str(value.quantize(D(1), rounding=ROUND_HALF_UP))


def rows(path: Path) -> dict[str, list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {r[0]: r[1:] for r in csv.reader(handle)}


def dict_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def largest_remainder(total: Decimal, weights: dict[str, Fraction]) -> dict[str, Decimal]:
    """The test's own split in öre: floors, then the öre left to the largest rests."""
    whole = sum(weights.values())
    exact = {k: Fraction(total) * w / whole for k, w in weights.items()}
    floors = {k: D(int(v * 100)) / 100 for k, v in exact.items()}
    left = int((total - sum(floors.values())) * 100)
    for k in sorted(weights, key=lambda k: -(exact[k] - Fraction(floors[k])))[:left]:
        floors[k] += D("0.01")
    return floors


# ============================================================== member contributions
# 2025: allocation 5 600 000.00; stat 50 % = 2 800 000.00, region 25 % = 1 400 000.00, the
# four municipalities 25 % = 1 400 000.00 by population 24 455 + 15 731 + 9 190 + 6 204 =
# 55 580:
#   Havsby    1 400 000 × 24 455 / 55 580 = 615 994.9622… -> 615 994.96 (rest .22 öre)
#   Strandvik 1 400 000 × 15 731 / 55 580 = 396 246.8513… -> 396 246.85 (rest .13)
#   Skärhamn  1 400 000 ×  9 190 / 55 580 = 231 486.1461… -> 231 486.14 (rest .61)
#   Fyrudden  1 400 000 ×  6 204 / 55 580 = 156 272.0403… -> 156 272.04 (rest .03)
#   floors sum to 1 399 999.99: the öre left goes to Skärhamn.
# 2024: 5 200 000.00; the three municipalities share 1 300 000.00 by 24 402 + 15 790 +
# 9 165 = 49 357 (Fyrudden is no member before 2025-01-01):
#   Havsby    1 300 000 × 24 402 / 49 357 = 642 717.3450… -> 642 717.34 (rest .51 öre)
#   Strandvik 1 300 000 × 15 790 / 49 357 = 415 888.3238… -> 415 888.32 (rest .38)
#   Skärhamn  1 300 000 ×  9 165 / 49 357 = 241 394.3310… -> 241 394.33 (rest .11)
#   floors sum to 1 299 999.99: the öre left goes to Havsby.
CONTRIBUTIONS = {
    2025: {"staten": D("2800000.00"), "region": D("1400000.00"), "havsby": D("615994.96"),
           "strandvik": D("396246.85"), "skarhamn": D("231486.15"),
           "fyrudden": D("156272.04")},
    2024: {"staten": D("2600000.00"), "region": D("1300000.00"), "havsby": D("642717.35"),
           "strandvik": D("415888.32"), "skarhamn": D("241394.33")},
}
POPULATION = {
    2025: {"havsby": 24455, "strandvik": 15731, "skarhamn": 9190, "fyrudden": 6204},
    2024: {"havsby": 24402, "strandvik": 15790, "skarhamn": 9165},
}

# ============================================================== 2025, from the vouchers
# Income: contributions 5 600 000.00; ESF 3 payments + 1 accrued, each 3 months ×
# (45 000 + 14 139) × 1.4 = 248 383.80, so 993 535.20; interest 8 100.00.
INCOME_2025 = D("5600000.00") + 4 * D("248383.80") + D("8100.00")
# Costs: Steg framåt 4 × 725 000 (Q4 accrued); Ung kraft 4 × 320 000; Fyrbåken 150 000 +
# 150 000 + 140 000 (Q4 accrued); SAMO salaries 12 × 50 000 + 3 000 holiday pay, charges
# 12 × 15 710; KUST salaries 12 × 45 000, charges 12 × 14 139, travel 4 × 4 200; rent
# 4 × 28 500; IT 4 × 6 250 + 3 × 0.50 (the VAT claims' öre); audit 48 000; bank 4 × 375.
COSTS_SAMO_2025 = (4 * D("725000") + 4 * D("320000") + D("440000") + 12 * D("50000")
                   + D("3000") + 12 * D("15710") + 4 * D("28500") + 4 * D("6250")
                   + 3 * D("0.50") + D("48000") + 4 * D("375"))
COSTS_KUST_2025 = 12 * D("45000") + 12 * D("14139") + 4 * D("4200")
RESULT = {2023: D("263150.00"), 2024: D("139354.40"),
          2025: INCOME_2025 - COSTS_SAMO_2025 - COSTS_KUST_2025}
# Equity 2023-01-01 from visma-2023.se's #IB: 2 450 000 − 85 000 − 27 600 − 28 906.40 −
# 42 000 = 2 266 493.60; then each year's result.
EQUITY = {2022: D("2266493.60")}
for _year in (2023, 2024, 2025):
    EQUITY[_year] = EQUITY[_year - 1] + RESULT[_year]
# The bank: 3 516 697.30 at 2025-01-01 (visma-2024.se's #UB 0 1930); in: contributions,
# 3 ESF payments, interest; out: December's tax 56 199.30, Havsby's 2024 invoice 700 000,
# audit 2024 45 000, rent 4 × 28 500, IT 4 × 7 812.50, bank 4 × 375, travel 4 × 4 200, net
# pay 12 × 66 500, tax 11 × 58 349, hosts 3 × 725 000 + 3 × 320 000 + 2 × 150 000.
BANK_2025 = (D("3516697.30") + D("5600000") + 3 * D("248383.80") + D("8100")
             - D("56199.30") - D("700000") - D("45000") - 4 * D("28500") - 4 * D("7812.50")
             - 4 * D("375") - 4 * D("4200") - 12 * D("66500") - 11 * D("58349")
             - 3 * D("725000") - 3 * D("320000") - 2 * D("150000"))
# Receivables: ESF accrued 248 383.80, Q4's VAT 1 562.50, the tax account 3 × 1 562.
RECEIVABLES_2025 = D("248383.80") + D("1562.50") + 3 * D("1562")
# Short-term liabilities: Strandvik's Q4 invoice 320 000; the hosts' work not yet invoiced
# 725 000 + 140 000; audit 48 000; holiday pay 46 500 + 3 000; December's tax 28 500 and
# charges 29 849.
LIABILITIES_2025 = (D("320000") + D("865000") + D("48000") + D("49500") + D("28500")
                    + D("29849"))


def test_hand_arithmetic() -> None:
    for year in (2024, 2025):
        assert sum(CONTRIBUTIONS[year].values()) == {2024: D("5200000"), 2025: D("5600000")}[year]
        municipalities = {k: Fraction(v) for k, v in POPULATION[year].items()}
        assert largest_remainder(D("1300000") if year == 2024 else D("1400000"),
                                 municipalities) == {
            k: v for k, v in CONTRIBUTIONS[year].items() if k in municipalities}
    assert "fyrudden" not in CONTRIBUTIONS[2024]
    assert RESULT[2025] == D("275145.70")
    assert EQUITY[2025] == D("2944143.70")
    assert D("4030360.40") == BANK_2025
    # the balance sheet balances: assets = equity + liabilities
    assert BANK_2025 + RECEIVABLES_2025 == EQUITY[2025] + LIABILITIES_2025 == D("4284992.70")


def test_check_finds_no_errors_and_no_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--ledger", str(LEDGER)]) == 0
    out = capsys.readouterr()
    assert out.out.strip() == "finsam check: inga fel (225 verifikationer, 2023–2025)"
    assert out.err == ""


def test_moving_in_gives_the_same_books(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """flytta-in with the mapping used (flytta-in.toml) writes the committed years again,
    and its reconciliation states each year's result from the SIE files' #RES."""
    target = tmp_path / "ny"
    assert main(["flytta-in", *map(str, SIE), "--mappning", str(FOLDER / "flytta-in.toml"),
                 "--till", str(target)]) == 0
    captured = capsys.readouterr()
    printed = captured.out + captured.err
    for year in ("2023", "2024"):
        assert (target / f"{year}.beancount").read_bytes() == (
            FOLDER / f"{year}.beancount").read_bytes()
    assert ("årets resultat 2023: 263\u00a0150,00 kr enligt filen, 263\u00a0150,00 kr i "
            "bokföringen: stämmer") in printed
    assert "luckor i numreringen, bokförda som makulerade: A3" in printed
    members = (target / "medlemmar.beancount").read_text(encoding="utf-8")
    assert [line.split('"')[3] for line in members.splitlines() if '"medlem"' in line
            and not line.startswith(";")] == [
        "staten", "region", "havsby", "strandvik", "skarhamn"]
    # B19 2023 was corrected in Visma (#BTRANS 6110, #RTRANS 6540): moved in on 6540 only
    text = (target / "2023.beancount").read_text(encoding="utf-8")
    b19 = text[text.index('ver: "B19"'):].split("\n\n")[0]
    assert "IT-tjänster   6250.00 SEK" in b19 and "Lokalhyra" not in b19


@pytest.fixture(scope="module")
def annual_2025(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kustlandet") / "ar"
    assert main(["arsredovisning", "2025", "--ledger", str(LEDGER), "--out", str(out)]) == 0
    return out


def test_income_statement_and_balance_sheet(annual_2025: Path) -> None:
    income = rows(annual_2025 / "resultatrakning.csv")
    assert income["Årets resultat"][1:] == [kr(RESULT[2025]), kr(RESULT[2024])]
    assert income["Verksamhetens intäkter KUST"][1] == kr(4 * D("248383.80"))
    # the bank's fees (4 × 375) are a financial cost, not the activity's
    assert income["Verksamhetens kostnader SAMO"][1] == kr(-(COSTS_SAMO_2025 - 4 * D("375")))
    assert income["Finansiella kostnader"][1] == "-1500"
    balance = rows(annual_2025 / "balansrakning.csv")
    assert balance["Kassa och bank"][1:] == [kr(BANK_2025), "3516697"]
    assert balance["Fordringar"][1] == kr(RECEIVABLES_2025)
    assert balance["Summa eget kapital"][1:] == [kr(EQUITY[2025]), kr(EQUITY[2024])]
    assert balance["Kortfristiga skulder"][1] == kr(LIABILITIES_2025)
    assert balance["SUMMA TILLGÅNGAR"][1] == kr(BANK_2025 + RECEIVABLES_2025)


def test_the_new_member_is_in_2025_and_not_in_2024(annual_2025: Path) -> None:
    note = rows(annual_2025 / "not1_intakter_samo.csv")
    assert note["Medlemsavgift Fyruddens kommun"] == [kr(CONTRIBUTIONS[2025]["fyrudden"]), "0"]
    assert note["Medlemsavgift Havsby kommun"] == [
        kr(CONTRIBUTIONS[2025]["havsby"]), kr(CONTRIBUTIONS[2024]["havsby"])]


def test_trappan(annual_2025: Path) -> None:
    # 55 % of the year's contributions: 3 080 000 in 2025, inside by 135 856.30
    trappan = rows(annual_2025 / "trappan.csv")
    assert trappan["Utgående 2025"][:6] == [
        "2025-12-31", kr(EQUITY[2025]), "5600000", "3080000", kr(D("3080000") - EQUITY[2025]),
        "2.4"]
    assert trappan["Utgående 2025"][6] == "inom"
    assert trappan["Utgående 2024"][1:4] == [kr(EQUITY[2024]), "5200000", "2860000"]


@pytest.mark.parametrize("year", [2024, 2025])
def test_member_contributions_split_exactly(year: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["medlemsavgifter", str(year), "--ledger", str(LEDGER)]) == 0
    printed = capsys.readouterr().out
    assert ("Fyruddens kommun" in printed) is (year == 2025)
    for line in printed.splitlines():
        if line.startswith(("Havsby", "Fyruddens", "Staten")):
            assert line.split()[-1] == "0", line  # booked = expected, to the krona


@pytest.mark.parametrize("year", [2024, 2025])
def test_member_pack_shares(year: int, tmp_path: Path) -> None:
    """Each member's share of the result and of equity is the year's key applied to the
    förbund's figures, split in öre (the test's own split); Fyrudden has none in 2024."""
    out = tmp_path / "paket"
    assert main(["medlemspaket", str(year), "--ledger", str(LEDGER), "--out", str(out)]) == 0
    found = {r["medlem"]: r for r in dict_rows(out / "medlemspaket.csv") if r["medlem"]}
    assert list(found) == list(CONTRIBUTIONS[year])
    weights = {k: Fraction(v) for k, v in CONTRIBUTIONS[year].items()}
    equity = largest_remainder(EQUITY[year], weights)
    for member, row in found.items():
        assert D(row[f"fakturerad avgift {year}"]) == CONTRIBUTIONS[year][member]
        assert D(row[f"andel av eget kapital {year}-12-31"]) == equity[member]
    if year == 2025:
        assert equity["fyrudden"] == D("82158.45")  # 2 944 143.70 × 156 272.04 / 5 600 000
        assert D(found["strandvik"]["skuld till medlemmen 2025-12-31"]) == D("320000.00")
        assert D(found["havsby"]["skuld till medlemmen 2025-12-31"]) == D("725000.00")
        assert D(found["fyrudden"]["inbetalt 2025"]) == CONTRIBUTIONS[2025]["fyrudden"]


def test_budget_follow_up_at_the_end_of_august(tmp_path: Path) -> None:
    out = tmp_path / "upp"
    assert main(["uppfoljning", "2025-08-31", "--ledger", str(LEDGER), "--out", str(out)]) == 0
    lines = {r["rad"]: r for r in dict_rows(out / "uppfoljning.csv")
             if r["avsnitt"].endswith("SAMO")}
    fyr = lines["Insats Fyrbåken"]
    # adopted 600 000, revised 2025-06-12 to 450 000; profile June, September, December:
    # January–August keeps the adopted June third, 200 000; booked Q2's 150 000
    assert [fyr["antagen budget 2025"], fyr["reviderad budget 2025"],
            fyr["budget t.o.m. 2025-08-31"], fyr["utfall t.o.m. 2025-08-31"]] == [
        "-600000", "-450000", "-200000", "-150000"]
    fees = lines["Intäkter, medlemsavgifter"]
    assert fees["utfall t.o.m. 2025-08-31"] == fees["budget t.o.m. 2025-08-31"] == "5600000"
    # HAMN ended 2024-09-30 and has a zero budget: no costs in its forecast
    forecast = rows(out / "prognos_verksamhet.csv")
    assert forecast["Verksamhetens kostnader HAMN"] == ["0", "0", "0", "0"]
    # nor a chart of its (empty) cumulative costs, while the activities still running have one
    charts = sorted(p.name for p in out.glob("diagram_*.svg"))
    assert "diagram_hamn.svg" not in charts and "diagram_samo.svg" in charts


def test_every_bank_file_is_in_the_books(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each quarter's statement was read in, reviewed and booked: read again, every line is
    found in the books (by its bankref, or the salaries and rent booked by hand)."""
    files = sorted((FOLDER / "bankfiler").iterdir())
    assert [f.name for f in files] == [
        "2025-q1-nordea.csv", "2025-q2-camt053.xml", "2025-q3-seb.csv", "2025-q4-camt053.xml"]
    # 2025 is locked, and every line is in its books: nothing new, nothing refused
    for path in files:
        assert main(["bank-import", str(path), "--ledger", str(LEDGER),
                     "--ut", str(tmp_path / "forslag.beancount")]) == 0
        assert capsys.readouterr().out.startswith("Inget nytt i ")
    # a line the locked year does not have is refused at its line
    first = files[0].read_text(encoding="utf-8-sig").splitlines()
    extra = tmp_path / "extra.csv"
    extra.write_text("\n".join([first[0], "2025/03/29;-1,00;9960 42 11223;;Okänd;Okänd;Ny rad;"
                                "7 958 411,50;SEK;", *first[2:]]) + "\n", encoding="utf-8")
    assert main(["bank-import", str(extra), "--ledger", str(LEDGER),
                 "--ut", str(tmp_path / "forslag.beancount")]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{extra}:2: raden är daterad 2025-03-29 och finns inte i bokföringen, men 2025 är "
        "låst (finsam bokslut): boka den i ett öppet år"]
    assert not (tmp_path / "forslag.beancount").exists()
    # as it was before the lock
    books = tmp_path / "olast"
    shutil.copytree(FOLDER, books)
    main_file = books / "main.beancount"
    main_file.write_text(main_file.read_text(encoding="utf-8").replace(
        'include "bokslut.beancount"', ""), encoding="utf-8")
    shutil.rmtree(books / "bokslut")
    for path in files:
        assert main(["bank-import", str(path), "--ledger", str(main_file),
                     "--ut", str(tmp_path / "forslag.beancount")]) == 0
        assert capsys.readouterr().out.startswith("Inget nytt i ")
    assert not (tmp_path / "forslag.beancount").exists()
    text = (FOLDER / "2025.beancount").read_text(encoding="utf-8")
    assert f"2026-01-01 balance Tillgångar:Bankkonto                            {BANK_2025} SEK" \
        in text


def test_reskontra_at_year_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Only Strandvik's Q4 invoice is open; Havsby's 2024 invoice moved in from SIE (no
    counterparty) was paid by B3 and is settled."""
    assert main(["reskontra", "2025-12-31", "--ledger", str(LEDGER),
                 "--out", str(tmp_path / "r")]) == 0
    printed = capsys.readouterr().out
    assert "SK-2025-4" in printed and "Summa 320\u00a0000,00" in printed
    assert "utan öppen faktura" not in printed
    assert main(["reskontra", "2025-03-31", "--ledger", str(LEDGER),
                 "--out", str(tmp_path / "q1")]) == 0
    assert "utan öppen faktura" not in capsys.readouterr().out


def test_claims_and_the_reporting_pack(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = lambda *args: main([*args, "--ledger", str(LEDGER), "--out", str(tmp_path / args[0])])  # noqa: E731
    assert run("esf", "KUST", "2025-Q1") == 0
    # personnel Q1: 3 × (45 000 + 14 139) = 177 417; schablon 40 % = 70 966.80
    claim = rows(tmp_path / "esf" / "esf-kostnadsslag.csv")
    assert claim["Summa"][:2] == ["181617.00", "248383.80"]
    assert run("momsersattning", "2025") == 0
    vat = rows(tmp_path / "momsersattning" / "momsersattning-avstamning.csv")
    assert vat["Ersättning ansökt under 2025, bokförd på Tillgångar:Skattekonto"] == ["4686.00"]
    assert run("scb", "2025") == 0
    scb = rows(tmp_path / "scb" / "scb-driftredovisning.csv")
    assert scb["D3.1"][1] == kr(4 * D("725000") + 4 * D("320000") + D("440000"))
    assert run("oversikt", "2025") == 0
    overview = rows(tmp_path / "oversikt" / "femarsoversikt.csv")
    assert overview["Årets resultat"][2:] == [kr(RESULT[y]) for y in (2023, 2024, 2025)]
    # insatser 2025: 42 + 35, 17 + 21, 9 + 6 participants
    assert overview["Deltagare i insatser"][-1] == "130"
    assert run("uppfoljning-finsam", "2025") == 0
    assert run("insatser", "2025-08-31") == 0
    assert run("delarsrapport", "2025-08-31") == 0
    for command in ("verifikationslista", "huvudbok"):
        assert run(command, "2025") == 0
    assert run("saldobalans", "2025-12-31") == 0
    assert main(["sie", "2025", "--ledger", str(LEDGER), "--out", str(tmp_path / "k.se")]) == 0
    assert b"#RES 0 3516 -156272.04" in (tmp_path / "k.se").read_bytes()
    capsys.readouterr()
    assert main(["attest", "2025-12-31", "--ledger", str(LEDGER)]) == 0
    assert capsys.readouterr().out.startswith("Alla verifikationer till och med 2025-12-31")


def test_an_annual_report_without_its_text_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["arsredovisning", "2024", "--ledger", str(LEDGER),
                 "--out", str(tmp_path / "ar")]) == 0
    assert capsys.readouterr().err.startswith(
        "varning: forvaltningsberattelse-2024.md finns inte bredvid bokföringen")


ENGLISH_PAGES = [
    "Arsredovisning/?ar=2025", "Arsredovisning/?ar=2023", "Trappan/?ar=2025",
    "Medlemsavgifter/?ar=2025", "Medlemsavgifter/?ar=2024",
    "Budgetuppfoljning/?datum=2025-08-31", "Insatser/?datum=2025-08-31",
    "Delarsrapport/?datum=2025-08-31", "Attest/",
]


@pytest.fixture(scope="module")
def fava() -> tuple[Any, str]:
    from finsam_accounts.fava.server import make_app

    client = Client(make_app(LEDGER))
    slug = urlsplit(client.get("/").headers["Location"]).path.strip("/").split("/")[0]
    return client, slug


@pytest.mark.parametrize("url", ENGLISH_PAGES)
def test_fava_pages_are_swedish(fava: tuple[Any, str], url: str) -> None:
    from test_fava_swedish import ENGLISH, extension_text

    client, slug = fava
    response = client.get(f"/{slug}/extension/{url}")
    assert response.status_code == 200, url
    text = extension_text(response.get_data(as_text=True))
    words = {word.lower() for word in re.findall(r"[A-Za-zÅÄÖåäö]+", text)}
    assert not words & ENGLISH, (url, sorted(words & ENGLISH))
    if url.startswith("Medlemsavgifter"):
        assert ("Fyruddens kommun" in text) is url.endswith("2025")


def test_the_locks_hold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """2023–2025 are locked: a changed amount in 2025 is an error at its voucher."""
    books = tmp_path / "kustlandet"
    shutil.copytree(FOLDER, books)
    year = books / "2025.beancount"
    text, changed = re.subn(r"(Kostnader:SAMO:Revision +)48000\.00 SEK\n(.*upplupna-kostnader +)"
                            r"-48000\.00 SEK", r"\g<1>48500.00 SEK\n\g<2>-48500.00 SEK",
                            year.read_text(encoding="utf-8"))
    assert changed == 1
    year.write_text(text, encoding="utf-8")
    assert main(["check", "--ledger", str(books / "main.beancount")]) == 1
    printed = capsys.readouterr()
    assert "bokslutet 2025 är låst" in printed.out + printed.err
