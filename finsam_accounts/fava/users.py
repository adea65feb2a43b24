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

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from finsam_accounts.errors import FinsamError, ReportError, error_in
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


def load_users(path: Path) -> dict[str, User]:
    """The users of a file; raises ReportError with every problem."""
    if not path.is_file():
        raise ReportError([error_in(path, 0, "användarfilen finns inte")])
    users, errors = parse_users(path.read_text(encoding="utf-8"), str(path))
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


def check_password(password: str) -> str | None:
    """Why a password is refused, or None."""
    if len(password) < MIN_PASSWORD:
        return f"lösenordet måste ha minst {MIN_PASSWORD} tecken"
    return None


def add_user(path: Path, name: str, role: str, password: str) -> bool:
    """Add the user to the file, or replace their line; True if the user was new.

    The file is written atomically (a temporary file beside it, then renamed) and readable
    by its owner only.
    """
    if role not in ROLES:
        raise ValueError(role)
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else [
        "# Användare för finsam fava --användare: namn:roll:argon2-hash (docs/fava.md)."
    ]
    entry = f"{name}:{role}:{hash_password(password)}"
    kept = [line for line in lines if line.split(":", 1)[0].strip() != name]
    new = len(kept) == len(lines)
    text = "\n".join([*kept, entry]) + "\n"
    folder = path.resolve().parent
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".anvandare-", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return new
