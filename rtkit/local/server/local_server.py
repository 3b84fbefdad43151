"""The local Realtime server: a websockets server speaking the GA Realtime protocol on 127.0.0.1.

- ``/v1/realtime`` and ``/openai/v1/realtime`` (Azure GA shape) accept websocket connections; ``?model=`` sets
  the session model.
- ``GET /health/realtime`` answers 200 with a small JSON status.
- With ``api_key``, the handshake needs ``Authorization: Bearer <key>``, an ``api-key: <key>`` header or the
  browser subprotocol ``openai-insecure-api-key.<key>``; anything else gets HTTP 401.
- A connection opened with the retired ``OpenAI-Beta: realtime=v1`` header is closed with 4000, as the service
  does.
- Sessions end after ``max_session_seconds`` with a ``session_expired`` error and close code 1001.
- With ``script``, responses follow a script of expected user turns (:mod:`rtkit.local.model.script`).
- With ``recognition_limit_s`` (``rtkit serve``: 3 s, :data:`rtkit.local.speech.backlog.DEFAULT_RECOGNITION_LIMIT_S`),
  a response that would wait for recognition longer than that behind other sessions' speech is refused with a
  ``rate_limit_exceeded`` error instead of queued (:mod:`rtkit.local.server.state`). The in-process server of
  ``rtkit run`` and ``rtkit batch`` queues: its sessions are the kit's own work, not callers who hang up.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import gc
import hmac
import json
import logging
import os
import time
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import Server, ServerConnection
from websockets.asyncio.server import serve as ws_serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.typing import Subprotocol

from rtkit.config import DEFAULT_MODEL
from rtkit.local.model.script import Script, ScriptSource
from rtkit.local.server import events as wire
from rtkit.local.server.connection import RealtimeConnection
from rtkit.local.server.faults import FaultConfig
from rtkit.local.server.state import ConnectionGone, ConnectionState
from rtkit.local.speech.engines import SpeechEngines, stop_shared_pools
from rtkit.realtime import events as ev
from rtkit.redact import redacting_logger

log = logging.getLogger("rtkit.local")

REALTIME_PATHS = ("/v1/realtime", "/openai/v1/realtime")
HEALTH_PATH = "/health/realtime"
MAX_FRAME_BYTES = 16 * 1024 * 1024  # input_audio_buffer.append allows 15 MiB of audio per event
KEY_PROTOCOL_PREFIX = "openai-insecure-api-key."
ACCEPT_BACKLOG = 1024
"""Connections the kernel queues for a server process before it accepts them (asyncio's default is 100)."""
_REALTIME = Subprotocol("realtime")
"""The subprotocol browsers offer (beside the key) and the server selects."""


class _AbandonedHandshakes(logging.Filter):
    """websockets logs a failed opening handshake as an error with its traceback. A client that goes away during
    its handshake (a batch stopped with Ctrl-C, a caller hanging up while connecting) is no server fault: that
    becomes one debug line; any other failure one warning line naming the exception, without the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.getMessage() != "opening handshake failed" or not record.exc_info:
            return True
        exc = record.exc_info[1]
        went_away = ConnectionError | EOFError | asyncio.InvalidStateError | asyncio.CancelledError
        gone = isinstance(exc, went_away) or isinstance(getattr(exc, "__cause__", None), went_away)
        record.msg, record.args = f"opening handshake failed: {type(exc).__name__}: {exc}", None
        record.exc_info, record.exc_text = None, None
        record.levelno, record.levelname = (logging.DEBUG, "DEBUG") if gone else (logging.WARNING, "WARNING")
        return not gone or logging.getLogger(record.name).isEnabledFor(logging.DEBUG)


def _server_logger() -> logging.Logger:
    """websockets' logger for the server: credentials redacted, abandoned handshakes quiet."""
    logger = redacting_logger("rtkit.local.websockets")
    if not any(isinstance(f, _AbandonedHandshakes) for f in logger.filters):
        logger.addFilter(_AbandonedHandshakes())
    return logger


def _json_response(status: int, body: dict[str, Any]) -> Response:
    data = json.dumps(body).encode()
    headers = Headers([("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return Response(status, HTTPStatus(status).phrase, headers, data)


def _presented_keys(request: Request) -> list[str]:
    keys = []
    auth = request.headers.get("Authorization", "")
    if auth.lower().startswith("bearer "):
        keys.append(auth[7:].strip())
    if "api-key" in request.headers:
        keys.append(request.headers["api-key"].strip())
    for header in request.headers.get_all("Sec-WebSocket-Protocol"):
        for proto in header.split(","):
            proto = proto.strip()
            if proto.startswith(KEY_PROTOCOL_PREFIX):
                keys.append(proto[len(KEY_PROTOCOL_PREFIX) :])
    return keys


class LocalRealtimeServer:
    """rtkit's local Realtime server, as an async context manager.

    ``async with LocalRealtimeServer() as server:`` listens on a free port of 127.0.0.1; point clients at
    ``server.url`` (websocket) or ``server.base_url`` (for ``AsyncOpenAI(base_url=...)``). ``recognizer``
    names the speech-recognition engine (``moonshine``, ``combined`` or ``pocketsphinx``; default
    :func:`rtkit.local.speech.asr.default_engine`). ``recognition_limit_s`` is the longest a response may wait for
    recognition behind other sessions' speech before it is refused with ``rate_limit_exceeded`` (None, the
    default: never refuse, queue; ``rtkit serve`` uses :data:`~rtkit.local.speech.backlog.DEFAULT_RECOGNITION_LIMIT_S`).
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        api_key: str | None = None,
        max_session_seconds: float = 3600,
        speech: bool = True,
        faults: FaultConfig | None = None,
        script: ScriptSource | None = None,
        recognizer: str | None = None,
        recognition_limit_s: float | None = None,
        reuse_port: bool = False,
        recognition_workers: int | None = None,
    ) -> None:
        if max_session_seconds <= 0:
            raise ValueError(f"max_session_seconds: {max_session_seconds!r} is invalid; expected a positive number")
        if recognition_limit_s is not None and recognition_limit_s < 0:
            raise ValueError(
                f"recognition_limit_s: {recognition_limit_s!r} is invalid; expected seconds (0 or more) or None"
            )
        self.recognition_limit_s = recognition_limit_s
        self.host = host
        self._requested_port = port
        self._api_key = api_key or None
        self.max_session_seconds = max_session_seconds
        # A server that refuses over a limit starts every recognition worker at once: its capacity is there from the
        # first burst, and the refusal estimate counts loaded workers only.
        self.speech = SpeechEngines(
            speech,
            recognizer=recognizer,
            recognition_workers=recognition_workers,
            all_workers=recognition_limit_s is not None,
        )
        self.reuse_port = reuse_port
        self.faults = faults or FaultConfig()
        self._connections_seen = 0
        self.script = Script.load(script) if script is not None else None
        self._states: set[ConnectionState] = set()
        self._server: Server | None = None
        self._loading: asyncio.Future[None] | None = None
        self._started = time.time()
        self.sessions = 0  # connections currently open
        self.total_sessions = 0
        self.refused = 0
        """Responses refused because recognition was over its limit (closed connections included)."""

    @property
    def audio_bytes_held(self) -> int:
        """Bytes of audio the open connections hold (input buffers and kept item audio)."""
        return sum(state.audio_bytes_held for state in self._states)

    def __repr__(self) -> str:
        auth = "required" if self._api_key else "none"
        return f"LocalRealtimeServer(url={self.url if self._server else None!r}, auth={auth})"

    # -- addresses -------------------------------------------------------------------------------------------
    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("LocalRealtimeServer is not running; use 'async with' or await start()")
        return int(self._server.sockets[0].getsockname()[1])

    @property
    def _authority(self) -> str:
        from rtkit.exposure import client_host

        host = client_host(self.host)  # a wildcard bind is reached through loopback
        host = f"[{host}]" if ":" in host else host
        return f"{host}:{self.port}"

    @property
    def url(self) -> str:
        """Websocket URL of the Realtime endpoint, e.g. ``ws://127.0.0.1:PORT/v1/realtime``."""
        return f"ws://{self._authority}/v1/realtime"

    @property
    def base_url(self) -> str:
        """HTTP base URL for the openai SDK, e.g. ``http://127.0.0.1:PORT/v1``."""
        return f"http://{self._authority}/v1"

    @property
    def health_url(self) -> str:
        return f"http://{self._authority}{HEALTH_PATH}"

    # -- lifecycle -------------------------------------------------------------------------------------------
    async def start(self) -> LocalRealtimeServer:
        if self._server is not None:
            return self
        self._server = await ws_serve(
            self._handle,
            self.host,
            self._requested_port,
            process_request=self._process_request,
            max_size=MAX_FRAME_BYTES,
            subprotocols=[_REALTIME],
            select_subprotocol=self._select_subprotocol,
            compression=None,
            # Messages are handled as their frames are read (RealtimeConnection): an append that only buffers audio
            # wakes no coroutine. No flow control on what clients send: the connection reads on while a message
            # waits (e.g. for a cancelled response to finish), so a client that sends everything before reading
            # cannot deadlock against it.
            create_connection=RealtimeConnection,
            max_queue=None,
            logger=_server_logger(),  # handshake debug lines carry the key
            reuse_port=self.reuse_port or None,  # other processes serve the same port (rtkit serve --workers)
            # Hundreds of callers may connect within a second while the loop is busy: a short accept queue drops
            # their SYNs, and the kernel's retries (1 s, 3 s, 7 s) outlast the clients' opening timeouts.
            backlog=ACCEPT_BACKLOG,
        )
        self._loading = asyncio.ensure_future(self.speech.load())  # warm the engines before the first turn
        log.info("local Realtime server listening on %s", self.url)
        return self

    async def warmed(self) -> None:
        """Return once the speech engines that :meth:`start` began loading are loaded (at once with speech off), so
        a measurement or a paced caller does not meet a cold recognizer; a failure to load is the engines' to
        report (they fall back), not raised here."""
        if self._loading is not None:
            await asyncio.gather(asyncio.shield(self._loading), return_exceptions=True)

    async def stop(self, *, stop_speech: bool = False) -> None:
        """Stop accepting, close open sessions with 1001 (going away) and wait for their handlers. With
        ``stop_speech`` (a process shutting down), also stop the process's recognition workers first, so no
        session waits on a recognition that will not be needed."""
        if self._server is not None:
            self._server.close()  # no new connections; open ones get close code 1001
        if stop_speech:
            stop_shared_pools()
        if self._loading is not None:
            await asyncio.gather(self._loading, return_exceptions=True)
            self._loading = None
        if self._server is not None:
            await self._server.wait_closed()
            self._server = None

    async def __aenter__(self) -> LocalRealtimeServer:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # -- handshake -------------------------------------------------------------------------------------------
    def _select_subprotocol(self, connection: ServerConnection, offered: Sequence[Subprotocol]) -> Subprotocol | None:
        return _REALTIME if _REALTIME in offered else None

    def _process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        path = urlsplit(request.path).path.rstrip("/")
        if path == HEALTH_PATH:
            return _json_response(
                200,
                {
                    "status": "ok",
                    "pid": os.getpid(),  # with rtkit serve --workers, the process that answered
                    "sessions": self.sessions,
                    "total_sessions": self.total_sessions,
                    "uptime_s": round(time.time() - self._started, 3),
                    "auth": self._api_key is not None,
                    "speech": self.speech.status if self.speech.enabled else {"synthesis": False, "recognition": False},
                    "max_session_seconds": self.max_session_seconds,
                    "audio_bytes_held": self.audio_bytes_held,
                    "scripted": self.script is not None,
                    "recognition": {
                        "limit_s": self.recognition_limit_s,
                        "waiting_s": round(self.speech.backlog.wait_s(), 3),
                        "refused": self.refused + sum(state.refused for state in self._states),
                    },
                },
            )
        if path not in REALTIME_PATHS:
            return _json_response(
                404, {"error": {"message": f"No such route: {path}", "type": "invalid_request_error"}}
            )
        if self._api_key is not None:
            if not any(hmac.compare_digest(k.encode(), self._api_key.encode()) for k in _presented_keys(request)):
                return _json_response(
                    401,
                    {
                        "error": {
                            "message": "Incorrect or missing API key: send 'Authorization: Bearer <key>' "
                            "or an 'api-key' header.",
                            "type": "invalid_request_error",
                            "code": "invalid_api_key",
                        }
                    },
                )
        return None

    # -- connection ------------------------------------------------------------------------------------------
    async def _handle(self, connection: ServerConnection) -> None:
        assert isinstance(connection, RealtimeConnection)  # create_connection: see start()
        query = parse_qs(urlsplit(connection.request.path).query) if connection.request else {}
        model = (query.get("model") or query.get("deployment") or [DEFAULT_MODEL])[0]
        self._connections_seen += 1
        faults = self.faults
        if faults.drop_connections is not None and self._connections_seen > faults.drop_connections:
            faults = dataclasses.replace(
                faults, drop_after_events=None, drop_after_audio_deltas=None, drop_on_event=None
            )
        link = _Link(connection, faults)
        state = ConnectionState(
            link.send,
            model=model,
            max_session_seconds=self.max_session_seconds,
            speech=self.speech,
            script=self.script,
            recognition_limit_s=self.recognition_limit_s,
        )
        self._states.add(state)
        self.sessions += 1
        self.total_sessions += 1
        expiry = asyncio.ensure_future(self._expire(link, state))
        try:
            if connection.request and connection.request.headers.get("OpenAI-Beta"):
                await link.send(
                    wire.error("beta_api_shape_disabled", "Realtime Beta API no longer supported", "OpenAI-Beta")
                )
                await connection.close(4000, "beta_api_shape_disabled")
                return
            await state.start()
            await connection.inbox.run(state)
        except (ConnectionClosed, ConnectionGone):
            pass
        finally:
            expiry.cancel()
            link.close()
            await state.close()
            self._states.discard(state)
            self.refused += state.refused
            self.sessions -= 1

    async def _expire(self, link: _Link, state: ConnectionState) -> None:
        await asyncio.sleep(self.max_session_seconds)
        seconds = self.max_session_seconds
        span = f"{seconds / 60:g} minutes" if seconds >= 60 else f"{seconds:g} seconds"
        message = f"Your session hit the maximum duration of {span}."
        try:
            await link.send(wire.error("session_expired", message))
            await link.connection.close(1001, message)
        except (ConnectionClosed, ConnectionGone):
            pass


class _Dropped(ConnectionGone):
    """The connection was dropped on purpose (fault injection)."""


class _Link:
    """Sends server events on one connection, applying the configured faults."""

    def __init__(self, connection: ServerConnection, faults: FaultConfig) -> None:
        self.connection = connection
        self.faults = faults
        self._active = faults.active  # once: comparing configs costs microseconds, and this runs per event
        self.count = 0
        self.audio_deltas = 0
        self.dropped = False
        self._held: dict[str, Any] | None = None
        self._release: asyncio.Task[None] | None = None

    async def _raw(self, event: dict[str, Any]) -> None:
        try:
            await self.connection.send(wire.encode(event), text=True)
        except ConnectionClosed as exc:
            raise ConnectionGone(str(exc)) from exc

    async def send(self, event: dict[str, Any]) -> None:
        f = self.faults
        if self.dropped:
            raise _Dropped()
        if f.delay_ms:
            await asyncio.sleep(f.delay_ms / 1000.0)
        if not self._active:
            await self._raw(event)
            return
        self.count += 1
        if self._held is None and f.hold(self.count, event["type"]):
            self._held = event  # goes out behind the next event
            self._release = asyncio.ensure_future(self._release_held(f.hold_ms / 1000.0))
            return
        await self._raw(event)
        await self._send_held()
        is_delta = event["type"] == ev.AUDIO_DELTA
        self.audio_deltas += is_delta
        if f.inject_error_after(self.count):
            injected = f"Injected fault after event {self.count}."
            await self._raw(wire.error(f.error_code, injected, error_type="server_error"))
        if f.drop_after(self.count, self.audio_deltas, is_delta, event["type"]):
            self.dropped = True
            if isinstance(self.connection, RealtimeConnection):
                self.connection.flush()  # what was sent before the drop reaches the client
            self.connection.transport.abort()  # no close frame: the client sees an abnormal closure
            raise _Dropped()

    async def _send_held(self) -> None:
        held, self._held = self._held, None
        if held is not None:
            await self._raw(held)

    async def _release_held(self, after_s: float) -> None:
        """A held event that nothing follows goes out late instead of never."""
        await asyncio.sleep(after_s)
        with contextlib.suppress(ConnectionGone):
            await self._send_held()

    def close(self) -> None:
        if self._release is not None:
            self._release.cancel()


def freeze_start_up_heap() -> None:
    """For a process that only serves (``rtkit serve``, each ``--workers`` process): collect once, then move every
    object alive after start-up (modules, the model's tables, numpy) out of the cyclic collector's reach
    (``gc.freeze``). A full collection otherwise walks those ~70,000 objects: a 30 ms stall of every session of the
    process, once or twice a minute at hundreds of sessions. Objects made later are collected as before."""
    gc.collect()
    gc.freeze()


async def serve(host: str = "127.0.0.1", port: int = 8765, *, freeze_heap: bool = False, **options: Any) -> None:
    """Run the local Realtime server until cancelled (``rtkit serve``), then stop it and the process's speech
    workers (see :meth:`LocalRealtimeServer.stop`); ``options`` as for :class:`LocalRealtimeServer`
    (``api_key``, ``max_session_seconds``, ``speech``, ``faults``, ``script``, ``recognizer``,
    ``recognition_limit_s``, ``reuse_port``, ``recognition_workers``). ``freeze_heap``: the process only serves
    (``rtkit serve``), so its start-up heap is frozen once the server listens (:func:`freeze_start_up_heap`)."""
    server = LocalRealtimeServer(host, port, **options)
    await server.start()
    if freeze_heap:
        freeze_start_up_heap()
    try:
        print(f"rtkit local Realtime server on {server.url} (OPENAI_BASE_URL={server.base_url})", flush=True)
        await asyncio.Future()
    finally:
        # Stopping the speech workers is for the process; a server without speech never used them, and stopping
        # them would leave every later server of this process (a test run, a notebook) with empty transcripts.
        await server.stop(stop_speech=server.speech.enabled)
