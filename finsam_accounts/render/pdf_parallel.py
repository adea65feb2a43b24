"""Typesetting a command's PDFs on two cores, with the typesetter loaded ahead.

Typesetting is most of a report command's time the first time it runs (the PDF cache
misses), and loading the typesetter (WeasyPrint, pango through cffi, fontconfig) is half a
second of it. Two things are done in a forked copy of this process:

* :func:`ahead` forks the copy when a command that writes a PDF starts to read its books
  (the load cache missed: a warm run, whose PDFs are usually in the PDF cache, forks
  none): it loads the typesetter and typesets a line in the shipped fonts
  (:func:`pdf.warm_up`) while this process reads the books and computes the report, then
  waits for the documents.
* :func:`typeset` hands the documents not in the PDF cache to that copy, which typesets
  them all, with a second copy it forks once the typesetter is loaded when there is more
  than one (this process then need not load the typesetter at all). When no copy was
  forked ahead (a process that runs other threads, a test) one is forked then, when there
  is more than one document or work to do meanwhile: it takes the documents from the
  first, this process, once the work it was given to do meanwhile is done, from the last.
  A document is claimed by creating a file (``O_EXCL``) in a private folder, so no
  document is typeset twice and two cores share nine as evenly as one. The bytes are the
  same as typeset one after the other, by :func:`finsam_accounts.render.pdf.pdf_bytes`,
  with the same cache (``tests/test_pdf_parallel.py``).

Safety: the copy is forked only on POSIX and only when this process runs no other thread
(as the load cache's writer, cache.write_soon). The documents pass as files in a private
temporary folder (mode 0700) that this process removes; the copy writes only the PDFs
there (and to the PDF cache), never runs the caller's cleanup (it ends with ``os._exit``)
and never outlives the command: a copy that has taken no document (the PDFs were cached,
or the command failed) is killed and waited for. Whatever the copy did not deliver (it
failed, or was killed) is typeset here, so an error (no typesetter on the machine) is
raised here, as without the copy.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from finsam_accounts import cache
from finsam_accounts.output import write_atomic
from finsam_accounts.render import pdf

PARALLEL = True  # tests turn it off to compare


@dataclass
class _Copy:
    """A forked typesetting copy: its process, its private folder, the pipe it waits on
    for the documents (forked ahead) and the documents this process claimed."""

    pid: int
    folder: Path
    jobs: int | None = None
    ours: set[int] = field(default_factory=set)
    ended: bool = False
    ahead: bool = False  # forked ahead: it waits for its documents on the pipe


_ahead: _Copy | None = None


@contextlib.contextmanager
def ahead(wanted: bool = True) -> Iterator[None]:
    """Within the block, when the books have to be read (the load cache missed), a copy
    loads the typesetter for :func:`typeset` meanwhile (``wanted``: the command writes a
    PDF); on the way out it is ended if no document was handed to it. Books unchanged
    since the last run usually give the PDFs of the last run, from the PDF cache: no copy
    is forked then (one is forked when :func:`typeset` finds work after all)."""
    global _ahead
    if not wanted or _ahead is not None:
        yield
        return

    forked: list[bool] = []

    def start() -> None:  # once per command: a second load is no reason for a second copy
        global _ahead
        if not forked:
            forked.append(True)
            _ahead = _fork(None)

    try:
        with cache.on_miss(start):
            yield
    finally:
        copy, _ahead = _ahead, None
        if copy is not None:
            _end(copy, wait=False)
            shutil.rmtree(copy.folder, ignore_errors=True)


def typeset(documents: Sequence[str], meanwhile: Callable[[], None] | None = None) -> list[bytes]:
    """The PDF of each HTML document, in order; ``meanwhile`` is called once, in this
    process, while the copy typesets."""
    global _ahead
    results: list[bytes | None] = [pdf.cached(html) for html in documents]
    missing = [i for i, found in enumerate(results) if found is None]
    copy: _Copy | None = None
    if missing and _ahead is not None:
        copy, _ahead = _hand_over(_ahead, documents, missing), None
    elif missing and (meanwhile is not None or len(missing) > 1):
        copy = _fork((documents, missing))
    finished = False
    try:
        if meanwhile:
            meanwhile()
        # A copy forked ahead typesets every document (with a sibling when there are more):
        # this process would first have to load the typesetter. One forked now shares them.
        for index in reversed(missing) if copy is None or not copy.ahead else ():
            if copy is None or _claim(copy, index):
                results[index] = pdf.pdf_bytes(documents[index])
        finished = True
    finally:
        delivered = _collect(copy, missing, finished) if copy else {}
    for index in missing:
        found = results[index] if results[index] is not None else delivered.get(index)
        results[index] = found if found is not None else pdf.pdf_bytes(documents[index])
    return [r for r in results if r is not None]


def _fork(given: tuple[Sequence[str], Sequence[int]] | None) -> _Copy | None:
    """Fork a copy that typesets ``given`` (documents, indices to typeset), or, forked
    ahead (``given`` None), waits for them on a pipe; None when no copy can be forked."""
    if not (PARALLEL and hasattr(os, "fork") and threading.active_count() == 1):
        return None
    if given is not None and len(given[1]) > 1:
        # Both processes typeset: the typesetter is imported once, before the fork.
        with contextlib.suppress(ImportError, OSError):
            import weasyprint  # noqa: F401
    folder = Path(tempfile.mkdtemp(prefix="finsam-pdf-"))  # mode 0700
    read_end, write_end = os.pipe() if given is None else (-1, -1)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    try:
        child = os.fork()
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        for end in (read_end, write_end):
            if end >= 0:
                os.close(end)
        return None
    if child == 0:  # the copy: typeset, write, end without running the caller's cleanup
        code = 1
        try:
            if write_end >= 0:
                os.close(write_end)
                # Its own process group, with the second copy it may fork: ended together.
                os.setpgid(0, 0)
            _serve(folder, given, read_end)
            code = 0
        except BaseException:
            pass
        finally:
            os._exit(code)
    if read_end >= 0:
        os.close(read_end)
    if write_end < 0:
        return _Copy(child, folder)
    return _Copy(child, folder, write_end, ahead=True)


def _serve(folder: Path, given: tuple[Sequence[str], Sequence[int]] | None,
           jobs: int) -> None:
    """The copy's work: claim the documents from the first and write each one's PDF."""
    # The typesetter's temporary font folders, which its objects remove only when they
    # are collected, go into the private folder the parent removes.
    (folder / "tmp").mkdir()
    tempfile.tempdir = str(folder / "tmp")
    mine = _Copy(os.getpid(), folder)
    if given is None:
        pdf.warm_up()  # raises when there is no typesetter: then nothing is claimed
        indices = [int(index) for index in _read_line(jobs).split()]
        # More than one document: a second typesetter, forked with the typesetter loaded,
        # shares them, and this process (the command) need not load it at all.
        sibling = os.fork() if len(indices) > 1 else -1
        for index in indices:
            if _claim(mine, index):
                _deliver(folder, index, (folder / f"{index}.html").read_text(encoding="utf-8"))
        if sibling > 0:
            os.waitpid(sibling, 0)  # the command waits for this copy, this copy for it
        return  # (the sibling, too, ends here: _fork's os._exit)
    for index in given[1]:
        if _claim(mine, index):
            _deliver(folder, index, given[0][index])


def _deliver(folder: Path, index: int, html: str) -> None:
    """Typeset document ``index`` into the private folder (whole or not at all)."""
    write_atomic(folder / f"{index}.pdf", pdf.pdf_bytes(html), 0o600)


def _read_line(fd: int) -> str:
    """One line from the pipe (the write end may be held open by other forked copies of
    the parent, so the end of the line, not of the file, ends the message)."""
    received = b""
    while not received.endswith(b"\n"):
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        received += chunk
    return received.decode("ascii", "replace")


def _hand_over(copy: _Copy, documents: Sequence[str], missing: Sequence[int]) -> _Copy:
    """Give the copy forked ahead the documents to typeset (as files, then their
    numbers on the pipe)."""
    with contextlib.suppress(OSError):
        for index in missing:
            (copy.folder / f"{index}.html").write_text(documents[index], encoding="utf-8")
        assert copy.jobs is not None
        os.write(copy.jobs, (" ".join(map(str, missing)) + "\n").encode("ascii"))
    return copy


def _claim(copy: _Copy, index: int) -> bool:
    """Take document ``index`` unless the other process has (a file created once)."""
    try:
        fd = os.open(copy.folder / f"{index}.claim", os.O_CREAT | os.O_EXCL | os.O_WRONLY,
                     0o600)
    except FileExistsError:
        return False
    except OSError:
        return False
    os.close(fd)
    copy.ours.add(index)
    return True


def _collect(copy: _Copy, missing: Sequence[int], finished: bool) -> dict[int, bytes]:
    """Wait for the copy (or end it, when it has taken nothing or this process failed)
    and read what it delivered; remove its folder."""
    try:
        theirs = [i for i in missing
                  if i not in copy.ours and (copy.folder / f"{i}.claim").exists()]
        # A copy forked ahead may still be loading the typesetter: waited for; it ends by
        # itself when it can take nothing (no typesetter: then this process raises it).
        _end(copy, wait=finished and (copy.ahead or bool(theirs)))
        theirs = [i for i in missing
                  if i not in copy.ours and (copy.folder / f"{i}.claim").exists()]
        delivered = {}
        for index in theirs:
            with contextlib.suppress(OSError):
                data = (copy.folder / f"{index}.pdf").read_bytes()
                if pdf.is_pdf(data):
                    delivered[index] = data
        return delivered
    finally:
        shutil.rmtree(copy.folder, ignore_errors=True)


def _end(copy: _Copy, wait: bool) -> None:
    """Wait for the copy to finish (``wait``), else kill it; either way it is reaped. Ctrl-C
    while waiting (the copy forked ahead has its own process group: the terminal's signal
    does not reach it) kills it too before the interruption goes on."""
    if copy.ended:
        return
    copy.ended = True
    if copy.jobs is not None:
        with contextlib.suppress(OSError):
            os.close(copy.jobs)
    if wait:
        try:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(copy.pid, 0)
            return
        except BaseException:
            _kill(copy)
            raise
    _kill(copy)


def _kill(copy: _Copy) -> None:
    """Kill the copy (and the second copy it may have forked) and reap it."""
    with contextlib.suppress(OSError):
        os.kill(copy.pid, signal.SIGKILL)
    if copy.ahead:
        with contextlib.suppress(OSError):
            os.killpg(copy.pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(copy.pid, 0)
