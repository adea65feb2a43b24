"""Progress on stderr for a step that takes long: said only once it has taken 2 seconds.

A quick run prints nothing extra; a slow one (loading large books the first time, the PDF
of a year's vouchers) tells the user what it is doing instead of sitting silent.

In the main thread the message is timed by the process's interval timer (``SIGALRM``), not
by a thread: the load cache is written by a forked copy of the process only while no other
thread runs (cache.write_soon), and a forked copy inherits no interval timer. Elsewhere
(a thread of Fava) a timer thread says it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from typing import Any

PATIENCE = 2.0  # seconds before a step says what it is doing


def shown() -> bool:
    """Progress is for a person at a terminal: said when stderr is one, or when
    ``FINSAM_FORLOPP=1`` asks for it (the benchmark); never into a log or a test's capture."""
    if os.environ.get("FINSAM_FORLOPP") == "1":
        return True
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def progress(message: str, after: float | None = None) -> Iterator[None]:
    """Print ``message`` on stderr if the block is still running ``after`` seconds in
    (:data:`PATIENCE` unless given)."""
    wait = PATIENCE if after is None else after
    if not shown():
        yield
        return

    def say(*_: Any) -> None:
        try:
            print(message, file=sys.stderr, flush=True)
        except RuntimeError:  # the signal came while stderr was being written to
            os.write(2, f"{message}\n".encode())

    timed_by_signal = (
        hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )
    if timed_by_signal:
        previous = signal.signal(signal.SIGALRM, say)
        signal.setitimer(signal.ITIMER_REAL, wait)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)
        return
    timer = threading.Timer(wait, say)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        timer.join()
