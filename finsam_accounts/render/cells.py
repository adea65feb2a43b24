"""How one presented cell reads in a file: the formats shared by the writers."""

from __future__ import annotations

from decimal import Decimal

from finsam_accounts.money import format_sv


def is_number(value: object) -> bool:
    return isinstance(value, Decimal | int) and not isinstance(value, bool)


def plain(value: object) -> str:
    """CSV text: integers without separators, '-' for negatives, '' for no value."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else str(value)
    return str(value)


def swedish(value: object) -> str:
    """HTML text: '1 234 567', '−12 345', decimals with a comma, '' for no value."""
    if value is None:
        return ""
    if isinstance(value, Decimal) and value != value.to_integral_value():
        whole, _, fraction = f"{abs(value)}".partition(".")
        sign = "−" if value < 0 else ""
        return f"{sign}{format_sv(Decimal(whole))},{fraction}"
    if is_number(value):
        return format_sv(Decimal(value))  # type: ignore[arg-type]
    return str(value)


def spreadsheet(value: object) -> object:
    """XLSX value: numbers as numbers (int when whole), text as text, None empty."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value
    return value
