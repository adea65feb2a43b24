"""The members' pack as files: a summary (HTML, XLSX, CSV) and one PDF and XLSX per member.

Amounts are printed in kronor with öre: the shares are exact in öre and add up to the
totals, so the members' own consolidated accounts can eliminate them to the öre.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd

from finsam_accounts.money import ORE
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
    from finsam_accounts.render.cells import swedish

    return swedish(ore(value))


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


def write(pack: MemberPack, out: Path) -> list[str]:
    """Every file of the pack into ``out`` (staged, moved into place together)."""
    from finsam_accounts.output import staged
    from finsam_accounts.render.csvfile import write_csv
    from finsam_accounts.render.html import render_html
    from finsam_accounts.render.pdf import write_pdf
    from finsam_accounts.render.xlsx import write_xlsx

    names: list[str] = []
    with staged(out) as staging:
        whole = summary(pack)
        for section in whole.sections:
            write_csv(section.table, staging / section.file_name)
            names.append(section.file_name)
        html = render_html(whole)
        (staging / whole.html_name).write_text(html, encoding="utf-8")
        write_xlsx(whole, staging / whole.xlsx_name)
        write_pdf(html, staging / whole.pdf_name)
        names += [whole.html_name, whole.xlsx_name, whole.pdf_name]
        for row in pack.members:
            single = member_report(pack, row)
            write_pdf(render_html(single), staging / single.pdf_name)
            write_xlsx(single, staging / single.xlsx_name)
            names += [single.pdf_name, single.xlsx_name]
    return names
