"""``RealtimeSession``: a conversation that outlives its connection; this module is its event loop.

The session owns the :class:`~rtkit.session.conversation.Conversation` (items, transcript, tool calls, audio),
opens each :class:`~rtkit.session.connection.Connection` (``session.update`` with settings and tools, the
conversation replayed as items, tool outputs not yet sent, the user's audio resent from the last position the server
had answered), handles the server's events through one table (:attr:`RealtimeSession._EVENTS`), and streams input.
Its parts live in modules of their own:

- :mod:`~rtkit.session.supervisor` watches the connection: **reconnect** with backoff and jitter after a drop,
  **renewal** (summary, then recent turns) before the server's session limit; the decisions are pure functions in
  :mod:`~rtkit.session.recovery`;
- :mod:`~rtkit.session.ledger` keeps the user's audio on the source's clock: what was streamed, what the server
  confirmed, what a new connection must hear again;
- :mod:`~rtkit.session.calls` keeps the responses in flight and runs the function-call loop.

When audio keeps failing the session falls back to **text**. Every change is a local event on the recorder's
timeline (``rtkit.reconnect``, ``rtkit.renewal``, ``rtkit.fallback.text``); every task the session starts is owned
and cancelled on close. With no API key and no URL the session starts rtkit's local Realtime server in-process.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
import random
import time
import traceback
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from rtkit import audio
from rtkit.config import RealtimeConfig
from rtkit.local.server.ensure import ensure_server
from rtkit.realtime import events as ev
from rtkit.realtime import protocol
from rtkit.realtime.client import Observer, RealtimeClient, run_handlers
from rtkit.realtime.endpoints import model_from_url
from rtkit.session import recovery
from rtkit.session.calls import CallRunner, ResponseRequests
from rtkit.session.clock import Clock, MonotonicClock
from rtkit.session.connection import SEND_ERRORS, Connection, SessionError, sent
from rtkit.session.conversation import Conversation, Item, ToolCallRecord, TranscriptLine, summary_text
from rtkit.session.ledger import InputLedger, confirmable
from rtkit.session.playback import EstimatedPlayback, PlaybackTracker
from rtkit.session.record import AudioRecord
from rtkit.session.result import Recorder, SessionResult
from rtkit.session.supervisor import Prepare, Supervisor
from rtkit.session.user_input import UserInput
from rtkit.tasks import TaskOwner
from rtkit.tools import ToolFunction, ToolProvider, ToolResult

log = logging.getLogger("rtkit.session")

Handler = Callable[[dict[str, Any]], Any]
"""A user handler of server events (``session.on``); an awaitable it returns runs as an owned task."""
EventHandler = Callable[[Connection, dict[str, Any]], None]
"""The session's own handling of one server event type, on the connection it came from."""

__all__ = ["RealtimeSession", "SessionError", "SessionResult", "ToolCallRecord", "TranscriptLine"]


_STREAMING = frozenset(
    {
        ev.AUDIO_DELTA,
        ev.AUDIO_TRANSCRIPT_DELTA,
        ev.TEXT_DELTA,
        ev.FUNCTION_ARGS_DELTA,
        ev.TRANSCRIPTION_DELTA,
    }
)
"""Events that stream within a response or a transcription: waking idle waiters for each one only costs."""


class RealtimeSession(UserInput):
    """One conversation over one or more connections: tools, function-call loop, barge-in, recovery, records.

    >>> async with RealtimeSession(config, bridge=bridge, recorder=recorder) as session:
    ...     result = await session.run_file("data/portfolio_summary.wav")
    """

    def __init__(
        self,
        config: RealtimeConfig | None = None,
        *,
        bridge: ToolProvider | None = None,
        recorder: Recorder | None = None,
        url: str | None = None,
        local_server: Any | None = None,
        setup_timeout: float = 15.0,
        playback: PlaybackTracker | None = None,
        clock: Clock | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.config = config or RealtimeConfig()
        self.bridge = bridge
        self.recorder = recorder
        self._url = url
        named = model_from_url(url)  # a URL that names a model decides the session's model (and so its price)
        if named and named != self.config.model:
            log.info("model %s from the URL replaces %s", named, self.config.model)
            self.config = _with(self.config, model=named)
        self._server = local_server
        self._stack = contextlib.AsyncExitStack()  # the local server the session started, if any
        self._setup_timeout = setup_timeout
        self.clock: Clock = clock or MonotonicClock()
        self.playback: PlaybackTracker = playback or EstimatedPlayback()
        self.conversation = Conversation()
        self._functions: dict[str, tuple[dict[str, Any], ToolFunction]] = {}
        self._conn: Connection | None = None
        self._connections = 0
        self._handlers: dict[str, list[Handler]] = {}
        self._observers: list[Observer] = []
        self._connection_info: list[tuple[str | None, str | None]] = []
        self._tasks = TaskOwner(log, "session task")
        self._ready = asyncio.Event()
        self._changed = asyncio.Event()
        self._swapped = asyncio.Event()  # a new connection replaced the current one
        rng = rng or random.Random()
        self._requests = ResponseRequests(
            self.clock,
            self.config.reconnect,
            rng,
            self._send_response_create,
            self._changed,
            self._spawn,
            busy=lambda: self._conn is not None and bool(self._conn.responses.active),
        )
        self._calls = CallRunner(
            bridge, self._functions, self._send_output, self._requests.create, self._record_call, self._spawn
        )
        self._closing = False
        self._fatal: BaseException | None = None
        self.supervisor = Supervisor(self, rng)
        """Reconnects and renewals (:mod:`rtkit.session.supervisor`)."""
        self._sent_types: OrderedDict[str, str] = OrderedDict()  # event_id -> type, for error reports
        self._audio_errors = 0
        self.text_fallback = False
        """Audio kept failing: the session went on in text."""
        self.unhandled_errors: list[dict[str, Any]] = []
        """Server errors the session could not act on (invalid requests, server errors): worth a look."""
        self.ledger = InputLedger()
        """The user's audio on the source's clock: streamed, confirmed, kept for resending."""
        self.input_record = AudioRecord()
        """Everything streamed as the user's voice, on the audio source's clock, kept on disk."""
        self._playing: str | None = None
        self._events: dict[str, EventHandler] = {
            ev.SESSION_CREATED: self._created,
            ev.RESPONSE_CREATED: self._response_created,
            ev.FUNCTION_ARGS_DONE: self._start_call,
            ev.RESPONSE_DONE: self._response_done,
            ev.AUDIO_DELTA: self._audio_delta,
            ev.SPEECH_STARTED: self._barge_in,
            ev.SPEECH_STOPPED: self._speech_stopped,
            ev.AUDIO_COMMITTED: self._committed,
            ev.TRANSCRIPTION_COMPLETED: self._transcribed,
            ev.AUDIO_TRANSCRIPT_DONE: self._output_done,
            ev.TEXT_DONE: self._output_done,
            ev.RATE_LIMITS_UPDATED: lambda conn, event: self._requests.rate_limited(event),
            ev.ERROR: self._on_error,
        }
        """The session's own handling of each server event type (the user's ``on`` handlers run after it)."""

    # -- tools ---------------------------------------------------------------------------------------------------
    def add_function(
        self, name: str, fn: ToolFunction, description: str = "", parameters: dict[str, Any] | None = None
    ) -> None:
        """Offer a Python function as a tool (alongside MCP tools); it gets the parsed arguments."""
        tool = {
            "type": "function",
            "name": name,
            "description": description,
            "parameters": parameters or {"type": "object", "properties": {}},
        }
        self._functions[name] = (tool, fn)

    def tools(self) -> list[dict[str, Any]]:
        """The function tools sent in ``session.update``."""
        tools = list(self.bridge.tools()) if self.bridge is not None else []
        return tools + [tool for tool, _ in self._functions.values()]

    # -- public view -----------------------------------------------------------------------------------------------
    @property
    def client(self) -> RealtimeClient | None:
        """The current connection (replaced on reconnect and renewal)."""
        return self._conn.client if self._conn is not None else None

    @property
    def result(self) -> SessionResult:
        c = self.conversation
        return SessionResult(
            transcript=c.transcript,
            tool_calls=c.tool_calls,
            errors=c.errors,
            responses=c.responses,
            assistant_record=c.assistant_record,
            connections=self._connections,
            reconnects=self.reconnects,
            renewals=self.renewals,
            text_fallback=self.text_fallback,
        )

    @property
    def text_mode(self) -> bool:
        """Output in text (configured, or after the audio fallback)."""
        return self.text_fallback or self.config.output_modality == "text"

    @property
    def reconnects(self) -> int:
        """Connections that replaced a dropped one."""
        return self.supervisor.reconnects

    @property
    def renewals(self) -> int:
        """Connections that replaced one near (or at) the server's session limit."""
        return self.supervisor.renewals

    @property
    def input_offset_ms(self) -> float:
        """Where the current connection's input-audio clock starts on the audio source's clock (0 until a
        reconnect or renewal resends audio from a later point)."""
        return self._conn.stream_offset_ms if self._conn is not None else 0.0

    def on(self, event_type: str, handler: Handler) -> Callable[[], None]:
        """Call ``handler(event)`` for each server event of ``event_type`` (``"*"``: all), on every connection."""
        self._handlers.setdefault(event_type, []).append(handler)
        return lambda: self._handlers[event_type].remove(handler)

    def connection_ids(self) -> list[tuple[str | None, str | None]]:
        """``(session id, model)`` of each connection the conversation used, in order."""
        return list(self._connection_info)

    async def carry_over(self, summary: str) -> None:
        """Start from an earlier conversation's summary (a system item the model sees, kept for renewals)."""
        if self._conn is None:
            raise SessionError("the session is not started: use 'async with RealtimeSession(...)'")
        await self._ready.wait()
        self.conversation.summaries.append(summary)
        self.conversation.add(Item("summary", text=summary, connection=self._conn.index))
        await self._conn.client.create_item(protocol.system_text_item(summary_text(summary)))

    def add_observer(self, observer: Observer) -> None:
        """Call ``observer(direction, event, t, nbytes, in_ms, out_ms)`` for every event of every connection
        (sent, received and local), like the metrics recorder."""
        self._observers.append(observer)
        if self._conn is not None:
            self._conn.client.add_observer(observer)

    def mark(self, event_type: str, **fields: Any) -> None:
        """Put a local event (``rtkit.playback.start``, ...) on the recorder's timeline, stamped now."""
        if self._conn is not None:
            self._conn.client.mark(event_type, **fields)

    # -- lifecycle ---------------------------------------------------------------------------------------------------
    async def __aenter__(self) -> RealtimeSession:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def start(self) -> None:
        """Connect, set up the session (settings and tools) and start watching the connection."""
        try:
            await self._start_server()
            await self._open()
        except BaseException:
            await self.close()
            raise
        self._spawn(self.supervisor.watch())

    async def _start_server(self) -> None:
        if self._url is None and self._server is not None and self.config.uses_local_server:
            self._url = self._server.url  # the caller's local server
        self._url = await self._stack.enter_async_context(ensure_server(self.config, self._url))

    async def close(self) -> None:
        """Close the connection, cancel every task the session started, stop the local server it started."""
        self._closing = True
        self._changed.set()
        self._calls.cancel_all()
        if self._conn is not None:
            self._conn.closing = True
            await self._conn.client.close()
        await self._tasks.cancel_all()
        await self._stack.aclose()

    def _spawn(self, coro: Awaitable[Any]) -> asyncio.Task[Any]:
        return self._tasks.spawn(coro)

    async def renew(self, reason: str = "requested") -> None:
        """Move the conversation to a new connection now: summary, then the recent turns verbatim."""
        await self.supervisor.renew(reason)

    # -- connections ---------------------------------------------------------------------------------------------
    async def _open(
        self,
        seed: list[dict[str, Any]] | None = None,
        cause: str | None = None,
        prepare: Prepare | None = None,
    ) -> Connection:
        """Open a connection, set the session up, replay ``seed`` items (or run ``prepare``), resend unconfirmed
        audio, then let input and responses flow."""
        self._ready.clear()
        client = RealtimeClient(self.config, url=self._url, buffer_events=False)
        if self.recorder is not None:
            client.add_observer(self.recorder.observe)
        client.add_observer(self._observe_sent)
        for observer in self._observers:
            client.add_observer(observer)
        conn = Connection(
            index=self._connections,
            client=client,
            stream_offset_ms=self.ledger.resend_start(),
            created=asyncio.get_running_loop().create_future(),
        )
        client.on("*", lambda event: self._on_event(conn, event))
        await client.connect()
        self._playing = None  # items of the old connection cannot be truncated on this one
        self._conn = conn
        self._connections += 1
        self._swapped.set()
        try:
            created = await asyncio.wait_for(asyncio.shield(conn.created), self._setup_timeout)
        except TimeoutError:
            await client.close()
            raise SessionError(f"no session.created from {client.url} within {self._setup_timeout} s") from None
        session = created.get("session") or {}
        self._connection_info.append((session.get("id"), session.get("model")))
        log.info("connection %d: session %s created (model %s)", conn.index, session.get("id"), session.get("model"))
        expires_at = session.get("expires_at")
        if isinstance(expires_at, int | float) and expires_at > 0:
            conn.expires_at, conn.created_at = float(expires_at), time.time()
        server_model = session.get("model")
        if server_model and server_model != self.config.model:
            log.info("server reports model %s (configured %s): using it", server_model, self.config.model)
            self.config = _with(self.config, model=server_model)
        await conn.await_ack(await client.send(self._session_update()), ev.SESSION_UPDATED, self._setup_timeout)
        if seed:
            await conn.replay(seed, cause)
            for call in self.conversation.tool_calls:  # outputs carried in the replay count as sent
                if call.finished:
                    call.output_sent = True
        for unsent in self.conversation.items:  # input that never reached the old connection
            if not unsent.sent and unsent.text:
                await client.create_item(protocol.user_text_item(unsent.text))
                unsent.sent = True
        if prepare is not None:
            await prepare(conn)
        self._add_labels(conn, self.ledger.labels)
        await self._resend_audio(conn)
        self._ready.set()
        self._changed.set()
        self.supervisor.schedule_renewal(conn)
        return conn

    def _session_update(self) -> dict[str, Any]:
        config = _with(self.config, output_modality="text") if self.text_mode else self.config
        return config.to_session_update(tools=self.tools())

    def _observe_sent(self, direction: str, event: Any, t: float, nbytes: int, in_ms: float, out_ms: float) -> None:
        if direction == "sent" and event.get("event_id"):
            self._sent_types[event["event_id"]] = event.get("type", "")
            if len(self._sent_types) > 256:
                self._sent_types.popitem(last=False)

    def _fail(self, exc: BaseException) -> None:
        """The connection is lost for good: every waiter sees ``exc``."""
        log.error("session failed: %s", exc)
        self._fatal = exc
        self._ready.set()  # release waiters so they see the failure
        self._changed.set()
        self._swapped.set()

    def _connection_lost(self, conn: Connection) -> None:
        """Forget what died with the socket; keep what the conversation has confirmed."""
        self._calls.cut()
        conn.responses.cut()
        unanswered = self.ledger.unanswered(self.conversation.items)
        if unanswered is not None:  # heard again from the resent audio
            self.conversation.forget_after(unanswered)

    def _calls_settled(self) -> bool:
        return self._calls.settled()

    # -- text fallback -------------------------------------------------------------------------------------------
    async def fallback_to_text(self, reason: str) -> None:
        """Go on in text: output ``text``, no more audio input. Marked ``rtkit.fallback.text``."""
        if self.text_fallback:
            return
        self.text_fallback = True
        log.warning("switching to text: %s", reason)
        self.mark(ev.FALLBACK_TEXT, reason=reason)
        if self._conn is not None and self._conn.client.is_open:
            await self._conn.client.send(self._session_update())

    # -- server events ---------------------------------------------------------------------------------------------
    def _on_event(self, conn: Connection, event: dict[str, Any]) -> None:
        etype = event.get("type", "")
        try:
            self._handle(conn, etype, event)
        except Exception:  # a bad event must not stop the session (and lose the rest of the run)
            log.exception("failed to handle %s", etype)
        if etype not in _STREAMING:  # deltas come inside an active response: they change nothing a waiter checks
            self._changed.set()
        run_handlers(self._handlers, etype, event, self._spawn, log)

    def _handle(self, conn: Connection, etype: str, event: dict[str, Any]) -> None:
        handler = self._events.get(etype)
        if handler is not None:
            handler(conn, event)

    def _created(self, conn: Connection, event: dict[str, Any]) -> None:
        if not conn.created.done():
            conn.created.set_result(event)

    def _response_created(self, conn: Connection, event: dict[str, Any]) -> None:
        if conn.responses.created(event.get("response") or {}):
            self._mark_responded()
            self._requests.refusals = 0

    def _speech_stopped(self, conn: Connection, event: dict[str, Any]) -> None:
        if event.get("item_id") is not None and event.get("audio_end_ms") is not None:
            conn.stopped_ms[event["item_id"]] = float(event["audio_end_ms"])

    def _committed(self, conn: Connection, event: dict[str, Any]) -> None:
        item_id = event.get("item_id")
        end_ms = conn.source_ms(item_id)
        self.conversation.add(Item("user_audio", item_id=item_id, connection=conn.index, audio_end_ms=end_ms))

    def _output_done(self, conn: Connection, event: dict[str, Any]) -> None:
        if not conn.responses.outside(event.get("response_id")):
            self._answered(conn, event.get("transcript", event.get("text")) or "", event.get("item_id"))

    def _unanswered(self) -> bool:
        """The latest user input has no response yet."""
        item = self.conversation.latest_input()
        return item is not None and not item.responded

    def _mark_responded(self) -> None:
        item = self.conversation.latest_input()
        if item is not None and not item.responded:
            item.responded = True
            self._update_confirmed(item)

    def _transcribed(self, conn: Connection, event: dict[str, Any]) -> None:
        text = event.get("transcript", "")
        item = self.conversation.find(event.get("item_id"), conn.index)
        if item is not None:
            item.text = text
            self._update_confirmed(item)
        self.conversation.line("user", text, event.get("item_id"), self.clock.monotonic(), conn.index)

    def _update_confirmed(self, item: Item) -> None:
        end_ms = confirmable(item, transcribing=bool(self.config.input_transcription_model))
        if end_ms is not None:
            self.ledger.confirm(end_ms)

    def _answered(self, conn: Connection, text: str, item_id: str | None) -> None:
        """An answer is complete once its text is: it is part of the conversation even if the connection drops
        before ``response.done`` (so it is never asked for twice)."""
        self.conversation.line("assistant", text, item_id, self.clock.monotonic(), conn.index)
        if text.strip():
            self.conversation.add(Item("assistant", text=text.strip(), item_id=item_id, connection=conn.index))

    def _on_error(self, conn: Connection, event: dict[str, Any]) -> None:
        self.conversation.errors.append(event)
        err = protocol.error_fields(event)
        failed = err.get("event_id")
        kind = recovery.error_kind(event)
        cause = self._sent_types.get(failed or "", "")
        refused = conn.responses.refused(failed)  # an error answering response.create: no response will come
        if kind == "rate_limit":
            self._requests.refusals += 1
            # ask again for a refused request, or for the response the server's VAD would have started
            if refused or (failed is None and self._unanswered()):
                self._requests.request(retry=True)
        if kind == "audio":
            self._audio_errors += 1
            if self._audio_errors >= self.config.reconnect.audio_errors_for_text_fallback:
                self._spawn(
                    self.fallback_to_text(f"{self._audio_errors} audio errors ({protocol.error_message(event)})")
                )
        elif kind in ("invalid_request", "server"):
            self.unhandled_errors.append(event)
            log.warning("server refused %s: %s", cause or "an event", protocol.error_message(event))

    def _audio_delta(self, conn: Connection, event: dict[str, Any]) -> None:
        # G.711 on the wire: kept as 24 kHz PCM16 like the rest
        pcm = audio.to_pcm16_bytes(protocol.decode_audio_delta(event), self.config.output_format)
        self.conversation.add_assistant_audio(pcm)
        item_id = event.get("item_id") or ""
        self.playback.received(item_id, len(pcm), self.clock.monotonic())
        self._playing = item_id

    def _barge_in(self, conn: Connection, event: dict[str, Any]) -> None:
        """The user spoke over the assistant: truncate its item at the ms the listener actually heard."""
        item_id, self._playing = self._playing, None
        if item_id is None or self._conn is None:
            return
        played = self.playback.played_ms(item_id, self.clock.monotonic())
        if played < self.playback.received_ms(item_id):
            self._spawn(sent(self._conn.client.truncate_item(item_id, int(played))))

    # -- function calls ------------------------------------------------------------------------------------------
    def _start_call(self, conn: Connection, event: dict[str, Any]) -> None:
        rid = event.get("response_id") or ""
        if conn.responses.outside(rid):
            return
        record = ToolCallRecord(
            event["call_id"], event.get("name", ""), event.get("arguments", ""), rid, connection=conn.index
        )
        if self._calls.start(record):
            self.conversation.tool_calls.append(record)
            self.conversation.add(
                Item("function_call", item_id=event.get("item_id"), connection=conn.index, call=record)
            )

    async def _send_output(self, record: ToolCallRecord) -> None:
        while not record.output_sent:
            conn = await self._usable()
            if conn is None or record.output_sent:  # failed, closing, or carried by a replay meanwhile
                return
            try:
                await conn.client.send_function_output(record.call_id, record.output)
                record.output_sent = True
            except SEND_ERRORS:  # the connection dropped while sending: the replay carries it
                log.info("connection dropped while sending the output of %s; the next one carries it", record.name)
                self._ready.clear()  # set again by the supervisor once a connection is back
                await asyncio.sleep(0)
            except Exception as exc:
                self._send_failed("sending a function output", exc)
                return

    def _record_call(self, record: ToolCallRecord, result: ToolResult) -> None:
        if self.recorder is not None:
            self.recorder.record_tool_call(record.call_id, record.name, result)

    def _response_done(self, conn: Connection, event: dict[str, Any]) -> None:
        response = event.get("response") or {}
        rid = response.get("id", "")
        self.conversation.responses.append(response)
        if conn.responses.done(rid):
            self._calls.response_done(rid, cancelled=response.get("status") == "cancelled")

    async def _send_response_create(self) -> None:
        conn = await self._usable()
        if conn is None:
            return
        try:
            request = await conn.client.create_response()
        except SEND_ERRORS:  # dropped while sending: the restore decides whether it is still owed
            return
        except Exception as exc:
            self._send_failed("sending response.create", exc)
            return
        conn.responses.requested(request["event_id"])
        self._changed.set()

    def _send_failed(self, what: str, exc: Exception) -> None:
        """A send failed for a reason other than a dropped connection: a bug. It goes into
        ``unhandled_errors`` with its traceback and ends the session's waits with it, instead of a timeout."""
        log.error("%s failed", what, exc_info=exc)
        trace = "".join(traceback.format_exception(exc))
        error = {"type": "internal_error", "code": type(exc).__name__, "message": f"{what}: {exc}", "traceback": trace}
        self.unhandled_errors.append({"type": "rtkit.internal_error", "error": error})
        if self._fatal is None:
            self._fatal = exc
        self._ready.set()  # release waiters so they see the failure
        self._changed.set()

    async def _usable(self) -> Connection | None:
        """The current connection once it is ready; None when the session failed or is closing."""
        await self._ready.wait()
        if self._fatal is not None or self._closing:
            return None
        return self._conn

    # -- waiting -----------------------------------------------------------------------------------------------------
    def is_idle(self) -> bool:
        """Connected, no response active or requested, and every function call answered and followed up."""
        conn = self._conn
        if conn is None or self.supervisor.recovering or not self._ready.is_set() or not conn.client.is_open:
            return False  # a closed connection is not idle: the supervisor is about to recover it
        if conn.responses.busy() or self._requests.owed:
            return False
        return self._calls.settled()

    async def wait_idle(self, quiet_s: float = 0.4, timeout: float = 60.0) -> None:
        """Wait until the session is idle and the server has been quiet for ``quiet_s`` (VAD may still fire).

        Raises :class:`SessionError` when the connection was lost and could not be recovered.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if self._fatal is not None:
                raise SessionError(str(self._fatal)) from self._fatal
            if self._closing:
                return
            remaining = deadline - loop.time()
            if remaining <= 0:
                active = len(self._conn.responses.active) if self._conn else 0
                raise TimeoutError(f"session still busy after {timeout} s ({active} active responses)")
            self._changed.clear()
            if self.is_idle():
                if quiet_s <= 0:
                    return
                try:
                    await asyncio.wait_for(self._changed.wait(), min(quiet_s, remaining))
                except TimeoutError:
                    if self.is_idle():
                        return
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)


def _with(config: RealtimeConfig, **changes: Any) -> RealtimeConfig:
    """A copy of ``config`` with some fields changed (already validated values: no re-validation)."""
    out = copy.copy(config)
    for name, value in changes.items():
        setattr(out, name, value)
    return out
