"""Quoted values that belong by their neighbours: a number in quotes with its unit written after the closing quote
is a quantity, and a path parameter inside a nested object takes the quote no top-level parameter took."""

from __future__ import annotations

import json

from rtkit.local.model.responder import FunctionCallPlan, plan_response


def _user(text: str) -> list[dict]:
    return [{"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}]


def _arguments(text: str, name: str, parameters: dict) -> dict:
    tool = {"type": "function", "name": name, "description": f"{name}.", "parameters": parameters}
    plan = plan_response(_user(text), [tool])
    assert isinstance(plan, FunctionCallPlan)
    return json.loads(plan.arguments)


def test_a_quoted_number_followed_by_its_unit_is_a_quantity() -> None:
    parameters = {
        "type": "object",
        "properties": {
            "host": {"type": "string", "description": "The machine to ping."},
            "wait": {"type": "integer", "description": "How many seconds to wait for an answer."},
        },
        "required": ["host"],
    }
    arguments = _arguments("Ping the machine 'relay-7.example.org', waiting '45' seconds for it.", "ping", parameters)
    assert arguments == {"host": "relay-7.example.org", "wait": 45}


def test_a_nested_path_takes_the_quote_the_top_level_address_left() -> None:
    parameters = {
        "type": "object",
        "properties": {
            "source": {"type": "string", "description": "The address of the archive to mirror."},
            "context": {
                "type": "object",
                "description": "Where the mirror runs.",
                "properties": {"workingFolder": {"type": "string", "description": "The folder the copy runs in."}},
                "required": ["workingFolder"],
            },
        },
        "required": ["source", "context"],
    }
    arguments = _arguments(
        "Mirror the archive at 'https://files.example.net/pack' working in the folder '/srv/mirror/pack'.",
        "mirrorArchive",
        parameters,
    )
    assert arguments == {"source": "https://files.example.net/pack", "context": {"workingFolder": "/srv/mirror/pack"}}
