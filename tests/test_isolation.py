"""The tests touch nothing outside the repository and the session's temporary folder: not
the user's cache (module fixtures and subprocesses included), not a fixed machine path."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from finsam_accounts import cache

TESTS = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def module_cache_dir() -> Path | None:
    return cache.cache_dir()


def inside_session(path: Path | None, factory: pytest.TempPathFactory) -> bool:
    return path is not None and path.resolve().is_relative_to(factory.getbasetemp().resolve())


def test_module_fixtures_cache_in_the_session_folder(
    module_cache_dir: Path | None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    assert inside_session(module_cache_dir, tmp_path_factory)


def test_processes_the_tests_start_cache_in_the_session_folder(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    script = (
        "import os; from finsam_accounts.cache import cache_dir; "
        "print(cache_dir()); print(os.environ['XDG_CACHE_HOME'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=tmp_path)
    finsam, xdg = result.stdout.split("\n")[:2]
    assert inside_session(Path(finsam), tmp_path_factory)
    assert inside_session(Path(xdg), tmp_path_factory)


def test_no_test_reads_a_fixed_path_outside_the_repository() -> None:
    """Reference data lives in tests/reference; nothing names /work, a home folder or a
    folder beside the clone (``../shared``)."""
    outside = re.compile(
        r"""["'](/work/|/home/|/root/|~/|shared/)|parents\[2\]|\.\./shared|/ *["']shared["']|"""
        r"""ROOT\.parent|\.parent\.parent\.parent""")
    found = [
        f"{source.name}:{number}"
        for source in sorted(TESTS.rglob("*.py"))
        if source != Path(__file__).resolve()
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1)
        if outside.search(line)
    ]
    assert found == []
