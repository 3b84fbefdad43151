"""BFCL's Java and JavaScript sets: how BFCL offers their functions and how it reads the values a model gives.

BFCL (`bfcl-eval` 2026.3.23) treats the sets whose name holds "java" or "javascript" apart from the Python ones:

- before inference (`bfcl_eval/utils.py`, the language-specific pre-processing of function docs) every function's
  description gains "Note that the provided function is in Java 8 SDK syntax." (or "... in JavaScript syntax."),
  and every parameter becomes a string: its description says it is a Java/JavaScript value of its type (or, for
  `any`, any Java/JavaScript object) in string representation; an array parameter's element type moves into the
  description (its `items` go), and so does a JavaScript `dict` parameter's `properties` schema, as JSON;
- the AST checker (`ast_checker.simple_function_checker` with its `language`) requires each value to be a string
  and converts it to the parameter's type before comparing it with the answers (`java_type_converter`,
  `js_type_converter`): "42" for a Java integer, "42L" for a long, "1.5f" for a float, "true" for a boolean,
  `new int[]{1, 2}` / `new ArrayList<>(Arrays.asList(1, 2))` / `new HashMap<>() {{ put("k", 1); }}` for Java
  collections, `[1, 'a']` and `{key: 'v'}` for JavaScript ones, "7n" for a BigInt. A string that does not read as
  the type stays the string it was (so `new Path(...)` for `any` is compared as text).

The rules below are written from BFCL's code, quirks included (a Java `String[]` keeps its elements' quotes; a Java
ArrayList written as `[1, 2]` is not read as a list). Pure functions.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from typing import Literal

Language = Literal["python", "java", "javascript"]
LANGUAGES: tuple[Language, ...] = ("python", "java", "javascript")

# BFCL type → the Python type a converted value must have (BFCL's JAVA_TYPE_CONVERSION / JS_TYPE_CONVERSION).
JAVA_TYPES: dict[str, type] = {
    "byte": int,
    "short": int,
    "integer": int,
    "float": float,
    "double": float,
    "long": int,
    "boolean": bool,
    "char": str,
    "Array": list,
    "ArrayList": list,
    "Set": set,
    "HashMap": dict,
    "Hashtable": dict,
    "Queue": list,
    "Stack": list,
    "String": str,
    "any": str,
}
JS_TYPES: dict[str, type] = {
    "String": str,
    "integer": int,
    "float": float,
    "Bigint": int,
    "Boolean": bool,
    "dict": dict,
    "array": list,
    "any": str,
}
ARRAY_TYPES = frozenset({"Array", "ArrayList", "array"})
"""Types whose elements are converted with the element type (`items.type`)."""

_HINTS = {
    "java": " Note that the provided function is in Java 8 SDK syntax.",
    "javascript": " Note that the provided function is in JavaScript syntax.",
}
_LANGUAGE_NAMES = {"java": "Java", "javascript": "JavaScript"}

_INT = re.compile(r"^-?\d+$")
_BOOLEAN = re.compile(r"^(true|false)\Z")
_JAVA_FLOAT = re.compile(r"^-?\d+(\.\d+)?([eE][+-]?\d+)?[fF]$")
_JAVA_DOUBLE = re.compile(r"^-?\d+(\.\d+)?([eE][+-]?\d+)?$")
_JAVA_LONG = re.compile(r"^-?\d+[lL]$")
_JAVA_ARRAY = re.compile(r"new\s+\w+\[\]\s*\{(.*?)\}")
_JAVA_AS_LIST = re.compile(r"new\s+ArrayList<\w*>\(Arrays\.asList\((.+?)\)\)")
_JAVA_ADDS = re.compile(r"new\s+ArrayList<\w*>\(\)\s*\{\{\s*(.+?)\s*\}\}", re.DOTALL)
_JAVA_ADD = re.compile(r"add\((.+?)\)")
_JAVA_EMPTY_LIST = re.compile(r"new\s+ArrayList<\w*>\(\)")
_JAVA_MAP = re.compile(r"new\s+HashMap<.*?>\s*\(\)\s*\{\s*\{?\s*(.*?)\s*\}?\s*\}", re.DOTALL)
_JAVA_PUT = re.compile(r"put\(\"(.*?)\",\s*(.*?)\)")
_JAVA_EMPTY_MAP = re.compile(r"new\s+HashMap<.*?>\s*\(\)")
_JS_FLOAT = re.compile(r"^-?\d+(\.\d+)?$")
_JS_BIGINT = re.compile(r"^-?\d+n$")
_JS_ARRAY_2D = re.compile(r"\[\s*\[.*?\]\s*(,\s*\[.*?\]\s*)*\]|\bnew\s+Array\(\s*\[.*?\]\s*(,\s*\[.*?\]\s*)*\)")
_JS_ARRAY = re.compile(r"\[(.*?)\]|\bnew\s+Array\((.*?)\)")
_JS_INNER = re.compile(r"\[(.*?)\]")
_JS_DICT = re.compile(r"\{(.*?)\}")
_JS_PAIR = re.compile(r"([^:]+):\s*(.*?)(?:,\s*(?=[^,]+:)|$)")


def language_of(name: str) -> Language:
    """The language of a BFCL set or case named `name` ('simple_java', 'BFCL_v4_simple_javascript.json',
    'simple_java_3'), as BFCL tells it: 'javascript' if the name holds it, else 'java' if it holds that, else
    'python'."""
    if "javascript" in name:
        return "javascript"
    return "java" if "java" in name else "python"


def language_types(language: Language) -> dict[str, type] | None:
    """The BFCL type → converted Python type table of a language; None for Python (no conversion)."""
    return {"java": JAVA_TYPES, "javascript": JS_TYPES}.get(language)


def offered_function(function: dict, language: Language) -> dict:
    """A BFCL function as BFCL offers it to a model for `language` (a copy): unchanged for Python; for Java and
    JavaScript the syntax note on the description and every parameter a string described as in the module doc."""
    function = copy.deepcopy(function)
    if language == "python":
        return function
    lang = _LANGUAGE_NAMES[language]
    function["description"] = str(function.get("description", "")) + _HINTS[language]
    parameters = function.get("parameters")
    properties = parameters.get("properties") if isinstance(parameters, dict) else None
    for prop in (properties or {}).values():
        if not isinstance(prop, dict):
            continue
        kind = str(prop.get("type", ""))
        text = str(prop.get("description", ""))
        if kind == "any":
            text += f" This parameter can be of any type of {lang} object in string representation."
        else:
            text += f" This is {lang} {kind} type parameter in string representation."
        array = ("ArrayList", "Array") if language == "java" else ("array",)
        if kind in array:
            items = prop.pop("items", None)
            item_type = items.get("type") if isinstance(items, dict) else None
            text += f" The list elements are of type {item_type}; they are not in string representation."
        if language == "javascript" and kind == "dict" and "properties" in prop:
            schema = json.dumps(prop.pop("properties"))
            text += (
                f" The dictionary entries have the following schema; they are not in string representation. {schema}"
            )
        prop["description"] = text
        prop["type"] = "string"
    return function


def convert_value(text: str, bfcl_type: str, language: Language, item_type: str | None = None) -> object:
    """A model's string value read as BFCL's checker reads it for a `bfcl_type` parameter of `language`
    (`item_type`: the element type of an array); the string itself when it does not read as that type.

    Raises KeyError for a type BFCL has no conversion for (BFCL fails there too)."""
    if language == "java":
        return _java(text, bfcl_type, item_type)
    if language == "javascript":
        return _js(text, bfcl_type, item_type)
    return text


_JAVA_SCALARS: dict[str, tuple[re.Pattern[str], Callable[[str], object]]] = {
    "byte": (_INT, int),
    "short": (_INT, int),
    "integer": (_INT, int),
    "float": (_JAVA_FLOAT, lambda text: float(_drop("fF", text))),
    "double": (_JAVA_DOUBLE, float),
    "long": (_JAVA_LONG, lambda text: int(_drop("lL", text))),
    "boolean": (_BOOLEAN, lambda text: text == "true"),
}
_JS_SCALARS: dict[str, tuple[re.Pattern[str], Callable[[str], object]]] = {
    "integer": (_INT, int),
    "float": (_JS_FLOAT, float),
    "Bigint": (_JS_BIGINT, lambda text: int(_drop("n", text))),
    "Boolean": (_BOOLEAN, lambda text: text == "true"),
}


# --- Java ------------------------------------------------------------------------------------------


def _java(text: str, kind: str, item_type: str | None = None) -> object:
    if kind not in JAVA_TYPES:
        raise KeyError(kind)
    if kind in _JAVA_SCALARS:
        return _scalar(text, *_JAVA_SCALARS[kind])
    if kind == "Array":
        return _java_array(text, item_type)
    if kind == "ArrayList":
        return _java_array_list(text, item_type)
    if kind == "HashMap":
        return _java_map(text)
    if kind in ("Set", "Hashtable", "Queue", "Stack"):
        raise KeyError(kind)  # BFCL has no conversion for these (it raises NotImplementedError)
    return text  # char, String, any: compared as the text given


def _java_untyped(text: str) -> object:
    """A Java literal with no declared type: boolean, "string", 12L, 1.5f, else a number, else the text."""
    if text in ("true", "false"):
        return text == "true"
    if text.startswith('"') and text.endswith('"'):
        return text[1:-1]
    if _JAVA_LONG.match(text):
        return int(_drop("lL", text))
    if _JAVA_FLOAT.match(text):
        return float(_drop("fF", text))
    return _number_or_text(text)


def _drop(suffix: str, text: str) -> str:
    """`text` without its one-letter type suffix (12L, 1.5f, 7n), which may stand before a final newline."""
    return re.sub(f"[{suffix}]$", "", text)


def _scalar(text: str, pattern: re.Pattern[str], read: Callable[[str], object]) -> object:
    """`text` read as a number or boolean when it has the literal's form, else the text itself."""
    return read(text) if pattern.match(text) else text


def _number_or_text(text: str) -> object:
    for number in (int, float):
        try:
            return number(text)
        except ValueError:
            pass
    return text


def _java_element(text: str, item_type: str | None) -> object:
    return _java(text, item_type) if item_type else _java_untyped(text)


def _java_array(text: str, item_type: str | None) -> object:
    match = _JAVA_ARRAY.search(text)
    if not match:
        return text
    return [_java_element(part.strip(), item_type) for part in match.group(1).split(",") if part.strip()]


def _java_array_list(text: str, item_type: str | None) -> object:
    as_list = _JAVA_AS_LIST.search(text)
    adds = _JAVA_ADDS.search(text) if not as_list else None
    if as_list:
        parts = [part.strip() for part in as_list.group(1).split(",")]
    elif adds:
        parts = [part.strip() for part in _JAVA_ADD.findall(adds.group(1))]
    elif _JAVA_EMPTY_LIST.search(text):
        return []
    else:
        return text
    if item_type in ("char", "String"):  # the quotes go, whatever they are
        return [part[1:-1] for part in parts]
    return [_java_element(part, item_type) for part in parts]


def _java_map(text: str) -> object:
    match = _JAVA_MAP.search(text)
    if match:
        return {key: _java_untyped(value.strip()) for key, value in _JAVA_PUT.findall(match.group(1))}
    return {} if _JAVA_EMPTY_MAP.search(text) else text


# --- JavaScript ------------------------------------------------------------------------------------


def _js(text: str, kind: str, item_type: str | None = None) -> object:
    if kind not in JS_TYPES:
        raise KeyError(kind)
    if kind == "String":
        quoted = text[:1] in ("'", '"') and text.endswith(text[:1])
        return text[1:-1] if quoted else text
    if kind in _JS_SCALARS:
        return _scalar(text, *_JS_SCALARS[kind])
    if kind == "array":
        try:
            return _js_array(text.strip(), item_type)
        except (KeyError, ValueError):  # an element type BFCL cannot convert: the whole value stays text
            return text.strip()
    if kind == "dict":
        return _js_dict(text.strip())
    return text  # any


def _js_untyped(text: str) -> object:
    """A JavaScript literal with no declared type: boolean, 'string' or "string", else a number, else the text."""
    text = text.strip()
    if text in ("true", "false"):
        return text == "true"
    if text[:1] in ("'", '"') and text.endswith(text[:1]):
        return text[1:-1]
    return _number_or_text(text)


def _js_array(code: str, item_type: str | None) -> object:
    matrix = _JS_ARRAY_2D.match(code)
    if matrix:
        rows = []
        for index, row in enumerate(_JS_INNER.findall(matrix.group(0))):
            row = row.strip()
            if index == 0 and row.startswith("["):
                row = row[1:]
            rows.append([_js_untyped(part.strip()) for part in row.split(",")])
        return rows
    match = _JS_ARRAY.match(code)
    if not match:
        return code
    inner = match.group(1) if match.group(1) is not None else match.group(2)
    inner = (inner or "").strip()
    parts = inner.split(",") if inner else []
    if item_type:
        return [_js(part.strip(), item_type) for part in parts]
    return [_js_untyped(part.strip()) for part in parts]


def _js_dict(code: str) -> object:
    if code == "{}":
        return {}
    match = _JS_DICT.match(code)
    if not match:
        return code
    out: dict[str, object] = {}
    for key, value in _JS_PAIR.findall(match.group(1)):
        key = key.strip().strip("'\"")
        value = value.strip()
        if value.startswith("[") and value.endswith("]"):
            out[key] = _js_array(value, None)
        elif value.startswith("{") and value.endswith("}"):
            out[key] = _js_dict(value)
        else:
            out[key] = _js_untyped(value.strip("'\""))
    return out
