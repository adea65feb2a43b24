"""``finsam anvandare lägg-till FIL NAMN --roll ROLL``: a user for ``finsam fava``.

Asks for the password twice without echo (or reads two lines of standard input when it is
not a terminal) and stores only its salted argon2 hash.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

PROG = "finsam anvandare"


def register(sub: argparse._SubParsersAction) -> None:
    from finsam_accounts.roles import ROLES

    parser = sub.add_parser(
        "anvandare",
        help="användarna som får logga in i finsam fava",
        description=(
            "Hanterar användarfilen för finsam fava --användare. Varje användare har en "
            "roll: styrelse och revisor får läsa, ekonom får också ändra (när Fava körs "
            "med --skrivbar). Filen innehåller bara saltade lösenordshashar (argon2)."
        ),
    )
    actions = parser.add_subparsers(title="åtgärder", dest="action", metavar="ÅTGÄRD")
    actions.required = True
    add = actions.add_parser(
        "lägg-till",
        aliases=["lagg-till"],
        help="lägg till en användare (eller byt lösenord och roll)",
        description=(
            "Lägger till användaren i FIL (skapar filen om den saknas) eller byter "
            "lösenord och roll för en befintlig. Lösenordet frågas efter två gånger och "
            "visas inte."
        ),
    )
    add.add_argument("file", metavar="FIL", help="användarfilen, t.ex. anvandare.txt")
    add.add_argument("name", metavar="NAMN", help="användarnamnet (inga mellanslag eller kolon)")
    add.add_argument(
        "--roll", required=True, choices=ROLES, dest="role", help="användarens roll"
    )
    add.set_defaults(func=run_add, quiet=True)  # asks for a password: no progress lines (cli.py)


def ask_password(prompt: str) -> str:
    """A password: from the terminal without echo, or a line of standard input when that
    is not a terminal (a script), without getpass's warning about echo."""
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line:
        raise EOFError
    return line.rstrip("\r\n")


def run_add(args: argparse.Namespace) -> int:
    from finsam_accounts.commands.common import print_errors
    from finsam_accounts.errors import ReportError
    from finsam_accounts.fava.users import add_user, check_name, check_password, read_users_file

    problem = check_name(args.name)
    if problem:
        print(f"{PROG}: {problem}", file=sys.stderr)
        return 1
    path = Path(args.file)
    if path.exists() or path.is_symlink():
        try:
            read_users_file(path)  # before asking: a file that cannot be read is refused now
        except ReportError as error:
            print_errors(error.errors)
            return 1
    try:
        password = ask_password(f"Lösenord för {args.name}: ")
        again = ask_password("Samma lösenord igen: ")
    except (EOFError, KeyboardInterrupt):
        print(f"\n{PROG}: avbrutet, inget ändrades", file=sys.stderr)
        return 1
    if password != again:
        print(f"{PROG}: lösenorden är olika, inget ändrades", file=sys.stderr)
        return 1
    problem = check_password(password, args.name)
    if problem:
        print(f"{PROG}: {problem}, inget ändrades", file=sys.stderr)
        return 1
    try:
        new = add_user(path, args.name, args.role, password)
    except ReportError as error:
        print_errors(error.errors)
        return 1
    except OSError as error:
        print(f"{PROG}: {path}: kan inte skriva användarfilen: {error.strerror or error}",
              file=sys.stderr)
        return 1
    done = "lagts till" if new else "fått nytt lösenord och ny roll"
    print(f"Användaren {args.name} ({args.role}) har {done} i {args.file}.")
    return 0
