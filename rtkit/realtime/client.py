"""``RealtimeClient``: one websocket to a Realtime server (OpenAI, Azure, or rtkit's local server).

The client sends and receives GA events as dicts. Every event is stamped once, at the edge: observers get
``(direction, event, t, nbytes, in_ms, out_ms)`` with ``t`` from ``time.monotonic()`` and the input/output audio
clocks (ms of audio appended / received on this connection). The metrics recorder is such an observer. Lifecycle
moments are stamped the same way as ``direction="local"`` events (``rtkit.connect.start``, ``rtkit.connected``,
``rtkit.closed``).
"""

from __future__ import annotations

import asyncio
import base64
import inspect
import json
import logging
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from typing import Any

import numpy as np
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from rtkit import __version__, audio
from rtkit.config import RealtimeConfig
from rtkit.realtime import events as ev
from rtkit.realtime import protocol
from rtkit.realtime.endpoints import Endpoint, resolve_endpoint
from rtkit.redact import redacting_logger
from rtkit.tasks import TaskOwner

try:  # parses the audio deltas that dominate a stream in about three quarters of json.loads's time
    from orjson import loads as _loads
except ImportError:  # pragma: no cover - orjson is a dependency; json is the fallback where it cannot install
    _loads = json.loads  # type: ignore[assignment]

log = logging.getLogger("rtkit.client")

Observer = Callable[[str, dict[str, Any], float, int, float, float], None]
Handler = Callable[[dict[str, Any]], Awaitable[Any] | Any]

_CLOSED = object()


class RealtimeConnectionError(ConnectionError):
    """The websocket could not be opened (the message names the URL and the reason, never the key)."""


class RealtimeClient:
    """Async context manager over one Realtime websocket.

    >>> async with RealtimeClient(url="ws://127.0.0.1:8765/v1/realtime") as client:
    ...     await client.update_session(RealtimeConfig().session())
    ...     async for event in client:
    ...         print(event["type"])
    """

    def __init__(
        self,
        config: RealtimeConfig | None = None,
        *,
        url: str | None = None,
        api_key: str | None = None,
        endpoint: Endpoint | None = None,
        observers: tuple[Observer, ...] | list[Observer] = (),
        buffer_events: bool = True,
        max_buffered_events: int = 10_000,
        open_timeout: float = 10.0,
    ) -> None:
        self.config = config or RealtimeConfig()
        if endpoint is None:
            c = self.config
            endpoint = resolve_endpoint(
                c.model,
                api_key if api_key is not None else c.api_key,
                url=url,
                base_url=c.base_url,
                azure_endpoint=c.azure_endpoint,
                azure_deployment=c.azure_deployment,
            )
        self.endpoint = endpoint
        self._observers: list[Observer] = list(observers)
        self._handlers: dict[str, list[Handler]] = defaultdict(list)
        self._buffer_events = buffer_events
        self._max_buffered = max(int(max_buffered_events), 1)
        self.dropped_events = 0
        """Received events dropped from the iteration buffer because nobody read them (handlers still saw them)."""
        self._closed_event = asyncio.Event()
        self._open_timeout = open_timeout
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        self._ws: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._tasks = TaskOwner(log, "async handler")
        self._in_bpms = _bytes_per_ms(self.config.input_format, float(audio.BYTES_PER_MS))
        self._out_bpms = _bytes_per_ms(self.config.output_format, float(audio.BYTES_PER_MS))
        self.in_ms = 0.0
        """Input-audio clock: ms of audio appended on this connection."""
        self.out_ms = 0.0
        """Output-audio clock: ms of output audio received on this connection."""
        self.errors: list[dict[str, Any]] = []
        """Every ``error`` event received, in order."""
        self.close_code: int | None = None
        self.close_reason: str = ""
        self.session: dict[str, Any] = {}
        """The server's latest view of the session (from ``session.created`` / ``session.updated``)."""

    def __repr__(self) -> str:
        state = "open" if self.is_open else "closed"
        return f"RealtimeClient(url={self.endpoint.url!r}, kind={self.endpoint.kind!r}, {state})"

    @property
    def url(self) -> str:
        return self.endpoint.url

    @property
    def is_open(self) -> bool:
        return self._ws is not None and self._reader is not None and not self._reader.done()

    # -- observers and handlers ------------------------------------------------------------------------------
    def add_observer(self, observer: Observer) -> None:
        """Call ``observer(direction, event, t, nbytes, in_ms, out_ms)`` for every event from now on."""
        self._observers.append(observer)

    def on(self, event_type: str, handler: Handler) -> Callable[[], None]:
        """Call ``handler(event)`` for each received event of ``event_type`` (``"*"`` = all).

        Async handlers run as tasks. Returns a function that removes the handler.
        """
        self._handlers[event_type].append(handler)
        return lambda: self._handlers[event_type].remove(handler)

    def _notify(self, direction: str, event: dict[str, Any], t: float, nbytes: int) -> None:
        for observer in self._observers:
            try:
                observer(direction, event, t, nbytes, self.in_ms, self.out_ms)
            except Exception:  # an observer bug must not break the connection
                log.exception("observer %r failed on %s", observer, event.get("type"))

    def mark(self, event_type: str, **fields: Any) -> dict[str, Any]:
        """Put a local event (``rtkit.playback.start``, ``rtkit.reconnect``, ...) on the timeline, stamped now.

        Observers (the metrics recorder) get it as ``direction="local"``; it is never sent to the server.
        """
        event = {"type": event_type, **fields}
        self._notify("local", event, time.monotonic(), 0)
        return event

    _local = mark

    # -- connection -----------------------------------------------------------------------------------------------
    async def connect(self) -> RealtimeClient:
        self.in_ms = self.out_ms = 0.0
        self.close_code, self.close_reason = None, ""
        self._queue = asyncio.Queue()
        self._closed_event = asyncio.Event()
        self._local(ev.CONNECT_START, url=self.endpoint.url)
        try:
            self._ws = await connect(
                self.endpoint.url,
                additional_headers=self.endpoint.headers,
                user_agent_header=f"rtkit/{__version__}",
                open_timeout=self._open_timeout,
                max_size=None,
                compression=None,
                logger=redacting_logger("rtkit.client.websockets"),
            )
        except InvalidStatus as exc:
            status = exc.response.status_code
            hint = " (check the API key)" if status in (401, 403) else ""
            self._local(ev.CONNECT_FAILED, status=status)
            msg = f"{self.endpoint.url}: server refused the connection: HTTP {status}{hint}"
            raise RealtimeConnectionError(msg) from None
        except (OSError, TimeoutError, InvalidHandshake) as exc:
            self._local(ev.CONNECT_FAILED, status=None)
            raise RealtimeConnectionError(f"{self.endpoint.url}: cannot connect: {exc}") from None
        self._local(ev.CONNECTED)
        self._reader = asyncio.create_task(self._read_loop(self._ws))
        return self

    async def __aenter__(self) -> RealtimeClient:
        return await self.connect()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self, code: int = 1000, reason: str = "") -> None:
        """Close the socket and wait for the receive loop to finish; safe to call twice."""
        if self._ws is not None:
            await self._ws.close(code, reason)
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)
        await self._tasks.cancel_all()

    async def _read_loop(self, ws: ClientConnection) -> None:
        recv = ws.recv
        dispatch = self._dispatch
        clock = time.monotonic
        try:
            while True:
                # Undecoded: the parser reads UTF-8 itself, and the frame's size is its length.
                raw = await recv(decode=False)
                event = _parse_frame(raw)
                dispatch(event, clock(), len(raw))
                if event["type"] == ev.FUNCTION_ARGS_DONE:
                    # Let the call its handlers started run (and send its output) before the frames queued behind
                    # this one are read: a tool's answer should not wait for the rest of the response.
                    await asyncio.sleep(0)
        except ConnectionClosed:
            pass
        finally:
            self.close_code = ws.close_code
            self.close_reason = ws.close_reason or ""
            self._local(ev.CLOSED, code=self.close_code, reason=self.close_reason)
            self._queue.put_nowait(_CLOSED)
            self._closed_event.set()

    def _dispatch(self, event: dict[str, Any], t: float, nbytes: int) -> None:
        etype = event["type"]
        if etype in protocol.LEGACY_EVENT_NAMES:
            protocol.normalize_event(event)
            etype = event["type"]
        if etype == ev.AUDIO_DELTA:
            delta = event.get("delta")
            self.out_ms += protocol.b64_decoded_len(delta if isinstance(delta, str) else "") / self._out_bpms
        elif etype in (ev.SESSION_CREATED, ev.SESSION_UPDATED):
            self.session = _mapping(event.get("session"))  # a malformed session must not end the read loop
            self._track_formats(self.session)
        elif etype == ev.ERROR:
            self.errors.append(event)
            log.warning("server error: %s", protocol.error_message(event))
        observers = self._observers
        if observers:  # the loop of _notify, inlined: this runs for every received event
            in_ms, out_ms = self.in_ms, self.out_ms
            for observer in observers:
                try:
                    observer("received", event, t, nbytes, in_ms, out_ms)
                except Exception:  # an observer bug must not break the connection
                    log.exception("observer %r failed on %s", observer, etype)
        if self._handlers:
            run_handlers(self._handlers, etype, event, self._tasks.spawn, log)
        if self._buffer_events:
            queue = self._queue
            if queue.qsize() >= self._max_buffered:  # nobody iterates: keep memory bounded
                queue.get_nowait()
                if self.dropped_events == 0:
                    log.warning("event buffer full (%d events never read): dropping the oldest", self._max_buffered)
                self.dropped_events += 1
            queue.put_nowait(event)

    def _track_formats(self, session: Mapping[str, Any]) -> None:
        audio = _mapping(session.get("audio"))
        fin = _mapping(_mapping(audio.get("input")).get("format")).get("type")
        fout = _mapping(_mapping(audio.get("output")).get("format")).get("type")
        self._in_bpms = _bytes_per_ms(fin, self._in_bpms)
        self._out_bpms = _bytes_per_ms(fout, self._out_bpms)

    async def wait_closed(self) -> tuple[int | None, str]:
        """Wait until the connection has closed (for any reason); returns its close code and reason."""
        await self._closed_event.wait()
        return self.close_code, self.close_reason

    # -- receiving ------------------------------------------------------------------------------------------------
    async def recv(self, timeout: float | None = None) -> dict[str, Any] | None:
        """The next received event, or None once the connection has closed."""
        try:  # an event already queued is returned without a coroutine and a wait_for per event
            item = self._queue.get_nowait()
        except asyncio.QueueEmpty:
            item = await (self._queue.get() if timeout is None else asyncio.wait_for(self._queue.get(), timeout))
        if item is _CLOSED:
            self._queue.put_nowait(_CLOSED)  # keep later callers from blocking
            return None
        return item

    async def __aiter__(self) -> AsyncIterator[dict[str, Any]]:
        while (event := await self.recv()) is not None:
            yield event

    async def wait_for(
        self, event_type: str, predicate: Callable[[dict[str, Any]], bool] | None = None, timeout: float = 30.0
    ) -> dict[str, Any]:
        """Wait for the next received event of a type (and matching ``predicate``), without consuming the queue."""
        fut: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()

        def handler(event: dict[str, Any]) -> None:
            if not fut.done() and (predicate is None or predicate(event)):
                fut.set_result(event)

        remove = self.on(event_type, handler)
        try:
            return await asyncio.wait_for(fut, timeout)
        except TimeoutError:
            raise TimeoutError(f"no {event_type} event within {timeout} s from {self.endpoint.url}") from None
        finally:
            remove()

    # -- sending --------------------------------------------------------------------------------------------------
    async def send(self, event: Mapping[str, Any]) -> dict[str, Any]:
        """Send a client event; adds an ``event_id`` when missing. Returns the event as sent."""
        if self._ws is None:
            raise RealtimeConnectionError(f"{self.endpoint.url}: not connected (use 'async with' or connect())")
        out = dict(event)
        out.setdefault("event_id", protocol.new_event_id())
        etype = out.get("type")
        if etype == ev.AUDIO_APPEND:
            self.in_ms += protocol.b64_decoded_len(out.get("audio") or "") / self._in_bpms
        elif etype == ev.SESSION_UPDATE:
            self._track_formats(out.get("session") or {})
        data = json.dumps(out, separators=(",", ":"))
        t = time.monotonic()
        await self._ws.send(data)
        self._notify("sent", out, t, len(data))
        return out

    async def update_session(self, session: Mapping[str, Any] | RealtimeConfig) -> dict[str, Any]:
        if isinstance(session, RealtimeConfig):
            session = session.session()
        return await self.send(protocol.session_update(session))

    async def append_audio(self, audio: bytes | np.ndarray | str) -> dict[str, Any]:
        """Append audio in the session's input format: raw bytes, an int16 array, or base64 text."""
        if isinstance(audio, np.ndarray):
            audio = audio.astype("<i2", copy=False).tobytes()
        if isinstance(audio, bytes | bytearray | memoryview):
            audio = base64.b64encode(audio).decode("ascii")
        return await self.send(protocol.input_audio_buffer_append(audio))

    async def commit_audio(self) -> dict[str, Any]:
        return await self.send(protocol.input_audio_buffer_commit())

    async def clear_audio(self) -> dict[str, Any]:
        return await self.send(protocol.input_audio_buffer_clear())

    async def clear_output_audio(self) -> dict[str, Any]:
        return await self.send(protocol.output_audio_buffer_clear())

    async def create_item(self, item: Mapping[str, Any], previous_item_id: str | None = None) -> dict[str, Any]:
        return await self.send(protocol.conversation_item_create(item, previous_item_id))

    async def retrieve_item(self, item_id: str) -> dict[str, Any]:
        return await self.send(protocol.conversation_item_retrieve(item_id))

    async def truncate_item(self, item_id: str, audio_end_ms: int, content_index: int = 0) -> dict[str, Any]:
        return await self.send(protocol.conversation_item_truncate(item_id, audio_end_ms, content_index))

    async def delete_item(self, item_id: str) -> dict[str, Any]:
        return await self.send(protocol.conversation_item_delete(item_id))

    async def create_response(self, response: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return await self.send(protocol.response_create(response))

    async def cancel_response(self, response_id: str | None = None) -> dict[str, Any]:
        return await self.send(protocol.response_cancel(response_id))

    async def send_function_output(self, call_id: str, output: str) -> dict[str, Any]:
        return await self.create_item(protocol.function_call_output_item(call_id, output))

    async def send_text(self, text: str, respond: bool = True) -> dict[str, Any]:
        """Add a user text message and (by default) ask for a response; returns the item event sent."""
        sent = await self.create_item(protocol.user_text_item(text))
        if respond:
            await self.create_response()
        return sent


def run_handlers(
    handlers: Mapping[str, Sequence[Handler]],
    etype: str,
    event: dict[str, Any],
    spawn: Callable[[Awaitable[Any]], object],
    logger: logging.Logger,
) -> None:
    """Call the handlers of ``etype``, then those of ``"*"``: an awaitable one returns runs through ``spawn``; one
    that raises is logged, and the others still run. The client and the session dispatch their handlers so."""
    for key in (etype, "*"):
        for handler in tuple(handlers.get(key, ())):  # a handler may remove itself
            try:
                result = handler(event)
            except Exception:
                logger.exception("handler for %s failed", etype)
                continue
            if result is not None and inspect.isawaitable(result):
                spawn(result)


def _mapping(value: Any) -> dict[str, Any]:
    """``value`` when it is a JSON object, else an empty one (servers may send anything)."""
    return value if isinstance(value, dict) else {}


def _parse_frame(raw: str | bytes) -> dict[str, Any]:
    """Decode one frame; anything that is not a JSON object becomes an ``rtkit.invalid_frame`` event."""
    try:
        event = _loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        return {"type": ev.INVALID_FRAME, "error": f"not JSON: {exc}", "size": len(raw)}
    if event.__class__ is not dict:
        return {"type": ev.INVALID_FRAME, "error": "not a JSON object", "size": len(raw)}
    etype = event.get("type", ev.UNTYPED)
    if etype.__class__ is not str:
        return {"type": ev.INVALID_FRAME, "error": "'type' is not a string", "size": len(raw)}
    event["type"] = etype
    return event


def _bytes_per_ms(kind: Any, default: float) -> float:
    """Bytes per ms of a GA format type; ``default`` for anything else (a malformed session keeps the last)."""
    return audio.FORMAT_BYTES_PER_MS.get(kind, default) if isinstance(kind, str) else default
