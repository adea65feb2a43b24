"""Start-up stays light: the CLI and the plugin do not import the report libraries.

`finsam --help` and every `bean-check` (the plugin runs inside it) should not pay for
pandas, jinja2 or openpyxl; only the commands that make reports import them, when they run.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("pandas", "numpy", "jinja2", "openpyxl", "fava", "weasyprint", "matplotlib")


@pytest.mark.parametrize("module", ["finsam_accounts.cli", "finsam_accounts.plugin"])
def test_no_report_library_is_imported(module: str) -> None:
    probe = f"import sys, {module}; print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_help_lists_the_commands_without_them() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "finsam_accounts.cli", "--help"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0
    assert "arsredovisning" in result.stdout
