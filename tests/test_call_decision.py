"""The stand-in model's decision to call a tool or not (issue 19): the request's topic may come after some context,
in a later sentence or clause, or after the verb it is asked with; and a call needs values the request gives.

Each request is typed text for tools defined here, planned with `plan_response` directly (milliseconds).
"""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model.responder import FunctionCallPlan, MessagePlan, plan_response
from rtkit.realtime import protocol

STRING = {"type": "string"}
NUMBER = {"type": "number"}

FORECAST = tool(
    "get_forecast",
    "Weather forecast for a city.",
    {"city": {**STRING, "description": "The city, e.g. 'Lyon'."}},
    ("city",),
)
ALBUM = tool(
    "play_album",
    "Plays an album on the living-room speakers.",
    {"album": {**STRING, "description": "Title of the album."}, "artist": {**STRING, "description": "Who made it."}},
    ("album",),
)
FILM = tool(
    "stream_film",
    "Starts streaming a film on the TV.",
    {"title": {**STRING, "description": "Title of the film."}},
    ("title",),
)
SIGHTS = tool(
    "find_sights",
    "Sights and landmarks worth seeing in a town.",
    {"place": {**STRING, "description": "The town the sights are in, written 'Town, Country' like 'Porto, Portugal'."}},
    ("place",),
)
ADD = tool(
    "add_numbers",
    "Adds two numbers and returns their sum.",
    {"x": {**NUMBER, "description": "First number."}, "y": {**NUMBER, "description": "Second number."}},
    ("x", "y"),
)


def plan(text: str, *tools: dict) -> FunctionCallPlan | MessagePlan:
    return plan_response([protocol.user_text_item(text)], list(tools))


def test_the_question_after_a_sentence_of_context_is_the_topic() -> None:
    name, args = planned_call("We're having a picnic on Sunday with the kids. What's the forecast for Lyon?", FORECAST)
    assert (name, args) == ("get_forecast", {"city": "Lyon"})


def test_the_question_after_a_clause_of_context_is_the_topic() -> None:
    name, args = planned_call("I'm stuck in Lyon all weekend, can you give me the forecast?", FORECAST)
    assert (name, args) == ("get_forecast", {"city": "Lyon"})


def test_the_object_of_the_verb_a_wish_names_is_the_topic() -> None:
    name, args = planned_call("I'd love to hear the album 'Kind of Blue' by Miles Davis.", ALBUM)
    assert name == "play_album"
    assert args["album"] == "Kind of Blue"


def test_a_context_sentence_that_asks_nothing_does_not_pick_the_tool() -> None:
    """The second sentence only states things; the first asks about something the tool does not do."""
    assert isinstance(plan("Tell me a joke about cats. My city is Lyon.", FORECAST), MessagePlan)


def test_a_clause_of_only_a_verb_and_numbers_is_about_that_verb() -> None:
    """'multiply' is what is asked; a tool that adds does not fit it."""
    assert isinstance(plan("Could you tell me what I get if I multiply 6 and 7?", ADD), MessagePlan)


def test_a_request_word_is_not_a_title() -> None:
    """Nothing in 'I'm looking for a film' names which film: ask, do not stream one called 'looking'."""
    result = plan("I'm looking for a film.", FILM)
    assert isinstance(result, MessagePlan)
    assert "title" in result.text.lower()


def test_a_lower_case_common_word_is_not_a_city_where_names_are_capitalised() -> None:
    result = plan("Find me some sights to visit.", SIGHTS)
    assert isinstance(result, MessagePlan)
    assert "place" in result.text
    assert planned_call("Find me some sights to visit in Porto.", SIGHTS) == ("find_sights", {"place": "Porto"})


MOVIES = tool(
    "search_movies",
    "Lists movies by director or genre.",
    {"director": {**STRING, "description": "Who directed it."}, "genre": {**STRING, "description": "Its genre."}},
)
SHOWINGS = tool(
    "find_showings",
    "Cinema showings of films in a town.",
    {
        "location": {**STRING, "description": "The town of the cinema, as 'Town, Region' like 'Leeds, UK'."},
        "genre": {**STRING, "description": "Genre of the film."},
    },
    ("location",),
)


def test_a_singular_noun_in_ie_meets_its_plural() -> None:
    """'movie' and 'movies' are one word, as 'country' and 'countries' are."""
    name, args = planned_call("Can you suggest a movie directed by Ada Brook?", MOVIES)
    assert name == "search_movies"
    assert args["director"] == "Ada Brook"


def test_a_place_is_a_known_place_or_written_after_a_preposition_of_place() -> None:
    """'Dreamy' is a capitalised word, but nothing says it is a town: ask where."""
    result = plan("Could you find me showings of a Dreamy drama please?", SHOWINGS)
    assert isinstance(result, MessagePlan)
    assert "location" in result.text
    name, args = planned_call("Could you find me showings of a drama in Leeds please?", SHOWINGS)
    assert name == "find_showings"
    assert args["location"].startswith("Leeds")
