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


DEVICES = tool(
    "HomeHub_control",
    "Controls a home appliance: switches it on or off and sets its mode.",
    {"order": {**STRING, "description": "What to do, like 'on' or 'off'."}},
    ("order",),
)
SHOP = tool(
    "catalogue_search",
    "Searches the shop's products by colour and size.",
    {"colour": {**STRING, "description": "Colour, like 'blue'."}, "size": {**STRING, "description": "Size, like 'M'."}},
)
WEATHER = tool(
    "weather_now",
    "Current weather for a city.",
    {"city": {**STRING, "description": "The city, like 'Leeds'."}},
    ("city",),
)
CALENDAR = tool(
    "calendar_lookup",
    "Looks up calendar events by words of their title.",
    {"words": {**STRING, "description": "Words of the title."}},
    ("words",),
)


def test_a_machine_in_the_home_is_an_appliance() -> None:
    assert planned_call("Please turn off the washing machine.", DEVICES, SHOP)[0] == "HomeHub_control"
    assert planned_call("Switch the air conditioner on.", DEVICES, SHOP)[0] == "HomeHub_control"


def test_a_thing_one_wears_is_a_product() -> None:
    assert planned_call("Do you have any blue sandals?", SHOP, DEVICES) == ("catalogue_search", {"colour": "blue"})
    assert planned_call("Are there green skirts in size M?", SHOP, DEVICES)[0] == "catalogue_search"


def test_a_thing_one_wears_is_no_product_to_search_after_another_verb() -> None:
    reply = plan_response([protocol.user_text_item("Should I wear a green skirt today?")], [SHOP])
    assert isinstance(reply, MessagePlan)


def test_a_session_is_an_event_whatever_it_is_of() -> None:
    assert planned_call("When is my yoga session?", CALENDAR, SHOP)[0] == "calendar_lookup"


def test_a_kind_said_with_a_qualifier_that_changes_it_stays_apart() -> None:
    reply = plan_response([protocol.user_text_item("What is the sales forecast for March?")], [WEATHER])
    assert isinstance(reply, MessagePlan)


FOOD_FACTS = tool(
    "food_facts",
    "Gives the nutrition facts of a food.",
    {"food": {**STRING, "description": "The food, like 'porridge'."}},
    ("food",),
)


def test_a_dish_is_a_kind_of_food() -> None:
    assert planned_call("Tell me about a burrito.", FOOD_FACTS)[0] == "food_facts"
    assert planned_call("Could you look into cheeseburgers for me?", FOOD_FACTS)[0] == "food_facts"


TUTORS = tool(
    "getDataForTutor",
    "Retrieves the tutors teaching in a town.",
    {"town": {**STRING, "description": "The town they teach in, like 'Leeds'."}},
    ("town",),
)


def test_a_preposition_in_a_tool_name_makes_no_kind_of_the_noun_after_it() -> None:
    # 'data_for_tutor' is no kind of tutor that 'chemistry tutors' would be another kind of
    assert planned_call("find chemistry tutors in Leeds", TUTORS) == ("getDataForTutor", {"town": "Leeds"})


FILMS = tool(
    "films_showing",
    "Lists the films showing at cinemas in a town.",
    {
        "town": {**STRING, "description": "The town of the cinema, like 'Leeds'."},
        "genre": {**STRING, "description": "The kind of film.", "enum": ["Drama", "Comedy", "Horror"]},
    },
    ("town",),
)


def test_what_one_wants_to_watch_is_a_film_whatever_its_genre() -> None:
    """'to watch a slasher' names only a kind the tool does not list; what one watches is a film, so a tool listing
    films serves it."""
    request = "I want to watch a slasher at a cinema in Leeds tonight."
    assert planned_call(request, FILMS) == ("films_showing", {"town": "Leeds"})
    reply = plan_response([protocol.user_text_item(request)], [HOMES])
    assert isinstance(reply, MessagePlan)
