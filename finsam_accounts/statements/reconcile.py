"""The reconciliations every report run must pass, on exact values.

1. Assets = equity + provisions + liabilities, in every balance-sheet column.
2. The period's result + capital movements = the change in the ledger's equity, and the
   balance sheet's equity = the ledger's equity (assets minus liabilities).
3. The cash-flow statement's flow = the change in liquid funds.
4. The utfall/budget totals (with financial items) and RESULTAT = the income statement's
   result.

Which lines play these parts is data (``[reconciliation]`` in the specification); cells are
addressed by (statement, line id, column id), never by a printed header. Columns are paired
by the period they show (the request's period or its comparison).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal

from finsam_accounts.books import Books
from finsam_accounts.errors import FinsamError, plain_error
from finsam_accounts.money import ZERO, format_sv_ore
from finsam_accounts.statements.engine import Row
from finsam_accounts.statements.figures import Figures, PeriodFigures
from finsam_accounts.statements.request import Request
from finsam_accounts.statements.spec import Specification

Tables = Mapping[str, list[Row]]


def problems(
    spec: Specification, tables: Tables, request: Request, figures: Figures
) -> list[FinsamError]:
    """Every failed reconciliation, one Swedish line each (empty when all hold)."""
    found = [
        *_balance(spec, tables, request),
        *_equity(spec, tables, request, figures),
        *_cash_flow(spec, tables, request),
        *_budget(spec, tables, request),
    ]
    return [plain_error(message) for message in found]


# ---------------------------------------------------------------------------- lookup


def role_values(
    spec: Specification, tables: Tables, role: str
) -> dict[str, Decimal]:
    """The role's lines summed, per period role ("current", "comparison") of the actual
    columns that have data."""
    refs = spec.roles[role]
    values: dict[str, Decimal] = {}
    statement = spec.statement(refs[0].split(".", 1)[0])
    for column in statement.columns:
        if column.kind != "actual":
            continue
        cells = [cell(spec, tables, ref, column.period) for ref in refs]
        if all(c is not None for c in cells):
            values[column.period] = sum((c for c in cells if c is not None), ZERO)
    return values


def cell(spec: Specification, tables: Tables, ref: str, period_role: str) -> Decimal | None:
    """The exact value of ``statement.line`` in the actual column of a period role."""
    statement_id, line_id = ref.split(".", 1)
    statement = spec.statement(statement_id)
    column = next((c for c in statement.columns
                   if c.kind == "actual" and c.period == period_role), None)
    if column is None:
        return None
    for row in tables.get(statement_id, []):
        if row.id == line_id:
            return row.values.get(column.id)
    return None


def _where(request: Request, period_role: str) -> str:
    period = request.period if period_role == "current" else request.comparison
    return period.label if period is not None else period_role


# ---------------------------------------------------------------------------- checks


def _balance(spec: Specification, tables: Tables, request: Request) -> Iterator[str]:
    assets = role_values(spec, tables, "assets")
    other = role_values(spec, tables, "equity_and_liabilities")
    for role, value in assets.items():
        if role in other and value != other[role]:
            yield (
                f"Balansräkningen {_where(request, role)} balanserar inte: tillgångar "
                f"{_kr(value)} ≠ eget kapital, avsättningar och skulder {_kr(other[role])} "
                f"(differens {_kr(value - other[role])}; se raderna {spec.roles['assets'][0]} "
                f"och {spec.roles['equity_and_liabilities'][0]})"
            )


def _equity(
    spec: Specification, tables: Tables, request: Request, figures: Figures
) -> Iterator[str]:
    books = figures.books
    results = role_values(spec, tables, "result")
    equities = role_values(spec, tables, "equity")
    for role in ("current", "comparison"):
        period = request.period if role == "current" else request.comparison
        data = figures.periods.get(period) if period is not None else None
        if data is None:
            continue
        before, after = equity_start(data, books), equity_end(data, books)
        moved = capital_movements(data, books)
        if role in results and results[role] + moved != after - before:
            yield (
                f"Årets resultat {_where(request, role)} {_kr(results[role])} "
                f"{'+ kapitalrörelser ' + _kr(moved) + ' ' if moved else ''}≠ förändringen "
                f"av eget kapital {_kr(after - before)} ({_kr(before)} → {_kr(after)}); "
                f"resultaträkningen tar inte med alla intäkts- och kostnadskonton"
            )
        if role in equities and equities[role] != after:
            yield (
                f"Eget kapital i balansräkningen {_where(request, role)} {_kr(equities[role])} "
                f"≠ bokfört eget kapital {_kr(after)} (differens {_kr(equities[role] - after)})"
            )


def _cash_flow(spec: Specification, tables: Tables, request: Request) -> Iterator[str]:
    flows = role_values(spec, tables, "cash_flow")
    starts = role_values(spec, tables, "liquid_start")
    ends = role_values(spec, tables, "liquid_end")
    for role, flow in flows.items():
        if role not in starts or role not in ends:
            continue
        change = ends[role] - starts[role]
        if flow != change:
            yield (
                f"Kassaflödesanalysen {_where(request, role)}: årets kassaflöde {_kr(flow)} ≠ "
                f"förändringen av likvida medel {_kr(change)} ({_kr(starts[role])} → "
                f"{_kr(ends[role])}; differens {_kr(flow - change)})"
            )


def _budget(spec: Specification, tables: Tables, request: Request) -> Iterator[str]:
    results = role_values(spec, tables, "result")
    totals = role_values(spec, tables, "budget_totals")
    budget_results = role_values(spec, tables, "budget_result")
    for role, budget_result in budget_results.items():
        if role not in results:
            continue
        result = results[role]
        where = f"Sammanställningen över utfall och budget {_where(request, role)}"
        total = totals.get(role, ZERO)
        if total != result:
            yield (
                f"{where}: totala intäkter och kostnader {_kr(total)} ≠ årets resultat i "
                f"resultaträkningen {_kr(result)} (differens {_kr(total - result)})"
            )
        if budget_result != result:
            yield (
                f"{where}: RESULTAT {_kr(budget_result)} ≠ årets resultat i "
                f"resultaträkningen {_kr(result)} (differens {_kr(budget_result - result)})"
            )


# ---------------------------------------------------------------------------- equity


def _roots(books: Books) -> tuple[str, ...]:
    """The prefixes of equity, income and cost accounts (the books' root names)."""
    return (f"{books.roots.equity}:", *books.result_roots)


def equity_end(data: PeriodFigures, books: Books) -> Decimal:
    """Equity at the end of the period (positive = net assets): minus the closing balances
    of every equity, income and cost account (results are never closed into equity)."""
    roots = _roots(books)
    return -sum((data.closing(a) for a in data.accounts() if a.startswith(roots)), ZERO)


def equity_start(data: PeriodFigures, books: Books) -> Decimal:
    roots = _roots(books)
    return -sum((v for a, v in data.opening.items() if a.startswith(roots)), ZERO)


def capital_movements(data: PeriodFigures, books: Books) -> Decimal:
    """Equity booked directly on equity accounts during the period (not through result)."""
    root = _roots(books)[0]
    return -sum((v for a, v in data.movement.items() if a.startswith(root)), ZERO)


def _kr(value: Decimal) -> str:
    return format_sv_ore(value)
