"""Compound nouns in requests and tool names: a gerund inside a compound noun ('a window washing crew') is part of
what the request asks about, and a service a tool works through ('play_deezer_track', 'on Deezer') makes no other
kind of the thing its name says. Made-up tools; plan_response is called directly."""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model.responder import MessagePlan, plan_response
from rtkit.local.model.topic import topic_words
from rtkit.realtime import protocol

_TEXT = {"type": "string", "description": "What to look for."}

_CREWS = tool(
    "find_crews",
    "Find crews for hire in a town, by the work they do.",
    {"town": {"type": "string", "description": "The town."}, "work": _TEXT},
    ["town"],
)
_WEATHER = tool("get_weather", "Current weather in a town.", {"town": {"type": "string", "description": "The town."}})


def test_a_gerund_between_nouns_stays_in_the_topic() -> None:
    assert topic_words("Find a window washing crew in Leeds") == ["window", "washing", "crew"]


def test_a_participle_after_a_plural_still_opens_a_modifier() -> None:
    assert topic_words("Find bakers selling rye bread") == ["bakers"]
    assert topic_words("Find a tailor mending in Leeds") == ["tailor"]


def test_a_request_naming_the_tool_thing_after_a_gerund_calls_it() -> None:
    name, args = planned_call("Please find a window washing crew in Leeds", _CREWS, _WEATHER)
    assert name == "find_crews"
    assert args["town"] == "Leeds"


_TRACKS = tool(
    "play_deezer_track",
    "Looks up a track on Deezer by its title and plays it.",
    {"title": {"type": "string", "description": "The track's title."}},
    ["title"],
)
_TIMER = tool("set_timer", "Start a countdown timer.", {"minutes": {"type": "integer", "description": "Minutes."}})


def test_a_service_in_a_tool_name_is_no_kind_of_the_thing() -> None:
    name, _ = planned_call("play moon river track", _TRACKS, _TIMER)
    assert name == "play_deezer_track"


def test_a_modifier_the_description_says_in_lower_case_still_makes_another_kind() -> None:
    boiling = tool(
        "get_boiling_point",
        "Gets the boiling point of a liquid at a given pressure.",
        {"liquid": {"type": "string", "description": "The liquid."}},
        ["liquid"],
    )
    plan = plan_response([protocol.user_text_item("What is the freezing point of ethanol?")], [boiling])
    assert isinstance(plan, MessagePlan)
