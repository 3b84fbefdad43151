"""The GA Realtime wire protocol as pure functions: client-event builders, item builders, event names, readers.

Events are plain dicts (fast on the hot path); the official ``openai`` types validate them in the tests.
Nothing here does I/O.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Mapping
from typing import Any

from rtkit.realtime import events as ev
from rtkit.realtime.events import (  # noqa: F401  (the vocabulary, re-exported for existing callers)
    AUDIO_COMMITTED,
    AUDIO_DELTA,
    AUDIO_DONE,
    AUDIO_TRANSCRIPT_DELTA,
    AUDIO_TRANSCRIPT_DONE,
    ERROR,
    FUNCTION_ARGS_DELTA,
    FUNCTION_ARGS_DONE,
    ITEM_ADDED,
    ITEM_DONE,
    LEGACY_EVENT_NAMES,
    OUTPUT_ITEM_ADDED,
    OUTPUT_ITEM_DONE,
    RATE_LIMITS_UPDATED,
    RESPONSE_CREATED,
    RESPONSE_DONE,
    SESSION_CREATED,
    SESSION_UPDATED,
    SPEECH_STARTED,
    SPEECH_STOPPED,
    TEXT_DELTA,
    TEXT_DONE,
    TIMEOUT_TRIGGERED,
    TRANSCRIPTION_COMPLETED,
    TRANSCRIPTION_DELTA,
    TRANSCRIPTION_FAILED,
)

#: Every client event type of the GA protocol.
CLIENT_EVENT_TYPES = ev.CLIENT_EVENTS


def new_event_id() -> str:
    """A fresh client event id (``event_`` + 24 hex digits)."""
    return "event_" + secrets.token_hex(12)


def new_item_id() -> str:
    """A fresh item id for items the client creates."""
    return "item_" + secrets.token_hex(12)


# -- client events -------------------------------------------------------------------------------------------
def session_update(session: Mapping[str, Any]) -> dict[str, Any]:
    """``session.update``; GA requires ``session.type``."""
    if "type" not in session:
        raise ValueError("session.type is required in GA session.update (write type='realtime')")
    return {"type": ev.SESSION_UPDATE, "session": dict(session)}


def input_audio_buffer_append(audio_b64: str) -> dict[str, Any]:
    """``input_audio_buffer.append`` with base64 audio in the session's input format."""
    return {"type": ev.AUDIO_APPEND, "audio": audio_b64}


def input_audio_buffer_commit() -> dict[str, Any]:
    return {"type": ev.AUDIO_COMMIT}


def input_audio_buffer_clear() -> dict[str, Any]:
    return {"type": ev.AUDIO_CLEAR}


def output_audio_buffer_clear() -> dict[str, Any]:
    """``output_audio_buffer.clear`` (WebRTC/SIP only; precede it with ``response.cancel``)."""
    return {"type": ev.OUTPUT_AUDIO_BUFFER_CLEAR}


def conversation_item_create(item: Mapping[str, Any], previous_item_id: str | None = None) -> dict[str, Any]:
    """``conversation.item.create``; ``previous_item_id`` omitted appends, ``"root"`` prepends."""
    event: dict[str, Any] = {"type": ev.ITEM_CREATE, "item": dict(item)}
    if previous_item_id is not None:
        event["previous_item_id"] = previous_item_id
    return event


def conversation_item_retrieve(item_id: str) -> dict[str, Any]:
    return {"type": ev.ITEM_RETRIEVE, "item_id": item_id}


def conversation_item_truncate(item_id: str, audio_end_ms: int, content_index: int = 0) -> dict[str, Any]:
    """``conversation.item.truncate``: cut an assistant audio item at the ms actually played."""
    if audio_end_ms < 0:
        raise ValueError(f"audio_end_ms={audio_end_ms} must be >= 0")
    return {
        "type": ev.ITEM_TRUNCATE,
        "item_id": item_id,
        "content_index": content_index,
        "audio_end_ms": int(audio_end_ms),
    }


def conversation_item_delete(item_id: str) -> dict[str, Any]:
    return {"type": ev.ITEM_DELETE, "item_id": item_id}


def response_create(response: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``response.create``, optionally with per-response overrides (``conversation``, ``input``, …)."""
    event: dict[str, Any] = {"type": ev.RESPONSE_CREATE}
    if response:
        event["response"] = dict(response)
    return event


def response_cancel(response_id: str | None = None) -> dict[str, Any]:
    event: dict[str, Any] = {"type": ev.RESPONSE_CANCEL}
    if response_id:
        event["response_id"] = response_id
    return event


# -- conversation items --------------------------------------------------------------------------------------
def user_text_item(text: str) -> dict[str, Any]:
    return {"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}


def user_audio_item(audio_b64: str) -> dict[str, Any]:
    return {"type": "message", "role": "user", "content": [{"type": "input_audio", "audio": audio_b64}]}


def system_text_item(text: str) -> dict[str, Any]:
    return {"type": "message", "role": "system", "content": [{"type": "input_text", "text": text}]}


def assistant_text_item(text: str) -> dict[str, Any]:
    return {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": text}]}


def function_call_output_item(call_id: str, output: str) -> dict[str, Any]:
    if not isinstance(output, str):
        raise TypeError("function_call_output.output must be a string (serialise results to JSON first)")
    return {"type": "function_call_output", "call_id": call_id, "output": output}


# -- readers ---------------------------------------------------------------------------------------------------
def normalize_event(event: dict[str, Any]) -> dict[str, Any]:
    """Rename legacy (beta) event types to their GA names in place; returns the event."""
    t = event.get("type")
    if t in LEGACY_EVENT_NAMES:
        event["legacy_type"] = t
        event["type"] = LEGACY_EVENT_NAMES[t]
    return event


def b64_decoded_len(data: str) -> int:
    """Byte length of base64 text without decoding it (cheap on every audio chunk)."""
    n = len(data)
    if n == 0:
        return 0
    pad = 2 if data.endswith("==") else 1 if data.endswith("=") else 0
    return n * 3 // 4 - pad


def decode_audio_delta(event: Mapping[str, Any]) -> bytes:
    """The audio bytes of an ``output_audio.delta`` (or append) event."""
    return base64.b64decode(event.get("delta") or event.get("audio") or "")


def error_fields(event: Mapping[str, Any]) -> dict[str, Any]:
    """The ``error`` object of an error event; a malformed one (a bare string, say) becomes ``{"message": ...}``."""
    err = event.get("error")
    if isinstance(err, Mapping):
        return dict(err)
    return {"message": str(err)} if err else {}


def error_message(event: Mapping[str, Any]) -> str:
    """A one-line description of a server ``error`` event."""
    err = error_fields(event)
    parts = [str(err.get("type") or "error")]
    if err.get("code"):
        parts.append(str(err["code"]))
    msg = f"{': '.join(parts)}: {err.get('message', '')}".rstrip(": ")
    if err.get("param"):
        msg += f" (param {err['param']})"
    return msg


def function_call_outputs_needed(response: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The function_call items of a finished response (``response.done.response.output``)."""
    return [item for item in response.get("output") or [] if item.get("type") == "function_call"]
