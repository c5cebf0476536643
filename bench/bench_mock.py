"""Mock interview: the time from the end of an answer to its analysis in the report.

The session as the app runs it, without a screen: a real collection, questions chosen
and stored (``mocking.start_session``); for each question flite says it (synthesised, then
its length waited, as the app plays it) while the previous answer is analysed on a worker;
then the answer is written into a growing 16 kHz WAV in real time with the live
transcription following it (``LiveTranscript``, as the recorder and the screen do); at its
end the attempt is kept (``mocking.record_answer``) and its analysis starts — the figure is
the time from that end until the analysis is stored (``rehearsing.save_analysis``), against
the target of half the answer's length.

Usage:
  python bench/bench_mock.py [--questions 3] [--parts S,T,A,R] [--lengths 3,5,10,60] [--json]

``--parts`` picks which beats of the test answers (tests/answers.py) are spoken: all four
(about two minutes each, the default) or fewer for a quick run. ``--lengths`` answers question
i with the first words of its answer that take about ``lengths[i]`` seconds to say (ended as a
sentence), one question per length. The recogniser is warmed before the first
answer, as the app does while the first question is asked. Needs flite and sox.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from answers import ANSWERS  # noqa: E402 (after the path above)
from speech import speak  # noqa: E402

from flashdeck.analysis import Analysis  # noqa: E402
from flashdeck.analysis.live import LiveTranscript  # noqa: E402
from flashdeck.analysis.recognizers import RecognizerCache  # noqa: E402
from flashdeck.collection import (  # noqa: E402
    Collection,
    mocking,
    rehearsing,
)
from flashdeck.core.notes import NoteDraft  # noqa: E402

BEATS = {"S": 0, "T": 1, "A": 2, "R": 3}
CHUNK_S = 0.1  # the recorder's file grows about this often
QUICK = True  # as the app: the tail is decoded in quick mode (--full: with Whisper's 30-s input)


def write_in_real_time(source: Path, growing: Path) -> float:
    """Copy ``source`` (16 kHz mono 16-bit WAV) into ``growing`` at the pace it was spoken; its length in seconds."""
    data = source.read_bytes()
    header, rate = 44, 32000
    step = int(rate * CHUNK_S)
    with growing.open("wb") as out:
        out.write(data[:header])
        out.flush()
        start = time.monotonic()
        position = header
        while position < len(data):
            due = start + (position - header + step) / rate
            time.sleep(max(0.0, due - time.monotonic()))  # a recording arrives in real time: this is its pace
            out.write(data[position:position + step])
            out.flush()
            position += step
    return (len(data) - header) / rate


def ask(text: str, folder: Path) -> float:
    """flite says the question: synthesised now, then its length waited (the app plays it meanwhile)."""
    wav = folder / "question.wav"
    subprocess.run(["flite", "-t", text, "-o", str(wav)], check=True)
    import soundfile

    length = float(soundfile.info(str(wav)).duration)
    time.sleep(length)  # the question being played: the analysis of the last answer runs meanwhile
    return length


WORDS_PER_S = 2.6  # flite's rms voice, about 156 words a minute


def shortened(text: str, seconds: float) -> str:
    """The first words of ``text`` that flite says in about ``seconds``, ended as a sentence."""
    words = text.split()[:max(3, round(seconds * WORDS_PER_S))]
    return " ".join(words).rstrip(",;:.") + "."


def run(questions: int, parts: list[int], log: Any, lengths: list[float] | None = None) -> list[dict[str, Any]]:
    recognizers = RecognizerCache()
    recognizers.warm(None)  # loaded and run once before the first answer, as the app does while asking question 1
    out: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-mock-") as tmp:
        folder = Path(tmp)
        wavs = []
        for index, answer in enumerate(ANSWERS[:questions]):
            text = "\n\n".join(answer.spoken[i] for i in parts)
            if lengths:  # answer i lasts about lengths[i] s (asked in the order the session chose)
                text = shortened(answer.text, lengths[index])
            raw = speak(text, folder / f"{answer.key}-raw.wav")
            fixed = folder / f"{answer.key}.wav"
            subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(fixed)], check=True)
            wavs.append(fixed)
        col = Collection.open(folder / "collection.db")
        col.add_notes([NoteDraft("story", {"title": a.key, "answers": f"Tell me about the {a.key} project.",
                                           **a.card}) for a in ANSWERS[:questions]], deck="Bench")
        record = mocking.start_session(col, count=questions, follow_ups=False, rng=random.Random(0))
        by_prompt = {f"Tell me about the {a.key} project.": i for i, a in enumerate(ANSWERS[:questions])}
        pending: list[tuple[int, float, float, Future[Analysis]]] = []
        lock = threading.Lock()
        ready: dict[int, float] = {}
        with ThreadPoolExecutor(max_workers=1) as worker:
            for position, question in enumerate(record.questions):
                asked_s = ask(question.prompt, folder)
                path = rehearsing.new_recording_path(col, question.card_id)
                live = LiveTranscript(path, lambda: recognizers.get(None))
                live.start()
                length = write_in_real_time(wavs[by_prompt[question.prompt]], path)
                ended = time.perf_counter()
                made = mocking.record_answer(col, record, position, duration_ms=round(length * 1000), audio_path=path)
                job = rehearsing.prepare_analysis(col, made.id)

                def analyse(job: rehearsing.AnalysisJob = job, live: LiveTranscript = live,
                            attempt_id: int = made.id) -> Analysis:
                    heard, until = live.finish()
                    from flashdeck.analysis import analyze

                    result = analyze(job.audio_path, target=job.target, points=list(job.points), ordered=job.ordered,
                                     recognizer=recognizers.get(None), heard=heard, heard_until_s=until,
                                     quick=QUICK)
                    with lock:
                        ready[attempt_id] = time.perf_counter()
                    return result

                pending.append((made.id, ended, length, worker.submit(analyse)))
                log(f"question {position + 1}: asked in {asked_s:.1f} s, answered in {length:.1f} s")
                # The previous answers' analyses are stored as soon as they are done (the GUI thread does it).
                for item in [p for p in pending if p[3].done()]:
                    pending.remove(item)
                    out.append(_store(col, item, ready))
            for item in pending:
                item[3].result()
                out.append(_store(col, item, ready))
        rows = mocking.report(col, record)
        assert all(r.transcript for r in rows), "every answer analysed"
        col.close()
    return out


def _store(col: Collection, item: tuple[int, float, float, Future[Analysis]],
           ready: dict[int, float]) -> dict[str, Any]:
    attempt_id, ended, length, future = item
    result = future.result()
    saving = time.perf_counter()
    rehearsing.save_analysis(col, attempt_id, result)
    # The GUI stores a result the moment its signal arrives; here the main thread may have been busy writing the
    # next answer, so the wait for it is left out: analysis done (worker) + the time storing it takes.
    delay = (ready[attempt_id] - ended) + (time.perf_counter() - saving)
    return {"attempt": attempt_id, "answer_s": round(length, 1), "to_report_s": round(delay, 2),
            "ratio": round(delay / length, 3), "load": [round(x, 2) for x in os.getloadavg()]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=3, choices=range(1, len(ANSWERS) + 1))
    parser.add_argument("--parts", default="S,T,A,R", help="beats of each test answer to speak (S,T,A,R)")
    parser.add_argument("--lengths", default="", help="answer lengths in seconds, one question each (3,5,10,60)")
    parser.add_argument("--full", action="store_true", help="decode the tail with the 30-s input, not quick mode")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    global QUICK
    QUICK = not args.full
    lengths = [float(x) for x in args.lengths.split(",") if x.strip()]
    if lengths:
        args.questions = len(lengths)
    if not shutil.which("flite") or not shutil.which("sox"):
        sys.exit("bench_mock: needs flite and sox (apt-get install flite sox)")
    parts = [BEATS[p.strip().upper()] for p in args.parts.split(",")]

    def log(message: str) -> None:
        if not args.json:
            print(message, file=sys.stderr)

    rows = run(args.questions, parts, log, lengths)
    if args.json:
        print(json.dumps({"rows": rows, "loadavg": os.getloadavg()}, indent=2))
        return
    print(f"{'answer':>8} {'to report':>10} {'ratio':>6}  load (1/5/15 min)")
    for row in rows:
        print(f"{row['answer_s']:>7.1f}s {row['to_report_s']:>9.2f}s {row['ratio']:>6.3f}  {row['load']}")
    worst = max(r["ratio"] for r in rows)
    print(f"worst: {worst:.3f} × the answer's length (target ≤ 0.5); load now {os.getloadavg()}")


if __name__ == "__main__":
    main()
