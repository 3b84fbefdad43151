"""Text utilities shared by the local server's stand-in model and its speech recognizer: words of free text and
identifiers, light stemming and roots, a small synonym table, stop words, the names of numbers, months and weekdays,
everyday words for common enum values, and the shipped list of place names.

They are about English and tool schemas in general, never about one tool: the model's routing and argument filling
and the recognizer's session vocabulary both read text through them, and both know which parameters take
identifiers (:func:`identifier_kind`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

_WORD_RE = re.compile(r"[A-Za-z]+|\d+")
_CAMEL_RE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SENTENCE_BREAK_RE = re.compile(r"(?<=[.!?])\s+")

STOPWORDS = frozenset(
    """
    a an the i me my mine myself you your yours we our ours us it its this that these those is are was were be
    been being am do does did done doing have has had having what whats which who whom how when where why can
    could would should will shall may might must please tell show give let lets get got make of in on at to
    for from with without by about into over under and or but so if then than there here some any all much
    many more most up out just now also too very s t d ll re ve m im id ok okay yes no not hey hi thanks thank
    want wanna need like know see one each every per via
    string number integer boolean object array optional required default e g eg ie etc returns return given
    use used yyyy mm dd null none
    """.split()
)

NUMBER_NAMES = tuple(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen""".split()
)
"""English names of the whole numbers 0-19, by value."""
TENS_NAMES = tuple("twenty thirty forty fifty sixty seventy eighty ninety".split())
"""English names of the tens 20-90, in order."""
MONTH_NAMES = tuple("january february march april may june july august september october november december".split())
"""The months in order, lower case."""
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""The days of the week from Monday (``date.weekday()`` order), lower case."""

_SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("spend", "spent", "spending", "expense", "expenses", "expenditure"),
    ("money", "cost", "costs", "price", "dollar", "dollars", "cash"),
    ("code", "source", "sourcecode", "codebase"),
    ("repo", "repository", "repositories", "git"),
    ("file", "files", "tree", "folder", "directory", "dir", "structure", "layout"),
    ("budget", "income", "salary", "earn", "earning", "earnings"),
    ("portfolio", "holding", "holdings", "investment", "investments", "asset", "assets", "position"),
    ("rebalance", "invest", "suggest", "suggestion", "recommend", "recommendation", "advice", "advise", "guidance"),
    ("summary", "summarize", "summarise", "overview", "recap"),
    ("analyze", "analyse", "analysis", "inspect", "review", "lint", "complexity"),
    ("search", "find", "grep", "locate", "lookup"),
    ("log", "history", "commit", "commits"),
    ("transaction", "purchase", "payment", "charge", "buy", "bought"),
    ("category", "categorize", "categorise", "classify"),
    ("status", "change", "changes", "modified", "uncommitted"),
    ("recent", "latest"),
    (
        "weather",
        "rain",
        "raining",
        "snow",
        "snowing",
        "sunny",
        "hot",
        "cold",
        "windy",
        "humid",
        "umbrella",
        "temperature",
    ),
    ("currency", "exchange", "yen", "euro", "euros", "eur", "usd", "gbp", "chf", "jpy", "franc", "francs"),
    ("calendar", "meeting", "appointment", "event", "schedule"),
    ("email", "mail", "inbox"),
    ("webpage", "page", "website", "site", "url", "link"),
    ("todo", "task", "chore", "remember"),
    ("remind", "reminder"),
    ("music", "song", "songs", "track", "tracks", "tune", "tunes", "album", "playlist"),
    ("dimension", "dimensions", "height", "width", "measurements"),
    ("probability", "odds", "chance", "chances", "likelihood"),
    ("modify", "change", "edit", "alter", "adjust"),
    ("monarch", "king", "queen", "ruler", "emperor"),
    ("distance", "far", "apart"),
    ("population", "people", "inhabitants", "residents"),
    # arithmetic and list operations by their everyday words
    ("sum", "add", "addition", "plus"),
    ("subtract", "subtraction", "minus", "deduct"),
    ("multiply", "multiplication", "times"),
    ("divide", "division", "quotient"),
    ("concatenate", "concat", "combine", "join", "merge"),
    ("sort", "arrange", "rank", "order"),
    ("taxi", "cab"),
    ("movie", "film", "flick"),
    ("salon", "stylist", "hairstylist", "hairdresser", "barber"),
    ("person", "individual", "persons"),
    ("play", "listen", "hear", "playback"),
    ("log", "record", "journal"),
    ("validate", "validation", "verify", "verification", "check"),
    ("create", "instantiate", "instance"),
)

# Nouns that name one kind of a broader thing a tool may be named for: a forecast is of the weather. One way only (a
# weather report need not be a forecast), so they are no synonym group.
_SERVICE_WORKERS = (
    "housekeeper cleaner maid nanny babysitter plumber electrician gardener handyman carpenter painter tutor mover"
).split()
_DWELLINGS = "house apartment condo condominium townhouse bungalow cottage villa".split()
_APPLIANCES = (
    "washing machine|air conditioner|dishwasher|refrigerator|fridge|freezer|microwave|oven|tumble dryer|dryer|"
    "air purifier|dehumidifier|humidifier|kettle|toaster|vacuum cleaner|heater|boiler"
).split("|")
_CLOTHES = (
    "shoe sneaker sandal skirt shirt t-shirt blouse dress jacket coat sweater hoodie jean trouser sock scarf glove"
).split()  # not 'boot', 'short', 'cap', 'suit': other words too
_POSTS = "internship apprenticeship traineeship placement job".split()
# a dish one orders or cooks is food, a meal ('noodle', 'wing': other things too)
_DISHES = (
    "burger hamburger cheeseburger pizza sandwich salad sushi taco burrito pasta steak curry dumpling kebab"
).split()
_EVENTS = "session meeting appointment workout lesson concert gig wedding conference webinar".split()
KIND_OF: dict[str, tuple[str, ...]] = {
    "forecast": ("weather",),
    # appending is writing at the end (not the other way: writing need not append)
    **{w: ("write", "writing") for w in ("append", "appends", "appended", "appending")},
    "forecasts": ("weather",),
    # someone one hires for a job at home is a service provider, a professional, a worker
    **{w + s: ("provider", "professional", "worker") for w in _SERVICE_WORKERS for s in ("", "s")},
    # a house or an apartment is a home, a property, a place to stay
    **{w + s: ("home", "property", "properties") for w in _DWELLINGS for s in ("", "s")},
    # a machine in the home is an appliance ('washing machine' as two words: a machine alone need not be one)
    **{w + s: ("appliance", "device") for w in _APPLIANCES for s in ("", "s")},
    # a thing one wears is clothing, a product one shops for
    **{w + s: ("product", "clothing", "apparel") for w in _CLOTHES for s in ("", "s")},
    **{w: ("product", "clothing", "apparel") for w in ("boots", "shorts", "pants")},
    **{w + s: ("food", "dish", "meal") for w in _DISHES for s in ("", "s")},
    # a session or a meeting is an event, on a calendar
    **{w + s: ("event",) for w in _EVENTS for s in ("", "s")},
    # an address or a phone number is contact information
    **{w: ("contact",) for w in ("address", "addresses", "phone", "telephone", "phone number", "phone numbers")},
    # a post one holds for a time, paid or not, is work experience, employment
    **{w + s: ("experience", "employment", "work") for w in _POSTS for s in ("", "s")},
}
# Kinds a word names only bare: a 'budget forecast' is no weather, though a forecast alone is.
QUALIFIED_AWAY = frozenset({"forecast", "forecasts"})
# Kinds a word names only as the thing asked for, after describing words alone: 'blue sandals' are a product one may
# search for, a coat one should pack is not ('Should I pack a warm coat?').
DESCRIBED_ONLY = frozenset(k for k, v in KIND_OF.items() if "clothing" in v)


# What an unnamed thing is by what one does with it ('something to [watch]' is a film or a show, 'something to
# [do]' an event or an attraction, 'somewhere to [eat]' a restaurant).
_THINGS_TO: dict[str, tuple[str, ...]] = {
    "watch": ("movie", "film", "show"),
    "do": ("event", "attraction", "activity"),
    "eat": ("restaurant", "food"),
    "read": ("book",),
}
_THING_TO_RE = re.compile(
    r"\b(?:something|anything|things|somewhere|someplace|place)\b(?:\s+[a-z]+){0,2}?"
    r"\s+(?:(?:for\s+(?:me|us)\s+)?to|(?:that|which)\s+(?:i|we)\s+(?:can|could))\s+(" + "|".join(_THINGS_TO) + r")\b"
    r"|\b(?:to|i|we)\s+(do)\s+something\b|\bgo\s+out\s+to\s+(eat)\b",
    re.IGNORECASE,
)


def things_done_with(verb: str) -> tuple[str, ...]:
    """The kinds of thing a verb is done to ('watch' a film or a show, 'eat' at a restaurant): the verb of a wish
    names what it wants even when its object is only a genre ('to watch a thriller')."""
    return _THINGS_TO.get(verb.lower(), ())


def things_to(text: str) -> list[str]:
    """The kinds of thing ``text`` asks for by what one does with it, not by name (see ``_THINGS_TO``)."""
    return [k for m in _THING_TO_RE.finditer(text) for k in _THINGS_TO[next(g for g in m.groups() if g).lower()]]


def implied_words(text: str) -> list[str]:
    """The broader things the words of ``text`` name a kind of (see ``KIND_OF``; a pair of words first: a 'washing
    machine'), in order, lower case."""
    words = re.findall(r"[a-z]+(?:-[a-z]+)?", text.lower())
    out: list[str] = []
    i = 0
    while i < len(words):
        pair = " ".join(words[i : i + 2])
        if pair in KIND_OF:
            out += KIND_OF[pair]
            i += 2
            continue
        out += KIND_OF.get(words[i], ())
        i += 1
    return out


# A question asking who someone is or what a named thing is asks a fact ('what is Hanseatic League', "who's the
# mayor of Oslo?"); 'what is the list of ...' asks for the list, as a tool names it.
_FACT_QUESTION_RE = re.compile(
    r"^\W*(?:who(?:'s|\s+(?:is|are|was|were))|what(?:'s|\s+(?:is|are|was|were))(?!\s+(?:the|a|an|my|your|our|their|"
    r"his|her|its|this|that|these|those|some|it)\b))\s+\w",
    re.IGNORECASE,
)


def asks_a_fact(text: str) -> bool:
    """Whether ``text`` opens with a question asking who someone is or what a named thing is."""
    return bool(_FACT_QUESTION_RE.match(text))


def implied_information(text: str) -> list[str]:
    """'information' for a question asking what or who something is: it asks for information on it, however it
    names its subject."""
    return ["information"] if asks_a_fact(text) else []


# Saying a sound, a room or a screen is too much of something names the quantity to change: 'the music is too loud'
# asks about the volume, 'it's too cold in here' the temperature, 'make it brighter' the brightness.
_QUANTITY_OF = {
    **dict.fromkeys("loud quiet soft louder quieter softer".split(), "volume"),
    **dict.fromkeys("hot cold warm chilly hotter colder warmer cooler".split(), "temperature"),
    **dict.fromkeys("dark bright dim darker brighter dimmer".split(), "brightness"),
}
_COMPARATIVES = "|".join(w for w in _QUANTITY_OF if w.endswith("er"))
_QUANTITY_RE = re.compile(
    r"\b(?:too|so|very|really|quite|a\s+bit|a\s+little|way)\s+("
    + "|".join(w for w in _QUANTITY_OF if not w.endswith("er"))
    + r")\b"
    # a comparative asks for a change only as what something is made or turned ('make it louder', 'turn it warmer');
    # 'is it colder in Oslo?' compares
    r"|\b(?:make|turn|get|set|keep)\s+(?:it|this|that|them|the\s+\w+)\s+(?:a\s+bit\s+|a\s+little\s+|much\s+|even\s+)?"
    rf"({_COMPARATIVES})\b",
    re.IGNORECASE,
)


def implied_quantities(text: str) -> list[str]:
    """The quantities ``text`` says are too much or asks more or less of ('too loud': volume; see ``_QUANTITY_OF``)."""
    return [_QUANTITY_OF[next(g for g in m.groups() if g).lower()] for m in _QUANTITY_RE.finditer(text)]


# 'times' between two numbers multiplies ('417 times 38'); it says no time.
_TIMES_RE = re.compile(r"(?<=\d)(\s+)times(?=\s+[\d.])", re.IGNORECASE)


def spoken_operators(text: str) -> str:
    """``text`` with a multiplication said in words ('417 times 38') written with its sign ('417 × 38')."""
    return _TIMES_RE.sub(r"\1×", text)


_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?|\b(?:" + "|".join(NUMBER_NAMES[1:] + TENS_NAMES) + r")\b", re.IGNORECASE)


def implied_operations(text: str) -> list[str]:
    """The operation a request asks without naming it: 'each' with two numbers multiplies ('3 friends gave me
    10 euros each', 'each of my three friends gave me 10 euros'); text changed from one language into another, or
    changed into a language, is translated ('turn this line from Dutch to Greek', 'convert it into Welsh')."""
    if re.search(r"\beach\b", text, re.IGNORECASE) and len(_NUMBER_RE.findall(text)) >= 2:
        return ["multiply", "product"]
    if _PARTED_RE.search(text) and _LEFT_RE.search(text) and len(_NUMBER_RE.findall(text)) >= 2:
        return ["subtract", "difference"]
    if _TRANSLATION_RE.search(text):
        return ["translate", "translation"]
    return []


# Parting with some of what one has ('I donated 40', 'she spent 12', 'we lost 3'), then asking what is left ('how
# much do I have now?', 'how many are left?'): the amount parted with is taken away.
_PARTED_RE = re.compile(
    r"\b(?:donated|spent|lost|gave\s+away|paid|ate|sold|withdrew|used\s+up|threw\s+away)\b[^.?!\d]{0,30}?"
    rf"(?:{_NUMBER_RE.pattern})",
    re.IGNORECASE,
)
_LEFT_RE = re.compile(
    r"\bhow\s+(?:much|many)\b[^.?!]*\b(?:left|remain|remains|remaining|have\s+now)\b|\bwhat(?:'s|\s+is)\s+left\b",
    re.IGNORECASE,
)


# Language names, as a request says them ('from English to Welsh').
LANGUAGES = frozenset(
    """english french german spanish italian portuguese dutch swedish norwegian danish finnish icelandic polish czech
    slovak hungarian romanian bulgarian greek turkish russian ukrainian arabic hebrew persian farsi hindi urdu
    bengali punjabi tamil telugu marathi gujarati chinese mandarin cantonese japanese korean vietnamese thai
    indonesian malay filipino tagalog swahili amharic yoruba zulu afrikaans latin catalan basque welsh irish""".split()
)

_LANGUAGE = "|".join(sorted(LANGUAGES))
_TRANSLATION_RE = re.compile(
    rf"\bfrom\s+(?:{_LANGUAGE})\s+(?:in)?to\s+(?:{_LANGUAGE})\b"
    rf"|\b(?:convert|turn|change|render|rewrite|put)\b[^.?!]*?\b(?:in)?to\s+(?:{_LANGUAGE})\b",
    re.IGNORECASE,
)


# Everyday words for common enum values, so 'restaurants' finds 'dining' and 'feet' finds 'foot'.
ENUM_HINTS: dict[str, tuple[str, ...]] = {
    "groceries": ("grocery", "supermarket", "food"),
    "dining": ("restaurant", "restaurants", "takeout", "eating"),
    "transport": ("transportation", "gas", "fuel", "uber", "taxi", "bus", "train", "commute", "commuting"),
    "utilities": ("utility", "electricity", "internet", "bills"),
    "entertainment": ("movies", "streaming", "concerts", "games"),
    "shopping": ("clothes", "clothing", "amazon"),
    "health": ("medical", "doctor", "pharmacy", "healthcare", "gym"),
    "rent": ("housing", "mortgage", "landlord", "rental", "renting", "lease"),
    "housing": ("rent", "mortgage", "landlord"),
    "subscriptions": ("subscription", "netflix", "spotify"),
    "travel": ("flights", "hotel", "hotels", "trip", "vacation"),
    "walking": ("foot", "walk"),
    "transit": (
        "public transport",
        "public transportation",
        "public transit",
        "bus",
        "train",
        "subway",
        "metro",
        "tram",
    ),
    "driving": ("drive", "car"),
    "cycling": ("bike", "bicycle", "cycle"),
    "cool": ("cooling", "air conditioning", "ac"),
    "heat": ("heating", "warm"),
    "completed": ("done", "finished", "complete"),
    "delete": ("remove", "erase"),
    "add": ("create", "new", "remember", "remind"),
    "open": ("pending", "outstanding", "unfinished"),
    "all": ("every", "everything"),
    "technology": ("tech",),
    "foot": ("feet", "ft"),
    "inch": ("in",),
    "kilogram": ("kg", "kilo", "kilos"),
    "pound": ("lb", "lbs"),
    "ounce": ("oz",),
    "meter": ("metre", "metres"),
    "kilometer": ("km", "kilometre", "kilometres"),
    "liter": ("litre", "litres"),
    "high": ("highest", "strongest", "maximum", "max", "strong"),
    "low": ("lowest", "weakest", "minimum", "min", "weak"),
    "mid": ("medium", "middle", "moderate"),
    "medium": ("mid", "middle", "moderate"),
    "buy": ("purchase", "purchasing", "buying"),
    "comedy": ("funny", "comic", "comedies", "humor", "humour"),
    "animation": ("animated", "cartoon", "cartoons"),
    "sci-fi": ("science fiction", "scientific fiction"),
    "thriller": ("suspense", "suspenseful"),
    "horror": ("scary", "spooky", "ghost", "ghosts"),
    "theater": ("play", "plays", "theatre", "drama", "broadway"),
    "music": ("concert", "concerts", "gig", "gigs"),
    "country": ("hillbilly",),  # the old name of country music
    "luxury": ("luxurious", "premium", "upscale"),
    # kinds of a thing name the class they belong to: a skirt is clothing, pizza Italian food
    # (footwear is a department of its own in many shops)
    "clothing": (
        "clothes",
        "dresses",
        *(w + s for w in _CLOTHES if w not in ("shoe", "sneaker", "sandal") for s in ("", "s")),
    ),
    "italian": ("pizza", "pasta", "lasagna", "risotto"),
    # a pooled ride is one shared with other riders
    "pool": ("shared", "carpool", "rideshare"),
}


def split_identifier(name: str) -> list[str]:
    """Words of an identifier: `get_portfolioSummary` → ['get', 'portfolio', 'summary']."""
    return list(_split_identifier(name))


@lru_cache(maxsize=16384)
def _split_identifier(name: str) -> tuple[str, ...]:
    words: list[str] = []
    for part in re.split(r"[^A-Za-z0-9]+", name):
        words.extend(w.lower() for w in _CAMEL_RE.split(part) if w)
    return tuple(words)


def sentences(text: str) -> list[str]:
    """The sentences of `text` (it breaks after '.', '!' or '?' and a space), white space folded, none empty."""
    return [s for s in (" ".join(part.split()) for part in _SENTENCE_BREAK_RE.split(text)) if s]


def words(text: str) -> list[str]:
    """Lower-case words of free text, identifiers split on `_` and camelCase."""
    out: list[str] = []
    for raw in re.findall(r"[A-Za-z0-9_]+", text):
        for part in split_identifier(raw):
            out.extend(_WORD_RE.findall(part))
    return out


# Nouns ending in 's' that are no plural ('news' is not more than one 'new').
_NO_SINGULAR = frozenset({"news"})


@lru_cache(maxsize=16384)  # tool definitions are stemmed again for every request
def one_slip(a: str, b: str, substituted: bool = False) -> bool:
    """Whether `a` and `b` differ by one slip of typing: a letter typed in or left out, two neighbouring letters
    swapped, or (with `substituted`) one letter typed for another."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(long) == len(short) + 1:
        return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
    if len(long) != len(short):
        return False
    diff = [i for i in range(len(short)) if short[i] != long[i]]
    if len(diff) == 1:
        return substituted
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and short[diff[0]] == long[diff[1]]
        and short[diff[1]] == long[diff[0]]
    )


def stem(word: str) -> str:
    """Light suffix stripping so 'groceries'/'grocery' and 'holdings'/'holding'/'hold' meet."""
    w = word.lower()
    if len(w) <= 3 or w.isdigit() or w in _NO_SINGULAR:
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("sses", "xes", "ches", "shes", "zes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ing", "ed", "ly"):
        base = w[: -len(suffix)]
        if suffix == "ly" and base.endswith("p"):
            continue  # 'multiply', 'apply', 'reply' are verbs, not adverbs
        if w.endswith(suffix) and len(base) >= 3 and any(v in base for v in "aeiouy"):
            w = base
            # planning → plan, but spelling → spell
            if suffix != "ly" and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]
            break
    if w.endswith("ie") and len(w) > 4:
        return w[:-2] + "y"  # 'movie' meets 'movies' (→ 'movy'), as 'country' meets 'countries'
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


# Derivational suffixes, longest first: a noun or adjective made from a verb ('multiplication', 'addition',
# 'translation') shares the verb's root ('multiply', 'add', 'translate').
# A stem has lost a final 'e' ('translat', 'summariz') and turned 'ied' into 'i' ('multipli').
_DERIVATIONS = ("ication", "ation", "ition", "ution", "ement", "ment", "ness", "ance", "ence", "ity", "ion", "ate",
                "at", "ify", "ize", "iz", "ise", "y", "i")  # fmt: skip
_MIN_ROOT = 3


@lru_cache(maxsize=16384)
def root(word: str) -> str:
    """The stem of a word with one derivational suffix removed, and a doubled last letter made single: the root a
    verb shares with the nouns made from it ('multiplication', 'multiplies' and 'multiplied' → 'multipl';
    'addition', 'add' and 'added' → 'ad'; 'translation' and 'translate' → 'transl'). A suffix goes only when three
    letters or more are left ('onion' keeps its 'ion'). Roots meet only through the synonym matching of routing and
    `concept_groups`, which counts less than the same stem."""
    s = stem(word)
    for suffix in _DERIVATIONS:
        if s.endswith(suffix) and len(s) - len(suffix) >= _MIN_ROOT:
            s = s[: -len(suffix)]
            break
    if len(s) > _MIN_ROOT and s[-1] == s[-2] or len(s) == _MIN_ROOT and s[-1] == s[-2] and s[-1] in "dt":
        s = s[:-1]  # 'add' / 'ad(ded)'
    return s


_SYNONYMS: dict[str, str] = {}
_GROUPS_OF: dict[str, set[str]] = {}
for _group in _SYNONYM_GROUPS:
    for _word in _group:
        _SYNONYMS.setdefault(stem(_word), stem(_group[0]))
        _GROUPS_OF.setdefault(stem(_word), set()).add(stem(_group[0]))


def concept(word: str) -> str:
    """Stemmed word mapped to its synonym group's representative, else its root (see `root`)."""
    s = stem(word)
    return _SYNONYMS.get(s) or _SYNONYMS.get(root(s)) or root(s)


@lru_cache(maxsize=16384)
def concept_groups(word: str) -> frozenset[str]:
    """Every synonym group's representative the word belongs to ('change' is both a modification and a status),
    or the word's stem alone. A stem is looked up as it is ('purchas' is already the stem of 'purchase')."""
    s = stem(word)
    return frozenset(_GROUPS_OF.get(word.lower()) or _GROUPS_OF.get(s) or _GROUPS_OF.get(root(s)) or {root(s)})


def terms(text: str, vocabulary: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(stem, concept) of each content word of `text`, in order.

    Adjacent words whose concatenation is in `vocabulary` (stems or concepts) are joined first, which
    repairs speech recognition splits such as 'port folio' → 'portfolio'.
    """
    vocab = set(vocabulary)
    ws = words(text)
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(ws):
        if i + 1 < len(ws) and vocab and stem(ws[i] + ws[i + 1]) in vocab:
            joined = ws[i] + ws[i + 1]
            out.append((stem(joined), concept(joined)))
            i += 2
            continue
        if ws[i] not in STOPWORDS:
            out.append((stem(ws[i]), concept(ws[i])))
        i += 1
    return out


def concepts(text: str, vocabulary: Iterable[str] = ()) -> list[str]:
    """Concepts (synonym-group representatives) of the content words of `text`, in order."""
    return [c for _, c in terms(text, vocabulary)]


HOST_WORDS = frozenset({"host", "hostname", "server", "domain", "endpoint"})
"""Name words of a parameter that takes a host or server's address (a web address or an IP, never a place)."""

PREPOSITIONS = frozenset("to for with from up down off on out in at about into by of under inside within near".split())
"""Prepositions the stand-in model reads before or after a value ("to", "from", "in", "about")."""

FRAMING_WORDS = frozenset("i'm i'd i've i'll it's that's what's there's let's am looking wondering".split())
"""Contractions and verbs that frame a request without naming what it is about ("I'm looking for", "let's")."""

PLACE_WORDS = frozenset(
    """city cities town place location destination origin country countries airport region village
    where travel depart departure arrival""".split()
)
"""Words of a parameter's name or description that make it place-like."""

_PLACES_FILE = Path(__file__).with_name("places.txt")


@cache
def place_names() -> tuple[str, ...]:
    """The shipped place names (lower case; every word in the recognizer's dictionary)."""
    lines = _PLACES_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


_IDENTIFIER_WORDS = {
    "email": {"email", "mail", "e-mail"},
    "postcode": {"postcode", "zip", "postal", "zipcode"},
    "code": {"id", "code", "number", "reference", "ref", "tracking", "sku", "serial", "confirmation", "account",
             "booking", "order", "pnr", "iban", "voucher", "coupon", "ticket", "membership", "licence", "license",
             "registration", "plate", "postcode", "zip", "postal"},
}  # fmt: skip
IDENTIFIER_NOUNS = frozenset(w for group in _IDENTIFIER_WORDS.values() for w in group if "-" not in w)
"""Nouns that name an identifier ("order", "code", "postcode", "account"): what is read out right after one is the
identifier's characters."""
ID_LABELS = frozenset({"id", "uuid", "guid"})
"""Abbreviations that label an identifier's value ("ID 42", "UUID 3f2a..."): a label, never the value itself."""
_NOT_IDENTIFIERS = {"phone", "count", "amount", "quantity", "total", "size", "age", "year", "day", "month"}


def identifier_kind(name: str, schema: Mapping[str, Any]) -> str | None:
    """``"email"``, ``"postcode"`` or ``"code"`` for a string parameter that takes an identifier (by its format, name
    and description), else None: its value is read out character by character when spoken."""
    kind = schema.get("type", "string")
    if not (kind == "string" or isinstance(kind, list) and "string" in kind) or schema.get("enum"):
        return None
    words = set(split_identifier(name))
    description = str(schema.get("description") or "").lower()
    if schema.get("format") == "email" or words & _IDENTIFIER_WORDS["email"]:
        return "email"
    if words & _NOT_IDENTIFIERS:
        return None
    if words & _IDENTIFIER_WORDS["postcode"] or re.search(r"\b(?:post|zip|postal) ?code\b", description):
        return "postcode"
    if words & _IDENTIFIER_WORDS["code"]:
        return "code"
    return None


def edit_distance(a: Sequence[str], b: Sequence[str]) -> int:
    """Substitutions, insertions and deletions that make ``b`` of ``a`` (letters of two words, or words of two
    texts)."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]
