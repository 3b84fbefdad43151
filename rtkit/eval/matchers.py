"""Matchers: does a value (a tool-call argument, an answer) meet an expectation? Pure functions over JSON values.

An expectation is written as plain data (YAML or JSON):

- a literal (``"groceries"``, ``4000``, ``[1, 2]``): equal to it; strings after Unicode NFC normalisation,
  numbers by value (``4000 == 4000.0``, never the string ``"4000"``), lists item by item in order;
- an object with no matcher key (``{city: Paris}``): an object whose listed keys match (other keys allowed),
  nested to any depth;
- ``{eq: V}``: equal to ``V`` (for a literal object that has a matcher key); ``ignore_case: true`` for strings;
- ``{one_of: [A, B]}``: matches any of the alternatives (literals or matchers);
- ``{approx: N, tol: T}``: a number within ``T`` of ``N`` (``tol`` default 0); numeric strings (``"4,000"``,
  ``"$4000"``) count;
- ``{regex: P}``: a string or number in which ``P`` is found (``re.search``); ``ignore_case: true``;
- ``{contains: S}``: a string holding ``S`` (case-insensitive unless ``ignore_case: false``), or a list holding an
  item equal to ``S``; ``{not_contains: S}``: not so;
- ``{any: true}``: present, whatever its value; ``{absent: true}``: not there (a missing key, or null).

:func:`match` returns an :class:`Outcome` whose ``reason`` names the field, what was expected and what it got.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MATCHER_KINDS = ("eq", "one_of", "approx", "regex", "contains", "not_contains", "any", "absent")
"""Keys that make an object a matcher rather than a nested object."""
OPTIONS = ("tol", "ignore_case")


class _Missing:
    """The value of a key that is not there (distinct from JSON null)."""

    def __repr__(self) -> str:
        return "<missing>"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Outcome:
    """Result of one match."""

    passed: bool
    reason: str = ""
    """Empty when passed; otherwise ``field: expected …, got …``."""


PASS = Outcome(True)


def show(value: Any, limit: int = 120) -> str:
    """A value as it appears in reasons and tables: JSON, cut to ``limit`` characters."""
    if value is MISSING:
        return "nothing"
    text = json.dumps(value, ensure_ascii=False, default=str) if not isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(spec: Any) -> str:
    """What a matcher expects, in words (for the ``expected`` column)."""
    if not is_matcher(spec):
        if isinstance(spec, Mapping):
            return "{" + ", ".join(f"{k}: {describe(v)}" for k, v in spec.items()) + "}"
        return show(spec)
    kind = _kind(spec)
    arg = spec[kind]
    if kind == "one_of":
        return "one of " + " | ".join(describe(a) for a in arg)
    if kind == "approx":
        return f"{arg} ± {spec.get('tol', 0)}"
    if kind in ("any", "absent"):
        return "any value" if kind == "any" else "absent"
    return f"{kind.replace('_', ' ')} {show(arg)}"


def is_matcher(spec: Any) -> bool:
    return isinstance(spec, Mapping) and any(k in spec for k in MATCHER_KINDS)


def _kind(spec: Mapping[str, Any]) -> str:
    return next(k for k in MATCHER_KINDS if k in spec)


def check_spec(spec: Any, where: str) -> None:
    """Raise ``ValueError`` naming ``where`` when ``spec`` is not a valid expectation."""
    if isinstance(spec, Mapping) and is_matcher(spec):
        kinds = [k for k in MATCHER_KINDS if k in spec]
        if len(kinds) > 1:
            raise ValueError(f"{where}: one matcher per value, got {', '.join(kinds)}")
        kind = kinds[0]
        extra = [k for k in spec if k != kind and k not in OPTIONS]
        if extra:
            raise ValueError(
                f"{where}: unknown matcher option(s) {', '.join(map(str, extra))} (options: tol, ignore_case)"
            )
        arg = spec[kind]
        if kind == "one_of":
            if not isinstance(arg, list) or not arg:
                raise ValueError(f"{where}.one_of: expected a non-empty list of alternatives")
            for i, alt in enumerate(arg):
                check_spec(alt, f"{where}.one_of[{i}]")
        elif kind == "approx":
            if _number(arg) is None:
                raise ValueError(f"{where}.approx: expected a number, got {show(arg)}")
            tol = spec.get("tol", 0)
            if _number(tol) is None or float(tol) < 0:
                raise ValueError(f"{where}.tol: expected a number >= 0, got {show(tol)}")
        elif kind == "regex":
            if not isinstance(arg, str):
                raise ValueError(f"{where}.regex: expected a pattern string, got {show(arg)}")
            try:
                re.compile(arg)
            except re.error as exc:
                raise ValueError(f"{where}.regex: {arg!r} is not a valid regular expression ({exc})") from None
        elif kind in ("any", "absent") and arg is not True:
            raise ValueError(f"{where}.{kind}: write {kind}: true")
        if "ignore_case" in spec and not isinstance(spec["ignore_case"], bool):
            raise ValueError(f"{where}.ignore_case: expected true or false")
    elif isinstance(spec, Mapping):
        for k, v in spec.items():
            check_spec(v, f"{where}.{k}")
    elif isinstance(spec, list):
        for i, v in enumerate(spec):
            check_spec(v, f"{where}[{i}]")
    elif not (spec is None or isinstance(spec, str | int | float | bool)):
        raise ValueError(f"{where}: {type(spec).__name__} is not a JSON value")


def match(spec: Any, value: Any, field: str = "value") -> Outcome:
    """Whether ``value`` meets ``spec``; ``field`` names the value in the reason (``arguments.city``)."""
    if is_matcher(spec):
        return _matcher(spec, value, field)
    if isinstance(spec, Mapping):
        if value is MISSING or not isinstance(value, Mapping):
            return _fail(field, "an object", value)
        for key, sub in spec.items():
            out = match(sub, value.get(key, MISSING), f"{field}.{key}")
            if not out.passed:
                return out
        return PASS
    return _equal(spec, value, field, ignore_case=False)


def _matcher(spec: Mapping[str, Any], value: Any, field: str) -> Outcome:
    kind = _kind(spec)
    arg = spec[kind]
    if kind == "absent":
        return PASS if value is MISSING or value is None else _fail(field, "absent", value)
    if value is MISSING:
        return _fail(field, describe(spec), value)
    if kind == "any":
        return PASS
    if kind == "eq":
        return _equal(arg, value, field, ignore_case=bool(spec.get("ignore_case", False)))
    if kind == "one_of":
        if any(match(alt, value, field).passed for alt in arg):
            return PASS
        return _fail(field, describe(spec), value)
    if kind == "approx":
        got = _number(value)
        if got is not None and abs(got - float(arg)) <= float(spec.get("tol", 0)) + 1e-9:
            return PASS
        return _fail(field, describe(spec), value)
    if kind == "regex":
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            flags = re.IGNORECASE if spec.get("ignore_case") else 0
            if re.search(_nfc(arg), _nfc(str(value)), flags):
                return PASS
        return _fail(field, describe(spec), value)
    held = _holds(value, arg, ignore_case=bool(spec.get("ignore_case", True)))
    if held == (kind == "contains"):
        return PASS
    return _fail(field, describe(spec), value)


def _holds(value: Any, part: Any, ignore_case: bool) -> bool:
    if isinstance(value, str):
        a, b = _nfc(value), _nfc(str(part))
        return (b.casefold() in a.casefold()) if ignore_case else (b in a)
    if isinstance(value, list):
        return any(_equal(part, v, "", ignore_case).passed for v in value)
    return False


def _equal(expected: Any, value: Any, field: str, ignore_case: bool) -> Outcome:
    if value is MISSING:
        return _fail(field, show(expected), value)
    if isinstance(expected, bool) or isinstance(value, bool):
        ok = type(expected) is type(value) and expected == value
        return PASS if ok else _fail(field, show(expected), value)
    if isinstance(expected, int | float):
        if isinstance(value, int | float) and math.isclose(float(expected), float(value), rel_tol=0, abs_tol=1e-9):
            return PASS
        if isinstance(value, str) and _number(value) is not None:
            return _fail(field, f"the number {show(expected)}", value, note=" (a string, not a number)")
        return _fail(field, show(expected), value)
    if isinstance(expected, str):
        if isinstance(value, str):
            a, b = _nfc(expected), _nfc(value)
            if a == b or (ignore_case and a.casefold() == b.casefold()):
                return PASS
        return _fail(field, show(expected), value)
    if isinstance(expected, list):
        if not isinstance(value, list):
            return _fail(field, "a list", value)
        if len(value) != len(expected):
            return _fail(field, f"{len(expected)} item(s) {show(expected)}", value)
        for i, (e, v) in enumerate(zip(expected, value, strict=True)):
            out = match(e, v, f"{field}[{i}]")
            if not out.passed:
                return out
        return PASS
    if isinstance(expected, Mapping):  # {eq: {...}}: the whole object, no other keys
        if not isinstance(value, Mapping) or set(value) != set(expected):
            return _fail(field, show(expected), value)
        for k in expected:
            out = _equal(expected[k], value[k], f"{field}.{k}", ignore_case)
            if not out.passed:
                return out
        return PASS
    return PASS if expected == value else _fail(field, show(expected), value)


def _fail(field: str, expected: str, value: Any, note: str = "") -> Outcome:
    return Outcome(False, f"{field}: expected {expected}, got {show(value)}{note}")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


_NUMERIC = re.compile(r"^[-+]?\$?\s*\d[\d,]*(\.\d+)?$|^[-+]?\$?\s*\.\d+$")


def _number(value: Any) -> float | None:
    """A number, or a string that spells one (commas, a leading ``$``); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str) and _NUMERIC.match(value.strip()):
        return float(value.strip().replace(",", "").replace("$", "").replace(" ", ""))
    return None


def numbers_in(text: str) -> list[float]:
    """The numbers written in a text (``$105,472.05``, ``35.2%``, ``-3``), in order."""
    return [float(m.replace(",", "")) for m in re.findall(r"-?\d[\d,]*(?:\.\d+)?|-?\.\d+", text)]
