"""Pure conversion of MCP tools into Realtime (GA) function tools.

The Realtime endpoint takes ``{"type": "function", "name", "description", "parameters"}`` where
``parameters`` is a plain JSON Schema object. MCP servers publish richer schemas: ``$ref``/``$defs``
(pydantic models), ``$schema``, ``title``, ``examples`` and vendor fields such as ``meta``/``_meta`` that the
endpoint rejects. This module inlines references (a recursive reference becomes an open object), keeps only
standard JSON-Schema keywords, forces an object at the top, and gives every tool a name matching
``^[a-zA-Z0-9_-]{1,64}$`` that is unique across servers.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

NAME_PATTERN = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
MAX_NAME = 64
_BAD_NAME_CHARS = re.compile(r"[^a-zA-Z0-9_-]")

# Keywords that hold one sub-schema, a list of sub-schemas, or a map of name → sub-schema.
_SCHEMA_KEYS = {"items", "additionalProperties", "not", "contains", "propertyNames", "additionalItems"}
_SCHEMA_LIST_KEYS = {"anyOf", "oneOf", "allOf", "prefixItems"}
_SCHEMA_MAP_KEYS = {"properties", "patternProperties"}
# Value keywords kept as they are.
_VALUE_KEYS = {
    "type",
    "description",
    "title",
    "enum",
    "const",
    "default",
    "required",
    "format",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "nullable",
}
KEPT_KEYWORDS = frozenset(_VALUE_KEYS | _SCHEMA_KEYS | _SCHEMA_LIST_KEYS | _SCHEMA_MAP_KEYS)
"""Every JSON-Schema keyword that survives conversion; anything else (``$schema``, ``$id``, ``examples``,
``meta``, ``_meta``, ``annotations``, ``outputSchema``, ``$defs`` once inlined, ``x-`` keys) is dropped."""

_RECURSIVE_NOTE = "(recursive structure, same shape as its parent)"


def to_realtime_parameters(schema: Mapping[str, Any] | None) -> dict[str, Any]:
    """An MCP ``inputSchema`` as Realtime ``parameters``: an object, refs inlined, standard keywords only."""
    root = dict(schema) if isinstance(schema, Mapping) else {}  # a broken server's non-object: no parameters
    defs: dict[str, Any] = {"#": root}
    for key in ("definitions", "$defs"):
        if isinstance(root.get(key), Mapping):
            defs.update({f"#/{key}/{name}": sub for name, sub in root[key].items()})
    out = _clean(root, defs, ("#",))
    out.pop("title", None)
    if out.get("type") != "object":
        # The endpoint wants an object at the top; MCP requires one too, so anything else is a broken server.
        out = {
            "type": "object",
            "properties": out.get("properties", {}),
            **_pick(out, ("required", "description")),
        }
    out.setdefault("properties", {})
    if isinstance(out.get("required"), list):
        out["required"] = [r for r in out["required"] if r in out["properties"]]
        if not out["required"]:
            del out["required"]
    return out


def _pick(d: Mapping[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    return {k: d[k] for k in keys if k in d}


def _clean(node: Any, defs: Mapping[str, Any], stack: tuple[str, ...]) -> Any:
    """One sub-schema, references inlined (``stack`` holds the refs being expanded, to stop recursion)."""
    if isinstance(node, bool):
        return node
    if not isinstance(node, Mapping):
        return {}
    ref = node.get("$ref")
    if isinstance(ref, str):
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        if ref in stack or ref not in defs:
            # Unresolvable or recursive: an open object keeps the schema valid and the call possible.
            note = _RECURSIVE_NOTE if ref in stack else f"(unresolved reference {ref})"
            target: dict[str, Any] = {"type": "object", "description": note}
        else:
            target = _clean(defs[ref], defs, (*stack, ref))
        merged = {**target, **_clean(siblings, defs, stack)}
        return merged
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _SCHEMA_MAP_KEYS and isinstance(value, Mapping):
            out[key] = {name: _clean(sub, defs, stack) for name, sub in value.items()}
        elif key in _SCHEMA_LIST_KEYS and isinstance(value, list):
            out[key] = [_clean(sub, defs, stack) for sub in value]
        elif key in _SCHEMA_KEYS:
            out[key] = (
                [_clean(s, defs, stack) for s in value] if isinstance(value, list) else _clean(value, defs, stack)
            )
        elif key in _VALUE_KEYS:
            out[key] = value
    # pydantic wraps a described reference as allOf: [one schema]; flatten it so the model sees the fields.
    all_of = out.get("allOf")
    if isinstance(all_of, list) and len(all_of) == 1 and isinstance(all_of[0], dict):
        del out["allOf"]
        out = {**all_of[0], **out}
    return out


def read_only(tool: Any) -> bool:
    """Whether an MCP tool is safe to cache: ``readOnlyHint`` or ``idempotentHint`` in its annotations."""
    ann = tool.get("annotations") if isinstance(tool, Mapping) else getattr(tool, "annotations", None)
    if ann is None:
        return False
    if isinstance(ann, Mapping):
        return bool(ann.get("readOnlyHint") or ann.get("idempotentHint"))
    return bool(getattr(ann, "read_only_hint", None) or getattr(ann, "idempotent_hint", None))


def function_tool(name: str, tool: Any) -> dict[str, Any]:
    """A GA Realtime function tool for an MCP tool (``mcp.types.Tool`` or JSON dict) offered as ``name``."""
    if isinstance(tool, Mapping):
        description, title, schema = tool.get("description"), tool.get("title"), tool.get("inputSchema")
    else:
        description, title, schema = tool.description, getattr(tool, "title", None), tool.input_schema
    # docstrings arrive with their source indentation; cleandoc keeps paragraphs and drops the indent
    text = inspect.cleandoc(description or title or "") or f"Tool {name}."
    return {
        "type": "function",
        "name": name,
        "description": text,
        "parameters": to_realtime_parameters(schema),
    }


def sanitize_name(name: str) -> str:
    """Replace characters the endpoint does not allow in a function name with ``_``."""
    return _BAD_NAME_CHARS.sub("_", name) or "tool"


def _hashed(text: str, key: str) -> str:
    suffix = hashlib.sha1(key.encode()).hexdigest()[:8]
    return f"{text[: MAX_NAME - 9]}_{suffix}"


def assign_names(tools: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Unique valid function names for ``(server_label, tool_name)`` pairs, in order.

    A tool keeps its own name (sanitised) when no other server offers the same one; colliding names become
    ``<server>__<tool>``; a name still too long or still clashing gets an 8-hex sha1 suffix of the pair.
    The result is deterministic, so the same servers always give the same names.
    """
    pairs = list(dict.fromkeys(tools))
    counts = Counter(sanitize_name(tool) for _, tool in pairs)
    first: dict[tuple[str, str], str] = {}
    for server, tool in pairs:
        base = sanitize_name(tool)
        first[(server, tool)] = base if counts[base] == 1 else sanitize_name(f"{server}__{tool}")
    clash = Counter(first.values())
    names: dict[tuple[str, str], str] = {}
    used: set[str] = set()
    for pair, name in first.items():
        if len(name) > MAX_NAME or clash[name] > 1 or name in used:
            name = _hashed(name, "\x00".join(pair))
        names[pair] = name
        used.add(name)
    return names


def canonical_arguments(arguments: Mapping[str, Any]) -> str:
    """A stable text for arguments (sorted keys, no spaces), used as the cache key."""
    return json.dumps(arguments, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
