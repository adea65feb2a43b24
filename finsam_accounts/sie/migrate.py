"""Moving in: a förbund's books from its old system's SIE files (``finsam flytta-in``).

:func:`migrate` is pure: from the read files and a mapping (:mod:`.mapping`) it computes
every file of a new books folder (``main.beancount``, ``kontoplan.beancount``,
``medlemmar.beancount``, one ``ÅÅÅÅ.beancount`` per year with the first year's opening
voucher) and the reconciliation of every account's closing balance and each year's result
against the files. The vouchers come from :func:`.importer.plan`, file by file in year
order, so the import's own checks (duplicates, years, balances after the import) apply.
The command (:mod:`finsam_accounts.commands.flytta_in`) writes the folder atomically and
runs ``finsam check`` on it before it is moved into place.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Mapping as MappingType
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from beancount.core import data
from beancount.parser import printer

from finsam_accounts.books import ROOT_OPTIONS, account_roots
from finsam_accounts.conventions import META_ACTIVITY, META_LABEL, META_MEMBER, META_NUMBER
from finsam_accounts.errors import FinsamError, ReportError, error_in
from finsam_accounts.money import ZERO, format_sv_ore
from finsam_accounts.sie.chart import CURRENCY, LEDGER_ROOTS, account_kind, suggested_name
from finsam_accounts.sie.importer import plan
from finsam_accounts.sie.mapping import Mapping
from finsam_accounts.sie.model import ACTIVITY_DIMENSION, CLOSING, RESULT, SieFile

OPTIONS: dict[str, Any] = dict(LEDGER_ROOTS)
HEADER = "".join(f'option "{key}" "{OPTIONS[key]}"\n' for key in ROOT_OPTIONS)
MAIN = "main.beancount"
CHART = "kontoplan.beancount"
MEMBERS = "medlemmar.beancount"
MAPPING = "flytta-in.toml"


@dataclass
class Migrated:
    """The new books' files (name -> text) and the reconciliation lines."""

    files: dict[str, str] = field(default_factory=dict)
    reconciliation: list[str] = field(default_factory=list)
    vouchers: int = 0
    years: list[int] = field(default_factory=list)


def migrate(read: Sequence[tuple[str, SieFile]], mapping: Mapping) -> Migrated:
    """The books folder for the files. Raises ReportError with every problem."""
    errors: list[FinsamError] = []
    mapped: list[tuple[str, SieFile]] = []
    for name, sie in read:
        try:
            mapped.append((name, mapping.apply(sie, name)))
        except ReportError as error:
            errors.extend(error.errors)
    if errors:
        raise ReportError(errors)
    mapped.sort(key=lambda item: _current_year(item[1]) or datetime.date.min)
    _check_files(mapped, errors)
    if errors:
        raise ReportError(errors)
    years = sorted({v.date.year for _, sie in mapped for v in sie.vouchers}
                   | {y.year for _, sie in mapped if (y := _current_year(sie))})
    first = datetime.date(years[0], 1, 1)
    opens = _chart(mapped, mapping, first)
    entries: list[data.Directive] = list(opens)
    imported: list[data.Transaction] = []
    for name, sie in mapped:
        result = plan(sie, name, entries, OPTIONS)
        if result.unknown_accounts:  # the chart is made from the files: cannot happen
            errors.append(error_in(name, 0, "konton saknas i den skapade kontoplanen"))
        errors.extend(result.errors)
        if result.errors:
            continue
        entries.extend(result.entries)
        imported.extend(result.entries)
    if errors:
        raise ReportError(errors)
    migrated = Migrated(vouchers=len(imported), years=years)
    migrated.files[MAIN] = _main(mapping, mapped, years)
    migrated.files[CHART] = _chart_text(opens)
    migrated.files[MEMBERS] = _members_text(mapping, first)
    by_year: dict[int, list[data.Transaction]] = defaultdict(list)
    for entry in imported:
        by_year[entry.date.year].append(entry)
    voided: dict[int, list[tuple[str, int, datetime.date]]] = {}
    for year in years:
        voided[year] = _gaps(by_year.get(year, []), year, _source_of(mapped, year), errors)
    if errors:
        raise ReportError(errors)
    for year in years:
        migrated.files[f"{year}.beancount"] = _year_text(
            year, by_year.get(year, []), mapped, voided[year])
    migrated.reconciliation = reconcile(mapped, entries, voided)
    return migrated


MAX_VOIDED = 1000  # numbers missing in one year's file: more is a broken file, not voiding


def _source_of(mapped: Sequence[tuple[str, SieFile]], year: int) -> str:
    return next((name for name, sie in mapped
                 if (start := _current_year(sie)) and start.year == year), "")


def _gaps(entries: Sequence[data.Transaction], year: int, source: str,
          errors: list[FinsamError]) -> list[tuple[str, int, datetime.date]]:
    """The numbers missing in each series of a year's vouchers (series, number, the date
    of the voucher after the gap): numbers voided in the old system, which the books
    record as ``custom "makulerad"`` (voided.py) so that every series stays complete."""
    by_series: dict[str, list[tuple[int, datetime.date, int]]] = defaultdict(list)
    for entry in entries:
        found = re.match(r"^([A-ZÅÄÖ]+)([0-9]+)$", str(entry.meta.get("ver", "")))
        if found and not entry.meta.get("ib"):
            by_series[found[1]].append((int(found[2]), entry.date,
                                        int(entry.meta.get("lineno") or 0)))
    missing: list[tuple[str, int, datetime.date]] = []
    for series, numbers in sorted(by_series.items()):
        previous = 0
        for number, date, line in sorted(numbers):
            if number - previous - 1 + len(missing) > MAX_VOIDED:
                errors.append(error_in(source or f"{year}", line, (
                    f"verifikationsserie {series} {year} saknar {number - previous - 1} "
                    f"nummer före {series}{number}: fler än {MAX_VOIDED} luckor i ett år "
                    "flyttas inte in som makulerade; rätta numreringen i filen")))
                return []
            missing.extend((series, n, date) for n in range(previous + 1, number))
            previous = max(previous, number)
    return missing


def _voided_text(voided: Sequence[tuple[str, int, datetime.date]], source: str) -> str:
    # The file's name is the user's: nothing in it may end the comment or the string.
    name = "".join(c if c.isprintable() else "?" for c in source.rsplit("/", 1)[-1])
    name = name or "SIE-filen"
    lines = [
        "",
        f"; Nummer som saknas i {name}: makulerade i det gamla systemet (kontrollera dem mot",
        "; det systemets logg över makulerade verifikationer och ändra skälet vid behov).",
    ]
    lines.extend(f'{date} custom "makulerad" "{series}{number}" {_string(f"saknas i {name}")}'
                 for series, number, date in voided)
    return "\n".join(lines) + "\n"


def _current_year(sie: SieFile) -> datetime.date | None:
    span = sie.years.get(0)
    return span[0] if span else None


def _check_files(mapped: Sequence[tuple[str, SieFile]], errors: list[FinsamError]) -> None:
    seen: dict[int, str] = {}
    for name, sie in mapped:
        start = _current_year(sie)
        if start is None:
            errors.append(error_in(name, 0, "filen saknar räkenskapsår 0 (#RAR 0 ...)"))
            continue
        if start.year in seen:
            errors.append(error_in(name, sie.year_lines.get(0, 0), (
                f"räkenskapsåret {start.year} finns redan i {seen[start.year]}; ange varje år "
                "en gång")))
        seen[start.year] = name


# ------------------------------------------------------------------------- the chart


def _chart(mapped: Sequence[tuple[str, SieFile]], mapping: Mapping,
           start: datetime.date) -> list[data.Open]:
    """One open directive per Kommun-Bas number, and per activity on income and costs."""
    used: dict[str, set[str]] = defaultdict(set)
    kinds: dict[str, SieFile] = {}
    names: dict[str, str] = {}
    for _, sie in mapped:
        for balance in sie.balances:
            used[balance.account]
            kinds.setdefault(balance.account, sie)
        for voucher in sie.vouchers:
            for row in voucher.transactions:
                activity = row.object_in(ACTIVITY_DIMENSION)
                used[row.account].update([activity] if activity else [])
                kinds.setdefault(row.account, sie)
        for number, name in sie.accounts.items():
            names.setdefault(number, name)
    settings = _settings(mapping)
    taken: set[str] = set()
    opens: list[data.Open] = []
    for number in sorted(used, key=lambda n: (len(n), n)):
        sie = kinds[number]
        account = settings.get(number)
        kind = account_kind(sie, number)
        activities: list[str | None] = [None]
        if kind in ("I", "K"):
            activities = [*sorted(used[number])] or [mapping.own_activity]
        for activity in activities:
            leaf = account.name if account and account.name else None
            name = suggested_name(sie, number, activity, OPTIONS, taken, leaf)
            meta: dict[str, Any] = {META_NUMBER: number}
            if activity:
                meta[META_ACTIVITY] = activity
            label = (account.label if account else "") or names.get(number, "")
            if label:
                meta[META_LABEL] = label
            if account and account.member:
                meta[META_MEMBER] = account.member
            opens.append(data.Open(data.new_metadata(CHART, 0, meta), start, name,
                                   [CURRENCY], None))
    return opens


def _settings(mapping: Mapping) -> dict[str, Any]:
    """The mapping's account settings by the number they are booked on: the number's own
    settings first, else those of the first number mapped onto it."""
    found: dict[str, Any] = {}
    for number, account in mapping.accounts.items():
        target = mapping.number_of(number)
        if target == number or target not in found:
            found[target] = account
    return found


# ------------------------------------------------------------------------ the texts


def _main(mapping: Mapping, mapped: Sequence[tuple[str, SieFile]], years: list[int]) -> str:
    first = f"{years[0]}-01-01"
    sources = ", ".join(name.rsplit("/", 1)[-1] for name, _ in mapped)
    programs = sorted({" ".join(p for p in sie.program if p) for _, sie in mapped} - {""})
    lines = [
        f"; {mapping.title or 'Förbundet'} – huvudfil för bokföringen (beancount 3).",
        f"; Flyttad från {', '.join(programs) or 'ett annat system'} med finsam flytta-in "
        f"({sources}).",
        "; Konventionerna står i docs/ledger.md; det som inte följer med i SIE (budget,",
        "; insatser, medlemsavgifternas fördelning, trappan) läggs till enligt docs/sie.md.",
        "",
        f'option "title" {_string(mapping.title or "Förbundet")}',
        'option "operating_currency" "SEK"',
        *HEADER.splitlines(),
        'option "inferred_tolerance_default" "SEK:0.005"',
        "",
        'plugin "finsam_accounts.plugin"',
        "",
    ]
    number = _organisation_number(mapping.organisation_number)
    if number:
        lines.append(f'{first} custom "organisationsnummer" "{number}"')
    elif mapping.organisation_number:
        lines.append(f"; Organisationsnumret i filerna ({mapping.organisation_number}) är inget "
                     'organisationsnummer: skriv det som custom "organisationsnummer" '
                     '"NNNNNN-NNNN".')
    lines += [
        f'{first} custom "fava-option" "language" "sv"',
        f'{first} custom "fava-option" "locale" "sv_SE"',
        f'{first} custom "fava-option" "invert-income-liabilities-equity" "true"',
        f'{first} custom "fava-extension" "finsam_accounts.fava"',
        "",
        *(f'{year}-01-01 custom "räkenskapsår" {year}' for year in years),
        "",
        "; Verksamheterna: förbundets egen först, sedan projekten.",
    ]
    ordered = sorted(mapping.activities.items(), key=lambda i: i[1][1] != "förbund")
    for code, (name, kind, _) in ordered:
        lines.append(f'{first} custom "verksamhet" {_string(code)} {_string(name)} '
                     f'{_string(kind)}')
    # An included file without entries is an error in finsam check: the members' skeleton
    # is included once it declares a member.
    members = (f'include "{MEMBERS}"' if mapping.members else
               f'; include "{MEMBERS}"  ; ta bort ; när medlemmarna är inskrivna där')
    lines += ["", f'include "{CHART}"', members,
              *(f'include "{year}.beancount"' for year in years)]
    return "\n".join(lines) + "\n"


def _organisation_number(text: str) -> str:
    digits = re.sub(r"[\s-]", "", text)
    if len(digits) == 12 and digits.startswith(("16", "19", "20")):
        digits = digits[2:]
    return f"{digits[:6]}-{digits[6:]}" if len(digits) == 10 and digits.isdigit() else ""


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _chart_text(opens: Sequence[data.Open]) -> str:
    head = [
        "; Rotkontonas svenska namn måste upprepas i varje inkluderad fil (beancount #359).",
        *HEADER.splitlines(),
        "",
        "; Kontoplanen, skapad av finsam flytta-in ur SIE-filernas konton (docs/ledger.md,",
        "; avsnitt 3): nr, verksamhet på intäkter och kostnader, rubrik, medlem.",
        "",
    ]
    return "\n".join(head) + "\n" + "".join(printer.format_entry(o) for o in opens)


def _members_text(mapping: Mapping, first: datetime.date) -> str:
    lines = [
        "; Rotkontonas svenska namn måste upprepas i varje inkluderad fil (beancount #359).",
        *HEADER.splitlines(),
        "",
    ]
    if not mapping.members:
        lines += [
            "; Förbundets medlemmar (docs/ledger.md, avsnitt 4). SIE-filerna har inga medlemmar:",
            '; lägg till en rad per medlem, t.ex.',
            f'; {first} custom "medlem" "umea" "Umeå kommun" "kommun"',
            "; och medlem: på medlemmens avgiftskonto i kontoplan.beancount.",
            "",
        ]
    else:
        lines += ["; Förbundets medlemmar (docs/ledger.md, avsnitt 4), i mappningsfilens ordning,",
                  "; som rapporterna visar dem.", ""]
    # The mapping's order, not the ids' (staten before the region before the
    # municipalities, as the förbund wrote them): the reports list members in this order.
    for member, (name, kind) in mapping.members.items():
        lines.append(f'{first} custom "medlem" {_string(member)} {_string(name)} {_string(kind)}')
    return "\n".join(lines) + "\n"


def _year_text(year: int, entries: Sequence[data.Transaction],
               mapped: Sequence[tuple[str, SieFile]],
               voided: Sequence[tuple[str, int, datetime.date]] = ()) -> str:
    sources = [name.rsplit("/", 1)[-1] for name, sie in mapped
               if (s := _current_year(sie)) and s.year == year]
    head = [
        "; Rotkontonas svenska namn måste upprepas i varje inkluderad fil (beancount #359).",
        *HEADER.splitlines(),
        "",
        f"; Verifikationerna {year}, flyttade från {', '.join(sources) or 'SIE-filerna'} "
        "med finsam flytta-in.",
        "",
    ]
    ordered = sorted(entries, key=lambda e: (e.date, _voucher_order(e)))
    body = "\n".join(printer.format_entry(_clean(entry)) for entry in ordered)
    tail = _voided_text(voided, _source_of(mapped, year)) if voided else ""
    return "\n".join(head) + "\n" + body + tail


def _voucher_order(entry: data.Transaction) -> tuple[str, int]:
    found = re.match(r"^([A-ZÅÄÖ]*)([0-9]*)$", str(entry.meta.get("ver", "")))
    if not found:
        return (str(entry.meta.get("ver", "")), 0)
    return (found[1], int(found[2] or 0))


def _clean(entry: data.Transaction) -> data.Transaction:
    """The voucher with only its own metadata (not the SIE file's name and line)."""
    meta = {k: v for k, v in entry.meta.items() if k not in ("filename", "lineno")}
    return entry._replace(meta=data.new_metadata("", 0, meta))


# ------------------------------------------------------------------- reconciliation


def reconcile(mapped: Sequence[tuple[str, SieFile]],
              entries: Sequence[data.Directive],
              voided: MappingType[int, Sequence[tuple[str, int, datetime.date]]] | None = None,
              ) -> list[str]:
    """Per file: the numbers voided for gaps in its series, every account's closing
    balance (#UB 0) and result (#RES 0) in the file and in the new books, and the year's
    result; a line per account."""
    from finsam_accounts.balances import movements
    from finsam_accounts.sie.books import split_year, sums

    number_of: dict[str, str] = {}
    for entry in entries:
        if isinstance(entry, data.Open):
            number_of[entry.account] = str(entry.meta.get(META_NUMBER))
    roots = account_roots(OPTIONS)
    equity = f"{roots.equity}:"
    pnl = (f"{roots.income}:", f"{roots.expenses}:")
    lines: list[str] = []
    for name, sie in mapped:
        start = _current_year(sie)
        if start is None:
            continue
        year = start.year
        opening, moved = split_year(entries, OPTIONS, year)
        before, during = sums(opening), sums(moved)
        books: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
        for account in set(before) | set(during):
            number = number_of.get(account, "")
            if account.startswith(pnl):
                books[(RESULT, number)] += during.get(account, ZERO)
            elif not account.startswith(equity):
                books[(CLOSING, number)] += before.get(account, ZERO) + during.get(account, ZERO)
        lines.append(f"{name.rsplit('/', 1)[-1]}: {year}")
        gaps = (voided or {}).get(year, [])
        if gaps:
            listed = ", ".join(f"{series}{number}" for series, number, _ in gaps[:20])
            more = f" och {len(gaps) - 20} till" if len(gaps) > 20 else ""
            lines.append(f"  luckor i numreringen, bokförda som makulerade: {listed}{more}")
        for kind, what in ((CLOSING, "utgående balans"), (RESULT, "resultat")):
            stated = sie.balances_of(kind, 0)
            numbers = {n for (k, n), v in books.items() if k == kind and v} | {
                n for n in stated if not _is_equity(n)}
            for number in sorted(numbers, key=lambda n: (len(n), n)):
                theirs, ours = stated.get(number, ZERO), books.get((kind, number), ZERO)
                mark = "stämmer" if theirs == ours else "STÄMMER INTE"
                lines.append(f"  konto {number} {sie.accounts.get(number, '')}: {what} "
                             f"{format_sv_ore(theirs)} kr enligt filen, {format_sv_ore(ours)} kr "
                             f"i bokföringen: {mark}")
        lines.extend(_equity_line(sie, before, during, equity, pnl))
        theirs = -sum(sie.balances_of(RESULT, 0).values(), ZERO)
        moved_pnl = movements(entries, start, datetime.date(year + 1, 1, 1))
        ours = -sum((v for a, v in moved_pnl.items() if a.startswith(pnl)), ZERO)
        if sie.balances_of(RESULT, 0):
            mark = "stämmer" if theirs == ours else "STÄMMER INTE"
            lines.append(f"  årets resultat {year}: {format_sv_ore(theirs)} kr enligt filen, "
                         f"{format_sv_ore(ours)} kr i bokföringen: {mark}")
        else:
            lines.append(f"  årets resultat {year}: {format_sv_ore(ours)} kr i bokföringen "
                         "(filen anger inget #RES)")
    return lines


def _equity_line(sie: SieFile, before: dict[str, Decimal], during: dict[str, Decimal],
                 equity: str, pnl: tuple[str, str]) -> list[str]:
    """Equity in total (the 20xx accounts of the file): the books keep each year's result
    on the income and cost accounts, so their equity is the equity accounts plus the
    results of earlier years; a file written after the year's closing also carries the
    year's result there. Either matches; the line says which."""
    stated = [v for n, v in sie.balances_of(CLOSING, 0).items() if _is_equity(n)]
    if not stated:
        return []
    theirs = sum(stated, ZERO)
    ours = sum((v for a, v in before.items() if a.startswith((equity, *pnl))), ZERO) + sum(
        (v for a, v in during.items() if a.startswith(equity)), ZERO)
    with_result = ours + sum((v for a, v in during.items() if a.startswith(pnl)), ZERO)
    if theirs != ours and theirs == with_result:
        ours, what = with_result, "i bokföringen med årets resultat"
    else:
        what = "i bokföringen"
    mark = "stämmer" if theirs == ours else "STÄMMER INTE"
    return [f"  eget kapital (20xx) totalt: {format_sv_ore(theirs)} kr enligt filen, "
            f"{format_sv_ore(ours)} kr {what}: {mark}"]


def _is_equity(number: str) -> bool:
    return number.startswith("20")

