"""Transcribing a recording while it grows: windows cut at pauses, decoded as soon as they close,
handed over to the final analysis, which decodes only the rest."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile
from speech import normalised_words, word_error_rate

from flashdeck.analysis import Analysis, analyze
from flashdeck.analysis.live import LiveTranscript
from flashdeck.analysis.recognizers import Recognizer
from flashdeck.analysis.whisper import MAX_WINDOW_S, PAUSE_CUT_S, plan_windows


def test_windows_end_at_pauses_and_stay_under_the_encoder_limit() -> None:
    spans = [(0.0, 5.0), (5.2, 9.0), (10.5, 12.0)] + [(12.1 + i, 12.9 + i) for i in range(40)]
    windows = plan_windows(spans)
    assert windows[0][1] < 10.5 and windows[1][0] > 9.0  # the 1.5 s pause (>= PAUSE_CUT_S) ends a window
    assert all(end - start <= MAX_WINDOW_S + 0.5 for start, end in windows)
    assert windows[-1][1] >= 51.9 and PAUSE_CUT_S < 1.5
    assert plan_windows([(0.0, 70.0)]) == [(0.0, 28.0), (28.0, 56.0), (56.0, 70.2)]  # no pause at all
    assert plan_windows([(3.0, 4.0)], floor_s=2.95)[0][0] >= 2.95  # never back into decoded audio


def test_a_growing_recording_is_transcribed_as_it_grows(story_wav: Path, story: Analysis, recognizer: Recognizer,
                                                        tmp_path: Path) -> None:
    data, rate = soundfile.read(str(story_wav), dtype="int16")
    assert rate == 16000
    growing = tmp_path / "growing.wav"
    with soundfile.SoundFile(str(growing), "w", samplerate=rate, channels=1, subtype="PCM_16") as out:
        live = LiveTranscript(growing, lambda: recognizer)
        decoded = 0
        for start in range(0, len(data), rate * 5):  # five seconds at a time, as a recorder flushes
            out.write(data[start:start + rate * 5])
            out.flush()
            decoded += live.poll()
    assert decoded >= 3 and live.until_s > story.duration_s / 2  # most windows closed before the end
    heard, until = live.finish()
    final = analyze(growing, recognizer=recognizer, heard=heard, heard_until_s=until)
    assert abs(final.words - story.words) <= 3  # the same answer, whether decoded live or all at the end
    reference, hypothesis = normalised_words(story.transcript), normalised_words(final.transcript)
    assert word_error_rate(reference, hypothesis) <= 0.03


def test_another_format_is_left_to_the_final_analysis(tmp_path: Path, recognizer: Recognizer) -> None:
    stereo = tmp_path / "stereo.wav"
    soundfile.write(str(stereo), np.zeros((44100, 2), dtype=np.int16), 44100)
    live = LiveTranscript(stereo, lambda: recognizer)
    assert live.poll() == 0
    assert live.finish() == ([], 0.0)
