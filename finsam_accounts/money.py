"""Decimal helpers: exact sums in öre, rounding once at presentation time."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
ORE = Decimal("0.01")
KR = Decimal("1")
TKR = Decimal("1000")


def exact_sum(values: Iterable[Decimal]) -> Decimal:
    """Sum exactly; start from Decimal zero so an empty sum is Decimal, not int."""
    total = ZERO
    for value in values:
        total += value
    return total


def round_kr(value: Decimal) -> Decimal:
    """Round to whole kronor, half away from zero (ROUND_HALF_UP is symmetric in Decimal)."""
    return value.quantize(KR, rounding=ROUND_HALF_UP)


def round_tkr(value: Decimal) -> Decimal:
    """Round to whole thousands of kronor, half away from zero."""
    return (value / TKR).quantize(KR, rounding=ROUND_HALF_UP)


def format_sv(value: Decimal | None, empty: str = "") -> str:
    """Format an already rounded whole number the Swedish way: '1 234 567', '-12 345'.

    A narrow no-break space (U+202F) would be typographically nicer, but auditors paste
    figures into spreadsheets; an ordinary no-break space (U+00A0) keeps lines from
    breaking and still reads as a space.
    """
    if value is None:
        return empty
    integer = int(value)
    sign = "−" if integer < 0 else ""
    digits = f"{abs(integer):,}".replace(",", "\u00a0")
    return f"{sign}{digits}"


def format_sv_ore(value: Decimal) -> str:
    """Format an exact amount with öre the Swedish way, for messages: '7 282 871,00'."""
    cents = value.quantize(ORE, rounding=ROUND_HALF_UP)
    sign = "−" if cents < 0 else ""
    kronor, _, ore = f"{abs(cents):.2f}".partition(".")
    return f"{sign}{int(kronor):,}".replace(",", "\u00a0") + f",{ore}"
