"""The mapping file of ``finsam flytta-in``: how an old system's SIE files become the books.

A TOML file the user edits and runs again with (Swedish keys, docs/sie.md section 3):

* ``[förbund]``: ``namn`` and ``organisationsnummer`` (from ``#FNAMN``/``#ORGNR`` when given);
* ``[dimensioner]``: each dimension of the files, ``"verksamhet"`` (its objects are
  activities; at most one dimension) or ``"ignoreras"``;
* ``[verksamheter.KOD]``: ``namn``, ``typ`` (``"förbund"``, exactly one, or ``"projekt"``)
  and ``objekt``, the object codes of the activity dimension booked on it; rows without
  an object go to the förbund's own activity;
* ``[serier]``: an old series that is no series of the books (``""``, ``"1"``) → letters;
* ``[konton."NR"]``: ``namn`` (the account name's last part), ``rubrik``, ``verksamhet``
  (every row of the account), ``medlem`` (a member's contribution account) and ``nr``, the
  Kommun-Bas number to book on (required for a number outside classes 1–8);
* ``[medlemmar.ID]``: ``namn`` and ``typ`` (stat, region, kommun) of a member a ``medlem``
  names.

:meth:`Mapping.apply` turns a read :class:`~.model.SieFile` into one in the books'
terms (numbers, series, activities in dimension 1), which :func:`.importer.plan` imports.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from finsam_accounts.errors import FinsamError, ReportError, error_in
from finsam_accounts.sie.chart import class_problem
from finsam_accounts.sie.model import ACTIVITY_DIMENSION, Balance, SieFile, Trans, Voucher

ACTIVITY = "verksamhet"
IGNORED = "ignoreras"
KINDS = ("förbund", "projekt")
MEMBER_KINDS = ("stat", "region", "kommun")
CODE_RE = re.compile(r"^[A-ZÅÄÖ0-9][A-ZÅÄÖa-zåäö0-9-]*$")
LEAF_RE = re.compile(r"^[A-ZÅÄÖ0-9][A-ZÅÄÖa-zåäö0-9-]*$")
MEMBER_RE = re.compile(r"^[a-zåäö0-9_-]+$")
SERIES_RE = re.compile(r"^[A-ZÅÄÖ]+$")


@dataclass
class AccountMap:
    """What the mapping says of one of the files' account numbers."""

    nr: str = ""  # the Kommun-Bas number it is booked on ("" = its own)
    name: str = ""  # the last part of the account name
    label: str = ""  # rubrik
    activity: str = ""  # every row on this activity
    member: str = ""  # medlem


@dataclass
class Mapping:
    """A parsed mapping file (or the suggestion for one)."""

    title: str = ""
    organisation_number: str = ""
    dimensions: dict[str, str] = field(default_factory=dict)  # dim -> verksamhet|ignoreras
    activities: dict[str, tuple[str, str, list[str]]] = field(default_factory=dict)
    series: dict[str, str] = field(default_factory=dict)
    accounts: dict[str, AccountMap] = field(default_factory=dict)
    members: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def activity_dimension(self) -> str | None:
        return next((d for d, use in self.dimensions.items() if use == ACTIVITY), None)

    @property
    def own_activity(self) -> str:
        """The förbund's own activity (type förbund)."""
        return next((c for c, (_, kind, _) in self.activities.items() if kind == "förbund"), "SAMO")

    def object_activities(self) -> dict[str, str]:
        return {obj: code for code, (_, _, objects) in self.activities.items() for obj in objects}

    def number_of(self, number: str) -> str:
        mapped = self.accounts.get(number)
        return mapped.nr if mapped is not None and mapped.nr else number

    def apply(self, sie: SieFile, filename: str) -> SieFile:
        """The file in the books' terms: numbers mapped (balances of merged numbers
        summed), series renamed, the activity of every income and cost row in dimension 1,
        other dimensions dropped. Raises ReportError naming the file's line."""
        errors: list[FinsamError] = []
        dimension = self.activity_dimension
        by_object = self.object_activities()
        used = _used(sie)
        for number in sorted(used):
            target = self.number_of(number)
            problem = class_problem(target)
            if problem:
                errors.append(error_in(filename, sie.account_lines.get(number, 0), (
                    f"konto {number}: {problem}; ange nr (ett Kommun-Bas-nummer att bokföra "
                    f'det på) under [konton."{number}"] i mappningsfilen')))

        def row(trans: Trans) -> Trans:
            number = self.number_of(trans.account)
            objects: tuple[tuple[str, str], ...] = ()
            if number[:1] in "345678":
                mapped = self.accounts.get(trans.account)
                activity = mapped.activity if mapped is not None and mapped.activity else ""
                code = trans.object_in(dimension) if dimension else None
                if not activity and code is not None:
                    activity = by_object.get(code, "")
                    if not activity:
                        errors.append(error_in(filename, trans.line, (
                            f"objekt {code} i dimension {dimension} hör inte till någon "
                            "verksamhet i mappningsfilen (lägg det i objekt under en "
                            "[verksamheter.KOD])")))
                objects = ((ACTIVITY_DIMENSION, activity or self.own_activity),)
            return Trans(number, objects, trans.amount, trans.text, trans.line)

        vouchers = []
        for voucher in sie.vouchers:
            series = self.series.get(voucher.series, voucher.series)
            rows = tuple(row(t) for t in voucher.transactions)
            vouchers.append(Voucher(series, voucher.number, voucher.date, voucher.text, rows,
                                    voucher.line))
        balances: dict[tuple[str, int, str], Balance] = {}
        for balance in sie.balances:
            key = (balance.kind, balance.year, self.number_of(balance.account))
            before = balances.get(key)
            amount = balance.amount + (before.amount if before else Decimal(0))
            balances[key] = Balance(key[0], key[1], key[2], amount,
                                    before.line if before else balance.line)
        if errors:
            raise ReportError(errors)
        accounts = {self.number_of(n): name for n, name in reversed(sie.accounts.items())}
        lines = {self.number_of(n): line for n, line in reversed(sie.account_lines.items())}
        return replace(
            sie,
            vouchers=vouchers,
            balances=list(balances.values()),
            accounts=accounts,
            account_lines=lines,
            account_types={self.number_of(n): k for n, k in sie.account_types.items()},
            dimensions={},
            objects={},
        )


def _used(sie: SieFile) -> set[str]:
    used = {b.account for b in sie.balances}
    used.update(t.account for v in sie.vouchers for t in v.transactions)
    return used


# ------------------------------------------------------------------------ suggestion


def suggest(files: Iterable[SieFile], given: Mapping | None = None) -> Mapping:
    """The mapping for the files: ``given`` where it says something, a suggestion for
    everything it does not (new dimensions, objects, series and accounts)."""
    files = list(files)
    mapping = given or Mapping()
    for sie in files:
        mapping.title = mapping.title or sie.company
        mapping.organisation_number = mapping.organisation_number or sie.organisation_number
    dimensions: dict[str, str] = {}
    objects: dict[str, dict[str, str]] = {}
    for sie in files:
        dimensions.update(sie.dimensions)
        for (dim, code), name in sie.objects.items():
            objects.setdefault(dim, {})[code] = name
        for voucher in sie.vouchers:
            for trans in voucher.transactions:
                for dim, code in trans.objects:
                    dimensions.setdefault(dim, "")
                    objects.setdefault(dim, {}).setdefault(code, "")
    for dim in sorted(dimensions, key=_natural):
        if dim not in mapping.dimensions:
            first = dim == ACTIVITY_DIMENSION and mapping.activity_dimension is None
            mapping.dimensions[dim] = ACTIVITY if first else IGNORED
    if not any(kind == "förbund" for _, kind, _ in mapping.activities.values()):
        mapping.activities = {"SAMO": (mapping.title or "Förbundet", "förbund", []),
                              **mapping.activities}
    activity_dimension = mapping.activity_dimension
    if activity_dimension is not None:
        known = mapping.object_activities()
        own = mapping.own_activity
        name, kind, codes = mapping.activities[own]
        new = [c for c in sorted(objects.get(activity_dimension, {}), key=_natural)
               if c not in known]
        mapping.activities[own] = (name, kind, [*codes, *new])
    used_series = {v.series for sie in files for v in sie.vouchers}
    taken = set(used_series) | set(mapping.series.values())
    for series in sorted(used_series):
        if series in mapping.series or SERIES_RE.match(series):
            continue
        letter = next(c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in taken)
        mapping.series[series] = letter
        taken.add(letter)
    names: dict[str, str] = {}
    for sie in files:
        names.update({n: v for n, v in sie.accounts.items() if v})
    leaves = {m.name for m in mapping.accounts.values() if m.name}
    for sie in files:
        for number in sorted(_used(sie), key=_natural):
            if number in mapping.accounts:
                continue
            account = AccountMap(label=names.get(number, ""))
            leaf = _component(names.get(number, "")) or f"Konto-{number}"
            if leaf in leaves:
                leaf = f"{leaf}-{number}"
            leaves.add(leaf)
            account.name = leaf
            mapping.accounts[number] = account
    return mapping


def _natural(text: str) -> tuple[int, str]:
    return (int(text), text) if text.isdigit() else (10**9, text)


def _component(text: str) -> str:
    words = re.findall(r"[^\W_]+", text)
    joined = "-".join(words)
    return joined[:1].upper() + joined[1:] if joined else ""


# --------------------------------------------------------------------- reading


def read(path: Path) -> Mapping:
    """Read and check a mapping file. Raises ReportError with ``fil:rad: meddelande``."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "den är inte UTF-8"
        raise ReportError(
            [error_in(name, 0, f"mappningsfilen kan inte läsas ({reason})")]) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        raise ReportError([error_in(name, int(found[1]) if found else 0,
                                 f"mappningsfilen är ingen giltig TOML ({error})")]) from None
    return _parse(raw, text, name)


def _parse(raw: dict[str, Any], text: str, name: str) -> Mapping:
    errors: list[FinsamError] = []

    def fail(needle: str, message: str) -> None:
        errors.append(error_in(name, _line_of(text, needle), message))

    def table(key: str) -> dict[str, Any]:
        value = raw.get(key, {})
        if not isinstance(value, dict):
            fail(key, f"[{key}] ska vara en tabell")
            return {}
        return value

    def string(value: Any, needle: str, what: str) -> str:
        if not isinstance(value, str):
            fail(needle, f"{what} ska vara en text inom citattecken")
            return ""
        return value.strip()

    for key in raw:
        if key not in ("förbund", "dimensioner", "verksamheter", "serier", "konton", "medlemmar"):
            fail(key, f"okänd tabell [{key}] i mappningsfilen")
    mapping = Mapping()
    head = table("förbund")
    mapping.title = string(head.get("namn", ""), "namn", "förbundets namn")
    mapping.organisation_number = string(head.get("organisationsnummer", ""),
                                         "organisationsnummer", "organisationsnummer")
    for dim, use in table("dimensioner").items():
        needle = f'"{dim}" =' if f'"{dim}" =' in text else f"{dim} ="
        value = string(use, needle, f"dimension {dim}")
        if value not in (ACTIVITY, IGNORED):
            fail(needle, f'dimension {dim}: "{value}" ska vara "{ACTIVITY}" eller "{IGNORED}"')
        mapping.dimensions[str(dim)] = value
    if sum(1 for use in mapping.dimensions.values() if use == ACTIVITY) > 1:
        fail("[dimensioner]", f'högst en dimension kan vara "{ACTIVITY}"')
    seen_objects: dict[str, str] = {}
    for code, spec in table("verksamheter").items():
        where = f"[verksamheter.{code}]"
        if not isinstance(spec, dict):
            fail(code, f"{where} ska vara en tabell")
            continue
        if not CODE_RE.match(code):
            fail(where, f"verksamhetskoden {code} ska börja med en versal eller siffra och "
                        "bara innehålla bokstäver, siffror och -")
        kind = string(spec.get("typ", "projekt"), where, f"{where} typ")
        if kind not in KINDS:
            fail(where, f'{where}: typ "{kind}" ska vara "förbund" eller "projekt"')
        objects = spec.get("objekt", [])
        if not isinstance(objects, list):
            fail(where, f"{where}: objekt ska vara en lista, t.ex. [\"100\", \"110\"]")
            objects = []
        codes = [str(o) for o in objects]
        for obj in codes:
            if obj in seen_objects:
                fail(where, f"objekt {obj} står under både {seen_objects[obj]} och {code}")
            seen_objects[obj] = code
        mapping.activities[code] = (string(spec.get("namn", code), where, f"{where} namn"),
                                    kind, codes)
    if mapping.activities and sum(1 for _, k, _ in mapping.activities.values()
                                  if k == "förbund") != 1:
        fail("[verksamheter", 'exakt en verksamhet ska ha typ "förbund" (förbundets egen)')
    for old, new in table("serier").items():
        value = string(new, f"{old!r}" if old else '""', f"serie {old!r}")
        if not SERIES_RE.match(value):
            fail(f'"{old}"', f'serie "{old}": "{value}" ska vara versaler A–Ö, t.ex. "A"')
        mapping.series[str(old)] = value
    for number, spec in table("konton").items():
        where = f'[konton."{number}"]'
        needle = f"konton.{number}" if f"konton.{number}" in text else f'"{number}"'
        if not isinstance(spec, dict):
            fail(needle, f"{where} ska vara en tabell")
            continue
        account = AccountMap(
            nr=string(spec.get("nr", ""), needle, f"{where} nr"),
            name=string(spec.get("namn", ""), needle, f"{where} namn"),
            label=string(spec.get("rubrik", ""), needle, f"{where} rubrik"),
            activity=string(spec.get("verksamhet", ""), needle, f"{where} verksamhet"),
            member=string(spec.get("medlem", ""), needle, f"{where} medlem"),
        )
        if account.nr and class_problem(account.nr):
            fail(needle, f"{where}: nr {account.nr}: {class_problem(account.nr)}")
        if account.name and not LEAF_RE.match(account.name):
            fail(needle, f'{where}: namn "{account.name}" ska börja med en versal eller siffra '
                         "och bara innehålla bokstäver, siffror och - (inga mellanslag)")
        if account.activity and account.activity not in mapping.activities:
            fail(needle, f"{where}: verksamhet {account.activity} finns inte under [verksamheter]")
        if account.member and account.member not in table("medlemmar"):
            fail(needle, f"{where}: medlem {account.member} finns inte under [medlemmar]")
        mapping.accounts[str(number)] = account
    for member, spec in table("medlemmar").items():
        where = f"[medlemmar.{member}]"
        if not isinstance(spec, dict) or not MEMBER_RE.match(member):
            fail(member, f"{where}: ange namn och typ; id med gemener, t.ex. umea")
            continue
        kind = string(spec.get("typ", ""), member, f"{where} typ")
        if kind not in MEMBER_KINDS:
            fail(member, f'{where}: typ "{kind}" ska vara stat, region eller kommun')
        mapping.members[member] = (string(spec.get("namn", member), member, f"{where} namn"),
                                   kind)
    if errors:
        raise ReportError(errors)
    return mapping


def _line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return 0


# --------------------------------------------------------------------- writing


def toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c >= " " else " " for c in escaped) + '"'


def toml_key(text: str) -> str:
    """A key bare when TOML allows it (ASCII letters, digits, - and _), else quoted."""
    return text if re.fullmatch(r"[A-Za-z0-9_-]+", text) else toml_string(text)


def render(mapping: Mapping, problems: dict[str, str] | None = None,
           dimension_names: dict[str, str] | None = None) -> str:
    """The mapping as the file the user edits (the same mapping gives the same text)."""
    problems = problems or {}
    dimension_names = dimension_names or {}
    out = [
        "# finsam flytta-in: hur det gamla systemets SIE-filer blir bokföringen.",
        "# Ändra och kör kommandot igen med --mappning den här filen (docs/sie.md, avsnitt 3).",
        "",
        '["förbund"]',
        f"namn = {toml_string(mapping.title)}",
        f"organisationsnummer = {toml_string(mapping.organisation_number)}",
        "",
        '# Varje dimension i filerna: "verksamhet" (objekten blir verksamheter; högst en',
        '# dimension) eller "ignoreras".',
        "[dimensioner]",
    ]
    for dim, use in sorted(mapping.dimensions.items(), key=lambda i: _natural(i[0])):
        note = f"  # {dimension_names[dim]}" if dimension_names.get(dim) else ""
        out.append(f"{toml_string(dim)} = {toml_string(use)}{note}")
    out += [
        "",
        '# Verksamheterna: förbundets egen (typ "förbund", exakt en) och projekten (typ',
        '# "projekt"). objekt: verksamhetsdimensionens objekt som bokförs på verksamheten;',
        "# rader utan objekt hamnar på förbundets egen. Flytta ett projekts objekt hit.",
    ]
    for code, (name, kind, objects) in mapping.activities.items():
        listed = ", ".join(toml_string(o) for o in objects)
        out += ["", f"[verksamheter.{toml_key(code)}]", f"namn = {toml_string(name)}",
                f"typ = {toml_string(kind)}", f"objekt = [{listed}]"]
    out += ["", "# Det gamla systemets serier som inte är versaler A–Ö: bokföringens serie.",
            "[serier]"]
    for old, new in sorted(mapping.series.items()):
        out.append(f"{toml_string(old)} = {toml_string(new)}")
    out += [
        "",
        "# Konten: namn (kontonamnets sista led), rubrik (raden i rapporterna), verksamhet",
        "# (alla rader på kontot), medlem (en medlems avgiftskonto, se [medlemmar]) och nr",
        "# (ett Kommun-Bas-nummer att bokföra kontot på; krävs utanför klass 1–8).",
    ]
    for number, account in sorted(mapping.accounts.items(), key=lambda i: _natural(i[0])):
        out += ["", f"[konton.{toml_string(number)}]"]
        if number in problems:
            out.append(f"# {problems[number]}: ange nr")
        for key, value in (("nr", account.nr), ("namn", account.name), ("rubrik", account.label),
                           ("verksamhet", account.activity), ("medlem", account.member)):
            if value or (key == "nr" and number in problems):
                out.append(f"{key} = {toml_string(value)}")
    out += ["", '# Medlemmarna som konton nämner med medlem: [medlemmar.umea] namn = "Umeå '
            'kommun", typ = "kommun".']
    for member, (name, kind) in mapping.members.items():  # the förbund's order
        out += ["", f"[medlemmar.{toml_key(member)}]", f"namn = {toml_string(name)}",
                f"typ = {toml_string(kind)}"]
    return "\n".join(out) + "\n"
