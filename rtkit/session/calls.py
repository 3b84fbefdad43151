"""Response bookkeeping and the function-call loop.

:class:`ResponseBook` keeps what one connection has in flight: responses created and not done, ``response.create``
sent and not answered, out-of-band responses (summaries). Pure: the session feeds it server events.

:class:`ResponseRequests` decides when a ``response.create`` goes out (after a retry's backoff, after a rate limit's
reset) and counts the ones owed.

:class:`CallRunner` runs each call the model asks for, sends its output, and exactly one follow-up response.
Parallel calls of one response run concurrently. Once a response is done and every one of its calls has its
output sent, one ``response.create`` follows. A response cancelled by barge-in drops its follow-up. A response
cut by a dropped connection counts as done: its calls' outputs go out on the new connection and the follow-up
comes from there.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rtkit.config import ReconnectConfig
from rtkit.session.clock import Clock
from rtkit.session.conversation import ToolCallRecord
from rtkit.session.recovery import backoff_delay, is_summary, rate_limit_wait
from rtkit.tools import ToolFunction, ToolProvider, ToolResult, call_function, tool_failure


@dataclass
class ResponseBook:
    """Responses one connection has in flight (it dies with the socket)."""

    active: set[str] = field(default_factory=set)
    """Responses created and not done."""
    awaiting: list[str] = field(default_factory=list)
    """event_ids of ``response.create`` sent and not answered yet."""
    out_of_band: set[str] = field(default_factory=set)
    """Responses outside the conversation (summaries)."""

    def requested(self, event_id: str) -> None:
        """A ``response.create`` went out."""
        self.awaiting.append(event_id)

    def created(self, response: Mapping[str, Any]) -> bool:
        """``response.created``: True when the response belongs to the conversation (not a summary)."""
        rid = response.get("id", "")
        in_conversation = not is_summary(response)
        (self.active if in_conversation else self.out_of_band).add(rid)
        if self.awaiting:
            self.awaiting.pop(0)
        return in_conversation

    def done(self, response_id: str) -> bool:
        """``response.done``: True when the response belonged to the conversation (not a summary)."""
        self.active.discard(response_id)
        if response_id in self.out_of_band:
            self.out_of_band.discard(response_id)
            return False
        return True

    def refused(self, event_id: str | None) -> bool:
        """An error answered ``event_id``: True when it was a ``response.create`` (no response will come)."""
        if event_id is None or event_id not in self.awaiting:
            return False
        self.awaiting.remove(event_id)
        return True

    def outside(self, response_id: str | None) -> bool:
        """Whether a response is out of band (its output is not part of the conversation)."""
        return response_id in self.out_of_band

    def busy(self) -> bool:
        """A response is active, requested, or an out-of-band one is running."""
        return bool(self.active or self.awaiting or self.out_of_band)

    def cut(self) -> None:
        """The socket died: no response on it will finish, and no request on it will be answered."""
        self.active.clear()
        self.awaiting.clear()


class ResponseRequests:
    """Sends ``response.create`` through ``send`` when asked: after a backoff when retrying a refused one, after a
    rate limit's reset; ``owed`` counts requests not yet sent, so the session is not idle meanwhile."""

    def __init__(
        self,
        clock: Clock,
        policy: ReconnectConfig,
        rng: random.Random,
        send: Callable[[], Awaitable[None]],
        changed: asyncio.Event,
        spawn: Callable[[Awaitable[None]], asyncio.Task[None]],
        busy: Callable[[], bool] = lambda: False,
    ) -> None:
        self.busy = busy
        """Whether a response is active now (a retry is then not sent)."""
        self.clock = clock
        self.policy = policy
        self.rng = rng
        self._send = send
        self._changed = changed
        self._spawn = spawn
        self.owed = 0
        """Requests asked for and not yet sent (or given up)."""
        self.rate_until = 0.0
        """No request before this time on the clock (a rate limit's reset)."""
        self.refusals = 0
        """Rate-limit refusals since a response last started: the retry's backoff attempt."""

    def rate_limited(self, event: Mapping[str, Any]) -> None:
        """``rate_limits.updated``: hold requests until the limit resets, when none remain."""
        wait = rate_limit_wait(event)
        if wait > 0:
            self.rate_until = self.clock.monotonic() + wait

    def request(self, retry: bool = False) -> None:
        """Ask for a response from a callback: counted as owed at once."""
        self.owed += 1
        self._spawn(self.create(retry=retry, counted=True))

    async def create(self, retry: bool = False, counted: bool = False) -> None:
        """Send one ``response.create`` once retry backoff and rate limits allow; a retry backs off longer after
        each refusal in a row, and is dropped when a response started meanwhile (``busy``)."""
        if not counted:
            self.owed += 1
        try:
            if retry:
                await self.clock.sleep(backoff_delay(max(1, self.refusals), self.policy, self.rng))
            wait = self.rate_until - self.clock.monotonic()
            if wait > 0:
                await self.clock.sleep(wait)
            if retry and self.busy():  # the caller spoke again and that response answers them too
                return
            await self._send()
        finally:
            self.owed -= 1
            self._changed.set()


@dataclass
class PendingResponse:
    """Function calls of one response, and whether the response itself has finished."""

    tasks: dict[str, asyncio.Task[None]] = field(default_factory=dict)
    done: bool = False
    cancelled: bool = False
    followed_up: bool = False

    def settled(self) -> bool:
        """Nothing more will happen for this response (no call running, no follow-up owed)."""
        return self.cancelled or self.followed_up or not self.tasks


class CallRunner:
    """Runs tools for the session and decides when the follow-up response is due.

    ``send_output(record)`` delivers a finished call's output (waiting for a usable connection);
    ``follow_up()`` sends the one ``response.create``; ``on_result(record, result)`` records metrics.
    """

    def __init__(
        self,
        bridge: ToolProvider | None,
        functions: dict[str, tuple[dict[str, Any], ToolFunction]],
        send_output: Callable[[ToolCallRecord], Awaitable[None]],
        follow_up: Callable[[], Awaitable[None]],
        on_result: Callable[[ToolCallRecord, ToolResult], None],
        spawn: Callable[[Awaitable[None]], asyncio.Task[None]],
    ) -> None:
        self.bridge = bridge
        self.functions = functions
        self._send_output = send_output
        self._follow_up = follow_up
        self._on_result = on_result
        self._spawn = spawn
        self.pending: dict[str, PendingResponse] = {}

    def start(self, record: ToolCallRecord) -> bool:
        """Run a call; False when the same call was announced before (it runs once)."""
        pending = self.pending.setdefault(record.response_id or "", PendingResponse())
        if record.call_id in pending.tasks:
            return False
        pending.tasks[record.call_id] = self._spawn(self._run(record, pending))
        return True

    async def _run(self, record: ToolCallRecord, pending: PendingResponse) -> None:
        result = await self._call(record.name, record.arguments)
        record.result = result
        if pending.cancelled:
            return
        await self._send_output(record)
        self._on_result(record, result)
        await self._maybe_follow_up(pending, record.call_id)

    async def _call(self, name: str, arguments: str) -> ToolResult:
        if name in self.functions:
            return await call_function(name, self.functions[name][1], arguments)
        if self.bridge is None:
            return tool_failure(name, "unknown_tool", f"no tool named {name!r} in this session", time.monotonic())
        try:
            return await self.bridge.call(name, arguments)
        except Exception as exc:  # a provider bug becomes an error output for the model, never a crash
            return tool_failure(name, "tool_error", f"{type(exc).__name__}: {exc}", time.monotonic())

    async def _maybe_follow_up(self, pending: PendingResponse, finished_call: str | None = None) -> None:
        if not pending.done or pending.cancelled or pending.followed_up:
            return
        if any(not t.done() for cid, t in pending.tasks.items() if cid != finished_call):
            return
        pending.followed_up = True
        await self._follow_up()

    def response_done(self, response_id: str, cancelled: bool) -> None:
        """The server finished a response (or the connection that carried it died: ``cancelled=False``)."""
        pending = self.pending.get(response_id)
        if pending is None or pending.done:
            return
        pending.done = True
        if cancelled:
            pending.cancelled = True
            for task in pending.tasks.values():
                task.cancel()
        elif all(t.done() for t in pending.tasks.values()):
            self._spawn(self._maybe_follow_up(pending))

    def cut(self) -> None:
        """The connection died: responses still open are over; their calls' follow-ups come on the next one."""
        for rid, pending in self.pending.items():
            if not pending.done:
                self.response_done(rid, cancelled=False)

    def settled(self) -> bool:
        """Every call has run, sent its output and had its follow-up (or its response was cancelled)."""
        return all(p.settled() for p in self.pending.values())

    def cancel_all(self) -> None:
        """Cancel every running call (the session closes)."""
        for pending in self.pending.values():
            for task in pending.tasks.values():
                task.cancel()
