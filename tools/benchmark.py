"""Benchmark: how long loading the ledger and producing the annual report take.

Speed is measured here, not asserted in tests. Run with
``.venv/bin/python tools/benchmark.py [--runs N] [--ledger FIL] [--year ÅR]``; it prints the
minimum, median and maximum wall time of each step over N runs.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from finsam_accounts.ledger import load
from finsam_accounts.render.report import write_report
from finsam_accounts.statements.annual_report import build
from finsam_accounts.statements.spec import DEFAULT_SPEC, load_spec


def timed(step: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description="Mät tiden för inläsning och årsredovisning.")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--ledger", default="ledger/main.beancount")
    parser.add_argument("--year", type=int, default=2019)
    args = parser.parse_args()

    ledger = load(args.ledger)
    spec = load_spec(DEFAULT_SPEC)
    with tempfile.TemporaryDirectory() as out:
        steps: dict[str, Callable[[], object]] = {
            "inläsning (beancount + plugin)": lambda: load(args.ledger),
            "räkenskaperna (motor + avstämning)": lambda: build(
                spec, ledger.entries, ledger.options, args.year
            ),
            "skriva CSV/HTML/XLSX": lambda: write_report(
                build(spec, ledger.entries, ledger.options, args.year), Path(out)
            ),
        }
        print(f"{len(ledger.transactions)} verifikationer, {args.runs} körningar per steg")
        for name, step in steps.items():
            times = timed(step, args.runs)
            print(
                f"{name:<38} min {min(times):.3f} s  median {statistics.median(times):.3f} s"
                f"  max {max(times):.3f} s"
            )


if __name__ == "__main__":
    main()
