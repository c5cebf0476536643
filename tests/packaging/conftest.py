"""The packaged app, built once per session (packaging/build.py, what `make package` runs) into a tmp dir."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import REPO


@dataclass(frozen=True)
class Package:
    app: Path  # the one-folder app's executable
    tarball: Path
    build_s: float


@pytest.fixture(scope="session")
def package(tmp_path_factory: pytest.TempPathFactory) -> Package:
    """Build from this checkout's files; gzip level 1 (the default 6 only makes it smaller, ~20 s slower)."""
    out = tmp_path_factory.mktemp("package")
    started = time.monotonic()
    done = subprocess.run([sys.executable, str(REPO / "packaging" / "build.py"), "--dist", str(out / "dist"),
                           "--work", str(out / "work"), "--compresslevel", "1"],
                          capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    app, tarball = (Path(line) for line in done.stdout.splitlines()[:2])
    return Package(app=app, tarball=tarball, build_s=time.monotonic() - started)
