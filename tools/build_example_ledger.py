#!/usr/bin/env python3
"""Write the example ledger of Samordningsförbundet Umeåregionen, 2018-01-01 .. 2019-12-31.

The committed files ``ledger/2018.beancount`` and ``ledger/2019.beancount`` are the
product; this script writes them deterministically (no randomness, no clock), so a change
to the example is made here and the files are written again:

    .venv/bin/python tools/build_example_ledger.py           # write the two year files
    .venv/bin/python tools/build_example_ledger.py --check   # fail if they are out of date

How it works. Every business event of the two years is written out below as data: the
members' quarterly contributions, the hosts' invoices for the insatser, salaries and board
fees, the project HFE and its ESF claims, the office's suppliers, VAT and tax account,
bank fees, year-end accruals and their reversal in January. The published annual report
fixes, to the öre, the year's sum on many accounts and the balance of every receivable
and liability at both year ends (TARGETS below). Where an event's amount is not given by
anything else it is a *plug*: the solver adjusts that one amount until its target holds
exactly (e.g. the hosts' invoice for the first half-year makes the year's insats cost
come out right; the request for a payout from the tax account makes the tax account's
year-end balance come out right). The bank is never a plug: every bank movement pays or
receives something, and the bank balance at both year ends is then checked, as are the
equity, the result and all other targets, before anything is written.

It also writes the bank statement of March 2019 as the bank delivers it, an ISO 20022
camt.053.001.02 file (``ledger/bankfiler/2019-03-camt053.xml``, one entry per bank posting
of the month), and the statement's closing balance as a ``balance`` assertion in 2019's
file: importing the statement (``finsam bank-import``) finds every line booked and adds
nothing, so the month is reconciled against the bank (docs/bank.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEDGER_DIR = ROOT / "ledger"

D = Decimal
ZERO = D("0.00")
ORE = D("0.01")


def d(value: str | int | Decimal) -> Decimal:
    return D(str(value)).quantize(ORE)


def round_ore(value: Decimal) -> Decimal:
    return value.quantize(ORE, rounding=ROUND_HALF_UP)


def round_kr(value: Decimal) -> Decimal:
    return value.quantize(D("1"), rounding=ROUND_HALF_UP).quantize(ORE)


def date(y: int, m: int, day: int) -> dt.date:
    return dt.date(y, m, day)


# ----------------------------------------------------------------------------- accounts

BANK = "Tillgångar:Kassa-och-bank:Bankkonto"
KF = "Tillgångar:Fordringar:Kundfordringar"
SKK = "Tillgångar:Fordringar:Skattekonto"
MOMS = "Tillgångar:Fordringar:Momsfordran"
EU = "Tillgångar:Fordringar:Upplupna-intäkter:EU-bidrag"
LBF = "Tillgångar:Fordringar:Upplupna-intäkter:Lönebidrag"
VISMA = "Tillgångar:Fordringar:Förutbetalda-kostnader:Visma"
SKANDIA = "Tillgångar:Fordringar:Förutbetalda-kostnader:Skandia"
KFUM = "Tillgångar:Fordringar:Förutbetalda-kostnader:Hyra-KFUM"
OVRFK = "Tillgångar:Fordringar:Förutbetalda-kostnader:Övriga"
EK = "Eget-kapital:Eget-kapital"
LEV = "Skulder:Kortfristiga:Leverantörsskulder"
SUSPENSE = "Skulder:Kortfristiga:Oklarade-bankposter"  # bank lines not yet accounted for
HUV = "Skulder:Kortfristiga:Skuld-till-huvudman"
SKATT = "Skulder:Kortfristiga:Personal:Källskatt"
SOC = "Skulder:Kortfristiga:Personal:Sociala-avgifter"
SEM = "Skulder:Kortfristiga:Personal:Semesterlöneskuld"
REVS = "Skulder:Kortfristiga:Upplupna-kostnader:Revisionsarvode"
KPAS = "Skulder:Kortfristiga:Upplupna-kostnader:KPA"
LOKB = "Skulder:Kortfristiga:Förutbetalda-intäkter:Lokalbidrag-Umeå"

MED = {
    "staten": "Intäkter:SAMO:Medlemsavgifter:Staten",
    "region": "Intäkter:SAMO:Medlemsavgifter:Region-Västerbotten",
    "umea": "Intäkter:SAMO:Medlemsavgifter:Umeå",
    "vannas": "Intäkter:SAMO:Medlemsavgifter:Vännäs",
    "nordmaling": "Intäkter:SAMO:Medlemsavgifter:Nordmaling",
    "vindeln": "Intäkter:SAMO:Medlemsavgifter:Vindeln",
    "robertsfors": "Intäkter:SAMO:Medlemsavgifter:Robertsfors",
    "bjurholm": "Intäkter:SAMO:Medlemsavgifter:Bjurholm",
}
LBI = "Intäkter:SAMO:Övriga-intäkter:Lönebidrag"
OVRI = "Intäkter:SAMO:Övriga-intäkter:Övriga"
EUI = "Intäkter:HFE:EU-medel"
HFEOB = "Intäkter:HFE:Övriga-bidrag"

INS = {
    "vannas": "Kostnader:SAMO:Insatser:Vännäs",
    "nordmaling": "Kostnader:SAMO:Insatser:Nordmaling",
    "vindeln": "Kostnader:SAMO:Insatser:Vindeln",
    "robertsfors": "Kostnader:SAMO:Insatser:Robertsfors",
    "bjurholm": "Kostnader:SAMO:Insatser:Bjurholm",
    "ut": "Kostnader:SAMO:Insatser:Ungdomstorget",
    "samm": "Kostnader:SAMO:Insatser:Sammanhållna-insatser-unga",
    "vux": "Kostnader:SAMO:Insatser:Vuxentorget",
    "nafs": "Kostnader:SAMO:Insatser:NAFS-Primärvården",
    "platt": "Kostnader:SAMO:Insatser:Plattform-förebyggande",
}
SOCRED = "Kostnader:SAMO:Verksamhetsnära:Social-redovisning"
ANALYS = "Kostnader:SAMO:Verksamhetsnära:Analys"
KOMP = "Kostnader:SAMO:Verksamhetsnära:Kompetensutveckling"
ARV = "Kostnader:SAMO:Kansli:Arvoden-styrelse"
ARVSOC = "Kostnader:SAMO:Kansli:Sociala-avgifter-arvoden"
LON = "Kostnader:SAMO:Kansli:Löner"
LONSOC = "Kostnader:SAMO:Kansli:Sociala-avgifter"
PENS = "Kostnader:SAMO:Kansli:Pensionskostnader"
LOKAL = "Kostnader:SAMO:Kansli:Lokal-dator-telefon"
FORTB = "Kostnader:SAMO:Kansli:Fortbildning"
RESOR = "Kostnader:SAMO:Kansli:Resor-konferenser"
REV = "Kostnader:SAMO:Kansli:Revisionsarvoden"
EKADM = "Kostnader:SAMO:Kansli:Ekonomisk-administration"
OVRADM = "Kostnader:SAMO:Kansli:Övrig-administration"
BANKAVG = "Kostnader:SAMO:Finansiella:Bankavgifter"
H_INS = "Kostnader:HFE:Insatser:Hälsofrämjande-etablering"
H_LON = "Kostnader:HFE:Kansli:Löner"
H_SOC = "Kostnader:HFE:Kansli:Sociala-avgifter"
H_PENS = "Kostnader:HFE:Kansli:Pensionskostnader"
H_LOKAL = "Kostnader:HFE:Kansli:Lokal-dator-telefon"
H_RESOR = "Kostnader:HFE:Kansli:Resor-konferenser"
H_EKADM = "Kostnader:HFE:Kansli:Ekonomisk-administration"
H_OVR = "Kostnader:HFE:Kansli:Övrig-administration"
H_BANKAVG = "Kostnader:HFE:Finansiella:Bankavgifter"

SAMO_COSTS = {
    *INS.values(),
    SOCRED,
    ANALYS,
    KOMP,
    ARV,
    ARVSOC,
    LON,
    LONSOC,
    PENS,
    LOKAL,
    FORTB,
    RESOR,
    REV,
    EKADM,
    OVRADM,
}
HFE_COSTS = {H_INS, H_LON, H_SOC, H_PENS, H_LOKAL, H_RESOR, H_EKADM, H_OVR}
PERSONAL = {SKATT, SOC, SEM}

# Balance-sheet accounts asserted at each year end (notes 3 and 4, and the bank).
ASSERTED = [
    KF,
    SKK,
    MOMS,
    EU,
    LBF,
    VISMA,
    SKANDIA,
    KFUM,
    OVRFK,
    BANK,
    LEV,
    HUV,
    SKATT,
    SOC,
    SEM,
    REVS,
    KPAS,
    LOKB,
]

SELF = "Samordningsförbundet Umeåregionen"
FK = "Försäkringskassan"
REGION = "Region Västerbotten"
UMEA = "Umeå kommun"
KOMMUN = {
    "vannas": "Vännäs kommun",
    "nordmaling": "Nordmalings kommun",
    "vindeln": "Vindelns kommun",
    "robertsfors": "Robertsfors kommun",
    "bjurholm": "Bjurholms kommun",
}
MEMBER_PAYEE = {"staten": FK, "region": REGION, "umea": UMEA, **KOMMUN}
SKV = "Skatteverket"
BANKEN = "Swedbank"
SKL = "Sveriges Kommuner och Landsting"
AF = "Arbetsförmedlingen"
MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]

# ----------------------------------------------------------------------------- calendar

HOLIDAYS = {
    date(2018, 1, 1),
    date(2018, 1, 6),
    date(2018, 3, 30),
    date(2018, 4, 2),
    date(2018, 5, 1),
    date(2018, 5, 10),
    date(2018, 6, 6),
    date(2018, 6, 22),
    date(2018, 12, 24),
    date(2018, 12, 25),
    date(2018, 12, 26),
    date(2018, 12, 31),
    date(2019, 1, 1),
    date(2019, 4, 19),
    date(2019, 4, 22),
    date(2019, 5, 1),
    date(2019, 5, 30),
    date(2019, 6, 6),
    date(2019, 6, 21),
    date(2019, 12, 24),
    date(2019, 12, 25),
    date(2019, 12, 26),
    date(2019, 12, 31),
    date(2020, 1, 1),
    date(2020, 1, 6),
}
FIRST_DAY = date(2018, 1, 1)
LAST_DAY = date(2019, 12, 31)


def workday(x: dt.date) -> bool:
    return x.weekday() < 5 and x not in HOLIDAYS


def next_workday(x: dt.date) -> dt.date:
    while not workday(x):
        x += dt.timedelta(days=1)
    return x


def prev_workday(x: dt.date) -> dt.date:
    while not workday(x):
        x -= dt.timedelta(days=1)
    return x


def last_workday(y: int, m: int) -> dt.date:
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return prev_workday(nxt - dt.timedelta(days=1))


def quarter_of(x: dt.date) -> int:
    return (x.month - 1) // 3 + 1


# ----------------------------------------------------------------------------- vouchers


@dataclass
class Txn:
    date: dt.date
    series: str
    payee: str
    narration: str
    postings: list[tuple[str, Decimal]]
    underlag: str | None = None
    corrects: Txn | None = None
    seq: int = 0
    ver: str = ""

    def amount(self, account: str) -> Decimal:
        return sum((a for acc, a in self.postings if acc == account), ZERO)


class Book:
    """The vouchers of both years, built from the data below and the current plug values."""

    def __init__(self, plugs: dict[str, Decimal]) -> None:
        self.plugs = plugs
        self.txns: list[Txn] = []
        self.counters: dict[str, int] = {}
        self.own_invoice_no: dict[int, int] = defaultdict(int)

    # -- plugs
    def plug(self, name: str, default: str | int | Decimal) -> Decimal:
        if name not in self.plugs:
            self.plugs[name] = d(default)
        return self.plugs[name]

    # -- basic voucher
    def add(
        self,
        when: dt.date,
        series: str,
        payee: str,
        narration: str,
        postings: Iterable[tuple[str, Decimal | str | int]],
        underlag: str | None = None,
        corrects: Txn | None = None,
    ) -> Txn:
        rows = [(acc, d(amount)) for acc, amount in postings if d(amount) != ZERO]
        total = sum((a for _, a in rows), ZERO)
        if total != ZERO:
            raise ValueError(f"{when} {narration}: obalans {total}")
        if not FIRST_DAY <= when <= LAST_DAY:
            raise ValueError(f"{when} {narration}: utanför räkenskapsåren")
        txn = Txn(when, series, payee, narration, rows, underlag, corrects, len(self.txns))
        self.txns.append(txn)
        return txn

    def number(self, supplier: str, start: int) -> str:
        key = f"{supplier}/{start}"
        self.counters[key] = self.counters.get(key, start) + 1
        return str(self.counters[key])

    # -- supplier invoice (F) and its payment (B)
    def invoice(
        self,
        when: dt.date,
        supplier: str,
        text: str,
        lines: Sequence[tuple[str, Decimal | str | int]],
        vat: Decimal | str | int = 0,
        rate: str | None = None,
        terms: int = 30,
        start: int = 100000,
        prefix: str = "",
    ) -> Txn:
        rows = [(acc, d(net)) for acc, net in lines]
        net_total = sum((n for _, n in rows), ZERO)
        when = next_workday(when)
        moms = round_ore(net_total * D(rate)) if rate else d(vat)
        gross = net_total + moms
        no = prefix + self.number(supplier, start)
        postings = [*rows, (MOMS, moms), (LEV, -gross)]
        txn = self.add(when, "F", supplier, text, postings, underlag=f"faktura {no}")
        pay = next_workday(when + dt.timedelta(days=terms))
        if pay <= LAST_DAY:
            self.add(
                pay,
                "B",
                supplier,
                f"Betalning faktura {no}: {text}",
                [(LEV, gross), (BANK, -gross)],
                underlag=f"kontoutdrag {pay.isoformat()}",
            )
        return txn

    # -- customer invoice (K) and the payment received (B)
    def customer_invoice(
        self,
        when: dt.date,
        customer: str,
        text: str,
        lines: Sequence[tuple[str, Decimal | str | int]],
        paid_after: int | None = 30,
    ) -> Txn:
        if not text.startswith("Medlemsavgift"):
            when = next_workday(when)
        rows = [(acc, d(amount)) for acc, amount in lines]
        total = sum((a for _, a in rows), ZERO)
        self.own_invoice_no[when.year] += 1
        no = f"{when.year}-{self.own_invoice_no[when.year]:03d}"
        txn = self.add(
            when,
            "K",
            customer,
            text,
            [(KF, total), *((acc, -a) for acc, a in rows)],
            underlag=f"kundfaktura {no}",
        )
        if paid_after is not None:
            pay = next_workday(when + dt.timedelta(days=paid_after))
            if pay <= LAST_DAY:
                self.add(
                    pay,
                    "B",
                    customer,
                    f"Inbetalning kundfaktura {no}: {text}",
                    [(BANK, total), (KF, -total)],
                    underlag=f"kontoutdrag {pay.isoformat()}",
                )
        return txn

    def bank(
        self, when: dt.date, payee: str, text: str, lines: Sequence[tuple[str, Decimal | str]]
    ) -> Txn:
        """A bank movement that books straight to other accounts (fees, grants, payouts)."""
        rows = [(acc, d(a)) for acc, a in lines]
        total = sum((a for _, a in rows), ZERO)
        return self.add(
            when,
            "B",
            payee,
            text,
            [*rows, (BANK, -total)],
            underlag=f"kontoutdrag {when.isoformat()}",
        )


# ----------------------------------------------------------------------------- targets

# Exact yearly sums (beancount signs: costs positive, income negative) and year-end
# balances that reproduce the published report. 2018's split between the SAMO cost
# accounts is the example's own (the report gives only the total).
COSTS_2018 = {
    INS["vannas"]: "700000.00",
    INS["nordmaling"]: "400000.00",
    INS["vindeln"]: "400000.00",
    INS["robertsfors"]: "400000.00",
    INS["ut"]: "2968460.00",
    INS["samm"]: "1012640.00",
    INS["nafs"]: "912455.35",
    INS["platt"]: "1054300.00",
    SOCRED: "62500.00",
    ANALYS: "48000.00",
    KOMP: "712418.50",
    LOKAL: "118454.60",
    FORTB: "12400.00",
    RESOR: "41118.90",
    REV: "40000.00",
    EKADM: "180000.00",
    OVRADM: "61387.25",
    H_LOKAL: "17850.00",
    H_RESOR: "24612.65",
    H_EKADM: "45000.00",
    H_OVR: "0.00",
}
COSTS_2019 = {
    INS["vannas"]: "699400.00",
    INS["nordmaling"]: "400000.00",
    INS["vindeln"]: "400000.00",
    INS["robertsfors"]: "400000.00",
    INS["bjurholm"]: "274396.00",
    INS["ut"]: "2813036.00",
    INS["samm"]: "1040081.00",
    INS["vux"]: "2432875.00",
    INS["nafs"]: "573677.50",
    INS["platt"]: "852341.40",
    SOCRED: "0.00",
    ANALYS: "34150.00",
    KOMP: "374538.00",
    LOKAL: "129112.40",
    FORTB: "0.00",
    RESOR: "29296.20",
    REV: "37147.00",
    EKADM: "330000.00",
    OVRADM: "54332.10",
    H_INS: "1098883.60",
    H_LOKAL: "47858.40",
    H_RESOR: "77556.30",
    H_EKADM: "90000.00",
    H_OVR: "41.00",
}
GROUPS = {  # sums over several accounts
    (2018, "arvoden"): ({ARV, ARVSOC}, "171240.00"),
    (2018, "personal_samo"): ({LON, LONSOC, PENS}, "1452618.40"),
    (2018, "personal_hfe"): ({H_LON, H_SOC, H_PENS}, "228116.35"),
    (2019, "arvoden"): ({ARV, ARVSOC}, "168178.00"),
    (2019, "personal_samo"): ({LON, LONSOC, PENS}, "1529999.40"),
    (2019, "personal_hfe"): ({H_LON, H_SOC, H_PENS}, "429320.40"),
}
SAMO_COSTS_TOTAL: dict[int, Decimal] = {2018: d("13304361.40")}  # 2019: per account
HFE_COSTS_TOTAL: dict[int, Decimal] = {2018: d("358308.00")}
BANKAVG_TOTAL = {2018: (d("1139.00"), ZERO), 2019: (d("101.20"), d("45.50"))}
MEMBERS = {
    2018: {
        "staten": "5980000",
        "region": "2990000",
        "umea": "2494151",
        "vannas": "158876",
        "nordmaling": "124077",
        "vindeln": "92124",
        "robertsfors": "120772",
    },
    2019: {
        "staten": "5725000",
        "region": "2862000",
        "umea": "2357994",
        "vannas": "146336",
        "nordmaling": "119764",
        "vindeln": "88927",
        "robertsfors": "110818",
        "bjurholm": "39161",
    },
}
OPENING = {  # 2018-01-01, debit positive
    BANK: "10105766.50",
    MOMS: "61240.00",
    SKK: "12046.00",
    VISMA: "7950.00",
    SKANDIA: "5100.00",
    OVRFK: "2498.00",
    SKATT: "-33214.00",
    SOC: "-41537.00",
    SEM: "-175000.00",
    REVS: "-40000.00",
    EK: "-4142333.80",
}
OPENING_LIABILITIES = d("6052266.70")
# 2017's accrued insats costs (skuld till huvudman) per insats.
HUV_2017 = {
    "ut": "1638420.00",
    "vux": "1307560.00",
    "samm": "538900.00",
    "nafs": "468250.00",
    "platt": "561870.00",
    "vannas": "175000.00",
    "nordmaling": "100000.00",
    "vindeln": "100000.00",
    "robertsfors": "100000.00",
}
YEAR_END = {  # balances at 31 December, beancount signs
    2018: {
        KF: "0",
        SKK: "79791",
        MOMS: "120275",
        EU: "387168",
        LBF: "0",
        VISMA: "8668",
        SKANDIA: "8346",
        KFUM: "0",
        OVRFK: "2298.70",
        BANK: "9370246.00",
        LEV: "-891414.60",
        HUV: "-5785887.70",
        REVS: "-40000",
        KPAS: "0",
        LOKB: "0",
    },
    2019: {
        KF: "183817",
        SKK: "613",
        MOMS: "107888",
        EU: "814097",
        LBF: "9307",
        VISMA: "4058",
        SKANDIA: "0",
        KFUM: "4000",
        OVRFK: "1093",
        BANK: "6157998.00",
        LEV: "-210265",
        HUV: "-4739378",
        REVS: "-40000",
        KPAS: "-583",
        LOKB: "-2900",
    },
}
PERSONAL_END = {2018: d("-267100.00"), 2019: d("-297039.00")}
INCOME = {
    2018: {EUI: "-463555.00", HFEOB: "0.00", "ovriga": "-90310.00"},
    2019: {EUI: "-1701423.00", HFEOB: "-37700.00", "ovriga": "-127559.00"},
}
EQUITY_END = {2018: d("2992390.40"), 2019: d("1992706.00")}
RESULT = {2018: d("-1149943.40"), 2019: d("-999684.40")}


# ----------------------------------------------------------------------------- the events


def opening(b: Book) -> None:
    """A1: the opening balance, then the reversal of 2017's accruals."""
    t0 = date(2018, 1, 1)
    huv = {k: d(v) for k, v in HUV_2017.items()}
    fixed_liabilities = -sum(
        (d(v) for acc, v in OPENING.items() if acc in (SKATT, SOC, SEM, REVS)), ZERO
    )
    lev_open = OPENING_LIABILITIES - sum(huv.values(), ZERO) - fixed_liabilities
    postings = [(acc, d(v)) for acc, v in OPENING.items() if acc != EK]
    postings += [(LEV, -lev_open), (HUV, -sum(huv.values(), ZERO)), (EK, d(OPENING[EK]))]
    b.add(
        t0,
        "A",
        SELF,
        "Ingående balans 2018-01-01 (utgående balans 2017)",
        postings,
        underlag="årsredovisning 2017, balansräkning",
    )
    reverse_huv(b, t0, {k: v for k, v in huv.items()}, 2017)
    b.add(
        t0,
        "A",
        "Visma Spcs AB",
        "Återföring förutbetald kostnad ekonomisystem 2018",
        [(LOKAL, OPENING[VISMA]), (VISMA, -d(OPENING[VISMA]))],
        underlag="bokslut 2017, periodiseringar",
    )
    b.add(
        t0,
        "A",
        "Skandia",
        "Återföring förutbetald pensionsförsäkring kvartal 1 2018",
        [(PENS, OPENING[SKANDIA]), (SKANDIA, -d(OPENING[SKANDIA]))],
        underlag="bokslut 2017, periodiseringar",
    )
    b.add(
        t0,
        "A",
        "Diverse leverantörer",
        "Återföring övriga förutbetalda kostnader 2017",
        [(OVRADM, OPENING[OVRFK]), (OVRFK, -d(OPENING[OVRFK]))],
        underlag="bokslut 2017, periodiseringar",
    )
    b.add(
        t0,
        "A",
        "Förbundets revisorer",
        "Återföring upplupet revisionsarvode 2017",
        [(REVS, 40000), (REV, -40000)],
        underlag="bokslut 2017, periodiseringar",
    )
    # The suppliers' invoices that were unpaid at 2017-12-31 (the opening Leverantörsskulder).
    unpaid_2017 = [
        (date(2018, 1, 10), "Vännäs kommun", "Samordningsteam Vännäs kvartal 3 2017", "175000.00"),
        (
            date(2018, 1, 12),
            "Nordmalings kommun",
            "Samordningsteam Nordmaling kvartal 3 2017",
            "100000.00",
        ),
        (
            date(2018, 1, 15),
            "Robertsfors kommun",
            "Samordningsteam Robertsfors kvartal 3 2017",
            "100000.00",
        ),
        (date(2018, 1, 15), UMEA, "Ekonomisk administration kvartal 4 2017", "56250.00"),
        (date(2018, 1, 9), "KPA Pension", "Pensionspremie kvartal 4 2017", "12764.00"),
        (date(2018, 1, 8), "Umeå Folkets Hus", "Konferens KUR-dag 2017-12-07", "18950.50"),
    ]
    rest = lev_open - sum((d(a) for *_, a in unpaid_2017), ZERO)
    unpaid_2017.append(
        (
            date(2018, 1, 19),
            UMEA,
            "Vuxentorget, lokalanpassning och uppstart hösten 2017",
            str(rest),
        )
    )
    for no, (when, payee, text, amount) in enumerate(unpaid_2017, start=1):
        b.add(
            when,
            "B",
            payee,
            f"Betalning leverantörsfaktura från 2017: {text}",
            [(LEV, amount), (BANK, -d(amount))],
            underlag=f"kontoutdrag {when.isoformat()}, ingående leverantörsskuld {no}",
        )


def reverse_huv(b: Book, when: dt.date, huv: dict[str, Decimal], year: int) -> None:
    """January: reverse last year's skuld till huvudman, one voucher per host."""
    for host, keys in HOSTS.items():
        rows = [(INS[k], -huv[k]) for k in keys if k in huv]
        if not rows:
            continue
        total = -sum((a for _, a in rows), ZERO)
        b.add(
            when,
            "A",
            host,
            f"Återföring skuld till huvudman, upparbetade verksamhetskostnader {year}",
            [(HUV, total), *rows],
            underlag=f"bokslut {year}, periodiseringar",
        )


def accrue_huv(b: Book, year: int, huv: dict[str, Decimal]) -> None:
    """31 December: costs incurred by the hosts but not yet invoiced."""
    when = date(year, 12, 31)
    for host, keys in HOSTS.items():
        rows = [(INS[k], huv[k]) for k in keys if k in huv]
        if not rows:
            continue
        total = sum((a for _, a in rows), ZERO)
        b.add(
            when,
            "A",
            host,
            f"Skuld till huvudman, upparbetade ej fakturerade verksamhetskostnader {year}",
            [*rows, (HUV, -total)],
            underlag=f"huvudmännens rapporter, bokslut {year}",
        )


HOSTS = {
    UMEA: ["ut", "vux", "samm", "platt"],
    REGION: ["nafs"],
    "Vännäs kommun": ["vannas"],
    "Nordmalings kommun": ["nordmaling"],
    "Vindelns kommun": ["vindeln"],
    "Robertsfors kommun": ["robertsfors"],
    "Bjurholms kommun": ["bjurholm"],
}
INSATS_TEXT = {
    "ut": "Ungdomstorget",
    "vux": "Vuxentorget",
    "samm": "De sammanhållna insatserna för unga (Våga växa, Hikikomori)",
    "nafs": "NAFS/Primärvården, samverkan närsjukvård",
    "platt": "Plattform förebyggande insatser",
    "vannas": "Samordningsteam Vännäs",
    "nordmaling": "Samordningsteam Nordmaling",
    "vindeln": "Samordningsteam Vindeln",
    "robertsfors": "Samordningsteam Robertsfors",
    "bjurholm": "Samordningsteam Bjurholm",
}
HOST_OF = {k: host for host, keys in HOSTS.items() for k in keys}
HOST_NO = {
    UMEA: 7000000,
    REGION: 9100000,
    "Vännäs kommun": 40000,
    "Nordmalings kommun": 52000,
    "Vindelns kommun": 61000,
    "Robertsfors kommun": 23000,
    "Bjurholms kommun": 1500,
}
# Umeå kommun charges VAT on the services it sells for the sammanhållna insatser.
VAT_RATE = {"samm": "0.25"}


def insats_invoice(
    b: Book, when: dt.date, key: str, text: str, net: Decimal, terms: int = 30
) -> Txn:
    host = HOST_OF[key]
    rate = VAT_RATE.get(key)
    return b.invoice(
        when,
        host,
        f"{INSATS_TEXT[key]}, {text}",
        [(INS[key], net)],
        rate=rate,
        terms=terms,
        start=HOST_NO[host],
    )


def insatser(b: Book, year: int, prev_huv: dict[str, Decimal]) -> dict[str, Decimal]:
    """The hosts' invoices for a year, and the accrual at year end. Returns the accruals."""
    p = b.plug
    costs = COSTS_2018 if year == 2018 else COSTS_2019
    prev = year - 1
    huv: dict[str, Decimal] = {}
    # Last year's second half (or fourth quarter) invoiced in the new year.
    late = {
        2018: {
            "ut": ("02-14", "1641385.00"),
            "vux": ("02-14", "1301212.40"),
            "samm": ("02-20", "538900.00"),
            "platt": ("02-20", "555180.00"),
            "nafs": ("02-28", "471030.00"),
            "vannas": ("01-22", "175000.00"),
            "nordmaling": ("01-25", "100000.00"),
            "vindeln": ("01-30", "98640.00"),
            "robertsfors": ("01-29", "100000.00"),
        },
        2019: {
            "ut": ("02-14", "+2380.00"),
            "vux": ("02-14", "-4120.50"),
            "samm": ("02-20", "0"),
            "platt": ("02-20", "-3200.00"),
            "nafs": ("02-27", "+960.00"),
            "vannas": ("01-21", "-400.00"),
            "nordmaling": ("01-24", "0"),
            "vindeln": ("01-29", "0"),
            "robertsfors": ("01-28", "0"),
        },
    }[year]
    for key, (md, amount) in late.items():
        m, dd = (int(x) for x in md.split("-"))
        net = d(amount) if year == 2018 else prev_huv[key] + d(amount)
        period = (
            "helår"
            if key == "platt"
            else "kvartal 4"
            if key in KOMMUN
            else "juni–december"
            if (key, prev) == ("ut", 2018)
            else "andra halvåret"
        )
        insats_invoice(b, date(year, m, dd), key, f"{period} {prev}", net)

    # Small municipalities' samordningsteam: quarterly, Q3 is the plug, Q4 accrued.
    small = {
        2018: {
            "vannas": ("175000", "175000", "175000"),
            "nordmaling": ("100000", "100000", "100000"),
            "vindeln": ("100000", "100000", "100000"),
            "robertsfors": ("100000", "100000", "100000"),
        },
        2019: {
            "vannas": ("175000", "175000", "174850"),
            "nordmaling": ("100000", "100000", "100000"),
            "vindeln": ("100000", "100000", "100000"),
            "robertsfors": ("100000", "100000", "100000"),
            "bjurholm": ("0", "62400", "98000"),
        },
    }[year]
    for key, (q1, q2, q4) in small.items():
        if d(q1):
            insats_invoice(b, date(year, 4, 16), key, f"kvartal 1 {year}", d(q1))
        insats_invoice(b, date(year, 7, 16), key, f"kvartal 2 {year}", d(q2))
        q3_date = date(2018, 12, 5) if (year, key) == (2018, "vindeln") else date(year, 10, 15)
        insats_invoice(b, q3_date, key, f"kvartal 3 {year}", p(f"{key}_q3_{year}", "100000"))
        huv[key] = d(q4)

    # The platforms: first half invoiced in the autumn, second half accrued.
    if year == 2018:
        insats_invoice(b, date(2018, 8, 24), "ut", "januari–maj 2018", p("ut_h1_2018", "1300000"))
        insats_invoice(
            b, date(2018, 8, 24), "vux", "första halvåret 2018", p("vux_h1_2018", "1200000")
        )
        insats_invoice(
            b,
            date(2018, 11, 12),
            "vux",
            "tilläggsuppdrag jobbkoordinator september–november 2018",
            d("120000.00"),
        )
        insats_invoice(
            b, date(2018, 9, 7), "samm", "första halvåret 2018", p("samm_h1_2018", "450000")
        )
        insats_invoice(
            b, date(2018, 12, 14), "nafs", "första halvåret 2018", p("nafs_h1_2018", "430000")
        )
        huv.update(
            ut=p("ut_acc_2018", "1700000"),
            vux=d("1400000.00"),
            samm=d("560000.00"),
            nafs=p("nafs_acc_2018", "480000"),
            platt=p("platt_acc_2018", "1060000"),
        )
    else:
        insats_invoice(
            b, date(2019, 8, 23), "ut", "första halvåret 2019", p("ut_h1_2019", "1580000")
        )
        insats_invoice(
            b, date(2019, 8, 23), "vux", "första halvåret 2019", p("vux_h1_2019", "1190000")
        )
        insats_invoice(
            b, date(2019, 9, 6), "samm", "första halvåret 2019", p("samm_h1_2019", "500000")
        )
        insats_invoice(
            b, date(2019, 8, 29), "nafs", "första halvåret 2019", p("nafs_h1_2019", "280000")
        )
        huv.update(
            ut=p("ut_acc_2019", "1240000"),
            vux=d("1240000.00"),
            samm=d("540000.00"),
            nafs=d("295000.00"),
            platt=p("platt_acc_2019", "855000"),
        )
    del costs
    return huv


def members(b: Book, year: int) -> None:
    """K: each member's contribution per quarter (15th of the quarter's first month)."""
    lag = {
        "staten": 12,
        "region": 18,
        "umea": 21,
        "vannas": 25,
        "nordmaling": 27,
        "vindeln": 28,
        "robertsfors": 26,
        "bjurholm": 29,
    }
    for q, month in enumerate((1, 4, 7, 10), start=1):
        for member, annual in MEMBERS[year].items():
            amount = d(annual) / 4
            b.customer_invoice(
                date(year, month, 15),
                MEMBER_PAYEE[member],
                f"Medlemsavgift {year} kvartal {q}",
                [(MED[member], amount)],
                paid_after=lag[member],
            )


def other_income(b: Book, year: int) -> None:
    p = b.plug
    if year == 2018:
        b.customer_invoice(
            date(2018, 2, 20),
            "Samordningsförbundet Skellefteå",
            "Deltagaravgifter NAFS-seminarium 2018-02-08, 3 personer",
            [(OVRI, "6300.00")],
        )
        b.customer_invoice(
            date(2018, 2, 20),
            "Samordningsförbundet Södra Lappland",
            "Deltagaravgifter NAFS-seminarium 2018-02-08, 2 personer",
            [(OVRI, "4200.00")],
        )
        b.customer_invoice(
            date(2018, 10, 10),
            "Samordningsförbundet Södra Lappland",
            "Medverkan och workshop, förbundschefens uppdrag 2018-09-27",
            [(OVRI, p("kf_2018", "9810"))],
        )
        b.customer_invoice(
            date(2018, 11, 20),
            UMEA,
            "Bidrag till grundutbildning våld i nära relationer 2018",
            [(OVRI, "40000.00")],
        )
        b.customer_invoice(
            date(2018, 11, 20),
            REGION,
            "Bidrag till grundutbildning våld i nära relationer 2018",
            [(OVRI, "30000.00")],
        )
        return
    # 2019: Umeå kommun's grant for the office at KFUM, invoiced per quarter in advance.
    for when, months in (
        (date(2019, 2, 1), "februari–april 2019"),
        (date(2019, 5, 2), "maj–juli 2019"),
        (date(2019, 8, 1), "augusti–oktober 2019"),
        (date(2019, 11, 1), "november 2019–januari 2020"),
    ):
        b.customer_invoice(
            when,
            UMEA,
            f"Bidrag för lokal (kansliet KFUM) {months}",
            [(OVRI, "8700.00")],
            paid_after=24,
        )
    # The Norrlandsnätverket conference hosted in November: participant fees.
    fees = [
        ("Samordningsförbundet Skellefteå", "4 deltagare", "9800.00"),
        ("Samordningsförbundet Södra Lappland", "3 deltagare", "7350.00"),
        ("Samordningsförbundet Östra Norrbotten", "2 deltagare", "4900.00"),
        ("Samordningsförbundet Luleå", "3 deltagare", "7350.00"),
        ("Samordningsförbundet Sundsvall", "5 deltagare", "12250.00"),
        ("Samordningsförbundet Härnösand", "2 deltagare", "4900.00"),
        ("Samordningsförbundet Jämtlands län", "4 deltagare", "9800.00"),
    ]
    for payee, who, amount in fees:
        b.customer_invoice(
            date(2019, 12, 4),
            payee,
            f"Deltagaravgifter Norrlandsnätverkets konferens 2019-11-21–22, {who}",
            [(OVRI, amount)],
        )
    b.customer_invoice(
        date(2019, 12, 4),
        "Samordningsförbundet Örnsköldsvik",
        "Deltagaravgifter Norrlandsnätverkets konferens 2019-11-21–22, "
        "2 deltagare samt extra middag",
        [(OVRI, p("kf_2019", "6217"))],
    )
    # Cost sharing for the in-depth training on violence in close relationships.
    b.customer_invoice(
        date(2019, 12, 10),
        UMEA,
        "Vidarefakturering: andel av kostnaden för fördjupningsutbildning "
        "våld i nära relationer 2019",
        [(KOMP, "72750.00")],
    )
    b.customer_invoice(
        date(2019, 12, 10),
        REGION,
        "Vidarefakturering: andel av kostnaden för fördjupningsutbildning "
        "våld i nära relationer 2019",
        [(KOMP, "48500.00")],
    )
    # Lönebidrag for the administrator employed from 2019-09-16 (paid monthly in arrears).
    b.bank(
        date(2019, 10, 18),
        AF,
        "Lönebidrag september 2019 (16–30 september)",
        [(LBI, -p("lb_sep_2019", "5171"))],
    )
    b.bank(date(2019, 11, 15), AF, "Lönebidrag oktober 2019", [(LBI, "-9307.00")])
    b.bank(date(2019, 12, 13), AF, "Lönebidrag november 2019", [(LBI, "-9307.00")])
    b.bank(
        date(2019, 5, 23),
        "Länsstyrelsen Västerbotten",
        "Bidrag § 37 a-medel till Hälsofrämjande etablering 2019",
        [(HFEOB, "-37700.00")],
    )


def hfe_eu(b: Book, year: int) -> None:
    """A: the ESF claims per quarter as accrued income; B: SKL pays them later."""
    p = b.plug
    claims = {
        2018: [d("76387.00"), d("118240.00"), d("121508.00"), p("eu_q4_2018", "147420")],
        2019: [
            d("401930.00"),
            p("eu_q2_2019", "485396"),
            d("398640.00"),
            p("eu_q4_2019", "415457"),
        ],
    }[year]
    for q, amount in enumerate(claims, start=1):
        b.add(
            date(year, 3 * q, 30 if q in (2, 3) else 31),
            "A",
            SKL,
            f"Hälsofrämjande etablering (ESF): upplupen intäkt, ansökan om utbetalning "
            f"kvartal {q} {year}",
            [(EU, amount), (EUI, -amount)],
            underlag=f"ansökan om utbetalning {year}-Q{q}",
        )
    paid = {
        2018: [(date(2018, 9, 14), 2018, 1)],
        2019: [
            (date(2019, 2, 20), 2018, 2),
            (date(2019, 4, 17), 2018, 3),
            (date(2019, 6, 19), 2018, 4),
            (date(2019, 9, 18), 2019, 1),
            (date(2019, 11, 20), 2019, 2),
        ],
    }[year]
    for when, y, q in paid:
        amount = next(
            t.amount(EU)
            for t in b.txns
            if t.series == "A"
            and t.date.year == y
            and f"kvartal {q} {y}" in t.narration
            and t.amount(EU) > 0
        )
        b.bank(
            when,
            SKL,
            f"Utbetalning ESF-medel Hälsofrämjande etablering, kvartal {q} {y}",
            [(EU, -amount)],
        )


# Salaries: (SAMO gross, HFE gross) per month, whole kronor.
SALARIES = {
    2018: [
        (83600, 0),
        (83600, 0),
        (83600, 0),
        (85850, 18500),
        (92600, 18500),
        (85850, 18500),
        (89650, 19300),
        (85850, 18500),
        (85850, 18500),
        (85850, 18500),
        (85850, 18500),
        (85850, 18500),
    ],
    2019: [
        (85300, 25350),
        (85300, 25350),
        (85300, 25350),
        (87630, 26050),
        (94620, 28150),
        (87630, 26050),
        (91530, 27150),
        (87630, 26050),
        (94930, 26050),
        (102230, 26050),
        (102230, 26050),
        (102230, 26050),
    ],
}
SOC_RATE = D("0.3142")
TAX_RATE = D("0.305")
BOARD_TAX = D("0.30")
# Board fees per month (paid the month after the meeting): fixed chair fees + meeting fees.
BOARD = {
    2018: [
        "12950",
        "4800",
        "12850",
        "12700",
        "13100",
        "12600",
        "13250",
        "4800",
        "4800",
        "12900",
        "13050",
        None,
    ],
    2019: [
        "4800",
        "13600",
        "13500",
        "4800",
        "13700",
        "13400",
        "13650",
        "4800",
        "4800",
        "13550",
        "13700",
        None,
    ],
}


def payroll(b: Book, year: int) -> None:
    """L: monthly salaries (SAMO and HFE) and board fees, paid on the 25th."""
    for m in range(1, 13):
        pay = prev_workday(date(year, m, 25))
        samo, hfe = (d(x) for x in SALARIES[year][m - 1])
        soc_samo, soc_hfe = round_kr(samo * SOC_RATE), round_kr(hfe * SOC_RATE)
        tax = round_kr((samo + hfe) * TAX_RATE)
        b.add(
            pay,
            "L",
            "Kansliets personal",
            f"Löner {MONTHS[m - 1]} {year}",
            [
                (LON, samo),
                (LONSOC, soc_samo),
                (H_LON, hfe),
                (H_SOC, soc_hfe),
                (SKATT, -tax),
                (SOC, -(soc_samo + soc_hfe)),
                (BANK, -(samo + hfe - tax)),
            ],
            underlag=f"lönelista {year}-{m:02d} (Umeå kommun, lönecentrum)",
        )
    # Board fees, December's amount makes the year's total come out right.
    target = d(GROUPS[(year, "arvoden")][1])
    paid = ZERO
    for m in range(1, 13):
        pay = prev_workday(date(year, m, 25))
        spec = BOARD[year][m - 1]
        if spec is not None:
            fee = d(spec)
            soc = round_kr(fee * SOC_RATE)
        else:
            rest = target - paid
            fee = round_kr(rest / (1 + SOC_RATE))
            soc = rest - fee  # within a krona of 31.42 %
        paid += fee + soc
        tax = round_kr(fee * BOARD_TAX)
        text = (
            "fast arvode ordförande och vice ordförande"
            if fee == d("4800")
            else "fast arvode och sammanträdesarvoden"
        )
        b.add(
            pay,
            "L",
            "Styrelsens ledamöter",
            f"Arvoden styrelsen {MONTHS[m - 1]} {year}, {text}",
            [
                (ARV, fee),
                (ARVSOC, soc),
                (SKATT, -tax),
                (SOC, -soc),
                (BANK, -(fee - tax)),
            ],
            underlag=f"arvodeslista {year}-{m:02d} (Umeå kommun, lönecentrum)",
        )


def tax_account(b: Book) -> None:
    """Employer declarations and payments (12th, 17th in Jan and Aug) for each month."""
    months: list[tuple[int, int, Decimal, Decimal]] = [
        (2017, 12, -d(OPENING[SKATT]), -d(OPENING[SOC]))
    ]
    for year in (2018, 2019):
        for m in range(1, 13):
            tax = soc = ZERO
            for t in b.txns:
                if t.series == "L" and t.date.year == year and t.date.month == m:
                    tax -= t.amount(SKATT)
                    soc -= t.amount(SOC)
            months.append((year, m, tax, soc))
    for year, m, tax, soc in months:
        ny, nm = (year + 1, 1) if m == 12 else (year, m + 1)
        if ny > 2019:
            continue
        due = next_workday(date(ny, nm, 17 if nm in (1, 8) else 12))
        label = f"{MONTHS[m - 1]} {year}"
        b.add(
            due,
            "A",
            SKV,
            f"Arbetsgivardeklaration {label}: avdragen skatt och arbetsgivaravgifter",
            [(SKATT, tax), (SOC, soc), (SKK, -(tax + soc))],
            underlag=f"arbetsgivardeklaration {label}",
        )
        b.bank(
            due,
            SKV,
            f"Inbetalning till skattekontot, arbetsgivardeklaration {label}",
            [(SKK, tax + soc)],
        )


def vat(b: Book) -> None:
    """Quarterly VAT return (momsdeklaration): Momsfordran to the tax account, in whole
    kronor (the öre go to Övrig administration), then a payout from the tax account."""
    p = b.plug
    by_quarter: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    by_quarter[(2017, 4)] = d(OPENING[MOMS])
    for t in b.txns:
        if t.series == "F":
            by_quarter[(t.date.year, quarter_of(t.date))] += t.amount(MOMS)
    due_of = {1: (0, 5, 12), 2: (0, 8, 17), 3: (0, 11, 12), 4: (1, 2, 12)}
    for (year, q), amount in sorted(by_quarter.items()):
        dy, dm, dd = due_of[q]
        due = next_workday(date(year + dy, dm, dd))
        if due > LAST_DAY:
            continue
        whole = amount.quantize(D("1"), rounding=ROUND_FLOOR).quantize(ORE)
        b.add(
            due,
            "A",
            SKV,
            f"Momsdeklaration kvartal {q} {year}: ingående moms",
            [(SKK, whole), (OVRADM, amount - whole), (MOMS, -amount)],
            underlag=f"momsdeklaration {year}-Q{q}",
        )
        payout_day = next_workday(due + dt.timedelta(days=8))
        text = f"Utbetalning från skattekontot (moms kvartal {q} {year})"
        if (year, q) == (2018, 3):
            # Part of Q3's VAT is left on the tax account over the year end.
            payout = p("skk_payout_2018", "40000")
            text = f"Begärd utbetalning från skattekontot (del av momsen kvartal {q} {year})"
        elif (year, q) == (2019, 3):
            payout = p("skk_payout_2019", "120000")
            text = f"Begärd utbetalning från skattekontot (moms kvartal {q} {year})"
        elif (year, q) == (2017, 4):
            payout = whole + d(OPENING[SKK])
            text += " och tidigare överskott"
        elif (year, q) == (2018, 4):
            payout = whole + d(YEAR_END[2018][SKK])
            text += " och överskott från 2018"
        else:
            payout = whole
        b.bank(payout_day, SKV, text, [(SKK, -payout)])


def bank_fees(b: Book, year: int) -> None:
    samo_total, hfe_total = BANKAVG_TOTAL[year]
    if year == 2018:
        fees = [
            "96.50",
            "92.00",
            "97.50",
            "93.00",
            "95.50",
            "94.00",
            "92.50",
            "91.00",
            "96.00",
            "97.50",
            "95.00",
        ]
        text = "Kontoavgift och avgifter för betalningar"
    else:
        fees = ["8.40"] * 11
        text = "Avgift bankgiro (koncernkontoavtal via Umeå kommun)"
    fees.append(str(samo_total - sum((d(f) for f in fees), ZERO)))
    for m, fee in enumerate(fees, start=1):
        b.bank(last_workday(year, m), BANKEN, f"{text}, {MONTHS[m - 1]} {year}", [(BANKAVG, fee)])
    if year == 2019:
        half = hfe_total / 2
        for when in (date(2019, 5, 29), date(2019, 10, 30)):
            b.bank(
                when,
                BANKEN,
                "Avgift utlandsbetalning, Hälsofrämjande etablering (nationell projektträff)",
                [(H_BANKAVG, half)],
            )


def suppliers_2018(b: Book) -> dict[str, Txn]:
    p = b.plug
    inv = b.invoice
    marked: dict[str, Txn] = {}
    # Ekonomisk administration (Umeå kommun), per quarter, SAMO and HFE.
    for m, dd in ((3, 15), (6, 15), (9, 14), (12, 14)):
        q = (m - 1) // 3 + 1
        inv(
            date(2018, m, dd),
            UMEA,
            f"Ekonomisk administration kvartal {q} 2018",
            [(EKADM, "45000.00"), (H_EKADM, "11250.00")],
            rate="0.25",
            start=7100000,
        )
    # Premises, IT, telephone.
    for m in (1, 4, 7, 10):
        q = (m - 1) // 3 + 1
        inv(
            date(2018, m, 10),
            UMEA,
            f"Lokalhyra kansliet, Skolgatan, kvartal {q} 2018",
            [(LOKAL, "18750.00")],
            start=7200000,
        )
    for m, dd, net in ((3, 23, "5200.00"), (6, 22, "5350.00"), (9, 21, "5180.00")):
        inv(
            date(2018, m, dd),
            UMEA,
            f"IT-tjänster och licenser, kvartal {(m - 1) // 3 + 1} 2018",
            [(LOKAL, net)],
            rate="0.25",
            start=7300000,
        )
    inv(
        date(2018, 12, 12),
        UMEA,
        "IT-tjänster och licenser, kvartal 4 2018",
        [(LOKAL, p("lokal_2018", "8200"))],
        rate="0.25",
        start=7300000,
    )
    for m, dd, net in ((2, 5, "2390.00"), (5, 7, "2415.00"), (8, 6, "2402.40"), (11, 5, "2436.80")):
        acct = RESOR if m == 5 else LOKAL  # the May invoice is booked on the wrong account
        t = inv(
            date(2018, m, dd),
            "Telia Sverige AB",
            "Mobiltelefoni och bredband kansliet, " + MONTHS[m - 1] + " 2018",
            [(acct, net)],
            rate="0.25",
            start=4420000,
            prefix="T",
        )
        if m == 5:
            marked["telia"] = t
    inv(
        date(2018, 11, 15),
        "Visma Spcs AB",
        "Licens ekonomisystem december 2018–november 2019",
        [(LOKAL, "9456.00")],
        rate="0.25",
        start=881000,
    )
    # Pension: Skandia (förbundschef, quarterly in advance) and KPA (quarterly).
    for m in (3, 6, 9, 12):
        inv(
            date(2018, m, 20),
            "Skandia",
            f"Pensionsförsäkring förbundschef, kvartal {(m // 3) % 4 + 1} "
            f"{2018 if m < 12 else 2019}",
            [(PENS, "8346.00")],
            start=5500000,
            terms=20,
        )
    for m, samo, hfe in (
        (3, "12300.00", "0"),
        (6, "12650.00", "2050.00"),
        (9, "12800.00", "2450.00"),
    ):
        inv(
            date(2018, m, 20),
            "KPA Pension",
            f"Pensionspremier kvartal {m // 3} 2018",
            [(PENS, samo), (H_PENS, hfe)],
            start=3300000,
            terms=25,
        )
    inv(
        date(2018, 12, 10),
        "KPA Pension",
        "Pensionspremier kvartal 4 2018 inkl. avstämning",
        [(PENS, p("kpa_samo_2018", "13200")), (H_PENS, p("kpa_hfe_2018", "2600"))],
        start=3300000,
        terms=30,
    )
    # Auditors: last year's audit.
    inv(
        date(2018, 4, 12),
        "KPMG AB",
        "Revision 2017, förtroendevald revisor (FK/AF)",
        [(REV, "18400.00")],
        rate="0.25",
        start=9900000,
    )
    inv(
        date(2018, 5, 16),
        REGION,
        "Revision 2017, sakkunnigt biträde",
        [(REV, p("rev_2018", "21600"))],
        start=9200000,
    )
    # Travel.
    for when, net in (
        (date(2018, 2, 28), "4820.00"),
        (date(2018, 4, 30), "6140.00"),
        (date(2018, 6, 29), "3980.00"),
        (date(2018, 9, 28), "7260.00"),
        (date(2018, 10, 31), "5440.00"),
    ):
        inv(
            when,
            "BCD Travel",
            f"Resor kansliet {MONTHS[when.month - 1]} 2018",
            [(RESOR, net)],
            rate="0.06",
            start=220000,
        )
    inv(
        date(2018, 11, 30),
        "BCD Travel",
        "Resor kansliet november 2018",
        [(RESOR, p("resor_2018", "6800"))],
        rate="0.06",
        start=220000,
    )
    inv(
        date(2018, 3, 23),
        "Scandic Hotels AB",
        "Logi nätverksträff samordningsförbund, Stockholm",
        [(RESOR, "2680.00")],
        rate="0.12",
        start=660000,
    )
    inv(
        date(2018, 10, 12),
        "Scandic Hotels AB",
        "Logi FINSAM-konferensen, Göteborg",
        [(RESOR, "3150.00")],
        rate="0.12",
        start=660000,
    )
    inv(
        date(2018, 5, 15),
        "Umeå Taxi AB",
        "Taxiresor april 2018",
        [(RESOR, "860.00")],
        rate="0.06",
        start=12000,
    )
    for when, net in (
        (date(2018, 5, 31), "5200.00"),
        (date(2018, 8, 31), "6400.00"),
        (date(2018, 10, 31), "6900.00"),
    ):
        inv(
            when,
            "BCD Travel",
            f"Resor Hälsofrämjande etablering {MONTHS[when.month - 1]} 2018",
            [(H_RESOR, net)],
            rate="0.06",
            start=220000,
        )
    inv(
        date(2018, 12, 14),
        "BCD Travel",
        "Resor Hälsofrämjande etablering december 2018",
        [(H_RESOR, p("hfe_resor_2018", "6100"))],
        rate="0.06",
        start=220000,
    )
    # Other administration.
    inv(
        date(2018, 1, 25),
        "Kommunassurans Syd Försäkrings AB",
        "Försäkring 2018",
        [(OVRADM, "4350.00")],
        start=18000,
    )
    inv(
        date(2018, 2, 15),
        "Nationella nätverket för samordningsförbund",
        "Medlemsavgift 2018",
        [(OVRADM, "12000.00")],
        start=2018000,
    )
    inv(
        date(2018, 3, 8),
        "Lyreco Sverige AB",
        "Kontorsmaterial",
        [(OVRADM, "2860.00")],
        rate="0.25",
        start=7700000,
    )
    inv(
        date(2018, 4, 20),
        "Webbyrån Umeå AB",
        "Hemsida: drift och uppdatering 2018",
        [(OVRADM, "14500.00")],
        rate="0.25",
        start=1100,
    )
    inv(
        date(2018, 5, 28),
        UMEA,
        "Tryck av verksamhetsberättelse 2017 (Tryckeriet)",
        [(OVRADM, "9800.00")],
        rate="0.25",
        start=7400000,
    )
    inv(
        date(2018, 6, 5),
        "PostNord Sverige AB",
        "Porto maj 2018",
        [(OVRADM, "1240.00")],
        start=600000,
    )
    inv(
        date(2018, 9, 12),
        "Lyreco Sverige AB",
        "Kontorsmaterial",
        [(OVRADM, "3145.60")],
        rate="0.25",
        start=7700000,
    )
    inv(
        date(2018, 10, 3),
        "Västerbottens-Kuriren",
        "Annons: informationsträff om samordningsförbundet",
        [(OVRADM, "6400.00")],
        rate="0.25",
        start=330000,
    )
    inv(
        date(2018, 11, 7),
        "Filmbolaget Norr AB",
        "Informationsfilm om samverkansplattformarna",
        [(OVRADM, "5600.00")],
        rate="0.25",
        start=200,
    )
    inv(
        date(2018, 12, 11),
        "Lyreco Sverige AB",
        "Kontorsmaterial och kalendrar 2019",
        [(OVRADM, p("ovr_2018", "1300"))],
        rate="0.25",
        start=7700000,
    )
    # Verksamhetsnära: social accounting, analysis, competence development.
    inv(
        date(2018, 6, 15),
        "Socialekonomi Norr AB",
        "Social redovisning 2017, delbokslut plattformarna",
        [(SOCRED, "25000.00")],
        rate="0.25",
        start=300,
    )
    inv(
        date(2018, 11, 22),
        "Socialekonomi Norr AB",
        "Social redovisning 2017, slutrapport",
        [(SOCRED, p("socred_2018", "37500"))],
        rate="0.25",
        start=300,
    )
    inv(
        date(2018, 5, 24),
        "Analysbyrån Norr AB",
        "Analysgruppen: nulägesbeskrivning, del 1",
        [(ANALYS, "20000.00")],
        rate="0.25",
        start=1000,
    )
    inv(
        date(2018, 12, 6),
        "Analysbyrån Norr AB",
        "Analysgruppen: nulägesbeskrivning, del 2",
        [(ANALYS, p("analys_2018", "28000"))],
        rate="0.25",
        start=1000,
        terms=20,
    )
    inv(
        date(2018, 10, 4),
        "Kommunförbundet Västerbotten",
        "Kurs: kommunal redovisning och LKBR för förbundschef",
        [(FORTB, "12400.00")],
        rate="0.25",
        start=5000,
    )
    komp = [
        (
            date(2018, 2, 9),
            "Umeå Folkets Hus",
            "NAFS-seminarium 2018-02-08: lokal och förtäring",
            "38400.00",
            "6480.00",
        ),
        (
            date(2018, 2, 12),
            "Föreläsarbyrån i Umeå AB",
            "NAFS-seminarium 2018-02-08: föreläsare",
            "22000.00",
            "5500.00",
        ),
        (
            date(2018, 3, 22),
            "Umeå universitet",
            "Introduktionsutbildning för nya medarbetare i samverkan",
            "18000.00",
            "0",
        ),
        (
            date(2018, 4, 20),
            "Väven Umeå",
            "KUR-dag våren 2018: lokal och förtäring",
            "46500.00",
            "8370.00",
        ),
        (
            date(2018, 4, 23),
            "Föreläsarbyrån i Umeå AB",
            "KUR-dag våren 2018: föreläsare",
            "28000.00",
            "7000.00",
        ),
        (
            date(2018, 6, 5),
            "Scandic Hotels AB",
            "Ledardag 2018-05-31: konferenspaket",
            "31250.00",
            "4437.50",
        ),
        (
            date(2018, 9, 28),
            "Föreläsarbyrån i Umeå AB",
            "KUR-dag hösten 2018: föreläsare",
            "30000.00",
            "7500.00",
        ),
        (
            date(2018, 10, 18),
            "Nationellt centrum för kvinnofrid",
            "Grundutbildning våld i nära relationer, del 1 (150 medarbetare)",
            "85000.00",
            "0",
        ),
        (
            date(2018, 10, 25),
            "Rex Bar och Grill AB",
            "Grundutbildning våld i nära relationer: förtäring",
            "42000.00",
            "5040.00",
        ),
        (
            date(2018, 11, 29),
            "Föreläsarbyrån i Umeå AB",
            "Grundutbildning våld i nära relationer, del 3: föreläsare",
            "64000.00",
            "16000.00",
        ),
        (
            date(2018, 12, 17),
            "Föreläsarbyrån i Umeå AB",
            "Grundutbildning våld i nära relationer, del 2 och 4: föreläsare och material",
            "150000.00",
            "37500.00",
        ),
    ]
    for when, payee, text, net, moms in komp:
        inv(
            when,
            payee,
            text,
            [(KOMP, net)],
            vat=moms,
            start=44000,
            terms=20 if when.month == 11 else 30,
        )
    inv(
        date(2018, 9, 27),
        "Väven Umeå",
        "KUR-dag hösten 2018: lokal och förtäring",
        [(KOMP, p("komp_2018", "60000"))],
        rate="0.18",
        start=44000,
    )
    inv(
        date(2018, 11, 14),
        "Umeå Folkets Hus",
        "Grundutbildning våld i nära relationer: lokaler och konferenspaket (moms 12 % och 25 %)",
        [(KOMP, "96000.00")],
        vat=p("vat_q4_2018", "17000"),
        start=44000,
    )
    # HFE: the project's own purchases.
    inv(
        date(2018, 9, 14),
        UMEA,
        "Hälsofrämjande etablering: hälsokommunikatör april–augusti 2018",
        [(H_INS, "18000.00")],
        start=7500000,
    )
    inv(
        date(2018, 11, 8),
        "Tolkförmedling Västerbotten AB",
        "Hälsofrämjande etablering: tolk vid hälsosamtal",
        [(H_INS, "6800.00")],
        rate="0.25",
        start=90000,
    )
    inv(
        date(2018, 12, 14),
        UMEA,
        "Hälsofrämjande etablering: hälsokommunikatör september–december 2018",
        [(H_INS, p("hfe_ins_2018", "17900"))],
        start=7500000,
    )
    for m in (3, 6, 9, 12):
        inv(
            date(2018, m, 15),
            UMEA,
            f"Hälsofrämjande etablering: lokal, dator och telefon kvartal {m // 3} 2018",
            [(H_LOKAL, "4462.50")],
            start=7600000,
        )
    return marked


def suppliers_2019(b: Book) -> dict[str, Txn]:
    p = b.plug
    inv = b.invoice
    marked: dict[str, Txn] = {}
    for m, dd in ((3, 15), (6, 14), (9, 13), (12, 13)):
        q = (m - 1) // 3 + 1
        inv(
            date(2019, m, dd),
            UMEA,
            f"Ekonomisk administration kvartal {q} 2019",
            [(EKADM, "82500.00"), (H_EKADM, "22500.00")],
            rate="0.25",
            start=7100100,
        )
    inv(
        date(2019, 1, 10),
        UMEA,
        "Lokalhyra kansliet, Skolgatan, januari 2019 (avflyttning)",
        [(LOKAL, "6250.00")],
        start=7200100,
    )
    # KFUM: monthly rent in advance from February 2019; December's invoice is for January.
    for i in range(12):
        month = i + 2
        label = f"{MONTHS[month - 1]} 2019" if month <= 12 else "januari 2020"
        inv(
            date(2019, month - 1, 20),
            "KFUM Umeå",
            f"Hyra kansliet, KFUM-huset, {label}",
            [(LOKAL, "4000.00")],
            terms=10,
            start=190,
        )
    inv(
        date(2019, 2, 4),
        "Umeå Flyttservice AB",
        "Flytt av kansliet till KFUM-huset",
        [(LOKAL, "6800.00")],
        rate="0.25",
        start=5100,
    )
    inv(
        date(2019, 2, 12),
        "Kinnarps AB",
        "Kontorsmöbler till kansliet i KFUM-huset",
        [(LOKAL, "18400.00")],
        rate="0.25",
        start=8800000,
    )
    for m, dd, net in ((3, 22, "6950.00"), (6, 21, "7120.00"), (9, 20, "7080.00")):
        inv(
            date(2019, m, dd),
            UMEA,
            f"IT-tjänster och licenser, kvartal {(m - 1) // 3 + 1} 2019",
            [(LOKAL, net)],
            rate="0.25",
            start=7300100,
        )
    inv(
        date(2019, 12, 12),
        UMEA,
        "IT-tjänster och licenser, kvartal 4 2019, samt en bärbar dator",
        [(LOKAL, p("lokal_2019", "7200"))],
        rate="0.25",
        start=7300100,
    )
    for m, dd, net in ((2, 5, "2436.80"), (5, 6, "2441.60"), (8, 5, "2418.40"), (11, 5, "2452.00")):
        inv(
            date(2019, m, dd),
            "Telia Sverige AB",
            "Mobiltelefoni och bredband kansliet, " + MONTHS[m - 1] + " 2019",
            [(LOKAL, net)],
            rate="0.25",
            start=4420100,
            prefix="T",
        )
    inv(
        date(2019, 11, 15),
        "Visma Spcs AB",
        "Licens ekonomisystem december 2019–november 2020 (nytt avtal)",
        [(LOKAL, "4427.00")],
        rate="0.25",
        start=881100,
    )
    for m, samo, hfe in (
        (3, "13500.00", "3650.00"),
        (6, "13800.00", "3700.00"),
        (9, "13900.00", "3700.00"),
    ):
        inv(
            date(2019, m, 20),
            "KPA Pension",
            f"Pensionspremier och administrationsavgift kvartal {m // 3} 2019",
            [(PENS, samo), (H_PENS, hfe)],
            start=3300100,
            terms=25,
        )
    inv(
        date(2019, 12, 10),
        "KPA Pension",
        "Pensionspremier kvartal 4 2019 inkl. avstämning",
        [(PENS, p("kpa_samo_2019", "14000")), (H_PENS, p("kpa_hfe_2019", "3700"))],
        start=3300100,
        terms=20,
    )
    inv(
        date(2019, 4, 10),
        "KPMG AB",
        "Revision 2018, förtroendevald revisor (FK/AF)",
        [(REV, "16800.00")],
        rate="0.25",
        start=9900100,
    )
    inv(
        date(2019, 5, 15),
        REGION,
        "Revision 2018, sakkunnigt biträde",
        [(REV, p("rev_2019", "20347"))],
        start=9200100,
    )
    for when, net in (
        (date(2019, 2, 28), "3960.00"),
        (date(2019, 5, 31), "5120.00"),
        (date(2019, 9, 30), "4780.00"),
    ):
        inv(
            when,
            "BCD Travel",
            f"Resor kansliet {MONTHS[when.month - 1]} 2019",
            [(RESOR, net)],
            rate="0.06",
            start=220100,
        )
    inv(
        date(2019, 11, 29),
        "BCD Travel",
        "Resor kansliet november 2019",
        [(RESOR, p("resor_2019", "12200"))],
        rate="0.06",
        start=220100,
    )
    inv(
        date(2019, 4, 12),
        "Scandic Hotels AB",
        "Logi nätverksträff samordningsförbund, Stockholm",
        [(RESOR, "2450.00")],
        rate="0.12",
        start=660100,
    )
    inv(
        date(2019, 3, 15),
        "Umeå Taxi AB",
        "Taxiresor februari 2019",
        [(RESOR, "720.00")],
        rate="0.06",
        start=12100,
    )
    # Booked on the kansli's travel by mistake: it was the project leader's trip (HFE).
    marked["sj"] = inv(
        date(2019, 3, 29),
        "SJ AB",
        "Tågresor Umeå–Stockholm t/r, nationell projektträff",
        [(RESOR, "3480.00")],
        rate="0.06",
        start=7100000,
    )
    for when, net in (
        (date(2019, 1, 31), "6800.00"),
        (date(2019, 3, 29), "8900.00"),
        (date(2019, 4, 30), "7400.00"),
        (date(2019, 6, 28), "9600.00"),
        (date(2019, 8, 30), "6200.00"),
        (date(2019, 9, 30), "8700.00"),
        (date(2019, 10, 31), "9900.00"),
    ):
        inv(
            when,
            "BCD Travel",
            f"Resor Hälsofrämjande etablering {MONTHS[when.month - 1]} 2019",
            [(H_RESOR, net)],
            rate="0.06",
            start=220100,
        )
    inv(
        date(2019, 12, 13),
        "BCD Travel",
        "Resor Hälsofrämjande etablering november–december 2019",
        [(H_RESOR, p("hfe_resor_2019", "16500"))],
        rate="0.06",
        start=220100,
    )
    inv(
        date(2019, 1, 24),
        "Kommunassurans Syd Försäkrings AB",
        "Försäkring 2019",
        [(OVRADM, "4450.00")],
        start=18100,
    )
    inv(
        date(2019, 2, 14),
        "Nationella nätverket för samordningsförbund",
        "Medlemsavgift 2019",
        [(OVRADM, "12000.00")],
        start=2019000,
    )
    inv(
        date(2019, 3, 7),
        "Lyreco Sverige AB",
        "Kontorsmaterial",
        [(OVRADM, "2450.00")],
        rate="0.25",
        start=7700100,
    )
    inv(
        date(2019, 4, 16),
        "Webbyrån Umeå AB",
        "Hemsida: drift och uppdatering 2019",
        [(OVRADM, "9800.00")],
        rate="0.25",
        start=1200,
    )
    inv(
        date(2019, 5, 27),
        UMEA,
        "Tryck av årsredovisning och verksamhetsberättelse 2018 (Tryckeriet)",
        [(OVRADM, "8600.00")],
        rate="0.25",
        start=7400100,
    )
    inv(
        date(2019, 6, 4),
        "PostNord Sverige AB",
        "Porto maj 2019",
        [(OVRADM, "980.00")],
        start=600100,
    )
    inv(
        date(2019, 9, 11),
        "Lyreco Sverige AB",
        "Kontorsmaterial",
        [(OVRADM, "1980.00")],
        rate="0.25",
        start=7700100,
    )
    inv(
        date(2019, 10, 2),
        "Västerbottens-Kuriren",
        "Annons: samordningsförbundet söker administratör",
        [(OVRADM, "4800.00")],
        rate="0.25",
        start=330100,
    )
    inv(
        date(2019, 12, 10),
        "Webbyrån Umeå AB",
        "Ny webbplats för samordningsförbundet, slutfaktura",
        [(OVRADM, p("ovr_2019", "8000"))],
        rate="0.25",
        start=1200,
        terms=10,
    )
    inv(
        date(2019, 3, 14),
        "Statistiska centralbyrån",
        "Analysgruppen: beställd statistik om försörjning i medlemskommunerna",
        [(ANALYS, p("analys_2019", "15650"))],
        rate="0.25",
        start=4400000,
    )
    inv(
        date(2019, 6, 20),
        "Umeå universitet",
        "Analysgruppen: analys av livssituationen för personer utanför arbetsmarknaden",
        [(ANALYS, "18500.00")],
        start=90100,
    )
    komp = [
        (
            date(2019, 2, 8),
            "Umeå Folkets Hus",
            "NAFS-seminarium 2019-02-07: lokal och förtäring",
            "36800.00",
            "6120.00",
        ),
        (
            date(2019, 2, 11),
            "Föreläsarbyrån i Umeå AB",
            "NAFS-seminarium 2019-02-07: föreläsare",
            "18000.00",
            "4500.00",
        ),
        (
            date(2019, 4, 12),
            "Väven Umeå",
            "KUR-dag våren 2019: lokal och förtäring",
            "44200.00",
            "7956.00",
        ),
        (
            date(2019, 4, 15),
            "Föreläsarbyrån i Umeå AB",
            "KUR-dag våren 2019: föreläsare",
            "26000.00",
            "6500.00",
        ),
        (
            date(2019, 9, 26),
            "Nationellt centrum för kvinnofrid",
            "Fördjupningsutbildning våld i nära relationer, del 1 (150 medarbetare)",
            "68000.00",
            "0",
        ),
        (
            date(2019, 10, 24),
            "Umeå Folkets Hus",
            "Fördjupningsutbildning våld i nära relationer, del 2: lokal och förtäring",
            "52000.00",
            "9360.00",
        ),
        (
            date(2019, 9, 30),
            "Föreläsarbyrån i Umeå AB",
            "Fördjupningsutbildning våld i nära relationer, del 1: föreläsare",
            "45000.00",
            "11250.00",
        ),
        (
            date(2019, 12, 3),
            "Föreläsarbyrån i Umeå AB",
            "Norrlandsnätverkets konferens 2019-11-21–22: föreläsare",
            "15000.00",
            "3750.00",
        ),
    ]
    for when, payee, text, net, moms in komp:
        inv(
            when,
            payee,
            text,
            [(KOMP, net)],
            vat=moms,
            start=44100,
            terms=20 if when.month == 12 else 30,
        )
    inv(
        date(2019, 9, 27),
        "Väven Umeå",
        "KUR-dagar hösten 2019: lokal och förtäring",
        [(KOMP, p("komp_2019", "50000"))],
        rate="0.18",
        start=44100,
    )
    inv(
        date(2019, 11, 25),
        "Scandic Hotels AB",
        "Norrlandsnätverkets konferens 2019-11-21–22: konferenspaket och logi (moms 12 % och 25 %)",
        [(KOMP, "110000.00")],
        vat=p("vat_q4_2019", "20000"),
        start=44100,
    )
    # HFE purchases.
    for m, dd, net in ((3, 15, "148000.00"), (6, 14, "152500.00"), (9, 13, "155200.00")):
        inv(
            date(2019, m, dd),
            UMEA,
            f"Hälsofrämjande etablering: hälsokommunikatörer kvartal {m // 3} 2019",
            [(H_INS, net)],
            start=7500100,
        )
    inv(
        date(2019, 12, 13),
        UMEA,
        "Hälsofrämjande etablering: hälsokommunikatörer kvartal 4 2019",
        [(H_INS, p("hfe_ins_2019", "150000"))],
        start=7500100,
        terms=14,
    )
    inv(
        date(2019, 5, 16),
        REGION,
        "Hälsofrämjande etablering: hälsoundersökningar januari–april 2019",
        [(H_INS, "86400.00")],
        start=9300100,
    )
    inv(
        date(2019, 11, 14),
        REGION,
        "Hälsofrämjande etablering: hälsoundersökningar maj–oktober 2019",
        [(H_INS, "92300.00")],
        start=9300100,
    )
    inv(
        date(2019, 12, 18),
        REGION,
        "Hälsofrämjande etablering: hälsoundersökningar november–december 2019",
        [(H_INS, p("hfe_lev_2019", "40000"))],
        start=9300100,
    )
    for when, net in (
        (date(2019, 4, 10), "48000.00"),
        (date(2019, 6, 12), "52500.00"),
        (date(2019, 10, 9), "61200.00"),
        (date(2019, 11, 27), "64800.00"),
    ):
        inv(
            when,
            "Friskvårdsbolaget i Umeå AB",
            "Hälsofrämjande etablering: hälsoskola och fysisk aktivitet för deltagare",
            [(H_INS, net)],
            rate="0.25",
            start=3000,
        )
    for when, net in (
        (date(2019, 2, 20), "12400.00"),
        (date(2019, 5, 22), "14800.00"),
        (date(2019, 9, 18), "13600.00"),
        (date(2019, 11, 20), "15900.00"),
    ):
        inv(
            when,
            "Tolkförmedling Västerbotten AB",
            "Hälsofrämjande etablering: tolk vid hälsosamtal",
            [(H_INS, net)],
            rate="0.25",
            start=90100,
        )
    for m, dd in ((3, 15), (6, 14), (9, 13), (12, 13)):
        inv(
            date(2019, m, dd),
            UMEA,
            f"Hälsofrämjande etablering: lokal, dator och telefon kvartal {m // 3} 2019",
            [(H_LOKAL, "11964.60")],
            start=7600100,
        )
    b.bank(
        date(2019, 6, 11),
        "PostNord Sverige AB",
        "Hälsofrämjande etablering: porto, rekommenderat brev (kortköp)",
        [(H_OVR, "41.00")],
    )
    return marked


def year_end(b: Book, year: int, huv: dict[str, Decimal]) -> None:
    p = b.plug
    end = date(year, 12, 31)
    accrue_huv(b, year, huv)
    ye = YEAR_END[year]
    if year == 2018:
        b.add(
            end,
            "A",
            "Visma Spcs AB",
            "Förutbetald kostnad: licens ekonomisystem januari–november 2019 (11/12 av 9 456 kr)",
            [(VISMA, ye[VISMA]), (LOKAL, -d(ye[VISMA]))],
            underlag="faktura Visma, bokslut 2018",
        )
        b.add(
            end,
            "A",
            "Skandia",
            "Förutbetald kostnad: pensionsförsäkring kvartal 1 2019",
            [(SKANDIA, ye[SKANDIA]), (PENS, -d(ye[SKANDIA]))],
            underlag="faktura Skandia, bokslut 2018",
        )
        b.add(
            end,
            "A",
            "Diverse leverantörer",
            "Övriga förutbetalda kostnader: webbhotell, domän och prenumerationer 2019",
            [(OVRFK, ye[OVRFK]), (OVRADM, -d(ye[OVRFK]))],
            underlag="bokslut 2018, periodiseringar",
        )
    else:
        b.add(
            end,
            "A",
            "Visma Spcs AB",
            "Förutbetald kostnad: licens ekonomisystem "
            "januari–november 2020 (11/12 av 4 427 kr, avrundat)",
            [(VISMA, ye[VISMA]), (LOKAL, -d(ye[VISMA]))],
            underlag="faktura Visma, bokslut 2019",
        )
        b.add(
            end,
            "A",
            "KFUM Umeå",
            "Förutbetald kostnad: hyra januari 2020",
            [(KFUM, ye[KFUM]), (LOKAL, -d(ye[KFUM]))],
            underlag="faktura KFUM, bokslut 2019",
        )
        b.add(
            end,
            "A",
            "Diverse leverantörer",
            "Övriga förutbetalda kostnader: webbhotell, domän och prenumerationer 2020",
            [(OVRFK, ye[OVRFK]), (OVRADM, -d(ye[OVRFK]))],
            underlag="bokslut 2019, periodiseringar",
        )
        b.add(
            end,
            "A",
            "KPA Pension",
            "Upplupen kostnad: pensionsadministration kvartal 4 2019",
            [(PENS, -d(ye[KPAS])), (KPAS, ye[KPAS])],
            underlag="bokslut 2019, periodiseringar",
        )
        b.add(
            end,
            "A",
            AF,
            "Upplupen intäkt: lönebidrag december 2019",
            [(LBF, ye[LBF]), (LBI, -d(ye[LBF]))],
            underlag="beslut om lönebidrag, bokslut 2019",
        )
        b.add(
            end,
            "A",
            UMEA,
            "Förutbetald intäkt: bidrag för lokal januari 2020",
            [(OVRI, -d(ye[LOKB])), (LOKB, ye[LOKB])],
            underlag="kundfaktura, bokslut 2019",
        )
    b.add(
        end,
        "A",
        "Förbundets revisorer",
        f"Upplupen kostnad: revisionsarvode {year}",
        [(REV, -d(ye[REVS])), (REVS, ye[REVS])],
        underlag=f"bokslut {year}, periodiseringar",
    )
    change = p(f"sem_{year}", "40000")
    hfe = d({2018: "1200.00", 2019: "2310.00"}[year])
    b.add(
        end,
        "A",
        "Kansliets personal",
        f"Förändring semesterlöneskuld {year} inkl. sociala avgifter",
        [(LON, change - hfe), (H_LON, hfe), (SEM, -change)],
        underlag=f"semesterskuldlista {year}-12-31 (Umeå kommun, lönecentrum)",
    )


def reversals_2019(b: Book, huv_2018: dict[str, Decimal]) -> None:
    t0 = date(2019, 1, 1)
    ye = YEAR_END[2018]
    reverse_huv(b, t0, huv_2018, 2018)
    b.add(
        t0,
        "A",
        "Visma Spcs AB",
        "Återföring förutbetald kostnad ekonomisystem 2019",
        [(LOKAL, ye[VISMA]), (VISMA, -d(ye[VISMA]))],
        underlag="bokslut 2018, periodiseringar",
    )
    b.add(
        t0,
        "A",
        "Skandia",
        "Återföring förutbetald pensionsförsäkring kvartal 1 2019",
        [(PENS, ye[SKANDIA]), (SKANDIA, -d(ye[SKANDIA]))],
        underlag="bokslut 2018, periodiseringar",
    )
    b.add(
        t0,
        "A",
        "Diverse leverantörer",
        "Återföring övriga förutbetalda kostnader 2018",
        [(OVRADM, ye[OVRFK]), (OVRFK, -d(ye[OVRFK]))],
        underlag="bokslut 2018, periodiseringar",
    )
    b.add(
        t0,
        "A",
        "Förbundets revisorer",
        "Återföring upplupet revisionsarvode 2018",
        [(REVS, -d(ye[REVS])), (REV, d(ye[REVS]))],
        underlag="bokslut 2018, periodiseringar",
    )


def build(plugs: dict[str, Decimal]) -> list[Txn]:
    b = Book(plugs)
    opening(b)
    members(b, 2018)
    other_income(b, 2018)
    huv_2018 = insatser(b, 2018, {k: d(v) for k, v in HUV_2017.items()})
    marked = suppliers_2018(b)
    payroll(b, 2018)
    hfe_eu(b, 2018)
    bank_fees(b, 2018)
    telia = marked["telia"]
    b.add(
        date(2018, 6, 12),
        "A",
        "Telia Sverige AB",
        "Rättelse: telefonifaktura bokförd på resor och konferenser, ska vara lokal, dator, "
        "telefon",
        [(LOKAL, telia.amount(RESOR)), (RESOR, -telia.amount(RESOR))],
        underlag=telia.underlag,
        corrects=telia,
    )
    year_end(b, 2018, huv_2018)

    reversals_2019(b, huv_2018)
    members(b, 2019)
    other_income(b, 2019)
    huv_2019 = insatser(b, 2019, huv_2018)
    marked = suppliers_2019(b)
    payroll(b, 2019)
    hfe_eu(b, 2019)
    bank_fees(b, 2019)
    sj = marked["sj"]
    b.add(
        date(2019, 4, 8),
        "A",
        "SJ AB",
        "Rättelse: projektledarens tågresa (Hälsofrämjande etablering) bokförd på kansliets resor",
        [(H_RESOR, sj.amount(RESOR)), (RESOR, -sj.amount(RESOR))],
        underlag=sj.underlag,
        corrects=sj,
    )
    year_end(b, 2019, huv_2019)

    tax_account(b)
    vat(b)
    return b.txns


# ----------------------------------------------------------------------------- sums


def flow(txns: Iterable[Txn], accounts: set[str] | Callable[[str], bool], year: int) -> Decimal:
    pred = accounts if callable(accounts) else accounts.__contains__
    return sum((a for t in txns if t.date.year == year for acc, a in t.postings if pred(acc)), ZERO)


def bal(txns: Iterable[Txn], accounts: set[str], year: int) -> Decimal:
    """Balance at the end of ``year``."""
    return sum(
        (a for t in txns if t.date.year <= year for acc, a in t.postings if acc in accounts),
        ZERO,
    )


def is_samo_cost(acc: str) -> bool:
    return acc in SAMO_COSTS


def is_hfe_cost(acc: str) -> bool:
    return acc in HFE_COSTS


Metric = Callable[[list[Txn]], Decimal]


def plug_targets() -> list[tuple[str, Metric, Decimal]]:
    """(plug, metric, target), in the order the solver adjusts them."""
    out: list[tuple[str, Metric, Decimal]] = []

    def add(name: str, metric: Metric, target: Decimal | str) -> None:
        out.append((name, metric, d(target)))

    def f(accounts: set[str] | Callable[[str], bool], year: int) -> Metric:
        return lambda txns: flow(txns, accounts, year)

    def bl(accounts: set[str], year: int) -> Metric:
        return lambda txns: bal(txns, accounts, year)

    for year, costs in ((2018, COSTS_2018), (2019, COSTS_2019)):
        y = str(year)
        plugs_for = {
            KOMP: "komp_",
            SOCRED: "socred_",
            ANALYS: "analys_",
            LOKAL: "lokal_",
            RESOR: "resor_",
            REV: "rev_",
            OVRADM: "ovr_",
            H_RESOR: "hfe_resor_",
        }
        for acc, prefix in plugs_for.items():
            if (acc, year) == (SOCRED, 2019):
                continue
            add(prefix + y, f({acc}, year), costs[acc])
        add(
            "kpa_samo_" + y,
            f(GROUPS[(year, "personal_samo")][0], year),
            GROUPS[(year, "personal_samo")][1],
        )
        add(
            "kpa_hfe_" + y,
            f(GROUPS[(year, "personal_hfe")][0], year),
            GROUPS[(year, "personal_hfe")][1],
        )
        add("sem_" + y, bl(PERSONAL, year), PERSONAL_END[year])
        add("vat_q4_" + y, bl({MOMS}, year), YEAR_END[year][MOMS])
        add("skk_payout_" + y, bl({SKK}, year), YEAR_END[year][SKK])
        if year == 2018:
            add("hfe_ins_2018", f(is_hfe_cost, 2018), HFE_COSTS_TOTAL[2018])
            add("nafs_h1_2018", bl({LEV}, 2018), YEAR_END[2018][LEV])
            add("nafs_acc_2018", f({INS["nafs"]}, 2018), costs[INS["nafs"]])
            add("platt_acc_2018", f({INS["platt"]}, 2018), costs[INS["platt"]])
            add("samm_h1_2018", f({INS["samm"]}, 2018), costs[INS["samm"]])
            add("ut_acc_2018", bl({HUV}, 2018), YEAR_END[2018][HUV])
            add("ut_h1_2018", f({INS["ut"]}, 2018), costs[INS["ut"]])
            add("vux_h1_2018", f(is_samo_cost, 2018), SAMO_COSTS_TOTAL[2018])
            add("eu_q4_2018", f({EUI}, 2018), INCOME[2018][EUI])
            add("kf_2018", f({OVRI, LBI}, 2018), INCOME[2018]["ovriga"])
            smalls = ["vannas", "nordmaling", "vindeln", "robertsfors"]
        else:
            add("hfe_ins_2019", f({H_INS}, 2019), costs[H_INS])
            add("hfe_lev_2019", bl({LEV}, 2019), YEAR_END[2019][LEV])
            add("platt_acc_2019", f({INS["platt"]}, 2019), costs[INS["platt"]])
            add("samm_h1_2019", f({INS["samm"]}, 2019), costs[INS["samm"]])
            add("nafs_h1_2019", f({INS["nafs"]}, 2019), costs[INS["nafs"]])
            add("vux_h1_2019", f({INS["vux"]}, 2019), costs[INS["vux"]])
            add("ut_acc_2019", bl({HUV}, 2019), YEAR_END[2019][HUV])
            add("ut_h1_2019", f({INS["ut"]}, 2019), costs[INS["ut"]])
            add("eu_q2_2019", bl({EU}, 2019), YEAR_END[2019][EU])
            add("eu_q4_2019", f({EUI}, 2019), INCOME[2019][EUI])
            add("kf_2019", bl({KF}, 2019), YEAR_END[2019][KF])
            add("lb_sep_2019", f({OVRI, LBI}, 2019), INCOME[2019]["ovriga"])
            smalls = ["vannas", "nordmaling", "vindeln", "robertsfors", "bjurholm"]
        for key in smalls:
            add(f"{key}_q3_{y}", f({INS[key]}, year), costs[INS[key]])
    return out


def solve() -> tuple[list[Txn], dict[str, Decimal], dict[str, Decimal]]:
    plugs: dict[str, Decimal] = {}
    txns = build(plugs)
    defaults = dict(plugs)
    targets = plug_targets()
    coef: dict[str, Decimal] = {}
    for _ in range(30):
        changed = False
        for name, metric, target in targets:
            txns = build(plugs)
            residual = target - metric(txns)
            if residual == ZERO:
                continue
            if name not in coef:
                trial = dict(plugs)
                trial[name] += D("100")
                c = (metric(build(trial)) - metric(txns)) / D("100")
                if c == 0:
                    raise SystemExit(f"plug {name} does not move its target")
                coef[name] = c
            plugs[name] = round_ore(plugs[name] + residual / coef[name])
            changed = True
        if not changed:
            break
    else:
        raise SystemExit("the solver did not converge")
    txns = build(plugs)
    for name, metric, target in targets:
        if metric(txns) != target:
            raise SystemExit(f"plug {name}: {metric(txns)} != {target}")
    return txns, plugs, defaults


# ----------------------------------------------------------------------------- checks


def verify(txns: list[Txn]) -> list[str]:
    """Every published target, independently of the plugs; returns the failures."""
    bad: list[str] = []

    def expect(what: str, got: Decimal, want: Decimal | str) -> None:
        if got != d(want):
            bad.append(f"{what}: {got} != {want}")

    for year in (2018, 2019):
        costs = COSTS_2018 if year == 2018 else COSTS_2019
        for acc, want in costs.items():
            expect(f"{year} {acc}", flow(txns, {acc}, year), want)
        for (y, name), (accs, want) in GROUPS.items():
            if y == year:
                expect(f"{year} {name}", flow(txns, accs, year), want)
        for member, amount in MEMBERS[year].items():
            expect(f"{year} {member}", flow(txns, {MED[member]}, year), -d(amount))
        inc = INCOME[year]
        expect(f"{year} EU", flow(txns, {EUI}, year), inc[EUI])
        expect(f"{year} HFE övriga", flow(txns, {HFEOB}, year), inc[HFEOB])
        expect(f"{year} övriga", flow(txns, {OVRI, LBI}, year), inc["ovriga"])
        samo_fee, hfe_fee = BANKAVG_TOTAL[year]
        expect(f"{year} 8590", flow(txns, {BANKAVG}, year), samo_fee)
        expect(f"{year} 8591", flow(txns, {H_BANKAVG}, year), hfe_fee)
        if year in SAMO_COSTS_TOTAL:
            expect(f"{year} SAMO", flow(txns, is_samo_cost, year), SAMO_COSTS_TOTAL[year])
        if year in HFE_COSTS_TOTAL:
            expect(f"{year} HFE", flow(txns, is_hfe_cost, year), HFE_COSTS_TOTAL[year])
        for acc, want in YEAR_END[year].items():
            expect(f"{year}-12-31 {acc}", bal(txns, {acc}, year), want)
        expect(f"{year}-12-31 personal", bal(txns, PERSONAL, year), PERSONAL_END[year])
        result = -flow(txns, lambda a: a.startswith(("Intäkter:", "Kostnader:")), year)
        expect(f"{year} resultat", result, RESULT[year])
        equity = -bal(txns, {EK}, year) - sum(
            (
                flow(txns, lambda a: a.startswith(("Intäkter:", "Kostnader:")), y)
                for y in range(2018, year + 1)
            ),
            ZERO,
        )
        expect(f"{year}-12-31 eget kapital", equity, EQUITY_END[year])
    return bad


def plausibility(txns: list[Txn]) -> list[str]:
    """Things a reader would find odd: negative invoices, negative balances mid-year."""
    bad: list[str] = []
    for t in txns:
        if t.series in "FK" and any(
            a < 0
            for acc, a in t.postings
            if acc not in (LEV, KF) and not acc.startswith("Intäkter:") and acc != KOMP
        ):
            bad.append(f"negative amount in {t.date} {t.narration}")
    running = ZERO
    for t in sorted(txns, key=lambda t: (t.date, t.seq)):
        running += t.amount(BANK)
        if running < 0:
            bad.append(f"bank overdrawn at {t.date}")
    return bad


# ----------------------------------------------------------------------------- output

HEADER = """\
; Rotkontonas svenska namn måste upprepas i varje inkluderad fil (beancount #359).
option "name_assets" "Tillgångar"
option "name_liabilities" "Skulder"
option "name_equity" "Eget-kapital"
option "name_income" "Intäkter"
option "name_expenses" "Kostnader"
"""

INTRO = """
; Samordningsförbundet Umeåregionen: verifikationer {year} (exempelbokföring).
; Skriven av tools/build_example_ledger.py: ändra i generatorn och skriv filen på nytt.
;
; Serier: A allmänna (ingående balans, periodiseringar, bokslut, återföringar, moms- och
; arbetsgivardeklarationer, rättelser), B bank, F leverantörsfakturor, K kundfakturor
; (medlemsavgifterna per medlem och kvartal), L löner och arvoden.
; {count} verifikationer: {per_series}.
"""


def number(txns: list[Txn]) -> list[Txn]:
    ordered = sorted(txns, key=lambda t: (t.date, t.seq))
    counters: dict[tuple[int, str], int] = defaultdict(int)
    for t in ordered:
        counters[(t.date.year, t.series)] += 1
        t.ver = f"{t.series}{counters[(t.date.year, t.series)]}"
    return ordered


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_txn(t: Txn) -> str:
    lines = [
        f"{t.date.isoformat()} * {quote(t.payee)} {quote(t.narration)}",
        f"  ver: {quote(t.ver)}",
    ]
    if t.narration.startswith("Ingående balans"):
        lines.append("  ib: TRUE")  # the balances brought in (docs/ledger.md)
    if t.underlag:
        lines.append(f"  underlag: {quote(t.underlag)}")
    if t.corrects is not None:
        lines.append(f"  korrigerar: {quote(t.corrects.ver)}")
    for acc, amount in t.postings:
        lines.append(f"  {acc:<58} {amount:>14} SEK")
    return "\n".join(lines)


def render_year(txns: list[Txn], year: int) -> str:
    mine = [t for t in txns if t.date.year == year]
    per_series: dict[str, int] = defaultdict(int)
    for t in mine:
        per_series[t.series] += 1
    summary = ", ".join(f"{s} {per_series[s]}" for s in sorted(per_series))
    parts = [HEADER + INTRO.format(year=year, count=len(mine), per_series=summary)]
    month = 0
    for t in mine:
        if t.date.month != month:
            month = t.date.month
            parts.append(f"; ---- {MONTHS[month - 1]} {year}")
        parts.append(render_txn(t) + "\n")
    if year == STATEMENT_MONTH[0]:
        closing = statement_closing(txns)
        parts.append(
            f"; ---- Kontoutdraget för {MONTHS[STATEMENT_MONTH[1] - 1]} {year} "
            f"(bankfiler/{STATEMENT_FILE}), inläst med finsam bank-import: alla rader fanns "
            "redan;\n; bankens utgående saldo"
        )
        parts.append(
            f"{closing[0].isoformat()} balance {BANK:<58} {closing[1]:>14} SEK\n"
        )
        parts.append(
            "; Kontot för oklarade bankposter (bankimporten) öppnas 2019 utan saldo\n"
            f"{year}-01-01 balance {SUSPENSE:<58} {ZERO:>14} SEK\n"
        )
    next_year = date(year + 1, 1, 1)
    parts.append(
        f"; ---- Saldokontroller: utgående balans {year}-12-31 "
        f"(balance kontrollerar saldot vid början av {next_year.isoformat()})"
    )
    asserts = []
    for acc in [*ASSERTED, *([SUSPENSE] if year >= STATEMENT_MONTH[0] else [])]:
        amount = bal(txns, {acc}, year)
        asserts.append(f"{next_year.isoformat()} balance {acc:<58} {amount:>14} SEK")
    parts.append("\n".join(asserts))
    return "\n".join(parts) + "\n"


STATEMENT_MONTH = (2019, 3)
STATEMENT_FILE = "2019-03-camt053.xml"
STATEMENT_IBAN = "SE4580000832790000012345"  # a made-up account number of the example
CAMT = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"


def month_postings(txns: Sequence[Txn]) -> list[tuple[Txn, Decimal]]:
    year, month = STATEMENT_MONTH
    return [
        (t, amount)
        for t in txns
        if (t.date.year, t.date.month) == (year, month)
        for acc, amount in t.postings
        if acc == BANK
    ]


def statement_closing(txns: Sequence[Txn]) -> tuple[dt.date, Decimal]:
    """The day after the month (when beancount checks a balance) and the bank's balance."""
    year, month = STATEMENT_MONTH
    after = date(year + (month == 12), month % 12 + 1, 1)
    balance = sum((a for t in txns if t.date < after for acc, a in t.postings if acc == BANK), ZERO)
    return after, balance


def camt_statement(txns: Sequence[Txn]) -> bytes:
    """The month's bank postings as a camt.053.001.02 statement (ElementTree, escaped)."""
    import xml.etree.ElementTree as ET

    year, month = STATEMENT_MONTH
    first = date(year, month, 1)
    after, closing = statement_closing(txns)
    opening = sum((a for t in txns if t.date < first for acc, a in t.postings if acc == BANK), ZERO)
    ET.register_namespace("", CAMT)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        node = ET.SubElement(parent, f"{{{CAMT}}}{tag}", attrs)
        if text is not None:
            node.text = text
        return node

    def amount(parent: ET.Element, value: Decimal) -> None:
        sub(parent, "Amt", f"{abs(value):.2f}", Ccy="SEK")
        sub(parent, "CdtDbtInd", "CRDT" if value >= 0 else "DBIT")

    def balance(parent: ET.Element, code: str, value: Decimal, day: dt.date) -> None:
        node = sub(parent, "Bal")
        sub(sub(sub(node, "Tp"), "CdOrPrtry"), "Cd", code)
        amount(node, value)
        sub(sub(node, "Dt"), "Dt", day.isoformat())

    root = ET.Element(f"{{{CAMT}}}Document")
    body = sub(root, "BkToCstmrStmt")
    header = sub(body, "GrpHdr")
    sub(header, "MsgId", f"STMT{after:%Y%m%d}")
    sub(header, "CreDtTm", f"{after.isoformat()}T05:30:00")
    stmt = sub(body, "Stmt")
    sub(stmt, "Id", f"{year}{month:02d}")
    sub(stmt, "CreDtTm", f"{after.isoformat()}T05:30:00")
    account = sub(stmt, "Acct")
    sub(sub(account, "Id"), "IBAN", STATEMENT_IBAN)
    sub(account, "Ccy", "SEK")
    balance(stmt, "OPBD", opening, first)
    balance(stmt, "CLBD", closing, after - dt.timedelta(days=1))
    for index, (t, value) in enumerate(month_postings(txns), start=1):
        entry = sub(stmt, "Ntry")
        sub(entry, "NtryRef", str(index))
        amount(entry, value)
        sub(entry, "Sts", "BOOK")
        sub(sub(entry, "BookgDt"), "Dt", t.date.isoformat())
        sub(entry, "AcctSvcrRef", f"{t.date:%Y%m%d}{index:05d}")
        details = sub(sub(entry, "NtryDtls"), "TxDtls")
        party = sub(sub(details, "RltdPties"), "Dbtr" if value > 0 else "Cdtr")
        sub(party, "Nm", t.payee)
        sub(sub(details, "RmtInf"), "Ustrd", t.narration[:140])
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="fail if the committed year files differ from what is generated",
    )
    parser.add_argument("--plugs", action="store_true", help="print the solved plug values")
    args = parser.parse_args(argv)
    txns, plugs, defaults = solve()
    if args.plugs:
        for name, value in plugs.items():
            print(f"{name:<20} {value:>14}  (utgångsvärde {defaults[name]})")
    problems = verify(txns) + plausibility(txns)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    ordered = number(txns)
    stale = []
    for year in (2018, 2019):
        path = LEDGER_DIR / f"{year}.beancount"
        text = render_year(ordered, year)
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(str(path))
        else:
            path.write_text(text, encoding="utf-8")
    statement = LEDGER_DIR / "bankfiler" / STATEMENT_FILE
    content = camt_statement(ordered)
    if args.check:
        if not statement.exists() or statement.read_bytes() != content:
            stale.append(str(statement))
    else:
        statement.parent.mkdir(exist_ok=True)
        statement.write_bytes(content)
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
