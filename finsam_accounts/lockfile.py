"""One run at a time: a lock file created atomically, naming the process that holds it.

``finsam bokslut`` writes three files (manifest, lock, include); two runs at once could
interleave their writes and roll each other back. :func:`exclusive` creates the lock file
with ``O_CREAT | O_EXCL`` (atomic: exactly one process succeeds), writes the process id
into it and removes it at the end. A lock file left by a run that was killed (its process
no longer exists) is taken over; one held by a running process is a refusal.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from finsam_accounts.errors import ReportError, plain_error

# Where the process cannot be asked whether it runs (Windows), a lock this old is stale.
STALE_SECONDS = 3600
UNWRITTEN_SECONDS = 60  # a lock file still without a process id after this was abandoned


@contextlib.contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """Hold the lock file ``path`` for the duration of the block (see the module)."""
    from finsam_accounts.output import write_reason

    for _ in range(2):
        try:
            handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            owner = _owner(path)
            if not _stale(path, owner):
                who = f"process {owner}" if owner else "en annan process"
                raise ReportError([plain_error(
                    f"ett annat bokslut pågår ({who}, låsfilen {path}); försök igen "
                    "när det är klart")]) from None
            path.unlink(missing_ok=True)  # left by a run that was killed
            continue
        except OSError as error:
            raise ReportError(
                [plain_error(f"kan inte skriva i {path.parent}: {write_reason(error)}")]) from None
        break
    else:
        raise ReportError([plain_error(f"låsfilen {path} kan inte tas över; försök igen")])
    try:
        with os.fdopen(handle, "w", encoding="ascii") as out:
            out.write(f"{os.getpid()}\n")
        yield
    finally:
        path.unlink(missing_ok=True)


def _owner(path: Path) -> int | None:
    """The process id written in the lock file, if it can be read (None while it is being
    written: then it is held)."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def _age(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def _stale(path: Path, owner: int | None) -> bool:
    """True if the process that wrote the lock no longer runs."""
    if owner is None:  # being written this instant, or a run killed before it wrote
        return _age(path) > UNWRITTEN_SECONDS
    if owner == os.getpid():
        return False
    if os.name == "nt":  # os.kill(pid, 0) would end the process there
        return _age(path) > STALE_SECONDS
    try:
        os.kill(owner, 0)
    except ProcessLookupError:
        return True
    except OSError:  # it exists but is another user's
        return False
    return False
