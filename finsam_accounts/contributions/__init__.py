"""Member contributions: the year's allocation split by the members' keys, against the books.

``declarations`` parses what the ledger declares, ``keys`` splits the allocation, ``booked``
sums what is booked, ``comparison`` sets one against the other, ``bookkeeping`` writes the
invoices. The names below are the package's public interface.
"""

from finsam_accounts.contributions.booked import (
    booked_years,
    member_accounts_in,
    recorded,
    recorded_total,
)
from finsam_accounts.contributions.bookkeeping import (
    Invoice,
    account_of,
    existing_vouchers,
    format_invoices,
    invoices,
    invoicing_for,
    next_voucher_number,
    quarter_dates,
    year_date,
)
from finsam_accounts.contributions.comparison import (
    COLUMNS,
    HEADERS,
    comparison_frame,
    errors,
    warnings,
)
from finsam_accounts.contributions.declarations import (
    ACCOUNT_TYPE,
    CUSTOM_ALLOCATION,
    CUSTOM_GROUP_SHARE,
    CUSTOM_INVOICING,
    CUSTOM_POPULATION,
    CUSTOM_TOLERANCE,
    DEFAULT_GROUP_PERCENT,
    DEFAULT_TOLERANCE,
    MEMBER_KINDS,
    Allocation,
    ContributionData,
    GroupShare,
    Invoicing,
    Population,
    Tolerance,
    contribution_data,
    parse,
)
from finsam_accounts.contributions.keys import (
    Share,
    expected_shares,
    group_percents,
    in_force,
    members_in,
    split_exact,
    tolerance,
)

__all__ = [
    "ACCOUNT_TYPE",
    "COLUMNS",
    "CUSTOM_ALLOCATION",
    "CUSTOM_GROUP_SHARE",
    "CUSTOM_INVOICING",
    "CUSTOM_POPULATION",
    "CUSTOM_TOLERANCE",
    "DEFAULT_GROUP_PERCENT",
    "DEFAULT_TOLERANCE",
    "HEADERS",
    "MEMBER_KINDS",
    "Allocation",
    "ContributionData",
    "GroupShare",
    "Invoice",
    "Invoicing",
    "Population",
    "Share",
    "Tolerance",
    "account_of",
    "booked_years",
    "comparison_frame",
    "contribution_data",
    "errors",
    "existing_vouchers",
    "expected_shares",
    "format_invoices",
    "group_percents",
    "in_force",
    "invoices",
    "invoicing_for",
    "member_accounts_in",
    "members_in",
    "next_voucher_number",
    "parse",
    "quarter_dates",
    "recorded",
    "recorded_total",
    "split_exact",
    "tolerance",
    "warnings",
    "year_date",
]
