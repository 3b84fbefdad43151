"""The VAD lab: turn detection simulated offline on labelled recordings, scored with weights you choose, searched
over a grid or at random with a Pareto view, compared with the anchors' presets, and replayed against a server
through a whole session. It sits above :mod:`rtkit.session`; the detector it drives is :mod:`rtkit.vad`.
"""

from rtkit.vad.lab.labels import LabelledFile, load_labels, load_recordings
from rtkit.vad.lab.presets import PRESETS, Setting
from rtkit.vad.lab.scoring import Scores, ScoreWeights, score_turns
from rtkit.vad.lab.search import FrameScoreCache, compare_with_presets, evaluate, grid, pareto, random_settings
from rtkit.vad.lab.simulate import Segment, simulate, simulate_scores, speech_segments, turns

__all__ = [
    "PRESETS",
    "FrameScoreCache",
    "LabelledFile",
    "ScoreWeights",
    "Scores",
    "Segment",
    "Setting",
    "compare_with_presets",
    "evaluate",
    "grid",
    "load_labels",
    "load_recordings",
    "pareto",
    "random_settings",
    "score_turns",
    "simulate",
    "simulate_scores",
    "speech_segments",
    "turns",
]
