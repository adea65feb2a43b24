"""``finsam fava``: the books in Fava for the board, read-only unless ``--skrivbar``.

Starts Fava (with the förbund's report pages, enabled in the ledger) on localhost, prints
the address and serves until Ctrl-C. ``--användare FIL`` requires a login for every
request (docs/fava.md).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from finsam_accounts.commands.common import add_ledger_option, print_errors
from finsam_accounts.errors import ReportError

PROG = "finsam fava"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5000


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "fava",
        help="visa bokföringen i Fava (skrivskyddat), med förbundets rapportsidor",
        description=(
            "Startar Fava på bokföringen, med sidorna Årsredovisning, Trappan, "
            "Medlemsavgifter, Budgetuppföljning, Insatser och Delårsrapport, och skriver ut "
            "adressen. Fava är skrivskyddat om inte "
            "--skrivbar anges och nås bara från den här datorn om inte --host anges. "
            "Med --användare krävs inloggning för varje sida; styrelse och revisor kan "
            "bara läsa. En publik adress kräver TLS framför (se docs/fava.md)."
        ),
    )
    add_ledger_option(parser)
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        metavar="VÄRD",
        help=f"adressen att lyssna på (standard: {DEFAULT_HOST}, bara den här datorn)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        metavar="PORT",
        help=f"porten att lyssna på (standard: {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--skrivbar",
        action="store_true",
        help="tillåt ändringar i Fava (ekonomens läge); utan den är Fava skrivskyddat",
    )
    parser.add_argument(
        "--användare",
        "--anvandare",
        dest="users",
        metavar="FIL",
        help="kräv inloggning; användarna och deras roller står i FIL "
        "(skapa den med finsam anvandare lägg-till)",
    )
    parser.add_argument(
        "--värdnamn",
        "--vardnamn",
        dest="host_names",
        action="append",
        default=[],
        metavar="NAMN",
        help="ett namn som webbläsarna når Fava med, t.ex. bokforing.example.se bakom en "
        "proxy (kan anges flera gånger); Fava svarar bara på 127.0.0.1, localhost, "
        "adressen i --host och dessa namn",
    )
    parser.add_argument(
        "--ändringslogg",
        "--andringslogg",
        dest="change_log",
        metavar="FIL",
        help="med --skrivbar: loggen över varje ändring genom Fava (standard: "
        "fava-andringslogg.jsonl bredvid huvudfilen)",
    )
    parser.add_argument(
        "--bakom-proxy",
        action="store_true",
        dest="behind_proxy",
        help="Fava nås genom en omvänd proxy (t.ex. nginx med TLS): lita på dess "
        "X-Forwarded-For, -Proto och -Host",
    )
    parser.set_defaults(func=run, quiet=True)  # serves pages until stopped: no progress lines


def run(args: argparse.Namespace) -> int:
    from finsam_accounts.fava.changelog import default_log, unsafe_log
    from finsam_accounts.fava.guard import allowed_hosts
    from finsam_accounts.fava.server import LOOPBACK, address, make_app, serve
    from finsam_accounts.fava.users import load_users
    from finsam_accounts.ledger import find_ledger

    ledger = find_ledger(args.ledger)
    if not ledger.is_file():
        print(
            f"{PROG}: --ledger: bokföringen {ledger} finns inte (ange --ledger FIL eller "
            "sätt FINSAM_LEDGER)",
            file=sys.stderr,
        )
        return 1
    users = None
    if args.users:
        try:
            users = load_users(Path(args.users))
        except ReportError as error:
            print_errors(error.errors)
            return 1
    host = DEFAULT_HOST if args.host == "localhost" else args.host
    change_log = Path(args.change_log) if args.change_log else default_log(ledger)
    refusal = start_refusal(host, args.skrivbar, users is not None, args) or (
        unsafe_log(change_log) if args.skrivbar else None
    )
    if refusal:
        print(f"{PROG}: {refusal}", file=sys.stderr)
        return 1
    if host not in LOOPBACK and users is None:
        print(
            f"{PROG}: varning: {host} nås från andra datorer och ingen inloggning krävs; "
            "använd --användare och TLS (docs/fava.md)",
            file=sys.stderr,
        )
    app = make_app(
        ledger,
        writable=args.skrivbar,
        users=users,
        behind_proxy=args.behind_proxy,
        hosts=sorted(allowed_hosts(host, args.host_names)),
        change_log=change_log,
    )
    try:
        server = serve(app, host, args.port)
    except OSError as error:
        print(f"{PROG}: kan inte lyssna på {host}:{args.port}: {error.strerror or error}",
              file=sys.stderr)
        return 1
    mode = "skrivbar" if args.skrivbar else "skrivskyddad"
    login = f"inloggning krävs, {len(users)} användare" if users else "ingen inloggning"
    print(f"Fava visar {ledger} på {address(host, server.bind_addr[1])} ({mode}; {login})")
    print("Avsluta med Ctrl-C.", flush=True)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


def start_refusal(host: str, writable: bool, login: bool, args: argparse.Namespace) -> str | None:
    """Why ``finsam fava`` refuses to start with these options (Swedish), or None."""
    from finsam_accounts.fava.guard import ANY_ADDRESS
    from finsam_accounts.fava.server import LOOPBACK

    if host not in LOOPBACK and writable and not login:
        return (
            f"vägrar att starta: --skrivbar på {host}, som nås från andra datorer, utan "
            "inloggning skulle låta vem som helst på nätet ändra bokföringen; ange "
            "--användare FIL (docs/fava.md)"
        )
    if host in ANY_ADDRESS and not args.host_names:
        return (
            f"--host {host} lyssnar på alla adresser: ange --värdnamn NAMN med namnet eller "
            "adressen som webbläsarna använder (Fava svarar bara på kända namn)"
        )
    if args.behind_proxy and not args.host_names:
        return (
            "--bakom-proxy kräver --värdnamn NAMN: namnet i webbläsarens adressfält, "
            "t.ex. bokforing.example.se"
        )
    return None
