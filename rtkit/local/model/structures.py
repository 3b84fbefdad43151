"""Structures a request writes beyond single values: formulas ('3x^2 + 2x - 1'), bracketed and inline lists,
lists of lists and key-value pairs, ranges ('from 1 to 3'), coordinate pairs, values joined by 'and', units on their
own ('in km/h'), periods ('next week'), quantities as text ('19th century'), countries named by their adjective,
and the plain noun phrases left once typed values and the tool's own words are taken.
"""

from __future__ import annotations

import re

from rtkit.local.model import extract, mentions, typos, units
from rtkit.local.model.places import demonym as place_demonym
from rtkit.local.model.places import is_place as place_is_town
from rtkit.local.model.places import lookup as place_lookup
from rtkit.local.model.spans import (
    COMMON_WORDS,
    FUNCTION_WORDS,
    GENERIC_NOUNS,
    QUALIFIERS,
    REQUEST_VERBS,
    Reading,
    Span,
    Word,
)
from rtkit.local.model.spans import overlaps as _overlaps
from rtkit.local.text import ID_LABELS

_TERM = (
    r"(?:\d+(?:\.\d+)?\s*\*?\s*)?"
    r"(?:[a-z](?:\s*(?:\^|\*\*)\s*\d+(?:\.\d+)?)?|\d+(?:\.\d+)?|(?:sin|cos|tan|exp|log|ln|sqrt)\s*\([^()]*\))"
)


_EXPRESSION_RE = re.compile(
    rf"(?<![\w^*/+\-.,$€£¥])(?:(?:[a-z]\s*\(\s*[a-z]\s*\)|[a-z])\s*=\s*)?([-+]?\s*{_TERM}(?:\s*[-+*/]\s*{_TERM})*)(?![\w^])"
)


_BRACKETS_RE = re.compile(r"\[([^\[\]]*)\]|\(([^()]*)\)|\{([^{}]*)\}")


_COMPASS_RE = re.compile(r"^\s*([-−]?\d+(?:\.\d+)?)\s*°?\s*([NSEW])?\s*$", re.IGNORECASE)


def expressions(text: str) -> list[Span]:
    """Formulas in a variable: '3x^2 + 2x - 1', 'y = x^3', '2x**2', 'sin(x) + 1' (value with ** for powers,
    without a leading 'y =' or 'f(x) =')."""
    out = []
    for m in _EXPRESSION_RE.finditer(text):
        body = m.group(1).strip()
        variables = set(re.findall(r"(?<![a-z])[a-z](?![a-z])", re.sub(r"(?:sin|cos|tan|exp|log|ln|sqrt)", "", body)))
        operated = bool(re.search(r"\^|\*\*|\d\s*\*?\s*[a-z](?![a-z])|[a-z0-9)]\s*[-+*/]\s*[a-z0-9(]", body))
        if len(variables) != 1 or not operated or len(body) < 3 or variables & {"a", "i"}:
            continue
        if re.fullmatch(r"[\d.]+e[-+]?\d+", body.replace(" ", "")):
            continue  # scientific notation ('1e-9'), a number
        if re.fullmatch(r"[\d.]+\s*([a-z])(?:\s*(?:\^|\*\*)\s*\d)?", body) and units.unit(variables.pop()) is not None:
            continue  # a quantity with its unit ('5000m', '10 m^3'), not a formula
        if re.fullmatch(r"[a-z]\s*[-+*/]\s*\d+", body) and not m.group(0).startswith(body):
            continue
        start = m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
        value = re.sub(r"\s*\^\s*", "**", body)
        out.append(Span("expression", value, start, start + len(body), body))
    return out


def _item(text: str) -> object:
    text = text.strip().strip("'\"“”‘’`").strip()
    try:
        return int(text) if re.fullmatch(r"[-−]?\d+", text) else float(text.replace("−", "-"))
    except ValueError:
        return text


def _coordinate(text: str) -> float | None:
    m = _COMPASS_RE.match(text)
    if not m:
        return None
    value = float(m.group(1).replace("−", "-"))
    if (m.group(2) or "").upper() in ("S", "W"):
        value = -abs(value)
    return value


_NESTED_RE = re.compile(r"\[\s*\[[^\[\]]*\](?:\s*,\s*\[[^\[\]]*\])+\s*\]")


_PAIR_RE = re.compile(r"['\"]([\w ]{1,40})['\"]\s*:\s*(?:['\"]([^'\"]{1,200})['\"]|(-?\d+(?:\.\d+)?))")


def nested(text: str) -> list[Span]:
    """Lists of lists ('[[10, 20], [30, 40]]') and key-value pairs ("'name': 'John Doe', 'email': '...'")."""
    out = []
    for m in _NESTED_RE.finditer(text):
        rows = [[_item(v) for v in re.split(r"\s*,\s*", inner.strip()) if v.strip()]
                for inner in re.findall(r"\[([^\[\]]*)\]", m.group())]  # fmt: skip
        out.append(Span("list", rows, m.start(), m.end(), m.group()))
    pairs = list(_PAIR_RE.finditer(text))
    run: list[re.Match[str]] = []
    for pair in [*pairs, None]:
        if pair is not None and (not run or re.fullmatch(r"\s*,?\s*(?:and\s+)?", text[run[-1].end() : pair.start()])):
            run.append(pair)
            continue
        if len(run) >= 1 and (len(run) >= 2 or "{" in text[max(0, run[0].start() - 2) : run[0].start()]):
            value = {r.group(1): (r.group(2) if r.group(2) is not None else _item(r.group(3))) for r in run}
            out.append(Span("dict", value, run[0].start(), run[-1].end(), text[run[0].start() : run[-1].end()]))
        run = [pair] if pair is not None else []
    return out


def lists(text: str, nums: list[Span], quotes: list[Span]) -> tuple[list[Span], list[Span]]:
    """Bracketed lists ('[1, 2, 3]', '(3, 4)', "['a', 'b']"), runs of numbers or quoted strings joined by commas
    and 'and' ('85, 90 and 88'), and two-number pairs ('(33.4 N, 112.1 W)', 'A(3,4)') as coordinate pairs."""
    found: list[Span] = []
    pairs: list[Span] = []
    for m in _BRACKETS_RE.finditer(text):
        inner = next(g for g in m.groups() if g is not None)
        parts = [p for p in re.split(r"\s*[,;]\s*", inner.strip()) if p.strip()]
        if len(parts) < 2 or len(inner) > 400:
            continue
        coordinates = [_coordinate(p) for p in parts]
        if len(parts) == 2 and all(c is not None for c in coordinates) and m.group(2) is not None:
            pairs.append(Span("pair", coordinates, m.start(), m.end(), m.group()))
            continue
        items = [_item(p) for p in parts]
        if all(isinstance(i, int | float) for i in items) or all(isinstance(i, str) and len(i) < 60 for i in items):
            found.append(Span("list", items, m.start(), m.end(), m.group()))
    inside = [(s.start, s.end) for s in found + pairs]
    for m in _POINT_RE.finditer(text):  # 'the point 3, 4': a pair named as a point, without brackets
        if not _overlaps(m.start(1), m.end(), inside):
            pairs.append(Span("pair", [_item(m.group(1)), _item(m.group(2))], m.start(1), m.end(), m.group()))
    for m in _LAT_LON_RE.finditer(text):  # 'latitude 37.87 and longitude -122.27': latitude first, as written or not
        if not _overlaps(m.start(), m.end(), inside) and (m.group(1)[:3].lower() == "lat") != (
            m.group(3)[:3].lower() == "lat"
        ):
            lat, lon = (m.group(2), m.group(4)) if m.group(1)[:3].lower() == "lat" else (m.group(4), m.group(2))
            pairs.append(Span("pair", [_number(lat), _number(lon)], m.start(), m.end(), m.group()))
    for m in _SIDES_RE.finditer(text):  # '30% from the top and 60% from the left': across (x) first, then down (y)
        first_across = m.group(2).lower() in _ACROSS
        if not _overlaps(m.start(), m.end(), inside) and first_across != (m.group(4).lower() in _ACROSS):
            x, y = (m.group(1), m.group(3)) if first_across else (m.group(3), m.group(1))
            pairs.append(Span("pair", [_item(x), _item(y)], m.start(), m.end(), m.group()))
    inside = [(s.start, s.end) for s in found + pairs]
    for x, y, z in zip(nums, nums[1:], [*nums[2:], None], strict=False):  # 'the point three, four' said in words
        if _overlaps(x.start, y.end, inside) or not re.search(_POINT_OPEN, text[: x.start]):
            continue
        comma = r"\s*,\s*"
        if re.fullmatch(comma, text[x.end : y.start]) and not (z and re.fullmatch(comma, text[y.end : z.start])):
            pairs.append(Span("pair", [x.value, y.value], x.start, y.end, text[x.start : y.end]))
    inside = [(s.start, s.end) for s in found + pairs]
    for low, high in zip(nums, nums[1:], strict=False):  # 'from x = 1 to x = 3', 'between 2012 and 2015'
        if _overlaps(low.start, high.end, inside) or not re.search(_RANGE_OPEN, text[: low.start]):
            continue
        if re.fullmatch(_RANGE_JOIN, text[low.end : high.start]):
            found.append(Span("list", [low.value, high.value], low.start, high.end, text[low.start : high.end]))
    inside = [(s.start, s.end) for s in found + pairs]
    found += _runs(text, [n for n in nums if not _overlaps(n.start, n.end, inside)], "number")
    inside = [(s.start, s.end) for s in found + pairs]
    found += _spaced_runs(text, [n for n in nums if not _overlaps(n.start, n.end, inside)])
    found += _runs(text, [q for q in quotes if not _overlaps(q.start, q.end, inside)], "quoted")
    inside = [(s.start, s.end) for s in found + pairs]
    found += [s for s in line_lists(text) if not _overlaps(s.start, s.end, inside)]
    return sorted(found, key=lambda s: s.start), pairs


# A line break, typed or written as the two characters of its escape ('\\n', as text pasted from JSON shows it).
_LINE_BREAK_RE = re.compile(r"\r?\n|\\n")
_BULLET_RE = re.compile(r"^\s*(?:[-*•·+]|\d{1,2}[.)])\s+")
_LINE_ITEM_WORDS = 6
"""At most this many words in an item written one a line: a longer line is a sentence, not an item."""


def line_lists(text: str) -> list[Span]:
    """Lists written one item a line, three lines or more, all bulleted ('* Red square', '1. Milk') or all
    plain short lines ('red logo'); an item's closing full stop or comma is no part of it."""
    lines: list[tuple[int, int]] = []
    start = 0
    for m in _LINE_BREAK_RE.finditer(text):
        lines.append((start, m.start()))
        start = m.end()
    lines.append((start, len(text)))
    out: list[Span] = []
    run: list[tuple[str, int, int]] = []
    style: bool | None = None
    for a, b in [*lines, (len(text), len(text))]:
        line = text[a:b]
        bullet = _BULLET_RE.match(line)
        item = str(_item(line[bullet.end() :] if bullet else line)).rstrip(".,;").strip()
        fits = bool(item) and len(item.split()) <= _LINE_ITEM_WORDS and not re.search(r"[:?!{}\[\]]", item)
        if fits and (not run or style == bool(bullet)):
            run.append((item, a, b))
            style = bool(bullet)
            continue
        if len(run) >= 3:
            raw = text[run[0][1] : run[-1][2]]
            out.append(Span("list", [i for i, _, _ in run], run[0][1], run[-1][2], raw))
        run = [(item, a, b)] if fits else []
        style = bool(bullet) if fits else None
    return out


def name_lists(text: str, found: list[Span]) -> list[Span]:
    """Names joined by commas and 'and' ('Microsoft and Google', 'the S&P 500 and the Dow Jones')."""
    return _runs(text, found, "name")


_POINT_RE = re.compile(
    r"\b(?:point|coordinates?|location|position)\s+(?:at\s+)?([-−]?\d+(?:\.\d+)?)\s*,\s*([-−]?\d+(?:\.\d+)?)\b(?!\s*,\s*\d)"
)


_POINT_OPEN = r"\b(?:point|coordinates?|location|position)\s+(?:at\s+)?(?:minus\s+|negative\s+)?$"


_AXIS = r"(lat(?:itude)?|long(?:itude)?|lng|lon)"
_AXIS_NUMBER = r"([-−]?\d{1,3}(?:\.\d+)?)(?![\d.])"
_AXIS_VALUE = rf"(?:an?\s+|the\s+|its\s+)?{_AXIS}\s*(?:of\s+|is\s+|at\s+|=\s*|:\s*)?{_AXIS_NUMBER}"
# Two coordinates each labelled with its axis, joined by a comma or 'and': 'latitude 40.7 and longitude -74.0',
# 'lat: 40.7, lng: -74.0'. The first group of a match is always an axis word, the second its number.
_SIDE_VALUE = r"([-−]?\d+(?:\.\d+)?)\s*(?:%|percent|px|pixels?)?\s+from\s+the\s+(top|bottom|left|right)\b"
_SIDES_RE = re.compile(rf"{_SIDE_VALUE}\s*(?:,\s*(?:and\s+)?|\s+and\s+){_SIDE_VALUE}", re.IGNORECASE)
_ACROSS = ("left", "right")
"""A distance from the left or right edge is across (x); one from the top or bottom is down (y)."""


_LAT_LON_RE = re.compile(
    rf"\b{_AXIS_VALUE}\s*(?:,\s*(?:and\s+)?|;\s*|\s+and\s+)(?:with\s+)?{_AXIS_VALUE}\b",
    re.IGNORECASE,
)


def _number(text: str) -> float:
    return float(text.replace("−", "-"))


_RANGE_OPEN = r"\b(?:from|between|range|interval|limits?)\s+(?:of\s+)?(?:[a-z]\s*=\s*)?$"


_RANGE_JOIN = r"\s*(?:to|and|through|until|-|–)\s*(?:[a-z]\s*=\s*)?"


def _chains(text: str, spans: list[Span], gap: str) -> list[list[Span]]:
    """The spans in runs, each next one joined to the one before by text matching `gap` alone."""
    chains: list[list[Span]] = []
    for span in spans:
        if chains and re.fullmatch(gap, text[chains[-1][-1].end : span.start]):
            chains[-1].append(span)
        else:
            chains.append([span])
    return chains


def _as_list(text: str, run: list[Span]) -> Span:
    return Span("list", [s.value for s in run], run[0].start, run[-1].end, text[run[0].start : run[-1].end])


def _runs(text: str, spans: list[Span], kind: str) -> list[Span]:
    """Two or more spans of one kind joined only by commas and 'and'/'or' ('3, 4 and 5')."""
    gap = r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)" + (r"(?:the\s+)?" if kind == "name" else "")
    return [
        _as_list(text, run)
        for run in _chains(text, spans, gap)
        if len(run) >= 2 and (kind != "number" or len(run) >= 3 or _joined_by_and(text, run))
    ]


_SPACED_LEAST = 4
"""At least this many numbers in a list written with spaces alone ('3 1 2 1 4 3'): fewer read as separate values."""


def _spaced_runs(text: str, nums: list[Span]) -> list[Span]:
    """Numbers written one after another with only spaces between them ('3 1 2 1 4 3'), as a list."""
    return [_as_list(text, run) for run in _chains(text, nums, r" +") if len(run) >= _SPACED_LEAST]


# Between two numbers of a list, each number's own short qualifier before the comma or 'and' that joins them
# ('IDs 102 for size L and 103 for size M').
_QUALIFIED_GAP_RE = re.compile(r"\s+(?:for|in|of|with|at|from|on)\s+[^\d,.;:!?]{1,24}?(?:\s*,\s*(?:and\s+)?|\s+and\s+)")
_LABELLED_NUMBER_RE = re.compile(r"\b([A-Za-z]+s)\s+(?:#\s*)?(\d+(?:\.\d+)?)(?![\w.])")
_NEXT_NUMBER_RE = re.compile(r"(?:#\s*)?(\d+(?:\.\d+)?)(?![\w.])")


def qualified_runs(text: str) -> list[tuple[str, Span]]:
    """Numbers after a plural noun, each with its own qualifier, joined by commas and 'and' ('item IDs 102 for
    size L and 103 for size M'): the noun, with the numbers as a list. Read from the text itself, since a
    capitalised noun and its number also read as one name ('IDs 102')."""
    out: list[tuple[str, Span]] = []
    for m in _LABELLED_NUMBER_RE.finditer(text):
        values, end = [float(m.group(2))], m.end()
        while gap := _QUALIFIED_GAP_RE.match(text, end):
            number = _NEXT_NUMBER_RE.match(text, gap.end())
            if number is None:
                break
            values.append(float(number.group(1)))
            end = number.end()
        if len(values) >= 2:
            items = [int(v) if v.is_integer() else v for v in values]
            out.append((m.group(1), Span("list", items, m.start(2), end, text[m.start(2) : end])))
    return out


def _joined_by_and(text: str, run: list[Span]) -> bool:
    return bool(re.search(r"\b(?:and|or)\b|&", text[run[-2].end : run[-1].start]))


_UNIT_WORD_RE = re.compile(
    r"(?<![\w/])(?:(?:square|sq\.?|cubic)\s+[A-Za-z]+|[A-Za-z]+\s+per\s+[A-Za-z]+|degrees?\s+[A-Za-z]+|"
    r"[A-Za-z°µμ][A-Za-z°µμ/^²³]*)"
)


# Unit names that are ordinary words on their own ('a second opinion', 'in a minute', 'five pounds' of money).
_PLAIN_WORDS = {"second", "seconds", "minute", "pound", "pounds", "in", "am", "at", "a", "an", "mean", "per"}


def unit_words(reading: Reading) -> list[Span]:
    """Units the request names, as written: with a number ('4 inches') or on their own ('in Celsius', 'in km/h')."""
    out: list[Span] = []
    for n in reading.numbers:
        if n.unit is not None and n.value_end < n.end:
            start = (
                n.value_end + len(reading.text[n.value_end : n.end]) - len(reading.text[n.value_end : n.end].lstrip())
            )
            unit_text = reading.text[start : n.end]
            out.append(Span("unit", unit_text, start, n.end, unit_text, unit=n.unit, value_end=n.start))
    taken = [(n.start, n.end) for n in reading.numbers]
    for m in _UNIT_WORD_RE.finditer(reading.text):
        for text in dict.fromkeys((m.group(), m.group().split()[0])):
            found = units.unit(text)
            if (
                found is None
                or text.lower() in _PLAIN_WORDS
                or len(text) < 2
                or _overlaps(m.start(), m.start() + len(text), taken)
            ):
                continue
            out.append(Span("unit", text, m.start(), m.start() + len(text), text, unit=found))
            break
    return sorted(out, key=lambda s: s.start)


def groups(reading: Reading, found: list[Span]) -> list[Span]:
    """Values joined by commas and 'and' / 'or' as one list ('chicken and mushrooms', 'efficient, organized,
    easy going and compassionate')."""
    ordered = sorted(found, key=lambda s: s.start)
    out: list[Span] = []
    run: list[Span] = []
    for span in [*ordered, None]:
        if span is not None and run and span.start >= run[-1].end:
            gap = reading.text[run[-1].end : span.start]
            if re.fullmatch(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)(?:the\s+|a\s+|an\s+)?", gap):
                run.append(span)
                continue
        if len(run) >= 2:
            text = reading.text[run[0].start : run[-1].end]
            out.append(Span("list", [s.value for s in run], run[0].start, run[-1].end, text))
        run = [span] if span is not None else []
    return out


_RELATIVE_PERIOD_RE = re.compile(r"\b(next|this|coming|last|past|upcoming)\s+(week|month|year|weekend|day)\b", re.I)


def periods(text: str) -> list[Span]:
    """'next week', 'the coming month': one unit of time from now (a number 1 with its unit)."""
    out = []
    for m in _RELATIVE_PERIOD_RE.finditer(text):
        unit = units.unit(m.group(2)) if m.group(2).lower() != "weekend" else units.unit("days")
        value = 2 if m.group(2).lower() == "weekend" else 1
        out.append(Span("number", value, m.start(), m.end(), m.group(), unit=unit, value_end=m.end(), words=True))
    return out


def quantity_phrases(reading: Reading) -> list[Span]:
    """A number with what it counts, as text for a string parameter: '2 weeks', '19th century', '3 days', or a
    period from now: 'next month'."""
    out = [Span("phrase", m.group(), m.start(), m.end(), m.group(), unit=units.unit("month"))
           for m in _RELATIVE_PERIOD_RE.finditer(reading.text)]  # fmt: skip
    for n in reading.numbers:
        unit = n.unit if n.unit is not None and n.unit.dimension == "time" else None
        if unit is not None:
            out.append(Span("phrase", n.text, n.start, n.end, n.text, unit=unit))
            continue
        after = reading.after(n.end, 1)
        if n.ordinal and after and after[0].start - n.end <= 1 and after[0].lower not in FUNCTION_WORDS:
            text = reading.text[n.start : after[0].end]
            found = units.unit(after[0].lower)
            out.append(Span("phrase", text, n.start, after[0].end, text, unit=found or units.unit("year")))
    return out


def demonyms(reading: Reading) -> list[Span]:
    """Countries named by their adjective ('German history' → Germany), as names."""
    out = []
    for w in reading.words:
        country = place_demonym(w.text)
        if country:
            out.append(Span("name", country, w.start, w.end, w.text, qualifier="demonym"))
    return out


_PHRASE_BREAK = (
    FUNCTION_WORDS | REQUEST_VERBS | COMMON_WORDS | QUALIFIERS | {"what's", "whats", "it's", "i'm", "don't", "let's"}
)


def _is_unit_word(word: str) -> bool:
    return len(word) > 2 and word not in ("second", "minute", "pound", "pounds") and units.unit(word) is not None


def _compound(run: list[Word], head: Word, text: str) -> bool:
    """`head` ends a compound whose modifier cannot name the thing alone: a gerund ('living room', 'dining room',
    'waiting room'). A noun modifier names it by itself ('the cardiology ward' is 'cardiology'), and a plural head
    restates the kind of several values ('blue colors')."""
    singular = not head.lower.endswith("s") or head.lower.endswith("ss")
    gerund = bool(run) and run[-1].lower.endswith("ing") and len(run[-1].lower) > 4
    return singular and gerund and text[run[-1].end : head.start] == " "


def phrases(
    reading: Reading, vocabulary: set[str], used: list[tuple[int, int]], heads: frozenset[str] = frozenset()
) -> list[Span]:
    """Runs of content words that are neither the tool's own words (`vocabulary`, stems) nor typed spans nor
    `used`: the plain noun phrases a free-form parameter may take ('plasma membrane', 'land disputes'). A word of
    `heads` (stems: the nouns naming what a parameter is, 'room') that heads a compound with a gerund ends the run
    ('the living room lights' → 'living room'), though it is the tool's own word."""
    blocked = [(s.start, s.end) for s in reading.typed] + list(used)
    out: list[Span] = []
    run: list[Word] = []

    def flush() -> None:
        while run and (run[-1].lower in GENERIC_NOUNS or run[-1].lower in _PHRASE_BREAK):
            run.pop()
        while run and (run[0].lower in GENERIC_NOUNS or run[0].lower in _PHRASE_BREAK):
            run.pop(0)
        if len(run) > 1 and run[0].lower in ID_LABELS:
            run.pop(0)  # 'with id dentist': the label of the value, not part of it
        if run:
            start, end = run[0].start, run[-1].end
            out.append(Span("phrase", reading.text[start:end], start, end, reading.text[start:end]))
        run.clear()

    for k, w in enumerate(reading.words):
        content = w.lower[:1].isalpha() and w.lower not in _PHRASE_BREAK and not _is_unit_word(w.lower)
        last = k + 1 == len(reading.words) or not reading.words[k + 1].lower[:1].isalpha()
        if content and run and w.lower.endswith("ing") and len(w.lower) > 5 and not last:
            content = False  # a participle ends the phrase: 'chocolate cake including the steps' ('urban cycling.')
        tool_word = w.stem in vocabulary and w.lower not in ("-",)
        if tool_word and content and w.stem in heads and _compound(run, w, reading.text):
            run.append(w)
            flush()
            continue
        if not content or tool_word or _overlaps(w.start, w.end, blocked):
            flush()
            continue
        if run and reading.text[run[-1].end : w.start].strip() not in ("", "-"):
            flush()  # a comma or other symbol ends the phrase
        run.append(w)
    flush()
    joined = []
    for a, b in zip(out, out[1:], strict=False):  # 'theory of relativity', 'law of universal gravitation'
        if re.fullmatch(r"\s+of\s+(?:the\s+)?", reading.text[a.end : b.start]):
            text = reading.text[a.start : b.end]
            joined.append(Span("phrase", text, a.start, b.end, text, qualifier="of"))
    return out + joined


_MONTH = 2629746.0
_ADVERBS = {
    "hourly": 3600.0, "daily": 86400.0, "nightly": 86400.0, "weekly": 604800.0, "biweekly": 1209600.0,
    "fortnightly": 1209600.0, "monthly": _MONTH, "bimonthly": 2 * _MONTH, "quarterly": 3 * _MONTH,
    "semiannually": 6 * _MONTH, "semi-annually": 6 * _MONTH, "biannually": 6 * _MONTH, "half-yearly": 6 * _MONTH,
    "annually": 12 * _MONTH, "yearly": 12 * _MONTH,
}  # fmt: skip
_TIME_UNIT = r"(seconds?|minutes?|hours?|days?|weeks?|months?|years?|quarters?)"
_FREQUENCY_RE = re.compile(
    r"\b(?:(" + "|".join(re.escape(a) for a in _ADVERBS) + r")"
    rf"|every\s+(?:(\d+(?:\.\d+)?|other)\s+)?{_TIME_UNIT}"
    rf"|(once|twice|thrice|(\d+)\s+times)\s+(?:a|an|per|each|every)\s+{_TIME_UNIT})\b",
    re.IGNORECASE,
)


def _seconds(word: str) -> float:
    word = word.lower().rstrip("s")
    if word == "quarter":
        return 3 * _MONTH
    found = units.unit(word)
    return found.factor if found is not None else 0.0


def frequencies(text: str) -> list[tuple[int, int, float, str]]:
    """How often something happens, as (start, end, events per second, the word after it when the frequency is
    an adjective before it: 'rate' of 'an hourly rate'): 'quarterly', 'every hour', 'every 2 days', 'twice a
    week', '3 times per year'."""
    out = []
    for m in _FREQUENCY_RE.finditer(text):
        adverb, every, every_unit, times, count, per_unit = m.groups()
        if adverb:
            rate = 1.0 / _ADVERBS[adverb.lower()]
        elif every_unit:
            step = 2.0 if (every or "").lower() == "other" else float(every or 1)
            seconds = _seconds(every_unit)
            rate = 1.0 / (step * seconds) if seconds else 0.0
        else:
            n = {"once": 1.0, "twice": 2.0, "thrice": 3.0}.get(times.lower(), float(count or 0))
            seconds = _seconds(per_unit)
            rate = n / seconds if seconds else 0.0
        if rate > 0:
            after = re.match(r"\s+([a-z]+)", text[m.end() :]) if adverb else None
            noun = after.group(1) if after and after.group(1) not in FUNCTION_WORDS else ""
            out.append((m.start(), m.end(), rate, noun))
    return out


_PER_RE = re.compile(r"\b(?:per|a|each|every)\s+" + _TIME_UNIT, re.IGNORECASE)


def per_period(description: str) -> float:
    """The period, in seconds, a count of events is given per ('The number of times ... per hour'): the year
    when the description names no unit of time ('per unit time', 'annual')."""
    m = _PER_RE.search(description)
    return _seconds(m.group(1)) if m and _seconds(m.group(1)) else 12 * _MONTH


_COUNT_WORDS = {**{w: v for w, v in extract._UNITS.items() if v}, **extract._TEENS, **extract._TENS, "a": 1, "an": 1}
_COUNT = r"(\d{1,4}|" + "|".join(sorted(_COUNT_WORDS, key=len, reverse=True)) + r")"
_CONTAINERS = (
    r"(?:[\w-]+\s+)?(?:pounds?|lbs?|kg|kilos?|ounces?|oz|liters?|litres?|gallons?|ml|g)?\s*"
    r"(?:bottles?|bags?|boxes?|cans?|packs?|packets?|cartons?|jars?|loaf|loaves|bunch|bunches|pieces?|slices?|"
    r"cups?|tubs?|sacks?|crates?|cases?|rolls?|pack)\s+of\s+"
)
_COUNTED_RE = re.compile(rf"\b{_COUNT}\s+(?:(dozen)\s+)?(?:{_CONTAINERS})?(?=[a-z])", re.IGNORECASE)
_ITEM_STOP = frozenset("and or at from in for to on with of by near".split())
# A quote mark that opens or closes a word, not an apostrophe inside one ("Joe's").
_ITEM_QUOTE_RE = re.compile(r"(?<!\w)['\"‘“`]|['\"’”`](?!\w)")


_SIBILANT_ES_RE = re.compile(r"(?:s|x|z|ch|sh)es$")


def singular_item(item: str) -> str:
    """The name of one of a counted thing ('five burgers' orders the item 'burger', 'two Big Macs' a 'Big Mac'):
    its last word without a plural ending, when what is left is an English word. An '-ies' plural stays as written:
    which word it undoes to is a guess ('pies', 'berries', 'fries': a dish named only in the plural); without the
    dictionary nothing changes."""
    head, _, last = item.rpartition(" ")
    low = last.lower()
    if len(low) < 4 or not low.endswith("s") or low.endswith(("ss", "us", "is", "ies")):
        return item
    cut = 2 if _SIBILANT_ES_RE.search(low) and typos.is_word(low[:-2]) else 1
    if not typos.is_word(low[:-cut]):
        return item
    return f"{head} {last[:-cut]}" if head else last[:-cut]


def counted_items(text: str, least: int = 2, names: bool = False) -> list[tuple[str, int, int, int]]:
    """Things listed with how many of each ('three bottles of olive oil and a bag of rice', '2 pizzas, 3 colas
    and one salad'), as (item, count, start, end); only a run of `least` or more joined by commas or 'and', the
    longest (the first of equals). An item may be quoted ("two 'tacos' and three 'spring rolls'"). With `names`,
    for a list of the items' names, each unquoted item is the name of one ('five burgers': 'burger')."""
    quoted, text = text, _ITEM_QUOTE_RE.sub(" ", text)  # the same length: offsets stay the request's
    found: list[tuple[str, int, int, int]] = []
    for m in _COUNTED_RE.finditer(text):
        words: list[re.Match[str]] = []
        rest = text[m.end() :]
        for w in re.finditer(r"[A-Za-z][\w-]*", rest):
            gap = rest[words[-1].end() if words else 0 : w.start()]
            verb = bool(words) and len(w.group()) > 4 and w.group().lower().endswith("ed")  # 'one salad delivered'
            if len(words) == 3 or verb or w.group().lower() in _ITEM_STOP | _PHRASE_BREAK or gap.strip():
                break
            words.append(w)
        if not words:
            continue
        count = int(m.group(1)) if m.group(1).isdigit() else _COUNT_WORDS[m.group(1).lower()]
        end = m.end() + words[-1].end()
        item = text[m.end() : end]
        if names and not _ITEM_QUOTE_RE.search(quoted[m.start() : end + 1]):  # "five 'burgers'": as written
            item = singular_item(item)
        found.append((item, count * (12 if m.group(2) else 1), m.start(), end))
    runs: list[list[tuple[str, int, int, int]]] = []
    for entry in found:
        if runs and re.fullmatch(r"\s*(?:,\s*)?(?:and\s+)?", text[runs[-1][-1][3] : entry[2]]):
            runs[-1].append(entry)
        else:
            runs.append([entry])
    return max((r for r in runs if len(r) >= least), key=len, default=[])


_QUALIFIER_AFTER_RE = re.compile(r",\s*([A-Z][A-Za-z.'-]*(?:\s+[A-Z][A-Za-z.'-]*){0,2})")


# A house number and a capitalised name without a street word ('540 El Camino Real', '12 Park Branham
# Apartments'), then the town after a comma, or after a full stop that leaves nothing else in the sentence.
_NAMED_ADDRESS_RE = re.compile(
    r"\b(\d+[A-Za-z]?(?:\s+[A-Z][\w'-]*){1,5}?)(?:,|\.)\s*([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2})(?=\s*(?:[,.?!]|$))"
)


def _named_addresses(text: str, known: list[mentions.Address]) -> list[mentions.Address]:
    out = []
    for m in _NAMED_ADDRESS_RE.finditer(text):
        if any(a.start <= m.start() < a.end for a in known) or not place_is_town(m.group(2)):
            continue
        separator = text[m.end(1)]
        if separator == "." and text[m.end() :].strip(" .?!"):
            continue  # 'at 12 Oak Mews. Berkeley is nice': the next sentence
        out.append(mentions.Address(m.group(1), m.group(2), None, m.start(), m.end()))
    return out


def street_addresses(text: str) -> list[Span]:
    """Street addresses with the city, state and country written after them ('2020 Addison Street, Berkeley,
    CA, USA'), whole, for a parameter that asks for an address (qualifier 'address'); a street without a street
    word counts when a known town follows it ('540 El Camino Real. Berkeley' → '540 El Camino Real, Berkeley')."""
    out = []
    found = mentions.addresses(text)
    for address in _named_addresses(text, found):
        value = f"{address.street}, {address.city}"
        out.append(
            Span("name", value, address.start, address.end, text[address.start : address.end], qualifier="address")
        )
    for address in found:
        end = address.end
        while q := _QUALIFIER_AFTER_RE.match(text, end):
            part = q.group(1).rstrip(".'’")
            if not (re.fullmatch(r"[A-Z]{2,3}", part) or place_lookup(part)):
                break
            end = q.start(1) + len(part)
        value = text[address.start : end].rstrip(".,")
        out.append(Span("name", value, address.start, address.start + len(value), value, qualifier="address"))
    return out
