"""Search over turn-detection settings on labelled recordings.

Frame scores are computed once per recording and scorer; each setting then re-runs only the state machine
(:func:`rtkit.vad.simulate_scores`) and the scoring, so hundreds of settings cost little more than one.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from rtkit.vad.lab.labels import LabelledFile
from rtkit.vad.lab.presets import PRESETS, Setting
from rtkit.vad.lab.scoring import ScoreWeights, score_turns
from rtkit.vad.lab.simulate import Segment, simulate_scores, turns
from rtkit.vad.params import VADParams
from rtkit.vad.scorers import FrameScorer, make_scorer, score_audio

#: Thresholds the default grid tries per scorer (WebRTC's score moves in quarters: one per mode).
THRESHOLDS = {
    "energy": (0.3, 0.4, 0.5, 0.6, 0.7),
    "webrtc": (0.25, 0.5, 0.75, 1.0),
    "ten": (0.3, 0.5, 0.7, 0.85),
    "silero": (0.3, 0.5, 0.7, 0.85),
}
PREFIX_MS = (100, 300)
SILENCE_MS = (200, 400, 600, 800, 1000)


@dataclass
class FrameScoreCache:
    """Frame scores per (scorer, recording), computed on first use."""

    scores: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)
    """(scorer name, file name) → frame scores."""
    scorers: dict[str, FrameScorer] = field(default_factory=dict)
    """Scorer name → the instance used."""

    def get(self, scorer: str, rec: LabelledFile) -> np.ndarray:
        """Scores of one recording under one scorer."""
        key = (scorer, rec.name)
        if key not in self.scores:
            if scorer not in self.scorers:
                self.scorers[scorer] = make_scorer(scorer)
            self.scores[key] = score_audio(rec.pcm, self.scorers[scorer])
        return self.scores[key]


def grid(
    scorers: Sequence[str] = ("energy",),
    thresholds: Sequence[float] | None = None,
    prefix_ms: Sequence[int] = PREFIX_MS,
    silence_ms: Sequence[int] = SILENCE_MS,
    start_ms: int = VADParams.start_ms,
) -> list[Setting]:
    """Every combination; without ``thresholds`` each scorer gets its own from :data:`THRESHOLDS`."""
    return [
        Setting(s, VADParams(threshold=t, prefix_padding_ms=p, silence_duration_ms=q, start_ms=start_ms))
        for s in scorers
        for t, p, q in itertools.product(thresholds or THRESHOLDS[s], prefix_ms, silence_ms)
    ]


def random_settings(
    n: int,
    scorers: Sequence[str] = ("energy",),
    threshold: tuple[float, float] = (0.2, 0.9),
    prefix_ms: tuple[int, int] = (0, 500),
    silence_ms: tuple[int, int] = (100, 1200),
    seed: int = 0,
) -> list[Setting]:
    """``n`` settings drawn uniformly from the given ranges (reproducible with ``seed``)."""
    rng = random.Random(seed)
    return [
        Setting(
            rng.choice(list(scorers)),
            VADParams(
                threshold=round(rng.uniform(*threshold), 3),
                prefix_padding_ms=rng.randint(*prefix_ms),
                silence_duration_ms=rng.randint(*silence_ms),
            ),
        )
        for _ in range(n)
    ]


def detect(rec: LabelledFile, setting: Setting, cache: FrameScoreCache) -> list[Segment]:
    """The turns one setting detects in one recording."""
    scores = cache.get(setting.scorer, rec)
    events = simulate_scores(scores, cache.scorers[setting.scorer].frame_ms, setting.params, rec.duration_ms)
    return turns(events)


def evaluate(
    recordings: Sequence[LabelledFile],
    settings: Iterable[Setting],
    weights: ScoreWeights | None = None,
    cache: FrameScoreCache | None = None,
) -> pd.DataFrame:
    """One row per setting: its parameters, every score (when the recordings are labelled) and, in
    ``segments``, the detected turns per file; ranked best first when scored."""
    cache = cache or FrameScoreCache()
    labelled = all(r.segments is not None for r in recordings)
    rows = []
    for setting in settings:
        detected = {r.name: detect(r, setting, cache) for r in recordings}
        p = setting.params
        row: dict[str, object] = {
            "setting": setting.label,
            "scorer": setting.scorer,
            "threshold": p.threshold,
            "prefix_padding_ms": p.prefix_padding_ms,
            "silence_duration_ms": p.silence_duration_ms,
            "start_ms": p.start_ms,
        }
        if labelled:
            row |= score_turns(((detected[r.name], r.segments or ()) for r in recordings), weights).as_dict()
        row["segments"] = {
            name: [{"start_ms": t.start_ms, "end_ms": t.end_ms, "at_end": t.at_end} for t in segs]
            for name, segs in detected.items()
        }
        rows.append(row)
    df = pd.DataFrame(rows)
    if labelled and len(df):
        df = df.sort_values(["score", "eot_delay_p90_ms"], kind="stable").reset_index(drop=True)
    return df


def compare_with_presets(
    recordings: Sequence[LabelledFile],
    settings: Iterable[Setting] | pd.DataFrame,
    weights: ScoreWeights | None = None,
    cache: FrameScoreCache | None = None,
) -> pd.DataFrame:
    """The search's best setting beside the service's default and the anchors' presets, scored the same way;
    ``settings`` may be a ranking :func:`evaluate` already made (with the same weights)."""
    cache = cache or FrameScoreCache()
    ranked = settings if isinstance(settings, pd.DataFrame) else evaluate(recordings, settings, weights, cache)
    presets = evaluate(recordings, PRESETS.values(), weights, cache)
    best = ranked.iloc[[0]].assign(setting=lambda d: "best: " + d["setting"])
    return pd.concat([best, presets], ignore_index=True)


def pareto(df: pd.DataFrame, x: str = "eot_delay_p90_ms", y: str = "early_cutoffs") -> pd.DataFrame:
    """The rows no other row beats on both ``x`` and ``y`` (lower is better on both), sorted by ``x``."""
    pts = df[[x, y]].to_numpy(dtype=float)
    keep = [
        i
        for i, (a, b) in enumerate(pts)
        if not np.isnan(a) and not any((c <= a and d <= b and (c < a or d < b)) for c, d in pts if not np.isnan(c))
    ]
    return df.iloc[keep].sort_values([x, y]).drop_duplicates([x, y])
