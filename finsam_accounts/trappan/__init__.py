"""Trappan: the equity guideline, a stepped limit on equity by the size of the base.

``guideline`` parses the tables (ledger data, see docs/contributions-trappan.md) and computes
the limit, ``bases`` the base, ``yearsums`` the years' equity and result, ``rows`` the
report's positions, ``describe`` and ``text`` the Swedish texts and the warning. The names
below are the package's public interface.
"""

from finsam_accounts.trappan.bases import (
    base_for_year,
    budgeted_base,
    budgeted_result,
)
from finsam_accounts.trappan.describe import (
    describe_table,
    table_description,
    used_tables,
    warnings,
)
from finsam_accounts.trappan.guideline import (
    BASE_TEXT,
    BASES,
    CUSTOM_STEP,
    CUSTOM_TABLE,
    HUNDRED,
    INSIDE,
    META_STATUS,
    MODES,
    OPENING,
    OVER,
    PLACEHOLDER,
    PROJECTION,
    YEAR_END,
    Step,
    Table,
    errors,
    in_force,
    limit,
    parse,
    placeholder_errors,
    refuse_placeholders,
    table_at,
    tables,
)
from finsam_accounts.trappan.rows import (
    COLUMNS,
    Position,
    frame,
    opening,
    positions,
    projection,
    report_frame,
    year_end,
)
from finsam_accounts.trappan.text import (
    format_kr,
    format_percent,
    format_step_percent,
)
from finsam_accounts.trappan.yearsums import (
    YearFigures,
    from_figures,
    opening_equity,
    sums,
    year_figures,
    year_result,
)

__all__ = [
    "BASES",
    "BASE_TEXT",
    "COLUMNS",
    "CUSTOM_STEP",
    "CUSTOM_TABLE",
    "HUNDRED",
    "INSIDE",
    "META_STATUS",
    "MODES",
    "OPENING",
    "OVER",
    "PLACEHOLDER",
    "PROJECTION",
    "YEAR_END",
    "Position",
    "Step",
    "Table",
    "YearFigures",
    "base_for_year",
    "budgeted_base",
    "budgeted_result",
    "describe_table",
    "errors",
    "format_kr",
    "format_percent",
    "format_step_percent",
    "frame",
    "from_figures",
    "in_force",
    "limit",
    "opening",
    "opening_equity",
    "parse",
    "placeholder_errors",
    "positions",
    "projection",
    "refuse_placeholders",
    "report_frame",
    "sums",
    "table_at",
    "table_description",
    "tables",
    "used_tables",
    "warnings",
    "year_end",
    "year_figures",
    "year_result",
]
