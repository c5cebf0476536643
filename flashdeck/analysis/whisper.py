"""Offline transcription with a Whisper model on CTranslate2 (int8 on the CPU), driven directly.

faster-whisper does the same with more around it; we drive
``ctranslate2.models.Whisper`` and the ``tokenizers`` tokenizer ourselves, as
it does (the prompt with the previous text, beam search with a temperature
fallback, word times from the cross-attention alignment), so that PyAV (whose
wheels bundle a GPL build of FFmpeg) and onnxruntime stay out of the app. Audio
is decoded by soundfile and the features computed in numpy (``mel.py``).

Speech is decoded in windows of at most ~28 s cut at the pauses voice activity
found, so the encoder never sees silence it could invent words for, and a
window can be decoded as soon as the speaker pauses (``flashdeck.analysis.live``).
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flashdeck.analysis.audio import RATE
from flashdeck.analysis.mel import FRAMES_PER_SECOND, WINDOW_FRAMES, window_features
from flashdeck.analysis.models import BUNDLED, CATALOGUE, ModelError, ModelSpec, installed_dir, verify_model
from flashdeck.analysis.transcribe import AnalysisCancelled, Word

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["ENGINE", "MAX_WINDOW_S", "SETTLE_GAP_S", "WhisperRecognizer", "context_prompt", "looks_repeated",
           "plan_windows"]

ENGINE = "whisper-ct2"
MAX_WINDOW_S = 28.0  # under the encoder's 30 s, leaving room for the padding around each window
PAUSE_CUT_S = 0.8  # a pause this long ends a window: it can be decoded while the speaker goes on
SETTLE_GAP_S = 0.2  # with ``settle_s``: the breath between sentences (webrtcvad finds one every ~8 s of flite)
PAD_S = 0.2
TOKENS_PER_SECOND = 50  # the alignment's time steps: 20 ms (two feature frames)
BEAM_SIZE = 5
TIMESTAMPS = True
TEMPERATURES = (0.0, 0.2, 0.4, 0.6)
COMPRESSION_LIMIT = 2.4  # text this repetitive is a decoding loop: try again, hotter
LOGPROB_LIMIT = -1.0
NO_SPEECH_LIMIT = 0.6
PROMPT_TOKENS = 223  # half the decoder's 448-token context, as Whisper does
# Whisper learnt to write what people mean, so it leaves out most "um"s and "uh"s. Told that the text
# before this window was verbatim, disfluencies included, it writes them (measured on flite answers:
# every "um" and 4 of 10 "uh"s, against 2 and 0 without), and still none on fluent speech.
FILLER_PROMPT = "So, um, I was, uh, thinking, um, that we, uh, like, you know, tried it. Uh, and, um, it worked."
CONTEXT_WORDS = 60
# Quick mode (the last window of a mock-interview answer, decoded after Space while the next question is
# asked): the encoder sees the speech plus QUICK_PAD_S of silence, at least QUICK_MIN_S, not 30 s — about
# half the CPU of a window. Measured on 51 flite clips of 2-20 s (docs/performance.md): 4.3 % word error
# against 3.6 % with 30 s; a shorter input lets Whisper repeat itself, which ``looks_repeated`` catches
# (the window is then decoded again with 30 s).
QUICK_MIN_S = 10.0
QUICK_PAD_S = 5.0
MAX_WORDS_PER_S = 5.0  # faster than anyone speaks: the decoder has invented words


def looks_repeated(words: Sequence[str], seconds: float) -> bool:
    """Whether a window's text is a decoding loop: more words than ``seconds`` can hold, or ending with
    the same three or more words twice in a row."""
    said = [w.casefold().strip(".,!?;:") for w in words]
    if len(said) > MAX_WORDS_PER_S * seconds + 3:
        return True
    return any(said[-k:] == said[-2 * k:-k] for k in range(3, len(said) // 2 + 1))


def context_prompt(before: Sequence[Word], words: int = CONTEXT_WORDS) -> str:
    """The prompt for the next window: the filler prompt, then the last ``words`` words said before it.

    Whisper itself conditions each window on the text before it (``condition_on_previous_text``):
    a window that starts mid-thought is decoded knowing the thought. The filler prompt stays first
    so the verbatim style holds (the decoder keeps the last PROMPT_TOKENS tokens; 60 words fit).
    """
    tail = " ".join(w.text for w in before[-words:]) if words else ""
    return f"{FILLER_PROMPT} {tail}".rstrip()


def plan_windows(spans: Sequence[tuple[float, float]], max_s: float = MAX_WINDOW_S,
                 pause_s: float = PAUSE_CUT_S, pad_s: float = PAD_S, floor_s: float = 0.0,
                 settle_s: float | None = None, settle_gap_s: float = SETTLE_GAP_S) -> list[tuple[float, float]]:
    """Group speech spans into windows of at most ``max_s``, each ending at a pause.

    A pause of ``pause_s`` or more always ends a window (so a window is ready to decode
    as soon as the speaker pauses). With ``settle_s`` (live transcription), a window
    already that long also ends at the next gap of ``settle_gap_s`` or more, the breath
    between sentences, so the audio still undecoded when the speaker stops stays short.
    A window that would grow past ``max_s`` is cut at the longest gap in its second half;
    a single span longer than that (a speaker who never pauses) is cut every ``max_s``.
    Windows are padded by up to ``pad_s`` on each side, never into the next one nor before
    ``floor_s`` (where earlier audio was already decoded).
    """
    groups: list[list[tuple[float, float]]] = []
    for span in spans:
        gap = span[0] - groups[-1][-1][1] if groups else 0.0
        settled = settle_s is not None and bool(groups) and groups[-1][-1][1] - groups[-1][0][0] >= settle_s
        if not groups or gap >= pause_s or (settled and gap >= settle_gap_s):
            groups.append([span])
        else:
            groups[-1].append(span)
        current = groups[-1]
        while current[-1][1] - current[0][0] > max_s:
            first = current[0][0]
            cuts = [i for i in range(1, len(current))
                    if current[i][0] > first + max_s / 2 and current[i][0] - first <= max_s]
            if cuts:  # the longest gap in the window's second half
                best = max(cuts, key=lambda i: (current[i][0] - current[i - 1][1], i))
                rest = current[best:]
                del current[best:]
            else:  # no gap to cut at: cut the speech itself, every max_s
                cut = first + max_s
                rest = [(max(cut, s), e) for s, e in current if e > cut]
                current[:] = [(s, min(e, cut)) for s, e in current if s < cut]
            groups.append(rest)
            current = rest
    bounds = [(g[0][0], g[-1][1]) for g in groups]
    padded = []
    for i, (start, end) in enumerate(bounds):
        before = bounds[i - 1][1] if i else floor_s
        after = bounds[i + 1][0] if i + 1 < len(bounds) else end + 2 * pad_s
        padded.append((max(0.0, start - min(pad_s, (start - before) / 2)), end + min(pad_s, (after - end) / 2)))
    return padded


class WhisperRecognizer:
    """One loaded model, reused for every window of every recording (loading takes about half a second).

    Calls are serialised: the live transcription and a final analysis may share it from two threads.
    """

    engine = ENGINE

    def __init__(self, model: str = BUNDLED.name, *, models_dir: Path | None = None, threads: int = 1,
                 spec: ModelSpec | None = None) -> None:
        import ctranslate2
        import tokenizers

        if spec is None:
            if model not in CATALOGUE:
                raise ModelError(f"unknown speech model {model!r} (known: {', '.join(CATALOGUE)})")
            spec = CATALOGUE[model]
        self.model_name = spec.name
        folder = verify_model(spec, installed_dir(spec.name, models_dir))
        # One thread: issue #15 measured it as fast as two on this 2-core machine, and it leaves a core to the GUI.
        self._model: Any = ctranslate2.models.Whisper(str(folder), device="cpu", compute_type="int8",
                                                      intra_threads=threads)
        self._tokenizer: Any = tokenizers.Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._lock = threading.Lock()
        def token(name: str) -> int:
            return int(self._tokenizer.token_to_id(name))

        self._sot, self._eot = token("<|startoftranscript|>"), token("<|endoftext|>")
        self._sot_prev, self._no_timestamps = token("<|startofprev|>"), token("<|notimestamps|>")
        self._suppress = self._suppressed_tokens()

    @property
    def version(self) -> str:
        return f"{ENGINE}/{self.model_name}"

    def _suppressed_tokens(self) -> list[int]:
        """Speaker tags, music notes and brackets: never said, so never written (Whisper's own list)."""
        symbols = list('"#()*+/:;<=>@[\\]^_`{|}~「」『』')
        symbols += ["<<", ">>", "<<<", ">>>", "--", "---", "-(", "-[", "('", '("', "((", "))", "(((", ")))",
                    "[[", "]]", "{{", "}}", "♪♪", "♪♪♪"]
        encode = self._encode
        result = {encode(" -")[0], encode(" '")[0]}
        for symbol in symbols:
            for ids in (encode(symbol), encode(" " + symbol)):
                if len(ids) == 1:
                    result.add(ids[0])
        return sorted(result)

    def _encode(self, text: str) -> list[int]:
        return list(self._tokenizer.encode(text, add_special_tokens=False).ids)

    # -- transcription ---------------------------------------------------------------------------

    def transcribe(self, samples: npt.NDArray[np.int16], spans: Sequence[tuple[float, float]],
                   progress: Callable[[float], None] | None = None,
                   cancelled: Callable[[], bool] | None = None, *, from_s: float = 0.0,
                   context: Sequence[Word] = (), quick: bool = False) -> list[Word]:
        """Words with their times (seconds from the start of ``samples``) in the speech ``spans`` (voice activity).

        ``from_s``: the audio before it was decoded already (live); no window reaches back into it.
        ``context``: the words heard before ``from_s``, the first window's context.
        ``quick``: a shorter encoder input per window (``QUICK_MIN_S``): about half the time, a little less exact.
        """
        windows = plan_windows(spans, floor_s=from_s)
        total = sum(e - s for s, e in windows) or 1.0
        done = 0.0
        words: list[Word] = []
        for start, end in windows:
            if cancelled is not None and cancelled():
                raise AnalysisCancelled
            words.extend(self.transcribe_window(samples, start, end, context_prompt([*context, *words]), quick=quick))
            done += end - start
            if progress is not None:
                progress(min(1.0, done / total))
        return words

    def transcribe_window(self, samples: npt.NDArray[np.int16], start_s: float, end_s: float,
                          previous: str = "", *, quick: bool = False) -> list[Word]:
        """Decode one window (at most 30 s); ``previous`` is the text said before it, as context.

        ``quick``: the encoder sees the window plus ``QUICK_PAD_S`` (at least ``QUICK_MIN_S``) instead of 30 s;
        a text that ``looks_repeated`` is decoded again the usual way.
        """
        import numpy as np

        piece = samples[int(start_s * RATE):int(end_s * RATE)].astype(np.float32) / 32768.0
        if len(piece) < RATE // 10:
            return []
        seconds = len(piece) / RATE
        if quick and seconds + QUICK_PAD_S < MAX_WINDOW_S:
            frames_in = int(max(QUICK_MIN_S, seconds + QUICK_PAD_S) * FRAMES_PER_SECOND)
            words = self._decode_piece(piece, previous, start_s, frames_in)
            if not looks_repeated([w.text for w in words], seconds):
                return words
        return self._decode_piece(piece, previous, start_s, WINDOW_FRAMES)

    def _decode_piece(self, piece: npt.NDArray[np.float32], previous: str, start_s: float,
                      frames_in: int) -> list[Word]:
        import ctranslate2

        features, frames = window_features(piece, frames_in)
        prompt = [self._sot_prev, *self._encode(" " + previous)[-PROMPT_TOKENS:]] if previous else []
        # Timestamps on, as Whisper decodes by default (the words are timed by the alignment below, so the
        # timestamp tokens themselves are dropped): on the real read speech in bench_analysis.py, 3 errors
        # in 92 words against 5 with <|notimestamps|> (docs/performance.md).
        prompt += [self._sot] if TIMESTAMPS else [self._sot, self._no_timestamps]
        with self._lock:
            encoded = self._model.encode(ctranslate2.StorageView.from_array(features[None]))
            tokens = self._decode(encoded, prompt)
            if not tokens:
                return []
            return self._words(encoded, tokens, frames, start_s)

    def _decode(self, encoded: Any, prompt: list[int]) -> list[int]:
        best: tuple[float, list[int]] | None = None
        for temperature in TEMPERATURES:
            options: dict[str, Any] = ({"beam_size": BEAM_SIZE} if temperature == 0 else
                                       {"beam_size": 1, "sampling_topk": 0, "sampling_temperature": temperature})
            result = self._model.generate(encoded, [prompt], max_length=448, return_scores=True,
                                          return_no_speech_prob=True, suppress_blank=True,
                                          suppress_tokens=self._suppress, **options)[0]
            sequence = result.sequences_ids[0]
            tokens = [t for t in sequence if t < self._eot]  # the text, without its timestamps
            # The score is the sequence's log-probability over its length; as Whisper, over length + 1.
            avg_logprob = result.scores[0] * len(sequence) / (len(sequence) + 1) if tokens else -10.0
            if result.no_speech_prob > NO_SPEECH_LIMIT and avg_logprob < LOGPROB_LIMIT:
                return []  # a noise, not speech
            text = self._tokenizer.decode(tokens).strip().encode("utf-8")
            repetitive = bool(text) and len(text) / len(zlib.compress(text)) > COMPRESSION_LIMIT
            if not repetitive and avg_logprob >= LOGPROB_LIMIT:
                return tokens
            if not repetitive and (best is None or avg_logprob > best[0]):
                best = (avg_logprob, tokens)
        return best[1] if best is not None else []

    def _words(self, encoded: Any, tokens: list[int], frames: int, offset_s: float) -> list[Word]:
        """Split the tokens into words (a token starting with a space starts a word) and time them."""
        import numpy as np

        groups: list[list[int]] = []
        for token in tokens:
            # Byte-level BPE marks a leading space with "Ġ"; punctuation stays with the word before it.
            if not groups or (self._tokenizer.id_to_token(token) or "").startswith("Ġ"):
                groups.append([token])
            else:
                groups[-1].append(token)
        alignment = self._model.align(encoded, [self._sot, self._no_timestamps], [tokens], frames,
                                      median_filter_width=7)[0]
        pairs = np.array(alignment.alignments)
        if len(pairs) == 0:
            return [Word(self._tokenizer.decode(g).strip(), offset_s, offset_s) for g in groups]
        text_index, time_index = pairs[:, 0], pairs[:, 1]
        jumps = np.pad(np.diff(text_index), (1, 0), constant_values=1).astype(bool)
        jump_times = time_index[jumps] / TOKENS_PER_SECOND
        bounds = np.cumsum([0] + [len(g) for g in groups])
        words = []
        last = len(jump_times) - 1
        for i, group in enumerate(groups):
            begin = float(jump_times[min(bounds[i], last)])
            finish = float(jump_times[min(bounds[i + 1], last)])
            text = self._tokenizer.decode(group).strip()
            if text:
                words.append(Word(text, offset_s + begin, offset_s + max(begin, finish)))
        return words

