"""Speech made with flite once per session, the recogniser loaded once, and the 2-minute story analysed once."""

from __future__ import annotations

from pathlib import Path

import pytest
from speech import FILLERS, STORY, speak

from flashdeck.analysis import Analysis, analyze
from flashdeck.analysis.recognizers import Recognizer, make_recognizer


@pytest.fixture(scope="session")
def recognizer() -> Recognizer:
    """The real model (tiny.en, checked by its SHA-256 when it loads), loaded once for the session."""
    return make_recognizer()


@pytest.fixture(scope="session")
def speech_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("speech")


@pytest.fixture(scope="session")
def story_wav(speech_dir: Path) -> Path:
    return speak(STORY, speech_dir / "story.wav")


@pytest.fixture(scope="session")
def story(story_wav: Path, recognizer: Recognizer) -> Analysis:
    return analyze(story_wav, target=(120, 180), recognizer=recognizer)


@pytest.fixture(scope="session")
def fillers_wav(speech_dir: Path) -> Path:
    return speak(FILLERS, speech_dir / "fillers.wav")
