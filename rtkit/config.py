"""Configuration of a Realtime session: defaults, validation, environment, GA `session.update`.

Every setting of the original voice-agent plan is here in GA terms. Values are checked when a config is built;
a bad value raises :class:`ConfigError` naming the field, the value and what is allowed. Settings written in the
retired beta style (``modalities``, ``input_audio_format: pcm16``, ``temperature`` …) are translated by
:meth:`RealtimeConfig.from_dict`, or rejected with a message that says what to write instead.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from rtkit.realtime import events as ev

DEFAULT_MODEL = "gpt-realtime-2.1"
VOICES = ("alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse", "marin", "cedar")
AUDIO_FORMATS = ("audio/pcm", "audio/pcmu", "audio/pcma")
EAGERNESS = ("low", "medium", "high", "auto")
SERVER_MAX_SESSION_MINUTES = 60.0

DEFAULT_INSTRUCTIONS = (
    "You are a voice assistant for personal finance and software development. "
    "With the finance tools you can summarise a portfolio and its holdings, list and categorise transactions, "
    "report spending by category and month, plan a budget against income and suggest how to rebalance "
    "investments. With the development tools you can analyse code, list a project's files, search text, read "
    "file lines and report a repository's git status and history. Keep answers short and spoken-friendly. "
    "When you use a tool, say what you are checking, then explain what the result means in practical terms."
)

# Beta-era session keys: how each maps to the GA shape (None = removed, with the advice to give instead).
_BETA_FORMATS = {"pcm16": "audio/pcm", "g711_ulaw": "audio/pcmu", "g711_alaw": "audio/pcma"}
_REMOVED_KEYS = {
    "temperature": "the GA Realtime API has no sampling temperature; remove 'temperature'",
    "tool_timeout": "write mcp=MCPConfig(tool_timeout_ms=...) instead",
}


class ConfigError(ValueError):
    """A configuration value is not allowed; the message names the field, the value and what is allowed."""


def _fail(field_name: str, value: Any, allowed: str) -> ConfigError:
    return ConfigError(f"{field_name}={value!r} is not allowed: {allowed}")


def _check_number(name: str, value: Any, lo: float | None = None, hi: float | None = None, integer=False) -> None:
    kind = int if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kind):
        raise _fail(name, value, f"expected {'an integer' if integer else 'a number'}")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise _fail(name, value, f"expected a value from {lo} to {hi}")


#: The one definition of the ``server_vad`` settings: the service's defaults and each field's allowed range
#: (low, high, integer). The config, the VAD state machine and the local server all read it.
SERVER_VAD_DEFAULTS: dict[str, Any] = {
    "type": "server_vad",
    "threshold": 0.5,
    "prefix_padding_ms": 300,
    "silence_duration_ms": 200,
    "idle_timeout_ms": None,
    "create_response": True,
    "interrupt_response": True,
}
SERVER_VAD_RANGES: dict[str, tuple[float, float, bool]] = {
    "threshold": (0.0, 1.0, False),
    "prefix_padding_ms": (0, 10_000, True),
    "silence_duration_ms": (0, 10_000, True),
    "idle_timeout_ms": (5_000, 30_000, True),
}


@dataclass
class ServerVAD:
    """Energy-based server turn detection (`server_vad`)."""

    threshold: float = 0.5
    """Activation threshold, 0.0-1.0; higher needs louder speech to count."""
    prefix_padding_ms: int = 300
    """Audio kept before the detected speech onset, in ms."""
    silence_duration_ms: int = 600
    """Silence that ends a turn, in ms (the plan's 600 ms leaves room for thoughtful pauses)."""
    idle_timeout_ms: int | None = None
    """When set, the server prompts the model after this much silence following a response."""
    create_response: bool = True
    """Start a response automatically when the user stops speaking."""
    interrupt_response: bool = True
    """Cancel the active response when the user starts speaking (barge-in)."""
    type: Literal["server_vad"] = "server_vad"
    """Turn-detection kind; always ``server_vad``."""

    def __post_init__(self) -> None:
        self.validate()

    def validate(self, prefix: str = "turn_detection") -> None:
        for name, (lo, hi, integer) in SERVER_VAD_RANGES.items():
            value = getattr(self, name)
            if value is not None or name != "idle_timeout_ms":
                _check_number(f"{prefix}.{name}", value, lo, hi, integer=integer)

    def to_wire(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        if d["idle_timeout_ms"] is None:
            del d["idle_timeout_ms"]
        return d


@dataclass
class SemanticVAD:
    """Model-based end-of-turn detection (`semantic_vad`)."""

    eagerness: Literal["low", "medium", "high", "auto"] = "auto"
    """How soon to end the turn: low waits up to 8 s, medium 4 s, high 2 s; auto = medium."""
    create_response: bool = True
    """Start a response automatically at the end of the turn."""
    interrupt_response: bool = True
    """Cancel the active response when the user starts speaking (barge-in)."""
    type: Literal["semantic_vad"] = "semantic_vad"
    """Turn-detection kind; always ``semantic_vad``."""

    def __post_init__(self) -> None:
        self.validate()

    def validate(self, prefix: str = "turn_detection") -> None:
        if self.eagerness not in EAGERNESS:
            raise _fail(f"{prefix}.eagerness", self.eagerness, f"one of {', '.join(EAGERNESS)}")

    def to_wire(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


TurnDetection = ServerVAD | SemanticVAD | None


def turn_detection_from_dict(d: Mapping[str, Any] | None) -> TurnDetection:
    """Build a turn-detection setting from its GA dict (``None`` or ``{"type": "none"}`` = manual commit)."""
    if d is None:
        return None
    d = dict(d)
    kind = d.pop("type", "server_vad")
    classes: dict[str, type[ServerVAD] | type[SemanticVAD]] = {"server_vad": ServerVAD, "semantic_vad": SemanticVAD}
    if kind in (None, "none"):
        return None
    if kind not in classes:
        raise _fail("turn_detection.type", kind, "'server_vad', 'semantic_vad' or None (manual commit)")
    cls = classes[kind]
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(d) - names)
    if unknown:
        raise _fail(f"turn_detection.{unknown[0]}", d[unknown[0]], f"{kind} accepts {', '.join(sorted(names))}")
    return cls(**d)


@dataclass
class RenewalConfig:
    """Session renewal before the server's maximum session length, with context carried over."""

    enabled: bool = True
    """Renew the session automatically: before the limit, and when the server says the session expired."""
    renew_after_minutes: float = SERVER_MAX_SESSION_MINUTES - 5
    """Minutes after session start at which to renew (default: 5 minutes before the 60-minute limit). When the
    server reports ``expires_at``, renewal comes at the earlier of this and ``expires_at`` minus a margin (5
    minutes, or a quarter of the session's length for short limits)."""
    recent_turns: int = 4
    """User turns carried verbatim into the new connection after the summary."""
    summary_timeout_s: float = 20.0
    """How long to wait for the out-of-band summary before renewing without one."""

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        _check_number("renewal.renew_after_minutes", self.renew_after_minutes, 0.001, SERVER_MAX_SESSION_MINUTES)
        _check_number("renewal.recent_turns", self.recent_turns, 0, 1000, integer=True)
        _check_number("renewal.summary_timeout_s", self.summary_timeout_s, 0.1, 600)


@dataclass
class ReconnectConfig:
    """Reconnection after the connection drops: exponential backoff with jitter, then the state is restored."""

    enabled: bool = True
    """Reconnect after a drop the user did not ask for (a close, or a network error)."""
    max_attempts: int = 3
    """Attempts before the session gives up with an error (the records so far are kept)."""
    base_delay_s: float = 2.0
    """Delay before attempt n is ``base_delay_s * 2**(n-1)`` (2, 4, 8 s by default), capped by ``max_delay_s``."""
    max_delay_s: float = 30.0
    """Upper bound of one delay."""
    jitter: float = 0.2
    """Each delay is scaled by a random factor in ``[1 - jitter, 1 + jitter]`` so clients do not retry in step."""
    audio_errors_for_text_fallback: int = 3
    """Audio errors from the server (or an unreadable audio source) before the session goes on in text."""

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        _check_number("reconnect.max_attempts", self.max_attempts, 0, 100, integer=True)
        _check_number("reconnect.base_delay_s", self.base_delay_s, 0, 3600)
        _check_number("reconnect.max_delay_s", self.max_delay_s, 0, 3600)
        _check_number("reconnect.jitter", self.jitter, 0, 1)
        _check_number("reconnect.audio_errors_for_text_fallback", self.audio_errors_for_text_fallback, 1, 1000, True)


@dataclass
class MCPConfig:
    """How MCP tools are called."""

    tool_timeout_ms: int = 5000
    """Per-call timeout; a call that takes longer returns a JSON error with ``timeout: true``."""
    max_concurrent_calls: int = 3
    """At most this many tool calls run at once."""
    enable_caching: bool = True
    """Cache the tool list, and results of tools marked read-only or idempotent."""
    allow_tools: list[str] | None = None
    """When set, only these tools are offered to the model."""
    deny_tools: list[str] | None = None
    """Tools never offered to the model."""

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        _check_number("mcp.tool_timeout_ms", self.tool_timeout_ms, 1, 600_000, integer=True)
        _check_number("mcp.max_concurrent_calls", self.max_concurrent_calls, 1, 1000, integer=True)


@dataclass
class MetricsConfig:
    """What the metrics recorder records and when it raises an alert."""

    enabled: bool = True
    """Record the event timeline and derived metrics."""
    latency_alert_ms: float = 1000.0
    """Alert when a latency exceeds this many ms."""
    tool_alert_ms: float = 2000.0
    """Alert when a tool call takes longer than this many ms."""
    cost_alert_usd: float = 0.50
    """Alert when one turn costs more than this many dollars."""
    tool_output_chars: int = 2000
    """Characters of each tool call's output kept in the tool-call table (the arguments are kept whole)."""

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        _check_number("metrics.latency_alert_ms", self.latency_alert_ms, 0)
        _check_number("metrics.tool_alert_ms", self.tool_alert_ms, 0)
        _check_number("metrics.cost_alert_usd", self.cost_alert_usd, 0)
        _check_number("metrics.tool_output_chars", self.tool_output_chars, 0, integer=True)


@dataclass
class RealtimeConfig:
    """Everything a Realtime session needs. ``repr`` and :meth:`to_dict` never show the API key."""

    model: str = DEFAULT_MODEL
    """Realtime model (any name is accepted; the default is the current GA model)."""
    voice: str = "marin"
    """Output voice: one of the GA voices."""
    output_modality: Literal["audio", "text"] = "audio"
    """``audio`` (speech plus its transcript) or ``text``; GA allows one at a time."""
    instructions: str = DEFAULT_INSTRUCTIONS
    """System instructions for the model."""
    max_output_tokens: int | Literal["inf"] = 4096
    """Maximum output tokens per response, 1-4096, or ``"inf"``."""
    input_transcription_model: str | None = "gpt-4o-mini-transcribe"
    """Model that transcribes the user's audio, or None for no input transcription."""
    turn_detection: ServerVAD | SemanticVAD | None = field(default_factory=ServerVAD)
    """Server VAD, semantic VAD, or None for manual commit."""
    input_format: str = "audio/pcm"
    """Input audio format: ``audio/pcm`` (PCM16 24 kHz), ``audio/pcmu`` or ``audio/pcma`` (G.711 8 kHz)."""
    output_format: str = "audio/pcm"
    """Output audio format, as for input."""
    speed: float = 1.0
    """Speech speed, 0.25-1.5."""
    tool_choice: str = "auto"
    """``auto``, ``none`` or ``required``."""
    renewal: RenewalConfig = field(default_factory=RenewalConfig)
    """Session renewal settings."""
    reconnect: ReconnectConfig = field(default_factory=ReconnectConfig)
    """Reconnect and text-fallback settings."""
    mcp: MCPConfig = field(default_factory=MCPConfig)
    """MCP tool-call settings."""
    metrics: MetricsConfig = field(default_factory=MetricsConfig)
    """Metrics and alert settings."""
    api_key: str | None = field(default=None, repr=False)
    """OpenAI (or Azure) key; None means the local server is used. Never logged or exported."""
    base_url: str | None = None
    """Custom HTTP(S) base such as ``http://127.0.0.1:8765/v1`` (as ``OPENAI_BASE_URL``), or a ws(s) URL."""
    azure_endpoint: str | None = None
    """Azure resource endpoint, e.g. ``https://myres.openai.azure.com``."""
    azure_deployment: str | None = None
    """Azure deployment name (sent as ``model``)."""

    def __post_init__(self) -> None:
        self.validate()

    # -- validation -----------------------------------------------------------------------------------------
    def validate(self) -> None:
        """Check every field; raise :class:`ConfigError` naming the first bad one."""
        if not isinstance(self.model, str) or not self.model.strip():
            raise _fail("model", self.model, "a non-empty model name such as 'gpt-realtime-2.1'")
        if self.voice not in VOICES:
            raise _fail("voice", self.voice, f"one of {', '.join(VOICES)}")
        if self.output_modality not in ("audio", "text"):
            raise _fail("output_modality", self.output_modality, "'audio' or 'text' (GA allows one at a time)")
        if not isinstance(self.instructions, str):
            raise _fail("instructions", self.instructions, "a string")
        if self.max_output_tokens != "inf":
            _check_number("max_output_tokens", self.max_output_tokens, 1, 4096, integer=True)
        for name in ("input_format", "output_format"):
            value = getattr(self, name)
            if value not in AUDIO_FORMATS:
                hint = f" (write {_BETA_FORMATS[value]!r})" if value in _BETA_FORMATS else ""
                raise _fail(name, value, f"one of {', '.join(AUDIO_FORMATS)}{hint}")
        _check_number("speed", self.speed, 0.25, 1.5)
        if self.tool_choice not in ("auto", "none", "required"):
            raise _fail("tool_choice", self.tool_choice, "'auto', 'none' or 'required'")
        if self.turn_detection is not None:
            if not isinstance(self.turn_detection, ServerVAD | SemanticVAD):
                raise _fail("turn_detection", self.turn_detection, "ServerVAD(...), SemanticVAD(...) or None")
            self.turn_detection.validate()
        self.renewal.validate()
        self.reconnect.validate()
        self.mcp.validate()
        self.metrics.validate()

    # -- connection -----------------------------------------------------------------------------------------
    @property
    def uses_local_server(self) -> bool:
        """True when no key and no URL are configured: runs go to rtkit's embedded local server."""
        return not self.api_key and not self.base_url and not self.azure_endpoint

    # -- GA payloads ----------------------------------------------------------------------------------------
    def session(self, tools: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """The GA session object (``session.update``'s ``session``)."""
        audio_in: dict[str, Any] = {
            "format": _format_dict(self.input_format),
            "turn_detection": self.turn_detection.to_wire() if self.turn_detection else None,
        }
        if self.input_transcription_model:
            audio_in["transcription"] = {"model": self.input_transcription_model}
        session: dict[str, Any] = {
            "type": "realtime",
            "model": self.model,
            "instructions": self.instructions,
            "output_modalities": [self.output_modality],
            "audio": {
                "input": audio_in,
                "output": {"format": _format_dict(self.output_format), "voice": self.voice, "speed": self.speed},
            },
            "max_output_tokens": self.max_output_tokens,
            "tool_choice": self.tool_choice,
        }
        if tools is not None:
            session["tools"] = tools
        return session

    def to_session_update(self, tools: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """The GA ``session.update`` client event for this config (without an ``event_id``)."""
        return {"type": ev.SESSION_UPDATE, "session": self.session(tools)}

    # -- (de)serialisation ----------------------------------------------------------------------------------
    def to_dict(self, redact: bool = True) -> dict[str, Any]:
        """Plain dict of the settings; with ``redact`` (the default) the API key is left out."""
        d = dataclasses.asdict(self)
        if redact:
            d.pop("api_key", None)
        return d

    def config_hash(self) -> str:
        """Short stable hash of the settings that change behaviour: every field of :meth:`to_dict` but the key,
        the URLs (``base_url``, ``azure_endpoint``: where, not how) and ``metrics`` (alert thresholds: what is
        flagged afterwards, not what happens)."""
        d = self.to_dict()
        for k in ("base_url", "azure_endpoint", "metrics"):
            d.pop(k, None)
        return hashlib.sha256(json.dumps(d, sort_keys=True, default=str).encode()).hexdigest()[:12]

    def replace(self, **changes: Any) -> RealtimeConfig:
        """A copy with some fields changed (validated)."""
        return dataclasses.replace(self, **changes)

    def local_only(self) -> RealtimeConfig:
        """A copy with no API key and no endpoint: sessions run against the local server (``--local``)."""
        return self.replace(api_key=None, base_url=None, azure_endpoint=None)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RealtimeConfig:
        """Build a config from a dict of settings, translating beta-style keys to GA ones."""
        d = dict(data)
        for key, advice in _REMOVED_KEYS.items():
            if key in d:
                raise ConfigError(f"{key}={d[key]!r} is not accepted: {advice}")
        if "modalities" in d:
            mods = d.pop("modalities")
            if not isinstance(mods, list | tuple) or not set(mods) <= {"text", "audio"} or not mods:
                raise _fail("modalities", mods, "write output_modality='audio' or 'text'")
            d.setdefault("output_modality", "audio" if "audio" in mods else "text")
        for beta, ga in (("input_audio_format", "input_format"), ("output_audio_format", "output_format")):
            if beta in d:
                value = d.pop(beta)
                if value not in _BETA_FORMATS:
                    raise _fail(beta, value, f"write {ga}= one of {', '.join(AUDIO_FORMATS)}")
                d[ga] = _BETA_FORMATS[value]
        if "input_audio_transcription" in d:
            tr = d.pop("input_audio_transcription")
            d["input_transcription_model"] = tr.get("model") if isinstance(tr, Mapping) else None
        if "max_response_output_tokens" in d:
            d["max_output_tokens"] = d.pop("max_response_output_tokens")
        if isinstance(d.get("turn_detection"), Mapping):
            d["turn_detection"] = turn_detection_from_dict(d["turn_detection"])
        subs = (
            ("renewal", RenewalConfig),
            ("reconnect", ReconnectConfig),
            ("mcp", MCPConfig),
            ("metrics", MetricsConfig),
        )
        for name, sub in subs:
            if isinstance(d.get(name), Mapping):
                d[name] = _sub_from_dict(name, sub, d[name])
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(d) - names)
        if unknown:
            raise ConfigError(f"unknown setting {unknown[0]!r}; known settings: {', '.join(sorted(names))}")
        return cls(**d)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> RealtimeConfig:
        """Read the plan's variables and the OpenAI/Azure ones from the environment.

        ``REALTIME_MODEL``, ``REALTIME_VOICE``, ``REALTIME_VAD_SILENCE_MS``, ``REALTIME_SESSION_TIMEOUT_MIN``
        (minutes before renewal), ``MCP_TOOL_TIMEOUT_MS``, ``METRICS_ENABLED``, ``OPENAI_API_KEY``,
        ``OPENAI_BASE_URL``, ``AZURE_OPENAI_ENDPOINT``, ``AZURE_OPENAI_API_KEY``, ``AZURE_OPENAI_DEPLOYMENT``.
        """
        env = os.environ if env is None else env
        kw: dict[str, Any] = {}
        if v := env.get("REALTIME_MODEL"):
            kw["model"] = v
        if v := env.get("REALTIME_VOICE"):
            kw["voice"] = v
        if v := env.get("REALTIME_VAD_SILENCE_MS"):
            kw["turn_detection"] = ServerVAD(silence_duration_ms=_env_int("REALTIME_VAD_SILENCE_MS", v))
        if v := env.get("REALTIME_SESSION_TIMEOUT_MIN"):
            kw["renewal"] = RenewalConfig(renew_after_minutes=_env_float("REALTIME_SESSION_TIMEOUT_MIN", v))
        if v := env.get("MCP_TOOL_TIMEOUT_MS"):
            kw["mcp"] = MCPConfig(tool_timeout_ms=_env_int("MCP_TOOL_TIMEOUT_MS", v))
        if v := env.get("METRICS_ENABLED"):
            kw["metrics"] = MetricsConfig(enabled=_env_bool("METRICS_ENABLED", v))
        if v := env.get("AZURE_OPENAI_ENDPOINT"):
            kw["azure_endpoint"] = v
            kw["api_key"] = env.get("AZURE_OPENAI_API_KEY") or env.get("OPENAI_API_KEY")
            if dep := env.get("AZURE_OPENAI_DEPLOYMENT"):
                kw["azure_deployment"] = dep
        else:
            if v := env.get("OPENAI_API_KEY"):
                kw["api_key"] = v
            if v := env.get("OPENAI_BASE_URL"):
                kw["base_url"] = v
        kw.update(overrides)
        return cls(**kw)


def _format_dict(fmt: str) -> dict[str, Any]:
    from rtkit.audio import wire_format  # here, so importing the config (the CLI) does not load numpy

    return wire_format(fmt)


def _sub_from_dict(name: str, cls: type, data: Mapping[str, Any]) -> Any:
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - names)
    if unknown:
        raise _fail(f"{name}.{unknown[0]}", data[unknown[0]], f"{name} accepts {', '.join(sorted(names))}")
    return cls(**data)


def _env_int(name: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise _fail(name, value, "an integer") from None


def _env_float(name: str, value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise _fail(name, value, "a number") from None


def _env_bool(name: str, value: str) -> bool:
    v = value.strip().lower()
    if v in ("1", "true", "yes", "on"):
        return True
    if v in ("0", "false", "no", "off"):
        return False
    raise _fail(name, value, "true/false, 1/0, yes/no or on/off")
