"""Speech for the recording and playback tests: flite, once per session (no audio is committed).

The virtual microphone itself is the ``virtual_mic`` fixture (tests/vmic.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from damage import make_collection
from helpers import START
from mounts import read_only_view
from PySide6.QtCore import QSettings
from speech import SHORT, speak

from flashdeck.collection import Collection
from flashdeck.core.clock import ManualClock

# About eight seconds in flite's voice.
SPOKEN = ("I measured every request on the checkout page. "
          "We found forty slow database calls and fixed them in two weeks.")


@pytest.fixture(autouse=True)
def own_preferences(tmp_path: Path) -> Path:
    """Each test its own QSettings folder: a window geometry saved by one test never sizes the next."""
    folder = tmp_path / "config"
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture(scope="session")
def ui_speech_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ui-speech")


@pytest.fixture(scope="session")
def spoken_wav(ui_speech_dir: Path) -> Path:
    return speak(SPOKEN, ui_speech_dir / "spoken.wav")


@pytest.fixture(scope="session")
def spoken_flac(ui_speech_dir: Path) -> Path:
    """A short sentence as 44.1 kHz stereo FLAC (what a music-grade file would be)."""
    return speak(SHORT, ui_speech_dir / "short-stereo.wav", rate=44100, channels=2, flac=True)


@pytest.fixture(scope="session")
def spoken_text() -> str:
    """What ``spoken_wav`` says."""
    return SPOKEN


@pytest.fixture
def read_only_col(tmp_path: Path) -> Iterator[Collection]:
    """A collection of five notes opened through a read-only view of its folder: every write fails."""
    make_collection(tmp_path / "source" / "collection.db", notes=5, answers=0)
    with read_only_view(tmp_path / "source", tmp_path / "view") as view:
        col = Collection.open(view / "collection.db", clock=ManualClock(START), fuzz=False)
        try:
            yield col
        finally:
            col.close()
