"""What a year's lock covers besides its vouchers: everything else that shapes its report.

A lock (:mod:`finsam_accounts.closing`) that covered only the vouchers would let anyone
with write access change the year's annual report through its other inputs. The
manifest of a year therefore also has a line for each of:

* ``föregående``: the previous lock as the lock names it (``2018 sha256:…``), so the
  lock's digest covers the one before it: a real chain;
* ``plugin``: the plugins the books run, in order, with their configuration;
* ``specifikation``: the specification the statements are built from (the books' own
  ``custom "finsam-specifikation"`` file, else the one shipped with the package);
* ``option``: the options that shape a report (the förbund's name ``title``, the currency,
  the root and equity account names, tolerances, booking);
* ``konto …``: the ``open`` of every account the year's vouchers use (its number ``nr``,
  activity ``verksamhet``, heading ``rubrik`` and other metadata);
* ``custom …``: every ``custom`` directive dated in or before the year, or naming the year
  (fiscal-year declarations, budgets, trappan, membership fees and populations, insatser,
  board, activities), except the locks themselves and Fava's display options;
* ``årsredovisningen``: a digest of the year's report figures (the CSV files), written
  by ``finsam bokslut`` and compared with the books by ``finsam check``.

Each line is ``date, key, sha256`` like a voucher's; the digest is of the item's canonical
form (:mod:`finsam_accounts.canonical`), so layout and file order do not count.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from beancount.core import data

from finsam_accounts.books import spec_path
from finsam_accounts.canonical import canonical_of, sha256
from finsam_accounts.statements.spec import DEFAULT_SPEC

NO_DATE = "-"
PREVIOUS_KEY = "föregående"
PLUGIN_KEY = "plugin"
SPEC_KEY = "specifikation"
FIGURES_KEY = "årsredovisningen"
OPTIONS_KEY = "option"
REPORT_OPTIONS = (
    "title", "operating_currency", "name_assets", "name_liabilities", "name_equity",
    "name_income", "name_expenses", "account_previous_balances", "account_previous_earnings",
    "account_previous_conversions", "account_current_earnings", "account_current_conversions",
    "account_unrealized_gains", "account_rounding", "inferred_tolerance_default",
    "inferred_tolerance_multiplier", "infer_tolerance_from_cost", "booking_method",
)
ACCOUNT_PREFIX = "konto "
CUSTOM_PREFIX = "custom "
UNLOCKED_CUSTOMS = ("bokslut", "fava-option", "fava-extension")


def scope_items(
    entries: Iterable[data.Directive], options_map: Mapping[str, Any], year: int,
    previous: str, vouchers: Iterable[data.Transaction],
) -> list[tuple[str, str, str, Any]]:
    """``(date, key, digest, entry)`` for everything the lock covers besides vouchers
    (and the report figures, which :func:`figures_digest` gives)."""
    entries = list(entries)
    items: list[tuple[str, str, str, Any]] = [
        (NO_DATE, PREVIOUS_KEY, sha256(previous), None),
        (NO_DATE, PLUGIN_KEY, sha256(canonical_of(plugins(options_map))), None),
        (NO_DATE, SPEC_KEY, spec_digest(entries), None),
        (NO_DATE, OPTIONS_KEY, sha256(canonical_of(report_options(options_map))), None),
    ]
    used = {posting.account for voucher in vouchers for posting in voucher.postings}
    for entry in entries:
        if isinstance(entry, data.Open) and entry.account in used:
            items.append((entry.date.isoformat(), ACCOUNT_PREFIX + entry.account,
                          sha256(canonical_of(entry)), entry))
        elif isinstance(entry, data.Custom) and covers(entry, year):
            items.append((entry.date.isoformat(), custom_key(entry),
                          sha256(canonical_of(entry)), entry))
    return items


def report_options(options_map: Mapping[str, Any]) -> dict[str, Any]:
    """The ``option`` values that shape a report: the name, currency, root and equity
    account names, tolerances and booking."""
    return {key: options_map.get(key) for key in REPORT_OPTIONS}


def plugins(options_map: Mapping[str, Any]) -> list[list[str]]:
    return [[str(name), str(config or "")] for name, config in options_map.get("plugin") or ()]


def covers(entry: data.Custom, year: int) -> bool:
    """A custom directive shapes the year's report: dated in or before it, or naming it."""
    if entry.type in UNLOCKED_CUSTOMS:
        return False
    if entry.date.year <= year:
        return True
    return any(isinstance(v.value, Decimal) and v.value == year for v in entry.values)


def custom_key(entry: data.Custom) -> str:
    """``custom "budget" Kostnader:SAMO:Kansli 2019``: the type and the first values."""
    shown = " ".join(str(v.value) for v in entry.values[:2])
    return f'{CUSTOM_PREFIX}"{entry.type}" {shown}'.strip().replace("\t", " ")


def spec_digest(entries: Iterable[data.Directive]) -> str:
    """The digest of the specification the books use (their own file, else the shipped)."""
    path = spec_path(entries) or DEFAULT_SPEC
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return hashlib.sha256(b"").hexdigest()
