"""One file of a batch: its job, the independent session that runs it, and the outcome that comes back.

Everything here crosses process boundaries under the Dask executor, so jobs, plans and outcomes are plain
picklable dataclasses; the :class:`Runtime` (local server, MCP servers, rate gate) lives in the process that runs
the sessions and is shared by them.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import time
from collections.abc import Callable, Hashable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import pandas as pd

from rtkit.audio import load_audio
from rtkit.batch.ratelimit import Backoff, RateGate, is_rate_limit_error
from rtkit.config import RealtimeConfig
from rtkit.realtime import protocol


@dataclass(frozen=True)
class BatchPlan:
    """How every file of a batch is run (the same for each; sent to every worker)."""

    config: RealtimeConfig
    """Session settings; with no API key the sessions use a local server started once per process."""
    mcp: tuple[str, ...] = ()
    """MCP server specs (``finance``, a command line, an URL); started once per process, shared by its sessions."""
    url: str | None = None
    """A Realtime websocket URL to use instead of the configured endpoint or the local server."""
    pace: bool = True
    """Stream each file in real time (False: as fast as the socket allows)."""
    speech: bool = True
    """Local server only: speech synthesis and recognition (off: VAD and text only)."""
    timeout_s: float = 120.0
    """Longest wait for a file's turns to be answered once its audio is sent."""
    backoff: Backoff = field(default_factory=Backoff)
    """Retries of a file whose session hit a rate limit."""

    @property
    def pace_name(self) -> str:
        """``realtime`` or ``fast``, as run folders record it."""
        return "realtime" if self.pace else "fast"


@dataclass(frozen=True)
class FileJob:
    """One audio file to run."""

    file: str
    """The path as the user gave it (the ``file`` column of every table)."""
    key: str
    """Unique, filesystem-safe name (the file's sub-folder of the run folder)."""
    path: Path
    """Absolute path, read by the process that runs the session."""
    labels: tuple[tuple[float, float], ...] | None = None
    """True speech spans (ms), for voice-to-voice latency from the real end of speech."""


@dataclass
class FileOutcome:
    """What one file produced."""

    file: str
    key: str
    ok: bool
    """The session ran to the end with no error."""
    error: str | None = None
    """One line: why the file failed (None when ok)."""
    attempts: int = 1
    wall_s: float = 0.0
    turns: int = 0
    tool_calls: int = 0
    cost_usd: float = 0.0
    worker: str = ""
    """host:pid of the process that ran the session."""
    resumed: bool = False
    """Taken from an earlier run of the same folder (``resume``), not run again."""
    rate_limited: int = 0
    """Rate-limit errors its sessions got (every attempt): responses refused, sessions retried."""
    tables: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    """The session's recorder tables (events, turns, responses, tool_calls, sessions, alerts, resources)."""

    def row(self) -> dict[str, Any]:
        """The file's line in the batch's ``files`` table."""
        keys = ("file", "key", "ok", "error", "attempts", "wall_s", "turns", "tool_calls", "cost_usd", "worker")
        return {k: getattr(self, k) for k in (*keys, "resumed")}


class Runtime:
    """What the sessions of one process share: the local server (no API key), the MCP bridge, the rate gate."""

    def __init__(self, plan: BatchPlan) -> None:
        self.plan = plan
        self.url = plan.url
        self.bridge: Any | None = None
        self.gate = RateGate()
        self._stack = contextlib.AsyncExitStack()
        self._shared: dict[Hashable, asyncio.Future[Any]] = {}

    async def __aenter__(self) -> Runtime:
        try:
            from rtkit.local.server.ensure import ensure_server

            self.url = await self._stack.enter_async_context(
                ensure_server(self.plan.config, self.url, speech=self.plan.speech)
            )
            if self.plan.mcp:
                from rtkit.mcp.bridge import MCPRealtimeBridge

                bridge = MCPRealtimeBridge(list(self.plan.mcp), self.plan.config.mcp)
                self.bridge = await self._stack.enter_async_context(bridge)
        except BaseException:
            await self._stack.aclose()
            raise
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._stack.aclose()

    async def shared(self, key: Hashable, make: Callable[[], AbstractAsyncContextManager[Any]]) -> Any:
        """What ``make()`` enters, once per process under ``key``, closed with the runtime: jobs that need more
        than the plan's servers (an eval's MCP bridge per tool set) share them like the plan's own."""
        if key not in self._shared:
            self._shared[key] = asyncio.ensure_future(self._stack.enter_async_context(make()))
        return await asyncio.shield(self._shared[key])


@runtime_checkable
class SelfRunningJob(Protocol):
    """A job that runs itself in the runtime (an eval case) instead of streaming a file; executors treat it like
    any :class:`FileJob`."""

    file: str
    key: str

    async def run_in(self, runtime: Runtime) -> FileOutcome: ...


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


async def run_job(job: FileJob, runtime: Runtime) -> FileOutcome:
    """Run one file in its own session; never raises (a failure is the outcome's ``error``)."""
    if isinstance(job, SelfRunningJob):
        return await job.run_in(runtime)
    from rtkit.metrics.export import frames
    from rtkit.metrics.recorder import MetricsRecorder
    from rtkit.session.core import RealtimeSession

    plan = runtime.plan
    started = time.monotonic()
    try:
        load_audio(job.path)  # a file that cannot be read fails before a session is opened for it
    except Exception as exc:
        unreadable = f"{type(exc).__name__}: {exc}"
        return FileOutcome(job.file, job.key, ok=False, error=unreadable, attempts=0, worker=worker_name())
    attempt = 0
    rate_limited = 0
    while True:
        attempt += 1
        await runtime.gate.wait()
        recorder = MetricsRecorder(plan.config, pace=plan.pace_name)
        session = RealtimeSession(plan.config, bridge=runtime.bridge, recorder=recorder, url=runtime.url)
        error: str | None = None
        try:
            async with session:
                assert session.client is not None
                session.client.add_observer(runtime.gate.observe)
                labels = list(job.labels) if job.labels else None
                await session.run_file(job.path, pace=plan.pace, labels=labels, timeout=plan.timeout_s)
        except Exception as exc:  # the file fails, the batch goes on
            error = f"{type(exc).__name__}: {exc}"
        errors = session.result.errors
        if error is None and errors:
            error = f"server error: {protocol.error_message(errors[0])}"
        refused = sum(is_rate_limit_error(e) for e in errors)
        rate_limited += refused
        if refused and attempt < plan.backoff.max_attempts:
            runtime.gate.hold(plan.backoff.delay(attempt, runtime.gate.draw()))
            continue
        break
    tables = {name: _with_file(df, job.file) for name, df in frames(recorder).items()}
    turns = tables["turns"]
    return FileOutcome(
        file=job.file,
        key=job.key,
        ok=error is None,
        error=error,
        attempts=attempt,
        wall_s=time.monotonic() - started,
        turns=len(turns),
        tool_calls=len(tables["tool_calls"]),
        cost_usd=float(turns["cost_usd"].sum(skipna=False)) if len(turns) else 0.0,
        worker=worker_name(),
        rate_limited=rate_limited,
        tables=tables,
    )


def _with_file(df: pd.DataFrame, file: str) -> pd.DataFrame:
    df = df.copy()
    df.insert(0, "file", file)
    return df
