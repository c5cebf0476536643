"""What every command group shares: opening the collection, printing JSON, the command line's own error."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flashdeck.core.errors import FlashDeckError

if TYPE_CHECKING:
    from flashdeck.collection import Collection

__all__ = ["Command", "UserError", "json_text", "open_collection", "print_json"]

# A command: parsed arguments in, exit code out (0 success, 1 a user error).
Command = Callable[[argparse.Namespace], int]


class UserError(FlashDeckError):
    """A problem the user can fix found by the command line itself; printed as one line, exit code 1."""


def open_collection(args: argparse.Namespace) -> Collection:
    from flashdeck.collection import Collection

    return Collection.open(args.db)


def json_text(data: Any) -> str:
    """The JSON every ``--json`` prints (without its final newline): scripts rely on it, byte for byte."""
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False)


def print_json(data: Any) -> None:
    print(json_text(data))
