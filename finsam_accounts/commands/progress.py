"""Progress on stderr for a step that takes long: said only once it has taken 2 seconds.

A quick run prints nothing extra; a slow one (the PDF of a year's vouchers, a cold run on
large books) tells the user what it is doing instead of sitting silent.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterator

PATIENCE = 2.0  # seconds before a step says what it is doing


@contextlib.contextmanager
def progress(message: str, after: float = PATIENCE) -> Iterator[None]:
    """Print ``message`` on stderr if the block is still running ``after`` seconds in."""

    def say() -> None:
        print(message, file=sys.stderr, flush=True)

    timer = threading.Timer(after, say)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
