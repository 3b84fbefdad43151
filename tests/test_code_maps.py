"""Maps written as code text: a string parameter declaring a JavaScript dict or a Java HashMap (the rule-based
stand-in fills its entries from the request and writes them as that language writes a map)."""

from __future__ import annotations

import json

from rtkit.local.model.responder import FunctionCallPlan, plan_response


def _user(text: str) -> list[dict]:
    return [{"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}]


def _tool(name: str, properties: dict[str, dict], required: list[str]) -> dict:
    return {
        "type": "function",
        "name": name,
        "description": f"{name}. Note that the provided function is in JavaScript syntax.",
        "parameters": {"type": "object", "properties": properties, "required": required},
    }


def _map(language: str, kind: str, description: str, entries: dict | None = None) -> dict:
    text = f"{description} This is {language} {kind} type parameter in string representation."
    if entries is not None:
        text += (
            " The dictionary entries have the following schema; they are not in string representation. "
            + json.dumps(entries)
        )
    return {"type": "string", "description": text}


def _arguments(text: str, tool: dict) -> dict:
    plan = plan_response(_user(text), [tool])
    assert isinstance(plan, FunctionCallPlan)
    return json.loads(plan.arguments)


def test_a_javascript_dict_whose_entries_are_described_is_filled_entry_by_entry() -> None:
    tool = _tool(
        "openSocket",
        {
            "host": {"type": "string", "description": "The host name. This is JavaScript String type parameter."},
            "settings": _map(
                "JavaScript",
                "dict",
                "Connection settings.",
                {
                    "protocol": {"type": "String", "description": "The wire protocol spoken."},
                    "region": {"type": "String", "description": "The data centre region."},
                },
            ),
        },
        ["host", "settings"],
    )
    arguments = _arguments(
        "Help me open a socket to host 'relay.example.org' speaking the protocol 'mqtt' in the region 'eu-north'?",
        tool,
    )
    assert arguments == {"host": "relay.example.org", "settings": "{protocol: 'mqtt', region: 'eu-north'}"}


def test_a_map_the_request_writes_out_is_written_in_the_tools_language() -> None:
    tool = _tool(
        "sendRequest",
        {
            "url": {"type": "string", "description": "The address to call."},
            "headers": _map("JavaScript", "dict", "Headers sent with the request."),
        },
        ["url", "headers"],
    )
    arguments = _arguments(
        "Help me call 'https://svc.example.com/ping' with headers '{\"Accept\": \"text/plain\"}'.", tool
    )
    assert arguments == {"url": "https://svc.example.com/ping", "headers": "{Accept: 'text/plain'}"}


def test_a_java_map_the_request_writes_out_is_built_with_puts() -> None:
    tool = _tool("Cache_load", {"entries": _map("Java", "HashMap", "Entries to load.")}, ["entries"])
    arguments = _arguments("Help me load the cache with {'colour': 'teal', 'size': 4}.", tool)
    assert arguments == {"entries": 'new HashMap<String, Object>() {{ put("colour", "teal"); put("size", 4); }}'}


def test_a_map_the_request_names_by_its_variable_is_passed_as_that_variable() -> None:
    tool = _tool(
        "Settings_apply",
        {"overrides": _map("Java", "HashMap", "The overrides to apply."), "strict": {"type": "string",
         "description": "Whether unknown keys fail. This is Java boolean type parameter in string representation."}},
        ["overrides", "strict"],
    )  # fmt: skip
    arguments = _arguments("Help me apply the overrides map `userOverrides` strictly.", tool)
    assert arguments["overrides"] == "userOverrides"


def test_a_map_entry_said_as_a_key_with_a_value_fills_the_map() -> None:
    tool = _tool(
        "Index_open",
        {
            "name": {"type": "string", "description": "The index name. This is Java String type parameter."},
            "labels": _map("Java", "HashMap", "The labels attached to the index."),
        },
        ["name", "labels"],
    )
    arguments = _arguments(
        "Help me open the index 'orders-2031' with labels holding the key 'tier' and value 'cold'.", tool
    )
    assert arguments == {"name": "orders-2031", "labels": 'new HashMap<String, Object>() {{ put("tier", "cold"); }}'}


def test_map_entries_listed_as_named_values_are_keyed_as_code_names_fields() -> None:
    tool = _tool(
        "Report_render",
        {
            "title": {"type": "string", "description": "The report's title. This is JavaScript String type parameter."},
            "options": _map("JavaScript", "dict", "Rendering options for the report."),
        },
        ["title", "options"],
    )
    arguments = _arguments(
        "Render the report 'Q3 churn' where the rendering options include a page width of '80' and a colour scheme "
        "set to 'mono'.",
        tool,
    )
    assert arguments == {"title": "Q3 churn", "options": "{pageWidth: 80, colourScheme: 'mono'}"}
