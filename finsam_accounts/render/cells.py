"""How one presented cell reads in a file: the formats shared by the writers."""

from __future__ import annotations

from decimal import Decimal

from finsam_accounts.money import format_sv


def is_number(value: object) -> bool:
    return isinstance(value, Decimal | int) and not isinstance(value, bool)


def decimals(value: Decimal) -> int:
    """How many decimals a presented figure carries: 0 for kronor, 1 for '-5.0' percent.

    The figure was rounded (quantized) once for presentation; every format prints exactly
    the decimals it was rounded to, so a percentage reads '-5.0' and not '-5'.
    """
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def plain(value: object) -> str:
    """CSV text: integers without separators, '-' for negatives, '' for no value."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = value.copy_abs() if value == 0 else value  # no "-0.0"
        return str(value) if decimals(value) else str(int(value))
    return str(value)


def swedish(value: object) -> str:
    """HTML text: '1 234 567', '−12 345', decimals with a comma, '' for no value."""
    if value is None:
        return ""
    if isinstance(value, Decimal) and decimals(value):
        whole, _, fraction = f"{abs(value)}".partition(".")
        sign = "−" if value < 0 else ""
        return f"{sign}{format_sv(Decimal(whole))},{fraction}"
    if is_number(value):
        return format_sv(Decimal(value))  # type: ignore[arg-type]
    return str(value)


def spreadsheet(value: object) -> object:
    """XLSX value: numbers as numbers (int when whole), text as text, None empty."""
    if isinstance(value, Decimal):
        return (value.copy_abs() if value == 0 else value) if decimals(value) else int(value)
    return value
