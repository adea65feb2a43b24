"""What the code reads in a specification is addressed by role and checked at load.

The follow-up's statements and the förvaltningsberättelse's named figures are roles
(finsam_accounts/statements/roles.py): the shipped specification resolves every one; a
förbund's own specification may name other ids in ``[roles]``, and a role it names that
does not resolve stops the load at the ``[roles]`` line. Figures are the example's
published ones (tests/reference/umearegionen-2019).
"""

from __future__ import annotations

import csv
import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from finsam_accounts.annual.figures import resolver
from finsam_accounts.errors import ReportError, format_error
from finsam_accounts.followup.report import build as build_followup
from finsam_accounts.ledger import Ledger, load
from finsam_accounts.statements.annual_report import annual
from finsam_accounts.statements.roles import FIGURES
from finsam_accounts.statements.spec import DEFAULT_SPEC, load_spec

ROOT = Path(__file__).resolve().parents[1]
LEDGER = ROOT / "ledger/main.beancount"
REFERENCE = ROOT / "tests/reference/umearegionen-2019/balansrakning.csv"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def example() -> Ledger:
    loaded = load(LEDGER)
    assert not loaded.errors
    return loaded


def published(row_label: str) -> Decimal:
    with REFERENCE.open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["rad"] == row_label)
    return Decimal(row["2019-12-31"])


def own_spec(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "specifikation.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_specification_resolves_every_role(example: Ledger) -> None:
    books = example.books
    spec = load_spec(None, books.activities)
    assert dict(spec.code_roles.statements) == {"activity_result": "driftsredovisning"}
    assert set(spec.code_roles.figures) == set(FIGURES)


def test_a_named_figure_remapped_in_the_specification(
    example: Ledger, tmp_path: Path
) -> None:
    shipped = DEFAULT_SPEC.read_text(encoding="utf-8")
    path = own_spec(tmp_path, shipped + (
        '\n[roles.figures]\nlikvida_medel = "balansrakning.fordringar.ar"\n'))
    result = annual(load_spec(path), example.books, 2019)
    resolve = resolver(result.frames(), example.books, 2019,
                       result.figures, result.spec)
    # The receivables of 2019 as published, where the shipped roles give cash and bank.
    assert resolve("likvida_medel", "kr").replace(NBSP, " ") == "1 124 873"
    assert published("Fordringar") == Decimal("1124873")
    shipped_result = annual(None, example.books, 2019)
    shipped_resolve = resolver(shipped_result.frames(), example.books,
                               2019, shipped_result.figures, shipped_result.spec)
    assert shipped_resolve("likvida_medel", "kr").replace(NBSP, " ") == "6 157 998"
    assert published("Kassa och bank") == Decimal("6157998")


@pytest.mark.parametrize("roles, message", [
    ('[roles]\nactivity_result = "finns_inte"\n',
     "roles: activity_result = 'finns_inte' är ingen rapport i specifikationen"),
    ('[roles]\nokand = "driftsredovisning"\n', "roles: okänd roll 'okand'"),
    ('[roles.figures]\nlikvida_medel = "balansrakning.finns_inte.ar"\n',
     "roles.figures: likvida_medel = 'balansrakning.finns_inte.ar': rapporten "
     "balansrakning har ingen rad finns_inte"),
    ('[roles.figures]\nlikvida_medel = "balansrakning.kassa_och_bank.budget"\n',
     "rapporten balansrakning har ingen kolumn budget"),
    ('[roles.figures]\nvinst = "balansrakning.kassa_och_bank.ar"\n',
     "roles.figures: okänt namn 'vinst'"),
])
def test_a_role_that_does_not_resolve_stops_the_load_at_its_line(
    tmp_path: Path, roles: str, message: str
) -> None:
    shipped = DEFAULT_SPEC.read_text(encoding="utf-8")
    path = own_spec(tmp_path, shipped + "\n" + roles)
    with pytest.raises(ReportError) as raised:
        load_spec(path)
    (error,) = raised.value.errors
    line = len(shipped.splitlines()) + 2  # the [roles] table's header
    assert format_error(error).endswith(f"specifikation.toml:{line}: " + message) or (
        message in format_error(error) and f"specifikation.toml:{line}:" in format_error(error))


def test_the_follow_up_finds_the_result_per_activity_by_role(
    example: Ledger, tmp_path: Path
) -> None:
    renamed = DEFAULT_SPEC.read_text(encoding="utf-8").replace(
        'id = "driftsredovisning"', 'id = "resultat_per_verksamhet"')
    books = example.books
    date = datetime.date(2019, 8, 31)
    without = load_spec(own_spec(tmp_path, renamed))
    with pytest.raises(ReportError) as raised:
        build_followup(books, date, without)
    assert "activity_result" in str(raised.value)
    named = load_spec(own_spec(
        tmp_path, renamed + '\n[roles]\nactivity_result = "resultat_per_verksamhet"\n'))
    report = build_followup(books, date, named)
    shipped = build_followup(books, date)

    def by_activity(found: object) -> list[dict[str, object]]:
        section = next(s for s in found.sections if s.key == "prognos_verksamhet")  # type: ignore[attr-defined]
        return list(section.table.to_dict("records"))

    assert by_activity(report) == by_activity(shipped) != []
