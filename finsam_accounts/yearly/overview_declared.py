"""The femårsöversikt's figures of the years before the books, as the economist declares
them from earlier annual reports::

    2019-01-01 custom "femårsöversikt" 2017 "resultat" -1149943.00 SEK

(names: see :data:`DECLARABLE`; ``deltagare`` is a number, the rest amounts in SEK). A
year and name are declared once; a year the books hold, and equity at the end of the
year before the first (the balances brought in), come from the vouchers and cannot be
declared.

Parsed once per load in :func:`finsam_accounts.domain.parse` (``Books.overview``), which
the plugin reports the errors of; :mod:`finsam_accounts.yearly.overview` reads them.
Pure and light (no pandas).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from beancount.core import data

from finsam_accounts.declared import FromDirective, keep_once
from finsam_accounts.errors import FinsamError, error_at

if TYPE_CHECKING:  # the books' own directives, parsed first (finsam_accounts.domain)
    from finsam_accounts.books import Books

CUSTOM_OVERVIEW = "femårsöversikt"
# name -> Swedish label; the figures a year before the books can declare.
DECLARABLE: dict[str, str] = {
    "medlemsavgifter": "Medlemsavgifter",
    "kostnader": "Verksamhetens kostnader (utom finansiella)",
    "resultat": "Årets resultat",
    "eget_kapital": "Eget kapital vid årets slut",
    "trappan_gräns": "Trappans gräns",
    "insatskostnader": "Kostnader för insatser",
    "deltagare": "Deltagare i insatser",
}
SYNTAX = ('custom "femårsöversikt" ÅR "NAMN" BELOPP SEK (deltagare: ett antal), '
          't.ex. 2017 "resultat" -1149943.00 SEK')


@dataclass(frozen=True)
class Declared(FromDirective):
    year: int
    name: str
    value: Decimal
    entry: data.Custom


def _parse(entry: data.Custom, fiscal_years: Sequence[int]) -> Declared | FinsamError:
    values = [v.value for v in entry.values]
    if len(values) != 3 or not isinstance(values[1], str):
        return error_at(entry, f"femårsöversikten ska skrivas {SYNTAX}")
    year, name, value = values
    if not (isinstance(year, Decimal) and year == year.to_integral_value()
            and 1900 <= year <= 2999):
        return error_at(entry, f"femårsöversikten: {year} är inget år ({SYNTAX})")
    if name not in DECLARABLE:
        return error_at(entry, (f'femårsöversikten: okänt nyckeltal "{name}" (tillåtna: '
                                f"{', '.join(DECLARABLE)})"))
    if fiscal_years and int(year) == fiscal_years[0] - 1 and name == "eget_kapital":
        return error_at(entry, (
            f"femårsöversikten: eget kapital {int(year)} är den ingående balansen i "
            "bokföringen och kan inte anges"))
    if int(year) in fiscal_years:
        return error_at(entry, (
            f"femårsöversikten: {int(year)} finns i bokföringen; dess nyckeltal räknas "
            "ur verifikationerna och kan inte anges"))
    if name == "deltagare":
        if not (isinstance(value, Decimal) and value >= 0
                and value == value.to_integral_value()):
            return error_at(entry, "femårsöversikten: deltagare ska vara ett helt antal, "
                                   "inte negativt")
        return Declared(int(year), name, value, entry)
    if not (hasattr(value, "number") and hasattr(value, "currency")) or value.number is None:
        return error_at(entry, f'femårsöversikten: "{name}" ska vara ett belopp i SEK '
                               f"({SYNTAX})")
    if value.currency != "SEK":
        return error_at(entry, f'femårsöversikten: "{name}" ska vara i SEK, inte '
                               f"{value.currency}")
    return Declared(int(year), name, value.number, entry)


def parse(entries: Sequence[data.Directive],
          core: Books) -> tuple[tuple[Declared, ...], list[FinsamError]]:
    """Every usable declaration in order (once per year and name), and every problem;
    ``core``: the books' own directives (the fiscal years)."""
    found: dict[tuple[int, str], Declared] = {}
    problems: list[FinsamError] = []
    for entry in entries:
        if isinstance(entry, data.Custom) and entry.type == CUSTOM_OVERVIEW:
            keep_once(_parse(entry, core.fiscal_years), found, problems, entry,
                      key=lambda d: (d.year, d.name),
                      what=lambda d: f'femårsöversikten: "{d.name}" {d.year}')
    return tuple(found.values()), problems
