"""Short, speakable sentences from tool outputs, for the local server's rule-based responder.

Outputs are parsed as JSON when possible. Top-level scalars become "name is value" clauses (money
as dollars, percentages with %), lists are summarised by count and their first few entries, nested
objects are flattened one level, and error objects become an apology naming the tool. Sentences are
kept short because they are synthesized to speech.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence

from rtkit.local.routing import split_identifier

MAX_SENTENCES = 3
_MAX_CLAUSES = 4
_MAX_ENTRIES = 3
_MAX_LISTS = 2
_MAX_TEXT = 160

_MONEY_WORDS = {
    "value", "amount", "total", "price", "cost", "income", "spent", "spending", "spend", "balance", "cash",
    "budget", "expense", "expenses", "payment", "savings", "fee", "fees", "usd", "dollars", "salary", "gain",
    "gains", "loss", "losses", "profit", "worth", "basis", "proceeds",
}  # fmt: skip
# Preferred amount of an entry that has several ('value' of a holding rather than its 'price').
_MONEY_PREFERENCE = ("value", "amount", "total", "spent", "balance")
_NOT_MONEY_WORDS = {
    "count", "number", "num", "qty", "quantity", "shares", "units", "items", "transactions", "files", "lines",
    "commits", "pct", "percent", "percentage", "ratio", "rate", "weight", "id", "days", "months", "years",
    "year", "month", "day", "date", "positions", "holdings", "accounts", "version",
}  # fmt: skip
# Tools about these make their unlabelled numbers ('needs', 'wants' of a budget plan) amounts of money.
_MONEY_TOOL_WORDS = {"budget", "spending", "spend", "expense", "expenses", "income"}
# Keys that date a result; only spoken when there is nothing else to say.
_DATE_KEYS = {"as", "of", "date", "time", "timestamp", "updated", "created", "generated", "at"}
_PERCENT_WORDS = {"pct", "percent", "percentage"}
_LABEL_KEYS = (
    "name", "symbol", "ticker", "title", "label", "merchant", "payee", "description", "subject", "path", "file",
    "message", "text", "category", "asset_class", "summary", "id",
)  # fmt: skip
_MAX_LABEL = 40
_WRAPPER_KEYS = {"result", "results", "data", "output", "content"}
_VERBS = {"get", "fetch", "list", "show", "read", "compute", "calculate", "find"}


def readable(key: str) -> str:
    """'total_value_usd' → 'total value', 'dayChangePct' → 'day change pct' ('2025-01' stays)."""
    if re.fullmatch(r"\d{4}-\d{2}(?:-\d{2})?", key):
        return key
    ws = [w for w in split_identifier(key) if w != "usd"]
    return " ".join(ws) if ws else key


def tool_label(name: str) -> str:
    """'get_portfolio_summary' → 'Portfolio summary' (a heading for its results)."""
    ws = split_identifier(name)
    if len(ws) > 1 and ws[0] in _VERBS:
        ws = ws[1:]
    text = " ".join(ws) or "The tool"
    return text[0].upper() + text[1:]


def _is_money(key_words: set[str]) -> bool:
    return bool(key_words & (_MONEY_WORDS | {"$"})) and not key_words & _NOT_MONEY_WORDS


def _number(value: int | float) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"  # int() of a finite float is safe; ints format exactly


def format_value(value: object, key_words: set[str] = frozenset()) -> str:
    """A scalar as it should be spoken, using the key's words to spot money and percentages.

    `key_words` may include "$" (the surrounding result is about money) or "%" (a share of 100).
    """
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        if key_words & (_PERCENT_WORDS | {"%"}):
            return f"{_number(value)}%"
        if _is_money(key_words) and math.isfinite(value):
            sign = "-" if value < 0 else ""
            amount = abs(value)
            text = f"{amount:,}" if isinstance(amount, int) else f"{amount:,.2f}".removesuffix(".00")
            return f"{sign}${text}"
        return _number(value)
    if value is None:
        return "none"
    lines = [line for line in str(value).splitlines() if line.strip()]
    if len(lines) > 2:  # a listing or a file; read out its size, not its text
        return f"{len(lines)} lines"
    text = " ".join(str(value).split())
    if re.fullmatch(r"[a-z]+(?:_[a-z]+)+", text):  # an identifier such as 'intl_stocks', said as words
        text = text.replace("_", " ")
    return text if len(text) <= 60 else text[:57].rstrip() + "..."


def _words(key: str) -> set[str]:
    return set(split_identifier(key))


def _clause(key: str, value: object, context: set[str], joiner: str = " is ", taken: set[str] = frozenset()) -> str:
    """'total value is $125,430.50', 'day change is 0.8%' (the % says 'percent', unless that would make the
    name the same as one in `taken`)."""
    ws = _words(key) | context
    name = readable(key)
    if isinstance(value, int | float) and not isinstance(value, bool) and ws & _PERCENT_WORDS:
        short = " ".join(w for w in name.split() if w not in _PERCENT_WORDS)
        name = (
            short
            if short and short not in taken
            else " ".join("percent" if w in _PERCENT_WORDS else w for w in name.split())
        )
    return f"{name}{joiner}{format_value(value, ws)}"


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _skip_key(key: str) -> bool:
    ws = _words(key)
    return not ws or ws <= {"id", "uuid"} or (len(ws) > 1 and "id" in ws)


def _short(text: str) -> str:
    return text if len(text) <= _MAX_LABEL else text[: _MAX_LABEL - 3].rstrip() + "..."


def _amount(entry: dict, money: bool) -> str | None:
    """The entry's most telling amount of money, formatted ('$37,018.80'), if it has one.

    `money`: the surrounding result is about money, so plain numbers count as amounts too.
    """
    amounts = []
    for k, v in entry.items():
        ws = _words(str(k))
        if isinstance(v, int | float) and not isinstance(v, bool) and not ws & _NOT_MONEY_WORDS:
            if _is_money(ws) or money:
                amounts.append((ws, v))
    if not amounts:
        return None

    def preference(item: tuple[set[str], object]) -> int:
        return next((i for i, w in enumerate(_MONEY_PREFERENCE) if w in item[0]), len(_MONEY_PREFERENCE))

    ws, v = min(amounts, key=preference)
    return format_value(v, ws | {"$"})


def _entry_label(entry: object, context: set[str]) -> str:
    """'VTI at $37,018.80' for a holding, the value itself for a scalar entry."""
    if _is_scalar(entry):
        return _short(format_value(entry, context))
    if not isinstance(entry, dict):
        return f"{len(entry)} values" if isinstance(entry, list) else str(entry)
    named = [str(entry[k]) for k in _LABEL_KEYS if _is_scalar(entry.get(k)) and entry.get(k) not in (None, "")]
    others = [v for v in entry.values() if isinstance(v, str) and v.strip()]
    label = next((x for x in named if len(x) <= _MAX_LABEL), named[0] if named else others[0] if others else None)
    amount = _amount(entry, "$" in context)
    parts = [_short(format_value(label))] if label is not None else []
    if amount is not None:
        parts.append(("at " if parts else "") + amount)
    if parts:
        return " ".join(parts)
    first = next(((k, v) for k, v in entry.items() if _is_scalar(v) and v is not None), None)
    return _clause(str(first[0]), first[1], set(), " ") if first else f"{len(entry)} fields"


def _list_clause(key: str, values: list, context: set[str] = frozenset()) -> str:
    name = readable(key) if key else "results"
    if not values:
        return f"no {name}"
    count = len(values)
    noun = "item" if count == 1 else "items"
    entries: list[str] = []
    for v in values:
        label = _entry_label(v, context | _words(key))
        if label not in entries:
            entries.append(label)
        if len(entries) == _MAX_ENTRIES:
            break
    more = "including" if count > len(entries) else "namely"
    return f"{name}: {count} {noun}, {more} {_join(entries)}"


def _dict_clause(key: str, values: dict, context: set[str]) -> str:
    parent = _words(key) | context
    numeric = [v for v in values.values() if isinstance(v, int | float) and not isinstance(v, bool)]
    if numeric and len(numeric) == len(values) and 99.0 <= sum(numeric) <= 101.0:
        parent = (parent - {"$"}) | {"%"}  # shares of a whole, like an allocation
    elif parent & _MONEY_WORDS and not parent & _NOT_MONEY_WORDS:
        parent = parent | {"$"}
    parts = []
    for k, v in list(values.items())[:_MAX_CLAUSES]:
        if _is_scalar(v):
            parts.append(_clause(str(k), v, parent if "%" in parent or "$" in parent else context, " "))
        elif isinstance(v, list):
            parts.append(f"{readable(str(k))} {len(v)} items")
        elif isinstance(v, dict):
            amount = _amount(v, "$" in parent)
            numbers = [x for x in v.values() if isinstance(x, int | float) and not isinstance(x, bool)]
            if amount is None and len(numbers) == 1 and len(v) == 1:
                inner_key = next(iter(v))
                amount = format_value(numbers[0], _words(str(inner_key)) | context)
            parts.append(f"{readable(str(k))} {amount}" if amount else f"{readable(str(k))} with {len(v)} entries")
    more = len(values) - _MAX_CLAUSES
    if more > 0:
        parts.append(f"{more} more")
    return f"{readable(key)}: {_join(parts) if parts else 'empty'}"


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


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
    return format_value(str(text)) if len(str(text)) <= 60 else " ".join(str(text).split())[:_MAX_TEXT]


def apology(name: str, message: str) -> str:
    tool = f"the {' '.join(split_identifier(name))} tool" if split_identifier(name) else "the tool"
    return _sentence(f"Sorry, {tool} failed: {message.rstrip('.')}")


def _phrase_dict(label: str, data: dict, context: set[str]) -> list[str]:
    scalars = [(k, v) for k, v in data.items() if _is_scalar(v) and v is not None and not _skip_key(str(k))]
    dated = [(k, v) for k, v in scalars if _words(str(k)) <= _DATE_KEYS]
    scalars = [kv for kv in scalars if kv not in dated] or dated
    lists = sorted(((k, v) for k, v in data.items() if isinstance(v, list)), key=lambda kv: not kv[1])
    dicts = [(k, v) for k, v in data.items() if isinstance(v, dict)]

    def priority(item: tuple[int, tuple[str, object]]) -> tuple[int, int]:
        index, (k, v) = item
        ws = _words(str(k))
        rank = 2 * _is_money(ws) + 2 * ("total" in ws) + isinstance(v, int | float) - isinstance(v, bool)
        return (-rank, index)

    chosen = sorted(sorted(enumerate(scalars), key=priority)[:_MAX_CLAUSES])
    sentences = []
    if chosen:
        taken = {readable(str(k)) for _, (k, _v) in chosen}
        clauses = [_clause(str(k), v, context, taken=taken) for _, (k, v) in chosen]
        sentences.append(f"{label}: {_join(clauses)}")
    if lists:
        clauses = [_list_clause(str(k), v, context) for k, v in lists[:_MAX_LISTS]]
        sentences.append("; ".join(clauses))
    for k, v in dicts[:2]:
        sentences.append(_dict_clause(str(k), v, context))
    if not sentences:
        sentences.append(f"{label}: no data" if not data else f"{label}: {_join([readable(str(k)) for k in data])}")
    elif not chosen:
        sentences[0] = f"{label}. {_sentence(sentences[0])}"
    return [_sentence(s) for s in sentences]


def phrase_output(name: str, output: object) -> list[str]:
    """Sentences for one tool output (the string a `function_call_output` item carries)."""
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
        return [_sentence(f"{label}: {_list_clause('', data, context).removeprefix('results: ')}")]
    if not isinstance(data, str):
        return [_sentence(f"{label}: {format_value(data)}")]
    lines = [" ".join(line.split()) for line in data.splitlines() if line.strip()]
    if not lines:
        return [_sentence(f"{label} returned nothing")]
    first = lines[0] if len(lines[0]) <= _MAX_TEXT else lines[0][: _MAX_TEXT - 3].rstrip() + "..."
    if len(lines) == 1:
        return [_sentence(f"{label}: {first}")]
    return [_sentence(f"{label} returned {len(lines)} lines"), _sentence(f"The first is: {first}")]


def phrase_outputs(results: Sequence[tuple[str, object]], max_sentences: int = MAX_SENTENCES) -> str:
    """One short answer for the outputs of the calls made for the current request.

    `results` holds (tool name, output) pairs in call order; every output gets at least its first
    sentence, then further sentences are added while the budget lasts.
    """
    per_output = [phrase_output(name, output) for name, output in results]
    if not per_output:
        return "I have no results to report."
    budget = max(max_sentences, len(per_output))
    chosen = [s[:1] for s in per_output]
    used = sum(len(c) for c in chosen)
    depth = 1
    while used < budget and any(len(s) > depth for s in per_output):
        for k, sentences in enumerate(per_output):
            if used < budget and len(sentences) > depth:
                chosen[k].append(sentences[depth])
                used += 1
        depth += 1
    return " ".join(s for group in chosen for s in group if s)
