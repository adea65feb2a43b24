"""Progress on stderr for a command that takes long: said only once it has taken 2 seconds.

A quick run prints nothing extra; a slow one (loading large books the first time, the PDF
of a year's vouchers) tells the user what it is doing instead of sitting silent.

:func:`command` times the whole run (``cli.main`` enters it for every command but the
interactive ones): once the command has taken 2 seconds, the step it is in says its
message (a :func:`progress` block), or, between steps, that the command is working, and
every later step says its message as it starts. Outside a timed command (a thread of
Fava, a test) a :func:`progress` block says its message once the block itself has taken
2 seconds.

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
from dataclasses import dataclass, field
from typing import Any

PATIENCE = 2.0  # seconds before a command (or a step outside one) says what it is doing


@dataclass
class _Timed:
    """The command being timed: the messages of the steps it is in, innermost last, and
    whether it has taken its patience already (then each step says itself)."""

    name: str
    steps: list[str] = field(default_factory=list)
    late: bool = False


_timed: _Timed | None = None


def shown() -> bool:
    """Progress is for a person at a terminal: said when stderr is one, or when
    ``FINSAM_FORLOPP=1`` asks for it (the benchmark); never into a log or a test's capture."""
    if os.environ.get("FINSAM_FORLOPP") == "1":
        return True
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _say(message: str) -> None:
    try:
        print(message, file=sys.stderr, flush=True)
    except RuntimeError:  # the signal came while stderr was being written to
        os.write(2, f"{message}\n".encode())


def _signal_free() -> bool:
    """The interval timer can time this block: the main thread, no timer running."""
    return (hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0))


@contextlib.contextmanager
def _alarm(seconds: float, handler: Any) -> Iterator[None]:
    """``handler`` called once after ``seconds`` unless the block has ended (the interval
    timer: no thread, so the process can still fork its copies)."""
    previous = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)


@contextlib.contextmanager
def command(name: str) -> Iterator[None]:
    """Time the run of ``finsam NAME`` (see the module's docstring)."""
    global _timed
    if not shown() or _timed is not None or not _signal_free():
        yield
        return
    timed = _Timed(name)

    def late(*_: Any) -> None:
        timed.late = True
        _say(timed.steps[-1] if timed.steps else f"finsam {name}: arbetar …")

    _timed = timed
    try:
        with _alarm(PATIENCE, late):
            yield
    finally:
        _timed = None


@contextlib.contextmanager
def progress(message: str, after: float | None = None) -> Iterator[None]:
    """Say ``message`` on stderr if the command (or, outside a timed command, the block)
    is still running :data:`PATIENCE` seconds in (``after``: the block's own patience)."""
    wait = PATIENCE if after is None else after
    if not shown():
        yield
        return
    timed = _timed
    if (timed is not None and after is None
            and threading.current_thread() is threading.main_thread()):
        if timed.late:
            _say(message)
        timed.steps.append(message)
        try:
            yield
        finally:
            timed.steps.pop()
        return

    def say(*_: Any) -> None:
        _say(message)

    if _signal_free():
        with _alarm(wait, say):
            yield
        return
    timer = threading.Timer(wait, say)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        timer.join()
