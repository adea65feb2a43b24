"""Uppföljning Finsam as files: one CSV per part, the workbook and HTML, laid out so each
figure can be typed or pasted into the national registration (kronor, rounded once)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import pandas as pd

from finsam_accounts.money import exact_sum, round_kr
from finsam_accounts.report import Report
from finsam_accounts.yearly.finsam_followup import KIND_LABEL, FinsamFigures

NAME = "uppfoljning-finsam"


def _kr(value: Decimal | None) -> Decimal | None:
    return None if value is None else round_kr(value)


def _count(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _total(values: Iterable[Decimal | None]) -> Decimal | None:
    known = [v for v in values if v is not None]
    return exact_sum(known) if known else None


def financiers_table(figures: FinsamFigures) -> pd.DataFrame:
    records: list[dict[str, object]] = []
    for kind, label in KIND_LABEL.items():
        group = [f for f in figures.financiers if f.kind == kind]
        if not group:
            continue
        for item in group:
            records.append({"finansiär": label, "medlem": item.name,
                            "tilldelade medel": _kr(item.allocated),
                            "bokförda medlemsavgifter": _kr(item.booked)})
        if len(group) > 1:
            records.append({"finansiär": label, "medlem": f"Summa {label.lower()}",
                            "tilldelade medel": _kr(exact_sum(f.allocated for f in group)),
                            "bokförda medlemsavgifter": _kr(exact_sum(f.booked for f in group))})
    records.append({"finansiär": "Totalt", "medlem": "",
                    "tilldelade medel": _kr(exact_sum(f.allocated for f in figures.financiers)),
                    "bokförda medlemsavgifter": _kr(exact_sum(f.booked
                                                              for f in figures.financiers))})
    return pd.DataFrame.from_records(records).astype(object)


def equity_table(figures: FinsamFigures) -> pd.DataFrame:
    return pd.DataFrame.from_records([
        {"rad": f"Eget kapital {figures.year}-01-01", "belopp": _kr(figures.equity_start)},
        {"rad": f"Eget kapital {figures.year}-12-31", "belopp": _kr(figures.equity_end)},
    ]).astype(object)


def admin_table(figures: FinsamFigures) -> pd.DataFrame:
    records: list[dict[str, object]] = [
        {"avsnitt": row.section, "kostnadsslag": row.label, "budget": _kr(row.budget),
         "utfall": _kr(row.actual)} for row in figures.admin]
    records.append({"avsnitt": "", "kostnadsslag": "Summa administrativa kostnader",
                    "budget": _kr(_total(r.budget for r in figures.admin)),
                    "utfall": _kr(exact_sum(r.actual for r in figures.admin))})
    return pd.DataFrame.from_records(records).astype(object)


def projects_table(figures: FinsamFigures) -> pd.DataFrame:
    """Per project: its cost rows and their sum, then its income (own funding)."""
    records: list[dict[str, object]] = []
    for name in dict.fromkeys(r.project for r in figures.projects):
        rows = [r for r in figures.projects if r.project == name]
        costs = [r for r in rows if not r.income]
        income = [r for r in rows if r.income]
        for row in costs:
            records.append({"projekt": name, "avsnitt": row.section, "rad": row.label,
                            "budget": _kr(row.budget), "utfall": _kr(row.actual)})
        records.append({"projekt": name, "avsnitt": "", "rad": "Summa kostnader",
                        "budget": _kr(_total(r.budget for r in costs)),
                        "utfall": _kr(exact_sum(r.actual for r in costs))})
        records.append({"projekt": name, "avsnitt": "", "rad": "Intäkter (egen finansiering)",
                        "budget": _kr(_total(r.budget for r in income)),
                        "utfall": _kr(exact_sum(r.actual for r in income))})
    columns = ["projekt", "avsnitt", "rad", "budget", "utfall"]
    return pd.DataFrame.from_records(records, columns=columns).astype(object)


def insatser_table(figures: FinsamFigures) -> pd.DataFrame:
    records: list[dict[str, object]] = []
    for row in figures.insatser:
        records.append({
            "insats": row.name, "budget": _kr(row.budget), "utfall": _kr(row.actual),
            "deltagare kvinnor": _count(row.women), "deltagare män": _count(row.men),
            "deltagare totalt": _count(row.participants),
            "kostnad per deltagare": _kr(row.per_participant)})
    counted = figures.with_participants
    records.append({
        "insats": "Summa insatser", "budget": _kr(_total(r.budget for r in figures.insatser)),
        "utfall": _kr(exact_sum(r.actual for r in figures.insatser)),
        "deltagare kvinnor": _count(sum(r.women or 0 for r in counted)) if counted else None,
        "deltagare män": _count(sum(r.men or 0 for r in counted)) if counted else None,
        "deltagare totalt": (_count(sum(r.participants or 0 for r in counted))
                             if counted else None),
        "kostnad per deltagare": _kr(figures.total_per_participant)})
    return pd.DataFrame(records, dtype=object)


INSATS_TEXT = (
    "Utfall = kostnaderna på insatsens konton inom dess period under året; budget = årets "
    "budget på de kontona. Deltagare enligt custom \"deltagare\" i bokföringen; en insats "
    "utan angivna deltagare har tomma deltagarrutor. Kostnad per deltagare i summaraden = "
    "kostnaderna för insatserna med deltagare delat med deras deltagare."
)


PROJECT_TEXT = (
    "Verksamheterna av typen projekt (custom \"verksamhet\" ... \"projekt\", t.ex. ESF): "
    "projektets kostnader per rad och dess intäkter, redovisade som projektet och inte som "
    "förbundets administrativa kostnader; kostnader som positiva belopp."
)


def report(figures: FinsamFigures) -> Report:
    result = Report(title=f"Uppföljning Finsam {figures.year}",
                    organisation=figures.organisation, year=figures.year,
                    subtitle="Underlag för registreringen i den nationella uppföljningen",
                    name=NAME)
    result.add("finsam-tilldelade-medel", "Tilldelade medel per finansiär",
               financiers_table(figures),
               "Tilldelning enligt nyckeln (custom \"medlemsavgift-tilldelning\") och det som "
               "bokförts som medlemsavgift under året.")
    result.add("finsam-eget-kapital", "Eget kapital", equity_table(figures))
    result.add("finsam-administration", "Administrativa kostnader, budget och utfall",
               admin_table(figures),
               "Raderna under kansli, styrelse och administrativa kostnader i förbundets "
               "egen verksamhet i sammanställningen över utfall och budget (projektens "
               "kostnader redovisas som projekten); kostnader som positiva belopp.")
    result.add("finsam-insatser", "Insatser: budget, utfall, deltagare",
               insatser_table(figures), INSATS_TEXT)
    if figures.projects:
        result.add("finsam-projekt", "Projekt med egen finansiering", projects_table(figures),
                   PROJECT_TEXT)
    return result
