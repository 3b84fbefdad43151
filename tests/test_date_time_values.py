"""Days with their time of day, written in the format a parameter's description asks for ('YYYY-MM-DD HH:mm:ss',
ISO 8601 with or without 'Z'), the whole day a day said alone stands for, an end time read from a duration, and a
relative day restated later by a dated one. Requests written here for made-up tools.

Each test calls `plan_response` directly (milliseconds) and fails without the rule it names.
"""

from __future__ import annotations

from datetime import date

from helpers import function_tool as tool
from helpers import planned_call

TODAY = date(2026, 3, 12)


def call(text: str, *tools: dict) -> tuple[str, dict]:
    return planned_call(text, *tools, today=TODAY)


TUTORS = tool(
    "find_tutors",
    "Find tutors free to teach in a town.",
    {
        "town": {"type": "string", "description": "Town name."},
        "free_from": {
            "type": "string",
            "description": "Start of the time the tutor is free, in the format 'YYYY-MM-DD HH:mm:ss'.",
            "default": None,
        },
        "free_until": {
            "type": "string",
            "description": "End of the time the tutor is free, in the format 'YYYY-MM-DD HH:mm:ss'.",
            "default": None,
        },
        "min_lessons": {"type": "integer", "description": "Fewest lessons the tutor has given.", "default": None},
    },
    ("town",),
)


def test_a_day_and_time_are_written_together_in_the_described_format() -> None:
    _, args = call("Find tutors in Tromso free on June 4, 2027 at 5:15 p.m.", TUTORS)
    assert args["free_from"] == "2027-06-04 17:15:00"
    assert "free_until" not in args  # a start time alone says no end


def test_a_day_said_alone_is_the_whole_day() -> None:
    _, args = call("Find tutors in Tromso free on the 8th of October, 2027.", TUTORS)
    assert args["free_from"] == "2027-10-08 00:00:00"
    assert args["free_until"] == "2027-10-08 23:59:59"


def test_a_duration_after_the_start_time_sets_the_end_and_is_no_count() -> None:
    _, args = call("Tutors in Tromso, 9/14/2027 at 9.30 a.m. for 3 hours", TUTORS)
    assert args["free_from"] == "2027-09-14 09:30:00"
    assert args["free_until"] == "2027-09-14 12:30:00"
    assert "min_lessons" not in args


MEETINGS = tool(
    "move_meeting",
    "Move a meeting to another day and time.",
    {
        "meeting": {"type": "string", "description": "The meeting's code."},
        "when": {
            "type": "string",
            "description": "The new day and time in ISO-8601 format, such as '2024-01-30T08:00:00Z'.",
        },
    },
    ("meeting", "when"),
)


def test_an_iso_date_time_ends_in_z_only_when_the_request_says_utc() -> None:
    _, args = call("Move meeting 'kx9' to May 3, 2027 at 2:40 pm UTC.", MEETINGS)
    assert args["when"] == "2027-05-03T14:40:00Z"
    _, args = call("Move meeting 'kx9' to May 3, 2027 at 2:40 pm.", MEETINGS)
    assert args["when"] == "2027-05-03T14:40:00"


WAKE = tool(
    "set_wakeup",
    "Set a wake-up call.",
    {
        "at": {
            "type": "string",
            "description": "Clock time as 'HH:MM'; a day may be given too, as 'YYYY-MM-DD HH:MM:SS'.",
        },
    },
    ("at",),
)


def test_a_time_parameter_takes_the_day_too_when_its_format_allows_and_the_request_gives_one() -> None:
    assert call("Set a wake-up call for 6:45 am.", WAKE) == ("set_wakeup", {"at": "06:45"})
    assert call("Set a wake-up call on 2027-02-11 at 6:45 am.", WAKE) == ("set_wakeup", {"at": "2027-02-11 06:45:00"})


FERRY = tool(
    "find_ferry",
    "Find ferry crossings.",
    {
        "port": {"type": "string", "description": "Port of departure."},
        "sail_date": {"type": "string", "description": "Day of sailing, YYYY-MM-DD."},
    },
    ("port", "sail_date"),
)


def test_a_relative_day_restated_later_by_a_dated_one_gives_way_to_it() -> None:
    _, args = call("I sail next Friday from Bergen. The sailing day is 2027-08-20.", FERRY)
    assert args["sail_date"] == "2027-08-20"
    _, args = call("Ferries from Bergen on Tuesday next week, 2027.8.24?", FERRY)
    assert args["sail_date"] == "2027-08-24"
    _, args = call("Ferries from Bergen from tomorrow until 2027-08-24.", FERRY)
    assert args["sail_date"] == "2026-03-13"  # a range keeps its first day


def test_today_is_left_out_of_a_date_whose_description_makes_today_its_default() -> None:
    shows = tool(
        "list_shows",
        "List the shows on in a town.",
        {
            "town": {"type": "string", "description": "Town name."},
            "day": {"type": "string", "description": "Day of the shows, 'YYYY-MM-DD'. Defaults to the current date."},
        },
        ("town",),
    )
    assert call("What shows are on today in Leeds?", shows) == ("list_shows", {"town": "Leeds"})
    assert call("What shows are on tomorrow in Leeds?", shows) == ("list_shows", {"town": "Leeds", "day": "2026-03-13"})
