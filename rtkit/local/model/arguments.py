"""Function-call arguments for the rule-based responder, filled from a request and any JSON schema.

Each parameter is filled by what its schema, name and description suggest. Typed values come first:
enum values the request names (or a synonym of them), numbers in digits or words, durations converted
to the unit the name asks for, dates and times in the schema's format, e-mails, URLs, currencies,
countries, places after "in / from / to", people's names, street addresses, identifiers, booleans, and
nested objects filled the same way. Free text (a task, a message, a search phrase, list items) is what
is left of the request once those values and the tool's own words are taken (`free_text`). A value is
only used when it fits the schema's declared types (and enum); parameters that cannot be filled fall
back to the schema's `default`, are omitted when optional, and are reported as missing when required.
"""

from __future__ import annotations

import calendar
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from rtkit.local.model import assign, extract, free_text, identifiers, mentions, places, spans, units
from rtkit.local.text import ENUM_HINTS as _ENUM_HINTS
from rtkit.local.text import STOPWORDS, concept, split_identifier, stem

_PATH_NAMES = {"path", "file", "filename", "filepath", "folder", "directory", "dir", "root", "cwd", "repo"}
_QUERY_NAMES = {"query", "pattern", "text", "term", "keyword", "search", "regex", "q", "needle", "phrase"}
_MONTH_NAMES = {"month", "period"}
_DATE_NAMES = {"date", "since", "until", "after", "before", "day"}
_END_NAMES = {"end", "until", "before", "to", "last"}
_FOLDER_NOUNS = {"folder", "directory", "dir", "package", "module", "repo", "repository", "subfolder", "file"}
_HERE_WORDS = {"current", "this", "working", "root", "top", "whole", "entire", "project", "main"}
_ARTICLES = {"the", "a", "an", "my", "our", "this", "that"}
_PLACE_PREPOSITIONS = {"in", "under", "inside", "within"}
_PREPOSITIONS = _PLACE_PREPOSITIONS | {"for", "of", "from", "at"}
_QUERY_TRIGGERS = re.compile(
    r"\b(?:for|containing|contains|matching|matches|called|named|mentioning|mentions|word|phrase|term)\s+",
    re.IGNORECASE,
)
_QUERY_STOP = re.compile(
    r"[.,;!?]|\s(?:in|inside|within|under|across|throughout|from)\s|\sand\s+(?:give|show|return|tell|list|send|read)\b",
    re.IGNORECASE,
)
_NEGATIONS = {
    "no", "not", "without", "exclude", "excluding", "don", "dont", "skip", "never", "hide", "disable", "deactivate",
    "off", "stop", "mute",
}  # fmt: skip
_GENERIC_FLAG_WORDS = {"include", "show", "is", "only", "use", "enable", "with", "flag", "should", "has", "do"}

_FROM_WORDS = {"from", "source", "origin", "departure", "start", "base"}
_TO_WORDS = {"to", "target", "destination", "arrival", "into"}
_EMAIL_NAMES = {"email", "mail", "recipient", "to", "cc", "bcc", "sender", "attendee", "invitee"}
_URL_NAMES = {"url", "uri", "link", "website", "webpage", "page", "href", "site"}
_TIME_NAMES = {"time", "clock", "hour"}
# With these a 'time' parameter is a period or a zone, not a clock time ('time_frame', 'timezone').
_PERIOD_WORDS = {"zone", "timezone", "frame", "period", "range", "span", "limit", "horizon", "window", "years", "days"}
_PLACE_NAMES = {
    "city", "location", "place", "destination", "origin", "where", "town", "venue", "restaurant", "hotel",
    "airport", "region", "area", "from", "to", "near",
}  # fmt: skip
_PERSON_NAMES = {"name", "person", "contact", "who", "recipient", "attendee"}
_ID_NAMES = {"number", "id", "code", "reference", "ref", "tracking", "sku", "serial", "confirmation"}
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


@dataclass(frozen=True)
class FilledArguments:
    """Arguments for one function call."""

    arguments: dict[str, object]
    """Parameter name → value, every value fitting the parameter's declared types."""
    missing: tuple[str, ...] = ()
    """Required parameters the request gave no value for (and the schema no default)."""
    guessed: tuple[str, ...] = ()
    """Required parameters filled from what was left of the request rather than from words that point to them."""


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


def _types(schema: object, depth: int = 0) -> set[str]:
    if depth > 3 or not isinstance(schema, dict):
        return set()
    t = schema.get("type")
    found = {t} if isinstance(t, str) else {x for x in t if isinstance(x, str)} if isinstance(t, list) else set()
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
        for option in schema.get(key) if isinstance(schema.get(key), list) else ():
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


def _acceptable(value: object, param: _Param) -> bool:
    if value is _MISSING or not fits(value, param.types):
        return False
    if param.enum is not None and not any(_same(value, e) for e in param.enum):
        return False
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
        examples = re.search(r"e\.g\.|for example|such as|for instance", text)
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
                kinds=_kinds(name),
                description=description.lower() if isinstance(description, str) else "",
                required=name in required,
            )
        )
        if out[-1].enum is None and "string" in out[-1].types | ({"string"} if not out[-1].types else set()):
            out[-1].listed = _listed_values(out[-1], tool_description)
    return out


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


def fill_arguments(
    request: str,
    parameters: object,
    *,
    today: date | None = None,
    vocabulary: Iterable[str] = (),
    description: str = "",
    frame: Iterable[str] = (),
) -> FilledArguments:
    """Arguments for a tool whose `parameters` JSON schema may be anything (never raises).

    `vocabulary` holds the tool's own concepts (see `routing.tool_concepts`), which are never taken
    as a path or search phrase; `frame` the words of its name, description and parameter names (not the
    examples parameter descriptions give), which are never taken as a plain value (default: `vocabulary`);
    `description` is the tool's description, which may list the values a parameter takes when its schema has
    no enum.
    """
    tokens = extract.tokenize(request)
    req = _Request(
        text=request,
        tokens=tokens,
        stems=[stem(t.lower) for t in tokens],
        today=today or date.today(),
        vocabulary=set(vocabulary),
    )
    req.frame = set(frame) or req.vocabulary
    req.tool_description = description if isinstance(description, str) else ""
    req.month = extract.month_mention(request, tokens, req.today)
    req.day = extract.iso_date(request, req.today)
    req.found = {
        "emails": mentions.emails(request),
        "urls": mentions.urls(request),
        "times": mentions.times(request),
        "days": mentions.days(request, req.today),
        "addresses": mentions.addresses(request),
    }
    reserved = [span for value, span in extract.paths(request) if _is_path(value)] + extract.quoted_spans(request)
    reserved += [m.span for m in (req.month,) if m] + [d[1] for d in (req.day,) if d]
    reserved += [(m.start, m.end) for kind in ("emails", "urls", "times", "days") for m in req.found[kind]]
    reserved += [(a.start, a.end) for a in req.found["addresses"]]
    req.reading = spans.read(request, reserved)
    req.numbers = [extract.Number(n.value, n.start, n.value_end) for n in req.reading.numbers]  # type: ignore[arg-type]
    req.found["durations"] = mentions.durations(tokens, req.numbers, request)
    return _fill(parameters, req, description if isinstance(description, str) else "")


def _fill(parameters: object, req: _Request, description: str) -> FilledArguments:
    arguments: dict[str, object] = {}
    missing: list[str] = []
    params = _params(parameters, description)
    profiles = {
        p.name: assign.profile(p.name, p.schema, i, p.required, p.types or {"string"}) for i, p in enumerate(params)
    }
    assign.discriminate(list(profiles.values()))
    # Typed values first (enums, dates, e-mails, flags, ...), then numbers and names given out by the schema,
    # then free text, which is what remains of the request once the others are taken.
    values: dict[str, object] = {}
    for param in [p for p in params if _phase(p, req) == 0]:
        values[param.name] = _from_request(param, req)
    assigned = [p for p in params if _phase(p, req) == 1]
    values.update(_assigned(assigned, profiles, req))
    for param in assigned:
        if values.get(param.name, _MISSING) is _MISSING and (
            not _numeric(param) or "year" in param.kinds or _duration_unit(param)
        ):
            values[param.name] = _from_request(param, req)
    for param in [p for p in params if _phase(p, req) == 3]:  # nested objects take what the top level left
        values[param.name] = _from_request(param, req)
    for param in [p for p in params if _phase(p, req) == 2]:
        values[param.name] = _from_request(param, req)
    for param in params:
        value = values.get(param.name, _MISSING)
        if not _acceptable(value, param):
            value = param.schema.get("default", _MISSING)
            if value is None and not param.required:
                value = _MISSING
        if value is _MISSING and param.required and param.types == {"boolean"}:
            value = _stated_default(param)
        if value is _MISSING and param.required and _asks_texts_language(param):
            value = "English"  # the language of a text the request gives, which this reader only reads in English
        if _acceptable(value, param):
            arguments[param.name] = value
            if isinstance(value, str):
                req.used_strings.add(value.lower())
        elif param.required:
            missing.append(param.name)
    order = [p.name for p in params]
    guessed = tuple(p.name for p in params if p.name in req.guessed and p.name in arguments and p.required)
    return FilledArguments(dict(sorted(arguments.items(), key=lambda kv: order.index(kv[0]))), tuple(missing), guessed)


_DEFAULT_RE = re.compile(r"\bdefaults?(?:\s+(?:is|to|value is))?[:\s]+['\"]?(true|false)\b", re.IGNORECASE)


def _asks_texts_language(param: _Param) -> bool:
    """A language parameter for the language a given text is written in ('The language in which the text is
    written'), not a target language to translate into."""
    return bool(param.kinds & {"language", "lang"}) and bool(
        re.search(r"\b(?:written|text|input)\b", param.description)
    )


def _stated_default(param: _Param) -> object:
    """A required flag the request says nothing about: the default its description states, else true (a flag is
    there to ask for something: 'include details', 'want the year')."""
    m = _DEFAULT_RE.search(param.description)
    return m.group(1).lower() == "true" if m else True


def _numeric(param: _Param) -> bool:
    """A plain number parameter, given a number of the request by `assign` (not a month, year or duration)."""
    if param.enum is not None or not param.types & {"integer", "number"} or param.types & {"string", "array"}:
        return False
    return "month" not in param.kinds or "months" in param.kinds


def _is_currency(param: _Param) -> bool:
    """A currency code parameter by its description ('Source currency code', 'ISO 4217')."""
    return bool(re.search(r"\bcurrenc(?:y|ies)\b", param.description)) and not param.kinds & {"amount", "value"}


def _special_string(param: _Param, req: _Request) -> bool:
    """A string parameter with a kind of its own: a date, time, e-mail, URL, currency, country, path, query,
    address part, or a free-text field (message, title, task) read from what is left of the request."""
    if identifiers.spoken_identifier(req.text, param.name, param.schema) is not None:
        return True  # a code read out character by character: _string puts it together
    kinds, fmt = param.kinds, param.schema.get("format")
    if fmt or kinds & ({"datetime", "timestamp", "currency"} | _DATE_NAMES | _MONTH_NAMES):
        return True
    if _is_currency(param):
        return True
    if kinds & _TIME_NAMES and not kinds & _PERIOD_WORDS:
        return True
    if kinds & (_EMAIL_NAMES - {"to"}) or kinds & _URL_NAMES or kinds & _PATH_NAMES:
        return True
    if "to" in kinds and ("email" in param.description or req.found.get("emails")):
        return True
    if kinds & _ADDRESS_PARTS.keys() and (req.found.get("addresses") or not kinds & {"city", "town"}):
        return True
    if "4217" in param.description or "yyyy" in param.description and "format" not in kinds or param.listed:
        return True
    named = {"name", "item", "word", "term", "keyword", "phrase"} | (set() if _creating(req) else {"title", "label"})
    return bool(kinds & (_FREE_TEXT_NAMES - named))


_CREATING = {"create", "add", "schedule", "make", "write", "send", "set", "new", "save", "note", "remind", "put",
             "plan", "start", "open", "draft", "compose", "post", "record", "log"}  # fmt: skip


def _creating(req: _Request) -> bool:
    """Whether the request makes something new ('Schedule a meeting called ...'): its titles are free text then,
    not the name of something that exists ('Find the game 'Zelda'')."""
    return bool(req.tokens) and any(t.lower in _CREATING for t in req.tokens[:3])


def _phase(param: _Param, req: _Request) -> int:
    """0: typed values read on their own; 1: numbers and names given out together by `assign`; 3: nested
    objects; 2: free text."""
    if "object" in param.types and isinstance(param.schema.get("properties"), dict):
        return 3
    if (
        param.enum is not None
        or "object" in param.types
        or "boolean" in param.types
        and not param.types & {"string", "integer", "number"}
    ):
        return 0
    if _numeric(param):
        return 1
    if "array" in param.types:
        items = param.schema.get("items")
        items = items if isinstance(items, dict) else {}
        if enum_values(items) is not None or items.get("format") or param.kinds & _EMAIL_NAMES:
            return 0
        return 1
    if "string" in param.types or not param.types:
        if _special_string(param, req):
            return 2 if _is_free_text(param) else 0
        return 1
    return 0


_AT_REST_RE = re.compile(r"\b(?:from|at) rest\b|\bdropped\b|\bstationary\b|\bstanding still\b", re.IGNORECASE)


def _assigned(params: list[_Param], profiles: dict[str, assign.Profile], req: _Request) -> dict[str, object]:
    """Values for plain numbers, names, codes and lists, given out together by what each schema says."""
    reading = req.reading
    if reading is None or not params:
        return {}
    out: dict[str, object] = {}
    arrays = [p for p in params if "array" in p.types and not _string_items(p)]
    for param in arrays:
        value = _list_value(param, profiles[param.name], req)
        if value is not _MISSING:
            out[param.name] = value
    numeric = [profiles[p.name] for p in params if _numeric(p)]
    if numeric:
        found = [n for n in reading.numbers if _free(req, n.start, n.value_end)]
        found += [n for n in spans.periods(req.text) if _free(req, n.start, n.end) and not any(
            f.start < n.end and n.start < f.end for f in found)]  # fmt: skip
        scores = {(p.name, k): assign.number_score(p, reading, n) for p in numeric for k, n in enumerate(found)}
        for (name, k), bonus in assign.parallel(numeric, reading, found).items():
            scores[(name, k)] += bonus
        assign.prefer_measured(numeric, found, scores)
        assign.coordinated(reading, found, scores, numeric)
        chosen = assign.assign(numeric, found, scores)
        assign.part_and_whole(numeric, chosen)
        req.guessed.update(n for n, c in chosen.items() if c.score < assign.EVIDENCE)
        for p in sorted(numeric, key=lambda q: q.index):  # leftover numbers for optional parameters, in order
            if p.name in chosen or p.required:
                continue
            taken = {id(c.span) for c in chosen.values()}
            left = [k for k, n in enumerate(found) if id(n) not in taken and scores[(p.name, k)] >= 0]
            if left:
                chosen[p.name] = assign.Choice(p.name, found[left[0]], scores[(p.name, left[0])])
        by_name = {p.name: p for p in params}
        for p in numeric:
            if p.name not in chosen and p.required and p.dimension == "speed" and _AT_REST_RE.search(req.text):
                out[p.name] = 0  # 'started from rest', 'dropped': no initial speed
        for p in numeric:
            if p.name not in chosen and req.found.get("times") and p.words & {"hour", "minute"}:
                clock = re.search(r"(\d{1,2})(?::(\d{2}))?", req.text[req.found["times"][0].start :])
                if clock:  # '6:30 PM': the hour and minutes as said
                    out[p.name] = int(clock.group(1) if "hour" in p.words else clock.group(2) or 0)
        for name, choice in chosen.items():
            value = assign.number_value(profiles[name], choice.span)
            out[name] = _clamp(value, by_name[name].schema)
            _use(req, choice.span.start, choice.span.value_end)  # its unit may still name an enum value
    strings = [profiles[p.name] for p in params if p not in arrays and not _numeric(p)]
    if strings:
        out.update(_assigned_strings(strings, req, reading))
    return out


def _assigned_strings(strings: list[assign.Profile], req: _Request, reading: spans.Reading) -> dict[str, object]:
    wants_numbers = any(p.kind == "id" or p.words & {"year", "season", "zip"} for p in strings)
    found = [s for s in reading.quoted + reading.codes + reading.names if _free(req, s.start, s.end)]
    for name in [n for n in reading.names if n.qualifier and _free(req, n.start, n.end)]:
        head = str(name.value).split(",")[0]
        found.append(spans.Span("name", head, name.start, name.start + len(head), head, qualifier="head"))
        where = name.end - len(name.qualifier)
        found.append(spans.Span("name", name.qualifier, where, name.end, name.qualifier, qualifier="region"))
    if any(p.kind == "expression" for p in strings):
        found += [e for e in reading.expressions if _free(req, e.start, e.end)]
    if any(p.kind == "unit" for p in strings):
        found += [u for u in spans.unit_words(reading) if _free(req, u.start, u.end)]
    found += spans.phrases(reading, req.frame, req.used_spans + [(s.start, s.end) for s in found])
    for p in strings:  # values a description gives as examples, where the request names them ('dynamic')
        for value in assign.examples(p):
            for start, end in _named_at(value, req):
                if _free(req, start, end):
                    found.append(spans.Span("phrase", value, start, end, req.text[start:end], qualifier=p.name))
    found += [q for q in spans.quantity_phrases(reading) if _free(req, q.start, q.end)]
    place_wanted = any(p.kind in ("place", "zone") for p in strings)
    if any("country" in p.words for p in strings):
        found += [d for d in spans.demonyms(reading) if _free(req, d.start, d.end)]
    if wants_numbers:
        found += [
            spans.Span("number", n.text.strip(), n.start, n.end, n.text)
            for n in reading.numbers
            if _free(req, n.start, n.end) and not n.unit and not n.currency
        ]
    found = sorted(
        (
            s
            for s in found
            if s.qualifier in ("head", "region") or not any(_inside(s, t) for t in found if t.kind != "phrase")
        ),
        key=lambda s: (s.start, -s.end),
    )
    if any(p.array for p in strings):
        found += spans.groups(reading, [s for s in found if s.kind in ("phrase", "name", "quoted", "code")])
        found += [s for s in reading.lists if _free(req, s.start, s.end) and all(isinstance(v, str) for v in s.value)]  # type: ignore[union-attr]
        found = sorted(found, key=lambda s: (s.start, -s.end))
    scores = {
        (p.name, k): assign.string_score(p, reading, s, place_wanted) for p in strings for k, s in enumerate(found)
    }
    for p in (p for p in strings if p.array):  # a list scores at least as well as its best member
        for k, s in enumerate(found):
            if s.kind == "list":
                inner = [scores[(p.name, i)] for i, t in enumerate(found) if t.kind != "list" and _inside(t, s)]
                scores[(p.name, k)] = max([scores[(p.name, k)], *[v + 0.5 for v in inner]])
    assign.coordinated(reading, found, scores, strings)
    chosen = assign.assign(strings, found, scores, floor=-0.5)
    req.guessed.update(n for n, c in chosen.items() if c.score < assign.EVIDENCE)
    out: dict[str, object] = {}
    for p in strings:
        choice = chosen.get(p.name)
        if choice is None:
            continue
        if p.array:
            chosen_value = choice.span.value
            out[p.name] = [str(v) for v in chosen_value] if isinstance(chosen_value, list) else [str(chosen_value)]
            _use(req, choice.span.start, choice.span.end)
            continue
        value = str(choice.span.value)
        if p.kind in ("place", "zone"):
            value = assign.place_value(p, choice.span)
            if "country" in p.words and re.search(r"\bcode\b|\biso\b|two-letter|2-letter", p.description.lower()):
                country = next((c for c in places.lookup(value) if c.kind == "country"), None)
                value = country.country if country else value  # 'Germany' → 'DE' when a code is asked for
        elif p.kind == "person" and choice.span.kind == "phrase":  # a lower-case transcript: 'sarah connor's'
            value = " ".join(w[:1].upper() + w[1:] for w in re.sub(r"['’]s$", "", value).split())
        out[p.name] = value
        _use(req, choice.span.start, choice.span.end)
    for p in strings:  # 'crime in San Francisco' gives the state a 'state' parameter asks for too
        if p.name not in out and p.kind == "place" and p.words & {"state", "country", "region", "province"}:
            region = assign.region_value(p, [str(v) for v in out.values()] + [str(n.value) for n in reading.names])
            if region:
                out[p.name] = region
    return out


def _string_items(param: _Param) -> bool:
    """An array of plain strings (given out with the other strings: a list or a single value)."""
    items = param.schema.get("items") if isinstance(param.schema.get("items"), dict) else {}
    return "array" in param.types and (_types(items) or {"string"}) == {"string"} and enum_values(items) is None


def _inside(span: spans.Span, other: spans.Span) -> bool:
    """Whether `span` lies within a longer `other` span."""
    return (
        span is not other
        and other.start <= span.start
        and span.end <= other.end
        and other.end - other.start > span.end - span.start
    )


def _list_value(param: _Param, profile: assign.Profile, req: _Request) -> object:
    """A list the request writes out ('[1, 2, 3]', '85, 90 and 88', "'Age', 'Income'"), or a coordinate pair."""
    reading = req.reading
    if reading is None:
        return _MISSING
    items = param.schema.get("items") if isinstance(param.schema.get("items"), dict) else {}
    item_types = _types(items) or {"string"}
    lists = [s for s in reading.lists + reading.pairs if _free(req, s.start, s.end)]
    if "array" in item_types:  # a list of pairs: every pair the request writes
        table = next((s for s in reading.nested if _free(req, s.start, s.end)), None)
        if table is not None:
            _use(req, table.start, table.end)
            return table.value
        pairs = [s for s in reading.pairs if _free(req, s.start, s.end)]
        if pairs:
            for s in pairs:
                _use(req, s.start, s.end)
            return [s.value for s in pairs]
        return _MISSING
    numeric = bool(item_types & {"integer", "number"})
    fitting = [
        s for s in lists
        if isinstance(s.value, list) and all(isinstance(v, int | float) == numeric for v in s.value)
        and (numeric or all(isinstance(v, str) for v in s.value))
    ]  # fmt: skip
    if not fitting:
        return _MISSING
    best = max(fitting, key=lambda s: (assign.string_score(profile, reading, s) + 3.0, -s.start))
    _use(req, best.start, best.end)
    values = list(best.value) if isinstance(best.value, list) else []
    if "integer" in item_types and "number" not in item_types:
        if not all(float(v).is_integer() for v in values):
            return _MISSING
        values = [int(v) for v in values]
    return values


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


_TARGET_WORDS = ("to", "into", "in", "as")


def _pick(param: _Param, req: _Request, found: list[mentions.Mention]) -> mentions.Mention | None:
    """The unused mention for this parameter: by role when its name has one, else the first.

    A source ('from_currency', 'origin') is the mention after 'from', else the one right after the amount
    ('250 dollars to euros'); a target is the one after 'to' / 'into' / 'in' ('how many pounds is 3.5 kg':
    the other one).
    """
    free = [m for m in found if _free(req, m.start, m.end)]
    if not free:
        return None
    role = _role(param)
    if role == "from":
        after_number = {n.end for n in req.numbers}
        chosen = next((m for m in free if m.before == "from"), None)
        chosen = chosen or next((m for m in free if len(req.text[: m.start].rstrip()) in after_number), None)
        chosen = chosen or next((m for m in free if m.before not in _TARGET_WORDS), free[0])
    elif role == "to":
        chosen = next((m for m in free if m.before in _TARGET_WORDS), free[-1])
    else:
        chosen = free[0]
    _use(req, chosen.start, chosen.end)
    return chosen


def placeholder(parameters: object, name: str) -> object:
    """A value of the right type for a required parameter the request did not give (forced calls)."""
    for param in _params(parameters):
        if param.name != name:
            continue
        candidates: list[object] = list(param.enum or [])
        if param.kinds & _PATH_NAMES:
            candidates.append(".")
        candidates += ["", 0, False, [], {}, None]
        for value in candidates:
            if _acceptable(value, param):
                return value
        return _MISSING
    return _MISSING


def is_missing(value: object) -> bool:
    return value is _MISSING


def _from_request(param: _Param, req: _Request) -> object:
    """The value the request gives for one parameter, or _MISSING."""
    types = param.types
    if param.enum is not None:
        return _enum_value(param, req)
    if "object" in types and req.reading is not None:
        written = next((d for d in req.reading.dicts if _free(req, d.start, d.end)), None)
        props = param.schema.get("properties")
        if (
            written is not None
            and isinstance(written.value, dict)
            and (not isinstance(props, dict) or set(written.value) <= set(props))
        ):
            _use(req, written.start, written.end)  # "'name': 'John Doe', 'email': '...'" as written
            return dict(written.value)
    if "object" in types and isinstance(param.schema.get("properties"), dict):
        filled = _fill(param.schema, req, "")
        return filled.arguments if filled.arguments and not filled.missing else _MISSING
    if "array" in types:
        return _array(param, req)
    if "boolean" in types and not types & {"string", "integer", "number"}:
        return _flag(param, req)
    if param.kinds & _MONTH_NAMES and types & {"integer", "number"} and "string" not in types:
        return req.month.month if req.month else _MISSING
    if "year" in param.kinds and types & {"integer", "number"} and "string" not in types:
        return req.month.year if req.month else _MISSING
    if types & {"integer", "number"} and "string" not in types:
        unit = _duration_unit(param)
        return _duration(param, req, unit) if unit else _number(param, req)
    if "string" in types or not types:
        return _string(param, req)
    return _MISSING


def _array(param: _Param, req: _Request) -> object:
    items = param.schema.get("items") if isinstance(param.schema.get("items"), dict) else {}
    values = enum_values(items)
    if values:
        found = _mentioned(values, req)
        return found if found else _MISSING
    if items.get("format") == "email" or param.kinds & _EMAIL_NAMES:
        found = [m for m in req.found["emails"] if _free(req, m.start, m.end)]
        for m in found:
            _use(req, m.start, m.end)
        return [m.value for m in found] or _MISSING
    if "string" in _types(items) or not items:
        quotes = [
            q
            for q, span in zip(extract.quoted(req.text), extract.quoted_spans(req.text), strict=True)
            if _free(req, *span)
        ]
        if len(quotes) > 1:
            return quotes
        left = free_text.remainder(req.text, req.used_spans, req.vocabulary)
        if left:
            _use(req, *left[1])
            return free_text.items(left[0]) or _MISSING
    return _MISSING


def _duration_unit(param: _Param) -> int | None:
    """Seconds per unit for a duration parameter ('duration_seconds', 'days', 'minutes'), else None."""
    for word in sorted(param.kinds):
        if word in _DURATION_UNITS:
            return _DURATION_UNITS[word]
    if param.kinds & {"duration", "length", "timeout", "delay", "interval"}:
        for word, unit in _DURATION_UNITS.items():
            if re.search(rf"\b{word}\b", param.description):
                return unit
    return None


def _duration(param: _Param, req: _Request, unit: int) -> object:
    for m in req.found["durations"]:
        if _free(req, m.start, m.end):
            _use(req, m.start, m.end)
            req.used_numbers.update(k for k, n in enumerate(req.numbers) if m.start <= n.start < m.end)
            value = m.value / unit
            return _clamp(int(value) if float(value).is_integer() else value, param.schema)
    return _number(param, req)


def _mentioned(values: list, req: _Request) -> list:
    """Enum values the request mentions, in the order it mentions them."""
    found: list[tuple[int, int, object]] = []
    for k, value in enumerate(values):
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            pos = next((n.start for n in req.numbers if n.value == value), None)
        elif isinstance(value, str):
            places = _named_at(value, req)
            pos = places[0][0] if places else None
        else:
            pos = None
        if pos is not None:
            found.append((pos, k, value))
    return [v for _, _, v in sorted(found, key=lambda f: (f[0], f[1]))]


def _phrase_position(phrase: str, req: _Request) -> int | None:
    target = [stem(w) for w in re.findall(r"[a-z0-9]+", phrase.lower())]
    if not target:
        return None
    n = len(target)
    for i in range(len(req.stems) - n + 1):
        if req.stems[i : i + n] == target:
            return req.tokens[i].start
    return None


def _phrase_span(phrase: str, req: _Request, start: int) -> tuple[int, int]:
    n = max(1, len(re.findall(r"[a-z0-9]+", phrase.lower())))
    k = next(i for i, t in enumerate(req.tokens) if t.start == start)
    return start, req.tokens[min(k + n, len(req.tokens)) - 1].end


def _named_at(value: str, req: _Request) -> list[tuple[int, int]]:
    """Where the request names an enum value: the value itself, an everyday word for it ('feet' for 'foot'),
    the same unit in another spelling ('miles' for 'mi'), the same currency ('yen' for 'JPY'), a place in the
    value's time zone ('Tokyo' for 'Asia/Tokyo'), or a longer word the value abbreviates ('ascending' for 'asc')."""
    spots: list[tuple[int, int]] = []
    for phrase in (value, *_ENUM_HINTS.get(value.lower(), ())):
        pos = _phrase_position(phrase, req)
        if pos is not None:
            spots.append(_phrase_span(phrase, req, pos))
    if spots:
        return spots
    reading = req.reading
    unit = units.unit(value)
    if unit is not None and reading is not None and (len(value) > 1 or value in ("m", "s", "g", "K", "C", "F")):
        spots += [
            (u.start, u.end) for u in spans.unit_words(reading) if u.unit is not None and u.unit.symbol == unit.symbol
        ]
    if re.fullmatch(r"[A-Z]{3}", value):
        spots += [(m.start, m.end) for m in mentions.currencies(req.text) if m.value == value]
    if "/" in value and places.is_zone(value):
        spots += [(a, b) for a, b, found in places.names_in(req.text) if any(p.zone == value for p in found)]
    low = value.lower()
    if not spots and 3 <= len(low) <= 5 and low.isalpha():
        spots += [(t.start, t.end) for t in req.tokens if t.lower.startswith(low) and len(t.lower) >= len(low) + 2]
    return sorted(spots)


def _enum_mentions(values: list, req: _Request) -> list[mentions.Mention]:
    """Enum values the request names, as mentions (see `_named_at`)."""
    found = []
    for k, value in enumerate(values):
        if not isinstance(value, str):
            continue
        for start, end in _named_at(value, req):
            found.append((start, k, mentions.Mention(value, start, end, mentions.word_before(req.text, start))))
    found.sort(key=lambda f: (f[0], f[1]))
    return [m for _, _, m in found]


def _enum_value(param: _Param, req: _Request) -> object:
    if all(isinstance(v, str) for v in param.enum or []):
        found = _enum_mentions(param.enum or [], req)
        if len({m.value for m in found}) > 1 and _role(param) is None and req.reading is not None:
            # 'an annual rate of 5% compounded monthly': the value named next to the parameter's own words
            profile = assign.profile(param.name, param.schema, 0, param.required, param.types)
            near = {id(m): assign.context(profile, req.reading, m.start, m.end) for m in found}
            best = max(near.values())
            found = [m for m in found if near[id(m)] == best] if best > 0 else found
        chosen = _pick(param, req, found)
        return chosen.value if chosen else _MISSING
    found = _mentioned(param.enum or [], req)
    return found[0] if found else _MISSING


_PAIRS = (("on", "off"), ("enable", "disable"), ("enabled", "disabled"), ("open", "close"), ("opened", "closed"),
          ("lock", "unlock"), ("locked", "unlocked"), ("start", "stop"), ("show", "hide"), ("include", "exclude"),
          ("activate", "deactivate"), ("visible", "hidden"), ("active", "inactive"), ("public", "private"))  # fmt: skip
_OPPOSITES = {a: b for a, b in _PAIRS} | {b: a for a, b in _PAIRS}
_TRUE_FALSE_RE = re.compile(r"\b(true|false)\s+(?:to|if|when|=|means)?\s*([a-z -]+)", re.IGNORECASE)
_ON_WORDS = {"enable", "enabled", "activate", "yes", "true"}
_OFF_WORDS = {"disable", "disabled", "deactivate", "no", "false"}


def _flag(param: _Param, req: _Request) -> object:
    words = {t.lower for t in req.tokens}
    # 'True to lock, false to unlock': the words that tell the two apart.
    clauses = {m.group(1).lower(): set(m.group(2).split()) for m in _TRUE_FALSE_RE.finditer(param.description)}
    if len(clauses) == 2:
        yes, no = clauses["true"] - clauses["false"], clauses["false"] - clauses["true"]
        if words & no:
            return False
        if words & yes:
            return True
    keys = param.words - {stem(w) for w in _GENERIC_FLAG_WORDS}
    opposites = {stem(_OPPOSITES[w]) for w in param.kinds if w in _OPPOSITES}
    if opposites and set(req.stems) & opposites:
        return False  # 'switch off' for an 'on' flag, 'unlock' for 'locked'
    for i, s in enumerate(req.stems):
        if s in keys or len(s) >= 5 and keys and assign.matches(s, keys):
            around = {t.lower for t in req.tokens[max(0, i - 3) : i]} | {t.lower for t in req.tokens[i + 1 : i + 2]}
            return not (around & _NEGATIONS)
        if any(s == prefix + k for k in keys for prefix in ("un", "dis", "no")):
            return False
    if keys and words & _OFF_WORDS:
        return _MISSING if not any(k in " ".join(words) for k in keys) else False
    return _MISSING


_CURRENCY_STEMS = {stem(w) for w in ("dollars", "dollar", "usd", "bucks", "euros", "pounds")}
_MONEY_PARAM_STEMS = {stem(w) for w in ("income", "amount", "price", "cost", "value", "budget", "salary", "spend")}


def _number(param: _Param, req: _Request) -> object:
    integer_only = "integer" in param.types and "number" not in param.types
    candidates = [k for k, n in enumerate(req.numbers) if k not in req.used_numbers]
    # For a money parameter an amount said with its currency ('four thousand dollars') comes first; then a
    # number right next to one of the parameter's own words ('limit 5', '5 lines'); then the rest in order.
    money = bool(param.words & _MONEY_PARAM_STEMS)

    def rank(k: int) -> int:
        near = _neighbour_stems(req.numbers[k], req)
        return 0 if money and near & _CURRENCY_STEMS else 1 if near & param.words else 2

    candidates.sort(key=rank)
    for k in candidates:
        value = _clamp(req.numbers[k].value, param.schema)
        if integer_only and not (isinstance(value, int) or float(value).is_integer()):
            continue
        value = int(value) if integer_only else value
        if fits(value, param.types):
            req.used_numbers.add(k)
            return value
    return _MISSING


def _neighbour_stems(number: extract.Number, req: _Request) -> set[str]:
    inside = [i for i, t in enumerate(req.tokens) if number.start <= t.start < number.end]
    if not inside:
        return set()
    out = {req.stems[inside[0] - 1]} if inside[0] > 0 else set()
    if inside[-1] + 1 < len(req.stems):
        out.add(req.stems[inside[-1] + 1])
    return out


def _clamp(value: int | float, schema: dict) -> int | float:
    lo, hi = schema.get("minimum"), schema.get("maximum")
    if isinstance(lo, int | float) and not isinstance(lo, bool) and math.isfinite(lo) and value < lo:
        value = lo
    if isinstance(hi, int | float) and not isinstance(hi, bool) and math.isfinite(hi) and value > hi:
        value = hi
    return value


def _string(param: _Param, req: _Request) -> object:
    kinds, description, fmt = param.kinds, param.description, param.schema.get("format")
    said = identifiers.spoken_identifier(req.text, param.name, param.schema)  # codes read out character by character
    if said is not None and _free(req, said.start, said.end):
        _use(req, said.start, said.end)
        return said.value
    if fmt == "date-time" or kinds & {"datetime", "timestamp"}:
        return _date_time(param, req)
    if kinds & _TIME_NAMES and not kinds & _PERIOD_WORDS:
        chosen = _pick(param, req, req.found["times"])
        if chosen and re.search(r"\d\s*[ap]\.?m\b", description) and not re.search(r"hh:mm|24", description):
            return re.sub(r"\s+", "", req.text[chosen.start : chosen.end]).lower()  # as the example writes it: '3pm'
        return chosen.value if chosen else _MISSING
    is_date = bool(kinds & _DATE_NAMES) or fmt in ("date",)
    is_date = is_date or "yyyy-mm-dd" in description
    if is_date or kinds & _MONTH_NAMES or "yyyy-mm" in description:
        return _date_string(param, req, full_date=is_date)
    if param.listed:
        listed = _pick(param, req, _enum_mentions(param.listed, req))  # 'from' and 'to' ends as for enums
        if listed:
            return listed.value
        if not param.required:
            return _MISSING  # one of the listed options, and the request names none
    if fmt == "email" or kinds & _EMAIL_NAMES and req.found["emails"]:
        chosen = _pick(param, req, req.found["emails"])
        return chosen.value if chosen else _MISSING
    if fmt in ("uri", "url") or kinds & _URL_NAMES:
        chosen = _pick(param, req, req.found["urls"])
        if not chosen:
            return _MISSING
        url = str(chosen.value)
        return url if "://" in url or fmt not in ("uri", "url") else "https://" + url
    if "currency" in kinds or "4217" in description or _is_currency(param):
        chosen = _pick(param, req, mentions.currencies(req.text))
        return chosen.value if chosen else _MISSING
    if "country" in kinds:
        chosen = _pick(param, req, mentions.countries(req.text))
        if not chosen:
            return _MISSING
        coded = "code" in description or "iso" in description or "code" in kinds
        return chosen.value if coded else mentions.COUNTRY_NAMES.get(str(chosen.value), chosen.value)
    part = next((_ADDRESS_PARTS[k] for k in kinds if k in _ADDRESS_PARTS), None)
    if part and req.found["addresses"]:
        address = req.found["addresses"][0]
        value = getattr(address, part)
        return value if value else _MISSING
    if kinds & _PATH_NAMES:
        return _path(req)
    if kinds & _QUERY_NAMES - {"text"}:
        return _query(req)
    quoted = _quoted(req) if not kinds & {"language", "lang", "locale"} else None
    if quoted is not None:
        return quoted
    if kinds & _ID_NAMES:
        chosen = _pick(param, req, mentions.identifiers(req.text))
        if chosen:
            return chosen.value
    if kinds & _PERSON_NAMES and not kinds & _PLACE_NAMES:
        named = free_text.called(req.text, req.used_spans)
        chosen = _pick(param, req, mentions.names(req.text)) if not named else None
        if named or chosen:
            return named[0] if named else chosen.value
    if kinds & _PLACE_NAMES:
        chosen = _place(param, req)
        if chosen is not None:
            return chosen
    # 'branch main', 'symbol AAPL': the word after the parameter's own name.
    for i, s in enumerate(req.stems[:-1]):
        if (
            s in param.words
            and req.tokens[i + 1].lower not in STOPWORDS
            and _free(req, req.tokens[i + 1].start, req.tokens[i + 1].end)
        ):
            _use(req, req.tokens[i + 1].start, req.tokens[i + 1].end)
            return req.tokens[i + 1].text
    if kinds & {"symbol", "ticker"}:
        caps = [t.text for t in req.tokens if t.text.isupper() and 1 < len(t.text) <= 5]
        return caps[0] if caps else _MISSING
    if kinds & _FREE_TEXT_NAMES:
        return _free_text(param, req)
    return _MISSING


def _quoted(req: _Request) -> str | None:
    for q in req.reading.quoted if req.reading is not None else []:
        if _free(req, q.start, q.end):
            _use(req, q.start, q.end)
            return str(q.value)
    return None


def _place(param: _Param, req: _Request) -> object:
    found = mentions.places(req.text)
    role = _role(param)
    if role == "from":
        found = [m for m in found if m.before == "from"]
    elif role == "to":
        found = [m for m in found if m.before in ("to", "into")]
    else:
        found = [m for m in found if m.before not in ("from", "to")] or found
    chosen = _pick(param, req, found) or (None if role else _pick(param, req, mentions.names(req.text)))
    return chosen.value if chosen else None


def _free_text(param: _Param, req: _Request) -> object:
    """A title, label, task, message or search phrase: quoted, marked out ('called X', 'saying X') or what is
    left."""
    quoted = _quoted(req)
    if quoted is not None:
        return quoted
    named = free_text.called(req.text, req.used_spans)
    if named is None and param.kinds & {"message", "body", "content", "note"}:
        named = free_text.message(req.text, req.used_spans)
    if named is None and param.required:
        named = free_text.remainder(
            req.text, req.used_spans, req.vocabulary, sentence=bool(param.kinds & _SENTENCE_NAMES)
        )
        if named is not None and not _creating(req):
            req.guessed.add(param.name)  # what was left of a request that asks for something, not a new text
    if named is None:
        return _MISSING
    _use(req, *named[1])
    if param.kinds & _PERSON_NAMES:  # a name from a lower-case transcript: "sarah connor's" → "Sarah Connor"
        name = re.sub(r"['’]s$", "", named[0])
        return " ".join(w[:1].upper() + w[1:] for w in name.split()) if name.islower() else name
    return named[0]


def _date_time(param: _Param, req: _Request) -> object:
    day = _pick(param, req, req.found["days"])
    clock = _pick(param, req, req.found["times"])
    if day is None and clock is None:
        return _MISSING
    when = day.value if day else req.today
    return f"{when.isoformat()}T{clock.value if clock else '09:00'}:00"


_DAY_FORMATS = {
    "dd/mm/yyyy": "%d/%m/%Y", "mm/dd/yyyy": "%m/%d/%Y", "dd.mm.yyyy": "%d.%m.%Y", "yyyymmdd": "%Y%m%d",
    "mm-dd-yyyy": "%m-%d-%Y", "dd-mm-yyyy": "%d-%m-%Y", "yyyy/mm/dd": "%Y/%m/%d", "month-day-year": "%m-%d-%Y",
    "day-month-year": "%d-%m-%Y",
}  # fmt: skip


def _day_format(day: date, description: str) -> str:
    """A day in the format the parameter's description asks for (ISO 8601 unless it names another)."""
    written = re.sub(r"y{2,4}", "yyyy", description.replace(" ", "").lower())  # 'MM-DD-YYY' is a typo of YYYY
    fmt = next((f for pattern, f in _DAY_FORMATS.items() if pattern in written), None)
    return day.strftime(fmt) if fmt else day.isoformat()


_STAY_RE = re.compile(r"\b(\d+|[a-z]+)\s+(nights?|days?)\b", re.IGNORECASE)


def _date_string(param: _Param, req: _Request, full_date: bool) -> object:
    if full_date:
        stay = _STAY_RE.search(req.text)
        ends = param.kinds & (_END_NAMES | {"out", "checkout", "return"})
        if ends and stay and len(req.found["days"]) == 1:  # '3 nights starting from June 1': the end is June 4
            count = next((n.value for n in req.numbers if n.start == stay.start()), None)
            if isinstance(count, int) and 0 < count < 400:
                start = req.found["days"][0].value
                return _day_format(start + timedelta(days=count), param.description)
        chosen = _pick(param, req, req.found["days"])
        if chosen:
            return _day_format(chosen.value, param.description)
        if req.day:
            return _day_format(req.day[0], param.description)
        if req.month and date.min.year <= req.month.year <= date.max.year:
            y, m = req.month.year, req.month.month
            day = calendar.monthrange(y, m)[1] if param.kinds & _END_NAMES else 1
            return _day_format(date(y, m, day), param.description)
        return _MISSING
    if req.month is None:
        return _MISSING
    spelled = any(m.lower() in param.description for m in calendar.month_name[1:]) or "name" in param.description
    if not spelled or "yyyy-mm" in param.description or "yyyy-mm" in req.tool_description.lower():
        return f"{req.month.year:04d}-{req.month.month:02d}"
    return calendar.month_name[req.month.month]  # 'in December' for a month asked for by name


def _path(req: _Request) -> object:
    quotes = extract.quoted(req.text)
    if quotes:
        return quotes[0]
    text = extract.speech_to_path_text(req.text)
    found = extract.paths(text)
    if found:
        return found[0][0]
    raw = [m.group().rstrip(".") for m in re.finditer(r"[\w./~-]*\w[\w./~-]*", text)]
    lower = [w.lower() for w in raw]

    def usable(w: str) -> bool:
        return (
            w not in STOPWORDS
            and w not in _FOLDER_NOUNS
            and concept(w) not in req.vocabulary
            and w not in req.used_strings
        )

    for i, w in enumerate(lower):
        if w not in _FOLDER_NOUNS:
            continue
        if i > 0 and lower[i - 1] in _HERE_WORDS:  # 'this folder', 'the current directory'
            return "."
        if i > 0 and usable(lower[i - 1]) and not lower[i - 1].isdigit():  # 'the rtkit folder'
            return raw[i - 1]
        j = i + 1 + (i + 1 < len(lower) and lower[i + 1] in ("called", "named"))
        if j < len(lower) and usable(lower[j]):  # 'the folder called rtkit'
            return raw[j]
    # 'the code in rtkit' (places first: 'search for TODO in rtkit')
    for i, w in sorted(enumerate(lower), key=lambda iw: (iw[1] not in _PLACE_PREPOSITIONS, iw[0])):
        if w in _PREPOSITIONS:
            j = i + 1
            while j < len(lower) and lower[j] in _ARTICLES:
                j += 1
            if j < len(lower) and usable(lower[j]) and lower[j] not in extract.MONTHS:
                return raw[j]
    return _MISSING


def _query(req: _Request) -> object:
    quotes = extract.quoted(req.text)
    if quotes:
        return quotes[0]
    m = _QUERY_TRIGGERS.search(req.text)
    if m:
        rest = req.text[m.end() :]
        stop = _QUERY_STOP.search(" " + rest)
        phrase = (rest[: max(stop.start() - 1, 0)] if stop else rest).strip()
        kept = phrase.split()
        while kept and kept[0].lower() in _ARTICLES:
            kept.pop(0)
        if kept:
            return " ".join(kept)
    left = free_text.remainder(req.text, req.used_spans, req.vocabulary)
    if left is None:
        return _MISSING
    _use(req, *left[1])
    return left[0]
