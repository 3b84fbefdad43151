"""Memory of a session over a long input: a one-hour file against a one-minute one, streamed unpaced through the
local server (speech engines off, so the run measures rtkit, not recognition). The input is decoded block by
block and the user's and the assistant's audio are kept on disk, so the peak should barely grow with length.

A first short run loads what a session loads once (modules, the server's tables), so that the two measured runs
count only what grows with the input.

Run: ``.venv/bin/python bench/bench_long_input.py [--no-write]`` (about a minute); appends to ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import psutil
import soundfile as sf
from _common import append, header, verdict

from rtkit import MetricsRecorder, RealtimeConfig, RealtimeSession
from rtkit.local import LocalRealtimeServer


def make_file(path: Path, minutes: float) -> Path:
    """Silence with a 1.5 s tone burst every 20 s (a turn each), written in blocks."""
    rate, period = 24000, 20 * 24000
    t = np.arange(int(1.5 * rate)) / rate
    burst = (0.3 * np.sin(2 * np.pi * 220 * t) * 32767).astype(np.int16)
    with sf.SoundFile(str(path), "w", samplerate=rate, channels=1, subtype="PCM_16") as f:
        for _ in range(int(minutes * 60 * rate / period)):
            block = np.zeros(period, dtype=np.int16)
            block[rate : rate + len(burst)] = burst
            f.write(block)
    return path


def peak_rss_during(run) -> tuple[float, float, object]:
    proc, peak, stop = psutil.Process(), [0], threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], proc.memory_info().rss)
            time.sleep(0.02)

    thread = threading.Thread(target=sample, daemon=True)
    base = proc.memory_info().rss
    thread.start()
    t0 = time.monotonic()
    out = run()
    stop.set()
    thread.join()
    return (peak[0] - base) / 2**20, time.monotonic() - t0, out


async def session_over(path: Path) -> tuple[int, float]:
    config = RealtimeConfig(input_transcription_model=None)
    recorder = MetricsRecorder(config)
    async with LocalRealtimeServer(speech=False) as server:
        async with RealtimeSession(config, recorder=recorder, url=server.url) as session:
            await session.run_file(path, pace=False, timeout=3600)
            return len(recorder.turns_df()), session.input_record.duration_ms / 60000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only; do not append to bench/RESULTS.md")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(session_over(make_file(Path(tmp) / "warmup.wav", 1 / 3)))
        for minutes in (1, 60):
            path = make_file(Path(tmp) / f"{minutes}min.wav", minutes)
            grown, wall, (turns, streamed) = peak_rss_during(lambda p=path: asyncio.run(session_over(p)))
            rows.append((minutes, grown, wall, turns, streamed))
            print(f"{minutes:>3} min input: peak RSS growth {grown:.1f} MiB, {turns} turns, {wall:.1f} s")
    (m1, g1, *_), (m60, g60, w60, t60, s60) = rows
    hour_mib = 60 * 60 * 24000 * 2 / 2**20
    append(
        f"{header('bench_long_input', 'numpy', 'soundfile')}\n\n"
        f"Peak RSS growth of a session streaming a file unpaced through the local server (speech off), against the "
        f"same run over one minute: 1 min {g1:.1f} MiB, 60 min {g60:.1f} MiB ({t60} turns, {s60:.0f} min streamed "
        f"in {w60:.0f} s). Holding the hour's input as an array would take {hour_mib:.0f} MiB "
        f"more; what still grows is the metrics timeline (about 82 bytes per event) and the per-turn records. "
        f"Target: growth well under the audio streamed (a quarter: {hour_mib / 4:.0f} MiB): "
        f"{verdict(g60 < hour_mib / 4)}.\n",
        write=not args.no_write,
    )


if __name__ == "__main__":
    main()
