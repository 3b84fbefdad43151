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


MOVE = tool(
    "move_meeting",
    "Move a calendar meeting to another time.",
    {
        "meeting_ref": {"type": "string", "description": "A unique identifier of the meeting to move."},
        "when": {"type": "string", "description": "The new time, ISO-8601 (YYYY-MM-DDTHH:MM:SS), no offset."},
        "zone": {
            "type": "string",
            "description": "The Olson time zone of the new time.",
            "enum": ["Europe/Berlin", "America/Los_Angeles", "America/Chicago", "UTC"],
            "default": "UTC",
        },
    },
    ("meeting_ref", "when"),
)


def test_the_word_after_the_label_id_is_the_identifier_and_a_zone_abbreviation_its_zone() -> None:
    _, args = call("Move the meeting with id standup to June 3, 2026 at 9am PST please", MOVE)
    assert args["meeting_ref"] == "standup"
    assert args["zone"] == "America/Los_Angeles"
    assert args["when"] == "2026-06-03T09:00:00"


NEWS = tool(
    "news_search",
    "Search news articles.",
    {
        "keyword": {"type": "string", "description": "The key term to look for in news articles."},
        "period": {"type": "string", "description": "Dates to cover, formatted as 'YYYY-MM-DD to YYYY-MM-DD'."},
    },
    ("keyword",),
)


def test_a_search_terms_typing_slip_is_undone_and_a_date_pair_written_as_its_format() -> None:
    _, args = call("News about 'quanttum computing' from 2026.2.1 to 2026.2.9", NEWS)
    assert args["keyword"] == "quantum computing"
    assert args["period"] == "2026-02-01 to 2026-02-09"


CACHE = tool(
    "add_cache_server",
    "Add a RedisStack cache server.",
    {
        "nickname": {"type": "string", "description": "A short name for the server."},
        "host": {"type": "string", "description": "The host name or address of the server."},
        "keyspace": {
            "type": "string",
            "description": "The name of the default keyspace to use. The standard default is 'redis'.",
            "default": "redis",
        },
        "password": {"type": "string", "description": "The password to log in with."},
    },
    ("nickname", "host", "password"),
)


def test_an_example_inside_a_longer_capitalised_name_is_not_named() -> None:
    _, args = call(
        "Set up our new RedisStack server with the nickname 'Cache1'. The host is 'rc.example.io'. "
        "The keyspace name will be 'sessions', and the password 'pw123'.",
        CACHE,
    )
    assert args["keyspace"] == "sessions"


def test_a_quoted_value_after_its_label_is_the_value_even_when_it_is_the_parameters_name() -> None:
    _, args = call(
        "Add a new RedisStack server with the nickname 'Edge', host 'edge.example.io', and the keyspace called "
        "'carts'. The password is 'password'.",
        CACHE,
    )
    assert args["password"] == "password"


CAB = tool(
    "order_cab",
    "Order a cab ride to an address.",
    {
        "address": {"type": "string", "description": "Where to go."},
        "kind": {"type": "string", "description": "The kind of ride.", "enum": ["Pool", "Regular", "Luxury"]},
    },
    ("address",),
)


def test_everyday_words_name_a_ride_kind() -> None:
    _, args = call("Order a cab, a shared one, to 12 Elm Road please", CAB)
    assert args["kind"] == "Pool"
    _, args = call("Order me a premium cab ride to 12 Elm Road", CAB)
    assert args["kind"] == "Luxury"
