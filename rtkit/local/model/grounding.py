"""Whether the values filled in for a tool's required parameters come from the request, or only from what was left
of it once nothing pointed to a value.

A call needs every required value from the request. The argument filler puts a leftover word into a required string
parameter when no word points to one ('guessed'): right for 'Find the ranking of LA Lakers', wrong for "I'm looking
for a movie" ('looking' as the movie's title). A guessed value is hollow, and the parameter in truth unfilled, when:

- it is only words that frame a request or name what the tool is about: function words, request verbs, common verbs
  and generic nouns ('looking', 'that's headed'), or the tool's own words ('project' for a project tool);
- it should name a place or a person but is written in lower case in a request that capitalises names ('Find me
  some attractions to [visit]', 'Get me train [tickets] for the 2nd of March');
- it should name a place but is neither a known place name nor written after a preposition of place ('a regular
  [Imaginative] fiction movie').

A required place read from the request, not guessed, is no place either when it is one lower-case word that is no
known place in a request that capitalises ('I would like to [rent] a house' read as where to go).
"""

from __future__ import annotations

import re

from rtkit.local.model import code_values, places
from rtkit.local.model.arguments import FilledArguments
from rtkit.local.model.profile import profile
from rtkit.local.model.routing import tool_frame, tool_parameters
from rtkit.local.model.spans import COMMON_WORDS, FUNCTION_WORDS, GENERIC_NOUNS, REQUEST_VERBS
from rtkit.local.text import FRAMING_WORDS, concept, root, split_identifier, stem

_PLAIN = FUNCTION_WORDS | REQUEST_VERBS | COMMON_WORDS | GENERIC_NOUNS | FRAMING_WORDS | {"well"}
_PLAIN_STEMS = frozenset(stem(w) for w in _PLAIN)
# Words that frame a request only where they open it ('Hi, ...'); elsewhere they are what is said ('echo hello').
_OPENERS = frozenset({"okay", "ok", "hi", "hello", "hey", "thanks", "yes"})
_WORD_RE = re.compile(r"[a-z']+")
# A value of more words than this is a phrase the request gives, not a stray word.
_MAX_WORDS = 3


def hollow_guesses(tool: dict, filled: FilledArguments, request: str) -> tuple[str, ...]:
    """The required parameters of `filled.guessed` whose value names nothing (see the module docstring)."""
    schema = tool_parameters(tool)
    props = schema.get("properties") if isinstance(schema, dict) else None
    props = props if isinstance(props, dict) else {}
    capitalised = any(ch.isupper() for ch in request)
    coded = code_values.declared_types(schema)  # a number or boolean written as code text ('30', 'true') is no place
    hollow = []
    for k, name in enumerate(filled.guessed):
        value = filled.arguments.get(name)
        if not isinstance(value, str) or name in coded:
            continue
        if _framing_only(value, tool, request):
            hollow.append(name)
            continue
        pschema = props.get(name)
        pschema = pschema if isinstance(pschema, dict) else {}
        kind = profile(name, pschema, k, True, [str(pschema.get("type", "string"))]).kind
        if kind in ("place", "person") and capitalised and value == value.lower() and value.strip():
            hollow.append(name)
        elif kind == "place" and not _placed(value, request):
            hollow.append(name)
    required = schema.get("required") if isinstance(schema, dict) else None
    for k, name in enumerate(required if isinstance(required, list) else []):
        value = filled.arguments.get(name)
        pschema = props.get(name)
        if name in filled.guessed or name in coded or not isinstance(value, str) or not isinstance(pschema, dict):
            continue
        kind = profile(name, pschema, k, True, [str(pschema.get("type", "string"))]).kind
        if re.search(rf"['`\"]{re.escape(value)}['`\"](?!\s*:)", request):
            continue  # 'an origin of 'now'': a value written in quotes (not a key before ':') is meant as it stands
        if kind == "place" and capitalised and re.fullmatch(r"[a-z]+", value) and not places.is_place(value):
            hollow.append(name)  # 'I would like to rent a house': 'to [rent]' is no destination
    return tuple(hollow)


# Prepositions and verbs that put a place after them ('in Berkeley', 'to San Diego', 'visiting Martinez').
_LOCATIVE_RE = r"\b(?:in|at|near|from|to|around|for|into|towards?|via|of|visit|visiting)\s+(?:the\s+)?"


def _placed(value: str, request: str) -> bool:
    """Whether a place value is one: a known place name, or written after a preposition of place."""
    head = value.split(",")[0].strip()
    if places.is_place(head):
        return True
    return re.search(_LOCATIVE_RE + re.escape(head), request, re.IGNORECASE) is not None


def _framing_only(value: str, tool: dict, request: str) -> bool:
    """Whether a value is a few words, each one that frames a request (an opener only where the request opens with
    it) or that the tool, or a synonym of it, uses to say what it does ('listen' for a tool that plays)."""
    words = _WORD_RE.findall(value.lower())
    if not words or len(words) > _MAX_WORDS:
        return False
    frame = tool_frame(tool)
    opened = _WORD_RE.findall(request.lower())[:1]
    return all(
        w in _PLAIN
        or stem(w) in _PLAIN_STEMS
        or stem(w) in frame
        or _synonym_in(w, frame)
        or (w in _OPENERS and w in opened)
        for w in words
    )


def stated(value: object, request: str, tool: dict) -> bool:
    """Whether a value is written out in the request as it stands: a number in digits ('Change [20] euros') or in
    words with its unit or currency ('[one hundred] British pounds', as a recognizer writes it), or words that are
    more than framing ('the [Blue Hours] record'); not a flag, nor a date or value read from other words ('on the
    4th of June')."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        number = int(value) if float(value).is_integer() else value
        if re.search(rf"(?<![\d.]){re.escape(str(number))}(?![\d]|\.\d)", request) is not None:
            return True
        from rtkit.local.model import spans  # reads numbers with the extractors, which build on this module

        return any(s.words and (s.unit or s.currency) and s.value == value for s in spans.numbers(request))
    if not isinstance(value, str) or not value.strip() or _framing_only(value, tool, request):
        return False
    return re.search(rf"(?<!\w){re.escape(value)}(?!\w)", request, re.IGNORECASE) is not None


def _synonym_in(word: str, frame: frozenset[str]) -> bool:
    """Whether a synonym of the word (by its synonym group, not merely a shared root) is among a tool's words."""
    group = concept(word)
    return group != root(stem(word)) and group in frame


# 'Either the 'name' or 'id_no' parameter must be provided': a description can require one of several parameters
# that its schema lists as optional.
_ONE_OF_RE = re.compile(
    r"\b(?:either|one of)\s+(?:the\s+)?(?:parameters?\s+)?['\"`](\w+)['\"`]\s+or\s+['\"`](\w+)['\"`]"
    r"(?:\s+parameters?)?\s+(?:must|should|has to|have to|needs? to)\s+be\s+(?:provided|given|specified|set)",
    re.IGNORECASE,
)


def unmet_alternatives(tool: dict, arguments: dict) -> tuple[str, ...]:
    """The parameters of which the tool's description says one must be given, when the arguments give none."""
    description = tool.get("description")
    schema = tool_parameters(tool)
    properties = schema.get("properties") if isinstance(schema, dict) else None
    if not isinstance(description, str) or not isinstance(properties, dict):
        return ()
    for m in _ONE_OF_RE.finditer(description):
        names = tuple(n for n in m.groups() if n in properties)
        if len(names) == 2 and not any(arguments.get(n) not in (None, "") for n in names):
            return names
    return ()


# A parameter's name said as a label and then its value: 'the user ID is', 'the permissions to assign are', 'owner:'
# (`arguments._name_label` is the label just before a quoted value, which needs no verb).
_LABEL_END_RE = r"(?:\s+[a-z]+){0,3}?\s*(?:\b(?:is|are|was|were|should be|will be)\b|[:=])"


def labels_every_required(tool: dict, request: str) -> bool:
    """Whether the request labels each of the tool's two or more required parameters by its whole name ('The
    resource ID is X, the user ID is Y, and the permissions are Z'): it states the values this tool takes."""
    schema = tool_parameters(tool)
    required = schema.get("required") if isinstance(schema, dict) else None
    if not isinstance(required, list) or len(required) < 2:
        return False
    said = request.lower()
    for name in required:
        words = [w.lower() for w in split_identifier(str(name)) if w.isalpha()]
        if not words:
            return False
        # each word of the name in its stem with any ending ('permissions' for 'permission', 'ID' for 'id')
        phrase = r"[\s_-]+".join(re.escape(stem(w)) + r"[a-z]*" for w in words)
        if re.search(rf"\b{phrase}{_LABEL_END_RE}", said) is None:
            return False
    return True
