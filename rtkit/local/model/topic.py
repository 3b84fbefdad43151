"""What a request is about, and whether a tool is about that.

The topic of a request is the phrase right after its framing ('Calculate the [final speed] of ...', 'What is the
[freezing point] of ...', 'Who [discovered] radium?'): polite and question words, request verbs, articles and
evaluative words ('best', 'latest') are skipped, and the phrase runs to the next function word, typed value or
participle ('lawyers [specializing] in ...'). A verb where a verb goes, with its object after it, is skipped too and
kept as the request's verb: after 'want to' or 'could you', after 'I', or a gerund ('I'd like to [listen] to the
[song]', 'interested in [seeing] a [film]'); the time a request spends is skipped for the gerund after it ('spend my
free time [watching] a [film]'). A tool fits the request when a word of that phrase (other than a generic noun like
'information') appears in the tool's name, description or parameter names, directly, through a
synonym, a shared root or as a prefix ('hypotenuse' / 'hypot'), or when the request's own verb names the tool's
action ('Define ephemeral' for a 'define_word' tool). A request with no such phrase ('and in Oslo?') fits any tool.

Requests often give context before they ask ('I'm planning a trip to Oslo. What's the forecast there?'): each
sentence, and each clause a question, a plea or a wish opens (', can you ...', '... and I'd like ...'), has a topic
of its own; the first clause and every clause that asks something count. So does what a relative clause says the
thing does ('a tutor who teaches [piano lessons]'), and a request that says to do it with something the
tool names ('... using the [command] ...') fits that tool. A clause opening with a word and then an article
('Preheat the oven ...') is an imperative and asks, and a question asking who someone is fits any tool searching
the web. A clause saying two words of the tool's name anywhere, its topic a kind the tool gives as an example ('the
[humidity] readings of all sensors'), fits it; so does a quoted name whose words are the tool's ('pointB').
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from rtkit.local.model import actions, code_values, identifiers, mentions, places, units
from rtkit.local.model.assign import described_examples, matches
from rtkit.local.model.currencies import code_of
from rtkit.local.model.profile import COLORS
from rtkit.local.model.routing import affirmed, runs_commands, says_a_command, tool_name
from rtkit.local.model.schema_cache import by_schema
from rtkit.local.model.spans import (
    COMMON_WORDS,
    FUNCTION_WORDS,
    GENERIC_NOUNS,
    QUALIFIERS,
    REQUEST_VERBS,
    Word,
    read,
)
from rtkit.local.text import (
    DESCRIBED_ONLY,
    FRAMING_WORDS,
    KIND_OF,
    LANGUAGES,
    PREPOSITIONS,
    QUALIFIED_AWAY,
    asks_a_fact,
    implied_operations,
    implied_quantities,
    implied_words,
    split_identifier,
    spoken_operators,
    stem,
    things_done_with,
    things_to,
)

# Nouns that say a wish when the verb of the wish follows them ('an urge to find', 'a desire to see').
_WISH_NOUNS = frozenset("urgency urge desire intention wish".split())
_LEAD = FUNCTION_WORDS | REQUEST_VERBS | GENERIC_NOUNS - {"time", "people"} | FRAMING_WORDS | {
    "whats", "who's", "where's", "how's", "whether", "out", "know",
    "interested", "trying", "able", "kindly", "hey", "hi", "hello", "okay", "ok",
    "here's", "through",  # 'If it's 8 am in ...', 'Look through my notes'
    "we're", "we've", "we'll", "we'd",  # 'we're looking for ...'
    "feel", "fancy", "mood",  # 'I feel like ...', 'I fancy ...', 'I'm in the mood for ...': a wish
    "pull",  # 'pull up the movies ...' shows them
    "think", "guess", "suppose",  # 'I think I need ...', 'do you think you could ...': an opinion framing the ask
    *_WISH_NOUNS,  # 'I have an urge to see ...': a wish said with a noun
}  # fmt: skip
# Evaluative and time words that qualify the topic without naming it.
_QUALIFIERS = (
    frozenset(
        """good best better great nice top latest recent current new old total approximate exact estimated expected
    possible specific certain detailed full complete basic general main different similar nearest closest
    typical overall exactly approximately next last previous upcoming simple quick brief short long important
    famous major popular notable interesting currently presently ever recently really actually preferably
    hopefully ideally possibly probably perhaps maybe definitely honestly easily simply""".split()
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
# 'How long will it take my car to [collide] with ...': asking how long something takes asks the time of the verb
# after 'to', whatever the clause's first noun is.
_TAKES_RE = re.compile(
    r"\bhow\s+(?:long|much\s+time|many\s+(?:seconds|minutes|hours|days))\b[^.?!]*?\btakes?\b[^.?!]*?\bto\s+([a-z]+)",
    re.IGNORECASE,
)
# 'the size of the sculpture': the thing an aspect is of.
_OF_RE = re.compile(r"\b(?:of|for)\s+", re.IGNORECASE)
_GENERIC = GENERIC_NOUNS - {"time", "people"} | {
    "place",  # 'a place to eat', 'somewhere': what kind of place the rest of the request says
    "level",
    "situation",
    "info",
    "details",
    "stats",
    "statistics",
    "overview",
}
_VERBS = COMMON_WORDS | REQUEST_VERBS
# Nouns for how a thing is set up ('the settings of my heater'): the thing they belong to is what a request is about.
_BELONGING = frozenset("settings setting configuration config preferences options controls setup".split())
# ('regarding' and 'concerning' are prepositions: 'details [regarding] the internship' is about the internship.)
_STOP = FUNCTION_WORDS | {"whether", "if", "that", "which", "who", "when", "where", "while", "regarding", "concerning"}
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


# Words after which a verb comes ('I'd like to [watch] a film', 'Could you [move] my meeting', 'I'm [planning] a
# trip'): a word there that takes an object is the request's verb, and the topic is that object.
_BEFORE_TO = (
    frozenset(
        "want wants wanted like love need wish try trying looking hoping going able how plan planning way ways".split()
    )
    | _WISH_NOUNS
)
_SUBJECTS = frozenset("i we i'll we'll i'd we'd i'm we're i've we've am".split())
_MODALS = frozenset("can could would will".split())
# What follows a verb that takes an object: a determiner, a pronoun or a preposition ('move [my] meeting',
# 'listen [to] the song'); at the start of a sentence only a determiner or pronoun ('Close [the] window'), since
# 'Weather in Paris' or 'Flights to Rome' open with a noun.
_OBJECT_OPENERS = frozenset(
    "a an the my your our his her their this that these those me us it them some any all".split()
)
# Words a gerund that names the request's action follows ('I feel like [listening] to ...', 'interested in [exploring]
# ...'): a preposition or 'like', never an article ('a [meeting] with Bob' is a noun).
_GERUND_LEADS = frozenset("like about in into for".split())


# Words in -ly that are no adverbs.
_NOT_ADVERBS = frozenset("family supply reply assembly july italy jelly belly rally ally lily holly fly only".split())


def _adverb(word: Word) -> bool:
    """Whether ``word`` is an adverb in -ly ('rest [briefly] at', 'book [quickly] a ...'), written in lower case."""
    return word.text.islower() and word.lower.endswith("ly") and len(word.lower) > 4 and word.lower not in _NOT_ADVERBS


def _adverbs_after(words: Sequence[Word], i: int) -> int:
    """How many adverbs follow ``words[i]``."""
    j = i + 1
    while j < len(words) and _adverb(words[j]):
        j += 1
    return j - i - 1


def _verb_slot(words: Sequence[Word], i: int, first: bool) -> bool:
    """Whether ``words[i]`` stands where a verb goes and is followed by its object (see ``_BEFORE_TO``), maybe with
    an adverb between ('looking to rest briefly at ...')."""
    after = i + 1 + _adverbs_after(words, i)
    nxt = words[after] if after < len(words) else None
    if nxt is None:
        return False
    if not first and nxt.lower == "you" and words[i - 1].lower in _SUBJECTS:
        return True  # 'I am [hoping] you can ...'
    gerund = words[i].lower.endswith("ing") and len(words[i].lower) > 5
    if not first and gerund and words[i - 1].lower in _GERUND_LEADS and (nxt.text[:1].isupper() or nxt.lower == "to"):
        return True  # 'I feel like [listening] to some tunes', 'interested in [exploring] Madonna's music'
    if not (nxt.lower in _OBJECT_OPENERS or nxt.lower in PREPOSITIONS or nxt.lower[:1].isdigit()):
        return False
    if first:
        return nxt.lower in _OBJECT_OPENERS
    prev = words[i - 1].lower if i > 0 else ""
    before = words[i - 2].lower if i > 1 else ""
    if gerund and nxt.lower in _OBJECT_OPENERS:
        return True  # a gerund with its object: 'interested in [seeing] a film', 'about [finding] a salon'
    return (
        prev == "to"
        and before in _BEFORE_TO
        or prev == "you"
        and before in _MODALS
        or prev in ("please", "let's", "lets")
        or prev in ("me", "us")
        and before == "help"
        and i == 2  # 'Help me [rename] the file': the imperative 'help me' takes a bare verb
        or prev in _SUBJECTS
    )


# Adverbs that complete a verb into a phrasal verb ('bring back' restores, 'turn down' lowers, 'put away' stores);
# 'up', 'off', 'out' and 'over' are lead words already.
_PARTICLES = frozenset("back down away".split())
_OBJECT_PRONOUNS = frozenset("it them this that".split())


def _particle_of(words: Sequence[Word], i: int) -> bool:
    """Whether ``words[i]`` is the particle of the request verb before it: part of the verb, not the topic."""
    if words[i].lower not in _PARTICLES:
        return False
    verb = i - 1 - (i > 1 and words[i - 1].lower in _OBJECT_PRONOUNS)  # 'turn [it] down': the object between them
    return verb >= 0 and words[verb].lower in REQUEST_VERBS


def topic_words(request: str) -> list[str]:
    """The words of the phrase the request asks about (lower case), possibly empty."""
    return list(_topic_words(request))


@lru_cache(maxsize=256)
def _topic_words(request: str) -> tuple[str, ...]:
    return _topic(request)[0]


@lru_cache(maxsize=256)
def _topic(request: str) -> tuple[tuple[str, ...], tuple[str, ...], bool, tuple[str, ...]]:
    """The topic words of the request, the verbs it asks with ('listen' in 'I'd like to listen to the song'),
    whether it is bare: nothing but its framing, verbs and values ('... if I multiply 8.5 and 3.2?'), and when it
    has no topic words, the capitalised words where they would be ('Find me a [Psychologist] in Vacaville'): a
    name or a noun written like one, which says what the request is about only when a tool names it."""
    request = _unslipped(request)
    reading = read(request)
    blocked = [(s.start, s.end) for s in reading.typed] + [(a, b) for a, b, _ in places.names_in(request)]
    blocked += [(m.start, m.end) for m in mentions.times(request)]
    words = reading.words
    verbs: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if not w.lower[:1].isalpha():
            if w.text in "?.!;":
                return (), tuple(verbs), True, ()
            i += 1
            continue
        if w.lower in _LEAD or w.lower in _QUALIFIERS or _heard_verb(w.lower) or _particle_of(words, i):
            i += 1
            continue
        if _verb_slot(words, i, first=not any(x.lower[:1].isalpha() for x in words[:i])):
            verbs.append(w.lower)
            i += 1 + _adverbs_after(words, i)
            spent = _time_spent(words, i) if w.lower in _SPEND else 0
            if spent:  # 'spend my free time [watching] a film': the gerund is what is done
                verbs.append(words[i + spent - 1].lower)
                i += spent
            continue
        break
    out: list[str] = []
    named: list[str] = []
    skipped = False
    while i < len(words):
        w = words[i]
        if out and (w.lower == "and" or w.text == ",") and i + 1 < len(words) and words[i + 1].lower not in _STOP:
            i += 1  # 'the height and width of ...': every conjunct is the topic
            continue
        if not out and any(n.start <= w.start < n.end for n in reading.names) and w.lower[:1].isalpha():
            i += 1  # a name before the noun describes it: 'a good Chinese restaurant', 'a GMO yoga mat'
            skipped = True
            named.append(w.lower)
            continue
        if not out and any(a <= w.start < b for a, b in blocked):
            j = i
            while j < len(words) and any(a <= words[j].start < b for a, b in blocked):
                j += 1
            after = words[j].lower if j < len(words) else ""
            if after[:1].isalpha() and after not in _STOP and after not in _VERBS and after not in _QUALIFIERS:
                i = j  # a value before the noun describes it: 'a 3D movie', 'the best SF psychologist'
                skipped = True
                continue
        if any(a <= w.start < b for a, b in blocked) or w.lower in _STOP or skipped and w.lower in _VERBS:
            break
        if not w.lower[:1].isalpha() and w.text != "-":
            break
        if out and w.lower.endswith("ing") and len(w.lower) > 5 and not _names_a_kind(words, i, blocked):
            break  # a participle opens a modifier: 'lawyers specializing in divorce'
        if w.lower not in _QUALIFIERS and w.text != "-":
            out.append(w.lower)
        i += 1
    topic = tuple(w for w in out if w not in _GENERIC)
    return topic, tuple(verbs), not out and i >= len(words), () if out else tuple(named)


# Framing words often typed run together or with two letters swapped ('Canyou check ...', 'I would liek to ...').
_SLIPPED = frozenset("can could would will you me please like want need".split())


# 'Spend my free time watching ...', 'spend the evening by reading ...': the time spent is no topic; the gerund after
# it says what the time is spent doing.
_SPEND = frozenset({"spend", "spends", "spending", "spent"})
_SPENT_TIME = frozenset(
    "time times evening evenings weekend weekends afternoon afternoons morning mornings day days night nights "
    "holiday holidays vacation hours summer winter break".split()
)
_SPENT_DETERMINERS = frozenset("my our the a an some this his her their your".split())
_SPENT_ADJECTIVES = frozenset("free spare leisure whole entire next coming".split())


def _time_spent(words: Sequence[Word], i: int) -> int:
    """How many words from `i` say a stretch of time and then the gerund of what fills it ('my free time by
    [watching]'), the gerund included; 0 when they do not."""
    j = i
    while j < len(words) and (words[j].lower in _SPENT_DETERMINERS or words[j].lower in _SPENT_ADJECTIVES):
        j += 1
    if j >= len(words) or words[j].lower not in _SPENT_TIME:
        return 0
    j += 1
    if j < len(words) and words[j].lower in ("by", "in"):
        j += 1
    gerund = words[j].lower if j < len(words) else ""
    return j + 1 - i if gerund.endswith("ing") and len(gerund) > 4 else 0


def _unslipped(text: str) -> str:
    """``text`` with slips of typing of framing words mended: two of them run together, or one with two neighbouring
    letters swapped (see ``_SLIPPED``)."""
    return re.sub(r"[A-Za-z]{4,}", lambda m: _mended(m.group()) or m.group(), text)


def _mended(word: str) -> str:
    low = word.lower()
    if low in _SLIPPED or low in _LEAD:
        return ""
    for k in range(2, len(low) - 1):
        if low[:k] in _SLIPPED and low[k:] in _SLIPPED:
            return word[:k] + " " + word[k:]
    swaps = (low[:k] + low[k + 1] + low[k] + low[k + 2 :] for k in range(len(low) - 1))
    return next((s for s in swaps if s in _SLIPPED), "")


def _names_a_kind(words: Sequence[Word], i: int, blocked: Sequence[tuple[int, int]]) -> bool:
    """Whether the -ing word at `i` is a gerund in a compound noun ('a window [cleaning] service', 'the [parking]
    lot') rather than a participle opening a modifier ('tutors [specializing] in', 'shops [selling] shoes'): a
    singular noun before it and a noun after it."""
    before, after = words[i - 1].lower, words[i + 1].lower if i + 1 < len(words) else ""
    return (
        before[:1].isalpha()
        and before not in _STOP
        and not before.endswith("s")
        and after[:1].isalpha()
        and after not in _STOP
        and after not in _LEAD
        and not after.endswith(("ing", "ed", "ly"))
        and not any(a <= words[i + 1].start < b for a, b in blocked)
    )


def _verb(request: str) -> str:
    """The request's first verb when it is specific enough to name an action ('translate', 'add'), else ''."""
    words = read(request).words
    for k, w in enumerate(words):
        if w.lower == "look" and k + 1 < len(words) and words[k + 1].lower == "up":
            return "lookup"
        if w.lower in _AUXILIARY_VERBS or k and actions.after_motion(words[k - 1].lower, w.lower):
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
    description = affirmed(given) if isinstance(given, str) else ""
    schema = tool.get("parameters")
    parameters = schema if isinstance(schema, dict) else {}
    properties = _all_properties(parameters)
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


def _all_properties(schema: dict, depth: int = 0) -> dict[str, object]:
    """The properties of an object schema and of the objects nested in it (a 'body' object's 'windStrength'): what
    a nested object takes says what the tool does as much as a top-level parameter."""
    listed = schema.get("properties")
    properties: dict[str, object] = dict(listed) if isinstance(listed, dict) else {}
    if depth >= 2:
        return properties
    for prop in list(properties.values()):
        items = prop.get("items") if isinstance(prop, dict) else None
        for inner in (prop, items):
            if isinstance(inner, dict) and isinstance(inner.get("properties"), dict):
                properties.update({k: v for k, v in _all_properties(inner, depth + 1).items() if k not in properties})
    return properties


# A request often gives context before it asks ('I'm planning a trip to Oslo. What's the weather there?', 'Im at
# Riga, can you tell me the temperature?'): each sentence, and each clause a question to the listener opens, has a
# topic of its own.
_WISH = (
    r"(?:i'd|we'd|(?:(?:i|we)\s+)?would)\s+(?:like|love)\b|(?:(?:i|we)\s+)?(?:will\s+)?(?:want|need)\b"
    r"|(?:i'm|i\s+am|we're|we\s+are)\s+(?:looking|interested)\b"
)
_CLAUSE_BREAK_RE = re.compile(
    r"(?<=[.!?;:])\s+|\n+|\\n|\s*<<?/?[A-Za-z_]+>>?\s*|,\s*(?:and\s+|so\s+|but\s+)?(?=(?:can|could|would|will)\s+(?:you|i|we)\b|please\b)"
    r"|\s+so\s+(?=(?:can|could|would|will)\s+you\b)"  # '... about her hair so can you find ...'
    r"|(?<=[a-z]{2}[.!?])(?=(?:can|could|would|will)\s+you\b|please\b)"  # '... all morning.could you check ...'
    rf"|,?\s+(?:and|so|but)\s+(?={_WISH})"
    r"|,\s*(?=(?:i'd|we'd|i\s+would|we\s+would)\s+(?:like|love)\b|(?:i|we)\s+(?:want|need)\b"
    r"|(?:i'm|i\s+am|we're|we\s+are)\s+(?:looking|interested)\b)"  # "I'm done with work, I want to find ..."
    r"|,\s*(?=(?:find|search|show|get|book|give|tell|list|check|look)\s+(?!up\b))"  # '... in France, find houses'
    r"|,\s*(?=help\s+(?:me|us)\b)"  # 'In the billing module, help me ...'
    # a sentence whose full stop was left out: a capitalised word after a lower-case one, then an article or
    # possessive, opens the next sentence with its verb ('I'm baking a cake Preheat the oven ...')
    r"|(?-i:(?<=[a-z])\s+(?=[A-Z][a-z]+\s+(?:the|my|our|your|this|these|those)\s))",
    re.IGNORECASE,
)


def clauses(request: str) -> list[str]:
    """The sentences of a request, and the clauses a question to the listener opens, in order (none empty). A markup
    tag ('<<question>>', '<task>') ends the text before it: a preamble then the request it labels."""
    return [c for c in (part.strip() for part in _CLAUSE_BREAK_RE.split(request)) if c]


# A clause that asks something of the listener: a question, a plea, an imperative or a wish ('I'd like to ...');
# other clauses after the first give context ('My username is jdoe', 'I'll pay by card').
_ASKING_RE = re.compile(
    r"^(?:(?:so|and|also|then|now|but|ok|okay|hi|hello|hey|well|sure|now)\b[\s,]*)*"
    r"(?:please|(?:can|could|would|will)\s+(?:you|i|we)|(?:i|we)\s+(?:want|need|would\s+(?:like|love)|wish)|"
    r"(?:will\s+)?(?:want|need)(?=\s+(?:a|an|the|some|to)\b)|"  # '... and [will need] a car': a wish, no subject
    r"(?:i'd|we'd)\s+(?:like|love)|(?:i'm|i\s+am|we're|we\s+are)\s+(?:looking|interested)|help\s+me|let's|what|"
    r"(?:i|we)\s+(?:have|feel)\s+(?:the|an?)\s+(?:urgent\s+)?(?:urgency|urge|desire|wish|need)\s+to|"
    r"what's|which|how|where|when|who|whose)\b",
    re.IGNORECASE,
)


# A statement about something: a subject other than the speaker ('The user', 'Boston', 'One of the cities') and a
# finite verb ('... did not provide ...', '... has high temperature ...', '... is San Francisco').
_DECLARATIVE_RE = re.compile(
    r"^(?:(?:the|a|an|this|that|these|those|one|my|our|his|her|their|its)\b|[A-Z][a-z]+\b)(?:\s+[\w'-]+){0,5}?\s+"
    r"(?:is|are|was|were|has|had|did|does|didn't|doesn't|wasn't|isn't)\b(?!\s+(?:needed|required|wanted|necessary)\b)"
)  # '... is needed for sandcastle' asks, though


# A clause opening with a word then an article or possessive opens with a verb and its object: an imperative
# ('Preheat the oven ...', 'Water my plants'). A subject noun would come after its article, not before it.
_VERB_THEN_OBJECT_RE = re.compile(r"^([A-Za-z]+)\s+(?:the|a|an|my|our|your|this|these|those)\s+[a-z]", re.IGNORECASE)


_QUOTES = "\"'“”‘’` "


def _asks(clause: str) -> bool:
    """Whether a clause asks something of the listener (see ``_ASKING_RE``), or is an imperative. A clause in
    quotes asks as it would without them ('"who is the mayor of Lyon"')."""
    clause = clause.strip(_QUOTES)
    first = re.match(r"[A-Za-z]+", clause)
    imperative = bool(first and first.group().lower() in REQUEST_VERBS)
    opening = _VERB_THEN_OBJECT_RE.match(clause)
    if opening and opening.group(1).lower() not in FUNCTION_WORDS and opening.group(1).lower() not in _NOT_VERBS:
        imperative = True
    return clause.endswith("?") or imperative or bool(_ASKING_RE.match(clause))


# Words that open a clause before an article without being its verb ('All the ...', 'Both the ...').
_NOT_VERBS = frozenset("all both half each either neither such what which whose quite rather".split())


def fits(request: str, tool: dict) -> bool:
    """Whether the tool covers what the request asks about in its first clause or one that asks something (see the
    module docstring); a request none of whose clauses has a topic ('and in Oslo?') fits any tool. A clause whose
    only content is its verb ('... if I multiply 8.5 and 3.2?') is about that verb."""
    request = spoken_operators(request)
    parts = clauses(request)
    if not any(_asks(c) for c in parts) and _DECLARATIVE_RE.match(parts[0] if parts else ""):
        # 'The caller gave no question': a statement asks for nothing, unless it gives the code the tool
        # takes ('My confirmation code is XY792K' to a tool checking bookings by it).
        return _gives_code(request, tool)
    if names_function(request, tool):
        return True  # "Help me run the 'syncNow' method ..." for a tool whose name ends `syncNow`
    topics = [(c, *_topic(c)) for k, c in enumerate(parts) if k == 0 or _asks(c)]
    vocabulary = _vocabulary(tool)
    if any(not words and any(matches(w, vocabulary) for w in named) for _, words, _, _, named in topics):
        return True  # 'Can you get me the best SF Psychologist?' for a tool finding psychologists
    if any(matches(k, vocabulary) for c, *_ in topics for k in things_to(c)):
        return True  # "we want something to watch tonight" for a tool finding films
    if any(matches(q, vocabulary) for q in implied_quantities(request)):
        return True  # 'the music is too loud, turn it down' for a tool setting the volume
    if any(_PLEA_RE.match(c.strip()) for c in parts) and "help" in split_identifier(str(tool.get("name", ""))):
        return True  # "I'm stuck with the export command. Help me." for a tool named for giving help
    if _searches_web(tool) and any(asks_a_fact(c) for c, *_ in topics):
        return True  # 'who is Ada Lovelace?' for a tool searching the web: a question of fact, whatever it is about
    # a clause that asks with a verb and only values after it ('Could you log that I walked 5 miles ...') is
    # about what its verb does
    asked = [(c, words or _bare_topic(verbs, bare or _asks(c)), verbs) for c, words, verbs, bare, _ in topics]
    asked = [(c, words, verbs) for c, words, verbs in asked if words]
    if not asked:
        return True
    examples = _examples(tool)
    if any(_names_tool_words(c, tool) and any(matches(w, examples) for w in words) for c, words, _ in asked):
        return True  # 'the humidity readings of every sensor' for `sensor_readings_latest` giving 'e.g. humidity'
    if _names_instrument(request, tool) or runs_commands(tool) and says_a_command(request):
        return True  # '... using docker --version' for a tool running command lines
    if any(matches(w, _vocabulary(tool)) for w in implied_operations(request)):
        return True  # '3 friends gave me 10 euros each, how much do I have?' for a tool that multiplies
    described = [(rest, _topic(rest)[0]) for clause, _, _ in asked for rest in _relative_clauses(clause)]
    asked += [(rest, words, ()) for rest, words in described if words]
    owned = [(c, _thing_words(c, words), verbs) for c, words, verbs in asked if set(words) <= _BELONGING]
    asked += [(c, words, verbs) for c, words, verbs in owned if words]
    return any(_fits_clause(request, clause, words, verbs, tool) for clause, words, verbs in asked)


# A clause that asks for help and nothing else ('Help me.', 'Can you help?', 'I need some help please'): what it
# asks is help itself, about whatever the clauses before it describe.
_PLEA_RE = re.compile(
    r"^(?:please\s+)?(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?)?help(?:\s+(?:me|us))?(?:\s+out)?"
    r"(?:\s+please)?\s*[.!?]*$|^(?:i|we)\s+need\s+(?:some\s+)?help(?:\s+please)?\s*[.!?]*$",
    re.IGNORECASE,
)


def names_function(request: str, tool: dict) -> bool:
    """Whether the request quotes a code identifier whose words are all words of the tool's name ('dataFetch' for
    `performDataFetch`, 'runIt' for `Runner.runIt`): it names the function it asks to call. A single letter or digit
    after a word only labels one of its kind ('pointB', 'node_2'): 'pointB' names a point, for `set_point`."""
    named = set(split_identifier(str(tool.get("name", ""))))
    return any(_kind_words(found) <= named for found in code_values.QUOTED_IDENTIFIER_RE.findall(request))


def _names_tool_words(clause: str, tool: dict) -> bool:
    """Whether a clause says two words of the tool's name besides its verb, anywhere ('the humidity [readings] of
    every [sensor]' for `get_sensor_readings`): with a topic the tool gives as an example, it names what the tool
    is about."""
    named = _name_words(tool)
    said = {stem(w) for w in re.findall(r"[a-z]+", clause.lower())}
    return len(named & said) >= 2


def name_stems(tool: dict, verb: Callable[[str], bool]) -> frozenset[str]:
    """The stems of the words of a tool's name, of three letters or more, but its verb and whatever else `verb`
    says is none of the things it is about ('Video_2_PlayClip': video, clip)."""
    return frozenset(stem(w) for w in split_identifier(tool_name(tool)) if len(w) > 2 and not verb(w))


@by_schema
def _name_words(tool: dict) -> frozenset[str]:
    # Topic matching leaves out the generic verbs and the words that say nothing of a topic ('info', 'data').
    return name_stems(tool, lambda w: w in _GENERIC_VERBS or w in FUNCTION_WORDS or w in _GENERIC)


def _kind_words(identifier: str) -> set[str]:
    """The words of an identifier but a one-character label after them ('pointB' is a point)."""
    words = split_identifier(identifier)
    return set(words[:-1] if len(words) > 1 and len(words[-1]) == 1 else words)


_WEB_WORDS = frozenset({"web", "internet", "online"})


def _searches_web(tool: dict) -> bool:
    """Whether the tool searches the web or the internet: any question of fact is one it serves."""
    vocabulary = _vocabulary(tool)
    return "search" in vocabulary and bool(vocabulary & _WEB_WORDS)


def _gives_code(request: str, tool: dict) -> bool:
    """Whether the request says an identifier the tool takes, after its name or in its example's shape."""
    parameters = tool.get("parameters")
    return identifiers.said_after_its_name(request, parameters) or identifiers.in_example_shape(request, parameters)


# 'a tutor who teaches [piano lessons]': what a relative clause says the thing does or has describes it
# as much as its noun does.
_RELATIVE_RE = re.compile(
    r"\b(?:who|that|which)\s+(?:also\s+)?(?:(?:can|could|will|would)\s+([a-z]+)|([a-z]+(?:s|ed)))\s+(.+)", re.IGNORECASE
)
# 'close firefox using [the taskkill command]': what a request says to do it with names the tool it asks for.
_INSTRUMENT_RE = re.compile(
    r"\b(?:using|via|through)\s+(?:the\s+|a\s+|an\s+|my\s+|your\s+)?((?:[\w-]+\s+){0,2}[\w-]+)", re.I
)


def _relative_clauses(clause: str) -> list[str]:
    """What the relative clauses of a clause say after their verb ('who teaches [piano lessons in Porto]')."""
    return [m.group(3) for m in _RELATIVE_RE.finditer(clause) if (m.group(1) or m.group(2)).lower() not in _STOP]


def _names_instrument(request: str, tool: dict) -> bool:
    """Whether the request says to do what it asks with something the tool's name or a parameter names."""
    named = _instrument_words(tool)
    return any(
        stem(w) in named for m in _INSTRUMENT_RE.finditer(request) for w in re.findall(r"[a-z]+", m.group(1).lower())
    )


@by_schema
def _instrument_words(tool: dict) -> frozenset[str]:
    words = split_identifier(str(tool.get("name", ""))) + [w for k in _properties(tool) for w in split_identifier(k)]
    return frozenset(stem(w) for w in words if len(w) > 2 and w not in _GENERIC and w not in FUNCTION_WORDS)


def _bare_topic(verbs: tuple[str, ...], bare: bool) -> tuple[str, ...]:
    """The topic of a clause with no noun phrase: its specific verbs, when the clause is bare or asks."""
    return tuple(v for v in verbs if v not in _GENERIC_VERBS) if bare else ()


def _fits_clause(request: str, clause: str, words: tuple[str, ...], verbs: tuple[str, ...], tool: dict) -> bool:
    """Whether the tool covers the topic `words` of one clause of `request`, or what the clause's verb asks."""
    if _other_compound(clause, words, tool):
        return False
    if _gives_code(request, tool):
        return True  # 'the status of order Z55186' for a tool taking an order number 'e.g. A12345'; '... with
        # confirmation code Mn55JQ' for a tool taking a confirmation code
    vocabulary = _vocabulary(tool)
    if any(matches(w, vocabulary) for w in words):
        return True
    if any(
        matches(k, vocabulary)
        and all(_keeps_kind(m, w, vocabulary) for m in words[:i])
        and (w not in DESCRIBED_ONLY or all(v in _GENERIC_VERBS or v in _SHOPPING_VERBS for v in verbs))
        for i, w in enumerate(words)
        for k in KIND_OF.get(" ".join(words[i : i + 2]), KIND_OF.get(w, ()))
    ):
        return True  # 'the forecast for Marlow Bay' for a weather tool, not 'the budget forecast'; 'my yoga session'
        # for a tool finding events
    if len(words) == 1 and matches(words[0], _examples(tool)):
        return True  # 'How many veterans ...' for a population category 'e.g., total, veterans, women'
    if any(matches(d, vocabulary) for m in _HOW_RE.finditer(clause) for d in _HOW[m.group(1).lower()]):
        return True  # 'How fast was it going?' asks a speed
    if any(
        m.group(1).lower() not in _GENERIC_VERBS and matches(m.group(1).lower(), vocabulary)
        for m in _TAKES_RE.finditer(clause)
    ):
        return True  # 'how long will it take the boat to sink' for a tool giving the time until something sinks
    thing = _thing_words(clause, words) if _reports_details(tool) else ()
    if thing and not _other_compound(clause, thing, tool) and any(matches(w, vocabulary) for w in thing):
        return True  # 'the size of the sculpture ...' for a tool giving a sculpture's details
    if any(_measure(w) and vocabulary & {"unit", "convert", "conversion", "currency", "exchang"} for w in words):
        return True  # 'How many pounds is 3.5 kilograms?' asks a conversion
    if vocabulary & {"currency", "convert", "exchang"} and len(mentions.currencies(clause)) >= 2:
        return True  # 'Change 20 euros into Swiss francs': two currencies ask a conversion
    if any(
        v not in _GENERIC_VERBS and any(matches(k, vocabulary) for k in (v, *KIND_OF.get(v, ()), *things_done_with(v)))
        for v in verbs
    ):
        return True  # 'I'd like to listen to the song ...' for a tool that plays what one listens to; 'append a
        # line' for a tool that writes
    verb = _verb(clause)
    if not verb:
        return False
    named = {stem(w) for w in split_identifier(str(tool.get("name", ""))) if w not in _GENERIC_VERBS}
    # 'Put eggs and butter on the shopping list': the object is a value; the tool is named by the rest.
    rest = [w.lower for w in read(clause).words if w.lower[:1].isalpha() and w.lower not in _LEAD]
    # 'Search for a therapist ...': a verb of looking for says nothing of what is looked for, so a searching tool
    # that takes no value from the request fits by the thing the clause names, not by the verb.
    searched = (
        words
        and matches(verb, _SEARCH_VERBS)
        and not tool.get("parameters", {}).get("required")
        and not any(_run_together(w, vocabulary) for w in words)
    )
    return (matches(verb, vocabulary) and not searched) or any(matches(w, named) for w in rest)


# Verbs that ask for a product ('I want to [buy] blue sandals'); others ('Should I [pack] a coat?') do not.
_SHOPPING_VERBS = frozenset("buy purchase order shop browse search".split())


def _run_together(word: str, vocabulary: frozenset[str]) -> bool:
    """Whether a word may be a tool word run together with the next one ('a housethat is rated ...')."""
    return any(len(v) > 3 and word.startswith(v) and len(word) - len(v) > 2 for v in vocabulary)


# Verbs of looking for something, by their stem.
_SEARCH_VERBS = frozenset({"search", "find"})
_SIZES = frozenset("small medium large little big extra tiny huge".split())


def _keeps_kind(before: str, word: str, vocabulary: frozenset[str]) -> bool:
    """Whether a topic word ``before`` the ``word`` naming a kind of thing leaves it that kind ('my yoga [session]' is
    an event; 'the budget [forecast]' no weather, 'pack a warm [coat]' no product; see ``QUALIFIED_AWAY``)."""
    if matches(before, vocabulary):
        return True
    if word in DESCRIBED_ONLY:
        return before in COLORS or before in _SIZES or before in _QUALIFIERS
    return word not in QUALIFIED_AWAY


def _properties(tool: dict) -> dict:
    schema = tool.get("parameters")
    listed = schema.get("properties") if isinstance(schema, dict) else None
    return listed if isinstance(listed, dict) else {}


@by_schema
def _examples(tool: dict) -> frozenset[str]:
    """Stems of the values a parameter's description gives as examples ('i.e., victim, accused, verdict'): what
    the tool can report. A one-word topic counts by them; a word of a longer one counts only when its clause also
    says two words of the tool's name ('the humidity readings of every sensor' for `sensor_readings_latest`), as a
    compound topic alone ('a GMO yoga mat') asks for a specific thing an example only illustrates."""
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
    said += implied_words(request)  # 'the plumber profile' says whose: a provider's
    for modifier, head in zip(words, words[1:], strict=False):
        if (modifier, head) not in adjacent or len(modifier) < 3 or modifier in COLORS or modifier in LANGUAGES:
            continue
        if matches(modifier, vocabulary):
            continue
        for k, (before, word) in enumerate(zip(name, name[1:], strict=False)):
            if len(before) < 3 or before in _GENERIC_VERBS or not matches(head, {stem(word)}):
                continue
            if before in FUNCTION_WORDS:
                continue  # 'data_for_professional': a preposition makes no kind of professional
            if before in _proper_names(tool):
                continue  # 'play_tidal_song': where the song plays (a service the description names), no kind of song
            if k == 0 and (before in REQUEST_VERBS or actions.request_action(before)):
                # 'draw_graph', 'reschedule_meeting' name an action on a chart, an event, not a kind of it
                continue
            if not any(matches(w, {stem(before)}) for w in said):
                return True
    return False


_SERVICE_RE = re.compile(r"\b(?:on|via|through|using|from|with|in|at|to)\s+(?:the\s+)?([A-Z][a-z]{2,})\b(?! [A-Z])")


@by_schema
def _proper_names(tool: dict) -> frozenset[str]:
    """Words the tool's description writes capitalised after a preposition, never in lower case ('Finds a
    track on Tidal', 'via Slack'): where or by what the tool works, a service or a place, not a modifier making a
    kind of thing ('a new Redis cache'). Title Case ('in Twin Peaks') says nothing."""
    text = str(tool.get("description", ""))
    lower = set(re.findall(r"\b[a-z]+\b", text))
    found = re.finditer(_SERVICE_RE, text)
    return frozenset(m.group(1).lower() for m in found if m.group(1).lower() not in lower)


def _measure(word: str) -> bool:
    """A unit or currency name ('pounds', 'kilometres', 'yen')."""
    return units.unit(word) is not None and len(word) > 2 or code_of(word) is not None
