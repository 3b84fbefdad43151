"""The batch on a ``dask.distributed`` cluster: one Dask task per file, sessions held by the workers.

Each worker gets a :class:`BatchWorkerPlugin` for the batch: it runs an event loop in a thread of the worker
process, where the worker's :class:`~rtkit.batch.job.Runtime` (its own local server when there is no API key, its
own MCP servers, its rate gate) is opened on the first file and closed when the batch ends. A task blocks one of the
worker's threads while its session runs on that loop, so a worker holds as many sessions as it has threads.
Outcomes (with their tables) come back to the client as tasks finish.

Point it at a real cluster with ``--scheduler tcp://HOST:8786`` (``DaskExecutor(address=...)``): every worker needs
rtkit installed (same version) and the audio files at the same paths (shared storage); MCP servers given as
commands must exist on the workers.
"""

from __future__ import annotations

import asyncio
import logging
import math
import threading
import uuid
from collections.abc import Sequence
from concurrent.futures import Future
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from rtkit.batch.executors import OnDone
from rtkit.batch.job import BatchPlan, FileJob, FileOutcome, Runtime, run_job, worker_name


class BatchWorkerPlugin(WorkerPlugin):
    """Per-worker home of a batch's sessions: an event loop thread and the worker's Runtime (opened lazily)."""

    def __init__(self, plan: BatchPlan) -> None:
        self.plan = plan  # only the plan and a log level travel to the workers; the rest is made there, in setup
        self.alert_level = logging.getLogger("rtkit.metrics").getEffectiveLevel()
        self._loop: asyncio.AbstractEventLoop | None = None

    def setup(self, worker: Any) -> None:
        logging.getLogger("rtkit.metrics").setLevel(self.alert_level)  # as quiet as the client about alerts
        self._runtime: Future[Runtime] | None = None
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="rtkit-batch-loop", daemon=True)
        self._thread.start()

    def run(self, job: FileJob) -> FileOutcome:
        assert self._loop is not None, "plugin not set up"
        return asyncio.run_coroutine_threadsafe(self._run(job), self._loop).result()

    async def _run(self, job: FileJob) -> FileOutcome:
        try:
            runtime = await asyncio.wrap_future(self._open())
        except Exception as exc:  # the worker cannot start its servers: every file it gets says why
            error = f"worker set-up failed: {type(exc).__name__}: {exc}"
            return FileOutcome(job.file, job.key, ok=False, error=error, worker=worker_name())
        return await run_job(job, runtime)

    def _open(self) -> Future[Runtime]:
        with self._lock:
            if self._runtime is None:
                assert self._loop is not None
                self._runtime = asyncio.run_coroutine_threadsafe(Runtime(self.plan).__aenter__(), self._loop)
            return self._runtime

    def teardown(self, worker: Any) -> None:
        if self._loop is None:
            return
        if self._runtime is not None and self._runtime.done() and self._runtime.exception() is None:
            close = self._runtime.result().__aexit__(None, None, None)
            asyncio.run_coroutine_threadsafe(close, self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()


def run_on_worker(job: FileJob, plugin: str) -> FileOutcome:
    """The Dask task: run one file in the worker's sessions."""
    from distributed import get_worker

    return get_worker().plugins[plugin].run(job)


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
