"""The statements, lines and columns the code reads, by role: validated when a
specification loads.

Code never depends on a specification's ids by itself. The follow-up reads the statement
of the reconciliation role ``budget_result`` (the utfall/budget table) and the statement of
the role ``activity_result`` (the result per activity); each named figure of the
förvaltningsberättelse (:mod:`finsam_accounts.annual.figures`) reads one line of one
statement in one column. The defaults below are the shipped specification's ids; a
förbund's own specification may name others in a ``[roles]`` table::

    [roles]
    activity_result = "driftsredovisning"

    [roles.figures]
    eget_kapital = "balansrakning.summa_eget_kapital.ar"

A role the file names must resolve, or the specification does not load (the message
names the role). A default the specification lacks is left out: the follow-up then says
which role is missing, and so does a text that names the figure. A line id with ``{kod}``
stands for every activity's line (``intakter_{kod}``: ``intakter_samo``, ...), checked
when the figure is asked for; ``{eget}`` is the förbund's own activity.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from finsam_accounts.books import Activity
from finsam_accounts.statements.template import placeholders

if TYPE_CHECKING:
    from finsam_accounts.statements.spec import Statement

CODE = "{kod}"  # an activity's code, as in its lines' ids ("samo")
OWN = "{eget}"  # the förbund's own activity (custom "verksamhet" ... "förbund")
FIGURES_KEY = "figures"


class RoleError(ValueError):
    """A role the specification names that does not resolve (Swedish message)."""


@dataclass(frozen=True)
class FigureRole:
    """A named figure: one line of one statement in one column (ids), with the sign it
    is named with and what it means."""

    statement: str
    line: str
    column: str
    sign: int = 1
    description: str = ""

    def for_activity(self, code: str) -> FigureRole:
        return replace(self, line=self.line.replace(CODE, code))


# The statements the code reads besides the reconciliations' (budget_result's statement).
STATEMENT_ROLES: dict[str, str] = {
    "activity_result": "driftsredovisning",  # the result per activity (follow-up)
}

# The figures a text can name. A name with {kod} exists once per activity the ledger
# declares ({intäkter_samo}, {intäkter_hfe}, ...). Costs are named as positive amounts
# ("kostnaderna uppgick till ..."), everything else with the sign the statements print.
FIGURES: dict[str, FigureRole] = {
    "årets_resultat": FigureRole("resultatrakning", "arets_resultat", "ar", 1,
                                 "årets resultat (resultaträkningen)"),
    "årets_resultat_fg": FigureRole("resultatrakning", "arets_resultat", "foregaende", 1,
                                    "föregående års resultat"),
    "intäkter_{kod}": FigureRole("resultatrakning", "intakter_{kod}", "ar", 1,
                                 "verksamhetens intäkter i en verksamhet (samo, hfe, ...)"),
    "kostnader_{kod}": FigureRole("resultatrakning", "kostnader_{kod}", "ar", -1,
                                  "verksamhetens kostnader i en verksamhet, positivt"),
    "resultat_{kod}": FigureRole("driftsredovisning", "resultat_{kod}", "utfall", 1,
                                 "årets resultat i en verksamhet"),
    "totala_kostnader": FigureRole("utfall_budget", "totala_kostnader", "utfall", -1,
                                   "förbundets totala kostnader, positivt"),
    "nettokostnad": FigureRole("resultatrakning", "nettokostnad", "ar", 1,
                               "verksamhetens nettokostnad"),
    "eget_kapital": FigureRole("balansrakning", "summa_eget_kapital", "ar", 1,
                               "eget kapital vid årets slut"),
    "eget_kapital_ib": FigureRole("balansrakning", "summa_eget_kapital", "foregaende", 1,
                                  "eget kapital vid årets början"),
    "balansomslutning": FigureRole("balansrakning", "summa_tillgangar", "ar", 1,
                                   "summa tillgångar vid årets slut"),
    "likvida_medel": FigureRole("kassaflodesanalys", "likvida_medel_slut", "ar", 1,
                                "likvida medel (kassa, bank, kortfristiga placeringar) vid "
                                "årets slut"),
    "fordringar": FigureRole("balansrakning", "fordringar", "ar", 1,
                             "fordringar vid årets slut"),
    "kortfristiga_skulder": FigureRole("balansrakning", "kortfristiga_skulder", "ar", 1,
                                       "kortfristiga skulder vid årets slut"),
    "medlemsavgifter": FigureRole("utfall_budget", "medlemsavgifter_{eget}", "utfall", 1,
                                  "årets medlemsavgifter (förbundets egen verksamhet)"),
    "budgeterat_resultat": FigureRole("utfall_budget", "resultat", "budget", 1,
                                      "budgeterat resultat"),
    "resultat_mot_budget": FigureRole("utfall_budget", "resultat", "differens", 1,
                                      "resultatet mot budget (positivt = bättre än budget)"),
    "kostnader_{kod}_budget": FigureRole(
        "utfall_budget", "totala_kostnader_{kod}", "budget", -1,
        "budgeterade kostnader i en verksamhet, positivt"),
    "kostnader_{kod}_under_budget": FigureRole(
        "utfall_budget", "totala_kostnader_{kod}", "differens", 1,
        "så mycket lägre än budget kostnaderna i en verksamhet blev"),
    "budgeterat_eget_kapital": FigureRole("driftsredovisning", "eget_kapital", "budget", 1,
                                          "budgeterat eget kapital vid årets slut"),
}


@dataclass(frozen=True)
class Roles:
    """What the code reads in one specification, resolved: statement ids by role, and
    the named figures whose statement, column and line (or {kod} pattern) exist."""

    statements: Mapping[str, str] = field(default_factory=dict)
    figures: Mapping[str, FigureRole] = field(default_factory=dict)


def parse_roles(
    raw: Any, statements: Sequence[Statement], activities: Sequence[Activity] = ()
) -> Roles:
    """The ``[roles]`` table over the defaults, each role checked against ``statements``
    (raises RoleError for a role the table names that does not resolve)."""
    raw = {} if raw is None else raw
    if not isinstance(raw, Mapping):
        raise RoleError("roles ska vara en tabell ([roles])")
    unknown = sorted(set(raw) - {*STATEMENT_ROLES, FIGURES_KEY})
    if unknown:
        known = ", ".join([*STATEMENT_ROLES, FIGURES_KEY])
        raise RoleError(f"roles: okänd roll {unknown[0]!r} (rollerna: {known})")
    by_id = {s.id: s for s in statements}
    found: dict[str, str] = {}
    for role, default in STATEMENT_ROLES.items():
        given = raw.get(role)
        if given is None:
            if default in by_id:
                found[role] = default
        elif isinstance(given, str) and given in by_id:
            found[role] = given
        else:
            raise RoleError(f"roles: {role} = {given!r} är ingen rapport i specifikationen")
    return Roles(found, _figures(raw.get(FIGURES_KEY, {}), by_id, activities))


def _figures(
    raw: Any, by_id: Mapping[str, Statement], activities: Sequence[Activity]
) -> dict[str, FigureRole]:
    if not isinstance(raw, Mapping):
        raise RoleError("roles.figures ska vara en tabell ([roles.figures])")
    unknown = sorted(set(raw) - set(FIGURES))
    if unknown:
        raise RoleError(f"roles.figures: okänt namn {unknown[0]!r} (namnen står i "
                        "docs/annual-report.md)")
    found: dict[str, FigureRole] = {}
    for name, default in FIGURES.items():
        given = raw.get(name)
        role = default if given is None else _figure(name, given, default)
        problem = unresolved(role, by_id, activities)
        if problem is None:
            found[name] = role
        elif given is not None:
            raise RoleError(f"roles.figures: {name} = {given!r}: {problem}")
    return found


def _figure(name: str, given: Any, default: FigureRole) -> FigureRole:
    parts = given.split(".") if isinstance(given, str) else []
    if len(parts) != 3 or not all(parts):
        raise RoleError(f"roles.figures: {name} = {given!r} ska vara \"rapport.rad.kolumn\"")
    return replace(default, statement=parts[0], line=parts[1], column=parts[2])


def unresolved(
    role: FigureRole, by_id: Mapping[str, Statement], activities: Sequence[Activity]
) -> str | None:
    """Why a figure does not resolve in these statements, or None."""
    statement = by_id.get(role.statement)
    if statement is None:
        return f"ingen rapport {role.statement}"
    if all(column.id != role.column for column in statement.columns):
        return f"rapporten {role.statement} har ingen kolumn {role.column}"
    line = own_line(role.line, activities)
    if CODE in line or OWN in line:
        return None  # per activity: checked when a text names one
    if all(existing.id != line for existing in statement.lines):
        return f"rapporten {role.statement} har ingen rad {line}"
    return None


def own_line(line: str, activities: Sequence[Activity]) -> str:
    """``{eget}`` replaced by the förbund's own activity's code (left as is without one)."""
    own = next((a for a in activities if a.is_own), None)
    return line.replace(OWN, placeholders(own)["kod_id"]) if own is not None else line
