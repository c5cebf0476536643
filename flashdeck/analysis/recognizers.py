"""The recognisers ``analyze`` can use, behind one small interface.

``whisper`` (the default): Whisper on CTranslate2, ``flashdeck.analysis.whisper``.
``pocketsphinx``: the engine attempts were analysed with before issue #15; kept
for comparison (``bench/bench_analysis.py``) and for ``--engine pocketsphinx``.
Attempts it analysed say so (``Analysis.engine``) and can be analysed again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from flashdeck.analysis.transcribe import Word

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["ENGINES", "OLD_ENGINE", "Recognizer", "RecognizerCache", "make_recognizer"]

OLD_ENGINE = "pocketsphinx"
ENGINES = ("whisper", OLD_ENGINE)


class Recognizer(Protocol):
    engine: str

    @property
    def version(self) -> str: ...

    def transcribe(self, samples: npt.NDArray[np.int16], spans: Sequence[tuple[float, float]],
                   progress: Callable[[float], None] | None = None,
                   cancelled: Callable[[], bool] | None = None, *, from_s: float = 0.0,
                   context: Sequence[Word] = (), quick: bool = False) -> list[Word]: ...


def make_recognizer(engine: str | None = None, model: str | None = None,
                    models_dir: Path | None = None) -> Recognizer:
    """Load a recogniser: ``engine`` "whisper" (default) with ``model`` (default tiny.en), or "pocketsphinx"."""
    if engine in (None, "whisper"):
        from flashdeck.analysis.models import BUNDLED
        from flashdeck.analysis.whisper import WhisperRecognizer

        return WhisperRecognizer(model or BUNDLED.name, models_dir=models_dir)
    if engine == OLD_ENGINE:
        from flashdeck.analysis.transcribe import Transcriber

        return Transcriber()
    raise ValueError(f"unknown speech engine {engine!r} (known: {', '.join(ENGINES)})")


class RecognizerCache:
    """One loaded recogniser per model, made on first use and shared (the live transcription and the
    final analysis of an attempt use the same one). Thread-safe; owned by whoever analyses (no global)."""

    def __init__(self, models_dir: Path | None = None) -> None:
        import threading

        self._models_dir = models_dir
        self._loaded: dict[str, Recognizer] = {}
        self._lock = threading.Lock()

    def get(self, model: str | None = None, engine: str | None = None) -> Recognizer:
        key = f"{engine or 'whisper'}:{model or ''}"
        with self._lock:
            if key not in self._loaded:
                self._loaded[key] = make_recognizer(engine, model, self._models_dir)
            return self._loaded[key]

    def warm(self, model: str | None = None, engine: str | None = None) -> Recognizer:
        """Load the recogniser and run it once on a second of silence, so the first answer pays for neither.

        Loading takes ~0.5-1 s and the first decode after it is slower than the next ones (buffers allocated);
        a mock interview warms it while its first question is asked (docs/performance.md).
        """
        import numpy as np

        from flashdeck.analysis.audio import RATE

        recognizer = self.get(model, engine)
        decode = getattr(recognizer, "transcribe_window", None)
        if decode is not None:
            decode(np.zeros(RATE, dtype=np.int16), 0.0, 1.0)
        return recognizer
