"""``flashdeck import``: files or standard input, a preview that can be corrected, and a report.

``flashdeck import notes.md --dry-run`` lists every note, numbered; ``--skip 3,7``
leaves notes out, ``--kind 2=basic`` changes a note's kind and ``--deck NAME``
names the deck, so what the preview showed is what gets written. ``-`` reads
standard input (text pasted into a terminal, or piped) through the same readers
as a file. A dry run writes nothing, not even an empty collection file — and
neither does bad input: each document is read and parsed before the collection
is opened, and a first import into a collection that does not exist yet is
checked against a throw-away one, so a refused file leaves no collection behind.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flashdeck.cli.common import Command, UserError, open_collection, print_json

if TYPE_CHECKING:
    from flashdeck.collection import Collection
    from flashdeck.collection.importing import ImportChoices, ImportReport

__all__ = ["COMMANDS", "add_parsers", "run_import"]

# Stands in the --format help for the registry's names, filled in only when the help is shown: reading
# the registry imports the collection package, which a command such as --version need not load.
FORMATS_PLACEHOLDER = "{formats}"


class _RegistryHelp(argparse.HelpFormatter):
    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help
        if text is not None and FORMATS_PLACEHOLDER in text:
            from flashdeck.collection.formats import format_names

            text = text.replace(FORMATS_PLACEHOLDER, ", ".join(format_names()))
        return text


def add_parsers(sub: Any) -> None:
    imp = sub.add_parser("import", help="import documents, deck files, CSV/TSV, Anki packages",
                         formatter_class=_RegistryHelp)
    imp.add_argument("paths", nargs="+", metavar="PATH", help="a file, or '-' for standard input (pasted text)")
    imp.add_argument("--deck", help="put the notes in this deck")
    imp.add_argument("--format", dest="fmt",
                     help=f"force a format ({FORMATS_PLACEHOLDER})")
    imp.add_argument("--dry-run", action="store_true", help="show what would change, note by note; write nothing")
    imp.add_argument("--skip", action="append", default=[], metavar="N[,N…]",
                     help="leave out these notes (numbers as --dry-run lists them; one file at a time)")
    imp.add_argument("--kind", action="append", default=[], metavar="N=KIND",
                     help="import note N as another kind, e.g. --kind 3=basic (one file at a time)")
    imp.add_argument("--replace-edits", action="store_true",
                     help="the file's version replaces edits made in the app since the last import (default: kept)")
    imp.add_argument("--json", action="store_true")


def cmd_import(args: argparse.Namespace) -> int:
    return run_import(args, open_collection, print_json, UserError)

UNMAPPED_SHOWN = 20  # lines listed per file in the text report (--json lists all)


def _choices(args: argparse.Namespace, user_error: type[Exception]) -> ImportChoices | None:
    from flashdeck.collection.importing import ImportChoices
    from flashdeck.core.kinds import KINDS

    if not (args.skip or args.kind or args.replace_edits):
        return None
    if (args.skip or args.kind) and len(args.paths) != 1:
        raise user_error("--skip and --kind number the notes of one file: import one file at a time")
    choices = ImportChoices(replace_edits=bool(args.replace_edits))
    for value in args.skip:
        for part in value.split(","):
            if not part.strip().isdigit() or int(part) < 1:
                raise user_error(f"--skip takes note numbers as --dry-run lists them (1, 2 …), not {part!r}")
            choices.skip.add(int(part) - 1)
    for value in args.kind:
        number, _, kind = value.partition("=")
        if not number.strip().isdigit() or int(number) < 1 or kind.strip() not in KINDS:
            raise user_error(f"--kind takes N=KIND with KIND one of {', '.join(KINDS)}, not {value!r}")
        choices.kinds[int(number) - 1] = kind.strip()
    return choices


def _not_there_yet(args: argparse.Namespace) -> bool:
    """Whether the collection is an SQLite file that does not exist yet."""
    from flashdeck.storage.engine import is_sqlite, resolve_url, sqlite_path

    url = resolve_url(args.db)
    path = sqlite_path(url) if is_sqlite(url) else None
    return path is not None and not path.exists()


@contextmanager
def _scratch_collection() -> Iterator[Collection]:
    """An empty collection in a temporary folder, gone afterwards."""
    from flashdeck.collection import Collection

    with tempfile.TemporaryDirectory(prefix="flashdeck-import-") as scratch, \
            Collection.open(Path(scratch) / "scratch.db") as col:
        yield col


@contextmanager
def _collection(args: argparse.Namespace, open_collection: Callable[[argparse.Namespace], Collection]
                ) -> Iterator[Collection]:
    """The collection to import into; for a dry run of a collection that does not exist yet, a throw-away
    one in a temporary folder: a preview must not leave an empty collection file behind."""
    if args.dry_run and _not_there_yet(args):
        with _scratch_collection() as col:
            yield col
        return
    with open_collection(args) as col:
        yield col


def _read_stdin(user_error: type[Exception]) -> bytes:
    from flashdeck.readers import MAX_IMPORT_BYTES

    data: bytes = sys.stdin.buffer.read(MAX_IMPORT_BYTES + 1)
    if not data.strip():
        raise user_error("<stdin>: nothing to import: standard input was empty")
    return data


def run_import(args: argparse.Namespace, open_collection: Callable[[argparse.Namespace], Collection],
               print_json: Callable[[Any], None], user_error: type[Exception]) -> int:
    choices = _choices(args, user_error)
    if args.paths.count("-") > 1:
        raise user_error("standard input ('-') can be read only once")
    stdin = _read_stdin(user_error) if "-" in args.paths else b""
    from flashdeck.collection.formats import read_data, read_document

    reports: list[ImportReport] = []
    with ExitStack() as stack:
        col: Collection | None = None
        # One file at a time, each in its own transaction: a bad file names itself
        # and leaves earlier files imported (they were complete and correct). Each is
        # read and parsed before the collection is opened, so bad input never creates one.
        for path in args.paths:
            source = "<stdin>" if path == "-" else path
            result = read_data(stdin, source, args.fmt) if path == "-" else read_document(path, args.fmt)
            if col is None:
                if not args.dry_run and _not_there_yet(args):
                    # What planning refuses (an unknown kind, a field too long) is bad input too: found
                    # against an empty throw-away collection before the real one is created.
                    with _scratch_collection() as scratch:
                        scratch.plan(result, source=source, deck=args.deck, with_notes=False, choices=choices)
                col = stack.enter_context(_collection(args, open_collection))
            reports.append(col.import_result(result, source=source, deck=args.deck, dry_run=args.dry_run,
                                             choices=choices))
    if args.json:
        payload: Any = [r.to_dict(with_notes=args.dry_run) for r in reports]
        print_json(payload[0] if len(payload) == 1 else payload)
        return 0
    for path, report in zip(args.paths, reports, strict=True):
        _print_report("<stdin>" if path == "-" else path, report, args.dry_run)
    return 0


def _print_report(path: str, report: ImportReport, dry_run: bool) -> None:
    verb = "would import" if dry_run else "imported"
    skipped = f", {report.skipped} left out" if report.skipped else ""
    decks = ", ".join(f"'{name}'" for name in (report.decks or [report.deck]))
    print(f"{path}: {verb} as {report.format} into {decks}: {report.added} added, "
          f"{report.updated} updated, {report.unchanged} unchanged{skipped}")
    for note in report.notes:  # a dry run lists every note, numbered for --skip and --kind
        mark = " (edited in the app)" if note.get("edited") else ""
        print(f"  {note['index']:>3}. {note['action']:<9} {note['kind']:<9} {note['title']}{mark}")
    for title, blanks in report.blanks.items():
        print(f"  {blanks} blank(s) to fill in: {title}")
    for title in report.missing:
        print(f"  not in this version (kept, with its history): {title}")
    for edit in report.edited:
        fields = ", ".join(edit["edited"])
        if edit["kept"]:
            both = f"; the file changed {', '.join(edit['conflicts'])} too" if edit["conflicts"] else ""
            print(f"  edited in the app since the last import, your edit kept ({fields}{both}; "
                  f"--replace-edits takes the file's): {edit['title']}")
        else:
            print(f"  edited in the app since the last import, replaced by the file ({fields}): {edit['title']}")
    if report.package is not None:
        package = report.package
        print(f"  reviews: {package.get('reviews_imported', package.get('reviews', 0))} "
              f"{'would import' if dry_run else 'imported'}; "
              f"media files: {package.get('media_added', package.get('media_files', 0))}")
    for line in report.unmapped[:UNMAPPED_SHOWN]:
        print(f"  no field of its own: {line}")
    if len(report.unmapped) > UNMAPPED_SHOWN:
        more = len(report.unmapped) - UNMAPPED_SHOWN
        print(f"  … and {more} more lines with no field of their own (--json lists all)")
    for warning in report.warnings:
        print(f"  warning: {warning}")


COMMANDS: dict[str, Command] = {"import": cmd_import}
