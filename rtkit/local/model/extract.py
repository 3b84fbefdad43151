"""Values a spoken or typed request mentions: numbers, months, paths, quoted strings.

Requests reach the local server's rule-based responder as speech-recognition transcripts, so numbers
may be spelled out ("five thousand"), file names may be spoken ("audio dot py") and punctuation is
unreliable. Everything here is pure text processing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rtkit.local.text import MONTH_NAMES, NUMBER_NAMES, TENS_NAMES

_UNITS = {w: n for n, w in enumerate(NUMBER_NAMES[:10])}
_TEENS = {w: n for n, w in enumerate(NUMBER_NAMES) if n >= 10}
_TENS = {w: 20 + 10 * i for i, w in enumerate(TENS_NAMES)}
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

MONTHS = {name: n for n, name in enumerate(MONTH_NAMES, 1)} | {
    "jan": 1, "feb": 2, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# "may" is only a month when a word like these precedes it or a year follows it.
_MAY_CUES = {"in", "of", "for", "during", "since", "until", "from", "to", "last", "this", "early", "late", "mid"}

_TOKEN_RE = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?[kK]?(?!\w)|[A-Za-z]+")
_ISO_RE = re.compile(r"\b(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\b")
_QUOTED_RE = re.compile(r"\"([^\"]+)\"|“([^”]+)”|‘([^’]+)’|(?<!\w)'([^']+)'(?!\w)|`([^`]+)`")
_EXTENSIONS = "|".join(
    "py pyi md rst txt json jsonl toml yaml yml cfg ini csv ipynb wav".split()
    + "js ts tsx jsx html css sh rs go java c h cpp lock log".split()
)
_SPOKEN_FILE_RE = re.compile(rf"\b([\w-]+)\s+dot\s+({_EXTENSIONS})\b", re.IGNORECASE)
_SPOKEN_SLASH_RE = re.compile(r"\s+slash\s+", re.IGNORECASE)
_PATH_RE = re.compile(
    rf"(?<![\w/.~:])(?:[A-Za-z]:/|\.{{1,2}}/|~/|/)?(?:[\w.-]+/)+[\w.-]*|(?<![\w/.])[\w-]+(?:\.[\w-]+)*\.(?:{_EXTENSIONS})\b"
)


@dataclass(frozen=True)
class Token:
    """One word or digit group of the request."""

    text: str
    """As written."""
    lower: str
    """Lower-cased."""
    start: int
    """Character offset of the token in the request."""
    end: int
    """Character offset just past the token."""


@dataclass(frozen=True)
class Number:
    """A number the request mentions, in digits or words."""

    value: int | float
    start: int
    """Character offset where the number's first word begins."""
    end: int
    """Character offset where its last word ends."""


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.group().lower(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def quoted(text: str) -> list[str]:
    """Strings in quotes or backticks, in order."""
    return [next(g for g in m.groups() if g is not None) for m in _QUOTED_RE.finditer(text)]


def quoted_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _QUOTED_RE.finditer(text)]


def speech_to_path_text(text: str) -> str:
    """'audio dot py' → 'audio.py', 'rtkit slash local' → 'rtkit/local' (spoken file names)."""
    text = _SPOKEN_FILE_RE.sub(lambda m: f"{m.group(1)}.{m.group(2).lower()}", text)
    return _SPOKEN_SLASH_RE.sub("/", text)


def paths(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Path-like tokens ('rtkit/audio.py', './data', 'README.md') with their spans, in order."""
    out = []
    for m in _PATH_RE.finditer(text):
        value = m.group().rstrip(".")
        if value and value not in ("/", "./", "../"):
            out.append((value, m.span()))
    return out


def _number_value(token: Token) -> int | float | None:
    t = token.lower
    if not t[0].isdigit():
        return None
    scale = 1
    if t.endswith("k"):
        t, scale = t[:-1], 1000
    t = t.replace(",", "")
    if len(t) > 15:  # not a quantity anyone says; also keeps floats finite
        return None
    if "." in t:
        value = float(t) * scale
        return int(value) if scale > 1 and value.is_integer() else value
    return int(t) * scale


def numbers(tokens: list[Token], reserved: Sequence[tuple[int, int]] = ()) -> list[Number]:
    """Numbers in digits ('5,000', '3.5', '5k') or words ('five thousand', 'twenty five', 'a hundred').

    Tokens inside `reserved` character spans (dates, paths, quotes) are skipped.
    """
    toks = [t for t in tokens if not any(a <= t.start < b for a, b in reserved)]
    out: list[Number] = []
    i = 0
    while i < len(toks):
        parsed = _parse_number(toks, i)
        if parsed is None:
            i += 1
            continue
        value, j = parsed
        out.append(Number(value, toks[i].start, toks[j - 1].end))
        i = j
    return out


def _is_number_word(word: str) -> bool:
    return word in _UNITS or word in _TEENS or word in _TENS or word == "hundred" or word in _SCALES


def _parse_number(toks: list[Token], i: int) -> tuple[int | float, int] | None:
    """Parse the number starting at toks[i]; returns (value, index after it) or None."""
    total: int | float = 0
    current: int | float = 0
    kind: str | None = None  # kind of the last number word consumed
    j = i
    n = len(toks)
    while j < n:
        w = toks[j].lower
        nxt = toks[j + 1].lower if j + 1 < n else ""
        digit = _number_value(toks[j])
        if digit is not None:
            if kind is not None:
                break
            current, kind = digit, "digit"
        elif w in _UNITS:
            if kind not in (None, "tens", "scale", "hundred"):
                break
            current, kind = current + _UNITS[w], "unit"
        elif w in _TEENS or w in _TENS:
            if kind not in (None, "scale", "hundred"):
                break
            current, kind = current + _TEENS.get(w, _TENS.get(w, 0)), "tens" if w in _TENS else "teen"
        elif w == "hundred":
            if kind not in ("unit", "teen", "tens", "digit") or current >= 100:
                break
            current, kind = current * 100, "hundred"
        elif w in _SCALES:
            if kind not in ("unit", "teen", "tens", "digit", "hundred"):
                break
            total, current, kind = total + current * _SCALES[w], 0, "scale"
        elif w in ("a", "an") and kind is None and (nxt == "hundred" or nxt in _SCALES):
            current, kind = 1, "unit"
        elif w == "and" and kind in ("hundred", "scale") and _is_number_word(nxt) and nxt not in _SCALES:
            pass
        elif w == "point" and kind in ("unit", "teen", "tens") and nxt in _UNITS:
            digits = []
            j += 1
            while j < n and toks[j].lower in _UNITS:
                digits.append(str(_UNITS[toks[j].lower]))
                j += 1
            return total + current + float("0." + "".join(digits)), j
        else:
            break
        j += 1
    if kind is None:
        return None
    return total + current, j


@dataclass(frozen=True)
class MonthMention:
    """A calendar month the request refers to."""

    year: int
    month: int
    span: tuple[int, int]
    """Characters of the request that name it (so the year is not read as a number too)."""


def _previous(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def month_mention(text: str, tokens: list[Token], today: date) -> MonthMention | None:
    """The month a request means: '2024-03', 'March 2024', 'in March' (latest March not in the future),
    'last month', 'this month'."""
    m = _ISO_RE.search(text)
    if m and 1 <= int(m.group(2)) <= 12:
        return MonthMention(int(m.group(1)), int(m.group(2)), m.span())
    for k, tok in enumerate(tokens):
        w = tok.lower
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        prev = tokens[k - 1].lower if k > 0 else ""
        if w == "month" and prev in ("last", "previous", "past", "this", "current"):
            y, mo = (today.year, today.month) if prev in ("this", "current") else _previous(today.year, today.month)
            return MonthMention(y, mo, (tokens[k - 1].start, tok.end))
        if w not in MONTHS:
            continue
        has_year = nxt is not None and nxt.lower.isdigit() and len(nxt.lower) == 4
        if w == "may" and not has_year and prev not in _MAY_CUES:
            continue
        mo = MONTHS[w]
        if has_year and nxt is not None:
            return MonthMention(int(nxt.lower), mo, (tok.start, nxt.end))
        year = today.year if mo <= today.month else today.year - 1
        return MonthMention(year, mo, (tok.start, tok.end))
    return None


def iso_date(text: str, today: date) -> tuple[date, tuple[int, int]] | None:
    """A full date written 'YYYY-MM-DD', or 'today' / 'yesterday'."""
    m = _ISO_RE.search(text)
    if m and m.group(3):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))), m.span()
        except ValueError:
            return None
    m = re.search(r"\b(today|yesterday)\b", text, re.IGNORECASE)
    if m:
        day = today if m.group(1).lower() == "today" else date.fromordinal(today.toordinal() - 1)
        return day, m.span()
    return None
