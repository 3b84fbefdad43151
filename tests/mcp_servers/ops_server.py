"""Test MCP server with tools that misbehave on purpose: sleep, crash the process, count calls.

The server measures how many ``sleep`` calls are in flight at once, so a concurrency limit can be checked from
what the server saw rather than from wall time.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations

server = MCPServer("ops", log_level="WARNING")
state = {"in_flight": 0, "max_in_flight": 0, "counter": 0}


@server.tool()
async def sleep(ms: int) -> dict[str, Any]:
    """Sleep for ms milliseconds."""
    state["in_flight"] += 1
    state["max_in_flight"] = max(state["max_in_flight"], state["in_flight"])
    try:
        await asyncio.sleep(ms / 1000)
    finally:
        state["in_flight"] -= 1
    return {"slept_ms": ms}


@server.tool()
def stats(reset: bool = False) -> dict[str, Any]:
    """Concurrency seen so far and the counter value, without changing the counter."""
    out = {**state, "pid": os.getpid()}
    if reset:
        state["max_in_flight"] = 0
    return out


@server.tool(annotations=ToolAnnotations(read_only_hint=True))
def count(key: str = "a") -> dict[str, Any]:
    """Increment and return a counter (marked read-only so the client may cache it)."""
    state["counter"] += 1
    return {"key": key, "counter": state["counter"]}


@server.tool()
async def crash(delay_ms: int = 50) -> dict[str, Any]:
    """Exit the server process in the middle of the call."""
    await asyncio.sleep(delay_ms / 1000)
    os._exit(3)


@server.tool()
def fail(message: str) -> dict[str, Any]:
    """Always fail with the given message."""
    raise ToolError(message)


@server.tool(annotations=ToolAnnotations(idempotent_hint=True))
def echo(text: str, times: int = 1) -> dict[str, Any]:
    """Echo text."""
    return {"text": text * times, "pid": os.getpid()}


if __name__ == "__main__":
    server.run()
