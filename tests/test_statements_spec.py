"""Loading and validating statement specifications."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_statements_fixtures import altered_spec

from finsam_accounts.books import Activity
from finsam_accounts.conventions import AccountInfo
from finsam_accounts.errors import ReportError, format_error
from finsam_accounts.statements.spec import (
    DEFAULT_SPEC,
    AccountRange,
    Selector,
    load_spec,
)


def account(number: str, activity: str | None = None) -> AccountInfo:
    import datetime

    return AccountInfo(f"Konto:{number}", number, activity, number, datetime.date(2019, 1, 1), None)


def test_shipped_spec_loads_in_report_order() -> None:
    samo, hfe = Activity("SAMO", "Förbundet", "förbund"), Activity("HFE", "Projektet", "projekt")
    spec = load_spec(activities=[hfe, samo])  # the förbund's own comes first all the same
    assert [s.id for s in spec.statements] == [
        "driftsredovisning",
        "resultatrakning",
        "balansrakning",
        "kassaflodesanalys",
        "not1_intakter_samo",
        "not2_intakter_hfe",
        "not3_fordringar",
        "not4_kortfristiga_skulder",
        "utfall_budget",
    ]
    assert spec.roles["budget_totals"] == (
        "utfall_budget.totala_intakter",
        "utfall_budget.totala_kostnader",
        "utfall_budget.ovriga_poster",
    )
    assert [ln.id for ln in spec.statement("resultatrakning").lines][:4] == [
        "intakter_samo", "intakter_hfe", "kostnader_samo", "kostnader_hfe",
    ]
    assert spec.statement("resultatrakning").line("intakter_hfe").note == "2"


def test_two_projects_repeat_every_per_activity_part_in_declaration_order() -> None:
    activities = [Activity("SAMO", "F", "förbund"), Activity("ESFV", "V", "projekt"),
                  Activity("NYST", "N", "projekt")]
    spec = load_spec(activities=activities)
    assert [s.id for s in spec.statements if s.note] == [
        "not1_intakter_samo", "not2_intakter_esfv", "not3_intakter_nyst", "not4_fordringar",
        "not5_kortfristiga_skulder",
    ]
    ub = spec.statement("utfall_budget")
    sections = list(dict.fromkeys(ln.section for ln in ub.lines))
    assert sections[:4] == ["Intäkter SAMO", "Intäkter ESFV", "Intäkter NYST", "Totala intäkter"]
    assert "Kansli och administrativa kostnader NYST" in sections
    assert ub.line("totala_kostnader").sum == (
        "totala_kostnader_samo", "totala_kostnader_esfv", "totala_kostnader_nyst")
    text = DEFAULT_SPEC.read_text(encoding="utf-8")
    assert "HFE" not in text and "SAMO" not in text.split("[report]")[1]


def test_ranges_compare_leading_digits() -> None:
    revenue = AccountRange("3000", "3999")
    assert revenue.contains("3510") and revenue.contains("35101")
    assert not revenue.contains("4000") and not revenue.contains("299")
    assert AccountRange("35", "35").contains("3591")
    samo = Selector((revenue,), "SAMO")
    assert samo.matches(account("3510", "SAMO")) and not samo.matches(account("3510", "HFE"))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('id = "avskrivningar"', 'id = "avskrivningar"\ncolour = "röd"', "okända nycklar colour"),
        ('accounts = ["6800-6899", "7800-7899"]\n', 'accounts = ["6899-6800"]\n',
         "ogiltigt kontointervall"),
        (
            'sum = ["fordringar", "kassa_och_bank"]',
            'sum = ["fordringar", "kassa"]',
            "summerar rader som inte finns ovanför: kassa",
        ),
        ('result = "resultatrakning.arets_resultat"', 'result = "resultatrakning.x"', "ingen rad"),
        ('id = "avskrivningar"\nlabel', 'id = "avskrivningar"\nsign = 2\nlabel', "sign ska vara"),
        ('measure = "balance_start"\nsign = 1', 'measure = "saldo"\nsign = 1', "'saldo' är inte"),
    ],
)
def test_invalid_spec_is_rejected_with_a_reason(old: str, new: str, message: str) -> None:
    with pytest.raises(ReportError, match=message):
        altered_spec(old, new)


def test_an_invalid_spec_file_is_an_error_at_the_line_of_the_table_at_fault(
    tmp_path: Path
) -> None:
    text = DEFAULT_SPEC.read_text(encoding="utf-8")
    old = 'id = "avskrivningar"\nlabel'
    assert text.count(old) == 1
    changed = text.replace(old, 'id = "avskrivningar"\nsign = 2\nlabel')
    path = tmp_path / "egen.toml"
    path.write_text(changed, encoding="utf-8")
    with pytest.raises(ReportError) as raised:
        load_spec(path)
    [error] = raised.value.errors
    # The line of the table's id, counted independently of the code under test.
    line = changed.splitlines().index('id = "avskrivningar"') + 1
    assert error.source == {"filename": str(path), "lineno": line}
    assert "raden 'avskrivningar'" in error.message and "sign ska vara" in error.message
    assert format_error(error, tmp_path).startswith(f"egen.toml:{line}: rapporten ")


def test_missing_or_broken_file(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="finns inte"):
        load_spec(tmp_path / "saknas.toml")
    broken = tmp_path / "trasig.toml"
    broken.write_text("\n[[statement]\n", encoding="utf-8")
    with pytest.raises(ReportError, match="ogiltig TOML") as raised:
        load_spec(broken)
    assert raised.value.errors[0].source == {"filename": str(broken), "lineno": 2}
