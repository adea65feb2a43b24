"""The second example förbund, Samordningsförbundet Älvdalen (``tests/forbund2/``): every
figure of every statement of the annual report, both years, with the shipped specification.

The ledger is fictional and written by hand to exercise what Umeåregionen's does not: three
municipalities with population keys, two projects at once (ESFV, NYST), a computer bought
for 60 000 and depreciated on 7830 (2022) and 6830 (2023), prepaid costs, accrued income and
costs, interest income, an opening balance dated the day before the first fiscal year, and
two fiscal years with budgets.

Every expected figure below is computed by hand from the vouchers, as a plain sum written
out with the vouchers it comes from (in the 2022 section "K3" is voucher K3 of 2022; another
year is named, "2021 A1"), independently of the engine. Signs as the statements print them:
income, assets, equity and liabilities positive, costs negative. The engine is called in one
place, :func:`computed`; figures are addressed by statement id, line id and column id.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from finsam_accounts import contributions
from finsam_accounts.cli import main
from finsam_accounts.ledger import Ledger, load
from finsam_accounts.statements.annual_report import annual

D = Decimal
ZERO = D("0.00")
LEDGER = Path(__file__).resolve().parent / "forbund2" / "main.beancount"

# =========================================================================== 2022
# ---- income SAMO (3000-3999): the members' contributions, per member and quarter
staten_2022 = (
    D("500000.00")  # K1
    + D("500000.00")  # K6
    + D("500000.00")  # K11
    + D("500000.00")  # K16
)
region_2022 = (
    D("250000.00")  # K2
    + D("250000.00")  # K7
    + D("250000.00")  # K12
    + D("250000.00")  # K17
)
mora_2022 = (
    D("150675.68")  # K3
    + D("150675.68")  # K8
    + D("150675.67")  # K13
    + D("150675.67")  # K18
)
orsa_2022 = (
    D("49324.33")  # K4
    + D("49324.33")  # K9
    + D("49324.32")  # K14
    + D("49324.32")  # K19
)
alvdalen_2022 = (
    D("50000.00")  # K5
    + D("50000.00")  # K10
    + D("50000.00")  # K15
    + D("50000.00")  # K20
)
medlemsavgifter_2022 = staten_2022 + region_2022 + mora_2022 + orsa_2022 + alvdalen_2022
ovriga_intakter_2022 = D("6000.00")  # B22 Länsstyrelsen, bidrag samverkansdagen
intakter_samo_2022 = medlemsavgifter_2022 + ovriga_intakter_2022

# ---- income of the projects
intakter_esfv_2022 = (
    D("120000.00")  # B17 utbetalning EU-medel
    + D("125000.00")  # A3 upplupen intäkt EU-medel
)
intakter_nyst_2022 = (
    D("200000.00")  # B6 bidrag Allmänna arvsfonden
    - D("41680.00")  # A4 ej förbrukat bidrag, förutbetald intäkt
)

# ---- costs SAMO, per account
mora_insats_2022 = D("720000.00") + D("745000.00")  # 4610: F1, F2
orsa_insats_2022 = D("640000.00") + D("35000.00")  # 4611: B25, A2 skuld till huvudman
alvdalen_insats_2022 = D("1020000.00")  # 4612: B18
insatser_samo_2022 = mora_insats_2022 + orsa_insats_2022 + alvdalen_insats_2022
kompetens_2022 = D("28412.80")  # 4710: B21
loner_2022 = (  # 5021
    D("165000.00")  # L1
    + D("165000.00")  # L2
    + D("165000.00")  # L3
    + D("165000.00")  # L4
    + D("4500.00")  # A6 förändring semesterlöneskuld
)
sociala_2022 = D("51843.00") + D("51843.00") + D("51843.00") + D("51843.00")  # 5621: L1–L4
lokal_2022 = D("36000.00") + D("36000.00")  # 6110: A1 återföring förutbetald hyra, B11
revision_2022 = D("32000.00")  # 6710: A5 upplupet revisionsarvode
ovrig_adm_2022 = D("12480.00") + D("3217.40")  # 6990: B5 Visma, B10 Lyreco
avskrivningar_2022 = D("10000.00")  # 7830: A7 (the BAS number)
bankavgifter_samo_2022 = D("850.00")  # 8590: B29
ranta_2022 = D("4312.46")  # 8410: B30
# costs of the statements' "Verksamhetens kostnader SAMO" (4000-6799, 6900-7799, 7900-7999)
kostnader_samo_2022 = (
    insatser_samo_2022
    + kompetens_2022
    + loner_2022
    + sociala_2022
    + lokal_2022
    + revision_2022
    + ovrig_adm_2022
)

# ---- costs of the projects
coacher_2022 = D("95000.00") + D("110000.00")  # 4650: B12, B26
projektledning_2022 = D("42000.00")  # 6560: B27
bankavgifter_esfv_2022 = D("150.00")  # 8591: B29
kostnader_esfv_2022 = coacher_2022 + projektledning_2022
nystart_2022 = D("150000.00")  # 4660: B24
resor_nyst_2022 = D("8320.00")  # 6530: B19
kostnader_nyst_2022 = nystart_2022 + resor_nyst_2022

# ---- results
resultat_samo_2022 = (
    intakter_samo_2022
    + ranta_2022
    - kostnader_samo_2022
    - avskrivningar_2022
    - bankavgifter_samo_2022
)
resultat_esfv_2022 = intakter_esfv_2022 - kostnader_esfv_2022 - bankavgifter_esfv_2022
resultat_nyst_2022 = intakter_nyst_2022 - kostnader_nyst_2022
nettokostnad_2022 = (
    intakter_samo_2022
    + intakter_esfv_2022
    + intakter_nyst_2022
    - kostnader_samo_2022
    - kostnader_esfv_2022
    - kostnader_nyst_2022
    - avskrivningar_2022
)
finansiella_kostnader_2022 = bankavgifter_samo_2022 + bankavgifter_esfv_2022
resultat_2022 = nettokostnad_2022 + ranta_2022 - finansiella_kostnader_2022

# ---- balances brought in: the opening voucher 2021 A1, dated 2021-12-31
bank_2021 = D("1184655.30")
kundfordringar_2021 = D("250000.00")  # Region Dalarna, kvartal 4 2021
hyra_forutbetald_2021 = D("36000.00")
leverantorsskulder_2021 = D("42310.50")
personal_2021 = D("49500.00") + D("51843.00") + D("48000.00")  # 2710, 2730, 2920
revision_skuld_2021 = D("30000.00")
eget_kapital_2021 = D("1249001.80")
fordringar_2021 = kundfordringar_2021 + hyra_forutbetald_2021
kortfristiga_2021 = leverantorsskulder_2021 + personal_2021 + revision_skuld_2021

# ---- balances at 2022-12-31
anlaggning_2022 = D("60000.00") - D("10000.00")  # B13 dator, A7 avskrivning
kundfordringar_2022 = (
    kundfordringar_2021
    - D("250000.00")  # B3 Region Dalarna betalar kvartal 4 2021
    + medlemsavgifter_2022  # K1–K20
    - D("1000000.01")  # B4 inbetalningar kvartal 1
    - D("1000000.01")  # B9 kvartal 2
    - D("999999.99")  # B16 kvartal 3
    - D("749999.99")  # B23 kvartal 4 utom Region Dalarna (K17)
)
eu_upplupen_2022 = D("125000.00")  # A3
hyra_forutbetald_2022 = hyra_forutbetald_2021 - D("36000.00") + D("37000.00")  # A1, B28
fordringar_2022 = kundfordringar_2022 + eu_upplupen_2022 + hyra_forutbetald_2022
bank_2022 = (
    bank_2021
    # in
    + D("250000.00")  # B3
    + D("1000000.01")  # B4
    + D("200000.00")  # B6
    + D("1000000.01")  # B9
    + D("999999.99")  # B16
    + D("120000.00")  # B17
    + D("6000.00")  # B22
    + D("749999.99")  # B23
    + D("4312.46")  # B30
    # out
    - D("101343.00")  # B1 skatter kvartal 4 2021
    - D("42310.50")  # B2
    - D("12480.00")  # B5
    - D("115500.00")  # L1 nettolöner
    - D("101343.00")  # B7
    - D("30000.00")  # B8 revisionsarvode 2021
    - D("3217.40")  # B10
    - D("115500.00")  # L2
    - D("36000.00")  # B11
    - D("95000.00")  # B12
    - D("60000.00")  # B13 dator
    - D("720000.00")  # B14
    - D("101343.00")  # B15
    - D("1020000.00")  # B18
    - D("115500.00")  # L3
    - D("8320.00")  # B19
    - D("101343.00")  # B20
    - D("28412.80")  # B21
    - D("150000.00")  # B24
    - D("640000.00")  # B25
    - D("110000.00")  # B26
    - D("42000.00")  # B27
    - D("115500.00")  # L4
    - D("37000.00")  # B28 hyra januari–juni 2023
    - D("1000.00")  # B29
)
leverantorsskulder_2022 = D("745000.00")  # F2 (F1 paid by B14, 2021's by B2)
skuld_huvudman_2022 = D("35000.00")  # A2
personal_2022 = (
    D("49500.00")  # 2710 from L4 (paid 2023 B2)
    + D("51843.00")  # 2730 from L4
    + D("48000.00")
    + D("4500.00")  # 2920: brought in, A6
)
revision_skuld_2022 = D("32000.00")  # A5 (2021's paid by B8)
arvsfonden_skuld_2022 = D("41680.00")  # A4
kortfristiga_2022 = (
    leverantorsskulder_2022
    + skuld_huvudman_2022
    + personal_2022
    + revision_skuld_2022
    + arvsfonden_skuld_2022
)
eget_kapital_2022 = eget_kapital_2021 + resultat_2022

# ---- budget 2022 (budget-2022.beancount), printed signs
b_medlemsavgifter_2022 = (
    D("2000000.00") + D("1000000.00") + D("602702.70") + D("197297.30") + D("200000.00")
)
b_ovriga_intakter_2022 = D("5000.00")
b_ranta_2022 = D("2000.00")
b_intakter_samo_2022 = b_medlemsavgifter_2022 + b_ovriga_intakter_2022
b_mora_insats_2022 = D("1450000.00")
b_orsa_insats_2022 = D("680000.00")
b_alvdalen_insats_2022 = D("1000000.00")
b_kompetens_2022 = D("30000.00")
b_kanslipersonal_2022 = D("660000.00") + D("207372.00")  # 5021, 5621
b_lokal_2022 = D("72000.00")
b_revision_2022 = D("32000.00")
b_ovrig_adm_2022 = D("16000.00")  # 6990
b_avskrivningar_2022 = D("10000.00")  # 7830
b_bankavgifter_samo_2022 = D("1000.00")
b_kostnader_samo_2022 = (  # 4000-7999 (driftsredovisningen: with the depreciation)
    b_mora_insats_2022
    + b_orsa_insats_2022
    + b_alvdalen_insats_2022
    + b_kompetens_2022
    + b_kanslipersonal_2022
    + b_lokal_2022
    + b_revision_2022
    + b_ovrig_adm_2022
    + b_avskrivningar_2022
)
b_intakter_esfv_2022 = D("250000.00")
b_coacher_2022 = D("205000.00")
b_projektledning_2022 = D("45000.00")
b_bankavgifter_esfv_2022 = D("200.00")
b_intakter_nyst_2022 = D("160000.00")
b_nystart_2022 = D("150000.00")
b_resor_nyst_2022 = D("10000.00")
b_resultat_samo_2022 = (
    b_intakter_samo_2022 + b_ranta_2022 - b_kostnader_samo_2022 - b_bankavgifter_samo_2022
)
b_resultat_esfv_2022 = (
    b_intakter_esfv_2022 - b_coacher_2022 - b_projektledning_2022 - b_bankavgifter_esfv_2022
)
b_resultat_nyst_2022 = b_intakter_nyst_2022 - b_nystart_2022 - b_resor_nyst_2022
b_eget_kapital_2022 = D("1097430.00")  # custom "budget-eget-kapital"

# =========================================================================== 2023
staten_2023 = (
    D("525000.00")  # K1
    + D("525000.00")  # K6
    + D("525000.00")  # K11
    + D("525000.00")  # K16
)
region_2023 = (
    D("262500.00")  # K2
    + D("262500.00")  # K7
    + D("262500.00")  # K12
    + D("262500.00")  # K17
)
mora_2023 = (
    D("158213.32")  # K3
    + D("158213.32")  # K8
    + D("158213.31")  # K13
    + D("158213.31")  # K18
)
orsa_2023 = (
    D("51644.03")  # K4
    + D("51644.02")  # K9
    + D("51644.02")  # K14
    + D("51644.02")  # K19
)
alvdalen_2023 = (
    D("52642.67")  # K5
    + D("52642.66")  # K10
    + D("52642.66")  # K15
    + D("52642.66")  # K20
)
medlemsavgifter_2023 = staten_2023 + region_2023 + mora_2023 + orsa_2023 + alvdalen_2023
intakter_samo_2023 = medlemsavgifter_2023  # no other income in 2023

intakter_esfv_2023 = (
    D("160000.00")  # B19 utbetalning EU-medel
    + D("120000.00")  # A5 upplupen intäkt
)  # (B6, 125 000, settles 2022's accrued income on 1710: no income in 2023)
intakter_nyst_2023 = (
    D("41680.00")  # A3 återföring förutbetald intäkt från 2022
    + D("200000.00")  # B7 bidrag Allmänna arvsfonden
)

mora_insats_2023 = D("735000.00") + D("765000.00")  # 4610: F1, F2
orsa_insats_2023 = D("690000.00") - D("35000.00")  # 4611: B24, A2 återföring
alvdalen_insats_2023 = D("1180000.00") + D("60000.00")  # 4612: B20, A4 skuld till huvudman
insatser_samo_2023 = mora_insats_2023 + orsa_insats_2023 + alvdalen_insats_2023
kompetens_2023 = D("31250.00")  # 4710: B22
loner_2023 = (  # 5021
    D("171600.00")  # L1
    + D("171600.00")  # L2
    + D("171600.00")  # L3
    + D("171600.00")  # L4
    - D("2000.00")  # A7 minskad semesterlöneskuld
)
sociala_2023 = D("53916.72") + D("53916.72") + D("53916.72") + D("53916.72")  # 5621: L1–L4
lokal_2023 = D("37000.00") + D("37000.00")  # 6110: A1 återföring, B11
revision_2023 = D("33000.00")  # 6710: A6
ovrig_adm_2023 = D("12980.00")  # 6990: B5
avskrivningar_2023 = D("20000.00")  # 6830: A8 (the Kommun-Bas number)
bankavgifter_samo_2023 = D("900.00")  # 8590: B29
ranta_2023 = D("18245.10") + D("21503.77")  # 8410: B14, B30
kostnader_samo_2023 = (
    insatser_samo_2023
    + kompetens_2023
    + loner_2023
    + sociala_2023
    + lokal_2023
    + revision_2023
    + ovrig_adm_2023
)

coacher_2023 = D("120000.00") + D("118500.00")  # 4650: B12, B26
projektledning_2023 = D("45000.00")  # 6560: B27
bankavgifter_esfv_2023 = D("175.00")  # 8591: B29
kostnader_esfv_2023 = coacher_2023 + projektledning_2023
nystart_2023 = D("120000.00") + D("110000.00")  # 4660: B13, B25
resor_nyst_2023 = D("9845.50")  # 6530: B18
kostnader_nyst_2023 = nystart_2023 + resor_nyst_2023

resultat_samo_2023 = (
    intakter_samo_2023
    + ranta_2023
    - kostnader_samo_2023
    - avskrivningar_2023
    - bankavgifter_samo_2023
)
resultat_esfv_2023 = intakter_esfv_2023 - kostnader_esfv_2023 - bankavgifter_esfv_2023
resultat_nyst_2023 = intakter_nyst_2023 - kostnader_nyst_2023
nettokostnad_2023 = (
    intakter_samo_2023
    + intakter_esfv_2023
    + intakter_nyst_2023
    - kostnader_samo_2023
    - kostnader_esfv_2023
    - kostnader_nyst_2023
    - avskrivningar_2023
)
finansiella_kostnader_2023 = bankavgifter_samo_2023 + bankavgifter_esfv_2023
resultat_2023 = nettokostnad_2023 + ranta_2023 - finansiella_kostnader_2023

# ---- balances at 2023-12-31
anlaggning_2023 = anlaggning_2022 - D("20000.00")  # A8
kundfordringar_2023 = (
    kundfordringar_2022
    - D("250000.00")  # B3 Region Dalarna betalar 2022 K17
    + medlemsavgifter_2023  # K1–K20
    - D("1050000.02")  # B4 kvartal 1
    - D("1050000.00")  # B10 kvartal 2
    - D("1049999.99")  # B17 kvartal 3
    - D("998355.97")  # B23 kvartal 4 utom Orsa kommun (K19)
)
eu_upplupen_2023 = eu_upplupen_2022 - D("125000.00") + D("120000.00")  # B6, A5
hyra_forutbetald_2023 = hyra_forutbetald_2022 - D("37000.00") + D("38000.00")  # A1, B28
fordringar_2023 = kundfordringar_2023 + eu_upplupen_2023 + hyra_forutbetald_2023
bank_2023 = (
    bank_2022
    # in
    + D("250000.00")  # B3
    + D("1050000.02")  # B4
    + D("125000.00")  # B6
    + D("200000.00")  # B7
    + D("1050000.00")  # B10
    + D("18245.10")  # B14
    + D("1049999.99")  # B17
    + D("160000.00")  # B19
    + D("998355.97")  # B23
    + D("21503.77")  # B30
    # out
    - D("745000.00")  # B1
    - D("101343.00")  # B2
    - D("12980.00")  # B5
    - D("120120.00")  # L1
    - D("105396.72")  # B8
    - D("32000.00")  # B9
    - D("120120.00")  # L2
    - D("37000.00")  # B11
    - D("120000.00")  # B12
    - D("120000.00")  # B13
    - D("735000.00")  # B15
    - D("105396.72")  # B16
    - D("9845.50")  # B18
    - D("120120.00")  # L3
    - D("1180000.00")  # B20
    - D("105396.72")  # B21
    - D("31250.00")  # B22
    - D("690000.00")  # B24
    - D("110000.00")  # B25
    - D("118500.00")  # B26
    - D("45000.00")  # B27
    - D("120120.00")  # L4
    - D("38000.00")  # B28
    - D("1075.00")  # B29
)
leverantorsskulder_2023 = D("765000.00")  # F2 (F1 paid by B15, 2022's F2 by B1)
skuld_huvudman_2023 = D("60000.00")  # A4 (2022's reversed by A2)
personal_2023 = (
    D("51480.00")  # 2710 from L4
    + D("53916.72")  # 2730 from L4
    + D("52500.00")
    - D("2000.00")  # 2920: 2022-12-31, A7
)
revision_skuld_2023 = D("33000.00")  # A6 (2022's paid by B9)
arvsfonden_skuld_2023 = ZERO  # reversed by A3
kortfristiga_2023 = (
    leverantorsskulder_2023
    + skuld_huvudman_2023
    + personal_2023
    + revision_skuld_2023
    + arvsfonden_skuld_2023
)
eget_kapital_2023 = eget_kapital_2022 + resultat_2023

# ---- budget 2023 (budget-2023.beancount), printed signs
b_medlemsavgifter_2023 = (
    D("2100000.00") + D("1050000.00") + D("632853.26") + D("206576.09") + D("210570.65")
)
b_ranta_2023 = D("20000.00")
b_intakter_samo_2023 = b_medlemsavgifter_2023
b_mora_insats_2023 = D("1500000.00")
b_orsa_insats_2023 = D("660000.00")
b_alvdalen_insats_2023 = D("1200000.00")
b_kompetens_2023 = D("30000.00")
b_kanslipersonal_2023 = D("686400.00") + D("215666.88")
b_lokal_2023 = D("74000.00")
b_revision_2023 = D("33000.00")
b_ovrig_adm_2023 = D("13000.00")
b_avskrivningar_2023 = D("20000.00")  # 6830
b_bankavgifter_samo_2023 = D("1000.00")
b_kostnader_samo_2023 = (
    b_mora_insats_2023
    + b_orsa_insats_2023
    + b_alvdalen_insats_2023
    + b_kompetens_2023
    + b_kanslipersonal_2023
    + b_lokal_2023
    + b_revision_2023
    + b_ovrig_adm_2023
    + b_avskrivningar_2023
)
b_intakter_esfv_2023 = D("280000.00")
b_coacher_2023 = D("235000.00")
b_projektledning_2023 = D("45000.00")
b_bankavgifter_esfv_2023 = D("200.00")
b_intakter_nyst_2023 = D("240000.00")
b_nystart_2023 = D("230000.00")
b_resor_nyst_2023 = D("10000.00")
b_resultat_samo_2023 = (
    b_intakter_samo_2023 + b_ranta_2023 - b_kostnader_samo_2023 - b_bankavgifter_samo_2023
)
b_resultat_esfv_2023 = (
    b_intakter_esfv_2023 - b_coacher_2023 - b_projektledning_2023 - b_bankavgifter_esfv_2023
)
b_resultat_nyst_2023 = b_intakter_nyst_2023 - b_nystart_2023 - b_resor_nyst_2023
b_eget_kapital_2023 = D("884000.00")


def test_hand_computations_agree_with_themselves() -> None:
    """The hand sums close: the balance sheets balance, the results match the budgets'
    comments in the ledger, and the bank balances are the year-end balance assertions."""
    assert resultat_2022 == resultat_samo_2022 + resultat_esfv_2022 + resultat_nyst_2022
    assert resultat_2022 == D("-182669.74")
    assert resultat_2023 == D("-229288.51")
    assert bank_2022 == D("1611855.06") and bank_2023 == D("1611296.25")
    assert fordringar_2021 + bank_2021 == eget_kapital_2021 + kortfristiga_2021
    assert anlaggning_2022 + fordringar_2022 + bank_2022 == eget_kapital_2022 + kortfristiga_2022
    assert anlaggning_2023 + fordringar_2023 + bank_2023 == eget_kapital_2023 + kortfristiga_2023
    assert b_resultat_samo_2022 + b_resultat_esfv_2022 + b_resultat_nyst_2022 == D("-151572.00")
    assert b_resultat_samo_2023 + b_resultat_esfv_2023 + b_resultat_nyst_2023 == D("-213266.88")


# =========================================================================== expected
# One row per line of each statement, in order: the line id (an expanded line's rows as
# "line/rubrik"), then the figures by column id. None = an empty cell.
Rows = list[tuple[str, dict[str, Decimal | None]]]


def two(key: str, current: Decimal | None, previous: Decimal | None) -> tuple[str, dict[str, Any]]:
    """A row of a statement with the columns ``ar`` and ``foregaende``."""
    return key, {"ar": current, "foregaende": previous}


def budget_row(key: str, actual: Decimal, budget: Decimal | None) -> tuple[str, dict[str, Any]]:
    """A row of the utfall/budget summary: utfall, budget, differens."""
    difference = None if budget is None else actual - budget
    return key, {"utfall": actual, "budget": budget, "differens": difference}


def drift_row(
    key: str, actual: Decimal, budget: Decimal | None, previous: Decimal | None
) -> tuple[str, dict[str, Any]]:
    """A row of the driftsredovisning: utfall, budget, avvikelse, föregående år."""
    difference = None if budget is None else actual - budget
    return key, {
        "utfall": actual,
        "budget": budget,
        "avvikelse": difference,
        "foregaende": previous,
    }


def income_statement(year: int) -> Rows:
    if year == 2022:
        # The comparison year 2021 is no fiscal year of these books: no figures.
        cur = [
            intakter_samo_2022,
            intakter_esfv_2022,
            intakter_nyst_2022,
            -kostnader_samo_2022,
            -kostnader_esfv_2022,
            -kostnader_nyst_2022,
            -avskrivningar_2022,
            nettokostnad_2022,
            ranta_2022,
            -finansiella_kostnader_2022,
            resultat_2022,
            ZERO,
            resultat_2022,
        ]
        prev: list[Decimal | None] = [None] * len(cur)
    else:
        cur = [
            intakter_samo_2023,
            intakter_esfv_2023,
            intakter_nyst_2023,
            -kostnader_samo_2023,
            -kostnader_esfv_2023,
            -kostnader_nyst_2023,
            -avskrivningar_2023,
            nettokostnad_2023,
            ranta_2023,
            -finansiella_kostnader_2023,
            resultat_2023,
            ZERO,
            resultat_2023,
        ]
        prev = [
            intakter_samo_2022,
            intakter_esfv_2022,
            intakter_nyst_2022,
            -kostnader_samo_2022,
            -kostnader_esfv_2022,
            -kostnader_nyst_2022,
            -avskrivningar_2022,
            nettokostnad_2022,
            ranta_2022,
            -finansiella_kostnader_2022,
            resultat_2022,
            ZERO,
            resultat_2022,
        ]
    keys = [
        "intakter_samo",
        "intakter_esfv",
        "intakter_nyst",
        "kostnader_samo",
        "kostnader_esfv",
        "kostnader_nyst",
        "avskrivningar",
        "nettokostnad",
        "finansiella_intakter",
        "finansiella_kostnader",
        "resultat_efter_finansiella_poster",
        "extraordinara_poster",
        "arets_resultat",
    ]
    return [two(k, c, p) for k, c, p in zip(keys, cur, prev, strict=True)]


def balance_column(year: int) -> list[Decimal]:
    """The balance sheet at the end of ``year`` (2021: the opening balance sheet)."""
    if year == 2021:
        anl, ford, bank, results = ZERO, fordringar_2021, bank_2021, [ZERO, ZERO, ZERO]
        ovrigt, kortfr = eget_kapital_2021, kortfristiga_2021
    elif year == 2022:
        anl, ford, bank = anlaggning_2022, fordringar_2022, bank_2022
        results = [resultat_samo_2022, resultat_esfv_2022, resultat_nyst_2022]
        ovrigt, kortfr = eget_kapital_2021, kortfristiga_2022
    else:
        anl, ford, bank = anlaggning_2023, fordringar_2023, bank_2023
        results = [resultat_samo_2023, resultat_esfv_2023, resultat_nyst_2023]
        ovrigt, kortfr = eget_kapital_2022, kortfristiga_2023
    equity = sum(results, ovrigt)
    return [
        anl,
        ford,
        bank,
        ford + bank,
        anl + ford + bank,
        *results,
        ovrigt,
        equity,
        ZERO,
        ZERO,
        kortfr,
        kortfr,
        equity + kortfr,
    ]


def balance_sheet(year: int) -> Rows:
    keys = [
        "anlaggningstillgangar",
        "fordringar",
        "kassa_och_bank",
        "summa_omsattningstillgangar",
        "summa_tillgangar",
        "arets_resultat_samo",
        "arets_resultat_esfv",
        "arets_resultat_nyst",
        "ovrigt_eget_kapital",
        "summa_eget_kapital",
        "avsattningar",
        "langfristiga_skulder",
        "kortfristiga_skulder",
        "summa_skulder",
        "summa_eget_kapital_och_skulder",
    ]
    return [
        two(k, c, p)
        for k, c, p in zip(keys, balance_column(year), balance_column(year - 1), strict=True)
    ]


def cash_flow_column(year: int) -> list[Decimal]:
    if year == 2022:
        result, depreciation = resultat_2022, avskrivningar_2022
        receivables = -(fordringar_2022 - fordringar_2021)
        liabilities = kortfristiga_2022 - kortfristiga_2021
        investing = -D("60000.00")  # B13: the computer, paid from the bank
        start, end = bank_2021, bank_2022
    else:
        result, depreciation = resultat_2023, avskrivningar_2023
        receivables = -(fordringar_2023 - fordringar_2022)
        liabilities = kortfristiga_2023 - kortfristiga_2022
        investing = ZERO
        start, end = bank_2022, bank_2023
    before = result + depreciation
    operating = before + receivables + liabilities
    return [
        result,
        depreciation,
        before,
        receivables,
        liabilities,
        operating,
        investing,
        ZERO,
        operating + investing,
        start,
        end,
    ]


def cash_flow(year: int) -> Rows:
    keys = [
        "arets_resultat",
        "justering",
        "medel_fore_rorelsekapital",
        "fordringar",
        "skulder",
        "lopande_verksamhet",
        "investeringsverksamhet",
        "finansieringsverksamhet",
        "arets_kassaflode",
        "likvida_medel_borjan",
        "likvida_medel_slut",
    ]
    cur = cash_flow_column(year)
    if year == 2023:
        prev: list[Decimal | None] = list(cash_flow_column(year - 1))
    else:
        # The comparison of the first year lies before the books: no flows and no start;
        # its end is the liquid funds brought in (2021 A1).
        prev = [None] * (len(cur) - 1) + [bank_2021]
    return [two(k, c, p) for k, c, p in zip(keys, cur, prev, strict=True)]


def operating_statement(year: int) -> Rows:
    if year == 2022:
        return [
            drift_row("intakter_samo", intakter_samo_2022, b_intakter_samo_2022, None),
            drift_row("intakter_esfv", intakter_esfv_2022, b_intakter_esfv_2022, None),
            drift_row("intakter_nyst", intakter_nyst_2022, b_intakter_nyst_2022, None),
            drift_row(
                "kostnader_samo",
                -(kostnader_samo_2022 + avskrivningar_2022),
                -b_kostnader_samo_2022,
                None,
            ),
            drift_row(
                "kostnader_esfv",
                -kostnader_esfv_2022,
                -(b_coacher_2022 + b_projektledning_2022),
                None,
            ),
            drift_row(
                "kostnader_nyst", -kostnader_nyst_2022, -(b_nystart_2022 + b_resor_nyst_2022), None
            ),
            drift_row("resultat_samo", resultat_samo_2022, b_resultat_samo_2022, None),
            drift_row("resultat_esfv", resultat_esfv_2022, b_resultat_esfv_2022, None),
            drift_row("resultat_nyst", resultat_nyst_2022, b_resultat_nyst_2022, None),
            drift_row("eget_kapital", eget_kapital_2022, b_eget_kapital_2022, eget_kapital_2021),
            drift_row("likvida_medel", bank_2022, None, bank_2021),
        ]
    return [
        drift_row("intakter_samo", intakter_samo_2023, b_intakter_samo_2023, intakter_samo_2022),
        drift_row("intakter_esfv", intakter_esfv_2023, b_intakter_esfv_2023, intakter_esfv_2022),
        drift_row("intakter_nyst", intakter_nyst_2023, b_intakter_nyst_2023, intakter_nyst_2022),
        drift_row(
            "kostnader_samo",
            -(kostnader_samo_2023 + avskrivningar_2023),
            -b_kostnader_samo_2023,
            -(kostnader_samo_2022 + avskrivningar_2022),
        ),
        drift_row(
            "kostnader_esfv",
            -kostnader_esfv_2023,
            -(b_coacher_2023 + b_projektledning_2023),
            -kostnader_esfv_2022,
        ),
        drift_row(
            "kostnader_nyst",
            -kostnader_nyst_2023,
            -(b_nystart_2023 + b_resor_nyst_2023),
            -kostnader_nyst_2022,
        ),
        drift_row("resultat_samo", resultat_samo_2023, b_resultat_samo_2023, resultat_samo_2022),
        drift_row("resultat_esfv", resultat_esfv_2023, b_resultat_esfv_2023, resultat_esfv_2022),
        drift_row("resultat_nyst", resultat_nyst_2023, b_resultat_nyst_2023, resultat_nyst_2022),
        drift_row("eget_kapital", eget_kapital_2023, b_eget_kapital_2023, eget_kapital_2022),
        drift_row("likvida_medel", bank_2023, None, bank_2022),
    ]


def note_income_samo(year: int) -> Rows:
    """Note: the förbund's income, one row per rubrik in account order."""
    rubrik = [
        ("Medlemsavgift från staten", staten_2022, staten_2023),  # 3510
        ("Medlemsavgift från Mora kommun", mora_2022, mora_2023),  # 3521
        ("Medlemsavgift från Orsa kommun", orsa_2022, orsa_2023),  # 3522
        ("Medlemsavgift från Älvdalens kommun", alvdalen_2022, alvdalen_2023),  # 3523
        ("Medlemsavgift från Region Dalarna", region_2022, region_2023),  # 3530
        ("Övriga intäkter", ovriga_intakter_2022, ZERO),  # 3599 (only in 2022)
    ]
    if year == 2022:
        return [
            *(two(f"intakter/{r}", a, None) for r, a, _ in rubrik),
            two("summa", intakter_samo_2022, None),
        ]
    return [
        *(two(f"intakter/{r}", b, a) for r, a, b in rubrik),
        two("summa", intakter_samo_2023, intakter_samo_2022),
    ]


def note_income_project(this: Decimal, last: Decimal | None) -> Rows:
    return [two("bidrag", this, last), two("summa", this, last)]


def note_receivables(year: int) -> Rows:
    columns = {
        2021: (kundfordringar_2021, ZERO, hyra_forutbetald_2021, fordringar_2021),
        2022: (kundfordringar_2022, eu_upplupen_2022, hyra_forutbetald_2022, fordringar_2022),
        2023: (kundfordringar_2023, eu_upplupen_2023, hyra_forutbetald_2023, fordringar_2023),
    }
    keys = [
        "fordringar/Kundfordringar",
        "fordringar/EU-medel, upplupen intäkt",
        "fordringar/Hyra, förutbetald kostnad",
        "summa",
    ]
    return [two(k, c, p) for k, c, p in zip(keys, columns[year], columns[year - 1], strict=True)]


def note_liabilities(year: int) -> Rows:
    columns = {
        2021: (
            leverantorsskulder_2021,
            ZERO,
            personal_2021,
            revision_skuld_2021,
            ZERO,
            kortfristiga_2021,
        ),
        2022: (
            leverantorsskulder_2022,
            skuld_huvudman_2022,
            personal_2022,
            revision_skuld_2022,
            arvsfonden_skuld_2022,
            kortfristiga_2022,
        ),
        2023: (
            leverantorsskulder_2023,
            skuld_huvudman_2023,
            personal_2023,
            revision_skuld_2023,
            arvsfonden_skuld_2023,
            kortfristiga_2023,
        ),
    }
    keys = [
        "skulder/Leverantörsskulder",
        "skulder/Skuld till huvudman, upparbetade verksamhetskostnader",
        "skulder/Personalrelaterade skulder",
        "skulder/Revisionsarvode, upplupen kostnad",
        "skulder/Bidrag Allmänna arvsfonden, förutbetald intäkt",
        "summa",
    ]
    return [two(k, c, p) for k, c, p in zip(keys, columns[year], columns[year - 1], strict=True)]


def budget_summary(year: int) -> Rows:
    """Sammanställning över utfall och budget: per activity income, insatser,
    verksamhetsnära (only the förbund has any), kansli; totals; the result."""
    if year == 2022:
        medl, ovr, ranta = medlemsavgifter_2022, ovriga_intakter_2022, ranta_2022
        b_medl, b_ovr, b_ranta = b_medlemsavgifter_2022, b_ovriga_intakter_2022, b_ranta_2022
        esfv, nyst, b_esfv, b_nyst = (
            intakter_esfv_2022,
            intakter_nyst_2022,
            b_intakter_esfv_2022,
            b_intakter_nyst_2022,
        )
        insatser = [
            ("Samordningsteam Mora", mora_insats_2022, b_mora_insats_2022),
            ("Unga vuxna Orsa", orsa_insats_2022, b_orsa_insats_2022),
            ("Steget Älvdalen", alvdalen_insats_2022, b_alvdalen_insats_2022),
        ]
        coacher = coacher_2022 + bankavgifter_esfv_2022  # 4650 + 8591, rubrik Arbetscoacher
        b_coacher = b_coacher_2022 + b_bankavgifter_esfv_2022
        nystart, b_nystart = nystart_2022, b_nystart_2022
        kompetens, b_kompetens = kompetens_2022, b_kompetens_2022
        kansli = [
            ("Kanslipersonal", loner_2022 + sociala_2022, b_kanslipersonal_2022),
            ("Lokal", lokal_2022, b_lokal_2022),
            ("Arvoden till revisorer", revision_2022, b_revision_2022),
            ("Avskrivningar", avskrivningar_2022, b_avskrivningar_2022),  # 6830, 7830
            (
                "Övrig administration",
                ovrig_adm_2022 + bankavgifter_samo_2022,  # 6990 + 8590
                b_ovrig_adm_2022 + b_bankavgifter_samo_2022,
            ),
        ]
        projektledning, b_projektledning = projektledning_2022, b_projektledning_2022
        resor, b_resor = resor_nyst_2022, b_resor_nyst_2022
    else:
        medl, ovr, ranta = medlemsavgifter_2023, ZERO, ranta_2023
        b_medl, b_ovr, b_ranta = b_medlemsavgifter_2023, ZERO, b_ranta_2023
        esfv, nyst, b_esfv, b_nyst = (
            intakter_esfv_2023,
            intakter_nyst_2023,
            b_intakter_esfv_2023,
            b_intakter_nyst_2023,
        )
        insatser = [
            ("Samordningsteam Mora", mora_insats_2023, b_mora_insats_2023),
            ("Unga vuxna Orsa", orsa_insats_2023, b_orsa_insats_2023),
            ("Steget Älvdalen", alvdalen_insats_2023, b_alvdalen_insats_2023),
        ]
        coacher = coacher_2023 + bankavgifter_esfv_2023
        b_coacher = b_coacher_2023 + b_bankavgifter_esfv_2023
        nystart, b_nystart = nystart_2023, b_nystart_2023
        kompetens, b_kompetens = kompetens_2023, b_kompetens_2023
        kansli = [
            ("Kanslipersonal", loner_2023 + sociala_2023, b_kanslipersonal_2023),
            ("Lokal", lokal_2023, b_lokal_2023),
            ("Arvoden till revisorer", revision_2023, b_revision_2023),
            ("Avskrivningar", avskrivningar_2023, b_avskrivningar_2023),
            (
                "Övrig administration",
                ovrig_adm_2023 + bankavgifter_samo_2023,
                b_ovrig_adm_2023 + b_bankavgifter_samo_2023,
            ),
        ]
        projektledning, b_projektledning = projektledning_2023, b_projektledning_2023
        resor, b_resor = resor_nyst_2023, b_resor_nyst_2023

    intakter_samo = medl + ovr + ranta
    b_intakter_samo = b_medl + b_ovr + b_ranta
    insatser_samo = sum((a for _, a, _ in insatser), ZERO)
    b_insatser_samo = sum((b for _, _, b in insatser), ZERO)
    kansli_samo = sum((a for _, a, _ in kansli), ZERO)
    b_kansli_samo = sum((b for _, _, b in kansli), ZERO)
    tot_samo = insatser_samo + kompetens + kansli_samo
    b_tot_samo = b_insatser_samo + b_kompetens + b_kansli_samo
    tot_esfv, b_tot_esfv = coacher + projektledning, b_coacher + b_projektledning
    tot_nyst, b_tot_nyst = nystart + resor, b_nystart + b_resor
    intakter, b_intakter = intakter_samo + esfv + nyst, b_intakter_samo + b_esfv + b_nyst
    kostnader, b_kostnader = tot_samo + tot_esfv + tot_nyst, b_tot_samo + b_tot_esfv + b_tot_nyst
    return [
        budget_row("medlemsavgifter_samo", medl, b_medl),
        budget_row("ovriga_intakter_samo", ovr, b_ovr),
        budget_row("finansiella_intakter_samo/Ränteintäkter", ranta, b_ranta),
        budget_row("intakter_samo", intakter_samo, b_intakter_samo),
        budget_row("intakter_rader_esfv/EU-medel", esfv, b_esfv),
        budget_row("intakter_esfv", esfv, b_esfv),
        budget_row("intakter_rader_nyst/Bidrag från Allmänna arvsfonden", nyst, b_nyst),
        budget_row("intakter_nyst", nyst, b_nyst),
        budget_row("totala_intakter", intakter, b_intakter),
        *(budget_row(f"insatser_rader_samo/{r}", -a, -b) for r, a, b in insatser),
        budget_row("insatser_samo", -insatser_samo, -b_insatser_samo),
        budget_row("insatser_rader_esfv/Arbetscoacher", -coacher, -b_coacher),
        budget_row("insatser_esfv", -coacher, -b_coacher),
        budget_row("insatser_rader_nyst/Nystart Orsa", -nystart, -b_nystart),
        budget_row("insatser_nyst", -nystart, -b_nystart),
        budget_row(
            "verksamhetsnara_rader_samo/Kompetensutveckling och mötesplatser",
            -kompetens,
            -b_kompetens,
        ),
        budget_row("verksamhetsnara_samo", -kompetens, -b_kompetens),
        *(budget_row(f"kansli_rader_samo/{r}", -a, -b) for r, a, b in kansli),
        budget_row("kansli_samo", -kansli_samo, -b_kansli_samo),
        budget_row("kansli_rader_esfv/Projektledning", -projektledning, -b_projektledning),
        budget_row("kansli_esfv", -projektledning, -b_projektledning),
        budget_row("kansli_rader_nyst/Resor och utbildning", -resor, -b_resor),
        budget_row("kansli_nyst", -resor, -b_resor),
        budget_row("totala_kostnader_samo", -tot_samo, -b_tot_samo),
        budget_row("totala_kostnader_esfv", -tot_esfv, -b_tot_esfv),
        budget_row("totala_kostnader_nyst", -tot_nyst, -b_tot_nyst),
        budget_row("totala_kostnader", -kostnader, -b_kostnader),
        budget_row("resultat", intakter - kostnader, b_intakter - b_kostnader),
    ]


def expected(year: int) -> dict[str, Rows]:
    """Every statement of the annual report of ``year``, by statement id."""
    if year == 2022:
        esfv = note_income_project(intakter_esfv_2022, None)
        nyst = note_income_project(intakter_nyst_2022, None)
    else:
        esfv = note_income_project(intakter_esfv_2023, intakter_esfv_2022)
        nyst = note_income_project(intakter_nyst_2023, intakter_nyst_2022)
    return {
        "driftsredovisning": operating_statement(year),
        "resultatrakning": income_statement(year),
        "balansrakning": balance_sheet(year),
        "kassaflodesanalys": cash_flow(year),
        "not1_intakter_samo": note_income_samo(year),
        "not2_intakter_esfv": esfv,
        "not3_intakter_nyst": nyst,
        "not4_fordringar": note_receivables(year),
        "not5_kortfristiga_skulder": note_liabilities(year),
        "utfall_budget": budget_summary(year),
    }


# =========================================================================== the engine
# The one place that calls the statements engine: every figure by statement id, row key
# and column id.


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return load(LEDGER)


def computed(ledger: Ledger, year: int) -> dict[str, Rows]:
    """The engine's exact figures of every statement (the shipped specification), as rows
    keyed like :func:`expected`."""
    result = annual(None, ledger.books, year)
    tables: dict[str, Rows] = {}
    for statement in result.spec.statements:
        rows: Rows = []
        for row in result.tables[statement.id]:
            if row.hidden:
                continue
            line, _, index = row.id.partition(".")
            key = f"{line}/{row.label}" if index else line
            rows.append((key, {c.id: row.values.get(c.id) for c in statement.columns}))
        tables[statement.id] = rows
    return tables


@pytest.fixture(scope="module", params=[2022, 2023])
def year_figures(request: pytest.FixtureRequest, ledger: Ledger) -> tuple[int, dict[str, Rows]]:
    return request.param, computed(ledger, request.param)


def differences(want: Rows, got: Rows) -> list[str]:
    """Every row or figure that differs, described; empty when the tables agree."""
    problems = []
    if [k for k, _ in want] != [k for k, _ in got]:
        problems.append(f"rows: expected {[k for k, _ in want]}, got {[k for k, _ in got]}")
    got_by_key = dict(got)
    for key, values in want:
        for column, value in values.items():
            actual = got_by_key.get(key, {}).get(column, "missing")
            if actual != value:
                problems.append(f"{key} [{column}]: expected {value}, got {actual}")
    return problems


@pytest.mark.parametrize("statement_id", list(expected(2022)))
def test_statement_figures(year_figures: tuple[int, dict[str, Rows]], statement_id: str) -> None:
    year, figures = year_figures
    assert statement_id in figures, f"no statement {statement_id} in {list(figures)}"
    assert differences(expected(year)[statement_id], figures[statement_id]) == []


def test_every_statement_is_checked(year_figures: tuple[int, dict[str, Rows]]) -> None:
    year, figures = year_figures
    assert set(figures) - {"trappan"} == set(expected(year))


# =========================================================================== contributions
# The expected contributions by hand: the group's share of the allocation, split by the
# population 16–64 (medlemsavgifter.beancount), in öre by largest remainder.
# 2022: kommunerna 1 000 000 × 11 150 / 18 500 = 602 702.7027 (Mora), × 3 650 / 18 500 =
# 197 297.2973 (Orsa), × 3 700 / 18 500 = 200 000 (Älvdalen): 602 702.70 + 197 297.29 +
# 200 000.00 = 999 999.99, and the öre left goes to the largest remainder, Orsa's .73 öre.
# 2023: 1 050 000 × 11 090 / 18 400 = 632 853.2609, × 3 620 / 18 400 = 206 576.0870,
# × 3 690 / 18 400 = 210 570.6522: floors sum to 1 049 999.99, the öre goes to Orsa (.70).
EXPECTED_CONTRIBUTIONS = {
    2022: {
        "staten": (D("2000000.00"), staten_2022),
        "region": (D("1000000.00"), region_2022),
        "mora": (D("602702.70"), mora_2022),
        "orsa": (D("197297.29") + D("0.01"), orsa_2022),
        "alvdalen": (D("200000.00"), alvdalen_2022),
    },
    2023: {
        "staten": (D("2100000.00"), staten_2023),
        "region": (D("1050000.00"), region_2023),
        "mora": (D("632853.26"), mora_2023),
        "orsa": (D("206576.08") + D("0.01"), orsa_2023),
        "alvdalen": (D("210570.65"), alvdalen_2023),
    },
}


@pytest.mark.parametrize("year", [2022, 2023])
def test_contributions_booked_as_the_keys_give(ledger: Ledger, year: int) -> None:
    frame = contributions.comparison_frame(ledger.books, year)
    got = {
        row["member"]: (row["expected"], row["booked"], row["difference"])
        for _, row in frame.iterrows()
    }
    assert got == {
        member: (want, booked, booked - want)
        for member, (want, booked) in EXPECTED_CONTRIBUTIONS[year].items()
    }
    assert all(booked == want for want, booked in EXPECTED_CONTRIBUTIONS[year].values())


# =========================================================================== commands


def test_check_finds_no_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--ledger", str(LEDGER)]) == 0
    out = capsys.readouterr().out
    assert "finsam check: inga fel" in out


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_annual_report_2022_is_written_with_the_opening_balance_sheet(tmp_path: Path) -> None:
    out = tmp_path / "2022"
    assert main(["arsredovisning", "2022", "--ledger", str(LEDGER), "--out", str(out)]) == 0
    # The comparison column of the first year is the opening balance sheet (2021 A1),
    # each figure rounded once by hand from the sums above, half away from zero.
    assert read_csv(out / "balansrakning.csv") == [
        ["rad", "not", "2022-12-31", "2021-12-31"],
        ["Anläggningstillgångar", "", "50000", "0"],
        ["Fordringar", "4", "412000", "286000"],
        ["Kassa och bank", "", "1611855", "1184655"],  # 1 611 855.06; 1 184 655.30
        ["Summa omsättningstillgångar", "", "2023855", "1470655"],
        ["SUMMA TILLGÅNGAR", "", "2073855", "1470655"],
        ["Årets resultat SAMO", "", "-180520", "0"],  # −180 519.74
        ["Årets resultat ESFV", "", "-2150", "0"],
        ["Årets resultat NYST", "", "0", "0"],
        ["Övrigt eget kapital", "", "1249002", "1249002"],  # 1 249 001.80
        ["Summa eget kapital", "", "1066332", "1249002"],
        ["Avsättningar", "", "0", "0"],
        ["Långfristiga skulder", "", "0", "0"],
        ["Kortfristiga skulder", "5", "1007523", "221654"],  # 221 653.50
        ["Summa skulder", "", "1007523", "221654"],
        ["SUMMA EGET KAPITAL, AVSÄTTNINGAR OCH SKULDER", "", "2073855", "1470655"],
    ]


def test_annual_report_2023_is_written(tmp_path: Path) -> None:
    out = tmp_path / "2023"
    assert main(["arsredovisning", "2023", "--ledger", str(LEDGER), "--out", str(out)]) == 0
    assert (out / "arsredovisning.html").stat().st_size > 0
    assert (out / "arsredovisning.xlsx").stat().st_size > 0
    for statement_id in [*expected(2023), "trappan"]:
        assert (out / f"{statement_id}.csv").exists(), statement_id
    # The driftsredovisning in tkr, each figure rounded once from its exact value, half
    # away from zero (by hand from the sums above): utfall, budget, avvikelse, 2022.
    assert read_csv(out / "driftsredovisning.csv")[1:] == [
        ["Bidrag/intäkt SAMO", "4200", "4200", "0", "4006"],
        ["Bidrag/intäkt ESFV", "280", "280", "0", "245"],
        ["Bidrag/intäkt NYST", "242", "240", "2", "158"],  # 241.68; 1.68; 158.32
        ["Verksamhetens kostnader SAMO", "-4466", "-4432", "-34", "-4190"],
        ["Verksamhetens kostnader ESFV", "-284", "-280", "-4", "-247"],  # −283.5; −3.5
        ["Verksamhetens kostnader NYST", "-240", "-240", "0", "-158"],  # −239.8455; 0.1545
        ["Resultat SAMO", "-227", "-213", "-14", "-181"],
        ["Resultat ESFV", "-4", "0", "-3", "-2"],  # −3.675; −0.2; −3.475; −2.15
        ["Resultat NYST", "2", "0", "2", "0"],  # 1.8345
        ["Utgående eget kapital", "837", "884", "-47", "1066"],
        ["Likvida medel", "1611", "", "", "1612"],
    ]
    # Trappan (placeholder table, 20 % of the year's contributions) from the same figures:
    # limits 0.20 × 4 000 000 and 0.20 × 4 200 000; the projection is the equity brought
    # in plus the budgeted result, 1 066 332.06 − 213 266.88 = 853 065.18.
    assert read_csv(out / "trappan.csv")[1:] == [
        ["Utgående 2022", "2022-12-31", "1066332", "4000000", "800000", "-266332", "-6.7", "över"],
        [
            "Ingående 2023 mot 2023 års bas",
            "2023-01-01",
            "1066332",
            "4200000",
            "840000",
            "-226332",
            "-5.4",
            "över",
        ],
        [
            "Prognos 2023 enligt budget",
            "2023-12-31",
            "853065",
            "4200000",
            "840000",
            "-13065",
            "-0.3",
            "över",
        ],
        ["Utgående 2023", "2023-12-31", "837044", "4200000", "840000", "2956", "0.1", "inom"],
    ]
