"""An ESF claim (ansökan om utbetalning) for a project activity and a period.

The project's costs in the period are summed exactly per account and per ESF cost
category (:mod:`esf_settings`). With the 15 % flat rate the claim is the direct costs
(personnel, travel, equipment and premises, external expertise) plus indirect costs at
15 % of the personnel costs; costs booked on accounts of the category ``indirekta`` are
covered by that rate and not claimed. With the 40 % flat rate the claim is the personnel
costs plus 40 % of them for every other cost. The flat-rate amount is computed from the
exact personnel sum and rounded once, to öre, half away from zero; every other figure is
an exact sum of öre.

Sources: Svenska ESF-rådet, "Handledning i projektekonomi" (2014–2020 and 2021–2027);
förordning (EU) 1303/2013 art. 68.1 b and (EU) 1304/2013 art. 14.2 (2014–2020), förordning
(EU) 2021/1060 art. 54 b and 56 (2021–2027). See docs/reporting-pack.md.

Pure: the books in, exact Decimals out (no pandas).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from beancount.core import data, flags

from finsam_accounts.books import Books
from finsam_accounts.claims.esf_settings import (
    CATEGORIES,
    DIRECT,
    PERSONNEL,
    PERSONNEL_CLASS,
    EsfProject,
)
from finsam_accounts.errors import FinsamError, ReportError, error_at, plain_error
from finsam_accounts.money import ORE, ZERO, exact_sum, format_sv_ore
from finsam_accounts.periods import Period

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class AccountCost:
    account: str
    number: str
    category: str
    declared: bool  # False: personnel by Kommun-Bas class 5
    amount: Decimal


@dataclass(frozen=True)
class EsfClaim:
    organisation: str
    project: EsfProject
    name: str
    period: Period
    accounts: tuple[AccountCost, ...]

    def booked(self, category: str) -> Decimal:
        return exact_sum(a.amount for a in self.accounts if a.category == category)

    @property
    def personnel(self) -> Decimal:
        return self.booked(PERSONNEL)

    @property
    def flat_rate(self) -> Decimal:
        """The flat-rate amount, rounded once to öre from the exact personnel sum."""
        exact = self.personnel * self.project.rate / HUNDRED
        return exact.quantize(ORE, rounding=ROUND_HALF_UP)

    @property
    def claimed_direct(self) -> dict[str, Decimal]:
        """What the claim takes of each category besides the flat rate."""
        if self.project.rate == Decimal(40):
            return {PERSONNEL: self.personnel}
        return {PERSONNEL: self.personnel, **{c: self.booked(c) for c in DIRECT}}

    @property
    def total(self) -> Decimal:
        return exact_sum(self.claimed_direct.values()) + self.flat_rate

    @property
    def booked_total(self) -> Decimal:
        return exact_sum(a.amount for a in self.accounts)


def _amount(posting: data.Posting) -> Decimal:
    units = posting.units
    return units.number if units is not None and units.number is not None else ZERO


def project_costs(
    books: Books, code: str, period: Period
) -> tuple[dict[str, Decimal], dict[str, data.Transaction]]:
    """The claim's one pass over the ledger: per cost account of the project's activity,
    its costs in ``period``, and the first voucher that booked one (for a message)."""
    expenses = f"{books.roots.expenses}:"
    sums: dict[str, Decimal] = {}
    first_posting: dict[str, data.Transaction] = {}
    for entry in books.entries:
        if not isinstance(entry, data.Transaction) or entry.flag == flags.FLAG_PADDING \
                or entry.date not in period:
            continue
        for posting in entry.postings:
            info = books.accounts.get(posting.account)
            if info is None or info.activity != code or not posting.account.startswith(expenses):
                continue
            sums[posting.account] = sums.get(posting.account, ZERO) + _amount(posting)
            first_posting.setdefault(posting.account, entry)
    return sums, first_posting


def compute(books: Books, code: str, period: Period) -> EsfClaim:
    """The claim of project ``code`` for ``period``; :class:`ReportError` with every
    problem (an undeclared project, an account without a category, a period outside the
    books)."""
    settings = books.esf
    activity = books.activity(code)
    if activity is None:
        known = ", ".join(a.code for a in books.activities) or "inga"
        raise ReportError([plain_error(f"{code} är ingen verksamhet i bokföringen ({known})")])
    project = settings.projects.get(code)
    if project is None:
        raise ReportError([plain_error(
            f'{code} är inget ESF-projekt: ange custom "esf-projekt" "{code}" "2014–2020" 15 '
            "(programperiod, schablon 15 eller 40; docs/reporting-pack.md)")])
    years = set(books.fiscal_years)
    if period.start.year not in years or period.end.year not in years:
        listed = ", ".join(str(y) for y in books.fiscal_years) or "inga"
        raise ReportError([plain_error(
            f"perioden {period.label} ligger utanför bokföringens räkenskapsår ({listed})")])
    sums, first_posting = project_costs(books, code, period)
    costs: list[AccountCost] = []
    missing: list[FinsamError] = []
    for account in sorted(sums, key=lambda a: (books.accounts[a].number, a)):
        number = books.accounts[account].number
        declared = settings.categories.get(account)
        category = declared or (PERSONNEL if number.startswith(PERSONNEL_CLASS) else None)
        if category is None:
            missing.append(error_at(first_posting[account], (
                f"{account} ({number}) har {format_sv_ore(sums[account])} kr i "
                f"ESF-projektet {code} {period.label} men ingen ESF-kategori: ange "
                f'custom "esf-kategori" {account} "kategori" (välj bland '
                f"{', '.join(CATEGORIES)})")))
            continue
        costs.append(AccountCost(account, number, category, declared is not None,
                                 sums[account]))
    if missing:
        raise ReportError(missing, headline=f"ESF-ansökan {code} {period.label}")
    return EsfClaim(str(books.options.get("title") or ""), project, activity.name, period,
                    tuple(costs))
