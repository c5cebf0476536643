"""Audio analysis of a rehearsal recording: voice activity, offline transcription, delivery feedback.

No Qt and no database here. numpy, soundfile, webrtcvad, CTranslate2 and the
tokenizer (and pocketsphinx, the old recogniser) are imported only when a
recording is actually analysed, so importing this package costs nothing.
The recogniser is Whisper on CTranslate2 (``whisper.py``, model files in
``models.py``); ``live.py`` transcribes a recording while it grows.
"""

from flashdeck.analysis.analyze import Analysis, analyze
from flashdeck.analysis.audio import AudioError
from flashdeck.analysis.transcribe import AnalysisCancelled

__all__ = ["Analysis", "AnalysisCancelled", "AudioError", "analyze"]
