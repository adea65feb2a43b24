"""Voided voucher numbers (makulerade verifikationsnummer): a gap with a reason.

Each series runs from 1 without gaps within a fiscal year, so a number that was given out
and then not used (a voucher voided in the old system, a number skipped by mistake) must
be accounted for, as bokföringslagen asks for a complete series. The books say so with a
directive dated in the number's year::

    2019-03-14 custom "makulerad" "A17" "Fakturan makulerad, ersatt av A18"

The gap check counts the number as used, ``finsam nasta`` never hands it out again, and a
voucher that carries the number anyway is an error (a number is either used or voided).
``finsam flytta-in`` writes these lines for the gaps of a series in a file from another
system, with the file named as the reason, so the economist can see and confirm them.

Pure functions of the entries, parsed once per load (``Books.voided``, domain.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from beancount.core import data

from finsam_accounts.declared import FromDirective, keep_once
from finsam_accounts.errors import FinsamError, error_at
from finsam_accounts.numbering import parse as parse_number

CUSTOM = "makulerad"
USAGE = ('custom "makulerad" ska ange verifikationsnumret och skälet, '
         't.ex. custom "makulerad" "A17" "Fakturan makulerad, ersatt av A18"')


@dataclass(frozen=True)
class Voided(FromDirective):
    year: int
    series: str
    number: int
    reason: str
    entry: data.Custom

    @property
    def key(self) -> tuple[int, str, int]:
        return (self.year, self.series, self.number)

    @property
    def text(self) -> str:
        return f"{self.series}{self.number}"


def parse(entry: data.Custom) -> Voided | FinsamError:
    values = [value.value for value in entry.values or ()]
    if len(values) != 2 or not all(isinstance(v, str) for v in values):
        return error_at(entry, USAGE)
    number, reason = str(values[0]).strip(), str(values[1]).strip()
    parsed = parse_number(number)
    if parsed is None or parsed[1] == 0:
        return error_at(entry, f'makulerad: "{number}" är inget verifikationsnummer '
                               '(serie i versaler och löpnummer från 1, t.ex. "A17")')
    if not reason:
        return error_at(entry, f"makulerad {number}: skälet saknas")
    return Voided(entry.date.year, parsed[0], parsed[1], reason, entry)


def parse_all(entries: Sequence[data.Directive]) -> tuple[tuple[Voided, ...], list[FinsamError]]:
    """Every voided number of the books (once per year, series and number), and every
    problem; parsed once per load in :func:`finsam_accounts.domain.parse` (``Books.voided``)."""
    found: dict[tuple[int, str, int], Voided] = {}
    errors: list[FinsamError] = []
    for entry in entries:
        if isinstance(entry, data.Custom) and entry.type == CUSTOM:
            keep_once(parse(entry), found, errors, entry, key=lambda v: v.key,
                      what=lambda v: f"makulerad {v.text} {v.year}")
    return tuple(found.values()), errors
