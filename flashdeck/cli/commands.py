"""The command line. A contract: scripts and tests rely on its output and exit codes.

Exit codes: 0 success; 1 a user error, with one line on stderr that names the
problem (file and line for bad input); 2 bad usage. With no subcommand the
desktop app opens.

This module is the registry: each command group lives in its own module, which
adds its subcommands to the parser (``add_parsers``) and names the function that
runs each (``COMMANDS``). A group module imports the collection only inside its
commands, so ``--version`` and ``--help`` stay light.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from flashdeck import __version__
from flashdeck.cli import backup, check, decks, importing, mock, rehearse, render, review, stats
from flashdeck.cli.common import Command, UserError

__all__ = ["COMMANDS", "UserError", "main"]

# In the order ``flashdeck --help`` lists them.
GROUPS = (importing, decks, review, stats, check, backup, rehearse, mock, render)


def cmd_gui(args: argparse.Namespace) -> int:
    from flashdeck.ui.app import run

    return run(args.db)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="flashdeck", description="Offline interview rehearsal with FSRS.")
    parser.add_argument("--version", action="version", version=f"flashdeck {__version__}")
    parser.add_argument("--db", metavar="PATH_OR_URL", help="collection file or SQLAlchemy URL ($FLASHDECK_DB)")
    sub: Any = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in GROUPS:
        group.add_parsers(sub)
    sub.add_parser("gui", help="open the desktop app (the default)")
    return parser


COMMANDS: dict[str | None, Command] = {name: command for group in GROUPS for name, command in group.COMMANDS.items()}
COMMANDS.update({"gui": cmd_gui, None: cmd_gui})


def main(argv: Sequence[str] | None = None, stderr: TextIO | None = None) -> int:
    """Run one command. Every failure is one line on stderr and exit 1 (see ``flashdeck.collection.failures``)."""
    args = _parser().parse_args(argv)
    err = stderr or sys.stderr
    try:
        code = COMMANDS[args.command](args)
        sys.stdout.flush()  # inside: a reader that went away (`| head`) is noticed here, not at exit
        return code
    except BrokenPipeError:
        _drop_stdout()
        return 0
    except KeyboardInterrupt:
        print("flashdeck: interrupted; every action finished before it is saved", file=err)
        return 130
    except Exception as exc:
        from flashdeck.collection.failures import describe_failure

        print(f"flashdeck: {describe_failure(exc, args.db).message}", file=err)
        return 1


def _drop_stdout() -> None:
    """Point stdout at /dev/null: Python's own flush at exit would otherwise report the broken pipe."""
    import os

    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)

