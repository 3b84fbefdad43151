"""An item named by its place in a list ('the first chore'): the stand-in model, planned directly with made-up tools,
reads the ordinal as what a position parameter ('index') takes, not as a guess, and so prefers the tool taking the
position over one that would only guess the item's wording from leftover words."""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

BY_TEXT = tool(
    "chore_list.action",
    "Act on the chore list: add a chore, drop one or mark one done.",
    {
        "operation": {
            "type": "string",
            "enum": ["add", "drop", "done"],
            "description": "The operation on the chore list: 'add' a chore, 'drop' one, 'done' to mark one finished.",
        },
        "description": {"type": "string", "description": "What the chore says."},
    },
    ("operation", "description"),
)
BY_PLACE = tool(
    "choreIdx",
    "Drop or finish a chore by index.",
    {
        "operation": {
            "type": "string",
            "enum": ["drop", "done"],
            "description": "'drop' removes the chore, 'done' marks it finished.",
        },
        "index": {"type": "integer", "description": "The zero-based index of the chore in the list."},
    },
    ("operation", "index"),
)


def test_an_ordinal_item_goes_to_the_tool_taking_its_position() -> None:
    call = planned_call("Mark the first chore on my list as done.", BY_TEXT, BY_PLACE)
    assert call == ("choreIdx", {"operation": "done", "index": 0})


def test_an_item_given_by_its_wording_still_goes_to_the_tool_taking_text() -> None:
    call = planned_call("Add washing the car to my chore list.", BY_TEXT, BY_PLACE)
    assert call == ("chore_list.action", {"operation": "add", "description": "washing the car"})
