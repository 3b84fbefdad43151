"""The fault-injection suite: many short conversations, each with one fault injected at a random point.

Faults: the local server drops the connection after a random number of events (text and audio turns), a TCP proxy
aborts the socket at a random moment, every event is delayed, events go out of order, ``error`` events are
injected, a tool hangs past its timeout, an MCP
server dies mid-call. Each run must complete every turn with the transcript, tool calls and turns
of an undisturbed run: nothing lost, nothing twice. Faults from outside the process (``process_faults``): SIGTERM to
a busy ``rtkit serve`` (exits within 5 s, open sessions closed with 1001), Ctrl-C in the middle of ``rtkit batch``
(every file listed once, the rest done once on ``--resume``), a reused ``--out`` folder (refused, untouched;
``--overwrite`` leaves one run), an MCP server writing garbage to stdout (named at once). Used by
``tests/test_fault_suite.py`` and ``bench/bench_faults.py``.
"""

from __future__ import annotations

import asyncio
import random
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import process_faults
from tcp_proxy import TCPProxy

from rtkit import MCPRealtimeBridge, MetricsRecorder, RealtimeConfig, RealtimeSession, ReconnectConfig
from rtkit.config import MCPConfig, RenewalConfig
from rtkit.local import FaultConfig, LocalRealtimeServer

OPS = f"{sys.executable} {Path(__file__).resolve().parent / 'mcp_servers' / 'ops_server.py'}"
QUESTIONS = ("What is my portfolio summary?", "Show my spending on groceries.")
CONFIG = RealtimeConfig(
    output_modality="text",
    reconnect=ReconnectConfig(base_delay_s=0.01, jitter=0.0, max_attempts=5),
    renewal=RenewalConfig(enabled=False),
    mcp=MCPConfig(tool_timeout_ms=400),
)


@dataclass
class SuiteResult:
    injected: Counter = field(default_factory=Counter)
    survived: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    @property
    def total(self) -> tuple[int, int]:
        return sum(self.injected.values()), sum(self.survived.values())


def records(session: RealtimeSession, recorder: MetricsRecorder):
    result = session.result
    turns = recorder.turns_df()
    turns = turns[turns["kind"] != "out_of_band"]
    return (
        [(line.role, line.text) for line in result.transcript],
        [(c.name, c.arguments, c.ok) for c in result.tool_calls],
        list(zip(turns["kind"], turns["tool_calls"], strict=True)),
    )


async def conversation(url: str, bridge, on_event=None):
    recorder = MetricsRecorder(CONFIG)
    async with RealtimeSession(CONFIG, bridge=bridge, recorder=recorder, url=url) as session:
        if on_event is not None:
            session.on("*", on_event)
        for question in QUESTIONS:
            await session.send_text(question, timeout=30)
    return session, recorder


async def run_suite(runs: dict[str, int], seed: int = 1234) -> SuiteResult:
    """Every family of faults at once, each family's runs one after another with a generator of its own (seeded
    by ``seed`` and the family's name, so a run is repeatable whatever the interleaving): most of a run is
    waiting on sockets, delays and subprocesses, which the families share."""
    out = SuiteResult()
    async with MCPRealtimeBridge(["finance"], CONFIG.mcp) as bridge:
        async with LocalRealtimeServer(speech=False) as server:
            reference = records(*await conversation(server.url, bridge))

        async def check(kind: str, session, recorder, faults: int = 1, detail: str = "") -> None:
            out.injected[kind] += faults
            got = records(session, recorder)
            if got == reference:
                out.survived[kind] += faults
            else:
                parts = ("transcript", "tool calls", "turns")
                diff = [f"{name}: {g} != {r}" for name, g, r in zip(parts, got, reference, strict=True) if g != r]
                out.failures.append(f"{kind} {detail}: " + "; ".join(diff))

        async def family(kind: str, run_one) -> None:
            rng = random.Random(f"{seed}:{kind}")
            for _ in range(runs.get(kind, 0)):
                await run_one(rng)

        async def server_drop(rng: random.Random) -> None:  # the server aborts the socket after N events
            faults = FaultConfig(drop_after_events=(n := rng.randint(3, 40)), drop_connections=1)
            async with LocalRealtimeServer(speech=False, faults=faults) as server:
                await check("server_drop", *await conversation(server.url, bridge), detail=f"after {n} events")

        async def proxy_cut(rng: random.Random) -> None:  # the network drops mid-conversation
            async with LocalRealtimeServer(speech=False) as server, TCPProxy(server.url) as proxy:
                cut_at, seen = rng.randint(2, 35), []

                def count(event, proxy=proxy, cut_at=cut_at, seen=seen):
                    seen.append(event["type"])
                    if len(seen) == cut_at and proxy.cuts == 0:
                        proxy.cut()

                await check("proxy_cut", *await conversation(proxy.url, bridge, count), detail=f"at event {cut_at}")

        async def delay(rng: random.Random) -> None:  # every server event late
            async with LocalRealtimeServer(speech=False, faults=FaultConfig(delay_ms=rng.uniform(1, 15))) as server:
                await check("delay", *await conversation(server.url, bridge))

        async def reordered(rng: random.Random) -> None:  # events sent out of the order they were produced in
            held = tuple(sorted(rng.sample(range(2, 36), 2)))
            async with LocalRealtimeServer(speech=False, faults=FaultConfig(hold_events=held)) as server:
                await check("reordered", *await conversation(server.url, bridge), faults=2, detail=f"held {held}")

        async def injected_error(rng: random.Random) -> None:  # server errors out of the blue
            at = tuple(sorted(rng.sample(range(3, 30), 2)))
            faults = FaultConfig(error_at_events=at, error_code="server_error")
            async with LocalRealtimeServer(speech=False, faults=faults) as server:
                await check("injected_error", *await conversation(server.url, bridge), faults=len(at))

        await asyncio.gather(
            family("server_drop", server_drop),
            family("proxy_cut", proxy_cut),
            family("delay", delay),
            family("reordered", reordered),
            family("injected_error", injected_error),
            _tool_faults(runs, out),
            _process_faults(runs, out),
        )
    await _process_faults(runs, out, alone=True)
    return out


async def _tool_faults(runs: dict[str, int], out: SuiteResult) -> None:
    """A tool that hangs past its timeout, an MCP server that dies mid-call: the next call works. One after
    another, since they share the one server."""
    async with MCPRealtimeBridge([OPS], CONFIG.mcp) as ops:
        for kind, request in (("tool_hang", "sleep for 5000 ms"), ("tool_crash", "crash the server")):
            for _ in range(runs.get(kind, 0)):
                async with LocalRealtimeServer(speech=False) as server:
                    async with RealtimeSession(CONFIG, bridge=ops, url=server.url) as session:
                        await session.send_text(request, timeout=30)
                        echo = await session.send_text("echo hello", timeout=30)  # the next call works
                out.injected[kind] += 1
                calls = echo.tool_calls
                bad = calls[0].ok or not calls[0].error or not (calls[-1].name == "echo" and calls[-1].ok)
                answered = [ln for ln in echo.transcript if ln.role == "assistant"]
                if bad or len(answered) != 2:
                    out.failures.append(f"{kind}: {[(c.name, c.ok, c.error) for c in calls]}")
                else:
                    out.survived[kind] += 1


async def _process_faults(runs: dict[str, int], out: SuiteResult, alone: bool = False) -> None:
    """The faults a user causes from outside: a reused folder, Ctrl-C, a chatty MCP server; with ``alone``, the
    one that is timed: SIGTERM to a busy server."""

    def count(kind: str, ok: bool, detail: str) -> None:
        out.injected[kind] += 1
        if ok:
            out.survived[kind] += 1
        else:
            out.failures.append(f"{kind}: {detail}")

    async def sigterm_under_load() -> None:
        stopped = await asyncio.to_thread(process_faults.sigterm_under_load, 240, 3)
        ok = stopped.exit_s < 5 and stopped.returncode == 0 and stopped.open_closed_with == [1001] * 3
        count("sigterm_under_load", ok, f"exit after {stopped.exit_s:.1f} s, {stopped.returncode}, {stopped.stderr}")

    async def ctrl_c_batch() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            r = await asyncio.to_thread(process_faults.ctrl_c_batch, Path(tmp), 3)
            count("ctrl_c_batch", process_faults.batch_survived(r), f"{r.returncode} {r.stderr[-500:]}")

    async def reused_out() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            count("reused_out", await asyncio.to_thread(process_faults.reused_out, Path(tmp)), "runs mixed")

    async def garbage_stdout() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            elapsed, error = await process_faults.garbage_stdout(Path(tmp))
            said = "not JSON-RPC to stdout: Starting my server" in error and elapsed < 15
            count("garbage_stdout", said, f"after {elapsed:.1f} s: {error}")

    async def family(kind: str, run_one) -> None:
        for _ in range(runs.get(kind, 0)):
            await run_one()

    if alone:  # the SIGTERM deadline is timed with nothing else running
        await family("sigterm_under_load", sigterm_under_load)
        return
    # each scenario is its own processes and folders: they run side by side
    kinds = {"ctrl_c_batch": ctrl_c_batch, "reused_out": reused_out, "garbage_stdout": garbage_stdout}
    await asyncio.gather(*(family(k, f) for k, f in kinds.items()))


DEFAULT_RUNS = {
    "server_drop": 110,
    "proxy_cut": 50,
    "delay": 15,
    "reordered": 15,
    "injected_error": 15,
    "tool_hang": 6,
    "tool_crash": 6,
    "sigterm_under_load": 1,
    "ctrl_c_batch": 1,
    "reused_out": 1,
    "garbage_stdout": 2,
}


def main() -> SuiteResult:
    return asyncio.run(run_suite(DEFAULT_RUNS))
