"""A small two-year ledger for the statement tests, and helpers (no tests here).

Figures by hand (kr): 2018 opens with 1 000.00 in the bank (voucher A1, 1 January, against
equity); result 2018 = 500 + 100 − 300 = 300.00. 2019: revenue 600.50 + 10.00, costs
400.25 + 200.00 + 50.00 + 0.49 (bank fee), result −40.24; equity 1 300.00 → 1 259.76.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from finsam_accounts.ledger import Ledger, load
from finsam_accounts.statements.spec import DEFAULT_SPEC, Specification, parse_spec

HEADER = """\
option "title" "Testförbundet"
option "operating_currency" "SEK"
option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"
2018-01-01 custom "verksamhet" "SAMO" "Testförbundet" "förbund"
2018-01-01 custom "verksamhet" "HFE" "Testprojektet" "projekt"
"""

CHART = """
2018-01-01 open Tillgångar:Kundfordringar SEK
  nr: "1510"
  rubrik: "Fakturafordringar"
2018-01-01 open Tillgångar:Bank SEK
  nr: "1930"
2018-01-01 open Eget-kapital:Eget-kapital SEK
  nr: "2010"
2018-01-01 open Skulder:Leverantörsskulder SEK
  nr: "2440"
  rubrik: "Leverantörsskulder"
2018-01-01 open Intäkter:SAMO:Staten SEK
  nr: "3510"
  verksamhet: "SAMO"
  rubrik: "Driftbidrag från staten"
2018-01-01 open Intäkter:SAMO:Övriga SEK
  nr: "3591"
  verksamhet: "SAMO"
  rubrik: "Övriga intäkter"
2018-01-01 open Intäkter:HFE:EU SEK
  nr: "3560"
  verksamhet: "HFE"
  rubrik: "EU-medel"
2018-01-01 open Kostnader:SAMO:Vännäs SEK
  nr: "4611"
  verksamhet: "SAMO"
  rubrik: "Vännäs"
2018-01-01 open Kostnader:SAMO:Social-redovisning SEK
  nr: "4710"
  verksamhet: "SAMO"
  rubrik: "Social redovisning"
2018-01-01 open Kostnader:SAMO:Löner SEK
  nr: "5021"
  verksamhet: "SAMO"
  rubrik: "Kanslipersonal"
2018-01-01 open Kostnader:HFE:Löner SEK
  nr: "5022"
  verksamhet: "HFE"
  rubrik: "Kanslipersonal"
2018-01-01 open Kostnader:SAMO:Bankavgifter SEK
  nr: "8590"
  verksamhet: "SAMO"
  rubrik: "Övrig administration"
"""

YEAR_2018 = """
2018-01-01 * "Ingående balans"
  ib: TRUE
  Tillgångar:Bank  1000.00 SEK
  Eget-kapital:Eget-kapital  -1000.00 SEK
2018-03-01 * "Staten" "Medlemsavgift"
  Tillgångar:Bank  500.00 SEK
  Intäkter:SAMO:Staten
2018-06-01 * "Vännäs" "Insats"
  Kostnader:SAMO:Vännäs  300.00 SEK
  Skulder:Leverantörsskulder
2018-12-31 * "ESF" "Upplupen intäkt"
  Tillgångar:Kundfordringar  100.00 SEK
  Intäkter:HFE:EU
"""

YEAR_2019 = """
2019-02-01 * "Vännäs" "Betalning"
  Skulder:Leverantörsskulder  300.00 SEK
  Tillgångar:Bank
2019-03-01 * "Staten" "Medlemsavgift"
  Tillgångar:Bank  600.50 SEK
  Intäkter:SAMO:Staten
2019-04-01 * "Vännäs" "Insats"
  Kostnader:SAMO:Vännäs  400.25 SEK
  Tillgångar:Bank
2019-05-01 * "Lön"
  Kostnader:SAMO:Löner  200.00 SEK
  Tillgångar:Bank
2019-05-02 * "Lön HFE"
  Kostnader:HFE:Löner  50.00 SEK
  Tillgångar:Bank
2019-06-01 * "Bank" "Avgift"
  Kostnader:SAMO:Bankavgifter  0.49 SEK
  Tillgångar:Bank
2019-07-01 * "Övrigt"
  Tillgångar:Bank  10.00 SEK
  Intäkter:SAMO:Övriga
2019-08-01 * "ESF" "Betalning"
  Tillgångar:Bank  100.00 SEK
  Tillgångar:Kundfordringar
"""

BUDGET_2019 = """
2019-01-01 custom "budget" Intäkter:SAMO:Staten "yearly" -600.00 SEK
2019-01-01 custom "budget" Kostnader:SAMO:Vännäs "yearly" 500.00 SEK
2019-01-01 custom "budget" Kostnader:SAMO:Social-redovisning "yearly" 50.00 SEK
2019-01-01 custom "budget" Kostnader:SAMO:Löner "yearly" 250.00 SEK
2019-01-01 custom "budget-eget-kapital" 1000.00 SEK
"""

FULL = CHART + YEAR_2018 + YEAR_2019 + BUDGET_2019


def write_ledger(tmp_path: Path, body: str = FULL, name: str = "main.beancount") -> Path:
    """Write a ledger file (with the Swedish root names) like Fava's test helper load_doc."""
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def load_ledger(tmp_path: Path, body: str = FULL) -> Ledger:
    ledger = load(write_ledger(tmp_path, body))
    assert ledger.errors == []
    return ledger


def spec_text() -> str:
    return DEFAULT_SPEC.read_text(encoding="utf-8")


def altered_spec(old: str, new: str) -> Specification:
    """The shipped specification with one piece of text replaced (must occur once)."""
    text = spec_text()
    assert text.count(old) == 1, old
    return parse_spec(tomllib.loads(text.replace(old, new)))


def write_books(tmp_path: Path, body: str = FULL) -> Path:
    """The statements fixture as books the command accepts: in a folder of their own (a
    report is never written among the books), with the plugin enabled and every
    transaction numbered (A1, A2, ... per year)."""
    folder = tmp_path / "ledger"
    folder.mkdir(exist_ok=True)
    numbered: list[str] = []
    counters: dict[str, int] = {}
    for line in ('plugin "finsam_accounts.plugin"\n' + body).splitlines():
        numbered.append(line)
        if re.match(r"^\d{4}-\d\d-\d\d \* ", line):
            counters[line[:4]] = counters.get(line[:4], 0) + 1
            numbered.append(f'  ver: "A{counters[line[:4]]}"')
    return write_ledger(folder, "\n".join(numbered) + "\n")
