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

Pure functions of the entries, parsed once per load (derived.per_entries).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from beancount.core import data

from finsam_accounts.derived import copy_lists, per_entries
from finsam_accounts.errors import FinsamError, error_at
from finsam_accounts.numbering import CUSTOM_VOIDED as CUSTOM
from finsam_accounts.numbering import parse as parse_number

USAGE = ('custom "makulerad" ska ange verifikationsnumret och skälet, '
         't.ex. custom "makulerad" "A17" "Fakturan makulerad, ersatt av A18"')


@dataclass(frozen=True)
class Voided:
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


def _declared(entries: Sequence[data.Directive]) -> tuple[list[Voided], list[FinsamError]]:
    found: dict[tuple[int, str, int], Voided] = {}
    errors: list[FinsamError] = []
    for entry in entries:
        if not isinstance(entry, data.Custom) or entry.type != CUSTOM:
            continue
        parsed = parse(entry)
        if isinstance(parsed, FinsamError):
            errors.append(parsed)
        elif parsed.key in found:
            errors.append(error_at(entry, f"makulerad {parsed.text} {parsed.year} står redan "
                                          "på en annan rad"))
        else:
            found[parsed.key] = parsed
    return list(found.values()), errors


declared = per_entries(copy_lists)(_declared)


def errors(entries: Sequence[data.Directive]) -> list[FinsamError]:
    return declared(entries)[1]


def numbers(entries: Sequence[data.Directive]) -> list[Voided]:
    return declared(entries)[0]
