"""Tool routing for the local server's rule-based responder: which tool a request is about.

This is lexical matching, not language understanding. Words of the request are lower-cased, lightly
stemmed (plural s, -ing, -ed, -ly), mapped through a small synonym table tuned for finance and
developer-tool requests, and scored against each tool's name, description and parameters. A word
that appears in few of the session's tools counts more than one that appears in many (an IDF-like
weight), and where a word appears matters too: a hit in the tool's name beats one in its
description.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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

_WORD_RE = re.compile(r"[A-Za-z]+|\d+")
_CAMEL_RE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")

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

_SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("spend", "spent", "spending", "expense", "expenses", "expenditure"),
    ("money", "cost", "costs", "price", "dollar", "dollars", "cash"),
    ("code", "source", "sourcecode", "codebase"),
    ("repo", "repository", "repositories", "git"),
    ("file", "files", "tree", "folder", "directory", "dir", "structure", "layout"),
    ("budget", "income", "salary", "earn", "earning", "earnings"),
    ("portfolio", "holding", "holdings", "investment", "investments", "asset", "assets", "position"),
    ("rebalance", "invest", "suggest", "suggestion", "recommend", "recommendation", "advice", "advise"),
    ("summary", "summarize", "summarise", "overview", "recap"),
    ("analyze", "analyse", "analysis", "inspect", "review", "lint", "complexity"),
    ("search", "find", "grep", "locate", "lookup"),
    ("log", "history", "commit", "commits"),
    ("transaction", "purchase", "payment", "charge"),
    ("category", "categorize", "categorise", "classify"),
    ("status", "change", "changes", "modified", "uncommitted"),
    ("recent", "latest"),
    ("weather", "rain", "raining", "snow", "snowing", "sunny", "hot", "cold", "windy", "humid", "umbrella"),
    ("currency", "exchange", "yen", "euro", "euros", "eur", "usd", "gbp", "chf", "jpy", "franc", "francs"),
    ("calendar", "meeting", "appointment", "event", "schedule"),
    ("email", "mail", "inbox"),
    ("webpage", "page", "website", "site", "url", "link"),
    ("todo", "task", "chore"),
    ("remind", "reminder"),
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
    "rent": ("housing", "mortgage", "landlord"),
    "housing": ("rent", "mortgage", "landlord"),
    "subscriptions": ("subscription", "netflix", "spotify"),
    "travel": ("flights", "hotel", "hotels", "trip", "vacation"),
    "walking": ("foot", "walk"),
    "transit": ("public transport", "public transit", "bus", "train", "subway", "metro", "tram"),
    "driving": ("drive", "car"),
    "cycling": ("bike", "bicycle", "cycle"),
    "cool": ("cooling", "air conditioning", "ac"),
    "heat": ("heating", "warm"),
    "completed": ("done", "finished", "complete"),
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
}


def split_identifier(name: str) -> list[str]:
    """Words of an identifier: `get_portfolioSummary` → ['get', 'portfolio', 'summary']."""
    words: list[str] = []
    for part in re.split(r"[^A-Za-z0-9]+", name):
        words.extend(w.lower() for w in _CAMEL_RE.split(part) if w)
    return words


def words(text: str) -> list[str]:
    """Lower-case words of free text, identifiers split on `_` and camelCase."""
    out: list[str] = []
    for raw in re.findall(r"[A-Za-z0-9_]+", text):
        for part in split_identifier(raw):
            out.extend(_WORD_RE.findall(part))
    return out


def stem(word: str) -> str:
    """Light suffix stripping so 'groceries'/'grocery' and 'holdings'/'holding'/'hold' meet."""
    w = word.lower()
    if len(w) <= 3 or w.isdigit():
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("sses", "xes", "ches", "shes", "zes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ing", "ed", "ly"):
        base = w[: -len(suffix)]
        if w.endswith(suffix) and len(base) >= 3 and any(v in base for v in "aeiouy"):
            w = base
            # planning → plan, but spelling → spell
            if suffix != "ly" and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


_SYNONYMS: dict[str, str] = {}
for _group in _SYNONYM_GROUPS:
    for _word in _group:
        _SYNONYMS.setdefault(stem(_word), stem(_group[0]))


def concept(word: str) -> str:
    """Stemmed word mapped to its synonym group's representative."""
    s = stem(word)
    return _SYNONYMS.get(s, s)


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


def tool_terms(tool: object) -> ToolTerms:
    stems: dict[str, float] = {}
    groups: dict[str, float] = {}

    def add(text: str, weight: float) -> None:
        for s, c in terms(text):
            stems[s] = max(stems.get(s, 0.0), weight)
            groups[c] = max(groups.get(c, 0.0), weight)

    add(tool_name(tool), _NAME_WEIGHT)
    if isinstance(tool, dict):
        add(_text(tool.get("description")), _DESCRIPTION_WEIGHT)
    for kind, text in _schema_parts(tool_parameters(tool)):
        add(text, _KIND_WEIGHT[kind])
    return ToolTerms(stems, groups)


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
}


def _param_kinds(schema: object) -> set[str]:
    kinds: set[str] = set()
    props = schema.get("properties") if isinstance(schema, dict) else None
    for pname, pschema in props.items() if isinstance(props, dict) else ():
        pschema = pschema if isinstance(pschema, dict) else {}
        fmt = pschema.get("format")
        words = set(split_identifier(str(pname)))
        for kind, (formats, names) in _TYPED_PARAMS.items():
            if fmt in formats or words & names:
                kinds.add(kind)
    return kinds


def _evidence(request: str, tool: object) -> float:
    from rtkit.local import mentions  # mentions builds on extract, which routing must not import eagerly

    kinds = _param_kinds(tool_parameters(tool))
    found = {
        "email": bool(kinds & {"email"}) and bool(mentions.emails(request)),
        "url": bool(kinds & {"url"}) and bool(mentions.urls(request)),
        "currency": bool(kinds & {"currency"}) and len(mentions.currencies(request)) >= 2,
    }
    return _EVIDENCE_WEIGHT * sum(found.values())


def _idf(n: int, df: int) -> float:
    return math.log(1.0 + n / df)


def rank_tools(request: str, tools: Sequence[object]) -> list[ToolScore]:
    """Score every named tool against `request`, best first (stable for equal scores)."""
    docs = [(i, tool_name(t), tool_terms(t)) for i, t in enumerate(tools) if tool_name(t)]
    if not docs:
        return []
    vocabulary = set().union(*(set(d[2].stems) for d in docs))
    query = list(dict.fromkeys(terms(request, vocabulary)))
    n = len(docs)
    df_stem: dict[str, int] = {}
    df_concept: dict[str, int] = {}
    for _, _, doc in docs:
        for s in doc.stems:
            df_stem[s] = df_stem.get(s, 0) + 1
        for c in doc.concepts:
            df_concept[c] = df_concept.get(c, 0) + 1
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
        total += _evidence(request, tools[index])
        scores.append(ToolScore(index, name, round(total, 6), tuple(matched)))
    scores.sort(key=lambda s: (-s.score, s.index))
    return scores
