"""Days said relative to a today the request states, and flags whose description names both of their sides.
Requests written here for made-up tools.

Each test calls `plan_response` directly (milliseconds) and fails without the rule it names.
"""

from __future__ import annotations

from datetime import date

from helpers import function_tool as tool
from helpers import planned_call

TODAY = date(2026, 3, 12)

TIDES = tool(
    "tide_table",
    "Tide times for a harbour on a day.",
    {
        "harbour": {"type": "string", "description": "Harbour name."},
        "day": {"type": "string", "description": "The day, as YYYY-MM-DD."},
    },
    ("harbour", "day"),
)

BOATS = tool(
    "rent_boat",
    "Find boats to rent at a marina between two days.",
    {
        "marina": {"type": "string", "description": "Marina name."},
        "first_day": {"type": "string", "description": "First day of the rental, YYYY-MM-DD."},
        "last_day": {"type": "string", "description": "Last day of the rental, YYYY-MM-DD."},
    },
    ("marina", "first_day", "last_day"),
)

CABINS = tool(
    "find_cabins",
    "Find cabins to stay in.",
    {
        "region": {"type": "string", "description": "Region to search."},
        "pets_allowed": {
            "type": "boolean",
            "description": "Whether pets may stay. Select 'true' for pet cabins, 'false' for non-pet cabins.",
            "default": False,
        },
    },
    ("region",),
)


def call(text: str, *tools: dict) -> tuple[str, dict]:
    return planned_call(text, *tools, today=TODAY)


def test_a_month_and_day_of_next_year_count_from_the_stated_today() -> None:
    _, args = call("Tide times in Oban on May 9th of next year? Today is 2031.11.20", TIDES)
    assert args["day"] == "2032-05-09"


def test_a_weekday_of_next_week_falls_in_the_coming_calendar_week() -> None:
    _, args = call("Tide times in Oban for Thursday next week; today is 2031-11-17, a Monday.", TIDES)
    assert args["day"] == "2031-11-27"


def test_weekdays_count_from_the_weekday_the_user_says_today_is() -> None:
    # 2031-06-03 is a Tuesday on the calendar; the user calls it Sunday, and 'Friday' is counted from that.
    _, args = call("Tide times in Oban on the coming Friday? Today is Sunday June 3rd 2031.", TIDES)
    assert args["day"] == "2031-06-08"


def test_a_day_of_the_month_said_alone_is_in_the_current_month() -> None:
    _, args = call("Boats at Plockton marina from today until the 24th. Today is 2031.8.19", BOATS)
    assert (args["first_day"], args["last_day"]) == ("2031-08-19", "2031-08-24")


def test_a_today_written_in_isos_basic_form_anchors_tomorrow() -> None:
    _, args = call("Tide times in Oban for tomorrow, today is 20311130", TIDES)
    assert args["day"] == "2031-12-01"


def test_a_negated_word_in_a_description_naming_both_sides_still_negates() -> None:
    _, args = call("Find cabins in Glencoe; we want a non-pet cabin.", CABINS)
    assert args.get("pets_allowed") is False
    _, args = call("Find cabins in Glencoe that welcome pets.", CABINS)
    assert args["pets_allowed"] is True


def test_a_day_of_the_month_said_alone_is_in_the_month_and_year_the_request_names() -> None:
    _, args = call("Tide times in Oban on the 17th? It is August 2031 here.", TIDES)
    assert args["day"] == "2031-08-17"
