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
    """Virtual time for tests: the session's waits (backoff, renewal deadlines) take no real time.

    With ``auto=True`` a ``sleep`` advances the clock at once (after letting other tasks run) and records the
    delay, so a test of a 30-second backoff runs in milliseconds and longer delays do not make it slower. With
    ``auto=False`` a ``sleep`` waits until the test moves time past its deadline with :meth:`advance`. Sockets
    and tasks stay real.
    """

    def __init__(self, start: float = 0.0, auto: bool = True) -> None:
        self.now = start
        self.auto = auto
        self.sleeps: list[float] = []
        """Every delay slept, in order."""
        self._waiters: list[tuple[float, asyncio.Future[None]]] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        seconds = max(seconds, 0.0)
        self.sleeps.append(seconds)
        if self.auto:
            self.now += seconds
            await asyncio.sleep(0)
            return
        fut = asyncio.get_running_loop().create_future()
        self._waiters.append((self.now + seconds, fut))
        try:
            await fut
        finally:
            self._waiters = [(d, f) for d, f in self._waiters if f is not fut]

    def advance(self, seconds: float) -> None:
        """Move time forward; sleeps whose deadline has passed wake up."""
        self.now += seconds
        for deadline, fut in self._waiters:
            if deadline <= self.now and not fut.done():
                fut.set_result(None)
