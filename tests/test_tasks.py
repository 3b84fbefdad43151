"""Owned background tasks: kept until done, failures logged unless expected, all cancelled on close."""

from __future__ import annotations

import asyncio
import logging

from rtkit.tasks import TaskOwner

log = logging.getLogger("rtkit.test.tasks")


async def _fail(exc: BaseException) -> None:
    raise exc


async def test_a_failed_task_is_logged_unless_its_exception_is_expected(caplog):
    owner = TaskOwner(log, "worker", expected=(ConnectionError,))
    with caplog.at_level(logging.ERROR, logger=log.name):
        await asyncio.gather(owner.spawn(_fail(ValueError("bad"))), return_exceptions=True)
        await asyncio.gather(owner.spawn(_fail(ConnectionError("gone"))), return_exceptions=True)
        await asyncio.sleep(0)  # done callbacks run on the next loop turn
    assert [r.getMessage() for r in caplog.records] == ["worker failed"]
    assert len(owner) == 0  # finished tasks are released


async def test_cancel_all_ends_every_task_but_the_callers_own():
    owner = TaskOwner(log, "worker")
    sleepers = [owner.spawn(asyncio.sleep(3600)) for _ in range(3)]

    async def closer() -> str:
        await owner.cancel_all()
        return "closed"

    me = owner.spawn(closer())
    assert await me == "closed"
    assert all(t.cancelled() for t in sleepers) and len(owner) == 0
