"""A request read once into typed spans: numbers with their sign, unit or currency, quoted text, codes, proper
names with their qualifiers ('San Francisco, CA', 'Tel Aviv, Israel'), lists, coordinate pairs and the plain
noun phrases left over, each with its character span and the words around it.

Argument filling (`assign`) gives these spans to parameters by what each parameter's schema says; this module
only reads English. Everything is pure text processing over a typed or transcribed request.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from rtkit.local.model import extract, mentions, units
from rtkit.local.model.currencies import code_of
from rtkit.local.model.places import is_place as place_is_place
from rtkit.local.model.places import lookup as place_lookup
from rtkit.local.text import ID_LABELS, PREPOSITIONS, WEEKDAYS, stem

# Words that join a clause rather than carry a value; a value's context is read across them.
FUNCTION_WORDS = frozenset(
    """a an the of to in on at by for from with as is am are was were be been being it its this that these those
    and or but if then than so such there here into onto over under about regarding concerning around between among
    per via
    using use used having has have had do does did will would should can could may might must shall
    i me my we us our you your he him his she her they them their what which who whom whose when where why how
    all any some each every no not only just also very much many more most less least other another
    please let lets get give tell show find me up out off now then like want need""".split()
)
# Verbs that frame a request ('Calculate the area of ...'); never a value themselves.
REQUEST_VERBS = frozenset(
    """find get give show tell list fetch retrieve search look lookup check calculate compute determine
    estimate predict identify provide return generate create make build book reserve order buy sell play
    turn switch set add remove delete update send write read open close start stop run convert translate
    compare analyze analyse evaluate measure plot draw compose locate recommend suggest help know see want
    need like would could can please obtain fetching getting finding calculating computing predicting
    plan schedule track monitor count sort solve simulate perform apply assess review summarize describe
    explain display print mean means meaning go going take taking bring call define put say""".split()
)
# Common verbs, adverbs and adjectives of requests that end a plain noun phrase ('restaurants near me that serve').
COMMON_WORDS = frozenset(
    """is are was were be been has have had do does did done go goes went come comes came make makes made take
    takes took give gives gave say says said see saw seen know knew known think thought want wants wanted like
    likes liked love loves loved use uses used work works worked call called try tried ask asked need needs
    needed feel felt become became leave left put keep kept let begin began seem seemed help helped talk talked
    turn turned start started show showed hear heard play played run ran move moved live lived believe held
    bring brought happen happened write wrote provide provided sit sat stand stood lose lost pay paid meet met
    include includes including included continue set learn learned change changed lead led understand watch
    follow stop create created speak spoke read allow allowed add added spend spent grow grew open opened walk
    win won offer offers offered remember consider considered appear buy bought wait serve serves served die
    send sent expect build built stay fall fell cut reach kill remain suggest raise pass sell sold require
    required report decide pull save saves saved switch switched produce produced occur occurs happens
    located situated based near nearby next around about approximately currently recently today tonight
    please also really quite very just only even still already always never often sometimes usually discuss
    discusses discussed discussing""".split()
)
# Generic nouns that say what kind of answer is wanted rather than name a value.
GENERIC_NOUNS = frozenset(
    """information info details detail data result results value values number numbers amount list
    way thing things something anything everything kind type types sort lot bit part name names
    one ones someone somebody anyone people person question answer help time today""".split()
)
_CLAUSE_STOP = frozenset(".;?!")
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6, "bn": 1e9}
_MULTIPLES = {"twice": 2, "thrice": 3, "double": 2, "triple": 3, "dozen": 12, "half": 0.5, "couple": 2}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10,
}  # fmt: skip

_WORD_RE = re.compile(r"[^\W\d_](?:[\w'’&]*[^\W_])?|\d+|[^\w\s]")
_NUMBER_RE = re.compile(
    r"(?<![\w.])(?P<sign>[-−]?)(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?:(?:[eE](?P<exp>[-+]?\d+))|\s?(?:[x×*]\s?10\^(?P<exp10>[-−]?\d+)))?(?P<ordinal>st|nd|rd|th)?(?![\d])"
)
# A single-quoted value may hold quotes of its own: "'it's'" (a quote before a letter), and a quoted string that
# ends in one ("'... state = 'open''": the inner quote closes first).
_QUOTED_RE = re.compile(
    r"\"([^\"]+)\"|“([^”]+)”|‘([^’]+)’|(?<!\w)'((?:[^'\n]|'(?=[a-z])|'(?='(?!\w)))+?)'(?![\w'])|`([^`]+)`"
)
_CODE_RE = re.compile(r"(?<![\w/:.@-])(?:[A-Za-z]:/?)?[\w]+(?:[-/_.:#][\w]+)+(?![\w/])|(?<![\w-])\w+(?![\w-])")
_PROPER_WORD = r"(?:[A-Z][\w'’&.-]*[\w.&]|[A-Z]|\d+[A-Za-z]*)"
_NAME_RE = re.compile(
    rf"(?<![\w.,$€£¥])(?:[A-Z][\w'’&.-]*[\w.&]|[A-Z]|\d+[A-Z][A-Za-z]*)(?:(?:\s+|\s*[&:]\s*|-)(?:(?:of|de|da|del|du|la|le|van|von|der|the|y|upon|am|vs\.?|v\.)\s+)?"
    rf"{_PROPER_WORD})*"
)


@dataclass(frozen=True)
class Span:
    """One typed value of the request."""

    kind: str
    """'number', 'quoted', 'code', 'name', 'list', 'pair' or 'phrase'."""
    value: object
    """The value as a tool argument would take it (a number, a string, a list)."""
    start: int
    """Character offset where the span begins."""
    end: int
    """Character offset just past it."""
    text: str
    """The characters it came from."""
    unit: units.Unit | None = None
    """Numbers: the unit written with it ('cm', 's', '%')."""
    currency: str = ""
    """Numbers: the ISO code of the currency written with it ('$250' → 'USD')."""
    words: bool = False
    """Numbers: written in words ('five') rather than digits."""
    ordinal: bool = False
    """Numbers: an ordinal ('3rd', 'third')."""
    qualifier: str = ""
    """Names: the qualifier written after a comma ('CA' of 'San Francisco, CA')."""
    value_end: int = -1
    """Numbers: where the number itself ends, before its unit or currency (-1: at `end`)."""

    @property
    def percent(self) -> bool:
        return self.unit is not None and self.unit.dimension == "percent"


@dataclass(frozen=True)
class Word:
    """One word or symbol of the request."""

    text: str
    lower: str
    stem: str
    start: int
    end: int


@dataclass
class Reading:
    """A request read into typed spans (see `read`)."""

    text: str
    words: list[Word]
    numbers: list[Span] = field(default_factory=list)
    quoted: list[Span] = field(default_factory=list)
    codes: list[Span] = field(default_factory=list)
    names: list[Span] = field(default_factory=list)
    lists: list[Span] = field(default_factory=list)
    pairs: list[Span] = field(default_factory=list)
    expressions: list[Span] = field(default_factory=list)
    """Mathematical expressions in a variable ('3x^2 + 2x - 1', 'y = x^3'), written with ** for powers."""
    links: list[Span] = field(default_factory=list)
    """E-mail addresses and URLs (kept whole: no number, code or name is read inside them)."""
    dicts: list[Span] = field(default_factory=list)
    """Key-value pairs written out ("'name': 'John Doe', 'email': 'j@x.com'"), as one object."""
    nested: list[Span] = field(default_factory=list)
    """Lists of lists ('[[10, 20], [30, 40]]')."""

    def before(self, start: int, limit: int = 4) -> list[Word]:
        """Words (not symbols) before `start` within its clause, nearest first."""
        return self._clause_words((w for w in reversed(self.words) if w.end <= start), limit)

    def after(self, end: int, limit: int = 3) -> list[Word]:
        """Words (not symbols) after `end` within its clause, nearest first."""
        return self._clause_words((w for w in self.words if w.start >= end), limit)

    def _clause_words(self, nearest_first: Iterable[Word], limit: int) -> list[Word]:
        """Up to `limit` words (not symbols) of `nearest_first` before a clause ends."""
        out: list[Word] = []
        for w in nearest_first:
            if (
                w.text in _CLAUSE_STOP
                and w.text != "."
                or (w.text == "." and mentions.sentence_end(self.text, w.start))
            ):
                break
            if w.lower[:1].isalpha():
                out.append(w)
                if len(out) >= limit:
                    break
        return out

    def symbol_before(self, start: int) -> str:
        """The non-space character just before `start` ('=' in 'a=1', ':' in 'limit: 5')."""
        head = self.text[:start].rstrip()
        return head[-1:] if head else ""

    @cached_property
    def typed(self) -> list[Span]:
        """Every typed span except plain phrases, in text order."""
        spans = self.numbers + self.quoted + self.codes + self.names + self.lists + self.pairs + self.links
        spans += self.dicts + self.nested
        spans += self.expressions
        return sorted(spans, key=lambda s: (s.start, -s.end))


def _words(text: str) -> list[Word]:
    out = []
    for m in _WORD_RE.finditer(text):
        lower = m.group().lower()
        out.append(Word(m.group(), lower, stem(lower) if lower[:1].isalpha() else lower, m.start(), m.end()))
    return out


def read(text: str, reserved: list[tuple[int, int]] | tuple[tuple[int, int], ...] = ()) -> Reading:
    """Read `text` into typed spans. `reserved` character spans (dates, times, e-mails found elsewhere) hold no
    numbers or codes. The same request is read once (the result is shared: do not change it)."""
    return _read(text, tuple(sorted(set(reserved))))


@lru_cache(maxsize=64)
def _read(text: str, reserved: tuple[tuple[int, int], ...]) -> Reading:
    from rtkit.local.model.structures import expressions, lists, name_lists, nested  # they build on Span

    reading = Reading(text, _words(text))
    reading.links = [Span("link", m.value, m.start, m.end, text[m.start : m.end]) for m in mentions.emails(text)]
    reading.links += [Span("link", m.value, m.start, m.end, text[m.start : m.end]) for m in mentions.urls(text)]
    blocking = [*reserved, *[(s.start, s.end) for s in reading.links]]
    reading.quoted = quoted(text)
    quoted_spans = [(q.start, q.end) for q in reading.quoted]
    reading.expressions = expressions(text)
    blocking += [(e.start, e.end) for e in reading.expressions]
    reading.codes = [
        Span("code", value, a, b, text[a:b])
        for value, (a, b) in extract.paths(text)
        if re.match(r"(?:[A-Za-z]:)?[/~.]", value) or re.search(r"\.\w{1,5}$", value)
    ]
    reading.codes += codes(text, [*blocking, *[(c.start, c.end) for c in reading.codes]])
    blocked = [*blocking, *[(c.start, c.end) for c in reading.codes if not str(c.value).replace(",", "").isdigit()]]
    reading.numbers = numbers(text, blocked)
    reading.dicts = [n for n in nested(text) if n.kind == "dict"]
    reading.nested = [n for n in nested(text) if n.kind == "list"]
    inner = [(n.start, n.end) for n in reading.dicts + reading.nested]
    reading.quoted = [q for q in reading.quoted if not _overlaps(q.start, q.end, inner)]
    reading.numbers = [n for n in reading.numbers if not _overlaps(n.start, n.end, inner)]
    reading.lists, reading.pairs = lists(text, reading.numbers, reading.quoted)
    reading.names = names(text, quoted_spans + [(c.start, c.end) for c in reading.codes])
    named = [(n.start, n.end) for n in reading.names if re.search(r"\d", str(n.value)) and " " in str(n.value)]
    reading.numbers = [n for n in reading.numbers if not _overlaps(n.start, n.end, named)]
    reading.lists += name_lists(text, reading.names)
    return reading


# --- numbers ---------------------------------------------------------------------------------------


def overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether the characters from `start` to `end` overlap any of `spans`."""
    return any(start < b and a < end for a, b in spans)


_overlaps = overlaps


def numbers(text: str, reserved: list[tuple[int, int]] | None = None) -> list[Span]:
    """Numbers with their sign, scale, unit and currency: '-3', 'b=-3', 'minus five', '1e-9', '3 x 10^8',
    '8.5 million', '$10,000', '5%', '6cm', '4 m/s^2', 'twice', '3rd'."""
    reserved = list(reserved or [])
    found: list[Span] = []
    for m in _NUMBER_RE.finditer(text):
        if _overlaps(m.start(), m.end(), reserved) or (found and m.start() < found[-1].end):
            continue
        digits = m.group("digits").replace(",", "")
        value: float = float(digits)
        exponent = m.group("exp") or (m.group("exp10") or "").replace("−", "-")
        if exponent:
            try:
                value *= 10 ** int(exponent)
            except OverflowError:  # '1e999' is no quantity anyone means
                continue
        end = m.end()
        scale = re.match(r"\s*(thousand|million|billion|trillion|bn)\b|([kK]|M|bn)\b(?![\w/])", text[end:])
        if scale and not m.group("ordinal"):
            word = (scale.group(1) or scale.group(2)).lower()
            if word != "k" or scale.group(2) != "K" or re.search(r"[$€£¥]\s*$", text[: m.start()]):
                value *= _SCALES[word]
                end += scale.end()
        negative = bool(m.group("sign")) or bool(re.search(r"\b(?:minus|negative)\s+$", text[: m.start()], re.I))
        found.append(_quantity(text, m.start(), end, -value if negative else value, ordinal=bool(m.group("ordinal"))))
    taken = [(s.start, s.end) for s in found] + reserved
    found += _word_numbers(text, taken)
    return sorted(found, key=lambda s: s.start)


def _word_numbers(text: str, taken: list[tuple[int, int]]) -> list[Span]:
    tokens = [t for t in extract.tokenize(text) if not t.lower[0].isdigit() and not _overlaps(t.start, t.end, taken)]
    found: list[Span] = []
    for n in extract.numbers(tokens):
        if n.value == 1 and text[n.start : n.end].lower() in ("one", "a", "an"):
            after = re.match(r"\s+([a-z]+)", text[n.end :])
            if text[n.start : n.end].lower() != "one" or (
                after.group(1) in FUNCTION_WORDS | COMMON_WORDS if after else not _one_said_as_number(text, n.start)
            ):
                continue  # 'one of', 'a'/'an' alone: not a quantity; 'one child' is one
        negative = bool(re.search(r"\b(?:minus|negative)\s+$", text[: n.start], re.I))
        found.append(_quantity(text, n.start, n.end, -n.value if negative else n.value, words=True))
    for m in re.finditer(r"\b(" + "|".join(_MULTIPLES) + "|" + "|".join(_ORDINALS) + r")\b", text, re.I):
        word = m.group(1).lower()
        if _overlaps(m.start(), m.end(), taken) or any(s.start <= m.start() < s.end for s in found):
            continue
        if word == "second" and re.match(r"\s*s?\b", text[m.end() :]) and re.search(r"\d\s*$", text[: m.start()]):
            continue  # '5 second' is a unit
        if word in ("half", "couple", "double") and not re.search(r"\b(?:a|an|one)\s+$", text[: m.start()], re.I):
            continue
        value = _MULTIPLES.get(word, _ORDINALS.get(word, 0))
        found.append(_quantity(text, m.start(), m.end(), value, words=True, ordinal=word in _ORDINALS))
    return found


_BEFORE_A_NUMBER_RE = re.compile(
    r"(?:\b(?:to|equals?|is|minus|negative|point|and|or|by|of|from|at|times|plus|over|than)|[,=(]|\d)\s*$", re.I
)


def _one_said_as_number(text: str, start: int) -> bool:
    """'one' at the end of a phrase is the number after a word that leads to a value ('a equal to one,', 'the
    point one, two', 'three, four and one'); after a determiner or adjective it is a pronoun ('the blue one')."""
    return bool(_BEFORE_A_NUMBER_RE.search(text[:start]))


def _quantity(text: str, start: int, end: int, value: float, *, words: bool = False, ordinal: bool = False) -> Span:
    value_end = end
    number: int | float = int(value) if float(value).is_integer() and abs(value) < 1e15 else value
    if isinstance(number, float):
        number = float(f"{number:.12g}")
    currency = ""
    symbol = re.search(r"(US\$|[A-Z]{2}\$|[$€£¥₹₩₽₺₪₦₱฿₫₿])\s*[-−]?$", text[:start])
    if symbol:
        currency = code_of(symbol.group(1)) or ("USD" if symbol.group(1).endswith("$") else "")
    unit = None
    named = _currency_after(text, end) if not currency and not ordinal else None
    if named is not None and (named[2] > 1 or named[1] != "GBP" or currency):
        currency, end = named[1], named[0]  # 'pounds sterling', 'Swiss francs', 'CHF', 'yen'
        return Span("number", number, start, end, text[start:end], currency=currency, words=words,
                    ordinal=ordinal, value_end=value_end)  # fmt: skip
    found = units.unit_after(text, end) if not ordinal else None
    if found is not None:
        unit, end = found
        if named is not None:
            currency = named[1]  # 'five pounds': weight or money, as the parameter asks
    elif named is not None:
        currency, end = named[1], named[0]
    return Span("number", number, start, end, text[start:end], unit=unit, currency=currency, words=words,
                ordinal=ordinal, value_end=value_end)  # fmt: skip


def _currency_after(text: str, end: int) -> tuple[int, str, int] | None:
    """A currency named right after a number ('9.99 pounds sterling', '40 CAD'): (end, ISO code, words)."""
    m = re.match(r"\s?([A-Za-z]+(?:\.[A-Za-z]\.)?(?:\s+[A-Za-z]+){0,2})", text[end:])
    if not m:
        return None
    words = m.group(1).split()
    for n in range(len(words), 0, -1):
        phrase = " ".join(words[:n])
        iso = code_of(phrase)
        if iso and (phrase.isupper() or not phrase.islower() or len(phrase) > 3):
            return end + m.start(1) + len(phrase), iso, n
    return None


# --- quoted text, codes and names --------------------------------------------------------------------


def quoted(text: str) -> list[Span]:
    """Text in quotes or backticks, without the quotes."""
    out = []
    for m in _QUOTED_RE.finditer(text):
        inner = next(g for g in m.groups() if g is not None)
        if inner.strip():
            out.append(Span("quoted", inner.strip(), m.start(), m.end(), m.group()))
    return out


_COMPOUND_UNIT = r"[A-Za-zµμ°]{1,4}(?:/[A-Za-zµμ°²³^0-9]{1,5})+"


def codes(text: str, reserved: list[tuple[int, int]] | None = None) -> list[Span]:
    """Identifiers and codes: words mixing letters with digits or joined by '_', '/', '-', ':' ('DNA123',
    'rs6034464', 'case_7', 'C:/data/x.csv', '123456-ABC'); dates and paths found elsewhere are `reserved`."""
    reserved = reserved or []
    out = []
    for m in _CODE_RE.finditer(text):
        token = m.group().rstrip(".:")
        if not token or _overlaps(m.start(), m.start() + len(token), reserved):
            continue
        letters = sum(ch.isalpha() for ch in token)
        digits = sum(ch.isdigit() for ch in token)
        joined = bool(re.search(r"\w[-/_.:#]\w", token))
        if re.fullmatch(r"\d+(?:[.,]\d+)*", token) or re.fullmatch(r"\d+(?:st|nd|rd|th)", token):
            if len(token) < 5:
                continue  # a plain number
        elif not ((letters and digits) or (joined and len(token) > 2) or "_" in token):
            continue
        if re.fullmatch(r"(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}", token):
            continue  # an abbreviation: 'D.C', 'e.g'
        if _run_together(token):
            continue  # two sentences typed with no space between: 'Oslo.We would'
        if re.fullmatch(r"\d{4}([./])\d{1,2}\1\d{1,2}|\d{1,2}([./])\d{1,2}\2\d{4}", token):
            continue  # a date ('2023.10.1', '15.03.2024'), read as one elsewhere
        if re.fullmatch(r"\d{1,4}(?:\.\d+)?-[a-z]{3,}", token):
            continue  # a count or measure joined to what it counts: '20-sided', '4-door', '1.5-second'
        if re.fullmatch(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)+", token):
            continue  # a double-barrelled name ('Wright-Thompson'), read with the name it belongs to

        quantity = re.fullmatch(r"[-−]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?([^\d\s].*)?", token)
        suffix = quantity.group(1) if quantity else None
        if quantity and (not suffix or suffix in "kKM" or units.unit(suffix) or re.fullmatch(_COMPOUND_UNIT, suffix)):
            continue  # '6cm', '100µF', '1e-9', '5k', '5J/K': a quantity
        out.append(Span("code", token, m.start(), m.start() + len(token), token))
    return out


# Capitalised words that open sentences or are common words rather than names.
_NOT_NAMES = frozenset(
    """I I'm I'd I'll I've The A An What What's Whats How How's Is Are Was Were Can Could Would Will Should Do Does
    Did Please And Or But If When Where Which Who Whom Whose Why Also Then So Now Hey Hi Hello Ok Okay Yes No
    Let Let's My Our Your His Her Their Its This That These Those There Here It Give Show Tell Find Get Fetch
    Retrieve Search Look Check Calculate Compute Determine Estimate Predict Identify Provide Return Generate
    Create Make Book Reserve Order Buy Play Turn Switch Set Add Remove Delete Update Send Write Read Open
    Close Start Stop Run Convert Translate Compare Analyze Analyse Evaluate Measure Plot Draw Compose Locate
    Recommend Suggest Help Obtain Plan Schedule Track Count Sort Solve Simulate Perform Apply Assess Review
    Summarize Describe Explain Display List I'd Assuming Given Using With For From In On At By To Of As
    Into After Before During Until Since Between About Over Under Within Without Including Include Excluding
    Don't Doesn't Isn't Won't Can't Also Just Only Some Any All Each Every One Two Three First Next Last
    Today Tomorrow Yesterday Tonight Note Mr Mrs Ms Dr""".split()
) | {w.capitalize() for w in (*extract.MONTHS, *WEEKDAYS)}


# Nouns after which a capitalised run is a work's title, whatever its words ('the album This Is Acting').
TITLE_NOUNS = "album|song|track|single|film|movie|book|novel|show|series|play|podcast|titled|called|named"


# Titles that belong to the name they precede ('Mr. Gates', 'Dr. Chen').
_HONORIFICS = frozenset({"Mr", "Mrs", "Ms", "Dr"})


_FEATURES = (
    "river|lake|mountains?|mount|park|national park|forest|rainforest|valley|desert|ocean|sea|bay|islands?|"
    "canyon|county|beach|falls|glacier|peninsula|gulf|strait|reef|delta|basin|plateau|coast"
)


def names(text: str, blocked: list[tuple[int, int]] | None = None) -> list[Span]:
    """Proper names: runs of capitalised words ('Leonardo DiCaprio', 'Yellowstone National Park', 'S&P 500'),
    with a place's qualifier after a comma ('Boston, MA', 'Tel Aviv, Israel', 'Washington, D.C.')."""
    blocked = blocked or []
    out: list[Span] = []
    for m in _NAME_RE.finditer(text):
        start, end = m.start(), mentions.before_sentence_end(text, m.start(), m.end())
        if out and start < out[-1].end:
            continue  # the qualifier of the name before ('MA' of 'Boston, MA')
        words = text[start:end].split()
        titled = re.search(rf"\b(?:{TITLE_NOUNS})\s+$", text[:start], re.IGNORECASE) and len(words) > 1
        # Trim sentence-opening and common words from the edges ('Find Paris' → 'Paris'); a title keeps its words
        # ('the album This Is Acting', 'the song Speak Now').
        while (
            words
            and not titled
            and not _agent_verb(words[0], text, start)
            and (
                _not_name(words[0], text, start)
                and not (len(words) > 1 and words[0].rstrip(".") in _HONORIFICS)
                or len(words) > 1
                and words[0].lower() in ID_LABELS  # 'UUID MEGAPLAN': its label
                or words[0].lower() in FUNCTION_WORDS
                or words[0].isdigit()
                or words[0].islower()  # a joining word left by the trim ('am' of 'I am Karan')
            )
        ):
            start = text.index(words[0], start) + len(words[0])
            start += len(text[start:]) - len(text[start:].lstrip())
            words.pop(0)
        # 'Product A, Product B': a last 'A' before a comma, 'and', 'or' or the end names one of several, not the
        # article, which is followed by its noun; only 'A' is kept so, as a last 'I' is the pronoun ('... than I')
        lettered = len(words) > 1 and words[-1] == "A" and re.match(r"\s*(?:[,;)]|and\b|or\b|$)", text[end:])
        while (
            words
            and not titled
            and not (lettered and len(words) == len(text[start:end].split()))
            and (
                words[-1] in _NOT_NAMES
                or words[-1].lower() in ("of", "the", "and", "de", "in", "for", "on")
                or words[-1].isdigit()
                and (_counts_next(text, start, words) or len(words) > 1 and words[-2].islower())
            )
        ):
            words.pop()  # a trailing count is not part of the name ('Paris 2 nights'), a model number is ('Windows 10')
        cut = next((k for k, w in enumerate(words) if _run_together(w)), None)
        if cut is not None:  # 'in Oslo.We would': the name ends at the full stop
            words = [*words[:cut], words[cut].split(".")[0]]
        if not words:
            continue
        value = " ".join(words)
        end = start + len(value) if text[start : start + len(value)] == value else end
        value = _clean_name(value, text, start + len(value))
        start, value = _lower_case_part(text, start, value)
        end = max(end, start + len(value))
        if not value or not any(ch.isupper() for ch in value) or _overlaps(start, end, blocked):
            continue
        if len(value) == 1 and not value.isdigit():
            previous = re.search(r"([A-Za-z]+)\s+$", text[:start])
            if value in "IA" or not previous or previous.group(1).lower() in FUNCTION_WORDS:
                continue  # a single letter alone: 'I', 'a', a variable
            # 'product A', 'trait B': a letter naming one of several
        if " " not in value and len(value) > 2 and units.unit(value) is not None:
            continue  # a unit ('Amperes', 'Celsius'), not a name
        if _opens_sentence(text, start) and " " not in value and not place_lookup(value):
            continue  # one capitalised word opening a sentence is any word ('Define ephemeral')
        the = re.search(r"\bThe\s+$", text[:start])
        if the and not _opens_sentence(text, the.start()):
            start, value = the.start(), "The " + value  # 'at The Ivy': the article is part of the name
        end = start + len(value)
        feature = re.match(rf"\s+({_FEATURES})\b", text[end:], re.IGNORECASE)
        if feature:  # 'the Amazon rainforest', 'Mississippi river': the feature is part of the name
            value += text[end : end + feature.end()]
            end += feature.end()
        joined = mentions.joined_venue(text, start, end)
        if joined > end:  # 'at Riverside Hall and Annex.': one venue's name holds 'and'
            value, end = text[start:joined], joined
        value, qualifier = _unmarked_qualifier(value)
        q = (
            None
            if qualifier
            else re.match(r",\s*((?:[A-Z][\w.'’-]*\.?)(?:\s+[A-Z][\w'’-]*){0,2}|[A-Z]{2}\b\.?)", text[end:])
        )
        # 'Thailand. I prefer', 'UK. Could you': a sentence ends
        said = (
            text[end + q.start(1) : mentions.before_sentence_end(text, end + q.start(1), end + q.end(1))] if q else ""
        )
        if q and (
            _is_qualifier(value, said.rstrip(","))
            or _region_written(text, start, value, said.rstrip(","), end + q.start(1) + len(said.rstrip(",")))
        ):
            qualifier = said.rstrip(",")
            if qualifier.endswith(".") and not re.search(r"[A-Z]\.[A-Z]\.$", qualifier):
                qualifier = qualifier[:-1]
            end = end + q.start(1) + len(qualifier)
        elif not qualifier:
            qualifier = _region_after_in(text, start, end, value)
            end = end + text[end:].index(qualifier) + len(qualifier) if qualifier else end
        out += _venue_and_town(Span("name", value if not qualifier else f"{value}, {qualifier}", start, end,
                                    text[start:end], qualifier=qualifier))  # fmt: skip
    return out


def _run_together(token: str) -> bool:
    """A word, a full stop and a word that opens a sentence with no space between ('Oslo.We', 'Paris.Can')."""
    m = re.fullmatch(r"[A-Za-z]{2,}\.([A-Z][a-z]*)", token)
    return m is not None and m.group(1) in _NOT_NAMES


def _lower_case_part(text: str, start: int, value: str) -> tuple[int, str]:
    """A name partly typed in lower case: a place whose last word is ('New york' → 'New York'), or a person's
    given name before a middle initial ('harlan J. Voss' → 'Harlan J. Voss'); the start and value."""
    after = re.match(r" ([a-z]{3,})\b", text[start + len(value) :])
    if after and after.group(1) not in FUNCTION_WORDS | COMMON_WORDS and not place_lookup(value):
        whole = f"{value} {after.group(1)}"
        place = next((p for p in place_lookup(whole) if p.name.lower() == whole.lower()), None)
        if place is not None:
            return start, place.name
    given = re.search(r"\b([a-z]{3,}) $", text[:start])
    if re.match(r"[A-Z]\. [A-Z]", value) and given and given.group(1) not in FUNCTION_WORDS | COMMON_WORDS:
        return given.start(1), given.group(1).capitalize() + " " + value
    return start, value


def _unmarked_qualifier(value: str) -> tuple[str, str]:
    """A city followed by its state or country without a comma ('Berkeley California'): the city and the
    qualifier; else the name as it was and ''. (The span still ends after the qualifier, which it holds.)"""
    words = value.split()
    if place_lookup(value):
        return value, ""  # one name: 'Washington D.C.'
    for k in (1, 2):
        if len(words) <= k:
            break
        head, tail = " ".join(words[:-k]), " ".join(words[-k:])
        cities = [c for c in place_lookup(head) if c.kind == "city"]
        regions = [r for r in place_lookup(tail) if r.kind in ("state", "country")]
        if any(
            r.country == c.country and (r.kind == "country" or r.region == c.region) for c in cities for r in regions
        ):
            return head, tail
    return value, ""


_AGENT_BEFORE = re.compile(r"\bby\s+$")


def _agent_verb(word: str, text: str, start: int) -> bool:
    """A capitalised verb right after 'by' opens a name ('songs by Run Wild', 'a film by Make Believe')."""
    return word[:1].isupper() and word.lower() in REQUEST_VERBS and bool(_AGENT_BEFORE.search(text[:start]))


def _not_name(word: str, text: str, start: int) -> bool:
    """A capitalised word that is not a name: one opening a sentence ('Find'), or a word like 'The', 'Today'."""
    word = word.rstrip(".,")
    if word not in _NOT_NAMES:
        return False
    return _opens_sentence(text, start) or word.lower() not in REQUEST_VERBS


# Plurals without an -s: a number above one before a noun counts it only when the noun is plural.
_PLURALS = frozenset("people children men women persons feet teeth mice geese".split())


def _counts_next(text: str, start: int, words: list[str]) -> bool:
    """Whether the name's last word, a number, counts the word after it ('Paris 2 nights'); a number above one
    before a singular noun belongs to the name ('the Galaxy 14 cinema'), a year does not ('NBA 2021 season')."""
    end = text.find(words[-1], start + len(" ".join(words[:-1]))) + len(words[-1])
    after = re.match(r"\s+([a-z]+)", text[end:])
    if after is None or after.group(1) in FUNCTION_WORDS:
        return False
    noun = after.group(1)
    return int(words[-1]) <= 1 or len(words[-1]) == 4 or noun.endswith("s") or noun in _PLURALS


def _opens_sentence(text: str, start: int) -> bool:
    head = text[:start].rstrip()
    if not head or head[-1] in "!?:;\n\"'“‘(":
        return True
    return head[-1] == "." and mentions.sentence_end(text, len(head) - 1)


def _clean_name(value: str, text: str, end: int) -> str:
    follower = re.match(r"\s*([A-Za-z]+)", text[end:])
    if re.search(r"['’]s$", value) and follower and follower.group(1).lower() not in FUNCTION_WORDS:
        value = value[:-2]  # a possessive before a noun ('Sarah's phone'); "Luigi's" alone is the name
    if value.endswith(".") and not re.search(r"(?:\b[A-Z]\.|\b(?:Inc|Ltd|Co|Corp|Jr|Sr|St|F\.C)\.)$", value):
        value = value[:-1]
    return value.strip(" -:&")


def _is_qualifier(name: str, qualifier: str) -> bool:
    """Whether 'X, Y' is a place with its region or country: Y is a state code, a known state or country, or a
    known place's region ('Boston, MA', 'Paris, France', 'Divinópolis, MG', 'Washington, D.C.')."""
    head = qualifier.split()[0] if qualifier.split() else ""
    named = place_lookup(name)
    if named and all(p.kind == "country" for p in named):
        return False  # a country has no region or country after it: 'Australia, Canada and India' is a list
    if re.fullmatch(r"[A-Z]{2}\.?|[A-Z]\.[A-Z]\.", qualifier):
        return True
    found = place_lookup(qualifier) or place_lookup(head)
    if any(p.kind in ("state", "country") for p in found):
        return True
    return bool(place_lookup(name)) and bool(found)


AREA_NOUNS = frozenset(
    "district subdistrict province county prefecture municipality borough parish canton township ward region".split()
)
"""Nouns that name a kind of administrative area after its name ('Chatuchak District', 'Kent County')."""

VENUE_NOUNS = mentions.VENUE_NOUNS


def _venue_and_town(span: Span) -> list[Span]:
    """'Vine Cinema Livermore, CA' read as one name: the venue ('Vine Cinema') and its town ('Livermore, CA')."""
    value = str(span.value)
    words = value.split(", ")[0].split()
    if len(words) == 2 and not span.qualifier and _city_initials(words[0]):
        # 'SF Dentist': a city's initials before a noun may say where, as 'NYC hotels' does, or be part of a name
        # ('LA Lakers'): both readings are offered
        noun_start = span.start + span.text.index(words[1], len(words[0]))
        return [
            span,
            Span("name", words[0], span.start, span.start + len(words[0]), words[0]),
            Span("name", words[1], noun_start, span.end, words[1]),
        ]
    cut = next((k for k in range(1, len(words) - 1) if words[k].lower() in VENUE_NOUNS), None)
    if cut is None or not place_is_place(" ".join(words[cut + 1 :])):
        return [span]
    venue = " ".join(words[: cut + 1])
    town_start = span.start + span.text.index(words[cut + 1], len(venue))
    town = value[value.index(words[cut + 1], len(venue)) :]
    return [
        Span("name", venue, span.start, span.start + len(venue), venue),
        Span("name", town, town_start, span.end, span.text[town_start - span.start :], qualifier=span.qualifier),
    ]


def _city_initials(word: str) -> bool:
    """Whether `word` is a city written by its initials ('SF', 'NYC', 'LA')."""
    return 2 <= len(word) <= 4 and word.isupper() and any(p.kind == "city" for p in place_lookup(word))


_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|around|from|to)\s+$", re.IGNORECASE)
_LIST_GOES_ON = re.compile(r"\s*(?:,|&|/|\b(?:and|or)\b)")


def _region_written(text: str, start: int, name: str, qualifier: str, end: int) -> bool:
    """Whether 'X, Y' after a preposition of place, with nothing listed after it, is a place and the region it
    lies in though neither is known here ('in Chennai, Tamil Nadu', 'in El Gastor, Andalusia'): two towns the
    table knows are a list ('in Paris, Rome')."""
    if not _PLACE_BEFORE.search(text[:start]) or _LIST_GOES_ON.match(text[end:]) or not qualifier[:1].isupper():
        return False
    if re.match(r"\s+[A-Z]", text[end:]) or qualifier.split()[0] in _NOT_NAMES:
        return False  # a longer name cut short ('Khlong Sam Wa District'), or a sentence run on ('Neeson, Find')
    if qualifier.split()[-1].lower() in AREA_NOUNS:
        return False  # a smaller area within the place ('Bangkok, Lat Phrao District'), not its region
    named, found = place_lookup(name), place_lookup(qualifier)
    if any(p.kind == "country" for p in named) or re.search(r"\d", qualifier):
        return False
    return not (any(p.kind == "city" for p in named) and any(p.kind == "city" for p in found))


_IN_REGION = re.compile(r"\s+in\s+((?:[A-Z][\w'’-]*)(?:\s+[A-Z][\w'’-]*){0,2})")


def _region_after_in(text: str, start: int, end: int, name: str) -> str:
    """The state or country in 'in X in Y' ('in Lafayette in Louisiana', 'in Lyon in France'): a place X within
    the region Y, as 'X, Y' writes it; '' when Y is no state or country, X is one itself, or X is a known city of
    another region."""
    m = _IN_REGION.match(text, end)
    if m is None or not re.search(r"\bin\s+$", text[:start], re.IGNORECASE) or name.lower() in extract.MONTHS:
        return ""
    named = place_lookup(name)
    if any(p.kind in ("state", "country") for p in named) or name.lower() in WEEKDAYS:
        return ""
    words = m.group(1).split()
    for k in range(len(words), 0, -1):  # the longest name: 'in Albany in New York'
        regions = [r for r in place_lookup(" ".join(words[:k])) if r.kind in ("state", "country")]
        if not regions:
            continue
        cities = [c for c in named if c.kind == "city"]
        within = not cities or any(
            c.country == r.country and (r.kind == "country" or c.region == r.region) for c in cities for r in regions
        )
        return " ".join(words[:k]) if within else ""
    return ""


PARTICIPLES = frozenset(
    "found made given known taken done seen built held sold bought told paid sent left put set kept led met "
    "shown written spoken broken chosen driven grown thrown worn born".split()
)
"""Irregular past participles ('told', 'given'): verb forms, never nouns."""
_BE = frozenset("am 'm i'm is are 're we're you're they're was were be being been".split())
# Words that join clauses ('rock music while I work'): never a value.
_CONJUNCTIONS = frozenset("while whereas although though because unless whether since".split())
_ADVERB_ENDINGS = ("ably", "ibly", "ally", "ently", "antly", "ously", "ively", "fully", "arly", "edly", "ingly")
# Adjectives a measure qualifies ('a 1024-character long string', '5 metres wide'), and that measure before them.
_MEASURE_ADJECTIVES = frozenset("long wide tall high deep thick old".split())
_MEASURED_RE = re.compile(r"\d[\d.,]*(?:\s*-?\s*[A-Za-z]+)?[\s-]+$")
_FREQUENCIES = frozenset("hourly daily weekly monthly yearly quarterly nightly biweekly".split())  # values, often


def not_a_value(reading: Reading, span: Span) -> bool:
    """Whether one lower-case word is, where it stands, a verb, an adverb or a joining word rather than a value: an
    infinitive with its preposition left at the end of the clause ('tracks to choose from', 'a song to listen to,
    please') or with a named place after it ('a flat to rent in Leeds'), a word after a subject pronoun ('while I
    cook'), an '-ing' form or a participle after a form of 'be' ("I'm looking for", 'been told'), a manner adverb
    ('preferably', 'ideally') or a conjunction ('while')."""
    word = str(span.value)
    if " " in word or not word.islower():
        return False
    if word in _CONJUNCTIONS or word.endswith(_ADVERB_ENDINGS) and word not in _FREQUENCIES:
        return True
    if word in _MEASURE_ADJECTIVES and _MEASURED_RE.search(reading.text, 0, span.start):
        return True  # '2-metre long', '30 years old': the adjective a measure qualifies
    before = reading.before(span.start, 1)
    said = before[0].lower if before else ""
    if said in ("i", "we", "they", "he", "she"):
        return True  # 'while I cook': the verb of its subject
    if said in _BE or said.endswith("'m") or said.endswith("'re"):
        return word.endswith(("ing", "ed")) and len(word) > 4 or word in PARTICIPLES  # 'I have been told'

    if said != "to":
        return False
    rest = reading.text[span.end :]
    if _PLACED_AFTER_RE.match(rest) and not place_is_place(word):
        return True  # 'a house to rent in Austin': the verb of a purpose, its place after it
    return re.match(r"\s+([a-z]+)\s*(?:[?.!,;]|$)", rest) is not None and rest.split()[0].strip("?.!,;") in PREPOSITIONS


# A preposition of place and a name after a word: 'to [rent] in Austin', 'to [stay] near Lake Tahoe'.
_PLACED_AFTER_RE = re.compile(r"\s+(?:in|at|near|around)\s+(?:the\s+)?[A-Z]")


# --- lists and pairs ---------------------------------------------------------------------------------


# --- phrases -----------------------------------------------------------------------------------------

SUPERLATIVES = frozenset(
    """best worst most least latest earliest highest lowest largest smallest biggest cheapest fastest slowest nearest
    closest newest oldest longest shortest greatest top""".split()
)
"""Words that put one thing at the top of a ranking ('the highest grossing bank')."""
# Words that rank or qualify the thing asked for ('the lowest score', 'a similar colour') rather than name a value.
QUALIFIERS = SUPERLATIVES | frozenset(
    """bottom similar general overall typical current recent upcoming next last previous good great nice bad better
    worse""".split()
)
