"""Function-call arguments for the rule-based responder, filled from a request and any JSON schema.

The request is read once into typed spans (`spans`, `structures`). Parameters are then filled in three phases:
values with a form of their own are read first for each parameter by its kind (`values`: enum values and their
other spellings, flags, dates and times in the schema's format, e-mails, URLs, currencies, paths); then plain
numbers, names, codes, phrases and lists are given out together by what each schema says (`assign`, scored
against `profile`); nested objects take what is left, and free text (a message, a task) is what remains once the
others are taken (`free_text`). A value is only used when it fits the schema's declared types (and enum);
parameters that cannot be filled are omitted when optional (the tool applies its own default; a call carries only
what the request gives), and when required take the schema's `default` or are reported as missing (a required
flag takes the default its description states).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import partial

from rtkit.local.model import (
    assign,
    code_values,
    extract,
    flags,
    forms,
    identifiers,
    introduced,
    mentions,
    places,
    renamed,
    spans,
    structures,
    topic,
    typos,
    units,
    url_templates,
)
from rtkit.local.model.commands import COMMAND_WORDS, written_command
from rtkit.local.model.params import (
    _ADDRESS_PARTS,
    _DATE_NAMES,
    _EMAIL_NAMES,
    _FREE_TEXT_NAMES,
    _MISSING,
    _MONTH_NAMES,
    _PATH_NAMES,
    _PERIOD_WORDS,
    _TIME_NAMES,
    _acceptable,
    _clamp,
    _creating,
    _free,
    _is_currency,
    _is_free_text,
    _is_path,
    _Param,
    _params,
    _Request,
    _string_items,
    _types,
    _use,
    clock_duration,
    enum_values,
    names_url,
)
from rtkit.local.model.place_values import other_area
from rtkit.local.model.profile import Profile, matches
from rtkit.local.model.schema_cache import by_schema
from rtkit.local.model.values import (
    GENERIC_STEMS,
    _duration_unit,
    _from_request,
    _named_at,
    _searches,
    date_time_shape,
    described_codes,
    extreme,
)
from rtkit.local.text import HOST_WORDS, ID_LABELS, NUMBER_NAMES, PREPOSITIONS, TENS_NAMES, split_identifier, stem


@dataclass(frozen=True)
class FilledArguments:
    """Arguments for one function call."""

    arguments: dict[str, object]
    """Parameter name → value, every value fitting the parameter's declared types."""
    missing: tuple[str, ...] = ()
    """Required parameters the request gave no value for (and the schema no default)."""
    guessed: tuple[str, ...] = ()
    """Required parameters filled from what was left of the request rather than from words that point to them."""


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
    no enum. A string parameter declaring a number, boolean or list written as code text is filled as that type
    and written as its literal, and one whose description names qualified constants takes one (`code_values`).
    A map said in prose ('the key 'K' with value 'V'') is taken out of the request before anything else is read
    and given back as those entries; a map the request gives no entries of, and one parameter taking any object
    whose value is words alone, take the camelCase variable the request names (`code_values.variables_left`). A
    web address the schema writes as a template is filled from the request and the other arguments
    (`url_templates`).
    """
    declared = code_values.declared_types(parameters)
    whole = parameters
    said = code_values.entries_said(request, parameters, declared) if declared else None
    if said is not None and isinstance(parameters, dict):  # a map said in prose: its words are no other value
        for start, end in said.spans:
            request = request[:start] + " " * (end - start) + request[end:]
        parameters = _without(parameters, said.name)
        declared = {name: what for name, what in declared.items() if name != said.name}
    fill = partial(_fill_arguments, request, today=today, vocabulary=vocabulary, description=description, frame=frame)
    typed = parameters
    if declared and isinstance(parameters, dict):
        typed = code_values.typed_schema(parameters, declared, request)
    filled = fill(typed)
    unread = frozenset(name for name in code_values.maps(declared) if name in filled.missing)
    if unread and isinstance(parameters, dict):  # a map the request gives no entries of is named by its variable
        filled = fill(code_values.typed_schema(parameters, declared, request, unread))
    written = code_values.written_arguments(request, filled.arguments, declared) if declared else filled.arguments
    written = code_values.constants_named(request, written, declared) if declared else written
    written = code_values.constants_written(request, written, parameters)
    written = code_values.variables_named(request, written, parameters)
    written = code_values.variables_left(request, written, parameters)
    written = code_values.objects_described(request, written, parameters)
    written = code_values.constructed(request, written, parameters)
    written = code_values.durations_in_unit(request, written, parameters)
    written = code_values.labels_dropped(written, parameters)
    if said is not None:
        written = _with_entries(written, said, whole)
    # a value a constant gives is no longer missing
    return FilledArguments(written, tuple(m for m in filled.missing if m not in written), filled.guessed)


def _without(parameters: dict, name: str) -> dict:
    """`parameters` without the parameter `name`."""
    props = {key: value for key, value in parameters.get("properties", {}).items() if key != name}
    required = [key for key in parameters.get("required", []) if key != name]
    return {**parameters, "properties": props, "required": required}


def _with_entries(arguments: dict, said: code_values.SaidEntries, parameters: object) -> dict:
    """`arguments` with the map said in prose, in the schema's order."""
    what = code_values.declared_types(parameters)[said.name]
    out = {**arguments, said.name: code_values.map_written(said.entries, what)}
    order = list(parameters.get("properties", {})) if isinstance(parameters, dict) else []
    return dict(sorted(out.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))


def _fill_arguments(
    request: str,
    parameters: object,
    *,
    today: date | None,
    vocabulary: Iterable[str],
    description: str,
    frame: Iterable[str],
) -> FilledArguments:
    tokens = extract.tokenize(request)
    req = _Request(
        text=request,
        tokens=tokens,
        stems=[stem(t.lower) for t in tokens],
        today=today or date.today(),
        vocabulary=set(vocabulary),
    )
    req.today, asked_days = mentions.days_asked(request, req.today)
    req.frame = set(frame) or req.vocabulary
    req.tool_description = description if isinstance(description, str) else ""
    req.month = extract.month_mention(request, tokens, req.today)
    req.day = extract.iso_date(request, req.today)
    req.found = {
        "emails": mentions.emails(request),
        "urls": mentions.urls(request),
        "times": mentions.times(request),
        "days": asked_days,
        "addresses": mentions.addresses(request),
    }
    # 'owner/name' with no extension or leading '/', '~', '.' may be a model's or a repository's name as well as a
    # folder: it stays readable as an identifier (a path parameter still takes it first)
    reserved = [
        span for value, span in extract.paths(request) if _is_path(value) and not _OWNER_NAME_RE.fullmatch(value)
    ]
    # a quoted number spelled out is still that number ("page size 'nine'"), and so is one its unit follows ("'90'
    # seconds"): quotes mark it, they do not make it a name
    reserved += [
        span
        for q, span in zip(extract.quoted(request), extract.quoted_spans(request), strict=True)
        if not _quoted_number(q.strip(), request, span[1])
    ]
    reserved += [m.span for m in (req.month,) if m] + [d[1] for d in (req.day,) if d]
    reserved += [(m.start, m.end) for kind in ("emails", "urls", "times", "days") for m in req.found[kind]]
    reserved += [(a.start, a.end) for a in req.found["addresses"]]
    if _asks_street(parameters):  # '540 El Camino Real, Berkeley': the house number is the address's, no count
        reserved += [(a.start, a.end) for a in structures.street_addresses(request)]
    stated = mentions.stated_today(request, req.today)
    reserved += [stated[1]] if stated else []  # 'Today is March 6, 2024' holds no value
    req.reading = spans.read(request, reserved)
    req.numbers = [extract.Number(n.value, n.start, n.value_end) for n in req.reading.numbers]  # type: ignore[arg-type]
    req.found["durations"] = mentions.durations(tokens, req.numbers, request)
    return _fill(parameters, req, description if isinstance(description, str) else "")


@by_schema
def _read_schema(parameters: object, description: str) -> tuple[list[_Param], dict[str, assign.Profile]]:
    """The parameters of a tool's schema and what each says about its value (kept per schema: read only)."""
    params = _params(parameters, description)
    profiles = {
        p.name: assign.profile(p.name, p.schema, i, p.required, p.types or {"string"}) for i, p in enumerate(params)
    }
    assign.discriminate(list(profiles.values()))
    return params, profiles


_LASTING_RE = re.compile(r"\b(?:duration|length|how long|lasts?)\b", re.IGNORECASE)


def _lasting(p: Profile) -> bool:
    """A parameter that measures how long something lasts ('duration_minutes', 'Length in minutes'): a clock time's
    hour or minutes are no value for it."""
    return bool(p.words & {"duration", "length"}) or _LASTING_RE.search(p.description) is not None


def _fill(parameters: object, req: _Request, description: str) -> FilledArguments:
    arguments: dict[str, object] = {}
    missing: list[str] = []
    params, profiles = _read_schema(parameters, description)
    flag_words = [p.words for p in params if "boolean" in p.types or flags.truth_values(p) is not None]
    req.shared_name_words = {w for w in set().union(*flag_words) if sum(w in ws for ws in flag_words) > 1}
    req.flag_words = flag_words
    # Typed values first (enums, dates, e-mails, flags, ...), then numbers and names given out by the schema,
    # then free text, which is what remains of the request once the others are taken.
    values: dict[str, object] = forms.musical([p for p in params if p.types == {"string"} and p.enum is None], req)
    values.update(_templated(params, req))
    values.update(introduced.field_lines(params, req))  # 'fabricName: Lab-7' on a line of its own
    values.update(introduced.introduced([p for p in params if p.name not in values], req))  # 'the following X: ...'
    values.update(flags.switches(params, req))  # 'turned on' for the enum of 'POWER_ON' / 'POWER_OFF'
    values.update(forms.short_years(params, req))  # "songs from '19"
    values.update(described_codes(params, req))  # '1 for Lisbon' in the description, 'Lisbon' in the request
    values.update(forms.verbs_object(params, req))  # 'Shuffle good morning': the text to be shuffled
    pending = [p for p in params if p.name not in values and flags.switch_values(p) is None]
    for param in [p for p in pending if _phase(p, req) == 0]:
        values[param.name] = _from_request(param, req)
    assigned = [p for p in pending if _phase(p, req) == 1]
    values.update(_assigned(assigned, profiles, req))
    for param in assigned:  # a search phrase given out with the names: a typing slip undone, as in `_query`
        if isinstance(values.get(param.name), str) and _searches(param) and "text" not in param.kinds:
            values[param.name] = typos.corrected(str(values[param.name]))
    bodies = [p for p in pending if _phase(p, req) == 2]
    for param in assigned:
        if values.get(param.name, _MISSING) is _MISSING and (
            not _numeric(param) or "year" in param.kinds or _duration_unit(param)
        ):
            taken = len(req.used_spans)
            values[param.name] = _from_request(param, req)
            left = values[param.name]
            if not param.required and (
                _names_tool(left, req) or other_area(param.kinds, str(left)) or bodies and _said_body(left, req)
            ):  # the tool's own subject; a province for a district; "saying '...'" for a message parameter
                values[param.name] = _MISSING
                del req.used_spans[taken:]  # still free for the parameter it belongs to
        elif values.get(param.name, _MISSING) is _MISSING:
            values[param.name] = extreme(param, req)  # 'at full brightness': the top of the stated range
            if values[param.name] is _MISSING:
                values[param.name] = forms.one_by_article(param, req) or _MISSING  # 'a flight': one ticket
    for param in [p for p in pending if _phase(p, req) == 3]:  # nested objects take what the top level left
        values[param.name] = _from_request(param, req)
        if values[param.name] is _MISSING:
            filled = _fill(param.schema, req, "")
            values[param.name] = filled.arguments if filled.arguments and not filled.missing else _MISSING
    # free text last of all: a quote labelled by a parameter's whole name goes to it ('the summary to '...''), and
    # a web address or its slug ('the URL to ...') is taken before a body reads the rest
    values.update(_labelled_quotes([p for p in pending if _phase(p, req) == 2], req))
    for param in sorted((p for p in pending if _phase(p, req) == 2), key=lambda p: not names_url(p.name, p.kinds)):
        if param.name not in values:
            values[param.name] = _from_request(param, req)
    for param in params:
        value = values.get(param.name, _MISSING)
        if not _acceptable(value, param):
            value = param.schema.get("default", _MISSING) if param.required else _MISSING
        if value is _MISSING and param.required and param.types == {"boolean"}:
            value = _stated_default(param)
        elif value is _MISSING and param.required and param.types & {"integer", "number"}:
            value = _stated_number(param)  # 'The size of the deck. Default is 52.'
            if value is _MISSING and "integer" in param.types and param.kinds & _SKIPPED_NAMES:
                value = 0  # how many entries to skip, none said: a list starts at its beginning
            if value is _MISSING and "integer" in param.types and param.kinds & {"id", "number", "identifier"}:
                ids = [q for q in params if "integer" in q.types and q.kinds & {"id", "identifier"}]
                value = forms.labelled_id(param, req, ids == [param])  # 'the account with the ID 4417'
                value = _MISSING if value is None else value
        if value is _MISSING and param.required and identifiers.identifier_kind(param.name, param.schema) == "code":
            value = forms.named_id(param, req)  # 'the build node qorvax'
            value = _MISSING if value is None else value
        if value is _MISSING and param.required and _asks_texts_language(param):
            value = "English"  # the language of a text the request gives, which this reader only reads in English
        if not param.required and "enum" not in param.schema and _names_other(value, param, params):
            value = _MISSING  # 'my printer' beside a 'printerId': a word that says which parameter another value is for
        if not param.required and _is_default_today(value, param, req.today):
            value = _MISSING  # 'movies playing today' for a date that 'Default is the current date': the tool's own
        if _acceptable(value, param):
            arguments[param.name] = value
            if isinstance(value, str):
                req.used_strings.add(value.lower())
        elif param.required:
            missing.append(param.name)
    for param in params:  # a web address the schema writes as a template, filled from the request and the others
        if param.name not in arguments and param.types <= {"string"} and names_url(param.name, param.kinds):
            url = url_templates.filled(param.schema, req.text, arguments)
            if url is not None and _acceptable(url, param):
                arguments[param.name] = url
                missing = [m for m in missing if m != param.name]
    order = [p.name for p in params]
    guessed = tuple(p.name for p in params if p.name in req.guessed and p.name in arguments and p.required)
    return FilledArguments(dict(sorted(arguments.items(), key=lambda kv: order.index(kv[0]))), tuple(missing), guessed)


_TODAY_DEFAULT_RE = re.compile(
    r"\bdefaults?\b[^.;]{0,20}?\b(?:the\s+)?(?:current\s+(?:date|day)|today(?:'s date)?)\b", re.IGNORECASE
)
_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%m-%d-%Y", "%m/%d/%Y", "%d/%m/%Y", "%Y/%m/%d")


def _is_default_today(value: object, param: _Param, today: date) -> bool:
    """Whether `value` is today's date and the parameter's description says it defaults to the current date."""
    if not isinstance(value, str) or not _TODAY_DEFAULT_RE.search(str(param.schema.get("description") or "")):
        return False
    return value.strip() in {today.strftime(f) for f in _DATE_FORMATS}


_DEFAULT_RE = re.compile(r"\bdefaults?(?:\s+(?:is|to|value is))?[:\s]+['\"]?(true|false)\b", re.IGNORECASE)


def _templated(params: list[_Param], req: _Request) -> dict[str, object]:
    """Values a description asks to be written as 'key:Value' pairs ('track:Friends artist:Marshmello'): each key
    is filled as a parameter of its own name would be, and the pairs the request gives are joined in order."""
    out: dict[str, object] = {}
    for param in params:
        keys = forms.template_keys(str(param.schema.get("description") or "")) if param.types <= {"string"} else []
        if not keys or req.reading is None:
            continue
        parts = [assign.profile(k, {"type": "string"}, i, i == 0, {"string"}) for i, k in enumerate(keys)]
        used, guessed = list(req.used_spans), set(req.guessed)
        filled = _assigned_strings(parts, req, req.reading)
        said = [k for k, part in zip(keys, parts, strict=True) if k != keys[0] and _stated(part, filled.get(k), req)]
        req.guessed = guessed
        # Without the other keys the description's other form applies: 'track:Song Name', or the plain value.
        bare = re.search(rf"or (?:just )?['\"`]{keys[0]}:", str(param.schema.get("description") or ""))
        if keys[0] in filled and (said or bare):
            out[param.name] = " ".join(f"{k}:{filled[k]}" for k in [keys[0], *said])
        else:
            req.used_spans[:] = used
    return out


def _stated(p: assign.Profile, value: object, req: _Request) -> bool:
    """Whether a value was given with clear evidence for `p` ('by Marshmello' for an artist), not just left over."""
    reading = req.reading
    found = [s for s in (reading.names + reading.quoted if reading else []) if str(s.value) == value]
    return bool(found) and reading is not None and assign.string_score(p, reading, found[0]) >= 2 * assign.EVIDENCE


def _names_tool(value: object, req: _Request) -> bool:
    """A value made only of the tool's own words ('Walmart' for a Walmart price tool)."""
    own = re.findall(r"[a-z]+", value.lower()) if isinstance(value, str) else []
    return bool(own) and all(stem(w) in req.frame for w in own)


_SAID_RE = re.compile(r"\b(?:saying|says|say|reading|reads|stating|states)\s*[\"'“‘]?$", re.IGNORECASE)


def _said_body(value: object, req: _Request) -> bool:
    """Whether a value is what a message says ("a message saying 'Doors close at ...'"): the body of a text, for the
    parameter that takes the text."""
    at = req.text.find(value) if isinstance(value, str) and value else -1
    return at > 0 and _SAID_RE.search(req.text[:at]) is not None


def _names_other(value: object, param: _Param, params: list[_Param]) -> bool:
    """A leftover made only of words naming other parameters ('my printer' beside 'printer_id', 'a Silence option'
    beside 'is_silent'): it says which parameter another value is for, not a value of its own."""
    written = re.findall(r"[a-z]+", value.lower()) if isinstance(value, str) else []
    own = [w for w in written if w not in spans.FUNCTION_WORDS]
    others = {w for q in params if q is not param for w in q.words - param.words}
    return bool(own) and all(matches(w, others) or any(_same_root(stem(w), t) for t in others) for w in own)


def _same_root(a: str, b: str) -> bool:
    """Stems that part only in a derivational ending ('silenc' / 'silent')."""
    common = len(os.path.commonprefix([a, b]))
    return common >= 6 and common >= min(len(a), len(b)) - 2


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


_NUMBER_DEFAULT_RE = re.compile(
    r"(?:\bdefaults?(?:\s+(?:is|to|value is|of))?\s*[:=]?"
    # 'When the user does not say, use 25': the number to use when the request does not say one
    r"|\b(?:(?:if|when)\s+(?:the\s+)?(?:user\s+)?(?:(?:does|did|is|was)\s*(?:n't|not)|not)|unless\s+(?:the\s+user)?)"
    r"\s*(?:specif|provid|given|giv|stat|sa[iy])\w*[^.;\d]{0,20}?)"
    r"\s*(-?\d+(?:\.\d+)?)(?![\w/.-]*\d)",
    re.IGNORECASE,
)


_OWNER_NAME_RE = re.compile(r"[A-Za-z][\w-]*/[\w-]+")  # one slash, no extension: 'vendor/model-2'

_SPELLED_NUMBER_RE = re.compile(
    r"(?:(?:" + "|".join(TENS_NAMES) + r")[\s-]?)?(?:" + "|".join(NUMBER_NAMES) + r")"
    r"|(?:" + "|".join(TENS_NAMES) + r")",
    re.IGNORECASE,
)
"""A whole number under a hundred written out in words ('nine', 'forty-two', 'thirty')."""
_QUOTED_QUANTITY_RE = re.compile(r"-?\d+(?:\.\d+)?")
"""A number in digits alone, which a unit written after its closing quote makes a quantity ("'90' seconds")."""


def _quoted_number(quote: str, request: str, end: int) -> bool:
    """Whether a quote ending at `end` holds a number: spelled out ('nine'), or in digits with its unit after
    the closing quote ("'90' seconds")."""
    if _SPELLED_NUMBER_RE.fullmatch(quote):
        return True
    return _QUOTED_QUANTITY_RE.fullmatch(quote) is not None and units.unit_after(request, end) is not None


# An integer counting the entries a page of results skips ('offset', 'skip'): none unless the request says so.
_SKIPPED_NAMES = frozenset({"offset", "skip"})


def _stated_number(param: _Param) -> object:
    """A required number the request does not give: the default its description states, else missing."""
    m = _NUMBER_DEFAULT_RE.search(param.description)
    if not m:
        return _MISSING
    number = float(m.group(1))
    return int(number) if number.is_integer() and "number" not in param.types else number


def _numeric(param: _Param) -> bool:
    """A plain number parameter, given a number of the request by `assign` (not a month, year or duration)."""
    if param.enum is not None or not param.types & {"integer", "number"} or param.types & {"string", "array"}:
        return False
    return "month" not in param.kinds or "months" in param.kinds


def _special_string(param: _Param, req: _Request) -> bool:
    """A string parameter with a kind of its own: a date, time, e-mail, URL, currency, country, path, query,
    address part, or a free-text field (message, title, task) read from what is left of the request."""
    kinds, fmt = param.kinds, param.schema.get("format")
    if fmt or kinds & ({"datetime", "timestamp", "currency"} | _DATE_NAMES | _MONTH_NAMES):
        return True
    if _is_currency(param) or clock_duration(param):
        return True
    if kinds & _TIME_NAMES and not kinds & _PERIOD_WORDS:
        return True
    if kinds & (_EMAIL_NAMES - {"to"}) or names_url(param.name, kinds) or kinds & _PATH_NAMES:
        return True
    if "to" in kinds and ("email" in param.description or req.found.get("emails")):
        return True
    if kinds & _ADDRESS_PARTS.keys() and (req.found.get("addresses") or not kinds & {"city", "town"}):
        return True
    if "4217" in param.description or "yyyy" in param.description and "format" not in kinds or param.listed:
        return True
    if date_time_shape(param.description) is not None:  # an example written '2024-01-30T08:00:00Z'
        return True
    if kinds & COMMAND_WORDS and written_command(req.text) is not None:
        return True  # 'using git status': a command line written out, read whole
    named = {"name", "item", "word", "term", "keyword", "phrase"} | (set() if _creating(req) else {"title", "label"})
    return bool(kinds & (_FREE_TEXT_NAMES - named))


def _asks_street(parameters: object) -> bool:
    """Whether a top-level parameter takes a street address ('Street, City' / 'the address to go to')."""
    properties = parameters.get("properties") if isinstance(parameters, dict) else None
    if not isinstance(properties, dict):
        return False
    return any(
        re.search(r"address|street", f"{name} {schema.get('description', '')}", re.IGNORECASE) is not None
        for name, schema in properties.items()
        if isinstance(schema, dict)
    )


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
            free = _is_free_text(param)
            return 1 if free and _code_named(param, req) else 2 if free else 0
        return 1
    return 0


def _code_named(param: _Param, req: _Request) -> bool:
    """A name written as code is labelled as this parameter's kind of thing ('the `flushJob` ScheduledJob object'
    for a task): a value as written, given out with the other names rather than read as free text."""
    reading = req.reading
    if reading is None:
        return False
    p = assign.profile(param.name, param.schema, 0, param.required, param.types or {"string"})
    return any(assign.code_label_score(p, reading, q) >= 4.0 for q in reading.quoted if assign.backticked(q))


_AT_REST_RE = re.compile(r"\b(?:from|at) rest\b|\bdropped\b|\bstationary\b|\bstanding still\b", re.IGNORECASE)


_COUNT_WORDS = {"top", "limit", "count", "results", "max", "n"}


def _ranked_count(p: Profile) -> bool:
    """How many of a ranking to return ('top_n', 'limit', 'Number of top results')."""
    if p.dimension:
        return False  # 'max_minutes' counts minutes, not results: 'the lowest brightness' sets no length of time
    return bool(p.words & _COUNT_WORDS) or bool(re.search(r"\bnumber of (?:top|best|results)\b", p.description, re.I))


def _one_best(reading: spans.Reading) -> bool:
    """The request asks for one thing at the top of a ranking: 'the highest grossing bank', 'the best restaurant'
    (a superlative after 'the' and a singular noun after it: the last word of the noun phrase, so 'the closest
    Tesco stores' asks for several)."""
    words = reading.words
    for k, w in enumerate(words[:-1]):
        if w.lower in spans.SUPERLATIVES and k and words[k - 1].lower == "the":
            phrase = []
            for after in words[k + 1 : k + 4]:
                if not after.lower[:1].isalpha() or after.lower in spans.FUNCTION_WORDS or after.lower in PREPOSITIONS:
                    break
                if not after.lower.endswith("ing"):
                    phrase.append(after.lower)
                if reading.text[after.end : after.end + 1] in (",", ".", "?", "!", ";"):
                    break
            if phrase:
                return not phrase[-1].endswith("s") or phrase[-1].endswith("ss")
    return False


def _assigned(params: list[_Param], profiles: dict[str, assign.Profile], req: _Request) -> dict[str, object]:
    """Values for plain numbers, names, codes and lists, given out together by what each schema says."""
    reading = req.reading
    if reading is None or not params:
        return {}
    out: dict[str, object] = forms.counted(params, req)
    params = [p for p in params if p.name not in out]
    arrays = [p for p in params if "array" in p.types and not _string_items(p)]
    for param in arrays:
        value = _list_value(param, profiles[param.name], req)
        if value is not _MISSING:
            out[param.name] = value
    for q in params:  # 'Marta, id is 5521': a number labelled as an ID is a string ID's, before any count's
        code = q.required and identifiers.identifier_kind(q.name, q.schema) == "code"
        digits = forms.labelled_digits(q, req) if code else None
        if digits is not None:
            out[q.name] = digits
    params = [p for p in params if p.name not in out]
    numeric = [profiles[p.name] for p in params if _numeric(p)]
    out.update(_numbers_named_by_strings(params, profiles, numeric, req))
    params = [p for p in params if p.name not in out]
    if numeric:
        found = [n for n in reading.numbers if _free(req, n.start, n.value_end)]
        found += [n for n in structures.periods(req.text) if _free(req, n.start, n.end) and not any(
            f.start < n.end and n.start < f.end for f in found)]  # fmt: skip
        out.update(forms.frequency_counts(numeric, req))  # 'compounded quarterly' is 4 times a year
        out.update(forms.compass(numeric, req))  # '37.87 N, 119.54 W'
        out.update(forms.hyphenated_counts([p for p in numeric if p.name not in out], req))  # 'a two-bedroom flat'
        out.update(forms.party_counts([p for p in numeric if p.name not in out], req))  # 'just for myself'
        numeric = [p for p in numeric if p.name not in out]
        found = [n for n in found if _free(req, n.start, n.value_end)]
        scores = {(p.name, k): assign.number_score(p, reading, n) for p in numeric for k, n in enumerate(found)}
        for (name, k), bonus in assign.parallel(numeric, reading, found).items():
            scores[(name, k)] += bonus
        assign.prefer_measured(numeric, found, scores)
        assign.prefer_specific(numeric, reading, scores)
        assign.qualified_pairs(numeric, reading, found, scores)
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
            if p.name not in chosen and req.found.get("times") and p.words & {"hour", "minute"} and not _lasting(p):
                clock = re.search(r"(\d{1,2})(?::(\d{2}))?", req.text[req.found["times"][0].start :])
                if clock:  # '6:30 PM': the hour and minutes as said ('11 PM' is 23 in a 24-hour format)
                    hour = int(clock.group(1))
                    if re.search(r"\b24[- ]?hours?\b", p.description, re.IGNORECASE):
                        hour = int(str(req.found["times"][0].value).split(":")[0])
                    out[p.name] = hour if "hour" in p.words else int(clock.group(2) or 0)
        for p in numeric:
            if p.name not in chosen and not p.required and _ranked_count(p) and _one_best(reading):
                out[p.name] = 1  # 'the highest grossing bank' for 'Top n banks': one
        for name, choice in chosen.items():
            value = assign.number_value(profiles[name], choice.span)
            out[name] = _clamp(value, by_name[name].schema)
            _use(req, choice.span.start, choice.span.value_end)  # its unit may still name an enum value
    strings = [profiles[p.name] for p in params if p not in arrays and not _numeric(p)]
    for param in [p for p in params if p not in arrays and not _numeric(p)]:
        said = identifiers.spoken_identifier(
            req.text, param.name, param.schema
        )  # a code read out character by character
        # A code typed as such stays as typed ("R-2-D-2-8-F" is spelled out, not typed; "Mn55JQ", its letters in
        # both cases where the schema's example has one, is a recognizer's writing of letters read out).
        typed = [
            c
            for c in reading.codes
            if not identifiers.spelled_code(c.text) and not identifiers.cased_unlike_example(c.text, param.schema)
        ]
        written = [(c.start, c.end) for c in typed + reading.quoted]
        if said is not None and _free(req, said.start, said.end) and not _written(said, written, req.text):
            _use(req, said.start, said.end)
            out[param.name] = said.value
    strings = [p for p in strings if p.name not in out]
    for p in [p for p in strings if not p.array]:
        default = next((str(q.schema.get("default") or "") for q in params if q.name == p.name), "")
        if p.words & {"gender", "sex"}:
            value = forms.gender(p, default, req)
        elif p.words & {"genre", "genres"}:
            value = forms.genre(p, req)
        elif p.words & {"color", "colour"}:
            value = forms.colour(p, req)
        else:
            value = forms.modifier(p, req)
        if value is not None:
            out[p.name] = value
    strings = [p for p in strings if p.name not in out]
    if strings:
        out.update(_assigned_strings(strings, req, reading))
    return out


def _numbers_named_by_strings(
    params: list[_Param], profiles: dict[str, assign.Profile], numeric: list[Profile], req: _Request
) -> dict[str, object]:
    """Numbers written right after a string parameter's own name ('in size 8', 'a password 123123') are that
    parameter's, as written, before any numeric parameter no word names takes them as a plain number."""
    reading = req.reading
    out: dict[str, object] = {}
    if reading is None or not numeric:
        return out
    for param in params:
        if param.types != {"string"} or param.enum is not None or param.schema.get("format"):
            continue
        profile = profiles[param.name]
        for n in reading.numbers:
            plain = isinstance(n.value, int) and not (n.words or n.unit or n.currency or n.ordinal)
            previous = reading.before(n.start, 1)  # right before: 'an Act of 2013' is no act named 2013
            if not plain or not previous or not assign.matches(previous[0].lower, profile.name_stems):
                continue
            if not _free(req, n.start, n.value_end):
                continue
            if any(assign.named_before(q, reading, n) for q in numeric):
                continue
            out[param.name] = reading.text[n.start : n.value_end]
            _use(req, n.start, n.value_end)
            break
    return out


# Parameter names asking which aspect of a thing is wanted ('detail', 'info_type', 'stat').
_ASPECT_WORDS = {"detail", "details", "info", "information", "stat", "stats", "statistic", "aspect", "attribute"}
_ASPECT_SCORE = 3.5
"""Above `assign`'s bar for an optional parameter: the request's topic is the aspect it asks for."""


def _aspect_asked(
    strings: list[assign.Profile], found: list[spans.Span], scores: dict[tuple[str, int], float], text: str
) -> None:
    """'Find the size of the sculpture ...' for a tool with a 'detail' parameter: the topic of the request ('size')
    is the detail wanted. Updates `scores` in place."""
    aspects = [p for p in strings if p.words & _ASPECT_WORDS and not p.array]
    asked = topic.topic_words(text) if aspects else []
    for k, span in enumerate(found):
        if asked and span.kind == "phrase" and re.findall(r"[\w'-]+", str(span.value).lower()) == asked:
            for p in aspects:
                scores[(p.name, k)] = max(scores[(p.name, k)], _ASPECT_SCORE)


def _head_noun(p: Profile) -> str:
    """The stem of a parameter named by one noun ('room', 'color2'): the thing its value is a kind of, which a
    compound value may end with ('living room'). '' for a name of several words ('room_type' asks for the type,
    'single', not for a room) or a generic one."""
    words = [w for w in split_identifier(p.name) if not w.isdigit()]
    return stem(words[0]) if len(words) == 1 and stem(words[0]) not in GENERIC_STEMS else ""


# Nouns for a work with a title of its own; the title is a name, capitalised where the request capitalises names.
_WORK_NOUNS = frozenset("album track song title movie film book novel series episode playlist podcast".split())
# Words that say what kind of work is wanted, never its title ('some tracks', 'upbeat pop music').
_WORK_KIND_WORDS = _WORK_NOUNS | frozenset("tracks songs tunes music albums titles movies films books".split())


def _not_a_title(value: str) -> bool:
    """A lower-case phrase that is no work's title: one word ('upbeat', 'listening'), or words naming the kind of
    work rather than one ('a selection of tracks')."""
    words = value.lower().split()
    return (" " not in value and value.islower()) or any(w in _WORK_KIND_WORDS for w in words)


def _assigned_strings(strings: list[assign.Profile], req: _Request, reading: spans.Reading) -> dict[str, object]:
    wants_numbers = any(p.kind == "id" or p.words & {"year", "season", "zip", "key", "pin"} for p in strings) or any(
        assign.named_before(p, reading, n) for p in strings for n in reading.numbers
    )
    found = [s for s in reading.quoted + reading.codes + reading.names if _free(req, s.start, s.end)]
    for name in [n for n in reading.names if n.qualifier and _free(req, n.start, n.end)]:
        head = str(name.value).split(",")[0]
        found.append(spans.Span("name", head, name.start, name.start + len(head), head, qualifier="head"))
        where = name.end - len(name.qualifier)
        found.append(spans.Span("name", name.qualifier, where, name.end, name.qualifier, qualifier="region"))
    if any(p.kind == "expression" for p in strings):
        found += [e for e in reading.expressions if _free(req, e.start, e.end)]
    if any(p.kind == "unit" for p in strings):
        found += [u for u in structures.unit_words(reading) if _free(req, u.start, u.end)]
    heads = frozenset(_head_noun(p) for p in strings) - {""}
    found += structures.phrases(reading, req.frame, req.used_spans + [(s.start, s.end) for s in found], heads)
    for p in strings:  # values a description gives as examples, where the request names them ('dynamic')
        for value in assign.examples(p):
            for start, end in _named_at(value, req):
                if _free(req, start, end) and not _longer_name(req.text[start:end], value):
                    start, value = _with_degree(req.text, start, value)
                    found.append(spans.Span("phrase", value, start, end, req.text[start:end], qualifier=p.name))
    found += [q for q in structures.quantity_phrases(reading) if _free(req, q.start, q.end)]
    place_wanted = any(p.kind in ("place", "zone") for p in strings)
    if any(p.words & HOST_WORDS for p in strings):
        found += [  # 'the host address is http://plga.ca': a web address for a host
            spans.Span("code", str(u.value), u.start, u.end, req.text[u.start : u.end])
            for u in mentions.urls(req.text)
            if _free(req, u.start, u.end)
        ]
    if any(assign.takes_email(p) for p in strings):  # 'to Amelia's email amelia@example.com'
        found += [
            spans.Span("code", str(m.value), m.start, m.end, req.text[m.start : m.end], qualifier="email")
            for m in mentions.emails(req.text)
            if _free(req, m.start, m.end)
        ]
    if any(assign.asks_address(p) for p in strings):
        found += [a for a in structures.street_addresses(req.text) if _free(req, a.start, a.end)]
    if any("country" in p.words for p in strings):
        found += [d for d in structures.demonyms(reading) if _free(req, d.start, d.end)]
    if wants_numbers:
        found += [
            spans.Span("number", n.text.strip(), n.start, n.end, n.text)
            for n in reading.numbers
            if _free(req, n.start, n.end) and not n.unit and not n.currency
        ]
    names = {p.name for p in strings}
    found = sorted(
        (
            s
            for s in found
            if s.qualifier in ("head", "region", "address")
            or s.qualifier in names  # an example inside a name: 'PlayStation'
            or not any(_inside(s, t) for t in found if t.kind != "phrase")
        ),
        key=lambda s: (s.start, -s.end),
    )
    if any(assign.asks_named_place(p) for p in strings):  # 'at Nori Bar, 12 Elm Road, Austin, TX'
        found = sorted(found + _named_places(req, reading), key=lambda s: (s.start, -s.end))
    if any(assign.asks_topic(p) for p in strings):
        found = sorted(found + assign.named_topics(found, req.text), key=lambda s: (s.start, -s.end))
    if any(p.array or assign.joins_several(p) for p in strings):
        found += structures.groups(reading, [s for s in found if s.kind in ("phrase", "name", "quoted", "code")])
        found += [
            s for s in reading.lists
            if _free(req, s.start, s.end) and isinstance(s.value, list) and all(isinstance(v, str) for v in s.value)
        ]  # fmt: skip
        found = sorted(found, key=lambda s: (s.start, -s.end))
    scores = {
        (p.name, k): assign.string_score(p, reading, s, place_wanted) for p in strings for k, s in enumerate(found)
    }
    for p in (p for p in strings if p.array or assign.joins_several(p)):  # a list scores as its best member
        for k, s in enumerate(found):
            if s.kind == "list" and (p.array or assign.joins_several(p, s.value)):
                inner = [scores[(p.name, i)] for i, t in enumerate(found) if t.kind != "list" and _inside(t, s)]
                scores[(p.name, k)] = max([scores[(p.name, k)], *[v + 0.5 for v in inner]])
    _aspect_asked(strings, found, scores, req.text)
    for k, span in enumerate(found):  # 'a large cup of tea': the word before a measure tells its size, not the thing
        after = _MEASURE_OF_RE.match(req.text, span.end)
        if span.kind == "phrase" and after and units.unit(after.group(1)) is not None:
            for p in (p for p in strings if p.kind != "unit"):
                scores[(p.name, k)] -= 3.0
    _compound_labels(strings, found, scores, req.text)
    _renamed_values(strings, found, scores, req.text)
    assign.labelled_after(strings, reading, found, scores)
    assign.labelled_by_description(strings, reading, found, scores)
    assign.coordinated(reading, found, scores, strings)
    if any(ch.isupper() for ch in req.text[1:]):  # names are capitalised here: one lower-case word is none
        for p in (p for p in strings if p.kind == "person"):
            for k, span in enumerate(found):
                if span.kind == "phrase" and " " not in str(span.value) and str(span.value).islower():
                    scores[(p.name, k)] -= 6.0  # 'and acted by ...', 'preferably with ...': not who acted
        titled = any(s.kind == "quoted" for s in found)  # a quoted title: a required work parameter's value too
        for p in (p for p in strings if (titled or not p.required) and p.kind != "person" and p.words & _WORK_NOUNS):
            for k, span in enumerate(found):
                if span.kind == "phrase" and _not_a_title(str(span.value)):
                    scores[(p.name, k)] -= 10.0  # 'listening to some tunes', 'a selection of tracks': no album's title
        # Where a name is written capitalised, one lower-case word is no required work's title either ('hear songs
        # from the album X': 'songs' says what kind of work, and so does nothing else in 'in the mood').
        named = any(s.kind == "name" for s in found)
        for p in (p for p in strings if p.required and named and p.kind != "person" and p.words & _WORK_NOUNS):
            for k, span in enumerate(found):
                if span.kind == "phrase" and " " not in str(span.value) and str(span.value).islower():
                    scores[(p.name, k)] -= 10.0
    others = any(s.kind in ("name", "quoted") and not _names_tool(s.value, req) for s in found)
    for k, span in enumerate(found):  # 'at Walmart' for a Walmart tool names the tool, not an optional value
        if span.kind == "name" and _names_tool(span.value, req):
            for p in strings:
                # a required one yields to another name or quoted value ('the FIFA ranking of Germany')
                scores[(p.name, k)] -= 5.0 if not p.required else 3.0 if others else 0.0
    for p in strings:  # 'no network IDs' gives a 'network_ids' parameter its own name, which is no value of it
        for k, span in enumerate(found):
            if span.kind != "list" and _only_label(str(span.value), p):
                # unless quoted after its label: "the password is 'password'" gives the word as the value
                labelled = span.kind == "quoted" and assign.named_before(p, reading, span)
                scores[(p.name, k)] = -10.0 if not labelled else scores[(p.name, k)]
    for k, span in enumerate(found):  # 'The order_id is X': a parameter's name written as such labels a value
        written, named_as = str(span.value), assign.named_as(reading, span)  # unless 'a variable named X'
        if span.kind != "list" and written in names and re.search(r"_|[a-z][A-Z]", written) and not named_as:
            for p in strings:
                scores[(p.name, k)] = -10.0
    for k, span in enumerate(found):  # 'Bluegrass style', 'Ska music': a kind of work, no performer or title
        if span.kind in ("name", "phrase") and _KIND_AFTER_RE.match(req.text[span.end :]):
            for p in strings:
                if not p.required and not _asks_kind(p):
                    scores[(p.name, k)] -= 6.0
    for k, span in enumerate(found):  # 'play me Harbor Lights': the name right after the tool's verb is its object
        if span.kind in ("name", "quoted") and _object_of_tools_verb(span, req):
            for p in strings:
                if p.required and p.kind not in ("place", "zone", "person", "id"):
                    scores[(p.name, k)] += 5.0
    chosen = assign.assign(strings, found, scores, floor=-0.5)
    _share_labelled(strings, reading, chosen)
    req.guessed.update(n for n, c in chosen.items() if c.score < assign.EVIDENCE)
    out: dict[str, object] = {}
    for p in strings:
        choice = chosen.get(p.name)
        if choice is None:
            continue
        if p.array:
            chosen_value = choice.span.value
            listed = [str(v) for v in chosen_value] if isinstance(chosen_value, list) else [str(chosen_value)]
            if _lists_identifiers(p):  # 'ID L_5798, limiting the results': identifiers, not the words after them
                listed = [v for v in listed if re.search(r"\d", v)]
            if listed:
                out[p.name] = listed
                _use(req, choice.span.start, choice.span.end)
            continue
        value = str(choice.span.value)
        if isinstance(choice.span.value, list):  # several names for one string that takes several
            value = assign.separator(p).join(str(v) for v in choice.span.value)
        if p.kind in ("place", "zone"):
            value = assign.place_value(p, choice.span)
            if "country" in p.words and re.search(r"\bcode\b|\biso\b|two-letter|2-letter", p.description.lower()):
                country = next((c for c in places.lookup(value) if c.kind == "country"), None)
                value = country.country if country else value  # 'Germany' → 'DE' when a code is asked for
        elif p.kind == "person" and choice.span.kind == "phrase":  # a lower-case transcript: 'sarah connor's'
            # a word written in mixed case ('columnCount') is a code identifier, kept as written
            value = " ".join(w[:1].upper() + w[1:] if w.islower() else w for w in re.sub(r"['’]s$", "", value).split())
        elif p.kind == "person" and choice.span.kind == "name":
            value = _without_role(value, req.frame)
        out[p.name] = value
        _use(req, choice.span.start, choice.span.end)
    for p in strings:  # 'crime in San Francisco' gives the state a 'state' parameter asks for too
        if p.name not in out and p.kind == "place" and p.words & {"state", "country", "region", "province"}:
            region = assign.region_value(p, [str(v) for v in out.values()] + [str(n.value) for n in reading.names])
            if region:
                out[p.name] = region
    return out


def _renamed_values(
    strings: list[Profile], found: list[spans.Span], scores: dict[tuple[str, int], float], text: str
) -> None:
    """'Rename "Frank" to "Bob"': a parameter asking for the new value takes the value after 'to', not the old
    one before it."""
    for p in (p for p in strings if renamed.asks_new_value(p.name, p.description)):
        for k, span in enumerate(found):
            to = renamed.renamed_to(text, span.end) if span.kind in ("name", "quoted", "code") else None
            new = next((j for j, t in enumerate(found) if to is not None and t.start <= to < t.end), None)
            if new is not None:
                scores[(p.name, k)] -= 5.0
                scores[(p.name, new)] += 2.0


def _name_label(name: str) -> re.Pattern[str]:
    """A parameter's whole name written as words just before a value, with a few words between ('meta title to
    be', 'the summary should read:')."""
    # Not `grounding.labels_every_required`'s label (stems, then 'is'/'are'/':'): that one looks anywhere in the
    # request, where only such a verb shows a value follows; this one ends right where a quoted value starts, so a
    # few words of any kind may end it ('to be', 'should read'), and it takes the name's own words only.
    words = [w.lower() for w in split_identifier(name)]
    return re.compile(r"\b" + r"[\s_-]*".join(map(re.escape, words)) + r"\b[^'\"`.,;:!?]{0,16}[:=]?\s*$", re.I)


def _labelled_quotes(params: list[_Param], req: _Request) -> dict[str, object]:
    """Quoted values each labelled by one free-text string parameter's whole name, the longest name that labels
    it ('the meta description to '...'' is the meta description's, not a 'description''s)."""
    out: dict[str, object] = {}
    # a search keeps its own reading of a quote ('the history of tea' searches 'history of tea')
    strings = [p for p in params if p.types == {"string"} and p.enum is None and not _searches(p)]
    labels = {p.name: (_name_label(p.name), len(split_identifier(p.name))) for p in strings}
    for q in req.reading.quoted if req.reading is not None else []:
        if not _free(req, q.start, q.end):
            continue
        before = req.text[max(0, q.start - 60) : q.start]
        named = sorted(((n, p) for p in strings if p.name not in out for pattern, n in [labels[p.name]]
                        if pattern.search(before)), key=lambda t: -t[0])  # fmt: skip
        if named and (len(named) == 1 or named[0][0] > named[1][0]):
            out[named[0][1].name] = str(q.value)
            _use(req, q.start, q.end)
    return out


def _compound_labels(
    strings: list[Profile], found: list[spans.Span], scores: dict[tuple[str, int], float], text: str
) -> None:
    """A value right after a parameter's whole name of two words or more ('the meta title to be ...' for a
    'MetaTitle') is not a sibling's named by that name's last words only (a 'Title')."""
    named = {p.name: [w.lower() for w in split_identifier(p.name)] for p in strings}
    for p in strings:
        words = named[p.name]
        if len(words) < 2:
            continue
        label = _name_label(p.name)
        for k, span in enumerate(found):
            if not label.search(text[max(0, span.start - 60) : span.start]):
                continue
            for q in strings:
                if q is not p and named[q.name] == words[-len(named[q.name]) :]:
                    scores[(q.name, k)] -= 3.0


_MEASURE_OF_RE = re.compile(r"\s+([a-z]+)\s+of\b", re.IGNORECASE)
# Adverbs of degree: 'slightly bitter' asks for less bitterness than 'bitter', so the adverb stays with the word.
_DEGREE_RE = re.compile(
    r"\b(slightly|very|extra|mildly|moderately|lightly|fairly|quite|somewhat|highly|extremely|really|super|a bit)\s+$",
    re.IGNORECASE,
)


def _with_degree(text: str, start: int, value: str) -> tuple[int, str]:
    """An example value the request says with an adverb of degree before it ('a slightly bitter taste'), the
    adverb kept: the new start and value; otherwise `start` and `value` as they are."""
    m = _DEGREE_RE.search(text[max(0, start - 20) : start])
    if not m:
        return start, value
    return start - (len(m.group())), f"{m.group(1).lower()} {value}"


def _share_labelled(strings: list[Profile], reading: spans.Reading, chosen: dict[str, assign.Choice]) -> None:
    """A name right after an optional parameter's own noun ('from the album Moonfall', 'an album called Moonfall')
    stays that parameter's value when a required parameter of another noun took it: both get it (the title to
    play, for want of another, and the album it is from). Updates `chosen` in place."""
    for q in [q for q in strings if not q.required and not q.array and q.name not in chosen]:
        for c in [c for c in chosen.values() if c.span.kind in ("name", "quoted")]:
            p = next(p for p in strings if p.name == c.param)
            label = _own_label(reading, c.span)
            if p.required and label in q.name_stems and label not in p.name_stems:
                chosen[q.name] = assign.Choice(q.name, c.span, c.score)
                break


def _own_label(reading: spans.Reading, span: spans.Span) -> str:
    """The stem of the noun written right before a span, past 'called' or 'named' ('the album X', 'an album
    called X'); '' when another word is there."""
    written = _LABEL_BEFORE_RE.search(reading.text[: span.start])
    return stem(written.group(1).lower()) if written else ""


_LABEL_BEFORE_RE = re.compile(r"\b([A-Za-z]+)\s+(?:(?:called|named|titled)\s+)?$")


# A noun after a modifier that makes it a kind of work ('Bluegrass style', 'Ska music', 'the Gothic horror genre'),
# not a name.
_KIND_AFTER_RE = re.compile(
    r"\s+(?:(?!(?:and|or|with|the|for|by|from|in|on)\b)[a-z]+\s+)?(?:style|styles|genre|genres|music)\b",
    re.IGNORECASE,
)


def _asks_kind(p: Profile) -> bool:
    """A parameter for a kind of thing ('genre', 'The style of music', 'category')."""
    said = p.words | set(re.findall(r"[a-z]+", p.description.lower()))
    return bool(said & {"genre", "genres", "style", "styles", "kind", "type", "category"})


def _object_of_tools_verb(span: spans.Span, req: _Request) -> bool:
    """Whether a span is said right after the verb the tool's description opens with, and is all of its object
    ('Play a tune' and 'play me Harbor Lights by ...'; not 'Search Spanish blog posts', where the name only
    describes the object)."""
    verb = re.match(r"\s*([A-Za-z]+)", req.tool_description)
    said = re.search(r"\b([A-Za-z]+)(?:\s+(?:me|us|for me|for us))?\s+[\"'“‘]?$", req.text[: span.start])
    if verb is None or said is None or verb.group(1).lower() in spans.FUNCTION_WORDS:
        return False  # 'The rating of ...' opens with no verb
    after = re.match(r"[\"'”’]?\s*([A-Za-z]+)", req.text[span.end :])
    if after and after.group(1).lower() not in spans.FUNCTION_WORDS:
        return False  # a noun goes on after the name: the name describes the object, it is not the object
    return stem(said.group(1).lower()) == stem(verb.group(1).lower())


_ID_WORDS = ID_LABELS | {"ids", "identifier", "identifiers", "serial", "serials", "sku", "skus", "uuids"}


def _lists_identifiers(p: Profile) -> bool:
    """A list parameter of identifiers ('networkIds', 'serials', 'A list of item IDs')."""
    words = {w.lower() for w in split_identifier(p.name)} | set(re.findall(r"[a-z]+", p.description.lower()))
    return bool(words & _ID_WORDS)


def _longer_name(said: str, example: str) -> bool:
    """Whether a description's example is found only as the start of a longer capitalised word, another name
    ('postgres' in 'PostgreSQL', the kind of server, not the database named 'postgres')."""
    return said[:1].isupper() and said.isalpha() and said.lower() != example.lower() and len(said) > len(example)


def _only_label(value: str, p: Profile) -> bool:
    """Whether a span says nothing but the parameter's own name ('IDs' for 'network_ids', 'serial numbers' for
    'serials'); a code with digits is a value, whatever words it holds ('user-456' for a 'user_id')."""
    words = [stem(w) for w in re.findall(r"[a-z]+", value.lower())]
    return bool(words) and all(w in p.name_stems for w in words) and not re.search(r"\d", value)


def _written(said: identifiers.SpokenIdentifier, written: list[tuple[int, int]], text: str) -> bool:
    """Whether a code typed as such (or quoted) holds the identifier: it overlaps the stretch, and the stretch says
    nothing beyond it. A stretch that goes on in spoken characters reads the code out ("B-7, seven, zero, nine",
    "x y792k": a recognizer writes part of what was read out as a code)."""
    if not spans.overlaps(said.start, said.end, written):
        return False
    rest = "".join(
        ch for k, ch in enumerate(text[said.start : said.end], said.start) if not spans.overlaps(k, k + 1, written)
    )
    return not re.search(r"[A-Za-z0-9]", rest)


def _without_role(name: str, frame: set[str]) -> str:
    """A person's name without the role the tool is about written before it ('Lawyer John Doe' for a lawyer tool
    is John Doe), when a name of two words or more is left."""
    words = name.split()
    return " ".join(words[1:]) if len(words) >= 3 and stem(words[0]) in frame else name


def _named_places(req: _Request, reading: spans.Reading) -> list[spans.Span]:
    """A name with the address or the qualified town written after it, as one value ('Nori Bar, 12 Elm Road,
    Austin, TX', 'Nori Bar, Austin, TX'), qualifier 'named place'."""
    wheres = structures.street_addresses(req.text) + [n for n in reading.names if n.qualifier]
    out = []
    for name in reading.names:
        where = next((w for w in wheres if re.fullmatch(r",\s*", req.text[name.end : w.start])), None)
        if where is not None and not name.qualifier and _free(req, name.start, where.end):
            value = f"{name.value}, {where.value}"
            out.append(
                spans.Span(
                    "name", value, name.start, where.end, req.text[name.start : where.end], qualifier=assign.NAMED_PLACE
                )
            )
    return out


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
    if not fitting and numeric and param.required:  # 'item IDs 102 for size L and 103 for size M'
        names = {stem(w.lower()) for w in split_identifier(param.name)}
        fitting = [
            s for label, s in structures.qualified_runs(req.text)
            if stem(label.lower()) in names and _free(req, s.start, s.end)
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
