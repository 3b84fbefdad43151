"""Versioned price table for Realtime and transcription models, and the cost of a usage record.

Realtime prices are USD per 1M tokens, taken from the OpenAI model pages (gpt-realtime, gpt-realtime-mini,
gpt-realtime-1.5, gpt-realtime-2, gpt-realtime-2.1, gpt-realtime-2.1-mini, gpt-4o-realtime-preview,
gpt-4o-mini-realtime-preview) as of :data:`PRICING_VERSION`:

========================================  ======================  ======================  ============
model                                     text in/cached/out      audio in/cached/out     image in/cached
========================================  ======================  ======================  ============
gpt-realtime (= gpt-realtime-2025-08-28)  4.00 / 0.40 / 16.00     32.00 / 0.40 / 64.00    5.00 / 0.50
gpt-realtime-mini                         0.60 / 0.06 / 2.40      10.00 / 0.30 / 20.00    --
gpt-realtime-1.5                          4.00 / 0.40 / 16.00     32.00 / 0.40 / 64.00    5.00 / 0.50
gpt-realtime-2, gpt-realtime-2.1          4.00 / 0.40 / 24.00     32.00 / 0.40 / 64.00    5.00 / 0.50
gpt-realtime-2.1-mini                     0.60 / 0.06 / 2.40      10.00 / 0.30 / 20.00    0.80 / 0.08
gpt-4o-realtime-preview (shut down)       5.00 / 2.50 / 20.00     40.00 / 2.50 / 80.00    --
gpt-4o-mini-realtime-preview              0.60 / 0.30 / 2.40      10.00 / 0.30 / 20.00    --
========================================  ======================  ======================  ============

Input transcription is billed separately at the transcription model's rate (developers.openai.com/api/docs/pricing,
"Transcription and speech generation"; model pages): whisper-1 $0.006/min; gpt-4o-transcribe per 1M tokens text in
2.50, audio in 6.00, text out 10.00 (estimated $0.006/min); gpt-4o-mini-transcribe text in 1.25, audio in 3.00,
text out 5.00 (estimated $0.003/min); gpt-4o-transcribe-diarize estimated $0.006/min; gpt-realtime-whisper
$0.017/min. Usage of ``type: "tokens"`` is priced by token when the model has token rates, usage of
``type: "duration"`` by the minute.

Dated model names (``gpt-realtime-2025-08-28``) map to their base name. Prices can be overridden with a dict
``{model: Pricing | dict}`` or a single :class:`Pricing` that applies to every model.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

PRICING_VERSION = "2026-11-01"
"""Date at which the built-in prices were read from the OpenAI model and pricing pages."""

_PER_TOKEN = 1e-6  # prices are per 1M tokens


class PricingError(KeyError):
    """No price is known for a model; the message names the model and the known ones."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""

    problem: str = ""
    """The problem alone, without the advice on how to add a price (callers give their own)."""


@dataclass(frozen=True)
class Pricing:
    """USD per 1M tokens for one Realtime model."""

    text_in: float
    """Uncached text input tokens."""
    text_cached: float
    """Cached text input tokens."""
    text_out: float
    """Text output tokens."""
    audio_in: float
    """Uncached audio input tokens."""
    audio_cached: float
    """Cached audio input tokens."""
    audio_out: float
    """Audio output tokens."""
    image_in: float | None = None
    """Uncached image input tokens (None: the model takes no images)."""
    image_cached: float | None = None
    """Cached image input tokens."""


@dataclass(frozen=True)
class TranscriptionPricing:
    """Rates of an input-transcription model: per minute and/or USD per 1M tokens."""

    per_minute: float | None = None
    """USD per minute of audio (duration-billed models, or the published estimate)."""
    audio_in: float | None = None
    """USD per 1M audio input tokens."""
    text_in: float | None = None
    """USD per 1M text input tokens (the prompt)."""
    text_out: float | None = None
    """USD per 1M text output tokens (the transcript)."""


_GPT_REALTIME = Pricing(4.00, 0.40, 16.00, 32.00, 0.40, 64.00, 5.00, 0.50)
_GPT_REALTIME_2 = Pricing(4.00, 0.40, 24.00, 32.00, 0.40, 64.00, 5.00, 0.50)

REALTIME_PRICES: dict[str, Pricing] = {
    "gpt-realtime-2.1": _GPT_REALTIME_2,
    "gpt-realtime-2.1-mini": Pricing(0.60, 0.06, 2.40, 10.00, 0.30, 20.00, 0.80, 0.08),
    "gpt-realtime-2": _GPT_REALTIME_2,
    "gpt-realtime-1.5": _GPT_REALTIME,
    "gpt-realtime": _GPT_REALTIME,
    "gpt-realtime-mini": Pricing(0.60, 0.06, 2.40, 10.00, 0.30, 20.00),
    "gpt-4o-realtime-preview": Pricing(5.00, 2.50, 20.00, 40.00, 2.50, 80.00),
    "gpt-4o-mini-realtime-preview": Pricing(0.60, 0.30, 2.40, 10.00, 0.30, 20.00),
}
"""Built-in Realtime prices (USD per 1M tokens) by base model name."""

TRANSCRIPTION_PRICES: dict[str, TranscriptionPricing] = {
    "whisper-1": TranscriptionPricing(per_minute=0.006),
    "gpt-4o-transcribe": TranscriptionPricing(per_minute=0.006, audio_in=6.00, text_in=2.50, text_out=10.00),
    "gpt-4o-mini-transcribe": TranscriptionPricing(per_minute=0.003, audio_in=3.00, text_in=1.25, text_out=5.00),
    "gpt-4o-transcribe-diarize": TranscriptionPricing(per_minute=0.006),
    "gpt-realtime-whisper": TranscriptionPricing(per_minute=0.017),
}
"""Built-in input-transcription prices by base model name."""

_DATED = re.compile(r"-\d{4}-\d{2}-\d{2}$")

Overrides = Mapping[str, "Pricing | TranscriptionPricing | Mapping[str, float]"] | Pricing | None


@functools.lru_cache(maxsize=256)  # a pure function of the name, asked for each priced response
def base_model(model: str) -> str:
    """Model name without a snapshot date: ``gpt-realtime-2025-08-28`` → ``gpt-realtime``."""
    return _DATED.sub("", model.strip())


def _coerce(value: Any, cls: type, model: str) -> Any:
    if isinstance(value, cls):
        return value
    if isinstance(value, Mapping):
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(value) - names)
        if unknown:
            raise ValueError(f"price for {model!r}: unknown field {unknown[0]!r}; allowed: {', '.join(sorted(names))}")
        return cls(**value)
    raise TypeError(f"price for {model!r} must be a {cls.__name__} or a dict, not {type(value).__name__}")


def _lookup(model: str, table: Mapping[str, Any], overrides: Overrides, cls: type, kind: str) -> Any:
    if model is None or not str(model).strip():
        raise PricingError(f"no {kind} model name to price; pass model=... or a Pricing override")
    base = base_model(str(model))
    if isinstance(overrides, cls):
        return overrides
    if overrides is not None and isinstance(overrides, Mapping):  # None: no abstract-class check
        for key in (model, base):
            if key in overrides:
                return _coerce(overrides[key], cls, key)
    if base in table:
        return table[base]
    error = PricingError(
        f"no price for {kind} model {model!r} (pricing version {PRICING_VERSION}); known models: "
        f"{', '.join(table)}; pass a price, e.g. prices={{{model!r}: {cls.__name__}(...)}}"
    )
    error.problem = (
        f"no price for {kind} model {model!r} (pricing version {PRICING_VERSION}; known models: {', '.join(table)}):"
        " its costs are NaN"
    )
    raise error


def realtime_pricing(model: str, overrides: Overrides = None) -> Pricing:
    """Price of a Realtime model (dated names map to their base); overrides win over the table."""
    return _lookup(model, REALTIME_PRICES, overrides, Pricing, "Realtime")


def transcription_pricing(model: str, overrides: Overrides = None) -> TranscriptionPricing:
    """Price of an input-transcription model; overrides (a dict keyed by model) win over the table."""
    if isinstance(overrides, Pricing):
        overrides = None  # a single Realtime price says nothing about transcription
    return _lookup(model, TRANSCRIPTION_PRICES, overrides, TranscriptionPricing, "transcription")


def _int(d: Any, key: str) -> int:
    v = d.get(key) if d.__class__ is dict or isinstance(d, Mapping) else None
    if v.__class__ is int:  # JSON counts: skip the general checks below
        return v
    return int(v) if isinstance(v, int | float) and not isinstance(v, bool) else 0


def usage_tokens(usage: Mapping[str, Any] | None) -> dict[str, int]:
    """Flatten a ``response.done`` usage object into token counts by kind.

    Cached tokens are a subset of input tokens: ``*_uncached`` counts are input minus cached per modality, so
    nothing is counted twice. When ``cached_tokens_details`` is missing the cached total is attributed to text,
    then audio, then image, in that order.
    """
    usage = usage if usage.__class__ is dict or isinstance(usage, Mapping) else {}  # JSON objects: no ABC check
    ind = usage.get("input_token_details") or {}
    outd = usage.get("output_token_details") or {}
    cd = ind.get("cached_tokens_details") if ind.__class__ is dict or isinstance(ind, Mapping) else None
    # plain locals, no per-modality keys built: every response.done of a recorded session goes through here
    in_text, in_audio, in_image = _int(ind, "text_tokens"), _int(ind, "audio_tokens"), _int(ind, "image_tokens")
    out_text, out_audio = _int(outd, "text_tokens"), _int(outd, "audio_tokens")
    if cd and (cd.__class__ is dict or isinstance(cd, Mapping)):
        c_text = min(_int(cd, "text_tokens"), in_text)
        c_audio = min(_int(cd, "audio_tokens"), in_audio)
        c_image = min(_int(cd, "image_tokens"), in_image)
    else:
        left = _int(ind, "cached_tokens")
        c_text = min(left, in_text)
        left -= c_text
        c_audio = min(left, in_audio)
        left -= c_audio
        c_image = min(left, in_image)
    input_tokens = _int(usage, "input_tokens") or (in_text + in_audio + in_image)
    output_tokens = _int(usage, "output_tokens") or (out_text + out_audio)
    return {
        "input_text_tokens": in_text,
        "input_audio_tokens": in_audio,
        "input_image_tokens": in_image,
        "output_text_tokens": out_text,
        "output_audio_tokens": out_audio,
        "cached_text_tokens": c_text,
        "cached_audio_tokens": c_audio,
        "cached_image_tokens": c_image,
        "cached_tokens": c_text + c_audio + c_image,
        "input_tokens": input_tokens,
        "output_tokens": output_tokens,
        "total_tokens": _int(usage, "total_tokens") or (input_tokens + output_tokens),
    }


USAGE_COST_KEYS = (
    "input_text_usd",
    "input_audio_usd",
    "input_image_usd",
    "cached_input_usd",
    "output_text_usd",
    "output_audio_usd",
    "cost_usd",
)


def usage_cost(tokens: Mapping[str, int], price: Pricing) -> dict[str, float]:
    """Dollar cost of flattened token counts (from :func:`usage_tokens`): uncached input at the input rate,
    cached input at the cached rate, output at the output rate."""

    get = tokens.get  # plain lookups, no per-modality keys built: each response.done is priced
    image_tokens = get("input_image_tokens", 0)
    if image_tokens and price.image_in is None:
        raise PricingError(f"{image_tokens} image input tokens but this model's price has no image rate")
    image_in = price.image_in or 0.0
    image_cached = price.image_cached if price.image_cached is not None else image_in
    cached_text, cached_audio = get("cached_text_tokens", 0), get("cached_audio_tokens", 0)
    cached_image = get("cached_image_tokens", 0)
    c = {
        "input_text_usd": max(get("input_text_tokens", 0) - cached_text, 0) * price.text_in * _PER_TOKEN,
        "input_audio_usd": max(get("input_audio_tokens", 0) - cached_audio, 0) * price.audio_in * _PER_TOKEN,
        "input_image_usd": max(image_tokens - cached_image, 0) * image_in * _PER_TOKEN,
        "cached_input_usd": (
            cached_text * price.text_cached + cached_audio * price.audio_cached + cached_image * image_cached
        )
        * _PER_TOKEN,
        "output_text_usd": get("output_text_tokens", 0) * price.text_out * _PER_TOKEN,
        "output_audio_usd": get("output_audio_tokens", 0) * price.audio_out * _PER_TOKEN,
    }
    c["cost_usd"] = sum(c.values())
    return c


def transcription_cost(usage: Mapping[str, Any] | None, price: TranscriptionPricing) -> float | None:
    """Dollar cost of one ``input_audio_transcription.completed`` usage, or None when it cannot be priced
    (no usage, or token usage for a model that only has a per-minute rate)."""
    if not isinstance(usage, Mapping):
        return None
    if usage.get("type") == "duration" or ("seconds" in usage and "input_tokens" not in usage):
        seconds = usage.get("seconds")
        if not isinstance(seconds, int | float) or price.per_minute is None:
            return None
        return float(seconds) / 60.0 * price.per_minute
    if price.audio_in is None and price.text_in is None:
        return None
    details = usage.get("input_token_details") or {}
    audio = _int(details, "audio_tokens")
    text = _int(details, "text_tokens")
    if not details:  # no split: treat all input as audio
        audio = _int(usage, "input_tokens")
    return (
        audio * (price.audio_in or 0.0)
        + text * (price.text_in or price.audio_in or 0.0)
        + _int(usage, "output_tokens") * (price.text_out or 0.0)
    ) * _PER_TOKEN
