"""A request as a recognizer writes ordinary speech, read back into the words that were said.

A speech recognizer writes what it hears in its own spelling: number words joined by hyphens ("twenty-six",
"one-hundred", "nine-thirty"), "per cent" in two words. The stand-in model reads numbers, times and
percentages word by word, so such spellings are undone once, before the request is read. Typed text that
already says the words plainly is unchanged.

Pure text functions about English; nothing here names a tool or a parameter.
"""

from __future__ import annotations

import re

from rtkit.local.text import NUMBER_NAMES, TENS_NAMES

__all__ = ["as_said"]

_NUMBER_WORD = "|".join((*NUMBER_NAMES, *TENS_NAMES, "hundred", "thousand", "million", "billion"))
_JOINED_NUMBERS_RE = re.compile(rf"\b({_NUMBER_WORD})-(?=(?:{_NUMBER_WORD})\b)", re.IGNORECASE)
_PER_CENT_RE = re.compile(r"\bper\s+cent\b", re.IGNORECASE)


def as_said(text: str) -> str:
    """``text`` with a recognizer's joined spellings undone: "twenty-six" → "twenty six", "one-hundred" → "one
    hundred", "per cent" → "percent"."""
    text = _JOINED_NUMBERS_RE.sub(r"\1 ", text)
    return _PER_CENT_RE.sub("percent", text)
