"""Turn tracking for the metrics recorder: a pure state machine over timeline rows.

:class:`TurnTracker` assigns each recorded event to a connection, a turn, a response and a tool call, and keeps
the stamps that the latency definitions in :mod:`rtkit.metrics.latency` need. No I/O, no clocks: the same rows always
give the same result.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from rtkit.metrics.latency import audio_to_monotonic, ms_between, speech_end, v2v_stages
from rtkit.realtime import events as ev


@dataclass(slots=True)
class Conn:
    """One connection (one server session): lifecycle stamps and effective settings."""

    index: int
    t_connect_start: float | None = None
    t_connected: float | None = None
    t_created: float | None = None
    t_updated: float | None = None
    t_closed: float | None = None
    session_id: str | None = None
    model: str | None = None
    turn_detection: str | None = None
    silence_ms: float | None = None
    transcription_model: str | None = None
    close_code: int | None = None
    close_reason: str | None = None
    errors: int = 0
    error_codes: list[str] = field(default_factory=list)
    reconnects: int = 0
    points_ms: list[float] = field(default_factory=list)
    points_t: list[float] = field(default_factory=list)


@dataclass(slots=True)
class Response:
    """Anchors of one response."""

    id: str
    turn: int
    conn: int
    t_created: float | None = None
    t_first_audio: float | None = None
    t_first_text: float | None = None
    t_done: float | None = None
    out_ms_created: float | None = None
    out_ms_done: float | None = None
    status: str | None = None
    reason: str | None = None
    tokens: dict[str, int] | None = None
    n_function_calls: int = 0

    @property
    def t_first_delta(self) -> float | None:
        return self.t_first_audio if self.t_first_audio is not None else self.t_first_text


@dataclass(slots=True)
class ToolCall:
    """Anchors and outcome of one function call."""

    call_id: str
    turn: int
    conn: int
    name: str | None = None
    response_id: str | None = None
    t_args_done: float | None = None
    t_output_sent: float | None = None
    followup_response: str | None = None
    arguments_chars: int | None = None
    arguments: str | None = None
    """The arguments JSON as the model sent it."""
    result: dict[str, Any] | None = None


@dataclass(slots=True)
class Turn:
    """Anchors of one turn: a user input and every response it leads to."""

    index: int
    conn: int
    kind: str
    t_start: float
    item_id: str | None = None
    t_speech_started: float | None = None
    t_speech_stopped: float | None = None
    audio_start_ms: float | None = None
    audio_end_ms: float | None = None
    silence_ms: float | None = None
    t_committed: float | None = None
    t_commit_sent: float | None = None
    commit_ms: float | None = None
    t_response_create: float | None = None
    responses: list[str] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    t_first_audio: float | None = None
    t_first_text: float | None = None
    t_played: float | None = None
    t_transcribed: float | None = None
    transcript: str | None = None
    transcription_usage: dict[str, Any] | None = None
    transcription_model: str | None = None
    awaiting_followup: bool = False
    resuming: bool = False
    """Its response was cut by a dropped connection; the next ``response.create`` asks for it again."""
    superseded: bool = False
    """User audio a dropped connection never answered; the same speech is heard again on the next connection."""


class Row(NamedTuple):
    """One timeline row as the tracker reads it: the event's primitives, ids as strings."""

    direction: str
    """``sent``, ``received`` or ``local``."""
    etype: str
    """The event type."""
    t: float
    """Monotonic seconds, stamped on receipt or send."""
    in_ms: float
    """The input-audio clock after the event (ms appended on this connection)."""
    out_ms: float
    """The output-audio clock after the event (ms received on this connection)."""
    item: str | None
    resp: str | None
    call: str | None
    x: Mapping[str, Any]
    """The few extra fields the recorder keeps for rare events (empty for the rest)."""


class TurnTracker:
    """Assigns timeline rows to connections, turns, responses and tool calls, keeping the stamps latencies need.

    ``feed`` takes one :class:`Row` and returns the turn whose anchors changed, if any; each event type has one
    handler in a table. No I/O, no clocks: the same rows always give
    the same result.
    """

    def __init__(self) -> None:
        self.conns: list[Conn] = []
        self.turns: list[Turn] = []
        self.responses: dict[str, Response] = {}
        self.calls: dict[str, ToolCall] = {}
        self.items: dict[str, int] = {}
        self.replaying = False
        self.first_audio: set[Any] = set()
        """Responses whose first output audio delta is in (later ones change nothing)."""
        self.first_text: set[Any] = set()
        """Responses whose first output text delta is in."""
        self._handlers: dict[str, Callable[[Row], Turn | None]] = {
            ev.AUDIO_APPEND: self._append,
            ev.AUDIO_DELTA: self._audio_delta,
            ev.TEXT_DELTA: self._text_delta,
            ev.CONNECT_START: self._connect_start,
            ev.CONNECTED: self._connected,
            ev.CLOSED: self._closed,
            ev.CONNECT_FAILED: self._connect_failed,
            ev.RECONNECT: self._reconnect,
            ev.RENEWAL: self._renewal,
            ev.REPLAY_START: self._replay_start,
            ev.REPLAY_END: self._replay_end,
            ev.PLAYBACK_START: self._played,
            ev.SESSION_CREATED: self._session_created,
            ev.SESSION_UPDATE: self._session_settings,
            ev.SESSION_UPDATED: self._session_updated,
            ev.ERROR: self._error,
            ev.SPEECH_STARTED: self._speech_started,
            ev.SPEECH_STOPPED: self._speech_stopped,
            ev.TIMEOUT_TRIGGERED: self._timeout,
            ev.AUDIO_COMMIT: self._commit_sent,
            ev.AUDIO_COMMITTED: self._committed,
            ev.ITEM_CREATE: self._item_create,
            ev.TRANSCRIPTION_COMPLETED: self._transcribed,
            ev.RESPONSE_CREATE: self._response_create,
            ev.RESPONSE_CREATED: self._response_created,
            ev.RESPONSE_DONE: self._response_done,
            ev.FUNCTION_ARGS_DONE: self._args_done,
        }

    def handler(self, etype: str) -> Callable[[Row], Turn | None] | None:
        """The handler of an event type (what :meth:`feed` calls), or None when rows of the type change nothing."""
        return self._handlers.get(etype)

    @property
    def conn(self) -> Conn:
        if not self.conns:
            self.conns.append(Conn(0))
        return self.conns[-1]

    def feed(self, row: Row) -> Turn | None:
        """Apply one row; the turn whose anchors changed, if any."""
        handler = self._handlers.get(row.etype)
        return handler(row) if handler is not None else None

    # -- helpers ----------------------------------------------------------------------------------------------
    def _new_turn(self, kind: str, t: float, item: str | None = None) -> Turn:
        turn = Turn(len(self.turns), self.conn.index, kind, t, item_id=item)
        self.turns.append(turn)
        if item:
            self.items[item] = turn.index
        return turn

    def _last(self) -> Turn | None:
        """The latest turn of the conversation (out-of-band turns stand aside)."""
        for turn in reversed(self.turns):
            if turn.kind != "out_of_band":
                return turn
        return None

    def _current(self, t: float) -> Turn:
        return self._last() or self._new_turn("response", t)

    def _response(self, rid: str | None, t: float) -> Response | None:
        if rid is None:
            return None
        r = self.responses.get(rid)
        if r is None:  # a response seen only through its later events
            turn = self._current(t)
            r = self.responses[rid] = Response(rid, turn.index, self.conn.index)
            turn.responses.append(rid)
        return r

    # -- connection lifecycle ---------------------------------------------------------------------------------
    def _connect_start(self, row: Row) -> None:
        if self.conns or self.turns:
            self.conns.append(Conn(len(self.conns)))
        self.conn.t_connect_start = row.t

    def _connected(self, row: Row) -> None:
        self.conn.t_connected = row.t

    def _closed(self, row: Row) -> None:
        c = self.conn
        c.t_closed = row.t
        c.close_code = row.x.get("code")
        c.close_reason = row.x.get("reason")

    def _connect_failed(self, row: Row) -> None:
        c = self.conn
        c.t_closed = row.t
        c.close_reason = f"connect failed (status {row.x.get('status')})"

    def _reconnect(self, row: Row) -> None:
        self.conn.reconnects += 1
        if row.x.get("attempt", 1) == 1:
            self._left_behind()

    def _renewal(self, row: Row) -> None:
        self._left_behind()

    def _left_behind(self) -> None:
        """The connection is being replaced: its unanswered audio turns are heard again on the next one, and a
        response it cut is asked for again within the same turn."""
        lost = self.conn.index
        for turn in reversed(self.turns):
            if turn.kind == "out_of_band":
                continue
            if turn.conn != lost:
                break
            if not turn.responses and turn.kind.startswith("audio"):
                turn.superseded = True  # the resent audio makes this turn again on the next connection
            elif any(self.responses[r].t_done is None for r in turn.responses):
                turn.resuming = True
                break
            else:
                break

    def _replay_start(self, row: Row) -> None:
        self.replaying = True

    def _replay_end(self, row: Row) -> None:
        self.replaying = False

    def _session_created(self, row: Row) -> None:
        if self.conns and self.conn.t_created is not None:  # a new connection without a local connect event
            self.conns.append(Conn(len(self.conns)))
        self.conn.t_created = row.t
        self._session_settings(row)

    def _session_settings(self, row: Row) -> None:
        c = self.conn
        c.session_id = row.x.get("session_id") or c.session_id
        c.model = row.x.get("model") or c.model
        if "turn_detection" in row.x:
            c.turn_detection = row.x["turn_detection"]
            c.silence_ms = row.x.get("silence_ms")
        if "transcription_model" in row.x:
            c.transcription_model = row.x["transcription_model"]

    def _session_updated(self, row: Row) -> None:
        if self.conn.t_updated is None:
            self.conn.t_updated = row.t
        self._session_settings(row)

    def _error(self, row: Row) -> None:
        self.conn.errors += 1
        if row.x.get("code"):
            self.conn.error_codes.append(str(row.x["code"]))

    # -- user input -------------------------------------------------------------------------------------------
    def _append(self, row: Row) -> None:
        c = self.conn
        if row.in_ms is not None and row.in_ms == row.in_ms and (not c.points_ms or row.in_ms >= c.points_ms[-1]):
            c.points_ms.append(row.in_ms)
            c.points_t.append(row.t)

    def _speech_started(self, row: Row) -> Turn | None:
        turn = self._new_turn("audio", row.t, row.item)
        turn.t_speech_started = row.t
        turn.audio_start_ms = row.x.get("audio_start_ms")
        return turn

    def _speech_stopped(self, row: Row) -> Turn | None:
        turn = self.turns[self.items[row.item]] if row.item in self.items else None
        if turn is None and self.turns and self.turns[-1].kind == "audio" and self.turns[-1].item_id is None:
            turn = self.turns[-1]
        if turn is None or turn.t_speech_stopped is not None:
            turn = self._new_turn("audio", row.t, row.item)
        turn.t_speech_stopped = row.t
        turn.audio_end_ms = row.x.get("audio_end_ms")
        turn.silence_ms = self.conn.silence_ms
        return turn

    def _timeout(self, row: Row) -> Turn | None:
        turn = self._new_turn("idle", row.t, row.item)
        turn.t_speech_stopped = row.t
        turn.audio_start_ms = row.x.get("audio_start_ms")
        turn.audio_end_ms = row.x.get("audio_end_ms")
        return turn

    def _commit_sent(self, row: Row) -> Turn | None:
        prev = [tr.commit_ms for tr in self.turns if tr.commit_ms is not None and tr.conn == self.conn.index]
        turn = self._new_turn("audio_manual", row.t)
        turn.t_commit_sent = row.t
        turn.commit_ms = row.in_ms
        turn.audio_start_ms = prev[-1] if prev else None
        return turn

    def _committed(self, row: Row) -> Turn | None:
        if row.item in self.items:
            turn = self.turns[self.items[row.item]]
        elif self.turns and self.turns[-1].kind == "audio_manual" and self.turns[-1].t_committed is None:
            turn = self.turns[-1]
            turn.item_id = row.item
            if row.item:
                self.items[row.item] = turn.index
        else:
            turn = self._new_turn("audio_manual", row.t, row.item)
        turn.t_committed = row.t
        return turn

    def _item_create(self, row: Row) -> Turn | None:
        kind = row.x.get("item_type")
        if kind == "function_call_output":
            c = self.calls.get(row.call) if row.call else None
            if c is None:
                turn = self._current(row.t)
                c = self.calls[row.call or f"?{len(self.calls)}"] = ToolCall(
                    row.call or "", turn.index, self.conn.index
                )
                turn.calls.append(c.call_id)
            if c.t_output_sent is None:
                c.t_output_sent = row.t
            turn = self.turns[c.turn]
            turn.awaiting_followup = True
            return turn
        if kind == "message" and row.x.get("role") == "user" and not self.replaying:
            return self._new_turn("text", row.t, row.item)
        return None

    def _transcribed(self, row: Row) -> Turn | None:
        if row.item not in self.items:
            return None
        turn = self.turns[self.items[row.item]]
        if turn.t_transcribed is None:
            turn.t_transcribed = row.t
        turn.transcript = row.x.get("transcript", turn.transcript)
        turn.transcription_usage = row.x.get("usage") or turn.transcription_usage
        turn.transcription_model = self.conn.transcription_model
        return turn

    # -- responses --------------------------------------------------------------------------------------------
    def _response_create(self, row: Row) -> Turn | None:
        if row.x.get("out_of_band"):
            turn = self._new_turn("out_of_band", row.t)
            turn.t_response_create = row.t
            return turn
        last = self._last()
        busy = last is not None and (last.awaiting_followup or last.resuming or not last.responses)
        turn = last if busy and last is not None else self._new_turn("response", row.t)
        if turn.t_response_create is None:
            turn.t_response_create = row.t
        return turn

    def _response_created(self, row: Row) -> Turn | None:
        if row.resp is None:
            return None
        turn = self._current(row.t)
        if row.x.get("out_of_band"):
            turn = next((tr for tr in reversed(self.turns) if tr.kind == "out_of_band" and not tr.responses), turn)
        r = self.responses.get(row.resp)
        if r is None:
            r = self.responses[row.resp] = Response(row.resp, turn.index, self.conn.index)
            turn.responses.append(row.resp)
        turn = self.turns[r.turn]
        r.t_created = row.t
        r.out_ms_created = row.out_ms
        if turn.awaiting_followup:
            for cid in turn.calls:
                c = self.calls[cid]
                if c.t_output_sent is not None and c.followup_response is None:
                    c.followup_response = row.resp
            turn.awaiting_followup = False
        turn.resuming = False
        return turn

    def _first_delta(self, t, resp, audio: bool):
        r = self._response(resp, t)
        if r is None or (r.t_first_audio if audio else r.t_first_text) is not None:
            return None
        turn = self.turns[r.turn]
        (self.first_audio if audio else self.first_text).add(resp)
        if audio:
            r.t_first_audio = t
            if turn.t_first_audio is None:
                turn.t_first_audio = t
        else:
            r.t_first_text = t
            if turn.t_first_text is None:
                turn.t_first_text = t
        return turn

    def _audio_delta(self, row: Row) -> Turn | None:
        return self._first_delta(row.t, row.resp, True)

    def _text_delta(self, row: Row) -> Turn | None:
        return self._first_delta(row.t, row.resp, False)

    def _response_done(self, row: Row) -> Turn | None:
        r = self._response(row.resp, row.t)
        if r is None:
            return None
        r.t_done = row.t
        r.out_ms_done = row.out_ms
        r.status = row.x.get("status")
        r.reason = row.x.get("reason")
        r.tokens = row.x.get("tokens")
        r.n_function_calls = row.x.get("function_calls", 0)
        return self.turns[r.turn]

    def _args_done(self, row: Row) -> Turn | None:
        r = self._response(row.resp, row.t)
        turn = self.turns[r.turn] if r else self._current(row.t)
        key = row.call or row.item or f"?{len(self.calls)}"
        c = self.calls.get(key)
        if c is None:
            c = self.calls[key] = ToolCall(key, turn.index, self.conn.index)
            turn.calls.append(key)
        c.name = row.x.get("name", c.name)
        c.arguments_chars = row.x.get("arguments_chars", c.arguments_chars)
        c.arguments = row.x.get("arguments", c.arguments)
        c.response_id = row.resp
        if c.t_args_done is None:
            c.t_args_done = row.t
        return turn

    def _played(self, row: Row) -> Turn | None:
        r = self.responses.get(row.resp) if row.resp else None
        turn = self.turns[r.turn] if r else (self.turns[-1] if self.turns else None)
        if turn is None or turn.t_played is not None:
            return None
        turn.t_played = row.t
        return turn


def labels_for(labels: Sequence[tuple[float, float, int | None]], conn: int) -> list[tuple[float, float]]:
    """Labelled segments that apply to connection ``conn`` (``None`` = every connection)."""
    return [(s, e) for s, e, c in labels if c is None or c == conn]


def call_metrics(call: ToolCall, responses: dict[str, Response]) -> dict[str, float | None]:
    """``tool_ms`` and ``tool_roundtrip_ms`` of one function call."""
    follow = responses.get(call.followup_response) if call.followup_response else None
    return {
        "tool_ms": ms_between(call.t_args_done, call.t_output_sent),
        "tool_roundtrip_ms": ms_between(call.t_args_done, follow.t_first_delta if follow else None),
    }


def turn_metrics(
    tr: TurnTracker, turn: Turn, labels: Sequence[tuple[float, float]] = (), stages: bool = True
) -> dict[str, Any]:
    """Every latency of one turn (ms; None when an anchor is missing), its speech end and (``stages``) its v2v
    stages."""
    conn = tr.conns[turn.conn] if turn.conn < len(tr.conns) else Conn(turn.conn)
    end_ms, source = speech_end(labels, turn.audio_start_ms, turn.audio_end_ms, turn.silence_ms, turn.commit_ms)
    end_t = audio_to_monotonic(conn.points_ms, conn.points_t, end_ms) if end_ms is not None else None
    if end_t is None and source == "commit":
        end_t = turn.t_commit_sent
    responses = [tr.responses[r] for r in turn.responses if r in tr.responses]
    first = next((r for r in responses if r.t_created is not None), responses[0] if responses else None)
    calls = [tr.calls[c] for c in turn.calls if c in tr.calls]
    args_done = [c.t_args_done for c in calls if c.t_args_done is not None]
    outputs = [c.t_output_sent for c in calls if c.t_output_sent is not None]
    first_out = turn.t_first_audio if turn.t_first_audio is not None else turn.t_first_text
    vad = turn.t_speech_stopped is not None
    ttfb_start = turn.t_speech_stopped if vad else turn.t_response_create
    m: dict[str, Any] = {
        "speech_end_ms": end_ms,
        "speech_end_source": source,
        "speech_end_t_s": end_t,
        "voice_to_voice_ms": ms_between(end_t, turn.t_first_audio),
        "voice_to_voice_played_ms": ms_between(end_t, turn.t_played),
        "endpointing_ms": ms_between(end_t, turn.t_speech_stopped) if vad and turn.kind == "audio" else None,
        "endpointing_audio_ms": (
            turn.audio_end_ms - end_ms
            if source == "label" and turn.audio_end_ms is not None and end_ms is not None
            else None
        ),
        "ttfb_ms": ms_between(ttfb_start, first_out),
        "ttft_ms": ms_between(first.t_created, first.t_first_delta) if first else None,
        "response_ms": ms_between(first.t_created, first.t_done) if first else None,
        "tool_ms": ms_between(min(args_done), max(outputs)) if args_done and outputs else None,
        "tool_roundtrip_ms": call_metrics(calls[0], tr.responses)["tool_roundtrip_ms"] if calls else None,
        "transcription_ms": ms_between(turn.t_speech_stopped if vad else turn.t_committed, turn.t_transcribed),
    }
    if stages:
        split = v2v_stages(
            end_t,
            turn.t_speech_stopped,
            first.t_created if first else None,
            min(args_done) if args_done else None,
            max(outputs) if outputs else None,
            turn.t_first_audio,
        )
        m.update({f"stage_{k}_ms": v for k, v in split.items()})
    return m
