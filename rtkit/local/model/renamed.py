"""Renaming: 'rename "Old" to "New"' names the thing by its old value and gives its new one after 'to'.

A parameter asking for the new value (named 'new_...' or described as 'the new name') takes the one after 'to',
never the one before it."""

from __future__ import annotations

import re

from rtkit.local.text import split_identifier

_TO_RE = re.compile(r"['\"]?\s+(?:to|into|as)\s+['\"]?")


def asks_new_value(name: str, description: str) -> bool:
    """Whether the parameter is the new value of something changed: named 'new_...', or described as 'the new
    name' with one of its own words."""
    words = split_identifier(name)
    said = re.findall(r"\bnew\s+([a-z]+)", description.lower())
    return "new" in words or any(w in words for w in said)


def renamed_to(text: str, end: int) -> int | None:
    """Where the new value starts when the value ending at `end` is followed by 'to' ('"Frank" to "Bob"'), else
    None."""
    m = _TO_RE.match(text, end)
    return m.end() if m else None
