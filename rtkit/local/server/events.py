"""Server-event builders of the local Realtime server: pure functions returning GA-shaped dicts, and id
generation.

Every builder stamps a fresh ``event_id``; shapes follow the ``openai`` package's ``RealtimeServerEvent``
types, and type names come from :mod:`rtkit.realtime.events`.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

import orjson

from rtkit.realtime import events as ev


def encode(event: dict[str, Any]) -> bytes:
    """A server event as the UTF-8 JSON text of its frame. orjson writes a 13 KB audio delta in ~1 µs where
    ``json.dumps`` scans the base64 for escapes (~35 µs), and a response sends ~18 of them in a burst; anything
    orjson refuses (integers beyond 64 bits) falls back to ``json.dumps``."""
    try:
        return orjson.dumps(event)
    except TypeError:
        return json.dumps(event).encode()


class ProtocolError(Exception):
    """A client event the server rejects; becomes an ``error`` event (the connection stays open)."""

    def __init__(self, code: str, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.param = param


def missing(param: str) -> ProtocolError:
    return ProtocolError("missing_required_parameter", f"Missing required parameter: '{param}'.", param)


def unknown(param: str) -> ProtocolError:
    return ProtocolError("unknown_parameter", f"Unknown parameter: '{param}'.", param)


def invalid(param: str, value: object, expected: str) -> ProtocolError:
    shown = repr(value)
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return ProtocolError("invalid_value", f"Invalid value for '{param}': {shown}. Expected {expected}.", param)


#: Id prefixes used by the Realtime API.
PREFIXES = ("event", "item", "resp", "call", "sess", "conv")


def new_id(prefix: str) -> str:
    """A fresh id such as ``item_3f0c…`` (prefix + 22 random characters; item ids stay under 32
    characters)."""
    if prefix not in PREFIXES:
        raise ValueError(f"prefix: {prefix!r} is not an id prefix; allowed: {', '.join(PREFIXES)}")
    return f"{prefix}_{secrets.token_hex(11)}"


def event(type_: str, **fields: Any) -> dict[str, Any]:
    """A server event of type ``type_`` with a new ``event_id``."""
    return {"type": type_, "event_id": new_id("event"), **fields}


def error(
    code: str | None,
    message: str,
    param: str | None = None,
    event_id: str | None = None,
    error_type: str = "invalid_request_error",
) -> dict[str, Any]:
    """``error`` event; ``event_id`` inside ``error`` is the client event that caused it (None if unknown)."""
    return event(
        ev.ERROR,
        error={"type": error_type, "code": code, "message": message, "param": param, "event_id": event_id},
    )


def session(type_: str, session_obj: dict[str, Any]) -> dict[str, Any]:
    """``session.created`` or ``session.updated`` (``type_``) carrying the full session."""
    return event(type_, session=session_obj)


def item_added(item: dict[str, Any], previous_item_id: str | None) -> dict[str, Any]:
    return event(ev.ITEM_ADDED, item=item, previous_item_id=previous_item_id)


def item_done(item: dict[str, Any], previous_item_id: str | None) -> dict[str, Any]:
    return event(ev.ITEM_DONE, item=item, previous_item_id=previous_item_id)


def rate_limits(
    requests_limit: int, requests_left: int, tokens_limit: int, tokens_left: int, requests_reset_s: float = 60.0
) -> dict[str, Any]:
    """``rate_limits.updated`` with a request and a token bucket (reset within a minute, or the requests bucket
    after ``requests_reset_s``)."""
    return event(
        ev.RATE_LIMITS_UPDATED,
        rate_limits=[
            {
                "name": "requests",
                "limit": requests_limit,
                "remaining": max(0, requests_left),
                "reset_seconds": round(requests_reset_s, 3),
            },
            {
                "name": "tokens",
                "limit": tokens_limit,
                "remaining": max(0, tokens_left),
                "reset_seconds": 60.0,
            },
        ],
    )


def response_obj(
    response_id: str,
    *,
    conversation_id: str | None,
    output_modalities: list[str],
    max_output_tokens: int | str,
    audio_format: dict[str, Any],
    voice: Any,
    metadata: dict[str, str] | None,
) -> dict[str, Any]:
    """A fresh in-progress ``realtime.response`` object (no output, usage null)."""
    return {
        "object": "realtime.response",
        "id": response_id,
        "status": "in_progress",
        "status_details": None,
        "output": [],
        "conversation_id": conversation_id,
        "output_modalities": list(output_modalities),
        "max_output_tokens": max_output_tokens,
        "audio": {"output": {"format": dict(audio_format), "voice": voice}},
        "usage": None,
        "metadata": metadata,
    }


def output_ids(response_id: str, item_id: str, output_index: int, content_index: int = 0) -> dict[str, Any]:
    """The four ids every content-level response event carries."""
    return {
        "response_id": response_id,
        "item_id": item_id,
        "output_index": output_index,
        "content_index": content_index,
    }


def public_item(item: dict[str, Any]) -> dict[str, Any]:
    """An item as sent in added/done/output events: audio bytes stripped (only ``retrieved`` carries them)."""
    if item.get("type") != "message":
        return dict(item)
    content = [{k: v for k, v in part.items() if k != "audio"} for part in item.get("content", [])]
    return {**item, "content": content}
