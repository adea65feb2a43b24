"""Trappan: the equity guideline, a stepped limit on equity by the size of the base.

The steps are ledger data (see docs/contributions-trappan.md)::

    2018-01-01 custom "trappan" "hela" "medlemsavgifter" "källa: ..."
      status: "platshållare"
    2018-01-01 custom "trappan-steg" 0.00 SEK 20

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
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from beancount.core import data

if TYPE_CHECKING:
    import pandas as pd

from finsam_accounts import contributions
from finsam_accounts.balances import CURRENCY
from finsam_accounts.budget import budget_for_year, has_budget, parse_budgets
from finsam_accounts.contributions import InvalidData, where
from finsam_accounts.errors import FinsamError, error_at, plain_error, source_of
from finsam_accounts.ledger import META_MEMBER, Ledger, fiscal_years
from finsam_accounts.money import ZERO, exact_sum, format_sv, round_kr

if TYPE_CHECKING:  # pandas is imported only where a frame is made: the plugin loads this
    import pandas as pd

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


def parse(entries: Sequence[data.Directive]) -> tuple[list[Table], list[FinsamError]]:
    """Every trappan table in date order, and every problem with the entries."""
    headers: dict[datetime.date, Table] = {}
    steps: dict[datetime.date, list[tuple[Step, data.Custom]]] = {}
    errors: list[FinsamError] = []
    for entry in entries:
        if not isinstance(entry, data.Custom):
            continue
        if entry.type == CUSTOM_TABLE:
            header = _parse_header(entry)
            if isinstance(header, FinsamError):
                errors.append(header)
            elif entry.date in headers:
                first = where(headers[entry.date].source)
                errors.append(
                    error_at(entry, f"det finns redan en trappa daterad {entry.date} ({first})")
                )
            else:
                headers[entry.date] = header
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
    """The trappan tables in date order; raises InvalidData if any entry is unusable."""
    found, problems = parse(entries)
    if problems:
        raise InvalidData(problems)
    return found


def table_at(found: Sequence[Table], date: datetime.date) -> Table:
    """The table in force on ``date``: the latest dated on or before it."""
    usable = [t for t in found if t.date <= date]
    if not usable:
        first = f" (den första är daterad {found[0].date})" if found else ""
        raise InvalidData(
            [
                plain_error(
                    f"ingen trappa gäller {date}{first}: lägg till "
                    f'custom "{CUSTOM_TABLE}" och custom "{CUSTOM_STEP}" i trappan.beancount'
                )
            ]
        )
    return usable[-1]


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


# ------------------------------------------------------------------------------ bases


def base_for_year(
    entries: Sequence[data.Directive], options: dict[str, Any], year: int, kind: str,
    figures: YearFigures | None = None,
) -> Decimal:
    """The year's base as booked: member contributions or total revenue (positive), from
    the same one-pass sums as the statements."""
    figures = figures or year_figures(entries, options, [year])
    moved = figures.of(year).movement
    if kind == "medlemsavgifter":
        members = [n for n, info in figures.books.accounts.items() if META_MEMBER in info.meta]
        return -exact_sum(moved.get(a, ZERO) for a in members)
    root = f"{options['name_income']}:"
    return -exact_sum(v for a, v in moved.items() if a.startswith(root))


def budgeted_result(
    entries: Sequence[data.Directive], options: dict[str, Any], year: int
) -> Decimal | None:
    """The year's budgeted result (positive = surplus), or None if the year has no budget."""
    budgets = parse_budgets(entries)
    if not has_budget(budgets, year):
        return None
    roots = (f"{options['name_income']}:", f"{options['name_expenses']}:")
    budget = budget_for_year(budgets, year)
    return -exact_sum(v for a, v in budget.items() if a.startswith(roots))


def budgeted_base(
    entries: Sequence[data.Directive], options: dict[str, Any], year: int, kind: str
) -> Decimal:
    """The base for the projection: the allocation decided (medlemsavgifter) or the
    budgeted revenue (intäkter); the booked base where the ledger has neither."""
    if kind == "medlemsavgifter":
        parsed, _ = contributions.parse(entries)
        allocation = parsed.allocations.get(year)
        if allocation is not None:
            return allocation.amount
    else:
        root = f"{options['name_income']}:"
        budget = budget_for_year(parse_budgets(entries), year)
        revenue = [v for a, v in budget.items() if a.startswith(root)]
        if revenue:
            return -exact_sum(revenue)
    return base_for_year(entries, options, year, kind)


# -------------------------------------------------------------------------- positions


@dataclass(frozen=True)
class YearFigures:
    """Each fiscal year's sums, from the same one-pass summing as the statements
    (:func:`finsam_accounts.statements.figures.collect`), so trappan's equity and result
    are the annual report's."""

    books: Any
    periods: dict[int, Any]

    def of(self, year: int) -> Any:
        return self.periods[year]

    def equity_end(self, year: int) -> Decimal:
        from finsam_accounts.statements.reconcile import equity_end

        return equity_end(self.of(year), self.books)

    def equity_start(self, year: int) -> Decimal:
        from finsam_accounts.statements.reconcile import equity_start

        return equity_start(self.of(year), self.books)

    def result(self, year: int) -> Decimal:
        """The year's result (positive = surplus): minus the income and cost movements."""
        options = self.books.options
        roots = (f"{options['name_income']}:", f"{options['name_expenses']}:")
        return -exact_sum(v for a, v in self.of(year).movement.items() if a.startswith(roots))


def year_figures(
    entries: Sequence[data.Directive], options: dict[str, Any], years: Sequence[int]
) -> YearFigures:
    from finsam_accounts import books as books_module
    from finsam_accounts.periods import calendar_year
    from finsam_accounts.statements.figures import collect
    from finsam_accounts.statements.spec import AccountRange, Selector

    books = books_module.of(entries, options)
    periods = {y: calendar_year(y) for y in years}
    liquid = Selector((AccountRange("1800", "1999"),))
    fixed = Selector((AccountRange("1000", "1399"),))
    summed = collect(entries, books, periods.values(), liquid, fixed)
    return YearFigures(books, {y: summed.periods[p] for y, p in periods.items()})


def from_figures(summed: Any, years: Sequence[int]) -> YearFigures | None:
    """The years' sums out of a report's Figures, if it has summed every one of them."""
    from finsam_accounts.periods import calendar_year

    periods = {y: summed.periods.get(calendar_year(y)) for y in years}
    if any(p is None for p in periods.values()):
        return None
    return YearFigures(summed.books, periods)


def year_result(entries: Sequence[data.Directive], options: dict[str, Any], year: int) -> Decimal:
    """The year's booked result (positive = surplus)."""
    return year_figures(entries, options, [year]).result(year)


def opening_equity(
    entries: Sequence[data.Directive], options: dict[str, Any], year: int
) -> Decimal:
    """Equity at the start of the year, with the balances brought in (an opening-balance
    voucher dated the day before the first year or marked ``ib: TRUE``)."""
    return year_figures(entries, options, [year]).equity_start(year)


@dataclass(frozen=True)
class Position:
    """Equity at one date against the limit of one year's base."""

    kind: str  # YEAR_END | OPENING | PROJECTION
    year: int  # the year whose base applies
    date: datetime.date
    equity: Decimal
    base: Decimal
    table: Table

    @property
    def limit(self) -> Decimal:
        return limit(self.table, self.base)

    @property
    def margin(self) -> Decimal:
        """Room left under the limit (negative: over by this much)."""
        return self.limit - self.equity

    @property
    def margin_percent(self) -> Decimal | None:
        """The margin in percent of the base (percentage points, like the steps)."""
        return self.margin * HUNDRED / self.base if self.base else None

    @property
    def equity_percent(self) -> Decimal | None:
        return self.equity * HUNDRED / self.base if self.base else None

    @property
    def status(self) -> str:
        return INSIDE if self.equity <= self.limit else OVER

    @property
    def label(self) -> str:
        if self.kind == OPENING:
            return f"Ingående {self.year} mot {self.year} års bas"
        if self.kind == PROJECTION:
            return f"Prognos {self.year} enligt budget"
        return f"Utgående {self.year}"


def ledger_years(entries: Sequence[data.Directive]) -> list[int]:
    """The fiscal years declared, or else the years that have transactions."""
    declared = fiscal_years(entries)
    if declared:
        return declared
    return sorted({e.date.year for e in entries if isinstance(e, data.Transaction)})


def year_end(
    entries: Sequence[data.Directive], options: dict[str, Any], found: Sequence[Table], year: int,
    figures: YearFigures,
) -> Position:
    date = datetime.date(year, 12, 31)
    table = table_at(found, date)
    equity = figures.equity_end(year)
    base = base_for_year(entries, options, year, table.base, figures)
    return Position(YEAR_END, year, date, equity, base, table)


def opening(
    entries: Sequence[data.Directive], options: dict[str, Any], found: Sequence[Table], year: int,
    figures: YearFigures,
) -> Position:
    """Equity at the start of the year against this year's base."""
    date = datetime.date(year, 1, 1)
    table = table_at(found, date)
    equity = figures.equity_start(year)
    base = base_for_year(entries, options, year, table.base, figures)
    return Position(OPENING, year, date, equity, base, table)


def projection(
    entries: Sequence[data.Directive], options: dict[str, Any], found: Sequence[Table], year: int,
    figures: YearFigures,
) -> Position | None:
    """Equity at the start of the year + the budgeted result, against the budgeted base."""
    result = budgeted_result(entries, options, year)
    if result is None:
        return None
    date = datetime.date(year, 12, 31)
    table = table_at(found, date)
    equity = figures.equity_start(year) + result
    base = budgeted_base(entries, options, year, table.base)
    return Position(PROJECTION, year, date, equity, base, table)


def positions(
    entries: Sequence[data.Directive],
    options: dict[str, Any],
    year: int,
    all_years: bool = False,
    summed: Any = None,
) -> list[Position]:
    """The rows of the trappan report for ``year``.

    Every year end of the ledger up to ``year`` (all of them with ``all_years``), and for
    ``year`` itself the opening equity against the year's base and the projection from the
    budget; in date order, the opening and the projection before the year's own end.
    """
    found = tables(entries)
    years = [y for y in ledger_years(entries) if all_years or y <= year]
    if year not in years:
        years = sorted([*years, year])
    figures = from_figures(summed, years) if summed is not None else None
    if figures is None:
        figures = year_figures(entries, options, years)  # one pass for every year
    rows: list[Position] = []
    for each in years:
        if each == year:
            rows.append(opening(entries, options, found, year, figures))
            forecast = projection(entries, options, found, year, figures)
            if forecast is not None:
                rows.append(forecast)
        rows.append(year_end(entries, options, found, each, figures))
    return rows


COLUMNS = (
    "avser",
    "typ",
    "år",
    "datum",
    "eget kapital",
    "bas",
    "gräns",
    "marginal",
    "marginal %",
    "eget kapital %",
    "status",
    "tabell",
)


def frame(rows: Sequence[Position]) -> pd.DataFrame:
    """Positions as a DataFrame of exact Decimals (percent of the base, unrounded)."""
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "avser": p.label,
                "typ": p.kind,
                "år": p.year,
                "datum": p.date,
                "eget kapital": p.equity,
                "bas": p.base,
                "gräns": p.limit,
                "marginal": p.margin,
                "marginal %": p.margin_percent,
                "eget kapital %": p.equity_percent,
                "status": p.status,
                "tabell": p.table.date,
            }
            for p in rows
        ],
        columns=list(COLUMNS),
    )


def report_frame(
    entries: Sequence[data.Directive], options: dict[str, Any], year: int,
    summed: Any = None,
) -> pd.DataFrame:
    """The trappan rows for the annual report of ``year`` (year ends up to ``year``);
    ``summed`` is the annual report's own :class:`~finsam_accounts.statements.figures.Figures`
    when it holds every year, so the ledger is summed once for both."""
    return frame(positions(entries, options, year, summed=summed))


# ------------------------------------------------------------------------- describing


def format_kr(value: Decimal) -> str:
    return format_sv(round_kr(value))


def format_percent(value: Decimal | None, decimals: int = 1) -> str:
    """``17,4`` (rounded half away from zero; an exact ledger value is shown as written)."""
    if value is None:
        return "–"
    quantum = Decimal(1).scaleb(-decimals)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{abs(rounded):f}".replace(".", ",")
    return f"−{text}" if rounded < 0 else text


def format_step_percent(value: Decimal) -> str:
    """A step's percentage as the ledger has it, without trailing zeros: ``20``, ``12,5``."""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def describe_table(table: Table, with_location: bool = True) -> str:
    """The table in Swedish: the steps, how they apply, the base and the source.

    ``with_location=False`` leaves out the ``file:line`` (which depends on the working
    directory), for the annual report that must be byte-identical wherever it is run.
    """
    base = BASE_TEXT[table.base]
    if len(table.steps) == 1:
        steps = f"{format_step_percent(table.steps[0].percent)} % av {base}"
    else:
        parts = [
            f"från {format_kr(s.threshold)} kr: {format_step_percent(s.percent)} %"
            for s in table.steps
        ]
        how = (
            "procentsatsen för det steg basen når gäller hela basen"
            if table.mode == "hela"
            else "varje procentsats gäller den del av basen som ligger inom steget"
        )
        steps = f"{'; '.join(parts)} ({how}; bas: {base})"
    flag = " PLATSHÅLLARE, inte de officiella stegen." if table.placeholder else ""
    return (
        f"Trappan (tabell från {table.date.isoformat()}"
        f"{', ' + where(table.source) if with_location else ''}): "
        f"gränsen för eget kapital är {steps}.{flag} Källa: {table.source_text}"
    )


def table_description(
    entries: Sequence[data.Directive],
    date: datetime.date | None = None,
    with_location: bool = True,
) -> str:
    """The table in force on ``date`` (default: the latest table), described in Swedish."""
    found = tables(entries)
    if not found:
        raise InvalidData([plain_error(f'bokföringen har ingen trappa (custom "{CUSTOM_TABLE}")')])
    table = found[-1] if date is None else table_at(found, date)
    return describe_table(table, with_location)


def used_tables(rows: Sequence[Position]) -> list[Table]:
    """The distinct tables that the rows used, in date order."""
    return sorted({id(p.table): p.table for p in rows}.values(), key=lambda t: t.date)


# --------------------------------------------------------------------------- warnings


def warnings(ledger: Ledger) -> list[str]:
    """A warning when equity at the latest year end is over the limit (Swedish)."""
    entries = ledger.entries
    years = ledger_years(entries)
    if not years:
        return []
    found, problems = parse(entries)
    if problems:
        return []  # reported by errors()
    if not found:
        # Only a ledger with member contributions is a förbund's that needs the guideline.
        if not any(META_MEMBER in info.meta for info in ledger.accounts.values()):
            return []
        return [
            f'bokföringen har ingen trappa (custom "{CUSTOM_TABLE}" och "{CUSTOM_STEP}"): '
            "eget kapital kan inte prövas mot riktlinjen"
        ]
    try:
        figures = year_figures(entries, ledger.options, years[-1:])
        position = year_end(entries, ledger.options, found, years[-1], figures)
    except InvalidData as exc:
        return [error.message for error in exc.errors]
    if position.status == INSIDE:
        return []
    return [
        f"eget kapital {position.date.isoformat()} är {format_kr(position.equity)} kr, "
        f"över gränsen i trappan {format_kr(position.limit)} kr "
        f"({format_percent(position.equity_percent)} % av basen {format_kr(position.base)} kr, "
        f"{format_kr(-position.margin)} kr för mycket; trappan {where(position.table.source)})"
    ]
