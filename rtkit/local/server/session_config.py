"""Session configuration of the local Realtime server: defaults, validation of ``session.update`` and of
``response.create`` parameters, and merging of partial updates (pure functions).

Invalid input raises :class:`~rtkit.local.server.events.ProtocolError` with the codes the real service uses
(``missing_required_parameter``, ``unknown_parameter``, ``invalid_value``) and the dotted ``param`` path.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Mapping
from typing import Any

from rtkit.audio import SAMPLE_RATE, wire_format
from rtkit.config import SERVER_VAD_DEFAULTS, SERVER_VAD_RANGES, VOICES
from rtkit.local.server.events import ProtocolError, invalid, missing, new_id, unknown

DEFAULT_INSTRUCTIONS = (
    "You are a helpful voice assistant. Answer briefly, and use the tools you are given when a request needs them."
)
DEFAULT_VOICE = "marin"
SEMANTIC_VAD_DEFAULTS: dict[str, Any] = {
    "type": "semantic_vad",
    "eagerness": "auto",
    "create_response": True,
    "interrupt_response": True,
}

Validator = Callable[[Any, str], Any]
_NULL_MEANS_UNCHANGED = object()


# -- validator combinators -----------------------------------------------------------------------------------
def _str(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise invalid(path, value, "a string")
    return value


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise invalid(path, value, "a boolean")
    return value


def _enum(*allowed: Any) -> Validator:
    def check(value: Any, path: str) -> Any:
        if value not in allowed:
            raise invalid(path, value, "one of " + ", ".join(repr(a) for a in allowed))
        return value

    return check


def _number(lo: float, hi: float, integer: bool = False) -> Validator:
    def check(value: Any, path: str) -> Any:
        ok_type = isinstance(value, int) if integer else isinstance(value, int | float)
        if isinstance(value, bool) or not ok_type or not lo <= value <= hi:
            kind = "an integer" if integer else "a number"
            raise invalid(path, value, f"{kind} from {lo:g} to {hi:g}")
        return value

    return check


def _list(inner: Validator, max_len: int | None = None) -> Validator:
    def check(value: Any, path: str) -> list[Any]:
        if not isinstance(value, list):
            raise invalid(path, value, "an array")
        if max_len is not None and len(value) > max_len:
            raise invalid(path, f"{len(value)} entries", f"at most {max_len} entries")
        return [inner(v, f"{path}[{i}]") for i, v in enumerate(value)]

    return check


def _dict(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise invalid(path, value, "an object")
    return value


def _nullable(inner: Validator) -> Validator:
    def check(value: Any, path: str) -> Any:
        return None if value is None else inner(value, path)

    return check


def _obj(fields: Mapping[str, Validator], required: tuple[str, ...] = ()) -> Validator:
    """An object with known fields; unknown fields and missing required ones are errors. A null value for a
    field whose validator is not nullable means "leave unchanged" and is dropped."""

    def check(value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise invalid(path, value, "an object")
        for key in value:
            if key not in fields:
                raise unknown(f"{path}.{key}" if path else key)
        for key in required:
            if value.get(key) is None:
                raise missing(f"{path}.{key}" if path else key)
        out: dict[str, Any] = {}
        for key, v in value.items():
            result = fields[key](v, f"{path}.{key}" if path else key)
            if result is not _NULL_MEANS_UNCHANGED:
                out[key] = result
        return out

    return check


def _opt(inner: Validator) -> Validator:
    """Null = leave the field unchanged."""

    def check(value: Any, path: str) -> Any:
        return _NULL_MEANS_UNCHANGED if value is None else inner(value, path)

    return check


def _tagged(variants: Mapping[str, Validator], tag: str = "type") -> Validator:
    def check(value: Any, path: str) -> Any:
        if not isinstance(value, dict):
            raise invalid(path, value, "an object")
        if value.get(tag) is None:
            raise missing(f"{path}.{tag}")
        if value[tag] not in variants:
            raise invalid(f"{path}.{tag}", value[tag], "one of " + ", ".join(repr(v) for v in variants))
        return variants[value[tag]](value, path)

    return check


# -- session fields ------------------------------------------------------------------------------------------
def _format(value: Any, path: str) -> dict[str, Any]:
    fmt = _tagged(
        {
            "audio/pcm": _obj({"type": _str, "rate": _enum(SAMPLE_RATE)}),
            "audio/pcmu": _obj({"type": _str}),
            "audio/pcma": _obj({"type": _str}),
        }
    )(value, path)
    return wire_format(fmt["type"])


def _modalities(value: Any, path: str) -> list[str]:
    mods = _list(_enum("audio", "text"))(value, path)
    if len(mods) != 1:
        raise invalid(path, value, "exactly one of ['audio'] or ['text'] (both at once is not supported)")
    return mods


def _voice(value: Any, path: str) -> Any:
    if isinstance(value, str):
        if value not in VOICES:
            listed = ", ".join(f"'{v}'" for v in VOICES[:-1]) + f", and '{VOICES[-1]}'"
            raise ProtocolError("invalid_value", f"Invalid value: '{value}'. Supported values are: {listed}.", path)
        return value
    return _obj({"id": _str}, required=("id",))(value, path)  # a custom voice, by id


def _max_tokens(value: Any, path: str) -> Any:
    if value == "inf":
        return value
    return _number(1, 4096, integer=True)(value, path)


_SERVER_VAD = _obj(
    {
        "type": _str,
        **{
            name: (_nullable if name == "idle_timeout_ms" else _opt)(_number(lo, hi, integer=integer))
            for name, (lo, hi, integer) in SERVER_VAD_RANGES.items()
        },
        "create_response": _opt(_bool),
        "interrupt_response": _opt(_bool),
    }
)
_SEMANTIC_VAD = _obj(
    {
        "type": _str,
        "eagerness": _opt(_enum("low", "medium", "high", "auto")),
        "create_response": _opt(_bool),
        "interrupt_response": _opt(_bool),
    }
)


def _turn_detection(value: Any, path: str) -> dict[str, Any] | None:
    if value is None:
        return None
    td = _tagged({"server_vad": _SERVER_VAD, "semantic_vad": _SEMANTIC_VAD})(value, path)
    defaults = SERVER_VAD_DEFAULTS if td["type"] == "server_vad" else SEMANTIC_VAD_DEFAULTS
    return {**defaults, **td}


_TRANSCRIPTION = _nullable(
    _obj(
        {
            "model": _opt(_str),
            "language": _opt(_str),
            "prompt": _opt(_str),
            "languages": _opt(_list(_str)),
            "keywords": _opt(_list(_str)),
            "delay": _opt(_enum("minimal", "low", "medium", "high", "xhigh")),
        }
    )
)
_NOISE = _nullable(_obj({"type": _opt(_enum("near_field", "far_field")), "strength": _opt(_number(0.0, 1.0))}))

_FUNCTION_TOOL = _obj({"type": _str, "name": _str, "description": _opt(_str), "parameters": _opt(_dict)}, ("name",))


def _any(value: Any, path: str) -> Any:
    return value


_MCP_FIELDS = (
    "type",
    "server_label",
    "server_url",
    "connector_id",
    "tunnel_id",
    "authorization",
    "headers",
    "allowed_tools",
    "require_approval",
    "server_description",
    "defer_loading",
    "allowed_callers",
)
_MCP_TOOL = _obj({k: _opt(_any) for k in _MCP_FIELDS}, ("server_label",))


def _tool(value: Any, path: str) -> dict[str, Any]:
    if isinstance(value, dict) and value.get("type") is None:
        value = {**value, "type": "function"}
    tool = _tagged({"function": _FUNCTION_TOOL, "mcp": _MCP_TOOL})(value, path)
    return tool


def _tool_choice(value: Any, path: str) -> Any:
    if isinstance(value, str):
        return _enum("auto", "none", "required")(value, path)
    return _tagged(
        {
            "function": _obj({"type": _str, "name": _str}, ("name",)),
            "mcp": _obj({"type": _str, "server_label": _str, "name": _opt(_str)}, ("server_label",)),
        }
    )(value, path)


def _tracing(value: Any, path: str) -> Any:
    if value is None or value == "auto":
        return value
    return _obj({"workflow_name": _opt(_str), "group_id": _opt(_str), "metadata": _opt(_any)})(value, path)


def _truncation(value: Any, path: str) -> Any:
    if isinstance(value, str):
        return _enum("auto", "disabled")(value, path)
    return _tagged(
        {
            "retention_ratio": _obj(
                {
                    "type": _str,
                    "retention_ratio": _number(0.0, 1.0),
                    "token_limits": _opt(_obj({"post_instructions": _opt(_number(0, 10**7, integer=True))})),
                },
                ("retention_ratio",),
            )
        }
    )(value, path)


_PROMPT = _nullable(_obj({"id": _str, "version": _opt(_str), "variables": _opt(_dict)}, ("id",)))
_REASONING = _opt(_obj({"effort": _opt(_enum("minimal", "low", "medium", "high", "xhigh"))}))

_SESSION = _obj(
    {
        "type": _str,
        "model": _opt(_str),
        "instructions": _opt(_str),
        "output_modalities": _opt(_modalities),
        "audio": _opt(
            _obj(
                {
                    "input": _opt(
                        _obj(
                            {
                                "format": _opt(_format),
                                "transcription": _TRANSCRIPTION,
                                "noise_reduction": _NOISE,
                                "turn_detection": _turn_detection,
                            }
                        )
                    ),
                    "output": _opt(
                        _obj(
                            {
                                "format": _opt(_format),
                                "voice": _opt(_voice),
                                "speed": _opt(_number(0.25, 1.5)),
                            }
                        )
                    ),
                }
            )
        ),
        "tools": _opt(_list(_tool, max_len=128)),
        "tool_choice": _opt(_tool_choice),
        "max_output_tokens": _opt(_max_tokens),
        "tracing": _tracing,
        "truncation": _opt(_truncation),
        "prompt": _PROMPT,
        "include": _nullable(_list(_enum("item.input_audio_transcription.logprobs"))),
        "reasoning": _REASONING,
        "parallel_tool_calls": _opt(_bool),
    },
    required=("type",),
)


def _metadata(value: Any, path: str) -> dict[str, str]:
    meta = _dict(value, path)
    if len(meta) > 16:
        raise invalid(path, f"{len(meta)} pairs", "at most 16 key-value pairs")
    for k, v in meta.items():
        if len(k) > 64:
            raise invalid(f"{path}.{k}", k, "a key of at most 64 characters")
        if not isinstance(v, str) or len(v) > 512:
            raise invalid(f"{path}.{k}", v, "a string of at most 512 characters")
    return meta


_RESPONSE = _obj(
    {
        "conversation": _opt(_enum("auto", "none")),
        "input": _opt(_list(_dict)),
        "instructions": _opt(_str),
        "tools": _opt(_list(_tool, max_len=128)),
        "tool_choice": _opt(_tool_choice),
        "output_modalities": _opt(_modalities),
        "audio": _opt(_obj({"output": _opt(_obj({"format": _opt(_format), "voice": _opt(_voice)}))})),
        "max_output_tokens": _opt(_max_tokens),
        "metadata": _nullable(_metadata),
        "prompt": _PROMPT,
        "reasoning": _REASONING,
        "parallel_tool_calls": _opt(_bool),
    }
)


# -- public functions ----------------------------------------------------------------------------------------
def default_session(model: str, max_session_seconds: float, now: float | None = None) -> dict[str, Any]:
    """The effective session a new connection starts with (what ``session.created`` shows)."""
    created = time.time() if now is None else now
    return {
        "type": "realtime",
        "object": "realtime.session",
        "id": new_id("sess"),
        "model": model,
        "output_modalities": ["audio"],
        "instructions": DEFAULT_INSTRUCTIONS,
        "tools": [],
        "tool_choice": "auto",
        "max_output_tokens": "inf",
        "tracing": None,
        "prompt": None,
        "truncation": "auto",
        "include": None,
        "audio": {
            "input": {
                "format": wire_format("audio/pcm"),
                "transcription": None,
                "noise_reduction": None,
                "turn_detection": dict(SERVER_VAD_DEFAULTS),
            },
            "output": {"format": wire_format("audio/pcm"), "voice": DEFAULT_VOICE, "speed": 1.0},
        },
        "expires_at": int(created + max_session_seconds),
    }


def validate_session_update(session: Any) -> dict[str, Any]:
    """Check a ``session.update`` payload; returns the normalized partial update (nulls meaning "unchanged"
    dropped)."""
    if session is None:
        raise missing("session")
    update = _SESSION(session, "session")
    if update["type"] != "realtime":
        raise invalid("session.type", update["type"], "'realtime' (this is a realtime session)")
    return update


def merge_session(current: Mapping[str, Any], update: Mapping[str, Any]) -> dict[str, Any]:
    """Apply a validated partial update: only the fields present change; ``audio`` merges per field."""
    merged = copy.deepcopy(dict(current))
    for key, value in update.items():
        if key == "audio":
            for side in ("input", "output"):
                if side in value:
                    merged["audio"][side].update(copy.deepcopy(value[side]))
        elif key != "type":
            merged[key] = copy.deepcopy(value)
    return merged


def validate_response_params(params: Any) -> dict[str, Any]:
    """Check ``response.create``'s ``response`` object; returns it normalized (input items are checked
    later)."""
    if params is None:
        return {}
    return _RESPONSE(params, "response")
