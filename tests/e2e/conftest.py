"""A private X server for tests that run the real app in a real window."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def xvfb_display() -> Iterator[str]:
    """Start Xvfb on a free display; -displayfd tells us which, once it is ready."""
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    assert proc.stdout is not None
    number = proc.stdout.readline().strip()
    assert number.isdigit(), "Xvfb did not report a display"
    try:
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()
