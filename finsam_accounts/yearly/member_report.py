"""The members' pack as reports: a summary (written as HTML, XLSX, CSV and PDF) and one per
member (PDF and XLSX), written by :func:`finsam_accounts.render.report.write_pack`.

Amounts are printed in kronor with öre: the shares are exact in öre and add up to the
totals, so the members' own consolidated accounts can eliminate them to the öre.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pandas as pd

from finsam_accounts.money import ORE, format_sv_ore
from finsam_accounts.report import Report
from finsam_accounts.yearly.members import MemberFigures, MemberPack

NAME = "medlemspaket"
KEY_PLACES = Decimal("0.0001")
KINDS = {"stat": "staten", "region": "region", "kommun": "kommun"}


def ore(value: Decimal) -> Decimal:
    return value.quantize(ORE)


def key_percent(key: Fraction) -> Decimal:
    """The key in percent, four decimals, half away from zero."""
    from decimal import ROUND_HALF_UP

    exact = Decimal(key.numerator) * 100 / Decimal(key.denominator)
    return exact.quantize(KEY_PLACES, rounding=ROUND_HALF_UP)


def _record(row: MemberFigures, year: int) -> dict[str, object]:
    return {
        "medlem": row.member.id,
        "namn": row.member.name,
        "typ": KINDS.get(row.member.kind, row.member.kind),
        "nyckel %": key_percent(row.key),
        f"medlemsavgift enligt nyckel {year}": ore(row.expected),
        f"fakturerad avgift {year}": ore(row.invoiced),
        f"inbetalt {year}": ore(row.paid),
        f"andel av årets resultat {year}": ore(row.result_share),
        f"andel av eget kapital {year}-12-31": ore(row.equity_share),
        f"fordran på medlemmen {year}-12-31": ore(row.receivable),
        f"skuld till medlemmen {year}-12-31": ore(row.liability),
    }


def summary_table(pack: MemberPack) -> pd.DataFrame:
    records = [_record(row, pack.year) for row in pack.members]
    total: dict[str, object] = {"medlem": "", "namn": "Summa", "typ": "",
                                "nyckel %": None}
    for column in list(records[0])[4:]:
        values = [r[column] for r in records]
        total[column] = ore(sum((v for v in values if isinstance(v, Decimal)), Decimal(0)))
    return pd.DataFrame.from_records([*records, total]).astype(object)


def reconciliation_table(pack: MemberPack) -> pd.DataFrame:
    """Per counterparty account: the members' part, the rest and the balance sheet's."""
    names = {m.member.id: m.member.name for m in pack.members}
    records = []
    for account, held in sorted(pack.split.items()):
        sign = 1 if held.asset else -1
        for member_id, amount in held.by_member.items():
            if amount:
                records.append({"konto": account, "motpart": names.get(member_id, member_id),
                                "belopp": ore(sign * amount)})
        records.append({"konto": account, "motpart": "övriga motparter och ingående balans",
                        "belopp": ore(sign * held.unattributed)})
        records.append({"konto": account, "motpart": "Summa enligt balansräkningen",
                        "belopp": ore(sign * held.total)})
    return pd.DataFrame.from_records(records, columns=["konto", "motpart", "belopp"]).astype(
        object)


TEXT = (
    "Underlag för medlemmarnas sammanställda räkenskaper och fullmäktige. Andelen av årets "
    "resultat och av eget kapital är fördelad efter årets nyckel för medlemsavgifterna "
    "(medlemsavgift enligt nyckel), exakt i öre: andelarna summerar exakt till förbundets "
    "resultat ({result} kr) och eget kapital ({equity} kr). Fordran och skuld är "
    "mellanhavandena på kundfordringar (Kommun-Bas 15) och leverantörsskulder och skulder "
    "till huvudmän (24) vid årets slut; se avstämningen mot balansräkningen."
)


def _money_text(value: Decimal) -> str:
    return format_sv_ore(value)


def summary(pack: MemberPack) -> Report:
    report = Report(
        title=f"Medlemspaket {pack.year}",
        organisation=pack.organisation,
        year=pack.year,
        subtitle="Medlemsavgifter, andelar av resultat och eget kapital, mellanhavanden",
        name=NAME,
    )
    report.add("medlemspaket", f"Medlemmarna {pack.year}", summary_table(pack),
               TEXT.format(result=_money_text(pack.result), equity=_money_text(pack.equity)))
    report.add("mellanhavanden", f"Mellanhavanden {pack.year}-12-31 mot balansräkningen",
               reconciliation_table(pack))
    return report


def member_report(pack: MemberPack, row: MemberFigures) -> Report:
    """One member's page: its figures as label/amount rows."""
    record = _record(row, pack.year)
    rows = [{"uppgift": key, "belopp": value} for key, value in record.items()
            if key not in ("medlem", "namn", "typ")]
    totals = {
        "uppgift": [f"förbundets årets resultat {pack.year}",
                    f"förbundets eget kapital {pack.year}-12-31"],
        "belopp": [ore(pack.result), ore(pack.equity)],
    }
    table = pd.DataFrame.from_records(rows).astype(object)
    report = Report(
        title=f"Medlemspaket {pack.year}: {row.member.name}",
        organisation=pack.organisation,
        year=pack.year,
        subtitle=f"Underlag för {row.member.name}s sammanställda räkenskaper",
        name=f"{NAME}-{row.member.id}",
    )
    report.add(f"medlem-{row.member.id}", row.member.name, table,
               TEXT.format(result=_money_text(pack.result), equity=_money_text(pack.equity)))
    report.add(f"forbundet-{row.member.id}", "Förbundet", pd.DataFrame(totals).astype(object))
    return report


def reports(pack: MemberPack) -> tuple[Report, list[Report]]:
    """The pack as reports: the summary, then one per member (render writes them)."""
    return summary(pack), [member_report(pack, row) for row in pack.members]
