"""Client receive path: events per second that a client takes in from a Realtime server, five ways, same stream.

A recorded stream of realistic server events (one unpaced `two_turns.wav` session through the local server with
speech on, with tool calls: audio and transcript deltas, VAD, items, responses, usage) is repeated to N events and
served by a separate process as fast as the socket allows. Each round, in shuffled order, five clients read it all:

- bare `websockets` + `json.loads` (the anchor: the floor any Python client pays);
- `RealtimeClient` (rtkit; stamps, dispatch, the event queue);
- `RealtimeClient` with handlers only and no queue (how a `RealtimeSession` reads it);
- `RealtimeClient` with a `MetricsRecorder` attached (what `rtkit run` does);
- the official SDK's `AsyncOpenAI().realtime.connect()` iteration (pydantic-typed events).

Rate = events / (time of the last event − time of the first). Targets: rtkit ≥ 5× the SDK and ≥ 0.9× bare;
with the MetricsRecorder attached ≥ 0.8× bare.

    python bench/bench_client.py [--events 20000] [--rounds 5] [--no-write]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import random
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

import websockets
from _common import ROOT, append, header, spread, verdict

from rtkit import LocalRealtimeServer, MetricsRecorder, RealtimeClient, RealtimeConfig, RealtimeSession

CREATED = '{"type":"session.created","event_id":"evt_0","session":{"type":"realtime","id":"sess_bench"}}'


async def record_stream() -> list[str]:
    """Server events of one unpaced two-turn session with tools (speech synthesis and recognition on)."""
    frames: list[str] = []

    def keep(direction, event, t, nbytes, in_ms, out_ms) -> None:
        if direction == "received" and event["type"] != "session.created":
            frames.append(json.dumps(event))

    async with LocalRealtimeServer(speech=True) as server:
        await server.speech.load()
        session = RealtimeSession(RealtimeConfig(api_key=None), url=server.url)
        session.add_function("get_portfolio_summary", lambda a: {"total_value": 1.0}, "Portfolio summary.")
        session.add_function("spending_by_category", lambda a: {"groceries": 2.0}, "Spending per category.")
        async with session:
            session.client.add_observer(keep)
            await session.run_file(ROOT / "data" / "two_turns.wav", pace=False)
    return frames


def serve_stream(path: str, port_out: mp.Queue) -> None:
    """Separate process: send session.created and the stream to every client that connects."""
    frames = json.loads(Path(path).read_text())

    async def handler(ws) -> None:
        await ws.send(CREATED)
        for frame in frames:
            await ws.send(frame)
        await ws.wait_closed()

    async def main() -> None:
        async with websockets.serve(handler, "127.0.0.1", 0, max_size=None, compression=None) as server:
            port_out.put(server.sockets[0].getsockname()[1])
            await asyncio.Future()

    asyncio.run(main())


def rates(n: int, t0: float, c0: float) -> tuple[float, float]:
    """Events per second of wall time, and events per second of this process's CPU time."""
    return n / (time.perf_counter() - t0), n / max(time.process_time() - c0, 1e-9)


async def bare(url: str, n: int) -> tuple[float, float]:
    async with websockets.connect(url, max_size=None, compression=None) as ws:
        json.loads(await ws.recv())  # session.created
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(n):
            json.loads(await ws.recv())
        return rates(n, t0, c0)


async def rtkit_client(url: str, n: int, recorder: bool = False) -> tuple[float, float]:
    config = RealtimeConfig(api_key=None)
    async with RealtimeClient(config, url=url) as client:
        if recorder:
            client.add_observer(MetricsRecorder(config).observe)
        await client.recv()  # session.created
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(n):
            await client.recv()
        return rates(n, t0, c0)


async def rtkit_handlers(url: str, n: int) -> tuple[float, float]:
    """The session's path: no event queue, a handler for every event."""
    config = RealtimeConfig(api_key=None)
    seen = 0
    done = asyncio.get_running_loop().create_future()
    started: list[tuple[float, float]] = []

    def count(event: dict) -> None:
        nonlocal seen
        seen += 1
        if seen == 1:  # session.created: the stream starts
            started.append((time.perf_counter(), time.process_time()))
        elif seen == n + 1 and not done.done():
            done.set_result(rates(n, *started[0]))

    async with RealtimeClient(config, url=url, buffer_events=False) as client:
        client.on("*", count)
        return await done


async def sdk(url: str, n: int) -> tuple[float, float]:
    from openai import AsyncOpenAI

    base = url.replace("ws://", "http://").removesuffix("/realtime")
    client = AsyncOpenAI(api_key="bench", base_url=base)
    async with client.realtime.connect(model="gpt-realtime") as conn:
        await conn.recv()  # session.created
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(n):
            await conn.recv()
        result = rates(n, t0, c0)
    await client.close()
    return result


CLIENTS = {
    "bare websockets + json.loads (anchor)": bare,
    "rtkit RealtimeClient": rtkit_client,
    "rtkit RealtimeClient, handlers only (the session's path)": rtkit_handlers,
    "rtkit RealtimeClient + MetricsRecorder": lambda url, n: rtkit_client(url, n, recorder=True),
    "openai SDK realtime.connect()": sdk,
}


async def measure(url: str, n: int, rounds: int) -> dict[str, list[tuple[float, float]]]:
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in CLIENTS}
    for _ in range(rounds):
        order = list(CLIENTS)
        random.shuffle(order)
        for name in order:
            runs[name].append(await CLIENTS[name](url, n))
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    recorded = asyncio.run(record_stream())
    frames = (recorded * (args.events // len(recorded) + 1))[: args.events]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(frames, f)
    ctx = mp.get_context("spawn")
    ports: mp.Queue = ctx.Queue()
    proc = ctx.Process(target=serve_stream, args=(f.name, ports), daemon=True)
    proc.start()
    try:
        url = f"ws://127.0.0.1:{ports.get(timeout=30)}/v1/realtime"
        runs = asyncio.run(measure(url, args.events, args.rounds))
    finally:
        proc.terminate()
        proc.join()
        Path(f.name).unlink()

    wall = {k: [w for w, _ in v] for k, v in runs.items()}
    cpu = {k: [c for _, c in v] for k, v in runs.items()}
    names = list(CLIENTS)
    med = {k: statistics.median(v) for k, v in cpu.items()}
    anchor, kit, kit_handlers, kit_rec, sdk_rate = (med[n] for n in names)
    mix = ", ".join(f"{t} {c}" for t, c in Counter(json.loads(x)["type"] for x in recorded).most_common(4))
    lines = [
        header("bench_client", "websockets", "openai"),
        "",
        f"{args.events} server events ({len(recorded)} recorded from a two-turn session with tools, repeated; most "
        f"frequent: {mix}) from a separate process, {args.rounds} interleaved rounds (shuffled order); median "
        "(min–max). Wall rate = events / wall time; CPU rate = events / this process's CPU time (user + system), "
        "the client's own cost, which a busy shared machine does not distort: the targets are judged on it. "
        "Targets: rtkit ≥ 5× the SDK, ≥ 0.9× bare; with the recorder ≥ 0.8× bare.",
        "",
        "| client | wall events/s | CPU events/s | CPU µs/event | × bare (CPU) | × SDK (CPU) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name in names:
        lines.append(
            f"| {name} | {spread(wall[name], '{:,.0f}')} | {spread(cpu[name], '{:,.0f}')} | {1e6 / med[name]:.1f} "
            f"| {med[name] / anchor:.2f} | {med[name] / sdk_rate:.1f} |"
        )
    lines += [
        "",
        f"- rtkit vs SDK: {kit / sdk_rate:.1f}× (target ≥ 5×): {verdict(kit / sdk_rate >= 5)}; with the recorder "
        f"{kit_rec / sdk_rate:.1f}×: {verdict(kit_rec / sdk_rate >= 5)}",
        f"- rtkit vs bare: {kit / anchor:.2f}× (target ≥ 0.9×): {verdict(kit / anchor >= 0.9)}; handlers only "
        f"{kit_handlers / anchor:.2f}×: {verdict(kit_handlers / anchor >= 0.9)}; with the recorder "
        f"{kit_rec / anchor:.2f}× (target ≥ 0.8×): {verdict(kit_rec / anchor >= 0.8)}",
    ]
    append("\n".join(lines), not args.no_write)


if __name__ == "__main__":
    main()
