"""Settings → Speech recognition: a larger model is downloaded only with consent, with progress, verified;
served for real by a local HTTP server on 127.0.0.1 (the packaged model's own files)."""

from __future__ import annotations

from pathlib import Path

import pytest
from model_server import COPY, serve_model_files
from pytestqt.qtbot import QtBot

from flashdeck.analysis.models import BUNDLED, is_installed
from flashdeck.collection import Collection
from flashdeck.collection.rehearsing import SPEECH_MODEL, speech_model
from flashdeck.ui.dialogs.model_download import SpeechModelBox
from flashdeck.ui.dialogs.settings import SettingsDialog
from flashdeck.ui.events import AppEvents

pytestmark = pytest.mark.gui


def test_download_asks_first_shows_progress_and_installs(qtbot: QtBot, tmp_path: Path) -> None:
    models, served = tmp_path / "models", tmp_path / "served"
    served.mkdir()
    with serve_model_files(served) as url:
        box = SpeechModelBox(COPY.name, models_dir=models, base_url=url,
                             catalogue={BUNDLED.name: BUNDLED, COPY.name: COPY})
        qtbot.addWidget(box)
        assert not box.ready() and not box.download.isHidden()
        assert "nothing is fetched unless you choose Download" in box.status.text()
        dialog = box.open_download()
        qtbot.addWidget(dialog)
        # Consent first: the size, the source and the folder are shown, and nothing has been fetched.
        text = dialog.message.text()
        assert "78 MB" in text and "127.0.0.1" in text and str(models / COPY.name) in text
        assert not models.exists() and dialog.progress.value() == 0
        values: list[int] = []
        dialog.progress.valueChanged.connect(values.append)
        with qtbot.waitSignal(dialog.downloaded, timeout=60_000):
            dialog.download_button.click()
        qtbot.waitUntil(lambda: dialog.cancel_button.text() == "Close", timeout=10_000)
    assert values == sorted(values) and values[-1] == 1000 and len(values) > 10
    assert "installed and verified" in dialog.status.text()
    assert is_installed(COPY, models) and box.ready() and box.download.isHidden()
    dialog.cancel_button.click()  # now "Close"
    assert not dialog.isVisible()


def test_a_failed_download_says_so_and_installs_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    box = SpeechModelBox(COPY.name, models_dir=tmp_path, base_url="http://127.0.0.1:9/",
                         catalogue={BUNDLED.name: BUNDLED, COPY.name: COPY})
    qtbot.addWidget(box)
    dialog = box.open_download()
    qtbot.addWidget(dialog)
    dialog.download_button.click()
    qtbot.waitUntil(lambda: dialog.download_button.isEnabled(), timeout=30_000)
    assert "could not download http://127.0.0.1:9/" in dialog.status.text()
    assert dialog.download_button.text() == "Try again" and not box.ready()
    assert not (tmp_path / COPY.name).exists()


def test_settings_keep_the_choice_and_refuse_a_model_not_downloaded(
        qtbot: QtBot, col: Collection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLASHDECK_MODELS_DIR", str(tmp_path / "models"))
    dialog = SettingsDialog(col, AppEvents())
    qtbot.addWidget(dialog)
    box = dialog.speech
    assert box.chosen() == BUNDLED.name and box.ready() and box.download.isHidden()
    box.combo.setCurrentIndex(box.combo.findData("base.en"))
    assert not box.download.isHidden() and "148 MB" in box.status.text()
    assert not dialog.save()
    assert "base.en speech model is not downloaded yet" in dialog.error_label.text()
    assert col.get_config(SPEECH_MODEL) is None and not (tmp_path / "models").exists()
    box.combo.setCurrentIndex(box.combo.findData(BUNDLED.name))
    assert dialog.save()
    assert speech_model(col) == BUNDLED.name
