"""The auditors' lists on the example ledger (Umeåregionen 2018–2019).

Every expected figure is computed here from beancount's loader, independently of
finsam_accounts: postings summed by Kommun-Bas number range, and the published balance
sheet (tests/reference/umearegionen-2019/balansrakning.csv) for the rounded figures.
"""

from __future__ import annotations

import csv
import datetime
import re
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from beancount.core import data

from finsam_accounts.audit.general_ledger import CLOSING_TEXT, general_ledger
from finsam_accounts.audit.opening import PRIOR_RESULTS_LABEL
from finsam_accounts.audit.trial_balance import trial_balance
from finsam_accounts.audit.voucher_list import voucher_list
from finsam_accounts.balances import balances_at
from finsam_accounts.ledger import Ledger, load
from finsam_accounts.money import round_kr

ROOT = Path(__file__).resolve().parent.parent
LEDGER = ROOT / "ledger" / "main.beancount"
REFERENCE = ROOT / "tests" / "reference" / "umearegionen-2019" / "balansrakning.csv"
D = Decimal
Raw = tuple[list[data.Directive], dict[str, str]]


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    loaded = load(LEDGER)
    assert loaded.errors == []
    return loaded


@pytest.fixture(scope="module")
def raw() -> Raw:
    """The entries as loaded, and each account's Kommun-Bas number."""
    loaded = load(str(LEDGER))
    entries, errors, _ = loaded.entries, loaded.errors, loaded.options
    assert errors == []
    numbers = {e.account: str(e.meta["nr"]) for e in entries if isinstance(e, data.Open)}
    return entries, numbers


def independent_sum(raw: Raw, end: datetime.date, low: int, high: int) -> Decimal:
    """Sum of every posting dated before ``end`` on accounts numbered low..high."""
    entries, numbers = raw
    total = D("0")
    for entry in entries:
        if isinstance(entry, data.Transaction) and entry.date < end:
            for posting in entry.postings:
                if low <= int(numbers[posting.account]) <= high:
                    assert posting.units is not None and posting.units.number is not None
                    total += posting.units.number
    return total


def closing_by_number(frame: pd.DataFrame) -> Callable[[int, int], Decimal]:
    """Sum of the general ledger's closing balances over an account number range."""
    closing = frame[frame["text"] == CLOSING_TEXT]

    def total(low: int, high: int) -> Decimal:
        values = [
            saldo
            for nr, saldo in zip(closing["nr"], closing["saldo"], strict=True)
            if nr and low <= int(nr) <= high
        ]
        return sum(values, D("0"))

    return total


def prior_results(frame: pd.DataFrame) -> Decimal:
    rows = frame[(frame["konto"] == PRIOR_RESULTS_LABEL) & (frame["text"] == CLOSING_TEXT)]
    return D(rows["saldo"].iloc[0]) if len(rows) else D("0")


def published() -> dict[str, dict[str, int]]:
    with REFERENCE.open(encoding="utf-8") as handle:
        return {
            row["rad"]: {"2019": int(row["2019-12-31"]), "2018": int(row["2018-12-31"])}
            for row in csv.DictReader(handle)
        }


@pytest.mark.parametrize("year", [2018, 2019])
def test_general_ledger_closing_equals_the_balance_sheet(
    ledger: Ledger, raw: Raw, year: int
) -> None:
    frame = general_ledger(ledger.books, year, None)
    total = closing_by_number(frame)
    end = datetime.date(year + 1, 1, 1)
    receivables = total(1500, 1799)
    bank = total(1900, 1999)
    liabilities = -total(2400, 2999)
    equity = -(total(2000, 2099) + prior_results(frame) + total(3000, 8999))
    # Independently from beancount's entries: balances at the year end by number range.
    assert receivables == independent_sum(raw, end, 1500, 1799)
    assert bank == independent_sum(raw, end, 1900, 1999)
    assert liabilities == -independent_sum(raw, end, 2400, 2999)
    assert equity == -(
        independent_sum(raw, end, 2000, 2099) + independent_sum(raw, end, 3000, 8999)
    )
    # And the published annual report 2019 (whole kronor).
    sheet = published()
    column = str(year)
    assert round_kr(receivables) == sheet["Fordringar"][column]
    assert round_kr(bank) == sheet["Kassa och bank"][column]
    assert round_kr(receivables + bank) == sheet["SUMMA TILLGÅNGAR"][column]
    assert round_kr(liabilities) == sheet["Kortfristiga skulder"][column]
    assert round_kr(equity) == sheet["Summa eget kapital"][column]
    assert (
        round_kr(equity + liabilities)
        == sheet["SUMMA EGET KAPITAL, AVSÄTTNINGAR OCH SKULDER"][column]
    )


def test_general_ledger_2019_figures_written_out(ledger: Ledger) -> None:
    frame = general_ledger(ledger.books, 2019, None)
    total = closing_by_number(frame)
    assert total(1500, 1799) == D("1124873.00")  # 183817 + 613 + 107888 + 814097 + ...
    assert total(1900, 1999) == D("6157998.00")
    # Opening 2019 of the bank is the closing 2018 (9 370 246 in the published report).
    bank = frame[frame["nr"] == "1930"]
    assert bank["saldo"].iloc[0] == D("9370246.00")
    assert bank["text"].iloc[0] == "Ingående balans"


def test_running_balance_adds_up_per_account(ledger: Ledger) -> None:
    frame = general_ledger(ledger.books, 2019, None)
    for (_nr, _konto), rows in frame.groupby(["nr", "konto"], sort=False):
        saldo = list(rows["saldo"])
        debit = [v or D("0") for v in rows["debet"]][1:-1]
        credit = [v or D("0") for v in rows["kredit"]][1:-1]
        for i in range(1, len(saldo) - 1):
            assert saldo[i] == saldo[i - 1] + debit[i - 1] - credit[i - 1]
        assert saldo[-1] == saldo[-2]
        assert rows["debet"].iloc[-1] == sum(debit, D("0"))
        assert rows["kredit"].iloc[-1] == sum(credit, D("0"))


def test_opening_balance_voucher_counts_into_the_2018_opening(ledger: Ledger) -> None:
    frame = general_ledger(ledger.books, 2018, None)
    bank = frame[frame["nr"] == "1930"]
    assert bank["text"].iloc[0] == "Ingående balans"
    assert bank["saldo"].iloc[0] == D("10105766.50")  # voucher A1, 2018-01-01
    assert bank["ver"].iloc[0] == "A1"
    assert "A1" not in set(bank["ver"].iloc[1:])


def ledger_voucher_counts(path: Path) -> Counter[str]:
    """Vouchers per series, counted from the ledger file's own text."""
    text = path.read_text(encoding="utf-8")
    return Counter(m[1] for m in re.finditer(r'^\s+ver: "([A-ZÅÄÖ]+)[0-9]+"', text, re.M))


def test_voucher_list_holds_every_2019_voucher_without_gaps(ledger: Ledger) -> None:
    frame = voucher_list(ledger.books, 2019, LEDGER.parent)
    expected = ledger_voucher_counts(ROOT / "ledger" / "2019.beancount")
    assert sum(expected.values()) == 431
    listed = list(dict.fromkeys(frame["ver"]))  # in the list's order, once each
    series = Counter(re.match(r"[A-ZÅÄÖ]+", v)[0] for v in listed)  # type: ignore[index]
    assert series == expected
    in_order = [f"{s}{n}" for s in sorted(expected) for n in range(1, expected[s] + 1)]
    assert listed == in_order
    assert set(frame["datum"].map(lambda d: d.year)) == {2019}
    # Every voucher balances: debit total equals credit total.
    assert sum(frame["debet"].dropna(), D("0")) == sum(frame["kredit"].dropna(), D("0"))


def test_voucher_list_points_at_the_voucher_line(ledger: Ledger) -> None:
    frame = voucher_list(ledger.books, 2019, LEDGER.parent)
    first = frame.iloc[0]
    filename, line = first["källa"].split(":")
    assert filename == "2019.beancount"
    lines = (ROOT / "ledger" / filename).read_text(encoding="utf-8").splitlines()
    assert lines[int(line) - 1].startswith("2019-01-01 * ")
    assert lines[int(line)].strip() == f'ver: "{first["ver"]}"'


@pytest.mark.parametrize("date", [datetime.date(2019, 12, 31), datetime.date(2019, 6, 30)])
def test_trial_balance_sums_to_zero_and_closes_at_balances_at(
    ledger: Ledger, raw: Raw, date: datetime.date
) -> None:
    frame = trial_balance(ledger.books, date)
    total = frame.iloc[-1]
    assert total["konto"] == "Summa"
    assert (total["ingående balans"], total["period"], total["utgående balans"]) == (0, 0, 0)
    body = frame.iloc[:-1]
    after = balances_at(ledger.entries, date + datetime.timedelta(days=1))
    start = balances_at(ledger.entries, datetime.date(date.year, 1, 1))
    results = ("Intäkter:", "Kostnader:")
    for konto, closing in zip(body["konto"], body["utgående balans"], strict=True):
        if konto == PRIOR_RESULTS_LABEL:
            assert closing == sum((v for a, v in start.items() if a.startswith(results)), D(0))
        elif konto.startswith(results):
            assert closing == after.get(konto, D(0)) - start.get(konto, D(0))
        else:
            assert closing == after[konto]
    end = date + datetime.timedelta(days=1)
    bank = body[body["nr"] == "1930"]["utgående balans"].iloc[0]
    assert bank == independent_sum(raw, end, 1930, 1930)
