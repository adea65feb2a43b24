"""Shared test setup: the whole session caches in a folder of its own, never ~/.cache.

The variables are set in ``os.environ`` before any test or fixture of any scope runs, so
module fixtures, the tests and every process they start (``finsam`` in a subprocess, Fava)
inherit them; the user's own cache is neither read nor written.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from finsam_accounts import cache

ISOLATED = ("FINSAM_CACHE_DIR", "XDG_CACHE_HOME", "FINSAM_CACHE")


@pytest.fixture(scope="session", autouse=True)
def session_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The session's cache folder, in the environment for the whole session."""
    root = tmp_path_factory.mktemp("caches")
    saved = {name: os.environ.get(name) for name in ISOLATED}
    os.environ["FINSAM_CACHE_DIR"] = str(root / "finsam")
    os.environ["XDG_CACHE_HOME"] = str(root / "xdg")
    os.environ.pop("FINSAM_CACHE", None)
    background = cache.BACKGROUND
    cache.BACKGROUND = False  # the cache is written before ``load`` returns: a test sees it
    try:
        yield str(root / "finsam")
    finally:
        cache.BACKGROUND = background
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(autouse=True)
def isolated_cache(session_cache_dir: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts from the session's settings, whatever an earlier test changed."""
    monkeypatch.setenv("FINSAM_CACHE_DIR", session_cache_dir)
    monkeypatch.delenv("FINSAM_CACHE", raising=False)
    monkeypatch.setattr(cache, "BACKGROUND", False)
    yield
