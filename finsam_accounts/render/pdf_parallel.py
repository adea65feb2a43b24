"""Typesetting a command's independent PDFs on two cores.

Typesetting is most of a report command's time the first time it runs (the PDF cache
misses): the members' pack typesets nine documents, the annual report one while its
workbook and tables are written too. :func:`typeset` hands every other document that is
not in the PDF cache to a forked copy of this process, which typesets them with
:func:`finsam_accounts.render.pdf.pdf_bytes` (the same typesetting, the same cache) while
this process writes what it was given to do meanwhile and typesets the rest. The bytes
are the same as typeset one after the other (``tests/test_pdf_parallel.py``).

The copy is forked only on POSIX and only when this process runs no other thread (as the
load cache's writer, cache.write_soon); it writes each PDF to a private temporary folder
and ends. Whatever it did not deliver (it failed, or was killed) is typeset here, so an
error (no typesetter on the machine) is raised here, as without the copy.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from finsam_accounts.render import pdf

PARALLEL = True  # tests turn it off to compare


def typeset(documents: Sequence[str], meanwhile: Callable[[], None] | None = None) -> list[bytes]:
    """The PDF of each HTML document, in order; ``meanwhile`` is called once, in this
    process, while the copy typesets."""
    results: list[bytes | None] = [pdf.cached(html) for html in documents]
    missing = [i for i, found in enumerate(results) if found is None]
    # With work to do meanwhile, the copy takes the first document (and every other one).
    theirs = missing[0::2] if meanwhile else missing[1::2]
    ours = [i for i in missing if i not in theirs]
    forked = _fork_typesetting(documents, theirs, need_typesetter=bool(ours)) if theirs else None
    try:
        if meanwhile:
            meanwhile()
        for index in ours:
            results[index] = pdf.pdf_bytes(documents[index])
    finally:
        delivered = _collect(forked, theirs) if forked else {}
    for index in missing:
        found = results[index] if results[index] is not None else delivered.get(index)
        results[index] = found if found is not None else pdf.pdf_bytes(documents[index])
    return [r for r in results if r is not None]


def _fork_typesetting(documents: Sequence[str], indices: Sequence[int],
                      need_typesetter: bool) -> tuple[Path, int] | None:
    """Fork a copy that typesets ``indices`` into a private folder: (folder, process id),
    or None when no copy can be forked (then everything is typeset here)."""
    if not (PARALLEL and hasattr(os, "fork") and threading.active_count() == 1):
        return None
    if need_typesetter:
        # Both processes typeset: the typesetter is imported once, before the fork.
        with contextlib.suppress(ImportError, OSError):
            import weasyprint  # noqa: F401
    folder = Path(tempfile.mkdtemp(prefix="finsam-pdf-"))  # mode 0700
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    try:
        child = os.fork()
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return None
    if child == 0:  # the copy: typeset, write, end without running the caller's cleanup
        code = 1
        # The typesetter's temporary font folders, which its objects remove only when they
        # are collected, go into the private folder the parent removes.
        (folder / "tmp").mkdir()
        tempfile.tempdir = str(folder / "tmp")
        try:
            for index in indices:
                data = pdf.pdf_bytes(documents[index])
                (folder / f"{index}.part").write_bytes(data)
                os.replace(folder / f"{index}.part", folder / f"{index}.pdf")
            code = 0
        except BaseException:
            pass
        finally:
            os._exit(code)
    return folder, child


def _collect(forked: tuple[Path, int], indices: Sequence[int]) -> dict[int, bytes]:
    """Wait for the copy and read what it delivered; remove its folder."""
    folder, child = forked
    with contextlib.suppress(ChildProcessError):
        os.waitpid(child, 0)
    delivered = {}
    for index in indices:
        with contextlib.suppress(OSError):
            data = (folder / f"{index}.pdf").read_bytes()
            if pdf.is_pdf(data):
                delivered[index] = data
    shutil.rmtree(folder, ignore_errors=True)
    return delivered
