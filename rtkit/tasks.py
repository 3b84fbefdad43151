"""Background tasks an object owns: each one kept until done, its failure logged, all cancelled on close."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from typing import Any


class TaskOwner:
    """The tasks one object (a session, a client, a server connection) started.

    A task is kept until it finishes, so nothing is collected mid-run; a failure is logged with ``what`` unless
    it is one of the ``expected`` exceptions (a connection gone while a reply was being prepared, say), and handed
    to ``on_error`` when given (to show it, say).
    """

    def __init__(
        self,
        log: logging.Logger,
        what: str,
        expected: tuple[type[BaseException], ...] = (),
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self._log = log
        self._what = what
        self._expected = expected
        self._on_error = on_error
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, coro: Awaitable[Any]) -> asyncio.Task[Any]:
        """Run ``coro`` as an owned task."""
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None and not isinstance(exc, self._expected):
            self._log.error("%s failed", self._what, exc_info=exc)
            if self._on_error is not None:
                self._on_error(exc)

    async def cancel_all(self) -> None:
        """Cancel every owned task (except the caller's own) and wait until they have ended."""
        tasks = [t for t in self._tasks if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    def __len__(self) -> int:
        return len(self._tasks)

    def __iter__(self) -> Iterator[asyncio.Task[Any]]:
        return iter(list(self._tasks))
