"""A venue said after 'at' and the town it is in said after 'in': the town goes to the parameter for the city,
the venue to the parameter for its name ('at Regal Harbor Point in Danville').

Each request is typed text for a tool defined here, planned with `plan_response` (milliseconds per case).
"""

from __future__ import annotations

import pytest
from helpers import function_tool as tool
from helpers import planned_call

SHOWS = tool(
    "list_showings",
    "List the films showing at cinemas.",
    {
        "location": {"type": "string", "description": "The city where the cinema is."},
        "cinema_name": {"type": "string", "description": "The name of the cinema. Any cinema if unspecified."},
    },
    ("location",),
)


@pytest.mark.parametrize(
    ("request_text", "town", "venue"),
    [
        ("Find films showing at Regal Harbor Point in Danville tonight", "Danville", "Regal Harbor Point"),
        ("List the films at Starlight Drive In in Milford", "Milford", "Starlight Drive In"),
    ],
)
def test_the_town_is_said_after_in_and_the_venue_after_at(request_text: str, town: str, venue: str) -> None:
    _, args = planned_call(request_text, SHOWS)
    assert args["location"] == town
    assert args.get("cinema_name") == venue


def test_a_place_said_only_after_at_is_still_the_town() -> None:
    _, args = planned_call("List the films showing at Riverton", SHOWS)
    assert args["location"] == "Riverton"


TOWN_FORM = tool(
    "find_shows",
    "Find films playing at cinemas near the user.",
    {
        "town": {"type": "string", "description": "The city the cinema is in, as 'City, State', e.g. 'Austin, TX'."},
        "cinema_name": {"type": "string", "description": "The name of the cinema."},
    },
    ("town",),
)


@pytest.mark.parametrize(
    ("request_text", "town", "venue"),
    [
        # The venue noun ends the venue's name; the town follows it with no 'in'.
        ("Which films are on at Orpheum theater Saratoga?", "Saratoga, CA", "Orpheum"),
        ("What's playing at Lumen Cinema Novato, CA tonight?", "Novato, CA", "Lumen Cinema"),
        ("Show me the films at the Bluebird multiplex Denver this weekend", "Denver, CO", "Bluebird"),
    ],
)
def test_a_town_said_right_after_the_venue_noun_is_the_town(request_text: str, town: str, venue: str) -> None:
    _, args = planned_call(request_text, TOWN_FORM)
    assert args["town"] == town
    assert args.get("cinema_name") == venue
