"""An attempt's recording analysed the way the GUI will do it (job on a worker, save on the GUI thread)."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from speech import SHORT, speak

from flashdeck.analysis import Analysis
from flashdeck.collection import Collection, rehearsing
from flashdeck.core.notes import NoteDraft


def test_analyse_and_store_an_attempt(col: Collection, speech_dir: Path) -> None:
    col.add_notes([NoteDraft("pitch", {"label": "10-second pitch", "text": SHORT,
                                       "beats": "shipped the search page\na new search page"})], deck="Pitches")
    card = col.search("kind:pitch")[0]
    audio = rehearsing.new_recording_path(col, card)
    shutil.copy(speak(SHORT, speech_dir / "pitch.wav"), audio)
    attempt = rehearsing.record_attempt(col, card, duration_ms=3000, audio_path=audio, target=(2, 5))
    job = rehearsing.prepare_analysis(col, attempt.id)
    assert job.audio_path == audio and job.target == (2, 5) and len(job.points) == 2

    results: list[Analysis] = []
    worker = threading.Thread(target=lambda: results.append(job.run()))
    worker.start()
    worker.join()
    stored = rehearsing.save_analysis(col, attempt.id, results[0])
    assert stored.transcript == results[0].transcript and stored.words == results[0].words > 5
    assert stored.wpm is not None and stored.wpm > 0
    assert stored.coverage == 1.0 and stored.suggested_grade in (1, 2, 3, 4)
    again = stored.delivery()
    assert again is not None and again.to_dict(extra=True) == results[0].to_dict(extra=True)
    row = col.store.fetchall("SELECT wpm, coverage FROM attempts WHERE id=?", (attempt.id,))[0]
    assert row == (stored.wpm, 1.0)
