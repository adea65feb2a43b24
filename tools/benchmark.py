#!/usr/bin/env python3
"""Benchmark: how long the commands take on a large förbund's books, next to bean-check.

Speed is measured here, never asserted in tests. The script writes (deterministically,
seeded, never committed) ledgers in the example ledger's conventions at the requested
sizes, 10 years each, into a temporary folder (or ``--dir``), then times whole processes
side by side in one run:

* ``bean-check --no-cache`` (cold: beancount's own pickle cache off), the yardstick;
* ``finsam check`` and ``finsam arsredovisning LAST_YEAR`` cold, as after a change to the
  books (the load cache misses and is written), and the report without the cache
  (``FINSAM_CACHE=0``);
* ``finsam arsredovisning`` warm (books unchanged since the last run: load cache hit);
* ``finsam --help``;

* ``finsam verifikationslista`` and ``finsam huvudbok`` of the last year, cold;

and, first, every ``finsam`` command that makes a report on the example ledger
(``ledger/``, 790 vouchers), cold (an empty cache folder) and warm (the same command
again). It prints each command's median wall time over ``--runs`` runs, its processor time
(user and system of the process, which the machine's load changes little) and the ratio
of its wall time to a cold bean-check of the same ledger, as Markdown tables for
docs/performance.md::

    .venv/bin/python tools/benchmark.py                       # example + 10 000 (< 5 min)
    .venv/bin/python tools/benchmark.py --sizes 100000 --utan-exempel --utan-fava
    .venv/bin/python tools/benchmark.py --sizes 10000 --runs 3 --utan-exempel
    .venv/bin/python tools/benchmark.py --flytta-in 50000     # flytta-in, 10 år SIE-filer

Why the books look the way they do: the kontoplan, members and trappan table are the
example ledger's own (``ledger/``, dates moved to the first year), so the shipped
specification covers every account; vouchers carry payee, narration and ``ver`` numbered
gap-free per series and year, the plugin is enabled, and every year has its
``räkenskapsår``, contribution data and budget, so ``bean-check`` finds no errors and the
annual report of the last year reconciles.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "ledger"
BIN = Path(sys.executable).parent

FIRST_YEAR = 2010
YEARS = 10
SEED = 2019

BANK = "Tillgångar:Kassa-och-bank:Bankkonto"
KF = "Tillgångar:Fordringar:Kundfordringar"
LEV = "Skulder:Kortfristiga:Leverantörsskulder"
EK = "Eget-kapital:Eget-kapital"
BANKAVG = "Kostnader:SAMO:Finansiella:Bankavgifter"
LON = "Kostnader:SAMO:Kansli:Löner"

# Members: id, payee, contribution account, group; kommun weights split the group's quarter.
MEMBERS = [
    ("staten", "Försäkringskassan", "Intäkter:SAMO:Medlemsavgifter:Staten", "stat", 0),
    (
        "region",
        "Region Västerbotten",
        "Intäkter:SAMO:Medlemsavgifter:Region-Västerbotten",
        "region",
        0,
    ),
    ("umea", "Umeå kommun", "Intäkter:SAMO:Medlemsavgifter:Umeå", "kommun", 60),
    ("vannas", "Vännäs kommun", "Intäkter:SAMO:Medlemsavgifter:Vännäs", "kommun", 9),
    ("nordmaling", "Nordmalings kommun", "Intäkter:SAMO:Medlemsavgifter:Nordmaling", "kommun", 8),
    ("robertsfors", "Robertsfors kommun", "Intäkter:SAMO:Medlemsavgifter:Robertsfors", "kommun", 8),
    ("vindeln", "Vindelns kommun", "Intäkter:SAMO:Medlemsavgifter:Vindeln", "kommun", 6),
    ("bjurholm", "Bjurholms kommun", "Intäkter:SAMO:Medlemsavgifter:Bjurholm", "kommun", 3),
]
GROUP_PERCENT = {"stat": 50, "region": 25, "kommun": 25}

# Suppliers and what they invoice (cost accounts of the example's kontoplan).
SUPPLIERS = [
    ("Umeå kommun", "Kostnader:SAMO:Insatser:Ungdomstorget", "Insats Ungdomstorget"),
    ("Umeå kommun", "Kostnader:SAMO:Insatser:Vuxentorget", "Insats Vuxentorget"),
    ("Region Västerbotten", "Kostnader:SAMO:Insatser:NAFS-Primärvården", "Insats NAFS"),
    ("Vännäs kommun", "Kostnader:SAMO:Insatser:Vännäs", "Insats Vännäs"),
    ("Nordmalings kommun", "Kostnader:SAMO:Insatser:Nordmaling", "Insats Nordmaling"),
    ("Vindelns kommun", "Kostnader:SAMO:Insatser:Vindeln", "Insats Vindeln"),
    ("Robertsfors kommun", "Kostnader:SAMO:Insatser:Robertsfors", "Insats Robertsfors"),
    ("Bjurholms kommun", "Kostnader:SAMO:Insatser:Bjurholm", "Insats Bjurholm"),
    ("Ramböll Sverige AB", "Kostnader:SAMO:Verksamhetsnära:Analys", "Utvärdering"),
    ("Folkuniversitetet", "Kostnader:SAMO:Verksamhetsnära:Kompetensutveckling", "Utbildning"),
    ("KFUM Umeå", "Kostnader:SAMO:Kansli:Lokal-dator-telefon", "Hyra kansli"),
    ("Telia Sverige AB", "Kostnader:SAMO:Kansli:Lokal-dator-telefon", "Telefoni"),
    ("Visma Spcs AB", "Kostnader:SAMO:Kansli:Ekonomisk-administration", "Ekonomisystem"),
    ("PwC", "Kostnader:SAMO:Kansli:Revisionsarvoden", "Revision"),
    ("SJ AB", "Kostnader:SAMO:Kansli:Resor-konferenser", "Resa"),
    ("Staples Sverige AB", "Kostnader:SAMO:Kansli:Övrig-administration", "Kontorsmaterial"),
]


@dataclass
class Voucher:
    date: dt.date
    series: str
    payee: str
    narration: str
    postings: list[tuple[str, int]]  # account, öre
    meta: dict[str, str] = field(default_factory=dict)


def kronor(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    return f"{sign}{abs(ore) // 100}.{abs(ore) % 100:02d}"


def split(total: int, weights: Sequence[int]) -> list[int]:
    """``total`` split by ``weights`` in whole units, the rest on the first part."""
    parts = [total * w // sum(weights) for w in weights]
    parts[0] += total - sum(parts)
    return parts


def year_dates(year: int) -> list[dt.date]:
    start = dt.date(year, 1, 1)
    return [start + dt.timedelta(days=i) for i in range((dt.date(year + 1, 1, 1) - start).days)]


def allocation(year: int) -> int:
    """The year's total contributions in whole kronor, divisible by 4 (quarters)."""
    return 11_000_000 + 100_000 * (year - FIRST_YEAR)


def member_amounts(year: int) -> dict[str, int]:
    """Each member's contribution for the year in kronor (kommun shares by weight)."""
    total = allocation(year)
    amounts = {"staten": total // 2, "region": total // 4}
    kommuner = [m for m in MEMBERS if m[3] == "kommun"]
    for member, amount in zip(kommuner, split(total // 4, [m[4] for m in kommuner]), strict=True):
        amounts[member[0]] = amount
    return amounts


def vouchers_for(count: int, years: int, seed: int) -> list[Voucher]:
    """``count`` vouchers over ``years`` years, deterministic for a seed."""
    rng = random.Random(seed)
    last = FIRST_YEAR + years - 1
    out: list[Voucher] = [
        Voucher(
            dt.date(FIRST_YEAR, 1, 1),
            "A",
            "Samordningsförbundet",
            f"Ingående balans {FIRST_YEAR}-01-01",
            [(BANK, 150_000_000), (EK, -150_000_000)],
            {"ib": "TRUE"},
        )
    ]
    per_year = split(count - 1, [1] * years)
    for index, year in enumerate(range(FIRST_YEAR, last + 1)):
        wanted = per_year[index]
        mine: list[Voucher] = []
        amounts = member_amounts(year)
        for member_id, payee, account, _, _ in MEMBERS:
            for quarter, amount in enumerate(split(amounts[member_id] * 100, [1] * 4)):
                day = dt.date(year, 3 * quarter + 1, 15)
                text = f"Medlemsavgift {year} kvartal {quarter + 1}"
                mine.append(Voucher(day, "K", payee, text, [(KF, amount), (account, -amount)]))
                paid = day + dt.timedelta(days=20)
                mine.append(
                    Voucher(
                        paid,
                        "B",
                        payee,
                        f"Inbetalning {text.lower()}",
                        [(BANK, amount), (KF, -amount)],
                    )
                )
        for month in range(1, 13):
            salary = 5_500_000 + rng.randrange(0, 500_000)
            mine.append(
                Voucher(
                    dt.date(year, month, 25),
                    "L",
                    "Kansliets personal",
                    f"Löner {year}-{month:02d}",
                    [(LON, salary), (BANK, -salary)],
                )
            )
        days = year_dates(year)
        remaining = wanted - len(mine)
        invoices = max(remaining // 2, 0)
        # Costs about equal to income, so equity stays near its opening level.
        mean = max((allocation(year) * 100 - 12 * 5_750_000) // max(invoices, 1), 100)
        for number in range(invoices):
            supplier, account, what = SUPPLIERS[rng.randrange(len(SUPPLIERS))]
            amount = rng.randrange(mean // 2, mean * 3 // 2 + 1)
            day = days[rng.randrange(len(days))]
            no = f"{year % 100:02d}{number + 1:05d}"
            mine.append(
                Voucher(
                    day,
                    "F",
                    supplier,
                    f"{what}, faktura {no}",
                    [(account, amount), (LEV, -amount)],
                    {"underlag": f"faktura {no}"},
                )
            )
            paid = min(day + dt.timedelta(days=30), dt.date(year, 12, 31))
            mine.append(
                Voucher(
                    paid, "B", supplier, f"Betalning faktura {no}", [(LEV, amount), (BANK, -amount)]
                )
            )
        while len(mine) < wanted:
            fee = 3_000 + rng.randrange(0, 10_000)
            day = days[rng.randrange(len(days))]
            mine.append(Voucher(day, "B", "Swedbank", "Bankavgift", [(BANKAVG, fee), (BANK, -fee)]))
        out.extend(mine[:wanted] if len(mine) > wanted else mine)
    return out


def render_voucher(voucher: Voucher, ver: str) -> str:
    lines = [f'{voucher.date} * "{voucher.payee}" "{voucher.narration}"', f'  ver: "{ver}"']
    for key, value in voucher.meta.items():
        lines.append(f"  {key}: {value}" if value == "TRUE" else f'  {key}: "{value}"')
    for account, amount in voucher.postings:
        lines.append(f"  {account:<60} {kronor(amount):>14} SEK")
    return "\n".join(lines) + "\n"


ROOT_NAMES = "\n".join(
    f'option "{key}" "{value}"'
    for key, value in (
        ("name_assets", "Tillgångar"),
        ("name_liabilities", "Skulder"),
        ("name_equity", "Eget-kapital"),
        ("name_income", "Intäkter"),
        ("name_expenses", "Kostnader"),
    )
)


def example_file(name: str, first_day: dt.date) -> str:
    """A file of the example ledger with every directive's date moved to ``first_day``.

    Of trappan.beancount only the latest table (the förbund's own) is kept: the example's
    tables differ only in date, and two tables of one date are an error.
    """
    text = (EXAMPLE / name).read_text(encoding="utf-8")
    if name == "trappan.beancount":
        latest = max(re.findall(r'^(\d{4}-\d{2}-\d{2}) custom "trappan"', text, re.MULTILINE))
        kept, keep = [], True
        for line in text.splitlines(keepends=True):
            if re.match(r"\d{4}-\d{2}-\d{2} ", line):
                keep = line.startswith(latest)
            elif not line.startswith(" "):
                keep = True  # options and comments
            if keep:
                kept.append(line)
        text = "".join(kept)
    return re.sub(r"^\d{4}-\d{2}-\d{2}", first_day.isoformat(), text, flags=re.MULTILINE)


def write_ledger(directory: Path, count: int, years: int = YEARS, seed: int = SEED) -> Path:
    """Write a ledger of ``count`` vouchers over ``years`` years; return its main file."""
    directory.mkdir(parents=True, exist_ok=True)
    last = FIRST_YEAR + years - 1
    first_day = dt.date(FIRST_YEAR, 1, 1)
    files: dict[str, str] = {
        name: example_file(name, first_day)
        for name in ("kontoplan.beancount", "medlemmar.beancount", "trappan.beancount")
    }
    vouchers = vouchers_for(count, years, seed)
    by_year: dict[int, list[Voucher]] = defaultdict(list)
    for voucher in vouchers:
        by_year[voucher.date.year].append(voucher)
    balances: dict[str, int] = defaultdict(int)
    for year in range(FIRST_YEAR, last + 1):
        mine = sorted(by_year[year], key=lambda v: (v.date, v.series))
        counters: dict[str, int] = defaultdict(int)
        parts = [ROOT_NAMES, f"\n; Verifikationer {year} (genererade av tools/benchmark.py).\n"]
        for voucher in mine:
            counters[voucher.series] += 1
            parts.append(render_voucher(voucher, f"{voucher.series}{counters[voucher.series]}"))
            for account, amount in voucher.postings:
                balances[account] += amount
        closing = dt.date(year + 1, 1, 1)
        parts.extend(
            f"{closing} balance {account:<60} {kronor(balances[account]):>14} SEK\n"
            for account in (BANK, KF, LEV)
        )
        files[f"{year}.beancount"] = "\n".join(parts)
        files[f"budget-{year}.beancount"] = budget_file(year)
    files["medlemsavgifter.beancount"] = contributions_file(first_day, FIRST_YEAR, last)
    files["main.beancount"] = main_file(FIRST_YEAR, last, sorted(files))
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory / "main.beancount"


def budget_file(year: int) -> str:
    lines = [ROOT_NAMES, f"\n; Budget {year}."]
    for member_id, _, account, _, _ in MEMBERS:
        amount = -member_amounts(year)[member_id] * 100
        lines.append(f'{year}-01-01 custom "budget" {account} "yearly" {kronor(amount)} SEK')
    costs = sorted({account for _, account, _ in SUPPLIERS})
    for account, amount in zip(
        costs, split((allocation(year) - 700_000) * 100, [1] * len(costs)), strict=True
    ):
        lines.append(f'{year}-01-01 custom "budget" {account} "yearly" {kronor(amount)} SEK')
    lines.append(f'{year}-01-01 custom "budget" {LON} "yearly" 690000.00 SEK')
    return "\n".join(lines) + "\n"


def contributions_file(first_day: dt.date, first: int, last: int) -> str:
    lines = [ROOT_NAMES, "\n; Medlemsavgifter: tilldelning och nycklar."]
    lines.extend(
        f'{first_day} custom "medlemsavgift-andel" "{group}" {percent}'
        for group, percent in GROUP_PERCENT.items()
    )
    lines.append(f'{first_day} custom "medlemsavgift-tolerans" 1000.00 SEK')
    lines.append(f'{first_day} custom "medlemsavgift-fakturering" "K" {KF}')
    for year in range(first, last + 1):
        day = dt.date(year, 1, 1)
        lines.append(f'{day} custom "medlemsavgift-tilldelning" {year} {allocation(year)}.00 SEK')
        # As in the example ledger, the "population" is the contribution in kronor, so the
        # key gives exactly the booked amounts.
        lines.extend(
            f'{day} custom "befolkning" {year} "{member_id}" {amount}'
            for member_id, amount in member_amounts(year).items()
            if member_id not in ("staten", "region")
        )
    return "\n".join(lines) + "\n"


def example_declarations(first_day: dt.date) -> list[str]:
    """The example main file's declarations of activities (``custom "verksamhet"``)."""
    text = example_file("main.beancount", first_day)
    return [line for line in text.splitlines() if ' custom "verksamhet" ' in line]


def main_file(first: int, last: int, includes: list[str]) -> str:
    lines = [
        "; Genererad av tools/benchmark.py: en stor förbunds historia, för mätningar.",
        'option "title" "Samordningsförbundet Mätbyn"',
        'option "operating_currency" "SEK"',
        ROOT_NAMES,
        'option "inferred_tolerance_default" "SEK:0.005"',
        'plugin "finsam_accounts.plugin"',
    ]
    lines.extend(example_declarations(dt.date(first, 1, 1)))
    lines.extend(f'{year}-01-01 custom "räkenskapsår" {year}' for year in range(first, last + 1))
    lines.extend(f'include "{name}"' for name in includes)
    return "\n".join(lines) + "\n"


def annual_report(main: Path, year: int) -> Any:
    """The annual report of ``year`` from the books at ``main``, built in-process.

    The one place that calls the statements engine, so it can follow the engine's changes.
    """
    from finsam_accounts import domain
    from finsam_accounts.ledger import load
    from finsam_accounts.statements.annual_report import build
    ledger = load(main)
    if ledger.errors:
        raise ValueError(f"{len(ledger.errors)} fel i {main}")
    return build(None, domain.of(ledger.entries, ledger.options), year)


# ----------------------------------------------------------------------------- timing


@dataclass
class Timing:
    """One run of a command: wall time, processor time (user + system) and whether it
    said anything on stderr (progress) while it ran."""

    wall: float
    cpu: float
    said: bool


def timed(command: list[str], env: dict[str, str], cwd: Path) -> Timing:
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(
            f"{' '.join(command)} gav slutstatus {result.returncode}:\n{result.stderr[-2000:]}"
        )
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    # A progress line ends with an ellipsis (finsam_accounts/commands/progress.py).
    said = any(line.rstrip().endswith("…") for line in result.stderr.splitlines())
    return Timing(elapsed, cpu, said)


def median(runs: Sequence[Timing]) -> Timing:
    return Timing(statistics.median(t.wall for t in runs), statistics.median(t.cpu for t in runs),
                  any(t.said for t in runs))


def settled(folder: Path, limit: float = 300, quiet: float = 3) -> None:
    """Wait until the cache written in the background is in place in ``folder`` (or, for a
    command that writes none, until ``quiet`` seconds passed without a writer at work)."""
    start = time.monotonic()
    while time.monotonic() < start + limit:
        writing = list(folder.glob(".tmp-*"))
        if not writing and (list(folder.glob("*.pickle"))
                            or time.monotonic() > start + quiet):
            return
        time.sleep(0.05)


def cold(command: list[str], env: dict[str, str], work: Path) -> Timing:
    """A run after a change to the books: an empty cache folder (the load cache and the PDF
    cache miss), written in the background; waited for, so it is not timed alongside the
    next run."""
    empty = Path(tempfile.mkdtemp(prefix="cache-", dir=work))
    result = timed(command, {**env, "FINSAM_CACHE_DIR": str(empty)}, work)
    settled(empty)
    shutil.rmtree(empty, ignore_errors=True)
    return result


def measure(main: Path, runs: int, work: Path) -> dict[str, Timing]:
    """Median times of each command over ``runs`` runs, interleaved run by run.

    "kall" is a run after the books changed: the load cache misses (an empty cache folder)
    and is written (by a detached process: the next run waits until it is done, so it is
    not timed alongside); "utan cache" turns it off; "varm" finds it valid.
    """
    year = FIRST_YEAR + YEARS - 1
    work.mkdir(parents=True, exist_ok=True)
    warm = {**os.environ, "FINSAM_CACHE_DIR": str(work / "cache"), "FINSAM_FORLOPP": "1"}
    off = {**warm, "FINSAM_CACHE": "0"}
    finsam = str(BIN / "finsam")
    ledger = ["--ledger", str(main)]
    report = [finsam, "arsredovisning", str(year), *ledger, "--out", str(work / "rapport")]
    commands: dict[str, tuple[list[str], dict[str, str] | None]] = {
        "bean-check (kall)": ([str(BIN / "bean-check"), "--no-cache", str(main)], warm),
        "finsam check (kall)": ([finsam, "check", *ledger], None),
        "finsam arsredovisning (kall)": (report, None),
        "finsam arsredovisning (utan cache)": (report, off),
        "finsam arsredovisning (varm)": (report, warm),
        "finsam verifikationslista (kall)": (
            [finsam, "verifikationslista", str(year), *ledger, "--out", str(work / "vl")], None),
        "finsam huvudbok (kall)": (
            [finsam, "huvudbok", str(year), *ledger, "--out", str(work / "hb")], None),
        "finsam --help": ([finsam, "--help"], warm),
    }
    timed(report, warm, work)  # fills the cache for the warm runs
    settled(work / "cache")
    times: dict[str, list[Timing]] = defaultdict(list)
    for _ in range(runs):
        for name, (command, env) in commands.items():
            times[name].append(cold(command, warm, work) if env is None
                               else timed(command, env, work))
    return {name: median(values) for name, values in times.items()}


# The commands that make a report, with their arguments on the example (its last year).
EXAMPLE_COMMANDS: list[tuple[str, list[str], bool]] = [
    # (name, arguments, whether it writes into --out)
    ("check", [], False),
    ("arsredovisning", ["2019"], True),
    ("delarsrapport", ["2019-08-31"], True),
    ("uppfoljning", ["2019-08-31"], True),
    ("insatser", ["2019-08-31"], True),
    ("medlemsavgifter", ["2019"], False),
    ("medlemspaket", ["2019"], True),
    ("oversikt", ["2019"], True),
    ("uppfoljning-finsam", ["2019"], True),
    ("momsersattning", ["2019"], True),
    ("trappan", ["2019"], False),
    ("verifikationslista", ["2019"], True),
    ("huvudbok", ["2019"], True),
    ("saldobalans", ["2019-12-31"], True),
    ("reskontra", ["2019-12-31"], True),
    ("sie", ["2019"], True),
    ("specifikation", [], False),
    ("nasta", [], False),
    ("periodiska", ["2019-12-31"], False),
]


def measure_example(runs: int, work: Path) -> dict[str, tuple[Timing, Timing]]:
    """Every report command on the example ledger: (cold, warm), medians over ``runs``;
    bean-check's cold run as the yardstick, ``--help`` for start-up."""
    work.mkdir(parents=True, exist_ok=True)
    # A copy, so no run can touch the repository's books; with the interim report's text
    # (the example has none for 2019-08-31).
    shutil.copytree(EXAMPLE, work / "ledger", dirs_exist_ok=True)
    main = work / "ledger" / "main.beancount"
    (work / "ledger" / "delarsrapport-2019-08-31.txt").write_text(
        "Förbundets verksamhet har under perioden följt verksamhetsplanen.\n\n"
        "Resultatet för helåret bedöms bli i nivå med budgeten.\n", encoding="utf-8")
    base = {**os.environ, "FINSAM_FORLOPP": "1"}
    finsam = str(BIN / "finsam")
    commands: dict[str, list[str]] = {
        "bean-check": [str(BIN / "bean-check"), "--no-cache", str(main)],
        "finsam --help": [finsam, "--help"],
    }
    for name, arguments, writes in EXAMPLE_COMMANDS:
        out = ["--out", str(work / (f"{name}.se" if name == "sie" else name))] if writes else []
        commands[f"finsam {name}"] = [finsam, name, *arguments, "--ledger", str(main), *out]
    times: dict[str, list[tuple[Timing, Timing]]] = defaultdict(list)
    for _ in range(runs):
        for name, command in commands.items():
            folder = Path(tempfile.mkdtemp(prefix="cache-", dir=work))
            env = {**base, "FINSAM_CACHE_DIR": str(folder)}
            first = timed(command, env, work)
            settled(folder, limit=60)
            second = timed(command, env, work)
            shutil.rmtree(folder, ignore_errors=True)
            times[name].append((first, second))
            print(f"  {name}: {first.wall:.2f} s, {second.wall:.2f} s", file=sys.stderr)
    return {name: (median([c for c, _ in pairs]), median([w for _, w in pairs]))
            for name, pairs in times.items()}


def example_table(results: dict[str, tuple[Timing, Timing]]) -> str:
    """The example's table: cold and warm wall and processor time, the cold processor and
    wall time as ratios to bean-check's (the processor time's ratio is what a loaded
    machine changes least), and whether a run over 2 s said what it was doing."""
    base = results["bean-check"][0].wall
    base_cpu = results["bean-check"][0].cpu
    lines = [
        "| kommando | kall: cpu | kall: cpu / bean-check | kall: vägg | kall / bean-check "
        "| varm: cpu | varm: vägg | förlopp |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, (first, second) in results.items():
        slow = first.wall > 2 or second.wall > 2
        said = ("ja" if first.said or second.said else "nej") if slow else ""
        lines.append(
            f"| `{name}` | {first.cpu:.2f} s | {first.cpu / base_cpu:.2f} × | {first.wall:.2f} s "
            f"| {first.wall / base:.2f} × | {second.cpu:.2f} s | {second.wall:.2f} s | {said} |")
    return "\n".join(lines)


def size_table(results: dict[int, dict[str, Timing]]) -> str:
    """The size series: each command's wall and processor time and their ratios to
    bean-check's."""
    lines = ["| verifikationer | kommando | vägg | cpu | vägg / bean-check (kall) "
             "| cpu / bean-check (kall) |",
             "| ---: | --- | ---: | ---: | ---: | ---: |"]
    for size, timings in results.items():
        base = timings["bean-check (kall)"]
        for name, t in timings.items():
            lines.append(f"| {size:,} | {name} | {t.wall:.2f} s | {t.cpu:.2f} s "
                         f"| {t.wall / base.wall:.2f} × | {t.cpu / base.cpu:.2f} × |"
                         .replace(",", " "))
    return "\n".join(lines)


# ---------------------------------------------------------------- moving in (flytta-in)


def sie_history(directory: Path, count: int, years: int = YEARS) -> list[Path]:
    """The generated books of ``count`` vouchers over ``years`` years as one SIE 4 file per
    year (``finsam sie`` for each): the history an old system would hand over."""
    from finsam_accounts import domain, ledger
    from finsam_accounts.sie.books import export
    from finsam_accounts.sie.writer import write_bytes

    main = write_ledger(directory / "gamla", count, years=years)
    books = ledger.load(main)
    if books.errors:
        raise SystemExit(f"de genererade böckerna har fel: {books.errors[0]}")
    files = []
    for year in range(FIRST_YEAR, FIRST_YEAR + years):
        path = directory / f"gamla-{year}.se"
        path.write_bytes(write_bytes(export(domain.of(books.entries, books.options), year)))
        files.append(path)
    return files


def measure_migration(count: int, work: Path) -> tuple[float, float, str]:
    """Wall and CPU time of ``finsam flytta-in`` on a ``count``-voucher, ten-year history,
    and its last line (books written, check clean, reconciled). The CPU time is what the
    machine's load does not change; on an idle machine the wall time is about the same."""
    import resource

    files = sie_history(work, count)
    target = work / "nya"
    command = [str(BIN / "finsam"), "flytta-in", *map(str, files), "--till", str(target)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=work, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    if result.returncode != 0:
        raise SystemExit(f"finsam flytta-in gav slutstatus {result.returncode}:\n"
                         f"{result.stderr[-2000:]}")
    return elapsed, cpu, result.stdout.strip().splitlines()[-1]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Mät kommandona på genererade bokföringar, jämfört med bean-check."
    )
    parser.add_argument(
        "--sizes",
        default="10000",
        help="antal verifikationer, kommaseparerat (standard: %(default)s; den stora "
        "förbundets storlek: --sizes 100000)",
    )
    parser.add_argument("--runs", type=int, default=1, help="körningar per mätning")
    parser.add_argument("--utan-exempel", action="store_true",
                        help="mät inte varje kommando på exemplets bokföring")
    parser.add_argument("--utan-fava", action="store_true",
                        help="mät inte Fava-sidorna på de genererade bokföringarna")
    parser.add_argument("--dir", help="katalog för bokföringarna (standard: en tillfällig)")
    parser.add_argument(
        "--flytta-in",
        type=int,
        metavar="ANTAL",
        help="mät i stället finsam flytta-in på en tioårig historik med ANTAL verifikationer "
        "(t.ex. 50000; docs/performance.md)",
    )
    parser.add_argument("--bara-fava", action="store_true",
                        help="mät bara Fava-sidorna (exemplet och de genererade bokföringarna)")
    parser.add_argument("--fava-barn", help=argparse.SUPPRESS)  # fava_child's process
    parser.add_argument("--fava-ar", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.fava_barn:
        fava_child(args.fava_barn, args.fava_ar)
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    work = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="finsam-bench-"))
    try:
        if args.flytta_in:
            seconds, cpu, last = measure_migration(
                args.flytta_in, work / f"flytta-in-{args.flytta_in}"
            )
            print(f"{args.flytta_in:>7} finsam flytta-in (10 SIE-filer) {seconds:7.2f} s "
                  f"(processortid {cpu:.2f} s)")
            print(last, file=sys.stderr)
            return 0
        began = time.perf_counter()
        fava: dict[str, dict[str, Timing]] = {}
        if not args.utan_exempel and not args.bara_fava:
            print(f"Exemplet ({EXAMPLE / 'main.beancount'}):", file=sys.stderr)
            print(example_table(measure_example(args.runs, work / "exempel")))
            print()
        if not args.utan_exempel and not args.utan_fava:
            fava["exemplet"] = fava_pages(EXAMPLE / "main.beancount", work / "exempel-fava",
                                          args.runs, 2019)
        results: dict[int, dict[str, Timing]] = {}
        for size in sizes:
            start = time.perf_counter()
            main_path = write_ledger(work / f"ledger-{size}", size)
            print(
                f"{size} verifikationer skrivna på {time.perf_counter() - start:.1f} s",
                file=sys.stderr,
            )
            if not args.bara_fava:
                results[size] = measure(main_path, args.runs, work / f"run-{size}")
            if not args.utan_fava:
                fava[f"{size:,} verifikationer".replace(",", " ")] = fava_pages(
                    main_path, work / f"run-{size}", args.runs, FIRST_YEAR + YEARS - 1)
        if results:
            print(size_table(results))
        if fava:
            print("\nFava: första visningen av varje sida efter inläsningen "
                  f"(median av {args.runs}):")
            print(fava_table(fava, FIRST_YEAR + YEARS - 1))
        print(f"\n(hela mätningen: {time.perf_counter() - began:.0f} s; belastning "
              f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}; {os.cpu_count()} kärnor)")
    finally:
        if not args.dir:
            shutil.rmtree(work, ignore_errors=True)
    return 0


# ------------------------------------------------------------------- Fava (the extension)

# Every page of the extension (finsam_accounts/fava), as Fava lists them in its sidebar.
FAVA_PAGES = ["Arsredovisning", "Trappan", "Medlemsavgifter", "Budgetuppfoljning", "Insatser",
              "Delarsrapport", "Attest"]
FAVA_BY_DATE = {"Budgetuppfoljning", "Insatser", "Delarsrapport"}
INSATS_ACCOUNTS = sorted({account for _, account, _ in SUPPLIERS if ":Insatser:" in account})


def fava_ledger(main: Path) -> Path:
    """The books as ``finsam fava`` shows them: the main file with the extension enabled
    and, for the insatser page, each year's insatser on the generated books' insats
    accounts (a file beside the main file; the main file itself is left as it is)."""
    if main.parent == EXAMPLE.resolve():
        return main  # the example enables the extension and declares its insatser
    years = sorted(int(m) for m in re.findall(r'custom "räkenskapsår" (\d{4})',
                                              main.read_text(encoding="utf-8")))
    grants = [ROOT_NAMES, "\n; Insatser (genererade av tools/benchmark.py, för Fava-sidan)."]
    for year in years:
        for account in INSATS_ACCOUNTS:
            name = account.rsplit(":", 1)[-1].replace("-", " ")
            grants.append(f'{year - 1}-11-30 custom "insats" "{name}" "" {year}-01-01 '
                          f'{year}-12-31 900000.00 SEK\n  konton: "{account}"')
    (main.parent / "fava-insatser.beancount").write_text("\n".join(grants) + "\n",
                                                         encoding="utf-8")
    path = main.parent / "fava.beancount"
    path.write_text(main.read_text(encoding="utf-8")
                    + f'{dt.date(years[0], 1, 1)} custom "fava-extension" "finsam_accounts.fava"\n'
                    + 'include "fava-insatser.beancount"\n', encoding="utf-8")
    return path


def fava_child(ledger: str, year: int) -> None:
    """In a process of its own (``--fava-barn``): Fava as ``finsam fava`` builds it, loaded,
    then each page viewed once for its default (the latest year, or the last booked day)
    and once for another year or a mid-year date; prints the seconds as JSON."""
    import json

    from finsam_accounts.fava.server import make_app

    start = time.perf_counter()
    app: Any = make_app(Path(ledger))
    times = {"inläsning": time.perf_counter() - start}
    client = app.test_client()
    slug = client.get("/").headers["Location"].strip("/").split("/")[0]
    for page in FAVA_PAGES:
        other = f"?datum={year}-06-30" if page in FAVA_BY_DATE else f"?ar={year - 1}"
        for label, query in (("standard", ""), ("annat", other)):
            if page == "Attest" and query:
                continue  # one page, whatever the date
            begun = time.perf_counter()
            response = client.get(f"/{slug}/extension/{page}/{query}")
            times[f"{page} {label}"] = time.perf_counter() - begun
            if response.status_code != 200 or b'class="finsam-fel"' in response.data:
                raise SystemExit(f"{page}{query}: {response.status_code}, inga siffror")
    print(json.dumps(times))


def fava_pages(main: Path, work: Path, runs: int, year: int) -> dict[str, Timing]:
    """Median seconds of Fava's load and of each page's first view, each run in a fresh
    process (``fava_child``), beside a cold bean-check of the same books in the same run."""
    import json

    work.mkdir(parents=True, exist_ok=True)
    ledger = fava_ledger(main)
    env = {**os.environ, "FINSAM_CACHE_DIR": str(work / "fava-cache")}
    found: dict[str, list[Timing]] = defaultdict(list)
    for _ in range(runs):
        found["bean-check (kall)"].append(
            timed([str(BIN / "bean-check"), "--no-cache", str(main)], env, work))
        child = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--fava-barn", str(ledger),
             "--fava-ar", str(year)], env=env, cwd=work, capture_output=True, text=True)
        if child.returncode != 0:
            raise SystemExit(f"Fava-mätningen gav slutstatus {child.returncode}:\n"
                             f"{child.stderr[-2000:]}")
        for name, seconds in json.loads(child.stdout.strip().splitlines()[-1]).items():
            found[name].append(Timing(seconds, seconds, False))
    return {name: median(values) for name, values in found.items()}


def fava_table(results: dict[str, dict[str, Timing]], year: int) -> str:
    """Per book size: Fava's load and each page's first view (its default, and another
    year or ``year``-06-30), in seconds and as a ratio to a cold bean-check."""
    lines = ["| bokföring | sida | första visning: standard | / bean-check | "
             f"första visning: annat år / {year}-06-30 | / bean-check |",
             "| --- | --- | ---: | ---: | ---: | ---: |"]
    for books, times in results.items():
        base = times["bean-check (kall)"].wall
        lines.append(f"| {books} | bean-check (kall) | {base:.2f} s | 1.00 × | | |")
        load = times["inläsning"].wall
        lines.append(f"| {books} | Fava: inläsning | {load:.2f} s | {load / base:.2f} × | | |")
        for page in FAVA_PAGES:
            first = times[f"{page} standard"].wall
            other = times.get(f"{page} annat")
            shown = (f"{other.wall:.2f} s | {other.wall / base:.2f} ×" if other
                     else "– | –")
            lines.append(f"| {books} | {page} | {first:.2f} s | {first / base:.2f} × | "
                         f"{shown} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
