"""Closed years (*bokslut*): a lock per year that no later edit can slip past.

Bokföringslagen requires that a closed year's vouchers are never changed: a mistake is
corrected by a new voucher in an open year that names what it corrects. ``finsam bokslut
ÅR`` closes a year by writing two things:

* a **manifest** ``bokslut/ÅR.sha256`` beside the main ledger file: one line per voucher
  dated in the year (date, voucher number, sha256 of its canonical form);
* a **lock** in the ledger (``bokslut.beancount``, included from the main file)::

      2018-12-31 custom "bokslut" 2018 "sha256:<manifest digest>" ""

  whose digest is that of the manifest's lines, and whose last value names the lock of
  the previous closed year (``"2018 sha256:…"``), so the locks form a chain.

The plugin calls :func:`errors` on every load (bean-check, Fava, ``finsam check``). It
recomputes each locked year's manifest from the entries; if the digest differs, it names
the first voucher added, removed or changed (from the manifest on disk). A lock whose
manifest remains but which was removed from the ledger, or that a later lock's chain names
but which is gone, is reported too. The canonical form of a voucher is its date, flag,
payee, narration, tags, links, metadata (not file and line) and postings (in any order,
numbers normalised), so moving vouchers between files, reformatting them, comments and
interpolated amounts written out do not count as changes.

Pure but for :func:`read_manifest`; no pandas: the plugin imports this module.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from beancount.core import data

from finsam_accounts import lock_scope
from finsam_accounts.books import Books, fiscal_years
from finsam_accounts.cache import ExtraInputs
from finsam_accounts.canonical import canonical, sha256
from finsam_accounts.conventions import META_VOUCHER, is_user_written
from finsam_accounts.errors import FinsamError, error_at, error_in

CUSTOM_LOCK = "bokslut"
PLUGIN = "finsam_accounts.plugin"
LOCK_FILE = "bokslut.beancount"  # beside the main file, included from it
MANIFEST_FOLDER = "bokslut"
MANIFEST_SUFFIX = ".sha256"
PREFIX = "sha256:"
PREVIOUS_RE = re.compile(r"^(?P<year>[0-9]{4}) sha256:(?P<digest>[0-9a-f]{64})$")
DIGEST_RE = re.compile(r"^sha256:(?P<digest>[0-9a-f]{64})$")
NATURAL_RE = re.compile(r"^([^0-9]*)([0-9]*)")


@dataclass(frozen=True)
class Lock:
    """A ``custom "bokslut"`` directive: the year, its manifest digest and the previous lock."""

    year: int
    digest: str
    previous: str  # "" for the first lock, else "2018 sha256:…"
    entry: data.Custom


@dataclass(frozen=True)
class Line:
    """One voucher of a manifest."""

    date: str
    key: str
    digest: str


# --------------------------------------------------------------------------- manifests


def locked_entries(
    entries: Iterable[data.Directive], year: int, years: Sequence[int] | None = None
) -> list[data.Transaction]:
    """The vouchers a lock of ``year`` covers: every written transaction dated in it, and
    for the first fiscal year also the balances brought in before it (an opening voucher
    dated the day before the first year). ``years``: the books' fiscal years (read from
    the entries when not given)."""
    entries = list(entries)
    years = fiscal_years(entries) if years is None else years
    first = years[0] if years else None
    return [
        e
        for e in entries
        if isinstance(e, data.Transaction) and is_user_written(e)
        and (e.date.year == year or (year == first and e.date.year < year))
    ]


def key_of(entry: data.Transaction) -> str:
    """``B12``, or the text of a voucher without a number (a pad's transaction)."""
    ver = (entry.meta or {}).get(META_VOUCHER)
    text = str(ver) if ver else f'"{entry.narration or entry.payee or ""}"'
    return text.replace("\t", " ").replace("\n", " ")


def natural(key: str) -> tuple[str, int, str]:
    """Sort ``A2`` before ``A10``: series, number, then the key itself."""
    match = NATURAL_RE.match(key)
    assert match is not None  # the pattern matches any text
    return match[1], int(match[2] or 0), key


def manifest(
    entries: Iterable[data.Directive], year: int, options_map: Mapping[str, Any] | None = None,
    previous: str = "", figures: str | None = None, years: Sequence[int] | None = None,
) -> list[tuple[Line, Any]]:
    """The year's manifest lines (with their entries), in date and key order: its vouchers
    and everything else the lock covers (:mod:`finsam_accounts.lock_scope`), with the
    report figures' digest when it is known."""
    entries = list(entries)
    vouchers = locked_entries(entries, year, years)
    hashed: list[tuple[str, str, str, Any]] = [
        (entry.date.isoformat(), key_of(entry), sha256(canonical(entry)), entry)
        for entry in vouchers
    ]
    hashed += lock_scope.scope_items(entries, options_map or {}, year, previous, vouchers)
    if figures is not None:
        hashed.append((lock_scope.NO_DATE, lock_scope.FIGURES_KEY, figures, None))
    # The digest breaks ties between vouchers without a number, so file order never counts.
    hashed.sort(key=lambda item: (item[0], *natural(item[1]), item[2]))
    seen: Counter[str] = Counter()
    lines = []
    for date, key, digest, entry in hashed:
        seen[key] += 1
        name = f"{key} #{seen[key]}" if seen[key] > 1 else key
        lines.append((Line(date, name, digest), entry))
    return lines


def figures_of(lines: Iterable[Line]) -> str | None:
    """The report figures' digest a manifest records, if any."""
    return next((line.digest for line in lines if line.key == lock_scope.FIGURES_KEY), None)


def manifest_body(lines: Iterable[Line]) -> str:
    return "".join(f"{line.date}\t{line.key}\t{line.digest}\n" for line in lines)


def manifest_text(lines: Sequence[Line], year: int) -> str:
    """The manifest file: a comment saying what it is, then one line per item."""
    return (
        f"# Bokslut {year}: kontrollsumma (sha256) för varje verifikation daterad {year} och\n"
        "# för allt annat som årsredovisningen bygger på (föregående bokslut, plugin,\n"
        "# specifikation, konton, custom-rader, årsredovisningens siffror).\n"
        f"# Skriven av finsam bokslut {year}; ändra den inte. Se docs/auditors.md.\n"
        + manifest_body(lines)
    )


def digest_of(lines: Iterable[Line]) -> str:
    """The digest a lock carries: of the manifest's lines, not its comments."""
    return sha256(manifest_body(lines))


def parse_manifest(text: str) -> list[Line]:
    lines = []
    for raw in text.splitlines():
        if raw.strip() and not raw.startswith("#"):
            date, key, digest = [*raw.split("\t"), "", ""][:3]
            lines.append(Line(date, key, digest))
    return lines


def manifest_path(ledger_file: Path, year: int) -> Path:
    return ledger_file.parent / MANIFEST_FOLDER / f"{year}{MANIFEST_SUFFIX}"


def lock_directive(year: int, digest: str, previous: Lock | None) -> str:
    """The line ``finsam bokslut`` appends to the ledger."""
    chain = f"{previous.year} {PREFIX}{previous.digest}" if previous else ""
    return f'{year}-12-31 custom "{CUSTOM_LOCK}" {year} "{PREFIX}{digest}" "{chain}"\n'


# ------------------------------------------------------------------------------ checks


def locks(entries: Iterable[data.Directive]) -> tuple[list[Lock], list[FinsamError]]:
    """Every well-formed lock by year, and an error for each malformed or repeated one;
    parsed once per load in :func:`finsam_accounts.domain.parse` (``Books.locks``)."""
    found: dict[int, Lock] = {}
    problems: list[FinsamError] = []
    for entry in entries:
        if not (isinstance(entry, data.Custom) and entry.type == CUSTOM_LOCK):
            continue
        lock = parse_lock(entry)
        if lock is None:
            problems.append(
                error_at(
                    entry,
                    f'custom "{CUSTOM_LOCK}" ska ange år, kontrollsumma och föregående '
                    f'bokslut, t.ex. {CUSTOM_LOCK} 2019 "sha256:…" "2018 sha256:…"; '
                    f"skriv den med finsam bokslut ÅR",
                )
            )
        elif lock.year in found:
            problems.append(
                error_at(entry, f"bokslutet {lock.year} finns redan ({where(found[lock.year])})")
            )
        else:
            found[lock.year] = lock
    return [found[y] for y in sorted(found)], problems


def parse_lock(entry: data.Custom) -> Lock | None:
    values = [v.value for v in entry.values]
    if len(values) != 3 or not isinstance(values[0], Decimal):
        return None
    digest = DIGEST_RE.match(str(values[1]))
    previous = str(values[2])
    if digest is None or not (previous == "" or PREVIOUS_RE.match(previous)):
        return None
    return Lock(int(values[0]), digest["digest"], previous, entry)


def where(lock: Lock) -> str:
    meta = lock.entry.meta or {}
    return f"rad {meta.get('lineno', 0)} i {Path(str(meta.get('filename', '?'))).name}"


def errors(entries: list[data.Directive], books: Books) -> list[FinsamError]:
    """Every broken lock: changed vouchers of a closed year, removed locks, a broken chain
    (the locks are the books', parsed once: a malformed one is the books' error)."""
    found = list(books.locks)
    options_map = books.options
    problems: list[FinsamError] = []
    ledger_file = main_file(options_map)
    problems.extend(plugin_order_errors(options_map))
    for index, lock in enumerate(found):
        problems.extend(chain_errors(lock, found[index - 1] if index else None, found))
        problems.extend(year_errors(entries, lock, ledger_file, options_map,
                                    books.fiscal_years))
    if ledger_file is not None:
        problems.extend(removed_lock_errors(ledger_file, {lock.year for lock in found}))
    return problems


def main_file(options_map: Mapping[str, Any]) -> Path | None:
    """The main ledger file, when the ledger was read from one (not from a string)."""
    name = str(options_map.get("filename") or "")
    if not name or name.startswith("<"):
        return None
    path = Path(name)
    return path if path.is_file() else None


def chain_errors(lock: Lock, previous: Lock | None, found: Sequence[Lock]) -> list[FinsamError]:
    """The lock names the previous lock as it is; else that lock was removed or changed."""
    expected = f"{previous.year} {PREFIX}{previous.digest}" if previous else ""
    if lock.previous == expected:
        return []
    named = PREVIOUS_RE.match(lock.previous)
    if named is None:
        message = f"bokslutet {lock.year} är skrivet som det första, men det finns ett före det"
    elif all(other.year != int(named["year"]) for other in found):
        message = (
            f"bokslutet {named['year']} har tagits bort ur bokföringen "
            f"(bokslutet {lock.year} bygger på det)"
        )
    elif previous is not None and previous.year == int(named["year"]):
        message = (
            f"bokslutet {previous.year} har ändrats efter bokslutet {lock.year} "
            "(kontrollsumman stämmer inte med kedjan)"
        )
    else:
        message = (
            f"bokslutet {lock.year} bygger på bokslutet {named['year']}, men närmast före "
            f"det finns ett annat bokslut"
        )
    return [error_at(lock.entry, message)]


def year_errors(
    entries: list[data.Directive], lock: Lock, ledger_file: Path | None,
    options_map: Mapping[str, Any] | None = None, years: Sequence[int] | None = None,
) -> list[FinsamError]:
    """The year against its lock; the first difference named from the manifest.

    The lock's digest covers the manifest's every line, the previous lock as this lock
    names it and the report figures' digest included; the figures are recomputed by
    ``finsam check`` (:func:`finsam_accounts.render.locked_figures.figure_errors`), not here."""
    saved = read_manifest(ledger_file, lock.year) if ledger_file else None
    figures = figures_of(saved) if saved is not None else None
    current = manifest(entries, lock.year, options_map, lock.previous, figures, years)
    if digest_of(line for line, _ in current) == lock.digest:
        return []
    if saved is None:
        return [error_at(lock.entry, (
            f"bokslutet {lock.year}: förteckningen {MANIFEST_FOLDER}/{lock.year}"
            f"{MANIFEST_SUFFIX} saknas, så låset kan inte prövas; återställ den (eller lås "
            "om året medvetet, docs/auditors.md)"))]
    if digest_of(saved) != lock.digest:
        return [
            error_at(
                lock.entry,
                f"bokslutet {lock.year}: verifikationerna daterade {lock.year} har ändrats "
                f"efter bokslutet (förteckningen {MANIFEST_FOLDER}/{lock.year}"
                f"{MANIFEST_SUFFIX} saknas eller är ändrad, så den första ändrade "
                "verifikationen kan inte visas)",
            )
        ]
    return [first_difference(lock, current, saved)]


def plugin_order_errors(options_map: Mapping[str, Any]) -> list[FinsamError]:
    """A plugin after finsam's would change the entries after every check has run."""
    names = [name for name, _ in lock_scope.plugins(options_map)]
    if PLUGIN not in names:
        return []
    after = names[names.index(PLUGIN) + 1:]
    main = main_file(options_map)
    problems = []
    for name in after:
        where_file, line = plugin_line(main, name) if main else ("", 0)
        problems.append(error_in(where_file or str(options_map.get("filename") or ""), line, (
            f'plugin "{name}" står efter plugin "{PLUGIN}": det kan ändra verifikationerna '
            "efter att kontrollerna och låsen prövats; flytta det före, eller ta bort det")))
    return problems


def plugin_line(main: Path, name: str) -> tuple[str, int]:
    """Where ``plugin "name"`` stands in the main file (1 if it cannot be found)."""
    try:
        text = main.read_text(encoding="utf-8")
    except OSError:
        return str(main), 1
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("plugin") and f'"{name}"' in line:
            return str(main), number
    return str(main), 1


def first_difference(
    lock: Lock, current: Sequence[tuple[Line, data.Transaction]], saved: Sequence[Line]
) -> FinsamError:
    """The earliest voucher added, removed or changed, and how many differences in all."""
    now = {line.key: (line, entry) for line, entry in current}
    before = {line.key: line for line in saved}
    differences: list[tuple[str, str, str, Any]] = []
    for key, (line, entry) in now.items():
        old = before.get(key)
        if old is None:
            differences.append((line.date, key, "har lagts till", entry))
        elif (old.date, old.digest) != (line.date, line.digest):
            differences.append((min(line.date, old.date), key, "har ändrats", entry))
    for key, old in before.items():
        if key not in now:
            differences.append((old.date, key, "har tagits bort", lock.entry))
    # Vouchers first: an added voucher also adds the accounts it is the first to use.
    differences.sort(key=lambda d: (not item_name(d[1])[1], d[0], *natural(d[1])))
    _, key, what, at = differences[0]
    more = len(differences) - 1
    tail = f" (och {more} {'ändring' if more == 1 else 'ändringar'} till)" if more else ""
    name, voucher = item_name(key)
    advice = (
        f'rätta med en ny verifikation i ett öppet år (korrigerar: "{lock.year}:…")'
        if voucher else "ändra tillbaka; det som gäller ett låst år ändras inte"
    )
    return error_at(
        at if at is not None else lock.entry,
        f"bokslutet {lock.year} är låst: {name} {what} efter bokslutet{tail}; {advice}",
    )


def item_name(key: str) -> tuple[str, bool]:
    """How a manifest line is named in a message, and whether it is a voucher."""
    scope = lock_scope
    named = {
        scope.PREVIOUS_KEY: "raden för föregående bokslut i låset",
        scope.PLUGIN_KEY: "listan över plugin",
        scope.SPEC_KEY: "specifikationen",
        scope.OPTIONS_KEY: "en option-rad (namn, valuta, rotkonton, toleranser)",
        scope.FIGURES_KEY: "årsredovisningens siffror",
    }
    if key in named:
        return named[key], False
    if key.startswith(scope.ACCOUNT_PREFIX):
        account = key.removeprefix(scope.ACCOUNT_PREFIX)
        return f"kontot {account} (open med nr, verksamhet, rubrik)", False
    if key.startswith(scope.CUSTOM_PREFIX):
        return f"raden {key}", False
    return (f"verifikation {key}" if not key.startswith('"') else f"verifikationen {key}"), True


def removed_lock_errors(ledger_file: Path, locked: set[int]) -> list[FinsamError]:
    """A manifest on disk whose lock is gone from the ledger: the lock was removed."""
    folder = ledger_file.parent / MANIFEST_FOLDER
    if not folder.is_dir():
        return []
    # Reported where the lock stood: the lock file, else the main file (that included it).
    lock_file = ledger_file.parent / LOCK_FILE
    where_removed = lock_file if lock_file.is_file() else ledger_file
    problems = []
    for path in sorted(folder.glob(f"*{MANIFEST_SUFFIX}")):
        year = path.name.removesuffix(MANIFEST_SUFFIX)
        if year.isdigit() and int(year) not in locked:
            problems.append(
                error_in(
                    where_removed,
                    1,
                    f'bokslutet {year} har tagits bort ur bokföringen (custom "{CUSTOM_LOCK}" '
                    f"{year} saknas, men förteckningen {MANIFEST_FOLDER}/{path.name} finns)",
                )
            )
    return problems


def watched_files(ledger_file: Path, entries: Iterable[data.Directive]) -> list[str]:
    """The files this check reads besides the ledger's own, for the load cache: every
    manifest on disk and every manifest a lock names (present or not)."""
    folder = ledger_file.parent / MANIFEST_FOLDER
    found = {str(path) for path in folder.glob(f"*{MANIFEST_SUFFIX}")}
    found |= {str(manifest_path(ledger_file, lock.year)) for lock in locks(entries)[0]}
    return sorted(found)


def read_manifest(ledger_file: Path, year: int) -> list[Line] | None:
    """The saved manifest of a year, or None if there is none."""
    path = manifest_path(ledger_file, year)
    try:
        return parse_manifest(path.read_text(encoding="utf-8"))
    except OSError:
        return None


def manifest_patterns(main: str) -> list[str]:
    """The manifests' folder, whose listing a load depends on: a manifest that appears
    later turns into "lock removed" on a fresh load."""
    return [os.path.join(os.path.dirname(main), MANIFEST_FOLDER, f"*{MANIFEST_SUFFIX}")]


# What the load cache must watch for the locks (finsam_accounts.cache).
CACHE_INPUTS = ExtraInputs(
    patterns=manifest_patterns, files=lambda entries, main: watched_files(Path(main), entries))
