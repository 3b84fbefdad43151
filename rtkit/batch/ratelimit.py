"""Rate limits across a batch: hold new sessions while a limit is exhausted, back off after rate-limit errors.

The service reports its buckets in ``rate_limits.updated`` (``remaining`` and ``reset_seconds`` per bucket); when a
bucket is empty, no new session starts until it resets. A session refused with a rate-limit error is retried after
an exponential backoff with full jitter. Time comes from an injected clock and sleep, so the logic runs in virtual
time in tests.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rtkit.realtime import protocol
from rtkit.realtime.protocol import error_fields


@dataclass(frozen=True)
class Backoff:
    """Delay before retrying a session refused with a rate-limit error."""

    base_s: float = 1.0
    """Upper bound of the first delay; doubles with each attempt."""
    cap_s: float = 30.0
    """Largest delay."""
    max_attempts: int = 4
    """Sessions tried per file before it is reported as failed."""

    def delay(self, attempt: int, draw: float) -> float:
        """Seconds to wait after failed attempt ``attempt`` (1-based); ``draw`` in [0, 1) is the jitter."""
        return draw * min(self.cap_s, self.base_s * 2 ** (attempt - 1))


def is_rate_limit_error(event: Mapping[str, Any]) -> bool:
    """An ``error`` event saying a rate limit was hit."""
    err = error_fields(event)
    return any("rate_limit" in str(err.get(k) or "") for k in ("code", "type"))


class RateGate:
    """Shared by the sessions of one batch process: they wait at :meth:`wait` while a limit is exhausted."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        draw: Callable[[], float] = random.random,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self.draw = draw
        self._until = 0.0
        self.held_s = 0.0
        """Total time sessions were held back (summed over waits)."""

    def hold(self, seconds: float) -> None:
        """Start no new session for ``seconds`` from now (extends, never shortens, a hold)."""
        self._until = max(self._until, self._clock() + max(0.0, seconds))

    def observe(self, direction: str, event: Any, t: float, nbytes: int, in_ms: float, out_ms: float) -> None:
        """Client observer: an empty bucket in ``rate_limits.updated`` holds the gate until it resets."""
        if direction != "received" or event.get("type") != protocol.RATE_LIMITS_UPDATED:
            return
        for bucket in event.get("rate_limits") or []:
            if (bucket.get("remaining") or 0) <= 0:
                self.hold(float(bucket.get("reset_seconds") or 0.0))

    async def wait(self) -> None:
        """Return once no hold is in force."""
        while (left := self._until - self._clock()) > 0:
            self.held_s += left
            await self._sleep(left)
