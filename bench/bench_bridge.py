"""MCP bridge overhead per call: ``MCPRealtimeBridge.call`` against mcp's bare ``ClientSession.call_tool``.

Both go to the same finance server process over the same stdio session (the bridge's own), in interleaved
rounds (the order flips every round) so drift in the machine's load hits both alike. Caching is off, so every
bridge call reaches the server. The bridge's call adds: argument JSON parsing, allow-list lookup, the
concurrency semaphore, the timeout scope, a liveness check, the result as JSON text and a log record.
Target: the bridge's median within 10% of the bare call's. Tool listing: the bridge's cached ``tools()`` (what
each new session's ``session.update`` uses) against a bare ``ClientSession.list_tools`` round trip.

    python bench/bench_bridge.py [--rounds 400] [--no-write]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from _common import pct

from rtkit.config import MCPConfig
from rtkit.mcp.bridge import MCPRealtimeBridge

RESULTS = Path(__file__).with_name("RESULTS.md")
CALLS = [("get_portfolio_summary", {}), ("list_transactions", {"month": "2025-03", "limit": 5})]


def p90(values: list[float]) -> float:
    return pct(values, 90)


async def measure(rounds: int, warmup: int) -> dict[str, dict[str, list[float]]]:
    config = MCPConfig(enable_caching=False, tool_timeout_ms=10_000)
    times: dict[str, dict[str, list[float]]] = {
        name: {"bare": [], "bridge": [], "bare_cpu": [], "bridge_cpu": []} for name, _ in CALLS
    }
    async with MCPRealtimeBridge(["finance"], config) as bridge:
        session = bridge._conns[0].session  # the same session the bridge uses: same process, same pipe
        assert session is not None

        async def bare(name: str, args: dict) -> tuple[float, float]:
            t, c = time.perf_counter(), time.process_time()
            result = await session.call_tool(name, args)
            elapsed = time.perf_counter() - t, time.process_time() - c
            assert not result.is_error
            return elapsed

        async def bridged(name: str, text: str) -> tuple[float, float]:
            t, c = time.perf_counter(), time.process_time()
            result = await bridge.call(name, text)
            elapsed = time.perf_counter() - t, time.process_time() - c
            assert result.ok, result.output
            return elapsed

        for i in range(warmup + rounds):
            for name, args in CALLS:
                text = json.dumps(args)
                if i % 2:
                    b, r = await bare(name, args), await bridged(name, text)
                else:
                    r, b = await bridged(name, text), await bare(name, args)
                if i >= warmup:
                    times[name]["bare"].append(b[0] * 1000)
                    times[name]["bridge"].append(r[0] * 1000)
                    times[name]["bare_cpu"].append(b[1] * 1e6)
                    times[name]["bridge_cpu"].append(r[1] * 1e6)
        listing = times["tool listing"] = {"bare": [], "bridge": [], "bare_cpu": [], "bridge_cpu": []}
        for _ in range(rounds // 4):
            t, c = time.perf_counter(), time.process_time()
            await session.list_tools()
            listing["bare"].append((time.perf_counter() - t) * 1000)
            listing["bare_cpu"].append((time.process_time() - c) * 1e6)
            t, c = time.perf_counter(), time.process_time()
            bridge.tools()
            listing["bridge"].append((time.perf_counter() - t) * 1000)
            listing["bridge_cpu"].append((time.process_time() - c) * 1e6)
    return times


def report(times: dict[str, dict[str, list[float]]], rounds: int) -> str:
    lines = [
        f"### bench_bridge — {date.today().isoformat()} — {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.platform()}",
        "",
        f"{rounds} interleaved rounds per tool, finance server over stdio, caching off. Anchor: mcp "
        "`ClientSession.call_tool` on the same session. Target: bridge median within 10% of the anchor. "
        f"Load average at the end: {os.getloadavg()[0]:.2f}. Client CPU = this process's CPU time per call "
        "(mean), which the server's scheduling does not affect.",
        "",
        "| tool | bare median ms | bare p90 ms | bridge median ms | bridge p90 ms | overhead median µs "
        "| overhead | client CPU bare / bridge µs |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, t in times.items():
        bm, rm = statistics.median(t["bare"]), statistics.median(t["bridge"])
        lines.append(
            f"| {name} | {bm:.3f} | {p90(t['bare']):.3f} | {rm:.3f} | {p90(t['bridge']):.3f} | "
            f"{(rm - bm) * 1000:.0f} | {100 * (rm - bm) / bm:+.1f}% | "
            f"{statistics.fmean(t['bare_cpu']):.0f} / {statistics.fmean(t['bridge_cpu']):.0f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=400)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--no-write", action="store_true", help="print only, do not append to RESULTS.md")
    args = parser.parse_args()
    text = report(asyncio.run(measure(args.rounds, args.warmup)), args.rounds)
    print(text)
    if not args.no_write:
        with RESULTS.open("a") as f:
            f.write("\n" + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
