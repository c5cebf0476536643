"""Watching a `flashdeck` child process from outside, and killing it at a chosen moment.

The crash tests kill a real process with SIGKILL at points they observe for
real, not at points a test hook announces: the size of the SQLite write-ahead
log and of other files, and whether the child holds SQLite's write lock.

In WAL mode SQLite takes its write lock as a POSIX record lock on byte 120 of
the ``-shm`` file (the first of the WAL lock bytes; see ``unixShmLock`` in
SQLite's os_unix.c). ``F_GETLK`` asks the kernel who holds it without taking
it, so watching does not disturb the child's timing or locking.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

__all__ = ["Child", "file_size", "write_lock_holder"]

_WAL_WRITE_LOCK_BYTE = 120
_FLOCK = "hhqqi"  # struct flock on Linux: l_type, l_whence, l_start, l_len, l_pid
# Another process's progress cannot be waited on with a signal: it is polled, this often.
POLL_S = 0.0002


def write_lock_holder(db: Path) -> int | None:
    """The pid of the process holding ``db``'s WAL write lock, or ``None``."""
    try:
        fd = os.open(f"{db}-shm", os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        query = struct.pack(_FLOCK, fcntl.F_WRLCK, os.SEEK_SET, _WAL_WRITE_LOCK_BYTE, 1, 0)
        l_type, _whence, _start, _len, pid = struct.unpack(_FLOCK, fcntl.fcntl(fd, fcntl.F_GETLK, query))
    finally:
        os.close(fd)
    return None if l_type == fcntl.F_UNLCK else pid


def file_size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return None


class Child:
    """A `python -m flashdeck ...` process that a test may kill when a condition holds."""

    def __init__(self, argv: list[str], stdin: str | None = None) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "flashdeck", *argv],
                                     stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env={**os.environ, "PYTHONUNBUFFERED": "1"})
        if stdin is not None:
            assert self.proc.stdin is not None
            self.proc.stdin.write(stdin)  # small: fits the pipe's buffer, so this never blocks
            self.proc.stdin.close()
        self.killed = False
        self.held_write_lock_when_killed = False
        self.out = self.err = ""

    @property
    def pid(self) -> int:
        return self.proc.pid

    def kill_when(self, condition: Callable[[], bool], db: Path | None = None, timeout: float = 60) -> bool:
        """SIGKILL the child as soon as ``condition()`` is true; false if it exited first."""
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None:
            if condition():
                if db is not None:
                    self.held_write_lock_when_killed = write_lock_holder(db) == self.pid
                self.kill()
                return True
            assert time.monotonic() < deadline, "the child neither finished nor reached the point"
            time.sleep(POLL_S)
        self.finish()
        return False

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.killed = True
        self.finish()
        assert self.proc.returncode == -signal.SIGKILL

    def finish(self, timeout: float = 60) -> int:
        """Wait for the child to end; keeps what it printed. Returns its exit code."""
        self.proc.stdin = None  # already written and closed, if there was any
        self.out, self.err = self.proc.communicate(timeout=timeout)
        return self.proc.returncode

    def __enter__(self) -> Child:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()
            self.proc.wait()

