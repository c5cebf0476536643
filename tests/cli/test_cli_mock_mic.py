"""`flashdeck mock` answered out loud in the terminal: a child process records the virtual microphone.

The child asks each question (flite, played through the private PulseAudio: the clock starts when it
has been heard), says "answer now" on standard error once the microphone is recording; the test then
plays an answer into the microphone (tests/vmic.py) and presses Enter on the child's standard input.
The JSON report's durations and transcripts are checked against what was played, the recordings
against the attempts, the grades against the reviews; no microphone is one line and writes nothing.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import soundfile
from answers import ANSWERS
from speech import speak
from vmic import VirtualMic

from flashdeck.cli import main
from flashdeck.collection import Collection, mocking, rehearsing
from flashdeck.core.notes import NoteDraft

pytestmark = pytest.mark.usefixtures("virtual_mic")

SAID = {"warehouse": "Refunds fell by about eighty thousand dollars a quarter.",
        "migration": "We finished in six weeks with no downtime at all."}


@pytest.fixture(scope="module")
def said(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("mock-mic")
    return {key: speak(text, folder / f"{key}.wav") for key, text in SAID.items()}


def _cards(db: Path) -> None:
    """Two stories, and a pitch whose clock runs out (window 1-2 s, grace 1 s) while nobody speaks."""
    with Collection.open(db) as col:
        col.add_notes([NoteDraft("story", {"title": a.key, "answers": f"Tell me about the {a.key} project.",
                                           **a.card}) for a in ANSWERS[:2]], deck="Prep")
        col.add_notes([NoteDraft("pitch", {"label": "Tiny pitch", "text": "I build things."}, target=(1, 2))],
                      deck="Prep")


def test_answers_recorded_from_the_microphone_until_enter_or_time_up(
        virtual_mic: VirtualMic, said: dict[str, Path], tmp_path: Path) -> None:
    db = tmp_path / "collection.db"
    _cards(db)
    child = subprocess.Popen([sys.executable, "-m", "flashdeck", "--db", str(db), "mock", "--count", "3",
                              "--grace", "1", "--voice", "speak", "--json"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, **virtual_mic.client_env})
    assert child.stdin is not None and child.stdout is not None and child.stderr is not None
    played: list[str] = []
    seen: list[str] = []
    try:
        for line in child.stderr:
            seen.append(line)
            if line.startswith("Question "):
                played.append(next((key for key in SAID if key in line), "pitch"))
            elif line.startswith("  answer now") and played[-1] != "pitch":
                speaker = virtual_mic.play(said[played[-1]])
                assert speaker.wait(timeout=30) == 0
                child.stdin.write("\n")  # Enter: the answer ends
                child.stdin.flush()
            # The pitch is not answered: its clock runs out, and the session goes on by itself.
            if line.startswith("  kept: ") and len(played) == 3:
                child.stdin.write("3\n4\n2\n")  # the grades, one line each
                child.stdin.close()
                break
        out = child.stdout.read()
        seen += child.stderr.readlines()
    finally:
        child.wait(timeout=60)
        for pipe in (child.stdin, child.stdout, child.stderr):
            pipe.close()
    assert child.returncode == 0, "".join(seen)
    questions = json.loads(out)["questions"]
    assert "  time is up\n" in seen and sorted(played) == ["migration", "pitch", "warehouse"]
    assert [q["prompt"] for q in questions] == [
        "Give your pitch: Tiny pitch" if key == "pitch" else f"Tell me about the {key} project." for key in played]
    by_key = dict(zip(played, questions, strict=True))
    for key in SAID:
        spoken = soundfile.info(str(said[key])).duration
        # The clock runs from the end of the question to Enter, pressed once the answer had been played.
        assert spoken <= by_key[key]["duration_s"] < spoken + 5, (by_key[key], spoken)
    assert by_key["pitch"]["duration_s"] == pytest.approx(3.0, abs=0.25)  # the window's end (2 s) + grace (1 s)
    assert by_key["pitch"]["transcript"] == ""  # nothing said, nothing invented
    first, second = by_key["warehouse"]["transcript"].casefold(), by_key["migration"]["transcript"].casefold()
    assert "refunds" in first and "quarter" in first, first
    assert "six weeks" in second or "6 weeks" in second, second
    assert [q["grade"] for q in questions] == [3, 4, 2]
    with Collection.open(db) as col:
        assert col.store.fetchall("SELECT card_id, rating FROM revlog ORDER BY id") == [
            (q["card_id"], q["grade"]) for q in questions]
        assert mocking.unfinished_sessions(col) == []
        for question in questions:
            [kept] = rehearsing.attempts_for_card(col, question["card_id"])
            assert kept.audio_path is not None and kept.transcript == question["transcript"]
            recorded = soundfile.info(str(kept.audio_path))
            assert (recorded.samplerate, recorded.channels) == (16000, 1)
            assert abs(recorded.duration - question["duration_s"]) < 0.5  # the file is the answer, start to Enter


def test_no_microphone_is_one_line_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path / 'no-server'}")
    db = tmp_path / "new.db"
    err = io.StringIO()
    assert main(["--db", str(db), "mock"], stderr=err) == 1
    [line] = err.getvalue().splitlines()
    assert line.startswith("flashdeck: no microphone: ") and "PulseAudio" in line
    assert not db.exists()
    assert shutil.which("flite")  # the voice the session above asked with
