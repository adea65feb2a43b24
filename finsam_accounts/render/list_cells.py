"""A list's cells as printed, shared by the browser's table (render/lists.py) and the
printed pages (render/list_print.py): amounts with öre, dates as ISO dates, the group
headings, which columns hold amounts."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pandas as pd

from finsam_accounts.money import format_sv_ore

PORTRAIT_COLUMNS = 6  # a list with more columns is printed in landscape
NOWRAP = frozenset({"nr", "datum", "ver", "källa"})  # short codes an auditor reads whole
# How a heading of the HTML names a value (the other heading values stand on their own).
HEADING_LABELS = {
    "underlag": "underlag ",
    "korrigerar": "korrigerar ",
    "korrigeras av": "korrigeras av ",
}


def text(value: Any) -> str:
    """A cell as the HTML prints it: amounts with öre, dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_sv_ore(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def numeric_columns(table: pd.DataFrame) -> list[str]:
    return [
        str(c)
        for c in table.columns
        if len(table) and all(v is None or isinstance(v, Decimal) for v in table[c])
    ]


def heading(columns: Sequence[str], values: Sequence[Any]) -> str:
    parts = [
        f"{HEADING_LABELS.get(column, '')}{text(value)}"
        for column, value in zip(columns, values, strict=True)
        if text(value)
    ]
    return " · ".join(parts)
