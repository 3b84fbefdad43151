"""A question whether such things exist ('Are there any bakeries in X?') asks a tool that finds them (issue 19),
even when the kind of thing is named only in a parameter's description, so the request shares little of the tool's
wording; not when the request leaves a required value unstated.

Each request is typed text for tools defined here, planned with `plan_response` directly (milliseconds).
"""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model.responder import MessagePlan, plan_response
from rtkit.realtime import protocol

STRING = {"type": "string"}
FIND_TAILOR = tool(
    "Stitch_1_FindMaker",
    "Search for a dressmaker within a given town, optionally one who alters wedding wear.",
    {
        "town": {**STRING, "description": "The town where the tailor shop is, as 'Town, ST' (e.g. 'Ely, MN')."},
        "weddings": {"type": "boolean", "description": "Whether the shop alters wedding wear.", "default": False},
    },
    ("town",),
)
BOOK_FITTING = tool(
    "Stitch_1_BookFitting",
    "Books a fitting with a named dressmaker or tailor shop on a given date and time.",
    {
        "maker": {**STRING, "description": "The dressmaker or tailor shop to book with."},
        "when": {**STRING, "description": "The date and time of the fitting, 'YYYY-MM-DD HH:MM'."},
    },
    ("maker", "when"),
)


def test_asking_whether_there_are_any_finds_them() -> None:
    name, args = planned_call("Are there any dressmakers in Fallon, NV?", FIND_TAILOR, BOOK_FITTING)
    assert name == "Stitch_1_FindMaker"
    assert args["town"] == "Fallon, NV"


def test_asking_whether_there_is_one_without_the_place_calls_nothing() -> None:
    item = protocol.user_text_item("Is there a dressmaker worth trying?")
    plan = plan_response([item], [FIND_TAILOR, BOOK_FITTING])
    assert isinstance(plan, MessagePlan)
