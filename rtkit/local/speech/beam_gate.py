"""Which of Moonshine's greedy transcripts are decoded again with a beam: those the decoder itself is unsure of.

A beam of four hypotheses took a third of the word errors off Moonshine's greedy transcripts of speech it was not
built for, and cost a third more CPU per second of speech on every utterance (``bench/RESULTS.md``). Most
utterances come out of greedy decoding as the beam would write them; the decoder's own log-probabilities of the
tokens it chose say which may not. :func:`confidence` sums them up per utterance, :func:`unsure` is the gate.
Measured (``bench/bench_beam_gate.py``), the mean token log-probability separates the utterances the beam improves
from the others best (an improved one is the less sure of a pair 83-86 % of the time; the lowest token 77-81 %,
the top-two margin 74-80 %).

The decoding is chosen by :data:`BEAM_VARIABLE` (one of :data:`MODES`). The default, ``spare``, spends only spare
recognition capacity on the beam: the gated beam for an utterance nothing else waits beside (:func:`spare`),
greedy decoding while others wait. The gated beam on every utterance answered fewer callers at once than greedy
decoding (``bench/RESULTS.md``); a lone caller costs no one anything.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "BEAM_VARIABLE",
    "DEFAULT_MODE",
    "GATE",
    "MODES",
    "Confidence",
    "beam_mode",
    "confidence",
    "gating",
    "spare",
    "unsure",
]

BEAM_VARIABLE = "RTKIT_MOONSHINE_BEAM"
"""Environment variable choosing Moonshine's decoding: one of :data:`MODES`."""
MODES = ("spare", "greedy", "gated", "all")
"""``spare``: as ``gated`` for an utterance recognised while no other waits (:func:`spare`), as ``greedy`` while
others wait; ``greedy``: one pass, no beam; ``gated``: greedy, then the beam for the utterances :func:`unsure`
picks; ``all``: the beam for every utterance (greedy only on the server's light path)."""
DEFAULT_MODE = "spare"
"""The decoding when :data:`BEAM_VARIABLE` is unset."""
GATE = -0.25
"""Mean log-probability per token (end token included) of a greedy transcript under which it is decoded again with
the beam: about half of espeak-ng's requests and none of the recordings of people fall under it, and the beam's
whole gain on the new spoken corpus is kept (gates from -0.1 to -0.6 measured, ``bench/RESULTS.md``)."""


@dataclass(frozen=True)
class Confidence:
    """How sure the greedy decoder was of one transcript."""

    mean: float
    """Mean log-probability of the tokens chosen, the end token included."""
    lowest: float
    """Lowest log-probability of a token chosen."""
    margin: float
    """Smallest gap in log-probability between the token chosen and the runner-up at any step."""
    ended: bool
    """The decoder chose the end token (False: it ran out of tokens, as a decoder that loops does)."""


def confidence(chosen: Sequence[float], margins: Sequence[float], ended: bool) -> Confidence:
    """The :class:`Confidence` of a greedy transcript from the log-probability of each token chosen (the end token
    last when ``ended``) and the gap to the runner-up at each step. No tokens at all: fully sure (nothing to
    decode again)."""
    if not chosen:
        return Confidence(0.0, 0.0, float("inf"), ended)
    return Confidence(sum(chosen) / len(chosen), min(chosen), min(margins, default=float("inf")), ended)


def unsure(sure: Confidence, gate: float = GATE) -> bool:
    """True when a transcript of confidence ``sure`` should be decoded again with the beam: its mean token
    log-probability is under ``gate``, or the decoder never ended it."""
    return not sure.ended or sure.mean < gate


def spare(pending_audio_s: float, own_audio_s: float) -> bool:
    """True when recognition has capacity to spare for an utterance of ``own_audio_s`` seconds: of the
    ``pending_audio_s`` seconds of speech submitted and not yet recognised (its own included), none is anyone
    else's, so a slower decoding of it delays no other utterance."""
    return pending_audio_s - own_audio_s <= 1e-9


def gating(mode: str, busy: bool) -> bool:
    """True when decoding ``mode`` sends an utterance to the beam if its greedy transcript is :func:`unsure`:
    ``gated`` always, ``spare`` when it is not ``busy`` (no other utterance waited for recognition beside it).
    ``greedy`` never does, and ``all`` beams every utterance without greedy decoding first."""
    return mode == "gated" or mode == "spare" and not busy


def beam_mode(value: str | None = None) -> str:
    """The decoding mode ``value`` (default: :data:`BEAM_VARIABLE`, else :data:`DEFAULT_MODE`); ValueError naming
    the variable when it is not one of :data:`MODES`."""
    mode = (value if value is not None else os.environ.get(BEAM_VARIABLE, "")).strip().lower() or DEFAULT_MODE
    if mode not in MODES:
        raise ValueError(f"{BEAM_VARIABLE}={mode!r}: expected one of {', '.join(MODES)}")
    return mode
