"""``rtkit.eval.run``: every case of a dataset under every variant, on the batch executors, into one run folder.

>>> run = rtkit.eval.run("data/evals/assistant.yaml", out="runs/eval")
>>> run.results            # one row per case, variant and check
>>> rtkit.eval.pass_rates(run.results)
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from rtkit.batch.executors import Executor
from rtkit.batch.job import BatchPlan
from rtkit.batch.progress import Progress
from rtkit.batch.runner import choose_executor, run_blocking
from rtkit.config import RealtimeConfig
from rtkit.eval import results as res
from rtkit.eval.dataset import Dataset, ToolSet, load_dataset
from rtkit.eval.mocks import write_server_spec
from rtkit.eval.solver import EvalOutcome, executor_slots, make_jobs
from rtkit.eval.variants import Variant, unmatched_tool_overrides
from rtkit.metrics import run_folder


def tool_specs(dataset: Dataset, out: Path, config: RealtimeConfig) -> dict[str, tuple[str, ...]]:
    """The MCP specs each tool set runs on: its live servers, or a mock server built from its schemas (inline, or
    listed from its servers when the mock server starts) with its fixtures."""
    used = {c.tools.name for c in dataset.cases}
    specs: dict[str, tuple[str, ...]] = {}
    for name in sorted(used):
        ts: ToolSet = dataset.toolsets.get(name) or next(c.tools for c in dataset.cases if c.tools.name == name)
        if not ts.mocked:
            specs[name] = ts.mcp
            continue
        path = out / "mocks" / f"{name}.json"
        mcp_config = dataclasses.asdict(config.mcp)
        specs[name] = (write_server_spec(path, name, [dict(f) for f in ts.functions], ts.mocks, ts.mcp, mcp_config),)
    return specs


async def arun(
    dataset: Dataset | str | Path,
    *,
    variants: Sequence[Variant] = (),
    config: RealtimeConfig | None = None,
    out: str | Path | None = None,
    concurrency: int = 8,
    resume: bool = False,
    overwrite: bool = False,
    url: str | None = None,
    timeout_s: float = 60.0,
    alpha: float = 0.05,
    speech: bool | None = None,
    dask: str | None = None,
    scheduler: str | None = None,
    executor: Executor | None = None,
    progress: bool = True,
) -> res.EvalRun:
    """:func:`run` from async code (a notebook cell with ``await``). ``concurrency``: sessions at once in each
    process, apart from spoken cases on the local server (at most :data:`~rtkit.eval.solver.SPOKEN_AT_ONCE`, in a
    lane of their own) and scripted callers (at once). ``speech``: local server only, synthesis and recognition on
    (default: when a case is spoken); off, spoken cases still exercise server VAD."""
    ds = dataset if isinstance(dataset, Dataset) else load_dataset(dataset)
    vs = list(variants) or [Variant("base")]
    if len({v.name for v in vs}) != len(vs):
        raise ValueError("variants: each needs its own name")
    config = config or RealtimeConfig.from_env()
    for v in vs:
        v.config(config)  # a bad setting fails before anything runs
    out_dir = Path(out) if out is not None else Path("runs") / datetime.now().strftime("eval-%Y%m%d-%H%M%S")
    if resume and not out_dir.is_dir():
        raise FileNotFoundError(f"resume: run folder {out_dir} does not exist")
    if concurrency < 1:
        raise ValueError(f"concurrency: {concurrency!r} is invalid; expected an integer >= 1")
    run_folder.prepare(out_dir, overwrite=overwrite, resume=resume)  # new or empty unless resumed: runs never mix
    specs = tool_specs(ds, out_dir, config)
    jobs = make_jobs(ds.cases, vs, config, specs, timeout_s, concurrency)
    runner = choose_executor(executor_slots(jobs), dask, scheduler, executor)
    done = {j.key: o for j in jobs if resume and (o := res.load_case(out_dir, j.key)) is not None}
    todo = [j for j in jobs if j.key not in done]
    if speech is None:
        speech = any(c.spoken for c in ds.cases)
    plan = BatchPlan(config=config, url=url, pace=False, speech=speech, timeout_s=timeout_s)
    outcomes: dict[str, EvalOutcome] = dict(done)
    bar = Progress(len(jobs), len(done), enabled=progress, desc="eval")
    lock = threading.Lock()

    def on_done(outcome: Any) -> None:
        with lock:
            if not isinstance(outcome, EvalOutcome):  # the executor lost the job (a dead Dask worker)
                job = next(j for j in todo if j.key == outcome.key)
                outcome = EvalOutcome(**outcome.row(), case=job.case.id, variant=job.variant.name)
            res.write_case(out_dir, outcome)
            outcomes[outcome.key] = outcome
            bar(outcome)

    started = time.monotonic()
    try:
        await runner.map(plan, todo, on_done)
    finally:
        bar.close()
    ordered = [outcomes[j.key] for j in jobs if j.key in outcomes]
    meta = {c.id: (c.tags, str(c.meta.get("perturbation", c.perturb.label() if c.perturb else ""))) for c in ds.cases}
    info = {
        "dataset": str(ds.path) if ds.path else ds.name,
        "name": ds.name,
        "variants": {v.name: dict(v.overrides) for v in vs},
        "executor": runner.description,
        "concurrency": concurrency,
        "wall_s": time.monotonic() - started,
        "resumed": len(done),
        "unmatched_tool_overrides": {
            v.name: names
            for v in vs
            if (names := unmatched_tool_overrides(v, [o.overridden for o in ordered if o.variant == v.name]))
        },
    }
    return res.write_run(out_dir, ordered, meta, info, config, alpha)


def run(dataset: Dataset | str | Path, **kwargs: Any) -> res.EvalRun:
    """Run every case of ``dataset`` under each variant and grade it (options: see :func:`arun`). Works in a
    notebook too: with an event loop already running, the eval runs on a loop in a helper thread."""
    return run_blocking(lambda: arun(dataset, **kwargs), "rtkit-eval")
