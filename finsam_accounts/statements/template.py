"""Repeat the specification's per-activity parts for the activities the ledger declares.

The shipped specification names no project: a line, a block of lines or a whole statement
marked ``for_each = "verksamhet"`` is written once with placeholders and repeated here for
every activity of the books (the förbund's own first, then the projects in the order the
ledger declares them). ``verksamhetstyp = "förbund"`` or ``"projekt"`` limits a template to
one kind. This works on the raw TOML tables, before :func:`spec.parse_spec` validates them.

Placeholders in every text of a repeated part: ``{kod}`` (SAMO), ``{kod_id}`` (samo, for
ids), ``{namn}`` (the activity's name). In a sum outside a repeated part, a reference that
contains ``{kod_id}`` stands for that line of every activity that has it.

Notes are numbered in the order their statements come (``note = "auto"``); a line refers to
a note by the note statement's id (``note_ref = "intakter_{kod_id}"``).
"""

from __future__ import annotations

import copy
import string
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from finsam_accounts.books import Activity

FOR_EACH = "verksamhet"


class _Values(dict[str, str]):
    def __missing__(self, key: str) -> str:  # leave unknown placeholders ({year}) alone
        return "{" + key + "}"


def placeholders(activity: Activity) -> dict[str, str]:
    return {"kod": activity.code, "kod_id": _ident(activity.code), "namn": activity.name}


def _ident(code: str) -> str:
    table = str.maketrans("åäöÅÄÖ", "aaoAAO")
    text = code.translate(table).lower()
    return "".join(c if c.isalnum() else "_" for c in text)


def fill(value: Any, values: Mapping[str, str]) -> Any:
    """Every string in a TOML value with the activity's placeholders filled in."""
    if isinstance(value, str):
        if not any(f"{{{k}}}" in value for k in values):
            return value
        return string.Formatter().vformat(value, (), _Values(values))
    if isinstance(value, list):
        return [fill(v, values) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, values) for k, v in value.items()}
    return value


def instantiate(raw: Mapping[str, Any], activities: Sequence[Activity]) -> dict[str, Any]:
    """The specification with every template repeated for ``activities``."""
    activities = sorted(activities, key=lambda a: not a.is_own)  # the förbund's own first
    result = {k: copy.deepcopy(v) for k, v in raw.items() if k != "statement"}
    statements: list[dict[str, Any]] = []
    for table in raw.get("statement", []):
        for activity in _applicable(table, activities):
            statement = _statement(table, activity, activities)
            if statement is not None:
                statements.append(statement)
    _number_notes(statements)
    result["statement"] = statements
    return result


def _applicable(table: Mapping[str, Any], activities: Sequence[Activity]) -> list[Any]:
    """The activities a template is repeated for (``[None]`` when it is not a template)."""
    if table.get("for_each") is None:
        return [None]
    if table.get("for_each") != FOR_EACH:
        # parse_spec reports the unknown value; keep the table so it can.
        return [None]
    kind = table.get("verksamhetstyp")
    return [a for a in activities if kind is None or a.kind == kind]


def _statement(
    table: Mapping[str, Any], activity: Activity | None, activities: Sequence[Activity]
) -> dict[str, Any] | None:
    own = {k: v for k, v in table.items() if k not in ("line", "for_each", "verksamhetstyp")}
    if activity is not None:
        own = fill(own, placeholders(activity))
    lines = _lines(table.get("line", []), activity, activities)
    own["line"] = lines
    return own


def _lines(
    raw_lines: Iterable[Mapping[str, Any]],
    outer: Activity | None,
    activities: Sequence[Activity],
) -> list[dict[str, Any]]:
    """Lines with per-activity blocks repeated (consecutive lines of one ``block``)."""
    lines = list(raw_lines)
    result: list[dict[str, Any]] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.get("for_each") is None or outer is not None:
            plain = {k: v for k, v in line.items() if k not in ("for_each", "block")}
            result.append(fill(plain, placeholders(outer)) if outer else dict(plain))
            index += 1
            continue
        block_id = line.get("block", line.get("id"))
        block = []
        while index < len(lines) and lines[index].get("for_each") is not None and \
                lines[index].get("block", lines[index].get("id")) == block_id:
            block.append(lines[index])
            index += 1
        for activity in activities:
            for template in block:
                kind = template.get("verksamhetstyp")
                if kind is not None and kind != activity.kind:
                    continue
                own = {k: v for k, v in template.items()
                       if k not in ("for_each", "block", "verksamhetstyp")}
                filled = fill(own, placeholders(activity))
                filled["_block"] = f"{block_id}:{activity.code}"
                result.append(filled)
    return _resolve_sums(result, activities)


def _resolve_sums(
    lines: list[dict[str, Any]], activities: Sequence[Activity]
) -> list[dict[str, Any]]:
    """A sum's ``{kod_id}`` reference names that line of every activity that has it."""
    ids = {str(line.get("id")) for line in lines}
    for line in lines:
        refs = line.get("sum")
        if not isinstance(refs, list):
            continue
        resolved: list[str] = []
        for ref in refs:
            if isinstance(ref, str) and "{kod_id}" in ref:
                resolved.extend(
                    name for a in activities
                    if (name := fill(ref, placeholders(a))) in ids
                )
            elif isinstance(ref, str) and ref.endswith("?"):
                if ref[:-1] in ids:  # an optional reference: a line only some kinds have
                    resolved.append(ref[:-1])
            else:
                resolved.append(ref)
        line["sum"] = resolved
    return lines


def _number_notes(statements: list[dict[str, Any]]) -> None:
    """Number the notes in report order and point the lines' note references at them."""
    numbers: dict[str, str] = {}
    for statement in statements:
        if statement.get("note") == "auto":
            number = str(len(numbers) + 1)
            numbers[str(statement.get("id"))] = number
            statement["note"] = number
            # "not1_intakter_samo": the id (and file name) carries the note's number
            statement["id"] = f"not{number}_{statement.get('id')}"
    for statement in statements:
        for line in statement.get("line", []):
            ref = line.pop("note_ref", None)
            if ref is not None:
                line["note"] = numbers.get(str(ref), "")
