"""Where a command writes its files: checked first, staged beside, moved into place.

Every command that writes a folder of files uses :func:`check_target` before it computes
anything (so a bad ``--out`` costs the user no waiting and leaves nothing behind) and
:func:`staged` to write::

    target = check_target(args.out, ledger_file, "finsam arsredovisning", "--out")
    ... compute ...
    with staged(target) as folder:
        write every file into folder
    # here every file is in target, or (on an exception) nothing changed in target

A command that writes one file checks it with :func:`check_file_target` and writes it with
:func:`write_file` (a temporary file beside it, then renamed: :func:`write_atomic`, which
every single file of a command goes through, with the mode of the files of a staged report).

The files are written into a temporary folder beside the target (same file system), and
moved into place only when all of them are written: a new target is the renamed temporary
folder; an existing target gets each file by ``os.replace``, and files already there that
the command did not write are left alone. A failure leaves no partial report and no
temporary folder. A target inside the ledger's folder is refused: reports there would sit
among the books (and in Fava's file list).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from finsam_accounts.errors import ReportError, plain_error

STAGING_PREFIX = ".finsam-"
STAGING_NAME = re.compile(r"\.finsam-[a-z0-9_]{8}")  # tempfile.mkdtemp(prefix=STAGING_PREFIX)
STALE_STAGING_SECONDS = 3600  # a run writes its report within minutes
NAME_MAX = 255  # bytes in one file name, where the file system does not say
# Why a write failed, in Swedish (the system's own text is English).
WRITE_REASONS = {
    errno.ENOSPC: "disken är full",
    errno.EDQUOT: "diskkvoten är slut",
    errno.EROFS: "filsystemet är skrivskyddat",
    errno.EACCES: "behörighet saknas",
    errno.EPERM: "behörighet saknas",
    errno.EIO: "skrivfel på disken",
    errno.ENAMETOOLONG: "namnet är för långt",
    errno.ENOENT: "katalogen finns inte längre",
}


def write_reason(error: OSError) -> str:
    """Why a write failed, in Swedish where the reason is a common one."""
    return WRITE_REASONS.get(error.errno or 0, error.strerror or type(error).__name__)


def refuse(prog: str, option: str, message: str) -> ReportError:
    """The one-line error ``finsam KOMMANDO: --out: meddelande`` (without ``prog``, the
    command that prints it puts its name in front)."""
    return ReportError([plain_error(f"{prog + ': ' if prog else ''}{option}: {message}")])


def default_out(ledger: str | os.PathLike[str] | None, *parts: str) -> Path:
    """Where a report goes without ``--out``: ``reports/…`` in the folder the command runs
    in, or, when that is inside the books' folder (where reports never go), ``reports/…``
    beside the books' folder."""
    from finsam_accounts.ledger import find_ledger

    here = Path.cwd()
    books = Path(os.path.abspath(find_ledger(ledger))).parent.resolve()
    if here.resolve() == books or here.resolve().is_relative_to(books):
        folder = books.parent / "reports" / Path(*parts)
        try:  # shown as the user would type it: relative to where the command runs
            return Path(os.path.relpath(folder, here))
        except ValueError:
            return folder
    return Path("reports", *parts)


def check_target(
    target: str | os.PathLike[str], ledger: str | os.PathLike[str], prog: str, option: str
) -> Path:
    """The target folder, absolute, if a report can be written there; else ReportError.

    Refused: an existing file; a path below a file; a folder (or its nearest existing
    parent) that cannot be written; a target inside the ledger's folder.
    """
    check_ledger_option(ledger, prog)
    path = Path(os.path.abspath(os.fspath(target)))
    shown = os.fspath(target)
    check_name_lengths(path, prog, option)
    if path.exists() and not path.is_dir():
        raise refuse(prog, option, f"{shown} är en fil, ingen katalog")
    existing = nearest_existing(path)
    if not existing.is_dir():
        raise refuse(prog, option, f"{shown} ligger under filen {existing}, som inte är en katalog")
    ledger_folder = Path(os.path.abspath(os.fspath(ledger))).parent.resolve()
    if path.resolve() == ledger_folder or path.resolve().is_relative_to(ledger_folder):
        raise refuse(
            prog,
            option,
            f"{shown} ligger i bokföringens katalog {ledger_folder}; "
            "välj en katalog utanför den (t.ex. reports/ÅR)",
        )
    if not os.access(existing, os.W_OK | os.X_OK):
        raise refuse(prog, option, f"katalogen {existing} är skrivskyddad")
    return path


def check_file_target(target: str | os.PathLike[str], prog: str, option: str) -> Path:
    """The target file, absolute, if it can be written; else ReportError.

    Refused: a folder; a path below a file; a folder that cannot be written. Whether an
    existing file may be replaced is the command's choice.
    """
    path = Path(os.path.abspath(os.fspath(target)))
    shown = os.fspath(target)
    check_name_lengths(path, prog, option)
    if path.is_dir():
        raise refuse(prog, option, f"{shown} är en katalog; ange ett filnamn")
    existing = nearest_existing(path.parent)
    if not existing.is_dir():
        raise refuse(prog, option, f"{shown} ligger under filen {existing}, som inte är en katalog")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise refuse(prog, option, f"katalogen {existing} är skrivskyddad")
    return path


def check_ledger_option(ledger: str | os.PathLike[str], prog: str) -> None:
    """A ``--ledger`` that names a folder is the ledger's mistake, not the target's."""
    if os.path.isdir(ledger):
        raise refuse(prog, "--ledger", f"{os.fspath(ledger)} är ingen fil")


def check_name_lengths(path: Path, prog: str, option: str) -> None:
    """No part of the path longer than the file system allows (255 bytes on most)."""
    limit = NAME_MAX
    with contextlib.suppress(OSError, ValueError):
        limit = os.pathconf(nearest_existing(path), "PC_NAME_MAX")
    for part in path.parts:
        if len(os.fsencode(part)) > limit:
            shown = part if len(part) <= 40 else f"{part[:20]}…{part[-10:]}"
            raise refuse(prog, option, (
                f"namnet {shown} är för långt ({len(os.fsencode(part))} byte; filsystemet "
                f"tillåter högst {limit} per namn)"))


def write_file(target: Path, content: bytes, prog: str = "finsam", option: str = "--out") -> None:
    """Write one file atomically (temporary file beside it, then renamed)."""
    try:
        write_atomic(target, content)
    except OSError as error:
        raise refuse(prog, option, f"kan inte skriva {target}: {write_reason(error)}") from None


def write_atomic(path: Path, content: bytes, mode: int | None = None) -> None:
    """Write one file: into a temporary file beside ``path``, flushed to disk, then renamed
    over it. The one way a single file is written (reports, SIE files, PDFs, the books a
    command appends to, the users file).

    A reader of the target (or a crash half-way) never sees half a file, and a failed
    write leaves the old file as it was. The file gets ``mode``, else the user's usual
    mode, as the files of a staged report do (the temporary file alone would be private,
    0600)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=STAGING_PREFIX, dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, (0o666 & ~current_umask()) if mode is None else mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def current_umask() -> int:
    """The process's umask (read by setting it and putting it back)."""
    umask = os.umask(0)
    os.umask(umask)
    return umask


def nearest_existing(path: Path) -> Path:
    """The path itself or its nearest ancestor that exists."""
    while not path.exists() and path.parent != path:
        path = path.parent
    return path


@contextmanager
def staged(target: Path, prog: str = "", option: str = "--out") -> Iterator[Path]:
    """A temporary folder beside ``target``; its files move into ``target`` on success."""
    parent = nearest_existing(target.parent)
    remove_stale_staging(parent)
    try:
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=parent))
    except OSError as error:
        raise refuse(prog, option, f"kan inte skriva i {parent}: {write_reason(error)}") from None
    # mkdtemp makes a private folder (0700); a report folder gets the user's usual mode.
    staging.chmod(0o777 & ~current_umask())
    try:
        try:
            yield staging
        except OSError as error:  # a full disk, a folder made read-only meanwhile, ...
            raise refuse(prog, option, f"kan inte skriva {target}: {write_reason(error)}") from None
        publish(staging, target, prog, option)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def remove_stale_staging(parent: Path) -> None:
    """Remove the staging folders a killed run left in ``parent``: only folders named as
    :func:`staged` names them (``.finsam-`` and mkdtemp's eight characters) and untouched
    for :data:`STALE_STAGING_SECONDS`, so a run that is writing keeps its own."""
    now = time.time()
    with contextlib.suppress(OSError):
        for child in parent.iterdir():
            if not STAGING_NAME.fullmatch(child.name) or child.is_symlink():
                continue
            with contextlib.suppress(OSError):
                if child.is_dir() and now - child.stat().st_mtime > STALE_STAGING_SECONDS:
                    shutil.rmtree(child)


def other_report(staging: Path, target: Path) -> str | None:
    """A report of another kind already in ``target``: its HTML file, if any. Every report
    writes ``NAME.html`` with ``NAME.xlsx``; a folder holding another NAME's pair holds
    another report, whose tables (CSV files of the same names) this one would replace."""
    ours = {name[: -len(".html")] for name in os.listdir(staging) if name.endswith(".html")}
    there = set(os.listdir(target))
    for name in sorted(there):
        stem = name[: -len(".html")] if name.endswith(".html") else ""
        if stem and stem not in ours and f"{stem}.xlsx" in there:
            return name
    return None


def publish(staging: Path, target: Path, prog: str, option: str) -> None:
    """Move the staged files into place: rename the folder, or replace file by file (a
    folder holding another kind of report is refused)."""
    try:
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging, target)
            return
        other = other_report(staging, target)
        if other:
            raise refuse(prog, option, (
                f"{target} innehåller redan en annan rapport ({other}); välj en egen katalog "
                "för den här, så att ingen av dem skriver över den andras filer"))
        for name in sorted(os.listdir(staging)):
            os.replace(staging / name, target / name)
    except OSError as error:
        raise refuse(prog, option, f"kan inte skriva {target}: {write_reason(error)}") from None
