#!/usr/bin/env python3
"""Rehearsal analysis, side by side: pocketsphinx (the recogniser before #15) and Whisper tiny.en on CTranslate2.

One run measures, for both engines on the same files:

- word error on real read speech: the LibriVox and "cards" recordings that ship, with their
  transcripts, inside pocketsphinx's source distribution on PyPI (``pip download --no-binary``;
  BSD licence; LibriVox readings are public domain), downloaded once into ``--cache``;
- word error on our own four STAR answers (tests/answers.py, ~2 minutes each) spoken by four
  flite voices (rms, slt, awb, kal16), numbers compared spoken out;
- um/uh heard (recall, and none counted beyond what was said) and invented on the fluent
  version of the same answers; "like"/"you know"; numbers recalled (each figure as said);
- coverage of the card's beats on the answer told whole and with its Result left out;
- time × real time, in this process (model loaded once) and for `flashdeck rehearse analyze`
  as a fresh process on a 3-minute answer (process start and model load included);
- with ``--feedback``: time from the end of a 3-minute answer to its analysis, the recording
  written in real time to a growing WAV and transcribed live (as the Rehearse screen does).

Usage:
  python bench/bench_analysis.py [--voices rms,slt,awb,kal16] [--feedback] [--json]
Needs: flite and sox (apt-get install flite sox); pip (for the real-speech recordings).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import soundfile

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from answers import ANSWERS, fluent, truth  # noqa: E402 (after the path above)
from speech import normalised_words, speak, word_error_rate  # noqa: E402

from flashdeck.analysis import analyze  # noqa: E402
from flashdeck.analysis.audio import load_recording  # noqa: E402
from flashdeck.analysis.live import LiveTranscript  # noqa: E402
from flashdeck.analysis.recognizers import make_recognizer  # noqa: E402
from flashdeck.analysis.voice import detect_voice  # noqa: E402
from flashdeck.core.coverage import number_value  # noqa: E402
from flashdeck.core.rehearsal import STAR_BEATS  # noqa: E402

ENGINES = ("pocketsphinx", "whisper")
POCKETSPHINX_SDIST = "pocketsphinx==5.1.1"


# -- material ---------------------------------------------------------------------------------------


def real_speech(cache: Path) -> list[tuple[Path, str]]:
    """(wav, transcript) pairs from pocketsphinx's source distribution: LibriVox (one reader) and cards (another)."""
    data = cache / "pocketsphinx-test-data"
    if not data.is_dir():
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                            "-d", tmp, POCKETSPHINX_SDIST], check=True)
            [sdist] = Path(tmp).glob("pocketsphinx-*.tar.gz")
            with tarfile.open(sdist) as archive:
                members = [m for m in archive.getmembers()
                           if "/test/data/librivox/" in m.name or "/test/data/cards/" in m.name
                           or m.name.endswith("/LICENSE")]
                archive.extractall(tmp, members=members, filter="data")
            shutil.copytree(next(p for p in Path(tmp).glob("pocketsphinx-*") if p.is_dir()), data)
    pairs = [(wav, wav.with_suffix(".txt").read_text().strip())
             for wav in sorted((data / "test/data/librivox").glob("*.wav"))]
    for line in (data / "test/data/cards/cards.transcription").read_text().splitlines():
        text, _, name = line.replace("<s>", "").replace("</s>", "").rpartition("(")
        pairs.append((data / "test/data/cards" / f"{name.strip(') ')}.wav", text.strip()))
    return pairs


def numbers_recalled(said: list[str], expected: tuple[str, ...]) -> tuple[int, int]:
    """How many of the expected figures were found as one figure each (by value; "a week" style ones by text)."""
    values = [number_value(n.split()[:2]) or number_value(n.split()[:1]) for n in said]
    hits = 0
    for figure in expected:
        words = figure.split()
        value = number_value(words[:2]) or number_value(words[:1])
        if value is not None and value in values:
            values.remove(value)
            hits += 1
        elif value is None and any(figure in n for n in said):
            hits += 1
    return hits, len(expected)


# -- measuring --------------------------------------------------------------------------------------


def measure(engines: dict[str, Any], files: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name, recognizer in engines.items():
        totals: dict[str, Any] = {"errors_real": 0, "words_real": 0, "errors_flite": 0, "words_flite": 0,
                                  "um_uh_said": 0, "um_uh_heard": 0, "um_uh_over": 0, "invented": 0,
                                  "fluent_minutes": 0.0, "like_you_know_said": 0, "like_you_know_heard": 0,
                                  "numbers_hit": 0, "numbers_total": 0, "audio_s": 0.0, "time_s": 0.0,
                                  "coverage_whole": [], "result_missed": 0, "without_result": 0, "per_voice": {}}
        for item in files:
            started = time.perf_counter()
            points = item.get("points")
            result = analyze(item["wav"], recognizer=recognizer, points=points, ordered=points is not None)
            totals["time_s"] += time.perf_counter() - started
            totals["audio_s"] += result.duration_s
            reference = normalised_words(item["text"])
            hypothesis = normalised_words(result.transcript)
            if item["kind"] != "real":
                reference = [w for w in reference if w not in ("um", "uh")]
                hypothesis = [w for w in hypothesis if w not in ("um", "uh", "er")]
            errors = round(word_error_rate(reference, hypothesis) * len(reference))
            if item["kind"] == "real":
                totals["errors_real"] += errors
                totals["words_real"] += len(reference)
                continue
            if item["kind"] == "filled":
                totals["errors_flite"] += errors
                totals["words_flite"] += len(reference)
                voice = totals["per_voice"].setdefault(item["voice"], [0, 0])
                voice[0] += errors
                voice[1] += len(reference)
                planted = truth(item["text"])
                for kind in ("um", "uh"):
                    heard = result.fillers.get(kind, 0)
                    totals["um_uh_said"] += planted[kind]
                    totals["um_uh_heard"] += min(heard, planted[kind])
                    totals["um_uh_over"] += max(0, heard - planted[kind])
                for kind in ("like", "you know"):
                    totals["like_you_know_said"] += planted[kind]
                    totals["like_you_know_heard"] += min(result.fillers.get(kind, 0), planted[kind])
                hit, total = numbers_recalled(result.numbers, item["numbers"])
                totals["numbers_hit"] += hit
                totals["numbers_total"] += total
                totals["coverage_whole"].append(result.coverage_fraction or 0.0)
            elif item["kind"] == "fluent":
                totals["invented"] += sum(result.fillers.get(k, 0) for k in ("um", "uh", "er"))
                totals["fluent_minutes"] += result.duration_s / 60
            elif item["kind"] == "no_result":
                covered = {p.label: p.covered for p in result.coverage or []}
                totals["result_missed"] += not covered.get("Result", True)
                totals["without_result"] += 1
        out[name] = totals
    return out


def process_rtf(wav: Path, engine: str, runs: int) -> list[float]:
    """Seconds for `flashdeck rehearse analyze` in a fresh process (start, model load, analysis)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "flashdeck", "rehearse", "analyze", str(wav), "--engine", engine,
                        "--json"], check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return times


def feedback_after_last_word(wav: Path, text: str, recognizer: Any) -> dict[str, Any]:
    """Write ``wav`` into a growing file in real time while it is transcribed live, as the Rehearse screen
    does; then the finished analysis. Seconds from the end of the recording (and from the end of its last
    word) to the analysis, seconds of audio left for the final pass, and the live transcript's word error
    beside the same file analysed at once (``text`` is what was said)."""
    data = wav.read_bytes()
    header, rate = 44, 32000  # 16 kHz mono 16-bit
    with tempfile.TemporaryDirectory() as tmp:
        growing = Path(tmp) / "growing.wav"
        live = LiveTranscript(growing, lambda: recognizer)
        live.start()
        with growing.open("wb") as out:
            out.write(data[:header])
            start = time.monotonic()
            position = header
            while position < len(data):
                due = start + (position - header + rate // 10) / rate
                time.sleep(max(0.0, due - time.monotonic()))
                out.write(data[position:position + rate // 10])
                out.flush()
                position += rate // 10
        ended = time.perf_counter()
        heard, until = live.finish()
        handed_over = time.perf_counter()
        result = analyze(growing, recognizer=recognizer, heard=heard, heard_until_s=until)
        after = time.perf_counter() - ended
        load = os.getloadavg()
    whole = analyze(wav, recognizer=recognizer)
    last_word = detect_voice(load_recording(wav).samples).spans[-1][1]
    reference = [w for w in normalised_words(text) if w not in ("um", "uh")]

    def wer(transcript: str) -> float:
        return word_error_rate(reference, [w for w in normalised_words(transcript) if w not in ("um", "uh", "er")])

    return {"duration_s": round(result.duration_s, 1), "seconds_after_end": round(after, 2),
            "seconds_after_last_word": round(after + result.duration_s - last_word, 2),
            "waiting_for_live_s": round(handed_over - ended, 2), "audio_left_s": round(result.duration_s - until, 1),
            "wer_live": round(wer(result.transcript), 4), "wer_whole": round(wer(whole.transcript), 4),
            "words": len(reference), "load_after": load}


def make_files(folder: Path, voices: list[str], variant_voices: int, cache: Path,
               log: Callable[[str], None]) -> list[dict[str, Any]]:
    """Real speech; each answer in each voice; its fluent and Result-less versions in the first ``variant_voices``."""
    files: list[dict[str, Any]] = [{"kind": "real", "wav": wav, "text": text} for wav, text in real_speech(cache)]
    for number, voice in enumerate(voices):
        for answer in ANSWERS:
            points = [(beat, answer.card[beat.lower()]) for beat in STAR_BEATS]
            stem = folder / f"{answer.key}-{voice}"
            log(f"speaking {stem.name}")
            files.append({"kind": "filled", "voice": voice, "text": answer.text, "numbers": answer.numbers,
                          "points": points, "wav": speak(answer.text, stem.with_name(stem.name + "-filled.wav"),
                                                         voice=voice, stretch=1.3)})
            if number >= variant_voices:
                continue
            files.append({"kind": "fluent", "voice": voice, "text": fluent(answer.text),
                          "wav": speak(fluent(answer.text), stem.with_name(stem.name + "-fluent.wav"), voice=voice,
                                       stretch=1.3)})
            files.append({"kind": "no_result", "voice": voice, "text": answer.without(3), "points": points,
                          "wav": speak(answer.without(3), stem.with_name(stem.name + "-noresult.wav"), voice=voice,
                                       stretch=1.3)})
    return files


def three_minutes(folder: Path, voice: str = "slt") -> tuple[Path, str]:
    """A 3-minute answer in ``voice`` at a candidate's pace, 16 kHz mono, and its text: whole sentences of
    our answers, as many as it takes to reach 3:00 (so the last word is the end of a sentence)."""
    sentences = [s for answer in ANSWERS for s in re.split(r"(?<=[.?!])\s+", answer.text)]

    spoken: dict[int, tuple[Path, float]] = {}

    def spoken_for(count: int) -> tuple[Path, float]:  # each length spoken once (flite takes seconds)
        if count not in spoken:
            raw = speak(" ".join(sentences[:count]), folder / f"long-{voice}-{count}.wav", voice=voice, stretch=1.3)
            spoken[count] = raw, soundfile.info(str(raw)).duration
        return spoken[count]

    count = 30  # the fewest sentences that last 3:00 or more
    while spoken_for(count)[1] < 180:
        count += 1
    while count > 1 and spoken_for(count - 1)[1] >= 180:
        count -= 1
    raw, _ = spoken_for(count)
    text = " ".join(sentences[:count])
    out = folder / f"three-minutes-{voice}.wav"
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(out)], check=True)
    return out, text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--voices", default="rms,slt,awb,kal16")
    parser.add_argument("--variant-voices", type=int, default=2,
                        help="voices that also speak the fluent and Result-less versions (default 2)")
    parser.add_argument("--runs", type=int, default=3, help="fresh-process runs of `rehearse analyze` (median)")
    parser.add_argument("--feedback", action="store_true",
                        help="also the live feedback runs: a 3-minute answer per voice, in real time")
    parser.add_argument("--feedback-voices", default="rms,slt,awb,kal16")
    parser.add_argument("--feedback-only", action="store_true",
                        help="only the live feedback runs (Whisper), not the side-by-side table")
    parser.add_argument("--engines", default=",".join(ENGINES), help="engines side by side (default: both)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "flashdeck-bench")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not shutil.which("flite") or not shutil.which("sox"):
        sys.exit("bench_analysis: needs flite and sox (apt-get install flite sox)")
    args.cache.mkdir(parents=True, exist_ok=True)

    def log(message: str) -> None:
        if not args.json:
            print(message, file=sys.stderr)

    figures: dict[str, Any] = {"python": platform.python_version(), "cpus": os.cpu_count(),
                               "load_before": os.getloadavg()}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        names = [n for n in args.engines.split(",") if n]
        engines = {name: make_recognizer(name) for name in (["whisper"] if args.feedback_only else names)}
        if not args.feedback_only:
            files = make_files(folder, args.voices.split(","), args.variant_voices, args.cache, log)
            log(f"analysing with {', '.join(engines)}")
            figures["engines"] = measure(engines, files)
            figures["load_after_engines"] = os.getloadavg()
            long, _ = three_minutes(folder)
            figures["process"] = {}
            for name in engines:
                runs = process_rtf(long, name, args.runs)
                seconds = soundfile.info(str(long)).duration
                figures["process"][name] = {"runs_s": [round(t, 2) for t in runs], "audio_s": round(seconds, 1),
                                            "median_rtf": round(statistics.median(runs) / seconds, 3),
                                            "load_after": os.getloadavg()}
        if args.feedback or args.feedback_only:
            figures["feedback"] = {}
            for voice in args.feedback_voices.split(","):
                log(f"live feedback on a 3-minute answer in {voice}'s voice (real time)")
                wav, text = three_minutes(folder, voice)
                figures["feedback"][voice] = feedback_after_last_word(wav, text, engines["whisper"])
    figures["load_after"] = os.getloadavg()
    if args.json:
        print(json.dumps(figures, indent=2, default=str))
    else:
        print_table(figures)
    return 0


def _pct(a: float, b: float) -> str:
    return "—" if not b else f"{100 * a / b:.1f} %"


def _ratio(a: int, b: int) -> str:
    return f"{a}/{b} ({_pct(a, b)})"


def print_table(f: dict[str, Any]) -> None:
    if "engines" in f:
        print_engines(f)
    if "feedback" in f:
        print("\n| live, 3-minute answer | voice | audio | analysis done after the end | after the last word "
              "| waiting for the live window | audio left for the final pass | word error live / file at once "
              "| load after |")
        print("|---|---|---|---|---|---|---|---|---|")
        for voice, fb in f["feedback"].items():
            print(f"| | {voice} | {fb['duration_s']} s | {fb['seconds_after_end']} s "
                  f"| {fb['seconds_after_last_word']} s "
                  f"| {fb['waiting_for_live_s']} s | {fb['audio_left_s']} s "
                  f"| {100 * fb['wer_live']:.1f} % / {100 * fb['wer_whole']:.1f} % of {fb['words']} words "
                  f"| {_load(fb['load_after'])} |")
    print(f"\nload average before {_load(f['load_before'])}, after {_load(f['load_after'])}; {f['cpus']} CPUs; "
          f"Python {f['python']}")


def _load(load: tuple[float, float, float]) -> str:
    return " / ".join(f"{x:.2f}" for x in load)


def print_engines(f: dict[str, Any]) -> None:
    e = f["engines"]
    print(f"load average after the in-process measures: {_load(f['load_after_engines'])}\n")
    rows = [
        ("word error, real read speech (pocketsphinx sdist: LibriVox + cards)",
         lambda t: _pct(t["errors_real"], t["words_real"]) + f" of {t['words_real']} words"),
        ("word error, our answers, flite (numbers spoken out)",
         lambda t: _pct(t["errors_flite"], t["words_flite"]) + f" of {t['words_flite']} words"),
        ("  per voice", lambda t: ", ".join(f"{v} {_pct(a, b)}" for v, (a, b) in t["per_voice"].items())),
        ("um/uh heard (recall)", lambda t: _ratio(t["um_uh_heard"], t["um_uh_said"])),
        ("um/uh counted beyond those said", lambda t: str(t["um_uh_over"])),
        ("um/uh invented on fluent answers",
         lambda t: f"{t['invented']} ({t['invented'] / max(t['fluent_minutes'], 1e-9):.1f} a minute)"),
        ('"like" / "you know" heard', lambda t: f"{t['like_you_know_heard']}/{t['like_you_know_said']}"),
        ("numbers recalled, one figure each", lambda t: _ratio(t["numbers_hit"], t["numbers_total"])),
        ("coverage, answer told whole (mean)", lambda t: f"{statistics.mean(t['coverage_whole']):.0%}"),
        ("Result left out → Result missed", lambda t: f"{t['result_missed']}/{t['without_result']}"),
        ("× real time in process (model loaded)", lambda t: f"{t['time_s'] / t['audio_s']:.3f}"),
    ]
    print(f"| | {' | '.join(e)} |")
    print("|---|" + "---|" * len(e))
    for label, cell in rows:
        print(f"| {label} | " + " | ".join(cell(e[name]) for name in e) + " |")
    p = f["process"]
    print("| `rehearse analyze` 3-minute answer, fresh process (median × real time) | "
          + " | ".join(f"{p[n]['median_rtf']} ({p[n]['runs_s']} s for {p[n]['audio_s']} s)" for n in e) + " |")
    print("| load average after each engine's measure (1/5/15 min) | "
          + " | ".join(_load(p[n]["load_after"]) for n in e) + " |")


if __name__ == "__main__":
    sys.exit(main())
