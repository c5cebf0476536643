"""The real app killed with SIGKILL in the middle of a mock interview keeps the answer it had finished.

A `python -m flashdeck` process in a real window (Xvfb; keys typed with xdotool) and its own collection:
M and Enter start a mock interview; the first answer is played into the virtual microphone and ended
with Space; the app is killed (SIGKILL: no handler runs) while it records the second. The answer and
its recording are on disk and whole; the app opened again offers the interview (Enter continues it at
the second question, not a new one), takes the second answer, and analyses the first one it never had.
The moments are observed from outside: files appearing in the recordings folder, rows in the database.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import soundfile
from speech import speak
from vmic import VirtualMic

from flashdeck.collection import Collection, mocking, rehearsing
from flashdeck.core.notes import NoteDraft

SAID = ("We shipped the new search page in two weeks.", "I asked the night leads what slowed them down.")


def _wait_for(condition: Callable[[], object], timeout: float = 60) -> None:
    """Another process's progress: polled (there is no signal to wait on across processes)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the app did not get there in time"
        time.sleep(0.05)


def _xdotool(display: str, *args: str, check: bool = True) -> str:
    done = subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": display}, capture_output=True,
                          text=True, timeout=30, check=check)
    return done.stdout.strip()


def _press(display: str, window: str, *keys: str) -> None:
    _xdotool(display, "windowfocus", "--sync", window)
    for key in keys:
        _xdotool(display, "key", "--window", window, "--clearmodifiers", key, check=False)


def _app(db: Path, display: str, mic: VirtualMic) -> tuple[subprocess.Popen[str], str]:
    app = subprocess.Popen([sys.executable, "-m", "flashdeck", "--db", str(db)], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True,
                           env={**os.environ, **mic.client_env, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"})
    window = _xdotool(display, "search", "--sync", "--onlyvisible", "--pid", str(app.pid), "--name", "^FlashDeck$")
    return app, window.split()[0]


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute(sql).fetchall()


def _recordings(db: Path) -> list[Path]:
    return sorted((db.parent / "recordings").rglob("*.wav"), key=lambda p: p.stat().st_mtime_ns)


def _answer(display: str, window: str, mic: VirtualMic, wav: Path, db: Path, files_before: int) -> Path:
    """Wait until the app records the question's answer (its file grows), play the answer, press Space."""
    _wait_for(lambda: len(_recordings(db)) > files_before and _recordings(db)[-1].stat().st_size > 1_000)
    recording = _recordings(db)[-1]
    speaker = mic.play(wav)
    assert speaker.wait(timeout=30) == 0
    _press(display, window, "space")
    return recording


def test_a_killed_app_keeps_the_finished_answer_and_offers_the_interview_again(
        tmp_path: Path, xvfb_display: str, virtual_mic: VirtualMic) -> None:
    db = tmp_path / "collection.db"
    with Collection.open(db) as col:
        col.add_notes([NoteDraft("question", {"prompt": f"Question number {n}?", "great": "Say it"})
                       for n in ("one", "two")], deck="Prep")
        col.set_config("mock_voice", "screen")  # shown, not said: the clock starts after a reading time
        col.set_config("mock_count", 2)
    said = [speak(text, tmp_path / f"said{i}.wav") for i, text in enumerate(SAID)]

    app, window = _app(db, xvfb_display, virtual_mic)
    try:
        _press(xvfb_display, window, "m", "Return")  # Home → mock interview → start
        first = _answer(xvfb_display, window, virtual_mic, said[0], db, 0)
        _wait_for(lambda: _rows(db, "SELECT count(*) FROM mock_answers") == [(1,)])  # kept: committed
        _wait_for(lambda: len(_recordings(db)) == 2)  # the second answer is being recorded
        app.send_signal(signal.SIGKILL)
        assert app.wait(timeout=30) == -signal.SIGKILL
    finally:
        if app.poll() is None:
            app.kill()
        app.communicate()

    with Collection.open(db) as col:
        [record] = mocking.unfinished_sessions(col)
        assert mocking.resume_position(col, record) == 1
        [((position, _follow), attempt_id)] = mocking.answered(col, record.id).items()
        assert position == 0
        kept = rehearsing.attempt(col, attempt_id)
        assert kept.audio_path == first and kept.card_id == record.questions[0].card_id
        spoken, answered = soundfile.info(str(said[0])).duration, kept.duration_ms / 1000
        # The file was closed whole before the kill: all of the answer, from the clock's start to Space.
        assert spoken <= soundfile.info(str(first)).duration <= answered + 0.5

    app, window = _app(db, xvfb_display, virtual_mic)
    try:
        _press(xvfb_display, window, "m", "Return")  # the unfinished interview is offered; Enter continues it
        second = _answer(xvfb_display, window, virtual_mic, said[1], db, 2)
        _wait_for(lambda: _rows(db, "SELECT count(*) FROM mock_answers") == [(2,)])
        _wait_for(lambda: _rows(db, "SELECT count(*) FROM attempts WHERE analysis IS NULL") == [(0,)])
        _press(xvfb_display, window, "Escape", "ctrl+q")  # report → home, then quit
        app.wait(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
        _out, err = app.communicate()
    assert "Traceback" not in err
    with Collection.open(db) as col:
        assert _rows(db, "SELECT count(*) FROM mock_sessions") == [(1,)]  # continued, not started again
        answers = mocking.answered(col, record.id)
        assert sorted(answers) == [(0, False), (1, False)]
        second_kept = rehearsing.attempt(col, answers[(1, False)])
        assert second_kept.audio_path == second and second_kept.card_id == record.questions[1].card_id
        first_kept = rehearsing.attempt(col, answers[(0, False)])
        # (analysed after the kill)
        assert "search page" in (first_kept.transcript or "").casefold(), first_kept.transcript
        assert "night" in (second_kept.transcript or "").casefold(), second_kept.transcript
