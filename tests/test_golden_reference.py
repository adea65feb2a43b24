"""Golden tests: the example ledger reproduces the published 2019 report, and the committed
``reports/2019/`` is exactly what the tool generates.

Every figure of ``tests/reference/umearegionen-2019/*.csv`` (the published report, its source
named in the README there) must come out with the same
row label: exactly, or within 1 kr where the reference README marks a rounding difference
(the published sum was rounded from its rounded terms, ours from the exact öre sum). The
cash-flow statement is compared with the reference's reconciled ("avstämd") columns.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from finsam_accounts.cli import main

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = Path(__file__).resolve().parent / "reference" / "umearegionen-2019"
LEDGER = ROOT / "ledger/main.beancount"
COMMITTED = ROOT / "reports/2019"

# reference file -> (our file, reference column -> our column; unmapped columns are ours too)
FILES: dict[str, tuple[str, dict[str, str]]] = {
    "resultatrakning.csv": ("resultatrakning.csv", {}),
    "balansrakning.csv": ("balansrakning.csv", {}),
    "kassaflodesanalys.csv": (
        "kassaflodesanalys.csv",
        {"2019 avstämd": "2019", "2018 avstämd": "2018"},
    ),
    "driftsredovisning.csv": ("driftsredovisning.csv", {}),
    "not1_intakter_samo.csv": ("not1_intakter_samo.csv", {}),
    "not2_intakter_hfe.csv": ("not2_intakter_hfe.csv", {}),
    "not3_fordringar.csv": ("not3_fordringar.csv", {}),
    "not4_kortfristiga_skulder.csv": ("not4_kortfristiga_skulder.csv", {}),
    "utfall_budget_2019.csv": ("utfall_budget.csv", {}),
}
# The published columns of the cash-flow statement hold the error the README describes.
PUBLISHED_ERROR = {"2019 publicerad", "2018 publicerad"}

# (reference file, row key, reference column): the README's rounding differences.
ROUNDING = {
    ("resultatrakning.csv", "Resultat efter finansiella poster", "2019"),
    ("balansrakning.csv", "Summa eget kapital", "2018-12-31"),
    ("balansrakning.csv", "Summa skulder", "2018-12-31"),
    ("balansrakning.csv", "SUMMA EGET KAPITAL, AVSÄTTNINGAR OCH SKULDER", "2018-12-31"),
    ("not4_kortfristiga_skulder.csv", "Summa", "2018-12-31"),
    ("utfall_budget_2019.csv", "Insatser SAMO/Insats NAFS/Primärvården och plattformarna",
     "differens"),
    ("utfall_budget_2019.csv", "Insatser SAMO/Summa", "differens"),
    ("utfall_budget_2019.csv", "Kansli, styrelse och administrativa kostn. SAMO/Summa",
     "utfall 2019"),
    ("utfall_budget_2019.csv", "Kansli och administrativa kostnader HFE/Summa", "utfall 2019"),
    # The reconciled operating flow mixes rounded terms; ours is the exact flow, rounded.
    ("kassaflodesanalys.csv", "Kassaflöde från den löpande verksamheten", "2019 avstämd"),
    ("kassaflodesanalys.csv", "Kassaflöde från den löpande verksamheten", "2018 avstämd"),
}


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def key(row: dict[str, str]) -> str:
    return f"{row['avsnitt']}/{row['rad']}" if "avsnitt" in row else row["rad"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reports") / "2019"
    assert main(["arsredovisning", "2019", "--ledger", str(LEDGER), "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize("reference_file", sorted(FILES))
def test_reproduces_the_published_figures(generated: Path, reference_file: str) -> None:
    ours_file, renamed = FILES[reference_file]
    ref_columns, ref_rows = read(REFERENCE / reference_file)
    our_columns, our_rows = read(generated / ours_file)
    compared = [c for c in ref_columns if c not in PUBLISHED_ERROR]
    assert [renamed.get(c, c) for c in compared] == our_columns
    assert [key(r) for r in ref_rows] == [key(r) for r in our_rows]
    differences = []
    for ref, ours in zip(ref_rows, our_rows, strict=True):
        for column in compared:
            expected, actual = ref[column], ours[renamed.get(column, column)]
            if expected == actual:
                continue
            allowed = (reference_file, key(ref), column) in ROUNDING
            if not (allowed and expected and actual and abs(int(expected) - int(actual)) <= 1):
                differences.append(f"{key(ref)} [{column}]: referens {expected!r}, vår {actual!r}")
    assert differences == []


def test_committed_report_is_what_the_tool_generates(generated: Path) -> None:
    committed = sorted(p.name for p in COMMITTED.iterdir())
    assert committed == sorted(p.name for p in generated.iterdir())
    for name in committed:
        assert (COMMITTED / name).read_bytes() == (generated / name).read_bytes(), name
