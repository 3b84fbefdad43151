"""Values read for one parameter by its kind: enum values and their other spellings, flags and their opposites,
dates and times in the format the schema asks for, e-mails, URLs, currencies, countries, places, people, street
addresses, identifiers, paths, search phrases and free text ('called X', 'saying X', what is left).

These are the kinds with a form of their own; plain numbers, names and lists are given out together by `assign`
(see `arguments`). Pure functions of the request (`params._Request`) and the parameter.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from rtkit.local.model import assign, extract, flags, free_text, identifiers, mentions, places, structures, typos, units
from rtkit.local.model import renamed as renamed_
from rtkit.local.model.commands import COMMAND_WORDS, program_argument, written_command
from rtkit.local.model.params import (
    _ADDRESS_PARTS,
    _DATE_NAMES,
    _DURATION_UNITS,
    _EMAIL_NAMES,
    _END_NAMES,
    _FREE_TEXT_NAMES,
    _FROM_WORDS,
    _ID_NAMES,
    _MISSING,
    _MONTH_NAMES,
    _PATH_NAMES,
    _PERIOD_WORDS,
    _PERSON_NAMES,
    _PLACE_NAMES,
    _QUERY_NAMES,
    _SENTENCE_NAMES,
    _TIME_NAMES,
    _clamp,
    _creating,
    _free,
    _is_currency,
    _is_path,
    _Param,
    _Request,
    _role,
    _types,
    _use,
    clock_duration,
    enum_values,
    names_url,
)
from rtkit.local.model.profile import PERSON_NOUNS
from rtkit.local.model.spans import GENERIC_NOUNS
from rtkit.local.text import ENUM_HINTS as _ENUM_HINTS
from rtkit.local.text import PREPOSITIONS, STOPWORDS, concept, one_slip, split_identifier, stem

GENERIC_STEMS = frozenset(stem(w) for w in GENERIC_NOUNS)
"""Stems of nouns too general to tell values or parameters apart ('information', 'type', 'name')."""
_FOLDER_NOUNS = {"folder", "directory", "dir", "package", "module", "repo", "repository", "subfolder", "file"}


_HERE_WORDS = {"current", "this", "working", "root", "top", "whole", "entire", "project", "main"}


_ARTICLES = {"the", "a", "an", "my", "our", "this", "that"}


_PLACE_PREPOSITIONS = {"in", "under", "inside", "within"}


_QUERY_TRIGGERS = re.compile(
    r"\b(?:for|containing|contains|matching|matches|called|named|mentioning|mentions|word|phrase|term)\s+",
    re.IGNORECASE,
)


_ABOUT_RE = re.compile(
    r"^(?:any|some|every)thing\s+(?:about|on|regarding|concerning|related\s+to|to\s+do\s+with)\s+", re.IGNORECASE
)
_QUERY_STOP = re.compile(
    r"[.,;!?]|\s(?:in|inside|within|under|across|throughout|from)\s|\sand\s+(?:give|show|return|tell|list|send|read)\b",
    re.IGNORECASE,
)


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


def _from_request(param: _Param, req: _Request) -> object:
    """The value the request gives for one parameter, or _MISSING."""
    types = param.types
    spelled = flags.truth_values(param)
    if spelled is not None:
        return flags.spelled_flag(param, req, spelled)
    if param.enum is not None and types == {"array"}:
        return _array(param, req)  # an enum beside 'items' lists what the items may be
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
    if "array" in types:
        return _array(param, req)
    if "boolean" in types and not types & {"string", "integer", "number"}:
        return flags.flag(param, req)
    whole = _calendar_day(param, req) if types & {"integer", "number"} and "string" not in types else None
    if whole is not None:
        return whole
    if param.kinds & _MONTH_NAMES and types & {"integer", "number"} and "string" not in types:
        return req.month.month if req.month else _MISSING
    if "year" in param.kinds and types & {"integer", "number"} and "string" not in types:
        if req.month is None or not param.required and _bare_month(req.month, req.text):
            return _MISSING  # 'in December' says no year: an optional one is left to its default
        return req.month.year
    if types & {"integer", "number"} and "string" not in types:
        unit = _duration_unit(param)
        return _duration(param, req, unit) if unit else extreme(param, req)
    if "string" in types or not types:
        return _string(param, req)
    return _MISSING


def _calendar_day(param: _Param, req: _Request) -> int | None:
    """A part of the one whole day the request names ('February 15th 2022') for a number parameter named for a day,
    month or year: the day of the month beside a month parameter, the day's own month, and its own year, not the
    year a bare month would assume."""
    days = [m for m in req.found["days"] if isinstance(m.value, date)]
    if len(days) != 1:
        return None
    day = days[0].value
    words = set(split_identifier(param.name))
    if "day" in words and "month" in req.frame:  # 'day' beside 'month' is the day of the month, not a count of days
        return day.day
    named = req.month is not None and days[0].start <= req.month.span[0] < days[0].end
    if not named:
        return None  # 'in March, starting tomorrow': the month said is not the day's
    if words & _MONTH_NAMES:
        return day.month
    return day.year if "year" in words else None


def _array(param: _Param, req: _Request) -> object:
    items = param.schema.get("items")
    if not isinstance(items, dict):
        items = {}
    values = enum_values(items) or param.enum
    if values:
        named = _listed_mentions(values, req)
        return named if named and not _offered(named, req) else _MISSING
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
        if _lists_files(param, items):  # 'files to attach': a quoted subject or message is none of them
            files = [q for q in quotes if _is_path(q) or "://" in q]
            if files:
                return files
            quotes = []
        if len(quotes) > 1:
            return quotes
        left = free_text.remainder(req.text, req.used_spans, req.vocabulary) if param.required else None
        if left:
            _use(req, *left[1])
            return free_text.items(left[0]) or _MISSING
    return _MISSING


# A list of files by its items' description ('A list of file paths or URLs to attach').
_FILES_RE = re.compile(r"\b(?:file\s*paths?|paths?|urls?|uris?|files?)\b", re.IGNORECASE)


def _lists_files(param: _Param, items: dict) -> bool:
    """Whether an array's items are files, by its name ('attached_paths') or its items' description."""
    said = f"{param.description} {items.get('description', '')}"
    return bool(param.kinds & _PATH_NAMES) or _FILES_RE.search(said) is not None


# Words that ask for one end of a quantity's range ('at full brightness', 'the lowest setting').
_EXTREMES = {"full": 1, "maximum": 1, "max": 1, "highest": 1, "top": 1, "minimum": 0, "min": 0, "lowest": 0}


def extreme(param: _Param, req: _Request) -> object:
    """The top or bottom of the range a number's description states, when the request asks for that end of it by
    the parameter's own word ('at full brightness' for a brightness 'from 0 to 100'), else _MISSING."""
    bounds = assign.scale(param.description)
    words = {w.lower() for w in split_identifier(param.name)}
    if bounds is None:
        return _MISSING
    if words & {*_EXTREMES, "maximal", "minimal", "upper", "lower"}:
        return _praised(param, req, bounds)  # 'the maximum weight' names a 'max_weight', and its number follows
    names = {stem(w) for w in words} - GENERIC_STEMS
    for k in range(len(req.tokens) - 1):
        end = _EXTREMES.get(req.tokens[k].lower)
        # the parameter's word right after ('full brightness'), or all its words within three ('the max entries
        # per page' for a 'perPage')
        size = 1 if req.stems[k + 1] in names else _covering(names, req.stems[k + 1 : k + 4]) if len(names) > 1 else 0
        last = k + size
        after = req.tokens[last + 1].lower if last + 1 < len(req.tokens) else ""
        if (
            end is not None
            and size
            and not re.match(r"\d|of$|at$|to$|is$", after)  # 'max volume of 30' gives its number
            and _free(req, req.tokens[k].start, req.tokens[last].end)
        ):
            _use(req, req.tokens[k].start, req.tokens[last].end)
            value = bounds[end]
            return int(value) if value.is_integer() and "integer" in param.types else value
    return _praised(param, req, bounds)


# Stems of the words that judge something by how it is rated ('average rating', 'highly rated', 'good reviews').
_RATING_STEMS = frozenset({"rat", "review", "scor", "star"})
# Stems of the words that praise a rating without a number ('a good rating', 'highly rated', 'great reviews').
_PRAISE_STEMS = frozenset({"good", "high", "great", "excellent", "strong"})


def _praised(param: _Param, req: _Request, bounds: tuple[float, float]) -> object:
    """A rating the request praises without a number ('a good rating', 'highly rated') for a rating parameter
    whose description states its scale: high on that scale, an eighth of the range below its top (4.5 on a scale
    of 1 to 5), in half steps or, for whole numbers, rounded up; else _MISSING."""
    names = {stem(w) for w in split_identifier(param.name)} & _RATING_STEMS
    if not names:
        return _MISSING
    for k in range(len(req.tokens) - 1):
        if req.stems[k] not in _PRAISE_STEMS:
            continue
        # the parameter's rating word right after, or within three words ('a high average rating')
        at = next((j for j in range(k + 1, min(k + 4, len(req.tokens))) if req.stems[j] in names), None)
        if at is None or not _free(req, req.tokens[k].start, req.tokens[at].end):
            continue
        if any(t.lower[:1].isdigit() for t in req.tokens[at + 1 : at + 4]):
            return _MISSING  # 'a high rating, 4.5 or above' gives its number
        _use(req, req.tokens[k].start, req.tokens[at].end)
        low, high = bounds
        value = round((high - (high - low) / 8) * 2) / 2
        return math.ceil(value) if "integer" in param.types else value  # a whole star more, not less
    return _MISSING


def _covering(names: set[str], stems: list[str]) -> int:
    """How many of `stems`, from the first, hold every one of `names` (0: they never all appear)."""
    for size in range(1, len(stems) + 1):
        if names <= set(stems[:size]):
            return size
    return 0


# What introduces a list of choices rather than the ones chosen ('from a fixed list of categories: [...]').
_OFFERED_RE = re.compile(
    r"\b(?:from|among|out of|one of)\s+(?:(?:a|an|the|these|this|following|pre-?defined|possible|available|allowed|"
    r"given)\s+)*(?:list|set|options|choices)(?:\s+of\s+[a-z]+)?\s*:?\s*[\[(]?\s*['\"]?$",
    re.IGNORECASE,
)


def _offered(named: list, req: _Request) -> bool:
    """Whether the enum values a request names are the choices it offers, not the ones it chooses."""
    first = min((a for value in named for a, _ in _named_at(str(value), req)[:1]), default=None)
    return first is not None and bool(_OFFERED_RE.search(req.text[max(0, first - 80) : first]))


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
    days = [m.value for m in req.found["days"] if isinstance(m.value, date)]
    if unit == _DURATION_UNITS["days"] and len(days) == 2 and days[0] < days[1]:
        return _clamp((days[1] - days[0]).days, param.schema)  # 'from August 15th to August 17th' lasts 2 days
    return _MISSING


def _clock_duration(param: _Param, req: _Request) -> object:
    """How long the request says, as the clock reading the description asks for ('a minute and a half' → '01:30',
    or '00:01:30' for 'HH:MM:SS')."""
    seconds = _duration(param, req, 1)
    if not isinstance(seconds, int | float):
        return _MISSING
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if "hh:" in param.description:
        return f"{hours:02d}:{minutes:02d}:{secs:02d}"
    return f"{hours * 60 + minutes:02d}:{secs:02d}"


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


def _listed_mentions(values: list, req: _Request) -> list:
    """Enum values a list parameter takes, in the order the request names them: each mention once (a value
    another parameter took, like 'Violin Lessons', is not 'Violins' too), and not a word inside a longer proper
    name ('History' of 'Natural History Museum')."""
    names = [(n.start, n.end) for n in (req.reading.names if req.reading else []) if " " in str(n.value)]
    found: list[tuple[int, int, str, tuple[int, int]]] = []
    for partly in (False, True):  # values named in full first: 'fiction section' names 'Fiction', not 'Section'
        named = [f[3] for f in found]
        for k, value in enumerate(values):
            if not isinstance(value, str) or value in [f[2] for f in found]:
                continue
            for start, end in _partly_named(value, values, req, named) if partly else _named_at(value, req):
                inside = any(a <= start and end <= b and (a, b) != (start, end) for a, b in names)
                if _free(req, start, end) and not inside:
                    found.append((start, k, value, (start, end)))
                    break
    found.sort(key=lambda f: (f[0], f[1]))
    for _, _, _, (start, end) in found:
        _use(req, start, end)
    return list(dict.fromkeys(v for _, _, v, _ in found))


def _partly_named(value: str, values: list, req: _Request, named: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where the request names a value of several words by its head noun when no other value has it: 'working
    hours' names 'opening_hours', 'high and low temperatures' 'high_low_temperature'. Not right after a value
    named in full ('fiction section' is 'Fiction'); not by a modifier ('a guitar shop' is no 'Guitar Lessons')."""
    words = [stem(w) for w in split_identifier(value) if not w.isdigit()]
    if len(words) < 2 or len(words[-1]) < 3 or words[-1] in GENERIC_STEMS:
        return []
    if any(words[-1] == stem(w) for v in values if isinstance(v, str) and v != value for w in split_identifier(v)):
        return []
    after_named = {b for _, b in named}
    return [
        (t.start, t.end)
        for k, (t, s) in enumerate(zip(req.tokens, req.stems, strict=True))
        if s == words[-1] and not (k and req.tokens[k - 1].end in after_named)
    ][:1]


def _phrase_position(phrase: str, req: _Request, verbs: bool = True) -> int | None:
    """Where the request first says `phrase` in any form of its words; without `verbs`, a last word ending in
    '-ing' counts only when the phrase's own does: a noun for a value ('a play' for 'Theater') is no verb
    ('where they're playing'), and everyday words list the '-ing' forms they stand for ('commuting')."""
    words = re.findall(r"[a-z0-9]+", phrase.lower())
    target = [stem(w) for w in words]
    if not target:
        return None
    if len(phrase) == 1 and phrase.isalpha():
        return next((t.start for k, t in enumerate(req.tokens) if _letter(phrase, req.tokens, k)), None)
    n = len(target)
    for i in range(len(req.stems) - n + 1):
        if req.stems[i : i + n] == target:
            last = req.tokens[i + n - 1].lower
            if verbs or not last.endswith("ing") or words[-1].endswith("ing"):
                return req.tokens[i].start
    return None


def _letter(letter: str, tokens: list[extract.Token], k: int) -> bool:
    """Whether token `k` is the one-letter value `letter` ('G', 'x'); a letter that is also a word ('a', 'I') only
    in the value's own case and not followed by another word ('a DNA sequence' has an article, not 'A')."""
    if tokens[k].lower != letter.lower():
        return False
    if letter.lower() not in ("a", "i"):
        return True
    after = tokens[k + 1].lower if k + 1 < len(tokens) else ""
    return tokens[k].text == letter and (not after[:1].isalpha() or after in ("and", "or"))


def _phrase_span(phrase: str, req: _Request, start: int) -> tuple[int, int]:
    n = max(1, len(re.findall(r"[a-z0-9]+", phrase.lower())))
    k = next(i for i, t in enumerate(req.tokens) if t.start == start)
    return start, req.tokens[min(k + n, len(req.tokens)) - 1].end


# ISO 639-1 codes of widely written languages, so 'in Spanish' names 'es' and 'es-ES'.
_LANGUAGE_CODES = {
    "en": "english", "es": "spanish", "fr": "french", "de": "german", "it": "italian", "pt": "portuguese",
    "nl": "dutch", "sv": "swedish", "no": "norwegian", "da": "danish", "fi": "finnish", "pl": "polish",
    "cs": "czech", "hu": "hungarian", "ro": "romanian", "el": "greek", "tr": "turkish", "ru": "russian",
    "uk": "ukrainian", "ar": "arabic", "he": "hebrew", "fa": "persian", "hi": "hindi", "bn": "bengali",
    "zh": "chinese", "ja": "japanese", "ko": "korean", "vi": "vietnamese", "th": "thai", "id": "indonesian",
    "ms": "malay", "sw": "swahili",
}  # fmt: skip
_LOCALE_RE = re.compile(r"([a-z]{2})(?:[-_][A-Za-z]{2,4})?")


def _language_of(value: str) -> str | None:
    """The language a locale code names ('es-ES' → 'spanish', 'zh_CN' → 'chinese'), or None."""
    m = _LOCALE_RE.fullmatch(value)
    return _LANGUAGE_CODES.get(m.group(1)) if m else None


def _named_at(value: str, req: _Request) -> list[tuple[int, int]]:
    """Where the request names an enum value: the value itself, an everyday word for it ('feet' for 'foot'),
    the same unit in another spelling ('miles' for 'mi'), the same currency ('yen' for 'JPY'), a place in the
    value's time zone ('Tokyo' for 'Asia/Tokyo'), or a longer word the value abbreviates ('ascending' for 'asc')."""
    spots: list[tuple[int, int]] = []
    language = _language_of(value)
    hints = (*_ENUM_HINTS.get(value.lower(), ()), *filter(None, [language]))
    for phrase in (value, *hints):
        pos = _phrase_position(phrase, req, verbs=phrase == value)
        if pos is not None:
            spots.append(_phrase_span(phrase, req, pos))
    if spots:
        return spots
    reading = req.reading
    unit = units.unit(value)
    if unit is not None and reading is not None and (len(value) > 1 or value in ("m", "s", "g", "K", "C", "F")):
        spots += [
            (u.start, u.end)
            for u in structures.unit_words(reading)
            if u.unit is not None and u.unit.symbol == unit.symbol
        ]
    if re.fullmatch(r"[A-Z]{3}", value):
        spots += [(m.start, m.end) for m in mentions.currencies(req.text) if m.value == value]
    if "/" in value and places.is_zone(value):
        spots += [(a, b) for a, b, found in places.names_in(req.text) if any(p.zone == value for p in found)]
        spots += [  # '4pm EST': the zone's abbreviation, in capitals
            (m.start(), m.end())
            for m in re.finditer(r"\b[A-Z]{2,4}\b", req.text)
            if places.ZONE_ABBREVIATIONS.get(m.group()) == value
        ]
    low = value.lower()
    if not spots and 3 <= len(low) <= 10 and low.isalpha():
        spots += [(t.start, t.end) for t in req.tokens if t.lower.startswith(low) and len(t.lower) >= len(low) + 2]
    if re.fullmatch(r"\d+[a-z]+", low):  # '3d', '4k': one word that the tokens split
        spots += [m.span() for m in re.finditer(rf"(?<![\w.]){low}(?!\w)", req.text, re.IGNORECASE)]
    if not spots:
        spots += [(t.start, t.end) for t in req.tokens if _derived(low, t.lower) or _skeleton_of(low, t.lower)]
    if not spots:
        spots += _named_in_other_forms(value, req)
    return sorted(spots)


def _same_root(a: str, b: str) -> bool:
    """Whether two words are forms of one word: the same stem, or one stem of five letters or more beginning the
    other ('performance' / 'performing', 'historic' / 'historical')."""
    short, long = sorted((stem(a), stem(b)), key=len)
    return short == long or len(short) >= 5 and long.startswith(short)


def _named_in_other_forms(value: str, req: _Request) -> list[tuple[int, int]]:
    """Where the request names an enum value of several words by its words in other forms, in order, ending on its
    last word and leaving out at most one of the others: 'a performance venue' for 'Performing Arts Venue', 'a
    historic landmark' for 'Historical Landmark'."""
    own = [w for w in re.findall(r"[a-z]+", value.lower()) if w not in STOPWORDS]
    if len(own) < 2:
        return []
    tokens = req.tokens
    for i in range(len(tokens)):
        at, end, skipped = 0, None, 0
        for j in range(i, min(i + len(own), len(tokens))):
            k = next((k for k in range(at, min(at + 2, len(own))) if _same_root(tokens[j].lower, own[k])), None)
            if k is None:
                break
            skipped, at, end = skipped + k - at, k + 1, j
        if end is not None and at == len(own) and skipped <= 1 and end > i and (skipped == 0 or len(own) > 2):
            return [(tokens[i].start, tokens[end].end)]
    return []


_GLOSS = r"\s+(?:for|means)\s+(?:the\s+)?([a-z][a-z ]*?)\s*(?:[,.;)]|\bor\b|$)"


def _glossed_mentions(param: _Param, req: _Request) -> list[mentions.Mention]:
    """Enum values the request names by the words the description glosses them with ("'created_at' for creation
    date": 'sorted by the creation date' names 'created_at')."""
    found = []
    for value in (v for v in param.enum or [] if isinstance(v, str)):
        gloss = re.search(rf"['\"]{re.escape(value)}['\"]" + _GLOSS, param.description)
        words = [w for w in gloss.group(1).split() if w not in STOPWORDS] if gloss else []
        if len(words) >= 2:
            spots = _named_in_other_forms(" ".join(words), req)
        else:
            spots = [(t.start, t.end) for t in req.tokens if words and _same_root(t.lower, words[0])]
        found += [mentions.Mention(value, a, b, mentions.word_before(req.text, a)) for a, b in spots]
    return sorted(found, key=lambda m: m.start)


_ADJECTIVE_ENDINGS = ("ious", "ous", "ic", "al")


def _derived(value: str, word: str) -> bool:
    """Whether `word` is made from the enum value's own word: its adjective ('historic' for 'history',
    'comedic' for 'comedy'), the verb of an agent noun ('bake', 'baking' for 'baker'), or the long
    word a clipped compound starts with ('science' for 'sci-fi')."""
    if not value.isalpha():
        parts = value.split("-")
        return (
            len(parts) == 2
            and all(2 <= len(p) <= 3 for p in parts)
            and word.startswith(parts[0])
            and len(word) >= len(parts[0]) + 3
        )
    if len(value) < 5:
        return False
    if value.endswith("er") and stem(word) == value[:-2]:
        return True
    base = value[:-1] if value.endswith(("y", "e", "a")) else value
    return any(word == base + e for e in _ADJECTIVE_ENDINGS)


def _skeleton_of(value: str, word: str) -> bool:
    """Whether the enum value abbreviates `word` by dropping its vowels after the first letter and its doubled
    consonants ('txt' for 'text', 'img' for 'image', 'msg' for 'message')."""
    if not (3 <= len(value) <= 4 and value.isalpha()) or len(word) <= len(value):
        return False
    rest = re.sub(r"[aeiou]", "", word[1:])
    return word[0] + re.sub(r"(.)\1", r"\1", rest) == value


def _hinted_only(value: str, req: _Request) -> bool:
    """Whether the request names the enum value only by another form of one of its everyday words ('house' for
    'housing'), never by the value or an everyday word as written (see `_named_at`)."""
    hints = _ENUM_HINTS.get(value.lower(), ())
    if _phrase_position(value, req) is not None or not any(_phrase_position(h, req, False) is not None for h in hints):
        return False
    return not any(re.search(rf"\b{re.escape(h)}(?:s|es)?\b", req.text, re.IGNORECASE) for h in hints)


_SLIP_LENGTH = 6
"""Enum values of one word at least this long are read through one slip of typing; shorter words have too many
neighbours one letter away."""


def _slipped_mentions(values: list, req: _Request) -> list[tuple[int, mentions.Mention]]:
    """Enum values the request types with one slip ('luxary' for 'Luxury', 'premuim' for 'Premium'): a word that
    is no English word, with the value's first letter, one letter typed in, left out, swapped with its neighbour or
    typed for another away from exactly one value (of one word, at least six letters)."""
    found = []
    for t in req.tokens:
        if len(t.lower) < _SLIP_LENGTH - 1 or not t.lower.isalpha() or typos.is_word(t.lower) is not False:
            continue
        near = [
            (k, v) for k, v in enumerate(values)
            if isinstance(v, str) and len(v) >= _SLIP_LENGTH and v.isalpha() and v[0].lower() == t.lower[0]
            and one_slip(t.lower, v.lower(), substituted=True)
        ]  # fmt: skip
        if len(near) == 1 and _free(req, t.start, t.end):
            k, value = near[0]
            found.append((k, mentions.Mention(value, t.start, t.end, mentions.word_before(req.text, t.start))))
    return found


def _enum_mentions(values: list, req: _Request) -> list[mentions.Mention]:
    """Enum values the request names, as mentions (see `_named_at`)."""
    found = []
    # A value written as itself outweighs another found only by an everyday word for it: 'a house to buy' buys,
    # though 'house' is a form of 'housing', a word for the expense category 'rent'.
    written = {v for v in values if isinstance(v, str) and _phrase_position(v, req) is not None}
    for k, value in enumerate(values):
        if not isinstance(value, str) or (written and value not in written and _hinted_only(value, req)):
            continue
        for start, end in _named_at(value, req):
            found.append((start, k, mentions.Mention(value, start, end, mentions.word_before(req.text, start))))
    if not found:
        found = [(m.start, k, m) for k, m in _slipped_mentions(values, req)]
    found.sort(key=lambda f: (f[0], f[1]))
    # 'Reggaeton' names the value 'Reggaeton', not 'Reggae' too: at one place, the longest value named there;
    # and words inside another value's whole mention name only that one ('education at Ohio State' is no
    # 'Internship at Ohio State' with its first word left out)
    longest = {m.start: max(len(str(n.value)) for _, _, n in found if n.start == m.start) for _, _, m in found}
    kept = [m for _, _, m in found if len(str(m.value)) == longest[m.start]]
    return [m for m in kept if not any(n.start < m.start and m.end <= n.end for n in kept)]


# Enum values that stand for no filter: a request naming one of them beside a specific value asks for the specific,
# unless the specific one is added to it ('all my to-dos, including finished ones'; 'every to-do, open or done').
_CATCH_ALL = {"all", "any", "both", "dontcare", "none", "every", "everything", "default"}
_ADDING = frozenset({"including", "include", "includes", "plus", "or", "and", "both", "also", "even"})


def _added(mention: mentions.Mention, req: _Request) -> bool:
    """True when one of the three words before ``mention`` adds it to a whole ('including', 'or', 'plus')."""
    before = re.findall(r"[a-z]+", req.text[: mention.start].lower())[-3:]
    return any(w in _ADDING for w in before)


# Words that leave out the value they come before ('exclude any that are completed', 'not the archived ones').
_LEAVING_OUT = frozenset({"exclude", "excluding", "except", "excepting", "without", "not"})


def _left_out(mention: mentions.Mention, req: _Request) -> bool:
    """True when the request leaves the value out: a word like 'exclude' or 'not' among the four words before it
    in its clause ('exclude any that are completed')."""
    clause = re.split(r"[,.;:!?]|\bbut\b", req.text[: mention.start])[-1]
    return any(w in _LEAVING_OUT for w in re.findall(r"[a-z]+", clause.lower())[-4:])


def _counted_values(param: _Param, req: _Request) -> list[mentions.Mention]:
    """Enum values written as numerals ('3', '4') that the request gives as numbers next to the parameter's own
    words ('a four-star hotel', 'rated 3 stars'), in whatever way it writes the number."""
    counts = {int(v): v for v in param.enum or [] if isinstance(v, str) and v.isdigit()}
    if not counts or req.reading is None:
        return []
    profile = assign.profile(param.name, param.schema, 0, param.required, param.types)
    return [
        mentions.Mention(counts[int(n.value)], n.start, n.end, mentions.word_before(req.text, n.start))
        for n in extract.numbers(req.tokens)  # words too: 'a four-star hotel' reads as a code elsewhere
        if isinstance(n.value, int | float) and n.value in counts and _free(req, n.start, n.end)
        and assign.context(profile, req.reading, n.start, n.end) > 0
    ]  # fmt: skip


def _counts_other(param: _Param, req: _Request, mention: mentions.Mention) -> bool:
    """Whether a numeral enum value is named by a number that counts some other thing: '1 room' or '3 nights' is
    no star rating of 1 or 3, since the noun after the number is none of the parameter's words."""
    if not str(mention.value).isdigit():
        return False
    phrase = re.match(r" ([a-z]+)(?: ([a-z]+))?", req.text[mention.end :].lower())  # the noun phrase right after
    if phrase is None or phrase.group(1) in STOPWORDS or phrase.group(1) in PREPOSITIONS:
        return False
    own = param.words | {stem(w) for w in re.findall(r"[a-z]+", param.description.lower())}
    return not any(stem(w) in own for w in phrase.groups() if w)


_CODE_FOR = (
    r"['\"]?\b(\d{1,4})['\"]?\s*(?:for|=|:|means|is|represents|stands for|denotes|indicates|{more})\s+['\"]?"
    r"([A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*){0,3}?)['\"]?"
    r"(?=\s*(?:[,.;)]|etc\b|and\b|or\b|$))"
)
_CODE_FOR_RE = re.compile(_CODE_FOR.replace("{more}", r"(?:corresponds?|refers?|maps?|is\s+mapped)\s+to"))
# "'1' corresponds to Lisbon, '2' to Porto": after a verb with 'to', the next codes leave the verb out.
_CODE_TO_RE = re.compile(_CODE_FOR.replace("{more}", r"(?:(?:corresponds?|refers?|maps?|is\s+mapped)\s+)?to"))

_ARTICLE_RE = re.compile(r"^(?:an?|the)\s+", re.IGNORECASE)


def described_codes(params: list[_Param], req: _Request) -> dict[str, object]:
    """Numbers a description gives for names ('1 for Lisbon, 2 for Porto', 'e.g., 1 for window cleaning'):
    for a numeric parameter, the number of the name the request says; for a list of numbers, every one it says."""
    out: dict[str, object] = {}
    for param in params:
        items = param.schema.get("items") if isinstance(param.schema.get("items"), dict) else {}
        listed = "array" in param.types and bool(_types(items) & {"integer", "number"})
        if not (listed or param.types & {"integer", "number"} and "string" not in param.types):
            continue
        said: list[tuple[int, int]] = []
        description = str(param.schema.get("description") or "")
        elided = re.search(r"\b(?:corresponds?|refers?|maps?|mapped)\s+to\b", description)
        named = [
            (int(m.group(1)), _ARTICLE_RE.sub("", m.group(2)))  # '3 for an express delivery': no need to say 'an'
            for m in (_CODE_TO_RE if elided else _CODE_FOR_RE).finditer(description)
        ]
        # '1 for cleaning service' to a service id: the request may name the kind without the word the parameter's
        # name gives ('a cleaning in Porto'), once every whole name had its turn, the longest first
        split = [(code, name.rsplit(None, 1)) for code, name in named]
        shortened = [
            (code, words[0]) for code, words in split if len(words) == 2 and stem(words[1].lower()) in param.words
        ]
        shortened.sort(key=lambda c: -len(c[1].split()))  # 'emergency plumbing' before 'plumbing'
        for code, name in named + shortened:
            at = _phrase_position(name, req)
            if at is not None and code in (param.enum or [code]) and _free(req, *_phrase_span(name, req, at)):
                said.append((at, code))
                _use(req, *_phrase_span(name, req, at))
        if said:
            codes = [code for _, code in sorted(said)]
            out[param.name] = codes if listed else codes[0]
    return out


def _distinctive_value(values: list, req: _Request) -> object:
    """The one enum value of several words that the request names by a word no other value has ('a family
    coach' for 'Family Mentor' beside 'Dietitian'), or its adjective ('musical' for 'Music at
    ...' beside 'Volunteering at ...'), or _MISSING. A word counts by its length as written ('timing', whose stem is
    short)."""
    words = {v: {stem(w): w.lower() for w in split_identifier(v)} for v in values if isinstance(v, str)}
    said = set(req.stems)
    spoken = {t.lower for t in req.tokens}
    named = [
        v for v, own in words.items()
        if len(own) > 1 and any(
            len(word) >= 4 and w not in GENERIC_STEMS
            and (w in said or any(_derived(word, t) for t in spoken))
            and not any(w in o for u, o in words.items() if u != v)
            for w, word in own.items()
        )
    ]  # fmt: skip
    return named[0] if len(named) == 1 else _MISSING


_NONE_VALUES = ("none", "no", "off", "zero")
_NO_RE = re.compile(r"\b(?:no|without|zero)\s+(?:any\s+)?(\w+)", re.IGNORECASE)


def _none_said(param: _Param, req: _Request) -> mentions.Mention | None:
    """The enum's 'none' value when the request says there is none of what the parameter measures ('no
    sweetness' for a 'sweetness_level' of none / light / regular)."""
    value = next((v for v in param.enum or [] if isinstance(v, str) and v.lower() in _NONE_VALUES), None)
    if value is None:
        return None
    for m in _NO_RE.finditer(req.text):
        if stem(m.group(1).lower()) in param.words and _free(req, m.start(), m.end()):
            _use(req, m.start(), m.end())
            return mentions.Mention(value, m.start(), m.end(), mentions.word_before(req.text, m.start()))
    return None


_SPEAKER_VALUES = {"user", "me", "self", "caller", "requester"}
_SAID_OF_SPEAKER_RE = re.compile(r"\b([a-z]+) (with|to|by|for|of) the (?:current |calling )?([a-z]+)\b", re.IGNORECASE)


def _speaker_said(param: _Param, req: _Request) -> mentions.Mention | None:
    """The enum value naming the person asking when the request says of itself what the description says of that
    person ('those shared with the user' and 'files shared with me' give 'user')."""
    description = str(param.schema.get("description") or "")
    for v in [v for v in param.enum or [] if isinstance(v, str) and v.lower() in _SPEAKER_VALUES]:
        for d in _SAID_OF_SPEAKER_RE.finditer(description):
            if d.group(3).lower() != v.lower():
                continue
            said = re.compile(rf"\b([a-z]+) {d.group(2).lower()} (?:me|myself|us)\b", re.IGNORECASE)
            for m in said.finditer(req.text):
                if stem(m.group(1).lower()) == stem(d.group(1).lower()) and _free(req, m.start(), m.end()):
                    _use(req, m.start(), m.end())
                    return mentions.Mention(v, m.start(), m.end(), mentions.word_before(req.text, m.start()))
    return None


def _names_flag(m: mentions.Mention, param: _Param, req: _Request) -> bool:
    """Whether the enum value is said with the next word as the name of another yes/no parameter ('Italian with
    vegetarian options': 'vegetarian options' is 'has_vegetarian_options', not the 'Vegetarian' category)."""
    after = next((k for k, t in enumerate(req.tokens) if t.start >= m.end), None)
    if after is None:
        return False
    said = {stem(str(m.value).lower()), req.stems[after]}
    return any(said <= words and words != param.words for words in req.flag_words)


def _enum_value(param: _Param, req: _Request) -> object:
    if all(isinstance(v, str) for v in param.enum or []):
        found = _enum_mentions(param.enum or [], req) or _glossed_mentions(param, req)
        counted = _counted_values(param, req)  # with the parameter's words: 'four-star', not '2 guests'
        if counted:
            found = sorted([m for m in found if not str(m.value).isdigit()] + counted, key=lambda m: m.start)
        found = [m for m in found if not _counts_other(param, req, m) and not _left_out(m, req)]
        if len({m.value for m in found}) > 1:
            found = [m for m in found if not _names_flag(m, param, req)] or found
        specific = [m for m in found if str(m.value).lower() not in _CATCH_ALL]
        whole = [m for m in found if str(m.value).lower() in _CATCH_ALL]
        if specific and whole and any(_added(m, req) for m in specific):
            found = whole  # 'all my tasks, open or done'
        elif specific:
            found = specific  # 'all PostgreSQL servers' are the postgres ones, not 'all'
        if len({m.value for m in found}) > 1 and "unit" in param.kinds and _role(param) is None:
            # 'a large cup ... 16 ounces of it': the unit of an amount is the one written with its number
            ends = {n.end for n in req.numbers}
            measured = [m for m in found if len(req.text[: m.start].rstrip()) in ends]
            found = measured or found
        if len({m.value for m in found}) > 1 and _role(param) is None and req.reading is not None:
            # 'an annual rate of 5% compounded monthly': the value named next to the parameter's own words
            profile = assign.profile(param.name, param.schema, 0, param.required, param.types)
            near = {id(m): assign.context(profile, req.reading, m.start, m.end) for m in found}
            best = max(near.values())
            found = [m for m in found if near[id(m)] == best] if best > 0 else found
        chosen = _pick(param, req, found)
        if chosen is None:
            chosen = _none_said(param, req)
        if chosen is None:
            chosen = _speaker_said(param, req)
        if chosen is None and param.required:
            return _distinctive_value(param.enum or [], req)
        return chosen.value if chosen else _MISSING
    found = _mentioned(param.enum or [], req)
    if not found:
        return _MISSING
    said = next((n for n in req.numbers if n.value == found[0] and not isinstance(found[0], bool)), None)
    if said is not None:
        _use(req, said.start, said.end)  # one number fills one parameter: 'level 2' is no rating of 2 as well
    return found[0]


def _part_of_quote(said: identifiers.SpokenIdentifier, req: _Request) -> bool:
    """Whether a code read from the request is only part of a value it quotes ('4821' of '4821-branch-key'): the
    quoted value is the one meant, whole."""
    alnum = re.compile(r"[^A-Za-z0-9]")
    said_chars = alnum.sub("", req.text[said.start : said.end])
    return any(
        q.start <= said.start and said.end <= q.end and alnum.sub("", str(q.value)) != said_chars
        for q in (req.reading.quoted if req.reading else ())
    )


# The word a request labels a web address or its last part with, a few words before the value ('the URL should
# be ...', 'set the slug to ...').
_URL_LABEL_RE = re.compile(r"\b(?:url|slug|permalink)\b(?:\s+[a-z]+){0,3}?\s*[:=]?\s*$", re.IGNORECASE)
_SLUG_RE = re.compile(r"[\w-]+(?:/[\w-]+)*")


def _slug(param: _Param, req: _Request) -> object:
    """A URL's name part (a slug) a request quotes after the word 'URL' or 'slug' ("the URL to 'spring-sale'"),
    for a parameter that takes a slug or a URL-friendly name rather than a whole web address."""
    if not re.search(r"\bslug\b", param.description, re.IGNORECASE) and not param.kinds & {"name", "slug"}:
        return _MISSING
    for start, end in extract.quoted_spans(req.text):
        value = req.text[start + 1 : end - 1].strip()
        if _free(req, start, end) and _SLUG_RE.fullmatch(value) and _URL_LABEL_RE.search(req.text[:start]):
            _use(req, start, end)
            return value
    return _MISSING


def _string(param: _Param, req: _Request) -> object:
    kinds, description, fmt = param.kinds, param.description, param.schema.get("format")
    said = identifiers.spoken_identifier(req.text, param.name, param.schema)  # codes read out character by character
    if said is not None and _free(req, said.start, said.end) and not _part_of_quote(said, req):
        _use(req, said.start, said.end)
        return said.value
    relative = _relative_period(param, req)
    if relative is not None:
        return relative
    if clock_duration(param):
        return _clock_duration(param, req)
    shape = date_time_shape(description)
    if fmt == "date-time" or kinds & {"datetime", "timestamp"} or shape is not None:
        # a parameter whose format may be a time alone ('HH:MM', or 'YYYY-MM-DD HH:MM:SS') takes a day if one is said
        clock_alone = kinds & _TIME_NAMES or _CLOCK_ALONE_RE.search(description)
        if not clock_alone or any(_free(req, m.start, m.end) for m in req.found["days"]):
            return _date_time(param, req, shape)
        chosen = _pick(param, req, req.found["times"])
        return chosen.value if chosen else _MISSING
    # a 'handover_time' 'in the format of dd/mm/yyyy' is a day: the format the description writes decides
    day_only = _day_written(description)
    if kinds & _TIME_NAMES and not kinds & _PERIOD_WORDS and not day_only:
        chosen = _pick(param, req, req.found["times"])
        if chosen and re.search(r"\d\s*[ap]\.?m\b", description) and not re.search(r"hh:mm|24", description):
            return re.sub(r"\s+", "", req.text[chosen.start : chosen.end]).lower()  # as the example writes it: '3pm'
        return chosen.value if chosen else _MISSING
    is_date = bool(kinds & _DATE_NAMES) or fmt in ("date",)
    is_date = is_date or "yyyy-mm-dd" in description or day_only
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
    if fmt in ("uri", "url") or names_url(param.name, kinds):
        chosen = _pick(param, req, req.found["urls"])
        if not chosen:
            return _slug(param, req) if fmt not in ("uri", "url") else _MISSING
        url, given = mentions.placeholders_filled(str(chosen.value), req.text)  # 'https://{host}/', '{host} is ...'
        for start, end in given:
            _use(req, start, end)
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
    if kinds & COMMAND_WORDS:  # 'using git --version': the whole command line, options and all
        span = written_command(req.text)
        if span is not None and _free(req, *span):
            _use(req, *span)
            argument = program_argument(req.text, span)  # 'say hi using the echo command' → 'echo hi'
            if argument is None or not _free(req, *argument):
                return req.text[span[0] : span[1]]
            _use(req, *argument)
            return f"{req.text[span[0] : span[1]]} {req.text[argument[0] : argument[1]]}"
    if kinds & _PATH_NAMES:
        return _path(req, assign.separated_by(param.description))
    if kinds & _QUERY_NAMES - {"text"}:
        return _query(req, param.required, param.name)
    # an identifier is one word: a quoted title ('the song 'Paper Lanterns'') is no device's or account's id
    quoted = (
        _quoted(req, spaced=not kinds & _ID_NAMES, name=param.name, description=description)
        if not kinds & {"language", "lang", "locale"}
        else None
    )
    if quoted is not None:
        return _LEADING_ARTICLE_RE.sub("", quoted) or quoted if _searches(param) else quoted
    if kinds & _ID_NAMES:
        chosen = _pick(param, req, mentions.identifiers(req.text))
        if chosen:
            return chosen.value
    if kinds & _NAMING_NOUNS:  # 'with the label Walk the dog' for an alarm's name
        label = _labelled(param, req)
        if label is not None:
            return label
    if kinds & _PERSON_NAMES and not kinds & _PLACE_NAMES:
        called = free_text.called(req.text, req.used_spans)
        if called:
            return called[0]
        person = _pick(param, req, mentions.names(req.text))
        if person:
            return person.value
    if kinds & _PLACE_NAMES:
        place = _place(param, req)
        if place is not None:
            return place
    # 'branch main', 'symbol AAPL': the word after the parameter's own name.
    for i, s in enumerate(req.stems[:-1]):
        if s not in param.words:
            continue
        j = i + 2 if req.tokens[i + 1].lower in _NAMING else i + 1  # 'album called X', 'the album title X'
        if param.kinds & _SENTENCE_NAMES and re.match(r"\s+" + _SAYS_MODALLY, req.text[req.tokens[i].end :]):
            clause = _rest_of_clause(req, req.tokens[i].end)  # 'the body should describe the new office'
            if clause is not None:
                return clause
        if (
            j < len(req.tokens)
            and req.tokens[j].lower not in STOPWORDS
            and _free(req, req.tokens[j].start, req.tokens[j].end)
        ):
            if param.kinds & _SENTENCE_NAMES:  # 'with content - go to gym': a text runs to the end of its clause
                clause = _rest_of_clause(req, req.tokens[i].end)
                if clause is not None:
                    return clause
            if param.kinds & _LABEL_NAMES and req.tokens[j].text[:1].isupper():
                label = _closing_label(req, req.tokens[j].start)
                if label is not None:
                    return label
            _use(req, req.tokens[j].start, req.tokens[j].end)
            return req.tokens[j].text
    if kinds & {"symbol", "ticker"}:
        caps = [t.text for t in req.tokens if t.text.isupper() and 1 < len(t.text) <= 5]
        return caps[0] if caps else _MISSING
    if kinds & _FREE_TEXT_NAMES:
        return _free_text(param, req)
    return _MISSING


_NAMING = {"called", "named", "titled", "labelled", "labeled", "title", "name"}
# Nouns for what a thing is called: any one of them said in a request gives a parameter named by another.
_NAMING_NOUNS = {"name", "title", "label", "caption"}


# Parameters whose value is a short phrase in sentence case ('with the label Walk the dog').
_LABEL_NAMES = {"label", "caption", "heading", "headline"}
_FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|should|can|could|sounds?|seems?)\b", re.I)


def _labelled(param: _Param, req: _Request) -> str | None:
    """A name said after another noun for what a thing is called ('the label Walk the dog' for a 'name'): the
    words to the end of the sentence, capitalised as a name or title is."""
    for i, token in enumerate(req.tokens[:-1]):
        after = req.tokens[i + 1]
        if token.lower in _NAMING_NOUNS and token.lower not in param.kinds and after.text[:1].isupper():
            return _closing_label(req, after.start)
    return None


def _closing_label(req: _Request, start: int) -> str | None:
    """A label that closes its sentence ('... with the label Walk the dog?'): the words from `start` to the
    sentence's end, when no value given elsewhere and no verb of a clause of its own ('Blue is nice') falls in it."""
    m = re.match(r"[^.;!?,]*", req.text[start:])
    said = m.group().rstrip() if m else ""
    end = start + len(said)
    said = re.sub(r"(?:\s+please)+$", "", said, flags=re.IGNORECASE)
    if not said or _FINITE.search(said) or not _free(req, start, end) or len(said.split()) > 6:
        return None
    if re.match(r",(?!\s*please\b)", req.text[end:]) or len(said.split()) < 2:
        return None  # the clause goes on after a comma, or one word: the single-token reading holds
    _use(req, start, end)
    return said


_SAYS_MODALLY = (
    r"(?:must|should|shall|will|needs\s+to|has\s+to)\s+"
    r"(?:be\s+about|cover|include|say|read|contain|describe|discuss|mention|explain)\s+"
)


def _rest_of_clause(req: _Request, start: int) -> str | None:
    """The words after `start` up to the end of the sentence or a value given elsewhere ('content - go to gym'),
    past a modal verb of what the text says ('the body should describe the new office')."""
    m = re.match(r"\s*(?:[-–—:=]\s*|is\s+|as\s+|of\s+|" + _SAYS_MODALLY + r")?([^.;!?]*)", req.text[start:])
    if m is None:
        return None
    begin = start + m.start(1)
    end = begin + len(m.group(1).rstrip())
    end = min([a for a, _ in req.used_spans if begin <= a < end], default=end)
    said = req.text[begin:end].strip(" ,")
    if len(said.split()) < 2:
        return None
    _use(req, begin, begin + len(said))
    return said


def _names_parameter(quote: str, start: int, name: str, text: str) -> bool:
    """Whether a quote is the parameter's own name used as a noun ('based on a 'question''), not a value that happens
    to spell it ('for the application `app`')."""
    determiner = re.search(r"\b(?:a|an|the|each|every|any|some)\s*$", text[:start], re.IGNORECASE)
    return bool(name) and quote.strip().lower() == name.lower() and determiner is not None


def _quoted(req: _Request, spaced: bool = True, name: str = "", description: str = "") -> str | None:
    """The first quote no other parameter took; a quote of the parameter's own `name` ('based on a 'question'')
    mentions the parameter and is not its value; a new value of something renamed is the quote after 'to'."""
    reading = req.reading
    works = bool(set(split_identifier(name.lower())) & assign.WORKS)  # "'JAZZ' songs" is no song's title
    renamed = renamed_.asks_new_value(name, description)
    for q in reading.quoted if reading is not None else []:
        if _names_parameter(str(q.value), q.start, name, req.text):
            continue
        if renamed and renamed_.renamed_to(req.text, q.end) is not None:  # 'rename "Old" to "New"'
            continue
        if works and reading is not None and assign.kind_of_works(reading, q):
            continue
        if _free(req, q.start, q.end) and (spaced or not re.search(r"\s", str(q.value))):
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


# Words that make a 'name' parameter a person's ('player_name', 'full_name'); with another noun it names that thing
# ('dish_name', 'file_name'), which is not written as a person's name.
_PERSON_WORDS = PERSON_NOUNS | {
    "full", "first", "last", "given", "family", "middle", "client", "scientist", "guest", "speaker", "driver",
    "passenger", "caller",
}  # fmt: skip


def _persons(param: _Param) -> bool:
    """Whether a parameter takes a person's name ('name', 'player_name', 'recipient'; not 'dish_name')."""
    if param.kinds & (_PERSON_NAMES - {"name"}):
        return True
    return "name" in param.kinds and param.kinds - {"name"} <= _PERSON_WORDS


def _free_text(param: _Param, req: _Request) -> object:
    """A title, label, task, message or search phrase: quoted, marked out ('called X', 'saying X') or what is
    left."""
    quoted = _quoted(req, name=param.name)
    if quoted is not None:
        return quoted
    named = free_text.called(req.text, req.used_spans)
    if named is None and param.kinds & {"message", "body", "content", "note"}:
        named = free_text.message(req.text, req.used_spans)
    if named is None and param.kinds & {"purpose", "goal"}:
        named = free_text.purpose(req.text, req.used_spans)
    if named is None and param.required:
        # A value the parameter's own description gives as an example ("e.g., 'fraud'") is no tool word here.
        own = {stem(w) for e in assign.described_examples(param.description) for w in re.findall(r"[a-z]+", e.lower())}
        named = free_text.remainder(
            req.text, req.used_spans, req.vocabulary - own, sentence=bool(param.kinds & _SENTENCE_NAMES)
        )
        if named is not None and not _creating(req):
            req.guessed.add(param.name)  # what was left of a request that asks for something, not a new text
    if named is None:
        return _MISSING
    _use(req, *named[1])
    if _persons(param):  # a name from a lower-case transcript: "sarah connor's" → "Sarah Connor"
        name = re.sub(r"['’]s$", "", named[0])
        return " ".join(w[:1].upper() + w[1:] for w in name.split()) if name.islower() else name
    return named[0]


_RELATIVE_RE = re.compile(
    r"\b(?:(?:this|next|last|coming|upcoming|past)\s+(?:weekend|week|month|year|quarter|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|morning|afternoon|evening|night)|today|tomorrow|tonight|yesterday|now)\b",
    re.IGNORECASE,
)
_FORMAT_RE = re.compile(r"yyyy|mm/|/mm|dd|iso|format|hh:mm|\d{4}-\d{2}", re.IGNORECASE)


def _relative_period(param: _Param, req: _Request) -> str | None:
    """A time frame said relative to now ('next month', 'this weekend') for a date or period parameter that asks
    no format and takes such phrases: its description says 'time frame' / 'period' or gives relative examples
    ('e.g. this weekend, today'). The example's own spelling when one names it ('weekend'), else as said."""
    if param.enum is not None or param.schema.get("format") or _FORMAT_RE.search(param.description):
        return None
    examples = [e.lower() for e in assign.described_examples(param.description)]
    relative = [e for e in examples if _RELATIVE_RE.search(e) or e in ("weekend", "week", "month")]
    dated = param.kinds & (_DATE_NAMES | _TIME_NAMES | _PERIOD_WORDS | {"when", "timeframe"})
    framed = re.search(r"\btime\s*(?:frame|period)\b|\bperiod\b", param.description, re.IGNORECASE)
    if not relative and not (dated and framed):
        return None
    found = next((m for m in _RELATIVE_RE.finditer(req.text) if _free(req, m.start(), m.end())), None)
    if found is None:
        return None
    said = found.group().lower()
    if said == "now" and "now" not in examples:
        return None  # 'now' as a time frame only where the description offers it
    _use(req, found.start(), found.end())
    return next((e for e in relative if e in said.split() or e == said), said)


_DATE_TIME_FORMAT_RE = re.compile(
    r"(yyyy-mm-dd|dd/mm/yyyy|mm/dd/yyyy|dd\.mm\.yyyy|dd-mm-yyyy|mm-dd-yyyy|yyyy/mm/dd)([ t])hh:mm(:ss)?(z)?"
    r"|\d{4}-\d\d-\d\d([ T])\d\d:\d\d(:\d\d)?(Z)?",
    re.IGNORECASE,
)
_CLOCK_ALONE_RE = re.compile(r"(?<![dD][ tT])\bhh:mm", re.IGNORECASE)  # 'HH:MM', not the end of 'YYYY-MM-DD HH:MM'
_UTC_RE = re.compile(r"\b(?:UTC|GMT|Zulu)\b|(?<=\d)Z\b")  # a 'Z' written after a time is UTC ('10:00:00Z')
# A day written with its time in ISO 8601 ('2023-04-01T10:00:00Z'): the time, seconds and all, belongs to the day.
_ISO_STAMP_RE = re.compile(r"\d{4}-\d\d-\d\d[T ](\d\d:\d\d)(:\d\d)?")


@dataclass(frozen=True)
class _DateTimeShape:
    """How a parameter's description writes a day with its time of day."""

    separator: str = "T"
    """Between the day and the time: 'T' (ISO 8601) or a space ('YYYY-MM-DD HH:mm:ss')."""
    seconds: bool = True
    """Whether the time has seconds."""
    zulu: bool = False
    """Whether the format ends in 'Z' (UTC)."""
    day: str = "%Y-%m-%d"
    """How the day is written (strftime): ISO 8601, or the order the description names ('dd/mm/yyyy HH:MM')."""


def date_time_shape(description: str) -> _DateTimeShape | None:
    """The day-and-time format a description asks for or shows ('YYYY-MM-DD HH:mm:ss', '2023-04-15T13:45:00Z')."""
    found = _DATE_TIME_FORMAT_RE.search(description)
    if found is None:
        return None
    if found.group(1):
        day, (sep, secs, zulu) = _DAY_FORMATS.get(found.group(1).lower(), "%Y-%m-%d"), found.group(2, 3, 4)
    else:
        day, (sep, secs, zulu) = "%Y-%m-%d", found.group(5, 6, 7)
    return _DateTimeShape("T" if sep in "tT" else " ", bool(secs), bool(zulu), day)


def _date_time(param: _Param, req: _Request, shape: _DateTimeShape | None = None) -> object:
    """A day and time of day in the parameter's format. A day said alone is the whole day: it starts at midnight,
    and an end with no day of its own ends that day (at 23:59:59, or the duration said after the start's time)."""
    described = shape is not None
    shape = shape or _DateTimeShape()
    day = _pick(param, req, req.found["days"])
    clock = _pick(param, req, req.found["times"])
    if day is None and described and param.kinds & _END_NAMES and len(req.found["days"]) == 1:  # went to the start
        day = req.found["days"][0]
        said = req.found["times"]
        lasting = [d for d in req.found["durations"] if said and d.start >= said[0].end]
        if not said:
            clock_said = "23:59:59"
        elif len(said) == 1 and lasting:
            start = datetime.combine(day.value, time.fromisoformat(str(said[0].value)))
            clock_said = (start + timedelta(seconds=float(lasting[0].value))).strftime("%H:%M:%S")
            _use(req, lasting[0].start, lasting[0].end)  # '2 hours' is no count for another parameter
        elif _time_span(req):
            clock_said = f"{said[1].value}:00"  # '16:00 - 18:00': the day ends at the span's second time
        else:
            return _MISSING
        return _written_date_time(day.value, clock_said, shape, req)
    if day is None and clock is None:
        return _MISSING
    when = day.value if day is not None and isinstance(day.value, date) else req.today
    stamp = _ISO_STAMP_RE.match(req.text, day.start) if day is not None else None  # the time written with the day
    if clock is None and day is not None and not stamp and _point_in_time(param):
        return _MISSING  # 'move it to next Friday' for 'the new date and time': which time is the user's to say
    if stamp:
        clock_said = stamp.group(1) + (stamp.group(2) or ":00")
    elif clock is None:
        clock_said = "00:00:00" if described and day is not None else "09:00:00"  # a described day starts at 0:00
    else:
        clock_said = f"{clock.value}:00"
    return _written_date_time(when, clock_said, shape, req)


_BOUND_RE = re.compile(r"\b(?:start|begin|end|from|until|since|after|before|range|window|period|span)", re.IGNORECASE)


def _point_in_time(param: _Param) -> bool:
    """A required moment whose description asks for a time of day ('the new date and time'), not a bound of a
    range (a search from a day, which a day said alone fills from its first second)."""
    bound = param.kinds & (_END_NAMES | _FROM_WORDS | {"since", "after"}) or _BOUND_RE.search(param.description)
    if not param.required or bound:
        return False
    return date_time_shape(param.description) is not None or "time" in param.description.lower()


def _written_date_time(day: date, clock: str, shape: _DateTimeShape, req: _Request) -> str:
    """'YYYY-MM-DD', the separator, the time (with seconds if the shape has them), and 'Z' when the format has it
    and the request gives the time in UTC."""
    written = f"{day.strftime(shape.day)}{shape.separator}{clock if shape.seconds else clock[:5]}"
    return written + "Z" if shape.zulu and _UTC_RE.search(req.text) else written


_DAY_FORMATS = {
    "dd/mm/yyyy": "%d/%m/%Y", "mm/dd/yyyy": "%m/%d/%Y", "dd.mm.yyyy": "%d.%m.%Y", "yyyymmdd": "%Y%m%d",
    "mm-dd-yyyy": "%m-%d-%Y", "dd-mm-yyyy": "%d-%m-%Y", "yyyy/mm/dd": "%Y/%m/%d", "month-day-year": "%m-%d-%Y",
    "day-month-year": "%d-%m-%Y", "yyyy-mm-dd": "%Y-%m-%d",
}  # fmt: skip


def _day_written(description: str) -> bool:
    """Whether a description writes the value as a day of one of the known formats, with no time of day."""
    written = re.sub(r"y{2,4}", "yyyy", description.replace(" ", "").lower())
    return any(p in written for p in _DAY_FORMATS) and not re.search(r"hh:?mm|\d\d:\d\d", written)


def _day_format(day: date, description: str) -> str:
    """A day in the format the parameter's description asks for (ISO 8601 unless it names another)."""
    written = re.sub(r"y{2,4}", "yyyy", description.replace(" ", "").lower())  # 'MM-DD-YYY' is a typo of YYYY
    fmt = next((f for pattern, f in _DAY_FORMATS.items() if pattern in written), None)
    return day.strftime(fmt) if fmt else day.isoformat()


_SPAN_JOIN_RE = re.compile(r"\s*(?:-|–|to|until|till|through)\s*", re.IGNORECASE)


def _time_span(req: _Request) -> bool:
    """Whether the request's times are two, from one to the other ('16:00 - 18:00', '9 am to 11 am', 'between 9
    and 11')."""
    said = req.found["times"]
    if len(said) != 2:
        return False
    between = re.search(r"\bbetween\s+$", req.text[: said[0].start], re.IGNORECASE)
    joined = req.text[said[0].end : said[1].start]
    return bool(_SPAN_JOIN_RE.fullmatch(joined) or between and re.fullmatch(r"\s*and\s*", joined))


_STAY_RE = re.compile(r"\b(\d+|[a-z]+)\s+(nights?|days?)\b", re.IGNORECASE)
_LATER_RE = re.compile(r"\b(an?|\d+|[a-z]+)\s+(days?|nights?|weeks?)\s+(?:later|after(?:wards?)?)\b", re.IGNORECASE)
_DAYS_IN = {"day": 1, "night": 1, "week": 7}


def _bare_month(month: extract.MonthMention, text: str) -> bool:
    """A month named without a year or a word placing it ('in December', not 'December 2024' or 'last month')."""
    said = text[month.span[0] : month.span[1]].lower()
    return not re.search(r"\d|\b(?:last|this|next|previous|coming)\b", said)


_DATE_PAIR_RE = re.compile(r"yyyy-mm-dd(\s*(?:to|-|–|/|,)\s*)yyyy-mm-dd", re.IGNORECASE)


def _date_string(param: _Param, req: _Request, full_date: bool) -> object:
    pair = _DATE_PAIR_RE.search(param.description)
    days = [m for m in req.found["days"] if isinstance(m.value, date) and _free(req, m.start, m.end)]
    if pair and len(days) == 2:  # 'formatted as 'YYYY-MM-DD to YYYY-MM-DD'': both ends, joined as it writes them
        for m in days:
            _use(req, m.start, m.end)
        return pair.group(1).join(m.value.isoformat() for m in days)
    if full_date:
        later = _LATER_RE.search(req.text)
        stay = later or _STAY_RE.search(req.text)
        ends = param.kinds & (_END_NAMES | {"out", "checkout", "return"})
        if ends and stay and len(req.found["days"]) == 1:  # '3 nights starting from June 1': the end is June 4
            count = next((n.value for n in req.numbers if n.start == stay.start()), None)
            count = 1 if stay.group(1).lower() in ("a", "an") else count  # 'return a week later'
            if isinstance(count, int) and 0 < count < 400:
                start = req.found["days"][0].value
                span = count * _DAYS_IN[stay.group(2).lower().rstrip("s")]
                return _day_format(start + timedelta(days=span), param.description)
        if ends and len(req.found["days"]) == 1 and _time_span(req):  # 'on May 2 9:00 - 11:00' ends that day
            return _day_format(req.found["days"][0].value, param.description)
        chosen = _pick(param, req, req.found["days"])
        if chosen and isinstance(chosen.value, date):
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
    # Beside a year of its own ('month', 'year'), a month is the month alone, by name, unless a format says otherwise.
    spelled = spelled or "year" in req.frame and "yyyy" not in param.description.lower()
    if not spelled or "yyyy-mm" in param.description or "yyyy-mm" in req.tool_description.lower():
        return f"{req.month.year:04d}-{req.month.month:02d}"
    return calendar.month_name[req.month.month]  # 'in December' for a month asked for by name


def _path(req: _Request, separator: str | None = None) -> object:
    """The path a request names; with a `separator`, every path it writes, joined ('a/b and c/d' → 'a/b,c/d')."""
    quoted = list(zip(extract.quoted(req.text), extract.quoted_spans(req.text), strict=True))
    # a quote another parameter took (a repository's URL) is this path only when no other quote is left
    quoted = [(q, span) for q, span in quoted if _free(req, *span)] or quoted
    written = [(q, span) for q, span in quoted if _is_path(q)]  # 'a 'question' about 'beach.jpg''
    if not written and separator is None:
        # a web address to a file ('the photo at https://host/a/b.jpg') names it as a path does, before a quote
        # that is no path ('... the question 'Which room is this?'')
        for url in mentions.urls(req.text):
            if re.search(r"/[^/?#]+\.\w{2,5}$", str(url.value)) and _free(req, url.start, url.end):
                _use(req, url.start, url.end)
                return url.value
    quoted = written or quoted
    if quoted:
        for _, span in quoted[: 1 if separator is None else len(quoted)]:
            _use(req, *span)  # the quoted path is no other parameter's phrase
        return quoted[0][0] if separator is None else separator.join(q for q, _ in quoted)
    text = extract.speech_to_path_text(req.text)
    found = extract.paths(text)
    if found:
        return found[0][0] if separator is None else separator.join(value for value, _ in found)
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
        if w in PREPOSITIONS:
            j = i + 1
            while j < len(lower) and lower[j] in _ARTICLES:
                j += 1
            if j < len(lower) and usable(lower[j]) and lower[j] not in extract.MONTHS:
                return raw[j]
    return _MISSING


_LEADING_ARTICLE_RE = re.compile(r"^(?:the|an?)\s+(?=\S)")  # lower case only: 'The Hobbit' is a title
_SEARCH_RE = re.compile(r"\b(?:search|query)\b", re.IGNORECASE)


def _searches(param: _Param) -> bool:
    """A parameter that takes words to search for: named so, or described as a search query ('prompt')."""
    return bool(param.kinds & _QUERY_NAMES) or bool(_SEARCH_RE.search(param.description))


def _query(req: _Request, required: bool, name: str = "") -> object:
    """A search phrase: quoted text no other parameter took, what follows 'for' / 'containing' / 'called', else
    (for a required one) what is left of the request. A quote of the parameter's own name ('based on a 'question'')
    mentions the parameter, and is not its phrase."""
    for q, span in zip(extract.quoted(req.text), extract.quoted_spans(req.text), strict=True):
        # a quote another parameter took whole (a quoted URL) is not the phrase; one it took a word of still is
        if _names_parameter(q, span[0], name, req.text):
            continue
        if not any(a <= span[0] + 1 and span[1] - 1 <= b for a, b in req.used_spans):
            _use(req, *span)
            # 'the history of tea': a search needs no article; a typing slip is undone, as a search engine would
            return typos.corrected(_LEADING_ARTICLE_RE.sub("", q) or q)
    for m in _QUERY_TRIGGERS.finditer(req.text):
        rest = req.text[m.end() :]
        stop = _QUERY_STOP.search(" " + rest)
        phrase = (rest[: max(stop.start() - 1, 0)] if stop else rest).strip()
        phrase = _ABOUT_RE.sub("", phrase)  # 'for anything about taxes': the phrase is what follows
        kept = phrase.split()
        while kept and kept[0].lower() in _ARTICLES:
            kept.pop(0)
        if any(w.lower().strip(".,!?") not in STOPWORDS for w in kept):  # 'for me' is no phrase
            return typos.corrected(" ".join(kept))
    left = free_text.remainder(req.text, req.used_spans, req.vocabulary) if required else None
    if left is None:
        return _MISSING  # an optional phrase is not made up from the words no other parameter took
    _use(req, *left[1])
    return left[0]
