"""Per-connection protocol state of the local Realtime server: session, input audio buffer with server VAD,
conversation and responses. Transport-free: it reads client messages (``handle_now``, called as each frame is read:
an audio append that only buffers audio and steps the VAD ends there, anything else returns what remains to await)
and sends server events through an ``emit`` coroutine, so the websocket layer (``connection.py``) only moves frames.

Turn detection: ``server_vad`` runs :class:`rtkit.vad.VoiceActivityDetector` on the input-audio clock (ms of
audio appended). ``semantic_vad`` is accepted and runs as the same energy VAD, with the silence window chosen
from ``eagerness`` (low 1200 ms, medium/auto 600 ms, high 300 ms); there is no end-of-turn model. ``null``
means manual commit. The idle timer (``idle_timeout_ms``) is armed at the end of each turn and at
``response.done`` (plus the response's audio length, standing in for playback time) and counts appended audio
without speech.

Nothing in the input path waits for recognition or synthesis: recognition runs in background tasks (held by
:class:`~rtkit.local.server.transcripts.Transcripts`), a response waits for it in its own task, and
``response.cancel`` (or barge-in) only waits for the cancelled response's closing events. ``response.created`` is
sent before the next client event is handled, so the service's event order holds (e.g.
``conversation_already_has_active_response`` comes after the response it names was created).

Overload: with ``recognition_limit_s``, a response that needs an utterance still queued for recognition behind
other sessions' speech is not started when the workers would hear it only after that limit
(:class:`rtkit.local.speech.backlog.RecognitionBacklog`): the server sends an ``error`` with code
``rate_limit_exceeded`` and a ``rate_limits.updated`` whose requests bucket is empty until the backlog should fit
again, as the service does when over capacity. The refused utterance leaves the queue (it costs the workers
nothing more) and is recognised when a later response needs it.
"""

from __future__ import annotations

import asyncio
import binascii
import copy
import json
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from pybase64 import b64decode  # SIMD: 0.7 µs for a 20 ms append against 6-9 µs for binascii

from rtkit import vad
from rtkit.audio import SAMPLE_RATE, SAMPLES_PER_MS, AudioError, bytes_to_ms, decode_audio, encode_audio
from rtkit.local.model.script import Script
from rtkit.local.server import events as wire
from rtkit.local.server.conversation import Conversation, normalize_item
from rtkit.local.server.events import ProtocolError, invalid, missing, unknown
from rtkit.local.server.responses import ResponseRun, ResponseSpec, rule_based
from rtkit.local.server.session_config import (
    default_session,
    merge_session,
    validate_response_params,
    validate_session_update,
)
from rtkit.local.server.transcripts import EARLY_AFTER_MS, EARLY_PAD_MS, EarlyRecognition, Transcripts
from rtkit.local.server.usage import Segment
from rtkit.local.speech.backlog import Refusal
from rtkit.local.speech.engines import SpeechEngines
from rtkit.realtime import events as ev
from rtkit.tasks import TaskOwner

try:
    from orjson import loads as _loads
except ImportError:  # pragma: no cover - orjson is a dependency; json is the fallback where it cannot install
    _loads = json.loads  # type: ignore[assignment]


log = logging.getLogger("rtkit.local")

Emit = Callable[[dict[str, Any]], Awaitable[None]]

#: Top-level fields each client event accepts (besides ``type`` and ``event_id``).
CLIENT_EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    ev.SESSION_UPDATE: ("session",),
    ev.AUDIO_APPEND: ("audio",),
    ev.AUDIO_COMMIT: (),
    ev.AUDIO_CLEAR: (),
    ev.OUTPUT_AUDIO_BUFFER_CLEAR: (),
    ev.ITEM_CREATE: ("item", "previous_item_id"),
    ev.ITEM_RETRIEVE: ("item_id",),
    ev.ITEM_TRUNCATE: ("item_id", "content_index", "audio_end_ms"),
    ev.ITEM_DELETE: ("item_id",),
    ev.RESPONSE_CREATE: ("response",),
    ev.RESPONSE_CANCEL: ("response_id",),
}
MIN_COMMIT_MS = 100.0
REQUESTS_LIMIT = 5_000
TOKENS_LIMIT = 400_000
RATE_LIMIT_ERROR_TYPE = "requests"
"""``error.type`` of a refusal: the bucket that ran out, as in the service's HTTP 429 bodies."""


_APPEND_HEADS = (
    b'{"type":"input_audio_buffer.append","audio":"',
    b'{"type": "input_audio_buffer.append", "audio": "',
)
_APPEND_TAIL = re.compile(rb'"(?:, ?"event_id": ?"[A-Za-z0-9_.:-]*")?}\Z')


def _append_audio(payload: bytes) -> memoryview | None:
    """The base64 audio of an ``input_audio_buffer.append`` written as clients write it (``type``, ``audio``, maybe
    a plain ``event_id``, compact or with json.dumps' spaces), found without parsing the JSON; None for any other
    message. A payload this accepts is valid JSON with exactly those fields when the audio is valid base64."""
    for head in _APPEND_HEADS:
        if payload.startswith(head):
            end = payload.find(b'"', len(head))
            return memoryview(payload)[len(head) : end] if end > 0 and _APPEND_TAIL.match(payload, end) else None
    return None


def _pcm16(audio: memoryview) -> bytes | None:
    """Valid base64 of whole PCM16 samples, decoded; None otherwise (the full path then names the error)."""
    try:
        pcm = b64decode(audio, validate=True)
    except (binascii.Error, ValueError):
        return None
    return pcm if len(pcm) % 2 == 0 else None


def _is_pcm(fmt: Any) -> bool:
    """True for the GA ``audio/pcm`` format (24 kHz PCM16: appended audio is kept as it comes)."""
    return isinstance(fmt, dict) and fmt.get("type") == "audio/pcm" and fmt.get("rate", SAMPLE_RATE) == SAMPLE_RATE


class ConnectionGone(ConnectionError):
    """Raised by ``emit`` when the client is gone; background tasks of the connection then end quietly."""


class ConnectionState:
    """The protocol state machine of one Realtime connection."""

    def __init__(
        self,
        emit: Emit,
        *,
        model: str,
        max_session_seconds: float,
        speech: SpeechEngines,
        script: Script | None = None,
        recognition_limit_s: float | None = None,
    ) -> None:
        self._emit = emit
        self.speech = speech
        self.recognition_limit_s = recognition_limit_s
        self._planner = script.player().plan if script is not None else rule_based
        self.session = default_session(model, max_session_seconds)
        self._pcm_in = _is_pcm(self._in_format)  # appends are kept as they come (see handle_now)
        self.conversation = Conversation()
        self.buffer = bytearray()  # uncommitted input audio, 24 kHz PCM16
        self.buffer_start = 0  # input-clock sample position of buffer[0]
        self.clock = 0  # samples appended since the session started
        self.detector: vad.VoiceActivityDetector | None = None
        self._vad_origin = 0  # input-clock sample position where the current detector started
        self._turn_item: str | None = None
        self._turn_start = 0  # sample position of the current turn's audio_start_ms
        self.active: ResponseRun | None = None  # the response writing to the default conversation
        self.out_of_band: list[ResponseRun] = []
        self._tasks = TaskOwner(log, "local server task", expected=(ConnectionGone,))
        self.transcripts = Transcripts(speech, lambda: self.session, self.emit, self._spawn)
        self.refused = 0
        """Responses refused because recognition was over its limit."""
        self._history: list[list[Segment]] = []
        self._audio_sent = False
        self._settled: set[str] = set()
        self.requests = 0
        self.tokens = 0
        self._handlers: dict[str, Callable[[dict[str, Any]], Awaitable[None]]] = {
            ev.SESSION_UPDATE: self._on_session_update,
            ev.AUDIO_APPEND: self._on_input_audio_buffer_append,
            ev.AUDIO_COMMIT: self._on_input_audio_buffer_commit,
            ev.AUDIO_CLEAR: self._on_input_audio_buffer_clear,
            ev.OUTPUT_AUDIO_BUFFER_CLEAR: self._on_output_audio_buffer_clear,
            ev.ITEM_CREATE: self._on_conversation_item_create,
            ev.ITEM_RETRIEVE: self._on_conversation_item_retrieve,
            ev.ITEM_TRUNCATE: self._on_conversation_item_truncate,
            ev.ITEM_DELETE: self._on_conversation_item_delete,
            ev.RESPONSE_CREATE: self._on_response_create,
            ev.RESPONSE_CANCEL: self._on_response_cancel,
        }
        """The handler of each client event type (``CLIENT_EVENT_FIELDS`` lists the same types)."""
        self._configure_vad()

    # -- plumbing --------------------------------------------------------------------------------------------
    async def emit(self, event: dict[str, Any]) -> None:
        await self._emit(event)

    def _spawn(self, coro: Awaitable[Any]) -> asyncio.Task[Any]:
        return self._tasks.spawn(coro)

    async def start(self) -> None:
        await self.emit(wire.session(ev.SESSION_CREATED, copy.deepcopy(self.session)))

    async def close(self) -> None:
        """Stop every background task (the connection is gone)."""
        for run in [self.active, *self.out_of_band]:
            if run is not None:
                run.cancel("client_cancelled")
        await self._tasks.cancel_all()

    def handle_now(self, payload: bytes, text: bool = True) -> Awaitable[None] | None:
        """Process one client message as far as it goes without waiting (see
        :class:`rtkit.local.server.connection.Inbox`): an audio append that only buffers and steps the VAD ends
        here; anything else returns the awaitable that handles the rest (or the whole message: :meth:`handle`).
        ``payload`` is a text frame's UTF-8 bytes (a UnicodeDecodeError when it is not) or a binary frame."""
        if not text:
            return self.handle(payload)
        audio = _append_audio(payload)
        if audio is not None and self._pcm_in:
            pcm = _pcm16(audio)
            if pcm is not None:
                return self._append(pcm)
        return self.handle(payload.decode())  # parsed in full, errors named

    async def handle(self, raw: str | bytes) -> None:
        """Process one client frame; protocol errors become ``error`` events."""
        event_id = None
        try:
            if isinstance(raw, bytes):
                raise ProtocolError("invalid_event", "Binary frames are not supported; send JSON text frames.")
            try:
                event = _loads(raw)
            except ValueError:
                try:  # orjson's message is terse: the standard parser's says where
                    json.loads(raw)
                except json.JSONDecodeError as exc:
                    raise ProtocolError(
                        "invalid_json", f"The event is not valid JSON: {exc.msg} (char {exc.pos})."
                    ) from exc
                raise ProtocolError("invalid_json", "The event is not valid JSON.") from None
            if not isinstance(event, dict):
                raise ProtocolError("invalid_event", "The event must be a JSON object.")
            event_id = event.get("event_id") if isinstance(event.get("event_id"), str) else None
            kind = event.get("type")
            if kind is None:
                raise ProtocolError("invalid_event", "The 'type' field is missing.", "type")
            if kind not in CLIENT_EVENT_FIELDS:
                allowed = ", ".join(f"'{t}'" for t in CLIENT_EVENT_FIELDS)
                raise ProtocolError(
                    "invalid_value", f"Invalid value: '{kind}'. Supported values are: {allowed}.", "type"
                )
            for key in event:
                if key not in ("type", "event_id") and key not in CLIENT_EVENT_FIELDS[kind]:
                    raise unknown(key)
            await self._handlers[kind](event)
        except ProtocolError as err:
            await self.emit(wire.error(err.code, err.message, err.param, event_id))

    # -- session ---------------------------------------------------------------------------------------------
    def _configure_vad(self) -> None:
        td = self.session["audio"]["input"]["turn_detection"]
        params = vad.VADParams.from_turn_detection(td)
        self.detector = vad.VoiceActivityDetector(params) if params else None
        self._vad_origin = self.clock
        self._turn_item = None
        self.transcripts.forget_early()

    async def _on_session_update(self, event: dict[str, Any]) -> None:
        update = validate_session_update(event.get("session"))
        new_voice = update.get("audio", {}).get("output", {}).get("voice")
        if self._audio_sent and new_voice is not None and new_voice != self.session["audio"]["output"]["voice"]:
            raise ProtocolError(
                "invalid_value",
                "Cannot update a conversation's voice if assistant audio is present.",
                "session.audio.output.voice",
            )
        before = self.session["audio"]["input"]["turn_detection"]
        # The recognizer builds a decoder for the session's words when an utterance first needs it: a session
        # that sends no audio costs the recognition workers nothing.
        self.session = merge_session(self.session, update)
        self._pcm_in = _is_pcm(self._in_format)
        if self.session["audio"]["input"]["turn_detection"] != before:
            self._configure_vad()
        await self.emit(wire.session(ev.SESSION_UPDATED, copy.deepcopy(self.session)))

    # -- input audio -----------------------------------------------------------------------------------------
    @property
    def _in_format(self) -> dict[str, Any]:
        return self.session["audio"]["input"]["format"]

    @property
    def _out_format(self) -> dict[str, Any]:
        return self.session["audio"]["output"]["format"]

    def _ms(self, samples: int) -> int:
        return samples // SAMPLES_PER_MS

    async def _on_input_audio_buffer_append(self, event: dict[str, Any]) -> None:
        audio = event.get("audio")
        if audio is None:
            raise missing("audio")
        if not isinstance(audio, str):
            raise invalid("audio", audio, "a base64 string")
        try:
            pcm = decode_audio(b64decode(audio, validate=True), self._in_format)
        except (binascii.Error, ValueError, AudioError) as exc:
            raise invalid("audio", audio[:20], f"base64 audio in the session's input format ({exc})") from exc
        rest = self._append(pcm.astype("<i2", copy=False).tobytes())
        if rest is not None:
            await rest

    def _append(self, pcm: bytes) -> Awaitable[None] | None:
        """Buffer appended PCM16 and step the VAD; the detector's events, if any, are what remains to await."""
        self.buffer += pcm
        self.clock += len(pcm) // 2
        detector = self.detector
        if detector is None:
            return None
        vad_events = detector.feed(pcm)
        if vad_events:
            return self._after_vad(vad_events)
        self._after_append(detector)
        return None

    async def _after_vad(self, vad_events: list[vad.VADEvent]) -> None:
        for vad_event in vad_events:
            await self._on_vad_event(vad_event)
        if self.detector is not None:
            self._after_append(self.detector)

    def _after_append(self, detector: vad.VoiceActivityDetector) -> None:
        if self._turn_item is not None and self.speech.enabled:
            self._recognise_early()
        if not detector.speaking:
            # Outside a turn only the last stretch can become the next turn's prefix padding: keep it bounded.
            keep = (detector.params.prefix_padding_ms + 1000) * SAMPLES_PER_MS
            self._drop_before(max(self.buffer_start, self.clock - keep))

    def _drop_before(self, position: int) -> None:
        if position > self.buffer_start:
            del self.buffer[: 2 * (position - self.buffer_start)]
            self.buffer_start = position

    def _take(self, start: int, end: int) -> bytes:
        """Buffered audio between two input-clock sample positions, dropping everything before ``end``."""
        lo = max(start, self.buffer_start) - self.buffer_start
        hi = max(end, self.buffer_start) - self.buffer_start
        pcm = bytes(self.buffer[2 * lo : 2 * hi])
        self._drop_before(end)
        return pcm

    async def _on_vad_event(self, v: vad.VADEvent) -> None:
        td = self.session["audio"]["input"]["turn_detection"] or {}
        origin_ms = self._ms(self._vad_origin)
        if v.type == "speech_started":
            assert v.audio_start_ms is not None
            self._turn_item = wire.new_id("item")
            self._turn_start = self._vad_origin + v.audio_start_ms * SAMPLES_PER_MS
            await self.emit(
                wire.event(
                    ev.SPEECH_STARTED,
                    audio_start_ms=origin_ms + v.audio_start_ms,
                    item_id=self._turn_item,
                )
            )
            if td.get("interrupt_response") and self.active is not None:
                await self._cancel(self.active, "turn_detected")
        elif v.type == "speech_stopped":
            assert v.audio_end_ms is not None
            item_id = self._turn_item or wire.new_id("item")
            self._turn_item = None
            await self.emit(
                wire.event(
                    ev.SPEECH_STOPPED,
                    audio_end_ms=origin_ms + v.audio_end_ms,
                    item_id=item_id,
                )
            )
            early = self.transcripts.take_early()
            pcm = self._take(self._turn_start, self._vad_origin + v.audio_end_ms * SAMPLES_PER_MS)
            await self._commit(item_id, pcm, early)
            if td.get("create_response") and self.active is None:
                await self._start_response({})
        else:
            assert v.audio_start_ms is not None and v.audio_end_ms is not None
            item_id = wire.new_id("item")
            await self.emit(
                wire.event(
                    ev.TIMEOUT_TRIGGERED,
                    audio_start_ms=origin_ms + v.audio_start_ms,
                    audio_end_ms=origin_ms + v.audio_end_ms,
                    item_id=item_id,
                )
            )
            start = self._vad_origin + v.audio_start_ms * SAMPLES_PER_MS
            pcm = self._take(start, self._vad_origin + v.audio_end_ms * SAMPLES_PER_MS)
            await self._commit(item_id, pcm)
            if td.get("create_response", True) and self.active is None:
                await self._start_response({})

    async def _on_input_audio_buffer_commit(self, event: dict[str, Any]) -> None:
        ms = bytes_to_ms(len(self.buffer))
        if ms < MIN_COMMIT_MS:
            raise ProtocolError(
                "input_audio_buffer_commit_empty",
                "Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, "
                f"but buffer only has {ms:.2f}ms of audio.",
            )
        item_id = self._turn_item or wire.new_id("item")
        pcm = self._take(self.buffer_start, self.clock)
        if self.detector is not None:
            self.detector.reset()
        self._turn_item = None
        self.transcripts.forget_early()
        await self._commit(item_id, pcm)

    async def _on_input_audio_buffer_clear(self, event: dict[str, Any]) -> None:
        self._drop_before(self.clock)
        if self.detector is not None:
            self.detector.reset()
        self._turn_item = None
        self.transcripts.forget_early()
        await self.emit(wire.event(ev.AUDIO_CLEARED))

    async def _on_output_audio_buffer_clear(self, event: dict[str, Any]) -> None:
        raise ProtocolError(
            "invalid_value",
            "output_audio_buffer.clear is only supported on WebRTC and SIP connections; "
            "on a WebSocket stop playback locally and send conversation.item.truncate.",
            "type",
        )

    def _recognise_early(self) -> None:
        """Decode while the caller may still be speaking: once the turn has paused for :data:`EARLY_AFTER_MS`, its
        speech so far goes to recognition, so that at ``speech_stopped`` (the silence window later) the transcript is
        under way or done. Speech that comes back makes that attempt void."""
        assert self.detector is not None
        pause = self.detector.pause_started_ms
        early = self.transcripts.early
        if early is not None and early.pause_ms != pause:  # the caller spoke again
            self.transcripts.forget_early()
            early = None
        if early is not None or pause is None or self.detector.position_ms - pause < EARLY_AFTER_MS:
            return
        end = self._vad_origin + round((pause + EARLY_PAD_MS) * SAMPLES_PER_MS)
        lo = max(self._turn_start, self.buffer_start) - self.buffer_start
        pcm = bytes(self.buffer[2 * lo : 2 * (end - self.buffer_start)])
        if len(pcm) < 2 * SAMPLES_PER_MS * MIN_COMMIT_MS:
            return
        self.transcripts.start_early(pause, pcm)

    async def _commit(self, item_id: str, pcm: bytes, early: EarlyRecognition | None = None) -> None:
        """Turn buffered audio into a user audio item: committed → item added → item done (+
        transcription, or the one ``early`` started)."""
        item = {
            "id": item_id,
            "type": "message",
            "object": "realtime.item",
            "status": "completed",
            "role": "user",
            "content": [{"type": "input_audio", "transcript": None}],
        }
        previous = self.conversation.insert(item, audio=pcm)
        await self.emit(wire.event(ev.AUDIO_COMMITTED, item_id=item_id, previous_item_id=previous))
        await self.emit(wire.item_added(wire.public_item(item), previous))
        await self.emit(wire.item_done(wire.public_item(item), previous))
        self.transcripts.listen(item, pcm, early.task if early is not None else None)

    # -- conversation items ----------------------------------------------------------------------------------
    def _audio_of(self, parts: list[bytes | None]) -> bytes | None:
        raw = next((p for p in parts if p is not None), None)
        if raw is None:
            return None
        try:
            return decode_audio(raw, self._in_format).astype("<i2", copy=False).tobytes()
        except (AudioError, ValueError) as exc:
            raise invalid("item.content.audio", "…", f"audio in the session's input format ({exc})") from exc

    async def _on_conversation_item_create(self, event: dict[str, Any]) -> None:
        if event.get("item") is None:
            raise missing("item")
        item, parts = normalize_item(event["item"])
        previous_id = event.get("previous_item_id")
        if previous_id is not None and not isinstance(previous_id, str):
            raise invalid("previous_item_id", previous_id, "an item id or 'root'")
        pcm = self._audio_of(parts)
        previous = self.conversation.insert(item, previous_id, audio=pcm)
        await self.emit(wire.item_added(wire.public_item(item), previous))
        await self.emit(wire.item_done(wire.public_item(item), previous))
        if pcm is not None and not item["content"][0].get("transcript"):
            self.transcripts.listen(item, pcm)

    async def _on_conversation_item_retrieve(self, event: dict[str, Any]) -> None:
        item_id = event.get("item_id")
        if item_id is None:
            raise missing("item_id")
        item = self.conversation.get(item_id)
        fmt = self._out_format if item.get("role") == "assistant" else self._in_format
        retrieved = self.conversation.retrieved(item_id, lambda pcm: encode_audio(pcm, fmt))
        await self.emit(wire.event(ev.ITEM_RETRIEVED, item=retrieved))

    async def _on_conversation_item_truncate(self, event: dict[str, Any]) -> None:
        for key in ("item_id", "content_index", "audio_end_ms"):
            if event.get(key) is None:
                raise missing(key)
        self.conversation.truncate(event["item_id"], event["content_index"], event["audio_end_ms"])
        await self.emit(
            wire.event(
                ev.ITEM_TRUNCATED,
                item_id=event["item_id"],
                content_index=event["content_index"],
                audio_end_ms=event["audio_end_ms"],
            )
        )

    async def _on_conversation_item_delete(self, event: dict[str, Any]) -> None:
        item_id = event.get("item_id")
        if item_id is None:
            raise missing("item_id")
        self.conversation.delete(item_id)
        self.transcripts.forget(item_id)
        await self.emit(wire.event(ev.ITEM_DELETED, item_id=item_id))

    # -- responses -------------------------------------------------------------------------------------------
    async def _on_response_create(self, event: dict[str, Any]) -> None:
        params = validate_response_params(event.get("response"))
        if params.get("conversation", "auto") == "auto" and self.active is not None:
            raise ProtocolError(
                "conversation_already_has_active_response",
                f"Conversation already has an active response in progress: {self.active.id}. "
                "Wait until the response is finished before creating a new one.",
            )
        await self._start_response(params, event.get("event_id") if isinstance(event.get("event_id"), str) else None)

    def _resolve_input(self, entries: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, float]]:
        items: list[dict[str, Any]] = []
        audio_ms: dict[str, float] = {}
        for i, entry in enumerate(entries):
            if entry.get("type") == "item_reference":
                if entry.get("id") is None:
                    raise missing(f"response.input[{i}].id")
                item = self.conversation.get(entry["id"], f"response.input[{i}].id")
                audio_ms[item["id"]] = self.conversation.audio_ms(item["id"])
                items.append(item)
            else:
                item, parts = normalize_item(entry, f"response.input[{i}]")
                pcm = self._audio_of(parts)
                if pcm is not None:
                    audio_ms[item["id"]] = bytes_to_ms(len(pcm))
                items.append(item)
        return items, audio_ms

    async def _start_response(self, params: dict[str, Any], event_id: str | None = None) -> None:
        s = self.session
        in_conversation = params.get("conversation", "auto") == "auto"
        if "input" in params:
            context, audio_ms = self._resolve_input(params["input"])
        else:
            context = list(self.conversation.items)
            audio_ms = {i["id"]: self.conversation.audio_ms(i["id"]) for i in context}
        if self.speech.enabled and self.recognition_limit_s is not None:
            refusal = self.speech.backlog.refusal(
                self.transcripts.waiting_audio_s(context, self.conversation), self.recognition_limit_s
            )
            if refusal is not None:
                await self._refuse(refusal, context, event_id)
                return
        out = params.get("audio", {}).get("output", {})
        instructions = params.get("instructions", s["instructions"])
        spec = ResponseSpec(
            response_id=wire.new_id("resp"),
            in_conversation=in_conversation,
            context=context,
            audio_ms=audio_ms,
            instructions=instructions,
            tools=params.get("tools", s["tools"]),
            tool_choice=params.get("tool_choice", s["tool_choice"]),
            modality=params.get("output_modalities", s["output_modalities"])[0],
            audio_format=out.get("format", s["audio"]["output"]["format"]),
            voice=out.get("voice", s["audio"]["output"]["voice"]),
            max_output_tokens=params.get("max_output_tokens", s["max_output_tokens"]),
            metadata=params.get("metadata"),
        )
        run = ResponseRun(
            spec,
            self.emit,
            self.speech,
            self.conversation,
            self._history,
            self.transcripts.with_transcripts,
            on_audio=self._mark_audio_sent,
            on_finish=self._finished,
            planner=self._planner if in_conversation else rule_based,  # out-of-band work is not a scripted turn
        )
        if in_conversation:
            self.active = run
        else:
            self.out_of_band.append(run)
        self.requests += 1
        limits = wire.rate_limits(
            REQUESTS_LIMIT, REQUESTS_LIMIT - self.requests, TOKENS_LIMIT, TOKENS_LIMIT - self.tokens
        )
        try:
            await run.open(limits)  # response.created goes out before any later client event is answered
        except BaseException:
            self._finished(run)
            run.finished.set()
            raise
        self._spawn(self._run(run))

    async def _refuse(self, refusal: Refusal, items: list[dict[str, Any]], event_id: str | None) -> None:
        """Refuse a response as the service does when over capacity; its utterances leave the queue."""
        self.refused += 1
        self.transcripts.drop_waiting(items)
        log.info("response refused: %s", refusal.message)
        await self.emit(
            wire.error("rate_limit_exceeded", refusal.message, None, event_id, error_type=RATE_LIMIT_ERROR_TYPE)
        )
        tokens_left = TOKENS_LIMIT - self.tokens
        await self.emit(wire.rate_limits(REQUESTS_LIMIT, 0, TOKENS_LIMIT, tokens_left, refusal.retry_after_s))

    @property
    def audio_bytes_held(self) -> int:
        """Bytes of audio this connection holds: the input buffer plus the conversation's kept item audio."""
        return len(self.buffer) + self.conversation.audio_bytes

    def _mark_audio_sent(self) -> None:
        self._audio_sent = True

    def _finished(self, run: ResponseRun) -> None:
        if run.id in self._settled:
            return
        self._settled.add(run.id)
        if self.active is run:
            self.active = None
            if self.detector is not None:
                # idle timer: from now plus the response's audio, standing in for the client's playback time
                self.detector.arm_idle(self.detector.position_ms + run.output_audio_ms)
        if run in self.out_of_band:
            self.out_of_band.remove(run)
        usage = run.obj.get("usage") or {}
        self.tokens += int(usage.get("total_tokens") or 0)

    async def _run(self, run: ResponseRun) -> None:
        try:
            await run.run()
        finally:
            self._finished(run)  # also when the connection dropped mid-response

    async def _cancel(self, run: ResponseRun, reason: str) -> None:
        # The run abandons any recognition or synthesis it waits on, so this wait only covers its closing events.
        run.cancel(reason)
        await run.finished.wait()
        await asyncio.sleep(0)  # let the response task finish its bookkeeping

    async def _on_response_cancel(self, event: dict[str, Any]) -> None:
        wanted = event.get("response_id")
        runs = [r for r in [self.active, *reversed(self.out_of_band)] if r is not None and not r.finished.is_set()]
        if wanted is not None:
            runs = [r for r in runs if r.id == wanted]
        if not runs:
            raise ProtocolError("response_cancel_not_active", "Cancellation failed: no active response found")
        await self._cancel(runs[0], "client_cancelled")
