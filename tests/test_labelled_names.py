"""The stand-in model's routing by a quoted name (issue 19): a name written as code whose words are a tool's name
words names that tool; a single letter or digit after them only labels one of its kind ('markerB' is a marker). A
request saying two words of a tool's name with a kind of thing its description gives as an example fits it too.

Each request is typed text for tools defined here, planned with `plan_response` directly (milliseconds).
"""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model.responder import MessagePlan, plan_response
from rtkit.realtime import protocol

NUMBER = {"type": "number"}

MARKER = tool(
    "place_marker",
    "Puts a map marker at a spot on the grid.",
    {
        "east": {**NUMBER, "description": "How far east on the grid."},
        "north": {**NUMBER, "description": "How far north on the grid."},
        "marker_name": {"type": "string", "description": "The name of the marker."},
    },
    ("east", "north", "marker_name"),
)
LAYER = tool(
    "rename_layer",
    "Gives a map layer a new title.",
    {"layer_name": {"type": "string", "description": "The layer's current name."}},
    ("layer_name",),
)


def test_a_name_with_a_one_letter_label_names_one_of_its_kind() -> None:
    assert planned_call("Shift 'markerQ' over to 7, 9", MARKER, LAYER) == (
        "place_marker",
        {"east": 7, "north": 9, "marker_name": "markerQ"},
    )


def test_a_labelled_name_of_another_kind_names_no_tool() -> None:
    reply = plan_response([protocol.user_text_item("Shift 'pinQ' over to 7, 9")], [MARKER])
    assert isinstance(reply, MessagePlan)


GAUGES = tool(
    "fetch_gauge_samples_newest",
    "Returns the newest value of each quantity from every gauge on the boiler.",
    {
        "page_size": {"type": "integer", "description": "How many values to return, from 1 to 50."},
        "kinds": {
            "type": "array",
            "items": {"type": "string"},
            "description": "The kinds of value to return, such as 'pressure', 'flow', etc.",
        },
    },
    ("page_size",),
)


def test_a_listed_kind_of_the_things_a_tool_is_named_for_fits_it() -> None:
    """'the pressure max entries ... samples of all gauges' says two of the tool's name words and a kind it lists."""
    name, args = planned_call("Bring up the pressure max entries 20 samples of all gauges", GAUGES)
    assert name == "fetch_gauge_samples_newest"
    assert args["page_size"] == 20


def test_the_tool_name_words_alone_do_not_fit_it() -> None:
    request = "Bring up the voltage max entries 20 samples of all gauges"
    reply = plan_response([protocol.user_text_item(request)], [GAUGES])
    assert isinstance(reply, MessagePlan)
