"""The stand-in model's routing by a kind of thing (issue 19): a request may name one kind of what a tool is for
('a plumber' for a tool finding service providers, 'an apartment' for a tool searching homes).

Each request is typed text for tools defined here, planned with `plan_response` directly (milliseconds).
"""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model.responder import MessagePlan, plan_response
from rtkit.realtime import protocol

STRING = {"type": "string"}

HELPERS = tool(
    "list_service_providers",
    "Lists the service providers working in a town.",
    {"town": {**STRING, "description": "The town they work in, like 'Leeds'."}},
)
HOMES = tool(
    "homes_search",
    "Search homes for sale or to let.",
    {"town": {**STRING, "description": "The town of the home, like 'Leeds'."}},
    ("town",),
)


def test_a_trade_names_a_kind_of_service_provider() -> None:
    assert planned_call("I'm looking for a plumber in Leeds.", HELPERS) == (
        "list_service_providers",
        {"town": "Leeds"},
    )


def test_a_house_or_an_apartment_is_a_kind_of_home() -> None:
    assert planned_call("I'm looking for an apartment to rent in Leeds.", HOMES) == ("homes_search", {"town": "Leeds"})
    assert planned_call("Find me a house in Leeds.", HOMES) == ("homes_search", {"town": "Leeds"})


def test_a_kind_of_one_thing_does_not_fit_a_tool_for_another() -> None:
    reply = plan_response([protocol.user_text_item("I'm looking for a plumber in Leeds.")], [HOMES])
    assert isinstance(reply, MessagePlan)


PROFILE = tool(
    "show_provider_profile",
    "Shows the profile of one service provider.",
    {"provider_id": {"type": "integer", "description": "The provider's ID, like 310."}},
    ("provider_id",),
)


def test_the_profile_of_a_trade_is_a_providers_profile() -> None:
    """'plumber profile' is no other kind of profile than 'provider_profile': a plumber is a provider."""
    name, args = planned_call("Show me the plumber profile ID 4411", PROFILE, HELPERS)
    assert name == "show_provider_profile"
    assert args == {"provider_id": 4411}


SHOWS = tool(
    "Cinema_2_SearchFilms",
    "Searches films by genre and by the town they screen in.",
    {
        "genre": {**STRING, "description": "Genre, like 'comedy'."},
        "town": {**STRING, "description": "Town of the cinema, like 'Leeds'."},
    },
)
OUTINGS = tool(
    "Outings_1_ListEvents",
    "Lists cultural events such as gigs and plays in a town.",
    {"town": {**STRING, "description": "The town, like 'Leeds'."}},
    ("town",),
)


def test_something_to_watch_is_a_film() -> None:
    name, _ = planned_call("I'm restless tonight and looking for something to watch in Leeds.", SHOWS, OUTINGS)
    assert name == "Cinema_2_SearchFilms"


def test_something_to_do_is_an_event() -> None:
    assert planned_call("Find something fun for us to do in Leeds.", SHOWS, OUTINGS) == (
        "Outings_1_ListEvents",
        {"town": "Leeds"},
    )
    assert planned_call("We want to do something on Saturday in Leeds.", OUTINGS)[0] == "Outings_1_ListEvents"


def test_something_to_do_is_no_film() -> None:
    reply = plan_response([protocol.user_text_item("Is there anything to do in Leeds?")], [SHOWS])
    assert isinstance(reply, MessagePlan)
