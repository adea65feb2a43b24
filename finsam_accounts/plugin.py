"""Beancount plugin with the domain checks (placeholder; the ledger issue fills it in)."""

from __future__ import annotations

from typing import Any

from beancount.core import data

__plugins__ = ("validate",)


def validate(entries: list[data.Directive], options_map: dict[str, Any]) -> tuple[list[data.Directive], list[Any]]:
    return entries, []
