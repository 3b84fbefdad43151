"""Beam search over a token decoder, for several utterances at once, with shallow fusion toward session words.

The decoder is seen through two things: the log-probabilities of the next token for each row of the batch, and a
``step`` that reorders the batch's rows (each new row continues one of the old, its ``parent``) and feeds each row
its next token, returning the next log-probabilities. Each utterance keeps up to its ``width`` hypotheses; a
hypothesis that ends is scored by its log-probability plus its bias (:mod:`rtkit.local.speech.biasing`) divided by
its length (:data:`LENGTH_PENALTY`), so a short ending does not win for being short. Width 1 without a vocabulary
is greedy decoding.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from rtkit.local.speech.biasing import TOKEN_BONUS, BiasState, Vocabulary, advance, finish

__all__ = ["LENGTH_PENALTY", "Step", "beam_hypotheses", "beam_search", "log_softmax"]

LENGTH_PENALTY = 1.0
"""Exponent of the length an ended hypothesis's score is divided by."""

Step = Callable[[np.ndarray, np.ndarray], np.ndarray]
"""``step(parents, tokens)``: the next log-probabilities, one row per entry of ``parents``."""


def log_softmax(logits: np.ndarray) -> np.ndarray:
    """Log-probabilities of ``logits`` along the last axis."""
    top = logits.max(axis=-1, keepdims=True)
    shifted = logits - top
    return np.asarray(shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True)))


@dataclass(frozen=True)
class _Hypothesis:
    utterance: int
    tokens: tuple[int, ...]
    score: float  # the model's log-probability
    bias: float = 0.0
    state: BiasState = BiasState()

    def ranked(self, penalty: float = 0.0) -> float:
        return (self.score + self.bias) / (len(self.tokens) + 1) ** penalty


def beam_search(
    first: np.ndarray,
    step: Step,
    *,
    end: int,
    widths: Sequence[int],
    limits: Sequence[int],
    pieces: Sequence[str] = (),
    vocabularies: Sequence[Vocabulary | None] = (),
    prefixes: Sequence[Sequence[int]] = (),
    allowed: np.ndarray | None = None,
    bonus: float = TOKEN_BONUS,
    exact_steps: int | None = None,
) -> list[list[int]]:
    """The best token sequence for each utterance (row ``u`` of ``first``, the log-probabilities after its start
    and ``prefixes[u]``, which the result begins with), ending at token ``end`` or at ``limits[u]`` tokens.
    ``pieces`` is the text of each token (for biasing toward ``vocabularies[u]``); ``allowed`` limits the tokens
    chosen (``end`` must be among them); ``exact_steps`` runs exactly that many steps without ending (to time
    the decoder)."""
    ended, bases = _search(
        first,
        step,
        end=end,
        widths=widths,
        limits=limits,
        pieces=pieces,
        vocabularies=vocabularies,
        prefixes=prefixes,
        allowed=allowed,
        bonus=bonus,
        exact_steps=exact_steps,
    )
    best = [max(e, key=lambda h: h.ranked(LENGTH_PENALTY)).tokens if e else bases[u] for u, e in enumerate(ended)]
    return [list(tokens) for tokens in best]


def beam_hypotheses(
    first: np.ndarray,
    step: Step,
    *,
    end: int,
    width: int,
    limit: int,
    prefix: Sequence[int] = (),
    allowed: np.ndarray | None = None,
) -> list[tuple[list[int], float]]:
    """Every hypothesis a beam of ``width`` ends with for one utterance (``first`` has one row), best first: its tokens
    and its score (log-probability per token, :data:`LENGTH_PENALTY`; one cut at ``limit`` has no end token's);
    arguments as for :func:`beam_search`. What the decoder finds nearly as likely as its best, for measuring what it can
    hear."""
    ended, _ = _search(first, step, end=end, widths=[width], limits=[limit], prefixes=[prefix], allowed=allowed)
    ranked = sorted(ended[0], key=lambda h: -h.ranked(LENGTH_PENALTY))
    return [(list(h.tokens), h.ranked(LENGTH_PENALTY)) for h in ranked]


def _search(
    first: np.ndarray,
    step: Step,
    *,
    end: int,
    widths: Sequence[int],
    limits: Sequence[int],
    pieces: Sequence[str] = (),
    vocabularies: Sequence[Vocabulary | None] = (),
    prefixes: Sequence[Sequence[int]] = (),
    allowed: np.ndarray | None = None,
    bonus: float = TOKEN_BONUS,
    exact_steps: int | None = None,
) -> tuple[list[list[_Hypothesis]], list[tuple[int, ...]]]:
    """The hypotheses each utterance ended with, and each one's prefix (:func:`beam_search`)."""
    count = len(first)
    bases = [tuple(prefixes[u]) if prefixes else () for u in range(count)]
    vocabs = [vocabularies[u] if vocabularies and vocabularies[u] else None for u in range(count)]
    live = [_Hypothesis(u, bases[u], 0.0, state=_state_of(bases[u], pieces, vocabs[u])) for u in range(count)]
    ended: list[list[_Hypothesis]] = [[] for _ in range(count)]
    logp = first
    steps = 0
    while live:
        if exact_steps is not None:
            logp = logp.copy()
            logp[:, end] = -np.inf
        chosen: list[tuple[int, _Hypothesis]] = []  # (parent row, hypothesis)
        for u in sorted({h.utterance for h in live}):
            rows = [r for r, h in enumerate(live) if h.utterance == u]
            options = _options(live, rows, logp, widths[u], end, pieces, vocabs[u], allowed, bonus)
            kept: list[tuple[int, _Hypothesis]] = []
            for rank, (row, hypothesis, ends) in enumerate(options):
                if ends:
                    if rank < widths[u]:  # an ending as good as a kept continuation
                        ended[u].append(hypothesis)
                elif len(kept) < widths[u]:
                    kept.append((row, hypothesis))
            full = [h for _, h in kept if len(h.tokens) >= limits[u]]
            if full:  # no longer than its limit: what reached it ends there
                ended[u].extend(full)
                kept = [(r, h) for r, h in kept if len(h.tokens) < limits[u]]
            if _done(ended[u], kept, widths[u], exact_steps is not None):
                continue
            chosen.extend(kept)
        steps += 1
        if not chosen or (exact_steps is not None and steps >= exact_steps):
            for _, h in chosen:
                ended[h.utterance].append(h)
            break
        live = [h for _, h in chosen]
        logp = step(np.array([r for r, _ in chosen], dtype=np.int64), np.array([h.tokens[-1] for h in live]))
    return ended, bases


def _state_of(tokens: Sequence[int], pieces: Sequence[str], vocabulary: Vocabulary | None) -> BiasState:
    state = BiasState()
    if vocabulary is not None:
        for token in tokens:
            state = advance(vocabulary, state, pieces[token])[0]
    return state


def _options(
    live: list[_Hypothesis],
    rows: list[int],
    logp: np.ndarray,
    width: int,
    end: int,
    pieces: Sequence[str],
    vocabulary: Vocabulary | None,
    allowed: np.ndarray | None,
    bonus: float,
) -> list[tuple[int, _Hypothesis, bool]]:
    """The next hypotheses from ``rows`` of ``live``, best first: (parent row, hypothesis, it ended)."""
    found: list[tuple[int, _Hypothesis, bool]] = []
    take = width + 1 if vocabulary is None else 2 * width + 2
    for row in rows:
        h = live[row]
        scores = logp[row] if allowed is None else logp[row, allowed]
        best = np.argpartition(-scores, take)[:take] if len(scores) > take else np.arange(len(scores))
        for k in best.tolist():
            token = int(k if allowed is None else allowed[k])
            score = h.score + float(scores[k])
            if not np.isfinite(score):
                continue
            if token == end:
                change = finish(vocabulary, h.state) if vocabulary is not None else 0.0
                found.append((row, _Hypothesis(h.utterance, h.tokens, score, h.bias + change, h.state), True))
                continue
            state, change = h.state, 0.0
            if vocabulary is not None:
                state, change = advance(vocabulary, h.state, pieces[token], bonus)
            found.append((row, _Hypothesis(h.utterance, (*h.tokens, token), score, h.bias + change, state), False))
    found.sort(key=lambda option: -option[1].ranked())
    return found


def _done(ended: list[_Hypothesis], kept: list[tuple[int, _Hypothesis]], width: int, exact: bool) -> bool:
    """Whether an utterance needs no more steps: nothing left to extend, ``width`` hypotheses ended (each among
    the best ``width`` options of its step), or the best ended one beats the best still going at its present
    length."""
    if exact or not kept:
        return not kept
    if len(ended) >= width:
        return True
    if not ended:
        return False
    best = max(h.ranked(LENGTH_PENALTY) for h in ended)
    return best >= max(h.ranked(LENGTH_PENALTY) for _, h in kept)
