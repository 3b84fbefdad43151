"""Time for the session's timing paths (backoff, renewal deadlines), injectable so tests run them in virtual time."""

from __future__ import annotations

import asyncio
import time
from typing import Protocol


class Clock(Protocol):
    """What the session needs of time: a monotonic reading and a sleep."""

    def monotonic(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class MonotonicClock:
    """Real time: ``time.monotonic`` and ``asyncio.sleep``."""

    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(seconds, 0.0))


class VirtualClock:
    """Virtual time: ``sleep`` advances the clock at once (after letting other tasks run) and records the delay.

    Sockets and tasks stay real; only the waits the session chooses (backoff, renewal deadlines) take no real time,
    so a test of a 30-second backoff runs in milliseconds and making delays longer does not make it slower.
    """

    def __init__(self, start: float = 0.0) -> None:
        self.now = start
        self.sleeps: list[float] = []
        """Every delay slept, in order."""

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        seconds = max(seconds, 0.0)
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)

    def advance(self, seconds: float) -> None:
        """Move time forward without sleeping (as if the session had been busy that long)."""
        self.now += seconds
