"""Local server capacity: the most concurrent paced sessions it holds with VAD-event lag p99 under 50 ms and no
errors, speech engines off and on, with server and recognition CPU and RSS per session.

Each level runs ``load_local_server.run_load`` (a fresh server process; N sessions streaming `two_turns.wav` in
real time for a few seconds). The anchor, in the same run, is the same load at 2 sessions: the lag floor of an
idle server on this machine. Targets: 200 sessions with speech off; with speech on, VAD-event lag p99 under 50 ms
at 100 sessions (VAD never waits for recognition) and recognition throughput reported.

    python bench/bench_capacity.py [--seconds 8] [--off 100,200] [--on 100] [--no-write]
"""

from __future__ import annotations

import argparse
import os

from _common import append, header, verdict
from load_local_server import TABLE_HEAD, format_row, run_load

LAG_P99_MS = 50.0


def holds(r: dict) -> bool:
    return r["lag_p99_ms"] < LAG_P99_MS and r["errors"] == 0 and r["vad_events"] > 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--off", default="100,200", help="session counts with speech off")
    parser.add_argument("--on", default="100", help="session counts with speech on")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    levels = [(2, False)] + [(int(n), False) for n in args.off.split(",") if n]
    levels += [(int(n), True) for n in args.on.split(",") if n]
    rows = [run_load(n, args.seconds, speech) for n, speech in levels]

    off = [r for r in rows[1:] if not r["speech"]]
    on = [r for r in rows[1:] if r["speech"]]
    best_off = max((r["sessions"] for r in off if holds(r)), default=0)
    best_on = max((r["sessions"] for r in on if holds(r)), default=0)
    at200 = next((r for r in off if r["sessions"] == 200), None)
    at100 = next((r for r in on if r["sessions"] == 100), None)
    lines = [
        header("bench_capacity", "websockets", "numpy"),
        "",
        f"Paced sessions streaming `two_turns.wav` (looped) in real time for {args.seconds:g} s against a fresh local "
        f"server process per level; starts spread over 1 s. Holds = VAD-event lag p99 < {LAG_P99_MS:g} ms and no "
        "errors. Lag = `speech_stopped` received − the append carrying its `audio_end_ms` sent. Anchor: 2 sessions "
        f"(first row). {os.cpu_count()} cores shared by server, load generator and the machine's other work (see the "
        "load in the header): the generator's own lateness is in the last column.",
        "",
        TABLE_HEAD,
        *(format_row(r) for r in rows),
        "",
        f"- speech off: most sessions that held among {[r['sessions'] for r in off]}: {best_off} (target 200): "
        f"{verdict(at200 is not None and holds(at200))}",
        f"- speech on: most that held among {[r['sessions'] for r in on]}: {best_on}; VAD lag p99 at 100 sessions "
        + (f"{at100['lag_p99_ms']:.1f} ms (target < 50): {verdict(holds(at100))}" if at100 else "not measured"),
    ]
    for r in on:
        rate = r["utterances_per_core_s"]
        lines.append(
            f"- recognition at {r['sessions']} sessions: {r['transcripts']} transcripts in {r['seconds']:g} s, "
            f"recognition processes at {r['recognition_cpu_pct']:.0f} % CPU"
            + (f" = {rate:.1f} utterances/s per core" if rate else "")
        )
    for r in rows:
        if r["errors"]:
            lines.append(f"- errors at {r['sessions']} sessions: {', '.join(r['error_kinds'])}")
    append("\n".join(lines), not args.no_write)


if __name__ == "__main__":
    main()
