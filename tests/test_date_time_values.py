"""Days with their time of day, written in the format a parameter's description asks for ('YYYY-MM-DD HH:mm:ss',
ISO 8601 with or without 'Z'), the whole day a day said alone stands for, an end time read from a duration, and a
relative day restated later by a dated one. Requests written here for made-up tools.

Each test calls `plan_response` directly (milliseconds) and fails without the rule it names.
"""

from __future__ import annotations

from datetime import date

from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model.responder import FunctionCallPlan, plan_response
from rtkit.realtime.protocol import user_text_item

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


def test_a_span_of_times_on_one_day_ends_at_its_second_time_that_day() -> None:
    _, args = call("Tutors in Tromso free on 9/14/2027 between 13:30 and 15:45", TUTORS)
    assert args["free_from"] == "2027-09-14 13:30:00"
    assert args["free_until"] == "2027-09-14 15:45:00"
    _, args = call("Tutors in Tromso free on 9/14/2027 13:30 - 15:45", TUTORS)
    assert args["free_until"] == "2027-09-14 15:45:00"


ROOMS = tool(
    "free_rooms",
    "Find meeting rooms free for a period.",
    {
        "building": {"type": "string", "description": "The building's name."},
        "first_day": {"type": "string", "description": "First day of the period, 'YYYY-MM-DD'.", "default": None},
        "last_day": {"type": "string", "description": "Last day of the period, 'YYYY-MM-DD'.", "default": None},
    },
    ("building",),
)


def test_a_span_of_times_on_one_day_keeps_a_period_of_days_to_that_day() -> None:
    _, args = call("Find rooms in the Harbour building free on 5/2/2027 09:00 - 11:00", ROOMS)
    assert args["first_day"] == "2027-05-02"
    assert args["last_day"] == "2027-05-02"


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


def test_a_day_and_time_in_the_order_the_description_names_with_the_part_of_the_day_said_in_words() -> None:
    ferry = tool(
        "book_ferry",
        "Book a ferry crossing.",
        {
            "port": {"type": "string", "description": "Port of departure."},
            "sails_at": {"type": "string", "description": "Sailing time in the format 'dd/mm/yyyy HH:MM'."},
        },
        ("port", "sails_at"),
    )
    said = "Book a ferry from Dover on the 4th of May 2026 at 7 in the evening."
    assert call(said, ferry) == ("book_ferry", {"port": "Dover", "sails_at": "04/05/2026 19:00"})
    said = "Book a ferry from Dover on May 4, 2026 at half past nine in the morning."
    assert call(said, ferry)[1]["sails_at"] == "04/05/2026 09:30"


def _asks(text: str, *tools: dict) -> bool:
    return not isinstance(plan_response([user_text_item(text)], list(tools), today=TODAY), FunctionCallPlan)


def test_a_day_said_alone_for_a_moment_that_needs_its_time_is_asked_for_not_set_to_midnight() -> None:
    assert _asks("Move meeting 'kx9' to next Tuesday.", MEETINGS)
    _, args = call("Move meeting 'kx9' to next Tuesday at 10 am.", MEETINGS)
    assert args["when"] == "2026-03-17T10:00:00"


def test_a_plain_word_or_name_is_no_uuid_but_a_code_may_stand_for_one() -> None:
    badges = tool(
        "print_badge",
        "Print a visitor badge.",
        {"visitor": {"type": "string", "description": "The visitor's identifier, a UUID."}},
        ("visitor",),
    )
    assert _asks("Print a badge for Marisol", badges)
    assert call("Print a badge for visitor QX88", badges) == ("print_badge", {"visitor": "QX88"})
