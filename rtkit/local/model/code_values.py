"""Values a schema takes as code text: a string parameter whose description says it holds a number or a boolean
of a programming language written as a string ('This is a Java long in string representation', 'a JavaScript
Boolean, as a string').

Such a parameter is filled as the number or boolean it declares (so '20 items per page' fills it as a count would
be filled), then written back as that language writes the literal: `42`, `42L` for a Java long, `1.5f` for a Java
float, `7n` for a JavaScript BigInt, `true` / `false`. Pure functions.
"""

from __future__ import annotations

import copy
import re

# 'Java long ... string representation', 'JavaScript Boolean ... in string form'.
_DECLARED_RE = re.compile(
    r"\b(Java|JavaScript)\s+(byte|short|int|integer|long|float|double|boolean|Boolean|Bigint|BigInt)\b"
    r"[^.]*\bstring\s+(?:representation|form)\b"
)
_JSON_TYPES = {
    "byte": "integer",
    "short": "integer",
    "int": "integer",
    "integer": "integer",
    "long": "integer",
    "bigint": "integer",
    "float": "number",
    "double": "number",
    "boolean": "boolean",
}


def declared_types(parameters: object) -> dict[str, tuple[str, str]]:
    """Parameter name → (language, literal type, lower case) for the string parameters that declare one."""
    props = parameters.get("properties") if isinstance(parameters, dict) else None
    if not isinstance(props, dict):
        return {}
    out = {}
    for name, schema in props.items():
        if not isinstance(schema, dict) or schema.get("type") != "string" or "enum" in schema:
            continue
        match = _DECLARED_RE.search(str(schema.get("description", "")))
        if match:
            out[name] = (match.group(1).lower(), match.group(2).lower())
    return out


def typed_schema(parameters: dict, declared: dict[str, tuple[str, str]]) -> dict:
    """A copy of `parameters` whose `declared` properties take the JSON type of their literal."""
    schema = copy.deepcopy(parameters)
    for name, (_, kind) in declared.items():
        schema["properties"][name]["type"] = _JSON_TYPES[kind]
    return schema


def as_written(value: object, language: str, kind: str) -> object:
    """`value` written as `language` writes a `kind` literal; anything not of that kind as it was."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if (
        isinstance(value, float)
        and kind in ("byte", "short", "int", "integer", "long", "bigint")
        and value.is_integer()
    ):
        value = int(value)
    if isinstance(value, int):
        if kind in ("float", "double"):
            text = f"{float(value)}"
        else:
            text = str(value)
    elif isinstance(value, float):
        text = repr(value)
    else:
        return value
    if language == "java" and kind == "long":
        return text + "L"
    if language == "java" and kind == "float":
        return text + "f"
    if language == "javascript" and kind == "bigint":
        return text + "n"
    return text
