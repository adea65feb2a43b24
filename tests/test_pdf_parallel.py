"""render/pdf_parallel.py: PDFs typeset on two cores are the bytes typeset one by one.

Each case runs in a fresh process, as a command does: the copy is forked only when the
process runs no other thread, and the test session has Fava's (tests/test_fava_*.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

PRELUDE = """
import json, os, sys, tempfile
from pathlib import Path
from finsam_accounts import cache
from finsam_accounts.render import pdf, pdf_parallel

forks = []
real_fork = os.fork
def counted():
    child = real_fork()
    if child:
        forks.append(child)
    return child
os.fork = counted

DOCUMENTS = [
    f"<html><head><title>Medlem {n}</title></head><body><h1>Medlem {n}</h1>"
    f"<p>Andel av eget kapital {n} 234 567,89 kr</p></body></html>"
    for n in range(1, 4)
]
"""


def probe(code: str, tmp_path: Path, **env: str) -> Any:
    """Run ``code`` after :data:`PRELUDE` in a fresh process; what it prints, as JSON."""
    result = subprocess.run(
        [sys.executable, "-c", PRELUDE + textwrap.dedent(code), str(tmp_path)],
        capture_output=True, text=True, cwd=tmp_path, env={**os.environ, **env},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_same_bytes_in_the_same_order_with_or_without_the_copy(tmp_path: Path) -> None:
    found = probe("""
        one_by_one = [pdf.pdf_bytes(html) for html in DOCUMENTS]
        done = []
        with_work = pdf_parallel.typeset(DOCUMENTS, lambda: done.append("xlsx"))
        forks_then = len(forks)
        alone = pdf_parallel.typeset(DOCUMENTS)
        pdf_parallel.PARALLEL = False
        here = pdf_parallel.typeset(DOCUMENTS)
        print(json.dumps({"with_work": with_work == one_by_one, "done": done,
                          "forks": [forks_then, len(forks)], "alone": alone == one_by_one,
                          "here": here == one_by_one}))
    """, tmp_path, FINSAM_CACHE="0")  # every document typeset, nothing reused
    assert found == {"with_work": True, "done": ["xlsx"], "forks": [1, 2], "alone": True,
                     "here": True}


def test_cached_documents_are_read_not_typeset_again(tmp_path: Path) -> None:
    found = probe("""
        first = pdf_parallel.typeset(DOCUMENTS)
        in_cache = all(pdf.cached(h) == d for h, d in zip(DOCUMENTS, first))
        again = pdf_parallel.typeset(DOCUMENTS)
        print(json.dumps({"in_cache": in_cache, "again": again == first, "forks": len(forks)}))
    """, tmp_path, FINSAM_CACHE_DIR=str(tmp_path / "cache"))
    # The copy's PDFs are in the cache too; the second call forks nothing.
    assert found == {"in_cache": True, "again": True, "forks": 1}


def test_a_failure_meanwhile_waits_for_the_copy_and_leaves_nothing(tmp_path: Path) -> None:
    (tmp_path / "tmp").mkdir()
    found = probe("""
        tempfile.tempdir = str(Path(sys.argv[1]) / "tmp")
        def broken():
            raise OSError("disken är full")
        try:
            pdf_parallel.typeset(DOCUMENTS, broken)
        except OSError:
            pass
        try:
            os.waitpid(forks[0], os.WNOHANG)
            waited = False
        except ChildProcessError:
            waited = True  # waited for already: no process left behind
        print(json.dumps({"forks": len(forks), "waited": waited,
                          "left": os.listdir(tempfile.tempdir)}))
    """, tmp_path, FINSAM_CACHE="0")
    assert found == {"forks": 1, "waited": True, "left": []}


def test_the_members_pack_is_the_same_typeset_on_two_cores(tmp_path: Path) -> None:
    found = probe(f"""
        from finsam_accounts.cli import main
        written = {{}}
        for parallel in (True, False):
            pdf_parallel.PARALLEL = parallel
            out = Path(sys.argv[1]) / str(parallel)
            assert main(["medlemspaket", "2019", "--ledger",
                         {str(ROOT / "ledger" / "main.beancount")!r}, "--out", str(out)]) == 0
            written[parallel] = {{p.name: p.read_bytes().hex() for p in out.iterdir()}}
        print(json.dumps({{"forks": len(forks), "same": written[True] == written[False],
                          "pdfs": sorted(n for n in written[True] if n.endswith(".pdf"))}}))
    """, tmp_path, FINSAM_CACHE="0")
    assert found["forks"] == 1 and found["same"] is True
    assert len(found["pdfs"]) == 9 and "medlemspaket-umea.pdf" in found["pdfs"]

GROUP_ALIVE = """
def group_alive(pgid):
    # Live (not zombie) processes of a process group, from /proc: a killed process's
    # zombie is reaped by init when init gets to it, which a loaded machine delays.
    import time
    for _ in range(60):
        alive = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
                alive.append(stat.parent.name)
        if not alive:
            return False
        time.sleep(0.05)
    return True
"""


TYPESETS_LOGGED = """
log = Path(sys.argv[1]) / "typeset.log"
real_typeset = pdf._typeset
def logged(html, base_url):
    # O_APPEND: one line per typesetting, whichever process typesets.
    title = html.split("<title>")[1].split("</title>")[0] if "<title>" in html else "uppvärmning"
    with open(log, "a", encoding="utf-8") as out:
        out.write(f"{os.getpid()} {title}\\n")
    return real_typeset(html, base_url)
pdf._typeset = logged
def typesettings():
    return [line.split(" ", 1) for line in log.read_text(encoding="utf-8").splitlines()]
"""


def test_the_copy_forked_ahead_typesets_and_each_document_is_typeset_once(
        tmp_path: Path) -> None:
    found = probe(TYPESETS_LOGGED + textwrap.dedent("""
        one_by_one = [pdf.pdf_bytes(html) for html in DOCUMENTS]
        log.unlink()
        with pdf_parallel.ahead():
            cache.missed()  # the books are read: the copy is forked
            cache.missed()  # a second load forks no second copy
            forked_ahead = len(forks)
            done = []
            together = pdf_parallel.typeset(DOCUMENTS, lambda: done.append("xlsx"))
        lines = typesettings()
        print(json.dumps({
            "same": together == one_by_one, "done": done, "forks": [forked_ahead, len(forks)],
            "titles": sorted(title for _, title in lines),
            "copy_typeset": any(int(pid) == forks[0] for pid, _ in lines),
            "here": [title for pid, title in lines if int(pid) == os.getpid()],
        }))
    """), tmp_path, FINSAM_CACHE="0")
    assert found == {
        "same": True, "done": ["xlsx"], "forks": [1, 1],
        # The copy warmed the typesetter up once; each document was typeset once, by
        # whichever process claimed it.
        "titles": ["Medlem 1", "Medlem 2", "Medlem 3", "uppvärmning"],
        "copy_typeset": True,
        "here": [],  # the copy and the second copy it forked typeset them all
    }


def test_a_copy_forked_ahead_and_not_needed_is_ended_and_leaves_nothing(
        tmp_path: Path) -> None:
    (tmp_path / "tmp").mkdir()
    (tmp_path / "cache").mkdir(mode=0o700)
    found = probe("""
        tempfile.tempdir = str(Path(sys.argv[1]) / "tmp")
        first = pdf_parallel.typeset(DOCUMENTS)  # into the PDF cache
        with pdf_parallel.ahead():
            cache.missed()  # the books are read: the copy is forked
            again = pdf_parallel.typeset(DOCUMENTS)  # every one cached: nothing handed over
        try:
            os.waitpid(forks[-1], os.WNOHANG)
            reaped = False
        except ChildProcessError:
            reaped = True
        try:
            with pdf_parallel.ahead():
                cache.missed()  # the books are read: the copy is forked
                raise OSError("disken är full")
        except OSError:
            pass
        try:
            os.waitpid(forks[-1], os.WNOHANG)
            reaped_after_failure = False
        except ChildProcessError:
            reaped_after_failure = True
        print(json.dumps({"again": again == first, "forks": len(forks), "reaped": reaped,
                          "after_failure": reaped_after_failure,
                          # (this process's own typesetting leaves WeasyPrint's font
                          # folders until they are collected)
                          "left": [n for n in os.listdir(tempfile.tempdir)
                                   if n.startswith("finsam-pdf-")]}))
    """, tmp_path, FINSAM_CACHE_DIR=str(tmp_path / "cache"))
    assert found == {"again": True, "forks": 3, "reaped": True, "after_failure": True,
                     "left": []}


def test_a_command_forks_the_copy_ahead_only_when_it_writes_a_pdf(tmp_path: Path) -> None:
    ledger = ROOT / "ledger" / "main.beancount"
    found = probe(TYPESETS_LOGGED + textwrap.dedent(f"""
        from finsam_accounts.cli import main
        out = Path(sys.argv[1])
        counts = {{}}
        for argv in (["oversikt", "2019"], ["uppfoljning", "2019-08-31"],
                     ["uppfoljning", "2019-13-01"]):
            before = len(forks)
            code = main([*argv, "--ledger", {str(ledger)!r}, "--out", str(out / argv[-1])])
            counts[" ".join(argv)] = [code, len(forks) - before]
        print(json.dumps({{"counts": counts, "titles": [t for _, t in typesettings()]}}))
    """), tmp_path, FINSAM_CACHE="0")
    assert found["counts"] == {
        "oversikt 2019": [0, 0],  # no PDF: no copy
        "uppfoljning 2019-08-31": [0, 1],  # the copy forked ahead typesets the PDF
        "uppfoljning 2019-13-01": [1, 0],  # a usage error: refused before any command runs
    }
    # The copy warmed up, then typeset the follow-up; nothing was typeset twice.
    assert found["titles"] == [
        "uppvärmning", "Samordningsförbundet Umeåregionen – Budgetuppföljning 2019-08-31"]


def test_a_failure_after_the_hand_over_ends_both_copies(tmp_path: Path) -> None:
    (tmp_path / "tmp").mkdir()
    found = probe(GROUP_ALIVE + textwrap.dedent("""
        import time
        tempfile.tempdir = str(Path(sys.argv[1]) / "tmp")
        def broken():
            # Once both copies have taken a document (or 10 s), this process fails.
            for _ in range(200):
                if len(list(Path(tempfile.tempdir).glob("finsam-pdf-*/*.claim"))) >= 2:
                    break
                time.sleep(0.05)
            raise OSError("disken är full")
        try:
            with pdf_parallel.ahead():
                cache.missed()  # the books are read: the copy is forked
                pdf_parallel.typeset(DOCUMENTS, broken)
        except OSError:
            pass
        group_left = group_alive(forks[0])  # the copy and its second copy
        print(json.dumps({"forks": len(forks), "group_left": group_left,
                          "left": [n for n in os.listdir(tempfile.tempdir)
                                   if n.startswith("finsam-pdf-")]}))
    """), tmp_path, FINSAM_CACHE="0")
    assert found == {"forks": 1, "group_left": False, "left": []}


def test_a_run_on_unchanged_books_forks_no_copy(tmp_path: Path) -> None:
    """The load cache answers (the books are as at the last run) and the PDF is in the PDF
    cache: no copy loads the typesetter for nothing."""
    ledger = ROOT / "ledger" / "main.beancount"
    (tmp_path / "cache").mkdir(mode=0o700)
    found = probe(TYPESETS_LOGGED + textwrap.dedent(f"""
        from finsam_accounts.cli import main
        out = Path(sys.argv[1])
        runs = []
        for n in (1, 2):
            before = len(forks)
            code = main(["uppfoljning", "2019-08-31", "--ledger", {str(ledger)!r},
                         "--out", str(out / str(n))])
            runs.append([code, len(forks) - before, len(typesettings())])
        print(json.dumps({{"runs": runs, "same": (out / "1" / "uppfoljning.pdf").read_bytes()
                          == (out / "2" / "uppfoljning.pdf").read_bytes()}}))
    """), tmp_path, FINSAM_CACHE_DIR=str(tmp_path / "cache"))
    first, second = found["runs"]
    assert first[0] == 0 and first[1] >= 1 and first[2] == 2  # warmed up, then typeset
    assert second == [0, 0, 2]  # nothing forked, nothing typeset
    assert found["same"] is True


def test_ctrl_c_while_waiting_for_the_copies_ends_them(tmp_path: Path) -> None:
    """The copy forked ahead is in a process group of its own, so the terminal's Ctrl-C
    reaches only the command: interrupted while it waits, the command ends both copies."""
    (tmp_path / "tmp").mkdir()
    found = probe(GROUP_ALIVE + textwrap.dedent("""
        import signal, time
        tempfile.tempdir = str(Path(sys.argv[1]) / "tmp")
        real = pdf.pdf_bytes
        def slow(html, base_url=None):
            time.sleep(30)  # the copies are busy when Ctrl-C comes
            return real(html, base_url)
        pdf.pdf_bytes = slow
        def interrupt(*_):
            raise KeyboardInterrupt
        signal.signal(signal.SIGALRM, interrupt)
        interrupted = False
        try:
            with pdf_parallel.ahead():
                cache.missed()
                signal.setitimer(signal.ITIMER_REAL, 1.5)  # Ctrl-C, while the command waits
                pdf_parallel.typeset(DOCUMENTS)
        except KeyboardInterrupt:
            interrupted = True
        group_left = group_alive(forks[0])
        print(json.dumps({"interrupted": interrupted, "group_left": group_left,
                          "left": [n for n in os.listdir(tempfile.tempdir)
                                   if n.startswith("finsam-pdf-")]}))
    """), tmp_path, FINSAM_CACHE="0")
    assert found == {"interrupted": True, "group_left": False, "left": []}
