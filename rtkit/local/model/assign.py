"""Typed spans of a request given to the parameters of a tool by what each parameter's schema says.

Every (parameter, span) pair gets a score from the schema and the request: the parameter's name and description
words written next to the span ('a base of 10', 'b = -3', 'the game 'Zelda'', 'Sea Green color'), the unit or
currency written with a number against the unit the parameter measures ('5 seconds' for a time, '$200' for an
amount), the preposition before a value against the parameter's role ('from X to Y', 'between X and Y', 'in X' for
a place, 'by X' for a person), and the kind of span against the kind of parameter (a code for an identifier, a
known place for a location, a name written as code, 'a retry policy `r`', for the parameter its label names).
Pairs are taken best first, each span and parameter once; required parameters left without evidence then take
the remaining spans in the order the request says them, which is usually the order of the signature ('the gcd of
40 and 50'). Optional parameters only take a value the request clearly gives them.

Values are then put in the schema's form: a percentage becomes a fraction for a rate that is not 'in percent',
a number converts to the unit the description names ('100µF' for a capacitance in farads), a place gets the
qualifier the description asks for ('City, State' → 'Boston, MA') or becomes an IANA time zone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rtkit.local.model import places, roles, units
from rtkit.local.model.place_values import (
    _part_score,
    _wants_city,
    area_score,
    nested_areas,
    place_value,
    region_value,
    venue_score,
)
from rtkit.local.model.profile import COLORS, Profile, dimension_word, discriminate, matches, profile
from rtkit.local.model.spans import (
    COMMON_WORDS,
    FUNCTION_WORDS,
    GENERIC_NOUNS,
    PARTICIPLES,
    REQUEST_VERBS,
    TITLE_NOUNS,
    Reading,
    Span,
    Word,
    not_a_value,
)
from rtkit.local.text import (
    HOST_WORDS,
    ID_LABELS,
    LANGUAGES,
    PREPOSITIONS,
    implied_quantities,
    split_identifier,
    stem,
)

_FRACTION_WORDS = ("decimal", "fraction", "e.g. 0.", "e.g., 0.", "between 0 and 1", "0.05", "0 to 1", "0-1")


# Words of a parameter for the town something is in, not the venue or address in it.
_TOWN_WORDS = {"city", "town", "village"}
_TOWN_IN = re.compile(r"\bin\s+[A-Z]")


def _town_param(p: Profile) -> bool:
    return bool((p.words | p.description_stems) & _TOWN_WORDS)


def _before(reading: Reading, span: Span, items: bool) -> list[Word]:
    """Words before a span, nearest first; with `items`, not past a comma or another number (in '3 bedrooms,
    2 bathrooms' the word before 2 belongs to 3)."""
    words = reading.before(span.start, 5)
    if not items:
        out = []
        for w in words:  # 'Thai food and a vegan menu': what comes before 'and' labels 'Thai', not 'vegan menu'
            inside = [n for n in reading.names + reading.quoted if n.start <= w.start < n.end]
            if w.lower in ("and", "or") or any(" " in str(n.value) for n in inside):
                break  # nor does a word of another name ('in Hotel Paradise, Las Vegas')
            out.append(w)
        return out
    out = []
    for w in words:
        if "," in reading.text[w.end : (out[-1].start if out else span.start)]:
            break
        if any(n.start <= w.start < n.end for n in reading.numbers if n is not span):
            break
        if w.lower.endswith("s") and any(0 <= w.start - n.end <= 1 for n in reading.numbers if n is not span):
            break  # '180 hits and 600 at-bats': 'hits' is what 180 counts
        out.append(w)
    return out


__all__ = [
    "EVIDENCE", "Choice", "Profile", "assign", "context", "coordinated", "discriminate", "examples", "matches",
    "number_score", "number_value", "parallel", "part_and_whole", "place_value", "prefer_measured", "profile",
    "qualified_pairs", "region_value", "string_score",
]  # fmt: skip

# Prepositions between a parameter's word and a value that mean the value is something else ('between', 'with'),
# and relative pronouns, after which the value is said of the thing in a clause of its own ('the project that Maria
# runs': Maria is no project).
_BREAKS = frozenset(
    "between with from in at on by into near within without under over after before during against among "
    "through across around that which who whom whose".split()
)


def context(p: Profile, reading: Reading, start: int, end: int) -> float:
    """Evidence that the text between `start` and `end` is this parameter's value, from the words around it."""
    return _context_score(p, reading, Span("phrase", "", start, end, reading.text[start:end]), strong=5.0, weak=1.5)


def _asked(reading: Reading) -> set[int]:
    """Where the words a question asks for start ('what time is it in Chicago': 'time'): they ask for a value,
    so they label none the request gives."""
    return {
        b.start
        for a, b in zip(reading.words, reading.words[1:], strict=False)
        if a.lower in ("what", "which", "whats", "what's") and b.lower[:1].isalpha()
    }


def _cue(w: Word, p: Profile) -> bool:
    """Whether a word near a span can say which parameter it is for (not 'the', not a request verb: 'Locate'
    is not a 'location'); nor 'named' or 'called', which join a thing to its name ('a table named X')."""
    if w.lower in ("named", "called"):
        return matches(w.lower, p.name_stems)
    return w.lower not in FUNCTION_WORDS and w.lower not in REQUEST_VERBS or w.lower in p.name_stems


def _context_score(p: Profile, reading: Reading, span: Span, strong: float, weak: float, items: bool = False) -> float:
    """Evidence from the words around a span: the parameter's name just before ('radius of 4', 'company
    Google') or just after ('Sea Green color', '5 years'), its description's words nearby."""
    score = 0.0
    asked = _asked(reading)
    before = [w for w in _before(reading, span, items) if _cue(w, p) and w.start not in asked]
    after = [w for w in reading.after(span.end, 3) if _cue(w, p) and w.start not in asked]
    for distance, w in enumerate(before[:3]):
        if matches(w.lower, p.name_stems):
            bonus = 1.5 if p.discriminating and matches(w.lower, p.discriminating) else 0.0
            # 'the company Google', 'a radius of 4' label the value; 'a contract between John' does not
            gap = set(re.findall(r"[a-z]+", reading.text[w.end : span.start].lower()))
            labelled = gap - {"with", "the", "a", "an", "its"} <= _LABEL_WORDS  # 'the user with ID 42'
            if gap & {"is", "are", "was"} and _POSSESSED_RE.search(reading.text[: span.start]):
                continue  # 'jazz piano is my passion': a noun after a possessive is said of the thing, not its value
            link = (
                0.35 if _BREAKS & gap - ({"in", "at", "on"} if span.kind == "code" else set()) and not labelled else 1.0
            )
            shared = 0.5 if p.discriminating and p.discriminating != p.name_stems and not bonus else 1.0
            score = max(score, shared * link * (strong + bonus) / (1 + 0.8 * distance))
        elif matches(w.lower, p.description_stems) and w.lower not in GENERIC_NOUNS:
            score = max(score, weak / (1 + 0.8 * distance))
    # '$2000, final value of $3000', "'Education' and a target variable 'X'", '15 and introverted members being
    # 35': what follows a comma or 'and' labels the next value.
    after = [w for w in after if not re.search(r",|\b(?:and|or)\b", reading.text[span.end : w.start])]
    # "Talvi's records": the noun after a possessive is what the name has or made, so it names no parameter the
    # name is a value of; a description may still speak of it ('the painter whose works ...').
    owned = after[0] if after and re.match(r"['’]s\b", reading.text[span.end :]) else None
    following = reading.after(span.end, 1)
    if (
        p.kind_of
        and following
        and following[0].stem == p.kind_of
        and not reading.text[span.end : following[0].start].strip()
    ):
        score = max(score, strong - 1)  # 'violent crime' for 'The type of crime': the kind is the modifier
    for distance, w in enumerate(after[:2]):
        if _passive(reading, w):
            break  # 'a movie directed by X': the movie is what was directed; the director comes after 'by'
        if matches(w.lower, p.name_stems) and w is not owned:
            bonus = 1.0 if p.discriminating and matches(w.lower, p.discriminating) else 0.0
            gap = set(re.findall(r"[a-z]+", reading.text[span.end : w.start].lower()))
            # '50 with extroverted members': not 50 extroverts; 'the location of the Battle ...': an aspect of the
            # battle, not a battle ('a radius of 4' labels 4, but only with the name before the value)
            # "'user-123' to the resource": what the value goes to is another thing, not its label
            onto = "to" in gap and bool(gap & {"the", "a", "an", "my", "your", "our", "their", "this", "that"})
            link = 0.35 if _BREAKS & gap or "of" in gap or onto else 1.0
            if gap and "as" in gap and gap <= _AS_ROLE:
                link = strong / (strong - 1 + bonus)  # 'oat milk as their usual order': the value in that role
            # A word every sibling shares ('time' of source_timezone and target_timezone) tells them apart less.
            shared = 0.5 if p.discriminating and p.discriminating != p.name_stems and not bonus else 1.0
            score = max(score, shared * link * (strong - 1 + bonus) / (1 + 0.6 * distance))
        elif matches(w.lower, p.description_stems) and w.lower not in GENERIC_NOUNS:
            score = max(score, 0.8 * weak / (1 + 0.6 * distance))
    return score


_POSSESSED_RE = re.compile(r"\b(?:my|your|our|their|his|her)\s+$", re.IGNORECASE)


# 'X as their Y', 'X as the Y': X is the value, Y names the part it plays.
_AS_ROLE = frozenset("as a an the my your his her our their its".split())
_AS_ROLE_RE = re.compile(r"\bas\s+(?:(?:a|an|the|my|your|his|her|our|their|its)\s+)?(?:[\w-]+\s+){0,2}$", re.IGNORECASE)


def role_noun(p: Profile, reading: Reading, span: Span) -> bool:
    """Whether a span ends 'as their <name> <span>' ('oat milk as their usual order'): the noun of the role the
    value before 'as' plays, never the value itself."""
    lead = reading.text[max(0, span.start - 60) : span.start]
    role = _AS_ROLE_RE.search(lead)
    if role is None:
        return False
    words = re.findall(r"[a-z]+", role.group(0).lower())[1:] + [w.lower for w in reading.after(span.end, 1)]
    return any(matches(w, p.name_stems) for w in words if w not in _AS_ROLE)


def plays_role(p: Profile, reading: Reading, span: Span) -> bool:
    """Whether a span is followed by 'as the <words> <name>' ('Take Dunmore as the starting town'): the
    value for the parameter the role names."""
    tail = re.match(
        r"\s+as\s+(?:(?:a|an|the|my|your|his|her|our|their|its)\s+)?((?:[\w-]+\s+){0,2}[\w-]+)",
        reading.text[span.end : span.end + 60],
        re.IGNORECASE,
    )
    return tail is not None and any(matches(w, p.name_stems) for w in re.findall(r"[a-z]+", tail.group(1).lower()))


def _passive(reading: Reading, w: Word) -> bool:
    """Whether `w` is a past participle with its agent after 'by' ('directed by', 'written by')."""
    following = reading.after(w.end, 1)
    return w.lower.endswith(("ed", "en")) and bool(following) and following[0].lower == "by"


# --- numbers -----------------------------------------------------------------------------------------


def number_score(p: Profile, reading: Reading, span: Span) -> float:
    """How well a number of the request fits a numeric parameter (0 = no evidence, negative = unlikely)."""
    value = span.value
    if not isinstance(value, int | float):
        return -10.0
    if "integer" in p.types and "number" not in p.types and not float(_converted(p, span)).is_integer():
        return -10.0
    if _is_probability(p) and not 0 <= _converted(p, span) <= 1:
        return -10.0
    scale = _scale(p)
    if scale and not scale[0] <= _converted(p, span) <= scale[1]:
        return -10.0  # 'sizes 40 to 46' are no rating 'on a scale of 1 to 7'
    score = _context_score(p, reading, span, strong=5.0, weak=1.5, items=True)
    if p.kind == "year":
        plain = isinstance(value, int) and span.unit is None and not span.words and not span.currency
        score += 3.0 if plain and 1000 <= value <= 2200 else 1.5 if plain and 0 < value < 1000 else -6.0
    if p.role:
        score += _role_score(p, reading, span)
    previous = reading.before(span.start, 1)
    if reading.symbol_before(span.start) in ("=", ":") and previous:
        score += 6.0 if previous[0].lower == p.name.lower() or matches(previous[0].lower, p.name_stems) else 0.0
    dimension = span.unit.dimension if span.unit is not None else ("money" if span.currency else "")
    if span.currency and p.dimension == "money":
        dimension = "money"  # 'five pounds' as an amount of money
    if dimension == "percent":
        score += 2.5 if p.dimension == "percent" else -1.0 if p.dimension else 0.0
    elif dimension and p.dimension and not (span.unit is not None and _amount_only(p)):
        score += 3.0 if dimension == p.dimension or _bare_degrees(span, p) else -4.0
    elif dimension == "time" and p.dimension == "" and p.words & {"year", "day", "month", "hour"}:
        score += 2.0
    if span.unit is None and not span.currency and p.words & set(implied_quantities(reading.text)):
        score += 2.0  # 'the music is too loud, turn it down to 70': the number is the volume it asks for
    if span.ordinal:
        # 'starting from the third one' says where a page of results starts; 'the second item' which one it is
        score += 3.0 if skips(p) or _position(p) else -1.0
    if _spans_time(p, reading, span):
        score = min(score - 6.0, -5.0)  # 'for 2 nights', 'the upcoming weekend': no number of rooms
    if _is_count(reading, span) and not _counts_this(p, reading, span):
        score = min(score - 4.0, -5.0)  # 'the three sides 3, 4 and 5': never one of the values
    return score


def _position(p: Profile) -> bool:
    """Whether a numeric parameter says where an item stands in a list ('index', 'position')."""
    return bool(p.words & {"index", "position"})


def skips(p: Profile) -> bool:
    """Whether a numeric parameter is how many results to skip before a page starts ('offset', 'skip')."""
    return bool(p.words & {"offset", "skip"}) or bool(re.search(r"\bto skip\b", p.description, re.I))


_COUNT_WORDS = frozenset({"number", "count", "num", "n", "total", "quantity", "amount", "many"})


def _amount_only(p: Profile) -> bool:
    """Whether a parameter measures money only by the word 'amount', which measures whatever unit is said ('an
    amount of 3 litres'): money is then what a currency says, not every quantity."""
    money = {w.lower() for w in split_identifier(p.name) if dimension_word(w) == "money"}
    return p.dimension == "money" and money <= {"amount"}


def _counts_this(p: Profile, reading: Reading, span: Span) -> bool:
    """Whether a counting number is this parameter's value: 'five matches' for a 'number_of_matches', 'three
    bedrooms' for 'bedrooms' (not 'three sides' for 'side1')."""
    after = reading.after(span.end, 1)
    if not after or any(ch.isdigit() for ch in p.name):
        return False
    head = [w for w in split_identifier(p.name) if not w.isdigit()][-1:]
    counted = bool(p.name_stems & _COUNT_WORDS) and matches(after[0].lower, p.name_stems)
    return counted or bool(head) and matches(after[0].lower, {stem(head[0])})


_TIME_NOUNS = frozenset(stem(w) for w in ("night", "day", "week", "weekend", "month", "year", "hour", "minute"))


def _spans_time(p: Profile, reading: Reading, span: Span) -> bool:
    """Whether a number is a length of time ('2 nights', 'the weekend' as 2 days) while the parameter counts things
    ('rooms', 'number_of_tickets'): how many of something is no number of days."""
    if p.dimension or p.name_stems & _TIME_NOUNS or p.description_stems & _TIME_NOUNS:
        return False
    if not (p.name_stems & _COUNT_WORDS or re.search(r"\b(?:how many|number of)\b", p.description, re.I)):
        return False
    after = reading.after(span.end, 1)
    timed = span.unit is not None and span.unit.dimension == "time"
    return timed or bool(after) and stem(after[0].lower) in _TIME_NOUNS


def _is_count(reading: Reading, span: Span) -> bool:
    """A number in words that counts the values given next in digits ('the two sides 4 and 5')."""
    if not span.words or span.ordinal or span.unit is not None or span.currency:
        return False
    after = reading.after(span.end, 1)
    later = [n for n in reading.numbers if n.start > span.end and not n.words]
    return bool(after) and after[0].lower not in ("and", "or", "times") and len(later) >= 2


def _bare_degrees(span: Span, p: Profile) -> bool:
    """'21 degrees' for a temperature: degrees in the parameter's own scale."""
    return span.unit is not None and span.unit.symbol == "°" and p.dimension == "temperature"


def _converted(p: Profile, span: Span) -> int | float:
    value = span.value
    assert isinstance(value, int | float)
    if _bare_degrees(span, p):
        return value
    if span.percent and p.dimension == "percent" and "number" in p.types and not _in_percent(p):
        return _tidy(value / 100)
    if span.unit is not None and p.unit is not None and span.unit.symbol != p.unit.symbol:
        converted = units.convert(value, span.unit, p.unit)
        if converted is not None:
            return _tidy(converted)
    return value


def _is_probability(p: Profile) -> bool:
    """A parameter that takes a probability between 0 and 1."""
    text = (p.name + " " + p.description).lower()
    named = bool(p.words & {"probability", "prob", "likelihood", "chance"})
    return (
        named
        and not _in_percent(p)
        or bool(re.search(r"(?:between 0 and 1|from 0 to 1|0(?:\.0)? (?:to|-) 1)(?:\.0)?(?![\d.]*\d)", text))
    )


_SCALE_RE = re.compile(
    r"\b(?:scale|range|ranging|from|between)(?: of| from)?\s+(-?\d+(?:\.\d+)?)\s*(?:\([^)]{0,40}\)\s*)?"
    r"(?:to|and|-)\s*(-?\d+(?:\.\d+)?)\b"
)  # 'from 1 (dim) to 10 (brightest)': a bound may be glossed in brackets


def scale(description: str) -> tuple[float, float] | None:
    """The lowest and highest value a description allows ('on a scale of 1 to 7', 'between 0 and 100')."""
    m = _SCALE_RE.search(description.lower())
    if m is None or float(m.group(1)) >= float(m.group(2)):
        return None
    return float(m.group(1)), float(m.group(2))


def _scale(p: Profile) -> tuple[float, float] | None:
    return scale(p.description)


def _in_percent(p: Profile) -> bool:
    text = (p.name + " " + p.description).lower()
    if any(w in text for w in _FRACTION_WORDS):
        return False
    return bool(re.search(r"percent|percentage|\bpct\b|%", text))


def _tidy(value: float) -> int | float:
    value = float(f"{value:.10g}")
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def number_value(p: Profile, span: Span) -> int | float:
    """The number in the form the parameter takes: converted to its unit, a percentage as a fraction, an
    integer for an integer parameter."""
    value = _converted(p, span)
    if span.ordinal and (_ZERO_BASED_RE.search(p.description) or skips(p)):
        value -= 1  # 'the second item' is index 1 where counting starts at 0; starting at the first skips none
    if "integer" in p.types and "number" not in p.types:
        return int(value)
    places = _DECIMALS_RE.search(p.description)
    if places:  # 'Four decimal places.'
        digits = places.group(1).lower()
        return _tidy(round(value, int(digits) if digits.isdigit() else _DIGIT_WORDS.index(digits)))
    return value


_ZERO_BASED_RE = re.compile(r"\b(?:zero|0)[- ]based\b|\b(?:starts?|starting|counting) (?:at|from) (?:0|zero)\b", re.I)
_DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight")
_DECIMALS_RE = re.compile(r"\b(\d|" + "|".join(_DIGIT_WORDS) + r")\s+decimal(?:\s+places?|s)\b", re.IGNORECASE)


def parallel(profiles: Sequence[Profile], reading: Reading, found: Sequence[Span]) -> dict[tuple[str, int], float]:
    """Bonuses for numbers listed after the parameters they go to, in the same order ('its base and height as
    6cm and 10cm'): the k-th number of a list goes to the k-th parameter named just before the list."""
    bonus: dict[tuple[str, int], float] = {}
    for listed in reading.lists:
        members = [k for k, n in enumerate(found) if listed.start <= n.start < listed.end]
        if len(members) < 2:
            continue
        named: list[Profile] = []
        for w in reversed(reading.before(listed.start, 8)):
            hits = [p for p in profiles if matches(w.lower, p.discriminating or p.name_stems)]
            if len(hits) == 1 and hits[0] not in named:
                named.append(hits[0])
        if len(named) == len(members):
            for p, k in zip(named, members, strict=True):
                bonus[(p.name, k)] = bonus.get((p.name, k), 0.0) + 6.0
    return bonus


_WHOLE_WORDS = frozenset({"trial", "total", "size", "attempt", "sample", "population", "n", "outcome"})
_PART_WORDS = frozenset({"success", "successe", "favorable", "favourable", "event", "hit", "k", "win", "desired",
                         "selected"})  # fmt: skip


def part_and_whole(profiles: Sequence[Profile], chosen: dict[str, Choice]) -> None:
    """A part is never larger than its whole: '5 heads in 10 tosses' gives trials 10 and successes 5, whatever
    the order of the words. Swaps the two numbers in `chosen` when they came out the other way round."""
    wholes = [p for p in profiles if p.words & _WHOLE_WORDS and p.name in chosen]
    parts = [p for p in profiles if p.words & _PART_WORDS and p.name in chosen]
    if len(wholes) != 1 or not parts:
        return
    whole = chosen[wholes[0].name]
    for p in parts:
        part = chosen[p.name]
        if isinstance(part.span.value, int | float) and isinstance(whole.span.value, int | float):
            if part.span.value > whole.span.value:
                chosen[wholes[0].name], chosen[p.name] = (
                    Choice(wholes[0].name, part.span, part.score),
                    Choice(p.name, whole.span, whole.score),
                )
                whole = chosen[wholes[0].name]


def prefer_measured(profiles: Sequence[Profile], found: Sequence[Span], scores: dict[tuple[str, int], float]) -> None:
    """A parameter that measures something (money, time, length) prefers a number written with such a unit over a
    bare number, when the request has one ('thirty ... four thousand dollars' for an income)."""
    for p in profiles:
        if not p.dimension or p.dimension == "percent":
            continue
        dims = [_dimension(n) for n in found]
        if p.dimension in dims:
            for k, dim in enumerate(dims):
                if not dim and (p.name, k) in scores:
                    scores[(p.name, k)] -= 1.5


def prefer_specific(profiles: Sequence[Profile], reading: Reading, scores: dict[tuple[str, int], float]) -> None:
    """Of two parameters named alike, the one whose extra word the request says takes a number the plainer one
    would ('eco mode ... a fan speed of 3' for 'ecoFanSpeed' beside 'fanSpeed')."""
    for a in profiles:
        for b in profiles:
            extra = a.name_stems - b.name_stems
            if not b.name_stems or not b.name_stems < a.name_stems or not _modified(a.name, b.name):
                continue  # 'phase2_budget' is no kind of 'phase2': its head noun is another
            if not any(matches(w.lower, extra) for w in reading.words):
                continue
            for (name, k), value in list(scores.items()):
                if name == b.name and value > 0 and (a.name, k) in scores:
                    scores[(a.name, k)] = max(scores[(a.name, k)], value + 0.5)


def qualified_pairs(
    profiles: Sequence[Profile], reading: Reading, found: Sequence[Span], scores: dict[tuple[str, int], float]
) -> None:
    """Of two parameters named alike but for a qualifier ('own_speed', 'other_speed'), a number the two fit
    equally goes to the one whose qualifier the request said last before it ('the other boat moves at 8'); a
    number before any qualifier goes to the one never said, when only the other is. Updates `scores` in place."""
    stems = {p.name: {stem(w.lower()) for w in split_identifier(p.name) if len(w) > 1} for p in profiles}
    for a in profiles:
        for b in profiles:
            mine, theirs = stems[a.name] - stems[b.name], stems[b.name] - stems[a.name]
            if a.index >= b.index or not mine or not theirs or not stems[a.name] & stems[b.name]:
                continue
            said = [(w.start, q) for w in reading.words for q, own in ((a, mine), (b, theirs)) if stem(w.lower) in own]
            if not said or len({q.name for _, q in said}) > 1 and said[0][1] is said[-1][1]:
                continue  # no qualifier said, or said in no order that parts the numbers
            for k, span in enumerate(found):
                sa, sb = scores.get((a.name, k)), scores.get((b.name, k))
                if sa is None or sb is None or sa <= 0 or abs(sa - sb) > 0.25:
                    continue
                earlier = [q for start, q in said if start < span.start]
                owner = earlier[-1] if earlier else (a if said[0][1] is b else b)
                scores[(owner.name, k)] = max(sa, sb) + 0.5


def _modified(name: str, plainer: str) -> bool:
    """Whether `name` is `plainer` with words put before it ('ecoFanSpeed', 'fanSpeed')."""
    words, head = [w.lower() for w in split_identifier(name)], [w.lower() for w in split_identifier(plainer)]
    return len(words) > len(head) and words[-len(head) :] == head


def _dimension(span: Span) -> str:
    return span.unit.dimension if span.unit is not None else "money" if span.currency else ""


# --- strings -----------------------------------------------------------------------------------------

_SALIENCE = {"quoted": 2.0, "code": 1.0, "name": 1.0, "phrase": 0.0, "number": -0.5, "list": -3.0, "pair": -3.0}


# A parameter named by one of these takes a work's title.
WORKS = frozenset(TITLE_NOUNS.split("|")) | {"title"}


def kind_of_works(reading: Reading, span: Span) -> bool:
    """Whether a name or quote is written before a work's noun in the plural ("'POP' songs", 'Italian films'):
    it says a kind of works, no one work's title."""
    following = reading.after(span.end, 1)
    gap = reading.text[span.end : following[0].start] if following else "x"
    return not gap.strip() and bool(re.fullmatch(f"(?:{TITLE_NOUNS})s", following[0].lower))


def labelled_after(profiles: Sequence[Profile], reading: Reading, found: Sequence[Span], scores: dict) -> None:
    """A name followed by one parameter's own noun is that parameter's ('the Sucker Punch album' for 'album'):
    the others take it less. Updates `scores` in place."""
    for k, span in enumerate(found):
        following = reading.after(span.end, 1)
        if span.kind not in ("name", "quoted") or not following or reading.text[span.end : following[0].start].strip():
            continue
        if kind_of_works(reading, span):
            for p in profiles:
                if p.kind != "person" and (p.name, k) in scores and p.words & WORKS:
                    scores[(p.name, k)] -= 6.0
            continue
        if not re.fullmatch(TITLE_NOUNS, following[0].lower):
            continue  # a work's noun ('album'); 'Tennis player', 'C scale' say a kind, not a name
        owners = {p.name for p in profiles if following[0].stem in p.name_stems}  # its own noun, no synonym
        if len(owners) == 1:
            for p in profiles:
                if p.name not in owners and (p.name, k) in scores:
                    scores[(p.name, k)] -= 3.0


# A description's opening noun phrase, up to the first word that is no part of it ('The policy on how ...').
_DESCRIBED_RE = re.compile(
    r"(?:the|an?)\s+((?:[a-z]+\s+){0,3}?[a-z]+)(?=\s+(?:on|of|for|to|that|which|used|in|with|by|from|when)\b|[.,;:]|$)"
)


def described_head(p: Profile) -> str:
    """The stem of the noun a parameter's description opens with ('The policy on how to handle errors' → policy,
    'The date field script factory.' → factory); '' when it opens otherwise."""
    m = _DESCRIBED_RE.match(p.description.lower())
    return stem(m.group(1).split()[-1]) if m else ""


def labelled_by_description(profiles: Sequence[Profile], reading: Reading, found: Sequence[Span], scores: dict) -> None:
    """A quote written right after the noun one parameter's description opens with, a noun no parameter is named
    by, is that parameter's value ("with the policy 'STRICT'" for one described as 'The policy on how to ...'), and
    the noun only labels it.
    Updates `scores` in place."""
    heads = {p.name: described_head(p) for p in profiles}
    for k, span in enumerate(found):
        label = reading.before(span.start, 1)
        if span.kind != "quoted" or not label or reading.text[label[0].end : span.start].strip(" '\"`"):
            continue
        owners = [p for p in profiles if heads[p.name] and heads[p.name] == label[0].stem]
        if any(label[0].stem in p.name_stems for p in profiles):
            continue  # a parameter's own name labels what is after it ('the title ...' for a title)
        if len(owners) != 1 or (owners[0].name, k) not in scores:
            continue
        scores[(owners[0].name, k)] += 6.0
        for j, other in enumerate(found):
            if other.kind == "phrase" and other.start == label[0].start and (owners[0].name, j) in scores:
                scores[(owners[0].name, j)] -= 6.0  # the noun labels the quote after it; no value of its own


# Words that say a code name is a name in code, not what it names ('a cache object `c`', 'a `Join` instance').
_CODE_WORDS = frozenset("object objects instance instances variable variable's named called".split())


def backticked(span: Span) -> bool:
    """Text written as code: in backticks (`x`), or quoted and spelled as a program's name is ('accountView',
    'audit_rows'): a value as written."""
    if span.kind != "quoted":
        return False
    return span.text.startswith("`") or bool(
        re.fullmatch(r"[A-Za-z_$][\w$]*(?:[a-z][A-Z]|_[A-Za-z])[\w$]*", str(span.value))
    )


def named_as(reading: Reading, span: Span) -> bool:
    """Quoted text a thing goes by ('a variable named 'rowCursor''): a value, even one spelled as a parameter."""
    return span.kind == "quoted" and _naming(reading.text, span.start) is not None


# What joins a thing to the name it goes by: 'a table named X', 'a form referred to as X'.
_NAMING_RE = re.compile(r"\b(?:named|called|titled|(?:referred to|known|labell?ed) as)\s*$", re.IGNORECASE)
_NAMING_REACH = 40  # characters before a name that can hold its naming words (a search to the end is per call)


def _naming(text: str, start: int) -> re.Match[str] | None:
    """The naming words ending right before `start` ('named', 'referred to as'), offsets in `text`."""
    window = max(0, start - _NAMING_REACH)
    return _NAMING_RE.search(text, window, start)


def code_label(reading: Reading, span: Span) -> list[Word]:
    """The words that say what a name written as code or in quotes is, nearest first: the noun phrase right before
    a backticked name or before 'named' ('a retry policy object `backoffPolicy`', 'a reader object named 'r''),
    else the one right after a backticked name ('the `job` ScheduledJob object'). Empty when a function word or a
    verb stands next to it, and for quoted text nothing names."""
    if span.kind != "quoted":
        return []
    naming = _naming(reading.text, span.start)
    if not naming and not backticked(span):
        return []
    sides = [(reading.before(naming.start() if naming else span.start, 5), True)]
    if not naming:
        sides.append((reading.after(span.end, 3), False))
    for words, before in sides:
        label: list[Word] = []
        for w in words:
            if label:
                a, b = (w, label[-1]) if before else (label[-1], w)
                if reading.text[a.end : b.start].strip(" `-"):
                    break  # only spaces (or another code name's backticks) join a noun phrase
            if w.lower in FUNCTION_WORDS | PREPOSITIONS | REQUEST_VERBS | COMMON_WORDS and w.lower not in _CODE_WORDS:
                break
            if re.search(r"(?:ing|ed)$", w.lower) and w.lower not in _CODE_WORDS:
                break  # 'starting at', 'represented by': a verb, not a name of a kind of thing
            label.append(w)
        if any(w.lower not in _CODE_WORDS for w in label):
            return label
    return []


def _kind_stems(p: Profile) -> set[str]:
    """Stems of what a parameter is: its name's words and the words of type names its description writes in
    code ('The S3BucketClient object' → s3, bucket, client)."""
    typed = re.findall(r"\b[A-Za-z0-9]*[a-z0-9][A-Z][A-Za-z0-9]*\b", p.description)
    return p.name_stems | {stem(w.lower()) for t in typed for w in split_identifier(t) if len(w) > 1}


def code_label_score(p: Profile, reading: Reading, span: Span) -> float:
    """A backticked code name belongs to the parameter its label names: 'a retry policy `r`' for policy,
    'the render context `c`' for a ctx whose description is 'The RenderPassContext ...'."""
    label = [w for w in code_label(reading, span) if w.lower not in _CODE_WORDS]
    if not label:  # a code name with no label may say what it is itself: `progressMonitor` is a monitor
        own = split_identifier(str(span.value)) if backticked(span) else []
        variable = len(own) > 1 and str(span.value)[:1].islower()  # `BulkResponse` is a type, not a value
        return 3.0 if variable and stem(own[-1].lower()) in p.name_stems else 0.0
    kind = _kind_stems(p)
    named = [
        w
        for w in label
        if matches(w.lower, kind) or any(stem(x.lower()) in kind for x in split_identifier(w.text) if len(x) > 1)
    ]
    if named:  # the head noun next to the name says most ('the printer name `n`' is a name, not a printer)
        return (4.0 if named[0] is label[0] else 3.0) + 1.0 * (len(named) - 1)
    return 1.0 if any(matches(w.lower, p.description_stems) for w in label) else -1.0


def labels_code(reading: Reading, span: Span) -> bool:
    """A phrase or name that is only the label of a code name next to it ('object' of 'a cache object `c`')."""
    return any(w.start >= span.start and w.end <= span.end for q in reading.quoted for w in code_label(reading, q))


# A parameter naming who owns or makes something, and the possessive ending that marks an owner's name.
_OWNER_WORDS = frozenset({"company", "organization", "organisation", "business", "firm", "brand", "owner", "employer"})
_POSSESSIVE_RE = re.compile(r"['’]s?\b")


def kind_described(p: Profile, reading: Reading, span: Span) -> bool:
    """Whether a span and the word after it are written together in the parameter's description, which then uses
    them to name a kind of its values ('Java encoding' of 'The IANA or Java encoding name.')."""
    after = reading.after(span.end, 1)
    if not after or not p.description:
        return False
    together = rf"\b{re.escape(str(span.value))}\s+{re.escape(after[0].text)}"
    return re.search(together, p.description, re.IGNORECASE) is not None


def string_score(p: Profile, reading: Reading, span: Span, place_wanted: bool = True) -> float:
    """How well a span fits a free-form string parameter (`place_wanted`: the tool has a place parameter, which
    known places go to first)."""
    if span.kind == "list" and not p.array and not joins_several(p, span.value):
        return -10.0
    if span.kind == "list":
        return 3.0 + _context_score(p, reading, span, strong=5.0, weak=1.5)
    score = _SALIENCE.get(span.kind, 0.0) + _context_score(p, reading, span, strong=5.0, weak=1.5)
    own_name = str(span.value).split(",")[0] if span.kind == "name" and span.qualifier else str(span.value)
    own = re.findall(r"[A-Za-z]+", own_name)  # 'Salt Lake City, UT' ends its name in 'City', as 'Salt Lake City' does
    ends = {own[0].lower(), own[-1].lower()} if len(own) > 1 else set()
    if span.kind in ("name", "phrase", "quoted") and any(matches(w, p.name_stems) for w in ends):
        score += 3.0  # 'Natural History Museum' for a museum, 'Hotel Paradise' for a hotel
    if span.kind == "name" and p.words & _OWNER_WORDS and _POSSESSIVE_RE.match(reading.text, span.end):
        score += 3.0  # "Berkshire Hathaway's 10-Q report": the name that owns the thing is the company, not the code
    if p.words & HOST_WORDS and _HOST_RE.fullmatch(str(span.value)):
        score += 4.0  # a host takes a host name, a web address or an IP address ('plgah.ca', '192.168.0.10')
    if span.kind == "quoted":
        score += code_label_score(p, reading, span)
    elif span.kind in ("phrase", "name") and labels_code(reading, span):
        score -= 6.0  # 'a cache object `sessionCache`': 'object' says what the code name is
    if span.kind == "phrase" and not_a_value(reading, span):
        score -= 6.0  # 'tracks to choose from', "I'm looking for", 'preferably': no value where it stands
    if span.kind == "quoted" and matches("value", p.name_stems) and _SET_TO_RE.search(reading.text, 0, span.start):
        score += 5.0  # "a setting 'debug' currently set to 'on'": what is set to it is the value
    if span.kind in ("code", "name") and _KIND_OF_STRING_RE.match(reading.text, span.end):
        score -= 3.0  # 'a Base64 string', 'a JSON string': the kind of string, not the string
    if span.kind in ("name", "phrase") and kind_described(p, reading, span):
        score -= 5.0  # 'Java encoding names' for 'The IANA or Java encoding name.': a kind of name, not one
    if span.kind == "phrase" and str(span.value).lower() in _VAGUE_ADJECTIVES:
        score -= 5.0  # 'a specific topic' asks for a topic; 'specific' is none
    if span.kind == "phrase" and role_noun(p, reading, span):
        score -= 6.0  # 'oat milk as their usual order': 'order' names the role oat milk plays
    elif span.kind in ("name", "phrase", "quoted", "code") and plays_role(p, reading, span):
        score += 3.0  # 'Dunmore as the starting town'
    if span.kind in ("name", "phrase") and _is_label(p, str(span.value)):
        score -= 6.0  # 'component UUID AB1010CD', 'the API key is 12344': the label of the value after it
    if p.words & {"color", "colour"} and str(span.value).lower() in COLORS:
        score += 4.0
    if p.words & {"language", "lang", "locale"}:  # a language parameter takes a language's name
        score += 4.0 if str(span.value).lower() in LANGUAGES else -3.0
    if span.qualifier == "of":
        score += 0.3  # 'theory of relativity' rather than 'theory'
    if span.qualifier == "address":
        return score + (6.0 if asks_address(p) else -6.0)  # the whole address, for a parameter that asks for one
    if span.qualifier == NAMED_PLACE:
        return score + (6.0 if asks_named_place(p) else -6.0)
    if span.qualifier == "email":
        return score + (5.0 if takes_email(p) else -4.0)
    if span.kind == "phrase" and re.search(r"\be-?mail(?: address)?$", str(span.value).lower()):
        score -= 6.0 if any("@" in str(link.value) for link in reading.links) else 0.0  # "my friend's email, a@b.c"
    if span.qualifier in ("head", "region"):
        score += _part_score(p, span)
    elif span.kind == "name" and span.qualifier and p.kind == "place" and _wants_city(p):
        score -= 0.5  # a city parameter takes 'Tokyo' of 'Tokyo, Japan' (its own span)
    if span.kind in ("name", "phrase", "quoted", "code") and _example_of(p, str(span.value)):
        score += 2.0  # the description gives it as an example ('e.g. PC, Xbox')
    if span.qualifier == NAMED_TOPIC:  # 'what is Imjin war': the name with its noun is the topic, not the name
        return score + (2.0 if asks_topic(p) else -4.0)
    if span.kind == "phrase" and span.qualifier and span.qualifier not in ("of", "head", "region", "demonym"):
        return score + 4.0 if span.qualifier == p.name else score - 4.0  # an example this description gives
    if span.qualifier == "demonym":  # 'German history' names Germany only for a country
        return score + 2.0 if "country" in p.words else -6.0
    if p.kind == "expression" and backticked(span) and re.fullmatch(r"[A-Za-z_$][\w$.]*", str(span.value)):
        return score  # a function passed by its name in code ('the query function `byDept`')
    if p.kind == "expression" or span.kind == "expression":
        return score + 6.0 if p.kind == span.kind else score - 6.0
    if p.kind == "unit" or span.kind == "unit":
        if p.kind != span.kind:
            return score - 6.0
        previous = reading.before(span.start, 1)
        score += 4.0 + (1.0 if previous and previous[0].lower in ("in", "into", "to") else 0.0)
        if p.dimension and span.unit is not None:
            score += 3.0 if span.unit.dimension == p.dimension else -3.0
        elif span.value_end >= 0 and span.unit is not None:
            # A quantity's own unit names the parameter's unit only when every quantity is in it ('6cm and 10cm').
            given = {n.unit.symbol for n in reading.numbers if n.unit is not None}
            score += 0.0 if given == {span.unit.symbol} else -5.0
        return score + (_role_score(p, reading, span) if p.role else 0.0)
    if span.kind == "number" and p.words & {"year", "season"}:
        value = str(span.value)
        return score + (4.0 if value.isdigit() and 1000 <= int(value) <= 2200 else -2.0)
    if span.kind == "phrase" and span.unit is not None:  # '2 weeks', '19th century'
        score += 3.0 if p.dimension and span.unit.dimension == p.dimension else -1.0
    if span.kind == "phrase" and " " not in str(span.value) and _verb_like(str(span.value)):
        score -= 0.4  # still a value when nothing else is ('people who like jogging')
    before = [w.lower for w in reading.before(span.start, 2)]
    preposition = before[0] if before else ""
    text = str(span.value)
    is_place = bool(places.lookup(text.split(",")[0])) if span.kind in ("name", "phrase") else False
    if span.kind == "name" and re.match(r"(?:Mr|Mrs|Ms|Dr)\.?\s", text) and p.kind != "person":
        score -= 6.0  # 'Mr. Gates' is a person, whatever the words around him say
    lower_name = span.kind == "phrase" and " " in text and text.islower()  # 'mira talvik' typed in lower case
    if (span.kind == "name" or lower_name and p.kind == "person") and p.kind in ("person", ""):
        part = roles.written_part(before, [w.lower for w in reading.after(span.end, 6)])
        asked = roles.asked_part(p.words, p.description) if part else ""
        score += (1.0 if part == asked else -4.0) if asked else 0.0  # 'the actress X' is no director
        score += 2.0 if lower_name and asked and part == asked else 0.0  # its part said: a person, as a name is
    if span.kind == "name":  # 'AMC theater Saratoga': a venue and its town
        score += venue_score(p, span, before, [w.lower for w in reading.after(span.end, 1)])
    if p.kind in ("place", "zone"):
        score += area_score(p, span) if span.kind == "name" else 0.0  # a province is no district
        if not is_place and span.kind == "name" and preposition in ("in", "at", "near", "around", "from", "to"):
            is_place = places.is_place(text.split(",")[0])  # 'in Los Altos': a town ('John and Alice' are people)
        if (
            not is_place
            and span.kind == "name"
            and span.qualifier
            and not _wants_city(p)
            and places.names_region(span.qualifier)
        ):
            is_place = True  # 'Mariposa, CA': the state after its comma says the name is a town's
        score += 4.0 if is_place else 1.5 if span.kind == "name" and preposition in ("in", "at", "near") else -1.0
        if re.fullmatch(r"[A-Z]{3}", text) and _asks_airport_code(p):
            score += 3.0  # 'from JFK in New York': the airport's code, for a parameter that asks for one
        if preposition == "at" and not is_place and _TOWN_IN.search(reading.text) and _town_param(p):
            score -= 0.5  # 'at' names a spot, 'in' the town it is in: 'at Ritz Plaza in Dover' is in Dover
    elif p.kind == "person":
        score += 2.0 if span.kind == "name" and not is_place else -1.0 if is_place else 0.0
        if span.kind == "phrase" and " " not in str(span.value) and _verb_like(str(span.value)):
            score -= 6.0  # 'featuring', 'starring': the word before a name, never a person's name
        agent = preposition in _AGENT_WORDS or preposition == "like" and before[1:] in (["actors"], ["actor"])
        agent = agent and (preposition == "by" or "by" not in p.words)  # 'directed_by' is not who a film features
        named = span.kind in ("name", "quoted") or span.kind == "phrase" and " " in text
        score += 2.0 if agent and named else 0.0
        if span.kind in ("name", "quoted") and [w.lower for w in reading.after(span.end, 1)] == ["by"]:
            score -= 3.0  # "'Blue Morning' by 'Kara Lind'": what is made comes before 'by', who made it after
        if (
            span.kind in ("name", "phrase")
            and before[:1] == ["by"]
            and len(before) > 1
            and matches(before[1], p.name_stems)
        ):
            score += 2.0  # 'directed by Jane Campion' for 'directed_by': the agent of the parameter's own verb
    elif p.kind == "id":
        coded = span.kind == "quoted" and re.fullmatch(r"(?=\S*[A-Za-z])(?=\S*\d)[\w.:/-]+", str(span.value))
        score += (
            4.0
            if span.kind == "code"
            else 3.0
            if coded
            else 2.0
            if span.kind == "number" and len(span.text) >= 3
            else 0.0
        )
        spaced = span.kind == "quoted" and " " in str(span.value).strip()  # a quoted title is no identifier
        score -= 2.0 if span.kind == "phrase" else 4.0 if spaced else 0.0
        if span.kind in ("phrase", "name") and preposition in ID_LABELS:
            score += 4.0  # 'the meeting with id standup': the word its label 'id' names, though lower-case
    elif is_place:
        score -= 1.5 if place_wanted else 0.75  # a known place goes to the place parameter, if there is one
    if span.kind == "number" and p.kind != "id" and not p.words & {"year", "season"}:
        score -= 0.0 if named_before(p, reading, span) else 3.0  # 'their CIK number is 0001067983' for 'cik'
    if p.role:
        score += _role_score(p, reading, span)
    if p.words & (_SUBJECT_WORDS | _SEARCH_WORDS) and span.kind in ("phrase", "name", "quoted"):
        if preposition in _ABOUT_WORDS or before[:2] in (["to", "related"], ["on", "focus"]):
            score += 3.0  # 'tweets about psychology', 'cases related to land disputes', 'news that discuss AI'
    return score


def named_before(p: Profile, reading: Reading, span: Span) -> bool:
    """Whether the parameter's own name labels the span: written just before it, with at most label words and
    'is' between ('CIK 0001067983', 'the CIK number is 0001067983', 'pin: 4411')."""
    for w in reading.before(span.start, 4):
        if matches(w.lower, p.name_stems):
            gap = set(re.findall(r"[a-z]+", reading.text[w.end : span.start].lower()))
            return gap <= _LABEL_WORDS | {"is", "was", "the", "of"}
    return False


# Nouns that label an identifier written after them; never the identifier itself.
_LABEL_WORDS = ID_LABELS | frozenset(
    """ids identifier identifiers number no code key token handle address url uri link endpoint host ip hostname named
    called titled labelled labeled""".split()
)


# A host name or web address, or an IP address of four parts of at most three digits. Stricter on purpose than
# `url_templates._IP_RE` (four digits a part): that one finds the address a request gives for a template's host,
# where a typing slip is still the address; this one decides whether a value is an address at all.
_HOST_RE = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://)?(?:[\w-]+\.)+[a-z]{2,}(?::\d+)?(?:/\S*)?|\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?"
)


# Adjectives that say a value exists without naming it ('a specific topic', 'a certain file').
# 'set to' right before a value: what the thing named before it holds.
_SET_TO_RE = re.compile(r"\bset\s+to\s*$")
# The noun 'string' right after a word, which then says what kind of string it is.
_KIND_OF_STRING_RE = re.compile(r"\s+strings?\b")
_VAGUE_ADJECTIVES = frozenset("specific particular certain given various different same other general".split())


def _is_label(p: Profile, value: str) -> bool:
    """Whether a span only names what a value is ('UUID', 'API key', 'host address', 'named'), in words of labels
    or of the parameter's own name."""
    words = re.findall(r"[a-z]+", value.lower())
    return bool(words) and all(w in _LABEL_WORDS or stem(w) in p.name_stems for w in words)


# Words before a person's name that make it the one a person parameter asks for ('starring Meryl Streep').
_AGENT_WORDS = frozenset("by with starring featuring features feature stars star starred".split())


# Plural nouns for people, which say that a string parameter takes several names ('The actors starring in it').
_PEOPLE = "actors|actresses|artists|people|persons|names|members|participants|guests|authors|players|singers|cast"


# A description of values written one after another in one string: 'separated by spaces', 'comma-separated',
# 'separated by the system path separator' (a list of paths, which POSIX joins with a colon).
_SEPARATED_RE = re.compile(
    r"\b(comma|space|semicolon)[- ]separated\b"
    r"|\bseparated\s+by\s+(?:an?\s+|the\s+)?(comma|space|semicolon|(?:system\s+)?path\s+separator)s?\b"
)
_SEPARATORS = {"comma": ", ", "space": " ", "semicolon": ";", "path separator": ":", "system path separator": ":"}


def separated_by(description: str) -> str | None:
    """The separator a description of values written one after another in one string names ('The options,
    separated by spaces' → ' '; a comma as its example writes one, 'a,b' → ','), or None when it names none."""
    m = _SEPARATED_RE.search(description.lower())
    if m is None:
        return None
    named = _SEPARATORS[" ".join((m.group(1) or m.group(2)).split())]
    return "," if named == ", " and re.search(r"\w,\w", description) else named


def separator(p: Profile) -> str:
    """What a string parameter taking several values writes between them: the separator its description names,
    else a comma."""
    return separated_by(p.description) or ", "


def joins_several(p: Profile, values: object = None) -> bool:
    """A string parameter that takes several values in one (`values`, when given, the list to join): a list
    separated by commas, spaces or semicolons, or names of people asked in the plural ('The actors or actresses
    starring in it')."""
    low = p.description.lower()
    texts = [v for v in values if isinstance(v, str)] if isinstance(values, list) else []
    if isinstance(values, list) and len(texts) < len(values):
        return False
    if _SEPARATED_RE.search(low):
        return True
    names = all(t[:1].isupper() for t in texts)  # people are named with capitals, not 'house, bored'
    return names and re.match(rf"(?:the\s+)?(?:\w+\s+)?(?:{_PEOPLE})\b", low) is not None


def takes_email(p: Profile) -> bool:
    """A parameter that takes an e-mail address written in the request: one that names e-mail, or the one who
    receives (an address says who that is most exactly)."""
    return bool(p.words & {"email", "mail", "receiver", "recipient", "payee"}) or "email" in p.description.lower()


def asks_address(p: Profile) -> bool:
    """A place parameter that takes a street address: named so, or described as one ('Street Address, City')."""
    described = re.search(r"\baddress|\bstreet\b", p.description.lower()) is not None  # 'as Street, City'
    return bool(p.words & {"address", "street"}) or p.kind == "place" and described


_SUBJECT_WORDS = frozenset({"topic", "subject", "theme", "about", "topics", "subjects"})
# A search term is what the request is about, like a topic ('articles that discuss artificial intelligence').
_SEARCH_WORDS = frozenset({"keyword", "keywords", "query", "search", "term"})
# Words after which comes what something is about ('about', 'discussing').
_ABOUT_WORDS = frozenset({"about", "regarding", "concerning", "discuss", "discusses", "discussing"})


def _asks_airport_code(p: Profile) -> bool:
    """An airport parameter whose description asks for its code ('the IATA code of the airport')."""
    low = p.description.lower()
    return "airport" in p.words | p.description_stems and re.search(r"\biata\b|\bairport code\b", low) is not None


NAMED_PLACE = "named place"
"""The qualifier of a span holding a name with its address or town after it ('Nori Bar, Austin, TX')."""


def asks_named_place(p: Profile) -> bool:
    """A parameter described as a name with where it is ('Restaurant Name, Location', 'Shop Name, Address')."""
    return re.search(r"\bname,\s*(?:location|address|city|town)\b", p.description, re.IGNORECASE) is not None


def asks_topic(p: Profile) -> bool:
    """A parameter for what is searched for or talked about: a search term, a query, a topic."""
    return bool(p.words & (_SUBJECT_WORDS | _SEARCH_WORDS))


NAMED_TOPIC = "named topic"
"""The qualifier of a span that is a name with the common noun it modifies ('Imjin war', 'Rust macros')."""


def named_topics(found: list[Span], text: str) -> list[Span]:
    """A name right before lower-case nouns that end the clause modifies them, and the whole is one noun phrase:
    'Imjin war', 'Python decorators' ('Paris hotels' too, though a place parameter takes the name alone)."""
    out: list[Span] = []
    for name in (s for s in found if s.kind == "name" and not s.qualifier):
        for noun in (s for s in found if s.kind == "phrase" and s.start == name.end + 1 and text[name.end] == " "):
            words = str(noun.value).split()
            ends = re.match(r"\s*(?:[.?!;,]|$)", text[noun.end :]) is not None
            if ends and len(words) <= 2 and all(w.isalpha() and w.islower() and not _verb_like(w) for w in words):
                value = f"{name.value} {noun.value}"
                out.append(
                    Span("phrase", value, name.start, noun.end, text[name.start : noun.end], qualifier=NAMED_TOPIC)
                )
    return out


def _verb_like(word: str) -> bool:
    """A single word that reads as a verb form ('found', 'studying', 'released') rather than a noun."""
    w = word.lower()
    return w in PARTICIPLES or len(w) > 5 and (w.endswith("ing") or w.endswith("ed") and not w.endswith("eed"))


# Words that bound a number from below or above ('over 4 stars', 'at least 2', 'under $400,000', 'up to 10').
_LOWER_BOUND = ("over", "above", "more than", "at least", "no less than", "not less than", "minimum of", "min")
_UPPER_BOUND = ("under", "below", "less than", "at most", "up to", "no more than", "not more than", "maximum of", "max")


# Longest first: 'no more than' before 'more than'.
_BOUNDS = sorted([(w, "from") for w in _LOWER_BOUND] + [(w, "to") for w in _UPPER_BOUND], key=lambda b: -len(b[0]))


def _bound(before: list[str]) -> str:
    """'from' or 'to' when the words just before a number bound it from below or above ('' otherwise); `before`
    nearest first."""
    said = " ".join(reversed(before[:3]))
    for words, role in _BOUNDS:
        if said == words or said.endswith(" " + words):
            return role
    return ""


def _opens_between(before: list[str]) -> bool:
    """Whether 'between' comes within four words before a value, with no number or 'and' in those words
    ('between the speeds of 40'); `before` nearest first."""
    for w in before[:4]:
        if w == "between":
            return True
        if w == "and" or w[:1].isdigit():
            return False
    return False


def _between(before: list[str]) -> str:
    """'from' or 'to' for a number of 'between X and Y' when words of what it measures come between 'between'
    and X ('between the speeds of 40 and 60'); `before` nearest first."""
    if _opens_between(before):
        return "from"
    if before[:1] == ["and"] and before[1:2] and before[1][:1].isdigit() and _opens_between(before[2:]):
        return "to"
    return ""


def _role_score(p: Profile, reading: Reading, span: Span) -> float:
    wide = [w.lower for w in reading.before(span.start, 7)]
    before = wide[:3]
    if not before:
        return 0.0
    near = before[0]
    bound = _bound(before) if span.kind == "number" and p.role in ("from", "to") else ""
    bound = bound or (_between(wide) if span.kind == "number" and p.role in ("from", "to") else "")
    if bound:
        return 3.0 if bound == p.role else -2.5
    if p.role == "from":
        if near in ("from", "between") or (near == "and" and "between" in before[1:]):
            return 3.0 if near != "and" else -2.0
        if near in ("to", "into", "and"):
            return -2.5
    if p.role == "to":
        if near in ("to", "into") or (near == "and" and "between" in before):
            return 3.0
        if near in ("from", "between"):
            return -2.5
    return 0.0


_EXAMPLES_RE = re.compile(
    r"(?:e\.g\.?,?|for example|such as|for instance|i\.e\.?,?|like|options?:?|one of:?|can be)\s*([^.;]*)"
    r"|'([^']+)'|\"([^\"]+)\"",
    re.IGNORECASE,
)


def _example_of(p: Profile, value: str) -> bool:
    """Whether the description gives `value` as an example ('e.g. PC, Xbox', "'Darwin' or 'Lamarck'")."""
    words = " ".join(re.findall(r"[a-z0-9]+", value.lower()))
    if not words or len(words.split()) > 3:
        return False
    examples = " | ".join(next(g for g in m.groups() if g is not None) for m in _EXAMPLES_RE.finditer(p.description))
    return re.search(rf"\b{re.escape(words)}\b", examples.lower()) is not None


def examples(p: Profile) -> list[str]:
    """The single values a description quotes or lists after 'e.g.' ('static', 'dynamic'), as written."""
    return described_examples(p.description)


def described_examples(description: str) -> list[str]:
    """The single values `description` quotes or lists after 'e.g.', 'i.e.', 'such as', ... as written."""
    out: list[str] = []
    for m in _EXAMPLES_RE.finditer(description):
        text = next(g for g in m.groups() if g is not None)
        quoted = re.findall(r"'([^']+)'|\"([^\"]+)\"", text) if m.group(1) is not None else []
        if quoted:  # "such as 'Berkeley, CA' or 'New York, NY'": the quoted values, commas and all
            items = [a or b for a, b in quoted]
        else:
            items = [text] if m.group(1) is None else re.split(r",|\bor\b|\band\b", text)
        for item in items:
            item = item.strip(" .'\"()")
            if item and len(item) <= 30 and len(item.split()) <= 3 and item not in out:
                out.append(item)
    return out


def coordinated(
    reading: Reading, found: Sequence[Span], scores: dict[tuple[str, int], float], profiles: Sequence[Profile] = ()
) -> None:
    """Spans joined by 'and' / 'or' / commas share their context: in 'mix yellow and blue colors' both are
    colors, and the order of the request then decides which goes to 'color1'. Updates `scores` in place."""
    # The parts of one qualified place ('Tokyo, Japan') are not a list.
    order = sorted(
        (k for k in range(len(found)) if found[k].qualifier not in ("head", "region")),
        key=lambda k: found[k].start,
    )
    groups: list[list[int]] = []
    for k in order:
        gap = reading.text[found[groups[-1][-1]].end : found[k].start] if groups else ""
        if (
            groups
            and re.fullmatch(r"\s*(?:,\s*)?(?:and|or|&|,)\s*", gap)
            and not _appositive(found[groups[-1][-1]], found[k], gap)
            and not _code_and_words(found[groups[-1][-1]], found[k])
        ):
            groups[-1].append(k)
        else:
            groups.append([k])
    names = {name for name, _ in scores} - {p.name for p in profiles if p.role}  # 'between 300 and 400' keeps its ends
    for group in (g for g in groups if len(g) > 1):
        for name in names:
            best = max(scores.get((name, k), -99.0) for k in group)
            for k in group:
                if (name, k) in scores and scores[(name, k)] > -3.0:
                    scores[(name, k)] = max(scores[(name, k)], best)


def _code_and_words(first: Span, second: Span) -> bool:
    """A name written as code and plain words after 'and' are no list ('the factory `f` and handling errors')."""
    return any(a.kind == "phrase" and backticked(b) for a, b in ((first, second), (second, first)))


def _appositive(first: Span, second: Span, gap: str) -> bool:
    """'Hotel Paradise, Las Vegas': a known place after a bare comma says where the name before it is."""
    if gap.strip() != "," or first.kind != "name" or second.kind != "name":
        return False
    if nested_areas(first, second):
        return True
    return not places.lookup(str(first.value)) and bool(places.lookup(str(second.value)))


# --- the assignment ------------------------------------------------------------------------------------


EVIDENCE = 2.0
"""A score from this up means the request's words point to the value; below it the value is what was left."""


def fill_required(
    profiles: Sequence[Profile],
    spans: Sequence[Span],
    score: dict[tuple[str, int], float],
    chosen: dict[str, Choice],
    taken: set[int],
    take: Callable[[int], None],
    floor: float,
) -> None:
    """Required parameters without a value take the best remaining span above `floor`, earliest on a tie."""
    for p in sorted(profiles, key=lambda q: q.index):
        if p.name in chosen or not p.required:
            continue
        options = [k for k in range(len(spans)) if k not in taken and score.get((p.name, k), -99.0) > floor]
        if not options:
            continue
        k = min(options, key=lambda i: (-score[(p.name, i)], spans[i].start))
        chosen[p.name] = Choice(p.name, spans[k], score[(p.name, k)])
        take(k)


@dataclass(frozen=True)
class Choice:
    """A span given to a parameter, with the score that decided it."""

    param: str
    span: Span
    score: float


def assign(
    profiles: Sequence[Profile],
    spans: Sequence[Span],
    score: dict[tuple[str, int], float],
    *,
    threshold: float = EVIDENCE,
    optional_threshold: float = 3.0,
    floor: float = -3.0,
) -> dict[str, Choice]:
    """Give spans to parameters: best-scoring pairs first (each span and parameter once), then required
    parameters without evidence take the remaining spans in request order, when their score is above `floor`.
    `score` maps (parameter name, span index) to a score; missing pairs cannot be chosen."""
    chosen: dict[str, Choice] = {}
    taken: set[int] = set()
    by_name = {p.name: p for p in profiles}
    pairs = sorted(score.items(), key=lambda kv: (-kv[1], by_name[kv[0][0]].index, kv[0][1]))

    def take(k: int) -> None:  # a span, and every span overlapping it ('Tokyo, Japan' and its 'Tokyo')
        taken.update(i for i, t in enumerate(spans) if t.start < spans[k].end and spans[k].start < t.end)

    for (name, k), value in pairs:
        p = by_name[name]
        if name in chosen or k in taken or value < (threshold if p.required else optional_threshold):
            continue
        chosen[name] = Choice(name, spans[k], value)
        take(k)
    fill_required(profiles, spans, score, chosen, taken, take, floor)
    missing = [p for p in profiles if p.required and p.name not in chosen]
    held = [q for q in profiles if not q.required and q.name in chosen]

    def needs(p: Profile, q: Profile) -> bool:  # p needs q's value, and it fits p nearly as well as q
        k = spans.index(chosen[q.name].span)
        return score.get((p.name, k), -99.0) > max(floor, chosen[q.name].score - 2.5)

    wanted = [q for q in held if any(needs(p, q) for p in missing)]
    if wanted:  # a value a required parameter needs goes back from an optional one that took it
        for q in wanted:
            del chosen[q.name]
        taken.clear()
        for c in chosen.values():
            take(spans.index(c.span))
        fill_required(profiles, spans, score, chosen, taken, take, floor)
    return chosen
