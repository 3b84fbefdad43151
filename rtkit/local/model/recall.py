"""Answers to recall questions ("what did you say the total was?") from the conversation so far.

The conversation is the memory: earlier user and assistant messages, tool outputs (as the assistant
would have said them) and a carried-over summary seeded into a new session as a system or user text
item. A question counts as recall when it refers back ('did you say', 'earlier', 'again', 'remind me
what'); its content words pick the earlier sentence that shares most of them, numbers breaking ties
when the question asks for an amount.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rtkit.local.model import mentions
from rtkit.local.model.phrasing import phrase_output
from rtkit.local.text import STOPWORDS, concepts, sentences

_RECALL_RE = re.compile(
    r"\b(?:what\s+(?:did|was\s+it)\s+(?:you|i|we)\s+(?:say|said|tell|told|mention|ask|find)|"
    r"(?:did|do)\s+you\s+(?:say|said|mention|tell)|you\s+(?:said|told\s+me|mentioned)|"
    r"i\s+(?:said|told\s+you|mentioned|asked(?:\s+about)?)|remind\s+me\s+(?:what|of|how|which|who|where|when)|"
    r"(?:said|mentioned|told\s+me)\s+(?:earlier|before)|earlier|again|remember)\b",
    re.IGNORECASE,
)
_RECALL_WORDS = set(
    "say said tell told mention mentioned ask asked earlier before again remind recall remember was were "
    "find found".split()
)
_AMOUNT_RE = re.compile(r"\b(?:how\s+much|how\s+many|total|amount|number|figure|price|cost|value)\b", re.IGNORECASE)
# Question words that ask for a kind of value rather than a word: 'which city' is answered by a place.
_KIND_WORDS: dict[str, Callable[[str], list]] = {
    "city": mentions.places, "place": mentions.places, "town": mentions.places, "where": mentions.places,
    "location": mentions.places, "email": mentions.emails, "address": mentions.emails, "time": mentions.times,
}  # fmt: skip


def is_recall(question: str) -> bool:
    """Whether the question refers back to something said earlier in the conversation."""
    return bool(_RECALL_RE.search(question or ""))


@dataclass(frozen=True)
class Memory:
    """One earlier sentence and who said it."""

    speaker: str
    """'user', 'assistant', or 'summary' for a carried-over summary."""
    text: str


def memories(
    items: Sequence[dict], text_of: Callable[[dict], str], summary_prefix: str, names: dict[str, str]
) -> list[Memory]:
    """Earlier sentences of the conversation in order: messages, tool outputs as spoken, summaries."""
    out: list[Memory] = []
    for it in items:
        kind = it.get("type", "message")
        if kind == "function_call_output":
            name = names.get(str(it.get("call_id")), "")
            output = it.get("output", "")
            out.extend(Memory("assistant", s) for s in phrase_output(name, output))
            continue
        if kind != "message":
            continue
        text = text_of(it)
        role = it.get("role")
        if text.startswith(summary_prefix) or role == "system":
            speaker = "summary"
            text = text.removeprefix(summary_prefix)
        else:
            speaker = "assistant" if role == "assistant" else "user"
        out.extend(Memory(speaker, s) for s in sentences(text))
    return out


def recall_answer(question: str, earlier: Sequence[Memory]) -> str | None:
    """The answer to a recall question from earlier sentences, or None when nothing earlier fits."""
    wanted = {c for c in concepts(question) if c not in _RECALL_WORDS} - STOPWORDS
    if not wanted or not earlier:
        return None
    amount = bool(_AMOUNT_RE.search(question))
    kinds = [find for word, find in _KIND_WORDS.items() if re.search(rf"\b{word}\b", question, re.IGNORECASE)]
    best: tuple[float, int] | None = None
    for k, memory in enumerate(earlier):
        if memory.speaker == "user" and is_recall(memory.text):
            continue
        shared = len(wanted & set(concepts(memory.text))) + sum(1 for find in kinds if find(memory.text))
        if not shared:
            continue
        score = shared + (0.5 if amount and re.search(r"\d", memory.text) else 0.0) + 0.01 * k
        if best is None or score > best[0]:
            best = (score, k)
    if best is None:
        return None
    memory = earlier[best[1]]
    text = memory.text if memory.text.endswith((".", "!", "?")) else memory.text + "."
    lead = {"assistant": "Earlier I said", "user": "You said", "summary": "From earlier in our conversation"}
    return f"{lead[memory.speaker]}: {text}"
