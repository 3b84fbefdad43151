"""Why an MCP server could not start, in one line: connection refused, exit status and last stderr lines,
no answer to ``initialize``.

``mcp``'s stdio client neither exposes the server's exit status nor keeps its stderr, so a stdio server is
started through :data:`LAUNCHER` (a few lines of Python that run the command, pass signals on and report the
exit status on stderr), and its stderr goes through :class:`StderrTail`, which forwards every line to ours and
keeps the last few for the error message.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import os
import re
import sys
import threading
from typing import Any, TextIO

import httpx2
from mcp import MCPError
from mcp.client.stdio import StdioServerParameters

from rtkit.mcp.specs import BUILTIN_SERVERS

EXIT_MARK = "\x1frtkit-mcp-exit:"
"""Prefix of the launcher's own stderr lines (never forwarded to the user)."""
LAUNCHER = f"""
import signal, subprocess, sys
try:
    child = subprocess.Popen(sys.argv[1:])
except OSError as exc:
    sys.stderr.write("{EXIT_MARK}cannot-run " + (exc.strerror or str(exc)) + "\\n")
    sys.exit(127)
for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(sig, lambda s, f: child.send_signal(s))
code = child.wait()
sys.stderr.write("{EXIT_MARK}" + str(code) + "\\n")
sys.exit(code if code >= 0 else 128 - code)
"""
TAIL_LINES = 5
_EXIT = re.compile(re.escape(EXIT_MARK) + r"(-?\d+|cannot-run .*)")


def launched(params: StdioServerParameters) -> StdioServerParameters:
    """The same server, started through the launcher so its exit status can be reported."""
    args = ["-I", "-S", "-c", LAUNCHER, params.command, *params.args]
    return params.model_copy(update={"command": sys.executable, "args": args})


class StderrTail:
    """A pipe for a server's stderr: a thread forwards each line to ``sink`` and keeps the last ones.

    ``errlog`` is given to the stdio client; after the server is spawned, :meth:`spawned` closes this
    process's copy so the thread sees end-of-file when the server exits.
    """

    def __init__(self, sink: Any) -> None:
        read_fd, write_fd = os.pipe()
        self.errlog: TextIO = os.fdopen(write_fd, "w")
        self._lines: collections.deque[str] = collections.deque(maxlen=TAIL_LINES)
        self.exit: str | None = None
        self._sink = sink
        self._thread = threading.Thread(target=self._pump, args=(read_fd,), name="mcp-stderr", daemon=True)
        self._thread.start()

    def _pump(self, fd: int) -> None:
        with os.fdopen(fd, "rb") as pipe:
            for raw in pipe:
                line = raw.decode("utf-8", "replace").rstrip("\n")
                if match := _EXIT.fullmatch(line):
                    self.exit = match.group(1)
                    continue
                if line.strip():
                    self._lines.append(line.strip())
                with contextlib.suppress(OSError, ValueError, AttributeError):
                    self._sink.write(line + "\n")
                    self._sink.flush()

    def spawned(self) -> None:
        with contextlib.suppress(OSError):
            self.errlog.close()

    def settle(self, timeout: float = 1.0) -> None:
        """Wait (briefly) for the server's last lines after it exited."""
        self.spawned()
        self._thread.join(timeout)

    @property
    def lines(self) -> list[str]:
        return list(self._lines)


class NotJSONRPC(ConnectionError):
    """The server wrote a line to stdout that is not JSON-RPC (a print or a log line where the protocol goes)."""

    def __init__(self, line: str) -> None:
        super().__init__(f"server wrote something that is not JSON-RPC to stdout: {line}")


def bad_line(exc: BaseException) -> str | None:
    """The stdout line a stdio transport could not parse as JSON-RPC (from its parse error), else None."""
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return None
    try:
        value = errors()[0].get("input")
    except (TypeError, IndexError, AttributeError):
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    first = value.strip().splitlines()[0] if value.strip() else repr(value)
    return first if len(first) <= 200 else first[:200] + "…"


class _QuietParseErrors(logging.Filter):
    """The stdio transport logs a pydantic traceback per unparsable stdout line; the bridge reports the line
    itself, in one sentence."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "Failed to parse JSONRPC message" not in record.getMessage()


logging.getLogger("mcp.client.stdio").addFilter(_QuietParseErrors())


def leaves(exc: BaseException) -> list[BaseException]:
    """The innermost exceptions of (nested) exception groups and ``raise ... from`` chains."""
    if isinstance(exc, BaseExceptionGroup):
        return [leaf for sub in exc.exceptions for leaf in leaves(sub)]
    return [exc]


def reason(exc: BaseException, *, url: str | None, tail: StderrTail | None, timeout_s: float) -> str:
    """One line saying why the server did not start."""
    stderr = f"; last stderr: {' | '.join(tail.lines)}" if tail is not None and tail.lines else ""
    exit_text = tail.exit if tail is not None else None
    if exit_text and exit_text.startswith("cannot-run"):
        builtins = ", ".join(repr(name) for name in BUILTIN_SERVERS)
        return (
            f"no such command ({exit_text.removeprefix('cannot-run ')}); built-in servers are {builtins}, "
            "or give a command line or a URL"
        )
    found = leaves(exc)
    for e in found:
        if isinstance(e, NotJSONRPC):
            return f"{e}{stderr}"
    if any(isinstance(e, TimeoutError) for e in found):  # before the exit status: the timeout stopped it
        return f"no answer to initialize within {timeout_s:g} s{stderr}"
    if exit_text is not None:
        code = int(exit_text)
        status = f"was killed by signal {-code}" if code < 0 else f"exited with exit status {code}"
        return f"the server {status} before answering initialize{stderr or ' (no stderr output)'}"
    for e in found:
        if isinstance(e, httpx2.ConnectError):
            text = str(e) or type(e).__name__
            if "refused" in text.lower() or any(isinstance(c, ConnectionRefusedError) for c in _causes(e)):
                return f"connection refused at {url}"
            return f"cannot connect to {url}: {text}"
        if isinstance(e, httpx2.HTTPStatusError):
            return f"{url} answered HTTP {e.response.status_code}; is it an MCP streamable-HTTP endpoint?"
        if isinstance(e, httpx2.TransportError):
            return f"cannot reach {url}: {type(e).__name__}: {e}"
        if isinstance(e, MCPError):
            return f"the server closed the connection before answering initialize ({e.error.message}){stderr}"
    first = found[0] if found else exc
    return f"{type(first).__name__}: {first}{stderr}"


def _causes(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in seen and len(seen) < 20:
        seen.append(cur)
        cur = cur.__cause__ or cur.__context__
    return [leaf for e in seen for leaf in leaves(e)]
