"""An ESF claim as files: the cost categories and the accounts (CSV per table, XLSX,
HTML), in kronor and öre, laid out as the claim asks them."""

from __future__ import annotations

import pandas as pd

from finsam_accounts.claims.esf_claim import EsfClaim
from finsam_accounts.claims.esf_settings import (
    CATEGORIES,
    DIRECT,
    INDIRECT,
    NOT_ELIGIBLE,
    PERSONNEL,
)
from finsam_accounts.money import ORE
from finsam_accounts.report import Report

NAME = "esf"
COVERED = "ingår i schablonen"


def _ore(value: object) -> object:
    return value.quantize(ORE) if hasattr(value, "quantize") else value


def categories_table(claim: EsfClaim) -> pd.DataFrame:
    rate = f"{claim.project.rate:.0f} %"
    forty = claim.project.rate == 40
    records: list[dict[str, object]] = [
        {"kostnadsslag": CATEGORIES[PERSONNEL], "bokfört": claim.booked(PERSONNEL),
         "i ansökan": claim.personnel, "anmärkning": "direkta personalkostnader"}]
    for category in DIRECT:
        records.append({"kostnadsslag": CATEGORIES[category], "bokfört": claim.booked(category),
                        "i ansökan": None if forty else claim.booked(category),
                        "anmärkning": COVERED if forty else ""})
    if forty:
        records.append({"kostnadsslag": CATEGORIES[INDIRECT], "bokfört": claim.booked(INDIRECT),
                        "i ansökan": None, "anmärkning": COVERED})
        records.append({"kostnadsslag": f"Övriga kostnader (schablon {rate} av personal)",
                        "bokfört": None, "i ansökan": claim.flat_rate,
                        "anmärkning": "avrundat en gång till öre"})
    else:
        records.append({"kostnadsslag": f"{CATEGORIES[INDIRECT]} (schablon {rate} av personal)",
                        "bokfört": claim.booked(INDIRECT), "i ansökan": claim.flat_rate,
                        "anmärkning": "bokförda indirekta kostnader ersätts av schablonen; "
                                      "avrundat en gång till öre"})
    records.append({"kostnadsslag": CATEGORIES[NOT_ELIGIBLE],
                    "bokfört": claim.booked(NOT_ELIGIBLE), "i ansökan": None,
                    "anmärkning": "söks inte"})
    records.append({"kostnadsslag": "Summa", "bokfört": claim.booked_total,
                    "i ansökan": claim.total, "anmärkning": ""})
    for record in records:
        record["bokfört"] = _ore(record["bokfört"])
        record["i ansökan"] = _ore(record["i ansökan"])
    return pd.DataFrame(records, dtype=object)


def accounts_table(claim: EsfClaim) -> pd.DataFrame:
    records = [{"konto": a.account, "nr": a.number, "kostnadsslag": CATEGORIES[a.category],
                "angivet": "custom \"esf-kategori\"" if a.declared else "klass 5 (personal)",
                "bokfört": a.amount.quantize(ORE)} for a in claim.accounts]
    return pd.DataFrame(records, columns=["konto", "nr", "kostnadsslag", "angivet", "bokfört"],
                        dtype=object)


def report(claim: EsfClaim) -> Report:
    project = claim.project
    result = Report(
        title=f"Ansökan om utbetalning, ESF: {claim.name} ({project.code})",
        organisation=claim.organisation, year=claim.period.end.year,
        subtitle=(f"Perioden {claim.period.label}; programperiod {project.programme}; "
                  f"schablon {project.rate:.0f} % av personalkostnaderna"),
        name=NAME)
    result.add("esf-kostnadsslag", "Kostnader per kostnadsslag", categories_table(claim),
               "Bokfört = projektets kostnader under perioden, exakt i öre. Med 15 % schablon "
               "söks de direkta kostnaderna och indirekta kostnader som 15 % av "
               "personalkostnaderna; med 40 % schablon personalkostnaderna och 40 % av dem för "
               "alla övriga kostnader.", sheet="Kostnadsslag")
    result.add("esf-konton", "Kostnader per konto", accounts_table(claim), sheet="Konton")
    return result
