"""``RealtimeSession``: a conversation that outlives its connection.

The session owns the :class:`~rtkit.session.conversation.Conversation` (items, transcript, tool calls, audio) and
replaces its connection (a :class:`~rtkit.RealtimeClient`) when needed:

- **reconnect**: a close the user did not ask for, or a network error, is retried with exponential backoff and
  jitter; the new connection gets ``session.update`` (settings and tools), the conversation replayed as items, the
  unfinished response requested again, tool outputs not yet sent, and the user's audio resent from the last
  position the server had answered (neither from the start nor skipping);
- **renewal** before the server's session limit (or on an unexpected ``session_expired``): after the active response
  and its tools finish, an out-of-band response summarises the conversation, and a new connection starts from the
  summary plus the most recent turns verbatim;
- **text fallback** when audio keeps failing: output and input go on in text.

Every change is a local event on the recorder's timeline (``rtkit.reconnect``, ``rtkit.renewal``,
``rtkit.fallback.text``); every task the session starts is owned and cancelled on close. With no API key and no URL
the session starts rtkit's local Realtime server in-process.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
import random
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from websockets.exceptions import ConnectionClosed

from rtkit import audio
from rtkit.config import RealtimeConfig
from rtkit.realtime import events as ev
from rtkit.realtime import protocol
from rtkit.realtime.client import Observer, RealtimeClient, RealtimeConnectionError
from rtkit.realtime.endpoints import model_from_url
from rtkit.session import recovery
from rtkit.session.calls import CallRunner
from rtkit.session.clock import Clock, MonotonicClock
from rtkit.session.conversation import Conversation, Item, ToolCallRecord, TranscriptLine, summary_text
from rtkit.session.playback import EstimatedPlayback, PlaybackTracker
from rtkit.session.record import AudioRecord
from rtkit.session.sources import AudioSource, FileSource
from rtkit.tasks import TaskOwner
from rtkit.tools import ToolFunction, ToolProvider, ToolResult

log = logging.getLogger("rtkit.session")

MAX_RESEND_MS = 60_000.0
"""At most this much unanswered audio is kept to resend after a drop."""

Handler = Callable[[dict[str, Any]], Any]

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


class SessionError(RuntimeError):
    """The session could not be set up or could not recover (the message says which step failed and why)."""


class Recorder(Protocol):
    """What the session needs of a metrics recorder (``MetricsRecorder`` is one)."""

    def observe(self, direction: str, event: Any, t: float, nbytes: int, in_ms: float, out_ms: float) -> None: ...

    def record_tool_call(self, call_id: str, name: str, result: Any) -> None: ...

    def add_speech_labels(
        self, segments_ms: Sequence[tuple[float, float]], offset_ms: float = 0.0, conn: int | None = None
    ) -> None: ...


@dataclass
class SessionResult:
    """What a run produced: transcript, tool calls, server errors, responses, and the assistant's audio."""

    transcript: list[TranscriptLine] = field(default_factory=list)
    tool_calls: list[ToolCallRecord] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)
    """``response.done`` payloads (status, usage, output items)."""
    assistant_record: AudioRecord | None = None
    """The assistant's speech, on disk (``assistant_audio`` reads it)."""
    connections: int = 0
    """Connections the conversation used (1 + reconnects + renewals)."""
    reconnects: int = 0
    renewals: int = 0
    text_fallback: bool = False
    """The session switched to text because audio kept failing."""

    @property
    def assistant_audio(self) -> np.ndarray:
        """All assistant audio received, 24 kHz int16, in order (read from disk on each access)."""
        if self.assistant_record is None:
            return np.zeros(0, dtype=np.int16)
        return self.assistant_record.read()


@dataclass
class _Connection:
    """What dies with a socket: the server's view of responses and the audio it has heard."""

    index: int
    client: RealtimeClient
    stream_offset_ms: float
    """Where this connection's input-audio clock 0 sits on the audio source's clock."""
    created: asyncio.Future[dict[str, Any]]
    active: set[str] = field(default_factory=set)
    """Responses created and not done."""
    awaiting: list[str] = field(default_factory=list)
    """event_ids of ``response.create`` sent and not answered yet."""
    stopped_ms: dict[str, float] = field(default_factory=dict)
    """speech_stopped ``audio_end_ms`` by item id."""
    expires_at: float | None = None
    created_at: float | None = None
    closing: bool = False
    """The session closes it on purpose (renewal, close)."""
    out_of_band: set[str] = field(default_factory=set)
    """Responses outside the conversation (summaries)."""


class RealtimeSession:
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
        self._owns_server = False
        self._setup_timeout = setup_timeout
        self.clock: Clock = clock or MonotonicClock()
        self._rng = rng or random.Random()
        self.playback: PlaybackTracker = playback or EstimatedPlayback()
        self.conversation = Conversation()
        self._functions: dict[str, tuple[dict[str, Any], ToolFunction]] = {}
        self._calls = CallRunner(
            bridge, self._functions, self._send_output, self._follow_up, self._record_call, self._spawn
        )
        self._conn: _Connection | None = None
        self._connections = 0
        self._handlers: dict[str, list[Handler]] = {}
        self._observers: list[Observer] = []
        self._connection_info: list[tuple[str | None, str | None]] = []
        self._tasks = TaskOwner(log, "session task")
        self._ready = asyncio.Event()
        self._changed = asyncio.Event()
        self._swapped = asyncio.Event()  # a new connection replaced the current one
        self._recovering = False
        self._closing = False
        self._fatal: BaseException | None = None
        self._supervisor: asyncio.Task[None] | None = None
        self._renewal_task: asyncio.Task[None] | None = None
        self._renew_lock = asyncio.Lock()
        self._sent_types: OrderedDict[str, str] = OrderedDict()  # event_id -> type, for error reports
        self._rate_until = 0.0
        self._refusals = 0  # rate-limit refusals since the last response started: the retry's backoff attempt
        self._requesting = 0  # response.create owed or being sent, not yet in a connection's awaiting list
        self._audio_errors = 0
        self.text_mode = self.config.output_modality == "text"
        """Output in text (configured, or after the audio fallback)."""
        self.text_fallback = False
        self.unhandled_errors: list[dict[str, Any]] = []
        """Server errors the session could not act on (invalid requests, server errors): worth a look."""
        self.reconnects = 0
        self.renewals = 0
        # the audio source's clock: ms streamed since the session began, and what may need resending
        self._stream_ms = 0.0
        self._confirmed_ms = 0.0
        self._rewind: deque[tuple[float, np.ndarray]] = deque()
        self.input_record = AudioRecord()
        """Everything streamed as the user's voice, on the audio source's clock, kept on disk."""
        self._labels: list[tuple[list[tuple[float, float]], float]] = []
        self._playing: str | None = None

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
        self._supervisor = self._spawn(self._supervise())

    async def _start_server(self) -> None:
        if self._url is None and self.config.uses_local_server and self._server is None:
            from rtkit.local import LocalRealtimeServer

            self._server = LocalRealtimeServer()
            self._owns_server = True
            await self._server.__aenter__()

    def _target_url(self) -> str | None:
        if self._url is not None:
            return self._url
        return self._server.url if self._server is not None and self.config.uses_local_server else None

    async def close(self) -> None:
        """Close the connection, cancel every task the session started, stop the local server it started."""
        self._closing = True
        self._changed.set()
        self._calls.cancel_all()
        if self._conn is not None:
            self._conn.closing = True
            await self._conn.client.close()
        await self._tasks.cancel_all()
        if self._owns_server and self._server is not None:
            await self._server.__aexit__(None, None, None)
            self._server = None

    def _spawn(self, coro: Awaitable[Any]) -> asyncio.Task[Any]:
        return self._tasks.spawn(coro)

    # -- connections ---------------------------------------------------------------------------------------------
    async def _open(
        self,
        seed: list[dict[str, Any]] | None = None,
        cause: str | None = None,
        prepare: Callable[[_Connection], Awaitable[None]] | None = None,
    ) -> _Connection:
        """Open a connection, set the session up, replay ``seed`` items (or run ``prepare``), resend unconfirmed
        audio, then let input and responses flow."""
        self._ready.clear()
        client = RealtimeClient(self.config, url=self._target_url(), buffer_events=False)
        if self.recorder is not None:
            client.add_observer(self.recorder.observe)
        client.add_observer(self._observe_sent)
        for observer in self._observers:
            client.add_observer(observer)
        conn = _Connection(
            index=self._connections,
            client=client,
            stream_offset_ms=self._resend_start(),
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
        await self._await_ack(conn, await client.send(self._session_update()), ev.SESSION_UPDATED)
        if seed:
            client.mark(ev.REPLAY_START, items=len(seed), cause=cause)
            for item in seed:
                await client.create_item(item)
            for call in self.conversation.tool_calls:  # outputs carried in the replay count as sent
                if call.finished:
                    call.output_sent = True
            client.mark(ev.REPLAY_END)
        for item in self.conversation.items:  # input that never reached the old connection
            if not item.sent and item.text:
                await client.create_item(protocol.user_text_item(item.text))
                item.sent = True
        if prepare is not None:
            await prepare(conn)
        self._add_labels(conn)
        await self._resend_audio(conn)
        self._ready.set()
        self._changed.set()
        self._schedule_renewal(conn)
        return conn

    def _session_update(self) -> dict[str, Any]:
        config = _with(self.config, output_modality="text") if self.text_mode else self.config
        return config.to_session_update(tools=self.tools())

    async def _await_ack(self, conn: _Connection, sent: dict[str, Any], ack_type: str) -> dict[str, Any]:
        """Wait for ``ack_type``, or raise if the server answers the sent event with an error."""
        client = conn.client
        ack = asyncio.ensure_future(client.wait_for(ack_type, timeout=self._setup_timeout))
        err = asyncio.ensure_future(
            client.wait_for(
                ev.ERROR,
                lambda e: protocol.error_fields(e).get("event_id") == sent["event_id"],
                timeout=self._setup_timeout,
            )
        )
        done, pending = await asyncio.wait({ack, err}, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        first = done.pop()
        if first is err:
            if err.exception() is None:
                raise SessionError(f"{sent['type']} rejected: {protocol.error_message(err.result())}")
        elif first.exception() is None:
            return first.result()
        raise SessionError(f"no {ack_type} from {client.url} within {self._setup_timeout} s")

    def _observe_sent(self, direction: str, event: Any, t: float, nbytes: int, in_ms: float, out_ms: float) -> None:
        if direction == "sent" and event.get("event_id"):
            self._sent_types[event["event_id"]] = event.get("type", "")
            if len(self._sent_types) > 256:
                self._sent_types.popitem(last=False)

    # -- supervision: drops, expiry ----------------------------------------------------------------------------
    async def _supervise(self) -> None:
        while not self._closing:
            conn = self._conn
            assert conn is not None
            code, reason = await conn.client.wait_closed()
            if self._closing:
                return
            if conn.closing:  # replaced on purpose (renewal): watch the new one once it is there
                while self._conn is conn and not self._closing and self._fatal is None:
                    self._swapped.clear()
                    await self._swapped.wait()
                if self._fatal is not None:
                    return
                continue
            cause = recovery.close_cause(code, reason, conn.client.errors)
            if cause is None:
                self._fail(SessionError(f"the server closed the session ({code} {reason})".strip()))
                return
            self._recovering = True
            self._ready.clear()
            self._changed.set()
            self._connection_lost(conn)
            try:
                if cause == "expired" and self.config.renewal.enabled:
                    await self._renew_after_expiry(conn)
                elif self.config.reconnect.enabled:
                    await self._reconnect(conn, _describe_close(cause, code, reason))
                else:
                    raise SessionError(f"connection lost ({_describe_close(cause, code, reason)}) and reconnect is off")
            except asyncio.CancelledError:
                raise
            except BaseException as exc:
                self._fail(exc)
                return
            finally:
                self._recovering = False
                self._changed.set()

    def _fail(self, exc: BaseException) -> None:
        log.error("session failed: %s", exc)
        self._fatal = exc
        self._ready.set()  # release waiters so they see the failure
        self._changed.set()
        self._swapped.set()

    def _connection_lost(self, conn: _Connection) -> None:
        """Forget what died with the socket; keep what the conversation has confirmed."""
        self._calls.cut()
        conn.active.clear()
        conn.awaiting.clear()
        # user input the server never answered is heard again from the resent audio
        for item in self.conversation.items:
            if item.kind == "user_audio" and item.audio_end_ms is not None and item.audio_end_ms > self._confirmed_ms:
                self.conversation.forget_after(item)
                break

    async def _reconnect(self, lost: _Connection, cause: str) -> None:
        policy = self.config.reconnect
        last: BaseException | None = None
        for attempt in range(1, policy.max_attempts + 1):
            delay = recovery.backoff_delay(attempt, policy, self._rng)
            lost.client.mark(ev.RECONNECT, attempt=attempt, delay_s=round(delay, 3), cause=cause)
            log.warning("connection lost (%s): reconnect attempt %d in %.2f s", cause, attempt, delay)
            await self.clock.sleep(delay)
            try:
                await self._open(seed=self.conversation.replay_items(), cause="reconnect")
            except (RealtimeConnectionError, SessionError, OSError) as exc:
                last = exc
                lost = self._conn or lost
                continue
            self.reconnects += 1
            self._resume_responses()
            return
        raise SessionError(f"connection lost ({cause}); {policy.max_attempts} reconnect attempts failed: {last}")

    def _resume_responses(self) -> None:
        """After a restore: request the response the conversation is owed, if no follow-up will send one."""
        items = [it for it in self.conversation.items if it.kind != "summary"]
        if not items or not self._calls.settled():
            return
        last = items[-1]
        owed = (last.kind in ("user_text", "user_audio") and last.text) or (
            last.kind == "function_call" and last.call is not None and last.call.finished
        )
        if owed:
            self._request_response()

    # -- renewal --------------------------------------------------------------------------------------------------
    def _schedule_renewal(self, conn: _Connection) -> None:
        if self._renewal_task is not None:
            self._renewal_task.cancel()
            self._renewal_task = None
        delay = recovery.renewal_delay(self.config.renewal, conn.created_at, conn.expires_at)
        if delay is not None:
            self._renewal_task = self._spawn(self._renew_at(conn, delay))

    async def _renew_at(self, conn: _Connection, delay: float) -> None:
        await self.clock.sleep(delay)
        if self._conn is conn and not self._closing:
            self._renewal_task = None  # renew() replaces the timer; do not cancel ourselves
            await self.renew(reason="deadline")

    async def renew(self, reason: str = "requested") -> None:
        """Move the conversation to a new connection now: summary, then the recent turns verbatim."""
        async with self._renew_lock:
            old = self._conn
            if old is None or self._closing:
                return
            with contextlib.suppress(TimeoutError):  # the active response and its tools finish first
                await self.wait_idle(quiet_s=0.0, timeout=self.config.renewal.summary_timeout_s)
            # the server may end the connection meanwhile (its limit, a drop): the supervisor recovers that one
            if not self._is_current(old):
                return
            try:
                summary = await self._summarize(old)
            except (ConnectionClosed, RealtimeConnectionError):
                return
            if not self._is_current(old):
                return
            old.client.mark(ev.RENEWAL, reason=reason, summary_chars=len(summary or ""), previous=old.index)
            self._ready.clear()
            old.closing = True
            await old.client.close()
            self._connection_lost(old)  # input not yet answered is heard again from the resent audio
            seed = self._renewal_seed(summary)
            self._recovering = True
            try:
                try:
                    await self._open(seed=seed, cause="renewal")
                except (RealtimeConnectionError, SessionError, OSError) as exc:  # retried like a drop
                    await self._reconnect(old, f"renewal failed: {exc}")
            except SessionError as exc:
                self._fail(exc)
                return
            finally:
                self._recovering = False
                self._changed.set()
            self.renewals += 1
            log.info("session renewed (%s): connection %d -> %d", reason, old.index, self._connections - 1)

    def _is_current(self, conn: _Connection) -> bool:
        """``conn`` is still the open connection, and no recovery has taken it over."""
        return self._conn is conn and conn.client.is_open and not self._recovering and not self._closing

    async def _renew_after_expiry(self, lost: _Connection) -> None:
        """The server ended the session: open a new one, summarise there from the items, seed it."""
        lost.client.mark(ev.RENEWAL, reason="expired", summary_chars=0, previous=lost.index)

        async def summarize_and_seed(conn: _Connection) -> None:
            seed = self._renewal_seed(await self._summarize(conn))
            conn.client.mark(ev.REPLAY_START, items=len(seed), cause="renewal")
            for item in seed:
                await conn.client.create_item(item)
            conn.client.mark(ev.REPLAY_END)

        await self._open(cause="renewal", prepare=summarize_and_seed)
        self.renewals += 1
        self._resume_responses()

    def _renewal_seed(self, summary: str | None) -> list[dict[str, Any]]:
        if summary:
            self.conversation.summaries.append(summary)
            self.conversation.add(Item("summary", text=summary, connection=self._connections))
        return self.conversation.replay_items(recent_turns=self.config.renewal.recent_turns)

    async def _summarize(self, conn: _Connection) -> str | None:
        """An out-of-band text response (``conversation: "none"``) summarising the conversation."""
        items = self.conversation.replay_items(recent_turns=None if not self.conversation.summaries else 10_000)
        if not items:
            return None
        done = asyncio.ensure_future(
            conn.client.wait_for(
                ev.RESPONSE_DONE,
                lambda e: ((e.get("response") or {}).get("metadata") or {}).get("purpose") == "rtkit.summary",
                timeout=self.config.renewal.summary_timeout_s,
            )
        )
        try:
            await conn.client.create_response(
                {
                    "conversation": "none",
                    "output_modalities": ["text"],
                    "instructions": recovery.SUMMARY_INSTRUCTIONS,
                    "input": items,
                    "metadata": {"purpose": "rtkit.summary"},
                }
            )
        except BaseException:
            done.cancel()
            raise
        try:
            response = (await done).get("response") or {}
        except (TimeoutError, asyncio.CancelledError):
            log.warning(
                "no summary within %s s: renewing with the recent turns only", self.config.renewal.summary_timeout_s
            )
            return None
        texts = [
            part.get("text") or part.get("transcript") or ""
            for out in response.get("output") or []
            for part in out.get("content") or []
        ]
        return " ".join(t for t in texts if t).strip() or None

    # -- text fallback -------------------------------------------------------------------------------------------
    async def fallback_to_text(self, reason: str) -> None:
        """Go on in text: output ``text``, no more audio input. Marked ``rtkit.fallback.text``."""
        if self.text_fallback:
            return
        self.text_fallback = True
        self.text_mode = True
        log.warning("switching to text: %s", reason)
        self.mark(ev.FALLBACK_TEXT, reason=reason)
        if self._conn is not None and self._conn.client.is_open:
            await self._conn.client.send(self._session_update())

    # -- server events ---------------------------------------------------------------------------------------------
    def _on_event(self, conn: _Connection, event: dict[str, Any]) -> None:
        etype = event.get("type", "")
        try:
            self._handle(conn, etype, event)
        except Exception:  # a bad event must not stop the session (and lose the rest of the run)
            log.exception("failed to handle %s", etype)
        if etype not in _STREAMING:  # deltas come inside an active response: they change nothing a waiter checks
            self._changed.set()
        for key in (etype, "*"):
            for handler in tuple(self._handlers.get(key, ())):
                try:
                    result = handler(event)
                    if asyncio.iscoroutine(result):
                        self._spawn(result)
                except Exception:
                    log.exception("session handler for %s failed", etype)

    def _handle(self, conn: _Connection, etype: str, event: dict[str, Any]) -> None:
        if etype == ev.SESSION_CREATED:
            if not conn.created.done():
                conn.created.set_result(event)
        elif etype == ev.RESPONSE_CREATED:
            response = event.get("response") or {}
            rid = response.get("id", "")
            if (response.get("metadata") or {}).get("purpose") == "rtkit.summary":
                conn.out_of_band.add(rid)
            else:
                conn.active.add(rid)
                self._mark_responded(conn)
                self._refusals = 0
            if conn.awaiting:
                conn.awaiting.pop(0)
        elif etype == ev.FUNCTION_ARGS_DONE:
            self._start_call(conn, event)
        elif etype == ev.RESPONSE_DONE:
            self._response_done(conn, event.get("response") or {})
        elif etype == ev.AUDIO_DELTA:
            self._on_audio_delta(event)
        elif etype == ev.SPEECH_STARTED:
            self._barge_in()
        elif etype == ev.SPEECH_STOPPED:
            if event.get("item_id") is not None and event.get("audio_end_ms") is not None:
                conn.stopped_ms[event["item_id"]] = float(event["audio_end_ms"])
        elif etype == ev.AUDIO_COMMITTED:
            item_id = event.get("item_id")
            end = conn.stopped_ms.get(item_id or "")
            end_ms = conn.stream_offset_ms + (end if end is not None else conn.client.in_ms)
            self.conversation.add(Item("user_audio", item_id=item_id, connection=conn.index, audio_end_ms=end_ms))
        elif etype == ev.TRANSCRIPTION_COMPLETED:
            self._transcribed(conn, event)
        elif etype in (ev.AUDIO_TRANSCRIPT_DONE, ev.TEXT_DONE):
            if event.get("response_id") not in conn.out_of_band:
                self._answered(conn, event.get("transcript", event.get("text")) or "", event.get("item_id"))
        elif etype == ev.RATE_LIMITS_UPDATED:
            wait = recovery.rate_limit_wait(event)
            if wait > 0:
                self._rate_until = self.clock.monotonic() + wait
        elif etype == ev.ERROR:
            self._on_error(conn, event)

    def _unanswered(self) -> bool:
        """The latest user input has no response yet."""
        for item in reversed(self.conversation.items):
            if item.kind in ("user_audio", "user_text"):
                return not item.responded
        return False

    def _mark_responded(self, conn: _Connection) -> None:
        for item in reversed(self.conversation.items):
            if item.kind in ("user_audio", "user_text"):
                if not item.responded:
                    item.responded = True
                    self._update_confirmed(item)
                return

    def _transcribed(self, conn: _Connection, event: dict[str, Any]) -> None:
        text = event.get("transcript", "")
        item = self.conversation.find(event.get("item_id"), conn.index)
        if item is not None:
            item.text = text
            self._update_confirmed(item)
        self.conversation.line("user", text, event.get("item_id"), self.clock.monotonic(), conn.index)

    def _update_confirmed(self, item: Item) -> None:
        """User audio is confirmed once the server has answered it and its transcript is known."""
        if item.kind != "user_audio" or item.audio_end_ms is None or not item.responded:
            return
        if item.text is None and self.config.input_transcription_model:
            return
        self._confirmed_ms = max(self._confirmed_ms, item.audio_end_ms)
        while self._rewind and self._rewind[0][0] + len(self._rewind[0][1]) / 24.0 <= self._confirmed_ms:
            self._rewind.popleft()

    def _answered(self, conn: _Connection, text: str, item_id: str | None) -> None:
        """An answer is complete once its text is: it is part of the conversation even if the connection drops
        before ``response.done`` (so it is never asked for twice)."""
        self.conversation.line("assistant", text, item_id, self.clock.monotonic(), conn.index)
        if text.strip():
            self.conversation.add(Item("assistant", text=text.strip(), item_id=item_id, connection=conn.index))

    def _on_error(self, conn: _Connection, event: dict[str, Any]) -> None:
        self.conversation.errors.append(event)
        err = protocol.error_fields(event)
        failed = err.get("event_id")
        kind = recovery.error_kind(event)
        cause = self._sent_types.get(failed or "", "")
        if kind == "rate_limit":
            self._refusals += 1
        if failed in conn.awaiting:  # that response.create was refused: no response will come
            conn.awaiting.remove(failed)
            if kind == "rate_limit":
                self._request_response(retry=True)
        elif kind == "rate_limit" and failed is None and self._unanswered():
            self._request_response(retry=True)  # the server refused the response its VAD would have started
        if kind == "audio":
            self._audio_errors += 1
            if self._audio_errors >= self.config.reconnect.audio_errors_for_text_fallback:
                self._spawn(
                    self.fallback_to_text(f"{self._audio_errors} audio errors ({protocol.error_message(event)})")
                )
        elif kind in ("invalid_request", "server"):
            self.unhandled_errors.append(event)
            log.warning("server refused %s: %s", cause or "an event", protocol.error_message(event))

    def _on_audio_delta(self, event: dict[str, Any]) -> None:
        pcm = protocol.decode_audio_delta(event)
        if self.config.output_format != "audio/pcm":  # G.711 on the wire: keep 24 kHz PCM16 like the rest
            fmt = {"type": self.config.output_format, "rate": 24000}
            pcm = audio.decode_audio(pcm, fmt).astype("<i2", copy=False).tobytes()
        self.conversation.add_assistant_audio(pcm)
        item_id = event.get("item_id") or ""
        self.playback.received(item_id, len(pcm), self.clock.monotonic())
        self._playing = item_id

    def _barge_in(self) -> None:
        """The user spoke over the assistant: truncate its item at the ms the listener actually heard."""
        item_id, self._playing = self._playing, None
        if item_id is None or self._conn is None:
            return
        played = self.playback.played_ms(item_id, self.clock.monotonic())
        if played < self.playback.received_ms(item_id):
            self._spawn(_sent(self._conn.client.truncate_item(item_id, int(played))))

    # -- function calls ------------------------------------------------------------------------------------------
    def _start_call(self, conn: _Connection, event: dict[str, Any]) -> None:
        rid = event.get("response_id") or ""
        if rid in conn.out_of_band:
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
            await self._ready.wait()
            if self._fatal is not None or self._closing or self._conn is None:
                return
            if record.output_sent:  # carried by a replay meanwhile
                return
            try:
                await self._conn.client.send_function_output(record.call_id, record.output)
                record.output_sent = True
            except Exception:  # the connection dropped while sending: the replay carries it
                self._ready.clear()
                await asyncio.sleep(0)

    def _record_call(self, record: ToolCallRecord, result: ToolResult) -> None:
        if self.recorder is not None:
            self.recorder.record_tool_call(record.call_id, record.name, result)

    async def _follow_up(self) -> None:
        await self._create_response()

    def _response_done(self, conn: _Connection, response: dict[str, Any]) -> None:
        rid = response.get("id", "")
        conn.active.discard(rid)
        if rid in conn.out_of_band:
            conn.out_of_band.discard(rid)
            self.conversation.responses.append(response)
            return
        self.conversation.responses.append(response)
        self._calls.response_done(rid, cancelled=response.get("status") == "cancelled")

    def _request_response(self, retry: bool = False) -> None:
        """Ask for a response from a callback: counted as owed at once, so the session is not idle meanwhile."""
        self._requesting += 1
        self._spawn(self._create_response(retry=retry, counted=True))

    async def _create_response(self, retry: bool = False, counted: bool = False) -> None:
        """Send ``response.create`` on the current connection, honouring rate limits."""
        if not counted:
            self._requesting += 1
        try:
            await self._send_response_create(retry)
        finally:
            self._requesting -= 1
            self._changed.set()

    async def _send_response_create(self, retry: bool) -> None:
        if retry:
            attempt = max(1, self._refusals)
            await self.clock.sleep(recovery.backoff_delay(attempt, self.config.reconnect, self._rng))
        wait = self._rate_until - self.clock.monotonic()
        if wait > 0:
            await self.clock.sleep(wait)
        await self._ready.wait()
        if self._fatal is not None or self._closing or self._conn is None:
            return
        conn = self._conn
        if retry and conn.active:  # a response started meanwhile (the caller spoke again): it answers them
            return
        try:
            sent = await conn.client.create_response()
        except Exception:  # dropped while sending: the restore decides whether it is still owed
            return
        conn.awaiting.append(sent["event_id"])
        self._changed.set()

    # -- waiting -----------------------------------------------------------------------------------------------------
    def is_idle(self) -> bool:
        """Connected, no response active or requested, and every function call answered and followed up."""
        conn = self._conn
        if conn is None or self._recovering or not self._ready.is_set() or not conn.client.is_open:
            return False  # a closed connection is not idle: the supervisor is about to recover it
        if conn.active or conn.awaiting or conn.out_of_band or self._requesting:
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
                active = len(self._conn.active) if self._conn else 0
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

    # -- input ---------------------------------------------------------------------------------------------------------
    async def send_text(self, text: str, timeout: float = 60.0) -> SessionResult:
        """Send a user text turn, let the model answer (and call tools), and return the records."""
        if self._conn is None:
            raise SessionError("the session is not started: use 'async with RealtimeSession(...)'")
        await self._ready.wait()
        conn = self._conn
        self.conversation.line("user", text, None, self.clock.monotonic(), conn.index)
        item = self.conversation.add(Item("user_text", text=text, connection=conn.index))
        if await _sent(conn.client.create_item(protocol.user_text_item(text))):
            await self._create_response()
        else:  # the connection dropped while sending: the next one gets it as new input, then answers it
            item.sent = False
        await self.wait_idle(quiet_s=0.0, timeout=timeout)
        return self.result

    async def run_source(
        self,
        source: AudioSource,
        *,
        labels: Sequence[tuple[float, float]] | None = None,
        wait: bool = True,
        timeout: float = 120.0,
    ) -> SessionResult:
        """Stream an audio source as the user's voice; with ``wait``, until every turn it causes is answered.

        ``labels`` are the true speech spans of the source (ms from its start); the recorder uses them to measure
        voice-to-voice latency from the real end of speech, on every connection the audio crosses.
        """
        if self._conn is None:
            raise SessionError("the session is not started: use 'async with RealtimeSession(...)'")
        start = self._stream_ms
        if labels:
            self._labels.append(([tuple(x) for x in labels], start))
            self._add_labels(self._conn, only_last=True)
        try:
            async for frame in source:
                await self._send_frame(frame)
        except (audio.AudioError, OSError, ValueError) as exc:
            await self.fallback_to_text(f"audio source failed: {exc}")
        if self.config.turn_detection is None and not self.text_mode:
            await self._ready.wait()
            if self._conn is not None and self._fatal is None:
                await self._conn.client.commit_audio()
                await self._create_response()
        if wait:
            await self.wait_idle(timeout=timeout)
        return self.result

    async def run_file(
        self,
        path: str | Path,
        pace: bool = True,
        labels: Sequence[tuple[float, float]] | None = None,
        trailing_silence_ms: float = 1500,
        timeout: float = 120.0,
    ) -> SessionResult:
        """Stream a WAV/FLAC/OGG file as the user's voice and wait until every turn it causes is answered.

        ``pace=False`` streams as fast as the socket allows (and no playback is simulated for barge-in).
        """
        source = FileSource(path, pace=pace, trailing_silence_ms=trailing_silence_ms)  # bad input: AudioError
        if type(self.playback) is EstimatedPlayback:  # unpaced: nothing plays, so nothing is cut
            self.playback.realtime = pace
        return await self.run_source(source, labels=labels, timeout=timeout)

    async def stream_audio(self, pcm: np.ndarray, pace: bool = True, chunk_ms: float = 20) -> float:
        """Append audio (24 kHz int16) in chunks; returns where it started on the audio source's clock (ms)."""
        from rtkit.session.sources import ArraySource

        start = self._stream_ms
        await self.run_source(ArraySource(pcm, chunk_ms=chunk_ms, pace=pace), wait=False)
        return start

    async def _send_frame(self, frame: np.ndarray) -> None:
        if self.text_mode:
            return
        await self._ready.wait()
        if self._fatal is not None:
            raise SessionError(str(self._fatal)) from self._fatal
        start = self._stream_ms
        self._stream_ms += len(frame) / 24.0
        self._rewind.append((start, frame))
        while self._rewind and self._rewind[0][0] < self._stream_ms - MAX_RESEND_MS:
            self._rewind.popleft()  # the server keeps no more than this either: memory stays bounded
        self.input_record.append(frame)
        conn = self._conn
        assert conn is not None
        try:
            await conn.client.append_audio(self._encode(frame))
        except Exception:  # dropped mid-audio: the new connection gets it from the rewind buffer
            return

    def _encode(self, frame: np.ndarray) -> bytes | np.ndarray:
        if self.config.input_format == "audio/pcm":
            return frame
        return audio.encode_audio(frame, {"type": self.config.input_format, "rate": 24000})

    def _resend_start(self) -> float:
        """Where a new connection's audio starts on the source clock: the first frame not yet confirmed."""
        for start, frame in self._rewind:
            if start + len(frame) / 24.0 > self._confirmed_ms:
                return start
        return self._stream_ms

    async def _resend_audio(self, conn: _Connection) -> None:
        frames = [f for s, f in self._rewind if s >= conn.stream_offset_ms]
        for frame in frames:
            await conn.client.append_audio(self._encode(frame))
        if frames:
            log.info("resent %.0f ms of audio from %.0f ms", sum(len(f) for f in frames) / 24.0, conn.stream_offset_ms)

    def _add_labels(self, conn: _Connection, only_last: bool = False) -> None:
        if self.recorder is None:
            return
        for labels, start in self._labels[-1:] if only_last else self._labels:
            self.recorder.add_speech_labels(labels, offset_ms=start - conn.stream_offset_ms, conn=conn.index)

    # -- audio records ---------------------------------------------------------------------------------------------
    def assistant_audio(self) -> np.ndarray:
        """The assistant's audio so far (24 kHz int16)."""
        return self.conversation.assistant_audio()

    def input_audio(self) -> np.ndarray:
        """Everything streamed as the user's voice so far (24 kHz int16), on the audio source's clock."""
        return self.input_record.read()

    def save_audio(self, path: str | Path) -> Path:
        """Write the assistant's audio so far to a WAV file."""
        return audio.write_wav(path, self.assistant_audio())


async def _sent(sending: Awaitable[Any]) -> bool:
    """Await a send; False when the connection dropped meanwhile (the supervisor restores what matters)."""
    try:
        await sending
    except (ConnectionError, ConnectionClosed, RealtimeConnectionError):
        return False
    return True


def _with(config: RealtimeConfig, **changes: Any) -> RealtimeConfig:
    """A copy of ``config`` with some fields changed (already validated values: no re-validation)."""
    out = copy.copy(config)
    for name, value in changes.items():
        setattr(out, name, value)
    return out


def _describe_close(cause: str, code: int | None, reason: str) -> str:
    detail = " ".join(str(x) for x in (code, reason) if x not in (None, ""))
    return f"{cause} (close {detail})" if detail else cause
