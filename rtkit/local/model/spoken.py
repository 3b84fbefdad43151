"""Values as a voice assistant says them: numbers, money in its own currency, percentages, dates and times,
identifiers as words, text clipped at a clause; and an estimate of how many words the speech engine will say for
a text (a figure like "$105,472" takes as long to say as nine words).
"""

from __future__ import annotations

import math
import re
from collections.abc import Set

from rtkit.local.model import currencies
from rtkit.local.text import MONTH_NAMES, split_identifier

_MAX_TEXT_WORDS = 20
_MONEY_WORDS = {
    "value", "amount", "total", "price", "cost", "income", "spent", "spending", "spend", "balance", "cash",
    "budget", "expense", "expenses", "payment", "savings", "fee", "fees", "usd", "dollars", "salary", "gain",
    "gains", "loss", "losses", "profit", "worth", "basis", "proceeds",
}  # fmt: skip
_NOT_MONEY_WORDS = {
    "count", "number", "num", "qty", "quantity", "shares", "units", "items", "transactions", "files", "lines",
    "commits", "pct", "percent", "percentage", "ratio", "rate", "weight", "id", "days", "months", "years",
    "year", "month", "day", "date", "positions", "holdings", "accounts", "version", "line", "complexity",
}  # fmt: skip
_PERCENT_WORDS = {"pct", "percent", "percentage"}
_DANGLING = {
    "a", "an", "the", "and", "or", "of", "to", "for", "with", "through", "in", "on", "at", "by", "from", "that",
    "is", "are", "was", "no", "not", "but", "as", "so",
}  # fmt: skip
_VERBS = {"get", "fetch", "list", "show", "read", "compute", "calculate", "find"}


# --- spoken length ---------------------------------------------------------------------------------


def _integer_words(n: int) -> int:
    """Words in the English name of a whole number (105472 → 'one hundred five thousand four hundred
    seventy two', 9)."""
    if n == 0:
        return 1
    words = 0
    groups = f"{n:,}".split(",")
    for i, group in enumerate(groups):
        g = int(group)
        if not g:
            continue
        hundreds, rest = divmod(g, 100)
        words += 2 * bool(hundreds) + (0 if not rest else 1 if rest <= 20 or rest % 10 == 0 else 2)
        words += i < len(groups) - 1  # 'thousand', 'million', ...
    return words


def _token_words(token: str) -> int:
    core = token.strip(".,;:!?\"'()[]")
    if not core:
        return 0
    if re.search(r"\d", core):
        count = sum(_integer_words(int(m[0].replace(",", "") or 0)) + (len(m[1]) + 1 if m[1] else 0)
                    for m in re.findall(r"(\d[\d,]*)(?:\.(\d+))?", core))  # fmt: skip
        return count + core.count("$") + core.count("%") + len(re.findall(r"[-/:]", core))
    if re.fullmatch(r"[A-Z]{2,5}", core):  # an acronym or ticker, spelled letter by letter
        return len(core)
    parts = [p for p in re.split(r"[/._\-]+", core) if p]
    return max(1, 2 * len(parts) - 1)  # 'rtkit/audio.py': rtkit slash audio dot py


def spoken_words(text: str) -> int:
    """Estimate of how many words the speech engine says for `text`: numbers count as their spoken
    names ('$105,472' is nine words), acronyms letter by letter, paths part by part."""
    return sum(_token_words(t) for t in text.split())


# --- values ----------------------------------------------------------------------------------------


def _date(text: str) -> str:
    """'2025-01' → 'January 2025', '2025-04-25' → 'April 25, 2025', '2026-12-05T08:47:04+09:00' → '8:47 AM on
    December 5, 2026'; anything else unchanged."""
    clock = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?", text)
    if clock and int(clock[2]) < 24:
        hour, minute = int(clock[2]), clock[3]
        return f"{hour % 12 or 12}:{minute} {'AM' if hour < 12 else 'PM'} on {_date(clock[1])}"
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text)
    if not m or not 1 <= int(m[2]) <= 12:
        return text
    month = MONTH_NAMES[int(m[2]) - 1].capitalize()
    return f"{month} {int(m[3])}, {m[1]}" if m[3] else f"{month} {m[1]}"


def readable(key: str) -> str:
    """'total_value_usd' → 'total value', 'dayChangePct' → 'day change pct', '2025-01' → 'January 2025'."""
    if re.fullmatch(r"\d{4}-\d{2}(?:-\d{2})?", key):
        return _date(key)
    ws = [w for w in split_identifier(key) if w != "usd"]
    return " ".join(ws) if ws else key


def tool_label(name: str) -> str:
    """'get_portfolio_summary' → 'Portfolio summary' (a heading for its results)."""
    ws = split_identifier(name)
    if len(ws) > 1 and ws[0] in _VERBS:
        ws = ws[1:]
    text = " ".join(ws) or "The tool"
    return text[0].upper() + text[1:]


def _words(key: str) -> set[str]:
    return set(split_identifier(key))


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


CURRENCY_MARK = "¤"
"""A key word starting with this names the currency of the amounts ('¤EUR'), from a field of the output."""


def _currency(key_words: Set[str]) -> str | None:
    return next((w[1:] for w in key_words if w.startswith(CURRENCY_MARK)), None)


def _is_money(key_words: Set[str]) -> bool:
    words = set(key_words) | ({"$"} if _currency(key_words) else set())
    return bool(words & (_MONEY_WORDS | {"$"})) and not key_words & _NOT_MONEY_WORDS


def _is_percent(key_words: Set[str]) -> bool:
    return bool(key_words & (_PERCENT_WORDS | {"%"}))


def _number(value: int | float) -> str:
    """A plain number: thousands separated, at most one decimal (two below 1, so 0.05 stays)."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, float) and not value.is_integer():
        places = 2 if abs(value) < 1 else 1
        return f"{value:,.{places}f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"  # int() of a finite float is safe; ints format exactly


def money(value: int | float) -> str:
    """Dollars as said aloud: whole dollars from $100 up ('$105,472'), cents below ('$28.62', '$5')."""
    sign = "-" if value < 0 else ""
    amount = abs(value)
    if amount >= 99.995:
        return f"{sign}${math.floor(amount + 0.5):,}"  # half up, as people round money
    return f"{sign}${amount:,.2f}".removesuffix(".00")


def percent(value: int | float) -> str:
    """A percentage to at most one decimal ('35.2%', '5%')."""
    text = f"{value:,.1f}".rstrip("0").rstrip(".") if math.isfinite(value) else str(value)
    return f"{'0' if text == '-0' else text}%"


def _clip_words(text: str, limit: int) -> str:
    """The first `limit` words of a text, cut at a clause boundary (':', ';', ' (') when there is one."""
    text = " ".join(text.split())
    head = re.split(r"[:;]\s|\s\(", text, maxsplit=1)[0] or text
    if len(head.split()) > limit:  # a long clause: stop at its first comma if that leaves a phrase
        first = head.split(", ")[0]
        head = first if len(first.split()) >= 2 else head
    ws = head.split()
    if len(ws) > limit:
        ws = ws[:limit]
        while len(ws) > 1 and ws[-1].rstrip(",.;:").lower() in _DANGLING:
            ws.pop()
    text = " ".join(ws).rstrip(",.;:")
    for quote in "'\"":  # a quotation cut in half is not closed
        if text.count(quote) % 2 and not re.search(rf"\w{quote}\w", text):
            text = text.replace(quote, "")
    return text


def format_value(value: object, key_words: Set[str] = frozenset()) -> str:
    """A scalar as it should be spoken, using the key's words to spot money and percentages.

    `key_words` may include "$" (the surrounding result is about money) or "%" (a share of 100).
    """
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        if _is_percent(key_words):
            return percent(value)
        if _is_money(key_words) and math.isfinite(value):
            code = _currency(key_words)
            return currencies.amount(value, code) if code else money(value)
        return _number(value)
    if value is None:
        return "none"
    lines = [line for line in str(value).splitlines() if line.strip()]
    if len(lines) > 2:  # a listing or a file; say its size, not its text
        return f"{len(lines)} lines"
    text = " ".join(str(value).split())
    if re.fullmatch(r"_*[a-z0-9]+(?:_[a-z0-9]+)+", text):  # an identifier such as 'intl_stocks', said as words
        text = text.strip("_").replace("_", " ")
    return _date(_clip_words(text, _MAX_TEXT_WORDS)) if text else text
