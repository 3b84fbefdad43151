"""Benchmark: cost of recording 1,000,000 events with MetricsRecorder, and of exporting them to a DataFrame.

Anchor in the same run: a naive recorder that keeps one dict per event and builds the DataFrame from the list.
Reports bytes per event (tracemalloc, a separate pass from the timing pass), observe() time per event and
events_df() export time; appends the figures to bench/RESULTS.md.

Usage: python bench/bench_metrics.py [--events N] [--no-write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import platform
import time
import tracemalloc
from pathlib import Path

import pandas as pd
import psutil

from rtkit.metrics.recorder import MetricsRecorder

HOUR_EVENTS = 3600 * (50 + 10)  # a paced hour: 50 appends/s plus about 10 server events/s
AUDIO_B64 = "A" * 1280  # 20 ms of PCM16 24 kHz as base64; never stored by either recorder


class NaiveRecorder:
    """Anchor: one dict per event in a list, DataFrame built from the list."""

    def __init__(self) -> None:
        self.rows: list[dict] = []

    def observe(self, direction, event, t, nbytes, in_ms, out_ms) -> None:
        self.rows.append(
            {
                "t": t,
                "direction": direction,
                "type": event.get("type"),
                "item_id": event.get("item_id"),
                "response_id": event.get("response_id"),
                "call_id": event.get("call_id"),
                "nbytes": nbytes,
                "in_ms": in_ms,
                "out_ms": out_ms,
            }
        )

    def events_df(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows)


def workload(n: int):
    """A realistic mix: appends and output audio deltas dominate; each turn has VAD events, a response with
    transcript deltas and a done with usage. Event dicts are reused, as only sizes may be kept."""
    append = {"type": "input_audio_buffer.append", "audio": AUDIO_B64}
    t, in_ms, out_ms, i, turn = 1000.0, 0.0, 0.0, 0, 0
    while i < n:
        rid, iid = f"resp_{turn:06d}", f"item_{turn:06d}"
        turn_events = []
        for _ in range(150):
            in_ms += 20.0
            turn_events.append(("sent", append, 0.02, in_ms, out_ms))
        turn_events.append(
            (
                "received",
                {"type": "input_audio_buffer.speech_stopped", "audio_end_ms": in_ms, "item_id": iid},
                0.0,
                in_ms,
                out_ms,
            )
        )
        turn_events.append(("received", {"type": "response.created", "response": {"id": rid}}, 0.3, in_ms, out_ms))
        delta = {
            "type": "response.output_audio.delta",
            "response_id": rid,
            "item_id": f"msg_{turn}",
            "delta": AUDIO_B64,
        }
        tdelta = {
            "type": "response.output_audio_transcript.delta",
            "response_id": rid,
            "item_id": f"msg_{turn}",
            "delta": "wo",
        }
        for k in range(150):
            out_ms += 20.0
            turn_events.append(("received", delta, 0.002, in_ms, out_ms))
            if k % 3 == 0:
                turn_events.append(("received", tdelta, 0.0, in_ms, out_ms))
        usage = {
            "input_tokens": 500,
            "output_tokens": 60,
            "input_token_details": {"text_tokens": 400, "audio_tokens": 100},
        }
        done = {"type": "response.done", "response": {"id": rid, "status": "completed", "usage": usage}}
        turn_events.append(("received", done, 0.01, in_ms, out_ms))
        for d, ev, dt_s, a, b in turn_events:
            if i >= n:
                return
            t += dt_s
            yield d, ev, t, 200, a, b
            i += 1
        turn += 1


def record(rec, n: int) -> float:
    obs = rec.observe
    start = time.perf_counter()
    for row in workload(n):
        obs(*row)
    return time.perf_counter() - start


def loop_only(n: int) -> float:
    start = time.perf_counter()
    for _ in workload(n):
        pass
    return time.perf_counter() - start


def measure(make, n: int) -> dict[str, float]:
    gc.collect()
    rec = make()
    base = loop_only(n)
    seconds = record(rec, n) - base
    start = time.perf_counter()
    df = rec.events_df()
    export_s = time.perf_counter() - start
    assert len(df) == n
    del rec, df
    gc.collect()
    # memory pass: tracemalloc counts what the recorder keeps alive after recording
    rec = make()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    record(rec, n)
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del rec
    gc.collect()
    return {"us_per_event": seconds / n * 1e6, "bytes_per_event": (after - before) / n, "export_s": export_s}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    n = args.events
    naive = measure(NaiveRecorder, n)
    ours = measure(lambda: MetricsRecorder(model="gpt-realtime", sample_interval_s=1.0), n)
    rows = [("naive list-of-dicts (anchor)", naive), ("MetricsRecorder", ours)]
    lines = [
        f"### bench_metrics — {dt.date.today().isoformat()} — {platform.machine()}, {psutil.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.platform(terse=True)}",
        "",
        f"{n:,} events (appends, output audio and transcript deltas, VAD, response.created/done with usage).",
        "Targets: < 300 bytes/event, export < 2 s.",
        "",
        "| recorder | bytes/event (tracemalloc) | observe µs/event | events_df export s |",
        "|---|---:|---:|---:|",
    ]
    for name, m in rows:
        lines.append(f"| {name} | {m['bytes_per_event']:.0f} | {m['us_per_event']:.2f} | {m['export_s']:.2f} |")
    hour = HOUR_EVENTS
    lines += [
        "",
        f"One hour of input ({hour:,} events: 180,000 20 ms appends and ~10 server events/s): MetricsRecorder "
        f"{ours['bytes_per_event'] * hour / 2**20:.1f} MiB, anchor {naive['bytes_per_event'] * hour / 2**20:.1f} MiB "
        "(bytes/event above × events).",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        path = Path(__file__).with_name("RESULTS.md")
        with path.open("a") as f:
            f.write(("\n" if path.exists() and path.stat().st_size else "") + text)


if __name__ == "__main__":
    main()
