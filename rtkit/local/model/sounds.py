"""How English words sound: the pronouncing dictionary the recognizer already ships with (pocketsphinx's CMU
dictionary), word → its pronunciations as phones. Without it no word has a pronunciation and nothing sounds alike.
"""

from __future__ import annotations

import functools
from collections.abc import Collection
from pathlib import Path

from rtkit.local.text import edit_distance

__all__ = ["is_word", "pronunciations", "sounds_alike", "words"]


@functools.cache
def _dictionary() -> dict[str, tuple[str, ...]]:
    try:
        import pocketsphinx
    except ImportError:
        return {}
    path = Path(pocketsphinx.get_model_path("en-us")) / "cmudict-en-us.dict"
    if not path.is_file():
        return {}
    found: dict[str, tuple[str, ...]] = {}
    with path.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            head, _, phones = line.strip().partition(" ")
            word = head.split("(", 1)[0]
            found[word] = (*found.get(word, ()), phones)
    return found


def words() -> Collection[str]:
    """The dictionary's words (empty when no dictionary is installed)."""
    return _dictionary().keys()


def is_word(word: str) -> bool | None:
    """Whether the lower-case ``word`` is an English word of the dictionary; None when no dictionary is installed."""
    known = words()
    return (word in known) if known else None


def pronunciations(word: str) -> tuple[tuple[str, ...], ...]:
    """The lower-case ``word``'s pronunciations, each a tuple of phones ("notes": (("N", "OW", "T", "S"),));
    none when the dictionary does not list it."""
    return tuple(tuple(p.split()) for p in _dictionary().get(word, ()))


def sounds_alike(heard: str, word: str) -> bool:
    """Whether two different lower-case words sound alike: some pronunciations of each, four phones or more, begin
    with the same phone and differ by one phone at most ("notice" N OW T AH S, "notes" N OW T S)."""
    if heard == word:
        return False
    return any(
        len(a) >= 4 and len(b) >= 4 and a[0] == b[0] and edit_distance(a, b) <= 1
        for a in pronunciations(heard)
        for b in pronunciations(word)
    )
