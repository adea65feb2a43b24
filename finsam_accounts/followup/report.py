"""The budget follow-up at a date as a report: tables, forecast, trappan, insatser, charts.

:func:`build` computes everything from the loaded books (raising ReportError with one
Swedish line per problem) and returns a :class:`~finsam_accounts.report.Report`
of already rounded figures; the command writes it. Deviations and percentages are taken
on the exact sums and rounded once.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from finsam_accounts import trappan
from finsam_accounts.books import Books
from finsam_accounts.errors import ReportError, plain_error
from finsam_accounts.followup import insatser
from finsam_accounts.followup.columns import Columns, follow_up
from finsam_accounts.followup.forecast import METHOD_TEXT
from finsam_accounts.followup.monthly import MONTHS, series
from finsam_accounts.followup.rows import (
    Wanted,
    activity_statement,
    engine_rows,
    followup_statement,
    result_line,
)
from finsam_accounts.followup.units import KR, Money, Unit, money
from finsam_accounts.money import ZERO, format_sv
from finsam_accounts.periods import calendar_year, year_to_date
from finsam_accounts.report import CumulativeChart, Report, headings
from finsam_accounts.statements.engine import Row
from finsam_accounts.statements.reconcile import equity_start
from finsam_accounts.statements.spec import Specification, spec_for

NAME = "uppfoljning"
HUNDRED = Decimal(100)
PERCENT = Decimal("0.1")
NO_BUDGET = (
    "Året {year} har ingen budget i bokföringen: budgetkolumnerna är tomma och prognosen är "
    "utfallet hittills, plus fjolårets belopp efter samma datum när fjolåret finns i "
    "bokföringen (eller en manuell prognos)."
)


def percent(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part / whole in percent, one decimal; None without a whole."""
    if part is None or not whole:
        return None
    return (part * HUNDRED / whole).quantize(PERCENT, rounding=ROUND_HALF_UP)


def _minus(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a - b


def check_date(years: Sequence[int], date: datetime.date) -> None:
    """A follow-up date must lie in one of the ledger's fiscal years."""
    if date.year not in years:
        span = ", ".join(str(y) for y in years) or "inga"
        raise ReportError(
            [plain_error(f"{date.isoformat()} ligger utanför bokföringens räkenskapsår ({span})")]
        )


# ---------------------------------------------------------------------------- tables


def followup_table(
    rows: Sequence[Row], columns: Columns, comments: Mapping[tuple[str, str], str],
    _kr: Money = KR,
) -> pd.DataFrame:
    """The utfall/budget lines with the follow-up's columns, rounded to the unit."""
    year, day = columns.year, columns.date.isoformat()
    records = []
    for row in rows:
        v = row.values
        annual = v["reviderad"]
        record: dict[str, object] = {"avsnitt": row.line.section, "rad": row.label}
        if columns.is_revised:
            record[f"antagen budget {year}"] = _kr(v["antagen"])
            record[f"reviderad budget {year}"] = _kr(annual)
        else:
            record[f"budget {year}"] = _kr(annual)
        record[f"budget t.o.m. {day}"] = _kr(v["budget_tom"])
        record[f"utfall t.o.m. {day}"] = _kr(v["utfall_tom"])
        record[f"avvikelse t.o.m. {day}"] = _kr(_minus(v["utfall_tom"], v["budget_tom"]))
        record["förbrukat av årsbudget %"] = percent(v["utfall_tom"], annual)
        record[f"prognos helår {year}"] = _kr(v["prognos"])
        record["prognosavvikelse"] = _kr(_minus(v["prognos"], annual))
        record["prognosmetod"] = "" if row.line.is_sum else columns.methods.get(
            (row.line.id, row.label), "")
        record["kommentar"] = comments.get((row.line.id, row.label), "")
        records.append(record)
    return pd.DataFrame.from_records(records).astype(object)


def manual_comments(rows: Sequence[Row], columns: Columns) -> dict[tuple[str, str], str]:
    """Per account row, the manual forecasts of its accounts: date and comment."""
    comments: dict[tuple[str, str], str] = {}
    for row in rows:
        texts = []
        for account in row.accounts:
            forecast = columns.manual.get(account)
            if forecast is not None:
                text = f"Manuell prognos {forecast.date.isoformat()}"
                texts.append(text + (f": {forecast.comment}" if forecast.comment else ""))
        if texts and not row.line.is_sum:
            comments[(row.line.id, row.label)] = "; ".join(texts)
    return comments


def activity_table(rows: Sequence[Row], columns: Columns, _kr: Money = KR) -> pd.DataFrame:
    year, day = columns.year, columns.date.isoformat()
    return pd.DataFrame.from_records([
        {
            "rad": row.label,
            f"budget {year}": _kr(row.values["reviderad"]),
            f"utfall t.o.m. {day}": _kr(row.values["utfall_tom"]),
            f"prognos helår {year}": _kr(row.values["prognos"]),
            "prognosavvikelse": _kr(_minus(row.values["prognos"], row.values["reviderad"])),
        }
        for row in rows
    ]).astype(object)


def equity_table(
    books: Books, columns: Columns, result: Decimal,
    _kr: Money = KR,
) -> pd.DataFrame:
    """Equity at the start of the year + the forecast result, against trappan's limit."""
    year = columns.year
    opening = equity_start(columns.summed(calendar_year(year)), books)
    forecast = opening + result
    unit = _kr.unit
    records: list[dict[str, object]] = [
        {"rad": f"Eget kapital {year}-01-01", unit: _kr(opening), "kommentar": ""},
        {"rad": f"Prognos för årets resultat {year}", unit: _kr(result), "kommentar": ""},
        {"rad": f"Prognos för eget kapital {year}-12-31", unit: _kr(forecast),
         "kommentar": ""},
    ]
    try:
        found = books.trappan
        if found:
            end = datetime.date(year, 12, 31)
            table = trappan.table_at(found, end)
            base = trappan.budgeted_base(books, year, table.base)
            position = trappan.Position(trappan.PROJECTION, year, end, forecast, base, table)
            records.append({"rad": "Gräns enligt trappan", unit: _kr(position.limit),
                            "kommentar": trappan.BASE_TEXT[table.base]})
            records.append({"rad": "Marginal till gränsen", unit: _kr(position.margin),
                            "kommentar": f"{position.status} trappan"})
    except ReportError as error:
        raise ReportError(error.errors) from error
    return pd.DataFrame.from_records(records).astype(object)


def insats_table(
    usages: Sequence[insatser.Usage], columns: Columns, _kr: Money = KR
) -> pd.DataFrame:
    year, day = columns.year, columns.date.isoformat()
    return pd.DataFrame.from_records([
        {
            "insats": u.insats.name,
            "diarienummer": u.insats.dnr,
            "beslut": u.insats.decided.isoformat(),
            "period": f"{u.insats.start.isoformat()} – {u.insats.end.isoformat()}",
            "beviljat": _kr(u.insats.granted),
            f"förbrukat {year} t.o.m. {day}": _kr(u.used_year),
            "förbrukat totalt": _kr(u.used_total),
            "förbrukat %": percent(u.used_total, u.insats.granted),
            "prognos": _kr(u.forecast),
            "prognos t.o.m.": u.forecast_until.isoformat(),
            "kvar": _kr(u.remaining),
            "att återbetala": _kr(u.to_return),
        }
        for u in usages
    ], columns=[
        "insats", "diarienummer", "beslut", "period", "beviljat", f"förbrukat {year} t.o.m. {day}",
        "förbrukat totalt", "förbrukat %", "prognos", "prognos t.o.m.", "kvar", "att återbetala",
    ]).astype(object)


INSATS_TEXT = (
    "Förbrukat = bokförda kostnader på insatsens konton inom den beviljade perioden. Prognos = "
    "förbrukat + årets återstående prognos på kontona (till periodens slut om den slutar "
    "tidigare). Att återbetala = beviljat − förbrukat, vid periodens slut."
)


# ---------------------------------------------------------------------------- report


def add_rows(report: Report, key: str, title: str, table: pd.DataFrame, rows: Sequence[Row],
             text: str = "", sheet: str = "") -> None:
    """A table whose rows come from a statement: sums bold, sections as headings."""
    strong = frozenset(i for i, row in enumerate(rows) if row.line.is_sum)
    groups = headings([row.line.section for row in rows], [row.line.is_sum for row in rows])
    hidden = ("avsnitt",) if "avsnitt" in table.columns else ()
    report.add(key, title, table, text, strong=strong,
               groups=groups if any(groups) else (), hidden=hidden, sheet=sheet)


def wanted(columns: Columns) -> list[Wanted]:
    """The follow-up's columns, as the engine is asked for them."""
    return [
        Wanted("antagen", "budget", columns.adopted),
        Wanted("reviderad", "budget", columns.revised),
        Wanted("budget_tom", "budget", columns.budget_to_date),
        Wanted("utfall_tom", "actual", columns.actual_to_date),
        Wanted("prognos", "actual", columns.forecast),
    ]


def build(
    books: Books,
    date: datetime.date,
    spec: Specification | None = None,
    unit: Unit | None = None,
    columns: Columns | None = None,
) -> Report:
    """The whole follow-up at ``date`` (with the books' own specification unless ``spec``
    is given), each table in its statement's unit or in ``unit`` (``--tkr``); raises
    ReportError (nothing to write) on a problem. ``columns``: the follow-up's figures if
    the caller has them already (Fava's page, which also needs them for its links)."""
    check_date(books.fiscal_years, date)
    spec = spec_for(books) if spec is None else spec.with_activities(books.activities)
    options = books.options
    columns = follow_up(books, date, spec) if columns is None else columns
    year, day = columns.year, date.isoformat()
    period = year_to_date(date)
    statement = followup_statement(spec)
    rows = engine_rows(statement, books, period, wanted(columns))
    own = money(unit, statement.unit)
    by_activity = activity_statement(spec)
    in_activity = money(unit, by_activity.unit)
    report = Report(
        title=f"Budgetuppföljning {day}",
        organisation=str(options.get("title") or ""),
        year=year,
        subtitle=f"Räkenskapsåret {year}, utfall 1 januari – {day} och prognos för helåret",
        intro=intro(columns, own),
        name=NAME,
        pdf=True,
    )
    table = followup_table(rows, columns, manual_comments(rows, columns), own)
    text = " ".join([
        "" if columns.has_budget else NO_BUDGET.format(year=year),
        negative_text(rows, result_line(spec)),
        methods_text(columns),
        *(f"Varning: {w}." for w in columns.warnings),
    ]).strip()
    add_rows(report, "uppfoljning", own.title(f"Utfall och budget t.o.m. {day}"), table,
             rows, text, sheet="Uppföljning")
    activity_rows = engine_rows(by_activity, books, period, wanted(columns))
    add_rows(report, "prognos_verksamhet",
             in_activity.title("Prognos för resultatet per verksamhet"),
             activity_table(activity_rows, columns, in_activity), activity_rows, ACTIVITY_TEXT,
             sheet="Prognos verksamhet")
    result = next(r for r in rows if r.line.id == result_line(spec)).values["prognos"] or ZERO
    report.add("prognos_eget_kapital", own.title("Prognos för eget kapital och trappan"),
               equity_table(books, columns, result, own), sheet="Prognos eget kapital")
    usages = insatser.usages(books, columns)
    if usages:
        report.add("insatser", own.title(f"Insatser {day}"), insats_table(usages, columns, own),
                   INSATS_TEXT)
    add_charts(report, books, columns, own)
    return report


ACTIVITY_TEXT = (
    "Finansiella poster = resultatet − intäkterna − verksamhetens kostnader (räntor, "
    "bankavgifter): intäkter + kostnader + finansiella poster = resultat för varje "
    "verksamhet (varje belopp avrundat för sig). I tabellen ovan ingår de i raderna med "
    "samma rubrik."
)

NEGATIVE = (
    "Negativ förbrukning ({rows}): utfallet hittills har motsatt tecken mot budgeten, "
    "oftast för att januaris återföring av fjolårets periodisering (upplupna kostnader) är "
    "större än det som har bokförts på raden sedan dess; fakturorna som kommer senare vänder "
    "det."
)
NEGATIVE_RESULT = (
    "Negativ förbrukning på {row}: budgeten för året är ett {budget} men utfallet hittills "
    "ett {actual}, oftast för att medlemsavgifterna faktureras i förskott medan kostnaderna "
    "kommer under året."
)


def negative_text(rows: Sequence[Row], result: str = "") -> str:
    """Why some rows have consumed less than nothing of their annual budget: the rows, and
    the result on its own (a budgeted deficit with a surplus so far). Read from the exact
    rows (line ids, values by column id), never from the printed table."""
    negative = [row for row in rows
                if (used := percent(row.values["utfall_tom"], row.values["reviderad"]))
                is not None and used < 0]
    found = [row.label for row in negative if not row.line.is_sum]
    texts = [NEGATIVE.format(rows=", ".join(found))] if found else []
    for row in negative:
        if row.line.id == result:
            budget = row.values["reviderad"] or ZERO
            texts.append(NEGATIVE_RESULT.format(
                row=row.label, budget="underskott" if budget < 0 else "överskott",
                actual="överskott" if budget < 0 else "underskott"))
    return " ".join(texts)


def methods_text(columns: Columns) -> str:
    """What each forecast method used in the table means."""
    used = sorted(set(columns.methods.values()), key=lambda m: list(METHOD_TEXT).index(
        m.split(" + ")[-1]))
    parts = [f"{method}: {METHOD_TEXT[method]}" for method in used if method in METHOD_TEXT]
    return ("Prognosmetod per rad: " + "; ".join(parts) + ".") if parts else ""


def intro(columns: Columns, own: Money = KR) -> str:
    parts = [
        "Budget t.o.m. datumet är årsbudgeten fördelad per kalendermånad (lika tolftedelar om "
        "raden inte har en egen budgetprofil), hela datumets månad medräknad. Prognosen för "
        "helåret räknas per rad med den metod som kolumnen prognosmetod anger (under "
        "tabellen), om inte ekonomen har lagt in en manuell prognos (se kolumnen kommentar). "
        "Avvikelse = utfall − budget; intäkter är "
        "positiva och kostnader negativa. Beloppen är summerade exakt i öre och avrundade var "
        f"för sig till {own.rounding}; förbrukat % är räknat på de exakta beloppen."
    ]
    if columns.is_revised:
        parts.append("Budgeten har reviderats under året: både antagen och reviderad budget "
                     "visas, och budget t.o.m. datumet följer den reviderade.")
    return " ".join(parts)


def add_charts(report: Report, books: Books, columns: Columns, own: Money = KR) -> None:
    """Per activity: cumulative costs by month, as a table and an SVG chart, in the unit and
    with the sign of the tables (costs negative). An activity without costs booked,
    budgeted or forecast this year (a project that has ended) gets none."""
    for activity in (a.code for a in books.activities):
        curves = series(books, columns, activity)
        key = f"diagram_{activity.lower()}"
        title = own.title(f"Kostnader {activity} {columns.year}, ackumulerat")
        actual = _negated(curves.actual)
        budget = None if curves.budget is None else _negated(curves.budget)
        forecast = _negated(curves.forecast)
        if not any(v for v in (*actual, *(budget or ()), *forecast) if v is not None):
            continue  # an activity with nothing booked, budgeted or forecast: no chart
        table = pd.DataFrame({
            "månad": list(MONTHS),
            "utfall": [own(v) for v in actual],
            "budget": [own(v) for v in (budget or [None] * 12)],
            "prognos": [own(v) for v in forecast],
        }).astype(object)
        image = f"{key}.svg"
        report.charts[image] = CumulativeChart(
            title, tuple(MONTHS), tuple(actual),
            None if budget is None else tuple(v or ZERO for v in budget),
            tuple(forecast), own.unit)
        text = ("Kostnaderna är negativa, som i tabellerna. Prognosen går rakt från utfallet "
                "hittills till helårsprognosen.")
        if curves.below_zero:
            booked = ", ".join(f"{MONTHS[i]} +{format_sv(own(-v))}" for i, v in curves.below_zero)
            text += (" Januaris återföring av fjolårets periodiseringar är större än de "
                     f"kostnader som har bokförts så långt (ackumulerat {booked} {own.unit}): "
                     "kurvan och tabellen visar noll där, tills fakturorna som återföringen "
                     "avser har bokförts.")
        report.add(key, title, table, text, image=image, sheet=f"Diagram {activity}")


def _negated(values: Sequence[Decimal | None]) -> list[Decimal | None]:
    return [None if v is None else -v for v in values]


def build_insatser(
    books: Books, date: datetime.date, unit: Unit | None = None
) -> Report:
    """The insatser at ``date`` on their own (``finsam insatser``)."""
    check_date(books.fiscal_years, date)
    options = books.options
    columns = follow_up(books, date)
    usages = insatser.usages(books, columns)
    if not usages:
        raise ReportError([plain_error(
            f'bokföringen har inga insatser som pågår {date.isoformat()} (custom "insats", '
            "se docs/followup.md)"
        )])
    day = date.isoformat()
    report = Report(
        title=f"Insatser {day}",
        organisation=str(options.get("title") or ""),
        year=date.year,
        subtitle=f"Beviljade insatser och deras förbrukning t.o.m. {day}",
        name="insatser",
        pdf=True,
    )
    own = money(unit)
    report.add("insatser", own.title(f"Insatser {day}"), insats_table(usages, columns, own),
               INSATS_TEXT)
    return report
