"""Requests that ask for a tool's work in other words than its name: they get a call, not an acknowledgement.
Tools and requests are this file's own."""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model.topic import fits

NUMBER = {"type": "number"}

SINK_TIME = tool(
    "estimate_sinking_time",
    "Estimates how long until a leaking boat sinks.",
    {"leak_rate": {**NUMBER, "description": "Water coming in, in litres per minute."},
     "free_volume": {**NUMBER, "description": "Volume the hull can still take in, in litres."}},
    ("leak_rate", "free_volume"),
)  # fmt: skip
TIDE = tool(
    "tide_table",
    "Gives the tide times of a harbour.",
    {"harbour": {"type": "string", "description": "The harbour's name."}},
    ("harbour",),
)  # fmt: skip


def test_how_long_it_takes_to_do_something_asks_the_time_of_that_verb() -> None:
    text = "How long will it take my dinghy to sink, with a leak rate of 20 litres per minute and a free volume of 600?"
    assert fits(text, SINK_TIME)
    name, args = planned_call(text, SINK_TIME, TIDE)
    assert name == "estimate_sinking_time"
    assert args == {"leak_rate": 20, "free_volume": 600}


def test_how_long_it_takes_to_do_what_no_tool_names_fits_none() -> None:
    assert not fits("How long does it take to bake bread at home?", SINK_TIME)


KILN = tool(
    "kiln_control",
    "Sends one instruction to a connected appliance.",
    {"payload": {"type": "object", "description": "What to change.",
                 "properties": {"firingProgram": {"type": "string", "enum": ["BISQUE", "GLAZE", "RAKU"]},
                                "peakCelsius": {"type": "integer", "description": "Hottest point of the firing."}}}},
    ("payload",),
)  # fmt: skip


def test_what_a_nested_object_takes_says_what_the_tool_does() -> None:
    text = "My pots are dry now. Start a glaze firing with a peak of 1200 celsius."
    assert fits(text, KILN)
    name, args = planned_call(text, KILN, TIDE)
    assert name == "kiln_control"
    assert args["payload"]["firingProgram"] == "GLAZE"


def test_a_nested_object_does_not_make_the_tool_fit_other_topics() -> None:
    assert not fits("What are the opening hours of the pottery museum?", KILN)
