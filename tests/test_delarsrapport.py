"""The interim report: same engine and specification, reconciled, with the economist's text."""

from __future__ import annotations

import csv
import datetime
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from beancount.core import data

from finsam_accounts.cli import main
from finsam_accounts.ledger import load

ROOT = Path(__file__).resolve().parents[1]


def rows(path: Path) -> dict[str, list[str]]:
    with path.open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        return {row[0]: row[1:] for row in reader}


def result_by_loader(start: datetime.date, end: datetime.date) -> Decimal:
    """Minus the income and cost postings in [start, end], summed here."""
    loaded = load(str(ROOT / "ledger/main.beancount"))
    entries, _, _ = loaded.entries, loaded.errors, loaded.options
    total = Decimal(0)
    for entry in entries:
        if isinstance(entry, data.Transaction) and start <= entry.date <= end:
            for posting in entry.postings:
                if posting.account.startswith(("Intäkter:", "Kostnader:")) and posting.units:
                    total -= posting.units.number or Decimal(0)
    return total.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def test_interim_report_at_august_reconciles(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger"
    shutil.copytree(ROOT / "ledger", ledger)
    (ledger / "delarsrapport-2019-08-31.txt").write_text(
        "Förbundet har under perioden\nfinansierat tio insatser.\n\nAndra stycket.\n",
        encoding="utf-8",
    )
    out = tmp_path / "ut"
    assert main(["delarsrapport", "2019-08-31", "--ledger", str(ledger / "main.beancount"),
                 "--out", str(out)]) == 0
    income = rows(out / "resultatrakning.csv")
    balance = rows(out / "balansrakning.csv")
    # The result of 1 January – 31 August, against an independent sum of the ledger.
    now = result_by_loader(datetime.date(2019, 1, 1), datetime.date(2019, 8, 31))
    before = result_by_loader(datetime.date(2018, 1, 1), datetime.date(2018, 8, 31))
    assert income["Årets resultat"] == [str(now), str(before)]
    # The balance sheet balances, at the date and at the last year end.
    total = "SUMMA EGET KAPITAL, AVSÄTTNINGAR OCH SKULDER"
    assert balance["SUMMA TILLGÅNGAR"] == balance[total]
    # The period's result is the change in equity since the year end.
    equity_now, equity_then = (int(v) for v in balance["Summa eget kapital"])
    assert equity_now - equity_then == now
    assert equity_then == 2992390  # equity 2018-12-31 in the published annual report 2019
    # The forecast's full year starts from the same actual.
    forecast = rows(out / "prognos.csv")
    assert forecast["Årets resultat"][0] == str(now)
    assert rows(out / "text.csv") == {
        "Förbundet har under perioden finansierat tio insatser.": [], "Andra stycket.": []
    }


def test_interim_report_outside_the_fiscal_years_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "ut"
    assert main(["delarsrapport", "2021-06-30", "--out", str(out)]) == 1
    assert not out.exists()


def test_interim_report_without_its_text_is_an_error_not_a_placeholder(
    tmp_path: Path, capsys: object
) -> None:
    ledger = tmp_path / "ledger"
    shutil.copytree(ROOT / "ledger", ledger)
    out = tmp_path / "ut"
    assert main(["delarsrapport", "2019-08-31", "--ledger", str(ledger / "main.beancount"),
                 "--out", str(out)]) == 1
    assert not out.exists()
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert "delarsrapport-2019-08-31.txt: delårsrapportens text saknas" in err
    # An empty file is no text either.
    (ledger / "delarsrapport-2019-08-31.txt").write_text("\n\n", encoding="utf-8")
    assert main(["delarsrapport", "2019-08-31", "--ledger", str(ledger / "main.beancount"),
                 "--out", str(out)]) == 1
    assert not out.exists()


def test_interim_forecast_text_names_the_methods_not_the_docs(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger"
    shutil.copytree(ROOT / "ledger", ledger)
    (ledger / "delarsrapport-2019-08-31.txt").write_text("Text.\n", encoding="utf-8")
    out = tmp_path / "ut"
    assert main(["delarsrapport", "2019-08-31", "--ledger", str(ledger / "main.beancount"),
                 "--out", str(out)]) == 0
    html = (out / "delarsrapport.html").read_text(encoding="utf-8")
    assert "docs/followup.md" not in html and "Ingen text" not in html
    assert "periodiseras: årsbudgeten" in html
