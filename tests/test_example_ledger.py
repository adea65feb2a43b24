"""Acceptance test of the example ledger (Samordningsförbundet Umeåregionen 2018–2019).

The ledger is loaded the one way (finsam_accounts.ledger.load), independently of the report code in
finsam_accounts (only ``money.round_kr`` is used): postings are summed by Kommun-Bas number
(``nr`` on the open directive) and activity (``verksamhet``), and every figure of the
published annual report 2019 (tests/reference/umearegionen-2019, written here literally)
must come out when the exact öre sum is rounded half away from zero to whole kronor. The
exact öre sums the example was built to are asserted too, so that the ±1 kr rounding
differences of the published report are reproduced, not papered over.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from beancount.core import data

from finsam_accounts.ledger import load
from finsam_accounts.money import round_kr

LEDGER = Path(__file__).resolve().parent.parent / "ledger" / "main.beancount"

D = Decimal
Y2018_END = datetime.date(2019, 1, 1)  # beancount's "start of day": the balance at 2018-12-31
Y2019_END = datetime.date(2020, 1, 1)


@dataclass(frozen=True)
class Books:
    entries: list[data.Directive]
    errors: list[Any]
    number: dict[str, str]  # account -> Kommun-Bas nr
    activity: dict[str, str | None]  # account -> verksamhet

    @property
    def transactions(self) -> list[data.Transaction]:
        return [e for e in self.entries if isinstance(e, data.Transaction)]


@pytest.fixture(scope="module")
def books() -> Books:
    loaded = load(str(LEDGER))
    entries, errors, _options = loaded.entries, loaded.errors, loaded.options
    number: dict[str, str] = {}
    activity: dict[str, str | None] = {}
    for entry in entries:
        if isinstance(entry, data.Open):
            number[entry.account] = str(entry.meta["nr"])
            activity[entry.account] = entry.meta.get("verksamhet")
    return Books(entries, list(errors), number, activity)


# ----------------------------------------------------------------------------- sums


def units(posting: data.Posting) -> Decimal:
    assert posting.units is not None and posting.units.number is not None
    assert posting.units.currency == "SEK"
    return D(posting.units.number)


def in_range(nr: str, low: int, high: int) -> bool:
    return low <= int(nr) <= high


def total(
    books: Books,
    start: datetime.date | None,
    end: datetime.date,
    accept: Any,
) -> Decimal:
    """Sum of postings dated in [start, end) whose (nr, activity) ``accept`` accepts."""
    result = D("0")
    for txn in books.transactions:
        if txn.date >= end or (start is not None and txn.date < start):
            continue
        for posting in txn.postings:
            if accept(books.number[posting.account], books.activity[posting.account]):
                result += units(posting)
    return result


def flow(books: Books, year: int, accept: Any) -> Decimal:
    return total(books, datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1), accept)


def balance(books: Books, end: datetime.date, accept: Any) -> Decimal:
    return total(books, None, end, accept)


def nrs(*numbers: str) -> Any:
    return lambda nr, _act: nr in numbers


def span(low: int, high: int, activity: str | None = None) -> Any:
    return lambda nr, act: in_range(nr, low, high) and (activity is None or act == activity)


RECEIVABLES = span(1500, 1799)
BANK = span(1900, 1999)
LIABILITIES = span(2400, 2999)
EQUITY_AND_RESULT = span(2000, 2099)


def revenue(books: Books, year: int, activity: str) -> Decimal:
    return -flow(books, year, span(3000, 3999, activity))


def costs(books: Books, year: int, activity: str) -> Decimal:
    """Verksamhetens kostnader (4000–7999), positive."""
    return flow(books, year, span(4000, 7999, activity))


def financial_costs(books: Books, year: int, activity: str | None = None) -> Decimal:
    return flow(books, year, span(8500, 8999, activity))


def result(books: Books, year: int, activity: str | None = None) -> Decimal:
    return -flow(books, year, span(3000, 8999, activity))


def equity(books: Books, end: datetime.date) -> Decimal:
    """Equity accounts plus every result booked before ``end`` (positive = net assets)."""
    return -balance(books, end, lambda nr, _act: in_range(nr, 2000, 2099) or nr[0] in "345678")


def opening_voucher(books: Books) -> data.Transaction:
    found = [t for t in books.transactions if t.date.year == 2018 and t.meta.get("ver") == "A1"]
    assert len(found) == 1
    assert found[0].date == datetime.date(2018, 1, 1)
    return found[0]


def opening(books: Books, accept: Any) -> Decimal:
    txn = opening_voucher(books)
    return sum((units(p) for p in txn.postings if accept(books.number[p.account], None)), D("0"))


def kr(value: Decimal) -> int:
    return int(round_kr(value))


# ----------------------------------------------------------------------------- the load


def test_loads_without_errors(books: Books) -> None:
    assert books.errors == []
    assert len(books.transactions) > 400


def test_every_account_has_a_number_and_pl_accounts_an_activity(books: Books) -> None:
    for account, nr in books.number.items():
        assert re.fullmatch(r"[0-9]{4}", nr), account
        if account.startswith(("Intäkter:", "Kostnader:")):
            assert books.activity[account] in ("SAMO", "HFE"), account


# ----------------------------------------------------------------------------- vouchers

VOUCHER = re.compile(r"^(?P<series>[A-Z]+)(?P<number>[0-9]+)$")


def test_voucher_series_run_without_gaps_in_date_order(books: Books) -> None:
    series: dict[tuple[int, str], list[tuple[datetime.date, int]]] = defaultdict(list)
    for txn in books.transactions:
        assert txn.flag == "*"
        assert txn.payee, txn.narration
        assert txn.narration
        match = VOUCHER.match(str(txn.meta.get("ver", "")))
        assert match, txn
        series[(txn.date.year, match["series"])].append((txn.date, int(match["number"])))
    assert {s for _, s in series} == {"A", "B", "F", "K", "L"}
    for (year, name), items in series.items():
        numbers = [n for _, n in items]
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), (year, name)
        by_number = [when for when, _ in sorted(items, key=lambda item: item[1])]
        assert by_number == sorted(by_number), f"{name} {year} is not in date order"


def test_every_voucher_balances_and_is_in_the_fiscal_years(books: Books) -> None:
    for txn in books.transactions:
        assert 2018 <= txn.date.year <= 2019
        amounts = [units(p) for p in txn.postings]
        assert sum(amounts, D("0")) == 0
        assert all(a == a.quantize(D("0.01")) for a in amounts)


def test_opening_balance_is_a1_against_equity(books: Books) -> None:
    txn = opening_voucher(books)
    assert txn.meta["ver"] == "A1"
    assert "Eget-kapital:Eget-kapital" in {p.account for p in txn.postings}


def test_corrections_name_an_existing_voucher_of_the_same_year(books: Books) -> None:
    vouchers = {(t.date.year, t.meta["ver"]): t for t in books.transactions}
    corrections = [t for t in books.transactions if "korrigerar" in t.meta]
    assert corrections
    for txn in corrections:
        corrected = vouchers[(txn.date.year, txn.meta["korrigerar"])]
        assert corrected.date <= txn.date
        touched = {p.account for p in corrected.postings}
        assert touched & {p.account for p in txn.postings}


def test_member_contributions_are_invoiced_per_member_and_quarter(books: Books) -> None:
    for year, members in ((2018, 7), (2019, 8)):
        invoices = [
            t
            for t in books.transactions
            if t.date.year == year
            and t.meta["ver"].startswith("K")
            and any(p.account.startswith("Intäkter:SAMO:Medlemsavgifter:") for p in t.postings)
        ]
        assert len(invoices) == 4 * members
        for txn in invoices:
            assert {p.account for p in txn.postings} >= {"Tillgångar:Fordringar:Kundfordringar"}
            assert str(txn.narration).startswith(f"Medlemsavgift {year} kvartal ")


def test_year_end_balances_are_asserted(books: Books) -> None:
    asserted = {(e.date, e.account) for e in books.entries if isinstance(e, data.Balance)}
    for account, nr in books.number.items():
        if in_range(nr, 1500, 1999) or in_range(nr, 2400, 2999):
            assert (Y2018_END, account) in asserted, account
            assert (Y2019_END, account) in asserted, account


# ----------------------------------------------------------------------------- exact sums


def test_opening_position_exact(books: Books) -> None:
    assert opening(books, BANK) == D("10105766.50")
    assert opening(books, RECEIVABLES) == D("88834.00")
    assert -opening(books, LIABILITIES) == D("6052266.70")
    assert -opening(books, EQUITY_AND_RESULT) == D("4142333.80")


REVENUE_EXACT = {
    2018: {
        ("3510",): "5980000",
        ("3521",): "124077",
        ("3522",): "120772",
        ("3523",): "2494151",
        ("3524",): "92124",
        ("3525",): "158876",
        ("3530",): "2990000",
        ("3591", "3599"): "90310.00",
        ("3560", "3561"): "463555.00",
    },
    2019: {
        ("3510",): "5725000",
        ("3521",): "119764",
        ("3522",): "110818",
        ("3523",): "2357994",
        ("3524",): "88927",
        ("3525",): "146336",
        ("3526",): "39161",
        ("3530",): "2862000",
        ("3591", "3599"): "127559.00",
        ("3560",): "1701423.00",
        ("3561",): "37700.00",
    },
}

COSTS_EXACT_2019 = {
    ("4611",): "699400",
    ("4612",): "400000",
    ("4613",): "400000",
    ("4614",): "400000",
    ("4615",): "274396",
    ("4620",): "2813036",
    ("4621",): "1040081",
    ("4622",): "2432875",
    ("4623",): "573677.50",
    ("4624",): "852341.40",
    ("4710",): "0",
    ("4720",): "34150",
    ("4730",): "374538",
    ("5011", "5611"): "168178.00",
    ("5021", "5621", "5721"): "1529999.40",
    ("6110",): "129112.40",
    ("6510",): "0",
    ("6520",): "29296.20",
    ("6710",): "37147",
    ("6720",): "330000",
    ("6990",): "54332.10",
    ("8590",): "101.20",
    ("4650",): "1098883.60",
    ("5022", "5622", "5722"): "429320.40",
    ("6111",): "47858.40",
    ("6521",): "77556.30",
    ("6721",): "90000",
    ("6991",): "41.00",
    ("8591",): "45.50",
}

BALANCES_EXACT = {
    Y2018_END: {
        ("1510",): "0",
        ("1630",): "79791",
        ("1650",): "120275",
        ("1710",): "387168",
        ("1711",): "0",
        ("1720",): "8668",
        ("1721",): "8346",
        ("1722",): "0",
        ("1729",): "2298.70",
        ("1930",): "9370246.00",
        ("2440",): "-891414.60",
        ("2480",): "-5785887.70",
        ("2710", "2730", "2920"): "-267100",
        ("2961",): "-40000",
        ("2962",): "0",
        ("2970",): "0",
    },
    Y2019_END: {
        ("1510",): "183817",
        ("1630",): "613",
        ("1650",): "107888",
        ("1710",): "814097",
        ("1711",): "9307",
        ("1720",): "4058",
        ("1721",): "0",
        ("1722",): "4000",
        ("1729",): "1093",
        ("1930",): "6157998.00",
        ("2440",): "-210265",
        ("2480",): "-4739378",
        ("2710", "2730", "2920"): "-297039",
        ("2961",): "-40000",
        ("2962",): "-583",
        ("2970",): "-2900",
    },
}


@pytest.mark.parametrize("year", [2018, 2019])
def test_revenue_exact(books: Books, year: int) -> None:
    for numbers, expected in REVENUE_EXACT[year].items():
        assert -flow(books, year, nrs(*numbers)) == D(expected), numbers


def test_lonebidrag_accrued_at_2019_year_end(books: Books) -> None:
    assert -flow(books, 2019, nrs("3591")) > D("9307")
    assert flow(books, 2018, nrs("3591")) == 0


def test_costs_exact_2019(books: Books) -> None:
    for numbers, expected in COSTS_EXACT_2019.items():
        assert flow(books, 2019, nrs(*numbers)) == D(expected), numbers


def test_costs_exact_2018(books: Books) -> None:
    assert costs(books, 2018, "SAMO") == D("13304361.40")
    assert costs(books, 2018, "HFE") == D("358308.00")
    assert flow(books, 2018, nrs("8590")) == D("1139.00")
    assert flow(books, 2018, nrs("8591")) == 0


@pytest.mark.parametrize("end", [Y2018_END, Y2019_END])
def test_year_end_balances_exact(books: Books, end: datetime.date) -> None:
    for numbers, expected in BALANCES_EXACT[end].items():
        assert balance(books, end, nrs(*numbers)) == D(expected), numbers
    receivables = D("606546.70") if end == Y2018_END else D("1124873.00")
    liabilities = D("6984402.30") if end == Y2018_END else D("5290165.00")
    assert balance(books, end, RECEIVABLES) == receivables
    assert -balance(books, end, LIABILITIES) == liabilities


def test_equity_and_result_exact(books: Books) -> None:
    assert equity(books, Y2018_END) == D("2992390.40")
    assert equity(books, Y2019_END) == D("1992706.00")
    assert result(books, 2018) == D("-1149943.40")
    assert result(books, 2019) == D("-999684.40")
    assert equity(books, Y2019_END) - equity(books, Y2018_END) == result(books, 2019)


def test_balance_sheet_balances_at_every_date(books: Books) -> None:
    """Assets = liabilities + equity after every day with vouchers."""
    running: dict[str, Decimal] = defaultdict(lambda: D("0"))
    by_date: dict[datetime.date, list[data.Transaction]] = defaultdict(list)
    for txn in books.transactions:
        by_date[txn.date].append(txn)
    for day in sorted(by_date):
        for txn in by_date[day]:
            for posting in txn.postings:
                running[books.number[posting.account]] += units(posting)
        assets = sum((v for nr, v in running.items() if nr[0] == "1"), D("0"))
        liabilities = -sum((v for nr, v in running.items() if in_range(nr, 2100, 2999)), D("0"))
        equity_now = -sum(
            (v for nr, v in running.items() if in_range(nr, 2000, 2099) or nr[0] in "345678"),
            D("0"),
        )
        assert assets == liabilities + equity_now, day
        assert running["1930"] >= 0, f"bank overdrawn {day}"


# ----------------------------------------------------------------------------- published


def published(books: Books) -> dict[str, tuple[Decimal, Decimal]]:
    """(2019, 2018) exact values of the rows of the published statements."""

    def both(fn: Any) -> tuple[Decimal, Decimal]:
        return fn(2019), fn(2018)

    def end_of(year: int) -> datetime.date:
        return datetime.date(year + 1, 1, 1)

    return {
        "Verksamhetens intäkter SAMO": both(lambda y: revenue(books, y, "SAMO")),
        "Verksamhetens intäkter HFE": both(lambda y: revenue(books, y, "HFE")),
        "Verksamhetens kostnader SAMO": both(lambda y: -costs(books, y, "SAMO")),
        "Verksamhetens kostnader HFE": both(lambda y: -costs(books, y, "HFE")),
        "Verksamhetens nettokostnad": both(
            lambda y: (
                revenue(books, y, "SAMO")
                + revenue(books, y, "HFE")
                - costs(books, y, "SAMO")
                - costs(books, y, "HFE")
            )
        ),
        "Finansiella kostnader": both(lambda y: -financial_costs(books, y)),
        "Årets resultat": both(lambda y: result(books, y)),
        "Fordringar": both(lambda y: balance(books, end_of(y), RECEIVABLES)),
        "Kassa och bank": both(lambda y: balance(books, end_of(y), BANK)),
        "Summa tillgångar": both(lambda y: balance(books, end_of(y), span(1000, 1999))),
        "Årets resultat SAMO": both(lambda y: result(books, y, "SAMO")),
        "Årets resultat HFE": both(lambda y: result(books, y, "HFE")),
        "Övrigt eget kapital": both(
            lambda y: (
                equity(books, datetime.date(y, 1, 1))
                if y > 2018
                else -opening(books, EQUITY_AND_RESULT)
            )
        ),
        "Summa eget kapital": both(lambda y: equity(books, end_of(y))),
        "Kortfristiga skulder": both(lambda y: -balance(books, end_of(y), LIABILITIES)),
        "Summa eget kapital och skulder": both(
            lambda y: equity(books, end_of(y)) - balance(books, end_of(y), LIABILITIES)
        ),
    }


PUBLISHED = {  # resultatrakning.csv, balansrakning.csv: (2019, 2018)
    "Verksamhetens intäkter SAMO": (11577559, 12050310),
    "Verksamhetens intäkter HFE": (1739123, 463555),
    "Verksamhetens kostnader SAMO": (-12572560, -13304361),
    "Verksamhetens kostnader HFE": (-1743660, -358308),
    "Verksamhetens nettokostnad": (-999538, -1148804),
    "Finansiella kostnader": (-147, -1139),
    "Årets resultat": (-999684, -1149943),
    "Fordringar": (1124873, 606547),
    "Kassa och bank": (6157998, 9370246),
    "Summa tillgångar": (7282871, 9976793),
    "Årets resultat SAMO": (-995102, -1255190),
    "Årets resultat HFE": (-4582, 105247),
    "Övrigt eget kapital": (2992390, 4142334),
    "Summa eget kapital": (1992706, 2992390),
    "Kortfristiga skulder": (5290165, 6984402),
    "Summa eget kapital och skulder": (7282871, 9976793),
}


def test_resultatrakning_and_balansrakning(books: Books) -> None:
    exact = published(books)
    for row, (y2019, y2018) in PUBLISHED.items():
        assert (kr(exact[row][0]), kr(exact[row][1])) == (y2019, y2018), row


def test_opening_position_published(books: Books) -> None:
    assert kr(opening(books, BANK)) == 10105767
    assert kr(opening(books, RECEIVABLES)) == 88834
    assert kr(-opening(books, EQUITY_AND_RESULT)) == 4142334
    # The README derives the opening liabilities from printed figures: 6 984 402 − 932 136.
    change = -balance(books, Y2018_END, LIABILITIES) + opening(books, LIABILITIES)
    assert kr(-balance(books, Y2018_END, LIABILITIES)) - kr(change) == 6052266


NOT1 = {  # not1_intakter_samo.csv: (2019, 2018)
    ("3510",): (5725000, 5980000),
    ("3521",): (119764, 124077),
    ("3522",): (110818, 120772),
    ("3523",): (2357994, 2494151),
    ("3524",): (88927, 92124),
    ("3525",): (146336, 158876),
    ("3526",): (39161, 0),
    ("3530",): (2862000, 2990000),
    ("3591", "3599"): (127559, 90310),
}
NOT3 = {  # not3_fordringar.csv: (2019-12-31, 2018-12-31)
    ("1510",): (183817, 0),
    ("1630",): (613, 79791),
    ("1650",): (107888, 120275),
    ("1710",): (814097, 387168),
    ("1711",): (9307, 0),
    ("1720",): (4058, 8668),
    ("1721",): (0, 8346),
    ("1722",): (4000, 0),
    ("1729",): (1093, 2299),
}
NOT4 = {  # not4_kortfristiga_skulder.csv
    ("2440",): (210265, 891415),
    ("2480",): (4739378, 5785888),
    ("2710", "2730", "2920"): (297039, 267100),
    ("2961",): (40000, 40000),
    ("2962",): (583, 0),
    ("2970",): (2900, 0),
}


def test_notes(books: Books) -> None:
    for numbers, (y2019, y2018) in NOT1.items():
        got = (kr(-flow(books, 2019, nrs(*numbers))), kr(-flow(books, 2018, nrs(*numbers))))
        assert got == (y2019, y2018), numbers
    hfe = (kr(revenue(books, 2019, "HFE")), kr(revenue(books, 2018, "HFE")))
    assert hfe == (1739123, 463555)  # not 2
    for numbers, (y2019, y2018) in NOT3.items():
        got = (
            kr(balance(books, Y2019_END, nrs(*numbers))),
            kr(balance(books, Y2018_END, nrs(*numbers))),
        )
        assert got == (y2019, y2018), numbers
    for numbers, (y2019, y2018) in NOT4.items():
        got = (
            kr(-balance(books, Y2019_END, nrs(*numbers))),
            kr(-balance(books, Y2018_END, nrs(*numbers))),
        )
        assert got == (y2019, y2018), numbers


def test_kassaflodesanalys_reconciled(books: Books) -> None:
    for year, receivables, liabilities, cash_flow in (
        (2019, -518326, -1694237, -3212248),
        (2018, -517713, 932136, -735521),
    ):
        start = datetime.date(year, 1, 1)
        end = datetime.date(year + 1, 1, 1)
        if year == 2018:
            rec_start, liab_start = opening(books, RECEIVABLES), -opening(books, LIABILITIES)
            bank_start = opening(books, BANK)
        else:
            rec_start = balance(books, start, RECEIVABLES)
            liab_start = -balance(books, start, LIABILITIES)
            bank_start = balance(books, start, BANK)
        d_rec = -(balance(books, end, RECEIVABLES) - rec_start)
        d_liab = -balance(books, end, LIABILITIES) - liab_start
        d_bank = balance(books, end, BANK) - bank_start
        assert (kr(d_rec), kr(d_liab), kr(d_bank)) == (receivables, liabilities, cash_flow)
        assert result(books, year) + d_rec + d_liab == d_bank


UTFALL_2019 = {  # utfall_budget_2019.csv, column "utfall 2019", by the accounts of each row
    "Intäkter, medlemsavgifter": (span(3500, 3549, "SAMO"), 11450000),
    "Övriga intäkter": (nrs("3591", "3599"), 127559),
    "EU-medel": (nrs("3560"), 1701423),
    "Övriga bidrag": (nrs("3561"), 37700),
    "Insatser SAMO, NAFS": (nrs("4623"), -573678),
    "Insatser SAMO, Summa": (span(4600, 4649, "SAMO"), -9885807),
    "Insatser HFE (inkl. bankavgifter)": (nrs("4650", "8591"), -1098929),
    "Verksamhetsnära kostnader SAMO, Summa": (span(4700, 4799, "SAMO"), -408688),
    "Arvoden till styrelse": (nrs("5011", "5611"), -168178),
    "Kanslipersonal": (nrs("5021", "5621", "5721"), -1529999),
    "Lokal, dator, telefon": (nrs("6110"), -129112),
    "Resor, konferenser": (nrs("6520"), -29296),
    "Arvoden till revisorer": (nrs("6710"), -37147),
    "Ekonomisk administration": (nrs("6720"), -330000),
    "Övrig administration (inkl. bankavgifter)": (nrs("6990", "8590"), -54433),
    "Kansli SAMO, Summa": (
        lambda nr, act: act == "SAMO" and (in_range(nr, 5000, 6999) or nr == "8590"),
        -2278166,
    ),
    "Kansli HFE, Summa": (lambda nr, act: act == "HFE" and in_range(nr, 5000, 6999), -644776),
    "Tot. kostnader SAMO": (span(4000, 8999, "SAMO"), -12572661),
    "Tot. kostnader HFE": (span(4000, 8999, "HFE"), -1743705),
    "Totala kostnader": (span(4000, 8999), -14316366),
    "RESULTAT": (span(3000, 8999), -999684),
}


def test_utfall_och_budget_2019(books: Books) -> None:
    for row, (accept, expected) in UTFALL_2019.items():
        assert kr(-flow(books, 2019, accept)) == expected, row


def test_driftsredovisning_tkr(books: Books) -> None:
    def tkr(value: Decimal) -> int:
        return int(round_kr(value / 1000))

    rows = {  # driftsredovisning.csv: (utfall 2019, utfall 2018)
        "Bidrag/intäkt SAMO": (lambda y: revenue(books, y, "SAMO"), (11578, 12050)),
        "Bidrag/intäkt HFE": (lambda y: revenue(books, y, "HFE"), (1739, 464)),
        "Verksamhetens kostnader SAMO": (lambda y: -costs(books, y, "SAMO"), (-12573, -13304)),
        "Verksamhetens kostnader HFE": (lambda y: -costs(books, y, "HFE"), (-1744, -358)),
        "Resultat SAMO": (lambda y: result(books, y, "SAMO"), (-995, -1255)),
        "Resultat HFE": (lambda y: result(books, y, "HFE"), (-5, 105)),
        "Utgående eget kapital": (
            lambda y: equity(books, datetime.date(y + 1, 1, 1)),
            (1993, 2992),
        ),
        "Likvida medel": (lambda y: balance(books, datetime.date(y + 1, 1, 1), BANK), (6158, 9370)),
    }
    for row, (fn, expected) in rows.items():
        assert (tkr(fn(2019)), tkr(fn(2018))) == expected, row


# ----------------------------------------------------------------------------- budget


def budgets(entries: Iterable[data.Directive]) -> dict[str, Decimal]:
    found: dict[str, Decimal] = {}
    for entry in entries:
        if isinstance(entry, data.Custom) and entry.type == "budget":
            account, period, amount = (v.value for v in entry.values)
            assert entry.date == datetime.date(2019, 1, 1)
            assert period == "yearly"
            assert account not in found
            found[str(account)] = D(amount.number)
    return found


def test_budget_2019(books: Books) -> None:
    budget = budgets(books.entries)
    by_nr: dict[str, Decimal] = defaultdict(lambda: D("0"))
    for account, amount in budget.items():
        by_nr[books.number[account]] += amount

    def sum_of(accept: Any) -> Decimal:
        return sum(
            (
                amount
                for account, amount in budget.items()
                if accept(books.number[account], books.activity[account])
            ),
            D("0"),
        )

    # utfall_budget_2019.csv, column "budget 2019" (costs negative there).
    assert sum_of(span(3500, 3549, "SAMO")) == D("-11450000")
    assert by_nr["3510"] == D("-5725000")
    assert by_nr["3530"] == D("-2862000")
    assert sum_of(nrs("3521", "3522", "3523", "3524", "3525", "3526")) == D("-2863000")
    assert by_nr["3599"] == D("-90000")
    for nr in ("3521", "3522", "3523", "3524", "3525", "3526"):
        assert by_nr[nr] == flow(books, 2019, nrs(nr)), nr  # split like the actual 2019
    expected_costs = {
        "4611": 700000,
        "4612": 400000,
        "4613": 400000,
        "4614": 400000,
        "4615": 460000,
        "4620": 2990000,
        "4621": 1030000,
        "4622": 2440000,
        "4623": 960000,
        "4624": 1000000,
        "4710": 50000,
        "4720": 150000,
        "4730": 500000,
        "5011": 190000,
        "5021": 1400000,
        "6110": 150000,
        "6510": 50000,
        "6520": 80000,
        "6710": 40000,
        "6720": 180000,
        "6990": 120000,
        "4650": 200000,
    }
    for nr, expected in expected_costs.items():
        assert by_nr[nr] == D(expected), nr
    assert sum_of(span(4000, 8999, "SAMO")) == D("13690000")
    assert sum_of(span(4000, 8999, "HFE")) == D("200000")
    assert -sum_of(span(3000, 8999)) == D("-2350000")  # RESULTAT, budget 2019
    equity_budget = [
        e for e in books.entries if isinstance(e, data.Custom) and e.type == "budget-eget-kapital"
    ]
    assert len(equity_budget) == 1
    assert D(equity_budget[0].values[0].value.number) == D("750000.00")
