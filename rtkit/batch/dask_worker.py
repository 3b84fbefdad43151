"""The worker side of the Dask executor: where a worker process keeps the sessions of a batch."""

from __future__ import annotations

import asyncio
import logging
import threading
from concurrent.futures import Future
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

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
