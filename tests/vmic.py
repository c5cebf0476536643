"""A private PulseAudio with a virtual microphone, for every test that touches Qt Multimedia.

A pytest plugin (``pytest_plugins`` in tests/conftest.py). The daemon is
tests/audio/virtual-mic.sh: a null sink ``vsink`` and its monitor remapped as
the default source ``vmic``; what is played into ``vsink`` is what the
microphone hears.

Why it is set up this way: Qt Multimedia connects to PulseAudio once per
process, the first time it is used, and never again when the server was not
there. So the client environment (``PULSE_SERVER`` …) is set when pytest
configures itself, before any QApplication exists, and the daemon is started as
soon as collection has found a test that may touch Qt (uses ``qtbot``/``qapp``,
is marked ``gui``, lives in ui/ or e2e/, or asks for ``virtual_mic``) — before
the first test runs, whatever the order. Runs without such tests start nothing.

``virtual_mic`` (session) also waits until the microphone really delivers
sound: for about two seconds after the daemon starts it delivers nothing, and a
recording made then comes back short.
"""

from __future__ import annotations

import os
import selectors
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent / "audio" / "virtual-mic.sh"
SINK, SOURCE = "vsink", "vmic"
_QT_FIXTURES = {"qtbot", "qapp", "virtual_mic"}
_QT_FOLDERS = {"ui", "e2e"}


class VirtualMic:
    """The daemon, controlled through tests/audio/virtual-mic.sh."""

    def __init__(self, runtime_dir: Path) -> None:
        self.runtime_dir = runtime_dir
        self.running = False

    @property
    def client_env(self) -> dict[str, str]:
        """What a client (Qt, paplay, a child process) needs to use this server."""
        return {"PULSE_SERVER": f"unix:{self.runtime_dir}/pulse/native",
                "PULSE_COOKIE": str(self.runtime_dir / "cookie"),
                "PULSE_CLIENTCONFIG": str(self.runtime_dir / "client.conf")}

    def _script(self, command: str) -> None:
        done = subprocess.run(["bash", str(SCRIPT), command, str(self.runtime_dir)], capture_output=True, text=True,
                              timeout=30, env={**os.environ, **self.client_env})
        if done.returncode != 0:
            log = self.runtime_dir / "pulse.log"
            detail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"virtual-mic.sh {command} failed: {done.stdout}{done.stderr}{detail}")

    def start(self) -> None:
        missing = [tool for tool in ("pulseaudio", "pactl", "pacat", "paplay", "parec") if not shutil.which(tool)]
        if missing:
            raise pytest.UsageError(f"{', '.join(missing)} missing: the Qt tests need a private PulseAudio "
                                    "(apt-get install pulseaudio pulseaudio-utils libpulse0; .ci/run installs them)")
        self._script("start")
        self.running = True

    def stop(self) -> None:
        if self.running:
            self.running = False
            self._script("stop")

    def wait_until_live(self, timeout_s: float = 15.0) -> None:
        """Block until ``vmic`` delivers audio (a tenth of a second of it): a condition, not a fixed sleep."""
        wanted = 3200  # 0.1 s of 16 kHz mono 16-bit
        reader = subprocess.Popen(["parec", f"--device={SOURCE}", "--raw", "--rate=16000", "--channels=1",
                                   "--format=s16le"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                  env={**os.environ, **self.client_env})
        assert reader.stdout is not None
        got = 0
        deadline = time.monotonic() + timeout_s
        try:
            with selectors.DefaultSelector() as selector:
                selector.register(reader.stdout, selectors.EVENT_READ)
                while got < wanted:
                    left = deadline - time.monotonic()
                    if left <= 0 or not selector.select(left):
                        raise RuntimeError(f"the virtual microphone delivered no audio within {timeout_s:.0f} s")
                    chunk = os.read(reader.stdout.fileno(), wanted)
                    if not chunk:
                        raise RuntimeError("parec ended before the virtual microphone delivered audio")
                    got += len(chunk)
        finally:
            reader.terminate()
            reader.wait(timeout=10)
            reader.stdout.close()

    def play(self, wav: Path) -> subprocess.Popen[bytes]:
        """Start playing ``wav`` into the microphone; wait for the returned process to end (``poll()``)."""
        return subprocess.Popen(["paplay", f"--device={SINK}", str(wav)], env={**os.environ, **self.client_env})

    def unplug(self) -> None:
        """Remove the microphone and the speaker, as when a USB headset is pulled out."""
        self._script("unplug")

    def plug(self) -> None:
        """Bring them back, and wait until the microphone delivers audio again."""
        self._script("plug")
        self.wait_until_live()

    @contextmanager
    def unplugged(self) -> Iterator[None]:
        """Unplugged inside the block, plugged back in (and live) after it."""
        self.unplug()
        try:
            yield
        finally:
            self.plug()


_mic: VirtualMic | None = None


def _needs_qt(item: pytest.Item) -> bool:
    return (bool(_QT_FIXTURES & set(getattr(item, "fixturenames", ()))) or item.get_closest_marker("gui") is not None
            or bool(_QT_FOLDERS & set(item.path.parts)))


def pytest_configure(config: pytest.Config) -> None:
    global _mic
    # Short and private: the socket path must fit in 108 bytes, and nothing goes to $HOME.
    _mic = VirtualMic(Path(tempfile.mkdtemp(prefix="flashdeck-pulse-")))
    os.environ.update(_mic.client_env)


def pytest_collection_finish(session: pytest.Session) -> None:
    if session.config.option.collectonly:
        return
    if _mic is not None and not _mic.running and any(_needs_qt(item) for item in session.items):
        _mic.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _mic is not None:
        try:
            _mic.stop()
        finally:
            shutil.rmtree(_mic.runtime_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def virtual_mic() -> VirtualMic:
    """The running virtual microphone, delivering audio (the default input and output of Qt in this process)."""
    assert _mic is not None
    if not _mic.running:
        _mic.start()
    _mic.wait_until_live()
    return _mic
