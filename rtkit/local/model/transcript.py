"""A request as a recognizer writes ordinary speech, read back into the words that were said.

A speech recognizer writes what it hears in its own spelling: number words joined by hyphens ("twenty-six",
"one-hundred", "nine-thirty"), "per cent" in two words. The stand-in model reads numbers, times and
percentages word by word, so such spellings are undone once, before the request is read. Typed text that
already says the words plainly is unchanged.

Typed text has slips of its own that hide what a request asks: a modal run into its pronoun ("Canyou check ...")
and a prefix typed apart from its word ("Pre heat the oven"). Neither "canyou" nor a lone "pre" is an English word,
so both are written as the words meant.

A recognizer also writes a number word as a word that sounds like it: "fine kilometres" for "five kilometres",
"freepm" for "three pm", "won dollar" for "one dollar". No such word stands before a unit of measure, a currency or
"am"/"pm" in English. Run into "pm" ("freepm") it is always read as the number; before a unit or currency, a scale
word ("to hundred") or a clock time's minutes ("at won fifteen"), :func:`numbers_misheard` reads it so, and the
stand-in model reads a request so only when the request was spoken (a transcript) and it understands no call in it
as written: typed text is never read again.

The verb that opens a request is often heard as a word sounding like it ("Conveyor three hundred feet into meters",
"Place songs by ..."): :func:`verb_misheard` reads an opening word that is no verb or common word as the verb of one
of the session's tools it is spelt most like, again only when the request calls nothing as written.

A currency name is heard as words sounding like it too ("from your own to dollars" for "from euros to dollars"):
:func:`currencies_misheard` reads such words as the currency where one stands, between "from" or "to" and another
currency the request names, again only when the request calls nothing as written.

A word of the session's tool names is heard as another word that sounds like it ("Look through my notice for ..."
for "my notes"): :func:`tool_words_misheard` reads a thing named after a determiner or possessive that sounds like
exactly one such word as that word, again only when the request calls nothing as written.

A recognizer writes a code read out in short groups joined by hyphens ("R2-D2-8F" for "R, two, D, two, eight, F"):
:func:`codes_heard` writes it as one word, as it writes one read out character by character ("R-2-D-2-8-F" is read
so already). A recognizer writes an e-mail address it hears as one ("info@memple.co.uk"), the domain's name spelt as it
heard it: :func:`addresses_misheard` reads a non-word there that is close to a common mail domain as that domain,
as :func:`~rtkit.local.model.identifiers.mail_domain` reads one said in words. The stand-in model reads a spoken
request so before anything else; an address typed with "@" is as typed.

Pure text functions about English; nothing here names a tool or a parameter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rtkit.local.model import currencies, identifiers, sounds, units
from rtkit.local.model.spans import COMMON_WORDS, FUNCTION_WORDS, REQUEST_VERBS
from rtkit.local.text import NUMBER_NAMES, TENS_NAMES, edit_distance

__all__ = ["as_said", "currencies_misheard", "numbers_misheard", "tool_words_misheard", "verb_misheard"]

_NUMBER_WORD = "|".join((*NUMBER_NAMES, *TENS_NAMES, "hundred", "thousand", "million", "billion"))
_JOINED_NUMBERS_RE = re.compile(rf"\b({_NUMBER_WORD})-(?=(?:{_NUMBER_WORD})\b)", re.IGNORECASE)
_PER_CENT_RE = re.compile(r"\bper\s+cent\b", re.IGNORECASE)
# 'Canyou', 'couldyou', 'wouldyou': a modal typed together with the pronoun after it.
_JOINED_MODAL_RE = re.compile(r"\b(can|could|would|will|should|do)(you)\b", re.IGNORECASE)
# 'Pre heat', 'pre order': the prefix 'pre' is no word on its own, so it belongs to the word after it.
_LONE_PREFIX_RE = re.compile(r"\b(pre)\s+(?=[a-z]{3,}\b)", re.IGNORECASE)


def as_said(text: str) -> str:
    """``text`` with a recognizer's joined spellings undone: "twenty-six" → "twenty six", "one-hundred" → "one
    hundred", "per cent" → "percent", a number word run into a clock time's "pm" ("freepm", "forpm": no English
    word) → "three pm", "four pm"; and typing slips undone: "Canyou" → "Can you", "Pre heat" → "Preheat"."""
    text = _JOINED_NUMBERS_RE.sub(r"\1 ", text)
    text = _JOINED_MODAL_RE.sub(r"\1 \2", text)
    text = _LONE_PREFIX_RE.sub(r"\1", text)
    text = _CLOCK_RE.sub(lambda m: f"{_number_for(m[1] or m[2])} {m[3].replace('.', '').replace(' ', '')}", text)
    return _PER_CENT_RE.sub("percent", text)


# Words a recognizer writes for a number word it heard: none is said right before a unit ("fine" and "free" are
# adjectives, but "fine kilometres" and "free dollars" lack the article or number English puts first).
_SOUNDS_LIKE = {"won": "one", "fine": "five", "free": "three", "tree": "three", "ate": "eight", "nein": "nine"}
_SOUND_ALIKE = "|".join(_SOUNDS_LIKE)
# A sound-alike before a word (the unit, checked by _is_unit), not after a determiner or an adverb of degree, which
# make it the adjective ('a fine day', 'so free'); or run into the "am"/"pm" of a clock time ("freepm", "fine a.m."),
# where "for" and "to" written together with it stand for four and two as well: "forpm" is no word.
_DETERMINER = "a|an|the|this|that|these|those|my|your|our|his|her|its|their|so|very|too|really|quite|pretty"
_DETERMINERS = frozenset(_DETERMINER.split("|"))
_BEFORE_WORD_RE = re.compile(rf"\b({_SOUND_ALIKE})\s+([A-Za-z]+)\b", re.IGNORECASE)
_WORD_BEFORE_RE = re.compile(r"([A-Za-z]+)\W*$")
_CLOCK_RE = re.compile(rf"\b(?:({_SOUND_ALIKE})\s*|(for|to|too))([ap]\.?\s?m)\b", re.IGNORECASE)
_CLOCK_WORDS = {"for": "four", "to": "two", "too": "two"}
# Before a scale word a number is the only reading of any of them, "to" and "for" included: English says "to a
# hundred", "for a thousand" ("Convert to hundred fifty dollars" is "two hundred fifty"), save 'up to hundred'.
_SCALE_RE = re.compile(
    rf"(?<!\bup )\b({_SOUND_ALIKE}|for|to|too)\s+(hundred|thousand|million|billion)(?![-\w])", re.IGNORECASE
)


# A clock time's hour heard as a word sounding like it, before its minutes, where a time goes ('at won fifteen',
# 'until fine thirty'). Not before a unit ('is free thirty minutes'); "for" and "to" are left out ('the table is for
# twenty people').
_HOUR_SOUNDS = _SOUNDS_LIKE
_HOUR_RE = re.compile(
    rf"\b(at|is|by|until|till|from)\s+({'|'.join(_HOUR_SOUNDS)})\s+(o'clock|oh|ten|fifteen|twenty|thirty|forty|fifty)"
    r"\b(?!['-])(\s+[A-Za-z]+)?",
    re.IGNORECASE,
)


# After "is", an adjective is the word it is ('the fee is free twenty days a year').
_ADJECTIVES = frozenset({"fine", "free"})


def _hour(m: re.Match[str]) -> str:
    if m[4] and _is_unit(m[4].strip()) or m[1].lower() == "is" and m[2].lower() in _ADJECTIVES:
        return m[0]
    said = _HOUR_SOUNDS[m[2].lower()]
    return f"{m[1]} {said} {m[3]}{m[4] or ''}"


def _is_unit(word: str) -> bool:
    """Whether a word (three letters or more: 'am', 'in' and 'g' are words too) names a unit or a currency."""
    return len(word) >= 3 and (units.unit(word) is not None or currencies.code_of(word) is not None)


def _number_for(word: str) -> str:
    said = _SOUNDS_LIKE.get(word.lower()) or _CLOCK_WORDS[word.lower()]
    return said.capitalize() if word[0].isupper() else said


def numbers_misheard(text: str) -> str:
    """``text`` with a number word a recognizer wrote as a word sounding like it read back as the number, where a
    number is the likely reading: before a unit or currency ("Convert fine kilometres" → "Convert five
    kilometres"), a scale word ("to hundred" → "two hundred") or a clock time's minutes ("at won fifteen" → "at one
    fifteen"). The stand-in model reads a spoken request so only when it understands no call in it as written ("get
    free miles" is English too)."""
    text = _SCALE_RE.sub(lambda m: f"{_number_for(m[1])} {m[2]}", text)
    text = _HOUR_RE.sub(_hour, text)
    return _BEFORE_WORD_RE.sub(_before_unit, text)


def _before_unit(m: re.Match[str]) -> str:
    before = _WORD_BEFORE_RE.search(m.string, 0, m.start())
    if not _is_unit(m[2]) or before is not None and before[1].lower() in _DETERMINERS:
        return m[0]
    return f"{_number_for(m[1])} {m[2]}"


_OPENING_WORD_RE = re.compile(r"^(\W*)([A-Za-z]+)\b")
# A heard word sounds like a verb when it begins as the verb does and differs in at most half the verb's letters
# ('conveyor' for 'convert', 'place' for 'play'); a shorter beginning matches too many words.
_SAME_START = 3


def verb_misheard(text: str, verbs: Iterable[str]) -> str:
    """``text`` with its opening word read as the one of ``verbs`` (request verbs; others are ignored) it sounds
    like, when that word is no verb nor a common word itself: "Conveyor three hundred feet" → "Convert three hundred
    feet" given "convert"; ``text`` itself when no verb is near enough or two are equally near."""
    m = _OPENING_WORD_RE.match(text)
    if m is None:
        return text
    heard = m[2].lower()
    if heard in REQUEST_VERBS or heard in COMMON_WORDS or heard in FUNCTION_WORDS:
        return text
    near = sorted(
        (edit_distance(heard, verb), verb)
        for verb in {v.lower() for v in verbs} & REQUEST_VERBS
        if verb[:_SAME_START] == heard[:_SAME_START] and edit_distance(heard, verb) <= len(verb) // 2
    )
    if not near or len(near) > 1 and near[1][0] == near[0][0]:
        return text
    verb = near[0][1]
    return m[1] + (verb.capitalize() if m[2][0].isupper() else verb) + text[m.end() :]


# What a recognizer writes for a currency's name said alone: 'euro' as 'your own', 'you're oh'.
_CURRENCY_SOUNDS = {
    "your own": "euro", "you're own": "euro", "your owns": "euros", "your rows": "euros", "you're rows": "euros",
    "your roads": "euros", "your oh": "euro", "you're oh": "euro", "your owes": "euros", "yoro": "euro",
}  # fmt: skip
_CURRENCY_SOUND = "|".join(sorted(_CURRENCY_SOUNDS, key=len, reverse=True))
_CURRENCY_SOUND_RE = re.compile(
    rf"\b(from|to|into|in)\s+({_CURRENCY_SOUND})\b(?=\s*(?:to|into|in|and)\b|\s*[?.!]?\s*$)", re.IGNORECASE
)
_WORDS_RE = re.compile(r"[a-z]+")


def currencies_misheard(text: str) -> str:
    """``text`` with words a recognizer wrote for a currency's name read as the currency where one stands: after
    "from", "to", "into" or "in", before the other end of the exchange or the end, in a request that names another
    currency ("the exchange rate from your own to dollar" → "from euro to dollar")."""
    words = _WORDS_RE.findall(text.lower())
    if not any(currencies.code_of(w) is not None and len(w) >= 3 for w in words):
        return text
    return _CURRENCY_SOUND_RE.sub(lambda m: f"{m[1]} {_CURRENCY_SOUNDS[m[2].lower()]}", text)


_NAMED_THING_RE = re.compile(
    r"\b(a|an|the|my|your|our|their|his|her|its|all|any|some|these|those|this|that)\s+([A-Za-z]{4,})\b", re.IGNORECASE
)


def tool_words_misheard(text: str, words: Iterable[str]) -> str:
    """``text`` with each word after a determiner or a possessive ("my notice") that sounds like exactly one of
    ``words`` (the session's tool-name words of five letters or more) and is none of them read as that word
    (:func:`~rtkit.local.model.sounds.sounds_alike`: "Look through my notice" → "Look through my notes" given
    "notes"). Only a thing named so is read again: a verb or a conjunction that sounds like a tool's noun ("fails"
    for "files", "whether" for "weather") is what was said."""
    named = {w.lower() for w in words if len(w) > 4}

    def heard(m: re.Match[str]) -> str:
        word = m[2].lower()
        if word in named:
            return m[0]
        near = [w for w in named if sounds.sounds_alike(word, w)]
        return f"{m[1]} {near[0]}" if len(near) == 1 else m[0]

    return _NAMED_THING_RE.sub(heard, text) if named else text


# the name right after an "@" that a dotted top-level part follows ("@memple.co.uk")
_WRITTEN_DOMAIN_RE = re.compile(r"(?<=@)([A-Za-z]+)(?=(?:\.[A-Za-z]{2,})+\b)")


def addresses_misheard(text: str) -> str:
    """``text`` with the domain name of each address written with "@" read as the common mail domain it was heard
    for (:func:`~rtkit.local.model.identifiers.mail_domain`: "info@memple.co.uk" → "info@example.co.uk"); a
    dictionary word or a known domain there is kept ("kim@sample.org", "kim@ymail.com")."""

    def heard(m: re.Match[str]) -> str:
        name = identifiers.mail_domain(m[1].lower())
        return m[0] if name == m[1].lower() else name

    return _WRITTEN_DOMAIN_RE.sub(heard, text)


# three or more groups of one or two letters or digits, joined by hyphens ("R2-D2-8F"; not "2x-3" or "COVID-19")
_GROUPED_CODE_RE = re.compile(r"(?<![\w-])[A-Za-z0-9]{1,2}(?:-[A-Za-z0-9]{1,2}){2,}(?![\w-])")


def codes_heard(text: str) -> str:
    """``text`` with each code a recognizer wrote in short hyphenated groups of letters and digits written as one
    word ("R2-D2-8F" → "R2D28F"): said aloud, a code has no hyphens; a number range ("9-5") or a word with a number
    ("COVID-19") is kept."""

    def joined(m: re.Match[str]) -> str:
        word = m[0]
        mixed = any(c.isalpha() for c in word) and any(c.isdigit() for c in word)
        return word.replace("-", "") if mixed else word

    return _GROUPED_CODE_RE.sub(joined, text)
