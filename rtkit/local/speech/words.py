"""The words of a decoding, edited: finding a phrase among them, putting a slot value or a preposition in where
it was heard. Pure functions over ``(word, first frame, last frame)`` lists; :mod:`rtkit.local.speech.asr` uses them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rtkit.local.speech.slots import Slot
from rtkit.local.speech.spotting import spot

SPOT_THRESHOLD = 0.25
"""Highest alignment cost per phone (:func:`rtkit.local.speech.spotting.align`) at which a slot value is put into a
transcript: one the slot pass heard, checked against the phones of its own stretch, or, for a slot with at most
:data:`SPOT_MAX_CANDIDATES` values, one spotted anywhere in the utterance. Measured (``bench/bench_spoken_slots.py``)
on espeak-ng requests: the city said aligns at 0.16-0.32, a genre at 0.13-0.25; on utterances naming none, the
values the slot pass puts there align at 0.06 ("porto" in "portfolio"), 0.20-0.60, a genre spotted at 0.20.
No threshold separates them fully; this one keeps most of the names said."""

SPOT_MAX_CANDIDATES = 24
"""Slots with more values than this (the place names) are not spotted across the whole phone string: among
hundreds of names some short one aligns with a stretch of any utterance about as well as the name said does
(measured on the place names: the city said aligns at 0.16-0.48 per phone, the best other name at 0.00-0.30,
and in utterances naming no place the best name aligns at 0.06-0.43)."""

PREPOSITION_THRESHOLD = 0.55
"""Highest alignment cost per phone at which a preposition is read just before a spotted place ("in" of "in
Paris"), among those its slot takes (:attr:`rtkit.local.speech.slots.Slot.prepositions`), in the two phones before
it: a place value follows one, and the word passes mishear such short words most."""

PLACE_PREPOSITIONS = frozenset({"in", "at", "for", "from", "to", "near", "into"})
"""Words that may stand before a spoken place name (one of them there, no other is read)."""

Words = list[tuple[str, int, int]]
"""Words (or phones) of a decoding with their first and last frame."""


def plain_words(text: str) -> str:
    """Lower-case words of ``text`` without punctuation, as PocketSphinx writes them ("Paris." → "paris")."""
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


def mentions(text: str, candidates: Sequence[str]) -> bool:
    """True if one of ``candidates`` (words or phrases) is among the words of ``text``."""
    padded = f" {text} "
    return any(f" {c} " in padded for c in candidates)


def find_phrase(words: Words, candidates: Sequence[str], taken: Iterable[int] = ()) -> tuple[int, int] | None:
    """(index, word count) of the first of ``candidates`` (words or phrases of up to three words) among
    ``words``, not starting at a ``taken`` frame."""
    wanted, taken = set(candidates), set(taken)
    for i in range(len(words)):
        for n in (3, 2, 1):
            if (
                words[i][1] not in taken
                and i + n <= len(words)
                and " ".join(w for w, _, _ in words[i : i + n]) in wanted
            ):
                return i, n
    return None


def words_inside(words: Words, start: int, end: int) -> list[int]:
    """Indexes of the words that lie mostly within frames ``start``-``end``."""
    return [i for i, (_, s, e) in enumerate(words) if min(e, end) - max(s, start) + 1 > (e - s + 1) / 2]


def put_phrase(words: Words, phrase: str, start: int, end: int) -> tuple[Words, int]:
    """``words`` with ``phrase`` heard over frames ``start``-``end``: in place of the words that lie mostly
    within those frames, else inserted where it was heard; and the index where it went."""
    inside = words_inside(words, start, end)
    at = inside[0] if inside else next((i for i, (_, s, _) in enumerate(words) if s >= start), len(words))
    kept = [w for i, w in enumerate(words) if i not in inside]
    return kept[:at] + [(phrase, start, end)] + kept[at:], at


def best_phrase(
    words: Words, candidates: Sequence[str], taken: set[int], phones: Words, prons: dict[str, list[list[str]]]
) -> tuple[int, int] | None:
    """Like :func:`_phrase`, but of several values heard, the one the phones of its stretch fit best (the
    constrained pass may put a second name where there was none)."""
    found: list[tuple[float, int, int]] = []
    seen = set(taken)
    while (at_n := find_phrase(words, candidates, seen)) is not None:
        i, n = at_n
        seen.add(words[i][1])
        fit = stretch_fit(" ".join(w for w, _, _ in words[i : i + n]), words[i][1], words[i + n - 1][2], phones, prons)
        found.append((fit, i, n))
    return min(found)[1:] if found else None


def stretch_fit(value: str, start: int, end: int, phones: Words, prons: dict[str, list[list[str]]]) -> float:
    """Alignment cost per phone of ``value`` with the phones heard over frames ``start``-``end`` (give or take
    3 frames)."""
    stretch = [p for p, s, e in phones if s >= start - 3 and e <= end + 3]
    best = spot(stretch, [value], prons, float("inf"))
    return best.cost if best is not None else float("inf")


def slot_value(
    slot: Slot, phones: Words, heard: Words, prons: dict[str, list[list[str]]]
) -> tuple[str, int, int] | None:
    """A value of ``slot`` and its frames: one the slot pass ``heard`` if the phones of its stretch agree, or,
    for a slot of few values, the best one spotted in the phone string; None."""
    if (at_n := find_phrase(heard, slot.candidates)) is not None:
        i, n = at_n
        value, start, end = " ".join(w for w, _, _ in heard[i : i + n]), heard[i][1], heard[i + n - 1][2]
        if stretch_fit(value, start, end, phones, prons) <= SPOT_THRESHOLD:
            return value, start, end
    if len(slot.candidates) <= SPOT_MAX_CANDIDATES:
        best = spot([p for p, _, _ in phones], slot.candidates, prons, SPOT_THRESHOLD)
        if best is not None:
            return best.word, phones[best.start][1], phones[best.end - 1][2]
    return None


def bare_place(words: Words, candidates: Sequence[str]) -> bool:
    """True if a value of ``candidates`` is among ``words`` without a preposition just before it."""
    at_n = find_phrase(words, candidates)
    return at_n is not None and (at_n[0] == 0 or words[at_n[0] - 1][0] not in PLACE_PREPOSITIONS)


def preposition(
    words: Words,
    at: int,
    phones: Words,
    prepositions: Sequence[str],
    prons: dict[str, list[list[str]]],
    keep: set[str],
) -> tuple[Words, int]:
    """``words`` with the first of ``prepositions`` (most likely first) that fits the two phones before the
    place at index ``at`` put before it, in place of the word heard there if that word overlaps them and is
    not in ``keep``; and the place's new index. Over two phones the more likely word is a better guess than
    one that fits a little better."""
    before = [p for p in phones if p[2] < words[at][1]][-2:]
    heard = [p for p, _, _ in before]
    for word in prepositions:
        fit = spot(heard, [word], prons, PREPOSITION_THRESHOLD)
        if fit is not None:
            start, end = before[fit.start][1], before[fit.end - 1][2]
            if at > 0 and words[at - 1][2] >= start and words[at - 1][0] not in keep:
                return words[: at - 1] + [(word, start, end)] + words[at:], at
            return words[:at] + [(word, start, end)] + words[at:], at + 1
    return words, at


def merge(words: Words, i: int, n: int) -> Words:
    """``words`` with the ``n`` words from ``i`` on as one phrase."""
    phrase = (" ".join(w for w, _, _ in words[i : i + n]), words[i][1], words[i + n - 1][2])
    return words[:i] + [phrase] + words[i + n :]
