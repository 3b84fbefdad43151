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
from datetime import date

from rtkit.local.model import extract, free_text, identifiers, mentions
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

_FROM_WORDS = {"from", "source", "origin", "departure", "start"}
_TO_WORDS = {"to", "target", "destination", "arrival", "into"}
_EMAIL_NAMES = {"email", "mail", "recipient", "to", "cc", "bcc", "sender", "attendee", "invitee"}
_URL_NAMES = {"url", "uri", "link", "website", "webpage", "page", "href", "site"}
_TIME_NAMES = {"time", "clock", "hour"}
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
    found: dict[str, list] = field(default_factory=dict)
    """Typed mentions of the request by kind, found once (see `mentions`)."""


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
            items = [i.strip(" .") for i in re.split(r",|\bor\b|\band\b|/", inner)]
            items = [i for i in items if _ITEM_RE.match(i)]
            if len(items) >= 2:
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


def fill_arguments(
    request: str,
    parameters: object,
    *,
    today: date | None = None,
    vocabulary: Iterable[str] = (),
    description: str = "",
) -> FilledArguments:
    """Arguments for a tool whose `parameters` JSON schema may be anything (never raises).

    `vocabulary` holds the tool's own concepts (see `routing.tool_concepts`), which are never taken
    as a path or search phrase; `description` is the tool's description, which may list the values a
    parameter takes when its schema has no enum.
    """
    tokens = extract.tokenize(request)
    req = _Request(
        text=request,
        tokens=tokens,
        stems=[stem(t.lower) for t in tokens],
        today=today or date.today(),
        vocabulary=set(vocabulary),
    )
    req.month = extract.month_mention(request, tokens, req.today)
    req.day = extract.iso_date(request, req.today)
    req.found = {
        "emails": mentions.emails(request),
        "urls": mentions.urls(request),
        "times": mentions.times(request),
        "days": mentions.days(request, req.today),
        "addresses": mentions.addresses(request),
    }
    reserved = [span for _, span in extract.paths(request)] + extract.quoted_spans(request)
    reserved += [m.span for m in (req.month,) if m] + [d[1] for d in (req.day,) if d]
    reserved += [(m.start, m.end) for kind in ("emails", "urls", "times", "days") for m in req.found[kind]]
    reserved += [(a.start, a.end) for a in req.found["addresses"]]
    req.numbers = extract.numbers(tokens, reserved)
    req.found["durations"] = mentions.durations(tokens, req.numbers, request)
    return _fill(parameters, req, description if isinstance(description, str) else "")


def _fill(parameters: object, req: _Request, description: str) -> FilledArguments:
    arguments: dict[str, object] = {}
    missing: list[str] = []
    params = _params(parameters, description)
    # Typed values first, so free text is what remains of the request once they are taken.
    for param in sorted(params, key=_is_free_text):
        value = _from_request(param, req)
        if not _acceptable(value, param):
            value = param.schema.get("default", _MISSING)
            if value is None and not param.required:
                value = _MISSING
        if _acceptable(value, param):
            arguments[param.name] = value
            if isinstance(value, str):
                req.used_strings.add(value.lower())
        elif param.required:
            missing.append(param.name)
    order = [p.name for p in params]
    return FilledArguments(dict(sorted(arguments.items(), key=lambda kv: order.index(kv[0]))), tuple(missing))


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
            pos = _phrase_position(value, req)
            for hint in _ENUM_HINTS.get(value.lower(), ()) if pos is None else ():
                pos = _phrase_position(hint, req)
                if pos is not None:
                    break
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


def _enum_mentions(values: list, req: _Request) -> list[mentions.Mention]:
    """Enum values the request names, as mentions (hints count: 'feet' names 'foot')."""
    found = []
    for k, value in enumerate(values):
        if not isinstance(value, str):
            continue
        for phrase in (value, *_ENUM_HINTS.get(value.lower(), ())):
            pos = _phrase_position(phrase, req)
            if pos is not None:
                start, end = _phrase_span(phrase, req, pos)
                found.append((start, k, mentions.Mention(value, start, end, mentions.word_before(req.text, start))))
    found.sort(key=lambda f: (f[0], f[1]))
    return [m for _, _, m in found]


def _enum_value(param: _Param, req: _Request) -> object:
    if all(isinstance(v, str) for v in param.enum or []):
        chosen = _pick(param, req, _enum_mentions(param.enum or [], req))
        return chosen.value if chosen else _MISSING
    found = _mentioned(param.enum or [], req)
    return found[0] if found else _MISSING


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
    for i, s in enumerate(req.stems):
        if s in keys:
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
    if kinds & _TIME_NAMES and not kinds & {"zone", "timezone"}:
        chosen = _pick(param, req, req.found["times"])
        return chosen.value if chosen else _MISSING
    is_date = bool(kinds & _DATE_NAMES) or fmt in ("date",)
    is_date = is_date or "yyyy-mm-dd" in description
    if is_date or kinds & _MONTH_NAMES or "yyyy-mm" in description:
        return _date_string(param, req, full_date=is_date)
    if param.listed:
        found = _mentioned(param.listed, req)
        if found:
            return found[0]
    if fmt == "email" or kinds & _EMAIL_NAMES and req.found["emails"]:
        chosen = _pick(param, req, req.found["emails"])
        return chosen.value if chosen else _MISSING
    if fmt in ("uri", "url") or kinds & _URL_NAMES:
        chosen = _pick(param, req, req.found["urls"])
        if not chosen:
            return _MISSING
        url = str(chosen.value)
        return url if "://" in url or fmt not in ("uri", "url") else "https://" + url
    if "currency" in kinds or "4217" in description:
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
    quoted = _quoted(req)
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
    for value, span in zip(extract.quoted(req.text), extract.quoted_spans(req.text), strict=True):
        if _free(req, *span):
            _use(req, *span)
            return value
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
    """A title, label, task, message or search phrase: marked out ('called X', 'saying X') or what is left."""
    named = free_text.called(req.text, req.used_spans)
    if named is None and param.kinds & {"message", "body", "content", "note"}:
        named = free_text.message(req.text, req.used_spans)
    if named is None and param.required:
        named = free_text.remainder(
            req.text, req.used_spans, req.vocabulary, sentence=bool(param.kinds & _SENTENCE_NAMES)
        )
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


_DAY_FORMATS = {"dd/mm/yyyy": "%d/%m/%Y", "mm/dd/yyyy": "%m/%d/%Y", "dd.mm.yyyy": "%d.%m.%Y", "yyyymmdd": "%Y%m%d"}


def _day_format(day: date, description: str) -> str:
    """A day in the format the parameter's description asks for (ISO 8601 unless it names another)."""
    fmt = next((f for pattern, f in _DAY_FORMATS.items() if pattern in description), None)
    return day.strftime(fmt) if fmt else day.isoformat()


def _date_string(param: _Param, req: _Request, full_date: bool) -> object:
    if full_date:
        chosen = _pick(param, req, req.found["days"])
        if chosen:
            return _day_format(chosen.value, param.description)
        if req.day:
            return req.day[0].isoformat()
        if req.month and date.min.year <= req.month.year <= date.max.year:
            y, m = req.month.year, req.month.month
            day = calendar.monthrange(y, m)[1] if param.kinds & _END_NAMES else 1
            return date(y, m, day).isoformat()
        return _MISSING
    return f"{req.month.year:04d}-{req.month.month:02d}" if req.month else _MISSING


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
