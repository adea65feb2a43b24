"""Shared test setup: the load cache goes to a folder of the test session, never ~/.cache."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from finsam_accounts import cache


@pytest.fixture(scope="session")
def session_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("finsam-cache"))


@pytest.fixture(autouse=True)
def isolated_cache(session_cache_dir: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test (and every process it starts) caches loads in the session's folder.

    In the test process the cache is written before ``load`` returns, so a test sees it.
    """
    monkeypatch.setenv("FINSAM_CACHE_DIR", session_cache_dir)
    monkeypatch.delenv("FINSAM_CACHE", raising=False)
    monkeypatch.setattr(cache, "BACKGROUND", False)
    yield
