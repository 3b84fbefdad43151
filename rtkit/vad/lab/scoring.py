"""Scoring detected turns against labelled speech.

Per recording set (counts summed, delays pooled over every labelled utterance):

- ``missed_ms`` / ``missed_share``: labelled speech outside every detected turn;
- ``false_starts``: detected turns with no labelled speech in them (false barge-ins);
- ``early_cutoffs``: detected turns that end inside a labelled utterance, before its end (the user was cut off);
- ``eot_delay_p50_ms`` / ``eot_delay_p90_ms``: end-of-turn delay, labelled end → ``speech_stopped.audio_end_ms``
  of the turn that covers that end (turns closed by the end of the audio do not count);
- ``merged``: labelled utterances a turn took in beyond its first (two requests heard as one turn: the first went
  unanswered);
- ``missed_ends``: labelled utterances whose end no turn closes (missed, merged into a turn that ran on to the end
  of the audio, ...);
- ``turns_per_utterance``: detected turns overlapping each labelled utterance, averaged (1.0 is ideal);
- ``score``: the combined cost (lower is better) with :class:`ScoreWeights`.

A file with no labelled segments (noise only) contributes only false starts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

import numpy as np

from rtkit.vad.lab.simulate import Segment

Span = tuple[float, float]

_AT_END_SLACK_MS = 50.0  # a labelled end this close to where the audio ran out counts as reaching it


@dataclass(frozen=True)
class ScoreWeights:
    """Weights of the combined score: cost = sum of weight × metric; lower is better."""

    missed: float = 2.0
    """Per unit of missed-speech share (all speech missed costs 2.0)."""
    false_start: float = 1.0
    """Per false start per labelled utterance."""
    cutoff: float = 2.0
    """Per early cut-off per labelled utterance (cutting a user off is worse than a false start)."""
    delay: float = 1.0
    """Per second of p90 end-of-turn delay."""
    merged: float = 2.0
    """Per merged utterance per labelled utterance."""
    missed_end: float = 1.0
    """Per labelled utterance whose end no turn closes, per labelled utterance (no delay can be measured)."""


@dataclass(frozen=True)
class Scores:
    """Turn-detection quality against labels."""

    utterances: int
    """Labelled utterances."""
    turns: int
    """Detected turns."""
    speech_ms: float
    """Labelled speech, ms."""
    missed_ms: float
    """Labelled speech outside every detected turn, ms."""
    missed_share: float
    """missed_ms / speech_ms."""
    false_starts: int
    """Turns with no labelled speech in them."""
    early_cutoffs: int
    """Turns ending inside a labelled utterance, before its end."""
    merged: int
    """Labelled utterances a turn took in beyond its first."""
    missed_ends: int
    """Labelled utterances whose end no turn closes."""
    eot_delay_p50_ms: float
    """Median end-of-turn delay (labelled end → speech_stopped), ms; NaN without any."""
    eot_delay_p90_ms: float
    """90th percentile end-of-turn delay, ms; NaN without any."""
    turns_per_utterance: float
    """Detected turns overlapping each labelled utterance, averaged."""
    score: float
    """Combined cost with the weights used (lower is better)."""

    def as_dict(self) -> dict[str, float | int]:
        """The scores as a flat dict (one DataFrame row's worth)."""
        return asdict(self)


@dataclass
class _Tally:
    utterances: int = 0
    turns: int = 0
    speech_ms: float = 0.0
    missed_ms: float = 0.0
    false_starts: int = 0
    early_cutoffs: int = 0
    merged: int = 0
    missed_ends: int = 0
    overlaps: int = 0


def _covered_ms(span: Span, turns: Sequence[Segment]) -> float:
    start, end = span
    return sum(max(0.0, min(end, t.end_ms) - max(start, t.start_ms)) for t in turns)


def _tally(tally: _Tally, delays: list[float], turns: Sequence[Segment], labels: Sequence[Span]) -> None:
    tally.utterances += len(labels)
    tally.turns += len(turns)
    for span in labels:
        tally.speech_ms += span[1] - span[0]
        tally.missed_ms += max(0.0, (span[1] - span[0]) - _covered_ms(span, turns))
        tally.overlaps += sum(1 for t in turns if t.start_ms < span[1] and t.end_ms > span[0])
        # the turn that closes this utterance: it covers the utterance's end and no later utterance starts in it
        closing = [
            t for t in turns if t.start_ms <= span[1] <= t.end_ms and not any(span[1] < s[0] < t.end_ms for s in labels)
        ]
        if closing and not closing[0].at_end:
            delays.append(closing[0].end_ms - span[1])
        elif not (closing and span[1] >= closing[0].end_ms - _AT_END_SLACK_MS):
            tally.missed_ends += 1  # an utterance running to the end of the audio is the only one an end closes
    for t in turns:
        inside = [s for s in labels if s[0] < t.end_ms and s[1] > t.start_ms]
        if not inside:
            tally.false_starts += 1
        tally.merged += max(0, len(inside) - 1)
        if not t.at_end and any(s[0] < t.end_ms < s[1] for s in labels):
            tally.early_cutoffs += 1


def score_turns(
    results: Iterable[tuple[Sequence[Segment], Sequence[Span]]], weights: ScoreWeights | None = None
) -> Scores:
    """Scores for (detected turns, labelled segments) pairs, one pair per recording."""
    w = weights or ScoreWeights()
    tally = _Tally()
    delays: list[float] = []
    for turns, labels in results:
        _tally(tally, delays, turns, labels)
    n = max(tally.utterances, 1)
    p50, p90 = (float(np.percentile(delays, q)) for q in (50, 90)) if delays else (float("nan"),) * 2
    missed_share = tally.missed_ms / tally.speech_ms if tally.speech_ms else 0.0
    delay_cost = 0.0 if np.isnan(p90) else p90 / 1000.0
    score = (
        w.missed * missed_share
        + w.false_start * tally.false_starts / n
        + w.cutoff * tally.early_cutoffs / n
        + w.delay * delay_cost
        + w.merged * tally.merged / n
        + w.missed_end * tally.missed_ends / n
    )
    return Scores(
        utterances=tally.utterances,
        turns=tally.turns,
        speech_ms=tally.speech_ms,
        missed_ms=tally.missed_ms,
        missed_share=missed_share,
        false_starts=tally.false_starts,
        early_cutoffs=tally.early_cutoffs,
        merged=tally.merged,
        missed_ends=tally.missed_ends,
        eot_delay_p50_ms=p50,
        eot_delay_p90_ms=p90,
        turns_per_utterance=tally.overlaps / n,
        score=score,
    )
