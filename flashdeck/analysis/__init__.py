"""Audio analysis of a rehearsal recording: voice activity, offline transcription, delivery feedback.

No Qt and no database here. numpy, soundfile, webrtcvad and pocketsphinx are
imported only when a recording is actually analysed, so importing this
package costs nothing.
"""

from flashdeck.analysis.analyze import Analysis, analyze
from flashdeck.analysis.audio import AudioError
from flashdeck.analysis.transcribe import AnalysisCancelled

__all__ = ["Analysis", "AnalysisCancelled", "AudioError", "analyze"]
