"""SCB's Räkenskapssammandrag for a kommunalförbund or samordningsförbund: the year's
figures mapped from Kommun-Bas accounts by :mod:`scb_mapping` (data the economist corrects).

* **Driftredovisning** per verksamhetsgren (the books' activities grouped by the mapping)
  and in total: intäkter, personalkostnader (with pension costs and the change of pension
  provisions specified), other costs, depreciation, financial items;
* **Balansräkning** at the year's end, pension provisions apart from other provisions.

Reconciled every time: every account with a figure falls in exactly one main row of its
part (the unmapped and the twice-mapped accounts are named), the driftredovisning sums to
the income statement's result and the balance sheet to its totals (the annual report's own
figures). Pure: entries, options and the mapping in, exact Decimals out.
"""

from __future__ import annotations

from collections.abc import Mapping as MappingType
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from finsam_accounts.books import Books
from finsam_accounts.conventions import AccountInfo
from finsam_accounts.errors import FinsamError, ReportError, error_in, plain_error
from finsam_accounts.money import ZERO, exact_sum, format_sv_ore
from finsam_accounts.periods import calendar_year
from finsam_accounts.yearly.scb_mapping import Mapping, MappingRow

RESULT_CLASSES = range(3000, 10000)


@dataclass(frozen=True)
class Branch:
    code: str
    text: str
    activities: tuple[str, ...]


@dataclass(frozen=True)
class ScbRow:
    part: str
    code: str
    text: str
    kind: str
    parent: str
    amounts: tuple[Decimal, ...]  # drift: per branch; balans: one

    @property
    def total(self) -> Decimal:
        return exact_sum(self.amounts)


@dataclass(frozen=True)
class ScbFigures:
    year: int
    organisation: str
    organisation_number: str
    branches: tuple[Branch, ...]
    drift: tuple[ScbRow, ...]
    balance: tuple[ScbRow, ...]
    result: Decimal
    assets: Decimal
    equity_and_liabilities: Decimal

    def drift_total(self, branch: int | None = None) -> Decimal:
        def signed(row: ScbRow) -> Decimal:
            value = row.total if branch is None else row.amounts[branch]
            return value if row.kind == "intäkt" else -value
        return exact_sum(signed(r) for r in self.drift if not r.parent)

    def balance_total(self, kind: str) -> Decimal:
        return exact_sum(r.total for r in self.balance if not r.parent and r.kind == kind)


def _branches(mapping: Mapping, activities: Sequence[str]) -> tuple[list[Branch],
                                                                     list[FinsamError]]:
    rows = mapping.part("verksamhetsgren")
    named = {a for r in rows for a in r.activities if a != "*"}
    errors: list[FinsamError] = []
    result: list[Branch] = []
    taken: dict[str, MappingRow] = {}
    for row in rows:
        chosen: list[str] = []
        for item in row.activities:
            picks = [a for a in activities if a not in named] if item == "*" else [item]
            if item != "*" and item not in activities:
                errors.append(error_in(row.filename, row.lineno, f"verksamheten {item} finns "
                                       "inte i bokföringen (custom \"verksamhet\")"))
            for activity in picks:
                if activity in taken and taken[activity] is not row:
                    errors.append(error_in(row.filename, row.lineno, f"verksamheten {activity}"
                                           f" hör redan till verksamhetsgren "
                                           f"{taken[activity].code}"))
                taken[activity] = row
                chosen.append(activity)
        result.append(Branch(row.code, row.text, tuple(dict.fromkeys(chosen))))
    missing = [a for a in activities if a not in taken]
    if missing:
        errors.append(plain_error("SCB-mappningen: verksamheten " + ", ".join(missing)
                                  + " hör inte till någon verksamhetsgren (lägg till den i "
                                  "en rad med del verksamhetsgren)"))
    return result, errors


def _coverage(part: str, rows: Sequence[MappingRow], figures: MappingType[str, Decimal],
              accounts: MappingType[str, AccountInfo], wanted: range | None) -> list[FinsamError]:
    """Every account with a figure in exactly one main row of the part."""
    unmapped: list[str] = []
    twice: list[str] = []
    main = [r for r in rows if r.is_main]
    for name, value in sorted(figures.items(), key=lambda item: accounts[item[0]].number):
        info = accounts[name]
        if value == ZERO or (wanted is not None and not (
                info.number.isdigit() and int(info.number) in wanted)):
            continue
        hits = [r.code for r in main if r.matches(info.number)]
        described = f"{info.number} {info.name} ({format_sv_ore(value)})"
        if not hits:
            unmapped.append(described)
        elif len(hits) > 1:
            twice.append(f"{described} på raderna {', '.join(hits)}")
    errors = []
    if unmapped:
        errors.append(plain_error(f"SCB-mappningen ({part}) tar inte med kontona: "
                                  + "; ".join(unmapped)))
    if twice:
        errors.append(plain_error(f"SCB-mappningen ({part}) tar med kontona två gånger: "
                                  + "; ".join(twice)))
    return errors


def build(books: Books, year: int, mapping: Mapping) -> ScbFigures:
    from finsam_accounts.statements.annual_report import annual

    if year not in books.fiscal_years:
        shown = ", ".join(str(y) for y in books.fiscal_years) or "inga"
        raise ReportError([plain_error(f"{year} är inget räkenskapsår i bokföringen ({shown})")])
    statements = annual(None, books, year)
    period = statements.figures.periods[calendar_year(year)]
    accounts = books.accounts
    movement = {a: v for a, v in period.movement.items() if a in accounts}
    closing = {a: period.closing(a) for a in period.accounts() if a in accounts}
    branches, errors = _branches(mapping, [a.code for a in books.activities])
    errors.extend(_coverage("driftredovisning", mapping.part("drift"), movement, accounts,
                            RESULT_CLASSES))
    errors.extend(_coverage("balansräkning", mapping.part("balans"), closing, accounts, None))
    if errors:
        raise ReportError(errors, "SCB-mappningen stämmer inte med bokföringen, inget skrevs")

    def drift_row(row: MappingRow) -> ScbRow:
        sign = -1 if row.kind == "intäkt" else 1
        amounts = tuple(
            sign * exact_sum(v for a, v in movement.items()
                             if row.matches(accounts[a].number)
                             and accounts[a].activity in branch.activities)
            for branch in branches)
        return ScbRow("drift", row.code, row.text, row.kind, row.parent, amounts)

    def balance_row(row: MappingRow) -> ScbRow:
        sign = 1 if row.kind == "tillgång" else -1
        total = sign * exact_sum(v for a, v in closing.items() if row.matches(accounts[a].number))
        return ScbRow("balans", row.code, row.text, row.kind, row.parent, (total,))

    result = statements.value("resultatrakning", "arets_resultat", "ar") or ZERO
    assets = statements.value("balansrakning", "summa_tillgangar", "ar") or ZERO
    liabilities = statements.value("balansrakning", "summa_eget_kapital_och_skulder",
                                   "ar") or ZERO
    figures = ScbFigures(
        year=year, organisation=str(books.options.get("title") or ""),
        organisation_number=books.organisation_number, branches=tuple(branches),
        drift=tuple(drift_row(r) for r in mapping.part("drift")),
        balance=tuple(balance_row(r) for r in mapping.part("balans")),
        result=result, assets=assets, equity_and_liabilities=liabilities)
    _reconcile(figures)
    return figures


def _reconcile(figures: ScbFigures) -> None:
    checks = [
        ("driftredovisningens summa", figures.drift_total(), "årets resultat i "
         "resultaträkningen", figures.result),
        ("balansräkningens tillgångar", figures.balance_total("tillgång"), "summa tillgångar",
         figures.assets),
        ("balansräkningens eget kapital, avsättningar och skulder",
         figures.balance_total("skuld"), "summa eget kapital, avsättningar och skulder",
         figures.equity_and_liabilities),
    ]
    problems = [plain_error(f"SCB: {name} {format_sv_ore(mine)} är inte {theirs} "
                            f"{format_sv_ore(expected)}")
                for name, mine, theirs, expected in checks if mine != expected]
    if problems:
        raise ReportError(problems, "avstämningen av SCB-underlaget misslyckades, inget skrevs")
