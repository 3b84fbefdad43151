"""Which of several candidate words a string or enum parameter takes: an enum value's everyday noun is no verb
('a play' is no 'they are playing'), words inside one value's whole mention name no other value, an exact clock
time beats a named time of day, and a renamed thing's new value is the one after 'to'.

Each request is typed text for a tool defined here, planned with `plan_response` (milliseconds per case).
"""

from __future__ import annotations

from datetime import date

from helpers import function_tool as tool
from helpers import planned_call

TODAY = date(2026, 3, 12)


def call(text: str, *tools: dict) -> tuple[str, dict]:
    return planned_call(text, *tools, today=TODAY)


SHOWS = tool(
    "find_shows",
    "Find live shows, concerts and plays in a town.",
    {
        "kind": {
            "type": "string",
            "description": "Kind of show: 'Music' for concerts, 'Theater' for plays.",
            "enum": ["Music", "Theater"],
        },
        "town": {"type": "string", "description": "The town, e.g. 'Austin, TX'."},
    },
    ("kind", "town"),
)


def test_an_enum_values_noun_is_no_verb_of_the_same_word() -> None:
    _, args = call("Find a concert in Austin, TX where the Blue Herons are playing their new songs", SHOWS)
    assert args["kind"] == "Music"
    _, args = call("Find a play in Austin, TX", SHOWS)
    assert args["kind"] == "Theater"


RECORDS = tool(
    "record_details",
    "Details of one entry of a person's record.",
    {
        "entry": {
            "type": "string",
            "description": "Which entry, such as a job or a degree.",
            "enum": ["Job at Lakeview College", "Degree at Lakeview College", "Job at Harbor Mill"],
        },
    },
    ("entry",),
)


def test_words_inside_one_values_whole_mention_name_no_other_value() -> None:
    _, args = call("Tell me about Mira's degree at Lakeview College.", RECORDS)
    assert args["entry"] == "Degree at Lakeview College"
    _, args = call("Tell me about Mira's job at Lakeview College.", RECORDS)
    assert args["entry"] == "Job at Lakeview College"


TABLE = tool(
    "book_table",
    "Book a restaurant table.",
    {
        "guests": {"type": "integer", "description": "Number of guests."},
        "time": {"type": "string", "description": "Time of the booking, 24-hour 'HH:MM'."},
    },
    ("guests", "time"),
)


def test_an_exact_clock_time_beats_a_named_time_of_day() -> None:
    _, args = call("Book a table for 4 for the noon sitting at 12:30.", TABLE)
    assert args["time"] == "12:30"
    _, args = call("Book a table for 4 at midnight.", TABLE)
    assert args["time"] == "00:00"


PLAYLIST = tool(
    "rename_playlist",
    "Give a playlist another name.",
    {
        "playlist_id": {"type": "string", "description": "The playlist's id."},
        "title": {"type": "string", "description": "The new title of the playlist."},
    },
    ("playlist_id", "title"),
)


def test_a_renamed_things_new_value_is_the_one_after_to() -> None:
    _, args = call("Change playlist 'Road Trip' to 'Summer Drive', the id is pl-88", PLAYLIST)
    assert args["title"] == "Summer Drive"
    _, args = call("Rename playlist Blue Hour to Golden Hour, id pl-12", PLAYLIST)
    assert args["title"] == "Golden Hour"
