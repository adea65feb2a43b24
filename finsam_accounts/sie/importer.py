"""Turn a SIE file into vouchers in the ledger's conventions (import).

Accounts are matched by number to the ledger's chart (``nr`` on each open directive; the
activity of dimension 1 chooses between accounts that share a number). A number the
chart lacks is listed with a ready ``open`` directive to paste, and nothing is imported
until the chart has it. Each #VER becomes a transaction with ``ver: "B12"`` (series and
number), its text as narration and the rows' common text as payee. A voucher already in
the ledger (same series, number and date) is reported, not imported again.

Types 1–3 carry balances, not vouchers: the opening balances of the file's first year
become an opening voucher (``ver: "IB1"``, ``ib: TRUE``) when the ledger has nothing for
that year yet, and a year without vouchers becomes one voucher with the year's movement
per account (``ver: "SALDO1"``, dated the last day of the year). After the import the
ledger's closing balances and results must equal the file's, or nothing is imported.

:class:`~finsam_accounts.sie.beangulp_importer.SieImporter` offers the same to beangulp.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from beancount.core import data, flags
from beancount.core.amount import Amount

from finsam_accounts import closing
from finsam_accounts.books import account_roots
from finsam_accounts.conventions import META_NUMBER, META_VOUCHER, account_infos
from finsam_accounts.errors import FinsamError, error_in
from finsam_accounts.money import ZERO, format_sv_ore
from finsam_accounts.sie.books import (
    META_OPENING,
    account_type,
    is_opening_voucher,
    split_year,
    sums,
)
from finsam_accounts.sie.chart import (
    CURRENCY,
    Chart,
    class_problem,
    open_directive,
    used_accounts,
)
from finsam_accounts.sie.model import (
    ACTIVITY_DIMENSION,
    CLOSING,
    OPENING,
    RESULT,
    SieFile,
    Voucher,
)

OPENING_VOUCHER = "IB1"
SUMMARY_VOUCHER = "SALDO1"
SERIES_RE = re.compile(r"^[A-ZÅÄÖ]+$")

Key = tuple[str, str, datetime.date]  # series, number, date


@dataclass
class ImportResult:
    """What an import would add, what it skipped and what stops it."""

    entries: list[data.Transaction] = field(default_factory=list)
    duplicates: list[Voucher] = field(default_factory=list)
    duplicate_entries: list[data.Transaction] = field(default_factory=list)
    unknown_accounts: list[str] = field(default_factory=list)  # open directives to paste
    errors: list[FinsamError] = field(default_factory=list)


def voucher_key(entry: data.Transaction) -> tuple[str, str, int] | None:
    """(series, number, year) of a ledger transaction's ``ver``, if it has one."""
    match = re.match(r"^([A-ZÅÄÖ]+)([0-9]+)$", str((entry.meta or {}).get(META_VOUCHER, "")))
    return (match[1], str(int(match[2])), entry.date.year) if match else None


def plan(
    sie: SieFile, filename: str, existing: Sequence[data.Directive], options: Mapping[str, Any]
) -> ImportResult:
    """The import of ``sie`` into a ledger with entries ``existing``; nothing is written."""
    result = ImportResult()
    infos = account_infos(existing)
    chart = Chart(infos, filename, result.errors)
    _check_years(sie, filename, result.errors)
    used = used_accounts(sie)
    taken = set(infos)
    for number in sorted(used, key=lambda n: (len(n), n)):
        if number in chart.by_number:
            continue
        problem = class_problem(number)
        if problem:
            name = sie.accounts.get(number, "")
            result.errors.append(
                error_in(
                    filename,
                    sie.account_lines.get(number) or _first_use(sie, number),
                    f"konto {number}{f' ({name})' if name else ''}: {problem}; det kan inte "
                    "bokföras i förbundets kontoplan: ge det ett Kommun-Bas-nummer (i det "
                    "gamla systemet, eller med nr i finsam flytta-ins mappningsfil)",
                )
            )
            continue
        result.unknown_accounts.extend(open_directive(sie, number, used[number], options, taken))
    if result.unknown_accounts or result.errors:
        return result
    transactions = [e for e in existing if isinstance(e, data.Transaction) and e.flag != "P"]
    start = _first_imported_year(sie, transactions)
    result.entries.extend(
        _balance_vouchers(sie, filename, transactions, chart, options, result, start)
    )
    _vouchers(sie, filename, transactions, chart, result)
    _refuse_locked_years(existing, filename, result)
    if not result.errors:
        _check_balances(
            sie, filename, [*existing, *result.entries], chart, options, result, start
        )
    return result


def _first_use(sie: SieFile, number: str) -> int:
    lines = [b.line for b in sie.balances if b.account == number]
    lines += [r.line for v in sie.vouchers for r in v.transactions if r.account == number]
    return min(lines, default=0)


def _first_imported_year(sie: SieFile, transactions: Sequence[data.Transaction]) -> int | None:
    """The file's first year to import (None: every year). Into books that have nothing
    yet, a file with vouchers starts at the year of its first voucher: that year's #IB is
    the opening voucher, and earlier years (#RAR -1, balances only) are history the books
    never had. Into books that have vouchers, years that end before the first of them are
    history too (the books' opening voucher carries them)."""
    if not sie.years:
        return None
    if transactions:
        begins = min(t.date for t in transactions)
        later = [index for index, (_, end) in sie.years.items() if end >= begins]
        return min(later) if later and len(later) < len(sie.years) else None
    if not sie.vouchers:
        return None
    first = min(v.date for v in sie.vouchers)
    return next(
        (index for index, (s, e) in sorted(sie.years.items()) if s <= first <= e), None
    )


def _refuse_locked_years(
    existing: Sequence[data.Directive], filename: str, result: ImportResult
) -> None:
    """A voucher in a year closed with finsam bokslut is refused here, at import, rather
    than left for finsam check to find."""
    found, _ = closing.locks(existing)
    locked = {lock.year: lock for lock in found}
    if not locked:
        return
    for entry in result.entries:
        lock = locked.get(entry.date.year)
        if lock is None:
            continue
        line = int((entry.meta or {}).get("lineno") or 0)
        result.errors.append(
            error_in(
                filename,
                line,
                f"verifikation {entry.meta.get(META_VOUCHER)} {entry.date}: räkenskapsåret "
                f"{lock.year} är låst (bokslut, {closing.where(lock)}); inget importeras till "
                "ett låst år",
            )
        )


# ---------------------------------------------------------------------------- years


def _check_years(sie: SieFile, filename: str, errors: list[FinsamError]) -> None:
    for index, (start, end) in sorted(sie.years.items()):
        if (start.month, start.day, end.month, end.day) != (1, 1, 12, 31) or start.year != end.year:
            errors.append(
                error_in(
                    filename,
                    sie.year_lines.get(index, 0),
                    f"räkenskapsår {index} ({start}–{end}) är inte ett kalenderår; "
                    "ett samordningsförbunds räkenskapsår är kalenderåret",
                )
            )
    if sie.balances and not sie.years:
        line = min(b.line for b in sie.balances)
        errors.append(error_in(filename, line, "filen har saldon men inget räkenskapsår (#RAR)"))


def _calendar_year(sie: SieFile, index: int) -> int | None:
    span = sie.years.get(index)
    return span[0].year if span else None


# ------------------------------------------------------------------ balance vouchers


def _balance_vouchers(
    sie: SieFile,
    filename: str,
    transactions: Sequence[data.Transaction],
    chart: Chart,
    options: Mapping[str, Any],
    result: ImportResult,
    start_index: int | None = None,
) -> list[data.Transaction]:
    """An opening voucher for the file's first year (``start_index`` when given) and a
    movement voucher for each later year without vouchers, where the ledger has nothing
    for them yet."""
    made: list[data.Transaction] = []
    if not sie.years:
        return made
    first = min(sie.years) if start_index is None else start_index
    start, end = sie.years[first]
    opening = sie.balances_of(OPENING, first)
    if opening and not any(t.date <= end for t in transactions):
        made.append(
            _summary(
                filename,
                start,
                OPENING_VOUCHER,
                f"Ingående balans {start.isoformat()} enligt SIE-fil",
                opening,
                chart,
                result,
                {META_OPENING: True},
            )
        )
    voucher_years = {v.date.year for v in sie.vouchers}
    for index in sorted(sie.years):
        start, end = sie.years[index]
        if index < first or start.year in voucher_years:
            continue
        if any(start <= t.date <= end and not is_opening_voucher(t, options) for t in transactions):
            continue
        movement = dict(sie.balances_of(RESULT, index))
        closing, before = sie.balances_of(CLOSING, index), sie.balances_of(OPENING, index)
        for number in set(closing) | set(before):
            movement[number] = movement.get(number, ZERO) + closing.get(number, ZERO)
            movement[number] -= before.get(number, ZERO)
        movement = {n: a for n, a in movement.items() if a}
        if movement:
            made.append(
                _summary(
                    filename,
                    end,
                    SUMMARY_VOUCHER,
                    f"Årets rörelser {start.year} enligt SIE-fil (saldon utan verifikationer)",
                    movement,
                    chart,
                    result,
                    {},
                )
            )
    return made


def _summary(
    filename: str,
    date: datetime.date,
    ver: str,
    text: str,
    amounts: Mapping[str, Decimal],
    chart: Chart,
    result: ImportResult,
    extra: Mapping[str, Any],
) -> data.Transaction:
    total = sum(amounts.values(), ZERO)
    if total:
        result.errors.append(
            error_in(
                filename,
                0,
                f"saldona för {date.year} balanserar inte: de summerar till "
                f"{format_sv_ore(total)} kr ({text})",
            )
        )
    postings = [
        _posting(chart.account(number, None, 0), amount)
        for number, amount in sorted(amounts.items(), key=lambda i: (len(i[0]), i[0]))
    ]
    meta = data.new_metadata(filename, 0, {META_VOUCHER: ver, **extra})
    return data.Transaction(
        meta, date, flags.FLAG_OKAY, None, text, frozenset(), frozenset(), postings
    )


def _posting(account: str, amount: Decimal) -> data.Posting:
    return data.Posting(account, Amount(amount, CURRENCY), None, None, None, None)


# -------------------------------------------------------------------------- vouchers


def _vouchers(
    sie: SieFile,
    filename: str,
    transactions: Sequence[data.Transaction],
    chart: Chart,
    result: ImportResult,
) -> None:
    known: dict[tuple[str, str, int], data.Transaction] = {}
    years = {voucher.date.year for voucher in sie.vouchers}
    for entry in transactions:
        if entry.date.year not in years:
            continue
        key = voucher_key(entry)
        if key is not None:
            known.setdefault(key, entry)
    seen: dict[tuple[str, str, int], Voucher] = {}
    for voucher in sie.vouchers:
        if not SERIES_RE.match(voucher.series) or not voucher.number.isdigit():
            result.errors.append(
                error_in(
                    filename,
                    voucher.line,
                    f'verifikation "{voucher.series}" "{voucher.number}": serien ska vara '
                    "versaler (A–Ö) och numret siffror, som bokföringens verifikationsnummer",
                )
            )
            continue
        key = (voucher.series, str(int(voucher.number)), voucher.date.year)
        if key in seen:
            result.errors.append(
                error_in(
                    filename,
                    voucher.line,
                    f"verifikation {voucher.name} finns två gånger i filen (rad {seen[key].line})",
                )
            )
            continue
        seen[key] = voucher
        if key in known:
            other = known[key]
            entry = to_transaction(voucher, filename, chart)
            if other.date == voucher.date and _rows(other) == _rows(entry):
                result.duplicates.append(voucher)
                result.duplicate_entries.append(entry)
            elif other.date == voucher.date:
                result.errors.append(
                    error_in(
                        filename,
                        voucher.line,
                        f"verifikation {voucher.name} {voucher.date} finns redan i bokföringen "
                        f"({_location(other)}) med andra konton eller belopp: filens "
                        "verifikation är ändrad; rätta bokföringen med en rättelse, eller "
                        "ta bort verifikationen ur filen",
                    )
                )
            else:
                result.errors.append(
                    error_in(
                        filename,
                        voucher.line,
                        f"verifikation {voucher.name} finns redan i bokföringen med datum "
                        f"{other.date} ({_location(other)}), filen har {voucher.date}",
                    )
                )
            continue
        result.entries.append(to_transaction(voucher, filename, chart))


def _rows(entry: data.Transaction) -> list[tuple[str, Decimal]]:
    """A voucher's postings as (account, amount), in order: what makes it the same."""
    return sorted(
        (p.account, p.units.number) for p in entry.postings if p.units and p.units.number
    )


def to_transaction(voucher: Voucher, filename: str, chart: Chart) -> data.Transaction:
    """A voucher in the ledger's conventions: ``ver``, payee from the rows, narration."""
    texts = {row.text for row in voucher.transactions}
    payee = texts.pop() if len(texts) == 1 else None
    postings = [
        _posting(
            chart.account(row.account, row.object_in(ACTIVITY_DIMENSION), row.line), row.amount
        )
        for row in voucher.transactions
    ]
    meta = data.new_metadata(filename, voucher.line, {META_VOUCHER: voucher.name})
    return data.Transaction(
        meta,
        voucher.date,
        flags.FLAG_OKAY,
        payee or None,
        voucher.text,
        frozenset(),
        frozenset(),
        postings,
    )


def _location(entry: data.Directive) -> str:
    meta = entry.meta or {}
    return f"rad {meta.get('lineno', 0)} i {Path(str(meta.get('filename', '?'))).name}"


# ------------------------------------------------------------------- the check after


def _check_balances(
    sie: SieFile,
    filename: str,
    entries: Sequence[data.Directive],
    chart: Chart,
    options: Mapping[str, Any],
    result: ImportResult,
    start_index: int | None = None,
) -> None:
    """The ledger after the import has the file's closing balances and results (equity
    aside: the file may carry earlier results there, the ledger keeps them apart)."""
    number_of = {i.name: n for n, infos in chart.by_number.items() for i in infos}
    equity = f"{account_roots(options).equity}:"
    for index in sorted(sie.years):
        year = _calendar_year(sie, index)
        if year is None or (start_index is not None and index < start_index):
            continue
        opening, moved = split_year(entries, options, year)
        before, during = sums(opening), sums(moved)
        ledger: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
        for account in set(before) | set(during):
            if account.startswith(equity) or account not in number_of:
                continue
            if account_type(account, account_roots(options)) in ("I", "K"):
                ledger[(RESULT, number_of[account])] += during.get(account, ZERO)
            else:
                total = before.get(account, ZERO) + during.get(account, ZERO)
                ledger[(CLOSING, number_of[account])] += total
        stated: dict[tuple[str, str], Decimal] = {}
        for kind in (CLOSING, RESULT):
            for number, amount in sie.balances_of(kind, index).items():
                infos = chart.by_number.get(number, [])
                if not any(i.name.startswith(equity) for i in infos):
                    stated[(kind, number)] = amount
        if not stated:
            continue
        for key in sorted(set(stated) | {k for k, v in ledger.items() if v}):
            if stated.get(key, ZERO) != ledger.get(key, ZERO):
                kind, number = key
                what = "utgående balans" if kind == CLOSING else "resultat"
                result.errors.append(
                    error_in(
                        filename,
                        _balance_line(sie, kind, index, number),
                        f"konto {number}: {what} {year} är {format_sv_ore(stated.get(key, ZERO))}"
                        f" kr enligt filen men {format_sv_ore(ledger.get(key, ZERO))} kr i "
                        "bokföringen efter importen",
                    )
                )


def _balance_line(sie: SieFile, kind: str, index: int, number: str) -> int:
    return next(
        (b.line for b in sie.balances if (b.kind, b.year, b.account) == (kind, index, number)), 0
    )


def _number_in(directive: str) -> str:
    match = re.search(r'nr: "([0-9]+)"', directive)
    return match[1] if match else ""


def unknown_errors(result: ImportResult, sie: SieFile, filename: str) -> Iterable[FinsamError]:
    """One error per account number the chart lacks, at its #KONTO line."""
    numbers = dict.fromkeys(_number_in(d) for d in result.unknown_accounts)
    for number in numbers:
        yield error_in(
            filename,
            sie.account_lines.get(number, 0),
            f"konto {number} finns inte i kontoplanen (metadata {META_NUMBER}); "
            "lägg in open-direktivet nedan",
        )
