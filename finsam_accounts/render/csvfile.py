"""CSV files: UTF-8, comma-separated, '\\n' line endings, integers without separators."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from finsam_accounts.render.cells import plain


def csv_bytes(table: pd.DataFrame) -> bytes:
    """The table as the bytes of its CSV file."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([str(c) for c in table.columns])
    for row in table.itertuples(index=False):
        writer.writerow([plain(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def write_csv(table: pd.DataFrame, path: Path) -> None:
    path.write_bytes(csv_bytes(table))
