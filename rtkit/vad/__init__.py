"""Turn detection: frame scorers (energy, WebRTC, TEN, Silero) and the server-VAD state machine.

This is the detector the local server runs; it needs neither pandas nor a session. The offline lab above the
session (simulation on files, scoring against labels, search, replay against a server, the ``rtkit vad`` command)
is :mod:`rtkit.vad.lab`.
"""

from rtkit.vad.detector import VADEvent, VoiceActivityDetector
from rtkit.vad.params import SEMANTIC_SILENCE_MS, VADParams
from rtkit.vad.scorers import (
    SCORERS,
    EnergyScorer,
    FrameScorer,
    ScorerUnavailable,
    SileroScorer,
    TenScorer,
    WebRTCScorer,
    available_scorers,
    make_scorer,
    score_audio,
)

__all__ = [
    "SCORERS",
    "SEMANTIC_SILENCE_MS",
    "EnergyScorer",
    "FrameScorer",
    "ScorerUnavailable",
    "SileroScorer",
    "TenScorer",
    "VADEvent",
    "VADParams",
    "VoiceActivityDetector",
    "WebRTCScorer",
    "available_scorers",
    "make_scorer",
    "score_audio",
]
