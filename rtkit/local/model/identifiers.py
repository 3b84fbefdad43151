"""Identifiers said aloud, as the characters that were said: order numbers, codes, postcodes, account numbers and
e-mail addresses read out letter by letter.

People read a code character by character ("A, one, two, three, four, five"; "S W one A one A A"; "double seven";
"oh" for zero) and an address with its punctuation in words ("j dot smith at example dot com"). A transcript writes
those as letter names ("jay", "eh", "double you"), digit words, digits, runs such as "S-W-1-A-1-A-A" or "y792k",
and homophones of digits ("to", "for", "won"). Here such a stretch of a request becomes the identifier's characters
and is put in the parameter's format: the case and the grouping of the example its schema gives ("e.g. SW1A 1AA",
``examples``), checked against its ``pattern`` when it has one.

Pure functions of the request text and the parameter's schema; nothing here names a tool.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rtkit.local.model.sounds import is_word
from rtkit.local.text import IDENTIFIER_NOUNS, NUMBER_NAMES, TENS_NAMES, edit_distance, identifier_kind

__all__ = [
    "MAIL_DOMAINS",
    "SpokenIdentifier",
    "cased_unlike_example",
    "identifier_kind",
    "in_example_shape",
    "mail_domain",
    "said_after_its_name",
    "spelled_code",
    "spelled_codes",
    "spoken_email",
    "spoken_identifier",
]

_LETTER_NAMES = {
    "ay": "a", "eh": "a", "bee": "b", "be": "b", "cee": "c", "see": "c", "sea": "c", "dee": "d", "ee": "e", "ef": "f",
    "eff": "f", "gee": "g", "aitch": "h", "haitch": "h", "eye": "i", "jay": "j", "kay": "k", "el": "l", "elle": "l",
    "em": "m", "en": "n", "pee": "p", "pea": "p", "cue": "q", "queue": "q", "ar": "r", "are": "r", "ess": "s",
    "tee": "t", "tea": "t", "you": "u", "vee": "v", "ex": "x", "why": "y", "zed": "z", "zee": "z",
}  # fmt: skip
"""Letter names as transcripts write them (single letters are letters already)."""

_SOUND_ALIKES = {"cube": "q", "cues": "q", "queues": "q", "bees": "b", "jays": "j", "teas": "t", "peas": "p"}
"""Words a recognizer writes for a letter name said alone (its sound and a little more): read as that letter only
right after the words naming the identifier and right before the rest of its characters ("number cube, four, four,
eight" is Q448...)."""

_AMBIGUOUS = frozenset({"a", "i", "eh", "see", "sea", "are", "you", "why", "eye", "tea", "pea", "oh", "o", "be"})
"""Letters and names that are also ordinary words: read as characters only next to other characters."""

_DIGITS = {"nought": "0", "nil": "0", "oh": "0"} | {w: str(n) for n, w in enumerate(NUMBER_NAMES[:10])}
_HOMOPHONES = {"won": "1", "to": "2", "too": "2", "for": "4", "fore": "4", "ate": "8"}
"""Words a transcript writes for a digit said alone; read as digits only between other characters."""
_TEENS = {w: str(n) for n, w in enumerate(NUMBER_NAMES) if n >= 10}
_TENS = {w: str(2 + i) for i, w in enumerate(TENS_NAMES)}
_REPEATS = {"double": 2, "triple": 3}
_SYMBOL_WORDS = {"dot": ".", "point": ".", "underscore": "_", "dash": "-", "hyphen": "-", "at": "@"}

MAIL_DOMAINS = (
    "gmail", "googlemail", "yahoo", "ymail", "rocketmail", "hotmail", "outlook", "live", "msn", "icloud", "aol",
    "protonmail", "proton", "fastmail", "hushmail", "zoho", "gmx", "mail", "yandex", "example",
)  # fmt: skip
"""Common mail domains' names, and ``example`` (RFC 2606 keeps it for documentation and examples): a domain name
a recognizer heard as a non-word close to one of these is that one."""

_PROVIDERS = frozenset({
    "foxmail", "hanmail", "daum", "naver", "qq", "sina", "sohu", "zohomail", "mailo", "freemail", "citromail",
    "seznam", "libero", "virgilio", "laposte", "orange", "free", "wanadoo", "sfr", "web", "posteo",
    "mailbox", "tutanota", "tuta", "rambler", "inbox", "comcast", "verizon", "sbcglobal", "btinternet", "sky",
    "bigpond", "optusnet", "shaw", "rogers", "telus", "rediffmail", "onet", "interia", "wp", "email", "me", "mac",
})  # fmt: skip
"""Other mail providers' domain names: said, or written, they are what was meant, however close to a common one."""


_EXAMPLE_RE = re.compile(
    r"(?:e\.g\.|eg|for example|such as|like)[,:]?\s+['\"“]?([A-Za-z0-9][A-Za-z0-9 ._@-]*[A-Za-z0-9])"
)
_TOKEN_RE = re.compile(r"[A-Za-z0-9]+|[.@_-]")
_DIGIT_COUNT_RE = re.compile(rf"\b([1-9]\d?|{'|'.join(NUMBER_NAMES[2:])})[- ]digits?\b", re.IGNORECASE)
_PAUSE_RE = re.compile(r"[,?!;:]|\.(?:\s|$)")


@dataclass(frozen=True)
class SpokenIdentifier:
    """An identifier found in a request."""

    value: str
    """Its characters, in the parameter's format."""
    start: int
    """Where its stretch begins in the request (character offset)."""
    end: int
    """Where it ends."""


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int
    glued: bool
    """True when no space separates it from the token before ("j.smith", "S-W-1")."""
    paused: bool = False
    """True when a comma, question mark or full stop follows it: a pause the recognizer heard."""


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    matches = list(_TOKEN_RE.finditer(text))
    for k, m in enumerate(matches):
        glued = bool(out) and out[-1].end == m.start()
        gap = text[m.end() : matches[k + 1].start() if k + 1 < len(matches) else len(text)]
        out.append(_Token(m.group(), m.start(), m.end(), glued, bool(_PAUSE_RE.search(gap))))
    return out


def _chars(tokens: Sequence[_Token], i: int, paused_w: bool = True) -> tuple[str, int, bool] | None:
    """The characters tokens from ``i`` say (and how many tokens that takes), and whether the reading is ambiguous
    (an ordinary word too); None when the token says no identifier character. ``paused_w``: "double" before a
    pause is W ("double, one, nine"), else the next character twice ("double, seven": 77); right before a code
    written as one word, it repeats the code's first character ("double B39L4": BB39L4)."""
    word = tokens[i].text.lower()
    after = i + 2 if i + 2 < len(tokens) and tokens[i + 1].text == "-" else i + 1  # "double-U"
    nxt = tokens[after].text.lower() if after < len(tokens) else ""
    if word in _REPEATS and nxt:
        if nxt in ("u", "you"):
            return "w", after - i + 1, False
        inner = _chars(tokens, after, paused_w)
        if word == "double" and tokens[i].paused and inner is not None and paused_w:
            # "double-u" with its "u" lost: a pause after "double", then the next character ("double, one, nine")
            return "w", 1, False
        if inner is not None and len(inner[0]) == 1:
            return inner[0] * _REPEATS[word], after - i + inner[1], False
        written = any(c.isdigit() for c in nxt) and any(c.isalpha() for c in nxt)
        if inner is not None and written and not tokens[i].paused:
            # a code written as one word right after it ("double B39L4"): its first character, repeated
            return nxt[0] * _REPEATS[word] + nxt[1:], after - i + 1, False
        return None
    if word in _TENS:
        unit = _DIGITS.get(nxt) if nxt not in ("oh", "zero") else None
        return (_TENS[word] + unit, after - i + 1, False) if unit else (_TENS[word] + "0", 1, False)
    if word in _TEENS:
        return _TEENS[word], 1, False
    if word in _DIGITS:
        return _DIGITS[word], 1, word == "oh"
    if word in _HOMOPHONES:
        return _HOMOPHONES[word], 1, True
    if word.isdigit():
        return word, 1, False
    if len(word) == 1 and word.isalpha():
        return word, 1, word in _AMBIGUOUS
    if word in _LETTER_NAMES:
        return _LETTER_NAMES[word], 1, word in _AMBIGUOUS
    if word.isalnum() and any(c.isdigit() for c in word):  # "y792k", "1A"
        return word, 1, False
    return None


def _runs(tokens: Sequence[_Token], paused_w: bool = True) -> list[list[tuple[str, bool, int, int]]]:
    """Stretches of identifier characters: (characters, ambiguous, start, end) per spoken unit (``paused_w`` as for
    :func:`_chars`)."""
    runs: list[list[tuple[str, bool, int, int]]] = []
    run: list[tuple[str, bool, int, int]] = []
    i = 0
    while i < len(tokens):
        if tokens[i].text == "-" and run:  # "S-W-1"
            i += 1
            continue
        read = _chars(tokens, i, paused_w)
        if read is None:
            if run:
                runs.append(run)
            run = []
            i += 1
            continue
        chars, used, ambiguous = read
        run.append((chars, ambiguous, tokens[i].start, tokens[i + used - 1].end))
        i += used
    if run:
        runs.append(run)
    return runs


def _example(schema: Mapping[str, Any]) -> str | None:
    """An example value the schema gives (``examples``, else "e.g. ..." in its description), else one of the
    number of digits its description names ("Eight-digit account number": "00000000")."""
    examples = schema.get("examples")
    if isinstance(examples, list) and examples and isinstance(examples[0], str):
        return examples[0]
    description = str(schema.get("description") or "")
    m = _EXAMPLE_RE.search(description)
    if m:
        return m.group(1)
    digits = _DIGIT_COUNT_RE.search(description)
    if digits is None:
        return None
    count = digits[1].lower()
    return "0" * (int(count) if count.isdigit() else NUMBER_NAMES.index(count))


def _shape(value: str) -> str:
    return "".join("9" if c.isdigit() else "A" if c.isalpha() else c for c in value)


def _formatted(chars: str, kind: str, schema: Mapping[str, Any]) -> list[str]:
    """``chars`` (letters and digits) in the format of the schema's example, its case and its grouping with the
    groups counted from the end (a postcode's inward code is its last three characters), else in upper case; then
    ungrouped (the first that fits the schema's pattern is used)."""
    example = _example(schema)
    if example is None:
        # A UK-style inward code (digit, two letters) stands apart; an all-digit ZIP code has no such part.
        inward = kind == "postcode" and len(chars) > 4 and re.fullmatch(r"\d[A-Za-z]{2}", chars[-3:]) is not None
        grouped = f"{chars[:-3]} {chars[-3:]}" if inward else chars
        return [grouped.upper(), chars.upper()]
    letters = [c for c in example if c.isalpha()]
    chars = chars.lower() if letters and all(c.islower() for c in letters) else chars.upper()
    groups = re.split(r"([ -])", example)
    sizes = [len(g) for g in groups[::2]]
    out: list[str] = []
    rest = chars
    for size, sep in zip(reversed(sizes[1:]), reversed(groups[1::2]), strict=True):
        if len(rest) <= size:
            break
        out = [sep, rest[-size:], *out]
        rest = rest[:-size]
    return [rest + "".join(out), chars]


def _fits(value: str, schema: Mapping[str, Any]) -> bool:
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        try:
            return re.search(pattern, value) is not None
        except re.error:
            return True
    return True


def _readings(run: list[tuple[str, bool, int, int]]) -> list[list[tuple[str, bool, int, int]]]:
    """The run, and the run without ambiguous units at its edges ("a" of "a code", "to" of "to A12345")."""
    out = [run]
    lo, hi = 0, len(run)
    while lo < hi and run[lo][1]:
        lo += 1
        out.append(run[lo:hi])
    while hi > lo and run[hi - 1][1]:
        hi -= 1
        out.append(run[lo:hi])
    return [r for r in out if r]


def _score(chars: str, reading: list[tuple[str, bool, int, int]], example: str | None) -> tuple[int, int, int]:
    """Higher is likelier: the example's shape matched, then fewer ambiguous units, then more characters."""
    matched = example is not None and _shape(chars) == _shape(re.sub(r"[ -]", "", example))
    return (int(matched), -sum(u[1] for u in reading), len(chars))


def spoken_identifier(text: str, name: str, schema: Mapping[str, Any]) -> SpokenIdentifier | None:
    """The identifier for parameter ``name`` (of JSON ``schema``) that ``text`` says, in the schema's format; None
    when the parameter takes no identifier or the text says none (at least three characters, a digit among them
    unless the example has none)."""
    kind = identifier_kind(name, schema)
    if kind is None:
        return None
    if kind == "email":
        return spoken_email(text)
    example = _example(schema)
    needs_digit = example is None or any(c.isdigit() for c in example)
    best: tuple[tuple[int, int, int], SpokenIdentifier] | None = None
    tokens = _tokens(text)
    # "double" before a pause read both ways, the doubled character first (it wins a tie): the schema's example
    # and format tell W from a double ("double, one, nine" for "A12345"-like codes; "double, seven" for digits)
    doubled = any(t.paused and t.text.lower() == "double" for t in tokens)
    for run in [*_runs(tokens, paused_w=False), *(_runs(tokens) if doubled else [])]:
        run = _sound_alike_first(tokens, run, name)
        if _cued(tokens, run[0][2], name):
            run = _letters_first(run, text)
        for reading in _readings(run):
            chars = "".join(u[0] for u in reading)
            if len(chars) < 3 or (needs_digit and not any(c.isdigit() for c in chars)):
                continue
            if all(u[1] for u in reading):
                continue
            value = next((v for v in _formatted(chars, kind, schema) if _fits(v, schema)), None)
            if value is None:
                continue
            found = SpokenIdentifier(value, reading[0][2], reading[-1][3])
            score = _score(chars, reading, example)
            if best is None or score > best[0]:
                best = (score, found)
    return best[1] if best else None


def _cued(tokens: Sequence[_Token], start: int, name: str) -> bool:
    """Whether the stretch at ``start`` follows the words that name the identifier ("postcode see are two six",
    "order number is be seven ..."): what is said next is the code itself."""
    at = next((k for k, t in enumerate(tokens) if t.start == start), 0)
    before = [t.text.lower() for t in tokens[max(0, at - 3) : at] if t.text.isalpha()]
    while before and before[-1] in ("is", "was", "its"):
        before.pop()
    return bool(before) and before[-1] in IDENTIFIER_NOUNS | set(re.split(r"[^a-z]+", name.lower()))


def _sound_alike_first(
    tokens: Sequence[_Token], run: list[tuple[str, bool, int, int]], name: str
) -> list[tuple[str, bool, int, int]]:
    """The run with the letter a sound-alike word right before it stands for (:data:`_SOUND_ALIKES`), when that word
    follows the words naming the identifier and three characters or more follow it that are no ordinary words
    ("number cube, four, four, eight", not "order teas for two" or "order peas, twenty four cans")."""
    at = next((k for k, t in enumerate(tokens) if t.start == run[0][2]), 0)
    if at == 0 or (letter := _SOUND_ALIKES.get(tokens[at - 1].text.lower())) is None:
        return run
    if sum(not ambiguous for _, ambiguous, _, _ in run) < 3:
        return run
    if not _cued(tokens, tokens[at - 1].start, name):
        return run
    return [(letter, False, tokens[at - 1].start, tokens[at - 1].end), *run]


def _letters_first(run: list[tuple[str, bool, int, int]], text: str) -> list[tuple[str, bool, int, int]]:
    """The run with the letter names that open it read as letters, not words: right after the identifier is named,
    "see" is C and "be" is B. Digit homophones ("to", "for") stay ambiguous."""
    out = list(run)
    for k, (chars, ambiguous, start, end) in enumerate(out):
        word = text[start:end].lower()
        if not ambiguous or not chars.isalpha() or word in _HOMOPHONES or word in ("a", "i"):
            break
        out[k] = (chars, False, start, end)
    return out


def spelled_code(token: str) -> bool:
    """True for a code a transcript wrote character by character, joined by hyphens or dots ("R-2-D-2-8-F",
    "S.W.1", "four-zero-one"): a spelling, not a code typed as such; at least three characters, a digit among
    them (so not an abbreviation)."""
    parts = [p for p in re.split(r"[-.]", token) if p]
    if len(parts) < 2 or not re.fullmatch(r"[A-Za-z0-9]+(?:[-.][A-Za-z0-9]+)+", token):
        return False
    if any(re.search(r"\d", p) and (len(p) > 1) for p in parts):
        return False  # 'HT4-P1M', '1-800-555': groups of a code typed as such
    tokens = _tokens(" ".join(parts))
    read = [_chars(tokens, i) for i in range(len(tokens))]
    chars = "".join(r[0] for r in read if r is not None)
    return None not in read and len(chars) >= 3 and any(c.isdigit() for c in chars)


def spelled_codes(text: str) -> list[tuple[int, int]]:
    """Where ``text`` reads out a code mixing letters and digits character by character ("C, R, two, six, X,
    H"): (start, end) of each such stretch of at least three characters. Its words spell, they do not say what
    the request is about ("six" there is no six of anything)."""
    out = []
    tokens = _tokens(text)
    for run in _runs(tokens):
        run = _sound_alike_first(tokens, run, "")
        chars = "".join(u[0] for u in run)
        if len(chars) >= 3 and any(c.isdigit() for c in chars) and any(c.isalpha() for c in chars):
            if not all(u[1] for u in run):
                out.append((run[0][2], run[-1][3]))
    return out


def in_example_shape(text: str, parameters: object) -> bool:
    """True when ``text`` says an identifier in the very shape of the example a parameter of ``parameters`` (a
    tool's JSON schema) gives: "Z, double five, one, eight, six" for an order number "e.g. A12345". A value
    shaped so is what that tool takes, whatever other words the request uses for it ("the status of order ...")."""
    props = parameters.get("properties") if isinstance(parameters, Mapping) else None
    for name, schema in props.items() if isinstance(props, Mapping) else ():
        if not isinstance(schema, Mapping) or identifier_kind(str(name), schema) not in ("code", "postcode"):
            continue
        example = _example(schema)
        said = spoken_identifier(text, str(name), schema) if example else None
        if example and said and _shape(re.sub(r"[ -]", "", said.value)) == _shape(re.sub(r"[ -]", "", example)):
            return True
    return False


def cased_unlike_example(code: str, schema: Mapping[str, Any]) -> bool:
    """True when ``code`` mixes upper- and lower-case letters ("Mn55JQ") and the example ``schema`` gives for its
    value writes its letters in one case ("XY792K"): people write a code in one case, a recognizer writes letters
    read out in whatever case it guessed."""
    example = _example(schema)
    letters = [c for c in code if c.isalpha()]
    cases = {c.isupper() for c in letters}
    wanted = {c.isupper() for c in example or "" if c.isalpha()}
    return len(cases) == 2 and len(wanted) == 1 and any(c.isdigit() for c in code)


def said_after_its_name(text: str, parameters: object) -> bool:
    """True when ``text`` names an identifier parameter of ``parameters`` (a tool's JSON schema) by its own words
    and says the code right after them ("... confirmation code Mn55JQ" for ``confirmation_code``): the request is
    about what that parameter identifies, whatever else a recognizer made of its words."""
    props = parameters.get("properties") if isinstance(parameters, Mapping) else None
    for name, schema in props.items() if isinstance(props, Mapping) else ():
        kind = identifier_kind(str(name), schema) if isinstance(schema, Mapping) else None
        if kind not in ("code", "postcode"):
            continue
        named = [w for w in re.split(r"[^a-z]+", str(name).lower()) if w]
        lowered = text.lower()
        if not all(w in lowered for w in named) and "".join(named) not in re.sub(r"[^a-z]+", "", lowered):
            continue  # its name is not said: no code said after it (and no reading of the text's codes)
        said = spoken_identifier(text, str(name), schema)
        before = re.findall(r"[a-z]+", text[: said.start].lower()) if said else []
        while before and before[-1] in ("is", "was"):
            before.pop()
        # One word names too little ('code', 'id') unless it is a postcode's own name, said as one word or two.
        if (
            named
            and (len(named) > 1 or kind == "postcode")
            and (before[-len(named) :] == named or "".join(before[-2:]) == "".join(named))
        ):
            return True
    return False


def spoken_email(text: str) -> SpokenIdentifier | None:
    """An e-mail address said in words ("j dot smith at example dot com", "t k nine nine at example dot org") or
    half written ("j.smith at example.com"); None when ``text`` says none. Said in words, a non-word close to a
    common mail domain is that domain (:func:`mail_domain`); without an "at", an "and" right before such a misheard
    domain is a misheard "at" ("info and exemple.com")."""
    tokens = _tokens(text)
    for at_words in (("at", "@"), ("and",)):
        for i, tok in enumerate(tokens):
            if tok.text.lower() not in at_words:
                continue
            domain, j = _domain(tokens, i + 1)
            local, start = _local(tokens, i - 1)
            if not domain or not local:
                continue
            name, dot, rest = domain.lower().partition(".")
            # an address written with "@" is as typed; one said in words may hold a misheard mail domain, and an
            # "and" is a misheard "at" only before one ("google and amazon.com" is two names)
            heard = name if tok.text == "@" else mail_domain(name)
            if tok.text.lower() == "and" and heard not in MAIL_DOMAINS:
                continue
            return SpokenIdentifier(f"{local}@{heard}{dot}{rest}".lower(), start, tokens[j - 1].end)
    return None


def _consonants(word: str) -> str:
    return re.sub(r"[aeiouy]", "", word)


def mail_domain(heard: str) -> str:
    """The common mail domain name (:data:`MAIL_DOMAINS`) a recognizer's ``heard`` non-word stands for ("mempel",
    "advample": "example"), else ``heard``. Close means few letters apart (a quarter of them) or, for names with
    four consonants or more, few consonants apart (two in five): vowels are what a recognizer hears least surely.
    A word of the dictionary ("sample") is what was said; so is a name when no dictionary is installed."""
    listed = heard in MAIL_DOMAINS or heard in _PROVIDERS
    if listed or len(heard) < 4 or not heard.isalpha() or is_word(heard) is not False:
        return heard
    best: tuple[float, str] | None = None
    for known in MAIL_DOMAINS:
        letters = edit_distance(heard, known) / max(len(heard), len(known))
        said, named = _consonants(heard), _consonants(known)
        sound = edit_distance(said, named) / max(len(said), len(named)) if min(len(said), len(named)) >= 4 else 1.0
        if letters <= 0.25 or sound <= 0.4:
            distance = min(letters, sound)
            if best is None or distance < best[0]:
                best = (distance, known)
    return best[1] if best else heard


def _symbol(tok: _Token) -> str | None:
    return _SYMBOL_WORDS.get(tok.text.lower()) if tok.text.isalpha() else tok.text if tok.text in "._-" else None


def _domain(tokens: Sequence[_Token], i: int) -> tuple[str, int]:
    """The domain from token ``i`` on ("example dot co dot uk"), and the index after it; "" without a dot."""
    parts: list[str] = []
    while i < len(tokens) and tokens[i].text.isalnum():
        parts.append(tokens[i].text)
        if i + 2 < len(tokens) and _symbol(tokens[i + 1]) == "." and tokens[i + 2].text.isalnum():
            parts.append(".")
            i += 2
            continue
        i += 1
        break
    domain = "".join(parts)
    return (domain, i) if "." in domain else ("", i)


def _unit(tokens: Sequence[_Token], i: int) -> tuple[str, bool] | None:
    """The one or two characters token ``i`` spells by itself ("j", "nine", "jay"), and whether that reading is
    ambiguous; None for any other token."""
    read = _chars(tokens, i)
    if read is None or read[1] != 1 or len(read[0]) > 2 or tokens[i].text.lower() in _REPEATS:
        return None
    return read[0], read[2]


def _initial(tokens: Sequence[_Token], i: int) -> bool:
    """Whether token ``i`` is an initial: one letter, or a letter's name that is no ordinary word ("jay")."""
    unit = _unit(tokens, i)
    return unit is not None and len(unit[0]) == 1 and unit[0].isalpha() and not unit[1]


def _local(tokens: Sequence[_Token], i: int) -> tuple[str, int]:
    """The part before "at", read backwards from token ``i``: words and spelled letters and digits ("t k nine
    nine" → "tk99") joined by dot, underscore or dash; and where it starts. Ambiguous spellings at its left edge
    are ordinary words ("to" of "send it to j dot smith")."""
    parts: list[str] = []
    start = tokens[i].start if 0 <= i < len(tokens) else 0
    while i >= 0:
        units: list[tuple[str, bool, int]] = []
        while i >= 0 and (unit := _unit(tokens, i)) is not None:
            units.insert(0, (*unit, tokens[i].start))
            i -= 1
        while len(units) > 1 and units[0][1]:
            units.pop(0)
        if units:
            parts.insert(0, "".join(u[0] for u in units))
            start = units[0][2]
        elif i >= 0 and tokens[i].text.isalnum() and _symbol(tokens[i]) is None:
            parts.insert(0, tokens[i].text)
            start = tokens[i].start
            i -= 1
        else:
            break
        if i >= 1 and _symbol(tokens[i]) in (".", "_", "-"):
            parts.insert(0, str(_symbol(tokens[i])))
            i -= 1
            continue
        if i >= 1 and tokens[i].text.lower() == "not" and _initial(tokens, i - 1):
            parts.insert(0, ".")  # "j not smith": "dot" misheard between an initial and a name
            i -= 1
            continue
        break
    while parts and not parts[0].isalnum():
        parts.pop(0)
    return "".join(parts), start
