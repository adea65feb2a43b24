"""An argparse parser that speaks Swedish.

argparse writes its own messages in English ("invalid int value", "the following arguments
are required", "usage:"). Everything a user sees must be Swedish, so this parser translates
them: an error becomes one line per problem, ``finsam KOMMANDO: ARGUMENT: meddelande``, and
exit status 1 like every other user error. The subcommands' parsers are of this class too
(argparse creates them with the parent's class).
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

# argparse's English messages (Python 3.11-3.13) and their Swedish text; every variable
# part is kept. An unknown message is printed as argparse wrote it.
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), template)
    for pattern, template in (
        (r"invalid int value: (?P<value>.+)", "ogiltigt heltal: {value}"),
        (r"invalid float value: (?P<value>.+)", "ogiltigt tal: {value}"),
        (r"invalid \S+ value: (?P<value>.+)", "ogiltigt värde: {value}"),
        (
            r"invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)",
            "ogiltigt val: {value} (välj bland {choices})",
        ),
        (r"expected one argument", "kräver ett värde"),
        (r"expected at most one argument", "tar högst ett värde"),
        (r"expected at least one argument", "kräver minst ett värde"),
        (r"expected \d+ arguments?", "fel antal värden"),
        (r"not allowed with argument (?P<other>.+)", "kan inte kombineras med {other}"),
        (r"ignored explicit argument (?P<value>.+)", "tar inget värde (fick {value})"),
    )
)
_ARGUMENT = re.compile(r"argument (?P<name>.+?): (?P<message>.+)")
_REQUIRED = re.compile(r"the following arguments are required: (?P<names>.+)")
_UNRECOGNIZED = re.compile(r"unrecognized arguments: (?P<args>.+)")
_ONE_OF = re.compile(r"one of the arguments (?P<names>.+) is required")
_AMBIGUOUS = re.compile(r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)")


def swedish_lines(message: str) -> list[str]:
    """argparse's error message as Swedish ``ARGUMENT: meddelande`` lines (one per problem)."""
    if match := _REQUIRED.fullmatch(message):
        return [f"{name}: argumentet saknas" for name in match["names"].split(", ")]
    if match := _UNRECOGNIZED.fullmatch(message):
        several = " " in match["args"]
        return [f"{match['args']}: {'okända argument' if several else 'okänt argument'}"]
    if match := _ONE_OF.fullmatch(message):
        return [f"ett av argumenten {match['names']} krävs"]
    if match := _AMBIGUOUS.fullmatch(message):
        return [f"{match['option']}: tvetydig flagga, kan vara {match['matches']}"]
    if match := _ARGUMENT.fullmatch(message):
        return [f"{match['name']}: {_translate(match['message'])}"]
    return [_translate(message)]


def _translate(message: str) -> str:
    for pattern, template in _MESSAGES:
        if match := pattern.fullmatch(message):
            return template.format(**match.groupdict())
    return message


def year(text: str) -> int:
    """A year argument (``ÅR``): four digits, so that a typo is a message, not a crash."""
    if not re.fullmatch(r"[0-9]{4}", text.strip()):
        raise argparse.ArgumentTypeError(f"ogiltigt år: '{text}' (skriv t.ex. 2019)")
    return int(text)


class SwedishHelpFormatter(argparse.HelpFormatter):
    """Help text with a Swedish usage heading."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: Any = None) -> None:
        super().add_usage(usage, actions, groups, "användning: " if prefix is None else prefix)


class SwedishParser(argparse.ArgumentParser):
    """ArgumentParser with Swedish headings, help option and error messages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        add_help = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", SwedishHelpFormatter)
        kwargs["add_help"] = False  # a Swedish -h/--help instead, below
        super().__init__(*args, **kwargs)
        self._positionals.title = "argument"
        self._optionals.title = "flaggor"
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", help="visa den här hjälpen och avsluta"
            )

    def error(self, message: str) -> NoReturn:
        for line in swedish_lines(message):
            sys.stderr.write(f"{self.prog}: {line}\n")
        self.exit(1)
