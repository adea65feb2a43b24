"""The canonical form of a directive: what a year's lock digests (:mod:`closing`,
:mod:`lock_scope`). Layout, file order, file and line do not count; numbers are
normalised, so ``10.0`` and ``10`` are the same."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from beancount.core import data

IGNORED_META = ("filename", "lineno")


def plain(value: Any) -> Any:
    """A JSON-able, layout-independent form of a value of a directive."""
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dict):
        return {
            str(k): plain(v)
            for k, v in sorted(value.items())
            if k not in IGNORED_META and not str(k).startswith("__")
        }
    if isinstance(value, set | frozenset):
        return sorted(str(plain(v)) for v in value)
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return {f: plain(getattr(value, f)) for f in value._fields}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, type):
        return value.__name__
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def canonical_of(value: Any) -> str:
    """Any directive or value as one line of JSON, without file and line."""
    return dumps(plain(value))


def canonical(entry: data.Transaction) -> str:
    """The voucher as one line of JSON; postings sorted, so their order does not count."""
    fields = plain(entry._replace(postings=[]))
    fields["postings"] = sorted(dumps(plain(p)) for p in entry.postings)
    return dumps(fields)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


