"""The unit of a board document's tables: kronor, or thousands of kronor (``--tkr``).

A table takes its unit from its statement in the specification (``unit = "tkr"`` on the
driftsredovisning), unless the reader asks for tkr everywhere. Every figure is rounded
once, from its exact sum, half away from zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from finsam_accounts.money import round_kr, round_tkr

Unit = Literal["kr", "tkr"]
UNITS: tuple[Unit, ...] = ("kr", "tkr")


@dataclass(frozen=True)
class Money:
    """Rounds exact amounts to the table's unit."""

    unit: Unit = "kr"

    def __call__(self, value: Decimal | None) -> Decimal | None:
        if value is None:
            return None
        return round_tkr(value) if self.unit == "tkr" else round_kr(value)

    def title(self, text: str) -> str:
        """A table's title, with "(tkr)" when its figures are thousands."""
        return f"{text} (tkr)" if self.unit == "tkr" else text

    @property
    def rounding(self) -> str:
        return "tusental kronor" if self.unit == "tkr" else "hela kronor"


def money(asked: Unit | None, own: str = "kr") -> Money:
    """The asked unit (``--tkr``), else the statement's own."""
    return Money(asked or ("tkr" if own == "tkr" else "kr"))
KR = Money("kr")
