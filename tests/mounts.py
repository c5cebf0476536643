"""Real full and read-only disks for the tests (root only, as in CI), always unmounted afterwards.

``tmpfs`` with a size gives a file system that fills up for real; a bind mount
remounted read-only gives a folder no one can write, root included.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

__all__ = ["fill", "read_only_view", "small_disk"]


def _run(*argv: str) -> None:
    subprocess.run(argv, check=True, capture_output=True, text=True, timeout=60)


def _unmount(folder: Path) -> None:
    # Lazily: a process a failed test left running must not keep the mount (and the next test) hanging.
    subprocess.run(["umount", "-l", str(folder)], check=False, capture_output=True, timeout=60)


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "4m") -> Iterator[Path]:
    """``folder`` as a file system of ``size``."""
    assert os.geteuid() == 0, "a real full disk needs root (mount -t tmpfs); CI runs as root"
    folder.mkdir(parents=True, exist_ok=True)
    _run("mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        _unmount(folder)


def fill(folder: Path) -> Path:
    """Take every free byte of the file system ``folder`` is on; returns the filler (delete it to free them)."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        for size in (1 << 16, 512, 1):  # big blocks, then what is left of the last one
            with contextlib.suppress(OSError):
                while os.write(fd, b"\0" * size):
                    pass
    finally:
        os.close(fd)
    assert os.statvfs(folder).f_bavail == 0
    return filler


@contextlib.contextmanager
def read_only_view(source: Path, view: Path) -> Iterator[Path]:
    """``source`` seen through ``view``, read-only (a bind mount, then remounted ``ro``)."""
    assert os.geteuid() == 0, "a read-only mount needs root; CI runs as root"
    view.mkdir(parents=True, exist_ok=True)
    _run("mount", "--bind", str(source), str(view))
    try:
        _run("mount", "-o", "remount,bind,ro", str(view))
        yield view
    finally:
        _unmount(view)
