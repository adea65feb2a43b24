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
        add_help=False,
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
    parser._optionals.title = "flaggor"
    parser.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
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
        "--bakom-proxy",
        action="store_true",
        dest="behind_proxy",
        help="Fava nås genom en omvänd proxy (t.ex. nginx med TLS): lita på dess "
        "X-Forwarded-For, -Proto och -Host",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from finsam_accounts.fava.server import LOOPBACK, address, make_app, serve
    from finsam_accounts.fava.users import load_users

    ledger = Path(args.ledger)
    if not ledger.is_file():
        print(f"{ledger}:0: filen finns inte", file=sys.stderr)
        return 1
    users = None
    if args.users:
        try:
            users = load_users(Path(args.users))
        except ReportError as error:
            print_errors(error.errors)
            return 1
    host = DEFAULT_HOST if args.host == "localhost" else args.host
    if host not in LOOPBACK and users is None:
        print(
            f"{PROG}: varning: {host} nås från andra datorer och ingen inloggning krävs; "
            "använd --användare och TLS (docs/fava.md)",
            file=sys.stderr,
        )
    app = make_app(ledger, writable=args.skrivbar, users=users, behind_proxy=args.behind_proxy)
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
