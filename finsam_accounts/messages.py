"""Beancount's own (English) error messages that an economist meets most, in Swedish.

:func:`error_message` gives the message of any error (ours or beancount's) on one line;
:func:`finsam_accounts.errors.format_error` adds the ``file:line`` in front.
"""

from __future__ import annotations

import re
from typing import Any

META_VOUCHER = "ver"

# Beancount's own (English) messages that an economist meets most, in Swedish. Every
# variable part is kept; a message not listed here is printed as beancount wrote it.
_BEANCOUNT_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), template)
    for pattern, template in (
        (
            r"Transaction does not balance: \((?P<residual>.*)\)",
            "{what} balanserar inte: differens {residual}",
        ),
        (
            r"Balance failed for '(?P<account>.+)': expected (?P<expected>.+) != accumulated "
            r"(?P<actual>.+) \((?P<diff>.+) too (?P<dir>much|little)\)",
            "saldokontrollen för {account} stämmer inte: väntat {expected}, bokfört {actual} "
            "({diff} för {dir})",
        ),
        (
            r"Invalid reference to unknown account '(?P<account>.+)'",
            "konto {account} finns inte i kontoplanen (inget open-direktiv)",
        ),
        (
            r"Invalid reference to inactive account '(?P<account>.+)'",
            "konto {account} är inte öppet detta datum (se open/close)",
        ),
        (r"Duplicate open directive for (?P<account>.+)", "konto {account} öppnas mer än en gång"),
        (r"Duplicate close directive for (?P<account>.+)", "konto {account} stängs mer än en gång"),
        (
            r"Unopened account (?P<account>.+) is being closed",
            "konto {account} stängs men har aldrig öppnats",
        ),
        (
            r"Invalid currency (?P<currency>.+) for account '(?P<account>.+)'",
            "valutan {currency} är inte tillåten på konto {account}",
        ),
        (
            r"syntax error, unexpected (?P<token>.+?)(?:, expecting (?P<expected>.+))?",
            "syntaxfel: oväntat {token}{expected}",
        ),
        (r"syntax error, (?P<detail>.+)", "syntaxfel: {detail}"),
        (
            r"(?:ValueError: )?day is out of range for month",
            "ogiltigt datum: dagen finns inte i månaden",
        ),
        (r"(?:ValueError: )?month must be in 1\.\.12", "ogiltigt datum: månaden ska vara 1–12"),
        (r"(?:ValueError: )?year (?P<year>.+) is out of range", "ogiltigt datum: året {year}"),
        (
            r"TypeError: unsupported operand type\(s\) for \+: 'int' and 'str'.*",
            "ogiltigt belopp: beräkningen går inte att utföra (division med noll?)",
        ),
        (
            r"Invalid currency '(?P<currency>.+)' for Balance directive:.*",
            "valutan {currency} är inte tillåten i saldokontrollen",
        ),
        (
            r"Failed to categorize posting (?P<number>\d+)",
            "konteringsrad {number} i {what} saknar valuta (skriv t.ex. 100.00 SEK)",
        ),
        (
            r"Too many missing numbers for currency group '(?P<currency>.+)'",
            "{what} har för många rader utan belopp i {currency}",
        ),
        (r"Invalid option: '(?P<option>.+)'", "okänt option \"{option}\""),
        (
            r"Error for option '(?P<option>.+?)': Invalid root account name: (?P<name>.+)",
            'option "{option}": ogiltigt namn på rotkonto {name}',
        ),
        (
            r"Error for option '(?P<option>.+?)': (?P<detail>.+)",
            'fel i option "{option}": {detail}',
        ),
        (
            r"Invalid account name: (?P<account>.+)",
            "ogiltigt kontonamn {account} (börjar det med ett av de fem rotkontona, "
            "med option name_... överst i filen?)",
        ),
        (
            r"Duplicate filename parsed: \"(?P<file>.+)\"",
            "filen {file} läses in mer än en gång (include)",
        ),
        (r"File \"(?P<file>.+)\" does not exist", "filen {file} finns inte"),
        (r"Invalid token: (?P<token>.+)", "syntaxfel: ogiltig text {token}"),
        (
            r"(?:ValueError: )?Invalid number format: (?P<number>.+)",
            "syntaxfel: ogiltigt belopp {number} (använd punkt som decimaltecken)",
        ),
        (r"ValueError: (?P<detail>.+)", "syntaxfel: {detail}"),
        (
            r"File glob \"(?P<file>.+)\" does not match any files",
            "filen {file} (include) finns inte",
        ),
        (
            r"Too many strings on transaction description: (?P<strings>.+)",
            "för många texter på verifikationens första rad: {strings} (högst motpart och text)",
        ),
        (r"Unused Pad entry", "pad-direktivet används inte (ingen saldokontroll efter det)"),
        (
            r"Duplicate metadata field on entry: KeyValue\(key='(?P<key>.+?)', "
            r"value=(?P<value>.*)\)",
            "metadata {key} står två gånger på verifikationen (den andra: {value}); "
            "behåll en",
        ),
        (
            r"Duplicate posting metadata field: KeyValue\(key='(?P<key>.+?)', "
            r"value=(?P<value>.*)\)",
            "metadata {key} står två gånger på en konteringsrad (den andra: {value}); "
            "behåll en",
        ),
        (
            r"You may not have more than one auto-posting per currency",
            "{what} har mer än en rad utan belopp i samma valuta",
        ),
        (
            r"Error importing \"(?P<plugin>.+)\": ModuleNotFoundError: "
            r"No module named '(?P<module>.+)'",
            "kan inte läsa in plugin {plugin}: modulen {module} finns inte",
        ),
        (
            r"Error importing \"(?P<plugin>.+)\": (?P<detail>.*)",
            "kan inte läsa in plugin {plugin}: {detail}",
        ),
        (
            r"Error applying plugin \"(?P<plugin>.+)\": (?P<detail>.*)",
            "fel i plugin {plugin}: {detail}",
        ),
    )
)
_DIRECTIONS = {"much": "mycket", "little": "lite"}
# The token names of beancount's grammar in syntax errors, as an economist calls them.
_TOKENS = {
    "NUMBER": "belopp",
    "ACCOUNT": "konto",
    "STRING": "text",
    "CURRENCY": "valuta",
    "DATE": "datum",
    "EOL": "radslut",
    "end of file": "filslut",
    "INDENT": "indrag",
    "DEDENT": "slut på indrag",
    "KEY": "metadatanyckel",
    "TAG": "tagg",
    "LINK": "länk",
    "FLAG": "flagga",
    "AT": "@",
    "ATAT": "@@",
    "COLON": "kolon",
    "COMMA": "komma",
    "LCURL": "{",
    "RCURL": "}",
    "LCURLCURL": "{{",
    "RCURLCURL": "}}",
    "LPAREN": "(",
    "RPAREN": ")",
    "BOOL": "TRUE/FALSE",
    "NONE": "NULL",
}


def error_message(error: Any) -> str:
    """The message of an error on one line, in Swedish where beancount's is a common one."""
    message = _one_line(str(getattr(error, "message", error)))
    entry = getattr(error, "entry", None)
    voucher = (getattr(entry, "meta", None) or {}).get(META_VOUCHER)
    what = f"verifikation {voucher}" if voucher else "verifikationen"
    for pattern, template in _BEANCOUNT_MESSAGES:
        match = pattern.fullmatch(message)
        if match:
            fields = match.groupdict()
            if "dir" in fields:
                fields["dir"] = _DIRECTIONS[fields["dir"]]
            if "token" in fields:
                fields["token"] = _token(fields["token"])
                expected = fields.get("expected")
                fields["expected"] = (
                    ", väntade " + " eller ".join(_token(t) for t in expected.split(" or "))
                    if expected
                    else ""
                )
            return template.format(what=what, **fields)
    return message


def _token(name: str) -> str:
    return _TOKENS.get(name.strip(), name.strip())


def _one_line(message: str) -> str:
    """A multi-line message on one line; a traceback shrinks to its last line."""
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    if not lines:
        return ""
    first = lines[0]
    if first.endswith("Traceback (most recent call last):") and len(lines) > 1:
        return first.removesuffix("Traceback (most recent call last):") + lines[-1]
    return " ".join(lines)
