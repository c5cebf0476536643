"""The command line. A contract: scripts and tests rely on its output and exit codes.

Exit codes: 0 success; 1 a user error, with one line on stderr that names the
problem (file and line for bad input); 2 bad usage. With no subcommand the
desktop app opens.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from flashdeck import __version__
from flashdeck.cli import backup as cli_backup
from flashdeck.cli import mock as cli_mock
from flashdeck.cli import rehearse as cli_rehearse
from flashdeck.cli import render as cli_render
from flashdeck.core.errors import FlashDeckError, NotFound

if TYPE_CHECKING:
    from flashdeck.collection import Collection

__all__ = ["main"]


class UserError(FlashDeckError):
    """A problem the user can fix found by the command line itself; printed as one line, exit code 1."""


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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="flashdeck", description="Offline interview rehearsal with FSRS.")
    parser.add_argument("--version", action="version", version=f"flashdeck {__version__}")
    parser.add_argument("--db", metavar="PATH_OR_URL", help="collection file or SQLAlchemy URL ($FLASHDECK_DB)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    imp = sub.add_parser("import", help="import documents, deck files, CSV/TSV, Anki packages (.apkg, .colpkg)",
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

    review = sub.add_parser("review", help="review in the terminal (reads lines from stdin)")
    review.add_argument("--deck")
    review.add_argument("--limit", type=int, default=None, metavar="N")

    stats = sub.add_parser("stats", help="collection statistics")
    stats.add_argument("--deck", help="only this deck (and its sub-decks) for the detailed figures")
    stats.add_argument("--year", type=int, metavar="YYYY", help="the heatmap's calendar year (default: last 365 days)")
    stats.add_argument("--json", action="store_true")

    optimize = sub.add_parser("optimize", help="fit FSRS parameters to your own review history")
    optimize.add_argument("--dry-run", action="store_true", help="fit and compare, but keep the current parameters")
    optimize.add_argument("--tradeoff", action="store_true",
                          help="also show the daily load at a few desired retentions (simulated)")
    optimize.add_argument("--json", action="store_true")

    plan = sub.add_parser("plan", help="the day-by-day plan until your interview")
    when = plan.add_mutually_exclusive_group()
    when.add_argument("--interview-date", metavar="YYYY-MM-DD", help="set the interview date first")
    when.add_argument("--clear", action="store_true", help="forget the interview date")
    plan.add_argument("--json", action="store_true")

    check = sub.add_parser("check", help="check the database and the collection's invariants")
    check.add_argument("--json", action="store_true")

    cli_backup.add_parsers(sub)
    cli_rehearse.add_parsers(sub)
    cli_mock.add_parsers(sub)
    cli_render.add_parsers(sub)
    sub.add_parser("gui", help="open the desktop app (the default)")
    return parser


def _open(args: argparse.Namespace) -> Collection:
    from flashdeck.collection import Collection

    return Collection.open(args.db)


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False))


def cmd_import(args: argparse.Namespace) -> int:
    from flashdeck.cli.importing import run_import

    return run_import(args, _open, _print_json, UserError)


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from flashdeck.cli.safe_output import refuse_collection_files, write_atomically

    if args.fmt == "apkg" and args.output == "-":
        raise UserError("an Anki package is a zip file: give a file name with -o")
    output = None if args.output == "-" else Path(args.output)
    if output is not None:
        refuse_collection_files(args.db, output)
    with _open(args) as col:
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
    with _open(args) as col:
        if args.rename:
            old, new = args.rename
            col.rename_deck(old, new)
            if not args.json:
                print(f"renamed '{old}' to '{new.strip()}'")
                return 0
        decks = col.decks()
    if args.json:
        _print_json([d.to_dict() for d in decks])
        return 0
    width = max([len(d.name) for d in decks] + [4])
    print(f"{'deck'.ljust(width)}  {'new':>5} {'learn':>5} {'due':>5}")
    for deck in decks:
        print(f"{deck.name.ljust(width)}  {deck.new:>5} {deck.learning:>5} {deck.review:>5}")
    return 0


def _delete_deck(args: argparse.Namespace) -> int:
    from flashdeck.collection import deck_removal

    with _open(args) as col:
        if not args.yes:
            contents = deck_removal.deck_contents(col, args.delete)
            if args.json:
                _print_json({**contents.to_dict(), "deleted": False})
            else:
                names = ", ".join(f"'{n}'" for n in contents.decks)
                print(f"would delete {names}: {contents.summary()}; nothing deleted (add --yes to delete)")
            return 1
        contents, backup = deck_removal.delete_deck(col, args.delete)
    if args.json:
        _print_json({**contents.to_dict(), "deleted": True, "backup": None if backup is None else str(backup)})
        return 0
    names = ", ".join(f"'{n}'" for n in contents.decks)
    print(f"deleted {names}: {contents.summary()}")
    print(f"backup made first: {backup} (flashdeck restore brings it back)" if backup is not None
          else "no backup was made: the collection is on a database server (use its own backups)")
    return 0


def cmd_due(args: argparse.Namespace) -> int:
    with _open(args) as col:
        counts = col.due_counts(args.deck)
    if args.json:
        _print_json(counts.to_dict())
    else:
        print(f"new {counts.new}, learning {counts.learning}, review {counts.review}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    with _open(args) as col:
        stats = col.stats()
        full = col.stats_full(args.deck, year=args.year)
    if args.json:
        # The summary keys first (scripts rely on them), then the detailed figures.
        _print_json({**stats, **{k: v for k, v in full.items() if k != "study_day"}})
        return 0
    from flashdeck.core.stats_text import text_report

    # The Stats screen's sections, in its order, with its sentences.
    print("\n".join(text_report(stats, full)))
    return 0


def cmd_optimize(args: argparse.Namespace) -> int:
    with _open(args) as col:
        result = col.optimize(apply=not args.dry_run)
        tradeoff = col.retention_tradeoff() if args.tradeoff else None
    payload = result.to_dict()
    if tradeoff is not None:
        payload["tradeoff"] = tradeoff
    if args.json:
        _print_json(payload)
        return 0
    print(result.reason)
    if result.before is not None and result.after is not None:
        print(f"log loss {result.before.log_loss:.4f} → {result.after.log_loss:.4f}, "
              f"RMSE {result.before.rmse:.4f} → {result.after.rmse:.4f} ({result.reviews} reviews)")
    for row in tradeoff or []:
        print(f"retention {row['retention']:.2f}: {row['reviews_per_day']:.0f} reviews, "
              f"{row['minutes_per_day']:.0f} min a day")
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    from datetime import date

    with _open(args) as col:
        if args.interview_date:
            try:
                day = date.fromisoformat(args.interview_date)
            except ValueError:
                raise UserError(f"not a date: {args.interview_date!r} (use YYYY-MM-DD)") from None
            col.set_interview_date(day)
        elif args.clear:
            col.set_interview_date(None)
        plan = col.study_plan()
    if args.json:
        _print_json(plan)
        return 0
    if plan["interview_date"] is None:
        print("no interview date set (flashdeck plan --interview-date YYYY-MM-DD)")
        return 0
    print(f"interview on {plan['interview_date']}: {plan['days_left']} days left; "
          f"{plan['new_remaining']} new cards to meet, {plan['new_per_day']} a day")
    for day in plan["days"]:
        mark = "  (final review)" if day["final_window"] else ""
        print(f"{day['date']}  {day['reviews']:>4} reviews  {day['new']:>4} new{mark}")
    window = plan["final_window"]
    covered = ("every card comes back" if window["cards_seen"] >= plan["cards"]
               else f"{window['cards_seen']} of {plan['cards']} cards come back")
    print(f"final review {window['from']} to {window['to']}: {covered} "
          "(if every card due is answered, as projected here)")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    with _open(args) as col:
        problems = col.check()
    if args.json:
        _print_json({"ok": not problems, "problems": problems})
    elif problems:
        for problem in problems:
            print(problem)
    else:
        print("ok")
    return 0 if not problems else 1


def cmd_review(args: argparse.Namespace) -> int:
    from flashdeck.cli.review import TerminalReview

    with _open(args) as col:
        if args.deck:
            col.select_deck(args.deck)
        return TerminalReview(col, sys.stdin, sys.stdout, limit=args.limit).run()


def cmd_gui(args: argparse.Namespace) -> int:
    from flashdeck.ui.app import run

    return run(args.db)


COMMANDS = {
    "import": cmd_import,
    "export": cmd_export,
    "decks": cmd_decks,
    "due": cmd_due,
    "review": cmd_review,
    "stats": cmd_stats,
    "optimize": cmd_optimize,
    "plan": cmd_plan,
    "check": cmd_check,
    "gui": cmd_gui,
    None: cmd_gui,
}
COMMANDS.update(cli_backup.COMMANDS)
COMMANDS.update(cli_rehearse.COMMANDS)
COMMANDS.update(cli_mock.COMMANDS)
COMMANDS.update(cli_render.COMMANDS)


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

