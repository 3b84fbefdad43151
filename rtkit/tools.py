"""What a tool call returns to the model, shared by MCP tools and Python function tools.

Every call ends in a :class:`ToolResult` whose ``output`` is a string for the ``function_call_output`` item:
the tool's result as JSON, or a JSON error object ``{"error", "message", "tool"[, "timeout"]}``. Nothing raises
into the Realtime loop.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

ToolFunction = Callable[[dict[str, Any]], Awaitable[Any] | Any]


@dataclass
class ToolResult:
    """Outcome of one tool call, ready to send back to the model."""

    output: str
    """Text for the ``function_call_output`` item: the tool's result as JSON, or a JSON error object."""
    ok: bool
    """The tool ran and reported success."""
    error: str | None = None
    """Error code when not ok: ``invalid_arguments``, ``unknown_tool``, ``tool_not_allowed``, ``tool_error``,
    ``timeout``, ``server_died``, ``server_unavailable``, ``mcp_error`` or ``internal_error``."""
    timed_out: bool = False
    """The call ran past the per-call timeout."""
    cached: bool = False
    """The output came from the result cache (the server was not called)."""
    server: str | None = None
    """Label of the MCP server that owns the tool."""
    started: float = 0.0
    """``time.monotonic()`` when the call was received."""
    ended: float = 0.0
    """``time.monotonic()`` when the result was ready."""

    @property
    def duration_ms(self) -> float:
        return (self.ended - self.started) * 1000.0


def parse_arguments(arguments: str | Mapping[str, Any] | None) -> dict[str, Any]:
    """The model's JSON arguments as a dict; raises ``ValueError`` saying what is wrong."""
    if arguments is None:
        return {}
    if isinstance(arguments, Mapping):
        return dict(arguments)
    if not isinstance(arguments, str):
        raise ValueError(f"arguments must be a JSON object string, got {type(arguments).__name__}")
    if not arguments.strip():
        return {}
    try:
        value = json.loads(arguments)
    except json.JSONDecodeError as exc:
        raise ValueError(f"arguments are not valid JSON ({exc.msg} at position {exc.pos})") from None
    except ValueError as exc:  # well-formed but unconvertible, e.g. an integer past Python's digit limit
        raise ValueError(f"arguments are not valid JSON ({exc})") from None
    if not isinstance(value, dict):
        raise ValueError(f"arguments must be a JSON object, got {type(value).__name__}")
    return value


def tool_failure(tool: str, error: str, message: str, started: float, timed_out: bool = False) -> ToolResult:
    payload: dict[str, Any] = {"error": error, "message": message, "tool": tool}
    if timed_out:
        payload["timeout"] = True
    output = json.dumps(payload, ensure_ascii=False)
    return ToolResult(output, False, error, timed_out=timed_out, started=started, ended=time.monotonic())


async def call_function(name: str, fn: ToolFunction, arguments: str | Mapping[str, Any] | None) -> ToolResult:
    """Run a Python function tool on the model's JSON arguments; its return value is serialised to JSON."""
    started = time.monotonic()
    try:
        args = parse_arguments(arguments)
    except ValueError as exc:
        return tool_failure(name, "invalid_arguments", str(exc), started)
    try:
        value = fn(args)
        if asyncio.iscoroutine(value) or isinstance(value, asyncio.Future):
            value = await value
    except Exception as exc:
        return tool_failure(name, "tool_error", f"{type(exc).__name__}: {exc}", started)
    output = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return ToolResult(output, True, started=started, ended=time.monotonic())


@runtime_checkable
class ToolProvider(Protocol):
    """What a session needs of a tool source (the MCP bridge is one): the tool list and a call."""

    def tools(self) -> list[dict[str, Any]]:
        """Realtime function tools (``type``, ``name``, ``description``, ``parameters``)."""
        ...

    async def call(self, name: str, arguments: str | Mapping[str, Any] | None) -> ToolResult:
        """Run one call; always returns a result (a JSON error output on failure), never raises for tool errors."""
        ...
