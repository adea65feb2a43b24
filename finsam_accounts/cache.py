"""A cache of loaded books, so a second run on unchanged books does not parse them again.

Loading a large ledger through beancount (parse, book, plugins, validate) takes seconds;
unpickling the result takes a fraction of that. beancount's own pickle cache is no use
here: it is written next to the ledger (the books' folder must stay as the economist left
it) and trusts file times. This cache:

* lives in the user's cache folder, ``$FINSAM_CACHE_DIR``, else ``$XDG_CACHE_HOME/finsam``,
  else ``~/.cache/finsam``; ``FINSAM_CACHE=0`` turns it off;
* keeps one file per main ledger file (named by a hash of its absolute path), starting with
  a small header: the SHA-256 of every file the load read (beancount lists them in
  ``options["include"]``), the files each ``include`` pattern matched (so a file that
  appears under a glob, or a missing include that is created, is noticed), the
  specification the books name (the plugin checks coverage against it), the source files
  of every other plugin the books run (a plugin's code shapes the result like the books),
  the listing of the closed years' manifest folder, and the versions of this package
  (with a digest of its source, since the plugin runs inside the load), beancount and
  Python. The header is checked against the disk on every read; the cached entries are
  used only when all of it still holds;
* is used only when the folder and the file belong to the user and no one else may write
  them: unpickling runs code, so a folder others can write is refused (a note on stderr,
  and the books are loaded the ordinary way);
* is written to a temporary file in the cache folder and moved into place with
  ``os.replace``, so two runs racing each write a whole file and readers never see half
  of one; an unreadable, truncated or foreign cache file is treated as a miss and rewritten;
  on POSIX the writing is done by a forked, detached copy of the process, so the command
  does not wait for it;
* never fails a command: any error reading or writing it is ignored and the books are
  loaded the ordinary way.

Cached errors are exactly as valid as cached entries: the plugin's checks run inside the
load, and their inputs (the files, this package's code) are all in the header. A plugin
of another package that reads files outside the include set is not covered.

The garbage collector is paused while the books are built or unpickled: they are millions
of small objects that all stay alive, so collections during the load only cost time; the
objects are then frozen (``gc.freeze``) so later collections skip them.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import re
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from glob import glob
from pathlib import Path
from typing import Any, NamedTuple

FORMAT = 2  # 2: plugin code and the manifest folder's listing in the header
BACKGROUND = True  # write the cache from a forked process (tests turn this off)
STALE_SECONDS = 3600  # a temporary file this old was left by a writer that died
INCLUDE_RE = re.compile(rb'^include\s+"([^"]*)"', re.MULTILINE)

Result = tuple[list[Any], list[Any], dict[str, Any]]


def cache_dir() -> Path | None:
    """The folder for cache files, or None when the cache is turned off."""
    if os.environ.get("FINSAM_CACHE", "1").strip().lower() in ("0", "false", "no", "off"):
        return None
    explicit = os.environ.get("FINSAM_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "finsam"
    return Path.home() / ".cache" / "finsam"


def usable_dir() -> Path | None:
    """The cache folder if it is safe to read from, else None (with a note, once).

    A cached load is unpickled, and unpickling runs code: a folder (or a cache file) that
    another user can write is a way into every command. Such a folder is not used."""
    folder = cache_dir()
    if folder is None or not unsafe(folder):
        return folder
    _note_unsafe(str(folder))
    return None


def unsafe(path: Path) -> bool:
    """True when ``path`` exists and belongs to another user or others may write it."""
    try:
        status = path.stat()
    except OSError:
        return False  # not there yet: it is created private (mode 0700) when written
    return bool(status.st_mode & 0o022) or (
        hasattr(os, "getuid") and status.st_uid != os.getuid())


@lru_cache(maxsize=8)
def _note_unsafe(folder: str) -> None:
    print(
        f"obs: cachekatalogen {folder} är skrivbar för andra användare eller ägs av någon "
        f"annan; cachen används inte (chmod go-w {folder}, eller FINSAM_CACHE_DIR)",
        file=sys.stderr,
    )


def package_version() -> str:
    """This package's version, as installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("finsam-accounts")
    except PackageNotFoundError:
        return "0"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of this package's source and data: the plugin's checks are part of a load
    (and its coverage check reads the shipped specification)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    sources = [*package.rglob("*.py"), *package.rglob("*.toml")]  # the shipped specification
    for source in sorted(sources):
        digest.update(str(source.relative_to(package)).encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def versions() -> dict[str, str]:
    """Everything besides the books that a load's result depends on."""
    import beancount

    return {
        "format": str(FORMAT),
        "finsam": package_version(),
        "finsam-code": code_digest(),
        "beancount": str(beancount.__version__),
        "python": sys.version,
    }


def file_digest(filename: str) -> str:
    with open(filename, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def include_matches(filename: str) -> dict[str, list[str]]:
    """The files each ``include`` of a ledger file matches now (globs expanded)."""
    with open(filename, "rb") as file:
        patterns = INCLUDE_RE.findall(file.read())
    folder = os.path.dirname(filename)
    found = {}
    for raw in patterns:
        pattern = os.path.join(folder, os.fsdecode(raw))
        found[pattern] = sorted(glob(pattern, recursive=True))
    return found


def header_for(main: str, result: Result, inputs: Sequence[ExtraInputs] = ()) -> dict[str, Any]:
    """What a cached load depends on, as it is on disk now."""
    entries, _, options = result
    files = sorted({main, *options.get("include", ())})
    return {
        "main": main,
        "versions": versions(),
        "files": {name: file_digest(name) for name in files},
        "includes": {name: include_matches(name) for name in files},
        "named": {
            name: digest_or_none(name)
            for name in [*named_files(entries, main, inputs), *plugin_files(options)]
        },
        "globs": {pattern: sorted(glob(pattern)) for pattern in watched_patterns(main, inputs)},
    }


def plugin_files(options: dict[str, Any]) -> list[str]:
    """The source files of every plugin the books ran that is not this package's or
    beancount's (their code is in ``versions``): the module's whole top-level package, or
    the module file itself. A plugin's code is part of the load's result like the books."""
    found: set[str] = set()
    for name, _ in options.get("plugin") or ():
        top = str(name).split(".", 1)[0]
        if top in ("finsam_accounts", "beancount"):
            continue
        module = sys.modules.get(str(name))
        source = getattr(module, "__file__", None)
        if not source:
            found.add(f"<plugin {name}>")  # not importable: its absence is cached too
            continue
        package = sys.modules.get(top)
        paths = getattr(package, "__path__", None) if package is not None else None
        if paths:
            for folder in paths:
                found.update(str(p) for p in Path(folder).rglob("*.py"))
        else:
            found.add(str(source))
    return sorted(found)


class ExtraInputs(NamedTuple):
    """What a load reads besides its include set, declared by the module that reads it
    (the year locks read their manifests, the coverage check the named specification):
    ``patterns(main)`` are glob patterns whose listing counts (a file that appears later
    changes the result), ``files(entries, main)`` the files whose content counts (present
    or not). The loader passes every declaration to :func:`load`."""

    patterns: Callable[[str], list[str]]
    files: Callable[[list[Any], str], list[str]]


def watched_patterns(main: str, inputs: Sequence[ExtraInputs]) -> list[str]:
    """Folders whose listing a load depends on besides the includes."""
    return sorted({pattern for extra in inputs for pattern in extra.patterns(main)})


def named_files(entries: list[Any], main: str, inputs: Sequence[ExtraInputs]) -> list[str]:
    """Files outside the include set that the load reads (present or not)."""
    return [name for extra in inputs for name in extra.files(entries, main)]


def digest_or_none(filename: str) -> str | None:
    """The file's digest, or None when there is no such file (its absence is cached too)."""
    try:
        return file_digest(filename)
    except OSError:
        return None


def still_valid(header: Any, main: str, inputs: Sequence[ExtraInputs] = ()) -> bool:
    """True when nothing the cached load depends on has changed."""
    if not isinstance(header, dict) or header.get("main") != main:
        return False
    if header.get("versions") != versions():
        return False
    files = header.get("files", {})
    includes = header.get("includes", {})
    named = header.get("named", {})
    globs = header.get("globs")
    if not isinstance(globs, dict) or sorted(globs) != watched_patterns(main, inputs):
        return False
    try:
        return (
            all(sorted(glob(pattern)) == matched for pattern, matched in globs.items())
            and all(file_digest(name) == digest for name, digest in files.items())
            and all(
                sorted(glob(pattern, recursive=True)) == matched
                for found in includes.values()
                for pattern, matched in found.items()
            )
            and all(digest_or_none(name) == digest for name, digest in named.items())
        )
    except OSError:
        return False


def changed_since(files: dict[str, str], started: int) -> bool:
    """True if a file was modified after ``started`` (``time.time_ns()``)."""
    return any(os.stat(name).st_mtime_ns >= started for name in files)


def cache_file(folder: Path, main: str) -> Path:
    return folder / f"{hashlib.sha256(os.fsencode(main)).hexdigest()[:32]}.pickle"


def read(path: Path, main: str, inputs: Sequence[ExtraInputs] = ()) -> Result | None:
    """The cached result, if the file is whole, ours and still valid; else None."""
    if unsafe(path):
        return None  # written by someone else, or writable by others: never unpickled
    try:
        with open(path, "rb") as file:
            if not still_valid(pickle.load(file), main, inputs):
                return None
            entries, errors, options = pickle.load(file)
    except Exception:  # a missing, truncated or foreign file is simply a miss
        return None
    return list(entries), list(errors), options


def write(folder: Path, path: Path, header: dict[str, Any], result: Result) -> None:
    """Write header and result atomically; give up quietly on any error."""
    temporary = None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        remove_stale(folder)
        with tempfile.NamedTemporaryFile(
            "wb", dir=folder, prefix=".tmp-", suffix=".pickle", delete=False
        ) as file:
            temporary = file.name
            pickle.dump(header, file, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(result, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        temporary = None
    except Exception:
        pass
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def write_soon(folder: Path, path: Path, header: dict[str, Any], result: Result) -> None:
    """Write the cache from a detached copy of this process when that is safe, else here.

    Pickling large books takes a good part of the load's time; a forked copy (which shares
    the books' memory with this process) writes it while the command goes on and ends.
    Forking is done only on POSIX and only when this process runs no other thread.
    """
    if not (BACKGROUND and hasattr(os, "fork") and threading.active_count() == 1):
        write(folder, path, header, result)
        return
    try:
        child = os.fork()
    except OSError:
        write(folder, path, header, result)
        return
    if child == 0:
        try:  # fork once more, so the writer is nobody's child to wait for
            if os.fork() == 0:
                detach()
                write(folder, path, header, result)
        finally:
            os._exit(0)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(child, 0)


def detach() -> None:
    """Leave the terminal and the caller's pipes: a command's output ends when it does."""
    with contextlib.suppress(OSError):
        os.setsid()
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)


def remove_stale(folder: Path) -> None:
    """Remove temporary files that writers killed midway left behind."""
    now = time.time()
    for leftover in folder.glob(".tmp-*"):
        with contextlib.suppress(OSError):
            if now - leftover.stat().st_mtime > STALE_SECONDS:
                leftover.unlink()


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No garbage collection while the books are built; freeze them afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


# Called when a load is not answered by the cache (see :func:`on_miss`).
_ON_MISS: list[Callable[[], None]] = []


@contextlib.contextmanager
def on_miss(call: Callable[[], None]) -> Iterator[None]:
    """Within the block, ``call()`` is made when a load has to read the books (the cache
    missed or is off), before it does: work that is worth starting only when the command
    will take long (render/pdf_parallel.py loads the typesetter in a copy of the process)."""
    _ON_MISS.append(call)
    try:
        yield
    finally:
        _ON_MISS.remove(call)


def missed() -> None:
    """What a load calls when it has to read the books: every call :func:`on_miss` holds."""
    for call in list(_ON_MISS):
        call()


def load(
    main: str, compute: Callable[[str], Result], inputs: Sequence[ExtraInputs] = ()
) -> Result:
    """``compute(main)``, or its cached result when the books, and the files the
    ``inputs`` declare, have not changed."""
    with gc_paused():
        folder = usable_dir()
        if folder is None:
            missed()
            return compute(main)
        path = cache_file(folder, main)
        cached = read(path, main, inputs)
        if cached is not None:
            return cached
        missed()
        started = time.time_ns()
        result = compute(main)
        try:
            header = header_for(main, result, inputs)
            if changed_since(header["files"], started):
                return result  # edited during the load: the digests may not match what was read
        except OSError:
            return result
        write_soon(folder, path, header, result)
        return result
