"""Function-call loop overhead: ``response.function_call_arguments.done`` received → ``response.create`` sent.

Text turns go through the local Realtime server (speech off) with a tool the rule-based responder always calls.
For every call we take, from the client's own stamps, the time from ``arguments.done`` received to the follow-up
``response.create`` sent, and subtract the tool's own time (measured inside the tool runner) and any wait for the
server's ``response.done`` (the follow-up may only be sent once the response has finished). What remains is the
session's own work: parsing, scheduling, sending the output item and the follow-up. Two tools are measured: a
Python function (no I/O: the floor) and the finance MCP server's ``get_portfolio_summary`` over stdio.

The anchor, in the same run, is the client's bare cost of sending one event (``client.send`` of a
``response.create``), so the loop overhead reads as a multiple of one send. Target: median under 1 ms.

    python bench/bench_tool_loop.py [--turns 200]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from _common import append, header, pct

from rtkit import MCPRealtimeBridge, RealtimeConfig
from rtkit.local import LocalRealtimeServer
from rtkit.session.core import RealtimeSession


def _config() -> RealtimeConfig:
    return RealtimeConfig(output_modality="text", turn_detection=None, input_transcription_model=None)


async def _loop_overheads(server: LocalRealtimeServer, turns: int, bridge=None) -> list[float]:
    stamps: dict[str, dict[str, float]] = {}
    order: list[str] = []

    def observe(direction, event, t, nbytes, in_ms, out_ms):
        etype = event.get("type")
        if direction == "received" and etype == "response.function_call_arguments.done":
            stamps[event["call_id"]] = {"args_done": t, "response_id": event["response_id"]}
            order.append(event["call_id"])
        elif direction == "received" and etype == "response.done":
            for s in stamps.values():
                if s.get("response_id") == event["response"]["id"]:
                    s["response_done"] = t
        elif direction == "sent" and etype == "response.create" and order:
            s = stamps[order[-1]]
            s.setdefault("create_sent", t)

    session = RealtimeSession(_config(), url=server.url, bridge=bridge)
    if bridge is None:
        session.add_function("get_portfolio_summary", lambda args: {"total_value": 1.0}, "Portfolio summary.")
    overheads = []
    async with session:
        session.client.add_observer(observe)
        for _ in range(turns):
            await session.send_text("What is my portfolio summary?", timeout=30)
        calls = {c.call_id: c for c in session.result.tool_calls}
    for call_id in order:
        s, call = stamps[call_id], calls[call_id]
        if "create_sent" not in s:
            continue
        tool_end = s["args_done"] + call.duration_ms / 1000.0
        ready = max(tool_end, s.get("response_done", 0.0))  # earliest moment the follow-up was allowed
        overheads.append((s["create_sent"] - ready) * 1000.0)
    return overheads


async def _send_cost(server: LocalRealtimeServer, n: int) -> list[float]:
    from rtkit import RealtimeClient

    costs = []
    async with RealtimeClient(_config(), url=server.url, buffer_events=False) as client:
        for _ in range(n):
            t0 = time.perf_counter()
            await client.send({"type": "input_audio_buffer.clear"})
            costs.append((time.perf_counter() - t0) * 1000.0)
    return costs


def _row(name: str, values: list[float]) -> str:
    return f"| {name} | {len(values)} | {statistics.median(values):.3f} | {pct(values, 90):.3f} | {max(values):.3f} |"


async def main(turns: int) -> str:
    async with LocalRealtimeServer(speech=False) as server:
        send = await _send_cost(server, turns)
        py = await _loop_overheads(server, turns)
        async with MCPRealtimeBridge(["finance"], _config().mcp) as bridge:
            mcp = await _loop_overheads(server, turns, bridge)
    lines = [
        header("bench_tool_loop", "websockets", "mcp"),
        "",
        f"{turns} text turns per tool through the local server (speech off). Overhead = `response.create` sent − "
        "max(`arguments.done` + tool time, `response.done` received). Target: median < 1 ms.",
        "",
        "| measure | n | median ms | p90 ms | max ms |",
        "|---|---:|---:|---:|---:|",
        _row("anchor: one `client.send`", send),
        _row("loop overhead, Python function tool", py),
        _row("loop overhead, finance MCP tool (stdio)", mcp),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", type=int, default=200, help="turns per tool (default 200)")
    parser.add_argument("--no-write", action="store_true", help="print only; do not append to bench/RESULTS.md")
    args = parser.parse_args()
    append(asyncio.run(main(args.turns)), write=not args.no_write)
