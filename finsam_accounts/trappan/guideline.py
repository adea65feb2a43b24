"""Trappan: the equity guideline, a stepped limit on equity by the size of the base.

The steps are ledger data (see docs/contributions-trappan.md)::

    2019-01-01 custom "trappan" "hela" "medlemsavgifter" "källa: ..."
    2019-01-01 custom "trappan-steg" 0.00 SEK 20

(``status: "platshållare"`` on the ``trappan`` entry marks a sample table: no document for
the board is made for a year it is in force in, see :func:`refuse_placeholders`.)

A table is the ``trappan`` entry and the ``trappan-steg`` entries of the same date; it is
in force from that date until a later table. The mode says how a step's percentage applies:

* ``hela``: the step the base reaches (the highest threshold at or below the base) gives
  the percentage of the whole base;
* ``marginal``: each step's percentage applies to the part of the base within that step
  (from its threshold up to the next), and the parts are added, like tax brackets.

The base is the year's member contributions (``medlemsavgifter``, booked in the year) or
the year's total revenue (``intäkter``). Equity within the limit (equity <= limit) is
"inom", above it "över".
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from beancount.core import data

from finsam_accounts.balances import CURRENCY
from finsam_accounts.declared import keep_once
from finsam_accounts.derived import copy_lists, per_entries
from finsam_accounts.errors import FinsamError, ReportError, error_at, plain_error, source_of, where
from finsam_accounts.money import ZERO
from finsam_accounts.trappan.text import format_kr

if TYPE_CHECKING:  # the books hold the tables this module parses
    from finsam_accounts.books import Books

CUSTOM_TABLE = "trappan"
CUSTOM_STEP = "trappan-steg"
META_STATUS = "status"
PLACEHOLDER = "platshållare"
MODES = ("hela", "marginal")
BASES = ("medlemsavgifter", "intäkter")
BASE_TEXT = {
    "medlemsavgifter": "årets medlemsavgifter",
    "intäkter": "årets totala intäkter",
}
HUNDRED = Decimal("100")
INSIDE = "inom"
OVER = "över"

# Kinds of row in the trappan report.
YEAR_END = "utgående"
OPENING = "ingående"
PROJECTION = "prognos"


# ----------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Step:
    threshold: Decimal  # kr, the step starts here (inclusive)
    percent: Decimal
    source: dict[str, Any]


@dataclass(frozen=True)
class Table:
    """One trappan table: how the steps apply, the base, the source text and the steps."""

    date: datetime.date
    mode: str
    base: str
    source_text: str
    placeholder: bool
    steps: tuple[Step, ...]
    source: dict[str, Any]


def _parse_header(entry: data.Custom) -> Table | FinsamError:
    values = [v.value for v in entry.values]
    usage = (
        f'custom "{CUSTOM_TABLE}" "{"|".join(MODES)}" "{"|".join(BASES)}" "källa", '
        f't.ex. "hela" "medlemsavgifter" "Nationella rådet 2013-10-02"'
    )
    if len(values) != 3 or not all(isinstance(v, str) for v in values):
        return error_at(entry, f"trappan ska skrivas {usage}")
    mode, base, text = values
    if mode not in MODES:
        return error_at(entry, f'okänt läge "{mode}" i trappan (tillåtna: {", ".join(MODES)})')
    if base not in BASES:
        return error_at(entry, f'okänd bas "{base}" i trappan (tillåtna: {", ".join(BASES)})')
    if not text.strip():
        return error_at(entry, "trappan saknar källa: ange var stegen kommer ifrån")
    status = str((entry.meta or {}).get(META_STATUS, "")).strip()
    if status and status != PLACEHOLDER:
        return error_at(
            entry, f'okänd status "{status}" i trappan (tillåten: "{PLACEHOLDER}", eller ingen)'
        )
    return Table(entry.date, mode, base, text.strip(), status == PLACEHOLDER, (), source_of(entry))


def _parse_step(entry: data.Custom) -> Step | FinsamError:
    values = [v.value for v in entry.values]
    usage = f'custom "{CUSTOM_STEP}" FRÅN-BELOPP SEK PROCENT, t.ex. 0.00 SEK 20'
    if (
        len(values) != 2
        or not hasattr(values[0], "currency")
        or values[0].number is None
        or not isinstance(values[1], Decimal)
        or isinstance(values[1], bool)
    ):
        return error_at(entry, f"steget ska skrivas {usage}")
    threshold, percent = values
    if threshold.currency != CURRENCY:
        return error_at(entry, f"stegets gräns ska vara i {CURRENCY}, inte {threshold.currency}")
    if threshold.number < 0:
        return error_at(entry, f"stegets gräns får inte vara negativ ({threshold.number})")
    if not ZERO <= percent <= HUNDRED:
        return error_at(entry, f"stegets procentsats {percent} ligger inte mellan 0 och 100")
    return Step(threshold.number, percent, source_of(entry))


@per_entries(copy_lists)
def parse(entries: Sequence[data.Directive]) -> tuple[list[Table], list[FinsamError]]:
    """Every trappan table in date order, and every problem with the entries."""
    headers: dict[datetime.date, Table] = {}
    steps: dict[datetime.date, list[tuple[Step, data.Custom]]] = {}
    errors: list[FinsamError] = []
    for entry in entries:
        if not isinstance(entry, data.Custom):
            continue
        if entry.type == CUSTOM_TABLE:
            keep_once(_parse_header(entry), headers, errors, entry, key=lambda t: t.date,
                      what=lambda t: f"trappan daterad {t.date}")
        elif entry.type == CUSTOM_STEP:
            step = _parse_step(entry)
            if isinstance(step, FinsamError):
                errors.append(step)
            else:
                steps.setdefault(entry.date, []).append((step, entry))
    tables: list[Table] = []
    for date, header in sorted(headers.items()):
        table, problems = _assemble(header, steps.get(date, []))
        errors.extend(problems)
        if not problems:
            tables.append(table)
    for date, orphans in sorted(steps.items()):
        if date not in headers:
            errors.extend(
                error_at(
                    entry,
                    f'steget hör inte till någon trappa: det behövs en custom "{CUSTOM_TABLE}" '
                    f"med samma datum ({date})",
                )
                for _, entry in orphans
            )
    return tables, errors


def _assemble(
    header: Table, steps: list[tuple[Step, data.Custom]]
) -> tuple[Table, list[FinsamError]]:
    errors: list[FinsamError] = []
    if not steps:
        errors.append(
            FinsamError(
                header.source,
                f'trappan daterad {header.date} har inga steg (custom "{CUSTOM_STEP}" med '
                f"samma datum)",
                None,
            )
        )
    ordered = sorted(steps, key=lambda pair: pair[0].threshold)
    seen: dict[Decimal, Step] = {}
    for step, entry in ordered:
        if step.threshold in seen:
            errors.append(
                error_at(
                    entry,
                    f"steget från {format_kr(step.threshold)} kr finns redan "
                    f"({where(seen[step.threshold].source)})",
                )
            )
        seen[step.threshold] = step
    if ordered and ordered[0][0].threshold != ZERO:
        errors.append(error_at(ordered[0][1], "trappans första steg ska börja på 0.00 SEK"))
    table = Table(
        header.date,
        header.mode,
        header.base,
        header.source_text,
        header.placeholder,
        tuple(step for step, _ in ordered),
        header.source,
    )
    return table, errors


def errors(entries: Sequence[data.Directive]) -> list[FinsamError]:
    """Every unusable trappan entry, as ``file:line`` errors."""
    return parse(entries)[1]


def tables(entries: Sequence[data.Directive]) -> list[Table]:
    """The trappan tables in date order; raises ReportError if any entry is unusable."""
    found, problems = parse(entries)
    if problems:
        raise ReportError(problems)
    return found


def table_at(found: Sequence[Table], date: datetime.date) -> Table:
    """The table in force on ``date``: the latest dated on or before it."""
    usable = [t for t in found if t.date <= date]
    if not usable:
        first = f" (den första är daterad {found[0].date})" if found else ""
        raise ReportError(
            [
                plain_error(
                    f"ingen trappa gäller {date}{first}: lägg till "
                    f'custom "{CUSTOM_TABLE}" och custom "{CUSTOM_STEP}" i trappan.beancount'
                )
            ]
        )
    return usable[-1]


def in_force(found: Sequence[Table], start: datetime.date, end: datetime.date) -> list[Table]:
    """The tables in force at some day from ``start`` to ``end``: the one in force on
    ``start`` (if any) and every table dated after it up to ``end``."""
    before = [t for t in found if t.date <= start]
    return before[-1:] + [t for t in found if start < t.date <= end]


def placeholder_errors(
    found: Sequence[Table], start: datetime.date, end: datetime.date
) -> list[FinsamError]:
    """An error at every placeholder table in force from ``start`` to ``end``.

    A document for the board is not made from a placeholder (issue: the board must never
    read one): the commands refuse, Fava shows the message to the economist beside the
    page. Earlier years' comparison figures use the table then in force, as that year's
    own documents did.
    """
    return [
        FinsamError(
            table.source,
            f"trappan från {table.date.isoformat()} är en platshållare (status "
            f'"{PLACEHOLDER}"), inte förbundets tabell: lägg in de steg förbundet tillämpar '
            f'och deras källa som en tabell utan status (custom "{CUSTOM_TABLE}" och '
            f'"{CUSTOM_STEP}", daterad från det år de gäller); ett dokument till styrelsen '
            "tas inte fram från en platshållare",
            None,
        )
        for table in in_force(found, start, end)
        if table.placeholder
    ]


def refuse_placeholders(books: Books, year: int) -> None:
    """Raise ReportError if a placeholder table is in force in ``year`` (the year of a
    document for the board); nothing when the books declare no table at all, or when
    ``year`` is locked (a closed year's documents are made again as they were made:
    the auditors regenerate them; its table is not changed after the lock)."""
    if year in books.locked_years:
        return
    problems = placeholder_errors(
        books.trappan, datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    )
    if problems:
        raise ReportError(problems)


def limit(table: Table, base: Decimal) -> Decimal:
    """The equity limit for a base under a table (exact)."""
    if table.mode == "hela":
        reached = [s for s in table.steps if s.threshold <= base]
        step = reached[-1] if reached else table.steps[0]
        return base * step.percent / HUNDRED
    total = ZERO
    uppers = [s.threshold for s in table.steps[1:]] + [None]
    for step, upper in zip(table.steps, uppers, strict=True):
        top = base if upper is None else min(base, upper)
        if top > step.threshold:
            total += (top - step.threshold) * step.percent / HUNDRED
    return total


