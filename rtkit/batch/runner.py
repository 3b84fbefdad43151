"""``rtkit.batch.run``: one independent Realtime session per audio file, concurrently, into one run folder.

>>> result = rtkit.batch.run(["data/"], mcp=["finance"], concurrency=8, out="runs/corpus")
>>> result.files          # one row per file: ok, error, attempts, turns, tool calls, cost
>>> result.tables["turns"]  # every turn of every file, with its ``file``

The sessions run on an executor: this process's event loop (default) or a ``dask.distributed`` cluster
(``dask="local:2"`` or ``scheduler="tcp://host:8786"``). A file that fails is reported with its error and the
batch goes on; ``resume=True`` skips the files an earlier run of the same folder finished. ``out`` must be new
or empty (``overwrite=True`` empties a folder holding an earlier run) unless resumed.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from rtkit.batch import files, folder
from rtkit.batch.executors import Executor, LocalExecutor
from rtkit.batch.job import BatchPlan, FileJob, FileOutcome
from rtkit.batch.progress import Progress
from rtkit.batch.ratelimit import Backoff
from rtkit.config import RealtimeConfig
from rtkit.metrics import run_folder

T = TypeVar("T")


@dataclass
class BatchResult:
    """What a batch produced (also written to ``out``)."""

    out: Path
    """The run folder."""
    files: pd.DataFrame
    """One row per file: ``file``, ``key``, ``ok``, ``error``, ``attempts``, ``wall_s``, ``turns``, ``tool_calls``,
    ``cost_usd``, ``worker``, ``resumed``."""
    tables: dict[str, pd.DataFrame] = field(repr=False)
    """The recorder tables of every file, concatenated, each with a ``file`` column."""
    summary: dict[str, Any] = field(repr=False)
    """``summary.json``: latency percentiles over every turn, totals, and a ``batch`` block."""

    @property
    def failures(self) -> pd.DataFrame:
        """The files that failed, with their errors."""
        return self.files.loc[~self.files["ok"].astype(bool), ["file", "error", "attempts"]]


def jobs_for(inputs: Sequence[str | Path], labels: str | Path | None = None) -> list[FileJob]:
    """One job per audio file named by ``inputs`` (directories, globs, files)."""
    paths = files.find_audio(list(inputs))
    labels_path = Path(labels) if labels is not None else None
    return [
        FileJob(str(p), key, p.resolve(), _tuple(files.speech_labels(p, labels_path)))
        for p, key in zip(paths, files.file_keys(paths), strict=True)
    ]


def _tuple(spans: list[tuple[float, float]] | None) -> tuple[tuple[float, float], ...] | None:
    return tuple(spans) if spans else None


def choose_executor(
    concurrency: int = 4, dask: str | None = None, scheduler: str | None = None, executor: Executor | None = None
) -> Executor:
    """The executor named by the arguments (at most one of ``dask``, ``scheduler``, ``executor``)."""
    if sum(x is not None for x in (dask, scheduler, executor)) > 1:
        raise ValueError("give at most one of dask, scheduler and executor")
    if executor is not None:
        return executor
    from rtkit.batch.dask_executor import DaskExecutor

    if dask is not None:
        if not dask.startswith("local:"):
            raise ValueError(f"dask={dask!r}: expected local:N (use scheduler= for a cluster's address)")
        return DaskExecutor.from_spec(dask, concurrency)
    if scheduler is not None:
        return DaskExecutor(scheduler)
    return LocalExecutor(concurrency)


async def arun(
    inputs: Sequence[str | Path],
    *,
    config: RealtimeConfig | None = None,
    mcp: Sequence[str] = (),
    concurrency: int = 4,
    labels: str | Path | None = None,
    out: str | Path | None = None,
    resume: bool = False,
    overwrite: bool = False,
    pace: bool = True,
    speech: bool = True,
    url: str | None = None,
    timeout_s: float = 120.0,
    backoff: Backoff | None = None,
    dask: str | None = None,
    scheduler: str | None = None,
    executor: Executor | None = None,
    progress: bool = True,
) -> BatchResult:
    """:func:`run` from async code (a notebook cell with ``await``)."""
    if concurrency < 1:
        raise ValueError(f"concurrency: {concurrency!r} is invalid; expected an integer >= 1")
    runner = choose_executor(concurrency, dask, scheduler, executor)
    jobs = jobs_for(inputs, labels)
    out_dir = Path(out) if out is not None else Path("runs") / datetime.now().strftime("batch-%Y%m%d-%H%M%S")
    if resume and overwrite:
        raise ValueError("give resume or overwrite, not both")
    if resume and not out_dir.is_dir():
        raise FileNotFoundError(f"resume: run folder {out_dir} does not exist")
    run_folder.prepare(out_dir, overwrite=overwrite, resume=resume)  # new or empty, unless resumed
    plan = BatchPlan(
        config=config or RealtimeConfig.from_env(),
        mcp=tuple(mcp),
        url=url,
        pace=pace,
        speech=speech,
        timeout_s=timeout_s,
        backoff=backoff or Backoff(),
    )
    done = folder.finished(out_dir, [j.key for j in jobs]) if resume else {}
    todo = [j for j in jobs if j.key not in done]
    outcomes: dict[str, FileOutcome] = dict(done)
    bar = Progress(len(jobs), len(done), enabled=progress)
    lock = threading.Lock()  # the Dask executor reports from its own thread

    def on_done(outcome: FileOutcome) -> None:
        with lock:
            folder.write_file(out_dir, outcome, plan)
            outcomes[outcome.key] = outcome
            bar(outcome)

    started = time.monotonic()
    interrupted = False
    try:
        await runner.map(plan, todo, on_done)
    except asyncio.CancelledError:  # Ctrl-C, or a notebook's interrupt: keep what is done, say what is not
        interrupted = True
        if (task := asyncio.current_task()) is not None:
            task.uncancel()
    finally:
        bar.close()
    with lock:  # an executor's thread may still report a file
        finished = dict(outcomes)
    ordered = [finished.get(j.key) or not_run(j) for j in jobs]
    wall = time.monotonic() - started
    ran = [o for o in ordered if o.error != NOT_RUN]
    batch = {
        "files": len(jobs),
        "ok": sum(o.ok for o in ran),
        "failed": sum(not o.ok for o in ran),
        "not_run": len(jobs) - len(ran),
        "interrupted": interrupted,
        "resumed": len(done),
        "rate_limited": sum(o.rate_limited for o in ordered),
        "failures": [{"file": o.file, "error": o.error} for o in ran if not o.ok],
        "executor": runner.description,
        "concurrency": concurrency,
        "wall_s": wall,
        "files_per_min": 60.0 * (len(ran) - len(done)) / wall if wall > 0 and len(ran) > len(done) else None,
    }
    tables, table, summary = folder.write_batch(out_dir, ordered, plan, batch)
    result = BatchResult(out_dir, table, tables, summary)
    if interrupted:
        raise BatchInterrupted(result)
    return result


NOT_RUN = "not run: the batch was interrupted"
"""The ``error`` of a file an interrupted batch did not finish (``resume`` runs it)."""


def not_run(job: FileJob) -> FileOutcome:
    return FileOutcome(job.file, job.key, ok=False, error=NOT_RUN, attempts=0)


class BatchInterrupted(Exception):
    """The batch was interrupted (Ctrl-C): the files done are written, the others marked not run, the merged
    tables and ``summary.json`` written; ``result`` holds them. Run again with ``resume=True`` to finish."""

    def __init__(self, result: BatchResult) -> None:
        b = result.summary["batch"]
        self.result = result
        super().__init__(
            f"interrupted: {b['files'] - b['not_run']} of {b['files']} files done; run again with --resume"
        )


def run(inputs: Sequence[str | Path] | str | Path, **kwargs: Any) -> BatchResult:
    """Run every audio file of ``inputs`` in its own session and return the tables (see :func:`arun` for the
    options: ``config``, ``mcp``, ``concurrency``, ``labels``, ``out``, ``resume``, ``overwrite``, ``pace``,
    ``speech``, ``url``, ``timeout_s``, ``backoff``, ``dask``, ``scheduler``, ``executor``, ``progress``).

    Works in a notebook too: with an event loop already running, the batch runs on a loop in a helper thread.
    """
    if isinstance(inputs, str | Path):
        inputs = [inputs]
    paths = list(inputs)
    return run_blocking(lambda: arun(paths, **kwargs), "rtkit-batch")


def run_blocking(make: Callable[[], Coroutine[Any, Any, T]], name: str = "rtkit-run") -> T:
    """Run the coroutine ``make()`` to the end and return its result, from plain code or from a notebook cell
    (whose event loop is already running: then on a loop in a helper thread)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = asyncio.run(make())
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=target, name=name)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["result"]
