"""Command-line entry point: ``finsam <kommando>``.

Each subcommand lives in ``finsam_accounts/commands/<name>.py`` and exposes
``register(subparsers)``, which adds its parser and sets ``func(args) -> int``.

The board and the auditors run these commands without knowing Python, so :func:`main`
makes sure that whatever happens the user sees Swedish lines, never a traceback: argparse's
messages are translated (:mod:`finsam_accounts.cliparse`), a :class:`ReportError` a command
raises is printed one line per problem, and anything unexpected is an "internt fel" line
(the traceback only with ``--debug``). A terminal that cannot print "–" or "å" gets a
replacement character instead of a crash.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
import traceback
from collections.abc import Sequence

from finsam_accounts.cliparse import SwedishParser
from finsam_accounts.errors import ReportError, format_error

# The modules in finsam_accounts/commands/, in the order ``finsam --help`` lists them.
COMMANDS = (
    "check", "arsredovisning", "medlemsavgifter", "medlemspaket", "oversikt", "trappan",
    "uppfoljning", "uppfoljning_finsam", "scb", "momsersattning", "esf", "insatser",
    "delarsrapport", "sie", "flytta_in", "specifikation",
    "verifikationslista", "huvudbok", "saldobalans", "bokslut", "nasta", "periodiska",
    "reskontra", "attest", "bank_import", "fava", "anvandare",
)
# A command registered by another command's module.
REGISTERED_BY = {"sie-import": "sie"}


def build_parser(only: str | None = None) -> SwedishParser:
    """The parser of every command, or of ``only`` (a module of :data:`COMMANDS`): a
    command's run imports only its own module, not the other commands' (start-up time)."""
    parser = SwedishParser(
        prog="finsam",
        description="Redovisning och budgetuppföljning för ett samordningsförbund.",
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        help="visa hela förloppet (traceback) vid ett internt fel",
    )
    sub = parser.add_subparsers(title="kommandon", dest="command", metavar="KOMMANDO")
    sub.required = True
    for name in COMMANDS if only is None else (only,):
        importlib.import_module(f"finsam_accounts.commands.{name}").register(sub)
    return parser


def command_module(argv: Sequence[str]) -> str | None:
    """The module of the command ``argv`` names, or None (no command, ``--help`` before
    it, or a name that is no command: then every command is registered, for argparse's
    message)."""
    for argument in argv:
        if argument == "--debug":
            continue
        if argument.startswith("-"):
            return None
        name = REGISTERED_BY.get(argument, argument.replace("-", "_"))
        return name if name in COMMANDS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    tolerate_terminal_encoding()
    parser = build_parser(command_module(sys.argv[1:] if argv is None else argv))
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, or a usage error already printed in Swedish
        return stop.code if isinstance(stop.code, int) else 1
    try:
        with typesetter_ahead(args), timed(args):
            result: int = args.func(args)
    except BrokenPipeError:
        # `finsam trappan | head`: the reader has gone; stop quietly like other tools.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except ReportError as error:
        # A problem the user can fix, found by a command: one line per problem.
        if error.headline:
            print(error.headline, file=sys.stderr)
        for problem in error.errors:
            print(format_error(problem), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"finsam {args.command}: avbrutet", file=sys.stderr)
        return 130
    except Exception as error:  # a bug: say so in one line, details only on request
        if args.debug:
            traceback.print_exc()
        detail = " ".join(str(error).split())[:200]
        print(
            f"finsam {args.command}: internt fel: {type(error).__name__}"
            f"{': ' + detail if detail else ''} (kör med --debug för detaljer)",
            file=sys.stderr,
        )
        return 1
    return result


def typesetter_ahead(args: argparse.Namespace) -> contextlib.AbstractContextManager[None]:
    """For a command that writes a PDF (``typesets`` in its parser's defaults), a copy of
    the process loads the typesetter while the command loads the books
    (render/pdf_parallel.py); for any other command, nothing."""
    if not getattr(args, "typesets", False):
        return contextlib.nullcontext()
    from finsam_accounts.render.pdf_parallel import ahead

    return ahead()


def timed(args: argparse.Namespace) -> contextlib.AbstractContextManager[None]:
    """A command that runs 2 seconds says on stderr what it is doing (commands/progress.py);
    not one that asks for a password or serves pages (``quiet`` in its parser's defaults)."""
    if getattr(args, "quiet", False):
        return contextlib.nullcontext()
    from finsam_accounts.commands.progress import command

    return command(args.command)


def tolerate_terminal_encoding() -> None:
    """Let a terminal whose encoding lacks "–", "…" or "å" show a replacement instead of
    crashing (e.g. ``PYTHONIOENCODING=ascii`` or an old Windows console)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            # A closed or special stream: leave it alone.
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


if __name__ == "__main__":
    sys.exit(main())
