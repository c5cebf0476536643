"""`flashdeck rehearse analyze AUDIO`: the JSON contract, a card's coverage, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run_cli
from speech import SHORT, speak

from flashdeck.collection import Collection
from flashdeck.core.notes import NoteDraft

KEYS = {"duration_s", "speech_s", "pauses", "words", "wpm", "fillers", "i_count", "we_count", "numbers",
        "transcript", "in_target", "engine"}


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return speak(SHORT, tmp_path_factory.mktemp("cli") / "clip.wav", rate=22050)


def test_json_keys(clip: Path) -> None:
    proc = run_cli("rehearse", "analyze", str(clip), "--target", "0:02-0:10", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) == KEYS
    assert data["in_target"] is True and data["words"] >= 6
    assert "search page" in data["transcript"].casefold() and isinstance(data["numbers"], list)
    assert data["engine"] == "whisper-ct2/tiny.en"
    assert data["we_count"] == 1 and set(data["pauses"]) >= {"count", "longest_s", "over_3s"}
    assert proc.stderr == ""  # no progress noise when stderr is not a terminal


def test_coverage_of_a_card(clip: Path, db_path: Path) -> None:
    with Collection.open(db_path) as col:
        col.add_notes([NoteDraft("pitch", {"label": "10-second pitch", "text": SHORT,
                                           "beats": "shipped the search page\nhired a designer"})], deck="P")
        card = col.search("kind:pitch")[0]
    proc = run_cli("rehearse", "analyze", str(clip), "--card", str(card), "--json", db=db_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) == KEYS | {"coverage"}
    assert data["in_target"] is False  # the pitch's default window is 45-90 s
    points = {p["point"]: p["covered"] for p in data["coverage"]["points"]}
    assert points == {"shipped the search page": True, "hired a designer": False}
    assert data["coverage"]["fraction"] == 0.5
    text = run_cli("rehearse", "analyze", str(clip), "--card", str(card), db=db_path)
    assert text.returncode == 0
    assert "[x] shipped the search page" in text.stdout and "suggested grade:" in text.stdout


def test_errors_are_one_line(tmp_path: Path, clip: Path) -> None:
    missing = run_cli("rehearse", "analyze", str(tmp_path / "nope.wav"))
    assert missing.returncode == 1 and missing.stderr.strip().endswith("nope.wav: no such file")
    bogus = tmp_path / "bogus.flac"
    bogus.write_text("hello")
    bad = run_cli("rehearse", "analyze", str(bogus))
    assert bad.returncode == 1 and len(bad.stderr.splitlines()) == 1 and "not a WAV or FLAC" in bad.stderr
    window = run_cli("rehearse", "analyze", str(clip), "--target", "soon")
    assert window.returncode == 1 and "not a time window" in window.stderr
    card = run_cli("rehearse", "analyze", str(clip), "--card", "42", db=tmp_path / "c.db")
    assert card.returncode == 1 and "no card with id 42" in card.stderr
    assert run_cli("rehearse").returncode == 2
    model = run_cli("rehearse", "analyze", str(clip), "--model", "base.en",
                    env={"FLASHDECK_MODELS_DIR": str(tmp_path / "models")})
    assert model.returncode == 1 and len(model.stderr.splitlines()) == 1
    assert "speech model base.en" in model.stderr and "is missing" in model.stderr


def test_the_old_engine_on_request(clip: Path) -> None:
    proc = run_cli("rehearse", "analyze", str(clip), "--engine", "pocketsphinx", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["engine"] == "pocketsphinx" and data["fillers"]["approximate"] == []
    assert "search" in data["transcript"].casefold().split()


def test_reanalyze_attempts_of_the_old_engine(clip: Path, db_path: Path, tmp_path: Path) -> None:
    """An attempt analysed by pocketsphinx keeps its figures until it is analysed again, then has the new ones."""
    from flashdeck.analysis import analyze
    from flashdeck.collection import rehearsing

    with Collection.open(db_path) as col:
        col.add_notes([NoteDraft("pitch", {"label": "10-second pitch", "text": SHORT,
                                           "beats": "shipped the search page\nhired a designer"})], deck="P")
        card = col.search("kind:pitch")[0]
        audio = rehearsing.new_recording_path(col, card)
        audio.write_bytes(clip.read_bytes())
        made = rehearsing.record_attempt(col, card, duration_ms=3000, audio_path=audio)
        old = analyze(audio, engine="pocketsphinx")
        rehearsing.save_analysis(col, made.id, old)
        stored = rehearsing.attempt(col, made.id).delivery()
        assert stored is not None and stored.old_engine and rehearsing.old_engine_attempts(col) == [made.id]
    none = run_cli("rehearse", "reanalyze", db=db_path)
    assert none.returncode == 1 and "--old" in none.stderr
    proc = run_cli("rehearse", "reanalyze", "--old", db=db_path)
    assert proc.returncode == 0, proc.stderr
    assert f"attempt {made.id}:" in proc.stdout and "whisper-ct2/tiny.en" in proc.stdout
    with Collection.open(db_path) as col:
        again = rehearsing.attempt(col, made.id).delivery()
        assert again is not None and not again.old_engine and rehearsing.old_engine_attempts(col) == []
    missing = run_cli("rehearse", "reanalyze", "999", db=db_path)
    assert missing.returncode == 1 and "no attempt with id 999" in missing.stderr
