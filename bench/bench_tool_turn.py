"""Kit-added latency per tool turn, on the server's clock: rtkit vs openai-agents' RealtimeSession vs a bare client.

One local Realtime server (speech off) runs in a separate process; it stamps, on its own clock, the moment it has
sent each ``response.function_call_arguments.done`` and the moment the matching ``function_call_output`` item
arrives. The difference is what the client adds to a tool turn: reading and parsing the events, dispatching the
call, running a tool that returns a fixed JSON at once, and sending the output. Three clients run text turns that
the rule-based responder answers with a ``get_portfolio_summary`` call, in interleaved rounds (shuffled order):

- bare `websockets` + `json` (the anchor: the floor);
- rtkit `RealtimeSession.send_text` with a Python function tool;
- openai-agents `RealtimeRunner` / `RealtimeSession.send_message` with a `function_tool` (tracing off).

Back-to-back turn wall time (user text sent → the answer after the tool is done, on the client's clock) compares
the whole loop. For rtkit the client's own share is stamped too (an observer: ``arguments.done`` received → the
output sent, client clock), with the garbage collections that ran during its turns: a slow block whose client share
stayed small was spent outside the kit (the loopback hop and the server waiting for a core on a loaded machine).
Targets: rtkit p50 under 0.3 ms above the bare floor, p99 under 1 ms above it; turn wall time within 1.5× of the
bare client.

    python bench/bench_tool_turn.py [--turns 20] [--rounds 5] [--no-write]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import multiprocessing as mp
import os
import random
import statistics
import threading
import time
from typing import Any

import websockets
from _common import append, header, pct, verdict

from rtkit import RealtimeConfig, RealtimeSession

PROMPT = "What is my portfolio summary?"
OUTPUT = json.dumps({"total_value": 48210.5, "currency": "USD"})
TOOL = {
    "type": "function",
    "name": "get_portfolio_summary",
    "description": "Summarise the user's investment portfolio: total value and allocation.",
    "parameters": {"type": "object", "properties": {}},
}


# -- the server process --------------------------------------------------------------------------------------------
def serve(conn: Any) -> None:
    """Local server with stamps on its own clock: args.done sent, function_call_output received (by call_id)."""
    from rtkit.local.server import local_server as srv
    from rtkit.local.server.state import ConnectionState

    stamps: dict[str, dict[str, float]] = {}
    raw = srv._Link._raw

    async def stamped_raw(self, event: dict[str, Any]) -> None:
        await raw(self, event)
        if event["type"] == "response.function_call_arguments.done":
            stamps.setdefault(event["call_id"], {})["sent"] = time.monotonic()

    handle = ConnectionState.handle

    async def stamped_handle(self, message: str | bytes) -> None:  # each client message, as it is read
        text = message.decode() if isinstance(message, bytes) else message
        if '"function_call_output"' in text:
            stamps.setdefault(json.loads(text)["item"]["call_id"], {})["received"] = time.monotonic()
        await handle(self, message)

    srv._Link._raw = stamped_raw
    ConnectionState.handle = stamped_handle

    def answer() -> None:  # the parent asks for the stamps after each client's run
        while conn.recv() == "stamps":
            conn.send(dict(stamps))
            stamps.clear()

    async def main() -> None:
        async with srv.LocalRealtimeServer(speech=False) as server:
            conn.send(server.url)
            threading.Thread(target=answer, daemon=True).start()
            await asyncio.Future()

    asyncio.run(main())


# -- the clients --------------------------------------------------------------------------------------------
async def bare(url: str, turns: int) -> list[float]:
    walls = []
    async with websockets.connect(url + "?model=gpt-realtime", max_size=None, compression=None) as ws:
        session = {"type": "realtime", "output_modalities": ["text"], "tools": [TOOL]}
        session["audio"] = {"input": {"turn_detection": None, "transcription": None}}
        await ws.send(json.dumps({"type": "session.update", "session": session}))
        while json.loads(await ws.recv())["type"] != "session.updated":
            pass
        user = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": PROMPT}]}
        for _ in range(turns):
            t0 = time.perf_counter()
            await ws.send(json.dumps({"type": "conversation.item.create", "item": user}))
            await ws.send(json.dumps({"type": "response.create"}))
            while True:
                event = json.loads(await ws.recv())
                kind = event["type"]
                if kind == "response.function_call_arguments.done":
                    item = {"type": "function_call_output", "call_id": event["call_id"], "output": OUTPUT}
                    await ws.send(json.dumps({"type": "conversation.item.create", "item": item}))
                elif kind == "response.done":
                    if any(o["type"] == "function_call" for o in event["response"]["output"]):
                        await ws.send(json.dumps({"type": "response.create"}))
                    else:
                        break
            walls.append((time.perf_counter() - t0) * 1000)
    return walls


CLIENT_SHARE: list[float] = []  # rtkit: arguments.done received → output sent, ms on the client's clock
COLLECTIONS: list[tuple[int, float]] = []  # (generation, ms) of collections during rtkit's turns


def _gc_watch(phase: str, info: dict[str, Any]) -> None:
    if phase == "start":
        _gc_watch.started = time.perf_counter()  # type: ignore[attr-defined]
    elif _gc_watch.active:  # type: ignore[attr-defined]
        COLLECTIONS.append((info["generation"], (time.perf_counter() - _gc_watch.started) * 1000))  # type: ignore[attr-defined]


_gc_watch.active = False  # type: ignore[attr-defined]
gc.callbacks.append(_gc_watch)


async def rtkit_session(url: str, turns: int) -> list[float]:
    config = RealtimeConfig(api_key=None, output_modality="text", turn_detection=None, input_transcription_model=None)
    session = RealtimeSession(config, url=url)
    session.add_function("get_portfolio_summary", lambda args: OUTPUT, TOOL["description"])
    received: dict[str, float] = {}

    def share(direction: str, event: dict[str, Any], t: float, nbytes: int, in_ms: float, out_ms: float) -> None:
        if direction == "received" and event["type"] == "response.function_call_arguments.done":
            received[event["call_id"]] = t
        elif direction == "sent" and event["type"] == "conversation.item.create":
            at = received.pop(event["item"].get("call_id", ""), None)
            if at is not None:
                CLIENT_SHARE.append((t - at) * 1000)

    session.add_observer(share)
    walls = []
    _gc_watch.active = True  # type: ignore[attr-defined]
    async with session:
        for _ in range(turns):
            t0 = time.perf_counter()
            await session.send_text(PROMPT)
            walls.append((time.perf_counter() - t0) * 1000)
    _gc_watch.active = False  # type: ignore[attr-defined]
    return walls


async def agents_session(url: str, turns: int) -> list[float]:
    from agents import function_tool
    from agents.realtime import RealtimeAgent, RealtimeRunner

    @function_tool
    def get_portfolio_summary() -> str:
        """Summarise the user's investment portfolio: total value and allocation."""
        return OUTPUT

    agent = RealtimeAgent(name="finance", instructions="You help with personal finance.", tools=[get_portfolio_summary])
    settings = {"output_modalities": ["text"], "turn_detection": None, "input_audio_transcription": None}
    runner = RealtimeRunner(agent, config={"model_settings": settings, "tracing_disabled": True})
    session = await runner.run(model_config={"url": url + "?model=gpt-realtime", "api_key": "bench"})
    walls = []
    async with session:
        events = session.__aiter__()
        for _ in range(turns):
            t0 = time.perf_counter()
            await session.send_message(PROMPT)
            tool_done = False
            while True:
                event = await events.__anext__()
                if event.type == "error":
                    raise RuntimeError(f"openai-agents session error: {event.error}")
                if event.type == "tool_end":
                    tool_done = True
                elif event.type == "agent_end" and tool_done:
                    break
            walls.append((time.perf_counter() - t0) * 1000)
    return walls


CLIENTS = {
    "bare websockets (anchor)": bare,
    "rtkit RealtimeSession": rtkit_session,
    "openai-agents RealtimeSession": agents_session,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=20, help="turns per client per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("OPENAI_AGENTS_DISABLE_TRACING", "1")

    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=serve, args=(child,), daemon=True)
    proc.start()
    added: dict[str, list[float]] = {name: [] for name in CLIENTS}
    walls: dict[str, list[float]] = {name: [] for name in CLIENTS}
    try:
        url = parent.recv()
        for _ in range(args.rounds):
            order = list(CLIENTS)
            random.shuffle(order)
            for name in order:
                walls[name] += asyncio.run(CLIENTS[name](url, args.turns))
                parent.send("stamps")
                stamps = parent.recv()
                added[name] += [(s["received"] - s["sent"]) * 1000 for s in stamps.values() if len(s) == 2]
    finally:
        parent.send("stop")
        proc.terminate()
        proc.join()

    names = list(CLIENTS)
    floor50, floor99 = pct(added[names[0]], 50), pct(added[names[0]], 99)
    wall_floor = statistics.median(walls[names[0]])
    lines = [
        header("bench_tool_turn", "websockets", "openai-agents"),
        "",
        f"{args.rounds} interleaved rounds × {args.turns} text turns per client against one local server (speech "
        "off) in a separate process. Tool turn = `function_call_arguments.done` sent → `function_call_output` "
        "received, on the server's clock; added = above the bare client's floor at the same percentile. Turn wall = "
        "user text sent → final answer done, client clock. Targets: rtkit added p50 < 0.3 ms, p99 < 1 ms; turn "
        "wall ≤ 1.5× bare.",
        "",
        "| client | n | tool turn p50 ms | p99 ms | added p50 ms | added p99 ms | turn wall p50 ms | × bare |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in names:
        p50, p99 = pct(added[name], 50), pct(added[name], 99)
        wall = statistics.median(walls[name])
        lines.append(
            f"| {name} | {len(added[name])} | {p50:.3f} | {p99:.3f} | {p50 - floor50:+.3f} | {p99 - floor99:+.3f} "
            f"| {wall:.2f} | {wall / wall_floor:.2f} |"
        )
    kit = names[1]
    k50, k99 = pct(added[kit], 50) - floor50, pct(added[kit], 99) - floor99
    kw = statistics.median(walls[kit]) / wall_floor
    agents50 = pct(added[names[2]], 50)
    slow = sorted(d for _, d in COLLECTIONS)[-3:]
    lines += [
        "",
        f"- rtkit added p50 {k50:.3f} ms (target < 0.3): {verdict(k50 < 0.3)}; p99 {k99:.3f} ms (target < 1): "
        f"{verdict(k99 < 1.0)}; turn wall {kw:.2f}× bare (target ≤ 1.5×): {verdict(kw <= 1.5)}",
        f"- rtkit's own share on the client's clock (`arguments.done` received → output sent): p50 "
        f"{pct(CLIENT_SHARE, 50):.3f} ms, p99 {pct(CLIENT_SHARE, 99):.3f} ms, max {max(CLIENT_SHARE, default=0):.3f} "
        f"ms over {len(CLIENT_SHARE)} turns; {len(COLLECTIONS)} garbage collections during rtkit's turns (slowest "
        f"{', '.join(f'{d:.2f}' for d in slow) or '-'} ms)",
        f"- openai-agents tool turn p50 is {agents50 / pct(added[kit], 50):.1f}× rtkit's",
    ]
    append("\n".join(lines), not args.no_write)


if __name__ == "__main__":
    main()
