"""What a parameter's schema says about the value it takes (`Profile`: its name's words and stems, the dimension
and unit it measures, its kind: place, person, identifier, time zone, unit, formula; its role in a from/to pair),
and when a request word names one of those words (`matches`: stems, synonyms, prefixes, irregular verbs).

Read once per tool call for `assign`, which scores request spans against profiles. The lexicons here are about
English (colours, languages) and schemas, never about one tool.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass, field

from rtkit.local.model import units
from rtkit.local.model.spans import FUNCTION_WORDS, GENERIC_NOUNS
from rtkit.local.text import HOST_WORDS, concept_groups, one_slip, split_identifier, stem

# Name words that make a parameter a place, a person, an identifier or a time zone.
PLACE_WORDS = frozenset(
    """location city place destination origin where town venue region area country state address county
    province district neighborhood neighbourhood locale site spot near from to start end departure arrival
    airport station home office court jurisdiction""".split()
)


# Name words of a network address ('host': 'the hostname or IP address'), which is no place.
_NETWORK_WORDS = HOST_WORDS | {"url", "uri", "email"}


# Nouns of a person, the core of the three lists of person words. Each list adds its own on purpose, and none is
# widened to the others: `PERSON_WORDS` (a parameter of a person) adds roles and verbs of a name ('who', 'starring',
# 'payee'); `_PEOPLE` (the head of 'the name of the ...') adds any noun of a person ('friend', 'holder');
# `values._PERSON_WORDS` (with 'name', a person's name) adds the parts of a name ('first', 'family').
PERSON_NOUNS = frozenset(
    """artist author person player actor director singer user owner customer employee sender member patient student
    teacher lawyer doctor manager""".split()
)
PERSON_WORDS = PERSON_NOUNS | frozenset(
    """actress composer musician username contact recipient attendee invitee judge who cast starring actors
    performer performers directed receiver payee beneficiary addressee""".split()
)


ID_WORDS = frozenset("id identifier number code reference ref sku serial docket isbn zip postcode ticker".split())


ZONE_WORDS = frozenset({"timezone", "tz", "zone"})


def _area_zone(words: set[str], description: str) -> bool:
    """A 'zone' described as an area of the map ('the geographic zone, such as California'), not a time zone."""
    low = description.lower()
    if words & ZONE_WORDS != {"zone"} or re.search(r"\btime\b|\biana\b|\butc\b|\bgmt\b|\boffset\b", low):
        return False
    return bool(re.search(r"\b(?:geographic(?:al)?|region|area|country|state)\b", low))


UNIT_WORDS = frozenset({"unit", "units", "scale", "measure", "measurement"})


MATH_WORDS = frozenset({"function", "equation", "expression", "formula", "polynomial", "func", "expr"})


# Name words of the dimension a number measures when no unit is written in the description.
_DIMENSION_WORDS: dict[str, str] = {
    **dict.fromkeys("time duration period years year days day hours hour seconds second minutes minute age "
                    "months month weeks week lifetime interval delay timeout term horizon tenure maturity".split(),
                    "time"),
    **dict.fromkeys("distance length height width radius diameter depth altitude elevation side base "
                    "perimeter circumference displacement wavelength".split(), "length"),
    **dict.fromkeys("weight mass".split(), "mass"),
    **dict.fromkeys("temperature temp".split(), "temperature"),
    **dict.fromkeys("speed velocity".split(), "speed"),
    **dict.fromkeys("acceleration gravity".split(), "acceleration"),
    **dict.fromkeys("area".split(), "area"),
    **dict.fromkeys("volume".split(), "volume"),
    **dict.fromkeys("charge".split(), "charge"),
    **dict.fromkeys("current".split(), "current"),
    **dict.fromkeys("voltage".split(), "voltage"),
    **dict.fromkeys("resistance".split(), "resistance"),
    **dict.fromkeys("frequency".split(), "frequency"),
    **dict.fromkeys("energy heat work".split(), "energy"),
    **dict.fromkeys("power".split(), "power"),
    **dict.fromkeys("force".split(), "force"),
    **dict.fromkeys("pressure".split(), "pressure"),
    **dict.fromkeys("capacitance".split(), "capacitance"),
    **dict.fromkeys("inductance".split(), "inductance"),
    **dict.fromkeys("price cost amount income salary wage wages pay budget principal principle payment investment "
                    "revenue fee fees payout loan deposit balance spend expenses profit money cash".split(), "money"),
    **dict.fromkeys("rate percentage percent ratio probability yield return growth interest discount".split(),
                    "percent"),
}  # fmt: skip


# Words that stand for a parameter word ('starting' speed for an 'initial' one).
_ALIASES: tuple[frozenset[str], ...] = tuple(
    frozenset(stem(w) for w in group.split())
    for group in (
        "initial start starting begin beginning original from source",
        "final end ending target to destination",
        "first one 1",
        "second two 2 other",
        "velocity speed",
        "number count quantity amount",
        "temperature temp",
        "principal principle",
        "latitude lat",
        "longitude lon lng long",
        "maximum max",
        "minimum min",
        "year yearly annual annually",
        "live current realtime latest",
        # common abbreviations
        "statistics statistic stats stat",
        "information info",
        "average avg mean",
        "description desc",
        "configuration config",
        "application app",
        "percentage percent pct",
        "quantity qty",
    )
)


_ROLE_WORDS = {
    "from": {"from", "start", "origin", "source", "departure", "initial", "begin", "lower", "min"},
    "to": {"to", "end", "destination", "target", "arrival", "final", "upper", "max"},
}


@dataclass
class Profile:
    """What a parameter's schema says about the value it takes."""

    name: str
    index: int
    required: bool
    types: frozenset[str]
    description: str
    name_stems: set[str]
    description_stems: set[str]
    dimension: str = ""
    unit: units.Unit | None = None
    kind: str = ""
    """'place', 'person', 'id', 'zone' or ''."""
    role: str = ""
    """'from' or 'to' when the name or description says which end of a pair the value is."""
    discriminating: set[str] = field(default_factory=set)
    """Name stems no other parameter of the tool shares."""
    array: bool = False
    """The parameter takes a list of strings (a listed value, or one value as a list of one)."""
    words: set[str] = field(default_factory=set)
    """The name's words as written, singular too ('hours' → hours, hour)."""
    kind_of: str = ""
    """For a kind of thing ('type': 'The type of crime'), the thing's stem ('crime'): the word a value modifies
    ('violent crime')."""


def _stems(text: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in FUNCTION_WORDS and len(w) > 1}


_KIND_WORDS = {"type", "kind", "category", "sort", "class"}
_KIND_OF_RE = re.compile(r"\b(?:type|kind|category|sort|class)\s+of\s+(?:the\s+|a\s+)?([a-z]+)", re.IGNORECASE)


def profile(name: str, schema: dict, index: int, required: bool, types: Iterable[str]) -> Profile:
    given = schema.get("description")
    description = given if isinstance(given, str) else ""
    raw = [part for w in split_identifier(name) for part in re.sub(r"(?<=[a-z])(?=\d)", " ", w).split()]
    words = set(raw) | {w[:-1] for w in raw if w.endswith("s") and len(w) > 3}
    p = Profile(
        name=name,
        index=index,
        required=required,
        types=frozenset(types),
        description=description,
        name_stems={stem(w) for w in raw if w not in FUNCTION_WORDS} or {stem(w) for w in raw},
        description_stems=_stems(description) - {stem(w) for w in GENERIC_NOUNS},
    )
    p.array = "array" in p.types
    kind_of = _KIND_OF_RE.search(description) if raw and raw[-1] in _KIND_WORDS else None
    if kind_of and kind_of.group(1).lower() not in FUNCTION_WORDS:
        p.kind_of = stem(kind_of.group(1))
    p.words = set(raw) | {w[:-1] for w in raw if w.endswith("s") and len(w) > 3}
    p.unit = units.unit_in(description) or units.unit_in(" ".join(raw))
    last = [w for w in raw if not w.isdigit()][-1:]
    minimum = last == ["min"] and re.search(r"\bminimum\b", description.lower())  # 'min': 'Minimum budget'
    if p.unit is None and last and len(last[0]) >= 2 and not minimum:
        p.unit = units.unit(last[0])  # 'duration_seconds', 'distance_km': the unit the name ends with
    named = next((_DIMENSION_WORDS[w] for w in reversed(raw) if w in _DIMENSION_WORDS), "")
    p.dimension = p.unit.dimension if p.unit is not None and p.unit.dimension != "percent" else named
    head = [w for w in raw if not w.isdigit()][-1:] or [""]
    calendar = head == ["year"] or "year" in raw and raw[raw.index("year") + 1 : raw.index("year") + 2] == ["of"]
    if calendar and not re.search(r"number of years|how many years", description.lower()):
        p.kind = "year"
        p.dimension = ""
    elif _area_zone(words, description):
        p.kind = "place"
    elif words & ZONE_WORDS or re.search(r"\btime ?zone\b|\biana\b", description.lower()):
        p.kind = "zone"
    elif words & UNIT_WORDS:
        p.kind = "unit"
    elif (
        words & MATH_WORDS
        or re.search(r"\b(?:function|equation|expression|formula|polynomial)\b", description.lower()[:50])
        and words & {"f", "func", "fn", "expr", "eq", "curve"}
    ):
        p.kind = "expression"
    elif words & ID_WORDS and not words & {"phone"}:
        p.kind = "id"
    elif not words & _NETWORK_WORDS and (
        words & PLACE_WORDS or re.search(r"\b(?:city|location|place|country|address)\b", description.lower()[:60])
    ):
        p.kind = "place"
    elif words & PERSON_WORDS or (
        words & {"name"}
        and words <= {"name", "full", "first", "last", "given", "family"}
        and not _names_thing(description)
    ):
        p.kind = "person"
    for role, role_words in _ROLE_WORDS.items():
        if words & role_words:
            p.role = role
            break
    return p


# 'The unique name identifier of the project': what a parameter called 'name' is the name of.
# The thing is the head of the noun phrase after 'of', its last noun ('the account holder' is a holder, a person).
_NAME_OF_RE = re.compile(
    r"\bname(?:\s+[a-z]+)?\s+of\s+(?:the\s+|a\s+|an\s+|this\s+|each\s+)?((?:[a-z]+\s+)??[a-z]+)(['’]s\b)?"
    r"(?=\s*(?:$|[.,;:()]|\s(?:to|in|on|at|for|from|with|by|that|which|who|whose|where|and|or|is|as)\b))",
    re.IGNORECASE,
)
_PEOPLE = PERSON_WORDS | frozenset(
    "people individual guest client passenger traveler traveller child friend holder driver caller speaker".split()
)


def _names_thing(description: str) -> bool:
    """Whether a description says its name is a thing's, no person's ('the name of the project'): a name in
    lower case before that thing's noun ('the bandana project') is one then."""
    found = _NAME_OF_RE.search(description)
    if found is None or found.group(2):  # 'the name of the garden's owner' names the owner
        return False
    noun = found.group(1).lower().split()[-1]
    return noun not in _PEOPLE and stem(noun) not in _PEOPLE


def dimension_word(word: str) -> str:
    """The dimension a parameter-name word measures ('pay' → money, 'height' → length), else ''."""
    return _DIMENSION_WORDS.get(word.lower(), "")


def discriminate(profiles: Sequence[Profile]) -> None:
    """Mark the name stems each parameter has alone (an 'initial' among 'initial_speed' and 'final_speed')."""
    for p in profiles:
        others = set().union(*(q.name_stems for q in profiles if q is not p)) if len(profiles) > 1 else set()
        p.discriminating = p.name_stems - others


def _alias(a: str, b: str) -> bool:
    return any(a in group and b in group for group in _ALIASES)


def _quality_noun(noun: str, adjective: str) -> bool:
    """Whether one stem is the '-ence' / '-ance' noun of the other's '-ent' / '-ant' adjective ('excellence' /
    'excellent', 'relevance' / 'relevant')."""
    return len(noun) >= 7 and noun.endswith(("enc", "anc")) and adjective == noun[:-1] + "t"


_LEMMAS = {"won": "win", "found": "find", "bought": "buy", "sold": "sell", "made": "make", "built": "build",
           "wrote": "write", "written": "write", "ran": "run", "taught": "teach", "held": "hold", "led": "lead",
           "won't": "win", "began": "begin", "begun": "begin", "chose": "choose", "chosen": "choose"}  # fmt: skip


def matches(word: str, stems: Set[str]) -> bool:
    """Whether a request word names one of `stems`: the same stem, a synonym, or one a prefix of the other
    ('accelerating' / 'acceleration', 'hypot' / 'hypotenuse'), irregular verbs by their base ('won' / 'winner')."""
    lemma = _LEMMAS.get(word.lower())
    if lemma and any(t.startswith(lemma) and len(t) - len(lemma) <= 3 for t in stems):
        return True
    s = stem(word)
    if s in stems or concept_groups(word) & {g for x in stems for g in concept_groups(x)}:
        return True
    if word.lower().endswith("ed") and stem(word.lower()[:-1]) in stems:
        return True  # 'sided' / 'side', 'themed' / 'theme'
    for t in stems:
        if _alias(s, t) or _quality_noun(s, t) or _quality_noun(t, s):
            return True
        short, long = (s, t) if len(s) <= len(t) else (t, s)
        if len(short) >= 4 and long.startswith(short) and len(short) >= 0.5 * len(long):
            return True
        if len(short) >= _SLIP_LENGTH and one_slip(short, long):
            return True
    return False


_SLIP_LENGTH = 8
"""Words at least this long are read through one slip of typing: no other English word of that length is one letter
added, left out or two letters swapped away ('profressional' is 'professional')."""


COLORS = frozenset(
    """red green blue yellow orange purple violet pink brown black white gray grey cyan magenta indigo turquoise
    gold silver beige maroon navy teal olive lime""".split()
)


GENRES = frozenset(
    "rock|pop|jazz|blues|classical|country|folk|metal|heavy metal|punk|reggae|soul|funk|disco|techno|"
    "electronic|edm|hip hop|hip-hop|rap|r&b|rhythm and blues|gospel|opera|indie|latin|salsa|k-pop|ambient|"
    "grunge|swing|bluegrass|orchestral|symphonic".split("|")
)
GENRE_RE = re.compile(
    r"(?<![\w-])(" + "|".join(sorted((re.escape(g) for g in GENRES), key=len, reverse=True)) + r")(?![\w-])",
    re.IGNORECASE,
)
