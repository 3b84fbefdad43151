"""Tool routing for the local server's rule-based responder: which tool a request is about.

This is lexical matching, not language understanding. Words of the request are lower-cased, lightly stemmed (plural
s, -ing, -ed, -ly), mapped through a small synonym table (finance, developer tools and everyday assistant requests)
or else to their root ('multiplication' / 'multiply'), and scored against each tool's name, description and
parameters. A word that appears in few of the session's tools counts more than one that appears in many (an IDF-
like weight), and where a word appears matters too: a hit in the tool's name beats one in its description's opening
phrase ('Retrieves the [weather forecast] for ...'), which beats one in the rest of it; what a description says the
tool does without ('the date without time information') does not count; a question asking who someone is ('who is
Ada Lovelace?') asks for information. A typed value in the request (an e-mail address, a URL, two currencies)
counts for the tools with a parameter of that kind, a code in the shape of a parameter's example for its tool, and
the request's main verb for a tool that does what it asks (create, search, delete, change, send: `actions`). Of
tools scoring alike, the one whose name says fewest words the request does not comes first.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rtkit.local.model import actions, commands, identifiers, units
from rtkit.local.model.schema_cache import by_schema
from rtkit.local.text import (
    ENUM_HINTS,
    implied_information,
    implied_operations,
    implied_quantities,
    implied_words,
    split_identifier,
    spoken_operators,
    stem,
    terms,
    things_to,
)

if TYPE_CHECKING:  # spans builds on this module
    from rtkit.local.model.spans import Span

# Below this score a request is treated as conversation, not as a tool request.
MIN_SCORE = 1.0

# How much a word counts depending on where it appears in the tool definition.
_NAME_WEIGHT = 3.0
_ENUM_WEIGHT = 2.0
_PARAM_NAME_WEIGHT = 1.5
_DESCRIPTION_WEIGHT = 1.0
_PARAM_DESCRIPTION_WEIGHT = 0.75
# A match through the synonym table counts less than the same word itself.
_SYNONYM_DISCOUNT = 0.6
# A request whose main verb asks what a fitting tool does ('Make a note' for 'create_note' rather than
# 'search_notes'): enough to tell apart tools about the same thing, too little to make a tool fit on its own.
_ACTION_WEIGHT = 1.0
# A word of the tool's name said in just its form (plural or singular): only enough to tell apart names that stem
# alike ('get_location' and 'get_locations').
_FORM_WEIGHT = 0.05


def tool_name(tool: object) -> str:
    """The function name of a GA function tool dict ('' when it has none)."""
    if isinstance(tool, dict):
        name = tool.get("name")
        if isinstance(name, str):
            return name
        fn = tool.get("function")  # tolerate the Chat Completions nesting
        if isinstance(fn, dict) and isinstance(fn.get("name"), str):
            return fn["name"]
    return ""


def tool_parameters(tool: object) -> object:
    """The JSON schema of a tool's parameters (may be anything; callers must be defensive)."""
    if not isinstance(tool, dict):
        return {}
    if "parameters" in tool:
        return tool["parameters"]
    fn = tool.get("function")
    return fn.get("parameters", {}) if isinstance(fn, dict) else {}


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _schema_parts(schema: object, depth: int = 0) -> Iterable[tuple[str, str]]:
    """(kind, text) pairs from a parameters schema: parameter names, descriptions and enum values."""
    if depth > 4 or not isinstance(schema, dict):
        return
    props = schema.get("properties")
    if isinstance(props, dict):
        for pname, pschema in props.items():
            if isinstance(pname, str):
                yield "param", pname
            yield from _property_parts(pschema, depth + 1)


def _property_parts(schema: object, depth: int) -> Iterable[tuple[str, str]]:
    if depth > 4 or not isinstance(schema, dict):
        return
    yield "param_description", _text(schema.get("description")) + " " + _text(schema.get("title"))
    enum = schema.get("enum")
    if isinstance(enum, list):
        for value in enum:
            if isinstance(value, str):
                yield "enum", value
                for hint in ENUM_HINTS.get(value.lower(), ()):
                    yield "enum", hint
    for key in ("anyOf", "oneOf", "allOf"):
        options = schema.get(key)
        if isinstance(options, list):
            for option in options:
                yield from _property_parts(option, depth + 1)
    yield from _property_parts(schema.get("items"), depth + 1)
    yield from _schema_parts(schema, depth + 1)


# The words of a description up to its first preposition say what the tool does, as its name does ('Retrieves the
# weather forecast | for a city'); they count between a name's words and the rest of the description.
_LEAD_WEIGHT = 1.5
_LEAD_END_RE = re.compile(
    r"[.,;:(]|\b(?:for|of|in|on|at|by|from|to|with|based|using|given|that|which|and|or|if|when|into|about)\b",
    re.IGNORECASE,
)


# What a description says a tool does not do or give ('the date without time information', 'not for refunds').
_NEGATED_RE = re.compile(r"\b(?:without|except|excluding|not|never|no)\b[^.,;:()]*", re.IGNORECASE)


# Verbs every kind of tool opens its description with ('Retrieves ...', 'Look up ...'): they say nothing of which.
_OPENING_VERBS = frozenset(
    "get retrieve return fetch find look up calculate compute provide give show list determine obtain".split()
)
_OPENING_STEMS = frozenset(stem(w) for w in _OPENING_VERBS)


def affirmed(description: str) -> str:
    """A description without what it says the tool does not do or give."""
    return _NEGATED_RE.sub(" ", description)


def _lead_phrase(description: str) -> str:
    """A description's opening words, up to its first preposition, conjunction or punctuation mark, without the
    verbs any description opens with."""
    end = _LEAD_END_RE.search(description)
    lead = description[: end.start()] if end else description
    return " ".join(w for w in lead.split() if stem(w.lower()) not in _OPENING_STEMS)


_KIND_WEIGHT = {
    "enum": _ENUM_WEIGHT,
    "param": _PARAM_NAME_WEIGHT,
    "param_description": _PARAM_DESCRIPTION_WEIGHT,
}


@dataclass(frozen=True)
class ToolTerms:
    """Where a tool's words appear, as placement weights (name > enum > parameter > description)."""

    stems: dict[str, float]
    """Stemmed word → weight of the best place it appears."""
    concepts: dict[str, float]
    """Synonym-group representative → weight of the best place one of its words appears."""


@by_schema
def tool_terms(tool: object) -> ToolTerms:
    """Where a tool's words appear."""
    stems: dict[str, float] = {}
    groups: dict[str, float] = {}

    def add(text: str, weight: float) -> None:
        for s, c in terms(text):
            stems[s] = max(stems.get(s, 0.0), weight)
            groups[c] = max(groups.get(c, 0.0), weight)

    add(tool_name(tool), _NAME_WEIGHT)
    if isinstance(tool, dict):
        description = affirmed(_text(tool.get("description")))
        add(description, _DESCRIPTION_WEIGHT)
        add(_lead_phrase(description), _LEAD_WEIGHT)
    for kind, text in _schema_parts(tool_parameters(tool)):
        add(text, _KIND_WEIGHT[kind])
    return ToolTerms(stems, groups)


@by_schema
def tool_frame(tool: object) -> frozenset[str]:
    """Stems and concepts of a tool's name, description and parameter names: the words a request uses to ask
    for the tool, as opposed to the example values its parameter descriptions give."""
    words = [tool_name(tool), _text(tool.get("description")) if isinstance(tool, dict) else ""]
    schema = tool_parameters(tool)
    props = schema.get("properties") if isinstance(schema, dict) else None
    words += [str(k) for k in props] if isinstance(props, dict) else []
    return frozenset(x for text in words for pair in terms(text) for x in pair)


def tool_concepts(tool: object) -> set[str]:
    """Every stem and concept of a tool's name, description and parameters."""
    t = tool_terms(tool)
    return set(t.stems) | set(t.concepts)


@dataclass(frozen=True)
class ToolScore:
    """How well one tool matches a request."""

    index: int
    """Position of the tool in the session's tool list (ties go to the earlier tool)."""
    name: str
    """The tool's function name."""
    score: float
    """Sum over request words of IDF × placement weight (synonym-only matches discounted); 0 = no match."""
    matched: tuple[str, ...]
    """The request's stems that matched the tool (directly or through a synonym), in request order."""


# Values whose kind says which parameter they are for: an e-mail address in a request is strong
# evidence for a tool that takes one, whatever words the request uses around it.
_EVIDENCE_WEIGHT = 2.0
_TYPED_PARAMS = {
    "email": ({"email"}, {"email", "recipient", "to", "cc"}),
    "url": ({"uri", "url"}, {"url", "uri", "link", "website", "webpage"}),
    "currency": (set(), {"currency"}),
    "unit": (set(), {"unit", "units"}),
    "command": (set(), set(commands.COMMAND_WORDS)),
}
# What only a command line says: an option ('docker --version'), an environment variable ('%userprofile%'), commands
# chained with '&&', or a drive path ('D:\\'). A program file alone ('python.exe') may just be mentioned.
_SHELL_RE = re.compile(r"(?:^|\s)--?[a-z][\w-]*|%\w+%|&&|\b[a-z]:\\", re.IGNORECASE)


def says_a_command(request: str) -> bool:
    """Whether the request writes out a command line (see ``_SHELL_RE``), or says one to use ('using git status')."""
    return _SHELL_RE.search(request) is not None or commands.written_command(request) is not None


def runs_commands(tool: object) -> bool:
    """Whether a tool takes a command line to run (a parameter named for one)."""
    return "command" in _param_kinds(tool_parameters(tool))


@by_schema
def _param_kinds(schema: object) -> frozenset[str]:
    kinds: set[str] = set()
    props = schema.get("properties") if isinstance(schema, dict) else None
    for pname, pschema in props.items() if isinstance(props, dict) else ():
        pschema = pschema if isinstance(pschema, dict) else {}
        fmt = pschema.get("format")
        words = set(split_identifier(str(pname)))
        for kind, (formats, names) in _TYPED_PARAMS.items():
            if fmt in formats or words & names:
                kinds.add(kind)
        if re.search(r"\bcurrenc(?:y|ies)\b", str(pschema.get("description", "")).lower()):
            kinds.add("currency")  # 'Source currency code'
        enum = pschema.get("enum")
        if isinstance(enum, list) and sum(1 for v in enum if isinstance(v, str) and units.unit(v)) >= 2:
            kinds.add("unit")  # an enum of units ('mi', 'km', 'ft')
        if pschema.get("type") in ("number", "integer") and (
            words & {"amount", "sum", "price", "cost"} or "money" in str(pschema.get("description", "")).lower()
        ):
            kinds.add("money")  # 'amount': 'Amount of money to convert.'
    # a number is a sum of money only beside a currency ('amount' and 'source_currency'; not an amount of flour)
    return frozenset(kinds if "currency" in kinds else kinds - {"money"})


def _evidence(request: str, numbers: Sequence[Span]) -> set[str]:
    """Kinds of typed values the request holds (an e-mail address, a URL, two currencies, a sum of money among its
    ``numbers``)."""
    # The readers build on extract and units; imported late to keep routing light.
    from rtkit.local.model import mentions, spans, structures

    measured = [
        u for u in structures.unit_words(spans.read(request)) if u.unit is not None and u.unit.dimension != "time"
    ]
    found = {
        "email": bool(mentions.emails(request)),
        "url": bool(mentions.urls(request)),
        "currency": len(mentions.currencies(request)) >= 2,
        "unit": len(measured) >= 2,  # '13 miles into kilometres'
        "command": says_a_command(request),
        # a sum in a currency ('20 euros', 'one hundred British pounds')
        "money": any(s.currency for s in numbers),
    }
    return {kind for kind, present in found.items() if present}


def _amounts_in_words(numbers: Sequence[Span]) -> list[tuple[int, int]]:
    """Where the request writes a quantity's number in words ("two hundred" of "two hundred Swiss francs"): its words
    count, not what it is about ("two" matches no tool's "between two currencies")."""
    return [(s.start, s.value_end) for s in numbers if s.words and (s.unit or s.currency)]


def _blanked(request: str, spans: Sequence[tuple[int, int]]) -> str:
    """``request`` with ``spans`` blanked: "six" of the code "C, R, two, six, X, H" spells it and must not match a
    tool's "six-character"."""
    for start, end in reversed(spans):
        request = request[:start] + " " * (end - start) + request[end:]
    return request


# An operator between two numbers says the operation in a word ('443 * 349' multiplies); '-', '/' and 'x' also write
# dates, ranges and sizes, so only these count.
_OPERATIONS = {
    "*": "multiply product",
    "×": "multiply product",
    "+": "add sum",
    "÷": "divide quotient",
    "^": "power exponent",
}
_OPERATION_RE = re.compile(r"\d\s*([*×+÷^])\s*\d")


def _idf(n: int, df: int) -> float:
    return math.log(1.0 + n / df)


def rank_tools(request: str, tools: Sequence[object]) -> list[ToolScore]:
    """Score every named tool against `request`, best first (stable for equal scores)."""
    docs = [(i, tool_name(t), tool_terms(t)) for i, t in enumerate(tools) if tool_name(t)]
    if not docs:
        return []
    vocabulary = set().union(*(set(d[2].stems) for d in docs))
    request = spoken_operators(request)
    spelled = identifiers.spelled_codes(request)
    from rtkit.local.model import spans  # the extractors build on routing's helpers

    numbers = spans.numbers(request)  # read once: the blanking and the evidence both use them
    said = _blanked(request, spelled + _amounts_in_words(numbers))
    said += "".join(f" {_OPERATIONS[m.group(1)]}" for m in _OPERATION_RE.finditer(request))
    # what the request names a kind of ('the forecast': weather) or by what one does with it ('something to watch')
    said += "".join(
        f" {w}"
        for w in implied_words(request)
        + things_to(request)
        + implied_operations(request)
        + implied_information(request)
        + implied_quantities(request)
    )
    query = list(dict.fromkeys(terms(said, vocabulary)))
    n = len(docs)
    df_stem: dict[str, int] = {}
    df_concept: dict[str, int] = {}
    for _, _, doc in docs:
        for s in doc.stems:
            df_stem[s] = df_stem.get(s, 0) + 1
        for c in doc.concepts:
            df_concept[c] = df_concept.get(c, 0) + 1
    evidence = _evidence(request, numbers)
    # a code may be said in digits or in words ("four, four, zero, one"): a recognizer writes either
    coded = bool(spelled) or bool(re.search(r"\d", request)) or any(num.words for num in numbers)
    action = actions.request_action(request)
    said_words = set(re.findall(r"[a-z]+", request.lower()))
    scores = []
    for index, name, doc in docs:
        total = 0.0
        matched = []
        for s, c in query:
            direct = _idf(n, df_stem[s]) * doc.stems[s] if s in doc.stems else 0.0
            synonym = _SYNONYM_DISCOUNT * _idf(n, df_concept[c]) * doc.concepts[c] if c in doc.concepts else 0.0
            if direct or synonym:
                total += max(direct, synonym)
                matched.append(s)
        total += _EVIDENCE_WEIGHT * len(_param_kinds(tool_parameters(tools[index])) & evidence)
        if coded and identifiers.in_example_shape(request, tool_parameters(tools[index])):
            total += _EVIDENCE_WEIGHT  # a code in the shape of the example a parameter gives
        if action and total >= MIN_SCORE and actions.tool_action(tools[index]) == action:
            total += _ACTION_WEIGHT
        if total >= MIN_SCORE:  # 'the warehouse locations' for 'get_locations' before 'get_location'
            total += _FORM_WEIGHT * len(said_words & {w.lower() for w in split_identifier(name)})
        scores.append(ToolScore(index, name, round(total, 6), tuple(matched)))
    # Of tools scoring alike, the one whose name says least the request does not is the plainer match ('the event
    # with ID X' for 'get_event' before 'get_custom_event_specification').
    said_stems = {stem(w) for w in said_words}
    scores.sort(key=lambda s: (-s.score, _unsaid(s.name, said_stems), s.index))
    return scores


def _unsaid(name: str, said: set[str]) -> int:
    """How many words of a tool's name, other than the verbs any tool opens with, the request does not say."""
    named = {stem(w.lower()) for w in split_identifier(name) if w.isalpha()}
    return len(named - said - _OPENING_STEMS)
