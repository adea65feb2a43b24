"""Named figures of the annual report, read from the statements' exact frames.

The förvaltningsberättelse names figures (``{årets_resultat}``, ``{eget_kapital:tkr}``)
instead of typing them, so the text always says what the tables say. Every name is one
line of one statement in one column; :func:`figure` is the only place that reads a frame,
so a change in how the statements are indexed is adapted here alone. A name is only
evaluated when a text uses it: a förbund without a project never asks for its figures.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from finsam_accounts import trappan
from finsam_accounts.books import Books
from finsam_accounts.errors import ReportError, plain_error
from finsam_accounts.money import format_sv, round_kr, round_tkr
from finsam_accounts.statements.roles import CODE, FIGURES, OWN, FigureRole
from finsam_accounts.statements.spec import Specification, spec_for
from finsam_accounts.statements.template import placeholders

UNITS = ("kr", "tkr")
PERCENT = Decimal("0.1")


def figure(
    frames: Mapping[str, pd.DataFrame], statement_id: str, line_id: str, column: str
) -> Decimal:
    """The exact figure of one line of one statement, in the column titled ``column``."""
    frame = frames.get(statement_id)
    if frame is None:
        raise ReportError([plain_error(f"räkenskaperna har ingen rapport {statement_id}")])
    if line_id not in frame.index or column not in frame.columns:
        raise ReportError(
            [plain_error(f"{statement_id} har ingen rad {line_id} med kolumnen {column}")])
    value: Any = frame.at[line_id, column]
    if value is None or (isinstance(value, float) and value != value):
        # An empty cell (no budget this year, no previous year): not a zero to print.
        raise ReportError([plain_error(
            f"{statement_id} har inget belopp i kolumnen {column} på raden "
            f"{line_id} (t.ex. ingen budget för året)")])
    return Decimal(value)


def line_named(
    name: str, figures: Mapping[str, FigureRole] = FIGURES
) -> FigureRole | None:
    """The figure a name stands for among ``figures`` (a specification's resolved roles,
    by default the shipped ids); ``intäkter_hfe`` matches ``intäkter_{kod}``."""
    if name in figures:
        return figures[name]
    # The longest pattern first: kostnader_samo_budget is not kostnader_{kod} of "samo_budget".
    for pattern, line in sorted(figures.items(), key=lambda item: -len(item[0])):
        if CODE not in pattern:
            continue
        before, after = pattern.split(CODE)
        code = name[len(before): len(name) - len(after)] if after else name[len(before):]
        if (name.startswith(before) and name.endswith(after) and code
                and re.fullmatch(r"[a-z0-9_]+", code)):
            return line.for_activity(code)
    return None


TRAPPAN_NAMES = {
    "trappan_status": "inom eller över trappans gräns vid årets slut (ordet «inom» eller «över»)",
    "trappan_gräns": "trappans gräns för eget kapital vid årets slut",
    "trappan_marginal": "marginalen till gränsen (positiv = inom)",
    "trappan_marginal_procent": "marginalen i procent av basen, en decimal",
}


def names() -> dict[str, str]:
    """Every name a text can use, with what it means (for docs and messages)."""
    return {
        "år": "räkenskapsåret",
        "föregående_år": "året före",
        **{name: line.description for name, line in FIGURES.items()},
        **TRAPPAN_NAMES,
    }


def amount(value: Decimal, unit: str) -> str:
    """An exact amount as the text prints it: rounded once, '1 992 706' or '1 993'."""
    return format_sv(round_tkr(value) if unit == "tkr" else round_kr(value))


def percent(value: Decimal) -> str:
    """'2,6': one decimal, half away from zero, decimal comma, true minus."""
    text = str(value.quantize(PERCENT, rounding=ROUND_HALF_UP)).replace(".", ",")
    return text.replace("-", "−")


def resolver(
    frames: Mapping[str, pd.DataFrame],
    books: Books,
    year: int,
    summed: Any = None,
    spec: Specification | None = None,
) -> Callable[[str, str], str]:
    """``resolve(name, unit)``: the printed figure; KeyError for an unknown name,
    ReportError when the books have no such figure. ``summed`` is the statements' own
    :class:`~finsam_accounts.statements.figures.Figures`, so trappan's figures come from
    the same summing pass as the tables; ``spec`` the specification they were made by
    (its roles say where each named figure is; default: the books' own)."""
    if spec is None:
        spec = spec_for(books)
    figures = spec.code_roles.figures

    def resolve(name: str, unit: str) -> str:
        if name == "år":
            return str(year)
        if name == "föregående_år":
            return str(year - 1)
        line = line_named(name, figures)
        if line is None and line_named(name) is not None:
            raise ReportError([plain_error(
                f"specifikationen har ingen rad för {name} (ange den under [roles.figures], "
                "docs/statements.md)")])
        if line is not None:
            line_id = line.line.replace(OWN, own_activity_id(books))
            return amount(line.sign * figure(frames, line.statement, line_id, line.column),
                          unit)
        if name in TRAPPAN_NAMES:
            return trappan_figure(name, unit, books, year, summed)
        raise KeyError(name)

    return resolve


def own_activity_id(books: Books) -> str:
    """The line-id form of the förbund's own activity code ("samo")."""
    own = next((a for a in books.activities if a.is_own), None)
    return placeholders(own)["kod_id"] if own else ""


def trappan_figure(
    name: str, unit: str, books: Books, year: int, summed: Any = None
) -> str:
    """The year-end position against the equity guideline."""
    if not books.trappan:
        raise ReportError([plain_error("bokföringen har ingen trappa (custom \"trappan\")")])
    found = [p for p in trappan.positions(books, year, summed=summed)
             if p.kind == trappan.YEAR_END and p.year == year]
    if not found:
        raise ReportError([plain_error(f"trappan har inget utgående eget kapital {year}")])
    position = found[0]
    if name == "trappan_status":
        return position.status
    if name == "trappan_marginal_procent":
        if position.margin_percent is None:
            raise ReportError([plain_error(f"trappans bas {year} är noll: ingen procentsats")])
        return percent(position.margin_percent)
    return amount(position.limit if name == "trappan_gräns" else position.margin, unit)
