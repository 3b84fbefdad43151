"""Word spotting at phone level: which of a few candidate words (place names, enum values) was said, and where.

The recognizer's word passes can miss a name the language model does not favour, while a phone-loop decoding
of the same sound still carries it ("what's the weather in Paris" → ``... R IY TH UH R IY S ...``). Here a
candidate's pronunciation is aligned against every stretch of the utterance's phone string (a semi-global edit
distance whose substitutions cost less between similar phones: two vowels, a voiced and a voiceless stop, ...)
and the cost is divided by the pronunciation's length. Pure functions over ARPAbet phone lists.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = ["Spot", "align", "phone_cost", "spot"]

_CLASSES: dict[str, frozenset[str]] = {
    "vowel": frozenset("AA AE AH AO AW AY EH ER EY IH IY OW OY UH UW".split()),
    "stop": frozenset("P B T D K G".split()),
    "fricative": frozenset("F V TH DH S Z SH ZH HH CH JH".split()),
    "nasal": frozenset("M N NG".split()),
    "approximant": frozenset("L R W Y ER".split()),
}
_CLOSE = {
    frozenset(p.split())
    for p in """IH IY|EH AE|EH IH|AH AA|AH AO|AA AO|AH UH|UH UW|OW AO|OW UW|EY EH|AY AA|AW AO|ER R|ER AH|
    P B|T D|K G|F V|TH DH|S Z|SH ZH|CH JH|CH SH|JH ZH|TH F|DH V|T TH|D DH|M N|N NG|W UW|Y IY|L W|R W""".split("|")
}

INSERT_COST = 0.6
"""Cost of a phone heard inside the stretch that the candidate does not have."""
DELETE_COST = 0.8
"""Cost of a phone of the candidate that was not heard."""


def phone_cost(a: str, b: str) -> float:
    """Substitution cost of phone ``a`` for ``b``: 0 the same, 0.3 close (IH/IY, P/B, ...), 0.5 same class
    (two vowels, two stops, ...), 1 otherwise."""
    if a == b:
        return 0.0
    if frozenset((a, b)) in _CLOSE:
        return 0.3
    if any(a in members and b in members for members in _CLASSES.values()):
        return 0.5
    return 1.0


def align(candidate: Sequence[str], heard: Sequence[str]) -> tuple[float, int, int]:
    """Best alignment of the whole ``candidate`` against any stretch ``heard[start:end]``: (cost divided by the
    candidate's length, start, end). Inf for an empty candidate."""
    n, m = len(candidate), len(heard)
    if n == 0:
        return float("inf"), 0, 0
    # cost[j], origin[j]: best cost of aligning candidate[:i] ending at heard[:j], and where that stretch starts.
    cost = [0.0] * (m + 1)
    origin = list(range(m + 1))
    for i in range(1, n + 1):
        prev, prev_origin = cost, origin
        cost = [prev[0] + DELETE_COST] + [0.0] * m
        origin = [0] * (m + 1)
        for j in range(1, m + 1):
            options = (
                (prev[j - 1] + phone_cost(candidate[i - 1], heard[j - 1]), prev_origin[j - 1]),
                (prev[j] + DELETE_COST, prev_origin[j]),
                (cost[j - 1] + INSERT_COST, origin[j - 1]),
            )
            cost[j], origin[j] = min(options)
    end = min(range(m + 1), key=lambda j: (cost[j], -j))
    return cost[end] / n, origin[end], end


@dataclass(frozen=True)
class Spot:
    """A candidate found in a phone string."""

    word: str
    """The candidate, as given."""
    cost: float
    """Its alignment cost per phone of its pronunciation (0: heard exactly)."""
    start: int
    """Index of the first phone of the stretch it aligned with."""
    end: int
    """Index just past the last phone of that stretch."""


def spot(
    heard: Sequence[str],
    candidates: Iterable[str],
    pronunciations: Mapping[str, Sequence[Sequence[str]]],
    threshold: float,
) -> Spot | None:
    """Among the candidates whose pronunciation (any of its variants; the words of a multi-word candidate one
    after the other) aligns with a stretch of ``heard`` at a cost per phone within ``threshold``, the one that
    explains the most phones (its length times one minus that cost: a long name aligned with one slip beats a
    short one that fits a part of it); None when no candidate is within the threshold."""
    best: tuple[float, Spot] | None = None
    for candidate in candidates:
        for phones in _variants(candidate, pronunciations):
            cost, start, end = align(phones, heard)
            evidence = len(phones) * (1.0 - cost)
            if cost <= threshold and end > start and (best is None or evidence > best[0]):
                best = (evidence, Spot(candidate, cost, start, end))
    return best[1] if best is not None else None


def _variants(candidate: str, pronunciations: Mapping[str, Sequence[Sequence[str]]]) -> list[list[str]]:
    """Every pronunciation of ``candidate`` (each word's variants combined), or [] if a word has none."""
    out: list[list[str]] = [[]]
    for word in candidate.lower().split():
        variants = pronunciations.get(word)
        if not variants:
            return []
        out = [head + list(v) for head in out for v in variants]
    return out
