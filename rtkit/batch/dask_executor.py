"""The batch on a ``dask.distributed`` cluster: one Dask task per file, sessions held by the workers.

Each worker gets a :class:`~rtkit.batch.dask_worker.BatchWorkerPlugin` for the batch: it runs an event loop in a
thread of the worker process, where the worker's :class:`~rtkit.batch.job.Runtime` (its own local server when there
is no API key, its own MCP servers, its rate gate) is opened on the first file and closed when the batch ends. A task
blocks one of the worker's threads while its session runs on that loop, so a worker holds as many sessions as it
has threads. Outcomes (with their tables) come back to the client as tasks finish.

Point it at a real cluster with ``--scheduler tcp://HOST:8786`` (``DaskExecutor(address=...)``): every worker needs
rtkit installed (same version) and the audio files at the same paths (shared storage); MCP servers given as
commands must exist on the workers.
"""

from __future__ import annotations

import asyncio
import math
import uuid
from collections.abc import Sequence
from typing import Any

from rtkit.batch.executors import OnDone
from rtkit.batch.job import BatchPlan, FileJob, FileOutcome


def run_on_worker(job: FileJob, plugin: str) -> FileOutcome:
    """The Dask task: run one file in the worker's sessions."""
    from distributed import get_worker

    from rtkit.batch.dask_worker import BatchWorkerPlugin

    held = get_worker().plugins[plugin]
    if not isinstance(held, BatchWorkerPlugin):
        raise TypeError(f"worker plugin {plugin!r} is a {type(held).__name__}, not a BatchWorkerPlugin")
    return held.run(job)


class DaskExecutor:
    """Sessions on a ``dask.distributed`` cluster: an existing scheduler, or a ``LocalCluster`` made for the batch.

    ``address``: a scheduler address (``tcp://host:8786``). ``workers``: size of a local cluster (processes),
    used when no address is given. ``concurrency``: sessions held at once across the local cluster (spread over
    its workers as threads); a remote cluster holds as many as its workers have threads.
    """

    def __init__(self, address: str | None = None, *, workers: int = 2, concurrency: int | None = None) -> None:
        if address is None and workers < 1:
            raise ValueError(f"workers: {workers!r} is invalid; expected an integer >= 1")
        self.address = address
        self.workers = workers
        self.threads = max(1, math.ceil((concurrency or workers) / workers))
        where = f"scheduler {address}" if address else f"LocalCluster of {workers} workers x {self.threads} threads"
        self.description = f"dask.distributed, {where}"

    @classmethod
    def from_spec(cls, spec: str, concurrency: int | None = None) -> DaskExecutor:
        """``local:N`` (a LocalCluster of N worker processes) or a scheduler address."""
        if spec.startswith("local:"):
            try:
                n = int(spec.split(":", 1)[1])
            except ValueError:
                n = 0
            if n < 1:
                raise ValueError(f"--dask {spec}: expected local:N with N >= 1 worker processes")
            return cls(workers=n, concurrency=concurrency)
        return cls(spec, concurrency=concurrency)

    async def map(self, plan: BatchPlan, jobs: Sequence[FileJob], on_done: OnDone) -> None:
        if jobs:
            await asyncio.to_thread(self._run, plan, list(jobs), on_done)

    def _connect(self) -> tuple[Any, Any | None]:
        """A client, and the LocalCluster made for it (None for an existing scheduler)."""
        from distributed import Client, LocalCluster

        if self.address is not None:
            return Client(self.address), None
        cluster = LocalCluster(
            n_workers=self.workers,
            threads_per_worker=self.threads,
            processes=True,
            dashboard_address=None,
            silence_logs=40,
        )
        return Client(cluster), cluster

    def _run(self, plan: BatchPlan, jobs: list[FileJob], on_done: OnDone) -> None:
        from distributed import as_completed

        client, cluster = self._connect()
        name = f"rtkit-batch-{uuid.uuid4().hex[:8]}"
        from rtkit.batch.dask_worker import BatchWorkerPlugin

        registered = False
        try:
            client.register_plugin(BatchWorkerPlugin(plan), name=name)
            registered = True
            futures = {
                client.submit(run_on_worker, job, name, key=f"{name}-{i}", pure=False): job
                for i, job in enumerate(jobs)
            }
            for future in as_completed(futures):
                job = futures[future]
                try:
                    outcome = future.result()
                except Exception as exc:  # the worker died or the task could not run
                    outcome = FileOutcome(job.file, job.key, ok=False, error=f"dask: {type(exc).__name__}: {exc}")
                on_done(outcome)
        finally:
            try:
                if registered:
                    client.unregister_worker_plugin(name)  # its teardown closes each worker's servers
            finally:
                client.close()
                if cluster is not None:
                    cluster.close()
