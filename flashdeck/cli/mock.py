"""``flashdeck mock``: a mock interview in the terminal, for scripts and tests.

    flashdeck mock [--count N] [--minutes M] [--deck NAME]… [--answers DIR] [--report FILE.html] [--json]
                   [--grace S] [--resume] [--seed N] [--voice speak|print]

The questions are chosen as in the app (``flashdeck.core.mock``). Without ``--answers`` each
question is asked (flite says it where installed, and it is printed) and the answer is
recorded from the microphone until Enter, or until the clock runs out as in the app
(``flashdeck.cli.mock_mic``); the grades follow on the same standard input. With ``--answers``
the answers are the WAV files of DIR in name order (the first file answers the
first question, and so on; a session never asks more questions than there are
files). Each is copied into the collection's recordings folder and kept with its
attempt the moment it is taken, and analysed in the background while the next
one is taken. The grades are then read from standard input, one line per answered
question, ``1``–``4`` (``u`` takes the previous grade back): each is a review
through the FSRS answer path. From a pipe every line is checked before any grade
is recorded; from a terminal each is asked for in turn.

Standard output carries the report (``--json``: ``{"questions": [{"card_id",
"prompt", "duration_s", "in_target", "transcript", "coverage", "suggested",
"grade"}, …]}``); the questions and progress go to standard error. A session cut
short (a kill, a bad grade line, too few files) keeps every answer taken;
``--resume`` continues the newest unfinished one with the same files.
Exit 0 on success; 1 with one line on standard error for a problem the user can fix.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from flashdeck.core.errors import InvalidInput

if TYPE_CHECKING:
    from flashdeck.analysis import Analysis
    from flashdeck.analysis.recognizers import RecognizerCache
    from flashdeck.collection import Collection
    from flashdeck.collection.mocking import MockRecord
    from flashdeck.collection.rehearsing import AnalysisJob
    from flashdeck.core.mock_report import ReportRow

__all__ = ["COMMANDS", "add_parsers", "read_grades"]


class MockInputError(InvalidInput):
    """Bad input for the session: printed as one line, exit 1."""


class GradeInput(Protocol):
    """Where grades are read from: standard input, or ``mock_mic.Lines`` when it also ended the answers."""

    def isatty(self) -> bool: ...

    def readline(self) -> str: ...

    def read(self) -> str: ...


def add_parsers(sub: Any) -> None:
    mock = sub.add_parser("mock", help="a mock interview: questions asked, answers analysed, graded into FSRS")
    mock.add_argument("--count", type=int, metavar="N", help="how many questions (default 5)")
    mock.add_argument("--minutes", type=float, metavar="M", help="or: as many questions as fit in M minutes")
    mock.add_argument("--deck", action="append", default=[], metavar="NAME",
                      help="ask from this deck and its sub-decks (repeat for more; default: every deck)")
    mock.add_argument("--answers", metavar="DIR", help="the answers: the WAV files of DIR, in name order")
    mock.add_argument("--report", metavar="FILE.html", help="also write the report as a self-contained HTML page")
    mock.add_argument("--grace", type=float, default=None, metavar="S",
                      help="seconds allowed past a question's window (default 15)")
    mock.add_argument("--resume", action="store_true", help="continue the newest unfinished mock interview")
    mock.add_argument("--seed", type=int, help="seed the choice of curveballs (repeatable sessions)")
    mock.add_argument("--voice", choices=("speak", "print"),
                      help="questions said with flite and printed, or printed only (default: the app's setting)")
    mock.add_argument("--json", action="store_true")


def _wav_files(folder: str) -> list[Path]:
    import soundfile

    path = Path(folder)
    if not path.is_dir():
        raise MockInputError(f"{folder}: no such folder (--answers takes a folder of WAV files)")
    files = sorted((p for p in path.iterdir() if p.suffix.lower() == ".wav" and p.is_file()), key=lambda p: p.name)
    if not files:
        raise MockInputError(f"{folder}: no WAV files in it")
    for wav in files:
        try:
            soundfile.info(str(wav))
        except Exception as err:  # soundfile raises its own error types and RuntimeError
            raise MockInputError(f"{wav}: not a readable WAV file ({str(err).splitlines()[0]})") from None
    return files


def _check_report_path(args: argparse.Namespace) -> Path | None:
    if not args.report:
        return None
    from flashdeck.collection.safe_output import refuse_collection_files

    out = Path(args.report)
    refuse_collection_files(args.db, out)
    if not out.parent.is_dir():
        raise MockInputError(f"{out}: the folder {out.parent} does not exist")
    if out.is_dir():
        raise MockInputError(f"{out} is a folder: name a file for the report")
    return out


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def cmd_mock(args: argparse.Namespace) -> int:
    from flashdeck.collection import Collection, mocking

    if args.count is not None and args.count < 1:
        raise MockInputError("--count must be at least 1")
    if args.grace is not None and args.grace < 0:
        raise MockInputError("--grace cannot be negative")
    wavs = _wav_files(args.answers) if args.answers is not None else None
    report_path = _check_report_path(args)
    if wavs is None:
        from flashdeck.cli.microphone import check_microphone

        check_microphone()  # before anything is written
    with Collection.open(args.db) as col:
        record = _session(col, args, None if wavs is None else len(wavs))
        grades: GradeInput = sys.stdin
        if wavs is None:
            from flashdeck.cli.mock_mic import Lines, take_answers

            grades = Lines(sys.stdin)
            voice = args.voice or ("print" if col.get_config("mock_voice") == "screen" else "speak")
            take_answers(col, record, grades, speak=voice == "speak")
        else:
            _take_answers(col, record, wavs)
        rows = mocking.report(col, record)
        _show(rows)
        _grade(col, record, rows, grades)
        rows = mocking.report(col, record)
        if all(r.answered and r.grade is not None for r in rows):
            mocking.finish_session(col, record)
        else:
            _say(f"unfinished: {sum(not r.answered for r in rows)} question(s) without an answer; "
                 "flashdeck mock --resume continues it")
        if report_path is not None:
            from flashdeck.collection.safe_output import write_atomically

            page = mocking.report_page(col, record)
            write_atomically(report_path, lambda p: p.write_text(page, encoding="utf-8"))
    if args.json:
        from flashdeck.core.mock_report import report_json

        print(json.dumps(report_json(rows), indent=2, ensure_ascii=False))
    else:
        _print_summary(rows)
    return 0


def _session(col: Collection, args: argparse.Namespace, files: int | None) -> MockRecord:
    from flashdeck.collection import mocking
    from flashdeck.core.mock import DEFAULT_GRACE_S

    unfinished = mocking.unfinished_sessions(col)
    if args.resume:
        if not unfinished:
            raise MockInputError("no unfinished mock interview to resume")
        record = unfinished[0]
        _say(f"resuming the mock interview of {len(record.questions)} questions "
             f"({mocking.resume_position(col, record)} answered)")
        return record
    if unfinished:
        _say(f"note: {len(unfinished)} unfinished mock interview(s) kept; --resume continues the newest")
    count = args.count
    if args.minutes is None:
        count = (args.count or 5) if files is None else min(args.count or 5, files)
    rng = random.Random(args.seed) if args.seed is not None else None
    try:
        return mocking.start_session(col, decks=args.deck or None, count=count, minutes=args.minutes,
                                     grace_s=DEFAULT_GRACE_S if args.grace is None else args.grace,
                                     follow_ups=False, rng=rng)
    except InvalidInput as err:
        raise MockInputError(str(err)) from None


def _take_answers(col: Collection, record: MockRecord, wavs: list[Path]) -> None:
    """Each file answers its question: kept at once, analysed on a worker while the next is taken."""
    import soundfile

    from flashdeck.analysis.recognizers import RecognizerCache
    from flashdeck.collection import mocking, rehearsing

    done = mocking.answered(col, record.id)
    recognizers = RecognizerCache()
    pending: list[tuple[int, Future[Analysis]]] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="mock-analysis") as worker:
        for position, question in enumerate(record.questions):
            if (position, False) in done:
                kept_before = rehearsing.attempt(col, done[(position, False)])
                if kept_before.analysis is None and kept_before.audio_path is not None \
                        and kept_before.audio_path.is_file():  # cut off while it was analysed
                    job = rehearsing.prepare_analysis(col, kept_before.id)
                    pending.append((kept_before.id, worker.submit(_analyse, job, recognizers)))
                continue
            if position >= len(wavs):
                break
            wav = wavs[position]
            _say(f"Question {position + 1}/{len(record.questions)}: {question.prompt}")
            kept = rehearsing.new_recording_path(col, question.card_id)
            shutil.copyfile(wav, kept)
            duration_ms = round(soundfile.info(str(kept)).duration * 1000)
            made = mocking.record_answer(col, record, position, duration_ms=duration_ms, audio_path=kept)
            _say(f"  answer: {wav.name}, {duration_ms / 1000:.1f} s")
            job = rehearsing.prepare_analysis(col, made.id)
            pending.append((made.id, worker.submit(_analyse, job, recognizers)))
        for attempt_id, future in pending:
            rehearsing.save_analysis(col, attempt_id, future.result())


def _analyse(job: AnalysisJob, recognizers: RecognizerCache) -> Analysis:
    return job.run(recognizer=recognizers.get(job.model))


def _show(rows: list[ReportRow]) -> None:
    from flashdeck.core.mock_report import GRADE_NAMES
    from flashdeck.core.rehearsal import format_clock

    for row in rows:
        if not row.answered:
            continue
        assert row.duration_s is not None
        cover = "—" if row.coverage is None else f"{float(row.coverage):.0%}"
        suggested = "—" if row.suggested is None else f"{row.suggested} {GRADE_NAMES[row.suggested]}"
        _say(f"{row.position + 1}. {format_clock(row.duration_s)} ({row.zone_text}), covered {cover}, "
             f"suggested {suggested}: {row.prompt}")


def read_grades(lines: list[str], wanted: int) -> list[int | None]:
    """The grade lines as actions: 1–4 a grade, ``None`` for ``u`` (take the previous one back).

    ``MockInputError`` naming the line when one is not a grade, an undo has nothing to undo, or the lines
    end before ``wanted`` grades stand.
    """
    actions: list[int | None] = []
    standing = 0
    for number, raw in enumerate(lines, 1):
        text = raw.strip()
        if standing == wanted:
            if text:
                raise MockInputError(f"standard input line {number}: more grades than answers ({wanted})")
            continue
        if text.casefold() in ("u", "undo"):
            if standing == 0:
                raise MockInputError(f"standard input line {number}: nothing to undo")
            actions.append(None)
            standing -= 1
        elif text in ("1", "2", "3", "4"):
            actions.append(int(text))
            standing += 1
        else:
            raise MockInputError(f"standard input line {number}: {text!r} is not a grade (1-4, or u to undo)")
    if standing < wanted:
        raise MockInputError(f"standard input ended after {standing} grade(s); {wanted} answer(s) to grade")
    return actions


def _grade(col: Collection, record: MockRecord, rows: list[ReportRow], stdin: GradeInput) -> None:
    from flashdeck.collection import mocking

    todo = [r.position for r in rows if r.answered and r.grade is None]
    if not todo:
        return
    apply: Callable[[int, int], object] = lambda position, grade: mocking.grade(col, record, position, grade)  # noqa: E731
    if stdin.isatty():
        _grade_interactively(col, todo, apply, stdin)
        return
    _say(f"grades: {len(todo)} line(s) of 1-4 on standard input")
    actions = read_grades(stdin.read().splitlines(), len(todo))
    graded: list[int] = []
    for action in actions:
        if action is None:
            col.undo()
            graded.pop()
        else:
            position = todo[len(graded)]
            apply(position, action)
            graded.append(position)


def _grade_interactively(col: Collection, todo: list[int], apply: Callable[[int, int], object],
                         stdin: GradeInput) -> None:
    index = 0
    while index < len(todo):
        print(f"grade for question {todo[index] + 1} (1-4, u undo): ", end="", file=sys.stderr, flush=True)
        line = stdin.readline()
        if not line:
            raise MockInputError(f"standard input ended with {len(todo) - index} answer(s) left to grade")
        text = line.strip().casefold()
        if text in ("u", "undo") and index > 0:
            col.undo()
            index -= 1
        elif text in ("1", "2", "3", "4"):
            apply(todo[index], int(text))
            index += 1
        else:
            _say("  a grade is 1 (again), 2 (hard), 3 (good) or 4 (easy)")


def _print_summary(rows: list[ReportRow]) -> None:
    from flashdeck.core.mock_report import GRADE_NAMES
    from flashdeck.core.rehearsal import format_clock

    for row in rows:
        when = "not answered" if row.duration_s is None else f"{format_clock(row.duration_s)} ({row.zone_text})"
        grade = "—" if row.grade is None else GRADE_NAMES[row.grade]
        print(f"{row.position + 1}. {row.prompt}\n   {when}; covered "
              f"{'—' if row.coverage is None else f'{float(row.coverage):.0%}'}; suggested "
              f"{'—' if row.suggested is None else GRADE_NAMES[row.suggested]}; your grade {grade}")


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"mock": cmd_mock}
