"""Property: whatever happens to the books, the commands answer in Swedish lines.

A copy of the example ledger is mutated at random (a line deleted, two digits swapped, a
sign changed, a file truncated, random bytes inserted); then ``finsam check`` and
``finsam arsredovisning`` either succeed (the report written whole, so its reconciliations
passed) or fail with exit status 1 and Swedish ``file:line: message`` lines: never a
traceback, never an internal error, never a partial report or a staging folder left behind.

Bounded: a fixed, small number of derandomized examples (the same on every run), the
commands run in-process.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finsam_accounts.cli import main

HTML_NAME, XLSX_NAME = "arsredovisning.html", "arsredovisning.xlsx"

EXAMPLE = Path(__file__).resolve().parent.parent / "ledger"
FILES = sorted(p.name for p in EXAMPLE.glob("*.beancount"))

# One problem per line: "file:line: message" (line >= 1), a command's own
# "finsam KOMMANDO: ..." line, a warning, or arsredovisning's statement/reconciliation
# report ("fel: ...:" followed by indented problems).
LINE_RE = re.compile(
    r"(?:[^:\s][^:]*:[1-9][0-9]*: \S.*|finsam [a-z]+: \S.*|varning: \S.*|fel: \S.*|  \S.*)"
)
# English that beancount or Python would show if a message escaped translation.
ENGLISH_RE = re.compile(
    r"\b(?:Traceback|[Ee]rror|[Ii]nvalid|[Uu]nexpected|expecting|does not|[Ff]ailed|"
    r"No module|[Dd]uplicate|out of range)\b"
)


def delete_line(data: bytes, where: int) -> bytes:
    lines = data.split(b"\n")
    del lines[where % len(lines)]
    return b"\n".join(lines)


def swap_digits(data: bytes, where: int) -> bytes:
    """Swap the first two adjacent different digits at or after ``where`` (wrapping)."""
    found = [m.start() for m in re.finditer(rb"[0-9](?=[0-9])", data)]
    candidates = [i for i in found if data[i] != data[i + 1]]
    if not candidates:
        return data
    i = next((c for c in candidates if c >= where % len(data)), candidates[0])
    return data[:i] + data[i + 1 : i + 2] + data[i : i + 1] + data[i + 2 :]


def change_sign(data: bytes, where: int) -> bytes:
    """Flip the sign of the first amount at or after ``where`` (wrapping)."""
    amounts = [m.start(1) for m in re.finditer(rb"\s(-?)[0-9]+\.[0-9]{2} SEK", data)]
    if not amounts:
        return data
    i = next((a for a in amounts if a >= where % len(data)), amounts[0])
    return data[:i] + data[i + 1 :] if data[i : i + 1] == b"-" else data[:i] + b"-" + data[i:]


def truncate(data: bytes, where: int) -> bytes:
    return data[: where % (len(data) + 1)]


MUTATIONS = {
    "delete_line": delete_line,
    "swap_digits": swap_digits,
    "change_sign": change_sign,
    "truncate": truncate,
}


@st.composite
def mutated_books(draw: st.DrawFn) -> tuple[str, str, bytes]:
    """(file name, mutation, new content) for one file of the example ledger."""
    name = draw(st.sampled_from(FILES))
    data = (EXAMPLE / name).read_bytes()
    kind = draw(st.sampled_from([*MUTATIONS, "random_bytes"]))
    where = draw(st.integers(min_value=0, max_value=len(data)))
    if kind == "random_bytes":
        noise = draw(st.binary(min_size=1, max_size=8))
        return name, kind, data[:where] + noise + data[where:]
    return name, kind, MUTATIONS[kind](data, where)


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


def assert_swedish_lines(status: int, err: str) -> None:
    assert status in (0, 1)
    assert not ENGLISH_RE.search(err), err
    assert "internt fel" not in err, err
    for line in err.splitlines():
        assert LINE_RE.fullmatch(line), line
    if status == 1:
        assert err.strip(), "a failure says why"


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(mutated_books())
def test_mutated_books_give_swedish_lines_or_a_whole_report(
    mutation: tuple[str, str, bytes],
) -> None:
    name, _, content = mutation
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(EXAMPLE, root / "ledger")
        (root / "ledger" / name).write_bytes(content)
        ledger = str(root / "ledger" / "main.beancount")
        out = root / "rapport"

        status, _, err = run("check", "--ledger", ledger)
        assert_swedish_lines(status, err)

        status, said, err = run("arsredovisning", "2019", "--ledger", ledger, "--out", str(out))
        assert_swedish_lines(status, err)
        if status == 0:
            # Whole: every file the command says it wrote is there, and nothing else.
            written = {p.name for p in out.iterdir()}
            assert {HTML_NAME, XLSX_NAME} <= written
            assert said.endswith(f"; {len(written)} filer)\n"), said
        else:
            assert not out.exists()
        assert sorted(p.name for p in root.iterdir()) == (
            ["ledger", "rapport"] if status == 0 else ["ledger"]
        )
