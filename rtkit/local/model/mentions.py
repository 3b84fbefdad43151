"""Typed values a request names, for filling arguments of any tool: e-mails, URLs, times of day, calendar
days, durations, currencies, countries, places, people, street addresses and identifiers.

Each finder returns `Mention`s (value plus the character span it came from) in the order the request
says them, so a caller can give each value to one parameter only and tell 'from X to Y' apart.
Everything is pure text processing over a typed or transcribed request.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from rtkit.local.model import extract
from rtkit.local.model.places import lookup as place_lookup
from rtkit.local.text import ID_LABELS, WEEKDAYS, place_names


@dataclass(frozen=True)
class Mention:
    """One value the request names."""

    value: object
    """The value in the form a tool argument takes ('15:00', date(2026, 3, 13), 'EUR', 600)."""
    start: int
    """Character offset where the mention begins."""
    end: int
    """Character offset just past it."""
    before: str = ""
    """The lower-cased word just before the mention ('from', 'to', 'in'), for telling roles apart."""


def word_before(text: str, start: int) -> str:
    words = re.findall(r"[A-Za-z]+", text[:start])
    return words[-1].lower() if words else ""


def _mention(text: str, value: object, start: int, end: int) -> Mention:
    return Mention(value, start, end, word_before(text, start))


_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_RE = re.compile(
    r"\b(?:https?://|www\.)[^\s,;\"'<>]+"
    # a bare domain ('example.com', 'docs.python.org/3'), not an e-mail's
    r"|(?<![@\w.-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|edu|gov|info|biz|co|ai|app|dev|uk|de|fr|"
    r"ca|au|jp|in|us|eu|me|tv)\b(?![@.-]?\w)(?:/[^\s,;\"'<>]*)?",
    re.IGNORECASE,
)


def emails(text: str) -> list[Mention]:
    return [_mention(text, m.group().rstrip("."), *m.span()) for m in _EMAIL_RE.finditer(text)]


def urls(text: str) -> list[Mention]:
    return [_mention(text, m.group().rstrip(".?!)"), *m.span()) for m in _URL_RE.finditer(text)]


# 'where {ip} is the IP address '10.0.0.7'', '{port} = 8080': what the request says a placeholder of a template stands
# for: a quoted value a few words on, else the one token right after the verb.
_SAYS_FOR = r"\s*(?:is|=|means|stands\s+for)\s+"
_QUOTED_FOR = _SAYS_FOR + r"[^'\"`\n,;]{0,40}?['\"`]([^'\"`\s{}]+)['\"`]"
_TOKEN_FOR = _SAYS_FOR + r"(?:the\s+)?([^\s'\"`,;{}]+?)(?=[\s,;]|[.?!]?$)"


def placeholders_filled(template: str, text: str) -> tuple[str, list[tuple[int, int]]]:
    """The template with each ``{name}`` the request gives a value for ('where {ip} is the IP address '10.0.0.7'')
    replaced by it, and where the request gives those values; placeholders it says nothing of stay."""
    spans: list[tuple[int, int]] = []

    def fill(m: re.Match[str]) -> str:
        said = re.search(re.escape(m.group()) + _QUOTED_FOR, text) or re.search(re.escape(m.group()) + _TOKEN_FOR, text)
        if said is None:
            return m.group()
        spans.append(said.span(1))
        return said.group(1)

    return re.sub(r"\{\w+\}", fill, template), spans


# --- times of day ----------------------------------------------------------------------------------

_HOUR_WORDS = {w: v for w, v in extract._UNITS.items() if v} | {"ten": 10, "eleven": 11, "twelve": 12}
_MINUTE_WORDS = {"fifteen": 15, "thirty": 30, "forty five": 45, "o'clock": 0, "oclock": 0}
_MERIDIEM = r"(a\.?m\.?|p\.?m\.?)(?![\w])"
_CLOCK_RE = re.compile(
    rf"\b(\d{{1,2}})(?:[:.](\d{{2}}))?\s*{_MERIDIEM}|\b(\d{{1,2}}):(\d{{2}})\b", re.IGNORECASE
)  # '11.00 a.m.' as well as '11:00 am'
_SPOKEN_CLOCK_RE = re.compile(
    rf"\b({'|'.join(_HOUR_WORDS)})(?:\s+({'|'.join(_MINUTE_WORDS)}))?\s*(?:{_MERIDIEM}|(o'?clock))",
    re.IGNORECASE,
)
_NAMED_TIMES = {"noon": "12:00", "midday": "12:00", "midnight": "00:00"}
_NAMED_THEN_AT_RE = re.compile(r"(?:\s+[a-z]+){0,2}\s+at\s+", re.IGNORECASE)  # 'midnight [show] at 23:00'
# '3 in the afternoon', 'seven thirty in the evening', '6 at night': the part of the day says am or pm.
_PART_OF_DAY = {"morning": "am", "afternoon": "pm", "evening": "pm", "night": "pm"}
_DAYPART_CLOCK_RE = re.compile(
    rf"\b(?:(half|quarter)\s+(past|to)\s+)?(\d{{1,2}}|{'|'.join(_HOUR_WORDS)})"
    rf"(?:[:.](\d{{2}})|\s+({'|'.join(_MINUTE_WORDS)}))?\s+"
    r"(?:in\s+the\s+(morning|afternoon|evening)|at\s+(night))\b",
    re.IGNORECASE,
)
_MINUTES_SAID = "|".join(
    [f"{t} {u}" for t in ("twenty", "thirty", "forty", "fifty") for u in list(extract._UNITS)[1:]]
    + ["oh " + u for u in list(extract._UNITS)[1:]]
    + ["twenty", "thirty", "forty", "fifty", *list(extract._TEENS)]
)
# 'at nine thirty', 'it is ten fifteen': an hour and its minutes said as two numbers after a word that sets a time
# (no two numbers are said so otherwise: 'nine thirty' is no number).
_HOUR_MINUTES_RE = re.compile(
    rf"\b(?:at|is|it's|from|until|till|by|before|after|around|about)\s+({'|'.join(_HOUR_WORDS)})\s+({_MINUTES_SAID})\b"
    rf"(?!\s+(?:{'|'.join(extract._UNITS)})\b)",
    re.IGNORECASE,
)


def _minutes(said: str) -> int:
    words = said.lower().split()
    if words[0] == "oh":
        return extract._UNITS[words[1]]
    return sum(extract._UNITS.get(w, extract._TEENS.get(w, extract._TENS.get(w, 0))) for w in words)


def _clock(hour: int, minute: int, meridiem: str | None) -> str | None:
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem.lower().startswith("p") else 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def times(text: str) -> list[Mention]:
    """Times of day as 'HH:MM' (24-hour): '3 pm', '8:30 pm', '09:00', 'noon', 'six thirty am'."""
    found: list[Mention] = []
    for m in _CLOCK_RE.finditer(text):
        if m.group(1):
            value = _clock(int(m.group(1)), int(m.group(2) or 0), m.group(3))
        else:
            value = _clock(int(m.group(4)), int(m.group(5)), None)
        if value:
            found.append(_mention(text, value, *m.span()))
    for m in _SPOKEN_CLOCK_RE.finditer(text):
        minute = _MINUTE_WORDS.get((m.group(2) or "").lower(), 0)
        value = _clock(_HOUR_WORDS[m.group(1).lower()], minute, m.group(3))
        if value:
            found.append(_mention(text, value, *m.span()))
    for m in _HOUR_MINUTES_RE.finditer(text):
        value = _clock(_HOUR_WORDS[m.group(1).lower()], _minutes(m.group(2)), None)
        if value:
            found.append(_mention(text, value, m.start(1), m.end()))
    for m in _DAYPART_CLOCK_RE.finditer(text):
        said = m.group(3).lower()
        hour = int(said) if said.isdigit() else _HOUR_WORDS[said]
        minute = int(m.group(4)) if m.group(4) else _MINUTE_WORDS.get((m.group(5) or "").lower(), 0)
        if m.group(1):  # 'half past nine', 'quarter to seven'
            minute = 30 if m.group(1).lower() == "half" else 15
            if m.group(2).lower() == "to":
                hour, minute = (hour - 2) % 12 + 1, 60 - minute
        part = (m.group(6) or m.group(7)).lower()
        value = _clock(hour, minute, "am" if part == "night" and hour == 12 else _PART_OF_DAY[part])  # 12 at night
        if value:
            found.append(_mention(text, value, *m.span()))
    clocks = [m.start for m in found]
    for m in re.finditer(r"\b(noon|midday|midnight)\b", text, re.IGNORECASE):
        # 'the midnight show at 23:00': a clock time the named time's thing is set at says it exactly
        at = _NAMED_THEN_AT_RE.match(text, m.end())
        if at is None or m.end() + len(at.group()) not in clocks:
            found.append(_mention(text, _NAMED_TIMES[m.group(1).lower()], *m.span()))
    return _ordered(found)


def _ordered(found: list[Mention]) -> list[Mention]:
    """Mentions in text order, dropping any that overlaps an earlier, longer one."""
    out: list[Mention] = []
    for m in sorted(found, key=lambda m: (m.start, -m.end)):
        if not any(m.start < o.end and o.start < m.end for o in out):
            out.append(m)
    return out


# --- calendar days ----------------------------------------------------------------------------------

_MONTH_ALT = "|".join(sorted(extract.MONTHS, key=len, reverse=True))
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"
_MONTH_DAY_RE = re.compile(
    rf"\b({_MONTH_ALT})(?:\.\s*|\s*){_ORDINAL}\b(?:,?\s*(?:of\s+)?(\d{{4}}))?", re.IGNORECASE
)  # 'March 6, 2024', 'March 10 of 2024'
_DAY_MONTH_RE = re.compile(rf"\b{_ORDINAL}\s+(?:of\s+)?({_MONTH_ALT})\b(?:,?\s*(\d{{4}}))?", re.IGNORECASE)
_YEAR_BEFORE_RE = re.compile(r"\b(\d{4})\s+(?:the\s+)?$")  # 'the 2023 1st of March'
_YEAR_MONTH_DAY_RE = re.compile(rf"\b(\d{{4}})\s+({_MONTH_ALT})\.?\s*{_ORDINAL}\b", re.IGNORECASE)
_WEEKDAY_RE = re.compile(rf"\b(?:(next|this|coming|last)\s+)?({'|'.join(WEEKDAYS)})\b", re.IGNORECASE)
_RELATIVE_RE = re.compile(r"\b(today|tonight|tomorrow|yesterday|day after tomorrow)\b", re.IGNORECASE)
_ISO_DAY_RE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?\b")
_YMD_RE = re.compile(r"\b(\d{4})([/.-])(\d{1,2})\2(\d{1,2})\b(?![.-]\d)")  # '2023/4/17', '2023.10.1', '2023-9-1'
# Month first, as in the US ('01-31-1980', '8/16/2022'); day first when the first number cannot be a month.
_NUMERIC_DAY_RE = re.compile(r"\b(\d{1,2})([-/.])(\d{1,2})\2(\d{4})\b")
_MONTH_YEAR_RE = re.compile(
    rf"\b(?:({_MONTH_ALT})\.?,?\s+(\d{{4}})|(\d{{4}})\s+({_MONTH_ALT}))\b(?!\s*\d)", re.IGNORECASE
)  # 'Sep 2023', '2023 March', not 'March 2023 5'
_NEXT_WEEK_RE = re.compile(r"\s*,?\s*(?:of\s+)?next\s+week\b", re.IGNORECASE)
_NEXT_YEAR_RE = re.compile(r"\s*,?\s*(?:of\s+)?next\s+year\b", re.IGNORECASE)  # 'April 13th of next year'
# A day of the month said alone ('until the 12th', 'on the 9th?'): the current month's, or the next one's once past.
_BARE_DAY_RE = re.compile(
    rf"\b(?:on|until|till|by|through|before|after|from|to)\s+the\s+(\d{{1,2}})(?:st|nd|rd|th)\b"
    rf"(?!\s*(?:of\s+)?(?:{_MONTH_ALT})\b)(?=\s*(?:$|[,.;:!?)]|and\b|or\b|at\b|in\b|for\b|to\b|until\b))",
    re.IGNORECASE,
)


def _nearest(year: int, month: int, day: int, today: date) -> date | None:
    """The date with this month and day nearest to today (a booking 'on March 3' in December is next year)."""
    options = []
    for y in (year - 1, year, year + 1):
        try:
            options.append(date(y, month, day))
        except ValueError:
            continue
    return min(options, key=lambda d: abs((d - today).days), default=None)


def _bare_day(day: int, today: date) -> date | None:
    """Day `day` of today's month, or of the next month when that day has passed."""
    month_start = today.replace(day=1)
    later = (month_start + timedelta(days=32)).replace(day=1)
    this = _safe_date(today.year, today.month, day)
    return this if this and this >= today else _safe_date(later.year, later.month, day)


def days(text: str, today: date, weekday: int | None = None) -> list[Mention]:
    """Calendar days: ISO dates, 'today', 'tomorrow', 'Saturday', 'next Monday', 'March 20', '3rd of May',
    'until the 12th'. `weekday` is today's day of the week when the request says which it is ('today is Monday
    April 25th'): weekdays count from what the user said, even against the calendar."""
    found: list[Mention] = []
    for m in _ISO_DAY_RE.finditer(text):
        try:
            found.append(_mention(text, date(int(m.group(1)), int(m.group(2)), int(m.group(3))), m.start(), m.end(3)))
        except ValueError:
            continue
    for m in _YMD_RE.finditer(text):
        value = _safe_date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        if value:
            found.append(_mention(text, value, *m.span()))
    for m in _NUMERIC_DAY_RE.finditer(text):
        first, second, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        value = _safe_date(year, first, second) if first <= 12 else _safe_date(year, second, first)
        if value:
            found.append(_mention(text, value, *m.span()))
    for m in _RELATIVE_RE.finditer(text):
        word = m.group(1).lower()
        offset = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}.get(word, 2)
        found.append(_mention(text, today + timedelta(days=offset), *m.span()))
    for m in _WEEKDAY_RE.finditer(text):
        target = WEEKDAYS.index(m.group(2).lower())
        now = today.weekday() if weekday is None else weekday
        ahead = (target - now) % 7 or 7
        if _NEXT_WEEK_RE.match(text, m.end()):  # 'Wednesday next week': that day of the coming calendar week
            ahead = 7 - now + target
        if (m.group(1) or "").lower() == "last":
            ahead -= 7
        found.append(_mention(text, today + timedelta(days=ahead), *m.span()))
    for m in _YEAR_MONTH_DAY_RE.finditer(text):  # '2023 April 4th'
        value = _safe_date(int(m.group(1)), extract.MONTHS[m.group(2).lower()], int(m.group(3)))
        if value:
            found.append(_mention(text, value, *m.span()))
    stated = re.search(r"\b(1[5-9]\d\d|2[01]\d\d)\b", text)  # a year the request states sets the others
    stated_year: int | None = int(stated.group(1)) if stated else None
    for regex, month_group, day_group in ((_MONTH_DAY_RE, 1, 2), (_DAY_MONTH_RE, 2, 1)):
        for m in regex.finditer(text):
            month = extract.MONTHS[m.group(month_group).lower()]
            if m.group(month_group).lower() == "may" and regex is _MONTH_DAY_RE and not m.group(3):
                # 'may 5 people come' is not a date; 'May 5' at a sentence start is ambiguous, so keep only capitalised
                if not m.group(month_group)[0].isupper():
                    continue
            day = int(m.group(day_group))
            before = _YEAR_BEFORE_RE.search(text[: m.start()]) if not m.group(3) else None
            if before:  # 'the 2023 1st of March': the year written first is the date's
                value = _safe_date(int(before.group(1)), month, day)
                if value:
                    found.append(_mention(text, value, before.start(1), m.end()))
                continue
            if m.group(3):
                value = _safe_date(int(m.group(3)), month, day)
            elif _NEXT_YEAR_RE.match(text, m.end()):
                value = _safe_date(today.year + 1, month, day)
            elif stated_year is not None:  # 'from 2023 April 4th to April 8th'
                value = _safe_date(stated_year, month, day)
            else:
                value = _nearest(today.year, month, day, today)
            if value:
                found.append(_mention(text, value, *m.span()))
    month_year = _MONTH_YEAR_RE.search(text)  # 'on the 9th ... it is Sep 2023': the month the request names
    named_month = extract.MONTHS[(month_year.group(1) or month_year.group(4)).lower()] if month_year else 0
    named_year = int(month_year.group(2) or month_year.group(3)) if month_year else 0
    for m in _BARE_DAY_RE.finditer(text):
        said = int(m.group(1))
        value = _safe_date(named_year, named_month, said) if month_year else _bare_day(said, today)
        if value:
            found.append(_mention(text, value, m.start(1), m.end()))
    relative = {m.span() for regex in (_RELATIVE_RE, _WEEKDAY_RE) for m in regex.finditer(text)}
    restated = [
        r for r in found if (r.start, r.end) in relative and any(
            (e.start, e.end) not in relative and e.start >= r.end
            and re.fullmatch(r"\s*(?:\(|,|-)?\s*", text[r.end : e.start])
            and ("(" in text[r.end : e.start] or re.search(r"\d{4}", text[e.start : e.end])) for e in found
        )
    ]  # fmt: skip  # 'tomorrow, June 1 2023', 'next Monday 2023.10.2': the date says which day; a list of days stays
    return _ordered([m for m in found if m not in restated])


_TODAY_IS_RE = re.compile(r"\b(?:today|today's date)\s+is\s+(?:a\s+)?", re.IGNORECASE)


def stated_today(text: str, today: date) -> tuple[date, tuple[int, int]] | None:
    """The date a request says today is ('today is Tuesday April 25th 2023', 'Today is 2023-10-1'), and where it
    says so: relative days ('the upcoming Saturday', 'tomorrow') count from it, and the statement itself is no day
    the request asks about."""
    said = _TODAY_IS_RE.search(text)
    if said is None:
        return None
    relative = {m.span() for regex in (_RELATIVE_RE, _WEEKDAY_RE) for m in regex.finditer(text)}
    for m in days(text, today):
        if m.start >= said.end() and (m.start, m.end) not in relative and isinstance(m.value, date):
            between = text[said.end() : m.start]
            if re.fullmatch(rf"\s*(?:(?:{'|'.join(WEEKDAYS)})\b,?\s*)?", between, re.IGNORECASE):
                return m.value, (said.start(), m.end)
    basic = re.match(r"((?:19|20)\d\d)(\d\d)(\d\d)\b", text[said.end() :])  # ISO 8601's basic form: '20230929'
    day = _safe_date(int(basic.group(1)), int(basic.group(2)), int(basic.group(3))) if basic else None
    return (day, (said.start(), said.end() + len(basic.group()))) if basic and day else None


def days_asked(text: str, today: date) -> tuple[date, list[Mention]]:
    """The request's calendar days (see `days`) counted from the today it states, if it states one, and that
    today; the statement's own day is left out when the request names another."""
    stated = stated_today(text, today)
    if stated is None:
        return today, _dated_later(days(text, today), text)
    day, (a, b) = stated
    named = re.search(rf"\b({'|'.join(WEEKDAYS)})\b", text[a : b + 12], re.IGNORECASE)
    found = days(text, day, WEEKDAYS.index(named.group(1).lower()) if named else None)
    others = [m for m in found if not (a <= m.start and m.end <= b + 12)]
    return day, _dated_later(others or found, text)


_RANGE_BEFORE_RE = re.compile(r"\b(?:from|between|since|starting)\s+(?:on\s+)?(?:the\s+)?$", re.IGNORECASE)
_JOINED_RE = re.compile(r"(?:\b(?:and|or|until|till|through|then|plus)|[-–])\s*(?:on\s+)?(?:the\s+)?$", re.IGNORECASE)


def _dated_later(found: list[Mention], text: str) -> list[Mention]:
    """The days left once a relative day is restated later by a date with its year ('next Thursday ... The
    departure date is 2023-04-20', 'this coming Friday ... to the 15th of April 2021'): the date says which day.
    A relative day that opens a range ('from tomorrow until 2024-05-01') or is listed with the date stays."""
    relative = {m.span() for regex in (_RELATIVE_RE, _WEEKDAY_RE) for m in regex.finditer(text)}
    dated = [m for m in found if (m.start, m.end) not in relative and re.search(r"\d{4}", text[m.start : m.end])]
    kept = []
    for m in found:
        later = next((d for d in dated if d.start >= m.end), None)
        if (
            (m.start, m.end) in relative
            and later is not None
            and not _RANGE_BEFORE_RE.search(text[: m.start])
            and not _JOINED_RE.search(text[m.end : later.start])
        ):
            continue
        kept.append(m)
    return kept


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# --- durations ----------------------------------------------------------------------------------------

_DURATION_UNITS = {
    "second": 1,
    "sec": 1,
    "minute": 60,
    "min": 60,
    "hour": 3600,
    "hr": 3600,
    "day": 86400,
    "week": 604800,
}
_DURATION_RE = re.compile(r"^(second|sec|minute|min|hour|hr|day|week)s?$", re.IGNORECASE)


def durations(tokens: list[extract.Token], numbers: list[extract.Number], text: str) -> list[Mention]:
    """Durations in seconds: '10 minutes', 'ninety seconds', 'an hour and a half', '90 second'."""
    found: list[Mention] = []
    for n in numbers:
        after = [t for t in tokens if t.start >= n.end][:1]
        if after and (m := _DURATION_RE.match(after[0].lower)):
            seconds = n.value * _DURATION_UNITS[m.group(1).lower()]
            end = after[0].end
            rest = text[end:]
            half = re.match(r"\s+and\s+a\s+half\b", rest, re.IGNORECASE)
            if half:
                seconds += _DURATION_UNITS[m.group(1).lower()] / 2
                end += half.end()
            found.append(_mention(text, seconds, n.start, end))
    for m in re.finditer(r"\ban?\s+(second|minute|hour|day|week)\b(\s+and\s+a\s+half)?", text, re.IGNORECASE):
        unit = _DURATION_UNITS[m.group(1).lower()]
        found.append(_mention(text, unit * (1.5 if m.group(2) else 1), *m.span()))
    return _ordered(found)


# --- money and countries --------------------------------------------------------------------------------

_CURRENCIES = {
    "USD": ("us dollars", "us dollar", "american dollars", "dollars", "dollar", "bucks", "usd", "$"),
    "EUR": ("euros", "euro", "eur", "€"),
    "GBP": ("british pounds", "pounds sterling", "pound sterling", "sterling", "pounds", "pound", "quid", "gbp", "£"),
    "JPY": ("japanese yen", "yen", "jpy", "¥"),
    "CHF": ("swiss francs", "swiss franc", "francs", "franc", "chf"),
    "CAD": ("canadian dollars", "canadian dollar", "cad"),
    "AUD": ("australian dollars", "australian dollar", "aud"),
    "CNY": ("chinese yuan", "yuan", "renminbi", "rmb", "cny"),
    "INR": ("indian rupees", "rupees", "rupee", "inr"),
    "SEK": ("swedish kronor", "swedish krona", "sek"),
    "NOK": ("norwegian kroner", "norwegian krone", "nok"),
    "MXN": ("mexican pesos", "pesos", "peso", "mxn"),
}
_CURRENCY_WORDS = {w: code for code, ws in _CURRENCIES.items() for w in ws}


_PHRASE_TOKEN_RE = re.compile(r"[A-Za-z]+|[$€£¥]")


def _phrase_mentions(text: str, table: Mapping[str, object]) -> list[Mention]:
    """Phrases of `table` (lower-case, up to three words) in the text, longest first at each word."""
    tokens = list(_PHRASE_TOKEN_RE.finditer(text))
    found: list[Mention] = []
    i = 0
    while i < len(tokens):
        for n in (3, 2, 1):
            if i + n <= len(tokens):
                phrase = " ".join(t.group().lower() for t in tokens[i : i + n])
                if phrase in table:
                    found.append(_mention(text, table[phrase], tokens[i].start(), tokens[i + n - 1].end()))
                    i += n
                    break
        else:
            i += 1
    return found


def currencies(text: str) -> list[Mention]:
    """ISO 4217 codes of the currencies a request names ('250 dollars to euros' → USD, EUR); with one named, a
    country or region the amount is asked "in" names the other by its currency ('100 pounds in Japan' → GBP,
    JPY)."""
    found = _phrase_mentions(text, _CURRENCY_WORDS)
    if not found:
        return found
    for m in _AMOUNT_IN_PLACE_RE.finditer(text):
        place = _phrase_mentions(m.group(1), _COUNTRY_WORDS | _REGION_CURRENCIES)
        if len(place) == 1 and place[0].start == 0 and place[0].end == len(m.group(1).rstrip(" ?.!,")):
            code = place[0].value
            code = _COUNTRY_CURRENCIES.get(str(code), code) if len(str(code)) == 2 else code
            if not any(f.start < m.end(1) and m.start(1) < f.end for f in found):
                found.append(_mention(text, code, m.start(1), m.start(1) + place[0].end))
    return sorted(found, key=lambda f: f.start)


_COUNTRIES = {
    "US": ("united states", "america", "usa", "the us"), "GB": ("united kingdom", "britain", "england", "uk"),
    "DE": ("germany",), "FR": ("france",), "IT": ("italy",), "ES": ("spain",), "JP": ("japan",), "CN": ("china",),
    "IN": ("india",), "CA": ("canada",), "AU": ("australia",), "BR": ("brazil",), "MX": ("mexico",),
    "NL": ("netherlands", "holland"), "SE": ("sweden",), "NO": ("norway",), "CH": ("switzerland",),
    "AT": ("austria",), "PT": ("portugal",), "IE": ("ireland",), "PL": ("poland",), "KR": ("south korea", "korea"),
    "ZA": ("south africa",), "NG": ("nigeria",), "KE": ("kenya",), "EG": ("egypt",), "AR": ("argentina",),
}  # fmt: skip
_COUNTRY_WORDS = {w: code for code, ws in _COUNTRIES.items() for w in ws}
COUNTRY_NAMES = {code: ws[0].title() for code, ws in _COUNTRIES.items()}


# The currency of a country (its ISO 3166 code, as in _COUNTRIES) or of a region.
_COUNTRY_CURRENCIES = {
    "US": "USD", "GB": "GBP", "DE": "EUR", "FR": "EUR", "IT": "EUR", "ES": "EUR", "JP": "JPY", "CN": "CNY",
    "IN": "INR", "CA": "CAD", "AU": "AUD", "BR": "BRL", "MX": "MXN", "NL": "EUR", "SE": "SEK", "NO": "NOK",
    "CH": "CHF", "AT": "EUR", "PT": "EUR", "IE": "EUR", "PL": "PLN", "KR": "KRW", "ZA": "ZAR", "NG": "NGN",
    "KE": "KES", "EG": "EGP", "AR": "ARS",
}  # fmt: skip
_REGION_CURRENCIES = {"europe": "EUR", "the eurozone": "EUR", "eurozone": "EUR", "the euro area": "EUR"}
# 'How much is 100 pounds in Japan?': what an amount is worth in a country is an amount in its currency.
_AMOUNT_IN_PLACE_RE = re.compile(r"\b(?:in|into|to)\s+((?:the\s+)?[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)?)\s*[?.!]?\s*$")


def countries(text: str) -> list[Mention]:
    """ISO 3166 two-letter codes of the countries a request names."""
    return _phrase_mentions(text, _COUNTRY_WORDS)


# --- places, people, addresses, identifiers ---------------------------------------------------------------

_PROPER = r"(?:[A-Z][\w'’.-]*|\d+[A-Za-z]+)"
_CONNECT = r"(?:of|de|da|del|la|le|upon|am)"
_PROPER_PHRASE = rf"{_PROPER}(?:\s+(?:{_CONNECT}\s+)?{_PROPER})*"
_PLACE_RE = re.compile(rf"\b((?i:in|at|for|from|to|near|into|around|of))\s+(?:(?i:the)\s+)?({_PROPER_PHRASE})")
# A capital inside a word ('columnCount') starts no name.
_NAME_RE = re.compile(rf"(?<![\w'’.-]){_PROPER_PHRASE}")
# Capitalised words that start sentences or name days and months rather than places or people.
_NOT_PROPER = {w.capitalize() for w in (*WEEKDAYS, *extract.MONTHS)} | {
    "I", "I'm", "I'd", "I'll", "The", "What", "What's", "Whats", "How", "Is", "Are", "Can", "Could", "Please",
    "And", "Show", "Tell", "Find", "Give", "Set", "Add", "Put", "Play", "Turn", "Switch", "Book", "Search",
    "Send", "Email", "Create", "Schedule", "Remind", "Translate", "Define", "Convert", "Track", "Order",
    "Start", "Open", "Fetch", "Look", "Get", "Lock", "Unlock", "Wake", "Reserve", "Where", "Will", "Any", "Do",
    "Does", "Dim", "Write", "Directions", "US", "AM", "PM", "OK", "Okay", "Hey", "Hi", "Now",
}  # fmt: skip


def sentence_end(text: str, dot: int) -> bool:
    """Whether the '.' at `dot` ends a sentence (not 'D.C.', 'Inc.', '3.5', 'e.g.')."""
    after = text[dot + 1 : dot + 3]
    before = text[max(0, dot - 3) : dot]
    if re.search(r"\b[A-Z]$|\b(?:Inc|Ltd|Co|Mr|Mrs|Ms|Dr|St|vs|Jr|Sr|etc|No)$", before):
        return False
    return after == "" or after[:1].isspace() and (after[1:2].isupper() or after[1:2] == "" or after[1:2].isdigit())


def before_sentence_end(text: str, start: int, end: int) -> int:
    """Where a run of capitalised words from `start` to `end` stops at a full stop that ends its sentence
    ('Sukhumvit. They should' → 'Sukhumvit'); `end` when none does."""
    for dot in re.finditer(r"\.(?=\s)", text[start:end]):
        if sentence_end(text, start + dot.start()):
            return start + dot.start()
    return end


def _trim_proper(phrase: str) -> str:
    words = phrase.split()
    while words and (words[0] in _NOT_PROPER or words[0].lower() in ("the", "of", "and", "by", "on")):
        words.pop(0)
    while words and (words[-1] in _NOT_PROPER or words[-1].lower() in ("of", "de", "the", "and", "by", "on")):
        words.pop()
    return " ".join(words)


def places(text: str) -> list[Mention]:
    """Capitalised names after a preposition: 'in New York', 'from SFO to JFK', 'at The Ivy', 'to 221B Baker
    Street'; `before` holds the preposition. In a lower-case transcript, the words after the preposition."""
    if not any(ch.isupper() for ch in text):
        return _lower_places(text)
    found = []
    for m in _PLACE_RE.finditer(text):
        raw = text[m.start(2) : before_sentence_end(text, m.start(2), m.end(2))]  # 'Kallio. They should'
        value = _trim_proper(raw).rstrip(".,")
        named_the = re.match(r"\S+\s+The\s", m.group(0)) is not None
        if named_the and value and not value.startswith("The "):  # 'at The Ivy' names the place
            value = "The " + value
        if value and any(ch.isupper() for ch in value) and value.split()[0] not in _NOT_PROPER - {"The"}:
            found.append(Mention(value, m.start(2), m.end(2), m.group(1).lower()))
    return found


# Transcripts come lower-case: there a place is the word or two after the preposition, up to a common word.
_LOWER_PLACE_RE = re.compile(r"\b(in|at|for|from|to|near|into)\s+(?:the\s+)?(?=([a-z][a-z'-]+(?:\s+[a-z][a-z'-]+)?))")
_NOT_PLACE_WORDS = {
    "right", "now", "today", "tonight", "tomorrow", "yesterday", "this", "next", "last", "week", "weekend",
    "morning", "evening", "afternoon", "night", "please", "me", "us", "my", "your", "our", "it", "them", "a", "an",
    "and", "or", "on", "at", "by", "with", "from", "to", "in", "for", "of", "the", "is", "are", "be", "do", "go",
    "get", "see", "what", "how", "when", "where", "minutes", "hours", "seconds", "days", "days'", "people",
    "lights", "light", "list", "door", "degrees", "percent", "kilometers", "miles", "euros", "dollars",
}  # fmt: skip


def _lower_places(text: str) -> list[Mention]:
    found = []
    for m in _LOWER_PLACE_RE.finditer(text):
        words = m.group(2).split()
        if words[0] in place_names() and " ".join(words) not in place_names():
            words = words[:1]  # a known name ends the place: 'in chicago out' (a misheard 'now')
        while words and words[-1] in _NOT_PLACE_WORDS | {*WEEKDAYS, *extract.MONTHS}:
            words.pop()
        if (
            words
            and words[0] not in _NOT_PLACE_WORDS | {*WEEKDAYS, *extract.MONTHS}
            and all(w not in _NOT_PLACE_WORDS for w in words)
        ):
            value = " ".join(w.capitalize() for w in words)
            found.append(Mention(value, m.end(), m.end() + len(" ".join(words)), m.group(1)))
    return found


_LABELS = ID_LABELS | {"url", "uri", "api", "ip", "sku", "pin"}


def names(text: str) -> list[Mention]:
    """Capitalised names anywhere but at the start of a sentence ('Sarah Connor's' → 'Sarah Connor')."""
    found = []
    for m in _NAME_RE.finditer(text):
        start = m.start()
        value = re.sub(r"['’]s$", "", _trim_proper(m.group()))
        if not value:
            continue
        if value.split()[0] != m.group().split()[0]:
            start = m.start() + m.group().index(value.split()[0])
        at_sentence_start = not text[:start].strip() or text[:start].rstrip()[-1:] in ".!?"
        if value.lower() in _LABELS:
            continue  # 'project ID badae': the label of a value, no one's name
        if not at_sentence_start and any(ch.isalpha() for ch in value):
            end = joined_venue(text, start, start + len(value))
            found.append(_mention(text, text[start:end] if end > start + len(value) else value, start, end))
    return found


VENUE_NOUNS = frozenset(
    "cinema cinemas theater theaters theatre theatres multiplex stadium arena mall museum gallery".split()
)
"""Nouns for a place one goes to within a town; a name said before one is the venue's ('AMC theater', 'Vine
Cinema'), a town's name after it the town the venue stands in ('AMC theater Saratoga', 'Vine Cinema Livermore')."""

_AT_VENUE = re.compile(r"\bat\s+(?:the\s+)?$", re.IGNORECASE)
_JOINED_PARTS = re.compile(r"(?:\s+(?:and|at)\s+[A-Z][\w'’&-]*(?:\s+[A-Z][\w'’&-]*)*)+")


def joined_venue(text: str, start: int, end: int) -> int:
    """Where a venue's name ends that goes on across 'and' or 'at' between capitalised words: after 'at', up to the
    sentence's end or a noun for a venue ('at Riverside Hall and Annex.', 'at the Mill at Bell Creek and XD
    theater'); `end` when the name does not go on."""
    if not _AT_VENUE.search(text[:start]):
        return end
    m = _JOINED_PARTS.match(text, end)
    if m is None:
        return end
    if place_lookup(text[start:end]) and place_lookup(m.group().split(maxsplit=1)[1]):
        return end  # two towns listed ('stops at Santa Barbara and Monterey'), not one venue
    after = text[m.end() :]
    closes = re.match(r"\s*(?:[.!?]|$)", after) or re.match(rf"\s+(?:{'|'.join(VENUE_NOUNS)})\b", after, re.I)
    return m.end() if closes else end


_STREET_SUFFIX = (
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Place|Pl|Court|Ct|Square|Terrace)"
)
_ADDRESS_RE = re.compile(
    rf"\b(\d+[A-Za-z]?\s+(?:[A-Z][\w'-]*\s+)+{_STREET_SUFFIX})\b\.?"
    rf"(?:,\s*([A-Z][\w'-]*(?:\s+[A-Z][a-z][\w'-]*)*))?"
    r"(?:,?\s+(\d{4,6}|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}))?"
)


@dataclass(frozen=True)
class Address:
    """A street address: '12 Main Street, Springfield 12345'."""

    street: str
    city: str | None
    postcode: str | None
    start: int
    end: int


def addresses(text: str) -> list[Address]:
    return [Address(m.group(1), m.group(2), m.group(3), m.start(), m.end()) for m in _ADDRESS_RE.finditer(text)]


_IDENTIFIER_RE = re.compile(r"\b(?=[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]{6,})[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]\b")


def identifiers(text: str) -> list[Mention]:
    """Codes with digits, six characters or more: tracking numbers, order numbers, booking references."""
    return [
        _mention(text, m.group(), *m.span())
        for m in _IDENTIFIER_RE.finditer(text)
        if not m.group().isdigit() or len(m.group()) >= 8
    ]
