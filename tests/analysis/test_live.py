"""Transcribing a recording while it grows: windows cut at pauses, decoded as soon as they close,
handed over to the final analysis, which decodes only the rest."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import soundfile
from speech import STORY, normalised_words, speak, word_error_rate

from flashdeck.analysis import Analysis, analyze
from flashdeck.analysis.audio import load_recording
from flashdeck.analysis.live import LIVE_MAX_S, SETTLE_S, LiveTranscript
from flashdeck.analysis.recognizers import Recognizer
from flashdeck.analysis.voice import detect_voice
from flashdeck.analysis.whisper import MAX_WINDOW_S, PAUSE_CUT_S, SETTLE_GAP_S, context_prompt, plan_windows


def test_windows_end_at_pauses_and_stay_under_the_encoder_limit() -> None:
    spans = [(0.0, 5.0), (5.2, 9.0), (10.5, 12.0)] + [(12.1 + i, 12.9 + i) for i in range(40)]
    windows = plan_windows(spans)
    assert windows[0][1] < 10.5 and windows[1][0] > 9.0  # the 1.5 s pause (>= PAUSE_CUT_S) ends a window
    assert all(end - start <= MAX_WINDOW_S + 0.5 for start, end in windows)
    assert windows[-1][1] >= 51.9 and PAUSE_CUT_S < 1.5
    assert plan_windows([(0.0, 70.0)]) == [(0.0, 28.0), (28.0, 56.0), (56.0, 70.2)]  # no pause at all
    assert plan_windows([(3.0, 4.0)], floor_s=2.95)[0][0] >= 2.95  # never back into decoded audio


def test_a_long_window_ends_at_the_next_breath_when_settling() -> None:
    # 2.5-s phrases with 0.3-s breaths between them: no pause a listener notices (< PAUSE_CUT_S), 34 s in all.
    breathing = [(i * 2.8, i * 2.8 + 2.5) for i in range(12)]
    assert SETTLE_GAP_S <= 0.3 < PAUSE_CUT_S
    assert len(plan_windows(breathing)) == 2  # without settling: one window until the encoder's limit
    windows = plan_windows(breathing, max_s=16.0, settle_s=8.0)
    assert len(windows) == 4
    for (start, end), (following, _) in itertools.pairwise(windows):
        assert end - start >= 8.0  # a window is at least settle_s long before a breath ends it ...
        assert end - start <= 8.0 + 2.8 + 0.4  # ... and ends at the first breath after that
        assert end <= following  # padding stays in the breath, never in the next phrase
    # A gap shorter than a breath (a consonant's silence) never ends a window, only the maximum does.
    tight = [(i * 2.6, i * 2.6 + 2.5) for i in range(12)]
    assert all(end - start > 14.0 for start, end in plan_windows(tight, max_s=16.0, settle_s=8.0)[:-1])
    assert plan_windows(tight, max_s=16.0) == plan_windows(tight, max_s=16.0, settle_s=8.0)


def test_a_live_window_closes_at_a_breath_and_the_rest_is_left_to_the_final_pass(
        speech_dir: Path, recognizer: Recognizer, tmp_path: Path) -> None:
    paragraph = STORY.split("\n")[1]  # about 34 s in one breath group: no pause of PAUSE_CUT_S
    wav = speak(paragraph, speech_dir / "paragraph.wav")
    spans = detect_voice(load_recording(wav).samples).spans
    gaps = [(a[1], b[0]) for a, b in itertools.pairwise(spans)]
    assert all(end - start < PAUSE_CUT_S for start, end in gaps)  # the old rule would close nothing before 28 s
    data, rate = soundfile.read(str(wav), dtype="int16")
    growing = tmp_path / "growing.wav"
    closes: list[tuple[float, float]] = []  # (seconds written when a window closed, where it ended)
    with soundfile.SoundFile(str(growing), "w", samplerate=rate, channels=1, subtype="PCM_16") as out:
        live = LiveTranscript(growing, lambda: recognizer)
        written = 0
        while len(closes) < 2:
            assert written < len(data), f"a window did not close while the paragraph was spoken: {closes}"
            out.write(data[written:written + rate // 2])  # half a second at a time, as a recorder flushes
            out.flush()
            written += rate // 2
            if live.poll():
                closes.append((written / rate, live.until_s))
                if len(closes) == 1:
                    early = normalised_words(" ".join(w.text for w in live.words))
        out.write(data[written:])
    (first_at, first_end), (second_at, second_end) = closes
    # The first closed at a breath once SETTLE_S long, well before LIVE_MAX_S, between two words.
    assert SETTLE_S <= first_end < first_at <= LIVE_MAX_S
    assert any(start <= first_end <= end and end - start >= SETTLE_GAP_S for start, end in gaps)
    assert early and word_error_rate(normalised_words(paragraph)[:len(early)], early) <= 0.15
    # No breath after it: the second was cut at a gap once LIVE_MAX_S was heard, while the speech went on.
    assert second_at <= first_end + LIVE_MAX_S + 1.0 and second_end < second_at
    assert any(start <= second_end <= end for start, end in gaps)
    heard, until = live.finish()
    final = analyze(growing, recognizer=recognizer, heard=heard, heard_until_s=until)
    assert word_error_rate(normalised_words(paragraph), normalised_words(final.transcript)) <= 0.08
    assert context_prompt(heard).endswith(heard[-1].text)  # the next window is told what was just said


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


def test_quick_mode_decodes_a_short_answer_with_a_short_input_and_catches_a_loop(
        speech_dir: Path, recognizer: Recognizer) -> None:
    from flashdeck.analysis.whisper import looks_repeated

    text = "We finished the migration in six weeks, and nobody noticed the switch."
    wav = speak(text, speech_dir / "quick.wav")
    samples = load_recording(wav).samples
    spans = detect_voice(samples).spans
    quick = recognizer.transcribe(samples, spans, quick=True)
    full = recognizer.transcribe(samples, spans)
    assert word_error_rate(normalised_words(text), normalised_words(" ".join(w.text for w in quick))) <= 0.1
    assert word_error_rate(normalised_words(" ".join(w.text for w in full)),
                           normalised_words(" ".join(w.text for w in quick))) <= 0.1
    # What a shorter input sometimes makes Whisper write: the sentence twice. Caught, then decoded with 30 s.
    said = ["the", "first", "thing", "I", "did", "was", "cut", "the", "scope"]
    assert looks_repeated(said + said, 3.0) and not looks_repeated(said, 3.0)
    assert looks_repeated(["word"] * 30, 4.0)  # more words than four seconds hold
    assert not looks_repeated(["we", "had", "we", "had", "a", "plan"], 2.0)  # a speaker's own short restart
