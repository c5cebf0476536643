"""``flashdeck rehearse analyze AUDIO``: delivery feedback on a recording made anywhere.

Same contract as flashdeck.cli: exit 0 on success, 1 with one line on stderr
for a problem the user can fix (no such file, not audio, no such card, a bad
window), 2 for bad usage (argparse). ``--json`` prints the keys scripts rely
on: duration_s, speech_s, pauses, words, wpm, fillers, i_count, we_count,
numbers, transcript, in_target, engine, and coverage when a card is given.

``flashdeck rehearse reanalyze [ATTEMPT ...] [--old]`` analyses stored attempts
again with the current recogniser (``--old``: every attempt the old one analysed)
and keeps the new figures with them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["COMMANDS", "add_parsers"]


def add_parsers(sub: Any) -> None:
    """Add the ``rehearse`` command (with its ``analyze`` subcommand) to flashdeck's subparsers."""
    rehearse = sub.add_parser("rehearse", help="spoken rehearsal: analyse a recording")
    actions = rehearse.add_subparsers(dest="rehearse_command", metavar="ACTION", required=True)
    analyze = actions.add_parser("analyze", help="talk time, pauses, pace, fillers, transcript of a WAV/FLAC file")
    analyze.add_argument("audio", metavar="AUDIO", help="a WAV or FLAC recording (any sample rate)")
    analyze.add_argument("--target", metavar="MIN-MAX", help="target window, e.g. 2:00-3:00 (default: the card's)")
    analyze.add_argument("--card", type=int, metavar="ID", help="check coverage of this card's beats or talking points")
    analyze.add_argument("--engine", choices=("whisper", "pocketsphinx"), default="whisper",
                         help="the recogniser (default: whisper; pocketsphinx is the old one, for comparison)")
    analyze.add_argument("--model", metavar="NAME", help="the Whisper model: tiny.en (installed) or base.en (once "
                         "downloaded in Settings); default: the collection's choice with --card, else tiny.en")
    analyze.add_argument("--json", action="store_true")
    again = actions.add_parser("reanalyze", help="analyse stored attempts again with the current recogniser")
    again.add_argument("attempts", metavar="ATTEMPT", type=int, nargs="*", help="attempt ids")
    again.add_argument("--old", action="store_true", help="every attempt the old recogniser (pocketsphinx) analysed")


def _progress(fraction: float, message: str) -> None:
    # Only on a terminal: a script reading stdout/stderr gets no carriage-return noise.
    if sys.stderr.isatty():
        print(f"\r{message} {fraction:4.0%}", end="" if fraction < 1 else "\n", file=sys.stderr, flush=True)


def cmd_analyze(args: argparse.Namespace) -> int:
    from flashdeck.analysis import analyze
    from flashdeck.core.kinds import parse_window

    target = parse_window(args.target) if args.target else None
    points = None
    if args.card is not None:
        from flashdeck.collection import Collection
        from flashdeck.collection.rehearsing import rehearsal_spec, speech_model

        with Collection.open(args.db) as col:
            spec = rehearsal_spec(col, args.card)
            args.model = args.model or speech_model(col)
        points = list(spec.points)
        target = target or spec.target
    ordered = args.card is not None and spec.ordered
    from flashdeck.analysis.recognizers import make_recognizer

    recognizer = make_recognizer(args.engine, args.model)
    result = analyze(args.audio, target=target, points=points, ordered=ordered, progress=_progress,
                     recognizer=recognizer)
    data = result.to_dict()
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    _print_report(data, result.suggestion.to_dict() if target or points is not None else None)
    return 0


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _print_report(data: dict[str, Any], suggestion: dict[str, Any] | None) -> None:
    pauses = data["pauses"]
    in_target = {True: " (on target)", False: " (outside the target)", None: ""}[data["in_target"]]
    print(f"duration {_clock(data['duration_s'])}{in_target}, talking {_clock(data['speech_s'])}")
    print(f"pauses: {pauses['count']}, longest {pauses['longest_s']:.1f} s, {pauses['over_3s']} over 3 s")
    fillers = ", ".join(f"{k} {v}" for k, v in data["fillers"]["counts"].items()) or "none heard"
    print(f"{data['words']} words, {data['wpm']:.0f} words a minute; fillers: {fillers}")
    print(f"\"I\" {data['i_count']}, \"we\" {data['we_count']}; numbers: {', '.join(data['numbers']) or 'none'}")
    if "coverage" in data:
        fraction = data["coverage"]["fraction"]
        print(f"coverage: {'—' if fraction is None else f'{fraction:.0%}'}")
        for point in data["coverage"]["points"]:
            print(f"  [{'x' if point['covered'] else ' '}] {point['point']}")
    if suggestion is not None:
        names = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
        reasons = "; ".join(suggestion["reasons"]) or "on target, covered, fluent"
        print(f"suggested grade: {names[suggestion['grade']]} ({reasons}) — yours to choose")
    print(f"transcript: {data['transcript']}")


def cmd_reanalyze(args: argparse.Namespace) -> int:
    from flashdeck.analysis.recognizers import RecognizerCache
    from flashdeck.collection import Collection
    from flashdeck.collection.rehearsing import attempt, old_engine_attempts, prepare_analysis, save_analysis

    if not args.attempts and not args.old:
        print("flashdeck: name attempts to analyse again, or --old for every one the old recogniser analysed",
              file=sys.stderr)
        return 1
    recognizers = RecognizerCache()
    with Collection.open(args.db) as col:
        ids = list(args.attempts) + (old_engine_attempts(col) if args.old else [])
        for attempt_id in ids:
            attempt(col, attempt_id)  # NotFound (one line) before anything is analysed
        for attempt_id in dict.fromkeys(ids):
            job = prepare_analysis(col, attempt_id)
            result = job.run(recognizer=recognizers.get(job.model))
            saved = save_analysis(col, attempt_id, result)
            print(f"attempt {attempt_id}: {saved.words} words, coverage "
                  f"{'—' if saved.coverage is None else f'{saved.coverage:.0%}'}, suggested grade "
                  f"{saved.suggested_grade} ({result.engine})")
    if not ids:
        print("no attempt was analysed by the old recogniser")
    return 0


def cmd_rehearse(args: argparse.Namespace) -> int:
    # (a speech model missing or damaged is a ModelError, one of the FlashDeckError family: main prints its line)
    return {"analyze": cmd_analyze, "reanalyze": cmd_reanalyze}[args.rehearse_command](args)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"rehearse": cmd_rehearse}
