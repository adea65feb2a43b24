"""Trappan's figures as Swedish text: kronor, percentages."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from finsam_accounts.money import format_sv, round_kr


def format_kr(value: Decimal) -> str:
    return format_sv(round_kr(value))


def format_percent(value: Decimal | None, decimals: int = 1) -> str:
    """``17,4`` (rounded half away from zero; an exact ledger value is shown as written)."""
    if value is None:
        return "–"
    quantum = Decimal(1).scaleb(-decimals)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{abs(rounded):f}".replace(".", ",")
    return f"−{text}" if rounded < 0 else text


def format_step_percent(value: Decimal) -> str:
    """A step's percentage as the ledger has it, without trailing zeros: ``20``, ``12,5``."""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")
