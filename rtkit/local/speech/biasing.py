"""Contextual biasing of a speech decoder toward the session's words (shallow fusion inside the beam).

A hypothesis earns :data:`TOKEN_BONUS` (in log-probability, nats) for each token that continues one of the
session's words (tool names split into words, descriptions, parameter names, enum values:
:func:`rtkit.local.speech.engines.vocabulary`) letter for letter from the start of a word, and gives back what the
word earned when it ends, or turns away from every session word, without completing one. So a word the sound
leaves in doubt ("notes" or "North") leans to the session's word, while a word the sound is sure of, and ordinary
English around it, is written as heard: a finished word that is not a session word scores exactly what the model
gave it. Matching is by letters, not by the tokenizer's pieces, so any spelling of a word into pieces counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["TOKEN_BONUS", "BiasState", "Vocabulary", "advance", "finish"]

TOKEN_BONUS = 0.5
"""Log-probability added per token that continues a session word (measured in ``bench/RESULTS.md``)."""
MIN_LETTERS = 3
"""Shorter session words are not favoured: their prefixes begin too many ordinary words."""
WORD_START = "\u2581"
"""How a tokenizer piece says it begins a word."""


@dataclass(frozen=True)
class Vocabulary:
    """The session words a decoder is biased toward, as letter prefixes and whole words (lower case)."""

    words: frozenset[str]
    """Whole words, with their plurals."""
    prefixes: frozenset[str]
    """Every prefix of every word (the words included)."""

    @classmethod
    def of(cls, words: Iterable[str]) -> Vocabulary:
        """The vocabulary of ``words`` (of :data:`MIN_LETTERS` letters or more; others are left out)."""
        kept = {w.lower() for w in words if len(w) >= MIN_LETTERS and w.isalpha()}
        kept |= {w + ("es" if w.endswith(("s", "x", "ch", "sh")) else "s") for w in kept}
        return cls(frozenset(kept), frozenset(w[:n] for w in kept for n in range(1, len(w) + 1)))

    def __bool__(self) -> bool:
        return bool(self.words)


@dataclass(frozen=True)
class BiasState:
    """Where a hypothesis stands in its last word."""

    word: str | None = None
    """Letters of the word being written while they begin a session word; None otherwise."""
    earned: float = 0.0
    """Bonus that word has earned so far (given back unless it completes a session word)."""


def _letters(text: str) -> bool:
    return any(c.isalpha() for c in text) and all(c.isalpha() or c == "'" for c in text)


def finish(vocabulary: Vocabulary, state: BiasState) -> float:
    """Change of bonus when the hypothesis's last word ends here: minus what it earned unless it is a session
    word."""
    if state.word is not None and state.word not in vocabulary.words:
        return -state.earned
    return 0.0


def advance(
    vocabulary: Vocabulary, state: BiasState, piece: str, bonus: float = TOKEN_BONUS
) -> tuple[BiasState, float]:
    """The state after a token whose text is ``piece`` (with the tokenizer's word-start mark), and the change of
    bonus it brings."""
    core = piece.lstrip(WORD_START).lower()
    starts = piece.startswith(WORD_START)
    change = 0.0
    word: str | None = state.word
    earned = state.earned
    if starts or not _letters(core):  # the last word ends here
        change = finish(vocabulary, state)
        word, earned = ("" if starts else None), 0.0
    if not core:
        return BiasState(word, earned), change
    if word is None or not _letters(core):
        return BiasState(), change
    word += core
    if word in vocabulary.prefixes:
        return BiasState(word, earned + bonus), change + bonus
    return BiasState(), change - earned
