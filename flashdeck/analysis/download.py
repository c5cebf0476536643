"""Downloading an optional, larger speech model into the user's data folder — only when they ask.

The app never fetches anything on its own: Settings shows the model's size and
source and downloads it only after the user agrees (``flashdeck.ui.model_download``).
Files go to ``<models>/<name>.part/`` first; each is checked against its
published size and checksum (``models.FileSpec``) as it arrives, and only a
complete, verified set is moved to ``<models>/<name>/`` (one rename), so a
cut connection, a cancel or a tampered file leaves no half-model behind. A
file already there and verified is not downloaded again.
"""

from __future__ import annotations

import os
import shutil
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from flashdeck.analysis.models import FileSpec, ModelError, ModelSpec, default_models_dir, file_matches

__all__ = ["CHUNK", "DownloadCancelled", "download_model"]

CHUNK = 1 << 16
TIMEOUT_S = 30


class DownloadCancelled(Exception):
    """The user stopped the download; nothing was installed."""


def download_model(spec: ModelSpec, models_dir: Path | None = None, *,
                   progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None, base_url: str | None = None) -> Path:
    """Download and verify every file of ``spec``; the installed folder.

    ``progress(done_bytes, total_bytes)`` is called as data arrives; ``cancelled()``
    is polled between chunks. ``base_url`` replaces the model's own source (tests
    serve the files from 127.0.0.1).

    Raises:
        ModelError: the source cannot be reached, or a file is not what it should be.
        DownloadCancelled: ``cancelled()`` returned true.
    """
    source = base_url or spec.base_url
    if not source:
        raise ModelError(f"speech model {spec.name} is installed with the app, not downloaded")
    folder = (models_dir or default_models_dir()) / spec.name
    staging = folder.with_name(spec.name + ".part")
    staging.mkdir(parents=True, exist_ok=True)
    total = spec.download_size
    done = 0
    try:
        for file in spec.files:
            target = staging / file.name
            installed = folder / file.name
            if not file_matches(target, file) and file_matches(installed, file):
                shutil.copyfile(installed, target)  # a repair: keep what is good
            if not file_matches(target, file):
                done = _fetch(source.rstrip("/") + "/" + file.name, target, file, done, total, progress, cancelled)
            else:
                done += target.stat().st_size
                if progress is not None:
                    progress(done, total)
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(staging, folder)
    except DownloadCancelled:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return folder


def _fetch(url: str, target: Path, spec: FileSpec, done: int, total: int,
           progress: Callable[[int, int], None] | None, cancelled: Callable[[], bool] | None) -> int:
    partial = target.with_name(target.name + ".download")
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_S) as response, partial.open("wb") as out:
            got = 0
            while True:
                if cancelled is not None and cancelled():
                    raise DownloadCancelled
                block = response.read(CHUNK)
                if not block:
                    break
                got += len(block)
                if spec.size is not None and got > spec.size:
                    raise ModelError(f"{url}: larger than the {spec.size} bytes expected")
                out.write(block)
                done += len(block)
                if progress is not None:
                    progress(done, max(total, done))
    except (urllib.error.URLError, OSError, TimeoutError) as err:
        partial.unlink(missing_ok=True)
        reason = getattr(err, "reason", None) or err
        raise ModelError(f"could not download {url}: {reason}") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    if not file_matches(partial, spec):
        partial.unlink(missing_ok=True)
        raise ModelError(f"{url}: the file is not the expected one (size or checksum mismatch); nothing was installed")
    os.replace(partial, target)
    return done
