"""Speech made with flite once per session, and the 2-minute story analysed once (it takes ~15 s)."""

from __future__ import annotations

from pathlib import Path

import pytest
from speech import FILLERS, STORY, speak

from flashdeck.analysis import Analysis, analyze


@pytest.fixture(scope="session")
def speech_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("speech")


@pytest.fixture(scope="session")
def story_wav(speech_dir: Path) -> Path:
    return speak(STORY, speech_dir / "story.wav")


@pytest.fixture(scope="session")
def story(story_wav: Path) -> Analysis:
    return analyze(story_wav, target=(120, 180))


@pytest.fixture(scope="session")
def fillers_wav(speech_dir: Path) -> Path:
    return speak(FILLERS, speech_dir / "fillers.wav")
