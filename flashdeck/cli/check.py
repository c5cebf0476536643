"""``flashdeck check``: the database's integrity and the collection's invariants."""

from __future__ import annotations

import argparse
from typing import Any

from flashdeck.cli.common import Command, open_collection, print_json

__all__ = ["COMMANDS", "add_parsers"]


def add_parsers(sub: Any) -> None:
    check = sub.add_parser("check", help="check the database and the collection's invariants")
    check.add_argument("--json", action="store_true")


def cmd_check(args: argparse.Namespace) -> int:
    with open_collection(args) as col:
        problems = col.check()
    if args.json:
        print_json({"ok": not problems, "problems": problems})
    elif problems:
        for problem in problems:
            print(problem)
    else:
        print("ok")
    return 0 if not problems else 1


COMMANDS: dict[str, Command] = {"check": cmd_check}
