"""The session's supervisor: watch the connection, reconnect after a drop, renew before the server's limit.

- **reconnect**: a close the user did not ask for, or a network error, is retried with exponential backoff and
  jitter; the new connection gets the conversation replayed and the response it is owed;
- **renewal** before the server's session limit (or on an unexpected ``session_expired``): after the active
  response and its tools finish, an out-of-band response summarises the conversation, and a new connection starts
  from the summary plus the most recent turns verbatim.

The decisions (delays, deadlines, what a close means, what is owed) are pure functions in
:mod:`rtkit.session.recovery`; this module is the async code that acts on them. It drives the session through
:class:`Supervised`, the few internals it needs (opening a connection, forgetting a lost one, failing).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from websockets.exceptions import ConnectionClosed

from rtkit.config import RealtimeConfig
from rtkit.realtime import events as ev
from rtkit.realtime.client import RealtimeConnectionError
from rtkit.session import recovery
from rtkit.session.calls import ResponseRequests
from rtkit.session.clock import Clock
from rtkit.session.connection import Connection, SessionError
from rtkit.session.conversation import Conversation, Item

log = logging.getLogger("rtkit.session")

Prepare = Callable[[Connection], Awaitable[None]]


class Supervised(Protocol):
    """What the supervisor drives: a :class:`~rtkit.session.RealtimeSession`'s connection lifecycle."""

    config: RealtimeConfig
    clock: Clock
    conversation: Conversation
    _conn: Connection | None
    _connections: int
    _closing: bool
    _fatal: BaseException | None
    _ready: asyncio.Event
    _changed: asyncio.Event
    _swapped: asyncio.Event

    async def _open(
        self, seed: list[dict[str, Any]] | None = None, cause: str | None = None, prepare: Prepare | None = None
    ) -> Connection: ...

    def _connection_lost(self, conn: Connection) -> None: ...

    def _fail(self, exc: BaseException) -> None: ...

    _requests: ResponseRequests

    def _spawn(self, coro: Awaitable[Any]) -> asyncio.Task[Any]: ...

    def _calls_settled(self) -> bool: ...

    async def wait_idle(self, quiet_s: float = 0.4, timeout: float = 60.0) -> None: ...


class Supervisor:
    """Keeps a session connected: one watch loop, reconnects, renewals; counts them."""

    def __init__(self, session: Supervised, rng: random.Random | None = None) -> None:
        self.session = session
        self.rng = rng or random.Random()
        self.reconnects = 0
        self.renewals = 0
        self.recovering = False
        """A new connection is being opened in place of a lost or renewed one."""
        self._renewal_task: asyncio.Task[None] | None = None
        self._renew_lock = asyncio.Lock()

    @property
    def config(self) -> RealtimeConfig:
        return self.session.config

    # -- drops and expiry ------------------------------------------------------------------------------------
    async def watch(self) -> None:
        """Until the session closes: wait for its connection to end, and recover (or fail) when it was not asked."""
        s = self.session
        while not s._closing:
            conn = s._conn
            assert conn is not None
            code, reason = await conn.client.wait_closed()
            if s._closing:
                return
            if conn.closing:  # replaced on purpose (renewal): watch the new one once it is there
                while s._conn is conn and not s._closing and s._fatal is None:
                    s._swapped.clear()
                    await s._swapped.wait()
                if s._fatal is not None:
                    return
                continue
            cause = recovery.close_cause(code, reason, conn.client.errors)
            if cause is None:
                s._fail(SessionError(f"the server closed the session ({code} {reason})".strip()))
                return
            self.recovering = True
            s._ready.clear()
            s._changed.set()
            s._connection_lost(conn)
            if not await self._recover(self._restore(conn, cause, recovery.describe_close(cause, code, reason))):
                return

    async def _restore(self, lost: Connection, cause: recovery.Cause, closed: str) -> None:
        if cause == "expired" and self.config.renewal.enabled:
            await self._renew_after_expiry(lost)
        elif self.config.reconnect.enabled:
            await self.reconnect(lost, closed)
        else:
            raise SessionError(f"connection lost ({closed}) and reconnect is off")

    async def _recover(self, restoring: Awaitable[None], fails: type[BaseException] = BaseException) -> bool:
        """Await a recovery with ``recovering`` set; False when it raised ``fails`` (the session has failed)."""
        self.recovering = True
        try:
            await restoring
        except asyncio.CancelledError:
            raise
        except fails as exc:
            self.session._fail(exc)
            return False
        finally:
            self.recovering = False
            self.session._changed.set()
        return True

    async def reconnect(self, lost: Connection, cause: str) -> None:
        """Open a new connection with backoff and jitter, replay the conversation, resume what it is owed."""
        s = self.session
        policy = self.config.reconnect
        last: BaseException | None = None
        for attempt in range(1, policy.max_attempts + 1):
            delay = recovery.backoff_delay(attempt, policy, self.rng)
            lost.client.mark(ev.RECONNECT, attempt=attempt, delay_s=round(delay, 3), cause=cause)
            log.warning("connection lost (%s): reconnect attempt %d in %.2f s", cause, attempt, delay)
            await s.clock.sleep(delay)
            try:
                await s._open(seed=s.conversation.replay_items(), cause="reconnect")
            except (RealtimeConnectionError, SessionError, OSError) as exc:
                last = exc
                lost = s._conn or lost
                continue
            self.reconnects += 1
            self._resume_responses()
            return
        raise SessionError(f"connection lost ({cause}); {policy.max_attempts} reconnect attempts failed: {last}")

    def _resume_responses(self) -> None:
        """After a restore: request the response the conversation is owed, if no follow-up will send one."""
        if self.session._calls_settled() and recovery.response_owed(self.session.conversation.items):
            self.session._requests.request()

    # -- renewal -----------------------------------------------------------------------------------------------
    def schedule_renewal(self, conn: Connection) -> None:
        """Start (or restart) the timer that renews ``conn`` before the server's limit."""
        if self._renewal_task is not None:
            self._renewal_task.cancel()
            self._renewal_task = None
        delay = recovery.renewal_delay(self.config.renewal, conn.created_at, conn.expires_at)
        if delay is not None:
            self._renewal_task = self.session._spawn(self._renew_at(conn, delay))

    async def _renew_at(self, conn: Connection, delay: float) -> None:
        await self.session.clock.sleep(delay)
        if self.session._conn is conn and not self.session._closing:
            self._renewal_task = None  # renew() replaces the timer; do not cancel ourselves
            await self.renew(reason="deadline")

    async def renew(self, reason: str = "requested") -> None:
        """Move the conversation to a new connection now: summary, then the recent turns verbatim."""
        s = self.session
        async with self._renew_lock:
            old = s._conn
            if old is None or s._closing:
                return
            with contextlib.suppress(TimeoutError):  # the active response and its tools finish first
                await s.wait_idle(quiet_s=0.0, timeout=self.config.renewal.summary_timeout_s)
            # the server may end the connection meanwhile (its limit, a drop): the watch loop recovers that one
            if not self._is_current(old):
                return
            try:
                summary = await self._summarize(old)
            except (ConnectionClosed, RealtimeConnectionError):
                return
            if not self._is_current(old):
                return
            old.client.mark(ev.RENEWAL, reason=reason, summary_chars=len(summary or ""), previous=old.index)
            s._ready.clear()
            old.closing = True
            await old.client.close()
            s._connection_lost(old)  # input not yet answered is heard again from the resent audio
            if not await self._recover(self._reopen(old, self._renewal_seed(summary)), SessionError):
                return
            self.renewals += 1
            log.info("session renewed (%s): connection %d -> %d", reason, old.index, s._connections - 1)

    async def _reopen(self, old: Connection, seed: list[dict[str, Any]]) -> None:
        try:
            await self.session._open(seed=seed, cause="renewal")
        except (RealtimeConnectionError, SessionError, OSError) as exc:  # retried like a drop
            await self.reconnect(old, f"renewal failed: {exc}")

    def _is_current(self, conn: Connection) -> bool:
        """``conn`` is still the open connection, and no recovery has taken it over."""
        s = self.session
        return s._conn is conn and conn.client.is_open and not self.recovering and not s._closing

    async def _renew_after_expiry(self, lost: Connection) -> None:
        """The server ended the session: open a new one, summarise there from the items, seed it."""
        lost.client.mark(ev.RENEWAL, reason="expired", summary_chars=0, previous=lost.index)

        async def summarize_and_seed(conn: Connection) -> None:
            await conn.replay(self._renewal_seed(await self._summarize(conn)), "renewal")

        await self.session._open(cause="renewal", prepare=summarize_and_seed)
        self.renewals += 1
        self._resume_responses()

    def _renewal_seed(self, summary: str | None) -> list[dict[str, Any]]:
        conversation = self.session.conversation
        if summary:
            conversation.summaries.append(summary)
            conversation.add(Item("summary", text=summary, connection=self.session._connections))
        return conversation.replay_items(recent_turns=self.config.renewal.recent_turns)

    async def _summarize(self, conn: Connection) -> str | None:
        """An out-of-band text response (``conversation: "none"``) summarising the conversation."""
        conversation = self.session.conversation
        items = conversation.replay_items(recent_turns=None if not conversation.summaries else 10_000)
        if not items:
            return None
        timeout = self.config.renewal.summary_timeout_s
        done = asyncio.ensure_future(
            conn.client.wait_for(ev.RESPONSE_DONE, lambda e: recovery.is_summary(e.get("response") or {}), timeout)
        )
        try:
            await conn.client.create_response(recovery.summary_request(items))
        except BaseException:
            done.cancel()
            raise
        try:
            response = (await done).get("response") or {}
        except (TimeoutError, asyncio.CancelledError):
            log.warning("no summary within %s s: renewing with the recent turns only", timeout)
            return None
        return recovery.summary_text(response)
