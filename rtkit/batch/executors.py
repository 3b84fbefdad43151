"""Where a batch's sessions run. An executor maps :func:`~rtkit.batch.job.run_job` over the jobs and reports each
outcome as it arrives; the runner does not care where the sessions ran.

:class:`LocalExecutor` runs them on this process's event loop, at most ``concurrency`` at a time, sharing one
:class:`~rtkit.batch.job.Runtime`. :class:`~rtkit.batch.dask_executor.DaskExecutor` runs them on a
``dask.distributed`` cluster.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Protocol

from rtkit.batch.job import BatchPlan, FileJob, FileOutcome, Runtime, run_job

OnDone = Callable[[FileOutcome], None]


class Executor(Protocol):
    """Runs the jobs of a batch and calls ``on_done`` once per job, in completion order."""

    description: str
    """Where the sessions run, for the summary (e.g. ``local asyncio, 8 at a time``)."""

    async def map(self, plan: BatchPlan, jobs: Sequence[FileJob], on_done: OnDone) -> None: ...


class LocalExecutor:
    """Sessions on this process's event loop, ``concurrency`` at a time, sharing one local server and bridge."""

    def __init__(self, concurrency: int = 4) -> None:
        if concurrency < 1:
            raise ValueError(f"concurrency: {concurrency!r} is invalid; expected an integer >= 1")
        self.concurrency = concurrency
        self.description = f"local asyncio, {concurrency} at a time"

    async def map(self, plan: BatchPlan, jobs: Sequence[FileJob], on_done: OnDone) -> None:
        if not jobs:
            return
        slots = asyncio.Semaphore(self.concurrency)

        async def one(job: FileJob) -> None:
            async with slots:
                on_done(await run_job(job, runtime))

        async with Runtime(plan) as runtime, asyncio.TaskGroup() as group:
            for job in jobs:
                group.create_task(one(job))
