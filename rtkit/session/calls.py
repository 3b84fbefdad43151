"""The function-call loop: run each call the model asks for, send its output, and exactly one follow-up response.

Parallel calls of one response run concurrently. Once a response is done and every one of its calls has its
output sent, one ``response.create`` follows. A response cancelled by barge-in drops its follow-up. A response
cut by a dropped connection counts as done: its calls' outputs go out on the new connection and the follow-up
comes from there.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from rtkit.session.conversation import ToolCallRecord
from rtkit.tools import ToolFunction, ToolProvider, ToolResult, call_function, tool_failure


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
        functions: dict[str, tuple[dict, ToolFunction]],
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
        return all(p.settled() for p in self.pending.values())

    def cancel_all(self) -> None:
        for pending in self.pending.values():
            for task in pending.tasks.values():
                task.cancel()
