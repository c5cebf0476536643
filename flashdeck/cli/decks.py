"""``flashdeck decks``, ``due`` and ``export``: the decks with their counts, renaming, deleting, writing one out."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from flashdeck.cli.common import Command, UserError, open_collection, print_json
from flashdeck.core.errors import NotFound

__all__ = ["COMMANDS", "add_parsers"]


def add_parsers(sub: Any) -> None:
    exp = sub.add_parser("export", help="write a deck to a file")
    exp.add_argument("--deck", required=True)
    exp.add_argument("--format", dest="fmt", choices=["deck", "apkg", "csv"], default="deck",
                     help="deck: FlashDeck deck file; apkg: Anki package (with sub-decks); csv: CSV (with sub-decks)")
    exp.add_argument("-o", "--output", required=True, metavar="FILE", help="file to write ('-' for stdout)")

    decks = sub.add_parser("decks", help="decks with their due counts; --rename OLD NEW renames one, "
                                         "--delete NAME --yes deletes one")
    decks.add_argument("--rename", nargs=2, metavar=("OLD", "NEW"),
                       help="rename a deck (and its sub-decks); files that name OLD still import into it")
    decks.add_argument("--delete", metavar="NAME",
                       help="delete a deck and its sub-decks with their notes, cards and history, after a backup "
                            "(without --yes: only say what would go)")
    decks.add_argument("--yes", action="store_true", help="with --delete: really delete")
    decks.add_argument("--json", action="store_true")

    due = sub.add_parser("due", help="cards due now")
    due.add_argument("--deck")
    due.add_argument("--json", action="store_true")


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from flashdeck.collection.safe_output import refuse_collection_files, write_atomically

    if args.fmt == "apkg" and args.output == "-":
        raise UserError("an Anki package is a zip file: give a file name with -o")
    output = None if args.output == "-" else Path(args.output)
    if output is not None:
        refuse_collection_files(args.db, output)
    with open_collection(args) as col:
        try:
            if args.fmt == "apkg":
                from flashdeck.collection.apkg_write import export_apkg

                assert output is not None
                write_atomically(output, lambda path: export_apkg(col, args.deck, str(path)))
                return 0
            if args.fmt == "csv":
                from flashdeck.collection.csv_export import export_csv

                text, newline = export_csv(col, args.deck, None), ""
            else:
                text, newline = col.export_deck(args.deck), "\n"
        except NotFound as err:
            raise UserError(str(err)) from None
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomically(output, lambda path: path.write_text(text, encoding="utf-8", newline=newline))
    return 0


def cmd_decks(args: argparse.Namespace) -> int:
    if args.delete is not None:
        return _delete_deck(args)
    with open_collection(args) as col:
        if args.rename:
            old, new = args.rename
            col.rename_deck(old, new)
            if not args.json:
                print(f"renamed '{old}' to '{new.strip()}'")
                return 0
        decks = col.decks()
    if args.json:
        print_json([d.to_dict() for d in decks])
        return 0
    width = max([len(d.name) for d in decks] + [4])
    print(f"{'deck'.ljust(width)}  {'new':>5} {'learn':>5} {'due':>5}")
    for deck in decks:
        print(f"{deck.name.ljust(width)}  {deck.new:>5} {deck.learning:>5} {deck.review:>5}")
    return 0


def _delete_deck(args: argparse.Namespace) -> int:
    from flashdeck.collection import deck_removal

    with open_collection(args) as col:
        if not args.yes:
            contents = deck_removal.deck_contents(col, args.delete)
            if args.json:
                print_json({**contents.to_dict(), "deleted": False})
            else:
                names = ", ".join(f"'{n}'" for n in contents.decks)
                print(f"would delete {names}: {contents.summary()}; nothing deleted (add --yes to delete)")
            return 1
        contents, backup = deck_removal.delete_deck(col, args.delete)
    if args.json:
        print_json({**contents.to_dict(), "deleted": True, "backup": None if backup is None else str(backup)})
        return 0
    names = ", ".join(f"'{n}'" for n in contents.decks)
    print(f"deleted {names}: {contents.summary()}")
    print(f"backup made first: {backup} (flashdeck restore brings it back)" if backup is not None
          else "no backup was made: the collection is on a database server (use its own backups)")
    return 0


def cmd_due(args: argparse.Namespace) -> int:
    with open_collection(args) as col:
        counts = col.due_counts(args.deck)
    if args.json:
        print_json(counts.to_dict())
    else:
        print(f"new {counts.new}, learning {counts.learning}, review {counts.review}")
    return 0


COMMANDS: dict[str, Command] = {"export": cmd_export, "decks": cmd_decks, "due": cmd_due}
