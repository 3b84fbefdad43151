"""A request as a recognizer writes ordinary speech, read back into the words that were said.

A speech recognizer writes what it hears in its own spelling: number words joined by hyphens ("twenty-six",
"one-hundred", "nine-thirty"), "per cent" in two words. The stand-in model reads numbers, times and
percentages word by word, so such spellings are undone once, before the request is read. Typed text that
already says the words plainly is unchanged.

Typed text has slips of its own that hide what a request asks: a modal run into its pronoun ("Canyou check ...")
and a prefix typed apart from its word ("Pre heat the oven"). Neither "canyou" nor a lone "pre" is an English word,
so both are written as the words meant.

Pure text functions about English; nothing here names a tool or a parameter.
"""

from __future__ import annotations

import re

from rtkit.local.text import NUMBER_NAMES, TENS_NAMES

__all__ = ["as_said"]

_NUMBER_WORD = "|".join((*NUMBER_NAMES, *TENS_NAMES, "hundred", "thousand", "million", "billion"))
_JOINED_NUMBERS_RE = re.compile(rf"\b({_NUMBER_WORD})-(?=(?:{_NUMBER_WORD})\b)", re.IGNORECASE)
_PER_CENT_RE = re.compile(r"\bper\s+cent\b", re.IGNORECASE)
# 'Canyou', 'couldyou', 'wouldyou': a modal typed together with the pronoun after it.
_JOINED_MODAL_RE = re.compile(r"\b(can|could|would|will|should|do)(you)\b", re.IGNORECASE)
# 'Pre heat', 'pre order': the prefix 'pre' is no word on its own, so it belongs to the word after it.
_LONE_PREFIX_RE = re.compile(r"\b(pre)\s+(?=[a-z]{3,}\b)", re.IGNORECASE)


def as_said(text: str) -> str:
    """``text`` with a recognizer's joined spellings undone: "twenty-six" → "twenty six", "one-hundred" → "one
    hundred", "per cent" → "percent"; and typing slips undone: "Canyou" → "Can you", "Pre heat" → "Preheat"."""
    text = _JOINED_NUMBERS_RE.sub(r"\1 ", text)
    text = _JOINED_MODAL_RE.sub(r"\1 \2", text)
    text = _LONE_PREFIX_RE.sub(r"\1", text)
    return _PER_CENT_RE.sub("percent", text)
