#!/usr/bin/env python3
"""Benchmark: importing a year's bank file (5 000 lines) into the example ledger.

Writes (seeded, into a temporary folder, never committed) a camt.053.001.02 statement for
2019 with ``--lines`` entries: counterparties taken from the example ledger's payees (so
the learned rules and the open invoices take part) and unknown ones (suspense account),
then times

* reading and proposing in one process (``read_statement`` + ``propose`` + printing the
  text with beancount's printer), the books already loaded: the import itself;
* the whole command ``finsam bank-import FIL --ut …`` as a user runs it (books loaded
  through the load cache, warm after the first run).

    .venv/bin/python tools/benchmark_bank.py                 # 5 000 lines, 3 runs
    .venv/bin/python tools/benchmark_bank.py --lines 20000 --runs 1

The goal (issue 17): a year's file of 5 000 lines in under 2 s. On a shared, busy machine
the wall time says little; the processor time of the import is printed beside it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEDGER = ROOT / "ledger" / "main.beancount"
CAMT = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"
IBAN = "SE4580000832790000012345"
SEED = 2019


def statement(lines: int, payees: Sequence[str], seed: int = SEED) -> bytes:
    rng = random.Random(seed)
    ET.register_namespace("", CAMT)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        node = ET.SubElement(parent, f"{{{CAMT}}}{tag}", attrs)
        node.text = text
        return node

    root = ET.Element(f"{{{CAMT}}}Document")
    stmt = sub(sub(root, "BkToCstmrStmt"), "Stmt")
    sub(sub(sub(stmt, "Acct"), "Id"), "IBAN", IBAN)
    first = dt.date(2019, 1, 1)
    for index in range(1, lines + 1):
        day = first + dt.timedelta(days=rng.randrange(365))
        value = Decimal(rng.randrange(-5_000_000, 5_000_000)) / 100 or Decimal("1.00")
        entry = sub(stmt, "Ntry")
        sub(entry, "Amt", f"{abs(value):.2f}", Ccy="SEK")
        sub(entry, "CdtDbtInd", "CRDT" if value > 0 else "DBIT")
        sub(entry, "Sts", "BOOK")
        sub(sub(entry, "BookgDt"), "Dt", day.isoformat())
        sub(entry, "AcctSvcrRef", f"BENCH{index:07d}")
        details = sub(sub(entry, "NtryDtls"), "TxDtls")
        name = rng.choice(payees) if rng.random() < 0.7 else f"Okänd motpart {index % 97}"
        sub(sub(sub(details, "RltdPties"), "Dbtr" if value > 0 else "Cdtr"), "Nm", name)
        sub(sub(details, "RmtInf"), "Ustrd", f"Betalning {index}")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=5000, help="bankrader i filen")
    parser.add_argument("--runs", type=int, default=3, help="körningar per mätning")
    args = parser.parse_args(argv)

    from beancount.core import data

    from finsam_accounts.bank.propose import propose
    from finsam_accounts.bank.read import read_statement
    from finsam_accounts.bank.write import entries_text
    from finsam_accounts.ledger import load

    ledger = load(LEDGER)
    payees = sorted({e.payee for e in ledger.entries if isinstance(e, data.Transaction)
                     and e.payee})
    with tempfile.TemporaryDirectory(prefix="finsam-bank-") as folder:
        path = Path(folder) / "2019-camt053.xml"
        path.write_bytes(statement(args.lines, payees))
        inside: list[float] = []
        cpu: list[float] = []
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            result = propose(ledger.entries, read_statement(str(path)), str(path))
            entries_text(result.entries, "benchmark", ledger.options)
            inside.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        command: list[float] = []
        command_cpu: list[float] = []
        for _ in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(
                [str(Path(sys.executable).parent / "finsam"), "bank-import", str(path),
                 "--ledger", str(LEDGER), "--ut", str(Path(folder) / "forslag.beancount")],
                check=True, capture_output=True,
            )
            command.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            command_cpu.append(after.ru_utime + after.ru_stime - before.ru_utime
                               - before.ru_stime)
    proposed = sum(isinstance(e, data.Transaction) for e in result.entries)
    print(f"{args.lines} bankrader, {proposed} förslag ({result.matched} mot fakturor, "
          f"{result.by_rule} enligt motpart, {len(result.unmatched)} oklarade)")
    print(f"  läsa och föreslå (bokföringen inläst): {statistics.median(inside):.2f} s "
          f"(processortid {statistics.median(cpu):.2f} s)")
    print(f"  hela kommandot finsam bank-import:     {statistics.median(command):.2f} s "
          f"(processortid {statistics.median(command_cpu):.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
