"""Momsersättning per period: the ingående moms booked, the claim, and the reconciliation.

The claimable ingående moms of a period is what the period's vouchers booked on the
receivable accounts (:mod:`vat_settings`). A *claim voucher* is one that moves moms from
the receivable to the skattekonto (both accounts among its postings): the förbund's claim
for an earlier period, which Skatteverket credits to the skattekonto. The claim is the
period's moms in whole kronor, öre left out (as the declaration is made); the öre are
written off on the claim voucher (öresavrundning).

A claim voucher belongs to the period named by its metadata ``momsperiod: "2019-Q1"`` (or
``"2019-03"`` for a month), else to the oldest period that has ended before the voucher
and still has moms not claimed. Balances brought in (``ib`` vouchers, or anything before
the first fiscal year) are a period of their own, "ingående balans".

Checked, each difference an error naming the account and the amount: a claim credits the
receivable with the period's whole moms; it books the period's claim (whole kronor) on
the skattekonto; the receivable's balance at each period end is the moms not yet claimed.

Pure: the books in, exact Decimals out (no pandas).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from beancount.core import data, flags

from finsam_accounts.books import Books
from finsam_accounts.claims.vat_settings import MONTH, VatSettings
from finsam_accounts.errors import FinsamError, ReportError, error_at, plain_error
from finsam_accounts.money import ZERO, exact_sum, format_sv_ore
from finsam_accounts.periods import ONE_DAY, Period

META_VAT_PERIOD = "momsperiod"
PERIOD_RE = re.compile(r"^(?P<year>[0-9]{4})-(?:Q(?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2]))$")
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")
KR = Decimal("1")


@dataclass(frozen=True)
class VatPeriod:
    key: str  # "2019-Q1", "2019-03", or "IB" for balances brought in
    label: str
    period: Period


@dataclass(frozen=True)
class Claim:
    entry: data.Transaction
    credited: Decimal  # taken off the receivables (positive for a refund)
    to_tax_account: Decimal  # booked on the skattekonto

    @property
    def rounding(self) -> Decimal:
        return self.credited - self.to_tax_account

    @property
    def voucher(self) -> str:
        return str((self.entry.meta or {}).get("ver", ""))


@dataclass
class PeriodVat:
    vat_period: VatPeriod
    vat: Decimal = ZERO
    by_account: dict[str, Decimal] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)

    @property
    def due(self) -> Decimal:
        """The claim: the period's moms in whole kronor, öre left out."""
        return self.vat.quantize(KR, rounding=ROUND_DOWN)

    @property
    def credited(self) -> Decimal:
        return exact_sum(c.credited for c in self.claims)

    @property
    def to_tax_account(self) -> Decimal:
        return exact_sum(c.to_tax_account for c in self.claims)

    def unclaimed_at(self, date: datetime.date) -> Decimal:
        """The moms of the period not claimed by the end of ``date``."""
        return self.vat - exact_sum(c.credited for c in self.claims if c.entry.date <= date)


@dataclass(frozen=True)
class Reconciliation:
    opening: Decimal  # receivables at the start of the span
    vat: Decimal  # booked on the receivables during the span, claims left out
    credited: Decimal  # taken off by claims dated in the span
    closing: Decimal  # receivables at the end of the span, from the books

    @property
    def computed_closing(self) -> Decimal:
        return self.opening + self.vat - self.credited


@dataclass(frozen=True)
class VatRefund:
    organisation: str
    span: Period
    span_label: str
    settings: VatSettings
    rows: tuple[PeriodVat, ...]
    balances: Mapping[str, Decimal]  # period key -> receivables at the period's end
    reconciliation: Reconciliation
    claimed_in_span: tuple[tuple[PeriodVat, Claim], ...]


def periods_of(first: datetime.date, last: datetime.date, kind: str) -> list[VatPeriod]:
    """The quarters (or months) from the one containing ``first`` to the one containing
    ``last``."""
    months = 1 if kind == MONTH else 3
    year, month = first.year, (first.month - 1) // months * months + 1
    found: list[VatPeriod] = []
    while datetime.date(year, month, 1) <= last:
        start = datetime.date(year, month, 1)
        nxt = (year + (month + months - 1) // 12, (month + months - 1) % 12 + 1)
        end = datetime.date(nxt[0], nxt[1], 1) - ONE_DAY
        if kind == MONTH:
            key, label = f"{year}-{month:02d}", f"{MONTHS[month - 1]} {year}"
        else:
            quarter = (month - 1) // 3 + 1
            key, label = f"{year}-Q{quarter}", f"{year} kvartal {quarter}"
        found.append(VatPeriod(key, label, Period(start, end)))
        year, month = nxt
    return found


def receivable_moves(
    entries: Sequence[data.Directive], receivables: Sequence[str]
) -> list[tuple[data.Transaction, Decimal]]:
    """The report's one pass over the ledger: every voucher that touches the receivable
    accounts, in date order, with what it moved on them."""
    touching = [e for e in entries if isinstance(e, data.Transaction)
                and e.flag != flags.FLAG_PADDING
                and any(p.account in receivables for p in e.postings)]
    return [(e, _sum(e, receivables)) for e in sorted(touching, key=lambda e: e.date)]


def _amount(posting: data.Posting) -> Decimal:
    units = posting.units
    return units.number if units is not None and units.number is not None else ZERO


def _sum(entry: data.Transaction, accounts: Sequence[str]) -> Decimal:
    return exact_sum(_amount(p) for p in entry.postings if p.account in accounts)


def _add(row: PeriodVat, entry: data.Transaction, accounts: Sequence[str]) -> None:
    row.vat += _sum(entry, accounts)
    for posting in entry.postings:
        if posting.account in accounts:
            row.by_account[posting.account] = (row.by_account.get(posting.account, ZERO)
                                               + _amount(posting))


def _named_period(entry: data.Transaction, rows: Mapping[str, PeriodVat]) -> PeriodVat | str | None:
    value = (entry.meta or {}).get(META_VAT_PERIOD)
    if value is None:
        return None
    text = str(value)
    match = PERIOD_RE.match(text)
    if match is None or text not in rows:
        return (f'{META_VAT_PERIOD}: "{text}" är ingen period i bokföringen (skriv t.ex. '
                f'"2019-Q1" för ett kvartal eller "2019-03" för en månad, som perioderna i '
                "custom \"momsersättning\" \"period\")")
    row = rows[text]
    if row.vat_period.period.end >= entry.date:
        return (f'{META_VAT_PERIOD}: perioden {row.vat_period.label} har inte tagit slut '
                f"{entry.date}; en ansökan görs efter periodens slut")
    return row


def _oldest_open(entry: data.Transaction, rows: Sequence[PeriodVat]) -> PeriodVat | None:
    for row in rows:
        if row.vat_period.period.end < entry.date and row.unclaimed_at(entry.date) != 0:
            return row
    return None


def compute(books: Books, year: int, quarter: int | None = None) -> VatRefund:
    """The periods of ``year`` (or of its ``quarter``) and the claims made in it, checked.

    Raises :class:`ReportError` with every difference (account and amount)."""
    settings = books.vat
    if year not in books.fiscal_years:
        listed = ", ".join(str(y) for y in books.fiscal_years) or "inga"
        raise ReportError([plain_error(f"{year} är inget räkenskapsår i bokföringen ({listed})")])
    if not settings.receivables or settings.tax_account is None:
        raise ReportError([plain_error(
            "bokföringen har ingen fordran för momsersättning (konto 1650) eller inget "
            'skattekonto (konto 1630): ange dem med custom "momsersättning" "fordran" KONTO '
            'och custom "momsersättning" "skattekonto" KONTO (docs/reporting-pack.md)')])
    first_day = datetime.date(books.fiscal_years[0], 1, 1)
    last_day = datetime.date(books.fiscal_years[-1], 12, 31)
    opening = PeriodVat(VatPeriod("IB", f"ingående balans {first_day}",
                                  Period(first_day - ONE_DAY, first_day - ONE_DAY)))
    rows = [opening, *(PeriodVat(p) for p in periods_of(first_day, last_day, settings.period))]
    by_key = {r.vat_period.key: r for r in rows}
    receivables = settings.receivables
    errors: list[FinsamError] = []
    moves = receivable_moves(books.entries, receivables)
    for entry, moved in moves:
        if entry.date < first_day or books.is_opening(entry):
            _add(opening, entry, receivables)
            continue
        if any(p.account == settings.tax_account for p in entry.postings):
            named = _named_period(entry, by_key)
            if isinstance(named, str):
                errors.append(error_at(entry, named))
                continue
            target = named or _oldest_open(entry, rows)
            if target is None:
                errors.append(error_at(entry, (
                    f"{receivables[0]}: ansökan om momsersättning {format_sv_ore(-moved)} kr "
                    "hör inte till någon period: ingen period före verifikationen har ingående "
                    f'moms kvar att söka (ange {META_VAT_PERIOD}: "ÅÅÅÅ-Q1" på verifikationen)')))
                continue
            target.claims.append(Claim(entry, -moved, _sum(entry, [settings.tax_account])))
            continue
        row = next((r for r in rows[1:] if entry.date in r.vat_period.period), None)
        if row is None:  # outside the fiscal years: the plugin reports it
            continue
        _add(row, entry, receivables)
    span = Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    span_label = str(year)
    if quarter is not None:
        start = datetime.date(year, 3 * quarter - 2, 1)
        span = Period(start, periods_of(start, start, "kvartal")[0].period.end)
        span_label = f"{year} kvartal {quarter}"
    shown = [r for r in rows if r.vat_period.period.end in span
             or any(c.entry.date in span for c in r.claims)]
    balances = {r.vat_period.key: opening.vat if r is opening
                else _balance(moves, r.vat_period.period.end) for r in shown}
    errors.extend(_differences(shown, balances, rows, settings))
    if errors:
        raise ReportError(errors, headline=f"momsersättningen {span_label} stämmer inte")
    claimed = tuple((r, c) for r in rows for c in r.claims if c.entry.date in span)
    start_balance = _balance(moves, span.start - ONE_DAY)
    claim_vouchers = {id(c.entry) for _, c in claimed}
    during = exact_sum(moved for e, moved in moves
                       if e.date in span and id(e) not in claim_vouchers)
    reconciliation = Reconciliation(
        start_balance, during, exact_sum(c.credited for _, c in claimed),
        _balance(moves, span.end))
    if reconciliation.computed_closing != reconciliation.closing:
        raise ReportError([plain_error(
            f"{', '.join(receivables)}: saldot {span.end} är "
            f"{format_sv_ore(reconciliation.closing)} kr, men ingående balans, moms och "
            f"ansökningar ger {format_sv_ore(reconciliation.computed_closing)} kr")])
    return VatRefund(str(books.options.get("title") or ""), span, span_label, settings,
                     tuple(shown), balances, reconciliation, claimed)


def _balance(moves: Sequence[tuple[data.Transaction, Decimal]],
             date: datetime.date) -> Decimal:
    return exact_sum(moved for e, moved in moves if e.date <= date)


def _differences(shown: Sequence[PeriodVat], balances: Mapping[str, Decimal],
                 rows: Sequence[PeriodVat], settings: VatSettings) -> list[FinsamError]:
    found: list[FinsamError] = []
    receivable = ", ".join(settings.receivables)
    for row in shown:
        label = row.vat_period.label
        if row.claims:
            last = row.claims[-1].entry
            if row.credited != row.vat:
                found.append(error_at(last, (
                    f"{receivable}: ansökan för {label} krediterar "
                    f"{format_sv_ore(row.credited)} kr, men den ingående momsen för perioden "
                    f"är {format_sv_ore(row.vat)} kr (differens "
                    f"{format_sv_ore(row.credited - row.vat)} kr)")))
            if row.to_tax_account != row.due:
                found.append(error_at(last, (
                    f"{settings.tax_account}: ansökan för {label} är bokförd på skattekontot "
                    f"med {format_sv_ore(row.to_tax_account)} kr, men ersättningen för "
                    f"perioden är {format_sv_ore(row.due)} kr (ingående moms "
                    f"{format_sv_ore(row.vat)} kr, öretal utelämnas; differens "
                    f"{format_sv_ore(row.to_tax_account - row.due)} kr)")))
        if row.vat_period.key == "IB":  # the balances brought in, by definition
            continue
        end = row.vat_period.period.end
        expected = exact_sum(r.unclaimed_at(end) for r in rows
                             if r.vat_period.period.end <= end)
        if balances[row.vat_period.key] != expected:
            found.append(plain_error(
                f"{receivable}: saldot {end} är {format_sv_ore(balances[row.vat_period.key])} "
                f"kr, men den ingående moms som inte är ansökt {end} är "
                f"{format_sv_ore(expected)} kr (differens "
                f"{format_sv_ore(balances[row.vat_period.key] - expected)} kr)"))
    return found
