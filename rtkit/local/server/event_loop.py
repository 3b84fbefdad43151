"""The event loop a server process runs on: uvloop when it is installed, asyncio's own otherwise.

A server holding hundreds of silent sessions spends most of its CPU in the loop and the transports (a read and a
queue hand-off per 20 ms append per session); uvloop's are cheaper (``bench/RESULTS.md``, "Silent sessions per
server"). ``RTKIT_EVENT_LOOP=asyncio`` keeps asyncio's loop even when uvloop is installed (to compare, or to rule it
out). Only processes rtkit starts for serving use this: ``rtkit serve`` (one process or ``--workers``).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Coroutine
from typing import Any, TypeVar

__all__ = ["ENV_VARIABLE", "loop_name", "run"]

ENV_VARIABLE = "RTKIT_EVENT_LOOP"
T = TypeVar("T")


def loop_name() -> str:
    """``uvloop`` when it is installed and not turned off with ``RTKIT_EVENT_LOOP=asyncio``; else ``asyncio``."""
    if os.environ.get(ENV_VARIABLE, "").strip().lower() == "asyncio":
        return "asyncio"
    try:
        import uvloop  # noqa: F401
    except ImportError:
        return "asyncio"
    return "uvloop"


def run(main: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(main)`` on the loop :func:`loop_name` names."""
    if loop_name() == "uvloop":
        import uvloop

        return uvloop.run(main)
    return asyncio.run(main)
