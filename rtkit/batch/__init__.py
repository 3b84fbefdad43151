"""Batch runs over corpora: one independent session per audio file, on a local or a Dask executor."""

from rtkit.batch.dask_executor import DaskExecutor
from rtkit.batch.executors import Executor, LocalExecutor
from rtkit.batch.job import BatchPlan, FileJob, FileOutcome
from rtkit.batch.ratelimit import Backoff, RateGate
from rtkit.batch.runner import BatchResult, arun, run

__all__ = [
    "Backoff",
    "BatchPlan",
    "BatchResult",
    "DaskExecutor",
    "Executor",
    "FileJob",
    "FileOutcome",
    "LocalExecutor",
    "RateGate",
    "arun",
    "run",
]
