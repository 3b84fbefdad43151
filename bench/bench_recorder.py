"""The MetricsRecorder's own cost per event: `bench_client`'s stream replayed into a recorder, no socket.

The events of one two-turn session with tools (the stream `bench_client.py` serves) are repeated to N, parsed once,
and given to `MetricsRecorder.observe` as the client does (direction, event, time, frame size, audio clocks).
Each round takes a new recorder; CPU time of the replay per event, in total and by kind of event (output deltas,
which take the generic path, and the rest, which carry ids and fields in their payload or move the turn tracker).
Against the anchor of the same run: the replay loop with an observer that does nothing.

    python bench/bench_recorder.py [--events 20000] [--rounds 9] [--no-write]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

import orjson
from _common import append, header, spread
from bench_client import record_stream

from rtkit import MetricsRecorder, RealtimeConfig

Observer = Callable[[str, Any, float, int, float, float], None]


def replay(frames: list[str], make: Callable[[], Observer]) -> float:
    """CPU µs per event of giving every frame (parsed beforehand) to a new observer."""
    events = [orjson.loads(f) for f in frames]
    sizes = [len(f) for f in frames]
    observe = make()
    t = time.monotonic()
    observe("local", {"type": "rtkit.connect.start", "url": "ws://bench"}, t, 0, 0.0, 0.0)
    observe("local", {"type": "rtkit.connected"}, t, 0, 0.0, 0.0)
    out_ms = 0.0
    c0 = time.process_time()
    for event, size in zip(events, sizes, strict=True):
        if event["type"] == "response.output_audio.delta":
            out_ms += 20.0
        observe("received", event, time.monotonic(), size, 0.0, out_ms)
    return (time.process_time() - c0) / len(frames) * 1e6


def nothing(*args: Any) -> None:
    """The anchor: an observer that does nothing."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    recorded = asyncio.run(record_stream())
    deltas = [f for f in recorded if json.loads(f)["type"].endswith(".delta")]
    rest = [f for f in recorded if not json.loads(f)["type"].endswith(".delta")]
    streams = {"all events": recorded, "output deltas only": deltas, "the rest only": rest}
    runs: dict[str, list[float]] = {name: [] for name in streams}
    anchor: list[float] = []
    config = RealtimeConfig(api_key=None)
    for _ in range(args.rounds):
        for name, frames in streams.items():
            repeated = (frames * (args.events // len(frames) + 1))[: args.events]
            runs[name].append(replay(repeated, lambda: MetricsRecorder(config).observe))
        anchor.append(replay((recorded * (args.events // len(recorded) + 1))[: args.events], lambda: nothing))
    lines = [
        header("bench_recorder", "numpy"),
        "",
        f"{args.events} events per round, replayed into a new `MetricsRecorder` ({len(recorded)} recorded from the "
        f"two-turn session with tools of `bench_client`, {len(deltas)} of them output deltas, repeated); "
        f"{args.rounds} rounds; CPU µs per event, median (min–max). Anchor: the same loop with an observer that "
        "does nothing.",
        "",
        "| stream | CPU µs/event |",
        "|---|---:|",
        f"| anchor (observer does nothing) | {spread(anchor, '{:.2f}')} |",
    ]
    lines += [f"| {name} | {spread(runs[name], '{:.2f}')} |" for name in streams]
    cost = statistics.median(runs["all events"]) - statistics.median(anchor)
    lines += ["", f"- the recorder's cost over the anchor, all events: {cost:.2f} µs/event"]
    append("\n".join(lines), not args.no_write)


if __name__ == "__main__":
    main()
