"""What a request asks to do and what a tool does, as one of a few actions: create, search, delete, change, send,
play.

Two tools can be about the same thing ('search_notes' and 'create_note' both name notes); what tells them apart is
the request's main verb. "Make a note that ...", "Take a note", "Write down ..." create; "Find my notes about ...",
"Look through my notes" search. The request's action is its first word after the polite framing ('please', 'can
you', 'I want to', 'I'm'), if that word (or its -ing form: 'I'm looking for') is one of an action's verbs; a search
for a stated purpose ('looking for a cabin to book') asks for the purpose; a tool's action is the first action
verb of its name, else of the first words of its description ('Write a new note.', 'Full-text search over ...').
Verbs too common to name one ('get', 'show', 'calculate') name none. The action only tells apart tools the
request's words already fit (see `routing.rank_tools`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rtkit.local.text import split_identifier

_ACTIONS: dict[str, frozenset[str]] = {
    "create": frozenset(
        "create make add new write take jot compose draft record save log insert register schedule book".split()
    ),
    "search": frozenset("search find look lookup locate seek query browse grep".split()),
    "delete": frozenset("delete remove erase cancel clear discard drop".split()),
    "change": frozenset("update edit change modify rename amend alter reschedule postpone move".split()),
    "send": frozenset("send email mail text message forward notify".split()),
    # a song streamed is played: 'Could you stream the track ...' asks a tool that plays, not one
    # that looks songs up
    "play": frozenset("play stream".split()),
}
_ACTION_OF = {verb: action for action, verbs in _ACTIONS.items() for verb in verbs}
WRITES = frozenset({"create", "delete", "change", "send"})
"""The actions that write something: a request asking only these is served by no tool that only searches."""
_EDITS = frozenset({"create", "delete", "change"})


def other_edit(asked: str, tool: object) -> bool:
    """Whether a tool edits only in another way than the request asks (creating, deleting and changing exclude one
    another; sending may create: 'Write an e-mail to ...'; 'Add or remove an entry' does both)."""
    done = tool_actions(tool)
    return asked in _EDITS and bool(done) and done <= _EDITS and asked not in done


# Words that frame a request before its verb ('Could you please ...', 'I'd like to ...', 'Go ahead and ...').
_FRAMING = frozenset(
    """please can could would will you i i'd id we let's lets let us me to want wanna need like just quickly go
    ahead and help kindly now hey hi ok okay so also then i'm im am we're are""".split()
)
# Motion verbs and the adverbs of place that complete them ('go online and search ...', 'go back and book ...'):
# the request's verb is the one after them.
_MOTION_VERBS = frozenset({"go"})
_MOTION_ADVERBS = frozenset("online offline ahead back out over there here home away inside outside".split())


def after_motion(previous: str, word: str) -> bool:
    """Whether `word` is an adverb of place completing the motion verb `previous` ('go [online] and search')."""
    return previous.lower() in _MOTION_VERBS and word.lower() in _MOTION_ADVERBS


# 'look' searches only with these after it ('look up', 'look for', 'look through'); 'look at' reads.
_LOOK_PARTICLES = frozenset("up for through into".split())
_WORD_RE = re.compile(r"[a-z']+")
_DESCRIPTION_WORDS = 6
# Action words a description uses as nouns as often as verbs ('a new note', 'the text of', 'a log of').
_NOUNS_TOO = frozenset("new text message record log query drop".split())


# The -ing forms of the action verbs ('looking', 'searching', 'booking', 'making'), to their verb.
_PROGRESSIVE = {
    (v[:-1] if v.endswith("e") and not v.endswith("ee") else v) + "ing": v for v in _ACTION_OF if len(v) > 3
}


def request_action(request: str) -> str:
    """The action the request's main verb asks for ('create', 'search', ...), '' when it names none."""
    words = _WORD_RE.findall(request.lower())
    for k, word in enumerate(words):
        if word in _FRAMING or after_motion(words[k - 1] if k else "", word):
            continue
        word = _PROGRESSIVE.get(word, word)  # 'I'm looking for ...' asks what 'look for' does
        if word == "look" and (k + 1 >= len(words) or words[k + 1] not in _LOOK_PARTICLES):
            return ""
        action = _ACTION_OF.get(word, "")
        return _purpose(words[k + 1 : k + 1 + _PURPOSE_REACH]) if action == "search" else action
    return ""


_PURPOSE_REACH = 8
"""How many words after a search verb its object and purpose may span ('looking for a house in town to book')."""


def _purpose(after: list[str]) -> str:
    """The action of a search done for a purpose the request states ('looking for a house [to book]' asks to book
    one): 'to' and an action verb other than searching ('a flight to New Delhi' names a place), else searching."""
    for k, word in enumerate(after[:-1]):
        verb = after[k + 1]
        if word == "to" and verb not in _NOUNS_TOO and _ACTION_OF.get(verb, "search") != "search":
            return _ACTION_OF[verb]
    return "search"


def tool_action(tool: object) -> str:
    """The action a tool performs, from its name, else from the first words of its description ('' if none)."""
    if not isinstance(tool, dict):
        return ""
    name, description = tool.get("name"), tool.get("description")
    return _action(name if isinstance(name, str) else "", description if isinstance(description, str) else "")


def tool_actions(tool: object) -> frozenset[str]:
    """Every action a tool's name and the first words of its description say it performs ('Add or remove ...')."""
    if not isinstance(tool, dict):
        return frozenset()
    name, description = tool.get("name"), tool.get("description")
    return _actions(name if isinstance(name, str) else "", description if isinstance(description, str) else "")


@lru_cache(maxsize=1024)
def _actions(name: str, description: str) -> frozenset[str]:
    words = [w for w in _WORD_RE.findall(description.lower())[:_DESCRIPTION_WORDS] if w not in _NOUNS_TOO]
    return frozenset(_ACTION_OF[w] for w in _verb_words(name) + words if w in _ACTION_OF)


# A method name in lower camel case after any class or module prefix ('TermQueryTests_termQuery', 'api.getUser').
_METHOD_RE = re.compile(r"(?:^|[._])([a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+)$")


def _verb_words(name: str) -> list[str]:
    """The words of a tool's name that may say what it does: a method name in lower camel case says it with its
    first word ('getUser') or not at all ('termQuery' names the query it builds, as its class prefix names a type);
    other names with any word ('search_hotels', 'HotelSearch')."""
    method = _METHOD_RE.search(name)
    if method:
        return split_identifier(method.group(1))[:1]
    return split_identifier(name)


@lru_cache(maxsize=1024)
def _action(name: str, description: str) -> str:
    for word in _verb_words(name):
        if word in _ACTION_OF:
            return _ACTION_OF[word]
    for word in _WORD_RE.findall(description.lower())[:_DESCRIPTION_WORDS]:
        if word in _ACTION_OF and word not in _NOUNS_TOO:
            return _ACTION_OF[word]
    return ""
