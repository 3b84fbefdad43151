"""Batch runs over corpora: one independent session per audio file, on a local or a Dask executor.

Names load on first use, so ``rtkit.batch.cli`` (and the ``rtkit`` command's parser) does not load pandas."""

from __future__ import annotations

from typing import Any

from rtkit.exports import load

_EXPORTS = {
    "Backoff": "ratelimit",
    "BatchPlan": "job",
    "BatchResult": "runner",
    "DaskExecutor": "dask_executor",
    "Executor": "executors",
    "FileJob": "job",
    "FileOutcome": "job",
    "LocalExecutor": "executors",
    "RateGate": "ratelimit",
    "arun": "runner",
    "run": "runner",
}


def __getattr__(name: str) -> Any:
    return load(__name__, _EXPORTS, name)


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = sorted(_EXPORTS)
