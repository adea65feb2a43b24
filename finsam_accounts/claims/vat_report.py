"""Momsersättning as files: the periods, the moms per account and the reconciliation
(CSV per table, XLSX, HTML). Amounts in kronor and öre; the claim in whole kronor."""

from __future__ import annotations

import pandas as pd

from finsam_accounts.claims.vat_refund import PeriodVat, VatRefund
from finsam_accounts.money import ORE, exact_sum
from finsam_accounts.periods import ONE_DAY
from finsam_accounts.report import Report

NAME = "momsersattning"


def _claims_text(row: PeriodVat) -> str:
    return ", ".join(f"{c.voucher} {c.entry.date}".strip() for c in row.claims)


def periods_table(refund: VatRefund) -> pd.DataFrame:
    records: list[dict[str, object]] = []
    for row in refund.rows:
        records.append({
            "period": row.vat_period.label,
            "ingående moms": row.vat.quantize(ORE),
            "ersättning att söka": row.due,
            "öresavrundning": (row.vat - row.due).quantize(ORE),
            "ansökan (verifikation, datum)": _claims_text(row),
            "krediterat fordran": row.credited.quantize(ORE) if row.claims else None,
            "bokfört på skattekontot": row.to_tax_account.quantize(ORE) if row.claims else None,
            f"ej ansökt {refund.span.end}": row.unclaimed_at(refund.span.end).quantize(ORE),
            "fordran vid periodens slut": refund.balances[row.vat_period.key].quantize(ORE),
        })
    own = [r for r in refund.rows if r.vat_period.period.end in refund.span]
    records.append({
        "period": f"Summa perioderna {refund.span_label}",
        "ingående moms": exact_sum(r.vat for r in own).quantize(ORE),
        "ersättning att söka": exact_sum(r.due for r in own),
        "öresavrundning": exact_sum(r.vat - r.due for r in own).quantize(ORE),
        "ansökan (verifikation, datum)": "",
        "krediterat fordran": None, "bokfört på skattekontot": None,
        f"ej ansökt {refund.span.end}": exact_sum(
            r.unclaimed_at(refund.span.end) for r in own).quantize(ORE),
        "fordran vid periodens slut": None,
    })
    return pd.DataFrame(records, dtype=object)


def accounts_table(refund: VatRefund) -> pd.DataFrame:
    records = [{"period": row.vat_period.label, "konto": account,
                "ingående moms": amount.quantize(ORE)}
               for row in refund.rows for account, amount in sorted(row.by_account.items())
               if amount]
    return pd.DataFrame(records, columns=["period", "konto", "ingående moms"], dtype=object)


def reconciliation_table(refund: VatRefund) -> pd.DataFrame:
    rec, span = refund.reconciliation, refund.span
    claimed = [c for _, c in refund.claimed_in_span]
    rows = [
        (f"Fordran {span.start - ONE_DAY}", rec.opening),
        (f"+ bokfört på fordran under {refund.span_label} (utom ansökningarna)", rec.vat),
        (f"− krediterat fordran vid ansökningar under {refund.span_label}", -rec.credited),
        (f"= fordran {span.end} enligt avstämningen", rec.computed_closing),
        (f"Fordran {span.end} enligt bokföringen", rec.closing),
        (f"Ersättning ansökt under {refund.span_label}, bokförd på "
         f"{refund.settings.tax_account}", exact_sum(c.to_tax_account for c in claimed)),
        (f"Öresavrundning på ansökningarna under {refund.span_label}",
         exact_sum(c.rounding for c in claimed)),
    ]
    return pd.DataFrame([{"rad": label, "belopp": value.quantize(ORE)} for label, value in rows],
                        dtype=object)


TEXT = (
    "Ingående moms = det som periodens verifikationer bokfört på fordringskontot (lag "
    "(2005:807) 2 §). Ersättningen söks hos Skatteverket efter periodens slut, i hela kronor "
    "(öretal utelämnas), och tillgodoförs skattekontot. En ansökan hör till perioden i "
    "metadata momsperiod, annars till den äldsta avslutade perioden med moms kvar att söka."
)


def report(refund: VatRefund) -> Report:
    accounts = ", ".join(refund.settings.receivables)
    result = Report(title=f"Momsersättning {refund.span_label}",
                    organisation=refund.organisation, year=refund.span.end.year,
                    subtitle=f"Ingående moms på {accounts}, ansökan och avstämning mot "
                             f"{refund.settings.tax_account}",
                    name=NAME)
    result.add("momsersattning-perioder", "Ingående moms och ansökan per period",
               periods_table(refund), TEXT, sheet="Perioder")
    result.add("momsersattning-konton", "Ingående moms per konto", accounts_table(refund),
               sheet="Konton")
    result.add("momsersattning-avstamning", "Avstämning mot fordran och skattekontot",
               reconciliation_table(refund), sheet="Avstämning")
    return result
