"""A well-known city typed with one slip ('Sacremento', 'Pheonix', 'Seatle') is that city: the stand-in model
writes its usual name, qualified as the schema asks, while real towns and short words stay as written."""

from __future__ import annotations

from datetime import date

from helpers import function_tool as tool
from helpers import planned_call

from rtkit.local.model import places

TODAY = date(2026, 3, 12)

FORECAST = tool(
    "forecast_rain",
    "Chance of rain in a city over the next days.",
    {"city": {"type": "string", "description": "Name of the city."}},
    ("city",),
)
PARKS = tool(
    "find_parks",
    "Parks and gardens to visit in a town.",
    {"town": {"type": "string", "description": "The town, written as 'City, State' such as 'Austin, TX'."}},
    ("town",),
)


def test_a_doubled_letter_in_a_city_is_the_city() -> None:
    name, args = planned_call("Will it rain in Bostton this week?", FORECAST, today=TODAY)
    assert (name, args) == ("forecast_rain", {"city": "Boston"})


def test_a_left_out_letter_is_the_city_with_its_state() -> None:
    name, args = planned_call("Any nice parks to walk in around Sacramnto?", PARKS, today=TODAY)
    assert (name, args) == ("find_parks", {"town": "Sacramento, CA"})


def test_a_wrong_letter_is_the_city_with_its_state() -> None:
    name, args = planned_call("Show me parks in Seattla please", PARKS, today=TODAY)
    assert (name, args) == ("find_parks", {"town": "Seattle, WA"})


def test_known_towns_and_short_names_stay_as_written() -> None:
    assert places.respelled("Novato") is None  # a real town of the second table
    assert places.respelled("Rome") is None  # too short to read a slip into
    assert places.respelled("Zzqxwv") is None
