"""The default conversation of a local Realtime session: validated items in order, with their audio kept
aside.

Items are GA item dicts (``object: "realtime.item"``). Audio content is stored as 24 kHz PCM16 next to the
items, so added/done events can omit it and ``conversation.item.retrieved`` can include it. Audio is kept for the
newest items only (``AUDIO_KEPT_BYTES`` in all; the newest item and the newest assistant audio, which truncation
needs, are always kept), so a long session holds bounded audio; an older item is retrieved with its transcript
and without audio. Audio lengths are remembered for every item (usage counts them).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Container, Mapping
from typing import Any

import numpy as np

from rtkit.audio import bytes_to_ms, ms_to_bytes
from rtkit.local.server.events import ProtocolError, invalid, missing, new_id, unknown

_USER_PARTS: dict[str, tuple[str, ...]] = {
    "input_text": ("text",),
    "input_audio": ("audio", "transcript"),
    "input_image": ("image_url", "detail"),
}
_PARTS_BY_ROLE: dict[str, dict[str, tuple[str, ...]]] = {
    "user": _USER_PARTS,
    "system": {"input_text": ("text",)},
    "assistant": {"output_text": ("text",)},
}
_ITEM_FIELDS: dict[str, tuple[str, ...]] = {
    "message": ("id", "type", "object", "status", "role", "content"),
    "function_call": ("id", "type", "object", "status", "call_id", "name", "arguments"),
    "function_call_output": ("id", "type", "object", "status", "call_id", "output"),
}
MAX_ITEM_ID = 32
AUDIO_KEPT_BYTES = ms_to_bytes(20_000)  # 20 s of 24 kHz PCM16


def _decode_b64(data: Any, path: str) -> bytes:
    if not isinstance(data, str):
        raise invalid(path, data, "a base64 string")
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise invalid(path, data[:20], "valid base64 audio") from exc


def _typed(obj: Any, path: str, what: str, fields: Mapping[str, Container[str]], kinds: str) -> str:
    """The ``type`` of an object whose allowed fields depend on it; ProtocolError naming what is wrong."""
    if not isinstance(obj, dict):
        raise invalid(path, obj, what)
    kind = obj.get("type")
    if kind is None:
        raise missing(f"{path}.type")
    if kind not in fields:
        raise invalid(f"{path}.type", kind, kinds)
    for key in obj:
        if key != "type" and key not in fields[kind]:
            raise unknown(f"{path}.{key}")
    return kind


def normalize_item(item: Any, path: str = "item") -> tuple[dict[str, Any], list[bytes | None]]:
    """Validate a client-created item; returns the stored item (audio removed) and the raw audio per content
    part.

    Raises ProtocolError naming the offending field.
    """
    kind = _typed(
        item, path, "an item object", _ITEM_FIELDS, "one of 'message', 'function_call', 'function_call_output'"
    )
    item_id = item.get("id")
    if item_id is not None and (not isinstance(item_id, str) or not item_id or len(item_id) > MAX_ITEM_ID):
        raise invalid(f"{path}.id", item_id, f"a string of 1 to {MAX_ITEM_ID} characters")
    out: dict[str, Any] = {
        "id": item_id or new_id("item"),
        "type": kind,
        "object": "realtime.item",
        "status": "completed",
    }
    audio: list[bytes | None] = []
    if kind == "message":
        role = item.get("role")
        if role is None:
            raise missing(f"{path}.role")
        if role not in _PARTS_BY_ROLE:
            raise invalid(f"{path}.role", role, "one of 'user', 'assistant', 'system'")
        content = item.get("content")
        if content is None:
            raise missing(f"{path}.content")
        if not isinstance(content, list):
            raise invalid(f"{path}.content", content, "an array of content parts")
        parts = []
        allowed = _PARTS_BY_ROLE[role]
        for i, part in enumerate(content):
            ppath = f"{path}.content[{i}]"
            kinds = f"one of {', '.join(map(repr, allowed))} for role '{role}'"
            ptype = _typed(part, ppath, "a content part object", allowed, kinds)
            if ptype in ("input_text", "output_text"):
                if not isinstance(part.get("text"), str):
                    raise (
                        missing(f"{ppath}.text")
                        if part.get("text") is None
                        else invalid(f"{ppath}.text", part["text"], "a string")
                    )
                parts.append({"type": ptype, "text": part["text"]})
                audio.append(None)
            elif ptype == "input_audio":
                if part.get("audio") is None:
                    raise missing(f"{ppath}.audio")
                audio.append(_decode_b64(part["audio"], f"{ppath}.audio"))
                parts.append({"type": ptype, "transcript": part.get("transcript")})
            else:
                url = part.get("image_url")
                if not isinstance(url, str) or not url.startswith(("data:image/png", "data:image/jpeg")):
                    raise invalid(f"{ppath}.image_url", url, "a data URI with a PNG or JPEG image")
                parts.append({"type": ptype, "image_url": url, "detail": part.get("detail") or "auto"})
                audio.append(None)
        out.update(role=role, content=parts)
    elif kind == "function_call":
        for key in ("name", "arguments"):
            if item.get(key) is None:
                raise missing(f"{path}.{key}")
            if not isinstance(item[key], str):
                raise invalid(f"{path}.{key}", item[key], "a string")
        out.update(call_id=item.get("call_id") or new_id("call"), name=item["name"], arguments=item["arguments"])
    else:
        for key in ("call_id", "output"):
            if item.get(key) is None:
                raise missing(f"{path}.{key}")
            if not isinstance(item[key], str):
                raise invalid(f"{path}.{key}", item[key], "a string")
        out.update(call_id=item["call_id"], output=item["output"])
    return out, audio


class Conversation:
    """Ordered items of the default conversation, plus their audio (24 kHz PCM16 bytes per item)."""

    def __init__(self) -> None:
        self.id = new_id("conv")
        self.items: list[dict[str, Any]] = []
        self.audio: dict[str, bytes] = {}  # oldest first
        self._audio_ms: dict[str, float] = {}
        self._latest_assistant: str | None = None

    @property
    def audio_bytes(self) -> int:
        """Bytes of item audio currently kept."""
        return sum(len(pcm) for pcm in self.audio.values())

    def keep_audio(self, item_id: str, pcm: bytes) -> None:
        """Store an item's audio (24 kHz PCM16), then drop the oldest kept audio beyond the budget."""
        self.audio.pop(item_id, None)
        self.audio[item_id] = pcm
        self._audio_ms[item_id] = bytes_to_ms(len(pcm))
        if any(i["id"] == item_id and i.get("role") == "assistant" for i in self.items):
            self._latest_assistant = item_id
        total = self.audio_bytes
        for old in list(self.audio):
            if total <= AUDIO_KEPT_BYTES:
                break
            if old not in (item_id, self._latest_assistant):
                total -= len(self.audio.pop(old))

    def __len__(self) -> int:
        return len(self.items)

    def get(self, item_id: Any, param: str = "item_id") -> dict[str, Any]:
        for item in self.items:
            if item["id"] == item_id:
                return item
        raise ProtocolError("invalid_value", f"Item with item_id '{item_id}' not found in the conversation.", param)

    def last_id(self) -> str | None:
        return self.items[-1]["id"] if self.items else None

    def insert(
        self, item: dict[str, Any], previous_item_id: str | None = None, audio: bytes | None = None
    ) -> str | None:
        """Add ``item`` after ``previous_item_id`` (None = append, ``"root"`` = first); returns the id before
        it."""
        if any(i["id"] == item["id"] for i in self.items):
            raise ProtocolError("invalid_value", f"Item with id '{item['id']}' already exists.", "item.id")
        if previous_item_id is None:
            before = self.last_id()
            self.items.append(item)
        elif previous_item_id == "root":
            before = None
            self.items.insert(0, item)
        else:
            self.get(previous_item_id, "previous_item_id")
            index = next(i for i, it in enumerate(self.items) if it["id"] == previous_item_id)
            self.items.insert(index + 1, item)
            before = previous_item_id
        if audio is not None:
            self.keep_audio(item["id"], audio)
        return before

    def previous_of(self, item_id: str) -> str | None:
        for i, item in enumerate(self.items):
            if item["id"] == item_id:
                return self.items[i - 1]["id"] if i else None
        return None

    def delete(self, item_id: Any) -> None:
        item = self.get(item_id)
        self.items.remove(item)
        self.audio.pop(item["id"], None)
        self._audio_ms.pop(item["id"], None)

    def audio_ms(self, item_id: str) -> float:
        return self._audio_ms.get(item_id, 0.0)

    def truncate(self, item_id: Any, content_index: Any, audio_end_ms: Any) -> None:
        """Cut an assistant audio item at ``audio_end_ms``; its transcript is dropped, as the real service
        does."""
        item = self.get(item_id)
        if not isinstance(content_index, int) or isinstance(content_index, bool) or content_index < 0:
            raise invalid("content_index", content_index, "a non-negative integer")
        if not isinstance(audio_end_ms, int) or isinstance(audio_end_ms, bool) or audio_end_ms < 0:
            raise invalid("audio_end_ms", audio_end_ms, "a non-negative integer")
        content = item.get("content") or []
        if item.get("role") != "assistant" or content_index >= len(content):
            raise ProtocolError("invalid_value", "Only model output audio messages can be truncated", "item_id")
        if content[content_index].get("type") != "output_audio":
            raise ProtocolError("invalid_value", "Only model output audio messages can be truncated", "item_id")
        length = self.audio_ms(item["id"])
        if audio_end_ms > length:
            raise ProtocolError(
                "invalid_value",
                f"Audio content of {length:.0f}ms is already shorter than {audio_end_ms}ms",
                "audio_end_ms",
            )
        if item["id"] in self.audio:
            self.audio[item["id"]] = self.audio[item["id"]][: ms_to_bytes(audio_end_ms)]
        self._audio_ms[item["id"]] = float(audio_end_ms)
        content[content_index]["transcript"] = ""

    def retrieved(self, item_id: Any, encode: Any) -> dict[str, Any]:
        """The item with its audio, base64 in the wire format (``encode(pcm_array) -> bytes``)."""
        item = self.get(item_id)
        out = {**item}
        if item.get("type") == "message" and item["id"] in self.audio:
            pcm = np.frombuffer(self.audio[item["id"]], dtype="<i2")
            b64 = base64.b64encode(encode(pcm)).decode("ascii")
            out["content"] = [
                {**part, "audio": b64} if part.get("type") in ("input_audio", "output_audio") else dict(part)
                for part in item["content"]
            ]
        return out
