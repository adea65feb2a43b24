"""render/pdf_parallel.py: PDFs typeset on two cores are the bytes typeset one by one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from finsam_accounts.cli import main
from finsam_accounts.render import pdf, pdf_parallel

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [
    f"<html><head><title>Medlem {n}</title></head><body><h1>Medlem {n}</h1>"
    f"<p>Andel av eget kapital {n} 234 567,89 kr</p></body></html>"
    for n in range(1, 4)
]


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The copies forked (their process ids), counted in this process."""
    made: list[int] = []
    real = os.fork

    def counted() -> int:
        child = real()
        if child:
            made.append(child)
        return child

    monkeypatch.setattr(os, "fork", counted)
    return made


def test_the_same_bytes_in_the_same_order_with_or_without_the_copy(
    monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    monkeypatch.setenv("FINSAM_CACHE", "0")  # every document typeset, nothing reused
    one_by_one = [pdf.pdf_bytes(html) for html in DOCUMENTS]
    done: list[str] = []
    assert pdf_parallel.typeset(DOCUMENTS, lambda: done.append("xlsx")) == one_by_one
    assert done == ["xlsx"] and len(forks) == 1
    assert pdf_parallel.typeset(DOCUMENTS) == one_by_one and len(forks) == 2
    monkeypatch.setattr(pdf_parallel, "PARALLEL", False)
    assert pdf_parallel.typeset(DOCUMENTS) == one_by_one and len(forks) == 2


def test_cached_documents_are_read_not_typeset_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    monkeypatch.setenv("FINSAM_CACHE_DIR", str(tmp_path / "cache"))
    first = pdf_parallel.typeset(DOCUMENTS)
    assert len(forks) == 1  # the copy's PDFs are in the cache too
    assert all(pdf.cached(html) == data for html, data in zip(DOCUMENTS, first, strict=True))
    assert pdf_parallel.typeset(DOCUMENTS) == first and len(forks) == 1


def test_a_failure_meanwhile_waits_for_the_copy_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    monkeypatch.setenv("FINSAM_CACHE", "0")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def broken() -> None:
        raise OSError("disken är full")

    with pytest.raises(OSError):
        pdf_parallel.typeset(DOCUMENTS, broken)
    assert len(forks) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(forks[0], os.WNOHANG)  # waited for already: no process left behind
    assert [p.name for p in tmp_path.iterdir()] == []


def test_the_members_pack_is_the_same_typeset_on_two_cores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    monkeypatch.setenv("FINSAM_CACHE", "0")
    ledger = str(ROOT / "ledger" / "main.beancount")
    written = {}
    for parallel in (True, False):
        monkeypatch.setattr(pdf_parallel, "PARALLEL", parallel)
        out = tmp_path / str(parallel)
        assert main(["medlemspaket", "2019", "--ledger", ledger, "--out", str(out)]) == 0
        written[parallel] = {p.name: p.read_bytes() for p in out.iterdir()}
    assert len(forks) == 1
    assert len([n for n in written[True] if n.endswith(".pdf")]) == 9
    assert written[True] == written[False]
