"""Server-VAD settings: the GA ``server_vad`` fields plus the detector's own onset length."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: ``semantic_vad`` has no silence setting; the local detector waits this long for each eagerness.
SEMANTIC_SILENCE_MS = {"low": 1200, "medium": 600, "auto": 600, "high": 300}


@dataclass(frozen=True)
class VADParams:
    """Server-VAD settings (the GA ``server_vad`` fields plus the detector's own onset length)."""

    threshold: float = 0.5
    """Score a frame needs to count as speech, 0.0-1.0; higher needs louder (or surer) speech."""
    prefix_padding_ms: int = 300
    """Audio kept before the detected onset; ``audio_start_ms`` = onset - this."""
    silence_duration_ms: int = 200
    """Silence that ends a turn, in ms."""
    idle_timeout_ms: int | None = None
    """After the detector is armed (end of a turn or of a response), this much audio without speech fires
    ``timeout_triggered``; None disables it."""
    start_ms: int = 60
    """Consecutive speech needed before an onset is reported (keeps clicks from starting a turn)."""

    def __post_init__(self) -> None:
        if not 0.0 <= float(self.threshold) <= 1.0:
            raise ValueError(f"threshold: {self.threshold!r} is out of range; allowed 0.0 to 1.0")
        for name in ("prefix_padding_ms", "silence_duration_ms", "start_ms"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 0:
                raise ValueError(f"{name}: {value!r} is invalid; expected an integer >= 0")
        if self.idle_timeout_ms is not None and (
            not isinstance(self.idle_timeout_ms, int) or self.idle_timeout_ms <= 0
        ):
            raise ValueError(
                f"idle_timeout_ms: {self.idle_timeout_ms!r} is invalid; expected a positive integer or None"
            )

    @classmethod
    def from_turn_detection(cls, td: dict[str, Any] | None) -> VADParams | None:
        """Detector settings for a GA ``turn_detection`` dict; None (manual commit) gives None.

        ``semantic_vad`` runs as energy VAD with default threshold and padding and a silence window chosen
        from ``eagerness`` (:data:`SEMANTIC_SILENCE_MS`); the local server has no end-of-turn model.
        """
        if td is None:
            return None
        kind = td.get("type")
        if kind == "semantic_vad":
            return cls(silence_duration_ms=SEMANTIC_SILENCE_MS[td.get("eagerness") or "auto"])
        if kind != "server_vad":
            raise ValueError(f"turn_detection.type: {kind!r} is not supported; allowed server_vad, semantic_vad")
        defaults = cls()
        return cls(
            threshold=_or(td.get("threshold"), defaults.threshold),
            prefix_padding_ms=_or(td.get("prefix_padding_ms"), defaults.prefix_padding_ms),
            silence_duration_ms=_or(td.get("silence_duration_ms"), defaults.silence_duration_ms),
            idle_timeout_ms=td.get("idle_timeout_ms"),
        )

    def turn_detection(self) -> dict[str, Any]:
        """The GA ``server_vad`` dict for these settings (``start_ms`` has no wire field and is left out)."""
        td: dict[str, Any] = {
            "type": "server_vad",
            "threshold": self.threshold,
            "prefix_padding_ms": self.prefix_padding_ms,
            "silence_duration_ms": self.silence_duration_ms,
        }
        if self.idle_timeout_ms is not None:
            td["idle_timeout_ms"] = self.idle_timeout_ms
        return td


def _or(value: Any, default: Any) -> Any:
    return default if value is None else value
