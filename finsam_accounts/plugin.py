"""Beancount plugin with the domain checks of the ledger conventions (docs/ledger.md).

Enable it in the ledger with ``plugin "finsam_accounts.plugin"``; then ``bean-check``,
Fava and ``finsam check`` all report the same errors. The plugin changes no figure: it
returns errors, as :class:`FinsamError` values that point at the entry (file and line)
that breaks a convention. Its one change to the entries: a ``custom`` directive written
without arguments (beancount gives it ``values=None``) gets an empty list, so that it is
reported at its own line instead of crashing this and beancount's later plugins.

Checks:

* every ``open`` carries a Kommun-Bas number (``nr``, digits only);
* every income and cost account carries an activity (``verksamhet``);
* every transaction carries a voucher number (``ver``: series letters + number, "B12"),
  unique within its year, without gaps in its series within the year;
* a correction (``korrigerar``) names a voucher that exists;
* every transaction lies within the years declared with ``custom "räkenskapsår" YEAR``;
* in books with one file per year, every voucher lies in its year's file
  (:mod:`finsam_accounts.year_files`);
* the organisation number, board members and adoptions are well formed
  (:mod:`finsam_accounts.annual.board`).
* the attestordning and the attests on the vouchers (:mod:`finsam_accounts.attest`);
* the rules that protect figures (part öre, other commodities than SEK, unusable budgets,
  contribution accounts without a member): :mod:`finsam_accounts.safeguards`.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from beancount.core import data

from finsam_accounts import books as books_module
from finsam_accounts import (
    domain,
    emptied,
    lookalikes,
    provenance,
    safeguards,
    voided,
    year_files,
)
from finsam_accounts.attest import vouchers as attest
from finsam_accounts.books import CUSTOM_FISCAL_YEAR
from finsam_accounts.closing import errors as closed_year_errors
from finsam_accounts.conventions import (
    CORRECTS_RE,
    META_ACTIVITY,
    META_CORRECTS,
    META_NUMBER,
    META_VOUCHER,
    VOUCHER_RE,
    is_booked,
    is_user_written,
)
from finsam_accounts.errors import FinsamError, error_at
from finsam_accounts.yearly import counterparties

__plugins__ = ("validate",)

ACCOUNT_NUMBER_RE = re.compile(r"^[0-9]+$")


@dataclass(frozen=True)
class Voucher:
    """A transaction's voucher number, parsed: series letters, number and year."""

    series: str
    number: int
    year: int
    text: str
    entry: data.Transaction


def validate(
    entries: list[data.Directive], options_map: dict[str, Any]
) -> tuple[list[data.Directive], list[FinsamError]]:
    """The plugin entry point: return the entries unchanged and the broken conventions,
    including unusable contribution, trappan, budget and insats data."""
    entries = with_argument_lists(entries)
    too_large = safeguards.too_large_errors(entries)
    if too_large:  # they would overflow the exact arithmetic of every check below
        return entries, too_large
    transactions = [e for e in entries if isinstance(e, data.Transaction) and is_booked(e)]
    # Every domain datum parsed once, with its errors (domain.py): the books' own
    # directives, members and contribution data, trappan tables, budgets, insatser, VAT and
    # ESF settings, voided numbers, the attestordning, the board, recurring vouchers, the
    # femårsöversikt's declared years, participants, payment terms.
    books, book_errors = domain.parse(entries, options_map)
    errors: list[FinsamError] = [
        # Hand-written file names would pass a voucher off as generated (provenance.py).
        *provenance.errors(entries, options_map),
        # An emptied file or a year without vouchers (emptied.py).
        *emptied.errors(entries, options_map, list(books.fiscal_years), transactions),
        # Names that only look right (a zero-width space, a decomposed ä): lookalikes.py.
        *lookalikes.errors(entries),
        *check_accounts(entries, profit_and_loss_roots(options_map), options_map),
        *book_errors,
        # Voided numbers (makulerade, parsed in the books) fill their gap (voided.py).
        *check_vouchers(transactions, books.voided),
        # A voucher outside its year's file (year_files.py).
        *year_files.errors(transactions, options_map),
        # Every wrong attest (attest/vouchers.py; the attestordning's errors are the books').
        *attest.errors(entries, options_map),
        # A malformed "räkenskapsår" (reported in book_errors) leaves the years unknown:
        # checking the vouchers against the rest would report every voucher of that year.
        *(check_fiscal_years(books, transactions)
          if not any(is_fiscal_year(error.entry) for error in book_errors) else ()),
        *counterparties.errors(entries, books),
        # Mistakes that would change a reported figure (part öre, EUR, budgets,
        # contribution accounts without a member): finsam_accounts/safeguards.py.
        *safeguards.errors(entries, options_map),
        *closed_year_errors(entries, books),
    ]
    if not errors:
        # What would stop a report: accounts no statement covers, in every fiscal year.
        from finsam_accounts.statements.coverage import coverage_errors

        errors.extend(coverage_errors(entries, books))
    return entries, errors


# ---------------------------------------------------------------------------- helpers


def with_argument_lists(entries: list[data.Directive]) -> list[data.Directive]:
    """The entries, with ``values=[]`` on a custom directive written without arguments."""
    if not any(isinstance(e, data.Custom) and e.values is None for e in entries):
        return entries
    return [e._replace(values=[]) if isinstance(e, data.Custom) and e.values is None else e
            for e in entries]


def profit_and_loss_roots(options_map: dict[str, Any]) -> tuple[str, str]:
    """The root names of income and cost accounts ("Intäkter", "Kostnader" here)."""
    roots = books_module.account_roots(options_map)
    return roots.income, roots.expenses


def location(entry: data.Directive) -> str:
    """``rad 123 i 2019.beancount``: where an entry is, for a message."""
    meta = entry.meta or {}
    filename = PurePath(str(meta.get("filename", "?"))).name
    return f"rad {meta.get('lineno', 0)} i {filename}"


def number_range(first: int, last: int) -> str:
    """``5`` or ``5–6``: the numbers missing in a series."""
    return str(first) if first == last else f"{first}–{last}"


def gaps(previous: int, number: int, voided_numbers: Sequence[int]) -> str:
    """``3, 5–6``: the numbers between ``previous`` and ``number`` (both excluded) that are
    not voided, as runs; empty when there are none. Linear in the voided numbers, not in
    the size of the gap (a voucher numbered A999999999 costs nothing)."""
    runs: list[str] = []
    start = previous + 1
    for void in voided_numbers:
        if previous < void < number:
            if void > start:
                runs.append(number_range(start, void - 1))
            start = void + 1
    if start <= number - 1:
        runs.append(number_range(start, number - 1))
    return ", ".join(runs)


def year_list(years: Sequence[int]) -> str:
    """``2018–2019`` for consecutive years, else ``2017, 2019``."""
    if not years:
        return ""
    if len(years) > 1 and list(years) == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(str(y) for y in years)


def describe(entry: data.Transaction) -> str:
    """``2019-03-01 "Hyra"``: a transaction without a usable voucher number."""
    text = entry.narration or entry.payee or ""
    return f'{entry.date} "{text}"' if text else str(entry.date)


def unnumbered(entry: data.Transaction) -> str:
    """``verifikationen "Hyra"``: a transaction without a voucher number, by its text."""
    text = entry.narration or entry.payee or ""
    return f'verifikationen "{text}"' if text else "verifikationen"


# --------------------------------------------------------------------------- accounts


def check_accounts(
    entries: Iterable[data.Directive], pnl_roots: tuple[str, str],
    options_map: dict[str, Any] | None = None,
) -> Iterator[FinsamError]:
    """Kommun-Bas number on every open, in the class of the account's root; activity on
    every income and cost account; one account per number and activity."""
    classes = number_classes(options_map or {})
    seen: dict[tuple[str, str], data.Open] = {}
    for entry in entries:
        if isinstance(entry, data.Open) and is_user_written(entry):
            yield from check_open(entry, pnl_roots)
            yield from check_class(entry, classes)
            meta = entry.meta or {}
            key = (str(meta.get(META_NUMBER) or ""), str(meta.get(META_ACTIVITY) or ""))
            if not key[0]:
                continue
            if key in seen:
                activity = f" och verksamhet {key[1]}" if key[1] else ""
                yield error_at(entry, (
                    f"kontonummer {key[0]}{activity} används redan av {seen[key].account} "
                    f"({location(seen[key])}); ett nummer per konto och verksamhet"))
            else:
                seen[key] = entry


def number_classes(options_map: dict[str, Any]) -> dict[str, str]:
    """The Kommun-Bas classes (first digit) each root account may have."""
    roots = books_module.account_roots(options_map)
    return {
        roots.assets: "1",
        roots.liabilities: "2",
        roots.equity: "2",
        roots.income: "38",
        roots.expenses: "45678",
    }


CLASS_NAMES = {"1": "1 (tillgångar)", "2": "2 (eget kapital och skulder)",
               "38": "3 eller 8 (intäkter)", "45678": "4–8 (kostnader)"}


def check_class(entry: data.Open, classes: dict[str, str]) -> Iterator[FinsamError]:
    """An account numbered in another class than its root's would be reported in the wrong
    statement (a cost numbered 1790 among the receivables)."""
    number = str((entry.meta or {}).get(META_NUMBER) or "")
    allowed = classes.get(entry.account.split(":", 1)[0])
    if not number or not ACCOUNT_NUMBER_RE.match(number) or allowed is None:
        return
    if number[0] not in allowed:
        yield error_at(entry, (
            f"konto {entry.account} har kontonummer {number}, men ett "
            f"{entry.account.split(':', 1)[0]}-konto ska ha ett nummer i klass "
            f"{CLASS_NAMES[allowed]}"))


def check_open(entry: data.Open, pnl_roots: tuple[str, str]) -> Iterator[FinsamError]:
    meta = entry.meta or {}
    number = meta.get(META_NUMBER)
    if number is None or str(number).strip() == "":
        yield error_at(
            entry, f"konto {entry.account} saknar Kommun-Bas-nummer (metadata {META_NUMBER})"
        )
    elif not ACCOUNT_NUMBER_RE.match(str(number)):
        yield error_at(
            entry,
            f'konto {entry.account} har ogiltigt Kommun-Bas-nummer "{number}" '
            f'(metadata {META_NUMBER} ska bara innehålla siffror, t.ex. "1930")',
        )
    if (
        entry.account.split(":", 1)[0] in pnl_roots
        and not str(meta.get(META_ACTIVITY) or "").strip()
    ):
        yield error_at(
            entry,
            f'konto {entry.account} saknar verksamhet (metadata {META_ACTIVITY}, t.ex. "SAMO")',
        )


# --------------------------------------------------------------------------- vouchers


def parse_voucher(entry: data.Transaction) -> Voucher | FinsamError:
    """The voucher number of a transaction, or the error why it has none."""
    value = (entry.meta or {}).get(META_VOUCHER)
    if value is None or str(value).strip() == "":
        return error_at(
            entry,
            f"verifikationen {describe(entry)} saknar verifikationsnummer "
            f'(metadata {META_VOUCHER}, t.ex. "B12")',
        )
    text = str(value)
    match = VOUCHER_RE.match(text)
    if not match:
        return error_at(
            entry,
            f'verifikationsnummer "{text}" är felaktigt: det ska vara serie (versaler) '
            f'följd av löpnummer, t.ex. "B12"',
        )
    if int(match["number"]) == 0:  # series run from 1: a "B0" would hide a missing B1
        return error_at(
            entry, f'verifikationsnummer "{text}" är felaktigt: löpnumret börjar på 1'
        )
    return Voucher(match["series"], int(match["number"]), entry.date.year, text, entry)


def check_vouchers(
    transactions: Sequence[data.Transaction], voided_numbers: Sequence[voided.Voided] = ()
) -> Iterator[FinsamError]:
    """Voucher numbers present, well formed, unique, gap-free (a voided number fills its
    gap); corrections resolve."""
    vouchers: list[Voucher] = []
    for entry in transactions:
        parsed = parse_voucher(entry)
        if isinstance(parsed, FinsamError):
            yield parsed
        else:
            vouchers.append(parsed)
    unique, duplicate_errors = split_duplicates(vouchers)
    yield from duplicate_errors
    for void in voided_numbers:
        if void.key in unique:
            yield error_at(
                unique[void.key].entry,
                f"verifikation {void.text} är makulerad ({location(void.entry)}) men används",
            )
    yield from check_gaps(unique.values(), {v.key for v in voided_numbers})
    yield from check_corrections(transactions, unique)


def split_duplicates(
    vouchers: Iterable[Voucher],
) -> tuple[dict[tuple[int, str, int], Voucher], list[FinsamError]]:
    """The first voucher per (year, series, number), and an error for every repeat."""
    first: dict[tuple[int, str, int], Voucher] = {}
    errors: list[FinsamError] = []
    for voucher in vouchers:
        key = (voucher.year, voucher.series, voucher.number)
        if key in first:
            errors.append(
                error_at(
                    voucher.entry,
                    f"verifikation {voucher.text} finns redan ({location(first[key].entry)})",
                )
            )
        else:
            first[key] = voucher
    return first, errors


def check_gaps(
    vouchers: Iterable[Voucher], voided_keys: frozenset[tuple[int, str, int]] | set[
        tuple[int, str, int]] = frozenset()
) -> Iterator[FinsamError]:
    """Numbers run from 1 without gaps per series and year (a voided number counts as
    used); report at the voucher after."""
    series: dict[tuple[int, str], list[Voucher]] = defaultdict(list)
    for voucher in vouchers:
        series[(voucher.year, voucher.series)].append(voucher)
    voided_in: dict[tuple[int, str], list[int]] = defaultdict(list)
    for year, name, number in sorted(voided_keys):
        voided_in[(year, name)].append(number)
    for (year, name), members in sorted(series.items()):
        previous = 0
        for voucher in sorted(members, key=lambda v: v.number):
            missing = gaps(previous, voucher.number, voided_in.get((year, name), []))
            if missing:
                yield error_at(
                    voucher.entry,
                    f"verifikationsserie {name} {year} saknar nummer {missing} "
                    f"(före {voucher.text})",
                )
            previous = max(previous, voucher.number)


def check_corrections(
    transactions: Iterable[data.Transaction],
    vouchers: dict[tuple[int, str, int], Voucher],
) -> Iterator[FinsamError]:
    """A ``korrigerar`` names an existing voucher: "B12" (same year) or "2018:B12"."""
    for entry in transactions:
        value = (entry.meta or {}).get(META_CORRECTS)
        if value is None:
            continue
        text = str(value).strip()
        match = CORRECTS_RE.match(text)
        if not match:
            yield error_at(
                entry,
                f'{META_CORRECTS} "{text}" är inget verifikationsnummer '
                f'(t.ex. "B12", eller "2018:B12" för ett annat år)',
            )
            continue
        year = int(match["year"]) if match["year"] else entry.date.year
        target = VOUCHER_RE.match(match["voucher"])
        assert target is not None  # CORRECTS_RE only accepts voucher numbers
        if (year, target["series"], int(target["number"])) not in vouchers:
            yield error_at(
                entry,
                f"verifikationen korrigerar {match['voucher']}, men det finns ingen "
                f"verifikation {match['voucher']} år {year}",
            )


# ----------------------------------------------------------------------- fiscal years


def is_fiscal_year(entry: Any) -> bool:
    """A ``custom "räkenskapsår"`` directive (a book error at one: the years are unknown)."""
    return isinstance(entry, data.Custom) and entry.type == CUSTOM_FISCAL_YEAR


def check_fiscal_years(
    books: books_module.Books, transactions: Iterable[data.Transaction]
) -> Iterator[FinsamError]:
    """Every transaction lies in a fiscal year; the day before the first year holds only
    the balances brought in."""
    years = list(books.fiscal_years)
    if not years:
        return
    allowed = set(years)
    opening_day = datetime.date(years[0], 1, 1) - datetime.timedelta(days=1)
    for entry in transactions:
        if entry.date.year not in allowed and entry.date != opening_day:
            yield error_at(entry, outside_message(entry, years))


def outside_message(entry: data.Transaction, years: Sequence[int]) -> str:
    voucher = (entry.meta or {}).get(META_VOUCHER)
    what = f"verifikation {voucher}" if voucher else unnumbered(entry)
    plural = "räkenskapsåren" if len(years) > 1 else "räkenskapsåret"
    message = (
        f"{what} är daterad {entry.date.isoformat()}, utanför {plural} {year_list(years)} "
        f'(custom "{CUSTOM_FISCAL_YEAR}")'
    )
    if entry.date.year < years[0]:
        opening_day = datetime.date(years[0], 1, 1) - datetime.timedelta(days=1)
        message += (f"; ingående balanser dateras {opening_day}, eller "
                    f"{years[0]}-01-01 med ib: TRUE")
    return message
