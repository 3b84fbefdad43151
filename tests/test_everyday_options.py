"""Options said in everyday words: a shared ride is the pooled kind, a flat with a washing machine has laundry. The
stand-in model, planned directly with made-up tools, picks the listed option and sets the flag."""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

SHUTTLE = tool(
    "book_shuttle",
    "Book an airport shuttle.",
    {
        "terminal": {"type": "string", "description": "The airport terminal to go to."},
        "shuttle_kind": {"type": "string", "enum": ["Private", "Pool"], "description": "The kind of shuttle."},
    },
    ("terminal",),
)
FLATS = tool(
    "find_flat",
    "Find a flat to rent.",
    {
        "city": {"type": "string", "description": "The city the flat is in."},
        "has_laundry": {"type": "boolean", "description": "Whether the flat has laundry facilities."},
    },
    ("city",),
)


def test_a_shared_ride_is_the_pooled_option() -> None:
    name, arguments = planned_call("Book me a shared shuttle to the north terminal.", SHUTTLE)
    assert name == "book_shuttle" and arguments["shuttle_kind"] == "Pool"


def test_a_private_ride_is_still_the_private_option() -> None:
    name, arguments = planned_call("Book me a private shuttle to the north terminal.", SHUTTLE)
    assert name == "book_shuttle" and arguments["shuttle_kind"] == "Private"


def test_a_washing_machine_means_laundry() -> None:
    call = planned_call("Find a flat in Leeds with a washing machine.", FLATS)
    assert call == ("find_flat", {"city": "Leeds", "has_laundry": True})
