"""Downloading a larger model, for real, from a local HTTP server on 127.0.0.1 serving the packaged
model's own files: progress, checksums, a tampered file, a cancel, a server that is not there."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from model_server import COPY, serve_model_files

from flashdeck.analysis.download import DownloadCancelled, download_model
from flashdeck.analysis.models import BASE_EN, BUNDLED, ModelError, is_installed
from flashdeck.analysis.whisper import WhisperRecognizer


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """(base URL, folder) of an HTTP server on 127.0.0.1 serving a copy of the packaged model's files."""
    root = tmp_path_factory.mktemp("served")
    with serve_model_files(root) as url:
        yield url, root


def test_download_verifies_reports_progress_and_loads(served: tuple[str, Path], tmp_path: Path) -> None:
    url, _ = served
    seen: list[tuple[int, int]] = []
    folder = download_model(COPY, tmp_path, base_url=url, progress=lambda d, t: seen.append((d, t)))
    assert folder == tmp_path / COPY.name and is_installed(COPY, tmp_path)
    assert not (tmp_path / "tiny.en-copy.part").exists()
    done = [d for d, _ in seen]
    assert done == sorted(done) and seen[-1] == (COPY.download_size, COPY.download_size) and len(seen) > 100
    recognizer = WhisperRecognizer(models_dir=tmp_path, spec=COPY)  # loads, checked again by its SHA-256
    assert recognizer.version == "whisper-ct2/tiny.en-copy"
    # Again: everything verified is kept, nothing is fetched twice.
    again: list[tuple[int, int]] = []
    download_model(COPY, tmp_path, base_url=url, progress=lambda d, t: again.append((d, t)))
    assert len(again) == len(COPY.files)


def test_a_tampered_file_is_refused_and_nothing_is_installed(served: tuple[str, Path], tmp_path: Path) -> None:
    url, root = served
    vocabulary = root / "vocabulary.txt"
    original = vocabulary.read_bytes()
    vocabulary.write_bytes(original[:-1] + b"!")  # same size, other bytes
    try:
        with pytest.raises(ModelError, match=r"vocabulary\.txt: the file is not the expected one"):
            download_model(COPY, tmp_path, base_url=url)
    finally:
        vocabulary.write_bytes(original)
    assert not (tmp_path / COPY.name).exists() and not is_installed(COPY, tmp_path)
    # A damaged file in an installed model is caught when it loads.
    folder = download_model(COPY, tmp_path, base_url=url)
    (folder / "config.json").write_text("{}")
    with pytest.raises(ModelError, match=r"config\.json is damaged"):
        WhisperRecognizer(models_dir=tmp_path, spec=COPY)


def test_cancel_and_unreachable_leave_nothing(served: tuple[str, Path], tmp_path: Path) -> None:
    url, _ = served
    calls = 0

    def cancel_soon() -> bool:
        nonlocal calls
        calls += 1
        return calls > 50

    with pytest.raises(DownloadCancelled):
        download_model(COPY, tmp_path, base_url=url, cancelled=cancel_soon)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ModelError, match=r"could not download http://127\.0\.0\.1:9/"):
        download_model(COPY, tmp_path, base_url="http://127.0.0.1:9/")


def test_the_offered_model_is_pinned() -> None:
    """base.en comes from one fixed revision, with a checksum for every file, and is not installed by default."""
    assert "/resolve/3d3d5dee26484f91867d81cb899cfcf72b96be6c/" in BASE_EN.base_url
    assert all(f.sha256 or f.git_sha1 for f in BASE_EN.files)
    assert BASE_EN.download_size > 145_000_000
    with pytest.raises(ModelError, match="installed with the app"):
        download_model(BUNDLED)
