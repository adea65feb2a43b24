"""Start-up stays light: the CLI and the plugin do not import the report libraries.

`finsam --help` and every `bean-check` (the plugin runs inside it) should not pay for
pandas, jinja2 or openpyxl; only the commands that make reports import them, when they run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from finsam_accounts.cli import COMMANDS, build_parser, command_module

ROOT = Path(__file__).resolve().parents[1]

HEAVY = ("pandas", "numpy", "jinja2", "openpyxl", "fava", "weasyprint", "matplotlib")


@pytest.mark.parametrize("module", ["finsam_accounts.cli", "finsam_accounts.plugin"])
def test_no_report_library_is_imported(module: str) -> None:
    probe = (f"import sys, {module}; from finsam_accounts.cli import build_parser; "
             f"build_parser(); print(sorted(m for m in {HEAVY!r} if m in sys.modules))")
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


def test_each_command_is_found_in_its_own_module() -> None:
    every: Any = build_parser()._subparsers._group_actions[0]  # type: ignore[union-attr]
    names = sorted(every.choices)
    assert len(names) >= len(COMMANDS)
    for name in names:
        module = command_module(["--debug", name, "--help"])
        assert module is not None, name
        alone: Any = build_parser(module)._subparsers._group_actions[0]  # type: ignore[union-attr]
        assert name in alone.choices
    assert command_module(["--help", "check"]) is None
    assert command_module(["inget-kommando"]) is None


def test_a_report_imports_only_its_command_and_no_chart_library_or_warm_typesetter(
    tmp_path: Path,
) -> None:
    """A warm run (the PDF in the cache) reads the typeset PDF: WeasyPrint is not imported;
    no run imports a chart library or another command's module."""
    probe = (
        "import sys; from finsam_accounts.cli import main; "
        "from finsam_accounts.render import pdf_parallel; "
        "pdf_parallel.PARALLEL = False; "  # typeset in this process, where it is seen
        f"code = main(['uppfoljning', '2019-08-31', '--ledger', "
        f"{str(ROOT / 'ledger' / 'main.beancount')!r}, '--out', sys.argv[1]]); "
        "print(code, sorted(m for m in ('weasyprint', 'matplotlib', "
        "'finsam_accounts.commands.flytta_in', 'finsam_accounts.commands.arsredovisning') "
        "if m in sys.modules))"
    )
    shown = []
    env = {**os.environ, "FINSAM_CACHE_DIR": str(tmp_path / "cache")}  # empty at first
    for run in ("cold", "warm"):
        result = subprocess.run([sys.executable, "-c", probe, str(tmp_path / run)],
                                capture_output=True, text=True, check=True, env=env)
        shown.append(result.stdout.strip().splitlines()[-1])
    assert shown == ["0 ['weasyprint']", "0 []"]
