"""Recorded lock digests, checked against the books: ``finsam check --förväntad``.

The lock in the books proves that nothing changed since the lock only to someone who trusts
the lock itself: whoever can write the books can also lock them again. The auditors
therefore note each lock's full digest outside the repository (``finsam bokslut`` prints
it) and give it back to ``finsam check``, one ``ÅR=sha256:…`` per option or one per line
of a file (``#`` starts a comment).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable
from pathlib import Path

from finsam_accounts.closing import PREFIX, Lock
from finsam_accounts.errors import FinsamError, error_at, error_in, plain_error

EXPECTED_RE = re.compile(r"^\s*(?P<year>[0-9]{4})\s*=\s*sha256:(?P<digest>[0-9a-f]{64})\s*$")


def parse(text: str) -> tuple[int, str]:
    """``2019=sha256:…`` as (2019, hex digest); an argparse type."""
    match = EXPECTED_RE.match(text)
    if match is None:
        raise argparse.ArgumentTypeError(
            f"ogiltig kontrollsumma: '{text}' (skriv ÅR=sha256:…, 64 tecken 0–9 a–f, "
            "som finsam bokslut skriver ut)")
    return int(match["year"]), match["digest"]


def read_file(path: Path) -> tuple[list[tuple[int, str]], list[FinsamError]]:
    """The expected digests of a file, and an error for each line that is not one."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = "inte UTF-8" if isinstance(error, UnicodeDecodeError) else "kan inte läsas"
        return [], [plain_error(f"--förväntad-fil: {path} {reason}")]
    found, problems = [], []
    for number, line in enumerate(text.splitlines(), 1):
        content = line.split("#", 1)[0].strip()
        if not content:
            continue
        try:
            found.append(parse(content))
        except argparse.ArgumentTypeError as error:
            problems.append(error_in(path, number, str(error)))
    return found, problems


def errors(
    locks: Iterable[Lock], expected: Iterable[tuple[int, str]], main: Path
) -> list[FinsamError]:
    """Each expected digest against the lock of its year in the books (``Books.locks``)."""
    found = {lock.year: lock for lock in locks}
    problems = []
    for year, digest in expected:
        lock = found.get(year)
        if lock is None:
            problems.append(error_in(main, 1, (
                f"bokslutet {year} saknas i bokföringen, men {PREFIX}{digest[:16]}… "
                "är antecknat för det")))
        elif lock.digest != digest:
            problems.append(error_at(lock.entry, (
                f"bokslutet {year} har kontrollsumman {PREFIX}{lock.digest}, men "
                f"{PREFIX}{digest} är antecknat: året har låsts om eller ändrats")))
    return problems
