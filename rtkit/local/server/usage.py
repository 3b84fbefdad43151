"""Token accounting of the local Realtime server, modelled on the real service's billing rules (pure
functions).

- text: about 4 characters per token (at least 1 for non-empty text);
- user audio: 10 tokens per second (1 per 100 ms); assistant audio: 20 tokens per second (1 per 50 ms);
- a few special tokens per conversation item;
- every response re-sends instructions, tools and the whole conversation as input; the longest prefix already
  sent as input by an earlier response of the same connection counts as cached.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

CHARS_PER_TOKEN = 4
USER_AUDIO_MS_PER_TOKEN = 100
ASSISTANT_AUDIO_MS_PER_TOKEN = 50
ITEM_OVERHEAD_TOKENS = 3
IMAGE_TOKENS = 85


@dataclass(frozen=True)
class Tokens:
    """Token counts by modality."""

    text: int = 0
    """Text tokens."""
    audio: int = 0
    """Audio tokens."""
    image: int = 0
    """Image tokens."""

    def __add__(self, other: Tokens) -> Tokens:
        return Tokens(self.text + other.text, self.audio + other.audio, self.image + other.image)

    @property
    def total(self) -> int:
        return self.text + self.audio + self.image


@dataclass(frozen=True)
class Segment:
    """One piece of a response's input (instructions, tools, an item) with an identity used for caching."""

    key: str
    """Identity of the content: equal keys mean equal tokens (id plus a digest of the content)."""
    tokens: Tokens
    """What the segment costs as input."""


def text_tokens(text: str | None) -> int:
    """Tokens for a text: ceil(chars / 4)."""
    return math.ceil(len(text) / CHARS_PER_TOKEN) if text else 0


def user_audio_tokens(ms: float) -> int:
    """Tokens for user (input) audio: 1 per 100 ms."""
    return math.ceil(ms / USER_AUDIO_MS_PER_TOKEN) if ms > 0 else 0


def assistant_audio_tokens(ms: float) -> int:
    """Tokens for assistant (output) audio: 1 per 50 ms."""
    return math.ceil(ms / ASSISTANT_AUDIO_MS_PER_TOKEN) if ms > 0 else 0


def item_tokens(item: Mapping[str, Any], audio_ms: float = 0.0) -> Tokens:
    """Input tokens for one conversation item; ``audio_ms`` is the length of its audio content, if any."""
    kind = item.get("type")
    text = ITEM_OVERHEAD_TOKENS
    audio = image = 0
    if kind == "message":
        for part in item.get("content") or []:
            ptype = part.get("type")
            if ptype in ("input_text", "output_text", "text"):
                text += text_tokens(part.get("text"))
            elif ptype == "input_audio":
                audio += user_audio_tokens(audio_ms)
            elif ptype == "output_audio":
                audio += assistant_audio_tokens(audio_ms)
            elif ptype == "input_image":
                image += IMAGE_TOKENS
    elif kind == "function_call":
        text += text_tokens(str(item.get("name") or "")) + text_tokens(str(item.get("arguments") or ""))
    elif kind == "function_call_output":
        text += text_tokens(str(item.get("output") or ""))
    else:
        text += text_tokens(json.dumps(item, sort_keys=True))
    return Tokens(text, audio, image)


def prompt_segments(
    instructions: str, tools: Sequence[Mapping[str, Any]], items: Iterable[tuple[Mapping[str, Any], float]]
) -> list[Segment]:
    """The input of one response as segments: instructions, tools, then each (item, audio_ms) in order."""
    tools_json = json.dumps(list(tools), sort_keys=True)
    segments = [
        Segment(f"instructions:{hash(instructions)}", Tokens(text=text_tokens(instructions))),
        Segment(f"tools:{hash(tools_json)}", Tokens(text=text_tokens(tools_json) if tools else 0)),
    ]
    for item, audio_ms in items:
        digest = hash(json.dumps(item, sort_keys=True, default=str)) ^ hash(round(audio_ms, 1))
        segments.append(Segment(f"item:{item.get('id')}:{digest}", item_tokens(item, audio_ms)))
    return segments


def cached_prefix(segments: Sequence[Segment], earlier: Iterable[Sequence[Segment]]) -> Tokens:
    """Tokens of the longest prefix of ``segments`` that some earlier response already sent as input."""
    best = 0
    for prev in earlier:
        n = 0
        for a, b in zip(segments, prev, strict=False):
            if a.key != b.key:
                break
            n += 1
        best = max(best, n)
    total = Tokens()
    for seg in segments[:best]:
        total = total + seg.tokens
    return total


def output_tokens(text: str = "", audio_ms: float = 0.0) -> Tokens:
    """Output tokens of a response part: its text (or transcript) plus its assistant audio."""
    return Tokens(text=text_tokens(text), audio=assistant_audio_tokens(audio_ms))


def response_usage(inputs: Tokens, cached: Tokens, outputs: Tokens) -> dict[str, Any]:
    """The ``usage`` object of ``response.done`` with every field the real service reports."""
    return {
        "total_tokens": inputs.total + outputs.total,
        "input_tokens": inputs.total,
        "output_tokens": outputs.total,
        "input_token_details": {
            "text_tokens": inputs.text,
            "audio_tokens": inputs.audio,
            "image_tokens": inputs.image,
            "cached_tokens": cached.total,
            "cached_tokens_details": {
                "text_tokens": cached.text,
                "audio_tokens": cached.audio,
                "image_tokens": cached.image,
            },
        },
        "output_token_details": {"text_tokens": outputs.text, "audio_tokens": outputs.audio},
    }


#: Transcription models billed by duration rather than by tokens.
DURATION_BILLED = ("whisper-1", "gpt-live-transcribe", "gpt-realtime-whisper")


def transcription_usage(model: str | None, audio_ms: float, transcript: str, prompt: str = "") -> dict[str, Any]:
    """``usage`` of ``input_audio_transcription.completed``: ``duration`` (seconds rounded up) for
    whisper-style models, else ``tokens`` (audio at 10 tokens/s plus the prompt as input, the transcript as
    output)."""
    if (model or "") in DURATION_BILLED:
        return {"type": "duration", "seconds": float(math.ceil(audio_ms / 1000.0))}
    audio = user_audio_tokens(audio_ms)
    prompt_tokens = text_tokens(prompt)
    out = text_tokens(transcript)
    return {
        "type": "tokens",
        "input_tokens": audio + prompt_tokens,
        "output_tokens": out,
        "total_tokens": audio + prompt_tokens + out,
        "input_token_details": {"text_tokens": prompt_tokens, "audio_tokens": audio},
    }
