"""What argument filling works on: a tool's parameters as read from its JSON schema (`_Param`: types, enum, name
words, listed values) and the request being filled (`_Request`: its tokens, typed mentions, reading and the spans
already given to a parameter), with the schema checks a value must pass (`fits`, `_acceptable`).

Shared by `arguments` (the order of filling and the assignment of typed spans) and `values` (values read for one
parameter by its kind).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from rtkit.local.model import extract, spans
from rtkit.local.text import IDENTIFIER_NOUNS, STOPWORDS, split_identifier, stem

_PATH_NAMES = {"path", "file", "filename", "filepath", "folder", "directory", "dir", "root", "cwd", "repo"}


_QUERY_NAMES = {"query", "pattern", "text", "term", "keyword", "search", "regex", "q", "needle", "phrase"}


_MONTH_NAMES = {"month", "period"}


_DATE_NAMES = {"date", "since", "until", "after", "before", "day"}


_END_NAMES = {"end", "until", "before", "to", "last"}


_FROM_WORDS = {"from", "source", "origin", "departure", "start", "base"}


_TO_WORDS = {"to", "target", "destination", "arrival", "into"}


_EMAIL_NAMES = {"email", "mail", "recipient", "to", "cc", "bcc", "sender", "attendee", "invitee"}


_URL_NAMES = {"url", "uri", "link", "website", "webpage", "page", "href", "site"}


def names_url(name: str, kinds: Iterable[str]) -> bool:
    """A parameter for a web address: named for one ('site_url', 'website'), unless the name ends in an
    identifier's noun ('storeId', 'row_number'), which asks for the thing's identifier, not its address."""
    words = split_identifier(name)
    return bool(set(kinds) & _URL_NAMES) and not (words and words[-1].lower() in IDENTIFIER_NOUNS)


_TIME_NAMES = {"time", "clock", "hour"}


# A span of time written as a clock reading ('MM:SS', 'HH:MM:SS'), for a parameter saying it lasts: a countdown's
# 'in the format MM:SS' takes '01:00' for 'in a minute'.
_CLOCK_DURATION_RE = re.compile(r"\b(?:hh:)?mm:ss\b")
_LASTING_NAMES = {"duration", "length", "countdown", "timer", "timeout", "delay", "interval"}


def clock_duration(param: _Param) -> bool:
    """Whether a string parameter takes how long something lasts, written as a clock reading ('MM:SS')."""
    return bool(param.kinds & _LASTING_NAMES) and _CLOCK_DURATION_RE.search(param.description) is not None


# With these a 'time' parameter is a period or a zone, not a clock time ('time_frame', 'timezone').
_PERIOD_WORDS = {"zone", "timezone", "frame", "period", "range", "span", "limit", "horizon", "window", "years", "days"}


_PLACE_NAMES = {
    "city", "location", "place", "destination", "origin", "where", "town", "venue", "restaurant", "hotel",
    "airport", "region", "area", "from", "to", "near",
}  # fmt: skip


_PERSON_NAMES = {"name", "person", "contact", "who", "recipient", "attendee"}


_ID_NAMES = IDENTIFIER_NOUNS


_ADDRESS_PARTS = {
    "street": "street",
    "city": "city",
    "town": "city",
    "postcode": "postcode",
    "zip": "postcode",
    "postal": "postcode",
}


_FREE_TEXT_NAMES = {
    "query", "text", "message", "body", "task", "title", "label", "word", "note", "content", "subject", "prompt",
    "question", "summary", "comment", "reason", "item", "search", "phrase", "term", "keyword", "name", "description",
    "purpose",
}  # fmt: skip


_SENTENCE_NAMES = {"message", "body", "text", "content", "note", "comment", "reason", "task", "question", "prompt"}


_DURATION_UNITS = {
    "second": 1,
    "seconds": 1,
    "minute": 60,
    "minutes": 60,
    "hour": 3600,
    "hours": 3600,
    "day": 86400,
    "days": 86400,
}


_MISSING = object()


@dataclass
class _Param:
    name: str
    schema: dict
    types: frozenset[str]
    enum: list | None
    words: set[str]
    """Stems of the name's words, for finding them in the request."""
    kinds: set[str]
    """The name's words as written (and without a plural s), for deciding what kind of value it takes."""
    description: str
    required: bool
    listed: list[str] = field(default_factory=list)
    """Values the descriptions list for this parameter ('one category (groceries, dining, ...)')."""


@dataclass
class _Request:
    text: str
    tokens: list[extract.Token]
    stems: list[str]
    today: date
    vocabulary: set[str]
    month: extract.MonthMention | None = None
    day: tuple[date, tuple[int, int]] | None = None
    numbers: list[extract.Number] = field(default_factory=list)
    used_numbers: set[int] = field(default_factory=set)
    used_strings: set[str] = field(default_factory=set)
    """Lower-cased words already given to another parameter (a search phrase is not also a path)."""
    used_spans: list[tuple[int, int]] = field(default_factory=list)
    """Character spans whose value went to a parameter (each mention fills one parameter)."""
    guessed: set[str] = field(default_factory=set)
    """Required parameters `assign` filled without evidence (see `FilledArguments.guessed`)."""
    found: dict[str, list] = field(default_factory=dict)
    """Typed mentions of the request by kind, found once (see `mentions`)."""
    reading: spans.Reading | None = None
    """The request read into typed spans once (see `spans`), for giving values to parameters by their schema."""
    tool_description: str = ""
    """The tool's description, which may say how values are written ('month (YYYY-MM)')."""
    frame: set[str] = field(default_factory=set)
    """Stems of the tool's name, description and parameter names: words that frame a request, not values."""
    shared_name_words: set[str] = field(default_factory=set)
    """Stems in the names of several flags of the schema being filled ('cleaning' of 'is_cleaning_home' and
    'is_cleaning_office'): they do not tell those flags apart."""
    flag_words: list[set[str]] = field(default_factory=list)
    """Stems of each yes/no parameter's name ({'has', 'vegetarian', 'option'}): a phrase of them names the flag."""


def _types(schema: object, depth: int = 0) -> set[str]:
    if depth > 3 or not isinstance(schema, dict):
        return set()
    t = schema.get("type")
    found = {t} if isinstance(t, str) else {x for x in t if isinstance(x, str)} if isinstance(t, list) else set()
    found.discard("any")  # a type of 'any' says no more than no type at all: the value is read as text
    for key in ("anyOf", "oneOf"):
        options = schema.get(key)
        if isinstance(options, list):
            for option in options:
                found |= _types(option, depth + 1)
    return found


def enum_values(schema: object, depth: int = 0) -> list | None:
    if depth > 3 or not isinstance(schema, dict):
        return None
    if isinstance(schema.get("enum"), list):
        return list(schema["enum"])
    if "const" in schema:
        return [schema["const"]]
    values: list = []
    for key in ("anyOf", "oneOf"):
        options = schema.get(key)
        for option in options if isinstance(options, list) else ():
            values.extend(enum_values(option, depth + 1) or ())
    return values or None


def fits(value: object, types: Iterable[str]) -> bool:
    """Whether `value` has one of the JSON schema `types` (no types = anything)."""
    types = set(types)
    if not types:
        return True
    checks = {
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: (
            isinstance(v, int | float) and not isinstance(v, bool) and (isinstance(v, int) or math.isfinite(v))
        ),
        "boolean": lambda v: isinstance(v, bool),
        "array": lambda v: isinstance(v, list),
        "object": lambda v: isinstance(v, dict),
        "null": lambda v: v is None,
    }
    return any(checks[t](value) for t in types if t in checks)


def _same(a: object, b: object) -> bool:
    return type(a) is type(b) and a == b


_UUID_RE = re.compile(r"\b(?:uuid|guid)s?\b", re.IGNORECASE)
_WORD_RE = re.compile(r"[A-Z]?[a-z]+(?:\s+[A-Z]?[a-z]+)*")  # words as prose writes them, not a code's capitals


def _acceptable(value: object, param: _Param) -> bool:
    if value is _MISSING or not fits(value, param.types):
        return False
    listed = value if isinstance(value, list) and "array" in param.types else [value]  # an array's enum: its items
    if param.enum is not None and not (
        any(_same(value, e) for e in param.enum) or listed and all(any(_same(v, e) for e in param.enum) for v in listed)
    ):
        return False
    if isinstance(value, str) and _UUID_RE.search(param.description) and _WORD_RE.fullmatch(value):
        return False  # 'Corvin' or 'shoes' is no UUID; a code ('QX42', 'MEGAPLAN', 'team_7') may stand for one
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return False
    return True


_LIST_RE = re.compile(r"\(([^()]{3,300})\)|\b(?:one of|either)[:\s]+([\w -]+(?:\s*(?:,|\bor\b)\s*[\w -]+)+)", re.I)


_ITEM_RE = re.compile(r"^[A-Za-z][\w -]{0,30}$")


def _listed_values(param: _Param, tool_description: str) -> list[str]:
    """Values written out as a list in the parameter's description, or in the tool's description right
    after a mention of the parameter ('... and/or one category (groceries, dining, ...)')."""
    found: list[str] = []
    for text, own in ((param.description, True), (tool_description.lower(), False)):
        for m in _LIST_RE.finditer(text):
            before = {stem(w) for w in re.findall(r"[a-z]+", text[: m.start()])[-3:]}
            if not own and not before & (param.words - STOPWORDS):
                continue
            inner = m.group(1) or m.group(2)
            if re.match(r"\s*(?:e\.g\.|for example|such as|for instance|like)", inner):
                continue  # examples, not the list of values
            items = [i.strip(" .'\"") for i in re.split(r",|\bor\b|\band\b|/", inner)]
            items = [i for i in items if _ITEM_RE.match(i)]
            if len(items) >= 2:
                found.extend(i for i in items if i not in found)
        # Examples, or a form to write the value in ("in the format 'First Last'. Example: 'John Doe'"): no options.
        examples = re.search(r"e\.g\.|\bexamples?\b|such as|for instance|\bformat\b", text, re.IGNORECASE)
        quoted = [q for q in re.findall(r"'([^'\n]{1,30})'|\"([^\"\n]{1,30})\"", text) if own and not examples]
        items = [a or b for a, b in quoted if _ITEM_RE.match(a or b)]
        if len(set(items)) >= 2:  # "options: 'miles', 'kilometers'" (not examples: "e.g. 'Europe/London'")
            found.extend(i for i in items if i not in found)
    return found


def _params(schema: object, tool_description: str = "") -> list[_Param]:
    if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict):
        return []
    required = schema.get("required")
    required = {r for r in required if isinstance(r, str)} if isinstance(required, list) else set()
    out = []
    for name, pschema in schema["properties"].items():
        if not isinstance(name, str):
            continue
        pschema = pschema if isinstance(pschema, dict) else {}
        description = pschema.get("description")
        out.append(
            _Param(
                name=name,
                schema=pschema,
                types=frozenset(_types(pschema)),
                enum=enum_values(pschema),
                words={stem(w) for w in split_identifier(name)},
                kinds=_kinds(name) | _described_path(description),
                description=description.lower() if isinstance(description, str) else "",
                required=name in required,
            )
        )
        if out[-1].enum is None and "string" in out[-1].types | ({"string"} if not out[-1].types else set()):
            out[-1].listed = _listed_values(out[-1], tool_description)
    return out


# A description opening with a file system path ('The file system path string to ...', 'The path to the log').
_DESCRIBED_PATH_RE = re.compile(r"(?:the|an?)\s+(?:file\s*system\s+|absolute\s+|relative\s+)?path\b", re.IGNORECASE)


def _described_path(description: object) -> set[str]:
    """{'path'} for a parameter whose description opens by calling it a path, whatever its name ('appLocation')."""
    return {"path"} if isinstance(description, str) and _DESCRIBED_PATH_RE.match(description) else set()


def _kinds(name: str) -> set[str]:
    raw = set(split_identifier(name))
    return raw | {w[:-1] for w in raw if w.endswith("s") and len(w) > 3}


def _is_path(value: str) -> bool:
    """A real path ('rtkit/audio.py', '~/data', 'C:/x.csv'), not a compound unit ('J/K') or a fraction."""
    return bool(
        re.match(r"(?:[A-Za-z]:)?[/~.]", value)
        or re.search(r"\.\w{1,5}$", value)
        or value.count("/") > 1
        or re.search(r"[a-z]{3,}/[a-z]{3,}", value)
    )


_CREATING = {"create", "add", "schedule", "make", "write", "send", "set", "new", "save", "note", "remind", "put",
             "plan", "start", "open", "draft", "compose", "post", "record", "log"}  # fmt: skip


def _creating(req: _Request) -> bool:
    """Whether the request makes something new ('Schedule a meeting called ...'): its titles are free text then,
    not the name of something that exists ('Find the game 'Zelda'')."""
    return bool(req.tokens) and any(t.lower in _CREATING for t in req.tokens[:3])


def _is_free_text(param: _Param) -> bool:
    if param.enum is not None or param.schema.get("format"):
        return False
    if "array" in param.types:
        items = param.schema.get("items")
        return isinstance(items, dict) and enum_values(items) is None and not items.get("format")
    return (
        "string" in param.types and bool(param.kinds & _FREE_TEXT_NAMES) and not param.kinds & _PERSON_NAMES - {"name"}
    )


def _free(req: _Request, start: int, end: int) -> bool:
    return not any(start < b and a < end for a, b in req.used_spans)


def _use(req: _Request, start: int, end: int) -> None:
    req.used_spans.append((start, end))


def _role(param: _Param) -> str | None:
    if param.kinds & _FROM_WORDS:
        return "from"
    if param.kinds & _TO_WORDS:
        return "to"
    return None


def _clamp(value: int | float, schema: dict) -> int | float:
    lo, hi = schema.get("minimum"), schema.get("maximum")
    if isinstance(lo, int | float) and not isinstance(lo, bool) and math.isfinite(lo) and value < lo:
        value = lo
    if isinstance(hi, int | float) and not isinstance(hi, bool) and math.isfinite(hi) and value > hi:
        value = hi
    return value


def _is_currency(param: _Param) -> bool:
    """A currency code parameter by its description ('Source currency code', 'ISO 4217')."""
    return bool(re.search(r"\bcurrenc(?:y|ies)\b", param.description)) and not param.kinds & {"amount", "value"}


def _string_items(param: _Param) -> bool:
    """An array of plain strings (given out with the other strings: a list or a single value)."""
    items = param.schema.get("items") if isinstance(param.schema.get("items"), dict) else {}
    return "array" in param.types and (_types(items) or {"string"}) == {"string"} and enum_values(items) is None
