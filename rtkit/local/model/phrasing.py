"""Short, speakable answers from tool outputs, for the local server's rule-based responder.

Answers are synthesized to speech, so they are phrased the way a concise voice assistant talks: the
two or three most salient facts first (totals and amounts of money before counts and labels), then
at most one short list (its top two or three entries), in at most two sentences. Money is rounded to
whole dollars from $100 up, percentages to one decimal. What fits is decided against an estimate of
the words the speech engine will say (`spoken_words`), since a figure like "$105,472" takes as long
to say as nine words. Error objects become a short apology naming the tool and the message.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rtkit.local.model import currencies, units
from rtkit.local.model.spoken import (
    _MAX_TEXT_WORDS,
    _MONEY_WORDS,
    _NOT_MONEY_WORDS,
    _PERCENT_WORDS,
    CURRENCY_MARK,
    _clip_words,
    _is_money,
    _is_number,
    _is_percent,
    _words,
    format_value,
    money,
    percent,
    readable,
    spoken_words,
    tool_label,
)
from rtkit.local.text import split_identifier

__all__ = [
    "MAX_SENTENCES", "SPOKEN_BUDGET", "apology", "format_value", "money", "percent", "phrase_output",
    "phrase_outputs", "readable", "spoken_words", "tool_label",
]  # fmt: skip

MAX_SENTENCES = 2
SPOKEN_BUDGET = 34
"""Estimated spoken words (about 13 s of speech) an answer to one tool output aims to stay within."""
_HEAD_BUDGET = 26  # spoken words for the opening sentence of facts
_MAX_FACTS = 3
_MAX_ENTRIES = 3
_MAX_ENTRY_WORDS = 6
_MAX_TEXT_ENTRY_WORDS = 14  # a commit subject or title is said whole when it fits, else cut at a clause
_TEXT_LABEL_KEYS = ("subject", "message", "title", "summary", "description", "text")
# A list named like this is a ranking cut to its top entries: its length is not worth saying.
_RANKING_WORDS = {"most", "top", "highest", "largest", "biggest", "slowest", "best", "worst", "longest"}
_MAX_MESSAGE_WORDS = 16

# Preferred amount of an entry that has several ('value' of a holding rather than its 'price').
_MONEY_PREFERENCE = ("value", "amount", "total", "spent", "balance")
# Tools about these make their unlabelled numbers ('needs', 'wants' of a budget plan) amounts of money.
_MONEY_TOOL_WORDS = {"budget", "spending", "spend", "expense", "expenses", "income"}
# Keys that date a result; only spoken when there is nothing else to say.
_DATE_KEYS = {"as", "of", "date", "time", "timestamp", "updated", "created", "generated", "at", "start", "end"}
# Keys of a count that a list already says ('count': 10 next to 10 commits).
_COUNT_KEYS = {"count", "total", "number", "num", "n", "shown"}
# String fields naming what the result is about; said after the tool's name ('Analyze code for rtkit').
_SUBJECT_WORDS = {
    "category", "path", "query", "symbol", "ticker", "folder", "directory", "file", "account", "city", "location",
}  # fmt: skip
# Keys of a time zone (an IANA name, said as its city after the tool's name: 'Current time in Tokyo').
_ZONE_KEYS = {"timezone", "tz", "zone"}
# Keys that hold the time itself ('datetime': 'it is 4:20 PM on ...').
_CLOCK_KEYS = {"datetime", "date", "time", "timestamp", "current", "local", "now"}
# A unit written as the key's last word ('temperature_c', 'wind_kmh') is said after the number instead.
_UNIT_SUFFIXES = {
    "c": "degrees Celsius", "celsius": "degrees Celsius", "f": "degrees Fahrenheit", "fahrenheit": "degrees Fahrenheit",
    "kmh": "kilometres per hour", "mph": "miles per hour", "km": "kilometres", "mi": "miles", "kg": "kilograms",
    "lb": "pounds", "mm": "millimetres", "cm": "centimetres", "min": "minutes", "minutes": "minutes",
    "seconds": "seconds", "sec": "seconds", "hours": "hours",
}  # fmt: skip
# Collections that hold the answer itself rather than supporting detail.
_ANSWER_LIST_WORDS = {"top", "trades", "targets", "suggestions", "recommendations", "actions", "changes", "results"}
_LABEL_KEYS = (
    "symbol", "ticker", "name", "title", "label", "merchant", "payee", "description", "subject", "path", "file",
    "message", "text", "category", "asset_class", "summary", "id",
)  # fmt: skip
_ACTION_KEYS = ("action", "side")
# Words a clipped text should not end on ('Local server logs handshakes through the').
_WRAPPER_KEYS = {"result", "results", "data", "output", "content"}


def _join(parts: Sequence[str], last: str = " and ") -> str:
    parts = list(parts)
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + last + parts[-1]


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _skip_key(key: str) -> bool:
    ws = _words(key)
    return not ws or ws <= {"id", "uuid", "hash"} or (len(ws) > 1 and "id" in ws)


# --- facts (scalar fields) -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Fact:
    text: str
    """The clause as spoken ('total value is $105,472')."""
    score: float
    """Salience: amounts of money and totals first, then other numbers, labels, flags."""
    index: int
    """Position in the output, for ties and stable order."""


def _fact(key: str, value: object, context: set[str], partner: object = None) -> tuple[str, float]:
    ws = _words(key) | context
    name = readable(key)
    if isinstance(value, bool):
        if name.startswith(("is ", "has ")):
            name = name.split(" ", 1)[1]  # 'is_dst': 'dst' or 'not dst', not 'not is dst'
        return (name if value else f"not {name}"), 0.3
    if isinstance(value, int | float):
        if _is_percent(ws):
            name = " ".join(w for w in name.split() if w not in _PERCENT_WORDS) or name
            return f"{name} is {percent(value)}", 2.0
        text = format_value(value, ws)
        is_money = _is_money(ws) and math.isfinite(value)
        words = name.split()
        if len(words) > 1 and words[-1] in _UNIT_SUFFIXES and not is_money:
            return f"{' '.join(words[:-1])} is {text} {_UNIT_SUFFIXES[words[-1]]}", 1.0
        plural = name.split()[-1]
        if not is_money and isinstance(value, int) and len(name.split()) <= 2 and re.fullmatch(r"[a-z]+[^s]s", plural):
            text = f"{text} {name}"  # '41 files', '396 undocumented functions'
        else:
            text = f"{name} is {text}"
        if isinstance(partner, int | float):
            text += f" or {percent(partner)}"
        return text, 3.0 * is_money + 2.0 * ("total" in ws) + 1.0 * (partner is not None) + (not is_money)
    text = format_value(value, ws)
    verb = "are" if re.fullmatch(r"[a-z]+[^s]s", name.split()[-1]) else "is"
    if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", value):
        if _words(key) <= _CLOCK_KEYS:
            return f"it is {text}", 2.5  # 'datetime': the time itself, not a field called 'datetime'
        return f"{name} is {text}", 2.5  # a time of day is what a time tool is asked for
    return f"{name} {verb} {text}", 0.5 if len(text.split()) <= 4 else 0.1


def _facts(
    data: dict, context: set[str], list_lengths: set[int], marks: dict[str, set[str]] | None = None
) -> tuple[list[_Fact], list[str]]:
    """Facts from the scalar fields of `data`, and the subjects to name after the tool's label."""
    keys = {str(k): v for k, v in data.items()}
    partners: dict[str, object] = {}
    for k, v in keys.items():
        for suffix in ("_pct", "_percent", "Pct", "Percent"):
            base = k.removesuffix(suffix)
            if base != k and _is_number(v) and _is_number(keys.get(base)) and _is_money(_words(base) | context):
                partners[base] = v
                partners[k] = None
    facts: list[_Fact] = []
    dated: list[_Fact] = []
    subjects: list[str] = []
    for index, (k, v) in enumerate(keys.items()):
        if not _is_scalar(v) or v is None or v == "" or _skip_key(k) or (k in partners and partners[k] is None):
            continue
        ws = _words(k)
        if isinstance(v, str) and ws & _SUBJECT_WORDS and len(v.split()) <= 4 and re.search(r"\w", v) and not subjects:
            subjects.append(f"for {format_value(v)}")
            continue
        zone = re.fullmatch(r"[A-Z][A-Za-z]+(?:/[A-Za-z_+-]+)+", v) if isinstance(v, str) and ws & _ZONE_KEYS else None
        if zone and not subjects:
            subjects.append(f"in {v.rsplit('/', 1)[-1].replace('_', ' ')}")  # 'Asia/Tokyo' said as its city
            continue
        if isinstance(v, int) and not isinstance(v, bool) and ws <= _COUNT_KEYS and v in list_lengths:
            continue  # the list says it: '10 commits'
        text, score = _fact(k, v, context | (marks or {}).get(k, set()), partners.get(k))
        (dated if ws <= _DATE_KEYS else facts).append(_Fact(text, score, index))
    return (facts or dated), subjects


# --- collections (lists and nested objects) --------------------------------------------------------


def _amount(entry: dict, money_context: bool) -> str | None:
    """The entry's most telling amount, formatted ('$37,019'), if it has one.

    `money_context`: the surrounding result is about money, so plain numbers count as amounts too.
    """
    amounts = []
    for k, v in entry.items():
        ws = _words(str(k))
        if _is_number(v) and not ws & _NOT_MONEY_WORDS and (_is_money(ws) or money_context):
            amounts.append((ws, v))
    if not amounts:
        return None

    def preference(item: tuple[set[str], object]) -> int:
        return next((i for i, w in enumerate(_MONEY_PREFERENCE) if w in item[0]), len(_MONEY_PREFERENCE))

    ws, v = min(amounts, key=preference)
    return format_value(v, ws | {"$"})


def _entry_label(entry: dict) -> str | None:
    named = [entry[k] for k in _LABEL_KEYS if isinstance(entry.get(k), str | int) and str(entry.get(k)).strip()]
    named = named or [v for v in entry.values() if isinstance(v, str) and v.strip()]
    if not named:
        return None
    texty = any(isinstance(entry.get(k), str) and entry.get(k) == named[0] for k in _TEXT_LABEL_KEYS)
    label = _clip_words(format_value(named[0]), _MAX_TEXT_ENTRY_WORDS if texty else _MAX_ENTRY_WORDS)
    action = next((entry[k] for k in _ACTION_KEYS if isinstance(entry.get(k), str)), None)
    return f"{action} {label}" if action else label


@dataclass(frozen=True)
class _Entry:
    label: str
    """What the entry is ('VTI', 'buy bonds', 'January 2025')."""
    amount: str | None
    """Its most telling figure ('$37,019', '78.3%'), if any."""
    joiner: str
    """Between label and amount: ' at ' for list entries, ' ' for named fields."""

    def text(self, with_amount: bool) -> str:
        if self.amount is None or not with_amount:
            return self.label
        return f"{self.label}{self.joiner}{self.amount}" if self.label else self.amount


def _list_entries(values: list, context: set[str]) -> list[_Entry]:
    entries = []
    for v in values:
        if isinstance(v, dict):
            label, amount = _entry_label(v), _amount(v, "$" in context)
            measure = _ranked_measure(v, context) if amount is None else None
            if measure is not None:
                entries.append(_Entry(label or "", measure, " with "))
                continue
            if label is None and amount is None:
                first = next(((k, x) for k, x in v.items() if _is_scalar(x) and x is not None), None)
                label = f"{readable(str(first[0]))} {format_value(first[1])}" if first else f"{len(v)} fields"
            entries.append(_Entry(label or "", amount, " at "))
        elif isinstance(v, list):
            entries.append(_Entry(f"{len(v)} values", None, ""))
        else:
            entries.append(_Entry(_clip_words(format_value(v, context), _MAX_ENTRY_WORDS), None, ""))
    return entries


def _ranked_measure(entry: dict, list_words: set[str]) -> str | None:
    """The figure a ranked list is ranked by ('complexity 58' in 'most_complex'), if an entry has it."""
    for k, v in entry.items():
        if not _is_number(v) or isinstance(v, bool):
            continue
        if any(len(w) >= 5 and len(lw) >= 5 and w[:6] == lw[:6] for w in _words(str(k)) for lw in list_words):
            return f"{readable(str(k))} {format_value(v, _words(str(k)))}"
    return None


def _dict_entries(values: dict, context: set[str]) -> list[_Entry]:
    numeric = [v for v in values.values() if _is_number(v)]
    if numeric and len(numeric) == len(values) and 99.0 <= sum(numeric) <= 101.0:
        context = (context - {"$"}) | {"%"}  # shares of a whole, like an allocation
    elif context & _MONEY_WORDS and not context & _NOT_MONEY_WORDS:
        context = context | {"$"}
    entries = []
    for k, v in values.items():
        label = readable(str(k))
        if _is_scalar(v):
            said = format_value(v, _words(str(k)) | context) if v is not None else "none"
            entries.append(_Entry(label, said, " "))
        elif isinstance(v, dict):
            amount = _amount(v, "$" in context)
            numbers = [x for x in v.values() if _is_number(x)]
            if amount is None and len(v) == 1 and numbers:
                amount = format_value(numbers[0], _words(str(next(iter(v)))) | context)
            entries.append(_Entry(label, amount, " "))
        else:
            entries.append(_Entry(label, f"{len(v)} items", ", "))
    return entries


@dataclass(frozen=True)
class _Collection:
    name: str
    """Spoken name of the field ('top holdings'), '' for a top-level list."""
    entries: list[_Entry]
    score: float
    index: int


def _collections(data: dict, context: set[str], said: str) -> list[_Collection]:
    found = []
    for index, (k, v) in enumerate(data.items()):
        if not v or not isinstance(v, list | dict):
            continue
        ws = _words(str(k)) | context
        entries = _list_entries(v, ws) if isinstance(v, list) else _dict_entries(v, ws)
        if len(entries) == 1 and entries[0].amount and entries[0].amount in said:
            continue  # repeats a fact ('total by category: groceries $3,103' after 'total is $3,103')
        has_amounts = any(e.amount for e in entries)
        dates = all(re.fullmatch(r"[A-Z][a-z]+ \d{4}", e.label) for e in entries) and not has_amounts
        sentences = all(len(e.label.split()) >= _MAX_ENTRY_WORDS for e in entries)
        score = 2.0 * bool(_words(str(k)) & _ANSWER_LIST_WORDS) + has_amounts - dates - sentences
        found.append(_Collection(readable(str(k)), entries, score, index))
    return sorted(found, key=lambda c: (-c.score, c.index))


def _list_sentence(name: str, entries: list[_Entry], budget: float | None) -> str | None:
    """'Top holdings: VTI at $37,019, MSFT at $13,018 and AAPL at $10,922', or with fewer entries or
    without amounts when that does not fit `budget` spoken words (None: nothing fits).

    With a budget (the list follows other facts) a list of several entries shows at least two; names
    alone stand in for entries with amounts only when they are names of things, not dates or fields.
    """
    count = len(entries)
    unique = list({e.text(True): e for e in entries}.values())
    if budget is None and any(len(e.label.split()) > _MAX_ENTRY_WORDS for e in unique):
        budget = SPOKEN_BUDGET - spoken_words(name)  # long texts: fewer of them rather than a minute of speech
    names_say_enough = all(e.joiner == " at " and not re.fullmatch(r"[A-Z][a-z]+ \d{4}", e.label) for e in unique)
    least = 1 if budget is None or len(unique) == 1 else 2
    for with_amount, k in ((True, 3), (True, 2), (False, 3), (False, 2), (True, 1), (False, 1)):
        shown = unique[: min(k, _MAX_ENTRIES)]
        if len(shown) < min(k, len(unique)) or len(shown) < least:
            continue
        if not with_amount and (not any(e.amount for e in shown) or not names_say_enough):
            continue
        listed = _join([e.text(with_amount) for e in shown])
        ranking = bool(set(name.lower().split()[:1]) & _RANKING_WORDS)
        if count > len(shown) and not ranking:
            plural = name and " " not in name and name.endswith("s")
            head = f"{count} {name}" if plural else f"{name}: {count}" if name else f"{count} results"
            text = f"{head}, including {listed}"
        else:
            text = f"{name}: {listed}" if name else listed
        if budget is None or spoken_words(text) <= budget:
            return text
    return None


# --- answers ---------------------------------------------------------------------------------------


def _error_message(data: dict) -> str | None:
    if "error" not in data or data["error"] in (None, False, "", {}):
        return None
    error = data["error"]
    message = data.get("message")
    if isinstance(error, dict):
        message = message or error.get("message")
        error = error.get("type") or error.get("code") or ""
    text = message if isinstance(message, str) and message.strip() else error
    if text is True or not str(text).strip():
        return "no details were given"
    # MCP servers prefix the message with the tool's name, which the apology already says.
    text = re.sub(r"^Error executing tool \S+:\s*", "", " ".join(str(text).split()))
    ws = text.split()
    return " ".join(ws[:_MAX_MESSAGE_WORDS]) if len(ws) > _MAX_MESSAGE_WORDS else text


def apology(name: str, message: str) -> str:
    """'Sorry, the git log tool failed: <message>.'"""
    tool = f"the {' '.join(split_identifier(name))} tool" if split_identifier(name) else "the tool"
    return _sentence(f"Sorry, {tool} failed: {message.rstrip('.')}")


_SINGLE_CURRENCY_KEYS = {"currency", "currency_code", "ccy", "currency_symbol"}
_SOURCE_CURRENCY_KEYS = {"from", "from_currency", "source", "source_currency", "base", "base_currency", "sell"}
_TARGET_CURRENCY_KEYS = {"to", "to_currency", "target", "target_currency", "quote", "quote_currency", "buy"}
_TARGET_AMOUNT_WORDS = {"converted", "result", "target", "to", "output", "final", "received", "receive"}


def _currency_fields(data: dict) -> dict[str, str]:
    """The currencies an output names by code: {'*': code} for one currency, {'source': ..., 'target': ...} for a
    conversion ('from': 'GBP', 'to': 'JPY')."""
    found: dict[str, str] = {}
    for key, value in data.items():
        code = currencies.code_of(value) if isinstance(value, str) and len(value) <= 30 else None
        if not code:
            continue
        k = str(key).lower()
        role = "*" if k in _SINGLE_CURRENCY_KEYS else "source" if k in _SOURCE_CURRENCY_KEYS else "target"
        if role != "target" or k in _TARGET_CURRENCY_KEYS:
            found.setdefault(role, code)
    return found


def _money_marks(data: dict, context: set[str]) -> tuple[dict[str, set[str]], set[str]]:
    """Per key, the currency mark its amount takes ('converted_amount' → the target currency), and the keys
    that only name a currency (said through the amounts, not as facts)."""
    fields = _currency_fields(data)
    if not fields:
        return {}, set()
    marks: dict[str, set[str]] = {}
    for key in data:
        ws = _words(str(key))
        code = fields.get("target") if ws & _TARGET_AMOUNT_WORDS else fields.get("source")
        code = code or fields.get("*") or fields.get("target")
        if code:
            marks[str(key)] = {CURRENCY_MARK + code}
    named = {str(k) for k, v in data.items() if isinstance(v, str) and currencies.code_of(v)
             and str(k).lower() in _SINGLE_CURRENCY_KEYS | _SOURCE_CURRENCY_KEYS | _TARGET_CURRENCY_KEYS}  # fmt: skip
    return marks, named


_UNIT_KEY_WORDS = {"unit", "units", "uom"}
_SOURCE_WORDS = {"from", "source", "input", "original", "base"}
_UNITLESS_WORDS = {"rate", "factor", "ratio", "multiplier", "count", "number", "num", "percent", "pct", "percentage"}


def _with_units(data: dict) -> tuple[dict, set[str]]:
    """`data` with its amounts said in the units the output names ('value': 26 and 'from_unit': 'mi' → '26 mi'),
    not as money; and the keys that only name a unit (said through the amounts). Amounts of a conversion's result
    take the target unit, the others the source unit."""
    found: dict[str, str] = {}
    for key, value in data.items():
        ws = _words(str(key))
        if isinstance(value, str) and ws & _UNIT_KEY_WORDS and len(value) <= 30 and units.unit(value) is not None:
            role = "source" if ws & _SOURCE_WORDS else "target" if ws & _TARGET_AMOUNT_WORDS else "*"
            found.setdefault(role, value)
    if not found:
        return data, set()
    out: dict = {}
    for key, value in data.items():
        ws = _words(str(key))
        if isinstance(value, int | float) and not isinstance(value, bool) and not ws & _UNITLESS_WORDS:
            role = "target" if ws & _TARGET_AMOUNT_WORDS else "source"
            said = found.get(role) or found.get("*") or found.get("target") or found.get("source")
            value = f"{format_value(value)} {said}"
        out[key] = value
    named = {str(k) for k, v in data.items() if _words(str(k)) & _UNIT_KEY_WORDS and v in found.values()}
    return out, named


_AMOUNT_KEYS = {"amount", "value", "price", "total", "sum", "quantity", "magnitude"}


def _figure_objects(data: dict) -> dict:
    """`data` with each figure given as an object of an amount and its currency or unit ('price': {'amount': 9.99,
    'currency': 'INR'}, 'output': {'value': 6.61, 'unit': 'lb'}) said as one figure ('₹9.99', '6.61 lb'), not as a
    list of its fields."""
    out = dict(data)
    for key, value in data.items():
        if not isinstance(value, dict) or not 2 <= len(value) <= 3:
            continue
        amounts = [v for k, v in value.items() if str(k).lower() in _AMOUNT_KEYS and _is_number(v)]
        code = _currency_fields(value).get("*")
        measured, unit_keys = _with_units(value)
        if len(amounts) == 1 and code:
            out[key] = currencies.amount(amounts[0], code)
        elif len(amounts) == 1 and unit_keys:
            out[key] = next(v for k, v in measured.items() if str(k).lower() in _AMOUNT_KEYS)
    return out


def _phrase_dict(label: str, data: dict, context: set[str]) -> list[str]:
    data = _figure_objects(data)
    data, unit_keys = _with_units(data)
    data = {k: v for k, v in data.items() if str(k) not in unit_keys}
    lengths = {len(v) for v in data.values() if isinstance(v, list) and v}
    marks, named = _money_marks(data, context)
    if marks:  # amounts in the output's own currency, never an invented dollar sign
        context = (context - {"$"}) | (
            next(iter(marks.values())) if len(set(map(frozenset, marks.values()))) == 1 else set()
        )
    facts, subjects = _facts({k: v for k, v in data.items() if str(k) not in named}, context, lengths, marks)
    if subjects:
        label = f"{label} {subjects[0]}"
    empty = [readable(str(k)) for k, v in data.items() if v in ([], {})]
    if empty:
        facts.append(_Fact("no " + _join(empty, " or "), 0.2, len(data)))
    facts = sorted(facts, key=lambda f: (-f.score, f.index))

    chosen: list[str] = []
    for f in facts[:_MAX_FACTS]:
        clause = ", ".join([*chosen, f.text])
        strong = len(chosen) == 1 and f.score >= 3  # a second amount of money is worth a longer opening
        if chosen and spoken_words(clause) + spoken_words(label) > _HEAD_BUDGET and not strong:
            break
        if chosen and f.score < 1 <= facts[0].score and len(facts) > _MAX_FACTS:
            break  # labels and flags only when there is nothing weightier to say, or little else
        chosen.append(f.text)
    head = f"{label}: {_join(chosen)}" if chosen else ""

    collections = _collections(data, context, head)
    listing = None
    if collections:
        best = collections[0]
        remaining = SPOKEN_BUDGET - spoken_words(head) if head else None
        listing = _list_sentence(best.name, best.entries, remaining)
        if listing is not None and not head:
            listing = f"{label}: {listing}"
    sentences = [s for s in (head, listing) if s]
    if not sentences:
        sentences = [f"{label}: no data" if not data else f"{label}: {_join([readable(str(k)) for k in data][:3])}"]
    return [_sentence(s) for s in sentences]


def phrase_output(name: str, output: object) -> list[str]:
    """Sentences (at most two) for one tool output (the string a `function_call_output` item carries)."""
    label = tool_label(name) if name else "The tool"
    context = {"$"} if _words(name) & _MONEY_TOOL_WORDS else set()
    text = output if isinstance(output, str) else json.dumps(output, default=str)
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        data = text
    if isinstance(data, dict):
        if len(data) == 1 and str(next(iter(data))) in _WRAPPER_KEYS and not _is_scalar(next(iter(data.values()))):
            data = next(iter(data.values()))
    if isinstance(data, dict):
        error = _error_message(data)
        if error is not None:
            return [apology(name, error)]
        return _phrase_dict(label, data, context)
    if isinstance(data, list):
        if not data:
            return [_sentence(f"{label}: no results")]
        listing = _list_sentence("", _list_entries(data, context), SPOKEN_BUDGET - spoken_words(label))
        return [_sentence(f"{label}: {listing or len(data)}")]
    if not isinstance(data, str):
        return [_sentence(f"{label}: {format_value(data)}")]
    lines = [" ".join(line.split()) for line in data.splitlines() if line.strip()]
    if not lines:
        return [_sentence(f"{label} returned nothing")]
    first = _clip_words(lines[0], _MAX_TEXT_WORDS) or lines[0][:80]
    if len(lines) == 1:
        return [_sentence(f"{label}: {first}")]
    return [_sentence(f"{label} returned {len(lines)} lines"), _sentence(f"The first is: {first}")]


def phrase_outputs(results: Sequence[tuple[str, object]], max_sentences: int = MAX_SENTENCES) -> str:
    """One short answer for the outputs of the calls made for the current request.

    `results` holds (tool name, output) pairs in call order; every output gets its first sentence,
    then second sentences are added while the budget of `max_sentences` lasts.
    """
    per_output = [phrase_output(name, output) for name, output in results]
    if not per_output:
        return "I have no results to report."
    budget = max(max_sentences, len(per_output))
    chosen = [s[:1] for s in per_output]
    used = sum(len(c) for c in chosen)
    for k, sentences in enumerate(per_output):
        for s in sentences[1:]:
            if used < budget:
                chosen[k].append(s)
                used += 1
    return " ".join(s for group in chosen for s in group if s)
