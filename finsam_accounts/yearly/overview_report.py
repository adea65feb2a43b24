"""Five years at a glance as a table and its text, for ``finsam oversikt`` and the annual
report's section (the chart: :mod:`finsam_accounts.render.overview_chart`).

Figures are rounded once to kronor (participants are counts); an empty cell is a figure
neither in the books nor declared. The chart is deterministic SVG
(:mod:`finsam_accounts.render.svg_chart`, text as paths from the package's own font file);
missing years are gaps, never zeros.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from finsam_accounts.money import round_kr
from finsam_accounts.yearly.overview import LABELS, ORDER, YearColumn

KEY = "femarsoversikt"
TITLE = "Femårsöversikt"


def table(columns: Sequence[YearColumn]) -> pd.DataFrame:
    records = []
    for name in ORDER:
        record: dict[str, object] = {"rad": LABELS[name]}
        for column in columns:
            value = column.values.get(name)
            record[str(column.year)] = None if value is None else round_kr(value)
        records.append(record)
    return pd.DataFrame.from_records(records).astype(object)


def text(columns: Sequence[YearColumn]) -> str:
    parts = []
    for column in columns:
        if column.source == "bokföringen":
            parts.append(f"{column.year} ur bokföringen")
        elif column.source == "saknas":
            parts.append(f"{column.year} saknas")
        else:
            parts.append(f"{column.year} enligt uppgifter i bokföringen "
                         '(custom "femårsöversikt", ingående balans)')
    return (
        "Källor: " + "; ".join(parts) + ". En tom ruta är en uppgift som varken finns i "
        "bokföringen eller är angiven; ingenting uppskattas. Marginal = trappans gräns − eget "
        "kapital. Kostnad per deltagare = kostnaderna för de insatser som har deltagare "
        "angivna (custom \"deltagare\") / antalet deltagare i dem. Belopp i kronor, vart och "
        "ett avrundat för sig."
    )
