"""Turn detection: frame scorers, the server-VAD state machine, offline simulation."""

from rtkit.vad.core import (
    SEMANTIC_SILENCE_MS,
    EnergyScorer,
    FrameScorer,
    VADEvent,
    VADParams,
    VoiceActivityDetector,
    simulate,
    speech_segments,
)

__all__ = [
    "SEMANTIC_SILENCE_MS",
    "EnergyScorer",
    "FrameScorer",
    "VADEvent",
    "VADParams",
    "VoiceActivityDetector",
    "simulate",
    "speech_segments",
]
