"""The users who may open the books in Fava: name, role and a salted password hash.

Fava has no login of its own; ``finsam fava --användare FIL`` puts one in front of it
(:mod:`finsam_accounts.fava.auth`). The file holds one user per line,
``namn:roll:hash``, where the hash is argon2id in its standard encoded form (algorithm,
parameters, random salt and digest in one string), so the file never holds a password and
two users with the same password have different hashes. ``#`` starts a comment.

Roles: ``styrelse`` (the board) and ``revisor`` (the auditors) read; ``ekonom`` (the
economist) may also edit, when Fava runs writable (``--skrivbar``).

argon2id (argon2-cffi) is the password hash the issue asks for; its parameters are the
OWASP minimum (19 MiB, 2 passes), so a browser's many requests per page stay quick while a
stolen file still costs an attacker memory and time per guess.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from finsam_accounts.errors import FinsamError, ReportError, error_in
from finsam_accounts.output import write_atomic
from finsam_accounts.roles import ROLES

WRITERS = frozenset({"ekonom"})
NAME_RE = re.compile(r"^[^\s:#]+$")
MIN_PASSWORD = 10

HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


@dataclass(frozen=True)
class User:
    name: str
    role: str
    password_hash: str

    @property
    def may_write(self) -> bool:
        return self.role in WRITERS


def hash_password(password: str) -> str:
    """A new salted argon2id hash of the password."""
    return HASHER.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    """Whether the password gives the hash (libargon2 compares in constant time)."""
    try:
        return HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# A hash to check a password against when the user is unknown, so that an unknown name
# takes as long to refuse as a wrong password.
DUMMY_HASH = hash_password("finsam: ingen sådan användare")


def parse_users(text: str, filename: str) -> tuple[dict[str, User], list[FinsamError]]:
    """Users by name, and an error per unusable line (``fil:rad: meddelande``)."""
    users: dict[str, User] = {}
    errors: list[FinsamError] = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(":", 2)
        if len(parts) != 3:
            errors.append(error_in(filename, lineno, "raden ska vara namn:roll:hash"))
            continue
        name, role, password_hash = parts
        if not NAME_RE.match(name):
            errors.append(error_in(filename, lineno, f"ogiltigt användarnamn {name!r}"))
        elif role not in ROLES:
            errors.append(
                error_in(filename, lineno, f"okänd roll {role!r} (välj {', '.join(ROLES)})")
            )
        elif not password_hash.startswith("$argon2"):
            errors.append(error_in(filename, lineno, f"{name}: lösenordet är inte en argon2-hash"))
        elif name in users:
            errors.append(error_in(filename, lineno, f"användaren {name} finns redan"))
        else:
            users[name] = User(name, role, password_hash)
    return users, errors


def read_users_file(path: Path) -> str:
    """The text of a users file; raises ReportError (one Swedish line) if it cannot be
    read as text: missing, a folder, binary, not UTF-8."""
    if path.is_dir():
        raise ReportError([error_in(path, 0, "användarfilen är en katalog, inte en fil")])
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ReportError([error_in(path, 0, "användarfilen finns inte")]) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise ReportError([error_in(path, 0, f"användarfilen kan inte läsas: {reason}")]) from None
    if b"\0" in raw:
        line = raw[: raw.index(b"\0")].count(b"\n") + 1
        message = "användarfilen är ingen textfil (binärt innehåll)"
        raise ReportError([error_in(path, line, message)])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ReportError([
            error_in(path, line, "användarfilen är inte UTF-8 (spara den som UTF-8, eller skapa "
                     "den med finsam anvandare lägg-till)")
        ]) from None


def writable_by_others(path: Path) -> bool:
    """Whether anyone but the file's owner (group, others) may write the file."""
    return bool(path.stat().st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def load_users(path: Path) -> dict[str, User]:
    """The users of a file; raises ReportError with every problem.

    A file that others than its owner may write is refused: whoever can write it can give
    themselves the role ekonom.
    """
    text = read_users_file(path)
    if writable_by_others(path):
        raise ReportError([
            error_in(path, 0, f"användarfilen kan ändras av andra än ägaren: kör chmod 600 {path}")
        ])
    users, errors = parse_users(text, str(path))
    if not errors and not users:
        errors.append(error_in(path, 0, "användarfilen har inga användare"))
    if errors:
        raise ReportError(errors)
    return users


def check_name(name: str) -> str | None:
    """Why a user name cannot be used, or None."""
    if not NAME_RE.match(name):
        return f"ogiltigt användarnamn {name!r}: inga mellanslag, kolon eller #"
    return None


def check_password(password: str, name: str = "") -> str | None:
    """Why a password is refused, or None.

    Beyond the length: enough different characters, not mostly runs (``aaaa``, ``abcd``,
    ``4321``, ``qwerty``, a repeated pattern such as ``abcabc``), not a common word with
    a few digits or signs, and not the user's name.
    """
    if len(password) < MIN_PASSWORD:
        return f"lösenordet måste ha minst {MIN_PASSWORD} tecken"
    if len(set(password)) < MIN_DISTINCT:
        return f"lösenordet måste ha minst {MIN_DISTINCT} olika tecken"
    if unpredictable(password) < MIN_UNPREDICTABLE:
        return (
            "lösenordet är för lätt att gissa: det är mest upprepningar eller följder "
            "(som aaa, abc, 123 eller qwerty)"
        )
    letters = "".join(c for c in password.lower() if c.isalpha())
    if letters in COMMON_WORDS or (name and name.lower() in password.lower()):
        return "lösenordet är för lätt att gissa: ett vanligt ord eller användarnamnet"
    return None


# Rows of a Swedish keyboard: a step to the next key counts as a run like abc.
KEYBOARD_ROWS = ("1234567890+", "qwertyuiopå", "asdfghjklöä", "zxcvbnm,.-")
MIN_DISTINCT = 6
MIN_UNPREDICTABLE = 8
COMMON_WORDS = frozenset({
    "lösenord", "losenord", "password", "passord", "qwerty", "sommar", "vinter", "hösten",
    "våren", "admin", "welcome", "välkommen", "hemligt", "finsam", "fava", "styrelse",
    "ekonom", "revisor", "bokforing", "bokföring",
})


def _steps(a: str, b: str) -> set[int]:
    """The steps from a to b: by code point, and along a keyboard row."""
    steps = {ord(b.lower()) - ord(a.lower())}
    for row in KEYBOARD_ROWS:
        i, j = row.find(a.lower()), row.find(b.lower())
        if i >= 0 and j >= 0:
            steps.add(j - i)
    return steps


def unpredictable(password: str) -> int:
    """How many characters do not just continue a run or a repeated pattern.

    A character continues a run if the step from the previous one (-1, 0 or +1, by code
    point or along a keyboard row) is the step before it; it continues a pattern if it is
    the character a period of at most a third of the password before it.
    """
    count = 0
    for i, char in enumerate(password):
        run = i >= 2 and bool(
            _steps(password[i - 1], char) & _steps(password[i - 2], password[i - 1]) & {-1, 0, 1}
        )
        pattern = any(
            password[i - period] == char and password[i - period - 1] == password[i - 1]
            for period in range(2, len(password) // 3 + 1)
            if i > period
        )
        if not (run or pattern):
            count += 1
    return count


def add_user(path: Path, name: str, role: str, password: str) -> bool:
    """Add the user to the file, or replace their line; True if the user was new.

    The file is written atomically (a temporary file beside it, then renamed) and readable
    by its owner only.
    """
    if role not in ROLES:
        raise ValueError(role)
    lines = read_users_file(path).splitlines() if path.exists() else [
        "# Användare för finsam fava --användare: namn:roll:argon2-hash (docs/fava.md)."
    ]
    entry = f"{name}:{role}:{hash_password(password)}"
    kept = [line for line in lines if line.split(":", 1)[0].strip() != name]
    new = len(kept) == len(lines)
    text = "\n".join([*kept, entry]) + "\n"
    write_atomic(path.resolve(), text.encode("utf-8"), 0o600)  # password hashes: private
    return new
