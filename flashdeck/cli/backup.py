"""``flashdeck backup`` and ``flashdeck restore``: the command-line side of flashdeck.collection.backup.

Same contract as flashdeck.cli: exit 0 on success, 1 with one line on stderr
for a problem the user can fix (a collection on a server, a damaged backup, a
collection still open), 2 for bad usage (argparse).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["COMMANDS", "add_parsers"]


def add_parsers(sub: Any) -> None:
    """Add the ``backup`` and ``restore`` subcommands to flashdeck's subparsers."""
    backup = sub.add_parser("backup", help="back up the collection now (SQLite; kept in backups/ beside it)")
    backup.add_argument("--list", action="store_true", help="list the backups, newest first, and make none")
    restore = sub.add_parser("restore", help="replace the collection with a backup (backing up the current state)")
    restore.add_argument("backup", metavar="BACKUP", help="a backup file, or its name in the backups folder")


def _fail(message: str) -> int:
    print(f"flashdeck: {message}".splitlines()[0], file=sys.stderr)
    return 1


def cmd_backup(args: argparse.Namespace) -> int:
    from flashdeck.collection.backup import BackupError, backup_folder, backup_now, list_backups

    try:
        folder = backup_folder(args.db)  # refuses a collection on a server before connecting to it
        if args.list:
            for path in list_backups(args.db):
                print(path)
            return 0
        from flashdeck.collection import Collection
        from flashdeck.storage.engine import resolve_url, sqlite_path

        source = sqlite_path(resolve_url(args.db))
        if source is None or not source.exists():
            return _fail(f"no collection at {source}")
        with Collection.open(args.db) as col:
            made = backup_now(col, folder)
    except BackupError as err:
        return _fail(str(err))
    print(made)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from flashdeck.collection.backup import BackupError
    from flashdeck.collection.restoring import restore

    try:
        result = restore(args.db, Path(args.backup))
    except BackupError as err:
        return _fail(str(err))
    if result.previous is not None and result.previous_damaged is not None:
        print(f"restored {result.collection}; the collection it replaced was not sound "
              f"({result.previous_damaged}) and is kept in {result.previous}")
    elif result.previous is not None:
        print(f"restored {result.collection}; the state before is in {result.previous} "
              f"(flashdeck restore {result.previous.name} undoes this)")
    else:
        print(f"restored {result.collection}")
    if result.problems:
        return _fail(f"restored, but check found {len(result.problems)} problem(s): {result.problems[0]}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "backup": cmd_backup,
    "restore": cmd_restore,
}
