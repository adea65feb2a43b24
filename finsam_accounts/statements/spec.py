"""Statement specifications as data: which accounts each line covers, how, and where.

A specification file (TOML, see ``samordningsforbund.toml`` and docs/statements.md) holds
the statements of an annual report. Each statement has columns (this year, previous
year, budget, difference), lines that select Kommun-Bas account ranges (optionally one
activity) with a sign and a measure, or sum other lines, and the account ranges it must
cover. Loading validates the file and raises a :class:`~finsam_accounts.errors.ReportError`
at the file and line of what is wrong (``fil.toml:12: rapporten 'x', raden 'y': ...``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, cast

from finsam_accounts.books import Activity, Books
from finsam_accounts.conventions import AccountInfo
from finsam_accounts.errors import FinsamError, ReportError, error_in, plain_error
from finsam_accounts.periods import Period
from finsam_accounts.statements.roles import RoleError, Roles, parse_roles
from finsam_accounts.statements.template import instantiate

DEFAULT_SPEC = Path(__file__).with_name("samordningsforbund.toml")
TOML_LINE = re.compile(r"\(at line ([0-9]+)")
QUOTED_ID = re.compile(r"'([A-Za-z0-9_]+)'")

Measure = Literal["movement", "balance_start", "balance_end", "change", "noncash"]
ColumnKind = Literal["actual", "budget", "difference", "forecast"]
PeriodRole = Literal["current", "comparison"]
BudgetSpan = Literal["period", "year"]
Unit = Literal["kr", "tkr"]
# What a line's budget column holds: its accounts' budgets, nothing, or the budgeted equity.
BudgetSource = Literal["accounts", "none", "budget-eget-kapital"]

MEASURES: tuple[Measure, ...] = ("movement", "balance_start", "balance_end", "change", "noncash")
COLUMN_KINDS: tuple[ColumnKind, ...] = ("actual", "budget", "difference", "forecast")
PERIOD_ROLES: tuple[PeriodRole, ...] = ("current", "comparison")
BUDGET_SPANS: tuple[BudgetSpan, ...] = ("period", "year")
UNITS: tuple[Unit, ...] = ("kr", "tkr")
BUDGET_SOURCES: tuple[BudgetSource, ...] = ("accounts", "none", "budget-eget-kapital")
EXPANSIONS = ("rubrik",)
IDENTIFIER = re.compile(r"[a-z0-9_]+")

# The parts of an account's closing balance a measure reports: the balance brought in
# ("opening") and the period's postings ("movement"). Coverage is checked per part.
COMPONENTS: dict[Measure, frozenset[str]] = {
    "movement": frozenset({"movement"}),
    "change": frozenset({"movement"}),
    "balance_start": frozenset({"opening"}),
    "balance_end": frozenset({"opening", "movement"}),
    "noncash": frozenset(),  # an add-back: never covers an account
}

ROLES = (
    "assets",
    "equity_and_liabilities",
    "equity",
    "result",
    "cash_flow",
    "liquid_start",
    "liquid_end",
    "budget_result",
    "budget_totals",
)


class _Invalid(ValueError):
    """Raised inside the validation with a message naming the table at fault; turned into
    a located :class:`ReportError` by :func:`parse_spec`."""


@dataclass(frozen=True)
class AccountRange:
    """Kommun-Bas numbers from ``low`` to ``high``, compared on their leading digits.

    "3000-3999" holds 3510 and also a five-digit sub-account 35101; "35" holds group 35.
    """

    low: str
    high: str

    def contains(self, number: str) -> bool:
        head = number[: len(self.low)]
        return len(head) == len(self.low) and self.low <= head <= self.high

    def __str__(self) -> str:
        return self.low if self.low == self.high else f"{self.low}-{self.high}"


@dataclass(frozen=True)
class Selector:
    """Accounts in any of the ranges, optionally only those of one activity."""

    ranges: tuple[AccountRange, ...]
    activity: str | None = None

    def matches(self, account: AccountInfo) -> bool:
        if self.activity is not None and account.activity != self.activity:
            return False
        return any(r.contains(account.number) for r in self.ranges)

    def __str__(self) -> str:
        text = ", ".join(str(r) for r in self.ranges)
        return f"{text} ({self.activity})" if self.activity else text


@dataclass(frozen=True)
class Term:
    """One part of a line: selected accounts, measured one way, with a sign.

    ``cover=False`` marks an add-back whose accounts another line reports (e.g. the
    depreciation adjusted for in the cash-flow statement); it is left out of the coverage
    check.
    """

    selector: Selector
    measure: Measure
    sign: int
    cover: bool = True


@dataclass(frozen=True)
class Line:
    """A line of a statement: account terms, or the sum of earlier lines."""

    id: str
    label: str
    section: str = ""
    terms: tuple[Term, ...] = ()
    sum: tuple[str, ...] = ()
    note: str = ""
    expand: str | None = None
    budget: BudgetSource = "accounts"
    block: str = ""  # the activity block a repeated line belongs to ("kansli:SAMO")
    optional: bool = False  # left out, with its block, when none of its accounts has a figure

    @property
    def is_sum(self) -> bool:
        return bool(self.sum)


@dataclass(frozen=True)
class Column:
    """A value column: what it shows (kind) and of which of the request's periods.

    ``period`` is the request's period or its comparison; a budget column shows the budget
    of that period or (``span = "year"``) of the whole fiscal year; a difference column is
    ``of[0] − of[1]``. The header's placeholders are filled from the column's period:
    ``{period}`` (2019, or 2019-01-01 – 2019-08-31), ``{year}``, ``{start}``, ``{end}``.
    """

    id: str
    header: str
    kind: ColumnKind
    period: PeriodRole = "current"
    span: BudgetSpan = "period"
    of: tuple[str, str] | None = None

    def title(self, period: Period) -> str:
        return self.header.format(
            period=period.label, year=period.year, start=period.start.isoformat(),
            end=period.end.isoformat(),
        )


@dataclass(frozen=True)
class Statement:
    """A statement: its columns, lines and the accounts it must cover."""

    id: str
    title: str
    unit: Unit
    measure: Measure
    columns: tuple[Column, ...]
    lines: tuple[Line, ...]
    covers: tuple[Selector, ...] = ()
    section_column: str | None = None
    note_column: str | None = None
    note: str = ""
    sheet: str = ""
    text: str = ""
    text_by_year: Mapping[str, str] | None = None

    def line(self, line_id: str) -> Line:
        for line in self.lines:
            if line.id == line_id:
                return line
        raise KeyError(line_id)

    def column(self, column_id: str) -> Column:
        for column in self.columns:
            if column.id == column_id:
                return column
        raise KeyError(column_id)

    @property
    def has_budget(self) -> bool:
        return any(c.kind == "budget" for c in self.columns)

    def text_for(self, year: int) -> str:
        extra = (self.text_by_year or {}).get(str(year), "")
        return " ".join(t for t in (self.text.strip(), extra.strip()) if t)


@dataclass(frozen=True)
class Specification:
    """The statements in report order, and which lines the reconciliations compare."""

    statements: tuple[Statement, ...]
    roles: Mapping[str, tuple[str, ...]]
    liquid_funds: Selector
    fixed_assets: Selector
    title: str = "Årsredovisning {year}"
    subtitle: str = ""
    intro: str = ""
    notes_heading: str = "Noter"
    raw: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)
    activities: tuple[Activity, ...] = ()
    path: Path | None = None
    code_roles: Roles = field(default_factory=Roles)  # what the code reads ([roles])

    def with_activities(self, activities: Sequence[Activity]) -> Specification:
        """The same specification repeated for other activities (the books' own)."""
        if self.raw is None or tuple(activities) == self.activities:
            return self
        return parse_spec(self.raw, activities, self.path)

    def statement(self, statement_id: str) -> Statement:
        for statement in self.statements:
            if statement.id == statement_id:
                return statement
        raise KeyError(statement_id)


# ---------------------------------------------------------------------------- loading


def load_spec(
    path: Path | str | None = None, activities: Sequence[Activity] = ()
) -> Specification:
    """Read a specification file (the shipped one by default), repeat its per-activity
    templates for ``activities`` and validate it."""
    path = Path(path) if path is not None else DEFAULT_SPEC
    return parse_spec(read_spec(path), activities, path)


def read_spec(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ReportError([error_in(path, 0, "specifikationen finns inte")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ReportError(
            [error_in(path, 0, f"specifikationen kan inte läsas ({error})")]) from None
    except tomllib.TOMLDecodeError as error:
        position = TOML_LINE.search(str(error))
        raise ReportError([error_in(
            path, int(position[1]) if position else 0, f"ogiltig TOML: {error}")]) from None


def spec_for(books: Books) -> Specification:
    """The specification the books name (``custom "finsam-specifikation"``) or the shipped
    one, with the books' activities."""
    return load_spec(books.spec_path, books.activities)


def parse_spec(
    raw: Mapping[str, Any], activities: Sequence[Activity] = (), path: Path | None = None
) -> Specification:
    """Build a specification from parsed TOML (a dict) for the given activities."""
    try:
        spec = _parse(instantiate(raw, activities))
        # What the code reads (statements and named figures), resolved and checked now.
        code_roles = parse_roles(raw.get("roles"), spec.statements, activities)
    except (_Invalid, RoleError) as invalid:
        raise ReportError([located(str(invalid), path)]) from None
    return replace(spec, raw=raw, activities=tuple(activities), path=path,
                   code_roles=code_roles)


def located(message: str, path: Path | None) -> FinsamError:
    """A validation message at the line of the file it concerns: the ``id`` line of the
    innermost table the message names (``rapporten 'x', raden 'y'``), else the section's
    header (``[reconciliation]``), else the file's first line."""
    if path is None:
        return plain_error(f"specifikationen: {message}")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return error_in(path, 0, message)
    found, start = 0, 0
    for name in QUOTED_ID.findall(message):
        pattern = re.compile(rf"""^\s*id\s*=\s*["']{re.escape(name)}["']""")
        for number in range(start, len(lines)):
            if pattern.match(lines[number]):
                found, start = number + 1, number + 1
                break
    if not found:
        section = message.split(":", 1)[0].strip()
        header = re.compile(rf"^\s*\[{re.escape(section)}\]")
        found = next((n + 1 for n, line in enumerate(lines) if header.match(line)), 1)
    return error_in(path, found, message)


def _parse(raw: Mapping[str, Any]) -> Specification:
    _check_keys(raw, {"report", "statement", "reconciliation", "cash_flow", "roles"},
                "specifikationen")
    report = raw.get("report", {})
    _check_keys(report, {"title", "subtitle", "intro", "notes_heading"}, "report")
    statements = tuple(_statement(s) for s in _tables(raw, "statement", "specifikationen"))
    _unique([s.id for s in statements], "rapport-id")
    roles = _roles(raw.get("reconciliation", {}), statements)
    cash = raw.get("cash_flow", {})
    _check_keys(cash, {"liquid_funds", "fixed_assets"}, "cash_flow")
    return Specification(
        statements,
        roles,
        liquid_funds=_selector(cash.get("liquid_funds", ["1800-1999"]), "cash_flow"),
        fixed_assets=_selector(cash.get("fixed_assets", ["1000-1399"]), "cash_flow"),
        title=str(report.get("title", "Årsredovisning {year}")),
        subtitle=str(report.get("subtitle", "")),
        intro=str(report.get("intro", "")),
        notes_heading=str(report.get("notes_heading", "Noter")),
    )


def _statement(raw: Mapping[str, Any]) -> Statement:
    where = f"rapporten {raw.get('id', '?')!r}"
    _check_keys(
        raw,
        {"id", "title", "unit", "measure", "sign", "covers", "columns", "line",
         "section_column", "note_column", "note", "sheet", "text", "text_by_year"},
        where,
    )
    measure = _choice(raw.get("measure", "movement"), MEASURES, f"{where}: measure")
    sign = _sign(raw.get("sign", 1), where)
    columns = tuple(_column(c, where) for c in _tables(raw, "columns", where))
    if not columns:
        raise _Invalid(f"{where}: saknar kolumner (columns)")
    _unique([c.id for c in columns], f"kolumn-id i {where}")
    for column in columns:
        if column.of and not set(column.of) <= {c.id for c in columns}:
            raise _Invalid(f"{where}: kolumnen {column.id!r} jämför okända kolumner {column.of}")
    lines: list[Line] = []
    for line_raw in _tables(raw, "line", where):
        lines.append(_line(line_raw, measure, sign, [ln.id for ln in lines], where))
    _unique([ln.id for ln in lines], f"rad-id i {where}")
    return Statement(
        id=_identifier(raw, where),
        title=_text(raw, "title", where),
        unit=_choice(raw.get("unit", "kr"), UNITS, f"{where}: unit"),
        measure=measure,
        columns=columns,
        lines=tuple(lines),
        covers=tuple(_selector(c, where) for c in raw.get("covers", [])),
        section_column=raw.get("section_column"),
        note_column=raw.get("note_column"),
        note=str(raw.get("note", "")),
        sheet=str(raw.get("sheet", "")),
        text=str(raw.get("text", "")),
        text_by_year={str(k): str(v) for k, v in raw.get("text_by_year", {}).items()},
    )


def _line(
    raw: Mapping[str, Any], measure: Measure, sign: int, earlier: list[str], statement: str
) -> Line:
    line_id = _identifier(raw, statement)
    where = f"{statement}, raden {line_id!r}"
    _check_keys(
        raw,
        {"id", "label", "section", "accounts", "activity", "measure", "sign", "cover",
         "terms", "sum", "note", "expand", "budget", "_block", "optional"},
        where,
    )
    kinds = [k for k in ("accounts", "terms", "sum") if k in raw]
    if len(kinds) != 1:
        raise _Invalid(f"{where}: ange precis ett av accounts, terms och sum")
    if "accounts" not in raw and ({"activity", "cover"} & set(raw)):
        raise _Invalid(f"{where}: activity och cover hör till accounts (eller en term)")
    line_measure = _choice(raw.get("measure", measure), MEASURES, f"{where}: measure")
    line_sign = _sign(raw.get("sign", sign), where)
    terms: tuple[Term, ...] = ()
    if "accounts" in raw:
        own = {k: raw[k] for k in ("accounts", "activity", "cover") if k in raw}
        terms = (_term(own, line_measure, line_sign, where),)
    elif "terms" in raw:
        terms = tuple(_term(t, line_measure, line_sign, where) for t in raw["terms"])
    sums = tuple(str(s) for s in raw.get("sum", []))
    unknown = [s for s in sums if s not in earlier]
    if unknown:
        raise _Invalid(f"{where}: summerar rader som inte finns ovanför: {', '.join(unknown)}")
    expand = raw.get("expand")
    if expand is not None and (expand not in EXPANSIONS or not terms):
        raise _Invalid(f"{where}: expand kan bara vara \"rubrik\" på en rad med konton")
    return Line(
        id=line_id,
        label=str(raw.get("label", "")),
        section=str(raw.get("section", "")),
        terms=terms,
        sum=sums,
        note=str(raw.get("note", "")),
        expand=expand,
        budget=_choice(raw.get("budget", "accounts"), BUDGET_SOURCES, f"{where}: budget"),
        block=str(raw.get("_block") or (line_id if raw.get("optional") else "")),
        optional=bool(raw.get("optional", False)),
    )


def _term(raw: Mapping[str, Any], measure: Measure, sign: int, where: str) -> Term:
    _check_keys(raw, {"accounts", "activity", "measure", "sign", "cover"}, f"{where}: term")
    return Term(
        selector=_selector({"accounts": raw.get("accounts"), "activity": raw.get("activity")},
                           where),
        measure=_choice(raw.get("measure", measure), MEASURES, f"{where}: measure"),
        sign=_sign(raw.get("sign", sign), where),
        cover=bool(raw.get("cover", True)),
    )


def _selector(raw: Any, where: str) -> Selector:
    """``"3000-3999"`` or ``{accounts = ["3000-3999"], activity = "SAMO"}``."""
    if isinstance(raw, str | list):
        raw = {"accounts": raw}
    if not isinstance(raw, dict):
        raise _Invalid(f"{where}: ogiltigt kontourval {raw!r}")
    accounts = raw.get("accounts")
    if isinstance(accounts, str):
        accounts = [accounts]
    if not accounts:
        raise _Invalid(f"{where}: saknar kontointervall (accounts)")
    activity = raw.get("activity")
    return Selector(tuple(_range(a, where) for a in accounts), str(activity) if activity else None)


def _range(text: Any, where: str) -> AccountRange:
    low, _, high = str(text).partition("-")
    high = high or low
    if not (low.isdigit() and high.isdigit() and len(low) == len(high) and low <= high):
        raise _Invalid(f"{where}: ogiltigt kontointervall {text!r} (t.ex. \"3000-3999\")")
    return AccountRange(low, high)


def _column(raw: Mapping[str, Any], where: str) -> Column:
    _check_keys(raw, {"id", "header", "kind", "period", "span", "of"}, f"{where}: kolumn")
    kind = _choice(raw.get("kind", "actual"), COLUMN_KINDS, f"{where}: kolumnens kind")
    of = raw.get("of")
    if (kind == "difference") != (of is not None) or (of is not None and len(of) != 2):
        raise _Invalid(f"{where}: en differenskolumn anger of = [\"a\", \"b\"] (a − b)")
    return Column(
        id=_text(raw, "id", where),
        header=_text(raw, "header", where),
        kind=kind,
        period=_choice(raw.get("period", "current"), PERIOD_ROLES, f"{where}: kolumnens period"),
        span=_choice(raw.get("span", "period"), BUDGET_SPANS, f"{where}: kolumnens span"),
        of=(str(of[0]), str(of[1])) if of else None,
    )


def _roles(
    raw: Mapping[str, Any], statements: tuple[Statement, ...]
) -> dict[str, tuple[str, ...]]:
    _check_keys(raw, set(ROLES), "reconciliation")
    lines = {f"{s.id}.{ln.id}": ln for s in statements for ln in s.lines}
    roles: dict[str, tuple[str, ...]] = {}
    for role in ROLES:
        value = raw.get(role)
        if value is None:
            raise _Invalid(f"reconciliation: saknar {role}")
        refs = (value,) if isinstance(value, str) else tuple(value)
        for ref in refs:
            if ref not in lines:
                raise _Invalid(f"reconciliation: {role} = {ref!r} är ingen rad (rapport.rad)")
            if lines[ref].expand:
                raise _Invalid(f"reconciliation: {role} = {ref!r} är en expanderad rad")
        roles[role] = refs
    return roles


# ---------------------------------------------------------------------------- helpers


def _tables(raw: Mapping[str, Any], key: str, where: str) -> list[Mapping[str, Any]]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise _Invalid(f"{where}: {key} ska vara en lista av tabeller ([[{key}]])")
    return value


def _identifier(raw: Mapping[str, Any], where: str) -> str:
    value = _text(raw, "id", where)
    if not IDENTIFIER.fullmatch(value):
        raise _Invalid(f"{where}: id {value!r} får bara innehålla a-z, 0-9 och _")
    return value


def _text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value:
        raise _Invalid(f"{where}: saknar {key}")
    return value


def _choice(value: Any, allowed: tuple[str, ...], where: str) -> Any:
    if value not in allowed:
        raise _Invalid(f"{where}: {value!r} är inte ett av {', '.join(allowed)}")
    return cast(str, value)


def _sign(value: Any, where: str) -> int:
    if value not in (1, -1):
        raise _Invalid(f"{where}: sign ska vara 1 eller -1, inte {value!r}")
    return int(value)


def _check_keys(raw: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise _Invalid(f"{where}: okända nycklar {', '.join(unknown)}")


def _unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise _Invalid(f"{what} {item!r} förekommer två gånger")
        seen.add(item)
