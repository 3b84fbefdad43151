"""A quoted title of several words ('the film 'Blue Harbour Nights'') is what a search looks for, never the value
of an identifier parameter, which is one word ('kitchen-2', 'ABC123')."""

from __future__ import annotations

from helpers import function_tool as tool
from helpers import planned_call

RADIO = tool(
    "radio_search_and_play",
    "Searches the radio archive for a programme and plays it.",
    {
        "query": {"type": "string", "description": "What to search the archive for."},
        "speaker_id": {"type": "string", "description": "The speaker to play on.", "default": "null"},
        "shuffle": {"type": "boolean", "description": "Whether to shuffle.", "default": False},
    },
    ("query",),
)


def test_a_quoted_title_is_the_query_and_no_identifier() -> None:
    name, args = planned_call("Could you search for the programme 'Blue Harbour Nights'?", RADIO)
    assert name == "radio_search_and_play"
    assert args["query"] == "Blue Harbour Nights"
    assert "speaker_id" not in args


def test_a_bare_quoted_title_loses_its_quotes() -> None:
    _, args = planned_call("Please search for 'Morning Tide Stories'", RADIO)
    assert args["query"] == "Morning Tide Stories"
    assert "speaker_id" not in args


def test_a_quoted_one_word_code_still_names_the_speaker() -> None:
    _, args = planned_call("Search for 'Blue Harbour Nights' on speaker 'kitchen-2'", RADIO)
    assert args["query"] == "Blue Harbour Nights"
    assert args["speaker_id"] == "kitchen-2"
