"""CSV files: UTF-8, comma-separated, '\\n' line endings, integers without separators."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from finsam_accounts.render.cells import plain


def write_csv(table: pd.DataFrame, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([str(c) for c in table.columns])
        for row in table.itertuples(index=False):
            writer.writerow([plain(v) for v in row])
