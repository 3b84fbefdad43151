"""Driving the official clients in tests: raw events from an `openai` SDK realtime connection, and one tool turn
of an openai-agents `RealtimeSession` with what it saw."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


async def until(
    conn: Any,
    type_: str,
    seen: list[dict[str, Any]] | None = None,
    validate: Callable[[dict[str, Any]], Any] | None = None,
    timeout: float = 30,
) -> dict[str, Any]:
    """Read raw frames from an SDK connection (validating each when asked) until one of ``type_`` arrives."""
    while True:
        event = json.loads(await asyncio.wait_for(conn.recv_bytes(), timeout))
        if validate is not None:
            validate(event)
        if seen is not None:
            seen.append(event)
        if event["type"] == type_:
            return event


@dataclass
class AgentTurn:
    """What an openai-agents session showed during one tool turn."""

    types: list[str] = field(default_factory=list)
    errors: list[Any] = field(default_factory=list)
    history: list[Any] = field(default_factory=list)

    @property
    def spoken(self) -> list[str]:
        """Transcripts of the assistant's answers in the history."""
        return [
            part.transcript
            for item in self.history
            if getattr(item, "role", None) == "assistant"
            for part in item.content
            if getattr(part, "transcript", None)
        ]


async def agent_tool_turn(session: Any, message: str, timeout: float = 30) -> AgentTurn:
    """Send ``message`` and read the session's events until the agent ends after a tool has run."""
    turn = AgentTurn()
    await session.send_message(message)

    async def consume() -> None:
        tool_done = False
        async for event in session:
            turn.types.append(event.type)
            if event.type == "error":
                turn.errors.append(event.error)
            if event.type == "raw_model_event" and event.data.type == "error":
                turn.errors.append(event.data)
            if event.type == "history_updated":
                turn.history[:] = event.history
            tool_done = tool_done or event.type == "tool_end"
            if tool_done and event.type == "agent_end":
                return

    await asyncio.wait_for(consume(), timeout)
    return turn
