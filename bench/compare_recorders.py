"""Recording the microphone in the terminal: pasimple (PulseAudio's simple API) against sounddevice (PortAudio).

Against the default source of the running sound server (run it with the tests' virtual microphone:
``eval "$(bash tests/audio/virtual-mic.sh env DIR)"`` after ``virtual-mic.sh start DIR``), each library
opens a 16 kHz mono 16-bit stream N times; printed: the time from opening to the first 0.1 s of sound
(how soon an answer is heard), the sound delivered in 3 s of wall time (does it keep up), and the CPU
the process spent. The choice is in docs/mock.md.

Usage:  python bench/compare_recorders.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

RATE, CHUNK = 16000, 3200  # 0.1 s of 16-bit mono


def with_pasimple(seconds: float) -> tuple[float, float]:
    import pasimple

    start = time.perf_counter()
    with pasimple.PaSimple(pasimple.PA_STREAM_RECORD, pasimple.PA_SAMPLE_S16LE, 1, RATE, "compare", "rec",
                           fragsize=CHUNK) as stream:
        stream.read(CHUNK)
        first = time.perf_counter() - start
        got = CHUNK
        begin = time.perf_counter()
        while time.perf_counter() - begin < seconds:
            got += len(stream.read(CHUNK))
    return first, got / 2 / RATE


def with_sounddevice(seconds: float) -> tuple[float, float]:
    import sounddevice

    start = time.perf_counter()
    with sounddevice.RawInputStream(samplerate=RATE, channels=1, dtype="int16", blocksize=CHUNK // 2) as stream:
        stream.read(CHUNK // 2)
        first = time.perf_counter() - start
        got = CHUNK
        begin = time.perf_counter()
        while time.perf_counter() - begin < seconds:
            data, _overflowed = stream.read(CHUNK // 2)
            got += len(data)
    return first, got / 2 / RATE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for name, record in (("pasimple", with_pasimple), ("sounddevice", with_sounddevice)):
        try:
            cpu = time.process_time()
            runs = [record(3.0) for _ in range(args.runs)]
            cpu = time.process_time() - cpu
        except Exception as exc:  # a library that cannot record here says why
            print(f"{name:12} cannot record here: {type(exc).__name__}: {exc}")
            continue
        firsts = [r[0] for r in runs]
        print(f"{name:12} first 0.1 s after {statistics.median(firsts) * 1000:6.1f} ms (median, max "
              f"{max(firsts) * 1000:.1f}); {statistics.median(r[1] for r in runs):.2f} s of sound per 3 s; "
              f"CPU {cpu / args.runs * 1000:.0f} ms a run")
    print(f"load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
