"""Named figures of the annual report, read from the statements' exact frames.

The förvaltningsberättelse names figures (``{årets_resultat}``, ``{eget_kapital:tkr}``)
instead of typing them, so the text always says what the tables say. Every name is one
line of one statement in one column; :func:`figure` is the only place that reads a frame,
so a change in how the statements are indexed is adapted here alone. A name is only
evaluated when a text uses it: a förbund without a project never asks for its figures.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd
from beancount.core import data

from finsam_accounts import domain, trappan
from finsam_accounts.errors import ReportError, plain_error
from finsam_accounts.money import format_sv, round_kr, round_tkr
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


@dataclass(frozen=True)
class Line:
    """A name for a statement line and column (ids); ``{kod}`` is an activity's code."""

    statement: str
    line: str
    column: str
    sign: int = 1
    description: str = ""


# The figures a text can name. A name with {kod} exists once per activity the ledger
# declares ({intäkter_samo}, {intäkter_hfe}, ...). Costs are named as positive amounts
# ("kostnaderna uppgick till ..."), everything else with the sign the statements print.
LINES: dict[str, Line] = {
    "årets_resultat": Line("resultatrakning", "arets_resultat", "ar", 1,
                           "årets resultat (resultaträkningen)"),
    "årets_resultat_fg": Line("resultatrakning", "arets_resultat", "foregaende", 1,
                              "föregående års resultat"),
    "intäkter_{kod}": Line("resultatrakning", "intakter_{kod}", "ar", 1,
                           "verksamhetens intäkter i en verksamhet (samo, hfe, ...)"),
    "kostnader_{kod}": Line("resultatrakning", "kostnader_{kod}", "ar", -1,
                            "verksamhetens kostnader i en verksamhet, positivt"),
    "resultat_{kod}": Line("driftsredovisning", "resultat_{kod}", "utfall", 1,
                           "årets resultat i en verksamhet"),
    "totala_kostnader": Line("utfall_budget", "totala_kostnader", "utfall", -1,
                             "förbundets totala kostnader, positivt"),
    "nettokostnad": Line("resultatrakning", "nettokostnad", "ar", 1,
                         "verksamhetens nettokostnad"),
    "eget_kapital": Line("balansrakning", "summa_eget_kapital", "ar", 1,
                         "eget kapital vid årets slut"),
    "eget_kapital_ib": Line("balansrakning", "summa_eget_kapital", "foregaende", 1,
                            "eget kapital vid årets början"),
    "balansomslutning": Line("balansrakning", "summa_tillgangar", "ar", 1,
                             "summa tillgångar vid årets slut"),
    "likvida_medel": Line("kassaflodesanalys", "likvida_medel_slut", "ar", 1,
                          "likvida medel (kassa, bank, kortfristiga placeringar) vid årets "
                          "slut"),
    "fordringar": Line("balansrakning", "fordringar", "ar", 1,
                       "fordringar vid årets slut"),
    "kortfristiga_skulder": Line("balansrakning", "kortfristiga_skulder", "ar", 1,
                                 "kortfristiga skulder vid årets slut"),
    "medlemsavgifter": Line("utfall_budget", "medlemsavgifter_{eget}", "utfall", 1,
                            "årets medlemsavgifter (förbundets egen verksamhet)"),
    "budgeterat_resultat": Line("utfall_budget", "resultat", "budget", 1,
                                "budgeterat resultat"),
    "resultat_mot_budget": Line("utfall_budget", "resultat", "differens", 1,
                                "resultatet mot budget (positivt = bättre än budget)"),
    "kostnader_{kod}_budget": Line("utfall_budget", "totala_kostnader_{kod}", "budget", -1,
                                   "budgeterade kostnader i en verksamhet, positivt"),
    "kostnader_{kod}_under_budget": Line(
        "utfall_budget", "totala_kostnader_{kod}", "differens", 1,
        "så mycket lägre än budget kostnaderna i en verksamhet blev"),
    "budgeterat_eget_kapital": Line("driftsredovisning", "eget_kapital", "budget", 1,
                                    "budgeterat eget kapital vid årets slut"),
}
CODE = "{kod}"
OWN = "{eget}"  # the förbund's own activity (custom "verksamhet" ... "förbund")


def line_named(name: str) -> Line | None:
    """The line a name stands for; ``intäkter_hfe`` matches ``intäkter_{kod}``."""
    if name in LINES:
        return LINES[name]
    # The longest pattern first: kostnader_samo_budget is not kostnader_{kod} of "samo_budget".
    for pattern, line in sorted(LINES.items(), key=lambda item: -len(item[0])):
        if CODE not in pattern:
            continue
        before, after = pattern.split(CODE)
        code = name[len(before): len(name) - len(after)] if after else name[len(before):]
        if (name.startswith(before) and name.endswith(after) and code
                and re.fullmatch(r"[a-z0-9_]+", code)):
            return Line(line.statement, line.line.replace(CODE, code), line.column, line.sign,
                        line.description)
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
        **{name: line.description for name, line in LINES.items()},
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
    entries: Sequence[data.Directive],
    options: Mapping[str, Any],
    year: int,
    summed: Any = None,
) -> Callable[[str, str], str]:
    """``resolve(name, unit)``: the printed figure; KeyError for an unknown name,
    ReportError when the books have no such figure. ``summed`` is the statements' own
    :class:`~finsam_accounts.statements.figures.Figures`, so trappan's figures come from
    the same summing pass as the tables."""

    def resolve(name: str, unit: str) -> str:
        if name == "år":
            return str(year)
        if name == "föregående_år":
            return str(year - 1)
        line = line_named(name)
        if line is not None:
            line_id = line.line.replace(OWN, own_activity_id(entries, options))
            return amount(line.sign * figure(frames, line.statement, line_id, line.column),
                          unit)
        if name in TRAPPAN_NAMES:
            return trappan_figure(name, unit, entries, options, year, summed)
        raise KeyError(name)

    return resolve


def own_activity_id(entries: Sequence[data.Directive], options: Mapping[str, Any]) -> str:
    """The line-id form of the förbund's own activity code ("samo")."""
    found = domain.of(entries, options).activities
    own = next((a for a in found if a.is_own), None)
    return placeholders(own)["kod_id"] if own else ""


def trappan_figure(
    name: str, unit: str, entries: Sequence[data.Directive], options: Mapping[str, Any],
    year: int, summed: Any = None,
) -> str:
    """The year-end position against the equity guideline."""
    if not trappan.tables(entries):
        raise ReportError([plain_error("bokföringen har ingen trappa (custom \"trappan\")")])
    frame = trappan.report_frame(entries, dict(options), year, summed)
    rows = frame[(frame["typ"] == trappan.YEAR_END) & (frame["år"] == year)]
    if rows.empty:
        raise ReportError([plain_error(f"trappan har inget utgående eget kapital {year}")])
    row = rows.iloc[0]
    if name == "trappan_status":
        return str(row["status"])
    if name == "trappan_marginal_procent":
        return percent(Decimal(row["marginal %"]))
    column = "gräns" if name == "trappan_gräns" else "marginal"
    return amount(Decimal(row[column]), unit)
