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

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from finsam_accounts.errors import ReportError, plain_error

STAGING_PREFIX = ".finsam-"


def refuse(prog: str, option: str, message: str) -> ReportError:
    """The one-line error ``finsam KOMMANDO: --out: meddelande``."""
    return ReportError([plain_error(f"{prog}: {option}: {message}")])


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
    path = Path(os.path.abspath(os.fspath(target)))
    shown = os.fspath(target)
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
    if path.is_dir():
        raise refuse(prog, option, f"{shown} är en katalog; ange ett filnamn")
    existing = nearest_existing(path.parent)
    if not existing.is_dir():
        raise refuse(prog, option, f"{shown} ligger under filen {existing}, som inte är en katalog")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise refuse(prog, option, f"katalogen {existing} är skrivskyddad")
    return path


def write_file(target: Path, content: bytes, prog: str = "finsam", option: str = "--out") -> None:
    """Write one file atomically (temporary file beside it, then renamed)."""
    try:
        write_atomic(target, content)
    except OSError as error:
        raise refuse(prog, option, f"kan inte skriva {target}: {error.strerror}") from None


def write_atomic(path: Path, content: bytes) -> None:
    """Write one file: into a temporary file beside ``path``, then renamed over it.

    A reader of the target (or a crash half-way) never sees half a file, and a failed
    write leaves the old file as it was. The file gets the user's usual mode, as the
    files of a staged report do (the temporary file alone would be private, 0600)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=STAGING_PREFIX, dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, 0o666 & ~current_umask())
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
def staged(target: Path, prog: str = "finsam", option: str = "--out") -> Iterator[Path]:
    """A temporary folder beside ``target``; its files move into ``target`` on success."""
    parent = nearest_existing(target.parent)
    try:
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=parent))
    except OSError as error:
        raise refuse(prog, option, f"kan inte skriva i {parent}: {error.strerror}") from None
    # mkdtemp makes a private folder (0700); a report folder gets the user's usual mode.
    staging.chmod(0o777 & ~current_umask())
    try:
        yield staging
        publish(staging, target, prog, option)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def publish(staging: Path, target: Path, prog: str, option: str) -> None:
    """Move the staged files into place: rename the folder, or replace file by file."""
    try:
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging, target)
            return
        for name in sorted(os.listdir(staging)):
            os.replace(staging / name, target / name)
    except OSError as error:
        raise refuse(prog, option, f"kan inte skriva {target}: {error.strerror}") from None
