"""What the metrics recorder keeps of each event beyond its row: the ids of rare event types that carry them in
their payload, and a few primitive fields (VAD positions, usage, errors, session settings). Hot events (audio and
text deltas) have no extractor and take the recorder's generic path (``item_id``, ``response_id``, ``call_id``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from rtkit.metrics import pricing
from rtkit.realtime import events as ev

Extracted = tuple[Any, Any, Any, dict[str, Any]]
"""What an extractor reads of an event: item id, response id, call id, extra fields to keep."""


def _d(v: Any) -> Mapping[str, Any]:
    if v.__class__ is dict:  # the parsed JSON of every event: skip the slower abstract-class check
        return v
    return v if v is not None and isinstance(v, Mapping) else {}  # a missing field: no abstract-class check


def session_fields(event: Mapping[str, Any]) -> dict[str, Any]:
    s = _d(event.get("session"))
    x: dict[str, Any] = {}
    if s.get("id"):
        x["session_id"] = str(s["id"])
    if isinstance(s.get("model"), str):
        x["model"] = s["model"]
    audio_in = _d(_d(s.get("audio")).get("input"))
    for holder in (audio_in, s):  # GA nesting, then the legacy top level
        if "turn_detection" in holder:
            td = holder["turn_detection"]
            x["turn_detection"] = _d(td).get("type", "server_vad") if td is not None else "none"
            sil = _d(td).get("silence_duration_ms")
            x["silence_ms"] = float(sil) if isinstance(sil, int | float) else None
            break
    if "transcription" in audio_in:
        x["transcription_model"] = _d(audio_in["transcription"]).get("model")
    return x


def _x_session(event: Mapping[str, Any], direction: str) -> Extracted:
    return None, None, None, session_fields(event)


def _x_vad(event: Mapping[str, Any], direction: str) -> Extracted:
    x = {}
    for k in ("audio_start_ms", "audio_end_ms"):
        v = event.get(k)
        if v.__class__ is int or v.__class__ is float or isinstance(v, int | float):  # JSON numbers first
            x[k] = v
    return event.get("item_id"), None, None, x


def _x_response(event: Mapping[str, Any], direction: str) -> Extracted:
    r = _d(event.get("response"))
    x: dict[str, Any] = {}
    if "status" in r:
        x["status"] = r.get("status")
        x["reason"] = _d(r.get("status_details")).get("reason")
    usage = r.get("usage")
    if usage.__class__ is dict or (usage is not None and isinstance(usage, Mapping)):
        x["tokens"] = pricing.usage_tokens(usage)
    if isinstance(r.get("output"), list):
        x["function_calls"] = sum(1 for it in r["output"] if _d(it).get("type") == "function_call")
    if ("conversation_id" in r and r["conversation_id"] is None) or r.get("conversation") == "none":
        x["out_of_band"] = True  # outside the conversation (a summary): a turn of its own
    return None, r.get("id") or event.get("response_id"), None, x


_ITEM_X: dict[tuple[Any, Any], dict[str, Any]] = {}
"""The extra fields of item events, one dict per (item type, role) shared by every row that has them (read, never
changed): a few item events per turn each kept a dict of their own, which the garbage collector counted."""


def _x_item(event: Mapping[str, Any], direction: str) -> Extracted:
    it = _d(event.get("item"))
    x = _item_x(it) if it else {}
    return it.get("id") or event.get("item_id"), event.get("response_id"), it.get("call_id"), x


def _item_x(item: Mapping[str, Any]) -> dict[str, Any]:
    kind, role = item.get("type"), item.get("role")
    if kind.__class__ is not str or (role is not None and role.__class__ is not str):
        return {"item_type": kind, "role": role}  # a malformed item: a dict of its own
    x = _ITEM_X.get((kind, role))
    if x is None:
        x = {"item_type": kind, "role": role}
        if len(_ITEM_X) < 64:  # bounded: a server could invent item types
            _ITEM_X[kind, role] = x
    return x


def _x_args_done(event: Mapping[str, Any], direction: str) -> Extracted:
    args = event.get("arguments")
    x = {"name": event.get("name"), "arguments_chars": len(args) if isinstance(args, str) else None}
    if isinstance(args, str):
        x["arguments"] = args  # as sent, so a call can be graded afterwards (redacted and cut on export)
    return event.get("item_id"), event.get("response_id"), event.get("call_id"), x


def _x_transcribed(event: Mapping[str, Any], direction: str) -> Extracted:
    text = event.get("transcript")
    x = {"transcript": text[:2000] if isinstance(text, str) else None, "usage": event.get("usage")}
    return event.get("item_id"), None, None, x


def _x_error(event: Mapping[str, Any], direction: str) -> Extracted:
    e = _d(event.get("error"))
    x = {"code": e.get("code"), "error_type": e.get("type"), "message": str(e.get("message", ""))[:300]}
    return None, None, None, x


def _x_local(event: Mapping[str, Any], direction: str) -> Extracted:
    x = {k: v for k, v in event.items() if k != "type" and (v is None or isinstance(v, str | int | float | bool))}
    return event.get("item_id"), event.get("response_id"), event.get("call_id"), x


_EXTRACTORS: dict[str, Callable[[Mapping[str, Any], str], Extracted]] = {
    ev.SESSION_CREATED: _x_session,
    ev.SESSION_UPDATE: _x_session,
    ev.SESSION_UPDATED: _x_session,
    ev.SPEECH_STARTED: _x_vad,
    ev.SPEECH_STOPPED: _x_vad,
    ev.TIMEOUT_TRIGGERED: _x_vad,
    ev.RESPONSE_CREATE: _x_response,
    ev.RESPONSE_CREATED: _x_response,
    ev.RESPONSE_DONE: _x_response,
    ev.ITEM_CREATE: _x_item,
    ev.ITEM_ADDED: _x_item,
    ev.ITEM_DONE: _x_item,
    ev.ITEM_RETRIEVED: _x_item,
    ev.OUTPUT_ITEM_ADDED: _x_item,
    ev.OUTPUT_ITEM_DONE: _x_item,
    ev.FUNCTION_ARGS_DONE: _x_args_done,
    ev.TRANSCRIPTION_COMPLETED: _x_transcribed,
    ev.TRANSCRIPTION_FAILED: _x_error,
    ev.ERROR: _x_error,
}


def extractor(etype: str, local: bool) -> Callable[[Mapping[str, Any], str], Extracted] | None:
    """The extractor of an event type (``local``: one of rtkit's own events), or None for the generic path."""
    return _x_local if local else _EXTRACTORS.get(etype)
