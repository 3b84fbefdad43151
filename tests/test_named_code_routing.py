"""A code the request gives right after its name ('the item ID BX-77') is for a tool that takes that code.

A search by category and colour scores far more of the request's words ('the green lamp ... homeware'), but has no
place for the code the request names: it would drop the very thing the request is about. A tool taking the code by
that name is chosen, however far behind on words; with no code named the search keeps the request.
Tools and requests are this file's own; planned with `plan_response` directly.
"""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

STRING = {"type": "string"}
CATALOGUE_SEARCH = tool(
    "catalogue_search",
    "Searches the shop's catalogue for goods by category, colour and finish.",
    {
        "category": {**STRING, "enum": ["homeware", "garden", "lighting"], "description": "The goods' category."},
        "colour": {**STRING, "description": "The colour wanted, e.g. 'green' or 'grey'."},
        "finish": {**STRING, "description": "The surface finish, e.g. 'matt' or 'gloss'."},
    },
    ("category",),
)
ITEM_INFO = tool(
    "item_info",
    "Gives the details of one item of the shop.",
    {
        "item_id": {**STRING, "description": "The item's unique identifier."},
        "colour": {**STRING, "description": "The colour variant, e.g. 'Green'."},
    },
    ("item_id",),
)
TOOLS = [CATALOGUE_SEARCH, ITEM_INFO]


def test_a_code_named_by_its_parameter_goes_to_the_tool_taking_it() -> None:
    name, arguments = planned_call("Is the green matt lighting lamp, item ID BX77, still in the catalogue?", *TOOLS)
    assert name == "item_info"
    assert arguments["item_id"] == "BX77"


def test_with_no_code_named_the_search_keeps_the_request() -> None:
    name, _ = planned_call("Search the catalogue for a green matt lighting lamp.", *TOOLS)
    assert name == "catalogue_search"
