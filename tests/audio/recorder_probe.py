"""What ``Recorder`` says on this process's sound server, as JSON on stdout (run by tests/ui/test_recorder.py).

A child process because Qt Multimedia connects to PulseAudio once per process:
the test process is bound to the virtual microphone for good.
usage: python recorder_probe.py OUTPUT.wav   (PULSE_SERVER chooses the server)
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from flashdeck.ui.rehearse.recorder import Recorder


def main() -> None:
    app = QApplication([])
    recorder = Recorder()
    failed: list[str] = []
    recorder.failed.connect(failed.append)
    target = Path(sys.argv[1])
    report = {"available": recorder.available(), "reason": recorder.unavailable_reason(),
              "devices": recorder.input_devices()}
    report["start"] = recorder.start(target)
    report["recording"] = recorder.is_recording()
    report["failed"] = failed
    report["file_exists"] = target.exists()
    app.processEvents()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
