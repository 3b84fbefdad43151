"""The event loop a server process runs on: asyncio's own, or uvloop when asked for with ``RTKIT_EVENT_LOOP=uvloop``
(and installed; it is not a dependency).

A server holding hundreds of silent sessions spends most of its CPU in the loop, the transports and the websockets
frame path (a read and a task wake-up per 20 ms append per session), so uvloop was measured as a lever
(``bench/RESULTS.md``, "Silent sessions per server"): on a shared, overloaded machine it did not lower the CPU per
append, and some of 300 connections opened within a second timed out in their opening handshake, which asyncio's
loop never did; so it stays opt-in, for comparing on a quiet machine. Used by the processes rtkit starts for serving:
``rtkit serve`` (one process or ``--workers``) and the load test's server.
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
    """``uvloop`` when ``RTKIT_EVENT_LOOP=uvloop`` and uvloop is installed; else ``asyncio``."""
    if os.environ.get(ENV_VARIABLE, "").strip().lower() != "uvloop":
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
