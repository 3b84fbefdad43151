"""Words that say which parameter a value is for, never a value themselves: the noun of a role ('blue as her
favourite colour'), a parameter's name written as such ('The order_id is ...'), and words naming another
parameter ('my printer' beside a 'printer_id') left over for an optional string.

Each request is typed text for a tool defined here, planned with `plan_response` (milliseconds per case).
"""

from __future__ import annotations

from datetime import date

from helpers import function_tool as tool
from helpers import planned_call

TODAY = date(2026, 3, 12)
STRING = {"type": "string"}


def call(text: str, *tools: dict) -> tuple[str, dict]:
    return planned_call(text, *tools, today=TODAY)


def test_the_value_before_as_their_role_noun() -> None:
    member = tool(
        "look_up_member",
        "Look up a club member's record.",
        {
            "member_id": {"type": "integer", "description": "The member's number."},
            "favourite": {**STRING, "description": "Anything the member prefers that the search should consider."},
        },
        ("member_id",),
    )
    name, args = call("Look up member 4417, who gave teal as their favourite pick.", member)
    assert name == "look_up_member"
    assert args == {"member_id": 4417, "favourite": "teal"}


def test_a_parameter_name_written_as_such_is_no_value() -> None:
    player = tool(
        "stream_episode",
        "Stream a podcast episode.",
        {
            "episode_id": {**STRING, "description": "The unique identifier of the episode."},
            "speaker_id": {**STRING, "description": "The speaker to play it on; the phone if unset.", "default": None},
        },
        ("episode_id",),
    )
    name, args = call("Stream the newest one. The episode_id is ep_88_weekly.", player)
    assert name == "stream_episode"
    assert args == {"episode_id": "ep_88_weekly"}


def test_a_word_naming_another_parameter_is_no_optional_value() -> None:
    printers = tool(
        "list_print_jobs",
        "List the print jobs of a printer.",
        {
            "printerId": {**STRING, "description": "The identifier of the printer."},
            "filterField": {
                **STRING,
                "description": "The field to filter jobs by. Possible values are 'Printer', 'Owner' or 'Status'.",
                "default": None,
            },
        },
        ("printerId",),
    )
    name, args = call("Could you list the jobs for my printer with ID 'P-204'?", printers)
    assert name == "list_print_jobs"
    assert args == {"printerId": "P-204"}


def test_what_a_message_says_goes_to_the_message() -> None:
    pager = tool(
        "page_staff",
        "Page a member of staff.",
        {
            "pager_message": {**STRING, "description": "The message shown on the pager."},
            "fallback_name": {**STRING, "description": "Who to page if nobody answers.", "default": "front desk"},
        },
        ("pager_message",),
    )
    name, args = call("Page the night nurse with a message saying 'Room 12 needs fresh towels'.", pager)
    assert name == "page_staff"
    assert args == {"pager_message": "Room 12 needs fresh towels"}


def test_the_value_said_as_the_role_a_parameter_names() -> None:
    tides = tool(
        "tide_times",
        "Tide times for a coastal town.",
        {"town": {**STRING, "description": "The town to look up, e.g. 'Whitby'."}},
        ("town",),
    )
    name, args = call("Get me tide times, we sail past Cape Wrath. Use Ullapool as the nearest town.", tides)
    assert name == "tide_times"
    assert args == {"town": "Ullapool"}


def test_a_label_said_for_a_named_thing_is_its_whole_name() -> None:
    timers = tool(
        "start_timer",
        "Start a kitchen timer.",
        {
            "minutes": {"type": "integer", "description": "How long the timer runs, in minutes."},
            "timer_name": {**STRING, "description": "The name shown for the timer.", "default": "Timer"},
        },
        ("minutes",),
    )
    name, args = call("Start a timer for 12 minutes with the label Take the bread out", timers)
    assert name == "start_timer"
    assert args == {"minutes": 12, "timer_name": "Take the bread out"}


def test_a_lower_case_name_with_its_part_said_after_it() -> None:
    shows = tool(
        "find_shows",
        "Find theatre shows.",
        {
            "directed_by": {**STRING, "description": "The director of the show.", "default": "any"},
            "cast": {**STRING, "description": "The main actor of the show.", "default": "any"},
        },
    )
    name, args = call("find me a show directed by greta lindqvist and tomas berg starring in it", shows)
    assert name == "find_shows"
    assert args == {"directed_by": "Greta Lindqvist", "cast": "Tomas Berg"}
