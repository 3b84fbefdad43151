"""The solver: one case under one variant, as a whole Realtime session, graded. An :class:`EvalJob` is a batch job
that runs itself (:class:`rtkit.batch.job.SelfRunningJob`), so the batch executors (local asyncio, Dask) run eval
cases with their concurrency, shared servers and rate gate; its :class:`EvalOutcome` carries the checks and the
recorder tables back."""

from __future__ import annotations

import asyncio
import time
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import soundfile

from rtkit.audio import SAMPLE_RATE
from rtkit.batch.job import FileJob, FileOutcome, Runtime, worker_name
from rtkit.config import RealtimeConfig
from rtkit.eval import callers, graders, judge
from rtkit.eval.dataset import Case
from rtkit.eval.mocks import CaseTools
from rtkit.eval.observed import Observed, from_session
from rtkit.eval.perturb import SpeechKey, phone_format, render, speech_key, synthesize_all
from rtkit.eval.variants import Variant
from rtkit.realtime import protocol

SPOKEN_AT_ONCE = 2
"""Spoken cases one process runs at once on the local server: recognition is its bottleneck, and queued utterances
would only add waiting to every spoken case's latency. Typed cases have a lane of their own, so they never wait
behind spoken ones."""

Lane = tuple[str, int]
"""``(name, sessions at once)``: the jobs of a lane share that many slots in each process."""


class _Slots:
    """A semaphore as an async context (shared through :meth:`Runtime.shared`)."""

    def __init__(self, n: int) -> None:
        self.semaphore = asyncio.Semaphore(n)

    async def __aenter__(self) -> asyncio.Semaphore:
        return self.semaphore

    async def __aexit__(self, *exc: object) -> None:
        return None


@dataclass(frozen=True)
class EvalJob(FileJob):
    """One case under one variant."""

    case: Case = field(default=None)  # type: ignore[assignment]
    variant: Variant = field(default_factory=lambda: Variant("base"))
    config: RealtimeConfig = field(default_factory=RealtimeConfig)
    """The base settings (the variant's and the case's are applied on top)."""
    mcp: tuple[str, ...] = ()
    """The MCP specs of the case's tool set (live servers, or the mock server's command)."""
    timeout_s: float = 60.0
    keep_audio: bool = True
    """Return the input and answer audio of a failing case (for the run folder's players)."""
    lane: Lane | None = None
    """The lane the job waits in (:func:`lane_of`); None: it starts at once (a scripted caller keeps its pace)."""
    speech: Mapping[SpeechKey, np.ndarray] = field(default_factory=dict, compare=False, repr=False)
    """The case's synthesised inputs, made once per run (:func:`rtkit.eval.perturb.synthesize_all`): every variant
    streams the same audio."""

    async def run_in(self, runtime: Runtime) -> FileOutcome:
        if self.lane is None:
            return await solve(self, runtime)
        name, size = self.lane
        async with await runtime.shared(("eval lane", name), lambda: _Slots(size)):
            return await solve(self, runtime)


@dataclass
class EvalOutcome(FileOutcome):
    """A graded case: the batch outcome plus the checks and what the run did."""

    case: str = ""
    variant: str = ""
    checks: list[graders.Check] = field(default_factory=list)
    observed: Observed = field(default_factory=Observed)
    overridden: list[str] = field(default_factory=list)
    """The variant's tool overrides that matched a tool this case offered (by name or alias)."""
    input_audio: np.ndarray | None = field(default=None, repr=False)
    assistant_audio: np.ndarray | None = field(default=None, repr=False)

    @property
    def passed(self) -> bool:
        return all(c.status != "failed" for c in self.checks)


def job_key(case_id: str, variant: str) -> str:
    """Folder-safe key of a (case, variant) pair."""
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in case_id)
    return f"{safe}__{variant}"


def case_config(job: EvalJob) -> RealtimeConfig:
    case = job.case
    config = job.variant.config(job.config, case.settings)
    changes: dict[str, Any] = {}
    if case.input is not None and case.input.kind == "text" and "output_modality" not in case.settings:
        if "output_modality" not in job.variant.overrides:
            changes["output_modality"] = "text"  # nothing to listen to in a typed case: text answers are faster
    if fmt := phone_format(case.perturb):
        changes["input_format"] = fmt
    return config.replace(**changes) if changes else config


async def _endpoint(job: EvalJob, runtime: Runtime, config: RealtimeConfig) -> tuple[Any, str | None]:
    """The shared MCP bridge of the case's tool set and the server URL (a variant's recogniser gets its own
    local server)."""
    bridge = None
    if job.mcp:
        from rtkit.mcp.bridge import MCPRealtimeBridge

        bridge = await runtime.shared(("mcp", job.mcp), lambda: MCPRealtimeBridge(list(job.mcp), config.mcp))
    url = runtime.url
    rec = job.variant.recognizer
    if rec and runtime.plan.url is None and config.uses_local_server:
        from rtkit.local import LocalRealtimeServer

        server = await runtime.shared(("server", rec), lambda: LocalRealtimeServer(speech=True, recognizer=rec))
        url = server.url
    return bridge, url


async def solve(job: EvalJob, runtime: Runtime) -> EvalOutcome:
    """Run and grade one case; never raises (a failure is the ``session`` check and the outcome's ``error``)."""
    from rtkit.metrics.export import frames
    from rtkit.metrics.recorder import MetricsRecorder
    from rtkit.session.core import RealtimeSession
    from rtkit.session.sources import ArraySource

    case = job.case
    started = time.monotonic()
    seed = zlib.crc32(case.id.encode())
    error: str | None = None
    starts: list[tuple[int, float]] = []
    try:
        config = case_config(job)
        bridge, url = await _endpoint(job, runtime, config)
    except Exception as exc:  # the case cannot start (a tool server, a setting): graded as a failed session
        observed = Observed(error=f"{type(exc).__name__}: {exc}")
        return _outcome(job, started, observed, graders.grade_case(case, observed), {}, None)
    tools = CaseTools(
        bridge,
        functions=case.functions,
        fixtures=case.mocks,
        only=case.tools.only,
        overrides=job.variant.tool_overrides(),
        aliases=case.aliases,
    )
    realtime = case.pace == "realtime"
    recorder = MetricsRecorder(config, pace="realtime" if realtime or case.input is None else "fast")
    session = RealtimeSession(config, bridge=tools, recorder=recorder, url=url)
    await runtime.gate.wait()
    try:
        async with session:
            assert session.client is not None
            session.client.add_observer(runtime.gate.observe)
            for role, text in case.history:
                item = protocol.user_text_item(text) if role == "user" else protocol.assistant_text_item(text)
                await session.client.create_item(item)
            if hasattr(session.playback, "realtime"):
                session.playback.realtime = realtime or bool(case.caller)
            if case.caller:

                def audio_of(k: int) -> tuple[np.ndarray, list[tuple[float, float]]]:
                    return render(case.caller[k].input, case.perturb, seed + k, job.speech)

                starts = await callers.play(session, case.caller, audio_of, timeout=job.timeout_s)
            elif case.input is not None and case.input.kind == "text":
                await session.send_text(case.input.text, timeout=job.timeout_s)
            elif case.input is not None:
                pcm, labels = render(case.input, case.perturb, seed, job.speech)
                await session.run_source(ArraySource(pcm, pace=realtime), labels=labels, timeout=job.timeout_s)
    except Exception as exc:  # the case fails, the eval goes on
        error = f"{type(exc).__name__}: {exc}"
    if error is None and session.result.errors:
        error = f"server error: {protocol.error_message(session.result.errors[0])}"
    observed = from_session(session, recorder, error, starts)
    checks = graders.grade_case(case, observed)
    checks += await judge.grade(case, observed, config)
    outcome = _outcome(job, started, observed, checks, frames(recorder), session)
    outcome.overridden = sorted(tools.overridden)
    return outcome


def _outcome(
    job: EvalJob,
    started: float,
    observed: Observed,
    checks: list[graders.Check],
    tables: dict[str, Any],
    session: Any | None,
) -> EvalOutcome:
    for name, df in tables.items():
        df = df.copy()
        df.insert(0, "variant", job.variant.name)
        df.insert(0, "case", job.case.id)
        tables[name] = df
    turns = tables.get("turns")
    out = EvalOutcome(
        file=job.file,
        key=job.key,
        ok=observed.error is None,
        error=observed.error,
        wall_s=time.monotonic() - started,
        turns=0 if turns is None else len(turns),
        tool_calls=len(observed.calls()),
        cost_usd=observed.cost_usd,
        worker=worker_name(),
        tables=tables,
        case=job.case.id,
        variant=job.variant.name,
        checks=checks,
        observed=observed,
    )
    if session is not None and job.keep_audio and not out.passed:
        out.input_audio = session.input_audio()
        out.assistant_audio = session.assistant_audio()
    return out


def lane_of(case: Case, config: RealtimeConfig, concurrency: int) -> Lane | None:
    """Scripted callers start at once (they speak at a caller's pace, mostly waiting); spoken cases on the local
    server run :data:`SPOKEN_AT_ONCE` at a time; every other case ``concurrency`` at a time."""
    if case.caller:
        return None
    if case.spoken and not config.api_key:
        return ("spoken", min(SPOKEN_AT_ONCE, concurrency))
    return ("sessions", concurrency)


def executor_slots(jobs: Sequence[EvalJob]) -> int:
    """The executor's concurrency for ``jobs``. The executor admits jobs in order, and an admitted job waiting in
    its lane holds its executor slot: with two lanes, every job is admitted (the lanes alone limit the sessions),
    so spoken cases waiting for recognition never hold back typed ones."""
    lanes = {j.lane for j in jobs if j.lane is not None}
    if len(lanes) > 1:
        return len(jobs)
    return max(1, sum(size for _, size in lanes) + sum(j.lane is None for j in jobs))


def make_jobs(
    cases: list[Case],
    variants: list[Variant],
    config: RealtimeConfig,
    mcp_of: dict[str, tuple[str, ...]],
    timeout_s: float = 60.0,
    concurrency: int = 8,
) -> list[EvalJob]:
    """One job per (case, variant), variants inner so a case's variants run close together; scripted callers
    first, then spoken cases, most audio to recognise first (the spoken lane is the run's longest path, and the
    longest jobs first leave the shortest tail), then typed ones (their own lane, beside the spoken one)."""
    keys = {c.id: [speech_key(i, c.perturb) for i in c.inputs] for c in cases}
    speech = synthesize_all(k for ks in keys.values() for k in ks)

    def audio_s(c: Case) -> float:
        made = sum(len(speech[k]) / SAMPLE_RATE for k in keys[c.id] if k is not None)
        return made + sum(soundfile.info(i.audio).duration for i in c.inputs if i.kind == "audio" and i.audio)

    cases = sorted(cases, key=lambda c: (0, 0.0) if c.caller else ((1, -audio_s(c)) if c.spoken else (2, 0.0)))
    return [
        EvalJob(
            file=c.id,
            key=job_key(c.id, v.name),
            path=Path("."),
            case=c,
            variant=v,
            config=config,
            mcp=mcp_of.get(c.tools.name, ()),
            timeout_s=timeout_s,
            speech={k: speech[k] for k in keys[c.id] if k is not None},
            lane=lane_of(c, config, concurrency),
        )
        for c in cases
        for v in variants
    ]
