"""Pure conversion of MCP tools to Realtime function tools: schemas, names, specs."""

from __future__ import annotations

import json
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mcp.client.session_group import StreamableHttpParameters
from sdk_types import FUNCTION_TOOL, extras

from rtkit.mcp.schema import (
    KEPT_KEYWORDS,
    NAME_PATTERN,
    assign_names,
    canonical_arguments,
    function_tool,
    read_only,
    sanitize_name,
    to_realtime_parameters,
)
from rtkit.mcp.specs import parse_spec, parse_specs


def keywords(schema: object, found: set[str] | None = None) -> set[str]:
    """Every keyword used anywhere in a schema (property names are not keywords)."""
    found = set() if found is None else found
    if isinstance(schema, dict):
        for key, value in schema.items():
            found.add(key)
            if key in ("properties", "patternProperties"):
                for sub in value.values():
                    keywords(sub, found)
            else:
                keywords(value, found)
    elif isinstance(schema, list):
        for item in schema:
            keywords(item, found)
    return found


PYDANTIC_STYLE = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "create_orderArguments",
    "type": "object",
    "_meta": {"x": 1},
    "examples": [{"order": {}}],
    "properties": {
        "order": {"$ref": "#/$defs/Order", "description": "The order"},
        "node": {"allOf": [{"$ref": "#/$defs/Node"}], "description": "A tree"},
        "meta": {
            "type": "object",
            "title": "Meta",
            "x-vendor": True,
            "additionalProperties": {"type": "string"},
        },
    },
    "required": ["order", "ghost"],
    "$defs": {
        "Order": {
            "type": "object",
            "title": "Order",
            "properties": {
                "priority": {"enum": ["low", "high"], "type": "string", "examples": ["low"]},
                "ship_to": {"$ref": "#/$defs/Address"},
                "billing": {"anyOf": [{"$ref": "#/$defs/Address"}, {"type": "null"}], "default": None},
            },
            "required": ["ship_to"],
        },
        "Address": {"type": "object", "properties": {"city": {"type": "string", "meta": "drop me"}}},
        "Node": {
            "type": "object",
            "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}},
        },
    },
}


def test_refs_are_inlined_and_rejected_fields_dropped() -> None:
    out = to_realtime_parameters(PYDANTIC_STYLE)
    assert "$ref" not in json.dumps(out)
    assert keywords(out) <= KEPT_KEYWORDS
    assert "title" not in out and "$defs" not in out and "_meta" not in out
    order = out["properties"]["order"]
    assert order["description"] == "The order"  # sibling of $ref kept
    assert order["properties"]["ship_to"]["properties"]["city"] == {"type": "string"}
    assert order["properties"]["priority"]["enum"] == ["low", "high"]
    assert order["properties"]["billing"]["anyOf"][0]["properties"]["city"]["type"] == "string"
    # the property called "meta" is a field of the tool, not the vendor keyword: it stays
    assert out["properties"]["meta"] == {
        "type": "object",
        "title": "Meta",
        "additionalProperties": {"type": "string"},
    }
    assert out["required"] == ["order"]  # a required name without a property would be rejected


def test_recursive_reference_stops_at_one_level() -> None:
    node = to_realtime_parameters(PYDANTIC_STYLE)["properties"]["node"]
    assert "allOf" not in node  # single-element allOf flattened
    assert node["description"] == "A tree"
    inner = node["properties"]["children"]["items"]
    assert inner["type"] == "object" and "properties" not in inner and "recursive" in inner["description"]


def test_unresolvable_and_root_references_become_open_objects() -> None:
    out = to_realtime_parameters(
        {"type": "object", "properties": {"a": {"$ref": "#/$defs/Missing"}, "self": {"$ref": "#"}}}
    )
    assert out["properties"]["a"]["type"] == "object" and "Missing" in out["properties"]["a"]["description"]
    assert out["properties"]["self"]["type"] == "object"


@pytest.mark.parametrize("schema", [None, {}, {"type": "string"}, {"properties": {"x": {"type": "integer"}}}])
def test_top_level_is_always_an_object(schema: dict | None) -> None:
    out = to_realtime_parameters(schema)
    assert out["type"] == "object" and isinstance(out["properties"], dict)


def test_function_tool_validates_against_the_sdk_type() -> None:
    tool = {"name": "x", "title": "T", "description": None, "inputSchema": PYDANTIC_STYLE, "annotations": {}}
    out = function_tool("x", tool)
    assert set(out) == {"type", "name", "description", "parameters"}
    assert out["description"] == "T"  # falls back to the title
    doc = function_tool("y", {"description": "First line\n        second line.\n\n        Para.", "inputSchema": {}})
    assert doc["description"] == "First line\nsecond line.\n\nPara."
    model = FUNCTION_TOOL.validate_python(out)
    assert not extras(model) and model.type == "function"


def test_read_only_hints() -> None:
    assert read_only({"annotations": {"readOnlyHint": True}})
    assert read_only({"annotations": {"idempotentHint": True}})
    assert not read_only({"annotations": {"destructiveHint": True}})
    assert not read_only({})


def test_canonical_arguments_ignore_key_order() -> None:
    assert canonical_arguments({"b": 1, "a": [1, {"y": 2, "x": 1}]}) == canonical_arguments(
        {"a": [1, {"x": 1, "y": 2}], "b": 1}
    )
    assert canonical_arguments({"a": 1}) != canonical_arguments({"a": "1"})


def test_names_unique_across_servers() -> None:
    names = assign_names([("finance", "get_holdings"), ("broker", "get_holdings"), ("finance", "plan_budget")])
    assert names[("finance", "get_holdings")] == "finance__get_holdings"
    assert names[("broker", "get_holdings")] == "broker__get_holdings"
    assert names[("finance", "plan_budget")] == "plan_budget"


def test_names_invalid_characters_long_names_and_sanitised_clashes() -> None:
    long = "x" * 80
    names = assign_names([("s", "a.b"), ("s", "a b"), ("s", long), ("t", "ok")])
    assert all(NAME_PATTERN.match(n) for n in names.values())
    assert len(set(names.values())) == 4
    assert len(names[("s", long)]) == 64
    assert names[("t", "ok")] == "ok"
    assert names == assign_names([("s", "a.b"), ("s", "a b"), ("s", long), ("t", "ok")])  # deterministic


def test_prefix_collision_falls_back_to_hash() -> None:
    # "a__b" on one server collides with the prefixed name of "b" from server "a"
    names = assign_names([("a", "b"), ("c", "b"), ("d", "a__b"), ("e", "a__b")])
    assert len(set(names.values())) == 4
    assert all(NAME_PATTERN.match(n) for n in names.values())


@given(st.lists(st.tuples(st.sampled_from(["s1", "s2", "srv-3"]), st.text(min_size=1, max_size=90)), max_size=30))
def test_assigned_names_always_valid_and_unique(pairs: list[tuple[str, str]]) -> None:
    names = assign_names(pairs)
    assert len(names) == len(set(pairs))
    assert len(set(names.values())) == len(names)
    assert all(NAME_PATTERN.match(n) for n in names.values())


def test_sanitize_name() -> None:
    assert sanitize_name("lookup.user v2") == "lookup_user_v2"
    assert sanitize_name("") == "tool"


def test_parse_builtin_command_and_url_specs() -> None:
    fin = parse_spec("finance")
    assert fin.label == "finance" and fin.params.command == sys.executable
    assert fin.params.args == ["-m", "rtkit.servers.finance"]
    dev = parse_spec("devtools --root 'my src'")
    assert dev.params.args == ["-m", "rtkit.servers.devtools", "--root", "my src"]
    cmd = parse_spec("python tests/mcp_servers/ops_server.py --x")
    assert cmd.label == "ops_server" and cmd.params.command == "python" and cmd.transport == "stdio"
    assert parse_spec("python -m my.pkg.server").label == "server"
    assert parse_spec("/usr/local/bin/weather-mcp").label == "weather-mcp"
    url = parse_spec("http://127.0.0.1:8000/mcp")
    assert isinstance(url.params, StreamableHttpParameters) and url.transport == "http"
    assert url.name == "127.0.0.1:8000" and url.label == "127_0_0_1_8000"  # not "127"
    assert parse_spec("https://tools.example.com/mcp").name == "tools.example.com"
    assert parse_spec("http://[::1]:9000/mcp").name == "[::1]:9000"
    assert fin.name == "finance"


BAD_SPECS = [
    ("", "empty"),
    ("   ", "empty"),
    ("python 'open", "command line"),
    ("https:///nohost", "no host"),
]


@pytest.mark.parametrize(("spec", "words"), BAD_SPECS)
def test_bad_specs_are_named(spec: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        parse_spec(spec)


def test_duplicate_labels_made_unique() -> None:
    labels = [s.label for s in parse_specs(["finance", "finance --data /tmp/x", "finance"])]
    assert labels == ["finance", "finance_2", "finance_3"]
    with pytest.raises(TypeError):
        parse_specs("finance")  # type: ignore[arg-type]
