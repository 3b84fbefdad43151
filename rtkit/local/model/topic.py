"""What a request is about, and whether a tool is about that.

The topic of a request is the phrase right after its framing ('Calculate the [final speed] of ...', 'What is the
[freezing point] of ...', 'Who [discovered] radium?'): polite and question words, request verbs, articles and
evaluative words ('best', 'latest') are skipped, and the phrase runs to the next function word, typed value or
participle ('lawyers [specializing] in ...'). A tool fits the request when a word of that phrase (other than a
generic noun like 'information') appears in the tool's name, description or parameter names, directly, through a
synonym or as a prefix ('hypotenuse' / 'hypot'), or when the request's own verb names the tool's action ('Define
ephemeral' for a 'define_word' tool). A request with no such phrase ('and in Oslo?') fits any tool.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rtkit.local.model import identifiers, mentions, places, units
from rtkit.local.model.assign import described_examples, matches
from rtkit.local.model.currencies import code_of
from rtkit.local.model.profile import COLORS, LANGUAGES
from rtkit.local.model.schema_cache import by_schema
from rtkit.local.model.spans import COMMON_WORDS, FUNCTION_WORDS, GENERIC_NOUNS, QUALIFIERS, REQUEST_VERBS, read
from rtkit.local.text import split_identifier, stem

_LEAD = FUNCTION_WORDS | REQUEST_VERBS | GENERIC_NOUNS - {"time", "people"} | {
    "what's", "whats", "who's", "where's", "how's", "i'd", "i'm", "let's", "whether", "out", "know",
    "interested", "looking", "trying", "wondering", "able", "kindly", "hey", "hi", "hello", "okay", "ok",
    "it's", "that's", "there's", "here's", "through",  # 'If it's 8 am in ...', 'Look through my notes'
}  # fmt: skip
# Evaluative and time words that qualify the topic without naming it.
_QUALIFIERS = (
    frozenset(
        """good best better great nice top latest recent current new old total approximate exact estimated expected
    possible specific certain detailed full complete basic general main different similar nearest closest
    typical overall exactly approximately next last previous upcoming simple quick brief short long important
    famous major popular notable interesting currently presently ever recently really actually""".split()
    )
    | QUALIFIERS
)  # and the superlatives: 'the cheapest selling price'
# What a 'how ...' question asks for: 'how fast' a speed, 'how far' a distance.
_HOW = {
    "fast": ("speed", "velocity"), "quick": ("speed",), "slow": ("speed",), "far": ("distance",),
    "long": ("length", "duration"), "tall": ("height",), "high": ("height", "altitude"), "heavy": ("weight", "mass"),
    "old": ("age",), "big": ("size",), "large": ("size",), "hot": ("temperature",), "cold": ("temperature",),
    "warm": ("temperature",), "deep": ("depth",), "wide": ("width",), "often": ("frequency",), "loud": ("volume",),
}  # fmt: skip
_HOW_RE = re.compile(r"\bhow\s+(" + "|".join(_HOW) + r")\b", re.IGNORECASE)
# 'the size of the sculpture': the thing an aspect is of.
_OF_RE = re.compile(r"\b(?:of|for)\s+", re.IGNORECASE)
_GENERIC = GENERIC_NOUNS - {"time", "people"} | {
    "level",
    "situation",
    "info",
    "details",
    "stats",
    "statistics",
    "overview",
}
_VERBS = COMMON_WORDS | REQUEST_VERBS
_STOP = FUNCTION_WORDS | {"whether", "if", "that", "which", "who", "when", "where", "while"}
# Request verbs too common to say what a tool does ('find', 'calculate'); other verbs ('translate', 'add') do.
_GENERIC_VERBS = frozenset(
    """find get give show tell list fetch retrieve look check calculate compute determine estimate provide
    return make help know see want need like would could can please obtain go take bring let say mean means
    meaning""".split()
)


# Verbs that frame another ('want to', 'can you', 'help me'): the request's action is the verb after them.
_AUXILIARY_VERBS = frozenset("want need like would could can please help let go wanna try".split())


def _heard_verb(word: str) -> bool:
    """A request verb in the past tense ('Opened the blinds', 'Turned off the lights'): how a recognizer often
    writes the imperative it heard; it leads the request as the verb itself would."""
    return word.endswith("ed") and stem(word) in REQUEST_VERBS


def topic_words(request: str) -> list[str]:
    """The words of the phrase the request asks about (lower case), possibly empty."""
    return list(_topic_words(request))


@lru_cache(maxsize=256)
def _topic_words(request: str) -> tuple[str, ...]:
    reading = read(request)
    blocked = [(s.start, s.end) for s in reading.typed] + [(a, b) for a, b, _ in places.names_in(request)]
    blocked += [(m.start, m.end) for m in mentions.times(request)]
    words = reading.words
    i = 0
    while i < len(words):
        w = words[i]
        if not w.lower[:1].isalpha():
            if w.text in "?.!;":
                return ()
            i += 1
            continue
        if w.lower in _LEAD or w.lower in _QUALIFIERS or _heard_verb(w.lower):
            i += 1
            continue
        break
    out: list[str] = []
    skipped = False
    while i < len(words):
        w = words[i]
        if out and (w.lower == "and" or w.text == ",") and i + 1 < len(words) and words[i + 1].lower not in _STOP:
            i += 1  # 'the height and width of ...': every conjunct is the topic
            continue
        if not out and any(n.start <= w.start < n.end for n in reading.names) and w.lower[:1].isalpha():
            i += 1  # a name before the noun describes it: 'a good Chinese restaurant', 'a GMO yoga mat'
            skipped = True
            continue
        if any(a <= w.start < b for a, b in blocked) or w.lower in _STOP or skipped and w.lower in _VERBS:
            break
        if not w.lower[:1].isalpha() and w.text != "-":
            break
        if out and w.lower.endswith("ing") and len(w.lower) > 5:
            break  # a participle opens a modifier: 'lawyers specializing in divorce'
        if w.lower not in _QUALIFIERS and w.text != "-":
            out.append(w.lower)
        i += 1
    return tuple(w for w in out if w not in _GENERIC)


def _verb(request: str) -> str:
    """The request's first verb when it is specific enough to name an action ('translate', 'add'), else ''."""
    words = read(request).words
    for k, w in enumerate(words):
        if w.lower == "look" and k + 1 < len(words) and words[k + 1].lower == "up":
            return "lookup"
        if w.lower in _AUXILIARY_VERBS:
            continue  # 'I want to buy ...', 'Can you book ...': the verb that follows names the action
        if w.lower in REQUEST_VERBS or _heard_verb(w.lower):
            verb = w.lower if w.lower in REQUEST_VERBS else stem(w.lower)
            return "" if verb in _GENERIC_VERBS else verb
        if w.lower not in FUNCTION_WORDS and w.lower not in _LEAD:
            return ""
    return ""


@by_schema
def _vocabulary(tool: dict) -> frozenset[str]:
    name = " ".join(split_identifier(str(tool.get("name", ""))))
    given = tool.get("description")
    description = given if isinstance(given, str) else ""
    schema = tool.get("parameters")
    parameters = schema if isinstance(schema, dict) else {}
    listed = parameters.get("properties")
    properties = listed if isinstance(listed, dict) else {}
    names = " ".join(" ".join(split_identifier(str(k))) for k in properties)
    # Values an enum offers name what the tool can report ('player_count', 'average_review_rating').
    options = " ".join(
        " ".join(split_identifier(str(v)))
        for prop in properties.values()
        if isinstance(prop, dict)
        for v in (
            prop.get("enum") or (prop.get("items") or {}).get("enum") or []
            if isinstance(prop.get("items") or {}, dict)
            else []
        )
    )
    return frozenset(stem(w) for w in re.findall(r"[a-z0-9]+", f"{name} {description} {names} {options}".lower()))


def fits(request: str, tool: dict) -> bool:
    """Whether the tool covers what the request asks about (see the module docstring)."""
    words = topic_words(request)
    if not words:
        return True
    if _other_compound(request, words, tool):
        return False
    if identifiers.in_example_shape(request, tool.get("parameters")):
        return True  # 'the status of order Z55186' for a tool taking an order number 'e.g. A12345'
    if identifiers.said_after_its_name(request, tool.get("parameters")):
        return True  # '... with confirmation code Mn55JQ' for a tool taking a confirmation code
    vocabulary = _vocabulary(tool)
    if any(matches(w, vocabulary) for w in words):
        return True
    if len(words) == 1 and matches(words[0], _examples(tool)):
        return True  # 'How many veterans ...' for a population category 'e.g., total, veterans, women'
    if any(matches(d, vocabulary) for m in _HOW_RE.finditer(request) for d in _HOW[m.group(1).lower()]):
        return True  # 'How fast was it going?' asks a speed
    thing = _thing_words(request, words) if _reports_details(tool) else ()
    if thing and not _other_compound(request, thing, tool) and any(matches(w, vocabulary) for w in thing):
        return True  # 'the size of the sculpture ...' for a tool giving a sculpture's details
    if any(_measure(w) and vocabulary & {"unit", "convert", "conversion", "currency", "exchang"} for w in words):
        return True  # 'How many pounds is 3.5 kilograms?' asks a conversion
    if vocabulary & {"currency", "convert", "exchang"} and len(mentions.currencies(request)) >= 2:
        return True  # 'Change 20 euros into Swiss francs': two currencies ask a conversion
    verb = _verb(request)
    if not verb:
        return False
    named = {stem(w) for w in split_identifier(str(tool.get("name", ""))) if w not in _GENERIC_VERBS}
    # 'Put eggs and butter on the shopping list': the object is a value; the tool is named by the rest.
    rest = [w.lower for w in read(request).words if w.lower[:1].isalpha() and w.lower not in _LEAD]
    return matches(verb, vocabulary) or any(matches(w, named) for w in rest)


def _properties(tool: dict) -> dict:
    schema = tool.get("parameters")
    listed = schema.get("properties") if isinstance(schema, dict) else None
    return listed if isinstance(listed, dict) else {}


@by_schema
def _examples(tool: dict) -> frozenset[str]:
    """Stems of the values a parameter's description gives as examples ('i.e., victim, accused, verdict'): what
    the tool can report. Only a one-word topic counts by them; a compound one ('a GMO yoga mat') asks for a
    specific thing an example only illustrates."""
    text = " ".join(
        example
        for prop in _properties(tool).values()
        if isinstance(prop, dict) and isinstance(prop.get("description"), str)
        for example in described_examples(prop["description"])
    )
    return frozenset(stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()))


_DETAIL_WORDS = frozenset("detail details information info facts overview attribute attributes".split())


@by_schema
def _reports_details(tool: dict) -> bool:
    """A tool giving details of a thing ('sculpture_get_details', a 'detail' parameter): it answers about any aspect
    of that thing, so 'the size of the sculpture' fits it. Other tools report one aspect ('the p-value of a test'),
    and another aspect of the same thing ('the standard deviation of a test') does not fit them."""
    words = split_identifier(str(tool.get("name", ""))) + [w for k in _properties(tool) for w in split_identifier(k)]
    return bool(_DETAIL_WORDS & set(words))


def _thing_words(request: str, words: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The topic of the phrase after the first 'of' / 'for' that follows the request's topic: the thing whose
    aspect the request asks ('the root of [quadratic equation]', 'the location of the [Battle] of Stalingrad')."""
    found = re.search(r"\b" + re.escape(words[0]) + r"\b", request, re.IGNORECASE)
    after = _OF_RE.search(request, found.end()) if found else None
    if after is None:
        return ()
    rest = request[after.end() :]
    thing = _topic_words(rest)
    if thing:
        return thing
    # A proper name is the thing ('the Battle of Stalingrad'): its own words say what kind of thing it is.
    reading = read(rest)
    name = next((n for n in reading.names if rest[: n.start].strip().lower() in ("", "the", "a", "an")), None)
    return tuple(w.lower() for w in re.findall(r"[A-Za-z]+", str(name.value)) if w.lower() not in _STOP) if name else ()


def _other_compound(request: str, words: tuple[str, ...] | list[str], tool: dict) -> bool:
    """A compound noun of the request ('freezing point', 'pet store') whose head the tool's name gives another
    modifier the request never says ('boiling_point', 'grocery_store'): a different thing of the same kind.
    A modifier that is a value ('blue colors') does not count."""
    name = [w.lower() for w in split_identifier(str(tool.get("name", "")))]
    reading = read(request)
    adjacent = {
        (a.lower, b.lower) for a, b in zip(reading.words, reading.words[1:], strict=False) if a.end == b.start - 1
    }
    vocabulary = _vocabulary(tool)
    said = [w.lower for w in reading.words]
    said += [a + b for a, b in adjacent]  # 'port folio' says 'portfolio'
    for modifier, head in zip(words, words[1:], strict=False):
        if (modifier, head) not in adjacent or len(modifier) < 3 or modifier in COLORS or modifier in LANGUAGES:
            continue
        if matches(modifier, vocabulary):
            continue
        for before, word in zip(name, name[1:], strict=False):
            if len(before) < 3 or before in _GENERIC_VERBS or not matches(head, {stem(word)}):
                continue
            if not any(matches(w, {stem(before)}) for w in said):
                return True
    return False


def _measure(word: str) -> bool:
    """A unit or currency name ('pounds', 'kilometres', 'yen')."""
    return units.unit(word) is not None and len(word) > 2 or code_of(word) is not None
