"""Requests that ask for a tool's work in other words than its name: they get a call, not an acknowledgement.
Tools and requests are this file's own."""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model.responder import FunctionCallPlan, plan_response
from rtkit.local.model.topic import fits
from rtkit.realtime.protocol import user_text_item

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


GUIDE = tool(
    "loomcraft_help",
    "Explains how to use the features of the Loomcraft editor.",
    {"subject": {"type": "string", "description": "The feature to explain."}},
    ("subject",),
)  # fmt: skip
EXPORT = tool(
    "export_pattern",
    "Exports a weaving pattern to a file.",
    {"pattern": {"type": "string", "description": "The pattern's name."}},
    ("pattern",),
)  # fmt: skip


def test_a_bare_plea_for_help_fits_a_tool_named_for_help() -> None:
    text = "I keep getting lost in the export_pattern feature. Help me."
    assert fits(text, GUIDE)
    assert planned_call(text, GUIDE, EXPORT)[0] == "loomcraft_help"


def test_help_before_a_verb_is_not_a_plea_for_help_itself() -> None:
    assert not fits("Help me water the tomatoes on the balcony.", GUIDE)


SHOP = tool(
    "browse_catalogue",
    "Browses the shop's catalogue.",
    {"department": {"type": "string", "enum": ["garden", "clothing", "toys"], "description": "The department."},
     "colour": {"type": "string", "description": "The colour wanted."}},
    ("department",),
)  # fmt: skip
EATERIES = tool(
    "find_eatery",
    "Finds places to eat in a town.",
    {"town": {"type": "string", "description": "The town."},
     "cuisine": {"type": "string", "enum": ["Thai", "Italian", "Mexican"], "description": "The kind of food."}},
    ("town", "cuisine"),
)  # fmt: skip


def test_a_kind_of_garment_names_the_clothing_department() -> None:
    assert planned_call("Do you sell a green skirt?", SHOP) == ("browse_catalogue", {"department": "clothing",
                                                                                   "colour": "green"})  # fmt: skip


def test_pizza_and_pasta_name_italian_food() -> None:
    assert planned_call("Find a place in Ashford that does pizza.", EATERIES) == (
        "find_eatery", {"town": "Ashford", "cuisine": "Italian"})  # fmt: skip


INT = {"type": "integer"}
TAKE_AWAY = tool(
    "minus",
    "Subtracts the second integer from the first.",
    {"x": {**INT, "description": "The integer to subtract from."}, "y": {**INT, "description": "The integer taken."}},
    ("x", "y"),
)  # fmt: skip
PLUS = tool(
    "plus",
    "Adds two integers.",
    {"x": {**INT, "description": "The first integer."}, "y": {**INT, "description": "The second integer."}},
    ("x", "y"),
)  # fmt: skip


def test_parting_with_some_of_what_one_has_then_asking_what_is_left_subtracts() -> None:
    name, args = planned_call("We had 75 marbles and lost 18 in the park. How many do we have now?", PLUS, TAKE_AWAY)
    assert name == "minus"
    assert args == {"x": 75, "y": 18}


def test_parting_with_something_without_asking_what_is_left_asks_no_sum() -> None:
    plan = plan_response([user_text_item("I spent 20 on lunch. Where is the nearest bank?")], [PLUS, TAKE_AWAY])
    assert not isinstance(plan, FunctionCallPlan)


WEB = tool(
    "web_lookup",
    "Searches the internet for up-to-date facts.",
    {"q": {"type": "string", "description": "What to look up."}},
    ("q",),
)  # fmt: skip


def test_a_question_in_quotes_after_a_preamble_still_asks() -> None:
    text = 'You answer visitors at a museum desk; internet search is available to you.\n\n"who is the mayor of Lyon"'
    assert fits(text, WEB)
    name, args = planned_call(text, WEB, TIDE)
    assert name == "web_lookup"
    assert args == {"q": "who is the mayor of Lyon"}


FIND_CABIN = tool(
    "find_cabins",
    "Finds cabins to let.",
    {"where_to": {"type": "string", "description": "Where the cabin is, as City, State."}},
    ("where_to",),
)  # fmt: skip
EGG_TIMER = tool(
    "start_egg_timer",
    "Starts a kitchen timer.",
    {"duration": {"type": "string", "description": "How long the timer runs, in the format 'MM:SS'."}},
    ("duration",),
)  # fmt: skip


def test_a_verb_of_purpose_after_to_is_no_destination_when_a_place_follows_it() -> None:
    name, args = planned_call("Could you look up a cabin to lease near Boulder, CO?", FIND_CABIN, TIDE)
    assert name == "find_cabins"
    assert args == {"where_to": "Boulder, CO"}


def test_a_duration_said_in_words_is_written_as_the_clock_reading_the_description_asks() -> None:
    assert planned_call("Start the egg timer, I need it in a minute and a half", EGG_TIMER, TIDE) == (
        "start_egg_timer",
        {"duration": "01:30"},
    )
    assert planned_call("Start the egg timer for 4 minutes", EGG_TIMER, TIDE)[1] == {"duration": "04:00"}
