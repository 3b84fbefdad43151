"""Turn detection: frame scorers, the server-VAD state machine, offline simulation, scoring against labels,
search."""

from rtkit.vad.detector import VADEvent, VoiceActivityDetector
from rtkit.vad.labels import LabelledFile, load_labels, load_recordings
from rtkit.vad.params import SEMANTIC_SILENCE_MS, VADParams
from rtkit.vad.presets import PRESETS, Setting
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
from rtkit.vad.scoring import Scores, ScoreWeights, score_turns
from rtkit.vad.search import FrameScoreCache, compare_with_presets, evaluate, grid, pareto, random_settings
from rtkit.vad.simulate import Segment, simulate, simulate_scores, speech_segments, turns

__all__ = [
    "PRESETS",
    "SCORERS",
    "SEMANTIC_SILENCE_MS",
    "EnergyScorer",
    "FrameScoreCache",
    "FrameScorer",
    "LabelledFile",
    "ScoreWeights",
    "ScorerUnavailable",
    "Scores",
    "Segment",
    "Setting",
    "SileroScorer",
    "TenScorer",
    "VADEvent",
    "VADParams",
    "VoiceActivityDetector",
    "WebRTCScorer",
    "available_scorers",
    "compare_with_presets",
    "evaluate",
    "grid",
    "load_labels",
    "load_recordings",
    "make_scorer",
    "pareto",
    "random_settings",
    "score_audio",
    "score_turns",
    "simulate",
    "simulate_scores",
    "speech_segments",
    "turns",
]
