"""Local server capacity: silent sessions per server (one process and ``--workers 2``) and callers speaking at once,
each level against the anchors of the same run.

Each level runs ``load_local_server.run_load`` (a fresh server; N sessions streaming `two_turns.wav` in real time,
looped, starts spread over 1 s). Anchors, measured in the same run: 2 silent sessions (the VAD-lag floor of an idle
server on this machine) and one caller speaking alone (the answer time with no queue). Targets (issue 21):

- speech off: 300 sessions with VAD lag p99 < 50 ms (one process or ``--workers``), 500 with ``--workers 2``;
- speech on, recognition limit 3 s: end of speech → first answer audio p99 ≤ 1.5 s at 10 callers and ≤ 3 s at 20; at
  50 every turn answered within 3 s or refused, none later, and VAD lag p99 < 50 ms; a recognition worker ≤ 600 MB.

The machine's load average is in the header and beside each row: on a shared machine compare rows, not runs.

    python bench/bench_capacity.py [--short] [--seconds 8] [--off 100,300] [--workers-off 300,500] [--on 10,20,50]
"""

from __future__ import annotations

import argparse
import os

from _common import append, header, verdict
from load_local_server import TABLE_HEAD, format_row, run_load

LAG_P99_MS = 50.0
LIMIT_S = 3.0
RSS_MB = 600.0


def holds(r: dict) -> bool:
    return r["lag_p99_ms"] < LAG_P99_MS and r["errors"] == 0 and r["vad_events"] > 0


def _levels(text: str) -> list[int]:
    return [int(n) for n in text.split(",") if n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help="a quick run: 6 s per level, fewer levels")
    parser.add_argument("--seconds", type=float, default=None, help="streaming time per level (default 8; short 6)")
    parser.add_argument("--off", default=None, help="silent sessions on one process (default 100,300)")
    parser.add_argument("--workers-off", default=None, help="silent sessions on --workers 2 (default 300,500)")
    parser.add_argument("--on", default=None, help="callers speaking (default 10,20,50; short 10,20)")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    seconds = args.seconds or (6.0 if args.short else 8.0)
    off = _levels(args.off or ("100" if args.short else "100,300"))
    workers_off = _levels(args.workers_off or ("300" if args.short else "300,500"))
    on = _levels(args.on or ("10,20" if args.short else "10,20,50"))

    rows: list[dict] = []

    def level(n: int, speech: bool, workers: int = 1) -> dict:
        r = run_load(n, seconds, speech, workers=workers, limit_s=LIMIT_S if speech else None)
        r["load"] = os.getloadavg()[0]
        rows.append(r)
        print(format_row(r), f"(load {r['load']:.1f})", flush=True)
        return r

    print(TABLE_HEAD, flush=True)
    level(2, False)  # anchor: the VAD-lag floor
    off_rows = [level(n, False) for n in off] + [level(n, False, workers=2) for n in workers_off]
    alone = level(1, True)  # anchor: one caller, no queue
    on_rows = [level(n, True) for n in on]

    lines = [
        header("bench_capacity", "websockets", "numpy", "onnxruntime"),
        "",
        f"Sessions streaming `two_turns.wav` (looped) in real time for {seconds:g} s against a fresh local server per "
        "level (`processes` > 1: `rtkit serve --workers`); starts spread over 1 s. Lag = `speech_stopped` received − "
        "the append carrying its `audio_end_ms` sent. With speech on the recognition limit is 3 s: each turn ends "
        "answered (first audio; in brackets within 3 s), refused (`rate_limit_exceeded`), cut by the caller's next "
        "words before any audio, or still waiting at the end. Anchors: 2 silent sessions and one caller alone (first "
        f"rows of each half). {os.cpu_count()} cores shared by server, load generator and the machine's other work: "
        "the load average after each level is in the last column.",
        "",
        TABLE_HEAD.split("\n")[0] + " load |",
        TABLE_HEAD.split("\n")[1] + "---:|",
        *(format_row(r) + f" {r['load']:.1f} |" for r in rows),
        "",
    ]
    for r in off_rows:
        target = "(target: 300 on one process or --workers)" if r["sessions"] == 300 else ""
        if r["workers"] > 1 and r["sessions"] == 500:
            target = "(target: 500 with --workers 2)"
        lines.append(
            f"- speech off, {r['sessions']} sessions on {r['workers']} process(es): VAD lag p99 "
            f"{r['lag_p99_ms']:.1f} ms (anchor {rows[0]['lag_p99_ms']:.1f} ms) {target}: {verdict(holds(r))}"
        )
    lines.append(
        f"- one caller alone: stop→audio p50 {alone['to_audio_p50_ms']:.0f} ms, p99 {alone['to_audio_p99_ms']:.0f} ms"
    )
    for r in on_rows:
        n, p99 = r["sessions"], r["to_audio_p99_ms"]
        late = r["answered"] - r["answered_3s"]
        if n == 10:
            goal, ok = "p99 ≤ 1.5 s", p99 <= 1500
        elif n == 20:
            goal, ok = "p99 ≤ 3 s", p99 <= 3000
        else:
            goal, ok = "none answered later than 3 s, lag p99 < 50 ms", late == 0 and r["lag_p99_ms"] < LAG_P99_MS
        lines.append(
            f"- {n} callers: stop→audio p50 {r['to_audio_p50_ms']:.0f} ms, p99 {p99:.0f} ms; {r['answered']} answered "
            f"({late} after 3 s), {r['refused']} refused, {r['cancelled']} cut by the next words, {r['waiting']} "
            f"waiting at the end; VAD lag p99 {r['lag_p99_ms']:.1f} ms ({goal}): {verdict(ok)}"
        )
    biggest = max((r["recognition_rss_mb"] for r in [alone, *on_rows]), default=0.0)
    lines.append(
        f"- largest recognition worker: {biggest:.0f} MB resident (target ≤ {RSS_MB:g}): {verdict(biggest <= RSS_MB)}"
    )
    append("\n".join(lines), not args.no_write)


if __name__ == "__main__":
    main()
