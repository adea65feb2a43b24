"""The Räkenskapssammandrag as files: the driftredovisning per verksamhetsgren and the
balance sheet, one CSV each, the workbook and HTML (kronor, each figure rounded once)."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from finsam_accounts.money import round_kr
from finsam_accounts.report import Report
from finsam_accounts.yearly.scb import ScbFigures

NAME = "scb"
TOTAL = "Totalt"


def drift_table(figures: ScbFigures) -> pd.DataFrame:
    records: list[dict[str, object]] = []
    for row in figures.drift:
        record: dict[str, object] = {"rad": row.code, "text": row.text}
        for branch, amount in zip(figures.branches, row.amounts, strict=True):
            record[f"{branch.code} {branch.text}"] = round_kr(amount)
        record[TOTAL] = round_kr(row.total)
        records.append(record)
    result: dict[str, object] = {"rad": "", "text": "Årets resultat (intäkter − kostnader)"}
    for index, branch in enumerate(figures.branches):
        result[f"{branch.code} {branch.text}"] = round_kr(figures.drift_total(index))
    result[TOTAL] = round_kr(figures.drift_total())
    records.append(result)
    return pd.DataFrame.from_records(records).astype(object)


def balance_table(figures: ScbFigures) -> pd.DataFrame:
    records: list[dict[str, object]] = [
        {"rad": row.code, "text": row.text, "belopp": round_kr(row.total)}
        for row in figures.balance]
    for kind, label in (("tillgång", "Summa tillgångar"),
                        ("skuld", "Summa eget kapital, avsättningar och skulder")):
        records.append({"rad": "", "text": label,
                        "belopp": round_kr(figures.balance_total(kind))})
    return pd.DataFrame.from_records(records).astype(object)


def _strong(table: pd.DataFrame) -> frozenset[int]:
    return frozenset(i for i, code in enumerate(table["rad"]) if code == "")


def report(figures: ScbFigures) -> Report:
    number = f", organisationsnummer {figures.organisation_number}" \
        if figures.organisation_number else ""
    result = Report(title=f"Räkenskapssammandrag {figures.year}",
                    organisation=figures.organisation, year=figures.year,
                    subtitle="Underlag till SCB: Räkenskapssammandrag för kommunalförbund "
                    f"och samordningsförbund{number}", name=NAME)
    drift = drift_table(figures)
    result.add("scb-driftredovisning", "Driftredovisning per verksamhetsgren", drift,
               "Intäkter och kostnader som positiva belopp, i kronor; därav-raderna "
               "specificerar raden de pekar på och ingår inte i summan. Summan är årets "
               f"resultat i resultaträkningen ({_kr(figures.result)} kr).",
               strong=_strong(drift))
    balance = balance_table(figures)
    result.add("scb-balansrakning", f"Balansräkning {figures.year}-12-31", balance,
               "Avsättningar för pensioner står skilda från övriga avsättningar. Summorna är "
               "balansräkningens i årsredovisningen.", strong=_strong(balance))
    return result


def _kr(value: Decimal) -> str:
    from finsam_accounts.money import format_sv

    return format_sv(round_kr(value))
