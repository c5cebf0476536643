"""Whisper's input: an 80-band log-Mel spectrogram of 16 kHz audio, 100 frames a second, in numpy.

The same arithmetic as OpenAI's ``whisper.audio.log_mel_spectrogram`` (and
faster-whisper's numpy port of it, both MIT): a 400-sample Hann window every
160 samples, Slaney-scaled Mel filters, log10 clamped to 8 below the peak and
scaled to about -1..1. Computing it here keeps PyAV, torch and librosa out of
the app: the recogniser needs only numpy, CTranslate2 and the tokenizer.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["FRAMES_PER_SECOND", "HOP", "N_FFT", "WINDOW_FRAMES", "log_mel", "window_features"]

N_FFT = 400
HOP = 160
N_MELS = 80
FRAMES_PER_SECOND = 100
WINDOW_FRAMES = 3000  # the encoder always sees 30 s


@cache
def _filters(rate: int = 16000, n_fft: int = N_FFT, n_mels: int = N_MELS) -> npt.NDArray[np.float32]:
    """Slaney-style Mel filter bank (what librosa.filters.mel gives with htk=False, norm="slaney")."""
    import numpy as np

    fft_freqs = np.fft.rfftfreq(n=n_fft, d=1.0 / rate)
    mels = np.linspace(0.0, 45.245640471924965, n_mels + 2)  # 0 Hz .. 8 kHz on the Slaney scale
    f_sp = 200.0 / 3
    freqs = f_sp * mels
    min_log_hz, min_log_mel, logstep = 1000.0, 1000.0 / f_sp, np.log(6.4) / 27.0
    log_region = mels >= min_log_mel
    freqs[log_region] = min_log_hz * np.exp(logstep * (mels[log_region] - min_log_mel))
    fdiff = np.diff(freqs)
    ramps = freqs.reshape(-1, 1) - fft_freqs.reshape(1, -1)
    lower = -ramps[:-2] / fdiff[:-1, None]
    upper = ramps[2:] / fdiff[1:, None]
    weights = np.maximum(0.0, np.minimum(lower, upper))
    weights *= (2.0 / (freqs[2:n_mels + 2] - freqs[:n_mels]))[:, None]
    return weights.astype(np.float32)


def log_mel(samples: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """(80, frames) features of mono float samples in -1..1 at 16 kHz; one frame per 10 ms."""
    import numpy as np

    audio = np.pad(samples.astype(np.float32, copy=False), (0, HOP))  # as whisper: one hop of padding
    audio = np.pad(audio, (N_FFT // 2, N_FFT // 2), mode="reflect" if len(audio) > N_FFT // 2 else "constant")
    count = 1 + (len(audio) - N_FFT) // HOP
    frames = np.lib.stride_tricks.as_strided(audio, (count, N_FFT), (HOP * audio.strides[0], audio.strides[0]))
    window = np.hanning(N_FFT + 1)[:-1].astype(np.float32)
    spectrum = np.fft.rfft(frames * window, axis=-1)
    power = (np.abs(spectrum[:-1]) ** 2).T.astype(np.float32)  # whisper drops the last frame
    mel = _filters() @ power
    log_spec = np.log10(np.maximum(mel, 1e-10))
    log_spec = np.maximum(log_spec, log_spec.max() - 8.0)
    return ((log_spec + 4.0) / 4.0).astype(np.float32)


def window_features(samples: npt.NDArray[np.float32], frames_in: int = WINDOW_FRAMES
                    ) -> tuple[npt.NDArray[np.float32], int]:
    """The encoder's (80, frames_in) input (30 s by default) for that much speech at most, and how many
    frames of it are speech.

    The rest is digital silence, as Whisper pads audio before computing features (its
    log-Mel floor, about -1, not zeros: zero-filled features are not what the model was trained on;
    measured on our flite answers, 6.1 % word error against 6.2 % with zeros, and no slower).
    A shorter input (``frames_in``) costs the encoder less: ``WhisperRecognizer``'s quick mode.
    """
    import numpy as np

    speech = samples[:frames_in * HOP]
    frames = min(frames_in, len(speech) // HOP + 1)  # as log_mel counts them (one hop of padding)
    audio = np.zeros(frames_in * HOP, dtype=np.float32)
    audio[:len(speech)] = speech
    return np.ascontiguousarray(log_mel(audio)[:, :frames_in]), frames
