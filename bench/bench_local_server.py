"""Benchmark: how many times faster than real time an unpaced WAV session runs through the local server.

A client streams a WAV (default data/two_turns.wav) unpaced in 20 ms appends over a real socket; server VAD
commits each turn and the server answers (tools routed by the rule-based responder, answered by the client
with a fixed output; the client ends the session once everything is answered). The anchor is the audio's own
duration: speed = audio duration / wall time from the first append to the last ``response.done``. Run with
speech synthesis and recognition (input transcription on) and without; appends the figures to
bench/RESULTS.md.

Usage: python bench/bench_local_server.py [--wav PATH] [--runs N] [--no-write]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import datetime as dt
import json
import platform
import statistics
import time
from pathlib import Path

import numpy as np
import psutil
import websockets

from rtkit.audio import chunk_pcm, load_audio, pad_silence
from rtkit.local import LocalRealtimeServer

ROOT = Path(__file__).resolve().parent.parent
QUIET_S = 0.3
TOOLS = [
    {
        "type": "function",
        "name": "get_portfolio_summary",
        "description": "Summarise the user's investment portfolio: total value and allocation.",
        "parameters": {"type": "object", "properties": {}},
    },
    {
        "type": "function",
        "name": "spending_by_category",
        "description": "How much was spent per category, e.g. groceries, in a period.",
        "parameters": {"type": "object", "properties": {"category": {"type": "string"}}},
    },
]


async def run_session(server: LocalRealtimeServer, pcm: np.ndarray, turns: int, speech: bool) -> dict[str, float]:
    """One session; returns wall seconds and counts."""
    async with websockets.connect(server.url + "?model=gpt-realtime", max_size=None) as ws:
        await ws.recv()  # session.created
        session = {"type": "realtime", "tools": TOOLS, "audio": {"input": {"transcription": None}}}
        if speech:
            session["audio"]["input"]["transcription"] = {"model": "gpt-4o-mini-transcribe"}
        await ws.send(json.dumps({"type": "session.update", "session": session}))
        while json.loads(await ws.recv())["type"] != "session.updated":
            pass
        frames = [
            json.dumps({"type": "input_audio_buffer.append", "audio": base64.b64encode(c).decode()})
            for c in chunk_pcm(pcm, 20)
        ]
        t0 = time.perf_counter()

        async def sender() -> None:
            for frame in frames:
                await ws.send(frame)

        send_task = asyncio.create_task(sender())
        done = events = stopped = open_responses = requested = 0
        last_done = t0
        while True:
            idle = send_task.done() and stopped >= turns and open_responses == 0 and requested == 0
            try:
                # once everything is answered, a quiet spell ends the session
                raw = await asyncio.wait_for(ws.recv(), QUIET_S if idle else 60)
            except TimeoutError:
                if idle:
                    break
                raise
            event = json.loads(raw)
            events += 1
            kind = event["type"]
            if kind == "input_audio_buffer.speech_stopped":
                stopped += 1
            elif kind == "response.created":
                open_responses += 1
                requested = max(0, requested - 1)
            elif kind == "response.done":
                open_responses -= 1
                done += 1
                last_done = time.perf_counter()
                calls = [o for o in event["response"]["output"] if o["type"] == "function_call"]
                if calls and event["response"]["status"] == "completed":
                    for call in calls:
                        item = {
                            "type": "function_call_output",
                            "call_id": call["call_id"],
                            "output": '{"total": 1}',
                        }
                        await ws.send(json.dumps({"type": "conversation.item.create", "item": item}))
                    await ws.send(json.dumps({"type": "response.create"}))
                    requested += 1
        wall = last_done - t0
        await send_task
    return {"wall_s": wall, "responses": done, "events": events}


async def bench(wav: Path, runs: int, turns: int) -> list[dict[str, object]]:
    pcm = pad_silence(load_audio(wav), 500)
    audio_s = len(pcm) / 24000
    rows = []
    for speech in (False, True):
        async with LocalRealtimeServer(speech=speech) as server:
            await server.speech.load()
            await run_session(server, pcm, turns, speech)  # warm-up
            results = [await run_session(server, pcm, turns, speech) for _ in range(runs)]
            engines = server.speech.status
        wall = statistics.median(r["wall_s"] for r in results)
        rows.append(
            {
                "speech": "on" if speech else "off",
                "engines": ", ".join(k for k, v in engines.items() if v) or "none",
                "audio_s": audio_s,
                "wall_s": wall,
                "x_realtime": audio_s / wall,
                "responses": results[0]["responses"],
                "events": results[0]["events"],
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wav", type=Path, default=ROOT / "data" / "two_turns.wav")
    parser.add_argument("--turns", type=int, default=None, help="user turns in the WAV (default: from labels.json)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    turns = args.turns
    if turns is None:
        labels = json.loads((args.wav.parent / "labels.json").read_text())
        turns = len(labels[args.wav.name]["segments"])
    rows = asyncio.run(bench(args.wav, args.runs, turns))
    machine = ", ".join(
        [
            platform.machine(),
            f"{psutil.cpu_count()} cores",
            f"Python {platform.python_version()}",
            platform.platform(),
        ]
    )
    lines = [
        f"### bench_local_server — {dt.date.today().isoformat()} — {machine}",
        "",
        f"Unpaced session through the local server: `{args.wav.name}` ({rows[0]['audio_s']:.2f} s of audio, "
        f"{turns} turns, 20 ms appends, server VAD, tool calls answered by the client), median of "
        f"{args.runs} runs. Anchor: the audio's own duration (speed = audio duration / wall time to the "
        "last response.done). Unpaced, a later turn starts while the previous response is still being "
        "prepared, so it barges in (that response ends cancelled, turn_detected); without recognition the "
        "transcripts are empty and the responder acknowledges instead of calling tools, hence the different "
        "response counts.",
        "",
        "| speech synthesis + recognition | engines live | wall s | × real time | responses | server events |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['speech']} | {r['engines']} | {r['wall_s']:.3f} | {r['x_realtime']:.1f} "
            f"| {r['responses']} | {r['events']} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_write:
        with open(ROOT / "bench" / "RESULTS.md", "a") as f:
            f.write("\n" + text)


if __name__ == "__main__":
    main()
