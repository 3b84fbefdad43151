"""Values that are not free strings, on requests written here for made-up tools: optional parameters the request
says nothing about, flags read from the request's words (including flags a schema spells as 'True' / 'False'
strings), enums chosen by the request's words, and numbers given to the parameter they are named with.

Each test calls `plan_response` directly (milliseconds) and fails without the rule it names.
"""

from __future__ import annotations

from datetime import date

from helpers import function_tool as tool
from helpers import planned_call

TODAY = date(2026, 3, 12)


def call(text: str, *tools: dict) -> tuple[str, dict]:
    return planned_call(text, *tools, today=TODAY)


CABIN_SEARCH = tool(
    "find_cabins",
    "Search holiday cabins for rent in a region.",
    {
        "region": {"type": "string", "description": "The region to search in, e.g. 'Lapland'."},
        "max_results": {"type": "integer", "description": "How many cabins to list.", "default": 20},
        "sauna": {
            "type": "string",
            "description": "Whether the cabin must have a sauna.",
            "enum": ["True", "False", "dontcare"],
            "default": "dontcare",
        },
        "pets_allowed": {"type": "boolean", "description": "Whether pets may stay in the cabin.", "default": False},
        "sort": {"type": "string", "enum": ["price", "rating"], "default": "price"},
    },
    ("region",),
)


def test_optional_parameters_the_request_does_not_give_are_left_out() -> None:
    assert call("Find me cabins in Lapland.", CABIN_SEARCH) == ("find_cabins", {"region": "Lapland"})
