"""Hearing an unsure utterance again a little slower: which playback rate Moonshine is surest of.

A transcript the greedy decoder was unsure of (:func:`~rtkit.local.speech.beam_gate.unsure`) often comes out right
when the same audio is played a little slower (and so a little lower): the model was trained on people, and
synthetic voices, fast talkers and high voices sit at its edge. Each unsure utterance is decoded again at each of
:data:`TEMPOS`, and the playback whose greedy transcript the decoder is surest of (the highest mean token
log-probability, :func:`surest`) is kept for the rest of its recognition (the beam). Not in a session that expects
codes read out character by character: there a second pass chooses among characters, and slower playback heard
them no better (identifiers filled exactly 8-10 of 24 against 8) at a third more CPU.

Measured on the new spoken corpus with greedy decoding (``bench/RESULTS.md``): word error rate 25.3 % at the
original rate, 21.7 % at 8 % slower, 23.5 % at 16 % slower, and 15.8 % choosing per utterance among the three by
the decoder's confidence; faster playback (0.85, 0.92) was worse than the original rate.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import soxr

from rtkit.local.speech.beam_gate import Confidence

__all__ = ["KEPT_SHARE", "TEMPOS", "slowed", "surest"]

TEMPOS = (1.08, 1.16)
"""Playback lengths tried beside the original (1.0) for an unsure utterance: 8 % and 16 % longer."""
KEPT_SHARE = 0.5
"""Least share of the original transcript's tokens a slower playback's transcript must have to be chosen."""


def slowed(audio: np.ndarray, factor: float, rate: int = 16000) -> np.ndarray:
    """``audio`` (mono float at ``rate``) played ``factor`` times as long, at the same rate: resampled to
    ``rate * factor`` and read at ``rate``, so its pitch drops with its speed, as a tape played slower."""
    samples = np.ascontiguousarray(audio, dtype=np.float32)
    if factor == 1.0:
        return samples
    return np.asarray(soxr.resample(samples, rate, round(rate * factor)), dtype=np.float32)


def surest(confidences: Sequence[Confidence | None], lengths: Sequence[int]) -> int:
    """Index of the transcript the decoder was surest of, among playbacks whose transcripts are ``lengths`` tokens
    long, the original first: an ended one before one that ran out of tokens, then the highest mean token
    log-probability; the first on a tie. A playback that heard fewer than :data:`KEPT_SHARE` of the tokens of an
    original that ended is passed over, and one that heard nothing always: a decoder that ends at once ("" for a
    whole request) is sure of its one token. 0 when none was scored."""
    floor = KEPT_SHARE * lengths[0] if confidences and confidences[0] is not None and confidences[0].ended else 0
    best, key = 0, (False, float("-inf"))
    for k, (sure, length) in enumerate(zip(confidences, lengths, strict=True)):
        heard = length >= floor and (k == 0 or length > 0)  # a slower playback that heard nothing never wins
        if sure is not None and heard and (sure.ended, sure.mean) > key:
            best, key = k, (sure.ended, sure.mean)
    return best
