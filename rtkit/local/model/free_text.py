"""Free-text arguments (a task, a message body, a search phrase, an event title, list items) cut from a request.

What is left of a request once the tool's own words and the values given to other parameters are taken
out is what the user wants the free text to be: in "Remind me to call mom tomorrow at 6 pm" the reminder
tool's words ('remind') and the time ('tomorrow at 6 pm') go, leaving "me to call mom", and trimming the
linking words at its edges leaves "call mom". Explicit markers come first: quotes, "called X", and for a
message "saying X" / "tell him X".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rtkit.local.model.typos import corrected, corrected_word
from rtkit.local.text import concept, split_identifier, stem

_TOKEN_RE = re.compile(r"[\w'’-]+|[.?!;]")
# Linking words trimmed from either edge of a free-text remainder.
_EDGE = {
    "to", "for", "into", "in", "on", "at", "by", "with", "and", "that", "please", "a", "an", "the", "me", "my",
    "some", "of", "from", "about", "is", "are", "up", "it", "our", "your", "this", "as", "do", "can", "you",
    "could", "would", "i", "want", "like", "id", "i'd", "what", "what's", "whats", "does", "saying",
}  # fmt: skip
# Sentence-like values ('the report is ready') keep their articles and pronouns.
_SENTENCE_EDGE = {"to", "for", "into", "in", "on", "at", "by", "with", "and", "that", "please", "saying", "me"}
# Command words that wrap a request rather than belong to its free text.
_FRAMING = {
    "add", "put", "set", "create", "make", "schedule", "book", "reserve", "find", "search", "look", "show",
    "give", "tell", "play", "open", "fetch", "get", "start", "send", "write", "translate", "define", "remind",
    "track", "order", "check", "online", "mean", "means", "meaning", "album", "song", "playlist",
    "artist", "new", "called", "named", "titled", "web", "internet", "google", "now", "please", "lookup",
}  # fmt: skip
# Participles that work as prepositions ('chocolate cake including the steps'): a title or name ends before them.
_PREPOSITIONAL = {
    "including", "containing", "featuring", "regarding", "concerning", "involving", "excluding", "using", "following",
    "considering", "excepting",
}  # fmt: skip
_CALLED_RE = re.compile(r"\b(?:called|named|titled|labell?ed)\s+", re.IGNORECASE)
_MESSAGE_RE = re.compile(
    r"\b(?:saying|that\s+says|to\s+say|and\s+say|(?:and\s+)?tell(?:ing)?\s+(?:him|her|them)(?:\s+that)?|"
    r"letting\s+(?:him|her|them)\s+know(?:\s+that)?|that)\s+|:\s*",
    re.IGNORECASE,
)
_LIST_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bor\b|\bplus\b)\s*", re.IGNORECASE)
# Instructions about how to answer rather than what to look for: the reply's form ('reply in yaml', 'answer as
# a table') and the means ('with your functions', 'use the tools you have') are never the free text.
_INSTRUCTION_RE = re.compile(
    r"(?:\b(?:and|then|finally|please)\s+)*\b(?:respond|reply|answer|return|output|format)\s+"
    r"(?:(?:it|them|the\s+\w+)\s+)?(?:in|as|with|using)\s+(?:an?\s+)?(?:json|xml|yaml|csv|markdown|html|"
    r"(?:plain\s+)?text|table|list|bullet\s+points|english)\b"
    r"|(?:\b(?:and|then|please)\s+)*\b(?:(?:use|using)\s+(?:your\s+|the\s+)?(?:\w+\s+)?|with\s+your\s+)tools?\b",
    re.IGNORECASE,
)
_BOUNDARY = {"at", "on", "for", "with", "by", "in", "from", "to", "and", "tomorrow", "today", "tonight"}


def _key(token: str) -> str:
    return "".join(split_identifier(token))


def _consumed(token: str, start: int, end: int, used: Iterable[tuple[int, int]], vocabulary: set[str]) -> bool:
    if any(start < b and a < end for a, b in used):
        return True
    k = _key(token)
    return bool(k) and (stem(k) in vocabulary or concept(k) in vocabulary)


def _head(m: re.Match, run: list[re.Match], used: Iterable[tuple[int, int]], vocabulary: set[str]) -> bool:
    """A noun the tool's words take in only through a synonym ('meeting', 'appointment' for an event tool), right
    after a content word of the run: the head of a compound ('team meeting', 'dentist appointment'), which says
    what the thing is and so belongs to it. The tool's own word ('a dentist event') only restates the tool."""
    k = _key(m.group())
    if not k or stem(k) in vocabulary or not run or run[-1].group().lower() in _EDGE | _FRAMING:
        return False
    adjacent = not m.string[run[-1].end() : m.start()].strip()
    return adjacent and not any(m.start() < b and a < m.end() for a, b in used)


def _decimal_point(m: re.Match) -> bool:
    """Whether a '.' token sits between digits ('1.5'): part of a number, no end of a sentence."""
    before, after = m.string[: m.start()], m.string[m.end() :]
    return m.group() == "." and before[-1:].isdigit() and after[:1].isdigit()


def _segments(text: str, used: list[tuple[int, int]], vocabulary: set[str]) -> list[list[re.Match]]:
    """Runs of tokens that are neither the tool's words nor given to another parameter; a compound's head that
    is a synonym of the tool's words ends the run it heads."""
    runs: list[list[re.Match]] = [[]]
    for m in _TOKEN_RE.finditer(text):
        if m.group() in ".?!;" and not _decimal_point(m) or _consumed(m.group(), m.start(), m.end(), used, vocabulary):
            if _head(m, runs[-1], used, vocabulary):
                runs[-1].append(m)
            runs.append([])
        else:
            runs[-1].append(m)
    return [r for r in runs if r]


# A question about the user's own thing names it after the question word and verb: 'when is my gym class' looks up
# 'gym class' (a general question, 'where is Oslo', is itself what to search).
_QUESTION_WORDS = {"when", "where", "who", "which", "how"}
_QUESTION_VERBS = {"is", "are", "was", "were", "do", "does", "did", "will", "can", "should"}
_POSSESSIVES = {"my", "our", "your"}


def _trim(run: list[re.Match], sentence: bool) -> list[re.Match]:
    lead = _SENTENCE_EDGE if sentence else _EDGE | _FRAMING
    tail = _SENTENCE_EDGE | {"my", "the", "a", "an", "me", "some"} if sentence else _EDGE | _FRAMING | _PREPOSITIONAL
    run = list(run)
    while run and (
        corrected_word(run[0].group().lower()) in lead
        or not sentence
        and len(run) > 3
        and run[0].group().lower() in _QUESTION_WORDS
        and run[1].group().lower() in _QUESTION_VERBS
        and run[2].group().lower() in _POSSESSIVES
    ):
        run.pop(0)
    while run and corrected_word(run[-1].group().lower()) in tail:
        run.pop()
    return run


def _span_text(text: str, run: list[re.Match]) -> str:
    return corrected(text[run[0].start() : run[-1].end()].strip(" ,"))


def remainder(
    text: str, used: list[tuple[int, int]], vocabulary: set[str], sentence: bool = False
) -> tuple[str, tuple[int, int]] | None:
    """The longest stretch of the request left for free text, with its span (None when nothing is left)."""
    best: list[re.Match] = []
    used = used + [m.span() for m in _INSTRUCTION_RE.finditer(text)]
    for run in _segments(text, used, vocabulary):
        run = _trim(run, sentence)
        if run and (not best or run[-1].end() - run[0].start() > best[-1].end() - best[0].start()):
            best = run
    if not best:
        return None
    return _span_text(text, best), (best[0].start(), best[-1].end())


def called(text: str, used: list[tuple[int, int]]) -> tuple[str, tuple[int, int]] | None:
    """The name after 'called' / 'named' / 'titled', up to a linking word or a value given elsewhere."""
    m = _CALLED_RE.search(text)
    if not m:
        return None
    run: list[re.Match] = []
    for t in _TOKEN_RE.finditer(text, m.end()):
        if t.group() in ".?!;" or t.group().lower() in _BOUNDARY or any(t.start() < b and a < t.end() for a, b in used):
            break
        run.append(t)
    return (_span_text(text, run), (run[0].start(), run[-1].end())) if run else None


# What a purpose clause opens with: 'reminding me to', 'in order to', 'so that I can', or a bare 'to' + verb.
_PURPOSE_RE = re.compile(
    r"\b(?:remind(?:ing|er)?\s+(?:me|us|him|her|them)\s+(?:to|that|about|of)|in\s+order\s+to|so\s+(?:that\s+)?"
    r"(?:i|we)\s+can|to)\s+(?=[a-z])",
    re.IGNORECASE,
)
_NOT_VERBS = {"the", "a", "an", "my", "your", "our", "his", "her", "their", "me", "us", "him", "them", "it", "be"}
# What a reminder is for, as a noun: 'a reminder for [the meeting]', 'an alarm for [my flight]'.
_REMINDER_FOR_RE = re.compile(
    r"\b(?:reminder|alarm|timer|countdown)s?\s+(?:for|about)\s+(?:the\s+|my\s+|our\s+|a\s+|an\s+)?(?=[a-z])",
    re.IGNORECASE,
)


def purpose(text: str, used: list[tuple[int, int]]) -> tuple[str, tuple[int, int]] | None:
    """What something is for: the clause after 'reminding me to' / 'in order to', or after a bare 'to' that opens
    a lower-case verb ('Set a reminder to text Raj at 11PM' → 'text Raj'), up to a linking word or a value given
    elsewhere. A reminder, alarm or timer 'for' a thing is for that thing ('a reminder for the meeting' → 'meeting')."""
    found = [(m, True) for m in _PURPOSE_RE.finditer(text)] + [(m, False) for m in _REMINDER_FOR_RE.finditer(text)]
    for m, verb in sorted(found, key=lambda f: f[0].start()):
        if any(m.start() < b and a < m.end() for a, b in used):
            continue
        run: list[re.Match] = []
        for t in _TOKEN_RE.finditer(text, m.end()):
            word = t.group()
            if word in ".?!;" or word.lower() in _BOUNDARY or any(t.start() < b and a < t.end() for a, b in used):
                break
            run.append(t)
        first = run[0].group() if run else ""
        if run and first.isalpha() and (not verb or first.islower() and first not in _NOT_VERBS):
            return _span_text(text, run), (run[0].start(), run[-1].end())
    return None


def message(text: str, used: list[tuple[int, int]]) -> tuple[str, tuple[int, int]] | None:
    """A message body introduced by 'saying', 'that', 'tell him', ':' ('... saying the report is ready')."""
    for m in _MESSAGE_RE.finditer(text):
        if any(m.start() < b and a < m.end() for a, b in used):
            continue
        body = text[m.end() :].strip().rstrip(".!?").strip()
        if body:
            return body, (m.end(), len(text))
    return None


def items(value: str) -> list[str]:
    """List items of a phrase: 'apples, pears and plums' → ['apples', 'pears', 'plums']."""
    out = []
    for part in _LIST_SPLIT.split(value):
        words = part.split()
        while words and words[0].lower() in ("a", "an", "the", "some"):
            words.pop(0)
        if words:
            out.append(" ".join(words))
    return out
