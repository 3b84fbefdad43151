"""``MCPRealtimeBridge``: MCP servers' tools as Realtime function tools, and calls routed back to them.

>>> async with MCPRealtimeBridge(["finance", "python my_server.py", "http://127.0.0.1:8000/mcp"]) as bridge:
...     tools = bridge.tools()                       # GA function tools for session.update
...     result = await bridge.call("get_holdings", "{}")
...     result.output                                # always a string for the model (JSON)

Each server is held by one task that opens its transport (``mcp``'s stdio or streamable-HTTP client) and its
``ClientSession`` and closes them again, because anyio cancel scopes must be exited by the task that entered
them; calls from any task go through that session. A call never raises into the Realtime loop: failures,
timeouts, unknown tools, bad arguments and dead servers come back as a JSON error object in ``output``.
A server that died is started again on the next call to it; one that stops answering (a call timed out and a
ping got no answer either) is restarted at once, and the timed-out call's error says so. A server that cannot
start raises ``ConnectionError`` with one line saying why (see :mod:`rtkit.mcp.startup`).
"""

from __future__ import annotations

import asyncio
import contextlib
import fnmatch
import importlib
import json
import logging
import sys
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

import httpx2
import mcp.types as mcp_types
from mcp import ClientSession, MCPError, stdio_client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

from rtkit.mcp.schema import assign_names, canonical_arguments, function_tool, read_only
from rtkit.mcp.specs import ServerSpec, parse_specs
from rtkit.mcp.startup import NotJSONRPC, StderrTail, bad_line, launched, reason
from rtkit.tools import ToolResult, parse_arguments, tool_failure

if TYPE_CHECKING:
    from rtkit.config import MCPConfig

logger = logging.getLogger("rtkit.mcp")

CONNECT_TIMEOUT_S = 30.0
"""Time allowed for a server to start and answer ``initialize`` and ``tools/list``."""
STOP_TIMEOUT_S = 6.0
"""Time allowed for a server to shut down before its task is cancelled."""
_COMPACT = (",", ":")  # fewer tokens for the model than the default separators
PROBE_TIMEOUT_S = 2.0
"""Time a server has to answer a ping after a call timed out before it is restarted as hung."""
CACHE_SIZE = 256
"""Cached results kept (least recently used dropped first)."""


@dataclass(frozen=True)
class _Settings:
    timeout_s: float
    max_concurrent: int
    caching: bool
    allow: tuple[str, ...] | None
    deny: tuple[str, ...]

    @classmethod
    def of(cls, config: Any) -> _Settings:
        """Read an ``MCPConfig`` (or any object with its attributes); missing or None means the default."""

        def get(name: str, default: Any) -> Any:
            value = getattr(config, name, None)
            return default if value is None else value

        allow = getattr(config, "allow_tools", None)
        return cls(
            timeout_s=float(get("tool_timeout_ms", 5000)) / 1000.0,
            max_concurrent=int(get("max_concurrent_calls", 3)),
            caching=bool(get("enable_caching", True)),
            allow=None if allow is None else tuple(allow),
            deny=tuple(get("deny_tools", ())),
        )


class _Connection:
    """One MCP server and the task that owns its transport and ``ClientSession``."""

    def __init__(self, spec: ServerSpec) -> None:
        self.spec = spec
        self.session: ClientSession | None = None
        self.tools: list[mcp_types.Tool] = []
        self.dead = False
        self.starts = 0
        self._task: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()
        self._lock = asyncio.Lock()
        self._tail: StderrTail | None = None
        self.connect_timeout_s = CONNECT_TIMEOUT_S

    @property
    def label(self) -> str:
        return self.spec.label

    @property
    def alive(self) -> bool:
        if self.session is None or self.dead or self._task is None or self._task.done():
            return False
        # mcp has no public "connection closed" flag; its dispatcher's private one lets a server that died
        # while idle be restarted before the next call instead of failing it. Without it, that call fails.
        dispatcher = getattr(self.session, "_dispatcher", None)
        return not getattr(dispatcher, "_closed", False)

    async def start(self, list_tools: bool = True) -> None:
        self._stop = asyncio.Event()
        self.dead = False
        ready: asyncio.Future[ClientSession] = asyncio.get_running_loop().create_future()
        self._task = asyncio.create_task(self._own(ready), name=f"mcp-server:{self.label}")
        try:
            async with asyncio.timeout(self.connect_timeout_s):
                self.session = await asyncio.shield(ready)
                if list_tools or not self.tools:
                    self.tools = await self._list_tools()
        except BaseException as exc:
            await self.stop()
            if ready.done() and not ready.cancelled():
                ready.exception()  # retrieved: no "Future exception was never retrieved" at exit
            if isinstance(exc, asyncio.CancelledError):
                raise
            tail = self._tail
            if tail is not None:
                await asyncio.to_thread(tail.settle)
            url = None if self.spec.transport == "stdio" else self.spec.spec
            why = reason(exc, url=url, tail=tail, timeout_s=self.connect_timeout_s)
            raise ConnectionError(f"could not start MCP server {self.spec.spec!r}: {why}") from None
        self.starts += 1

    async def _list_tools(self) -> list[mcp_types.Tool]:
        assert self.session is not None
        tools: list[mcp_types.Tool] = []
        cursor: str | None = None
        while True:
            params = mcp_types.PaginatedRequestParams(cursor=cursor) if cursor else None
            page = await self.session.list_tools(params=params)
            tools.extend(page.tools)
            cursor = page.next_cursor
            if not cursor:
                return tools

    async def _own(self, ready: asyncio.Future[ClientSession]) -> None:
        tail = self._tail = StderrTail(_errlog()) if self.spec.transport == "stdio" else None
        try:
            async with AsyncExitStack() as stack:
                read, write = await stack.enter_async_context(_transport(self.spec, tail))
                if tail is not None:
                    tail.spawned()
                garbage: asyncio.Future[str] = asyncio.get_running_loop().create_future()
                handler = self._stdout_garbage(garbage)
                session = await stack.enter_async_context(ClientSession(read, write, message_handler=handler))
                initialize = asyncio.ensure_future(session.initialize())
                try:
                    either: set[asyncio.Future[Any]] = {initialize, garbage}
                    await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
                finally:
                    answered = initialize.done()
                    if not answered:  # never answered on a stdout that carries other text (or we are stopped)
                        initialize.cancel()
                        with contextlib.suppress(asyncio.CancelledError, Exception):
                            await initialize
                if not answered:
                    raise NotJSONRPC(garbage.result())
                initialize.result()
                ready.set_result(session)
                await self._stop.wait()
        except Exception as exc:
            if not ready.done():
                ready.set_exception(exc)
            else:
                logger.debug("MCP server %s closed with %s: %s", self.label, type(exc).__name__, exc)
        finally:
            if tail is not None:
                tail.spawned()
            if not ready.done():
                ready.set_exception(ConnectionError("the server stopped before answering initialize"))

    def _stdout_garbage(self, first: asyncio.Future[str]) -> Any:
        """A message handler that catches stdout lines that are not JSON-RPC: the first settles ``first``
        (before ``initialize`` is answered, the start fails at once); later ones are logged once and skipped."""
        said = False

        async def handle(message: Any) -> None:
            nonlocal said
            line = bad_line(message) if isinstance(message, Exception) else None
            if line is None:
                return
            if not first.done():
                first.set_result(line)
            elif not said:
                said = True
                logger.warning(
                    "MCP server %s wrote something that is not JSON-RPC to stdout (skipped): %s", self.label, line
                )

        return handle

    async def responsive(self) -> bool:
        """Whether the server answers a ping within ``PROBE_TIMEOUT_S``."""
        session = self.session
        if session is None or not self.alive:
            return False
        try:
            async with asyncio.timeout(PROBE_TIMEOUT_S):
                await session.send_ping()
        except asyncio.CancelledError:
            raise
        except Exception:
            return False
        return True

    async def ensure(self) -> ClientSession:
        """The live session, starting the server again first when it has died."""
        if self.alive:
            assert self.session is not None
            return self.session
        async with self._lock:
            if not self.alive:
                logger.warning("MCP server %s is not running; starting it again", self.label)
                await self.stop()
                await self.start(list_tools=False)
        assert self.session is not None
        return self.session

    async def stop(self) -> None:
        task, self._task, self.session = self._task, None, None
        if task is None:
            return
        self._stop.set()
        done, _ = await asyncio.wait({task}, timeout=STOP_TIMEOUT_S)
        if not done:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


def _errlog() -> TextIO:
    """Where server stderr goes: our stderr, or the process's real one where ``sys.stderr`` has no file
    descriptor (a Jupyter kernel replaces it with a stream the subprocess cannot inherit)."""
    try:
        sys.stderr.fileno()
        return sys.stderr
    except (AttributeError, OSError, ValueError):
        return sys.__stderr__ or sys.stderr


@asynccontextmanager
async def _transport(spec: ServerSpec, tail: StderrTail | None) -> AsyncIterator[Any]:
    """``mcp``'s stdio client for commands (through the launcher, stderr through ``tail``), its
    streamable-HTTP client for URLs."""
    params = spec.params
    if isinstance(params, StdioServerParameters):
        errlog = tail.errlog if tail is not None else _errlog()
        async with stdio_client(launched(params), errlog=errlog) as streams:
            yield streams
        return
    timeout = httpx2.Timeout(params.timeout, read=params.sse_read_timeout)
    async with create_mcp_http_client(headers=params.headers, timeout=timeout) as http:
        async with streamable_http_client(params.url, http_client=http) as streams:
            yield streams


@dataclass
class _Entry:
    name: str
    conn: _Connection
    tool: mcp_types.Tool
    function: dict[str, Any]
    cacheable: bool
    offered: bool = True


@dataclass
class _Bookkeeping:
    entries: dict[str, _Entry] = field(default_factory=dict)
    cache: OrderedDict[tuple[str, str], str] = field(default_factory=OrderedDict)


class MCPRealtimeBridge:
    """Connects MCP servers, offers their tools to a Realtime session and runs the model's calls.

    ``specs``: built-in names (``finance``, ``devtools``), stdio command lines or ``http(s)://`` URLs.
    ``config``: an ``MCPConfig`` (timeout, concurrency limit, caching, allow/deny lists); defaults when None.
    Allow/deny entries are ``fnmatch`` patterns matched against the offered name and the server's own name.
    """

    def __init__(
        self, specs: list[str], config: MCPConfig | None = None, *, connect_timeout_s: float = CONNECT_TIMEOUT_S
    ) -> None:
        self.specs = parse_specs(list(specs))
        self.config = config
        self._settings = _Settings.of(config)
        self._conns = [_Connection(spec) for spec in self.specs]
        for conn in self._conns:
            conn.connect_timeout_s = connect_timeout_s
        self._restarts: set[asyncio.Task[None]] = set()
        self._semaphore = asyncio.Semaphore(self._settings.max_concurrent)
        self._book = _Bookkeeping()
        self._connected = False

    # -- lifecycle ------------------------------------------------------------------------------------------
    async def __aenter__(self) -> MCPRealtimeBridge:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def connect(self) -> None:
        """Start every server (in parallel), list their tools; ``ConnectionError`` names one that failed."""
        try:
            # mcp validates tool output with jsonschema, imported on the first call (over a second where
            # rfc3987-syntax builds its grammar at import): import it now, off the loop, while servers start.
            warm = asyncio.to_thread(importlib.import_module, "jsonschema.validators")
            results = await asyncio.gather(warm, *(c.start() for c in self._conns), return_exceptions=True)
            for result in results[1:]:
                if isinstance(result, BaseException):
                    raise result
        except BaseException:
            await self.close()
            raise
        self._connected = True
        self._index()

    async def close(self) -> None:
        """Stop every server; safe to call twice."""
        self._connected = False
        for task in self._restarts:
            task.cancel()
        await asyncio.gather(*self._restarts, return_exceptions=True)
        await asyncio.gather(*(c.stop() for c in self._conns), return_exceptions=True)

    # -- tools ----------------------------------------------------------------------------------------------
    def _index(self) -> None:
        pairs = [(c.label, t.name) for c in self._conns for t in c.tools]
        names = assign_names(pairs)
        entries: dict[str, _Entry] = {}
        for conn in self._conns:
            for tool in conn.tools:
                name = names[(conn.label, tool.name)]
                entry = _Entry(name, conn, tool, function_tool(name, tool), read_only(tool))
                entry.offered = self._permitted(name, tool.name)
                entries[name] = entry
        self._book.entries = entries
        self._book.cache.clear()

    def _permitted(self, name: str, original: str) -> bool:
        def hit(patterns: tuple[str, ...]) -> bool:
            return any(fnmatch.fnmatchcase(n, p) for p in patterns for n in (name, original))

        s = self._settings
        return (s.allow is None or hit(s.allow)) and not hit(s.deny)

    def tools(self) -> list[dict[str, Any]]:
        """GA Realtime function tools (``{type, name, description, parameters}``) for ``session.update``."""
        if not self._connected:
            raise RuntimeError("MCPRealtimeBridge is not connected; use 'async with MCPRealtimeBridge(...)'")
        return [json.loads(json.dumps(e.function)) for e in self._book.entries.values() if e.offered]

    async def refresh_tools(self) -> list[dict[str, Any]]:
        """List every server's tools again (the list is otherwise kept from connect) and rebuild the names."""
        for conn in self._conns:
            await conn.ensure()
            conn.tools = await conn._list_tools()
        self._index()
        return self.tools()

    @property
    def tool_map(self) -> dict[str, tuple[str, str]]:
        """Offered function name → (server label, the tool's name on that server)."""
        return {n: (e.conn.label, e.tool.name) for n, e in self._book.entries.items() if e.offered}

    def server_starts(self) -> dict[str, int]:
        """How many times each server has been started (more than once after a restart)."""
        return {c.label: c.starts for c in self._conns}

    # -- calls ----------------------------------------------------------------------------------------------
    async def call(self, name: str, arguments: str | Mapping[str, Any] | None) -> ToolResult:
        """Run one function call from the model. Never raises (except on cancellation)."""
        started = time.monotonic()
        entry = self._book.entries.get(name)
        try:
            result = await self._call(name, entry, arguments, started)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug here must not take the Realtime loop down
            logger.exception("MCP call %s failed unexpectedly", name)
            result = tool_failure(name, "internal_error", f"{type(exc).__name__}: {exc}", started)
        result.server = entry.conn.spec.name if entry else None
        logger.info(
            "mcp call %s server=%s ok=%s%s%s %.1f ms",
            name,
            result.server,
            result.ok,
            f" error={result.error}" if result.error else "",
            " cached" if result.cached else "",
            result.duration_ms,
        )
        return result

    async def _call(self, name: str, entry: _Entry | None, arguments: Any, started: float) -> ToolResult:
        if not self._connected:
            return tool_failure(name, "server_unavailable", "the MCP bridge is not connected", started)
        if entry is None or not entry.offered:
            if entry is not None:
                return tool_failure(
                    name, "tool_not_allowed", f"tool {name!r} is disabled by the allow/deny lists", started
                )
            known = ", ".join(n for n, e in self._book.entries.items() if e.offered) or "none"
            return tool_failure(name, "unknown_tool", f"no tool named {name!r}; available: {known}", started)
        try:
            args = parse_arguments(arguments)
        except ValueError as exc:
            return tool_failure(name, "invalid_arguments", str(exc), started)
        use_cache = self._settings.caching and entry.cacheable
        key = (name, canonical_arguments(args)) if use_cache else (name, "")
        if use_cache and key in self._book.cache:
            self._book.cache.move_to_end(key)
            return ToolResult(self._book.cache[key], True, cached=True, started=started, ended=time.monotonic())
        async with self._semaphore:
            result = await self._execute(entry, args, started)
        if use_cache and result.ok:
            self._book.cache[key] = result.output
            while len(self._book.cache) > CACHE_SIZE:
                self._book.cache.popitem(last=False)
        return result

    async def _execute(self, entry: _Entry, args: dict[str, Any], started: float) -> ToolResult:
        conn, name = entry.conn, entry.name
        try:
            session = await conn.ensure()
        except ConnectionError as exc:
            return tool_failure(name, "server_unavailable", str(exc), started)
        timeout = self._settings.timeout_s
        timed_out = f"tool {name!r} did not answer within {timeout * 1000:.0f} ms"
        try:
            # mcp's own per-request clock: on expiry it also tells the server to cancel the request.
            result = await session.call_tool(entry.tool.name, args, read_timeout_seconds=timeout)
        except TimeoutError:
            return await self._timed_out(conn, name, timed_out, started)
        except MCPError as exc:
            if exc.error.code == mcp_types.REQUEST_TIMEOUT:
                return await self._timed_out(conn, name, timed_out, started)
            if exc.error.code == mcp_types.CONNECTION_CLOSED:
                conn.dead = True
                message = f"MCP server {conn.label!r} stopped during the call; it restarts on the next call"
                return tool_failure(name, "server_died", message, started)
            return tool_failure(name, "mcp_error", exc.error.message, started)
        except (OSError, httpx2.TransportError) as exc:
            conn.dead = True
            return tool_failure(name, "server_died", f"MCP server {conn.label!r}: {type(exc).__name__}: {exc}", started)
        if result.is_error:
            return tool_failure(name, "tool_error", _text(result) or "the tool reported an error", started)
        return ToolResult(_output(result), True, started=started, ended=time.monotonic())

    async def _timed_out(self, conn: _Connection, name: str, message: str, started: float) -> ToolResult:
        """A timed-out call: a server that still answers a ping keeps running; one that does not is hung, and
        is restarted now (in the background) so the next call finds it running."""
        if await conn.responsive():
            return tool_failure(name, "timeout", message, started, timed_out=True)
        conn.dead = True
        logger.warning("MCP server %s did not answer a ping after a call timed out; restarting it", conn.label)
        task = asyncio.create_task(self._restart(conn), name=f"mcp-restart:{conn.label}")
        self._restarts.add(task)
        task.add_done_callback(self._restarts.discard)
        hung = f"{message}; the server {conn.label!r} did not answer a health check either and is being restarted"
        failure = tool_failure(name, "timeout", hung, started, timed_out=True)
        payload = json.loads(failure.output)
        payload["server_restarted"] = True
        failure.output = json.dumps(payload, ensure_ascii=False)
        return failure

    async def _restart(self, conn: _Connection) -> None:
        try:
            await conn.ensure()
        except ConnectionError as exc:  # the next call reports it (and tries again)
            logger.warning("%s", exc)


def _text(result: mcp_types.CallToolResult) -> str:
    return "\n".join(c.text for c in result.content if isinstance(c, mcp_types.TextContent))


def _output(result: mcp_types.CallToolResult) -> str:
    """The result as JSON text: structured content when given, else the text content (parsed if JSON)."""
    if result.structured_content is not None:
        return json.dumps(result.structured_content, ensure_ascii=False, separators=_COMPACT, default=str)
    parts: list[Any] = []
    for block in result.content:
        if isinstance(block, mcp_types.TextContent):
            try:
                parts.append(json.loads(block.text))
            except ValueError:
                parts.append(block.text)
        else:  # images, audio, resources: the Realtime output is text, so describe them
            parts.append({"type": block.type, "mime_type": getattr(block, "mime_type", None)})
    value = parts[0] if len(parts) == 1 else parts
    return json.dumps(value if isinstance(value, dict) else {"result": value}, ensure_ascii=False, separators=_COMPACT)


async def realtime_tools(specs: list[str], config: MCPConfig | None = None) -> list[dict[str, Any]]:
    """The function tools a session would offer for these specs (what ``rtkit tools --json`` prints)."""
    async with MCPRealtimeBridge(specs, config) as bridge:
        return bridge.tools()
