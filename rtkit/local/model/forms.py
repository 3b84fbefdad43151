"""Values with a written form of their own, read before the general assignment: how often something happens
as a count per period, things listed with how many of each, musical keys and notes, a hyphenated modifier
naming its parameter ('diesel-powered'), a gender and a music genre. Each reader is about English and a
parameter's schema (its name, description, default), never about one tool.
"""

from __future__ import annotations

import re

from rtkit.local.model import assign, extract, music, structures, units
from rtkit.local.model.params import _free, _Param, _Request, _string_items, _types, _use
from rtkit.local.model.profile import COLORS, GENRE_RE, GENRES, dimension_word
from rtkit.local.text import STOPWORDS, split_identifier, stem


def frequency_counts(numeric: list[assign.Profile], req: _Request) -> dict[str, object]:
    """Counts of events per period for the parameters that count events ('compounded quarterly' → 4 a year,
    'every 8 hours' → 3 a day); an adjective use ('an hourly rate') only for a parameter it names."""
    out: dict[str, object] = {}
    for p in [p for p in numeric if _counts_events(p)]:
        heard = next(
            (f for f in structures.frequencies(req.text)
             if _free(req, f[0], f[1]) and (not f[3] or assign.matches(f[3], p.name_stems))),
            None,
        )  # fmt: skip
        if heard is not None:
            count = heard[2] * structures.per_period(f"{p.name.replace('_', ' ')} {p.description}")
            out[p.name] = round(count) if "number" not in p.types or abs(count - round(count)) < 1e-9 else count
            _use(req, heard[0], heard[1])
    return out


_EVENTS_RE = re.compile(r"\b(?:frequency|how often|times|compound\w*)\b", re.IGNORECASE)
_PER_RE = re.compile(r"\bper (?:unit|period|second|minute|hour|day|week|month|year)\b")


def _counts_events(p: assign.Profile) -> bool:
    """A number of times something happens in a period ('The number of times interest is compounded per unit
    time', 'duplication frequency per hour')."""
    first = next(iter(split_identifier(p.name)), "").lower()
    if p.dimension not in ("", "time", "frequency") or units.unit(first) or dimension_word(first):
        return False  # an hourly wage, a speed per hour, 'hours_per_day' measure something else
    name = p.name.replace("_", " ").lower()
    return bool(_EVENTS_RE.search(name) or _PER_RE.search(name) or _EVENTS_RE.search(p.description))


_QUANTITY_RE = re.compile(r"\b(?:quantit\w*|counts?|how many|number of each|amounts?)\b", re.IGNORECASE)


def counted(params: list[_Param], req: _Request) -> dict[str, object]:
    """A list of things and a parallel list of how many of each ('three bottles of olive oil and a bag of rice'
    for 'items' and 'quantities'); with both lists asked for, one thing counted is a list of one ('5 fries')."""
    names = [p for p in params if _string_items(p)]
    counts = [
        p for p in params
        if "array" in p.types and _types(p.schema.get("items") if isinstance(p.schema.get("items"), dict) else {})
        & {"integer", "number"} and _QUANTITY_RE.search(f"{p.name.replace('_', ' ')} {p.description}")
    ]  # fmt: skip
    if len(names) != 1 or len(counts) != 1:
        return _counted_records(params, req)
    least = 1 if names[0].required and counts[0].required else 2
    listed = structures.counted_items(req.text, least, _asks_names(names[0].name, names[0].description))
    if not listed or not all(_free(req, start, end) for _, _, start, end in listed):
        return {}
    for _, _, start, end in listed:
        _use(req, start, end)
    return {names[0].name: [item for item, _, _, _ in listed], counts[0].name: [n for _, n, _, _ in listed]}


_NAME_RE = re.compile(r"\bnames?\b", re.IGNORECASE)


def _asks_names(name: str, description: str) -> bool:
    """Whether a parameter takes the names of the things counted ('List of selected item names'), each the name of
    one ('burger'), rather than the things as counted ('List of items to be priced': 'three pumpkins')."""
    return bool(_NAME_RE.search(f"{name.replace('_', ' ')} {description}"))


def _counted_records(params: list[_Param], req: _Request) -> dict[str, object]:
    """A list of objects each naming a thing and how many of it (items of one string and one count property),
    from things listed with their counts ('five burgers and six chicken wings')."""
    for p in params:
        items = p.schema.get("items") if "array" in p.types else None
        props = items.get("properties") if isinstance(items, dict) else None
        if not isinstance(props, dict) or len(props) != 2:
            continue
        kinds = {name: _types(schema) for name, schema in props.items() if isinstance(schema, dict)}
        text = [name for name, t in kinds.items() if t == {"string"}]
        count = [
            name for name, t in kinds.items()
            if t & {"integer", "number"} and _QUANTITY_RE.search(f"{name} {props[name].get('description', '')}")
        ]  # fmt: skip
        if len(text) != 1 or len(count) != 1 or props[text[0]].get("enum"):
            continue
        named = _asks_names(text[0], str(props[text[0]].get("description") or ""))
        listed = structures.counted_items(req.text, 1 if p.required else 2, named)
        if not listed or not all(_free(req, start, end) for _, _, start, end in listed):
            return {}
        for _, _, start, end in listed:
            _use(req, start, end)
        return {p.name: [{text[0]: item, count[0]: n} for item, n, _, _ in listed]}
    return {}


def musical(params: list[_Param], req: _Request) -> dict[str, object]:
    """Keys and notes ('C# major', 'the note C4') for parameters that take one, read before any number in them."""
    described = {p.name: str(p.schema.get("description") or "") for p in params}
    musical = [p for p in params if music.is_musical(p.name, described[p.name], req.tool_description)]
    found = music.keys(req.text) if musical else []
    out: dict[str, object] = {}
    taken: set[int] = set()
    for param in [p for p in musical if music.is_mode(p.name)]:  # 'scale_type': the mode a key is written with
        key = next((k for k in found if k.mode and _free(req, k.note_end, k.end)), None)
        if key is not None:
            out[param.name] = key.mode
    for param in [p for p in musical if not music.is_mode(p.name)]:
        key = music.choose(found, described[param.name], taken)
        if key is not None:
            taken.add(key.start)
            value = music.value(key, param.name, described[param.name])
            _use(req, key.start, key.end if key.mode and value.lower().endswith(key.mode) else key.note_end)
            out[param.name] = value
    return out


# Two words joined by one hyphen, not a piece of a longer hyphenated identifier ('my-bot-id').
_HYPHENATED_RE = re.compile(r"(?<![\w-])([A-Za-z]{2,})-([A-Za-z]{3,})(?![\w-])")
_VAGUE = frozenset(stem(w) for w in "type kind name category class id value option mode style".split())


def modifier(p: assign.Profile, req: _Request) -> str | None:
    """The first half of a hyphenated modifier whose second half is the parameter's own word: a 'fuel_type' of
    a 'diesel-fueled truck', a 'theme' of a 'jungle-themed party'."""
    own = p.name_stems - _VAGUE
    quoted = [(q.start, q.end) for q in req.reading.quoted] if req.reading is not None else []
    for m in _HYPHENATED_RE.finditer(req.text):
        if any(a <= m.start() < b for a, b in quoted):
            continue  # "'Global-Fabric'": a quoted value is taken as written
        if stem(m.group(2).lower()) in own and stem(m.group(1).lower()) not in p.name_stems and _free(req, *m.span()):
            _use(req, m.start(), m.end())
            return m.group(1).lower()
    return None


_GENDER_RE = re.compile(
    r"\b(?:(women|woman|female|females|ladies|lady|girls|girl|womens|women's)|"
    r"(men|man|male|males|gentlemen|boys|boy|mens|men's))\b",
    re.IGNORECASE,
)


def gender(p: assign.Profile, default: str, req: _Request) -> str | None:
    """A gender the request words ('the top player in women's tennis', 'a male patient'), in the spelling the
    schema's default or description uses: 'women' / 'men', 'female' / 'male' or 'woman' / 'man'."""
    m = next((m for m in _GENDER_RE.finditer(req.text) if _free(req, *m.span())), None)
    if m is None:
        return None
    written = set(re.findall(r"[a-z]+", f"{p.description} {default}".lower()))
    female = m.group(1) is not None
    if written & {"male", "female"}:
        value = "female" if female else "male"
    elif written & {"man", "woman"}:
        value = "woman" if female else "man"
    else:
        value = "women" if female else "men"
    _use(req, *m.span())
    return value


def genre(p: assign.Profile, req: _Request) -> str | None:
    """A music genre the request names ('concerts that play jazz music', 'rock concerts'), capitalised as the
    description's examples are."""
    for m in GENRE_RE.finditer(req.text):
        if _free(req, *m.span()):
            _use(req, *m.span())
            value = m.group().lower()
            written = re.search(r"\b[A-Z][a-z]+\b", re.sub(r"^\W*\w+", "", p.description))
            return value.title() if written and written.group().lower() in GENRES else value
    return None


def colour(p: assign.Profile, req: _Request) -> str | None:
    """A colour the request names, most often as an adjective ('red shoes in size 8', 'a car in blue'), for a
    colour parameter: spelled as the description writes it, else in lower case. A capitalised colour inside a
    sentence starts a name ('the Red Sea', 'Green Bay'), not a colour."""
    for k, token in enumerate(req.tokens):
        if token.lower not in COLORS or not _free(req, token.start, token.end):
            continue
        opens = k == 0 or re.search(r"[.!?]\s*$", req.text[req.tokens[k - 1].end : token.start]) is not None
        if req.text[token.start].isupper() and not opens:
            continue
        _use(req, token.start, token.end)
        written = re.search(rf"\b{token.lower}\b", p.description, re.IGNORECASE)
        return written.group() if written else token.lower
    return None


_COMPASS_RE = re.compile(
    r"(?<![\w.])([-−]?\d{1,3}(?:\.\d+)?)\s*°?\s*(?:([NSEW])\b|(north|south|east|west)\b)", re.IGNORECASE
)
_AXES = {"n": "latitude", "s": "latitude", "e": "longitude", "w": "longitude"}


def _axis(p: assign.Profile) -> str | None:
    """'latitude' or 'longitude' for a parameter named for one ('lat', 'longitude', 'lng')."""
    words = {w.lower() for w in split_identifier(p.name)}
    if words & {"latitude", "lat"}:
        return "latitude"
    if words & {"longitude", "lon", "lng", "long"}:
        return "longitude"
    return None


def compass(numeric: list[assign.Profile], req: _Request) -> dict[str, object]:
    """Coordinates written with their hemisphere ('37.87 N, 119.54 W', '33.9° south'): north and south give the
    latitude, east and west the longitude, south and west negative."""
    out: dict[str, object] = {}
    axes = {axis: p for p in numeric if (axis := _axis(p)) is not None}
    if not axes:
        return out
    for m in _COMPASS_RE.finditer(req.text):
        letter = (m.group(2) or m.group(3))[0].lower()
        if m.group(2) and m.group(2).islower():
            continue  # 'e' or 's' in lower case is a word, not a hemisphere
        p = axes.get(_AXES[letter])
        if p is None or p.name in out or not _free(req, m.start(), m.end()):
            continue
        value = float(m.group(1).replace("−", "-"))
        value = -abs(value) if letter in ("s", "w") else abs(value)
        out[p.name] = int(value) if value.is_integer() and "integer" in p.types else value
        _use(req, m.start(), m.end())
    return out


_SHORT_YEAR_RE = re.compile(r"(?<![\w'’‘])['’‘](\d{2})\b(?!['’‘])")


def short_years(params: list[_Param], req: _Request) -> dict[str, object]:
    """A year written with an apostrophe and two digits ('songs from '19', 'the '80s') for a parameter named for a
    year: the latest such year not after next year."""
    years = [p for p in params if "year" in p.kinds and p.types & {"integer", "number", "string"} and not p.enum]
    said = next((m for m in _SHORT_YEAR_RE.finditer(req.text) if _free(req, m.start(), m.end())), None)
    if len(years) != 1 or said is None:
        return {}
    two = int(said.group(1))
    year = 2000 + two if 2000 + two <= req.today.year + 1 else 1900 + two
    _use(req, said.start(), said.end())
    return {years[0].name: str(year) if years[0].types == {"string"} else year}


_COUNTED_COMPOUND_RE = re.compile(r"(?<![\d.])\b(\d+|[a-z]+)-([a-z]+)\b", re.IGNORECASE)  # not '5' of '2.5-hour'


def hyphenated_counts(numeric: list[assign.Profile], req: _Request) -> dict[str, object]:
    """Counts written as a compound with the thing counted ('a two-bedroom, one-bathroom flat', 'a 3-day pass') for
    the parameter named for that thing."""
    out: dict[str, object] = {}
    for m in _COUNTED_COMPOUND_RE.finditer(req.text):
        found = extract.numbers(extract.tokenize(m.group(1)))
        if len(found) != 1 or not isinstance(found[0].value, int) or not _free(req, m.start(), m.end()):
            continue
        noun = m.group(2).lower()
        p = next((p for p in numeric if p.name not in out and _names_counted(noun, p)), None)
        if p is not None:
            out[p.name] = found[0].value
            _use(req, m.start(), m.end())
    return out


_PEOPLE_COUNTED = {stem(w) for w in "adult people person passenger guest traveler traveller ticket seat".split()}
_PARTY_RE = re.compile(
    r"\b(?:(?:just|only)\s+)?for\s+(?:myself|me)\b(?:\s+and\s+(\w+)\s+others?\b)?"
    r"|\b(?:myself|me)\s+and\s+(\w+)\s+others?\b",
    re.IGNORECASE,
)  # 'just for myself' is one; 'for myself and one other adult' is two


def party_counts(numeric: list[assign.Profile], req: _Request) -> dict[str, object]:
    """How many people a request is for when it says so in words ('it's just for myself', 'for me and two
    others'), for the one parameter counting people or their tickets, when no number is said for it."""
    counting = [p for p in numeric if p.name_stems & _PEOPLE_COUNTED]
    said = _PARTY_RE.search(req.text)
    if len(counting) != 1 or said is None or not _free(req, said.start(), said.end()):
        return {}
    for n in req.numbers:
        after = next((t for t in req.tokens if t.start >= n.end), None)
        if after is not None and stem(after.lower) in _PEOPLE_COUNTED and not said.start() <= n.start < said.end():
            return {}  # 'for me, 3 adults in all': the number says it
    others = said.group(1) or said.group(2)
    extra = extract.numbers(extract.tokenize(others)) if others else []
    if others and (len(extra) != 1 or not isinstance(extra[0].value, int)):
        return {}
    _use(req, said.start(), said.end())
    return {counting[0].name: 1 + (extra[0].value if extra else 0)}


def _names_counted(noun: str, p: assign.Profile) -> bool:
    """Whether a counted noun is what a parameter counts: its name's word, or a compound of it ('bedroom' for
    'number_of_beds')."""
    own = p.name_stems - {"number", "num", "count", "total", "of", "n"}
    return assign.matches(noun, own) or any(len(s) >= 3 and noun.startswith(s) for s in own)


# The digits must be the whole value: '4-870-2291' or '12.5' is no number labelled as an ID.
_LABELLED_ID_RE = re.compile(
    r"(\w+\s+)?\b(?:id|number|no\.?)\s*(?:is\s+|[:=#]\s*)?#?(\d+)\b(?![-./]\w)|()#(\d+)\b(?![-./]\w)", re.IGNORECASE
)


# Words before 'id' that leave the number the parameter's own ('with id 47', 'his id is 47').
_LABEL_OPENERS = STOPWORDS | {"his", "her", "their"}


def labelled_id(p: _Param, req: _Request, only: bool = False) -> int | None:
    """A whole number written as an identifier ('the ID 7890', 'order number is 12', '#42') that no other
    parameter took, for a required integer identifier the general assignment left empty; not one another noun
    labels ('order id:3' is no 'region_id'), unless the parameter is the tool's `only` identifier and the noun
    one of the tool's own words ('order id:3' for a tool that shows an order)."""
    digits = labelled_digits(p, req, only)
    return None if digits is None else int(digits)


def labelled_digits(p: _Param, req: _Request, only: bool = False) -> str | None:
    """The digits of a number written as an identifier (see `labelled_id`), as written; marked used."""
    for m in _LABELLED_ID_RE.finditer(req.text):
        label = (m.group(1) or "").strip().lower()
        own = only and stem(label) in req.frame
        if label and label not in _LABEL_OPENERS and stem(label) not in p.words and not own:
            continue
        digits = m.group(2) or m.group(4)
        start = m.start(2) if m.group(2) else m.start(4)
        if _free(req, start, start + len(digits)):
            _use(req, start, start + len(digits))
            return str(digits)
    return None


# What a description says an identifier identifies ('The unique identifier of the build node.').
_IDENTIFIES_RE = re.compile(r"\bidentifier (?:of|for) (?:the |an? )?([a-z]+(?: [a-z]+){0,2})", re.IGNORECASE)
_HANDLE = r"[\"'“]?([A-Za-z0-9][\w.-]*[A-Za-z0-9])[\"'”]?"


def named_id(p: _Param, req: _Request) -> str | None:
    """The name a request gives the thing a required string identifier identifies, written right after the noun
    for that thing, with ':', 'is', 'named' or as an apposition ('the build node qorvax', 'robot: r2_unit'): one
    word that is no function word nor one of the tool's own words, closing its clause."""
    m = _IDENTIFIES_RE.search(p.description)
    words = [w.lower() for w in m.group(1).split()] if m else []
    while words and words[-1] in STOPWORDS:
        words.pop()
    if not words:
        return None
    head = re.escape(words[-1])
    pattern = rf"\b{head}s?(?:\s*:\s*|\s+(?:is|named|called)\s+|\s+){_HANDLE}(?=\s*(?:[,.;?!]|$|\w+))"
    for found in re.finditer(pattern, req.text, re.IGNORECASE):
        value, start, end = found.group(1), found.start(1), found.end(1)
        after = re.match(r"\s*([A-Za-z]*)", req.text[end:])
        closes = after is None or not after.group(1) or after.group(1).lower() in STOPWORDS
        low = value.lower()
        if low in STOPWORDS or stem(low) in req.frame or not closes or not _free(req, start, end):
            continue
        _use(req, start, end)
        return value
    return None


# A format of 'key:Placeholder' pairs a description asks a value to be written in ('track:SongName artist:Name').
_PAIR = r"[a-z_]+:[A-Z][A-Za-z]*(?:\s[A-Z][A-Za-z]*)*"
_TEMPLATE_RE = re.compile(rf"['\"`]({_PAIR}(?:\s+{_PAIR})*)['\"`]")


def template_keys(description: str) -> list[str]:
    """The keys of a 'key:Placeholder key:Placeholder' format the description gives, in order; [] when none."""
    m = _TEMPLATE_RE.search(description)
    return re.findall(r"([a-z_]+):", m.group(1)) if m else []


# Words after 'a' that make it no count of one: 'a few tickets', 'a couple of seats', 'a pair of shoes'.
_NOT_ONE = frozenset({"few", "couple", "lot", "lots", "number", "pair", "dozen", "group", "bunch", "set", "total"})
_COUNTED_RE = re.compile(r"\bnumber of ((?:[a-z-]+ ){0,2}[a-z-]+)")


def one_by_article(param: _Param, req: _Request) -> object:
    """1 for a count of things the request asks for with 'a' or 'an' and no number ('find a one-way flight' for
    'the number of flight tickets'): the article says one; None when the request names no such thing."""
    if "integer" not in param.types or param.required:
        return None  # an article is weak evidence: it never makes a call complete that lacks a count
    counted = _counted_nouns(param)
    tokens = req.tokens
    for k, token in enumerate(tokens):
        if token.lower not in ("a", "an") or k + 1 >= len(tokens) or tokens[k + 1].lower in _NOT_ONE:
            continue
        for j in range(k + 1, min(k + 6, len(tokens))):
            hyphened = req.text[tokens[j].end : tokens[j].end + 1] == "-"  # 'a one-way flight'
            if tokens[j].lower[:1].isdigit() or tokens[j].lower in STOPWORDS and not hyphened:
                break
            if req.stems[j] in counted and not tokens[j].lower.endswith("s"):
                return 1
    return None


def _counted_nouns(param: _Param) -> set[str]:
    """Stems of what a count parameter counts: its name's words after 'number of' / 'num', and the noun phrase
    after 'number of' in its description ('The number of flight tickets required' → flight, ticket)."""
    words = [w.lower() for w in split_identifier(param.name)]
    counted = (
        set(words[words.index("of") + 1 :]) if "of" in words else set(words[1:]) if words[:1] == ["num"] else set()
    )
    m = _COUNTED_RE.search(param.description.lower())
    if m:
        for w in m.group(1).split():
            if w in STOPWORDS or w.endswith("ed"):
                break
            counted.add(w)
    return {stem(w) for w in counted}


_TO_BE_DONE_RE = re.compile(r"\b(?:to be|being|that is|which is) ([a-z]+ed)\b", re.IGNORECASE)
_BARE_IMPERATIVE_RE = re.compile(r"\s*([A-Za-z]+)\s+(?:me\s+)?(?P<object>[^\s\"'“‘].*?)[\s.!?]*$", re.DOTALL)
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "my", "our", "your", "some", "it"}


def verbs_object(params: list[_Param], req: _Request) -> dict[str, object]:
    """The rest of a bare command as the value its verb acts on, for the one required text parameter described as
    what that verb is done to ('The value to be shuffled' and 'Shuffle good morning' give 'good morning'). A rest
    opening with a determiner ('Shuffle the letters of ...') says what the value is, not the value, and gives none;
    a command of more than a few words is more than a value."""
    said = _BARE_IMPERATIVE_RE.fullmatch(req.text)
    if said is None:
        return {}
    rest = said.group("object")
    words = rest.split()
    if words[0].lower() in _DETERMINERS or len(words) > 6:
        return {}
    verb = stem(said.group(1).lower())
    acted_on = [
        p
        for p in params
        if p.required
        and p.types <= {"string"}
        and p.enum is None
        and (done := _TO_BE_DONE_RE.search(str(p.schema.get("description") or ""))) is not None
        and stem(done.group(1).lower()) == verb
    ]
    if len(acted_on) != 1:
        return {}
    _use(req, said.start("object"), said.start("object") + len(rest))
    return {acted_on[0].name: rest}
