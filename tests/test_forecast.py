"""The default forecast on books shaped like a real förbund's year.

Two years (2023, 2024) of an invented förbund, written out below so every figure can be
checked by hand. Per year: member fees invoiced quarterly in advance (January, April,
July, October); insats A invoiced quarterly in arrears, its fourth quarter accrued on the
host's liability (2480) at year end and reversed on 1 January; insats B invoiced once a
year in February for the year before, accrued (2961) and reversed the same way; insats C
invoiced once a year in December; salaries every month. No budget profiles.

2024 by hand: fees 4 × 1 000 000 = 4 000 000; A −300 000 + 4 × 300 000 + 300 000 =
1 200 000; B −800 000 + 800 000 + 800 000 = 800 000; C 500 000; salaries 12 × 100 000 =
1 200 000. Result 4 000 000 − 3 700 000 = 300 000.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from finsam_accounts.followup.columns import follow_up
from finsam_accounts.followup.report import build
from finsam_accounts.ledger import Ledger, load_string
from finsam_accounts.render.charts import drawn

HEADER = """
option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"
plugin "finsam_accounts.plugin"
2023-01-01 custom "räkenskapsår" 2023
2024-01-01 custom "räkenskapsår" 2024
2022-01-01 custom "verksamhet" "SAMO" "Förbundet" "förbund"
2022-01-01 open Tillgångar:Bank SEK
  nr: "1930"
2022-01-01 open Eget-kapital:Eget-kapital SEK
  nr: "2010"
2022-01-01 open Skulder:Skuld-till-huvudman SEK
  nr: "2480"
2022-01-01 open Skulder:Upplupna-kostnader SEK
  nr: "2961"
2022-01-01 open Intäkter:SAMO:Medlemsavgifter SEK
  nr: "3510"
  verksamhet: "SAMO"
2022-01-01 open Kostnader:SAMO:InsatsA SEK
  nr: "4620"
  verksamhet: "SAMO"
  rubrik: "Insats A"
2022-01-01 open Kostnader:SAMO:InsatsB SEK
  nr: "4621"
  verksamhet: "SAMO"
  rubrik: "Insats B"
2022-01-01 open Kostnader:SAMO:InsatsC SEK
  nr: "4622"
  verksamhet: "SAMO"
  rubrik: "Insats C"
2022-01-01 open Kostnader:SAMO:Kansli SEK
  nr: "5021"
  verksamhet: "SAMO"
  rubrik: "Kansli"
2023-01-01 * "Ingående balans"
  ver: "IB1"
  ib: TRUE
  Tillgångar:Bank  5000000.00 SEK
  Skulder:Skuld-till-huvudman  -280000.00 SEK
  Skulder:Upplupna-kostnader  -750000.00 SEK
  Eget-kapital:Eget-kapital
"""


def voucher(date: str, number: str, text: str, *postings: tuple[str, str]) -> str:
    lines = [f'{date} * "{text}"', f'  ver: "{number}"']
    lines += [f"  {account}  {amount} SEK" for account, amount in postings]
    return "\n".join(lines) + "\n"


def year(y: int, fee: int, a: int, a_before: int, b: int, b_before: int, c: int, pay: int
         ) -> str:
    """One year's vouchers: the reversals, fees, invoices, salaries and year-end accruals."""
    bank, host, accrued = "Tillgångar:Bank", "Skulder:Skuld-till-huvudman", \
        "Skulder:Upplupna-kostnader"
    fees, ins_a, ins_b, ins_c = ("Intäkter:SAMO:Medlemsavgifter", "Kostnader:SAMO:InsatsA",
                                 "Kostnader:SAMO:InsatsB", "Kostnader:SAMO:InsatsC")
    out = [
        voucher(f"{y}-01-01", "A1", "Återföring skuld till huvudman", (host, f"{a_before}.00"),
                (ins_a, f"-{a_before}.00")),
        voucher(f"{y}-01-01", "A2", "Återföring upplupen kostnad", (accrued, f"{b_before}.00"),
                (ins_b, f"-{b_before}.00")),
        voucher(f"{y}-01-20", "B1", "Insats A kvartal 4", (ins_a, f"{a_before}.00"),
                (bank, f"-{a_before}.00")),
        voucher(f"{y}-02-15", "B2", "Insats B förra året", (ins_b, f"{b_before}.00"),
                (bank, f"-{b_before}.00")),
    ]
    number = 3
    for month in (1, 4, 7, 10):
        out.append(voucher(f"{y}-{month:02d}-15", f"B{number}", "Medlemsavgift kvartal",
                           (bank, f"{fee}.00"), (fees, f"-{fee}.00")))
        number += 1
    for month in (4, 7, 10):
        out.append(voucher(f"{y}-{month:02d}-25", f"B{number}", "Insats A kvartal",
                           (ins_a, f"{a}.00"), (bank, f"-{a}.00")))
        number += 1
    for month in range(1, 13):
        out.append(voucher(f"{y}-{month:02d}-25", f"B{number}", "Löner",
                           ("Kostnader:SAMO:Kansli", f"{pay}.00"), (bank, f"-{pay}.00")))
        number += 1
    out.append(voucher(f"{y}-12-10", f"B{number}", "Insats C helår", (ins_c, f"{c}.00"),
                       (bank, f"-{c}.00")))
    out.append(voucher(f"{y}-12-31", "A3", "Upparbetat kvartal 4", (ins_a, f"{a}.00"),
                       (host, f"-{a}.00")))
    out.append(voucher(f"{y}-12-31", "A4", "Upparbetat helår", (ins_b, f"{b}.00"),
                       (accrued, f"-{b}.00")))
    return "".join(out)


BUDGET = """
2024-01-01 custom "budget" Intäkter:SAMO:Medlemsavgifter "yearly" -4000000.00 SEK
2024-01-01 custom "budget" Kostnader:SAMO:InsatsA "yearly" 1200000.00 SEK
2024-01-01 custom "budget" Kostnader:SAMO:InsatsB "yearly" 800000.00 SEK
2024-01-01 custom "budget" Kostnader:SAMO:InsatsC "yearly" 500000.00 SEK
2024-01-01 custom "budget" Kostnader:SAMO:Kansli "yearly" 1250000.00 SEK
"""

BOOKS = (HEADER + year(2023, 950000, 280000, 280000, 750000, 750000, 450000, 95000)
         + year(2024, 1000000, 300000, 280000, 800000, 750000, 500000, 100000) + BUDGET)
AUGUST = datetime.date(2024, 8, 31)
ACTUAL_RESULT = Decimal(300000)  # the docstring's sum, also read from the books below


def ledger(text: str = BOOKS) -> Ledger:
    loaded = load_string(text)
    assert loaded.errors == []
    return loaded


def result_forecast(text: str, date: datetime.date) -> tuple[Decimal, dict[str, str]]:
    books = ledger(text)
    report = build(books.books, date)
    rows = report.sections[0].table.to_dict("records")
    methods = {r["rad"]: r["prognosmetod"] for r in rows}
    result = next(r for r in rows if r["rad"] == "RESULTAT")
    return result["prognos helår 2024"], methods


def test_the_books_give_the_result_computed_by_hand() -> None:
    books = ledger()
    december = follow_up(books.books,
                         datetime.date(2024, 12, 31))
    result = [v for a, v in december.actual_to_date.items() if a.startswith(("Intäkter",
                                                                               "Kostnader"))]
    assert -sum(result, Decimal(0)) == ACTUAL_RESULT


def test_default_forecast_at_31_august_within_ten_percent_of_the_year() -> None:
    forecast, methods = result_forecast(BOOKS, AUGUST)
    # Fees: 3 000 000 + the quarter last year had left (25 %) of 4 000 000; A and B their
    # budgets (reversed in January); C all of its budget (nothing by August last year);
    # salaries 800 000 + 1 250 000 × 4/12 = 1 216 666.67.
    assert forecast == Decimal(4000000 - 1200000 - 800000 - 500000 - 1216667)
    assert abs(forecast - ACTUAL_RESULT) <= ACTUAL_RESULT / 10
    assert methods["Insats A"] == "periodiseras"
    assert methods["Insats B"] == "periodiseras"
    assert methods["Insats C"] == "fjolårets mönster"
    assert methods["Intäkter, medlemsavgifter"] == "fjolårets mönster"


def test_actual_plus_remaining_budget_was_far_off() -> None:
    """The old default (actual + the budget left, equal twelfths) for the same books."""
    profiles = "".join(
        f'2024-01-01 custom "budgetprofil" {a} "jämn"\n'
        for a in ("Intäkter:SAMO:Medlemsavgifter", "Kostnader:SAMO:InsatsA",
                  "Kostnader:SAMO:InsatsB", "Kostnader:SAMO:InsatsC", "Kostnader:SAMO:Kansli")
    )
    forecast, methods = result_forecast(BOOKS + profiles, AUGUST)
    assert set(methods.values()) - {""} == {"budgetprofil"}
    # 4 333 333 − (1 000 000 + 266 667 + 166 667 + 1 216 667), each rounded once here.
    assert forecast == Decimal(1683333)
    assert abs(forecast - ACTUAL_RESULT) > ACTUAL_RESULT


def test_forecast_for_a_whole_row_and_warnings() -> None:
    text = BOOKS + (
        '2024-07-31 custom "prognos" Kostnader:SAMO:InsatsA 500000.00 SEK "värden aviserar"\n'
        "  rad: TRUE\n"
    )
    books = ledger(text)
    columns = follow_up(books.books, AUGUST)
    assert columns.forecast["Kostnader:SAMO:InsatsA"] == Decimal("500000.00")
    assert [m for k, m in columns.methods.items() if k[1] == "Insats A"] == ["manuell"]
    # Booked by August: −280 000 + 280 000 + 300 000 + 300 000 = 600 000 > 500 000.
    assert any("500\u00a0000 kr är mindre än det som redan är bokfört (600\u00a0000 kr)" in w
               for w in columns.warnings)
    assert any("före uppföljningens månad" in w for w in columns.warnings)


def test_negative_consumption_is_explained_under_the_table() -> None:
    books = ledger()
    report = build(books.books,
                   datetime.date(2024, 1, 31))
    section = report.sections[0]
    rows = {r["rad"]: r for r in section.table.to_dict("records")}
    # January: insats B's reversal (−750 000) is all that is booked on it; 800 000 budget.
    assert rows["Insats B"]["förbrukat av årsbudget %"] == Decimal("-93.8")
    assert "Negativ förbrukning (Insats B)" in section.text


def test_the_chart_legend_names_only_the_curves_drawn() -> None:
    books = ledger()
    loaded = books.books
    august = drawn(build(loaded, AUGUST)).attachments["diagram_samo.svg"].decode()
    december = drawn(build(loaded, datetime.date(2024, 12, 31))).attachments[
        "diagram_samo.svg"].decode()
    assert "Prognos till december" in august and "Utfall ackumulerat" in august
    # On the year's last day the forecast is one point, no line: not in the legend.
    assert "Prognos till december" not in december and "Utfall ackumulerat" in december
