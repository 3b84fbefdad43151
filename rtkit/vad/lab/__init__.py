"""The VAD lab: turn detection simulated offline on labelled recordings, scored with weights you choose, searched
over a grid or at random with a Pareto view, compared with the anchors' presets, and replayed against a server
through a whole session. It sits above :mod:`rtkit.session`; the detector it drives is :mod:`rtkit.vad`.

The search (pandas tables) loads on first use, so the ``rtkit`` command's parser stays light.
"""

from __future__ import annotations

from typing import Any

from rtkit.exports import load
from rtkit.vad.lab.labels import LabelledFile, load_labels, load_recordings
from rtkit.vad.lab.presets import PRESETS, Setting
from rtkit.vad.lab.scoring import Scores, ScoreWeights, score_turns
from rtkit.vad.lab.simulate import Segment, simulate, simulate_scores, speech_segments, turns

_SEARCH = ("FrameScoreCache", "compare_with_presets", "evaluate", "grid", "pareto", "random_settings")
_EXPORTS = dict.fromkeys(_SEARCH, "search")


def __getattr__(name: str) -> Any:
    return load(__name__, _EXPORTS, name)


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
