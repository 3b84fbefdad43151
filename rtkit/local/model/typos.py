"""Typing slips in free text: a lower-case word that is no English word but becomes exactly one by undoing one
slip, two neighbouring letters swapped ('seacrh') or one extra letter typed ('universityg', 'airtificial').

The word list is the pronouncing dictionary the recognizer already ships with (pocketsphinx's CMU dictionary);
without it no word is changed. The first letter is never dropped, so a product name ('iphone') stays as typed.
"""

from __future__ import annotations

import re

from rtkit.local.model import sounds
from rtkit.local.model.sounds import is_word

__all__ = ["corrected", "corrected_word", "is_word"]

_WORD_RE = re.compile(r"\b[a-z]{6,}\b")  # short words have too many one-slip neighbours to guess from


def _undone(word: str) -> set[str]:
    """Words one slip away: an extra letter removed (never the first, nor a last 's' or 'd', which inflect a word
    the dictionary may not list: 'teapots', 'zipped') or two neighbouring letters swapped back."""
    last = len(word) - 1
    dropped = {word[:i] + word[i + 1 :] for i in range(1, len(word)) if not (i == last and word[i] in "sd")}
    swapped = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(1, len(word) - 1)}
    return (dropped | swapped) - {word}


def corrected_word(word: str) -> str:
    """``word`` with one typing slip undone when it is no word but exactly one word is a slip away."""
    words = sounds.words()
    if not words or not _WORD_RE.fullmatch(word) or word in words:
        return word
    found = {w for w in _undone(word) if w in words}
    return found.pop() if len(found) == 1 else word


def corrected(text: str) -> str:
    """``text`` with each lower-case word's typing slip undone (see :func:`corrected_word`)."""
    return _WORD_RE.sub(lambda m: corrected_word(m.group()), text)
